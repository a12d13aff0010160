// SWIOTLB (kernel/dma/swiotlb.c): the slot allocator's segment rule, when dma_direct_map_page
// bounces, the copies of each operation and direction (facts §9.3), the lost data of an unmap
// with DMA_ATTR_SKIP_CPU_SYNC, and the messages when it runs out or is absent.
import { describe, expect, it } from 'vitest';
import { eventsOf, messagesOf, run, stepBackMismatches } from '../testkit';
import type { MachineConfigInput, Op } from '../types';
import { metricsOf } from '../views';
import { findSlots, IO_TLB_SEGSIZE } from './swiotlb';

const o = (op: string, args: Record<string, unknown> = {}): Op => ({ op, ...args }) as Op;

function go(machine: MachineConfigInput, ops: Op[]) {
  const r = run(machine, ops);
  expect(stepBackMismatches(r)).toEqual([]);
  return r;
}

/** arm64, 4 GiB of RAM from 1 GiB: ZONE_NORMAL lies above 4 GiB, beyond a 32-bit mask. */
const arm64 = (dev: Record<string, unknown> = {}, more: MachineConfigInput = {}): MachineConfigInput => ({
  arch: 'arm64',
  ramMiB: 4096,
  devices: [{ name: 'd', coherent: false, iommu: false, dmaMaskBits: 32, ...dev }],
  ...more,
});

const value = (r: ReturnType<typeof go>, i: number) => {
  const res = r.outs[i]!.result;
  if (!res.ok) throw new Error(res.error.message);
  return res.value as Record<string, unknown>;
};

const copies = (r: ReturnType<typeof go>, i: number) =>
  eventsOf(r.outs[i]!, 'bounceCopied').map((e) => e.dir);

describe('swiotlb_find_slots', () => {
  it('never lets a run cross a 128-slot segment (IO_TLB_SEGSIZE)', () => {
    expect(findSlots([{ start: 0, size: 100 }], 1024, 50, 1)).toBe(IO_TLB_SEGSIZE);
    expect(findSlots([{ start: 0, size: 100 }], 1024, 28, 1)).toBe(100);
    expect(findSlots([], 1024, 129, 1)).toBeNull();
    expect(findSlots([{ start: 0, size: 1000 }], 1024, 30, 1)).toBeNull();
  });
});

describe('dma_direct_map_page → swiotlb_map', () => {
  it('bounces a buffer beyond the 32-bit mask; the copy table of §9.3 holds for DMA_TO_DEVICE', () => {
    const r = go(arm64(), [
      o('alloc_pages', { order: 0, as: 'b' }),
      o('cpu_write', { via: 'b', value: 5 }),
      o('dma_map_single', { dev: 'd', buf: 'b', dir: 'DMA_TO_DEVICE', as: 'm' }),
      o('device_read', { map: 'm', expect: 5 }),
      o('dma_sync_single_for_cpu', { map: 'm' }),
      o('dma_sync_single_for_device', { map: 'm' }),
      o('dma_unmap_single', { map: 'm' }),
    ]);
    expect(value(r, 2).bounced).toBe(true);
    expect(r.outs[2]!.calls).toContain('swiotlb_tbl_map_single');
    expect(copies(r, 2)).toEqual(['DMA_TO_DEVICE']);
    expect(value(r, 3)).toMatchObject({ value: 5, stale: false });
    expect(copies(r, 4)).toEqual([]);
    expect(copies(r, 5)).toEqual(['DMA_TO_DEVICE']);
    expect(copies(r, 6)).toEqual([]);
    expect(metricsOf(r.last).swiotlbUsedSlots).toBe(0);
    expect(metricsOf(r.states[3]!).swiotlbUsedSlots).toBe(2);
    expect(metricsOf(r.last).bounceCopyBytes).toBe(2 * 4096);
  });

  it('DMA_FROM_DEVICE: swiotlb_tbl_map_single still copies orig → bounce; unmap copies back (swiotlb_sync_single_for_cpu)', () => {
    const r = go(arm64(), [
      o('alloc_pages', { order: 0, as: 'b' }),
      o('dma_map_single', { dev: 'd', buf: 'b', dir: 'DMA_FROM_DEVICE', as: 'm' }),
      o('dma_sync_single_for_device', { map: 'm' }),
      o('device_write', { map: 'm', value: 9 }),
      o('dma_unmap_single', { map: 'm' }),
      o('cpu_read', { via: 'b', expect: 9 }),
    ]);
    expect(copies(r, 1)).toEqual(['DMA_TO_DEVICE']);
    expect(copies(r, 2)).toEqual([]);
    expect(copies(r, 4)).toEqual(['DMA_FROM_DEVICE']);
    expect(value(r, 5)).toMatchObject({ value: 9, stale: false, expectMet: true });
  });

  it('dma_unmap_single with DMA_ATTR_SKIP_CPU_SYNC releases the slots without copying: the device data is lost', () => {
    const r = go(arm64(), [
      o('alloc_pages', { order: 0, as: 'b' }),
      o('cpu_write', { via: 'b', value: 1 }),
      o('dma_map_single', { dev: 'd', buf: 'b', dir: 'DMA_FROM_DEVICE', as: 'm' }),
      o('device_write', { map: 'm', value: 9 }),
      o('dma_unmap_single', { map: 'm', attrs: ['DMA_ATTR_SKIP_CPU_SYNC'] }),
      o('cpu_read', { via: 'b' }),
    ]);
    expect(copies(r, 4)).toEqual([]);
    expect(eventsOf(r.outs[4]!, 'swiotlbSlotsReleased')).toHaveLength(1);
    expect(value(r, 5)).toMatchObject({ value: 1, stale: true });
  });

  it('DMA_BIDIRECTIONAL: dma_sync_single_for_cpu copies bounce → orig, dma_sync_single_for_device orig → bounce', () => {
    const r = go(arm64(), [
      o('alloc_pages', { order: 0, as: 'b' }),
      o('dma_map_single', { dev: 'd', buf: 'b', dir: 'DMA_BIDIRECTIONAL', as: 'm' }),
      o('device_write', { map: 'm', value: 4 }),
      o('dma_sync_single_for_cpu', { map: 'm' }),
      o('cpu_read', { via: 'b', expect: 4 }),
      o('cpu_write', { via: 'b', value: 6 }),
      o('dma_sync_single_for_device', { map: 'm' }),
      o('device_read', { map: 'm', expect: 6 }),
    ]);
    expect(copies(r, 3)).toEqual(['DMA_FROM_DEVICE']);
    expect(copies(r, 6)).toEqual(['DMA_TO_DEVICE']);
    expect(value(r, 4)).toMatchObject({ stale: false });
    expect(value(r, 7)).toMatchObject({ value: 6, stale: false });
  });

  it('bounces a small kmalloc buffer for a non-coherent device and DMA_FROM_DEVICE (dma_kmalloc_needs_bounce), not for TO_DEVICE', () => {
    const m = arm64({ dmaMaskBits: 64 });
    const r = go(m, [
      o('kmalloc', { size: 32, as: 'k' }),
      o('dma_map_single', { dev: 'd', buf: 'k', dir: 'DMA_FROM_DEVICE', as: 'a' }),
      o('dma_map_single', { dev: 'd', buf: 'k', dir: 'DMA_TO_DEVICE', as: 'b' }),
      o('kmalloc', { size: 2048, as: 'big' }),
      o('dma_map_single', { dev: 'd', buf: 'big', dir: 'DMA_FROM_DEVICE', as: 'c' }),
    ]);
    expect(value(r, 1).bounced).toBe(true);
    expect(value(r, 2).bounced).toBe(false);
    expect(value(r, 4).bounced).toBe(false);
    const coherent = go(arm64({ dmaMaskBits: 64, coherent: true }), [
      o('kmalloc', { size: 32, as: 'k' }),
      o('dma_map_single', { dev: 'd', buf: 'k', dir: 'DMA_FROM_DEVICE', as: 'a' }),
    ]);
    expect(value(coherent, 1).bounced).toBe(false);
  });

  it('"swiotlb buffer is full" when no run of free slots is left, and the map returns DMA_MAPPING_ERROR', () => {
    const ops: Op[] = [];
    for (let i = 0; i < 5; i++) {
      ops.push(o('alloc_pages', { order: 6, as: `b${i}` }));
      ops.push(o('dma_map_single', { dev: 'd', buf: `b${i}`, dir: 'DMA_TO_DEVICE', as: `m${i}` }));
    }
    const r = go(arm64({}, { swiotlbMiB: 1 }), ops);
    expect(r.outs[7]!.result.ok).toBe(true);
    const last = r.outs[9]!;
    expect(last.result.ok).toBe(false);
    if (!last.result.ok) expect(last.result.error.code).toBe('DMA_MAPPING_ERROR');
    expect(messagesOf(last)).toContain(
      'd: swiotlb buffer is full (sz: 262144 bytes), total 512 (slots), used 512 (slots)',
    );
  });

  it('without swiotlb a buffer beyond the mask fails with "DMA addr ... overflow"', () => {
    const r = go({ arch: 'x86_64', ramMiB: 1024, devices: [{ name: 'd', dmaMaskBits: 24 }] }, [
      o('alloc_pages', { order: 0, as: 'b' }),
      o('dma_map_page', { dev: 'd', buf: 'b', dir: 'DMA_TO_DEVICE', as: 'm' }),
    ]);
    const out = r.outs[1]!;
    expect(out.result.ok).toBe(false);
    expect(messagesOf(out).join('\n')).toMatch(
      /DMA addr 0x[0-9a-f]{16}\+4096 overflow \(mask ffffff, bus limit 0\)\./,
    );
  });
});
