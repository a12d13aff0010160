// Streaming DMA and the CPU cache, per architecture and direction: the right sync makes the data
// correct; the missing or wrong one makes it stale or silently lost. Each test names the kernel
// function that does (or would have done) the work, and checks step-back.
import { describe, expect, it } from 'vitest';
import { eventsOf, run, stepBackMismatches } from '../testkit';
import type { ArchName, MachineConfigInput, Op } from '../types';

const machine = (arch: ArchName): MachineConfigInput => ({
  arch,
  ramMiB: arch === 'arm32' ? 512 : 1024,
  devices: [
    { name: 'nic', coherent: arch === 'x86_64', iommu: false, dmaMaskBits: arch === 'arm32' ? 32 : 64 },
  ],
});

function go(arch: ArchName, ops: Op[]) {
  const r = run(machine(arch), ops);
  expect(stepBackMismatches(r)).toEqual([]);
  return r;
}

const o = (op: string, args: Record<string, unknown> = {}): Op => ({ op, ...args }) as Op;
const page = o('alloc_pages', { order: 0, as: 'buf' });
const map = (dir: string, extra: Record<string, unknown> = {}) =>
  o('dma_map_single', { dev: 'nic', buf: 'buf', dir, as: 'm', ...extra });
const checked = o('dma_mapping_error', { map: 'm' });

function readOf(r: ReturnType<typeof go>, i: number) {
  const res = r.outs[i]!.result;
  if (!res.ok) throw new Error(res.error.message);
  return res.value as { value: number; stale: boolean; expectMet?: boolean };
}

const NONCOHERENT: ArchName[] = ['arm64', 'arm32', 'riscv64'];

describe.each(NONCOHERENT)('%s, non-coherent device', (arch) => {
  describe('DMA_TO_DEVICE', () => {
    it('arch_sync_dma_for_device in dma_map_single writes the CPU data back: the device reads it', () => {
      const r = go(arch, [
        page,
        o('cpu_write', { via: 'buf', value: 5 }),
        map('DMA_TO_DEVICE'),
        checked,
        o('device_read', { map: 'm', expect: 5 }),
      ]);
      expect(readOf(r, 4)).toMatchObject({ value: 5, stale: false, expectMet: true });
      const ops = eventsOf(r.outs[2]!, 'cacheMaintained').map((e) => e.op);
      expect(ops).toEqual(['clean']);
    });

    it('a CPU write after dma_map_single stays in the cache: the device reads stale memory until dma_sync_single_for_device', () => {
      const r = go(arch, [
        page,
        map('DMA_TO_DEVICE'),
        checked,
        o('cpu_write', { via: 'buf', value: 7 }),
        o('device_read', { map: 'm', expect: 7 }),
        o('dma_sync_single_for_device', { map: 'm' }),
        o('device_read', { map: 'm', expect: 7 }),
      ]);
      expect(readOf(r, 4)).toMatchObject({ value: 0, stale: true, expectMet: false });
      expect(readOf(r, 6)).toMatchObject({ value: 7, stale: false });
    });

    it('dma_unmap_single for DMA_TO_DEVICE does no cache maintenance (arch_sync_dma_for_cpu has nothing to do)', () => {
      const r = go(arch, [page, map('DMA_TO_DEVICE'), checked, o('dma_unmap_single', { map: 'm' })]);
      expect(eventsOf(r.outs[3]!, 'cacheMaintained')).toEqual([]);
    });
  });

  describe('DMA_FROM_DEVICE', () => {
    it('dma_unmap_single invalidates (arch_sync_dma_for_cpu) so the CPU reads the device data despite a speculative fill', () => {
      const r = go(arch, [
        page,
        map('DMA_FROM_DEVICE'),
        checked,
        o('cpu_speculative_load', { via: 'buf' }),
        o('device_write', { map: 'm', value: 9 }),
        o('dma_unmap_single', { map: 'm' }),
        o('cpu_read', { via: 'buf', expect: 9 }),
      ]);
      expect(readOf(r, 6)).toMatchObject({ value: 9, stale: false, expectMet: true });
      expect(eventsOf(r.outs[5]!, 'cacheMaintained').map((e) => e.op)).toEqual(['invalidate']);
    });

    it('reading without dma_sync_single_for_cpu after a speculative fill returns the stale cached line', () => {
      const r = go(arch, [
        page,
        map('DMA_FROM_DEVICE'),
        checked,
        o('cpu_speculative_load', { via: 'buf' }),
        o('device_write', { map: 'm', value: 9 }),
        o('cpu_read', { via: 'buf' }),
        o('dma_sync_single_for_cpu', { map: 'm' }),
        o('cpu_read', { via: 'buf', expect: 9 }),
      ]);
      expect(readOf(r, 5)).toMatchObject({ value: 0, stale: true });
      expect(readOf(r, 7)).toMatchObject({ value: 9, stale: false });
    });

    it('dma_unmap_single with DMA_ATTR_SKIP_CPU_SYNC skips the invalidate: the CPU keeps reading its stale line', () => {
      const r = go(arch, [
        page,
        map('DMA_FROM_DEVICE'),
        checked,
        o('cpu_speculative_load', { via: 'buf' }),
        o('device_write', { map: 'm', value: 9 }),
        o('dma_unmap_single', { map: 'm', attrs: ['DMA_ATTR_SKIP_CPU_SYNC'] }),
        o('cpu_read', { via: 'buf' }),
      ]);
      expect(readOf(r, 6)).toMatchObject({ value: 0, stale: true });
    });

    it('dma_map_single with DMA_ATTR_SKIP_CPU_SYNC leaves a dirty line that an eviction writes over the device data (lost)', () => {
      const r = go(arch, [
        page,
        o('cpu_write', { via: 'buf', value: 1 }),
        map('DMA_FROM_DEVICE', { attrs: ['DMA_ATTR_SKIP_CPU_SYNC'] }),
        checked,
        o('device_write', { map: 'm', value: 9 }),
        o('cache_evict', { via: 'buf' }),
        o('dma_unmap_single', { map: 'm' }),
        o('cpu_read', { via: 'buf' }),
      ]);
      expect(readOf(r, 7)).toMatchObject({ value: 1, stale: true });
    });

    it(`dma_map_single for DMA_FROM_DEVICE does ${arch === 'arm32' ? 'an invalidate (v7_dma_inv_range)' : 'a clean'} before the transfer`, () => {
      const r = go(arch, [page, o('cpu_write', { via: 'buf', value: 1 }), map('DMA_FROM_DEVICE')]);
      const ev = eventsOf(r.outs[2]!, 'cacheMaintained');
      expect(ev.map((e) => [e.op, e.fn])).toEqual([
        [arch === 'arm32' ? 'invalidate' : 'clean', r.last.profile.cacheOps.forDeviceFn],
      ]);
    });
  });

  describe('DMA_BIDIRECTIONAL', () => {
    it('map cleans (device sees the CPU data), dma_sync_single_for_cpu invalidates (CPU sees the device data)', () => {
      const r = go(arch, [
        page,
        o('cpu_write', { via: 'buf', value: 3 }),
        map('DMA_BIDIRECTIONAL'),
        checked,
        o('device_read', { map: 'm', expect: 3 }),
        o('cpu_speculative_load', { via: 'buf' }),
        o('device_write', { map: 'm', value: 4 }),
        o('dma_sync_single_for_cpu', { map: 'm' }),
        o('cpu_read', { via: 'buf', expect: 4 }),
      ]);
      expect(readOf(r, 4)).toMatchObject({ value: 3, stale: false });
      expect(readOf(r, 8)).toMatchObject({ value: 4, stale: false });
    });

    it('without dma_sync_single_for_cpu the CPU reads the old value', () => {
      const r = go(arch, [
        page,
        o('cpu_write', { via: 'buf', value: 3 }),
        map('DMA_BIDIRECTIONAL'),
        checked,
        o('cpu_read', { via: 'buf' }),
        o('device_write', { map: 'm', value: 4 }),
        o('cpu_read', { via: 'buf' }),
      ]);
      expect(readOf(r, 6)).toMatchObject({ value: 3, stale: true });
    });
  });
});

describe('x86_64: every device is coherent (dev_is_dma_coherent() is always true)', () => {
  for (const dir of ['DMA_TO_DEVICE', 'DMA_FROM_DEVICE', 'DMA_BIDIRECTIONAL']) {
    it(`${dir}: no arch_sync_dma_* runs, and even a missing dma_sync_single_* leaves the data correct (snooping)`, () => {
      const r = go('x86_64', [
        page,
        o('cpu_write', { via: 'buf', value: 2 }),
        map(dir),
        checked,
        o('cpu_write', { via: 'buf', value: 3 }),
        o('device_read', { map: 'm' }),
        o('cpu_speculative_load', { via: 'buf' }),
        o('device_write', { map: 'm', value: 8 }),
        o('cpu_read', { via: 'buf', expect: 8 }),
        o('dma_unmap_single', { map: 'm' }),
      ]);
      expect(readOf(r, 5)).toMatchObject({ value: 3, stale: false });
      expect(readOf(r, 8)).toMatchObject({ value: 8, stale: false });
      expect(r.outs.flatMap((x) => eventsOf(x, 'cacheMaintained'))).toEqual([]);
    });
  }
});

describe('memory types of the CPU mapping', () => {
  it('a coherent buffer on non-coherent arm64 is written through its Normal-NC alias: the device sees it without any sync', () => {
    const r = go('arm64', [
      o('dma_alloc_coherent', { dev: 'nic', size: 4096, as: 'c' }),
      o('cpu_write', { via: 'c', value: 6 }),
      o('device_read', { buf: 'c', expect: 6 }),
      o('device_write', { buf: 'c', value: 11 }),
      o('cpu_read', { via: 'c', expect: 11 }),
    ]);
    expect(readOf(r, 2)).toMatchObject({ value: 6, stale: false });
    expect(readOf(r, 4)).toMatchObject({ value: 11, stale: false });
  });

  it('dma_alloc_noncoherent zeroes through the cache: an eviction after the device wrote destroys its data unless dma_sync_single_for_device cleaned first', () => {
    const alloc = o('dma_alloc_noncoherent', { dev: 'nic', size: 4096, dir: 'DMA_FROM_DEVICE', as: 'n' });
    const bad = go('arm64', [
      alloc,
      o('device_write', { buf: 'n', value: 9 }),
      o('cache_evict', { via: 'n' }),
      o('dma_sync_single_for_cpu', { buf: 'n' }),
      o('cpu_read', { via: 'n' }),
    ]);
    expect(readOf(bad, 4)).toMatchObject({ value: 0, stale: true });
    const good = go('arm64', [
      alloc,
      o('dma_sync_single_for_device', { buf: 'n' }),
      o('device_write', { buf: 'n', value: 9 }),
      o('cache_evict', { via: 'n' }),
      o('dma_sync_single_for_cpu', { buf: 'n' }),
      o('cpu_read', { via: 'n', expect: 9 }),
    ]);
    expect(readOf(good, 5)).toMatchObject({ value: 9, stale: false });
    expect(eventsOf(good.outs[1]!, 'cacheMaintained').map((e) => e.op)).toEqual(['clean']);
  });

  it('dma_alloc_noncoherent memory is cacheable: the device reads stale data until dma_sync_single_for_device', () => {
    const r = go('arm64', [
      o('dma_alloc_noncoherent', { dev: 'nic', size: 4096, dir: 'DMA_TO_DEVICE', as: 'n' }),
      o('cpu_write', { via: 'n', value: 6 }),
      o('device_read', { buf: 'n' }),
    ]);
    expect(readOf(r, 2)).toMatchObject({ value: 0, stale: true });
  });
});
