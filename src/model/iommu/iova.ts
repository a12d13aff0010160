// The IOVA allocator of drivers/iommu/iova.c (alloc_iova_fast → alloc_iova): per device domain,
// top-down from the DMA limit, the start aligned to roundup_pow_of_two(size) ("size_aligned"),
// sizes under 32 granules rounded up to a power of two first (the rcache size classes).
// The per-CPU rcache itself is not modelled: a freed range returns to the tree at once.
// arm32's arm_iommu ops use a bitmap allocator instead (__alloc_iova): bottom-up first fit,
// aligned to min(order, CONFIG_ARM_DMA_IOMMU_ALIGNMENT).
import { findHighestFit, findLowestFit, insertSpan, removeSpan } from '../mm/spans';
import type { IovaDomain } from '../state';

export const IOVA_RANGE_CACHE_MAX_SIZE = 6;
export const ARM_DMA_IOMMU_ALIGNMENT = 8;

function roundupPow2(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}

/** alloc_iova_fast: returns the first IOVA page frame and the length reserved, or null. */
export function allocIovaFast(
  dom: IovaDomain,
  pages: number,
  limitPfn: number,
  owner: string,
): { pfn: number; pages: number } | null {
  const len = pages < 1 << (IOVA_RANGE_CACHE_MAX_SIZE - 1) ? roundupPow2(pages) : pages;
  const hi = Math.min(limitPfn, dom.limitPfn);
  const pfn = findHighestFit(dom.spans, dom.startPfn, hi, len, roundupPow2(len));
  if (pfn === null) return null;
  insertSpan(dom.spans, { start: pfn, size: len, owner });
  return { pfn, pages: len };
}

/** arm32 __alloc_iova: bitmap first fit from the mapping base. */
export function allocIovaArm(
  dom: IovaDomain,
  pages: number,
  owner: string,
): { pfn: number; pages: number } | null {
  let order = 0;
  while (1 << order < pages) order++;
  const align = 1 << Math.min(order, ARM_DMA_IOMMU_ALIGNMENT);
  const pfn = findLowestFit(dom.spans, dom.startPfn, dom.limitPfn, pages, align);
  if (pfn === null) return null;
  insertSpan(dom.spans, { start: pfn, size: pages, owner });
  return { pfn, pages };
}

export function freeIova(dom: IovaDomain, pfn: number): void {
  removeSpan(dom.spans, pfn);
}
