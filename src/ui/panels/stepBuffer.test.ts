import { describe, expect, it } from 'vitest';
import type { Op } from '../../model';
import { createDmavizStore } from '../store/store';
import { stepBufferOf } from './stepBuffer';

const MACHINE = {
  arch: 'arm64' as const,
  ramMiB: 2048,
  devices: [
    { name: 'eth0', coherent: false, iommu: false, dmaMaskBits: 32 },
    { name: 'nic0', coherent: true, iommu: false, dmaMaskBits: 64 },
  ],
  processes: ['app'],
};

const OPS: Op[] = [
  { op: 'kmalloc', size: 2048, gfp: 'GFP_KERNEL', as: 'rx' },
  { op: 'dma_map_single', dev: 'eth0', buf: 'rx', dir: 'DMA_FROM_DEVICE', as: 'rx_map' },
  { op: 'device_write', map: 'rx_map', value: 2 },
  { op: 'dma_sync_single_for_cpu', map: 'rx_map', dir: 'DMA_FROM_DEVICE' },
  { op: 'cpu_read', via: 'rx' },
  { op: 'dma_alloc_coherent', dev: 'nic0', size: '64K', as: 'ring' },
  { op: 'dma_mmap_coherent', buf: 'ring', process: 'app', as: 'ring_vma' },
  { op: 'cpu_read', via: 'ring_vma' },
  { op: 'device_read', buf: 'ring' },
  { op: 'kfree', buf: 'rx' },
  { op: 'driver_unbind', dev: 'eth0' },
];

/** The name of the buffer each step worked on, by the state after it. */
function namesPerStep(): Array<string | null> {
  const store = createDmavizStore();
  expect(store.getState().loadSession(MACHINE, OPS)).toEqual({ ok: true });
  const h = store.getState().history;
  return OPS.map((_, i) => {
    expect(h.record(i).result.ok, `${OPS[i]?.op} succeeds`).toBe(true);
    const m = h.at(i + 1);
    const id = stepBufferOf(h.record(i), m);
    return id === null ? null : (m.buffers.get(id)?.name ?? id);
  });
}

describe('stepBufferOf', () => {
  it('leads every data step back to the buffer whose memory it touched', () => {
    expect(namesPerStep()).toEqual([
      'rx', // kmalloc: the buffer it returned
      'rx', // dma_map_single: buf
      'rx', // device_write through the streaming mapping
      'rx', // dma_sync_single_for_cpu on the mapping
      'rx', // cpu_read via the buffer
      'ring',
      'ring', // dma_mmap_coherent: buf
      'ring', // cpu_read via the user mapping (VMA) of the buffer
      'ring', // device_read of a coherent buffer by its DMA address
      'rx', // kfree: the freed buffer
      null, // driver_unbind names no buffer
    ]);
  });
});
