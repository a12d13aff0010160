// dma_get_sgtable_attrs (kernel/dma/mapping.c → dma_direct_get_sgtable / iommu_dma_get_sgtable):
// the buffer's physical pages as a scatterlist; no state change. Each test also checks step-back.
import { describe, expect, it } from 'vitest';
import { canon, run, stepBackMismatches } from '../testkit';
import type { Op } from '../types';

describe('dma_get_sgtable_attrs', () => {
  it("dma_direct_get_sgtable: one entry of PAGE_ALIGN(size) at the handle's page, and the state does not change", () => {
    const r = run({ arch: 'x86_64', ramMiB: 512, devices: [{ name: 'd' }] }, [
      { op: 'dma_alloc_attrs', dev: 'd', size: '5000', as: 'a' } as Op,
      { op: 'dma_get_sgtable_attrs', buf: 'a' } as Op,
    ]);
    expect(stepBackMismatches(r)).toEqual([]);
    const out = r.outs[1]!;
    expect(out.calls).toEqual(['dma_get_sgtable_attrs', 'dma_direct_get_sgtable']);
    const v = out.result.ok
      ? (out.result.value as { nents: number; entries: { phys: string; length: number }[] })
      : null;
    const b = r.last.buffers.get('b1')!;
    expect(v?.nents).toBe(1);
    expect(v?.entries[0]).toEqual({
      phys: `0x${(b.extents[0]!.pfn * 4096).toString(16).padStart(16, '0')}`,
      length: 8192,
    });
    expect(canon(r.states[2]!)).toBe(canon(r.states[1]!));
  });

  it('iommu_dma_get_sgtable of a scattered buffer: sg_alloc_table_from_pages, one entry per physical run', () => {
    const r = run({ arch: 'arm64', ramMiB: 512, devices: [{ name: 'd', iommu: true }] }, [
      { op: 'fragment_memory', seed: 3, percent: 50 },
      { op: 'dma_alloc_attrs', dev: 'd', size: '64KiB', as: 'a' } as Op,
      { op: 'dma_get_sgtable_attrs', buf: 'a' } as Op,
    ]);
    expect(stepBackMismatches(r)).toEqual([]);
    const out = r.outs[2]!;
    const b = r.last.buffers.get('b1')!;
    expect(b.extents.length).toBeGreaterThan(1);
    expect(out.calls).toContain('sg_alloc_table_from_pages');
    expect(out.result.ok && out.result.value.nents).toBe(b.extents.length);
  });

  it('a freed buffer has no sg table', () => {
    const r = run({ arch: 'x86_64', ramMiB: 512, devices: [{ name: 'd' }] }, [
      { op: 'dma_alloc_attrs', dev: 'd', size: '4KiB', as: 'a' } as Op,
      { op: 'dma_free_attrs', buf: 'a' } as Op,
      { op: 'dma_get_sgtable_attrs', buf: 'a' } as Op,
    ]);
    expect(stepBackMismatches(r)).toEqual([]);
    expect(r.outs[2]!.result.ok).toBe(false);
  });
});
