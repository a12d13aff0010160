import { describe, expect, it } from 'vitest';
import type { MachineConfigInput, Op } from '../../model';
import { attributeMatrix, COST_MODEL_LABEL, createMachine, History, WORKLOADS } from '../../model';
import { bufferWorkloadCost, formatCost } from './bufferCost';

function stateAfter(input: MachineConfigInput, ops: readonly Op[]) {
  const m = createMachine(input);
  if (!m.ok) throw new Error(m.problems.join('; '));
  const h = new History(m.state, 16);
  for (const op of ops) expect(h.push(op).result.ok).toBe(true);
  const s = h.at(h.length);
  const ref = s.names.get('buf');
  if (ref?.kind !== 'buffer') throw new Error('no buf');
  return { s, id: ref.id };
}

const NC: MachineConfigInput = {
  arch: 'arm64',
  devices: [{ name: 'dev0', coherent: false }],
  processes: ['app'],
};

describe('bufferWorkloadCost', () => {
  it('prices a coherent buffer exactly as the matrix row of the same call', () => {
    const r = attributeMatrix({
      machine: NC,
      dev: 'dev0',
      call: 'dma_alloc_attrs',
      size: '2MiB',
      workload: WORKLOADS.frame60,
    });
    if (!r.ok) throw new Error('matrix');
    const row = r.matrix.rows[0];
    if (!row) throw new Error('row');
    const { s, id } = stateAfter(r.matrix.machine, row.ops);
    const c = bufferWorkloadCost(s, id, WORKLOADS.frame60);
    expect(c.ok).toBe(true);
    if (!c.ok) return;
    expect(c.cost.estimate.total).toBeCloseTo(row.cost?.total ?? Number.NaN);
    expect(c.cost.estimate.label).toBe(COST_MODEL_LABEL);
    expect(c.cost.basis).toMatch(/no cache maintenance/);
  });

  it('counts the cache maintenance of a map/unmap cycle for a streaming buffer on a non-coherent device', () => {
    const ops: Op[] = [
      { op: 'kmalloc', size: 65536, as: 'buf' },
      { op: 'dma_map_single', dev: 'dev0', buf: 'buf', dir: 'DMA_TO_DEVICE', as: 'm' },
    ];
    const nc = stateAfter(NC, ops);
    const coh = stateAfter({ ...NC, devices: [{ name: 'dev0', coherent: true }] }, ops);
    const a = bufferWorkloadCost(nc.s, nc.id, WORKLOADS.frame60);
    const b = bufferWorkloadCost(coh.s, coh.id, WORKLOADS.frame60);
    if (!a.ok || !b.ok) throw new Error('cost');
    expect(a.cost.estimate.maintenance).toBeGreaterThan(0);
    expect(b.cost.estimate.maintenance).toBe(0);
    expect(a.cost.estimate.cpuAccess).toBe(b.cost.estimate.cpuAccess);
    expect(a.cost.basis).toMatch(/dma_map_single/);
  });

  it('refuses a buffer the CPU cannot reach, and formats costs as a share of a core', () => {
    const { s, id } = stateAfter(NC, [
      { op: 'dma_alloc_attrs', dev: 'dev0', size: '1MiB', attrs: ['DMA_ATTR_NO_KERNEL_MAPPING'], as: 'buf' },
    ]);
    expect(bufferWorkloadCost(s, id, WORKLOADS.frame60)).toEqual({
      ok: false,
      reason: 'the CPU has no mapping of this buffer',
    });
    expect(bufferWorkloadCost(s, 'nope', WORKLOADS.frame60).ok).toBe(false);
    const e = { total: 18_874_368, coreShare: 0.018874368 } as Parameters<typeof formatCost>[0];
    expect(formatCost(e)).toBe('18.9 M units/s (≈1.9% of a core)');
  });
});
