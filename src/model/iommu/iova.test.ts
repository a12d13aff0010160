// drivers/iommu/iova.c (alloc_iova_fast) and arm32's bitmap __alloc_iova.
import { describe, expect, it } from 'vitest';
import type { IovaDomain } from '../state';
import { allocIovaArm, allocIovaFast, freeIova } from './iova';

const dom = (startPfn = 1, limitPfn = 1 << 20): IovaDomain => ({
  dev: 'd',
  startPfn,
  limitPfn,
  spans: [],
  ptes: new Map(),
});

describe('IOVA allocation', () => {
  it('alloc_iova_fast rounds sizes under 32 granules up to a power of two and allocates top-down from the limit, aligned', () => {
    const d = dom();
    expect(allocIovaFast(d, 5, 1 << 20, 'a')).toEqual({ pfn: (1 << 20) - 8, pages: 8 });
    expect(allocIovaFast(d, 3, 1 << 20, 'b')).toEqual({ pfn: (1 << 20) - 12, pages: 4 });
  });

  it('sizes of 32 granules and more keep their length but are aligned to roundup_pow_of_two(len)', () => {
    const d = dom();
    const r = allocIovaFast(d, 33, 1 << 20, 'a')!;
    expect(r.pages).toBe(33);
    expect(r.pfn % 64).toBe(0);
  });

  it('the device limit (DMA mask) caps the search; a freed range is reused at once (no rcache modelled)', () => {
    const d = dom();
    const a = allocIovaFast(d, 4, 1 << 10, 'a')!;
    expect(a.pfn).toBe((1 << 10) - 4);
    freeIova(d, a.pfn);
    expect(allocIovaFast(d, 4, 1 << 10, 'b')!.pfn).toBe(a.pfn);
  });

  it('exhaustion returns null', () => {
    const d = dom(1, 9);
    expect(allocIovaFast(d, 4, 9, 'a')).not.toBeNull();
    expect(allocIovaFast(d, 4, 9, 'b')).toBeNull();
  });

  it('arm32 __alloc_iova: bottom-up first fit aligned to min(order, CONFIG_ARM_DMA_IOMMU_ALIGNMENT = 8)', () => {
    const d = dom(0x10000, 0xf0000);
    expect(allocIovaArm(d, 1, 'a')!.pfn).toBe(0x10000);
    expect(allocIovaArm(d, 5, 'b')!.pfn).toBe(0x10008);
    expect(allocIovaArm(d, 1024, 'c')!.pfn % 256).toBe(0);
  });
});
