// dma_alloc_pages / dma_alloc_noncoherent (kernel/dma/mapping.c → dma_direct_alloc_pages, or
// dma_common_alloc_pages behind an IOMMU): cacheable, zeroed, contiguous pages with no remap and
// no cache maintenance at allocation. Each test also checks step-back.
import { describe, expect, it } from 'vitest';
import { bufferOfStep, eventsOf, run, stepBackMismatches } from '../testkit';
import type { MachineConfigInput, Op } from '../types';
import { metricsOf } from '../views';

const m = (d: Record<string, unknown>): MachineConfigInput => ({
  arch: 'arm64',
  ramMiB: 512,
  devices: [{ name: 'd', ...d }],
});
const op = (fn: string, extra: Record<string, unknown> = {}): Op =>
  ({ op: fn, dev: 'd', size: '16KiB', dir: 'DMA_FROM_DEVICE', as: 'a', ...extra }) as Op;

describe('dma_alloc_pages / dma_alloc_noncoherent', () => {
  it('dma_direct_alloc_pages on a non-coherent arm64 device: the cacheable linear address, zeroed, no vmap and no arch_dma_prep_coherent', () => {
    const r = run(m({ coherent: false }), [op('dma_alloc_noncoherent')]);
    expect(stepBackMismatches(r)).toEqual([]);
    const b = bufferOfStep(r, 0);
    expect(r.outs[0]!.calls.slice(0, 3)).toEqual([
      'dma_alloc_noncoherent',
      'dma_alloc_pages',
      'dma_direct_alloc_pages',
    ]);
    expect(b.cpu.kind).toBe('linear');
    expect(b.cpu.memtype).toBe('cached');
    expect(b.zeroed).toBe(true);
    expect(eventsOf(r.outs[0]!, 'cacheMaintained')).toEqual([]);
    expect(metricsOf(r.last).vmallocUsedBytes).toBe(metricsOf(r.states[0]!).vmallocUsedBytes);
  });

  it('dma_common_alloc_pages behind an IOMMU: contiguous pages mapped with an IOVA whose prot follows the direction (FROM_DEVICE: IOMMU_WRITE)', () => {
    const r = run(m({ coherent: false, iommu: true }), [op('dma_alloc_pages')]);
    expect(stepBackMismatches(r)).toEqual([]);
    const b = bufferOfStep(r, 0);
    expect(b.extents).toHaveLength(1);
    expect(b.iommu?.prot).toEqual(['IOMMU_WRITE']);
    expect(b.dmaAddr).toBe(b.iommu!.iovaPfn * 4096);
  });

  it('dma_alloc_pages refuses zone modifiers in gfp (WARN_ON_ONCE, NULL) and attributes', () => {
    const r = run(m({}), [
      op('dma_alloc_pages', { gfp: 'GFP_KERNEL|__GFP_DMA32' }),
      op('dma_alloc_pages', { attrs: ['DMA_ATTR_NO_WARN'], as: 'b' }),
    ]);
    expect(stepBackMismatches(r)).toEqual([]);
    expect(r.outs.map((o) => (o.result.ok ? 'ok' : o.result.error.code))).toEqual(['EINVAL', 'EINVAL']);
  });

  it('dma_free_noncoherent returns the pages (dma_direct_free_pages) and the machine is as before', () => {
    const r = run(m({ coherent: false }), [
      op('dma_alloc_noncoherent'),
      { op: 'dma_free_noncoherent', buf: 'a' } as Op,
    ]);
    expect(stepBackMismatches(r)).toEqual([]);
    expect(metricsOf(r.last).ramUsedBytes).toBe(metricsOf(r.states[0]!).ramUsedBytes);
  });
});
