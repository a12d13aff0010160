// dma_free_attrs (kernel/dma/mapping.c) and its wrappers: every path undoes exactly what its
// allocation did, in reverse; dma-debug's checks on the free. Each test also checks step-back.
import { describe, expect, it } from 'vitest';
import { bufferOfStep, callsOf, eventsOf, messagesOf, run, stepBackMismatches } from '../testkit';
import type { MachineConfigInput, Op } from '../types';
import { metricsOf } from '../views';

const alloc = (size: string, extra: Record<string, unknown> = {}): Op =>
  ({ op: 'dma_alloc_attrs', dev: 'd', size, as: 'a', ...extra }) as Op;
const free = (extra: Record<string, unknown> = {}): Op =>
  ({ op: 'dma_free_attrs', buf: 'a', ...extra }) as Op;
const m = (arch: MachineConfigInput['arch'], d: Record<string, unknown>, more: MachineConfigInput = {}) =>
  ({ arch, ramMiB: 512, devices: [{ name: 'd', ...d }], ...more }) as MachineConfigInput;

function roundTrip(machine: MachineConfigInput, a: Op, f: Op = free()) {
  const r = run(machine, [a, f]);
  expect(stepBackMismatches(r)).toEqual([]);
  expect(r.outs[1]!.result.ok).toBe(true);
  const { cacheCleanBytes, cacheFlushBytes, cacheInvalidateBytes, ...after } = metricsOf(r.last);
  const {
    cacheCleanBytes: c0,
    cacheFlushBytes: f0,
    cacheInvalidateBytes: i0,
    ...before
  } = metricsOf(r.states[0]!);
  expect(after).toEqual(before);
  expect(r.last.vmalloc.spans).toEqual(r.states[0]!.vmalloc.spans);
  return r;
}

describe('dma_free_attrs', () => {
  it('dma_direct_free on non-coherent arm64: vunmap the remap (dma_common_free_remap), then dma_free_contiguous returns CMA pages', () => {
    const r = roundTrip(m('arm64', { coherent: false }), alloc('64KiB'));
    expect(callsOf(r.outs[1]!)).toEqual([
      'dma_free_attrs',
      'check_unmap',
      'dma_direct_free',
      'vunmap',
      '__dma_direct_free_pages',
      'dma_free_contiguous',
      'cma_release',
    ]);
  });

  it('dma_direct_free of an atomic-pool buffer gives the chunk back with gen_pool_free (dma_free_from_pool)', () => {
    const r = roundTrip(m('arm64', { coherent: false }), alloc('16KiB', { gfp: 'GFP_ATOMIC' }));
    expect(eventsOf(r.outs[1]!, 'poolFreed')).toHaveLength(1);
  });

  it('buddy pages freed by __free_pages merge with their buddies again (__free_one_page)', () => {
    const r = roundTrip(m('x86_64', {}), alloc('20KiB'));
    expect(r.last.zones.map((z) => z.free)).toEqual(r.states[0]!.zones.map((z) => z.free));
  });

  it('arm32 __arm_dma_free of a lowmem CMA buffer restores PAGE_KERNEL on the linear map (__dma_remap) before dma_release_from_contiguous', () => {
    const r = roundTrip(m('arm32', { coherent: false }), alloc('64KiB'));
    const ptes = eventsOf(r.outs[1]!, 'linearPtesChanged');
    expect(ptes.map((e) => e.memtype)).toEqual(['cached']);
    expect(r.last.linearRewrites).toEqual(r.states[0]!.linearRewrites);
  });

  it('arm32 remap_allocator free: dma_common_free_remap then __dma_free_buffer', () => {
    const r = roundTrip(m('arm32', { coherent: false }, { cmaMiB: 0 }), alloc('20KiB'));
    expect(r.outs[1]!.calls).toEqual(
      expect.arrayContaining(['__free_remap_buffer', 'dma_common_free_remap', '__dma_free_buffer']),
    );
  });

  it('iommu_dma_free: unmap the IOVA (iommu_unmap, free_iova_fast), vunmap, free each page', () => {
    const r = roundTrip(m('arm64', { coherent: false, iommu: true }), alloc('2060KiB'));
    const out = r.outs[1]!;
    expect(eventsOf(out, 'iommuUnmapped')).toHaveLength(1);
    expect(eventsOf(out, 'iovaFreed')).toHaveLength(1);
    expect([...r.last.domains.values()][0]!.spans).toEqual([]);
  });

  it('arm_iommu_free_attrs with NO_KERNEL_MAPPING (page-array cookie) removes the mapping and frees the chunks', () => {
    const a = alloc('1MiB', { attrs: ['DMA_ATTR_NO_KERNEL_MAPPING'] });
    roundTrip(
      m('arm32', { coherent: false, iommu: true }),
      a,
      free({ attrs: ['DMA_ATTR_NO_KERNEL_MAPPING'] }),
    );
  });

  it('dma_free_wc() passes DMA_ATTR_WRITE_COMBINE to dma_free_attrs', () => {
    const r = roundTrip(
      m('arm32', { coherent: false }, { cmaMiB: 0 }),
      { op: 'dma_alloc_wc', dev: 'd', size: '8KiB', as: 'a' } as Op,
      {
        op: 'dma_free_wc',
        buf: 'a',
      } as Op,
    );
    expect(messagesOf(r.outs[1]!).some((t) => t.includes('DMA_ATTR_WRITE_COMBINE'))).toBe(true);
  });

  it('a free without the NO_KERNEL_MAPPING used at allocation is warned about (dma-attributes.rst: pass it to the free too)', () => {
    const r = run(m('arm64', { coherent: false }), [
      alloc('8KiB', { attrs: ['DMA_ATTR_NO_KERNEL_MAPPING'] }),
      free(),
    ]);
    expect(stepBackMismatches(r)).toEqual([]);
    expect(messagesOf(r.outs[1]!).some((t) => t.includes('NO_KERNEL_MAPPING must be passed'))).toBe(true);
  });

  it('dma-debug check_unmap: a double free is reported ("device driver tries to free DMA memory it has not allocated") and refused', () => {
    const r = run(m('x86_64', {}), [alloc('8KiB'), free(), free()]);
    expect(stepBackMismatches(r)).toEqual([]);
    expect(r.outs[2]!.result.ok).toBe(false);
    expect(
      messagesOf(r.outs[2]!).some((t) => t.includes('tries to free DMA memory it has not allocated')),
    ).toBe(true);
  });

  it('dma-debug check_unmap: a free with another size is reported ("frees DMA memory with different size")', () => {
    const r = run(m('x86_64', {}), [alloc('8KiB'), free({ size: '4KiB' })]);
    expect(messagesOf(r.outs[1]!).some((t) => t.includes('different size'))).toBe(true);
    expect(bufferOfStep(r, 0).live).toBe(true);
    expect(r.last.buffers.get('b1')!.live).toBe(false);
  });

  it('freeing a buffer still mapped in userspace unmaps the VMA (the kernel would leave a use-after-free)', () => {
    const r = run(m('arm64', { coherent: false }), [
      alloc('8KiB'),
      { op: 'dma_mmap_attrs', buf: 'a', process: 'app', as: 'v' } as Op,
      free(),
    ]);
    expect(stepBackMismatches(r)).toEqual([]);
    expect(eventsOf(r.outs[2]!, 'vmaRemoved')).toHaveLength(1);
    expect(r.last.processes.get('app')).toEqual([]);
  });
});
