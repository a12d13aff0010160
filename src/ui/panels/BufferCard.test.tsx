import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../App';
import { workloadChoice } from '../matrix/workloadChoice';
import { createDmavizStore } from '../store/store';

afterEach(cleanup);

function setup() {
  const store = createDmavizStore({ arch: 'arm64', devices: [{ name: 'cam0', coherent: false }] });
  store.getState().runOp({ op: 'dma_alloc_attrs', dev: 'cam0', size: '64KiB', gfp: 'GFP_KERNEL', as: 'fb' });
  store.getState().last();
  const id = store.getState().machine.names.get('fb');
  if (id?.kind !== 'buffer') throw new Error('no fb');
  store.getState().select(id.id);
  render(<App store={store} />);
  return screen.getByRole('article', { name: 'Buffer fb' });
}

describe('the buffer card', () => {
  it('names each field by its term, so a field is reached by role and by label', () => {
    const card = setup();
    expect(within(card).getByRole('group', { name: 'DMA address' }).textContent).toMatch(/^0x[0-9a-f]+$/);
    expect(within(card).getByRole('group', { name: 'CPU address' }).textContent).toMatch(
      /^0xffff8000.* vmalloc/,
    );
    expect(within(card).getByLabelText('Memory type').textContent).toMatch(/non-cacheable|uncached/i);
    expect(within(card).getByLabelText('Linear alias').textContent).toMatch(/cached/);
  });

  it('shows the illustrative cost of the page-wide workload for the selected buffer', () => {
    workloadChoice.getState().setWorkload('frame60');
    const card = setup();
    const badge = within(card).getByRole('status', { name: 'Estimated cost of the workload on fb' });
    expect(badge.textContent).toMatch(/^Illustrative/);
    expect(badge.textContent).toContain('frame60');
  });
});

describe('the buffer card during a step that reads data', () => {
  const machine = {
    arch: 'arm64' as const,
    ramMiB: 2048,
    devices: [{ name: 'eth0', coherent: false, iommu: false, dmaMaskBits: 32 }],
  };
  const ops = [
    { op: 'kmalloc', size: 2048, gfp: 'GFP_KERNEL', as: 'tx' },
    { op: 'kmalloc', size: 2048, gfp: 'GFP_KERNEL', as: 'rx' },
    { op: 'dma_map_single', dev: 'eth0', buf: 'rx', dir: 'DMA_FROM_DEVICE', as: 'rx_map' },
    { op: 'cpu_speculative_load', via: 'rx' },
    { op: 'device_write', map: 'rx_map', value: 4 },
    { op: 'cpu_read', via: 'rx' },
  ];

  it('shows the buffer the read touched, and the Cache & data view shows its lines', () => {
    const store = createDmavizStore();
    store.getState().loadSession(machine, ops, 'read', 0);
    render(<App store={store} />);
    // A click on the cpu_read chip, with nothing selected before.
    fireEvent.click(screen.getByRole('button', { name: /^Step 6: cpu_read, ok, stale read$/ }));
    expect(
      within(screen.getByRole('region', { name: 'Buffer' }))
        .getByRole('article')
        .getAttribute('aria-label'),
    ).toBe('Buffer rx');
    fireEvent.click(screen.getByRole('tab', { name: 'Cache & data' }));
    const cache = screen.getByRole('region', { name: 'Cache and data' });
    expect(within(cache).getByRole('table')).toBeTruthy();
    expect(cache.textContent).toMatch(/^32 cache lines of 64 bytes · 32 stale · /);
  });

  it('follows the read when stepping, away from the buffer selected before', () => {
    const store = createDmavizStore();
    store.getState().loadSession(machine, ops, 'read', 1);
    render(<App store={store} />);
    expect(screen.getByRole('article', { name: 'Buffer tx' })).toBeTruthy();
    // The device write, then the read: both through rx (its mapping, then its kernel address).
    act(() => store.getState().jumpTo(5));
    expect(screen.getByRole('article', { name: 'Buffer rx' })).toBeTruthy();
    act(() => store.getState().select(store.getState().machine.names.get('tx')?.id ?? null));
    act(() => store.getState().nextCall());
    expect(screen.getByRole('article', { name: 'Buffer rx' })).toBeTruthy();
  });
});
