import { describe, expect, it } from 'vitest';
import { ARCH_NAMES, profileOf } from '../arch/profiles';
import { COST_MODEL_LABEL, COST_PROFILES, rowCost, WORKLOADS, workloadCost } from './cost';
import { attributeMatrix } from './matrix';

const SIZE = 2 * 1024 * 1024;

describe('illustrative cost model', () => {
  for (const arch of ARCH_NAMES) {
    it(`${arch}: CPU reads cost cached < write-combine < uncached`, () => {
      const read = (memtype: 'cached' | 'write-combine' | 'uncached') =>
        workloadCost(arch, { memtype, maintenancePerTransfer: {}, size: SIZE }, WORKLOADS.capture60!).total;
      expect(read('cached')).toBeLessThan(read('write-combine'));
      expect(read('write-combine')).toBeLessThan(read('uncached'));
    });
    it(`${arch}: write-combine beats cached + the streaming clean for fill-then-device-read`, () => {
      const p = profileOf(arch);
      const op = p.cacheOps.forDevice('DMA_TO_DEVICE');
      const back = p.cacheOps.forCpu('DMA_TO_DEVICE');
      const maint = { ...(op ? { [op]: SIZE } : {}), ...(back ? { [back]: SIZE } : {}) };
      const w = WORKLOADS.frame60!;
      const wc = workloadCost(arch, { memtype: 'write-combine', maintenancePerTransfer: {}, size: SIZE }, w);
      const cached = workloadCost(arch, { memtype: 'cached', maintenancePerTransfer: maint, size: SIZE }, w);
      if (p.alwaysCoherent) expect(cached.maintenance).toBe(0);
      else expect(cached.maintenance).toBeGreaterThan(0);
      expect(wc.total).toBeLessThan(cached.total);
      expect(wc.label).toBe(COST_MODEL_LABEL);
    });
  }

  it('prices a matrix row: the non-coherent arm64 coherent buffer is write-combine with no maintenance', () => {
    const r = attributeMatrix({
      machine: { arch: 'arm64' },
      dev: { coherent: false },
      call: 'dma_alloc_attrs',
      size: SIZE,
      attrs: [],
    });
    if (!r.ok) throw new Error(r.problems.join());
    const row = r.matrix.rows.find((x) => x.id === 'GFP_KERNEL 0')!;
    const c = rowCost('arm64', SIZE, row.outcome, WORKLOADS.frame60!)!;
    expect(c.memtype).toBe('write-combine');
    expect(c.maintenance).toBe(0);
    expect(c.total).toBeCloseTo(60 * SIZE * COST_PROFILES.arm64.access['write-combine'].write);
    const priced = attributeMatrix({
      machine: { arch: 'arm64' },
      dev: { coherent: false },
      call: 'dma_alloc_attrs',
      size: SIZE,
      attrs: [],
      workload: WORKLOADS.frame60!,
    });
    if (!priced.ok) throw new Error(priced.problems.join());
    expect(priced.matrix.rows[0]!.cost).toEqual(c);
    const failed = r.matrix.rows.find((x) => !x.outcome.ok)!;
    expect(rowCost('arm64', SIZE, failed.outcome, WORKLOADS.frame60!)).toBeNull();
  });
});
