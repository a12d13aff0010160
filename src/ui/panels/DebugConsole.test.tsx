import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { MachineConfigInput, Op } from '../../model';
import { scenarioBySlug } from '../../scenarios';
import { App } from '../App';
import { createDmavizStore } from '../store/store';

afterEach(cleanup);

function open(slug: string, cursor: number) {
  const g = scenarioBySlug(slug);
  if (!g) throw new Error(slug);
  const store = createDmavizStore();
  store
    .getState()
    .loadSession(
      g.scenario.machine as MachineConfigInput,
      g.scenario.steps as readonly Op[],
      g.title,
      cursor,
    );
  store.getState().jumpTo(cursor);
  render(<App store={store} />);
  return { store, log: screen.getByRole('region', { name: /Kernel log/ }) };
}

describe('the kernel log', () => {
  it('shows only the messages printed up to the position on show, marking the current step’s lines', () => {
    const { log } = open('dma-debug-mistakes', 7);
    const lines = within(log).getAllByRole('button');
    expect(lines.map((b) => b.getAttribute('aria-label')?.slice(0, 32))).toEqual([
      'Step 3: DMA-API: nic nic0: devic',
      'Step 7: DMA-API: nic nic0: devic',
    ]);
    expect(lines[0]?.getAttribute('aria-current')).toBeNull();
    expect(lines[1]?.getAttribute('aria-current')).toBe('step');
    expect(lines[1]?.textContent).toMatch(/▶ \[step 7\].*different direction/);
    expect(log.textContent).not.toMatch(/failed to check map error|pending DMA allocations/);
    expect(log.textContent).toMatch(/2 later messages \(after step 7\) not shown yet/);
  });

  it('shows every message at the end of the session', () => {
    const { log } = open('dma-debug-mistakes', 12);
    expect(within(log).getAllByRole('button')).toHaveLength(4);
    expect(log.textContent).not.toMatch(/later message/);
  });
});
