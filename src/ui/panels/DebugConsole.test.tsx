import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
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
  const log = screen.getByRole('region', { name: /Kernel log/ });
  const lines = () =>
    within(within(log).getByRole('list', { name: 'Kernel messages' })).getAllByRole('button');
  return { store, log, lines };
}

describe('the kernel log', () => {
  it('shows only the messages printed up to the position on show, marking the current step’s lines', () => {
    const { log, lines: all } = open('dma-debug-mistakes', 7);
    const lines = all();
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
    const { log, lines } = open('dma-debug-mistakes', 12);
    expect(lines()).toHaveLength(4);
    expect(log.textContent).not.toMatch(/later message/);
  });

  it('expands and shrinks with one toggle button, keeping its lines', () => {
    const { log, lines } = open('dma-debug-mistakes', 12);
    const expand = within(log).getByRole('button', { name: 'Expand' });
    expect(expand.getAttribute('aria-pressed')).toBe('false');
    fireEvent.click(expand);
    expect(expand.getAttribute('aria-pressed')).toBe('true');
    expect(log.classList.contains('expanded')).toBe(true);
    expect(lines()).toHaveLength(4);
    fireEvent.click(expand);
    expect(expand.getAttribute('aria-pressed')).toBe('false');
    expect(log.classList.contains('expanded')).toBe(false);
  });
});
