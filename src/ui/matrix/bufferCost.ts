// The illustrative cost of a workload on one buffer of the stage (issue 7, item 3): the same
// pricing as a matrix row (model/explore/cost.ts), measured on the buffer itself. Coherent memory
// needs no maintenance per transfer; for any other buffer the model runs one hypothetical
// dma_map_single/dma_unmap_single cycle on the state on show and the cost counts its cache
// maintenance and bounce copies. Nothing here decides what the kernel does: the model does.
import type { ArchName, CostEstimate, MachineState, MemType, Op, Workload } from '../../model';
import { bufferView, runRow, workloadCost } from '../../model';

export interface BufferCost {
  readonly estimate: CostEstimate;
  /** How the per-transfer work was found, in one phrase for the badge's tooltip. */
  readonly basis: string;
}

export type BufferCostResult = { ok: true; cost: BufferCost } | { ok: false; reason: string };

/** The mapping the CPU uses: the user mapping if there is one, else the kernel's (as cpuMemtypeOf). */
function cpuMemtypeOfView(v: ReturnType<typeof bufferView>): MemType | null {
  return v.userMappings[0]?.memtype ?? v.cpuAddr.memtype;
}

const COST_MAP = '__workload_cost_map';

export function bufferWorkloadCost(s: MachineState, bufferId: string, w: Workload): BufferCostResult {
  const rec = s.buffers.get(bufferId);
  if (!rec?.live) return { ok: false, reason: 'the buffer is not live at this step' };
  const v = bufferView(s, rec);
  const memtype = cpuMemtypeOfView(v);
  if (memtype === null) return { ok: false, reason: 'the CPU has no mapping of this buffer' };
  const arch = s.config.arch as ArchName;
  if (rec.kind === 'coherent')
    return {
      ok: true,
      cost: {
        estimate: workloadCost(arch, { memtype, maintenancePerTransfer: {}, size: rec.size }, w),
        basis: `coherent memory through a ${memtype} mapping: no cache maintenance per transfer`,
      },
    };
  const mapping = [...s.mappings.values()].find((m) => m.live && m.segs.some((g) => g.buffer === bufferId));
  const dev = mapping?.dev ?? rec.dev;
  const cpuOnly = (why: string): BufferCostResult => ({
    ok: true,
    cost: {
      estimate: workloadCost(arch, { memtype, maintenancePerTransfer: {}, size: rec.size }, w),
      basis: `CPU accesses through a ${memtype} mapping only (${why})`,
    },
  });
  if (!dev || !rec.name) return cpuOnly('no device maps it, so no per-transfer work is counted');
  const ops: Op[] = [
    { op: 'dma_map_single', dev, buf: rec.name, dir: w.dir, as: COST_MAP },
    { op: 'dma_unmap_single', map: COST_MAP, dir: w.dir },
  ];
  const { outcome } = runRow(s, ops, ['map', 'unmap']);
  if (!outcome.ok) return cpuOnly(`a ${w.dir} map of it fails: ${outcome.error?.code ?? 'error'}`);
  return {
    ok: true,
    cost: {
      estimate: workloadCost(
        arch,
        {
          memtype,
          maintenancePerTransfer: outcome.cacheOpsPerTransfer,
          bounceBytesPerTransfer: outcome.bounceBytesPerTransfer,
          size: rec.size,
        },
        w,
      ),
      basis: `${memtype} CPU mapping plus one dma_map_single/dma_unmap_single (${w.dir}) on ${dev} per transfer`,
    },
  };
}

/** "18.9 M units/s (≈1.9% of a core)": the units, with the share kept as a ranking hint. */
export function formatCost(e: CostEstimate): string {
  const t = e.total;
  const [div, unit] = t >= 1e9 ? [1e9, ' G'] : t >= 1e6 ? [1e6, ' M'] : t >= 1e3 ? [1e3, ' k'] : [1, ''];
  const n = div === 1 ? String(Math.round(t)) : `${(t / div).toPrecision(3)}${unit}`;
  return `${n} units/s (${coreShareText(e)})`;
}

/** "≈1.9% of a core": the short form the header badge shows. */
export function coreShareText(e: Pick<CostEstimate, 'coreShare'>): string {
  const pct = e.coreShare * 100;
  const share = pct >= 10 ? pct.toFixed(0) : pct >= 0.1 ? pct.toFixed(1) : '<0.1';
  return `≈${share}% of a core`;
}
