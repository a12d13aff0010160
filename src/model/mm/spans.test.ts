// Sorted span lists: first fit (CMA bitmap, gen_pool, vmap area) and top-down fit (IOVA, mmap).
import { describe, expect, it } from 'vitest';
import type { Span } from './spans';
import { findHighestFit, findLowestFit, insertSpan, removeSpan, spanAt, usedSize } from './spans';

const sp = (start: number, size: number): Span => ({ start, size, owner: 'x' });

describe('spans', () => {
  it('findLowestFit: the lowest aligned gap that holds the size (alloc_vmap_area / bitmap_find_next_zero_area)', () => {
    const spans = [sp(0, 3), sp(8, 4)];
    expect(findLowestFit(spans, 0, 32, 4)).toBe(3);
    expect(findLowestFit(spans, 0, 32, 4, 4)).toBe(4);
    expect(findLowestFit(spans, 0, 32, 6)).toBe(12);
    expect(findLowestFit(spans, 0, 14, 6)).toBeNull();
  });

  it('findHighestFit: top-down below the limit, start aligned (alloc_iova size_aligned)', () => {
    const spans = [sp(24, 8)];
    expect(findHighestFit(spans, 0, 32, 4, 4)).toBe(20);
    expect(findHighestFit(spans, 0, 32, 5, 8)).toBe(16);
    expect(findHighestFit([sp(0, 30)], 0, 32, 4)).toBeNull();
  });

  it('insert, lookup, remove and usedSize keep the list sorted', () => {
    const spans: Span[] = [];
    insertSpan(spans, sp(10, 2));
    insertSpan(spans, sp(0, 4));
    expect(spans.map((s) => s.start)).toEqual([0, 10]);
    expect(spanAt(spans, 11)?.start).toBe(10);
    expect(spanAt(spans, 5)).toBeNull();
    expect(usedSize(spans)).toBe(6);
    expect(removeSpan(spans, 10)?.size).toBe(2);
    expect(removeSpan(spans, 10)).toBeNull();
  });
});
