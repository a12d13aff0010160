// An ILLUSTRATIVE cost model (issue 7, item 3): relative CPU cost per byte of sequential writes,
// sequential reads and read-modify-writes through cached, write-combine and uncached mappings, and
// of cache maintenance, per architecture profile; and the cost per second of a workload on a
// matrix row. The numbers are round, order-of-magnitude figures chosen to show the *shape* of the
// trade-offs (docs/cost-model.md gives the reasoning and the sources); they are not measurements of
// any machine and must not be quoted as such.
import type { ArchName, CacheOpKind, DmaDirection, MemType } from '../types';
import type { MatrixOutcome } from './matrix';

/** Marks every cost value, so that no UI can show one without saying what it is. */
export const COST_MODEL_LABEL = 'illustrative estimate (relative units, not a measurement)';

export type CpuAccess = 'write' | 'read' | 'rmw';

/**
 * Cost units per byte; one unit is roughly one nanosecond of one core of the class named in
 * `cpuClass`. Only the ratios within a profile are meant to carry meaning.
 */
export interface CostProfile {
  readonly arch: ArchName;
  readonly cpuClass: string;
  readonly access: Readonly<Record<MemType, Readonly<Record<CpuAccess, number>>>>;
  /** Per byte of cache maintenance by virtual address (clean, invalidate, clean+invalidate). */
  readonly maintenance: Readonly<Record<CacheOpKind, number>>;
  /** Per byte of a swiotlb bounce copy (memcpy between two cacheable buffers). */
  readonly bounceCopy: number;
}

/** The per-architecture numbers, as data. See docs/cost-model.md for where each comes from. */
export const COST_PROFILES: Readonly<Record<ArchName, CostProfile>> = {
  x86_64: {
    arch: 'x86_64',
    cpuClass: 'a current x86-64 server or desktop core',
    access: {
      cached: { write: 0.1, read: 0.08, rmw: 0.12 },
      // WC: full-line streaming stores skip the read-for-ownership; loads are uncached (no MOVNTDQA).
      'write-combine': { write: 0.08, read: 2, rmw: 2.1 },
      uncached: { write: 1.5, read: 6, rmw: 7.5 },
    },
    // clflushopt by line; the DMA API never issues it on x86 (devices snoop), listed for completeness.
    maintenance: { clean: 0.1, invalidate: 0.1, flush: 0.12 },
    bounceCopy: 0.15,
  },
  arm64: {
    arch: 'arm64',
    cpuClass: 'a Cortex-A7x-class core',
    access: {
      cached: { write: 0.12, read: 0.1, rmw: 0.15 },
      // Normal non-cacheable: stores merge in the write buffer; loads go to DRAM but may be speculated.
      'write-combine': { write: 0.15, read: 1.2, rmw: 1.35 },
      // Device-nGnRnE: every access is a separate, non-speculative, non-merged transaction.
      uncached: { write: 2, read: 8, rmw: 10 },
    },
    maintenance: { clean: 0.15, invalidate: 0.1, flush: 0.18 },
    bounceCopy: 0.25,
  },
  arm32: {
    arch: 'arm32',
    cpuClass: 'a Cortex-A9-class core with an outer PL310 L2 cache',
    access: {
      cached: { write: 0.3, read: 0.25, rmw: 0.4 },
      // Normal non-cacheable, bufferable: writes merge; reads are uncached.
      'write-combine': { write: 0.35, read: 2.5, rmw: 2.85 },
      uncached: { write: 4, read: 12, rmw: 16 },
    },
    // Inner by-MVA loop plus outer-cache operations by physical line through the L2 controller.
    maintenance: { clean: 0.5, invalidate: 0.4, flush: 0.6 },
    bounceCopy: 0.6,
  },
  riscv64: {
    arch: 'riscv64',
    cpuClass: 'an in-order application core with Zicbom and Svpbmt',
    access: {
      cached: { write: 0.2, read: 0.18, rmw: 0.25 },
      'write-combine': { write: 0.25, read: 2, rmw: 2.25 },
      uncached: { write: 3, read: 10, rmw: 13 },
    },
    maintenance: { clean: 0.3, invalidate: 0.25, flush: 0.35 },
    bounceCopy: 0.4,
  },
};

/** A workload the user picks: what the CPU does to the buffer, how much, and how often. */
export interface Workload {
  readonly id: string;
  readonly title: string;
  readonly cpu: CpuAccess;
  /** Bytes the CPU touches per transfer; null = the whole buffer (the matrix size). */
  readonly bytes: number | null;
  readonly perSecond: number;
  /** The direction a streaming mapping for this workload uses. */
  readonly dir: DmaDirection;
}

export const WORKLOADS: Readonly<Record<string, Workload>> = {
  frame60: {
    id: 'frame60',
    title: 'CPU fills a frame, then the device reads it, 60 times a second',
    cpu: 'write',
    bytes: null,
    perSecond: 60,
    dir: 'DMA_TO_DEVICE',
  },
  audio48k: {
    id: 'audio48k',
    title: 'CPU writes 10 ms audio periods (48 kHz, stereo, S16: 1920 bytes), 100 a second',
    cpu: 'write',
    bytes: 1920,
    perSecond: 100,
    dir: 'DMA_TO_DEVICE',
  },
  capture60: {
    id: 'capture60',
    title: 'The device writes a frame, then the CPU reads it, 60 times a second',
    cpu: 'read',
    bytes: null,
    perSecond: 60,
    dir: 'DMA_FROM_DEVICE',
  },
  rmw60: {
    id: 'rmw60',
    title: 'The CPU read-modify-writes a frame in place, then the device reads it, 60 times a second',
    cpu: 'rmw',
    bytes: null,
    perSecond: 60,
    dir: 'DMA_BIDIRECTIONAL',
  },
};

/** What the cost of a transfer depends on: the CPU's mapping and the work the DMA API adds. */
export interface CostInput {
  readonly memtype: MemType;
  /** Cache maintenance of one transfer, in bytes per kind of operation. */
  readonly maintenancePerTransfer: Readonly<Partial<Record<CacheOpKind, number>>>;
  readonly bounceBytesPerTransfer?: number;
  /** The buffer size (for workloads that touch the whole buffer). */
  readonly size: number;
}

export interface CostEstimate {
  readonly label: typeof COST_MODEL_LABEL;
  readonly workload: string;
  readonly memtype: MemType;
  /** Cost units per second: CPU access, cache maintenance, bounce copies, and their sum. */
  readonly cpuAccess: number;
  readonly maintenance: number;
  readonly bounce: number;
  readonly total: number;
  /** total / 1e9: the share of one core, if one unit were one nanosecond. */
  readonly coreShare: number;
}

/** The cost per second of a workload: CPU accesses + cache maintenance + bounce copies. */
export function workloadCost(arch: ArchName, input: CostInput, w: Workload): CostEstimate {
  const p = COST_PROFILES[arch];
  const bytes = w.bytes ?? input.size;
  const cpuAccess = w.perSecond * bytes * p.access[input.memtype][w.cpu];
  let maintenance = 0;
  for (const [op, n] of Object.entries(input.maintenancePerTransfer) as [CacheOpKind, number][])
    maintenance += w.perSecond * n * p.maintenance[op];
  const bounce = w.perSecond * (input.bounceBytesPerTransfer ?? 0) * p.bounceCopy;
  const total = cpuAccess + maintenance + bounce;
  return {
    label: COST_MODEL_LABEL,
    workload: w.id,
    memtype: input.memtype,
    cpuAccess,
    maintenance,
    bounce,
    total,
    coreShare: total / 1e9,
  };
}

/**
 * The mapping the CPU uses for a matrix row: the user mapping if the call made one (the workloads
 * are driven from userspace), else the kernel mapping; null when the CPU has none (a failed call).
 */
export function cpuMemtypeOf(o: MatrixOutcome): MemType | null {
  return o.userMemtype ?? o.kernelMemtype;
}

/** The estimated cost of a workload on one matrix row; null when the row gives the CPU no mapping. */
export function rowCost(
  arch: ArchName,
  size: number,
  outcome: MatrixOutcome,
  w: Workload,
): CostEstimate | null {
  const memtype = cpuMemtypeOf(outcome);
  if (!outcome.ok || memtype === null) return null;
  return workloadCost(
    arch,
    {
      memtype,
      maintenancePerTransfer: outcome.cacheOpsPerTransfer,
      bounceBytesPerTransfer: outcome.bounceBytesPerTransfer,
      size,
    },
    w,
  );
}
