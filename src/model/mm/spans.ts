// Sorted, non-overlapping spans inside an address range: the shape shared by the CMA bitmap,
// gen_pool, the vmap area tree, the IOVA rbtree, a process's VMAs and the swiotlb slots.
// Arrays are mutated in place; the machine shell copies them before a step (machine.ts).

export interface Span {
  readonly start: number;
  readonly size: number;
  /** Buffer id (or a fixed name such as "kernel") that holds the span. */
  readonly owner: string;
}

/** Index of the first span whose start is >= value (binary search). */
export function lowerBound(spans: readonly Span[], value: number): number {
  let lo = 0;
  let hi = spans.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (spans[mid]!.start < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function alignUp(x: number, align: number): number {
  return Math.ceil(x / align) * align;
}

/** Lowest start >= lo with start % align == 0 whose [start, start+size) is free and <= hi. */
export function findLowestFit(
  spans: readonly Span[],
  lo: number,
  hi: number,
  size: number,
  align = 1,
): number | null {
  let cursor = lo;
  for (const s of spans) {
    const start = alignUp(cursor, align);
    if (start + size <= Math.min(s.start, hi)) return start;
    cursor = Math.max(cursor, s.start + s.size);
    if (cursor >= hi) return null;
  }
  const start = alignUp(cursor, align);
  return start + size <= hi ? start : null;
}

/** Highest aligned start whose [start, start+size) is free, inside [lo, hi): top-down search. */
export function findHighestFit(
  spans: readonly Span[],
  lo: number,
  hi: number,
  size: number,
  align = 1,
): number | null {
  let ceiling = hi;
  for (let i = spans.length - 1; i >= -1; i--) {
    const s = i >= 0 ? spans[i]! : null;
    const floor = s ? s.start + s.size : lo;
    if (s && s.start >= ceiling) continue;
    const start = Math.floor((ceiling - size) / align) * align;
    if (start >= Math.max(floor, lo)) return start;
    if (!s) return null;
    ceiling = Math.min(ceiling, s.start);
    if (ceiling <= lo) return null;
  }
  return null;
}

// (In place rather than splice(), which builds an array of the removed elements each call.)
export function insertSpan(spans: Span[], span: Span): void {
  const at = lowerBound(spans, span.start);
  spans.push(span);
  for (let i = spans.length - 1; i > at; i--) spans[i] = spans[i - 1]!;
  spans[at] = span;
}

/** Removes and returns the span that starts at `start`, or null. */
export function removeSpan(spans: Span[], start: number): Span | null {
  const i = lowerBound(spans, start);
  const s = spans[i];
  if (!s || s.start !== start) return null;
  for (let j = i; j < spans.length - 1; j++) spans[j] = spans[j + 1]!;
  spans.pop(); // (not `length -= 1`, which can reallocate the backing store)
  return s;
}

/** The span containing `addr`, or null. */
export function spanAt(spans: readonly Span[], addr: number): Span | null {
  const i = lowerBound(spans, addr + 1) - 1;
  const s = spans[i];
  return s && addr < s.start + s.size ? s : null;
}

export function usedSize(spans: readonly Span[]): number {
  let n = 0;
  for (const s of spans) n += s.size;
  return n;
}
