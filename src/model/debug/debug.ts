// dma-debug (CONFIG_DMA_API_DEBUG, kernel/dma/debug.c): the checks made at map, unmap, free,
// sync and driver unbind, with the kernel's wording. Every error is kept, as with
// /sys/kernel/debug/dma-api/all_errors set; the machine's dmaDebug = false turns it all off.
// Facts: §14.
import { linesOf } from '../cache/cache';
import type { Ctx } from '../ctx';
import type { BufferRec, MachineState, StreamMapping } from '../state';
import type { DmaDirection } from '../types';

/** ACTIVE_CACHELINE_MAX_OVERLAP: (1 << RADIX_TREE_MAX_TAGS) - 1. */
const ACTIVE_CACHELINE_MAX_OVERLAP = 7;

export function debugEnabled(s: MachineState): boolean {
  return s.config.dmaDebug;
}

export function hex16(n: number): string {
  return `0x${n.toString(16).padStart(16, '0')}`;
}

/** err_printk: "DMA-API: <driver> <device>: " + message; recorded with the step that caused it. */
export function errPrintk(s: MachineState, ctx: Ctx, dev: string, text: string, fn = ctx.fn): void {
  if (!debugEnabled(s)) return;
  const driver = s.config.devices.find((d) => d.name === dev)?.driver ?? dev;
  const message = `DMA-API: ${driver} ${dev}: ${text}`;
  s.debug.errors.push({ step: ctx.stepIndex, message });
  if (!ctx.quiet) ctx.emit({ type: 'dmaDebugError', message }, fn);
  ctx.message('err', message, fn);
}

/** What a driver passes to an unmap or free, as check_unmap's `ref` entry. */
export interface UnmapRef {
  readonly dev: string;
  readonly addr: number;
  readonly size: number;
  readonly type: string;
  readonly dir: DmaDirection;
  readonly nents?: number;
}

/** check_unmap against a streaming entry (or null when the handle is unknown). */
export function checkUnmap(s: MachineState, ctx: Ctx, ref: UnmapRef, m: StreamMapping | null): void {
  if (!debugEnabled(s)) return;
  ctx.within('check_unmap', () => {
    const d = ref.dev;
    if (!m?.live) {
      errPrintk(
        s,
        ctx,
        d,
        `device driver tries to free DMA memory it has not allocated [device address=${hex16(ref.addr)}] [size=${ref.size} bytes]`,
      );
      return;
    }
    if (ref.size !== m.size)
      errPrintk(
        s,
        ctx,
        d,
        `device driver frees DMA memory with different size [device address=${hex16(ref.addr)}] [map size=${m.size} bytes] [unmap size=${ref.size} bytes]`,
      );
    if (ref.type !== m.type)
      errPrintk(
        s,
        ctx,
        d,
        `device driver frees DMA memory with wrong function [device address=${hex16(ref.addr)}] [size=${ref.size} bytes] [mapped as ${m.type}] [unmapped as ${ref.type}]`,
      );
    if (ref.nents !== undefined && ref.type === 'scatter-gather' && ref.nents !== m.segs.length)
      errPrintk(
        s,
        ctx,
        d,
        `device driver frees DMA sg list with different entry count [map count=${m.segs.length}] [unmap count=${ref.nents}]`,
      );
    if (ref.dir !== m.dir)
      errPrintk(
        s,
        ctx,
        d,
        `device driver frees DMA memory with different direction [device address=${hex16(ref.addr)}] [size=${ref.size} bytes] [mapped with ${m.dir}] [unmapped with ${ref.dir}]`,
      );
    if (!m.checked && m.type !== 'scatter-gather')
      errPrintk(
        s,
        ctx,
        d,
        `device driver failed to check map error[device address=${hex16(ref.addr)}] [size=${ref.size} bytes] [mapped as ${m.type}]`,
      );
  });
}

/** check_unmap for a coherent or non-coherent allocation being freed (dma_free_attrs / dma_free_pages). */
export function checkFree(
  s: MachineState,
  ctx: Ctx,
  b: BufferRec,
  freeType: 'coherent' | 'noncoherent',
  size: number,
): void {
  if (!debugEnabled(s)) return;
  ctx.within('check_unmap', () => {
    const d = b.dev ?? 'dev';
    const addr = b.dmaAddr ?? 0;
    if (!b.live) {
      errPrintk(
        s,
        ctx,
        d,
        `device driver tries to free DMA memory it has not allocated [device address=${hex16(addr)}] [size=${size} bytes]`,
      );
      return;
    }
    const allocType = b.kind === 'coherent' ? 'coherent' : 'noncoherent';
    if (size !== b.size)
      errPrintk(
        s,
        ctx,
        d,
        `device driver frees DMA memory with different size [device address=${hex16(addr)}] [map size=${b.size} bytes] [unmap size=${size} bytes]`,
      );
    if (allocType !== freeType)
      errPrintk(
        s,
        ctx,
        d,
        `device driver frees DMA memory with wrong function [device address=${hex16(addr)}] [size=${size} bytes] [mapped as ${allocType}] [unmapped as ${freeType}]`,
      );
  });
}

/** check_sync: a sync must lie inside a live mapping and use its direction (unless BIDIRECTIONAL). */
export function checkSync(
  s: MachineState,
  ctx: Ctx,
  m: StreamMapping,
  addr: number,
  offsetPlusSize: number,
  size: number,
  dir: DmaDirection,
  toCpu: boolean,
  nents?: number,
): void {
  if (!debugEnabled(s)) return;
  ctx.within('check_sync', () => {
    const d = m.dev;
    if (!m.live) {
      errPrintk(
        s,
        ctx,
        d,
        `device driver tries to sync DMA memory it has not allocated [device address=${hex16(addr)}] [size=${size} bytes]`,
      );
      return;
    }
    if (offsetPlusSize > m.size)
      errPrintk(
        s,
        ctx,
        d,
        `device driver syncs DMA memory outside allocated range [device address=${hex16(addr)}] [allocation size=${m.size} bytes] [sync offset+size=${offsetPlusSize}]`,
      );
    if (nents !== undefined && nents !== m.segs.length)
      errPrintk(
        s,
        ctx,
        d,
        `device driver syncs DMA sg list with different entry count [map count=${m.segs.length}] [sync count=${nents}]`,
      );
    if (m.dir === 'DMA_BIDIRECTIONAL') return;
    if (dir !== m.dir)
      errPrintk(
        s,
        ctx,
        d,
        `device driver syncs DMA memory with different direction [device address=${hex16(addr)}] [size=${size} bytes] [mapped with ${m.dir}] [synced with ${dir}]`,
      );
    if (toCpu && m.dir !== 'DMA_FROM_DEVICE' && dir !== 'DMA_TO_DEVICE')
      errPrintk(
        s,
        ctx,
        d,
        `device driver syncs device read-only DMA memory for cpu [device address=${hex16(addr)}] [size=${size} bytes] [mapped with ${m.dir}] [synced with ${dir}]`,
      );
    if (!toCpu && m.dir !== 'DMA_TO_DEVICE' && dir !== 'DMA_FROM_DEVICE')
      errPrintk(
        s,
        ctx,
        d,
        `device driver syncs device write-only DMA memory to device [device address=${hex16(addr)}] [size=${size} bytes] [mapped with ${m.dir}] [synced with ${dir}]`,
      );
  });
}

/**
 * add_dma_entry → active_cacheline_insert: each non-TO_DEVICE entry claims the cache line it starts
 * in; a second claim is EEXIST, reported unless SKIP_CPU_SYNC or kmalloc bouncing is active.
 */
export function cachelineInsert(s: MachineState, ctx: Ctx, m: StreamMapping): void {
  if (!debugEnabled(s) || m.dir === 'DMA_TO_DEVICE' || m.type === 'resource') return;
  const exempt =
    m.attrs.includes('DMA_ATTR_SKIP_CPU_SYNC') || (s.profile.bouncesUnalignedKmalloc && s.swiotlb !== null);
  for (const seg of m.segs) {
    const cln = linesOf(s, seg.phys, 1).first;
    const n = s.debug.cachelines.get(cln) ?? 0;
    s.debug.cachelines.set(cln, n + 1);
    if (n === 0) continue;
    if (n > ACTIVE_CACHELINE_MAX_OVERLAP)
      ctx.message(
        'warn',
        `DMA-API: exceeded ${ACTIVE_CACHELINE_MAX_OVERLAP} overlapping mappings of cacheline ${hex16(cln * s.profile.cacheLine)}`,
        'active_cacheline_inc_overlap',
      );
    if (!exempt)
      errPrintk(
        s,
        ctx,
        m.dev,
        "cacheline tracking EEXIST, overlapping mappings aren't supported",
        'add_dma_entry',
      );
  }
}

export function cachelineRemove(s: MachineState, m: StreamMapping): void {
  if (!debugEnabled(s) || m.dir === 'DMA_TO_DEVICE' || m.type === 'resource') return;
  for (const seg of m.segs) {
    const cln = linesOf(s, seg.phys, 1).first;
    const n = (s.debug.cachelines.get(cln) ?? 1) - 1;
    if (n <= 0) s.debug.cachelines.delete(cln);
    else s.debug.cachelines.set(cln, n);
  }
}

/** dma_debug_device_change(BUS_NOTIFY_UNBOUND_DRIVER): entries still held by the device. */
export function checkUnbind(s: MachineState, ctx: Ctx, dev: string): number {
  const leaks: Array<{ addr: number; size: number; dir: string; type: string; at: number }> = [];
  for (const b of s.buffers.values()) {
    if (b.live && b.dev === dev && (b.kind === 'coherent' || b.kind === 'noncoherent' || b.kind === 'pages'))
      leaks.push({
        addr: b.dmaAddr ?? 0,
        size: b.size,
        dir: b.kind === 'coherent' ? 'DMA_BIDIRECTIONAL' : (b.dir ?? 'DMA_BIDIRECTIONAL'),
        type: b.kind === 'coherent' ? 'coherent' : 'noncoherent',
        at: b.createdAt,
      });
  }
  for (const m of s.mappings.values())
    if (m.live && m.dev === dev)
      for (const seg of m.type === 'scatter-gather' ? m.segs : m.segs.slice(0, 1))
        leaks.push({
          addr: seg.dma,
          size: m.type === 'scatter-gather' ? seg.len : m.size,
          dir: m.dir,
          type: m.type,
          at: m.createdAt,
        });
  // The kernel reports whichever entry its hash walk saw last; the model names the newest.
  leaks.sort((a, b) => a.at - b.at);
  const last = leaks[leaks.length - 1];
  if (!debugEnabled(s) || !last) return leaks.length;
  ctx.within('dma_debug_device_change', () =>
    errPrintk(
      s,
      ctx,
      dev,
      `device driver has pending DMA allocations while released from device [count=${leaks.length}]\nOne of leaked entries details: [device address=${hex16(last.addr)}] [size=${last.size} bytes] [mapped with ${last.dir}] [mapped as ${last.type}]`,
    ),
  );
  return leaks.length;
}
