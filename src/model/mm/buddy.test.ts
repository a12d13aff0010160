// The buddy allocator (mm/page_alloc.c): __rmqueue_smallest + expand() split the smallest
// sufficient block keeping the lower half; __free_one_page merges with free buddies.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  allocBlock,
  allocPagesBulk,
  cloneZone,
  freeBlock,
  freeBlocks,
  freeRange,
  largestBlockAt,
  largestFreeOrder,
  MAX_PAGE_ORDER,
  newZone,
  takePage,
  takeRange,
} from './buddy';

const zone = (pages = 1024) => {
  const z = newZone('Normal', 0, pages);
  freeRange(z, 0, pages);
  return z;
};

describe('buddy allocator', () => {
  it('freeRange of an aligned 4 MiB range is one order-10 block', () => {
    const z = zone();
    expect(freeBlocks(z)).toEqual([{ pfn: 0, count: 1024, order: 10 }]);
    expect(z.freePages).toBe(1024);
  });

  it('expand(): an order-0 request splits the order-10 block down, leaving one free block of each order 0..9', () => {
    const z = zone();
    const splits: { pfn: number; fromOrder: number; toOrder: number }[] = [];
    expect(allocBlock(z, 0, splits)).toBe(0);
    expect(splits).toEqual([{ pfn: 0, fromOrder: 10, toOrder: 0 }]);
    expect(freeBlocks(z).map((b) => b.order)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(z.freePages).toBe(1023);
  });

  it('__rmqueue_smallest takes the smallest order that has a block before splitting a larger one', () => {
    const z = zone();
    allocBlock(z, 0);
    expect(allocBlock(z, 0)).toBe(1);
    expect(largestFreeOrder(z)).toBe(9);
  });

  it('__free_one_page merges a freed block with its buddy (pfn ^ size) all the way back up', () => {
    const z = zone();
    const a = allocBlock(z, 0)!;
    const b = allocBlock(z, 0)!;
    freeBlock(z, a, 0);
    expect(freeBlocks(z).find((x) => x.pfn === 0)).toEqual({ pfn: 0, count: 1, order: 0 });
    freeBlock(z, b, 0);
    expect(freeBlocks(z)).toEqual([{ pfn: 0, count: 1024, order: 10 }]);
  });

  it('no merge across the zone boundary, and none when the buddy is in use', () => {
    const z = newZone('DMA', 0, 6);
    freeRange(z, 0, 6);
    expect(freeBlocks(z)).toEqual([
      { pfn: 0, count: 4, order: 2 },
      { pfn: 4, count: 2, order: 1 },
    ]);
    takePage(z, 1);
    // pfn 0 (order 0) stays unmerged: its buddy pfn 1 is in use. Runs of same-order blocks are one entry.
    expect(freeBlocks(z).map((b) => [b.pfn, b.order, b.count])).toEqual([
      [0, 0, 1],
      [2, 1, 4],
    ]);
    expect(z.freePages).toBe(5);
  });

  it('a 64 GiB zone keeps its 16,384 max-order blocks as one run (ranges, not per-block entries)', () => {
    const pages = 16 * 1024 * 1024;
    const z = zone(pages);
    expect(z.free[10]).toEqual([0, 16384]);
    takeRange(z, 4096, 8);
    expect(z.freePages).toBe(pages - 8);
    expect(z.free[10]!.length).toBe(4);
  });

  it('allocation fails (null) when no block of the order or above is free', () => {
    const z = zone(8);
    expect(allocBlock(z, 4)).toBeNull();
    expect(allocBlock(z, 3)).toBe(0);
    expect(allocBlock(z, 0)).toBeNull();
  });
});

describe('allocPagesBulk', () => {
  it('takes the same pages, and leaves the same free lists, as n order-0 allocBlock calls', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ order: fc.nat({ max: 6 }), free: fc.boolean() }), { maxLength: 80 }),
        fc.nat({ max: 700 }),
        (churn, n) => {
          // A zone with holes: blocks of random orders taken, some of them given back.
          const z = newZone('Normal', 0, 2048);
          freeRange(z, 0, 2048);
          takeRange(z, 0, 1); // an odd start, so order-0 runs of more than one block appear
          for (const c of churn) {
            const pfn = allocBlock(z, c.order);
            if (pfn !== null && c.free) freeBlock(z, pfn, c.order);
          }
          const seq = cloneZone(z);
          const pages: number[] = [];
          for (let i = 0; i < n; i++) {
            const p = allocBlock(seq, 0);
            if (p === null) break;
            pages.push(p);
          }
          const runs: { pfn: number; count: number }[] = [];
          const taken = allocPagesBulk(z, n, runs);
          const bulkPages: number[] = [];
          for (const r of runs) for (let k = 0; k < r.count; k++) bulkPages.push(r.pfn + k);
          expect(taken).toBe(pages.length);
          expect(bulkPages).toEqual(pages);
          expect(z.free).toEqual(seq.free);
          expect(z.freePages).toBe(seq.freePages);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('largestBlockAt', () => {
  it('is the largest order aligned at pfn that fits, as the step-down loop finds it', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.nat({ max: 2 ** 26 }), fc.constantFrom(2 ** 31, 2 ** 32, 2 ** 32 + 512, 2 ** 40 - 1024)),
        fc.integer({ min: 1, max: 5000 }),
        (pfn, pages) => {
          let o = MAX_PAGE_ORDER;
          while (o > 0 && (pfn % (1 << o) !== 0 || pfn + (1 << o) > pfn + pages)) o--;
          expect(largestBlockAt(pfn, pages)).toBe(o);
        },
      ),
    );
  });
});

describe('a zone far up the physical address space (pfns past 2^32)', () => {
  it('frees, merges and splits as low zones do', () => {
    const base = 2 ** 32;
    const z = newZone('Normal', base, base + 2048);
    freeRange(z, base, 2048);
    expect(largestFreeOrder(z)).toBe(MAX_PAGE_ORDER);
    const a = allocBlock(z, 0)!;
    expect(a).toBe(base);
    freeBlock(z, a, 0);
    // The freed page merged with its buddies back into two max-order blocks (one run of two).
    expect(freeBlocks(z)).toEqual([{ pfn: base, count: 2048, order: MAX_PAGE_ORDER }]);
    expect(z.free.slice(0, MAX_PAGE_ORDER).every((runs) => runs.length === 0)).toBe(true);
  });
});
