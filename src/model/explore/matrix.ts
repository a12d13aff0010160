// The attribute matrix (issue 7, item 2): for one machine, device, call and size, every meaningful
// combination of DMA attributes, GFP flags and (for streaming calls) directions, each computed by
// running the model on a fresh machine, then grouped by outcome so that "this attribute changes
// nothing here" is visible. Mechanism-free: it only composes createMachine, step and the views,
// so it stays true to whatever kernel paths the model implements.
import { createMachine, step } from '../machine';
import type { MachineState } from '../state';
import type {
  CacheOpKind,
  DeviceConfig,
  DmaAttr,
  DmaDirection,
  KernelError,
  MachineConfigInput,
  MemType,
  ModelEvent,
  Op,
  PageSource,
} from '../types';
import { DMA_ATTRS } from '../types';
import { parseSize } from '../units';
import { bufferView, metricsOf } from '../views';
import type { CostEstimate, Workload } from './cost';
import { rowCost } from './cost';

/** The calls the matrix explores: coherent allocations and a streaming map/unmap cycle. */
export const MATRIX_CALLS = [
  'dma_alloc_attrs',
  'dma_alloc_coherent',
  'dma_alloc_wc',
  'dma_map_single',
] as const;
export type MatrixCall = (typeof MATRIX_CALLS)[number];

export type MatrixGfp = 'GFP_KERNEL' | 'GFP_ATOMIC';
export const MATRIX_GFPS: readonly MatrixGfp[] = ['GFP_KERNEL', 'GFP_ATOMIC'];
export const STREAMING_DIRECTIONS: readonly DmaDirection[] = [
  'DMA_TO_DEVICE',
  'DMA_FROM_DEVICE',
  'DMA_BIDIRECTIONAL',
];

/**
 * The attributes that can matter for each call: the *_attrs allocation reads all but
 * SKIP_CPU_SYNC (a streaming attribute); the wrappers take none; a streaming map reads
 * SKIP_CPU_SYNC (and WEAK_ORDERING, to show it is ignored).
 */
export const CALL_ATTRS: Readonly<Record<MatrixCall, readonly DmaAttr[]>> = {
  dma_alloc_attrs: DMA_ATTRS.filter((a) => a !== 'DMA_ATTR_SKIP_CPU_SYNC'),
  dma_alloc_coherent: [],
  dma_alloc_wc: [],
  dma_map_single: ['DMA_ATTR_WEAK_ORDERING', 'DMA_ATTR_SKIP_CPU_SYNC'],
};

export function isStreamingCall(call: MatrixCall): boolean {
  return call === 'dma_map_single';
}

export interface MatrixInput {
  readonly machine: MachineConfigInput;
  /** A device of `machine` by name, or settings for the device to explore (added or merged by name). */
  readonly dev: string | (Partial<DeviceConfig> & { readonly name?: string });
  readonly call: MatrixCall;
  readonly size: number | string;
  /** Restrict the attribute axis (default: CALL_ATTRS[call]); attributes the call ignores are dropped. */
  readonly attrs?: readonly DmaAttr[];
  /** Restrict the gfp axis (default GFP_KERNEL and GFP_ATOMIC; streaming calls take no gfp). */
  readonly gfps?: readonly MatrixGfp[];
  /** A workload to price every row with the illustrative cost model (cost.ts). */
  readonly workload?: Workload;
}

/** What one row's calls did: the columns of issue 7, item 2, plus two that tell rows apart. */
export interface MatrixOutcome {
  readonly ok: boolean;
  /** The first failing call and the kernel's error; null when every call succeeded. */
  readonly error: (KernelError & { readonly op: string }) | null;
  /** Where the CPU address points: linear, vmalloc, pool or cookie (no kernel mapping). */
  readonly kernelMapping: 'linear' | 'vmalloc' | 'pool' | 'cookie' | null;
  readonly kernelMemtype: MemType | null;
  /** Memory type of the dma_mmap_attrs user mapping (coherent calls only). */
  readonly userMemtype: MemType | null;
  /** Why the user mapping failed, if it did while the allocation succeeded. */
  readonly userMapError: string | null;
  /** vmalloc address space the call took, guard pages included. */
  readonly vmallocBytes: number;
  readonly physContiguous: boolean | null;
  /** Bytes of IOVA space reserved (0: the device addresses physical memory directly). */
  readonly iovaBytes: number;
  readonly pages: number;
  /** Pages taken per source, net of pages given back within the call (split_page tails, retries). */
  readonly pagesFrom: Readonly<Partial<Record<PageSource, number>>>;
  readonly cacheBytesAtAlloc: number;
  /** Cache maintenance of one transfer: map + unmap for streaming calls, none for coherent memory. */
  readonly cacheBytesPerTransfer: number;
  /** The same bytes by kind of maintenance (clean, invalidate, flush), which the cost model prices. */
  readonly cacheOpsPerTransfer: Readonly<Partial<Record<CacheOpKind, number>>>;
  readonly bounceBytesPerTransfer: number;
  readonly zeroed: boolean | null;
  /** Not in the list, kept so that PRIVILEGED and ALLOC_SINGLE_PAGES are not shown as ignored. */
  readonly iommuProt: readonly string[];
  readonly physRuns: number;
}

/** Which part of a row's cycle an op plays; the columns are measured per role. */
export type OpRole = 'alloc' | 'mmap' | 'map' | 'unmap';

export interface MatrixRow {
  /** Stable key, e.g. "GFP_KERNEL WRITE_COMBINE+NO_KERNEL_MAPPING" or "- SKIP_CPU_SYNC DMA_TO_DEVICE". */
  readonly id: string;
  readonly gfp: MatrixGfp | null;
  readonly attrs: readonly DmaAttr[];
  readonly dir: DmaDirection | null;
  /** The ops to replay the row on a fresh `createMachine(matrix.machine)`: what a click opens on the stage. */
  readonly ops: readonly Op[];
  readonly roles: readonly OpRole[];
  readonly outcome: MatrixOutcome;
  /** Attributes of this row whose removal gives the same outcome. */
  readonly noEffect: readonly DmaAttr[];
  /** Index into `groups`. */
  readonly group: number;
  /** The illustrative cost of `MatrixInput.workload` on this row; null without one or without a CPU mapping. */
  readonly cost: CostEstimate | null;
}

export interface MatrixGroup {
  readonly outcome: MatrixOutcome;
  /** Row ids in row order. */
  readonly rows: readonly string[];
  /** Attributes that can be added or dropped inside the group without changing its outcome. */
  readonly noDifference: ReadonlyArray<{ readonly attr: DmaAttr; readonly why: readonly string[] }>;
}

export interface AttrEffect {
  readonly attr: DmaAttr;
  /** none: dropping it never changed a row; always: it changed every row that has it. */
  readonly effect: 'none' | 'some' | 'always';
  readonly rowsWith: number;
  readonly rowsChanged: number;
  /** The model's attrIgnored reasons seen in rows that carry the attribute. */
  readonly why: readonly string[];
}

export interface AttributeMatrix {
  /** The machine every row ran on (the explored device included): createMachine(machine) replays a row. */
  readonly machine: MachineConfigInput;
  readonly arch: string;
  readonly device: DeviceConfig;
  readonly process: string;
  readonly call: MatrixCall;
  readonly size: number;
  readonly attrAxis: readonly DmaAttr[];
  readonly rows: readonly MatrixRow[];
  readonly groups: readonly MatrixGroup[];
  readonly attrEffects: readonly AttrEffect[];
  /** Notes from resolving the machine (e.g. "made coherent" on x86_64). */
  readonly notes: readonly string[];
}

export type MatrixResult = { ok: true; matrix: AttributeMatrix } | { ok: false; problems: string[] };

const BUF = 'buf';
const MAP = 'map';

/** Short attribute names for row ids and tables: DMA_ATTR_WRITE_COMBINE → WRITE_COMBINE. */
export function shortAttr(a: string): string {
  return a.replace(/^DMA_ATTR_/, '');
}

/** Every subset of `axis`, smallest first, each in DMA_ATTRS order. */
function subsets(axis: readonly DmaAttr[]): DmaAttr[][] {
  const out: DmaAttr[][] = [];
  for (let m = 0; m < 1 << axis.length; m++) out.push(axis.filter((_, i) => m & (1 << i)));
  return out.sort((a, b) => a.length - b.length);
}

function rowId(gfp: MatrixGfp | null, attrs: readonly DmaAttr[], dir: DmaDirection | null): string {
  const parts = [gfp ?? '-', attrs.map(shortAttr).join('+') || '0'];
  if (dir) parts.push(dir);
  return parts.join(' ');
}

/** The ops of one row, each with its role in the cycle. */
export function rowOps(
  call: MatrixCall,
  dev: string,
  process: string,
  size: number | string,
  gfp: MatrixGfp | null,
  attrs: readonly DmaAttr[],
  dir: DmaDirection | null,
): { ops: Op[]; roles: OpRole[] } {
  if (isStreamingCall(call)) {
    const d = dir ?? 'DMA_BIDIRECTIONAL';
    return {
      ops: [
        { op: 'kmalloc', size, as: BUF },
        { op: 'dma_map_single', dev, buf: BUF, dir: d, attrs: [...attrs], as: MAP },
        { op: 'dma_unmap_single', map: MAP, dir: d, attrs: [...attrs] },
      ],
      roles: ['alloc', 'map', 'unmap'],
    };
  }
  const mmap = call === 'dma_alloc_attrs' ? 'dma_mmap_attrs' : call.replace('alloc', 'mmap');
  const withAttrs = call === 'dma_alloc_attrs' ? { attrs: [...attrs] } : {};
  return {
    ops: [
      { op: call, dev, size, gfp: gfp ?? 'GFP_KERNEL', ...withAttrs, as: BUF },
      { op: mmap, buf: BUF, process, ...withAttrs },
    ],
    roles: ['alloc', 'mmap'],
  };
}

/** Sums of the events of one role set. */
function tally(events: readonly ModelEvent[]) {
  let cache = 0;
  let iova = 0;
  const cacheOps: Partial<Record<CacheOpKind, number>> = {};
  const pages: Partial<Record<PageSource, number>> = {};
  const add = (src: PageSource, n: number) => {
    pages[src] = (pages[src] ?? 0) + n;
  };
  for (const e of events) {
    if (e.type === 'cacheMaintained') {
      cache += e.bytes;
      cacheOps[e.op] = (cacheOps[e.op] ?? 0) + e.bytes;
    } else if (e.type === 'iovaReserved') iova += e.size;
    else if (e.type === 'iovaFreed') iova -= e.size;
    else if (e.type === 'pagesAllocated') for (const r of e.ranges) add(e.source, r.count);
    else if (e.type === 'pagesFreed') for (const r of e.ranges) add(e.source, -r.count);
    else if (e.type === 'poolAllocated')
      add(e.pool.startsWith('atomic_pool') ? 'atomic_pool' : 'arm_atomic_pool', e.size);
    else if (e.type === 'poolFreed')
      add(e.pool.startsWith('atomic_pool') ? 'atomic_pool' : 'arm_atomic_pool', -e.size);
  }
  for (const k of Object.keys(pages) as PageSource[]) if (pages[k] === 0) delete pages[k];
  return { cache, cacheOps, iova, pages };
}

/** Runs one row on a fresh machine and measures it. */
export function runRow(
  boot: MachineState,
  ops: readonly Op[],
  roles: readonly OpRole[],
): { outcome: MatrixOutcome; events: ModelEvent[] } {
  let s = boot;
  const byRole: Record<OpRole, ModelEvent[]> = { alloc: [], mmap: [], map: [], unmap: [] };
  const all: ModelEvent[] = [];
  let error: MatrixOutcome['error'] = null;
  let userMemtype: MemType | null = null;
  let userMapError: string | null = null;
  let afterResources = boot;
  let beforeTransfer = boot;
  let afterTransfer = boot;
  let allocOk = false;
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i]!;
    const role = roles[i]!;
    if (role === 'map') beforeTransfer = s;
    const out = step(s, op, i);
    byRole[role].push(...out.events);
    all.push(...out.events);
    if (!out.result.ok) {
      if (role === 'mmap' && allocOk) {
        userMapError = `${out.result.error.code}: ${out.result.error.message}`;
        continue;
      }
      error = { op: op.op, ...out.result.error };
      break;
    }
    s = out.state;
    if (role === 'alloc') allocOk = true;
    if (role === 'alloc' || role === 'map') afterResources = s;
    if (role === 'map' || role === 'unmap') afterTransfer = s;
    if (role === 'mmap') {
      const m = out.result.value.memtype;
      userMemtype = m === 'cached' || m === 'write-combine' || m === 'uncached' ? m : null;
    }
  }
  const ref = afterResources.names.get(BUF);
  const rec = ref?.kind === 'buffer' ? afterResources.buffers.get(ref.id) : undefined;
  const view = allocOk && rec ? bufferView(afterResources, rec) : null;
  const resources = tally([...byRole.alloc, ...byRole.map]);
  const transfer = tally([...byRole.map, ...byRole.unmap]);
  const ok = error === null;
  const kind = view?.cpuAddr.kind;
  return {
    events: all,
    outcome: {
      ok,
      error,
      kernelMapping:
        kind === 'linear' || kind === 'vmalloc' || kind === 'pool' || kind === 'cookie' ? kind : null,
      kernelMemtype: view?.cpuAddr.memtype ?? null,
      userMemtype,
      userMapError,
      vmallocBytes: ok ? metricsOf(afterResources).vmallocUsedBytes - metricsOf(boot).vmallocUsedBytes : 0,
      physContiguous: view ? view.physContiguous : null,
      iovaBytes: ok ? resources.iova : 0,
      pages: ok ? Object.values(resources.pages).reduce((n, p) => n + p, 0) : 0,
      pagesFrom: ok ? resources.pages : {},
      cacheBytesAtAlloc: ok ? tally(byRole.alloc).cache : 0,
      cacheBytesPerTransfer: ok ? transfer.cache : 0,
      cacheOpsPerTransfer: ok ? transfer.cacheOps : {},
      bounceBytesPerTransfer: ok
        ? metricsOf(afterTransfer).bounceCopyBytes - metricsOf(beforeTransfer).bounceCopyBytes
        : 0,
      zeroed: view ? view.zeroed : null,
      iommuProt: view?.iommu?.prot ?? [],
      physRuns: view?.physRanges.length ?? 0,
    },
  };
}

/** Two outcomes are the same when every column is; the key is their canonical JSON. */
export function outcomeKey(o: MatrixOutcome): string {
  const sorted = (r: object) => Object.fromEntries(Object.entries(r).sort(([a], [b]) => a.localeCompare(b)));
  return JSON.stringify({
    ...o,
    pagesFrom: sorted(o.pagesFrom),
    cacheOpsPerTransfer: sorted(o.cacheOpsPerTransfer),
  });
}

/** The machine input with the explored device in it, and that device's name. */
function withDevice(
  machine: MachineConfigInput,
  dev: MatrixInput['dev'],
): { machine: MachineConfigInput; name: string; process: string } {
  const processes = machine.processes && machine.processes.length > 0 ? machine.processes : ['app'];
  const base = { ...machine, processes };
  if (typeof dev === 'string') return { machine: base, name: dev, process: processes[0]! };
  const devices = machine.devices ?? [];
  const name = dev.name ?? devices[0]?.name ?? 'dev0';
  const old = devices.find((d) => d.name === name);
  const merged = { ...old, ...dev, name };
  const list = old ? devices.map((d) => (d.name === name ? merged : d)) : [...devices, merged];
  return { machine: { ...base, devices: list }, name, process: processes[0]! };
}

/** attributeMatrix: every row run on its own fresh machine, then grouped by outcome. */
export function attributeMatrix(input: MatrixInput): MatrixResult {
  if (!(MATRIX_CALLS as readonly string[]).includes(input.call))
    return { ok: false, problems: [`call: "${input.call}" is not one of ${MATRIX_CALLS.join(', ')}`] };
  const size = parseSize(input.size);
  if (size === null || size <= 0)
    return { ok: false, problems: [`size: ${JSON.stringify(input.size)} is not a size such as "2MiB"`] };
  const { machine, name, process } = withDevice(input.machine, input.dev);
  const booted = createMachine(machine);
  if (!booted.ok) return booted;
  const device = booted.state.config.devices.find((d) => d.name === name);
  if (!device)
    return {
      ok: false,
      problems: [`dev: no device "${name}" (${booted.state.config.devices.map((d) => d.name).join(', ')})`],
    };
  const callAttrs = CALL_ATTRS[input.call];
  const attrAxis = input.attrs ? callAttrs.filter((a) => input.attrs!.includes(a)) : callAttrs;
  const streaming = isStreamingCall(input.call);
  const gfps: (MatrixGfp | null)[] = streaming ? [null] : [...(input.gfps ?? MATRIX_GFPS)];
  const dirs: (DmaDirection | null)[] = streaming ? [...STREAMING_DIRECTIONS] : [null];

  const raw: Array<Omit<MatrixRow, 'noEffect' | 'group' | 'cost'> & { why: Map<string, Set<string>> }> = [];
  for (const gfp of gfps)
    for (const attrs of subsets(attrAxis))
      for (const dir of dirs) {
        const { ops, roles } = rowOps(input.call, name, process, input.size, gfp, attrs, dir);
        const { outcome, events } = runRow(booted.state, ops, roles);
        const why = new Map<string, Set<string>>();
        for (const e of events)
          if (e.type === 'attrIgnored') why.set(e.attr, (why.get(e.attr) ?? new Set()).add(e.why));
        raw.push({ id: rowId(gfp, attrs, dir), gfp, attrs, dir, ops, roles, outcome, why });
      }

  const keyOf = new Map(raw.map((r) => [r.id, outcomeKey(r.outcome)]));
  const partnerKey = (r: (typeof raw)[number], a: DmaAttr) =>
    keyOf.get(
      rowId(
        r.gfp,
        r.attrs.filter((x) => x !== a),
        r.dir,
      ),
    );
  const groupIndex = new Map<string, number>();
  const groupRows: (typeof raw)[] = [];
  const rows: MatrixRow[] = raw.map((r) => {
    const key = keyOf.get(r.id)!;
    let g = groupIndex.get(key);
    if (g === undefined) {
      g = groupRows.length;
      groupIndex.set(key, g);
      groupRows.push([]);
    }
    groupRows[g]!.push(r);
    const { why: _why, ...row } = r;
    const cost = input.workload ? rowCost(booted.state.config.arch, size, r.outcome, input.workload) : null;
    return { ...row, noEffect: r.attrs.filter((a) => partnerKey(r, a) === key), group: g, cost };
  });
  const reasons = (rs: typeof raw, a: DmaAttr) => [...new Set(rs.flatMap((r) => [...(r.why.get(a) ?? [])]))];

  const groups: MatrixGroup[] = groupRows.map((rs) => {
    const key = keyOf.get(rs[0]!.id)!;
    const noDifference = attrAxis
      .filter((a) => {
        const having = rs.filter((r) => r.attrs.includes(a));
        return having.length > 0 && having.every((r) => partnerKey(r, a) === key);
      })
      .map((attr) => ({ attr, why: reasons(rs, attr) }));
    return { outcome: rs[0]!.outcome, rows: rs.map((r) => r.id), noDifference };
  });

  const attrEffects: AttrEffect[] = attrAxis.map((attr) => {
    const having = raw.filter((r) => r.attrs.includes(attr));
    const changed = having.filter((r) => partnerKey(r, attr) !== keyOf.get(r.id)).length;
    return {
      attr,
      effect: changed === 0 ? 'none' : changed === having.length ? 'always' : 'some',
      rowsWith: having.length,
      rowsChanged: changed,
      why: reasons(having, attr),
    };
  });

  return {
    ok: true,
    matrix: {
      machine,
      arch: booted.state.config.arch,
      device,
      process,
      call: input.call,
      size,
      attrAxis,
      rows,
      groups,
      attrEffects,
      notes: booted.state.notes,
    },
  };
}
