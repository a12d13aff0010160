// Page-level mechanisms shared by every DMA path: the page allocator with its zonelist fallback
// (mm/page_alloc.c), CMA (mm/cma.c via kernel/dma/contiguous.c), vmap/vunmap (mm/vmalloc.c),
// gen_pool for the atomic pools (lib/genalloc.c) and arm32's linear-map rewrite.

import type { Ctx } from '../ctx';
import type { AtomicPool, MachineState } from '../state';
import { vmallocHex, zoneOfPfn } from '../state';
import type { MemType, PfnRange, ZoneName } from '../types';
import type { Zone } from './buddy';
import { allocBlock, allocPagesBulk, freeRange, MAX_PAGE_ORDER } from './buddy';
import { findLowestFit, insertSpan, removeSpan } from './spans';

export const CMA_ALIGNMENT = 8; // CONFIG_CMA_ALIGNMENT

/** get_order(): the smallest order whose block holds `pages` pages. */
export function orderOf(pages: number): number {
  let o = 0;
  while (1 << o < pages) o++;
  return o;
}

export const ZONE_ORDER: readonly ZoneName[] = ['DMA', 'DMA32', 'Normal', 'HighMem'];

const ZONE_INDEX: Readonly<Record<ZoneName, number>> = { DMA: 0, DMA32: 1, Normal: 2, HighMem: 3 };

/**
 * The block-taking half of alloc_pages: one block of `order` from the first zone of the zonelist
 * of `top` that has one (get_page_from_freelist), with no events; its pfn, or -1. s.zones is in
 * ascending order, so the zonelist is walked from the end without building it (this runs for
 * every page of a scattered buffer).
 */
export function takeFromZonelist(
  s: MachineState,
  top: ZoneName,
  order: number,
  splits?: { pfn: number; fromOrder: number; toOrder: number }[],
): number {
  const topIdx = ZONE_INDEX[top];
  for (let i = s.zones.length - 1; i >= 0; i--) {
    const zone = s.zones[i]!;
    if (ZONE_INDEX[zone.name] > topIdx) continue;
    const pfn = allocBlock(zone, order, splits);
    if (pfn !== null) return pfn;
  }
  return -1;
}

/**
 * `n` order-0 alloc_pages calls at once (allocPagesBulk zone by zone down the zonelist): the
 * same pages as n takeFromZonelist(s, top, 0) calls. Appends them to `out` as runs (extending
 * its last run when they follow on); returns the number of pages taken.
 */
export function takePagesFromZonelist(
  s: MachineState,
  top: ZoneName,
  n: number,
  out: { pfn: number; count: number }[],
): number {
  const topIdx = ZONE_INDEX[top];
  let taken = 0;
  for (let i = s.zones.length - 1; i >= 0 && taken < n; i--) {
    const zone = s.zones[i]!;
    if (ZONE_INDEX[zone.name] > topIdx) continue;
    taken += allocPagesBulk(zone, n - taken, out);
  }
  return taken;
}

/** The highest zone a gfp allows (gfp_zone()): __GFP_DMA, __GFP_DMA32, __GFP_HIGHMEM or Normal. */
export function gfpZone(s: MachineState, flags: ReadonlySet<string>): ZoneName {
  if (flags.has('__GFP_DMA') && s.profile.zoneDmaLimit !== null) return 'DMA';
  if (flags.has('__GFP_DMA32') && s.profile.hasZoneDma32) return 'DMA32';
  // (no inner closure here: this runs for every page allocation)
  if (flags.has('__GFP_HIGHMEM') && s.zones[s.zones.length - 1]!.name === 'HighMem') return 'HighMem';
  return 'Normal';
}

export function gfpString(flags: ReadonlySet<string>): string {
  return [...flags].join('|') || '0';
}

/**
 * alloc_pages(gfp, order): one block from the first zone of the zonelist that has one.
 * Emits blockSplit and pagesAllocated; on failure prints the kernel's warn_alloc line.
 */
export function allocPages(
  s: MachineState,
  ctx: Ctx,
  flags: ReadonlySet<string>,
  order: number,
  owner: string,
): { pfn: number; zone: Zone } | null {
  if (order > MAX_PAGE_ORDER) {
    // WARN_ON_ONCE_GFP(order > MAX_PAGE_ORDER, gfp): silent under __GFP_NOWARN.
    if (!flags.has('__GFP_NOWARN'))
      ctx.message(
        'warn',
        `WARNING: __alloc_pages: order ${order} > MAX_PAGE_ORDER (${MAX_PAGE_ORDER}); returns NULL`,
        '__alloc_pages',
      );
    return null;
  }
  const splits: { pfn: number; fromOrder: number; toOrder: number }[] | undefined = ctx.quiet
    ? undefined
    : [];
  const pfn = takeFromZonelist(s, gfpZone(s, flags), order, splits);
  if (pfn >= 0) {
    const zone = zoneOfPfn(s, pfn)!;
    if (ctx.quiet) return { pfn, zone };
    for (const sp of splits ?? [])
      if (!ctx.quiet) ctx.emit({ type: 'blockSplit', zone: zone.name, ...sp }, '__rmqueue_smallest');
    if (!ctx.quiet)
      ctx.emit(
        {
          type: 'pagesAllocated',
          source: 'buddy',
          zone: zone.name,
          ranges: [{ pfn, count: 1 << order }],
          order,
          owner,
        },
        '__alloc_pages',
      );
    return { pfn, zone };
  }
  if (!flags.has('__GFP_NOWARN') && !flags.has('__GFP_NORETRY')) {
    ctx.message(
      'warn',
      `${ctx.fn}: page allocation failure: order:${order}, mode:(${gfpString(flags)}), nodemask=(null)`,
      'warn_alloc',
    );
  }
  return null;
}

/** __free_pages / free_pages_exact: returns page runs to the buddy allocator, merging buddies. */
export function freePages(
  s: MachineState,
  ctx: Ctx,
  ranges: readonly PfnRange[],
  owner: string,
  fn = '__free_pages',
): void {
  for (const r of ranges) {
    let p = r.pfn;
    const end = r.pfn + r.count;
    while (p < end) {
      const zone = zoneOfPfn(s, p)!;
      const upto = Math.min(end, zone.endPfn);
      freeRange(zone, p, upto - p);
      p = upto;
    }
  }
  if (!ctx.quiet) ctx.emit({ type: 'pagesFreed', source: 'buddy', ranges, owner }, fn);
}

/** cma_alloc: first fit of `count` pages aligned to min(order, CONFIG_CMA_ALIGNMENT). */
export function cmaAlloc(
  s: MachineState,
  ctx: Ctx,
  count: number,
  owner: string,
  noWarn: boolean,
): number | null {
  const cma = s.cma;
  if (!cma) return null;
  return ctx.within('cma_alloc', () => {
    const align = 1 << Math.min(orderOf(count), CMA_ALIGNMENT);
    const off = findLowestFit(cma.spans, 0, cma.pages, count, align);
    if (off === null) {
      if (!noWarn)
        ctx.message('err', `cma_alloc: reserved: alloc failed, req-size: ${count} pages, ret: -12`);
      return null;
    }
    insertSpan(cma.spans, { start: off, size: count, owner });
    const pfn = cma.basePfn + off;
    if (!ctx.quiet)
      ctx.emit({
        type: 'pagesAllocated',
        source: 'cma',
        zone: zoneOfPfn(s, pfn)?.name ?? null,
        ranges: [{ pfn, count }],
        order: orderOf(count),
        owner,
      });
    return pfn;
  });
}

export function cmaRelease(s: MachineState, ctx: Ctx, pfn: number, count: number, owner: string): void {
  const cma = s.cma!;
  ctx.within('cma_release', () => {
    removeSpan(cma.spans, pfn - cma.basePfn);
    if (!ctx.quiet) ctx.emit({ type: 'pagesFreed', source: 'cma', ranges: [{ pfn, count }], owner });
  });
}

export function isInCma(s: MachineState, pfn: number): boolean {
  return s.cma !== null && pfn >= s.cma.basePfn && pfn < s.cma.basePfn + s.cma.pages;
}

/**
 * vmap(): reserves pages + 1 guard page of vmalloc space (lowest fit, as alloc_vmap_area does)
 * and writes PTEs with `pgprot`. Returns the page index into the vmalloc area, or null (with
 * the kernel's message) when the area is full.
 */
export function vmap(
  s: MachineState,
  ctx: Ctx,
  ranges: readonly PfnRange[],
  memtype: MemType,
  pgprot: string,
  owner: string,
): number | null {
  return ctx.within('vmap', () => {
    const pages = ranges.reduce((n, r) => n + r.count, 0);
    const size = pages + 1;
    const start = findLowestFit(s.vmalloc.spans, 0, s.vmalloc.totalPages, size);
    if (start === null) {
      ctx.message(
        'warn',
        `vmap allocation for size ${size * s.profile.pageSize} failed: use vmalloc=<size> to increase size`,
        'alloc_vmap_area',
      );
      return null;
    }
    insertSpan(s.vmalloc.spans, { start, size, owner });
    const va = ctx.quiet ? '' : vmallocHex(s, start);
    if (!ctx.quiet)
      ctx.emit({ type: 'vmallocReserved', start: va, pages, guardPages: 1, owner }, 'alloc_vmap_area');
    if (!ctx.quiet)
      ctx.emit(
        { type: 'ptesWritten', space: 'vmalloc', start: va, pages, ranges, memtype, pgprot, owner },
        'vmap_pages_range',
      );
    return start;
  });
}

export function vunmap(s: MachineState, ctx: Ctx, page: number, owner: string): void {
  ctx.within('vunmap', () => {
    const span = removeSpan(s.vmalloc.spans, page);
    const va = ctx.quiet ? '' : vmallocHex(s, page);
    const pages = (span?.size ?? 1) - 1;
    if (!ctx.quiet) ctx.emit({ type: 'ptesCleared', space: 'vmalloc', start: va, pages, owner });
    if (!ctx.quiet) ctx.emit({ type: 'vmallocReleased', start: va, pages, owner }, 'free_vmap_area');
  });
}

/** gen_pool_alloc with gen_pool_first_fit_order_align: first fit aligned to the size's order. */
export function poolAlloc(pool: AtomicPool, pages: number, owner: string): number | null {
  const align = 1 << orderOf(pages);
  const off = findLowestFit(pool.spans, 0, pool.pages, pages, align);
  if (off === null) return null;
  insertSpan(pool.spans, { start: off, size: pages, owner });
  return off;
}

export function poolFree(pool: AtomicPool, offsetPages: number): void {
  removeSpan(pool.spans, offsetPages);
}

export function pagesOf(ranges: readonly PfnRange[]): number {
  return ranges.reduce((n, r) => n + r.count, 0);
}

/**
 * Merges physically consecutive runs (what sg tables and __iommu_create_mapping do). Runs that
 * have nothing to merge are returned as they are (the same array), so a page table can share a
 * buffer's extents instead of holding a copy in every History checkpoint.
 */
export function mergeRanges(ranges: readonly PfnRange[]): readonly PfnRange[] {
  let merged = true;
  for (let i = 1; i < ranges.length && merged; i++)
    merged = ranges[i - 1]!.pfn + ranges[i - 1]!.count !== ranges[i]!.pfn;
  if (merged) return ranges;
  const out: PfnRange[] = [];
  for (const r of ranges) {
    const last = out[out.length - 1];
    if (last && last.pfn + last.count === r.pfn)
      out[out.length - 1] = { pfn: last.pfn, count: last.count + r.count };
    else out.push({ ...r });
  }
  return out;
}
