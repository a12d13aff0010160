// Booting a machine: zones from the architecture's layout, RAM handed to the buddy allocator,
// then the boot-time reservations in the order the kernel makes them: the kernel image, the
// default CMA area (dma_contiguous_reserve), the swiotlb pool (swiotlb_init), and the atomic
// pools (kernel/dma/pool.c: atomic_pool_init, or arm32's own atomic_pool_init).
import { profileOf } from './arch/profiles';
import { CowMap } from './cowMap';
import { Ctx } from './ctx';
import type { Zone } from './mm/buddy';
import { freeRange, newZone, takeRange } from './mm/buddy';
import { allocPages, cmaAlloc, orderOf, vmap } from './mm/pages';
import type { Span } from './mm/spans';
import { findHighestFit, insertSpan } from './mm/spans';
import type { AtomicPool, IovaDomain, MachineState } from './state';
import { emptyStreamSlices, zoneOfPfn } from './state';
import type { MachineConfig, ZoneName } from './types';
import { GiB, MiB } from './units';

const FOUR_GIB_PFN = (4 * GiB) / 4096;
const PAGEBLOCK_ALIGN = 1024; // CMA areas are aligned to a max-order block (4 MiB)

function reserve(s: MachineState, pfn: number, count: number, owner: string): void {
  let p = pfn;
  const end = pfn + count;
  while (p < end) {
    const zone = zoneOfPfn(s, p)!;
    const upto = Math.min(end, zone.endPfn);
    takeRange(zone, p, upto - p);
    p = upto;
  }
  insertSpan(s.reserved, { start: pfn, size: count, owner });
}

function buildZones(config: MachineConfig, startPfn: number, endPfn: number, lowmemEndPfn: number): Zone[] {
  const p = profileOf(config.arch);
  const zones: Zone[] = [];
  let lo = startPfn;
  for (const layout of p.zones) {
    let limitPfn = layout.limit === null ? endPfn : Math.min(endPfn, layout.limit / 4096);
    if (layout.name === 'Normal' && p.vmallocCarvesLowmem) limitPfn = lowmemEndPfn;
    if (limitPfn > lo) zones.push(newZone(layout.name, lo, limitPfn));
    lo = Math.max(lo, limitPfn);
  }
  return zones;
}

/** Boots a machine from a resolved configuration. Deterministic: same config, same machine. */
export function bootMachine(config: MachineConfig, notes: readonly string[] = []): MachineState {
  const profile = profileOf(config.arch);
  const ramStartPfn = config.ramBase / 4096;
  const ramEndPfn = ramStartPfn + (config.ramMiB * MiB) / 4096;
  let lowmemEndPfn = ramEndPfn;
  let vmallocStart = profile.vmallocStart ?? 0n;
  let vmallocPages = (config.vmallocMiB * MiB) / 4096;
  if (profile.vmallocCarvesLowmem) {
    // arch/arm/mm/mmu.c: vmalloc_min = VMALLOC_END - vmalloc size - VMALLOC_OFFSET; lowmem ends there.
    const vmallocOffset = 8 * MiB;
    const ceiling = Number(profile.vmallocEnd - profile.linearBase) - config.vmallocMiB * MiB - vmallocOffset;
    const lowmemBytes = Math.min(config.ramMiB * MiB, ceiling);
    lowmemEndPfn = ramStartPfn + lowmemBytes / 4096;
    const start = Number(profile.linearBase) + lowmemBytes + vmallocOffset;
    vmallocStart = BigInt(Math.ceil(start / vmallocOffset) * vmallocOffset);
    vmallocPages = Number(profile.vmallocEnd - vmallocStart) / 4096;
  }
  const s: MachineState = {
    config,
    profile,
    notes,
    ramStartPfn,
    ramEndPfn,
    lowmemEndPfn,
    zones: buildZones(config, ramStartPfn, ramEndPfn, lowmemEndPfn),
    reserved: [],
    cma: null,
    swiotlb: null,
    pools: [],
    fragments: [],
    vmalloc: { start: vmallocStart, totalPages: vmallocPages, spans: [] },
    linearRewrites: [],
    processes: new Map(config.processes.map((p) => [p, [] as Span[]])),
    vmas: new CowMap(),
    domains: new Map(),
    buffers: new CowMap(),
    names: new CowMap(),
    nextId: 1,
    counters: { cacheCleanBytes: 0, cacheInvalidateBytes: 0, cacheFlushBytes: 0, bounceCopyBytes: 0 },
    ext: new Map(),
    ...emptyStreamSlices(),
  };
  for (const z of s.zones) freeRange(z, z.startPfn, z.endPfn - z.startPfn);

  // The kernel image (x86: CONFIG_PHYSICAL_START = 16 MiB), 16 MiB in the model.
  reserve(s, ramStartPfn + profile.kernelImageOffset / 4096, (16 * MiB) / 4096, 'kernel');

  // dma_contiguous_reserve(limit): the default CMA area, top-down below the limit.
  if (config.cmaMiB > 0) {
    const limitPfn = {
      'zone-dma': Math.min(ramEndPfn, (profile.zoneDmaLimit ?? 4 * GiB) / 4096),
      dma32: Math.min(ramEndPfn, FOUR_GIB_PFN),
      'highmem-first': ramEndPfn,
      ram: ramEndPfn,
    }[profile.cmaLimit];
    const pages = (config.cmaMiB * MiB) / 4096;
    // mm/cma.c: cma_declare_contiguous_nid: an area must not cross the lowmem/highmem boundary;
    // where the range spans it, highmem is tried first, then lowmem.
    let base: number | null = null;
    if (profile.cmaLimit === 'highmem-first' && lowmemEndPfn < ramEndPfn) {
      base = findHighestFit(s.reserved, lowmemEndPfn, ramEndPfn, pages, PAGEBLOCK_ALIGN);
    }
    base ??= findHighestFit(
      s.reserved,
      ramStartPfn,
      Math.min(limitPfn, lowmemEndPfn),
      pages,
      PAGEBLOCK_ALIGN,
    );
    if (base !== null) {
      reserve(s, base, pages, 'cma');
      s.cma = { basePfn: base, pages, spans: [] };
    }
  }

  // swiotlb_init: memblock_alloc_low, top-down below 4 GiB (and below lowmem).
  if (config.swiotlbMiB > 0) {
    const pages = (config.swiotlbMiB * MiB) / 4096;
    const limit = Math.min(ramEndPfn, lowmemEndPfn, Math.max(FOUR_GIB_PFN, ramStartPfn + pages));
    const base = findHighestFit(s.reserved, ramStartPfn, limit, pages, 1);
    if (base !== null) {
      reserve(s, base, pages, 'swiotlb');
      s.swiotlb = { basePfn: base, slots: (config.swiotlbMiB * MiB) / 2048, spans: [] };
    }
  }

  const ctx = new Ctx(-1);
  if (profile.genericAtomicPools && config.atomicPoolKiB > 0) bootGenericPools(s, ctx);
  if (profile.armAtomicPool && config.atomicPoolKiB > 0) bootArmPool(s, ctx);

  for (const d of config.devices) {
    if (!d.iommu) continue;
    const dom: IovaDomain = {
      dev: d.name,
      startPfn: Math.max(1, profile.iommu.apertureStart / 4096),
      limitPfn: profile.iommu.apertureEnd / 4096,
      spans: [],
      ptes: new Map(),
    };
    s.domains.set(d.name, dom);
  }
  return s;
}

/** kernel/dma/pool.c: atomic_pool_init: one pool per zone kind, CMA first, mapped non-cacheable. */
function bootGenericPools(s: MachineState, ctx: Ctx): void {
  // atomic_pool_expand: alloc_pages(get_order(pool_size)) and the pool gets the whole block
  // (pool_size = 1 << (PAGE_SHIFT + order)), so 640 KiB asked means a 1 MiB pool.
  const pages = 1 << orderOf((s.config.atomicPoolKiB * 1024) / 4096);
  const kinds: Array<{ name: string; flag: string | null; zone: ZoneName; limit: number }> = [
    { name: 'atomic_pool_kernel', flag: null, zone: 'Normal', limit: Number.POSITIVE_INFINITY },
  ];
  if (s.profile.zoneDmaLimit !== null && s.zones.some((z) => z.name === 'DMA')) {
    kinds.push({
      name: 'atomic_pool_dma',
      flag: '__GFP_DMA',
      zone: 'DMA',
      limit: s.profile.zoneDmaLimit / 4096,
    });
  }
  if (s.profile.hasZoneDma32)
    kinds.push({ name: 'atomic_pool_dma32', flag: '__GFP_DMA32', zone: 'DMA32', limit: FOUR_GIB_PFN });
  for (const k of kinds) {
    const flags = new Set(['GFP_KERNEL', ...(k.flag ? [k.flag] : [])]);
    // cma_in_zone(): the default CMA area serves the pool if it lies below the zone's limit.
    const cmaFits = s.cma !== null && s.cma.basePfn + s.cma.pages <= k.limit;
    let basePfn: number | null = cmaFits ? cmaAlloc(s, ctx, pages, k.name, true) : null;
    let source: 'cma' | 'buddy' = 'cma';
    if (basePfn === null) {
      source = 'buddy';
      basePfn = allocPages(s, ctx, flags, orderOf(pages), k.name)?.pfn ?? null;
    }
    if (basePfn === null) continue;
    const zone = zoneOfPfn(s, basePfn)?.name ?? null;
    const prot = s.profile.pgprot.dmacoherent;
    const vpage = vmap(s, ctx, [{ pfn: basePfn, count: pages }], prot.memtype, prot.name, k.name);
    s.pools.push({
      name: k.name,
      zone,
      basePfn,
      pages,
      source,
      mappedAt: 'vmalloc',
      vmallocPage: vpage,
      memtype: prot.memtype,
      pgprot: prot.name,
      spans: [],
    });
  }
}

/** arch/arm/mm/dma-mapping.c: atomic_pool_init: 256 KiB from CMA (linear map rewritten) or remapped. */
function bootArmPool(s: MachineState, ctx: Ctx): void {
  const pages = (s.config.atomicPoolKiB * 1024) / 4096;
  const prot = s.profile.pgprot.dmacoherent;
  const name = 'arm_atomic_pool';
  let pool: AtomicPool | null = null;
  if (s.cma) {
    const pfn = cmaAlloc(s, ctx, pages, name, true);
    if (pfn !== null && pfn >= s.lowmemEndPfn) {
      // A highmem CMA area has no linear alias: __alloc_from_contiguous vmaps the pages.
      const vpage = vmap(s, ctx, [{ pfn, count: pages }], prot.memtype, prot.name, name);
      pool = {
        name,
        zone: 'HighMem',
        basePfn: pfn,
        pages,
        source: 'cma',
        mappedAt: 'vmalloc',
        vmallocPage: vpage,
        memtype: prot.memtype,
        pgprot: prot.name,
        spans: [],
      };
    } else if (pfn !== null) {
      insertSpan(s.linearRewrites, { start: pfn, size: pages, owner: name });
      pool = {
        name,
        zone: 'Normal',
        basePfn: pfn,
        pages,
        source: 'cma',
        mappedAt: 'linear',
        vmallocPage: null,
        memtype: prot.memtype,
        pgprot: prot.name,
        spans: [],
      };
    }
  } else {
    const got = allocPages(s, ctx, new Set(['GFP_KERNEL']), orderOf(pages), name);
    if (got) {
      const vpage = vmap(s, ctx, [{ pfn: got.pfn, count: pages }], prot.memtype, prot.name, name);
      pool = {
        name,
        zone: got.zone.name,
        basePfn: got.pfn,
        pages,
        source: 'buddy',
        mappedAt: 'vmalloc',
        vmallocPage: vpage,
        memtype: prot.memtype,
        pgprot: prot.name,
        spans: [],
      };
    }
  }
  if (pool) s.pools.push(pool);
}
