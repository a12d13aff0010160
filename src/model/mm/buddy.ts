// The buddy allocator of mm/page_alloc.c: per zone, free blocks of order 0..MAX_PAGE_ORDER.
// __rmqueue_smallest takes the smallest order that has a block and expand() splits it, keeping
// the lower half; __free_one_page merges a freed block with its buddy (pfn ^ (1 << order)) as
// long as the buddy is free, in the same zone, and of the same order.
// Free blocks of one order are kept as sorted runs [start, count, start, count, ...] (flat numbers)
// so that a 64 GiB machine's 16,384 free max-order blocks are one run, not 16,384 entries.
import type { PfnRange, ZoneName } from '../types';

export const MAX_PAGE_ORDER = 10;

export interface Zone {
  readonly name: ZoneName;
  readonly startPfn: number;
  readonly endPfn: number;
  /** free[order]: flat sorted runs of free blocks of that order (start pfn, block count). */
  free: number[][];
  freePages: number;
}

export function newZone(name: ZoneName, startPfn: number, endPfn: number): Zone {
  return { name, startPfn, endPfn, free: Array.from({ length: MAX_PAGE_ORDER + 1 }, () => []), freePages: 0 };
}

export function cloneZone(z: Zone): Zone {
  return { ...z, free: z.free.map((r) => r.slice()) };
}

/** Index (in pairs) of the last run whose start <= pfn, or -1. */
function runIndex(runs: readonly number[], pfn: number): number {
  let lo = 0;
  let hi = runs.length / 2;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (runs[mid * 2]! <= pfn) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

function hasBlock(runs: readonly number[], pfn: number, size: number): boolean {
  const i = runIndex(runs, pfn);
  if (i < 0) return false;
  const start = runs[i * 2]!;
  const count = runs[i * 2 + 1]!;
  // (sizes are powers of two and pfns below 2^31: a mask instead of an integer division)
  const off = pfn - start;
  return pfn < start + count * size && (off < 2 ** 31 ? (off & (size - 1)) === 0 : off % size === 0);
}

// splice() would build an array of the removed elements on every call: these shift in place.
function removePair(runs: number[], at: number): void {
  const n = runs.length - 2;
  for (let i = at; i < n; i++) runs[i] = runs[i + 2]!;
  // pop(), not `length = n`: V8 reallocates the backing store when length shrinks it by half.
  runs.pop();
  runs.pop();
}

function insertPair(runs: number[], at: number, a: number, b: number): void {
  runs.push(0, 0);
  for (let i = runs.length - 1; i >= at + 2; i--) runs[i] = runs[i - 2]!;
  runs[at] = a;
  runs[at + 1] = b;
}

function insertBlock(runs: number[], pfn: number, size: number): void {
  const i = runIndex(runs, pfn);
  const prevEnd = i >= 0 ? runs[i * 2]! + runs[i * 2 + 1]! * size : -1;
  const next = (i + 1) * 2 < runs.length ? runs[(i + 1) * 2]! : -1;
  if (prevEnd === pfn) {
    runs[i * 2 + 1]! += 1;
    if (next === pfn + size) {
      runs[i * 2 + 1]! += runs[(i + 1) * 2 + 1]!;
      removePair(runs, (i + 1) * 2);
    }
  } else if (next === pfn + size) {
    runs[(i + 1) * 2] = pfn;
    runs[(i + 1) * 2 + 1]! += 1;
  } else {
    insertPair(runs, (i + 1) * 2, pfn, 1);
  }
}

function removeBlock(runs: number[], pfn: number, size: number): void {
  const i = runIndex(runs, pfn);
  const start = runs[i * 2]!;
  const count = runs[i * 2 + 1]!;
  const k = (pfn - start) / size;
  const tail = count - k - 1;
  if (k === 0 && tail === 0) removePair(runs, i * 2);
  else if (k === 0) {
    runs[i * 2] = pfn + size;
    runs[i * 2 + 1] = tail;
  } else if (tail === 0) runs[i * 2 + 1] = k;
  else {
    runs[i * 2 + 1] = k;
    insertPair(runs, i * 2 + 2, pfn + size, tail);
  }
}

export interface SplitNote {
  readonly pfn: number;
  readonly fromOrder: number;
  readonly toOrder: number;
}

/**
 * Allocates one block of `order` from the zone (the lowest-addressed block of the smallest order
 * that has one), splitting a larger block if needed. Returns the pfn or null.
 */
export function allocBlock(zone: Zone, order: number, splits?: SplitNote[]): number | null {
  for (let o = order; o <= MAX_PAGE_ORDER; o++) {
    const runs = zone.free[o]!;
    if (runs.length === 0) continue;
    const pfn = runs[0]!;
    removeBlock(runs, pfn, 1 << o);
    for (let s = o; s > order; s--) {
      insertBlock(zone.free[s - 1]!, pfn + (1 << (s - 1)), 1 << (s - 1));
    }
    if (o > order && splits) splits.push({ pfn, fromOrder: o, toOrder: order });
    zone.freePages -= 1 << order;
    return pfn;
  }
  return null;
}

/** Appends pages [pfn, pfn + count) to runs being built, extending the last run when they follow on. */
export function appendRun(runs: { pfn: number; count: number }[], pfn: number, count: number): void {
  const last = runs[runs.length - 1];
  if (last && last.pfn + last.count === pfn) last.count += count;
  else runs.push({ pfn, count });
}

/**
 * `n` calls of allocBlock(zone, 0) at once: the same pages in the same order, and the same free
 * lists after. Each call takes the lowest order-0 block, or splits the lowest block of the
 * smallest order o that has one; that split leaves the lower orders empty but for the upper
 * halves of the block, so the next calls walk the block page by page. Taking m pages of it
 * leaves [B + m, B + 2^o) free, as the aligned blocks the splits left. Appends the pages taken
 * to `out` as runs, extending its last run when they follow on; returns how many were taken
 * (fewer than n: the zone ran dry).
 */
export function allocPagesBulk(zone: Zone, n: number, out: { pfn: number; count: number }[]): number {
  let taken = 0;
  const push = (pfn: number, count: number) => appendRun(out, pfn, count);
  while (taken < n) {
    const singles = zone.free[0]!;
    if (singles.length > 0) {
      // Take whole runs from the front, then drop them in one shift (not one per run).
      let i = 0;
      while (i < singles.length && taken < n) {
        const k = Math.min(n - taken, singles[i + 1]!);
        push(singles[i]!, k);
        zone.freePages -= k;
        taken += k;
        if (k < singles[i + 1]!) {
          singles[i]! += k;
          singles[i + 1]! -= k;
          break;
        }
        i += 2;
      }
      if (i > 0) {
        for (let j = i; j < singles.length; j++) singles[j - i] = singles[j]!;
        for (let j = 0; j < i; j++) singles.pop();
      }
      continue;
    }
    let o = 1;
    while (o <= MAX_PAGE_ORDER && zone.free[o]!.length === 0) o++;
    if (o > MAX_PAGE_ORDER) break;
    const block = zone.free[o]![0]!;
    const size = 1 << o;
    removeBlock(zone.free[o]!, block, size);
    const m = Math.min(n - taken, size);
    push(block, m);
    // The rest of the block: the largest aligned pieces from its low end, as expand() left them.
    let p = block + m;
    while (p < block + size) {
      const k = largestBlockAt(p, block + size - p);
      insertBlock(zone.free[k]!, p, 1 << k);
      p += 1 << k;
    }
    zone.freePages -= m;
    taken += m;
  }
  return taken;
}

/** Takes a specific free page (for deterministic fragmentation); returns false if not free. */
export function takePage(zone: Zone, pfn: number): boolean {
  for (let o = 0; o <= MAX_PAGE_ORDER; o++) {
    const size = 1 << o;
    const block = pfn - ((pfn - 0) % size);
    const runs = zone.free[o]!;
    if (!hasBlock(runs, block, size)) continue;
    removeBlock(runs, block, size);
    // Give back every part of the block except the page taken, halving around it.
    let lo = block;
    for (let s = o; s > 0; s--) {
      const half = 1 << (s - 1);
      if (pfn < lo + half) insertBlock(zone.free[s - 1]!, lo + half, half);
      else {
        insertBlock(zone.free[s - 1]!, lo, half);
        lo += half;
      }
    }
    zone.freePages -= 1;
    return true;
  }
  return false;
}

/** Frees a block of `order` at `pfn`, merging with free buddies (__free_one_page). */
export function freeBlock(zone: Zone, pfn: number, order: number): void {
  zone.freePages += 1 << order;
  let o = order;
  let p = pfn;
  while (o < MAX_PAGE_ORDER) {
    const size = 1 << o;
    // (XOR is 32-bit: above pfn 2^31 the buddy is found by arithmetic)
    const buddy = p < 2 ** 31 ? p ^ size : Math.floor(p / size) % 2 === 0 ? p + size : p - size;
    if (buddy < zone.startPfn || buddy + size > zone.endPfn) break;
    const runs = zone.free[o]!;
    if (!hasBlock(runs, buddy, size)) break;
    removeBlock(runs, buddy, size);
    p = Math.min(p, buddy);
    o++;
  }
  insertBlock(zone.free[o]!, p, 1 << o);
}

/**
 * The largest order whose block starts at pfn (aligned to it) and fits in `pages`: the smaller of
 * pfn's trailing zero bits and log2(pages), capped at MAX_PAGE_ORDER.
 */
export function largestBlockAt(pfn: number, pages: number): number {
  if (pfn >= 2 ** 31 || pages >= 2 ** 31) {
    // (bit operations are 32-bit: a RAM base far up the address space takes the long way)
    let o = MAX_PAGE_ORDER;
    while (o > 0 && (pfn % 2 ** o !== 0 || 2 ** o > pages)) o--;
    return o;
  }
  const fit = 31 - Math.clz32(pages);
  const align = pfn === 0 ? MAX_PAGE_ORDER : 31 - Math.clz32(pfn & -pfn);
  return Math.min(MAX_PAGE_ORDER, fit, align);
}

/** Frees an arbitrary page range as the largest aligned blocks it contains. */
export function freeRange(zone: Zone, pfn: number, count: number): void {
  let p = pfn;
  const end = pfn + count;
  while (p < end) {
    const o = largestBlockAt(p, end - p);
    freeBlock(zone, p, o);
    p += 1 << o;
  }
}

/** Free blocks of the zone as ranges, with their order (for the page map and invariants). */
export function freeBlocks(zone: Zone): Array<PfnRange & { order: number }> {
  const out: Array<PfnRange & { order: number }> = [];
  zone.free.forEach((runs, order) => {
    for (let i = 0; i < runs.length; i += 2) out.push({ pfn: runs[i]!, count: runs[i + 1]! << order, order });
  });
  return out.sort((a, b) => a.pfn - b.pfn);
}

/** Largest order with a free block, or -1 (what /proc/buddyinfo shows at a glance). */
export function largestFreeOrder(zone: Zone): number {
  for (let o = MAX_PAGE_ORDER; o >= 0; o--) if (zone.free[o]!.length > 0) return o;
  return -1;
}

export function isPageFree(zone: Zone, pfn: number): boolean {
  for (let o = 0; o <= MAX_PAGE_ORDER; o++) {
    const size = 1 << o;
    if (hasBlock(zone.free[o]!, pfn - (pfn % size), size)) return true;
  }
  return false;
}

/** Removes an arbitrary free page range from the buddy lists (boot reservations, memblock). */
export function takeRange(zone: Zone, pfn: number, count: number): void {
  const end = pfn + count;
  let p = pfn;
  while (p < end) {
    let taken = false;
    for (let o = MAX_PAGE_ORDER; o >= 0; o--) {
      const size = 1 << o;
      const block = p - (p % size);
      if (block !== p || block + size > end) continue;
      const runs = zone.free[o]!;
      if (!hasBlock(runs, block, size)) continue;
      removeBlock(runs, block, size);
      zone.freePages -= size;
      p += size;
      taken = true;
      break;
    }
    if (!taken) {
      if (!takePage(zone, p)) throw new Error(`takeRange: page ${p} is not free`);
      p += 1;
    }
  }
}
