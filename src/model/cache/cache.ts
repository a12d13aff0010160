// The data the model carries and the one CPU data cache in front of it: memory holds a value per
// cache line, the cache holds lines clean or dirty. Cache maintenance by physical range models
// arm64 dcache_clean_poc / dcache_inval_poc (arch/arm64/mm/cache.S), ARMv7 v7_dma_clean_range /
// v7_dma_inv_range / v7_dma_flush_range (arch/arm/mm/cache-v7.S) and RISC-V Zicbom
// cbo.clean / cbo.inval / cbo.flush (arch/riscv/mm/dma-noncoherent.c). Facts: §6, §7.5.
import { hexAddr } from '../arch/profiles';
import type { Ctx } from '../ctx';
import type { MachineState } from '../state';
import type { CacheOpKind } from '../types';
import type { LineMap } from './lineMap';

/** Physical cache lines [first, end) covering bytes [phys, phys + size). */
export function linesOf(s: MachineState, phys: number, size: number): { first: number; end: number } {
  const L = s.profile.cacheLine;
  return { first: Math.floor(phys / L), end: Math.ceil((phys + Math.max(size, 1)) / L) };
}

export function lineAddr(s: MachineState, line: number): string {
  return hexAddr(s.profile, line * s.profile.cacheLine);
}

/** Calls fn for each line of [first, end) present in map, ascending (on a snapshot, so fn may change it). */
export function forLinesIn<V>(
  map: LineMap<V>,
  first: number,
  end: number,
  fn: (line: number, v: V) => void,
): void {
  map.forEachIn(first, end, fn);
}

export function memValue(s: MachineState, line: number): number {
  return s.memory.get(line) ?? 0;
}

export function truthOf(s: MachineState, line: number): number {
  return s.written.get(line) ?? 0;
}

export interface LineCounts {
  wroteBack: number;
  discarded: number;
  discardedDirty: number;
}

function writeBack(s: MachineState, line: number, n: LineCounts): void {
  const c = s.cache.get(line);
  if (c?.dirty) {
    s.memory.set(line, c.value);
    s.cache.set(line, { dirty: false, value: c.value });
    n.wroteBack++;
  }
}

function drop(s: MachineState, line: number, n: LineCounts): void {
  const c = s.cache.get(line);
  if (!c) return;
  s.cache.delete(line);
  n.discarded++;
  if (c.dirty) n.discardedDirty++;
}

/**
 * One maintenance operation on the bytes [phys, phys + size): clean writes dirty lines back,
 * invalidate drops lines (dirty data is lost), flush does both. Partial end lines of an
 * invalidation are cleaned first where the profile's primitive does so (invalEdges).
 */
const NOTHING: Readonly<LineCounts> = Object.freeze({ wroteBack: 0, discarded: 0, discardedDirty: 0 });

export function applyCacheOp(
  s: MachineState,
  op: CacheOpKind,
  phys: number,
  size: number,
): Readonly<LineCounts> {
  if (s.cache.size === 0) return NOTHING; // no line cached: nothing to write back or drop
  const n: LineCounts = { wroteBack: 0, discarded: 0, discardedDirty: 0 };
  const { first, end } = linesOf(s, phys, size);
  const L = s.profile.cacheLine;
  const edges = op === 'invalidate' && s.profile.invalEdges === 'flush';
  const edgeLo = edges && phys % L !== 0 ? first : -1;
  const edgeHi = edges && (phys + size) % L !== 0 ? end - 1 : -1;
  forLinesIn(s.cache, first, end, (line) => {
    if (op === 'clean') writeBack(s, line, n);
    else if (op === 'flush' || line === edgeLo || line === edgeHi) {
      writeBack(s, line, n);
      drop(s, line, n);
    } else drop(s, line, n);
  });
  return n;
}

/** A CPU store through a cacheable mapping: write-allocate, the line becomes dirty. */
export function cpuStoreCached(s: MachineState, line: number, value: number): void {
  s.cache.set(line, { dirty: true, value });
}

/** A CPU load through a cacheable mapping: a hit returns the cached value; a miss fills a clean line. */
export function cpuLoadCached(s: MachineState, line: number): number {
  const c = s.cache.get(line);
  if (c) return c.value;
  const v = memValue(s, line);
  s.cache.set(line, { dirty: false, value: v });
  return v;
}

/** A device read: a coherent device snoops the CPU cache; a non-coherent one sees memory only. */
export function deviceLoad(s: MachineState, line: number, coherent: boolean): number {
  if (coherent) {
    const c = s.cache.get(line);
    if (c) return c.value;
  }
  return memValue(s, line);
}

/** A device write lands in memory; for a coherent device the snoop invalidates the CPU's copy. */
export function deviceStore(s: MachineState, line: number, value: number, coherent: boolean): void {
  s.memory.set(line, value);
  if (coherent) s.cache.delete(line);
}

/** The CPU pulls lines in through a cacheable alias (speculation, prefetch): misses become clean lines. */
export function speculativeLoad(s: MachineState, first: number, end: number): number {
  let filled = 0;
  for (let l = first; l < end; l++) {
    if (!s.cache.has(l)) {
      s.cache.set(l, { dirty: false, value: memValue(s, l) });
      filled++;
    }
  }
  return filled;
}

/** Emits the cacheLinesChanged event for a maintenance or cache-model operation. */
export function emitLines(
  s: MachineState,
  ctx: Ctx,
  op: CacheOpKind | 'speculativeLoad' | 'evict',
  phys: number,
  size: number,
  n: Readonly<LineCounts>,
  fn: string,
  filled = 0,
): void {
  if (ctx.quiet) return;
  const { first, end } = linesOf(s, phys, size);
  if (!ctx.quiet)
    ctx.emit(
      {
        type: 'cacheLinesChanged',
        op,
        phys: hexAddr(s.profile, phys),
        lines: end - first,
        wroteBack: n.wroteBack,
        discarded: n.discarded,
        discardedDirty: n.discardedDirty,
        filled,
      },
      fn,
    );
}

/** memset(0) of freshly allocated pages, in data terms: memory reads 0 and no stale copy survives. */
export function zeroData(s: MachineState, phys: number, size: number): void {
  const { first, end } = linesOf(s, phys, size);
  s.memory.deleteIn(first, end);
  s.cache.deleteIn(first, end);
  s.written.deleteIn(first, end);
}

/**
 * memset(0) through a cacheable alias with no maintenance after it (dma_alloc_pages /
 * dma_alloc_noncoherent): the zeroes sit in dirty lines until written back, and memory keeps
 * its old bytes meanwhile.
 */
export function zeroThroughCache(s: MachineState, phys: number, size: number): void {
  const { first, end } = linesOf(s, phys, size);
  for (let l = first; l < end; l++) {
    s.cache.set(l, { dirty: true, value: 0 });
    s.written.delete(l);
  }
}
