// Derived views of a state: what the report, the UI panels and the invariants read. Nothing here
// changes state; everything a user sees is computed from the model through these functions.
import { hexAddr } from './arch/profiles';
import { freeBlocks } from './mm/buddy';
import { usedSize } from './mm/spans';
import type { BufferRec, MachineState } from './state';
import type { MemType, PfnRange } from './types';

export interface BufferView {
  readonly id: string;
  readonly name: string | null;
  readonly kind: BufferRec['kind'];
  readonly dev: string | null;
  readonly size: number;
  readonly pages: number;
  readonly pagesHeld: number;
  readonly physContiguous: boolean;
  readonly source: string;
  readonly path: string;
  readonly allocFn: string;
  readonly attrs: readonly string[];
  readonly gfp: string;
  readonly zone: string | null;
  readonly physRanges: ReadonlyArray<{ readonly phys: string; readonly pages: number }>;
  readonly cpuAddr: {
    readonly kind: string;
    readonly address: string;
    readonly memtype: MemType | null;
    readonly pgprot: string | null;
    readonly cookie?: string;
  };
  /** The cacheable linear-map alias of the pages, when one exists next to another mapping. */
  readonly linearAlias?: { readonly address: string; readonly memtype: MemType; readonly pgprot: string };
  readonly dmaAddr: string | null;
  readonly iommu: { readonly iova: string; readonly size: number; readonly prot: readonly string[] } | null;
  readonly userMappings: ReadonlyArray<{
    readonly process: string;
    readonly vma: string;
    readonly start: string;
    readonly pages: number;
    readonly memtype: MemType;
    readonly pgprot: string;
  }>;
  readonly zeroed: boolean;
  readonly live: boolean;
}

export function bufferView(s: MachineState, b: BufferRec): BufferView {
  const ps = s.profile.pageSize;
  const first = b.extents[0];
  const linearAlias =
    b.hasLinearAlias && first && b.cpu.kind !== 'linear'
      ? {
          address: hexAddr(s.profile, s.profile.linearBase + BigInt((first.pfn - s.ramStartPfn) * ps)),
          memtype: s.profile.pgprot.kernel.memtype,
          pgprot: s.profile.pgprot.kernel.name,
        }
      : undefined;
  return {
    id: b.id,
    name: b.name,
    kind: b.kind,
    dev: b.dev,
    size: b.size,
    pages: b.pages,
    pagesHeld: b.pagesHeld,
    physContiguous: b.extents.length === 1,
    source: b.source,
    path: b.path,
    allocFn: b.allocFn,
    attrs: b.attrs,
    gfp: b.gfp,
    zone: b.zone,
    physRanges: b.extents.map((r) => ({ phys: hexAddr(s.profile, r.pfn * ps), pages: r.count })),
    cpuAddr: {
      kind: b.cpu.kind,
      address: b.cpu.address,
      memtype: b.cpu.memtype,
      pgprot: b.cpu.pgprot,
      ...(b.cpu.cookie ? { cookie: b.cpu.cookie } : {}),
    },
    ...(linearAlias ? { linearAlias } : {}),
    dmaAddr: b.dmaAddr === null ? null : hexAddr(s.profile, b.dmaAddr),
    iommu: b.iommu
      ? { iova: hexAddr(s.profile, b.iommu.iovaPfn * ps), size: b.iommu.pages * ps, prot: b.iommu.prot }
      : null,
    userMappings: b.vmas
      .map((id) => s.vmas.get(id)!)
      .filter((v) => v.live)
      .map((v) => ({
        process: v.process,
        vma: v.name ?? v.id,
        start: hexAddr(s.profile, v.start),
        pages: v.pages,
        memtype: v.memtype,
        pgprot: v.pgprot,
      })),
    zeroed: b.zeroed,
    live: b.live,
  };
}

export interface Metrics {
  readonly ramTotalBytes: number;
  readonly ramUsedBytes: number;
  readonly vmallocTotalBytes: number;
  readonly vmallocUsedBytes: number;
  readonly cmaTotalBytes: number;
  readonly cmaUsedBytes: number;
  readonly atomicPoolTotalBytes: number;
  readonly atomicPoolUsedBytes: number;
  readonly swiotlbTotalSlots: number;
  readonly swiotlbUsedSlots: number;
  readonly iommuMappedBytes: number;
  readonly cacheCleanBytes: number;
  readonly cacheInvalidateBytes: number;
  readonly cacheFlushBytes: number;
  readonly bounceCopyBytes: number;
  readonly liveBuffers: number;
  /** Streaming mappings not yet unmapped. */
  readonly liveMappings: number;
  /** CPU cache lines held, and how many of them are dirty. */
  readonly cacheLines: number;
  readonly dirtyLines: number;
  /** dma-debug errors reported so far (every one, as with all_errors). */
  readonly dmaDebugErrors: number;
}

export function metricsOf(s: MachineState): Metrics {
  const ps = s.profile.pageSize;
  const ramPages = s.ramEndPfn - s.ramStartPfn;
  const buddyFree = s.zones.reduce((n, z) => n + z.freePages, 0);
  const cmaFree = s.cma ? s.cma.pages - usedSize(s.cma.spans) : 0;
  let iommuPages = 0;
  for (const d of s.domains.values())
    for (const e of d.ptes.values()) for (const r of e.ranges) iommuPages += r.count;
  let live = 0;
  for (const b of s.buffers.values()) if (b.live) live++;
  let liveMappings = 0;
  for (const m of s.mappings.values()) if (m.live) liveMappings++;
  let dirtyLines = 0;
  for (const c of s.cache.values()) if (c.dirty) dirtyLines++;
  return {
    ramTotalBytes: ramPages * ps,
    ramUsedBytes: (ramPages - buddyFree - cmaFree) * ps,
    vmallocTotalBytes: s.vmalloc.totalPages * ps,
    vmallocUsedBytes: usedSize(s.vmalloc.spans) * ps,
    cmaTotalBytes: (s.cma?.pages ?? 0) * ps,
    cmaUsedBytes: (s.cma ? usedSize(s.cma.spans) : 0) * ps,
    atomicPoolTotalBytes: s.pools.reduce((n, p) => n + p.pages, 0) * ps,
    atomicPoolUsedBytes: s.pools.reduce((n, p) => n + usedSize(p.spans), 0) * ps,
    swiotlbTotalSlots: s.swiotlb?.slots ?? 0,
    swiotlbUsedSlots: s.swiotlb ? usedSize(s.swiotlb.spans) : 0,
    iommuMappedBytes: iommuPages * ps,
    cacheCleanBytes: s.counters.cacheCleanBytes,
    cacheInvalidateBytes: s.counters.cacheInvalidateBytes,
    cacheFlushBytes: s.counters.cacheFlushBytes,
    bounceCopyBytes: s.counters.bounceCopyBytes,
    liveBuffers: live,
    liveMappings,
    cacheLines: s.cache.size,
    dirtyLines,
    dmaDebugErrors: s.debug.errors.length,
  };
}

export type PageKind = 'free' | 'kernel' | 'cma-free' | 'swiotlb' | 'buffer' | 'fragment' | 'pool-free';

export interface PageRun extends PfnRange {
  readonly kind: PageKind;
  /** Buffer id, pool name or reservation name. */
  readonly owner: string;
}

/** Every page of RAM exactly once, as runs by owner: the page map the stage draws. */
export function pageRuns(s: MachineState): PageRun[] {
  const runs: PageRun[] = [];
  for (const z of s.zones)
    for (const f of freeBlocks(z)) runs.push({ pfn: f.pfn, count: f.count, kind: 'free', owner: 'free' });
  for (const r of s.reserved) {
    if (r.owner === 'kernel') runs.push({ pfn: r.start, count: r.size, kind: 'kernel', owner: 'kernel' });
    if (r.owner === 'swiotlb') runs.push({ pfn: r.start, count: r.size, kind: 'swiotlb', owner: 'swiotlb' });
  }
  if (s.cma) {
    let cursor = 0;
    for (const sp of s.cma.spans) {
      if (sp.start > cursor)
        runs.push({ pfn: s.cma.basePfn + cursor, count: sp.start - cursor, kind: 'cma-free', owner: 'cma' });
      cursor = sp.start + sp.size;
    }
    if (cursor < s.cma.pages)
      runs.push({ pfn: s.cma.basePfn + cursor, count: s.cma.pages - cursor, kind: 'cma-free', owner: 'cma' });
  }
  const poolPfns = new Set<number>();
  for (const p of s.pools) {
    poolPfns.add(p.basePfn);
    let cursor = 0;
    for (const sp of p.spans) {
      if (sp.start > cursor)
        runs.push({ pfn: p.basePfn + cursor, count: sp.start - cursor, kind: 'pool-free', owner: p.name });
      runs.push({ pfn: p.basePfn + sp.start, count: sp.size, kind: 'buffer', owner: sp.owner });
      cursor = sp.start + sp.size;
    }
    if (cursor < p.pages)
      runs.push({ pfn: p.basePfn + cursor, count: p.pages - cursor, kind: 'pool-free', owner: p.name });
  }
  for (const f of s.fragments)
    runs.push({ pfn: f.start, count: f.size, kind: 'fragment', owner: 'fragment' });
  for (const b of s.buffers.values()) {
    // kmalloc objects share slab pages: the slab is drawn once, below.
    if (!b.live || b.pool || b.byteOffset !== undefined) continue;
    for (const r of b.extents) runs.push({ pfn: r.pfn, count: r.count, kind: 'buffer', owner: b.id });
    const first = b.extents[0];
    if (first && b.pagesHeld > b.pages && b.extents.length === 1) {
      runs.push({ pfn: first.pfn + b.pages, count: b.pagesHeld - b.pages, kind: 'buffer', owner: b.id });
    }
  }
  for (const [size, slabs] of s.slabs)
    for (const sl of slabs)
      runs.push({ pfn: sl.pfn, count: 1 << sl.order, kind: 'buffer', owner: `kmalloc-${size}` });
  return runs.sort((a, b) => a.pfn - b.pfn);
}
