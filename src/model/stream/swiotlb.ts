// SWIOTLB bounce buffering (kernel/dma/swiotlb.c): a slot allocator over the pool reserved at
// boot (2 KiB slots, runs never crossing a 128-slot segment), swiotlb_tbl_map_single with its
// unconditional map-time copy, the copies of sync and unmap per direction, and slot release.
// Facts: §9. Copies are CPU memcpy through the cacheable linear map, so they go through the cache.
import { hexAddr } from '../arch/profiles';
import { cpuLoadCached, cpuStoreCached, linesOf } from '../cache/cache';
import type { Ctx } from '../ctx';
import { insertSpan, removeSpan, usedSize } from '../mm/spans';
import type { MachineState } from '../state';
import type { DmaDirection } from '../types';

export const IO_TLB_SHIFT = 11;
export const IO_TLB_SIZE = 1 << IO_TLB_SHIFT;
export const IO_TLB_SEGSIZE = 128;

/** Lowest run of `n` free slots, aligned to `align`, that stays inside one 128-slot segment. */
export function findSlots(
  spans: ReadonlyArray<{ start: number; size: number }>,
  total: number,
  n: number,
  align: number,
): number | null {
  if (n > IO_TLB_SEGSIZE) return null;
  let cursor = 0;
  for (let i = 0; i <= spans.length; i++) {
    const gapEnd = i < spans.length ? spans[i]!.start : total;
    let start = Math.ceil(cursor / align) * align;
    while (start + n <= gapEnd) {
      const seg = Math.floor(start / IO_TLB_SEGSIZE);
      if (Math.floor((start + n - 1) / IO_TLB_SEGSIZE) === seg) return start;
      start = Math.ceil(((seg + 1) * IO_TLB_SEGSIZE) / align) * align;
    }
    if (i < spans.length) cursor = Math.max(cursor, spans[i]!.start + spans[i]!.size);
  }
  return null;
}

export function slotPhys(s: MachineState, slot: number): number {
  return s.swiotlb!.basePfn * s.profile.pageSize + slot * IO_TLB_SIZE;
}

/**
 * swiotlb_tbl_map_single: slots for [orig, orig + size), then the map-time copy orig → bounce
 * (done for every direction, even with SKIP_CPU_SYNC, so unwritten bytes are not clobbered).
 * The bounce keeps the original's offset inside its cache line (model decision, see docs/model.md).
 */
export function swiotlbTblMapSingle(
  s: MachineState,
  ctx: Ctx,
  dev: string,
  orig: number,
  size: number,
  attrs: readonly string[],
  owner: string,
): { devPhys: number; slot: { start: number; count: number } } | null {
  return ctx.within('swiotlb_tbl_map_single', () => {
    const pool = s.swiotlb!;
    const offset = orig % s.profile.cacheLine;
    const n = Math.ceil((offset + size) / IO_TLB_SIZE);
    // Allocations of a page or more are page aligned (swiotlb_search_pool_area's stride).
    const align = size >= s.profile.pageSize ? s.profile.pageSize / IO_TLB_SIZE : 1;
    const start = ctx.within('swiotlb_find_slots', () => findSlots(pool.spans, pool.slots, n, align));
    if (start === null) {
      if (!attrs.includes('DMA_ATTR_NO_WARN'))
        ctx.message(
          'warn',
          `${dev}: swiotlb buffer is full (sz: ${size} bytes), total ${pool.slots} (slots), used ${usedSize(pool.spans)} (slots)`,
        );
      return null;
    }
    insertSpan(pool.spans, { start, size: n, owner });
    const devPhys = slotPhys(s, start) + offset;
    if (!ctx.quiet)
      ctx.emit({
        type: 'swiotlbSlotsReserved',
        slot: start,
        slots: n,
        phys: hexAddr(s.profile, slotPhys(s, start)),
        owner,
      });
    s.bouncedDevs.add(dev);
    swiotlbBounce(s, ctx, orig, devPhys, size, 'DMA_TO_DEVICE');
    return { devPhys, slot: { start, count: n } };
  });
}

/** swiotlb_release_slots. */
export function swiotlbReleaseSlots(
  s: MachineState,
  ctx: Ctx,
  slot: { start: number; count: number },
  owner: string,
): void {
  ctx.within('swiotlb_release_slots', () => {
    removeSpan(s.swiotlb!.spans, slot.start);
    if (!ctx.quiet)
      ctx.emit({
        type: 'swiotlbSlotsReleased',
        slot: slot.start,
        slots: slot.count,
        phys: hexAddr(s.profile, slotPhys(s, slot.start)),
        owner,
      });
  });
}

/** swiotlb_bounce: memcpy between the original buffer and its slot, line by line through the cache. */
export function swiotlbBounce(
  s: MachineState,
  ctx: Ctx,
  orig: number,
  bounce: number,
  size: number,
  dir: 'DMA_TO_DEVICE' | 'DMA_FROM_DEVICE',
): void {
  ctx.within('swiotlb_bounce', () => {
    const o = linesOf(s, orig, size);
    const b = linesOf(s, bounce, size);
    for (let i = 0; i < o.end - o.first; i++) {
      if (dir === 'DMA_TO_DEVICE') cpuStoreCached(s, b.first + i, cpuLoadCached(s, o.first + i));
      else cpuStoreCached(s, o.first + i, cpuLoadCached(s, b.first + i));
    }
    s.counters.bounceCopyBytes += size;
    if (!ctx.quiet)
      ctx.emit({
        type: 'bounceCopied',
        dir,
        orig: hexAddr(s.profile, orig),
        bounce: hexAddr(s.profile, bounce),
        bytes: size,
      });
  });
}

/** swiotlb_sync_single_for_device: TO_DEVICE/BIDIRECTIONAL copy orig → bounce; FROM_DEVICE none. */
export function swiotlbSyncForDevice(
  s: MachineState,
  ctx: Ctx,
  orig: number,
  bounce: number,
  size: number,
  dir: DmaDirection,
): void {
  ctx.within('swiotlb_sync_single_for_device', () => {
    if (dir === 'DMA_TO_DEVICE' || dir === 'DMA_BIDIRECTIONAL')
      swiotlbBounce(s, ctx, orig, bounce, size, 'DMA_TO_DEVICE');
  });
}

/** swiotlb_sync_single_for_cpu: FROM_DEVICE/BIDIRECTIONAL copy bounce → orig; TO_DEVICE none. */
export function swiotlbSyncForCpu(
  s: MachineState,
  ctx: Ctx,
  orig: number,
  bounce: number,
  size: number,
  dir: DmaDirection,
): void {
  ctx.within('swiotlb_sync_single_for_cpu', () => {
    if (dir === 'DMA_FROM_DEVICE' || dir === 'DMA_BIDIRECTIONAL')
      swiotlbBounce(s, ctx, orig, bounce, size, 'DMA_FROM_DEVICE');
  });
}

/** __swiotlb_tbl_unmap_single: copy back unless SKIP_CPU_SYNC (for FROM_DEVICE/BIDIR), then release. */
export function swiotlbTblUnmapSingle(
  s: MachineState,
  ctx: Ctx,
  orig: number,
  bounce: number,
  size: number,
  dir: DmaDirection,
  skipSync: boolean,
  slot: { start: number; count: number },
  owner: string,
): void {
  ctx.within('swiotlb_tbl_unmap_single', () => {
    if (!skipSync && (dir === 'DMA_FROM_DEVICE' || dir === 'DMA_BIDIRECTIONAL'))
      swiotlbBounce(s, ctx, orig, bounce, size, 'DMA_FROM_DEVICE');
    swiotlbReleaseSlots(s, ctx, slot, owner);
  });
}
