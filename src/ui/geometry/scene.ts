// The scene: what the stage draws, derived from one machine state. Lanes (one address space
// each, in page units), background regions (the page map and the used/free spans), and per
// buffer its marks in every lane and the ribbons that join them. Pure: no DOM, no React.
import type { BufferRec, MachineState, MemType, PageKind } from '../../model';
import { pageRuns } from '../../model';
import type { Axis, Interval } from './axis';
import { buildAxis, linearAxis } from './axis';
import { compactSize } from './sizes';

export type LaneKind = 'user' | 'linear' | 'vmalloc' | 'phys' | 'iova' | 'device';

/** What a background region is: a page kind (physical RAM) or a span kind (virtual lanes). */
export type RegionKind = PageKind | 'mapped' | 'used' | 'rewritten';

export interface Region {
  readonly start: number;
  readonly count: number;
  readonly kind: RegionKind;
  readonly owner: string;
  /** Memory type of the mapping (virtual lanes). */
  readonly memtype?: MemType;
}

/** A named stretch of a lane shown with a label: a zone, the CMA area, a pool, the kernel image. */
export interface Landmark {
  readonly id: string;
  readonly start: number;
  readonly count: number;
  readonly label: string;
  /** Zones are drawn as boundaries; the rest as brackets. */
  readonly kind: 'zone' | 'area';
}

export interface LaneSpec {
  readonly id: string;
  readonly kind: LaneKind;
  readonly title: string;
  /** Size and scale, e.g. "32 TiB · broken axis". */
  readonly subtitle: string;
  readonly axis: Axis;
  /** Address of lane unit 0 (the lane's unit is one page). */
  readonly base: bigint;
  readonly regions: readonly Region[];
  readonly landmarks: readonly Landmark[];
}

export interface Mark {
  readonly lane: string;
  readonly start: number;
  readonly count: number;
  /** Memory type of the CPU mapping; null for physical pages and device (IOVA) ranges. */
  readonly memtype: MemType | null;
  readonly pgprot: string | null;
  /** Which mapping this is, in words for the tooltip ("vmalloc alias", "linear alias"). */
  readonly role: string;
}

export interface LinkEnd {
  readonly lane: string;
  readonly start: number;
  readonly count: number;
}

export interface Link {
  readonly from: LinkEnd;
  readonly to: LinkEnd;
  readonly memtype: MemType | null;
  readonly role: string;
}

export interface SceneBuffer {
  readonly id: string;
  readonly label: string;
  readonly dev: string | null;
  readonly size: number;
  readonly marks: readonly Mark[];
  readonly links: readonly Link[];
}

export interface DeviceSpec {
  readonly name: string;
  readonly iommu: boolean;
  readonly coherent: boolean;
}

export interface Scene {
  readonly lanes: readonly LaneSpec[];
  readonly buffers: readonly SceneBuffer[];
  /** Mappings that belong to no buffer (the atomic pools' own remaps). */
  readonly contextLinks: readonly Link[];
  readonly devices: readonly DeviceSpec[];
  readonly pageSize: number;
}

export const PHYS_LANE = 'phys';
export const LINEAR_LANE = 'linear';
export const VMALLOC_LANE = 'vmalloc';
export const DEVICE_LANE = 'devices';
export const userLaneId = (process: string): string => `user:${process}`;
export const iovaLaneId = (dev: string): string => `iova:${dev}`;

function spanIntervals(spans: ReadonlyArray<{ start: number; size: number }>): Interval[] {
  return spans.map((s) => ({ start: s.start, end: s.start + s.size }));
}

function subtitle(pages: number, ps: number, axis: Axis): string {
  return `${compactSize(pages * ps)}${axis.broken ? ', cut' : ''}`;
}

/** The lanes of a machine, left to right. */
export function lanesOf(s: MachineState): LaneSpec[] {
  const ps = s.profile.pageSize;
  const lanes: LaneSpec[] = [];
  const userTop = Math.ceil((s.profile.mmapBase + 128 * 2 ** 20) / ps);
  for (const [proc, spans] of s.processes) {
    const axis = buildAxis(0, userTop, spanIntervals(spans));
    lanes.push({
      id: userLaneId(proc),
      kind: 'user',
      title: `user: ${proc}`,
      subtitle: subtitle(userTop, ps, axis),
      axis,
      base: 0n,
      regions: spans.map((sp) => ({ start: sp.start, count: sp.size, kind: 'used', owner: sp.owner })),
      landmarks: [],
    });
  }
  const vm = s.vmalloc;
  const vmAxis = buildAxis(0, vm.totalPages, spanIntervals(vm.spans));
  lanes.push({
    id: VMALLOC_LANE,
    kind: 'vmalloc',
    title: 'vmalloc',
    subtitle: subtitle(vm.totalPages, ps, vmAxis),
    axis: vmAxis,
    base: vm.start,
    regions: vm.spans.map((sp) => ({ start: sp.start, count: sp.size, kind: 'used', owner: sp.owner })),
    landmarks: [],
  });
  const kmem = s.profile.pgprot.kernel.memtype;
  const linearRegions: Region[] = [
    {
      start: s.ramStartPfn,
      count: s.lowmemEndPfn - s.ramStartPfn,
      kind: 'mapped',
      owner: 'linear map',
      memtype: kmem,
    },
    ...s.linearRewrites.map(
      (r): Region => ({
        start: r.start,
        count: r.size,
        kind: 'rewritten',
        owner: r.owner,
        memtype: 'write-combine',
      }),
    ),
  ];
  lanes.push({
    id: LINEAR_LANE,
    kind: 'linear',
    title: 'linear map',
    subtitle: compactSize((s.lowmemEndPfn - s.ramStartPfn) * ps),
    axis: linearAxis(s.ramStartPfn, s.lowmemEndPfn),
    base: s.profile.linearBase - BigInt(s.ramStartPfn * ps),
    regions: linearRegions,
    landmarks: [],
  });
  const landmarks: Landmark[] = s.zones.map((z) => ({
    id: `zone:${z.name}`,
    start: z.startPfn,
    count: z.endPfn - z.startPfn,
    label: `Zone ${z.name}`,
    kind: 'zone',
  }));
  for (const r of s.reserved) {
    const label = r.owner === 'kernel' ? 'kernel image' : r.owner === 'cma' ? 'CMA' : r.owner;
    landmarks.push({ id: `res:${r.owner}:${r.start}`, start: r.start, count: r.size, label, kind: 'area' });
  }
  for (const p of s.pools)
    landmarks.push({ id: `pool:${p.name}`, start: p.basePfn, count: p.pages, label: p.name, kind: 'area' });
  lanes.push({
    id: PHYS_LANE,
    kind: 'phys',
    title: 'physical RAM',
    subtitle: compactSize((s.ramEndPfn - s.ramStartPfn) * ps),
    axis: linearAxis(s.ramStartPfn, s.ramEndPfn),
    base: 0n,
    regions: pageRuns(s).map((r) => ({ start: r.pfn, count: r.count, kind: r.kind, owner: r.owner })),
    landmarks,
  });
  for (const d of s.domains.values()) {
    const axis = buildAxis(d.startPfn, d.limitPfn, spanIntervals(d.spans));
    lanes.push({
      id: iovaLaneId(d.dev),
      kind: 'iova',
      title: `IOVA ${d.dev}`,
      subtitle: subtitle(d.limitPfn - d.startPfn, ps, axis),
      axis,
      base: 0n,
      regions: d.spans.map((sp) => ({ start: sp.start, count: sp.size, kind: 'used', owner: sp.owner })),
      landmarks: [],
    });
  }
  lanes.push({
    id: DEVICE_LANE,
    kind: 'device',
    title: 'devices',
    subtitle: `${s.config.devices.length}`,
    axis: linearAxis(0, Math.max(1, s.config.devices.length)),
    base: 0n,
    regions: [],
    landmarks: [],
  });
  return lanes;
}

/** Links from a contiguous virtual range to the physical runs it maps, in order. */
function rangeLinks(
  lane: string,
  start: number,
  runs: ReadonlyArray<{ pfn: number; count: number }>,
  memtype: MemType | null,
  role: string,
): Link[] {
  let offset = 0;
  return runs.map((r) => {
    const link = {
      from: { lane, start: start + offset, count: r.count },
      to: { lane: PHYS_LANE, start: r.pfn, count: r.count },
      memtype,
      role,
    };
    offset += r.count;
    return link;
  });
}

/** What a buffer's marks and ribbons are computed from, besides its own record. */
interface BufferContext {
  readonly s: MachineState;
  readonly poolsByName: ReadonlyMap<string, MachineState['pools'][number]>;
  readonly devIndex: ReadonlyMap<string, number>;
  readonly iommuByOwner: ReadonlyMap<string, readonly IommuEntry[]>;
}

/** One IOMMU reservation of a buffer: the device, where in its IOVA space, the physical runs. */
interface IommuEntry {
  readonly dev: string;
  readonly iovaPfn: number;
  readonly ranges: readonly { readonly pfn: number; readonly count: number }[];
}

function contextOf(s: MachineState): BufferContext {
  const iommuByOwner = new Map<string, IommuEntry[]>();
  for (const d of s.domains.values())
    for (const [iovaPfn, e] of d.ptes) {
      const list = iommuByOwner.get(e.owner) ?? [];
      list.push({ dev: d.dev, iovaPfn, ranges: e.ranges });
      iommuByOwner.set(e.owner, list);
    }
  return {
    s,
    poolsByName: new Map(s.pools.map((p) => [p.name, p])),
    devIndex: new Map(s.config.devices.map((d, i) => [d.name, i])),
    iommuByOwner,
  };
}

/** One live buffer with its marks and ribbons in every lane. */
function bufferOf(b: BufferRec, ctx: BufferContext): SceneBuffer {
  const { s, devIndex } = ctx;
  const kernel = s.profile.pgprot.kernel;
  const marks: Mark[] = [];
  const links: Link[] = [];
  const pool = b.pool ? ctx.poolsByName.get(b.pool.name) : undefined;
  for (const e of b.extents)
    marks.push({
      lane: PHYS_LANE,
      start: e.pfn,
      count: e.count,
      memtype: null,
      pgprot: null,
      role: 'physical pages',
    });

  // The CPU's kernel mappings: the linear map (possibly rewritten) and a vmalloc remap.
  const lowmem = b.extents.filter((e) => e.pfn < s.lowmemEndPfn);
  let linear: { memtype: MemType; pgprot: string; role: string } | null = null;
  if (b.cpu.kind === 'linear' && b.cpu.memtype)
    linear = {
      memtype: b.cpu.memtype,
      pgprot: b.cpu.pgprot ?? kernel.name,
      role: 'linear map (CPU address)',
    };
  else if (pool?.mappedAt === 'linear')
    linear = { memtype: pool.memtype, pgprot: pool.pgprot, role: 'linear map (rewritten pool)' };
  else if (b.hasLinearAlias)
    linear = { memtype: kernel.memtype, pgprot: kernel.name, role: 'cacheable linear alias' };
  if (linear)
    for (const e of lowmem) {
      marks.push({
        lane: LINEAR_LANE,
        start: e.pfn,
        count: e.count,
        memtype: linear.memtype,
        pgprot: linear.pgprot,
        role: linear.role,
      });
      links.push({
        from: { lane: LINEAR_LANE, start: e.pfn, count: e.count },
        to: { lane: PHYS_LANE, start: e.pfn, count: e.count },
        memtype: linear.memtype,
        role: linear.role,
      });
    }
  let vpage: number | null = null;
  let vmem: MemType | null = null;
  let vprot: string | null = null;
  if (b.cpu.kind === 'vmalloc' && b.vmallocPage !== null) {
    vpage = b.vmallocPage;
    vmem = b.cpu.memtype;
    vprot = b.cpu.pgprot;
  } else if (pool?.mappedAt === 'vmalloc' && pool.vmallocPage !== null && b.pool) {
    vpage = pool.vmallocPage + b.pool.offsetPages;
    vmem = pool.memtype;
    vprot = pool.pgprot;
  }
  if (vpage !== null) {
    const role = pool ? `vmalloc (${pool.name} remap)` : 'vmalloc remap (CPU address)';
    marks.push({ lane: VMALLOC_LANE, start: vpage, count: b.pages, memtype: vmem, pgprot: vprot, role });
    links.push(...rangeLinks(VMALLOC_LANE, vpage, b.extents, vmem, role));
  }

  // User mappings (dma_mmap_attrs).
  for (const id of b.vmas) {
    const v = s.vmas.get(id);
    if (!v?.live) continue;
    const lane = userLaneId(v.process);
    const start = Math.floor(v.start / s.profile.pageSize);
    marks.push({
      lane,
      start,
      count: v.pages,
      memtype: v.memtype,
      pgprot: v.pgprot,
      role: `user VMA ${v.name ?? v.id}`,
    });
    links.push(...rangeLinks(lane, start, v.ranges, v.memtype, `user VMA ${v.name ?? v.id}`));
  }

  // The device's view: IOVA ranges behind an IOMMU, else the physical pages directly.
  const iommu = ctx.iommuByOwner.get(b.id) ?? [];
  for (const m of iommu) {
    const lane = iovaLaneId(m.dev);
    const pages = m.ranges.reduce((n, r) => n + r.count, 0);
    marks.push({
      lane,
      start: m.iovaPfn,
      count: pages,
      memtype: null,
      pgprot: null,
      role: `IOVA (${m.dev})`,
    });
    // Drawn from phys (left) to the IOVA lane (right).
    for (const l of rangeLinks(lane, m.iovaPfn, m.ranges, null, `IOMMU mapping (${m.dev})`))
      links.push({ ...l, from: l.to, to: l.from });
    links.push({
      from: { lane, start: m.iovaPfn, count: pages },
      to: { lane: DEVICE_LANE, start: devIndex.get(m.dev) ?? 0, count: 1 },
      memtype: null,
      role: `DMA address (${m.dev})`,
    });
  }
  if (iommu.length === 0 && b.dev !== null && b.dmaAddr !== null)
    for (const e of b.extents)
      links.push({
        from: { lane: PHYS_LANE, start: e.pfn, count: e.count },
        to: { lane: DEVICE_LANE, start: devIndex.get(b.dev) ?? 0, count: 1 },
        memtype: null,
        role: `DMA address (${b.dev})`,
      });

  return {
    id: b.id,
    label: b.name ? `${b.name} (${b.id})` : b.id,
    dev: b.dev,
    size: b.size,
    marks,
    links,
  };
}

/**
 * Everything bufferOf reads besides the buffer's own record, as values and records to compare
 * by identity: the model replaces a record when it changes and never edits one, so equal inputs
 * give an equal buffer.
 */
function inputsOf(b: BufferRec, ctx: BufferContext): unknown[] {
  const { s } = ctx;
  const pool = b.pool ? ctx.poolsByName.get(b.pool.name) : undefined;
  const inputs: unknown[] = [s.config, s.profile, s.lowmemEndPfn];
  if (pool) inputs.push(pool.mappedAt, pool.memtype, pool.pgprot, pool.vmallocPage, pool.name);
  for (const id of b.vmas) inputs.push(s.vmas.get(id));
  for (const m of ctx.iommuByOwner.get(b.id) ?? []) inputs.push(m.dev, m.iovaPfn, m.ranges);
  return inputs;
}

function contextLinksOf(s: MachineState): Link[] {
  const contextLinks: Link[] = [];
  for (const p of s.pools)
    if (p.mappedAt === 'vmalloc' && p.vmallocPage !== null)
      contextLinks.push(
        ...rangeLinks(VMALLOC_LANE, p.vmallocPage, [{ pfn: p.basePfn, count: p.pages }], p.memtype, p.name),
      );
  return contextLinks;
}

/** Every live buffer with its marks and ribbons in every lane. */
export function sceneOf(s: MachineState): Scene {
  const ctx = contextOf(s);
  const buffers: SceneBuffer[] = [];
  for (const b of s.buffers.values()) if (b.live) buffers.push(bufferOf(b, ctx));
  return {
    lanes: lanesOf(s),
    buffers,
    contextLinks: contextLinksOf(s),
    devices: s.config.devices.map((d) => ({ name: d.name, iommu: d.iommu, coherent: d.coherent })),
    pageSize: s.profile.pageSize,
  };
}

/**
 * sceneOf for one state after another (a stage's steps), equal to reuseUnchanged(previous scene,
 * sceneOf(state)) but without rebuilding and comparing the buffers whose records did not change:
 * on a machine with 2,000 buffers a call changes a few, and building and comparing all of them
 * took about 20 ms per call. Each stage keeps its own.
 */
export function createSceneMemo(): (s: MachineState) => Scene {
  let last: Scene | null = null;
  /** Per buffer record: the inputs its scene buffer was built from, and the object handed out. */
  const built = new WeakMap<BufferRec, { inputs: unknown[]; buffer: SceneBuffer }>();
  return (s) => {
    const ctx = contextOf(s);
    const buffers: SceneBuffer[] = [];
    const fresh: Array<{ at: number; entry: { inputs: unknown[]; buffer: SceneBuffer } }> = [];
    for (const b of s.buffers.values()) {
      if (!b.live) continue;
      const inputs = inputsOf(b, ctx);
      const hit = built.get(b);
      if (hit && sameItems(hit.inputs, inputs)) {
        buffers.push(hit.buffer);
        continue;
      }
      const entry = { inputs, buffer: bufferOf(b, ctx) };
      built.set(b, entry);
      fresh.push({ at: buffers.length, entry });
      buffers.push(entry.buffer);
    }
    const next = reuseUnchanged(last, {
      lanes: lanesOf(s),
      buffers,
      contextLinks: contextLinksOf(s),
      devices: s.config.devices.map((d) => ({ name: d.name, iommu: d.iommu, coherent: d.coherent })),
      pageSize: s.profile.pageSize,
    });
    // A rebuilt buffer equal to the last scene's keeps the last scene's object from now on.
    for (const { at, entry } of fresh) entry.buffer = next.buffers[at] ?? entry.buffer;
    // An equal state (History hands out a fresh copy of a state it has let go of) gives the very
    // same scene, so that nothing downstream (projector, lanes, canvases) draws it again.
    if (
      last &&
      next.lanes === last.lanes &&
      next.buffers === last.buffers &&
      next.contextLinks === last.contextLinks &&
      next.devices === last.devices &&
      next.pageSize === last.pageSize
    )
      return last;
    last = next;
    return next;
  };
}

function sameItems(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Structural equality of plain scene data (numbers, strings, bigints, arrays, plain objects). */
function sameData(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameData(a[i], b[i])) return false;
    return true;
  }
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka)
    if (!sameData((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  return true;
}

/**
 * The next scene with every lane and buffer that did not change taken from the previous scene
 * (the same objects), so that the stage's memoised marks and canvas layers skip them: a call on a
 * machine with 2,000 buffers changes one or two lanes and a few buffers.
 */
export function reuseUnchanged(prev: Scene | null, next: Scene): Scene {
  if (!prev) return next;
  const oldLanes = new Map(prev.lanes.map((l) => [l.id, l]));
  const lanes = next.lanes.map((l) => {
    const o = oldLanes.get(l.id);
    return o && sameData(o, l) ? o : l;
  });
  const oldBuffers = new Map(prev.buffers.map((b) => [b.id, b]));
  const buffers = next.buffers.map((b) => {
    const o = oldBuffers.get(b.id);
    return o && sameData(o, b) ? o : b;
  });
  const same = <T>(a: readonly T[], b: readonly T[]) =>
    a.length === b.length && a.every((x, i) => x === b[i]);
  return {
    ...next,
    lanes: same(lanes, prev.lanes) ? prev.lanes : lanes,
    buffers: same(buffers, prev.buffers) ? prev.buffers : buffers,
    contextLinks: sameData(prev.contextLinks, next.contextLinks) ? prev.contextLinks : next.contextLinks,
    devices: sameData(prev.devices, next.devices) ? prev.devices : next.devices,
  };
}
