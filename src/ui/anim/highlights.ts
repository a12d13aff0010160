// What the event in focus touched, as highlights on the stage's lanes: pages taken flash, PTEs
// written draw their ribbon in with the pgprot, cache maintenance sweeps over the range, IOVA and
// vmalloc reservations outline their range, bounce copies sweep. Pure: event + state in, plain data
// out; anim/overlay.ts draws them.
import type { MachineState, MemType, ModelEvent, PfnRange } from '../../model';
import { formatSize } from '../../model';
import { iovaLaneId, LINEAR_LANE, PHYS_LANE, userLaneId, VMALLOC_LANE } from '../geometry/scene';

export type HighlightKind = 'take' | 'release' | 'sweep' | 'draw' | 'reserve';

export interface Highlight {
  readonly kind: HighlightKind;
  readonly lane: string;
  readonly start: number;
  readonly count: number;
  /** Short words drawn beside the range ("+256 pages (cma)", "clean 64 KiB"). */
  readonly label: string;
  /** For 'draw': the physical pages the new PTEs point at, and their memory type. */
  readonly to?: readonly PfnRange[];
  readonly memtype?: MemType;
  /** For 'sweep': which cache operation (colours the sweep). */
  readonly op?: string;
}

const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
const pagesOf = (ranges: readonly PfnRange[]) => ranges.reduce((n, r) => n + r.count, 0);

function vmallocPage(s: MachineState, hex: string): number {
  return Number((BigInt(hex) - s.vmalloc.start) / BigInt(s.profile.pageSize));
}

function userLaneAt(s: MachineState, start: number): string | null {
  for (const v of s.vmas.values()) if (v.start === start) return userLaneId(v.process);
  return s.processes.size === 1 ? userLaneId([...s.processes.keys()][0]!) : null;
}

function iommuLaneOf(s: MachineState, owner: string): string | null {
  for (const d of s.domains.values())
    for (const e of d.ptes.values()) if (e.owner === owner) return iovaLaneId(d.dev);
  return s.domains.size === 1 ? iovaLaneId([...s.domains.keys()][0]!) : null;
}

/** The lane and start (in lane units) of a virtual address in one of the model's spaces. */
function placeOf(
  s: MachineState,
  space: 'linear' | 'vmalloc' | 'user' | 'iommu',
  hex: string,
  owner: string,
): { lane: string; start: number } | null {
  const ps = s.profile.pageSize;
  if (space === 'vmalloc') return { lane: VMALLOC_LANE, start: vmallocPage(s, hex) };
  if (space === 'linear')
    return {
      lane: LINEAR_LANE,
      start: Number((BigInt(hex) - s.profile.linearBase) / BigInt(ps)) + s.ramStartPfn,
    };
  if (space === 'user') {
    const lane = userLaneAt(s, Number(BigInt(hex)));
    return lane ? { lane, start: Number(BigInt(hex) / BigInt(ps)) } : null;
  }
  const lane = iommuLaneOf(s, owner);
  return lane ? { lane, start: Number(BigInt(hex) / BigInt(ps)) } : null;
}

const onPhys = (kind: HighlightKind, ranges: readonly PfnRange[], label: string, op?: string): Highlight[] =>
  ranges.map((r) => ({ kind, lane: PHYS_LANE, start: r.pfn, count: r.count, label, ...(op ? { op } : {}) }));

/** The highlights of one event on the state shown (the state after its step). */
export function highlightsOf(e: ModelEvent, s: MachineState): Highlight[] {
  const ps = s.profile.pageSize;
  switch (e.type) {
    case 'pagesAllocated':
      return onPhys('take', e.ranges, `+${plural(pagesOf(e.ranges), 'page')} (${e.source})`);
    case 'pagesFreed':
      return onPhys('release', e.ranges, `−${plural(pagesOf(e.ranges), 'page')} freed`);
    case 'pagesZeroed':
      return onPhys('sweep', e.ranges, `zeroed via ${e.via}`, 'zero');
    case 'cacheMaintained':
      return onPhys('sweep', e.ranges, `${e.op} ${formatSize(e.bytes)} (${e.alias})`, e.op);
    case 'linearPtesChanged':
      return e.ranges.map((r) => ({
        kind: 'draw',
        lane: LINEAR_LANE,
        start: r.pfn,
        count: r.count,
        label: e.pgprot,
        to: [r],
        memtype: e.memtype,
      }));
    case 'vmallocReserved':
      return [
        {
          kind: 'reserve',
          lane: VMALLOC_LANE,
          start: vmallocPage(s, e.start),
          count: e.pages + e.guardPages,
          label: `vmap area ${plural(e.pages, 'page')} + guard`,
        },
      ];
    case 'vmallocReleased':
      return [
        {
          kind: 'release',
          lane: VMALLOC_LANE,
          start: vmallocPage(s, e.start),
          count: e.pages,
          label: 'vmap area released',
        },
      ];
    case 'ptesWritten': {
      const at = placeOf(s, e.space, e.start, e.owner);
      return at
        ? [
            {
              kind: 'draw',
              lane: at.lane,
              start: at.start,
              count: e.pages,
              label: e.pgprot,
              to: e.ranges,
              memtype: e.memtype,
            },
          ]
        : [];
    }
    case 'ptesCleared': {
      const at = placeOf(s, e.space, e.start, e.owner);
      return at
        ? [{ kind: 'release', lane: at.lane, start: at.start, count: e.pages, label: 'PTEs cleared' }]
        : [];
    }
    case 'iovaReserved':
    case 'iovaFreed':
      return [
        {
          kind: e.type === 'iovaReserved' ? 'reserve' : 'release',
          lane: iovaLaneId(e.dev),
          start: Number(BigInt(e.iova) / BigInt(ps)),
          count: Math.max(1, Math.ceil(e.size / ps)),
          label: `IOVA ${e.type === 'iovaReserved' ? 'reserved' : 'freed'} ${formatSize(e.size)}`,
        },
      ];
    case 'iommuMapped':
      return [
        {
          kind: 'draw',
          lane: iovaLaneId(e.dev),
          start: Number(BigInt(e.iova) / BigInt(ps)),
          count: pagesOf(e.ranges),
          label: e.prot.join(' | '),
          to: e.ranges,
        },
      ];
    case 'iommuUnmapped':
      return [
        {
          kind: 'release',
          lane: iovaLaneId(e.dev),
          start: Number(BigInt(e.iova) / BigInt(ps)),
          count: Math.max(1, Math.ceil(e.size / ps)),
          label: 'IOMMU unmapped',
        },
      ];
    case 'poolAllocated':
    case 'poolFreed': {
      const pool = s.pools.find((p) => p.name === e.pool);
      if (!pool) return [];
      const range = [{ pfn: pool.basePfn + e.offset, count: e.size }];
      return e.type === 'poolAllocated'
        ? onPhys('take', range, `+${plural(e.size, 'page')} (${e.pool})`)
        : onPhys('release', range, `returned to ${e.pool}`);
    }
    case 'vmaCreated':
    case 'vmaRemoved': {
      const start = Number(BigInt(e.start) / BigInt(ps));
      return [
        {
          kind: e.type === 'vmaCreated' ? 'reserve' : 'release',
          lane: userLaneId(e.process),
          start,
          count: e.pages,
          label: e.type === 'vmaCreated' ? `VMA ${plural(e.pages, 'page')}` : 'VMA removed',
        },
      ];
    }
    default:
      return genericHighlights(e);
  }
}

/** Model II events not known here yet: any event carrying physical ranges sweeps over them. */
function genericHighlights(e: ModelEvent): Highlight[] {
  const ranges = (e as { ranges?: unknown }).ranges;
  if (!Array.isArray(ranges)) return [];
  const ok = ranges.filter(
    (r): r is PfnRange =>
      typeof r === 'object' && r !== null && typeof r.pfn === 'number' && typeof r.count === 'number',
  );
  const isBounce = /bounce|swiotlb/i.test(e.type);
  return onPhys('sweep', ok, isBounce ? 'bounce copy' : e.type, isBounce ? 'bounce' : 'other');
}

/** Ids of the buffers a step's events touched (an event's owner may be a VMA: its buffer counts). */
export function touchedBuffers(events: readonly ModelEvent[], s: MachineState): string[] {
  const ids = new Set<string>();
  for (const e of events) {
    const f = e as { owner?: unknown; buffer?: unknown };
    for (const v of [f.owner, f.buffer]) {
      if (typeof v !== 'string') continue;
      if (s.buffers.has(v)) ids.add(v);
      const vma = s.vmas.get(v);
      if (vma) ids.add(vma.buffer);
    }
  }
  return [...ids];
}
