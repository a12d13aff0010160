import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { MachineConfigInput, Op } from '../../model';
import { scenarioBySlug } from '../../scenarios';
import { App } from '../App';
import { createDmavizStore } from '../store/store';

afterEach(cleanup);

/** The app with a guided scenario loaded and the cursor after step `cursor`. */
function open(slug: string, cursor: number) {
  const g = scenarioBySlug(slug);
  if (!g) throw new Error(slug);
  const store = createDmavizStore();
  const r = store
    .getState()
    .loadSession(
      g.scenario.machine as MachineConfigInput,
      g.scenario.steps as readonly Op[],
      g.title,
      cursor,
    );
  if (!r.ok) throw new Error(r.problems.join('; '));
  store.getState().jumpTo(cursor);
  render(<App store={store} />);
  return { store, result: screen.getByRole('region', { name: 'Result' }) };
}

describe('the step result', () => {
  it('shows a mapping’s DMA segments as a table of hex addresses, not [object Object]', () => {
    const { result } = open('streaming-noncoherent', 3);
    expect(result.textContent).not.toContain('[object Object]');
    const table = within(result).getByRole('table', { name: 'dmaSegments' });
    expect(within(table).getByRole('columnheader', { name: 'dma' })).toBeTruthy();
    expect(within(table).getByText('0x00000000bec00000')).toBeTruthy();
  });

  it('shows an sg_table of 887 entries as a count, the first rows and an expander', () => {
    const { result } = open('iommu-stitching', 5);
    expect(result.textContent).not.toContain('[object Object]');
    expect(within(result).getByText('887 entries')).toBeTruthy();
    const first = within(result).getByRole('table', { name: 'entries, first 4' });
    expect(within(first).getAllByRole('row')).toHaveLength(5);
    expect(within(result).getByText('Show all 887 entries')).toBeTruthy();
  });

  it('says a stale device read is stale, naming the sync it missed, in the result and on its chip', () => {
    const { result } = open('streaming-noncoherent', 18);
    expect(result.textContent).toMatch(
      /Stale: the device read a value that differs from the last one written \(32 of 32 cache lines\)/,
    );
    expect(result.textContent).toMatch(/dma_sync_single_for_device\(\)/);
    const chip = screen.getByRole('button', { name: 'Step 18: device_read, ok, stale read' });
    expect(chip.textContent).toContain('⚠ stale');
    expect(chip.getAttribute('aria-current')).toBe('step');
    // A read that saw the right data keeps its ✓.
    expect(screen.getByRole('button', { name: 'Step 5: device_read, ok' }).textContent).toContain('✓');
  });

  it('says a stale CPU read missed dma_sync_single_for_cpu', () => {
    const { result } = open('streaming-noncoherent', 25);
    expect(result.textContent).toMatch(/Stale: the CPU read .*dma_sync_single_for_cpu\(\)/);
  });
});
