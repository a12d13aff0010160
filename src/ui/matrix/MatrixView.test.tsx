import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DmavizProvider } from '../store/context';
import { createDmavizStore } from '../store/store';
import { MatrixView } from './MatrixView';

afterEach(cleanup);

function setup(workloadId: string | null = 'frame60') {
  const store = createDmavizStore();
  const onOpened = vi.fn();
  const onWorkload = vi.fn();
  render(
    <DmavizProvider store={store}>
      <MatrixView workloadId={workloadId} onWorkload={onWorkload} onOpened={onOpened} />
    </DmavizProvider>,
  );
  return { store, onOpened, onWorkload, view: screen.getByRole('region', { name: 'Attribute matrix' }) };
}

describe('the attribute matrix view', () => {
  it('shows one row per outcome group, with the rest of each group on demand', () => {
    const { view } = setup();
    const groups = within(view)
      .getAllByRole('rowgroup')
      .filter((g) => g.getAttribute('aria-label'));
    expect(groups.length).toBeGreaterThan(2);
    const g2 = within(view).getByRole('rowgroup', { name: 'Group G2' });
    expect(within(g2).getAllByRole('row')).toHaveLength(2);
    fireEvent.click(within(g2).getByRole('button', { name: /Show all 64 rows/ }));
    expect(within(g2).getAllByRole('row')).toHaveLength(65);
    expect(within(view).getByText(/cost per second/)).toBeTruthy();
  });

  it('opens a row on the stage: its machine and ops in the session, its buffer selected', () => {
    const { store, onOpened, view } = setup();
    fireEvent.click(
      within(view).getByRole('button', { name: 'Open GFP_KERNEL NO_KERNEL_MAPPING on the stage' }),
    );
    const s = store.getState();
    expect(s.history.length).toBe(2);
    expect(s.cursor).toBe(2);
    expect(s.machine.config.arch).toBe('arm64');
    expect(s.history.record(0).op).toMatchObject({
      op: 'dma_alloc_attrs',
      attrs: ['DMA_ATTR_NO_KERNEL_MAPPING'],
    });
    expect(s.selection).toBe(s.machine.names.get('buf')?.id);
    expect(onOpened).toHaveBeenCalledOnce();
  });

  it('rebuilds the matrix for another machine and call', () => {
    const { view } = setup(null);
    const form = within(view).getByRole('form', { name: 'Matrix settings' });
    fireEvent.change(within(form).getByLabelText('Arch'), { target: { value: 'x86_64' } });
    fireEvent.change(within(form).getByLabelText('Call'), { target: { value: 'dma_map_single' } });
    expect(within(view).getByRole('heading', { level: 2 }).textContent).toMatch(
      /^dma_map_single, 2 MiB, on x86_64/,
    );
    expect(within(view).getByRole('columnheader', { name: 'direction' })).toBeTruthy();
    expect(within(view).queryByText(/cost per second/)).toBeNull();
  });
});
