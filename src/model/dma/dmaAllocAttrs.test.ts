// dma_alloc_attrs (kernel/dma/mapping.c) on every path of the fact sheet: dma-direct on x86_64,
// arm64 and riscv64, arm32's __dma_alloc allocators, dma-iommu and arm32's arm_iommu ops; every
// attribute, GFP_KERNEL vs GFP_ATOMIC, and the failures. Each test also checks step-back.
import { describe, expect, it } from 'vitest';
import { MAX_PAGE_ORDER } from '../mm/buddy';
import { bufferOfStep, callsOf, eventsOf, messagesOf, run, stepBackMismatches } from '../testkit';
import type { MachineConfigInput, Op } from '../types';
import { metricsOf } from '../views';

const PAGE = 4096;
const dev = (over: Record<string, unknown> = {}) => ({ name: 'd', coherent: true, iommu: false, ...over });
const alloc = (size: string, extra: Partial<Record<string, unknown>> = {}): Op =>
  ({ op: 'dma_alloc_attrs', dev: 'd', size, gfp: 'GFP_KERNEL', as: 'a', ...extra }) as Op;

/** Runs ops on a machine and checks every History.at(k) against the state before step k. */
function go(machine: MachineConfigInput, ops: Op[]) {
  const r = run(machine, ops);
  expect(stepBackMismatches(r)).toEqual([]);
  return r;
}

const x86 = (d = dev(), more: MachineConfigInput = {}): MachineConfigInput => ({
  arch: 'x86_64',
  ramMiB: 1024,
  devices: [d],
  ...more,
});
const arm64 = (d = dev(), more: MachineConfigInput = {}): MachineConfigInput => ({
  arch: 'arm64',
  ramMiB: 1024,
  devices: [d],
  ...more,
});
const arm32 = (d = dev({ coherent: false }), more: MachineConfigInput = {}): MachineConfigInput => ({
  arch: 'arm32',
  ramMiB: 512,
  devices: [d],
  ...more,
});

describe('§4 x86_64 dma-direct, coherent', () => {
  it('dma_direct_alloc returns a zeroed linear-map (write-back) address, handle = phys (phys_to_dma), no vmalloc and no cache work', () => {
    const r = go(x86(), [alloc('8KiB')]);
    const out = r.outs[0]!;
    expect(callsOf(out)).toEqual([
      'dma_alloc_attrs',
      'dma_direct_alloc',
      '__dma_direct_alloc_pages',
      'alloc_pages_node',
    ]);
    const b = bufferOfStep(r, 0);
    expect(b.cpu.kind).toBe('linear');
    expect(b.cpu.memtype).toBe('cached');
    expect(b.dmaAddr).toBe(b.extents[0]!.pfn * PAGE);
    expect(b.zeroed).toBe(true);
    expect(eventsOf(out, 'pagesZeroed')).toHaveLength(1);
    expect(eventsOf(out, 'cacheMaintained')).toEqual([]);
    expect(metricsOf(r.last).vmallocUsedBytes).toBe(metricsOf(r.states[0]!).vmallocUsedBytes);
  });

  it('dma_direct_optimal_gfp_mask adds GFP_DMA32 for a 32-bit coherent mask; a 64-bit device gets ZONE_NORMAL first', () => {
    const r32 = go(x86(dev(), { ramMiB: 8192 }), [alloc('4KiB')]);
    expect(bufferOfStep(r32, 0).zone).toBe('DMA32');
    const r64 = go(x86(dev({ dmaMaskBits: 64 }), { ramMiB: 8192 }), [alloc('4KiB')]);
    expect(bufferOfStep(r64, 0).zone).toBe('Normal');
  });

  it('__dma_direct_alloc_pages takes a whole get_order() block: a 5-page request holds 8 pages', () => {
    const r = go(x86(), [alloc('20KiB')]);
    const b = bufferOfStep(r, 0);
    expect(b.pages).toBe(5);
    expect(b.pagesHeld).toBe(8);
    expect(metricsOf(r.last).ramUsedBytes - metricsOf(r.states[0]!).ramUsedBytes).toBe(8 * PAGE);
  });

  it('DMA_ATTR_WRITE_COMBINE is ignored for a coherent device (dma_pgprot keeps the prot) and said so with attrIgnored', () => {
    const r = go(x86(), [alloc('4KiB', { attrs: ['DMA_ATTR_WRITE_COMBINE'] })]);
    expect(eventsOf(r.outs[0]!, 'attrIgnored').map((e) => e.attr)).toContain('DMA_ATTR_WRITE_COMBINE');
    expect(bufferOfStep(r, 0).cpu.memtype).toBe('cached');
  });

  it('DMA_ATTR_NO_KERNEL_MAPPING goes to dma_direct_alloc_no_mapping: a struct page * cookie, no zeroing, arch_dma_prep_coherent is a stub', () => {
    const r = go(x86(), [alloc('8KiB', { attrs: ['DMA_ATTR_NO_KERNEL_MAPPING'] })]);
    const out = r.outs[0]!;
    expect(out.calls).toContain('dma_direct_alloc_no_mapping');
    const b = bufferOfStep(r, 0);
    expect(b.cpu.kind).toBe('cookie');
    expect(b.cpu.cookie).toBe('struct page *');
    expect(b.zeroed).toBe(false);
    expect(eventsOf(out, 'pagesZeroed')).toEqual([]);
    expect(eventsOf(out, 'cacheMaintained')).toEqual([]);
    expect(messagesOf(out).some((m) => m.includes('empty stub'))).toBe(true);
  });

  it('GFP_ATOMIC on x86 needs no atomic pool (no DMA_DIRECT_REMAP): same linear-map path as GFP_KERNEL', () => {
    const r = go(x86(), [alloc('8KiB', { gfp: 'GFP_ATOMIC' })]);
    expect(r.last.pools).toEqual([]);
    expect(bufferOfStep(r, 0).path).toBe('dma-direct');
    expect(bufferOfStep(r, 0).cpu.kind).toBe('linear');
  });

  it('ENOMEM when memory runs out: alloc_pages fails with warn_alloc "page allocation failure: order:10"', () => {
    const r = go(x86(dev(), { ramMiB: 256 }), [
      { op: 'fragment_memory', seed: 1, percent: 95 },
      alloc('4MiB'),
    ]);
    const out = r.outs[1]!;
    expect(out.result.ok).toBe(false);
    if (!out.result.ok) expect(out.result.error.code).toBe('ENOMEM');
    expect(messagesOf(out).some((m) => m.includes('page allocation failure: order:10'))).toBe(true);
    expect(metricsOf(r.last)).toEqual(metricsOf(r.states[1]!));
  });

  it('zonelist fallback: when ZONE_NORMAL is exhausted a 64-bit device is served from ZONE_DMA32 (__alloc_pages walks the zonelist)', () => {
    // 5 GiB: ZONE_NORMAL is [4 GiB, 5 GiB) = 256 blocks of 4 MiB.
    const ops: Op[] = Array.from({ length: 257 }, (_, i) => alloc('4MiB', { as: `b${i}` }));
    const r = run(x86(dev({ dmaMaskBits: 64 }), { ramMiB: 5120 }), ops, 64);
    expect(bufferOfStep(r, 255).zone).toBe('Normal');
    expect(bufferOfStep(r, 256).zone).toBe('DMA32');
    expect(r.last.zones.find((z) => z.name === 'Normal')!.freePages).toBe(0);
    for (const k of [0, 100, 255, 256, 257])
      expect(JSON.stringify(metricsOf(r.history.at(k)))).toBe(JSON.stringify(metricsOf(r.states[k]!)));
  });
});

describe('§5 arm64 dma-direct, coherent', () => {
  it('dma_direct_alloc takes CMA first (dma_alloc_contiguous) and returns the cacheable linear address, no vmalloc', () => {
    const r = go(arm64(), [alloc('64KiB')]);
    const b = bufferOfStep(r, 0);
    expect(callsOf(r.outs[0]!)).toEqual([
      'dma_alloc_attrs',
      'dma_direct_alloc',
      '__dma_direct_alloc_pages',
      'dma_alloc_contiguous',
      'cma_alloc',
    ]);
    expect(b.source).toBe('cma');
    expect(b.cpu.kind).toBe('linear');
    expect(b.cpu.memtype).toBe('cached');
    expect(b.vmallocPage).toBeNull();
  });

  it('dma_alloc_contiguous does not use the default CMA area for a single page: the buddy allocator serves it', () => {
    const r = go(arm64(), [alloc('4KiB')]);
    expect(bufferOfStep(r, 0).source).toBe('buddy');
    expect(messagesOf(r.outs[0]!).some((m) => m.includes('one page or less'))).toBe(true);
  });

  it('NO_KERNEL_MAPPING on a coherent arm64 device still cleans the linear alias (arch_dma_prep_coherent = dcache_clean_poc)', () => {
    const r = go(arm64(), [alloc('64KiB', { attrs: ['DMA_ATTR_NO_KERNEL_MAPPING'] })]);
    const clean = eventsOf(r.outs[0]!, 'cacheMaintained');
    expect(clean.map((e) => [e.op, e.alias, e.bytes])).toEqual([['clean', 'linear', 64 * 1024]]);
    expect(bufferOfStep(r, 0).cpu.kind).toBe('cookie');
  });

  it('CMA alignment is min(get_order(size), CONFIG_CMA_ALIGNMENT = 8): a 3-page buffer starts on a 4-page boundary, a 4 MiB one on 1 MiB', () => {
    const r = go(arm64(), [
      alloc('4KiB', { as: 'x' }),
      alloc('12KiB', { as: 'y' }),
      alloc('4MiB', { as: 'z' }),
    ]);
    const cma = r.last.cma!;
    const y = bufferOfStep(r, 1);
    const z = bufferOfStep(r, 2);
    expect(y.source).toBe('cma');
    expect((y.extents[0]!.pfn - cma.basePfn) % 4).toBe(0);
    expect((z.extents[0]!.pfn - cma.basePfn) % 256).toBe(0);
  });
});

describe('§6 arm64 dma-direct, non-coherent', () => {
  const nc = arm64(dev({ coherent: false }));

  it('dma_direct_alloc on a non-coherent arm64 device remaps into vmalloc with pgprot_dmacoherent and cleans the linear alias (arch_dma_prep_coherent)', () => {
    const r = go(nc, [alloc('64KiB')]);
    const out = r.outs[0]!;
    expect(callsOf(out)).toEqual([
      'dma_alloc_attrs',
      'dma_direct_alloc',
      '__dma_direct_alloc_pages',
      'dma_alloc_contiguous',
      'cma_alloc',
      'arch_dma_prep_coherent',
      'dma_common_contiguous_remap',
      'vmap',
    ]);
    const b = bufferOfStep(r, 0);
    expect(b.cpu.kind).toBe('vmalloc');
    expect(b.cpu.memtype).toBe('write-combine');
    expect(b.cpu.pgprot).toContain('MT_NORMAL_NC');
    expect(b.hasLinearAlias).toBe(true);
    expect(eventsOf(out, 'cacheMaintained').map((e) => [e.op, e.alias])).toEqual([['clean', 'linear']]);
    // vmap: N pages + 1 guard page (fact sheet §10.2).
    expect(eventsOf(out, 'vmallocReserved')[0]!.guardPages).toBe(1);
    expect(metricsOf(r.last).vmallocUsedBytes - metricsOf(r.states[0]!).vmallocUsedBytes).toBe(17 * PAGE);
    expect(eventsOf(out, 'pagesZeroed')[0]!.via).toBe('vmalloc');
  });

  it('GFP_ATOMIC cannot sleep in vmap: dma_direct_alloc_from_pool hands out a chunk of the pre-mapped atomic pool (no new vmalloc)', () => {
    const r = go(nc, [alloc('16KiB', { gfp: 'GFP_ATOMIC' })]);
    const b = bufferOfStep(r, 0);
    expect(r.outs[0]!.calls).toContain('dma_direct_alloc_from_pool');
    expect(b.source).toBe('atomic_pool');
    expect(b.cpu.kind).toBe('pool');
    expect(b.cpu.memtype).toBe('write-combine');
    const m0 = metricsOf(r.states[0]!);
    const m1 = metricsOf(r.last);
    expect(m1.vmallocUsedBytes).toBe(m0.vmallocUsedBytes);
    expect(m1.atomicPoolUsedBytes - m0.atomicPoolUsedBytes).toBe(4 * PAGE);
  });

  it('dma_alloc_from_pool fails with WARN "Failed to get suitable pool for d" when the pools are too small: ENOMEM', () => {
    const r = go(nc, [alloc('1MiB', { gfp: 'GFP_ATOMIC' })]);
    const out = r.outs[0]!;
    expect(out.result.ok ? null : out.result.error.code).toBe('ENOMEM');
    expect(messagesOf(out)).toContain('WARNING: Failed to get suitable pool for d');
  });

  it('DMA_ATTR_NO_KERNEL_MAPPING: dma_direct_alloc_no_mapping cleans the linear alias, no vmap, no zeroing, page cookie', () => {
    const r = go(nc, [alloc('64KiB', { attrs: ['DMA_ATTR_NO_KERNEL_MAPPING'] })]);
    const out = r.outs[0]!;
    const b = bufferOfStep(r, 0);
    expect(b.cpu.kind).toBe('cookie');
    expect(out.calls).not.toContain('vmap');
    expect(eventsOf(out, 'cacheMaintained').map((e) => e.op)).toEqual(['clean']);
    expect(eventsOf(out, 'pagesZeroed')).toEqual([]);
    expect(metricsOf(r.last).vmallocUsedBytes).toBe(metricsOf(r.states[0]!).vmallocUsedBytes);
  });

  it('DMA_ATTR_WRITE_COMBINE: arm64 lacks ARCH_HAS_DMA_WRITE_COMBINE, dma_pgprot gives pgprot_dmacoherent (already Normal-NC)', () => {
    const r = go(nc, [alloc('8KiB', { attrs: ['DMA_ATTR_WRITE_COMBINE'] })]);
    expect(eventsOf(r.outs[0]!, 'attrIgnored').map((e) => e.attr)).toEqual(['DMA_ATTR_WRITE_COMBINE']);
    expect(bufferOfStep(r, 0).cpu.pgprot).toContain('pgprot_dmacoherent');
  });

  it('DMA_ATTR_NO_WARN adds __GFP_NOWARN: a failing allocation prints neither cma_alloc nor warn_alloc lines', () => {
    const big = alloc('64MiB');
    const loud = go(nc, [big]);
    expect(loud.outs[0]!.result.ok).toBe(false);
    expect(messagesOf(loud.outs[0]!).some((m) => m.includes('cma_alloc'))).toBe(true);
    const quiet = go(nc, [alloc('64MiB', { attrs: ['DMA_ATTR_NO_WARN'] })]);
    const out = quiet.outs[0]!;
    expect(out.result.ok ? null : out.result.error.code).toBe('ENOMEM');
    expect(eventsOf(out, 'kernelMessage').filter((e) => e.level !== 'info')).toEqual([]);
  });

  it(`an order above MAX_PAGE_ORDER (${MAX_PAGE_ORDER}) fails in __alloc_pages after CMA could not serve it: ENOMEM`, () => {
    const r = go(nc, [alloc('32MiB')]);
    expect(r.outs[0]!.result.ok).toBe(false);
    expect(metricsOf(r.last)).toEqual(metricsOf(r.states[0]!));
  });

  it('CMA exhaustion falls back to the buddy allocator (__dma_direct_alloc_pages after dma_alloc_contiguous fails)', () => {
    const r = go(nc, [
      alloc('4MiB', { as: 'a1' }),
      alloc('4MiB', { as: 'a2' }),
      alloc('4MiB', { as: 'a3' }),
      alloc('4MiB', { as: 'a4' }),
    ]);
    const sources = [0, 1, 2, 3].map((i) => bufferOfStep(r, i).source);
    expect(sources.slice(0, 3)).toEqual(['cma', 'cma', 'cma']);
    expect(sources[3]).toBe('buddy');
  });
});

describe('§6.5 riscv64 dma-direct, non-coherent', () => {
  it('dma_direct_alloc remaps with pgprot_dmacoherent = pgprot_noncached (Svpbmt IO) after arch_dma_prep_coherent flushes (CMO FLUSH)', () => {
    const r = go({ arch: 'riscv64', ramMiB: 1024, devices: [dev({ coherent: false })] }, [alloc('64KiB')]);
    const b = bufferOfStep(r, 0);
    expect(b.cpu.kind).toBe('vmalloc');
    expect(b.cpu.memtype).toBe('uncached');
    expect(eventsOf(r.outs[0]!, 'cacheMaintained').map((e) => e.op)).toEqual(['flush']);
  });
});

describe('§7.2 arm32 __dma_alloc (non-coherent, via arch_dma_alloc)', () => {
  it('cma_allocator on lowmem CMA rewrites the linear-map PTEs in place (__dma_remap): one mapping, no vmalloc', () => {
    const r = go(arm32(), [alloc('64KiB')]);
    const out = r.outs[0]!;
    expect(callsOf(out)).toEqual([
      'dma_alloc_attrs',
      'dma_direct_alloc',
      'arch_dma_alloc',
      '__dma_alloc',
      '__alloc_from_contiguous',
      'dma_alloc_from_contiguous',
      'cma_alloc',
      '__dma_clear_buffer',
      '__dma_remap',
    ]);
    const b = bufferOfStep(r, 0);
    expect(b.cpu.kind).toBe('linear');
    expect(b.linearRewrite?.pgprot).toContain('pgprot_dmacoherent');
    expect(b.hasLinearAlias).toBe(false);
    expect(eventsOf(out, 'linearPtesChanged')).toHaveLength(1);
    expect(r.last.linearRewrites.map((x) => x.owner)).toContain(b.id);
    expect(metricsOf(r.last).vmallocUsedBytes).toBe(metricsOf(r.states[0]!).vmallocUsedBytes);
  });

  it('cma_allocator with DMA_ATTR_WRITE_COMBINE rewrites the linear map with pgprot_writecombine (__get_dma_pgprot)', () => {
    const r = go(arm32(), [alloc('64KiB', { attrs: ['DMA_ATTR_WRITE_COMBINE'] })]);
    expect(bufferOfStep(r, 0).linearRewrite?.pgprot).toContain('pgprot_writecombine');
  });

  it('cma_allocator on highmem CMA (1 GiB board: cma_declare_contiguous_nid tries highmem first) remaps into vmalloc', () => {
    const r = go(arm32(dev({ coherent: false }), { ramMiB: 1024 }), [alloc('64KiB')]);
    const b = bufferOfStep(r, 0);
    expect(b.zone).toBe('HighMem');
    expect(b.cpu.kind).toBe('vmalloc');
    expect(b.linearRewrite).toBeNull();
    expect(metricsOf(r.last).vmallocUsedBytes - metricsOf(r.states[0]!).vmallocUsedBytes).toBe(17 * PAGE);
  });

  it('remap_allocator (no CMA): split_page frees the excess of the order block, vmap N+1 pages, the cacheable linear alias stays', () => {
    const r = go(arm32(dev({ coherent: false }), { cmaMiB: 0 }), [alloc('20KiB')]);
    const out = r.outs[0]!;
    const b = bufferOfStep(r, 0);
    expect(out.calls).toContain('__alloc_remap_buffer');
    expect(b.pagesHeld).toBe(5);
    expect(eventsOf(out, 'pagesFreed')[0]!.ranges).toEqual([{ pfn: b.extents[0]!.pfn + 5, count: 3 }]);
    expect(b.cpu.kind).toBe('vmalloc');
    expect(b.hasLinearAlias).toBe(true);
    expect(eventsOf(out, 'cacheMaintained').map((e) => [e.op, e.fn])).toEqual([
      ['flush', 'dmac_flush_range'],
    ]);
    expect(metricsOf(r.last).vmallocUsedBytes - metricsOf(r.states[0]!).vmallocUsedBytes).toBe(6 * PAGE);
    expect(metricsOf(r.last).ramUsedBytes - metricsOf(r.states[0]!).ramUsedBytes).toBe(5 * PAGE);
  });

  it('remap_allocator with DMA_ATTR_WRITE_COMBINE maps the vmalloc alias with pgprot_writecombine', () => {
    const r = go(arm32(dev({ coherent: false }), { cmaMiB: 0 }), [
      alloc('8KiB', { attrs: ['DMA_ATTR_WRITE_COMBINE'] }),
    ]);
    expect(bufferOfStep(r, 0).cpu.pgprot).toContain('pgprot_writecombine');
  });

  it('pool_allocator serves GFP_ATOMIC from the 256 KiB arm atomic pool and fails silently (NULL) when it is full', () => {
    const r = go(arm32(), [
      alloc('128KiB', { gfp: 'GFP_ATOMIC', as: 'p1' }),
      alloc('128KiB', { gfp: 'GFP_ATOMIC', as: 'p2' }),
      alloc('4KiB', { gfp: 'GFP_ATOMIC', as: 'p3' }),
    ]);
    expect(r.last.pools.map((p) => [p.name, p.pages])).toEqual([['arm_atomic_pool', 64]]);
    expect(bufferOfStep(r, 0).source).toBe('arm_atomic_pool');
    expect(r.outs[0]!.calls).toContain('__alloc_from_pool');
    const out = r.outs[2]!;
    expect(out.result.ok ? null : out.result.error.code).toBe('ENOMEM');
    expect(metricsOf(r.last).vmallocUsedBytes).toBe(metricsOf(r.states[0]!).vmallocUsedBytes);
  });

  it('DMA_ATTR_NO_KERNEL_MAPPING is handled by dma_direct_alloc before arch_dma_alloc (v6.0+): cookie, no remap, no linear rewrite, and arm32 has no arch_dma_prep_coherent', () => {
    const r = go(arm32(), [alloc('64KiB', { attrs: ['DMA_ATTR_NO_KERNEL_MAPPING'] })]);
    const out = r.outs[0]!;
    expect(out.calls).not.toContain('arch_dma_alloc');
    expect(out.calls).toContain('dma_direct_alloc_no_mapping');
    const b = bufferOfStep(r, 0);
    expect(b.cpu.kind).toBe('cookie');
    expect(b.linearRewrite).toBeNull();
    expect(eventsOf(out, 'cacheMaintained')).toEqual([]);
    expect(eventsOf(out, 'linearPtesChanged')).toEqual([]);
  });

  it('a coherent arm32 device uses dma-direct (linear, cacheable), not the __dma_alloc allocators', () => {
    const r = go(arm32(dev({ coherent: true })), [alloc('8KiB')]);
    expect(r.outs[0]!.calls).not.toContain('arch_dma_alloc');
    expect(bufferOfStep(r, 0).cpu.kind).toBe('linear');
    expect(bufferOfStep(r, 0).cpu.memtype).toBe('cached');
  });

  it('vmalloc space runs out (alloc_vmap_area: "vmap allocation for size ... failed"): ENOMEM and the pages go back', () => {
    const ops = [0, 1, 2, 3, 4].map((i) => alloc('4MiB', { as: `v${i}` }));
    const r = go(arm32(dev({ coherent: false }), { ramMiB: 1024, cmaMiB: 0, vmallocMiB: 16 }), ops);
    const failed = r.outs.findIndex((o) => !o.result.ok);
    expect(failed).toBeGreaterThan(0);
    const out = r.outs[failed]!;
    expect(out.result.ok ? null : out.result.error.code).toBe('ENOMEM');
    expect(
      messagesOf(out).some((m) =>
        /vmap allocation for size \d+ failed: use vmalloc=<size> to increase size/.test(m),
      ),
    ).toBe(true);
    expect(metricsOf(r.states[failed + 1]!)).toEqual(metricsOf(r.states[failed]!));
  });
});

describe('§7.6 arm32 IOMMU (arm_iommu_alloc_attrs)', () => {
  const io = arm32(dev({ coherent: false, iommu: true }), { ramMiB: 1024 });
  const orders = (r: ReturnType<typeof go>, i = 0) =>
    eventsOf(r.outs[i]!, 'pagesAllocated').flatMap((e) =>
      Array.from({ length: e.allocations ?? 1 }, () => e.order),
    );

  it('__iommu_alloc_buffer tries orders {9, 8, 4, 0}: 1 MiB + 68 KiB is built from orders 8, 4, 0', () => {
    const r = go(io, [alloc(`${1024 + 68}KiB`)]);
    expect(orders(r)).toEqual([8, 4, 0]);
    expect(eventsOf(r.outs[0]!, 'cacheMaintained').every((e) => e.op === 'flush')).toBe(true);
  });

  it('a 3 MiB buffer takes an order-9 then an order-8 chunk, maps them with one bitmap IOVA at the aperture start, no IOMMU_CACHE', () => {
    const r = go(io, [alloc('3MiB')]);
    expect(orders(r)).toEqual([9, 8]);
    const b = bufferOfStep(r, 0);
    expect(b.iommu?.prot).toEqual(['IOMMU_READ', 'IOMMU_WRITE']);
    expect(b.dmaAddr).toBe(0x10000000);
    expect(b.cpu.kind).toBe('vmalloc');
    expect(metricsOf(r.last).vmallocUsedBytes - metricsOf(r.states[0]!).vmallocUsedBytes).toBe(769 * PAGE);
  });

  it('DMA_ATTR_ALLOC_SINGLE_PAGES starts at order 0: every chunk is one page', () => {
    const r = go(io, [alloc('64KiB', { attrs: ['DMA_ATTR_ALLOC_SINGLE_PAGES'] })]);
    expect(orders(r)).toEqual(Array(16).fill(0));
  });

  it('DMA_ATTR_NO_KERNEL_MAPPING returns the struct page ** array as the cookie (__iommu_get_pages), no vmalloc', () => {
    const r = go(io, [alloc('64KiB', { attrs: ['DMA_ATTR_NO_KERNEL_MAPPING'] })]);
    const b = bufferOfStep(r, 0);
    expect(b.cpu.cookie).toBe('struct page **');
    expect(metricsOf(r.last).vmallocUsedBytes).toBe(metricsOf(r.states[0]!).vmallocUsedBytes);
  });

  it('DMA_ATTR_PRIVILEGED adds IOMMU_PRIV (__dma_info_to_prot)', () => {
    const r = go(io, [alloc('8KiB', { attrs: ['DMA_ATTR_PRIVILEGED'] })]);
    expect(bufferOfStep(r, 0).iommu?.prot).toContain('IOMMU_PRIV');
  });

  it('DMA_ATTR_FORCE_CONTIGUOUS takes the buffer from CMA (dma_alloc_from_contiguous): one physical extent', () => {
    const r = go(io, [alloc('1MiB', { attrs: ['DMA_ATTR_FORCE_CONTIGUOUS'] })]);
    const b = bufferOfStep(r, 0);
    expect(b.source).toBe('cma');
    expect(b.extents).toHaveLength(1);
  });

  it('GFP_ATOMIC goes to __iommu_alloc_simple: the atomic pool, then one IOVA mapping', () => {
    const r = go(io, [alloc('16KiB', { gfp: 'GFP_ATOMIC' })]);
    const b = bufferOfStep(r, 0);
    expect(r.outs[0]!.calls).toContain('__iommu_alloc_simple');
    expect(b.source).toBe('arm_atomic_pool');
    expect(b.iommu).not.toBeNull();
  });
});

describe('§8.3 dma-iommu (iommu_dma_alloc) on arm64', () => {
  const io = arm64(dev({ coherent: false, iommu: true }));
  const orders = (r: ReturnType<typeof go>, i = 0) =>
    eventsOf(r.outs[i]!, 'pagesAllocated').flatMap((e) =>
      Array.from({ length: e.allocations ?? 1 }, () => e.order),
    );

  it('blocking, not FORCE_CONTIGUOUS: scattered pages of the pgsize_bitmap orders (2 MiB, then 4 KiB; never 64 KiB), one IOVA, a vmap of N+1 pages', () => {
    const r = go(io, [alloc(`${2048 + 12}KiB`)]);
    expect(orders(r)).toEqual([9, 0, 0, 0]);
    const b = bufferOfStep(r, 0);
    expect(b.path).toContain('scattered');
    expect(b.cpu.kind).toBe('vmalloc');
    expect(metricsOf(r.last).vmallocUsedBytes - metricsOf(r.states[0]!).vmallocUsedBytes).toBe(516 * PAGE);
    expect(b.iommu?.prot).toEqual(['IOMMU_READ', 'IOMMU_WRITE']);
    expect(eventsOf(r.outs[0]!, 'cacheMaintained').map((e) => e.op)).toEqual(['clean']);
  });

  it('IOVA: top-down from the 32-bit DMA limit, size rounded to a power of two under 32 granules and aligned to it (alloc_iova_fast)', () => {
    const r = go(io, [alloc('20KiB', { as: 'a1' }), alloc('12KiB', { as: 'a2' })]);
    const a = bufferOfStep(r, 0).iommu!;
    const b = bufferOfStep(r, 1).iommu!;
    expect([a.iovaPfn, a.pages]).toEqual([2 ** 20 - 8, 8]);
    expect([b.iovaPfn, b.pages]).toEqual([2 ** 20 - 12, 4]);
  });

  it('IOVA of 32 granules or more is not rounded but still aligned to roundup_pow_of_two(len)', () => {
    const r = go(io, [alloc(`${33 * 4}KiB`)]);
    const m = bufferOfStep(r, 0).iommu!;
    expect(m.pages).toBe(33);
    expect(m.iovaPfn % 64).toBe(0);
    expect(m.iovaPfn + 33).toBeLessThanOrEqual(2 ** 20);
  });

  it('a coherent device gets IOMMU_CACHE and a cacheable vmap; no arch_dma_prep_coherent', () => {
    const r = go(arm64(dev({ coherent: true, iommu: true })), [alloc('64KiB')]);
    const b = bufferOfStep(r, 0);
    expect(b.iommu?.prot).toContain('IOMMU_CACHE');
    expect(b.cpu.memtype).toBe('cached');
    expect(eventsOf(r.outs[0]!, 'cacheMaintained')).toEqual([]);
  });

  it('DMA_ATTR_FORCE_CONTIGUOUS takes iommu_dma_alloc_pages: CMA, remapped for a non-coherent device after arch_dma_prep_coherent', () => {
    const r = go(io, [alloc('64KiB', { attrs: ['DMA_ATTR_FORCE_CONTIGUOUS'] })]);
    const b = bufferOfStep(r, 0);
    expect(r.outs[0]!.calls).toContain('iommu_dma_alloc_pages');
    expect(b.source).toBe('cma');
    expect(b.extents).toHaveLength(1);
    expect(b.cpu.kind).toBe('vmalloc');
    expect(eventsOf(r.outs[0]!, 'cacheMaintained').map((e) => e.op)).toEqual(['clean']);
  });

  it('DMA_ATTR_FORCE_CONTIGUOUS on a coherent device returns the linear address (page_address), no vmalloc', () => {
    const r = go(arm64(dev({ coherent: true, iommu: true })), [
      alloc('64KiB', { attrs: ['DMA_ATTR_FORCE_CONTIGUOUS'] }),
    ]);
    expect(bufferOfStep(r, 0).cpu.kind).toBe('linear');
    expect(metricsOf(r.last).vmallocUsedBytes).toBe(metricsOf(r.states[0]!).vmallocUsedBytes);
  });

  it('GFP_ATOMIC on a non-coherent device: an atomic pool chunk, then __iommu_dma_map', () => {
    const r = go(io, [alloc('16KiB', { gfp: 'GFP_ATOMIC' })]);
    const b = bufferOfStep(r, 0);
    expect(b.source).toBe('atomic_pool');
    expect(r.outs[0]!.calls).toContain('__iommu_dma_map');
    expect(b.iommu).not.toBeNull();
  });

  it('DMA_ATTR_NO_KERNEL_MAPPING is not looked at by iommu_dma_alloc: attrIgnored, still a vmalloc address', () => {
    const r = go(io, [alloc('64KiB', { attrs: ['DMA_ATTR_NO_KERNEL_MAPPING'] })]);
    expect(eventsOf(r.outs[0]!, 'attrIgnored').map((e) => e.attr)).toContain('DMA_ATTR_NO_KERNEL_MAPPING');
    expect(bufferOfStep(r, 0).cpu.kind).toBe('vmalloc');
  });

  it('DMA_ATTR_ALLOC_SINGLE_PAGES: alloc_sizes = the minimum IOMMU page size only', () => {
    const r = go(io, [alloc('2MiB', { attrs: ['DMA_ATTR_ALLOC_SINGLE_PAGES'] })]);
    expect(orders(r)).toEqual(Array(512).fill(0));
  });

  it('DMA_ATTR_PRIVILEGED adds IOMMU_PRIV (dma_info_to_prot)', () => {
    const r = go(io, [alloc('8KiB', { attrs: ['DMA_ATTR_PRIVILEGED'] })]);
    expect(bufferOfStep(r, 0).iommu?.prot).toContain('IOMMU_PRIV');
  });
});

describe('attributes that do nothing for coherent allocation, and the wrappers', () => {
  it('DMA_ATTR_SKIP_CPU_SYNC and DMA_ATTR_WEAK_ORDERING are accepted with an attrIgnored event and change nothing', () => {
    const plain = go(arm64(dev({ coherent: false })), [alloc('8KiB')]);
    const r = go(arm64(dev({ coherent: false })), [
      alloc('8KiB', { attrs: ['DMA_ATTR_SKIP_CPU_SYNC', 'DMA_ATTR_WEAK_ORDERING'] }),
    ]);
    expect(
      eventsOf(r.outs[0]!, 'attrIgnored')
        .map((e) => e.attr)
        .sort(),
    ).toEqual(['DMA_ATTR_SKIP_CPU_SYNC', 'DMA_ATTR_WEAK_ORDERING']);
    expect(metricsOf(r.last)).toEqual(metricsOf(plain.last));
  });

  it('dma-direct ignores FORCE_CONTIGUOUS, ALLOC_SINGLE_PAGES and PRIVILEGED (always contiguous, no IOMMU prot)', () => {
    const r = go(arm64(), [
      alloc('64KiB', {
        attrs: ['DMA_ATTR_FORCE_CONTIGUOUS', 'DMA_ATTR_ALLOC_SINGLE_PAGES', 'DMA_ATTR_PRIVILEGED'],
      }),
    ]);
    expect(
      eventsOf(r.outs[0]!, 'attrIgnored')
        .map((e) => e.attr)
        .sort(),
    ).toEqual(['DMA_ATTR_ALLOC_SINGLE_PAGES', 'DMA_ATTR_FORCE_CONTIGUOUS', 'DMA_ATTR_PRIVILEGED']);
  });

  it('dma_alloc_wc() is dma_alloc_attrs with DMA_ATTR_WRITE_COMBINE (include/linux/dma-mapping.h)', () => {
    const r = go(arm32(dev({ coherent: false }), { cmaMiB: 0 }), [
      { op: 'dma_alloc_wc', dev: 'd', size: '8KiB', as: 'a' } as Op,
    ]);
    const b = bufferOfStep(r, 0);
    expect(b.attrs).toEqual(['DMA_ATTR_WRITE_COMBINE']);
    expect(b.cpu.pgprot).toContain('pgprot_writecombine');
  });

  it('dma_alloc_coherent() passes DMA_ATTR_NO_WARN iff the gfp carries __GFP_NOWARN', () => {
    const r = go(x86(), [
      { op: 'dma_alloc_coherent', dev: 'd', size: '4KiB', gfp: 'GFP_KERNEL|__GFP_NOWARN', as: 'a' } as Op,
      { op: 'dma_alloc_coherent', dev: 'd', size: '4KiB', as: 'b' } as Op,
    ]);
    expect(bufferOfStep(r, 0).attrs).toEqual(['DMA_ATTR_NO_WARN']);
    expect(bufferOfStep(r, 1).attrs).toEqual([]);
  });

  it('dma_alloc_attrs refuses __GFP_COMP (WARN_ON_ONCE, NULL) and strips zone modifiers (the implementation picks the zone)', () => {
    const r = go(x86(), [
      alloc('8KiB', { gfp: 'GFP_KERNEL|__GFP_COMP', as: 'c' }),
      alloc('8KiB', { gfp: 'GFP_KERNEL|__GFP_DMA', as: 'z' }),
    ]);
    expect(r.outs[0]!.result.ok).toBe(false);
    expect(bufferOfStep(r, 1).zone).toBe('DMA32');
    expect(messagesOf(r.outs[1]!).some((m) => m.includes('strips __GFP_DMA'))).toBe(true);
  });
});
