// The difference strip of compare mode (issue 7, item 1): what differs between two machines that
// ran the same steps, at the same step. Pure: it reads each side's state, its boot state and the
// step records applied so far through the model's views (bufferView, metricsOf), and returns
// labelled values; the view only lays them out.
import type { MachineState, StepRecord } from '../../model';
import { bufferView, metricsOf } from '../../model';
import { fmtBytes } from '../format';

/** One side of the comparison at the step on show. */
export interface CompareSide {
  readonly machine: MachineState;
  /** The machine as booted: vmalloc "spent" is measured from here. */
  readonly boot: MachineState;
  /** The steps applied so far (history records 0 .. cursor-1). */
  readonly records: readonly StepRecord[];
}

export interface DiffItem {
  /** Stable key, e.g. "kmap:frame" or "vmalloc". */
  readonly key: string;
  readonly label: string;
  readonly left: string;
  readonly right: string;
  readonly differs: boolean;
}

const NONE = '—';

/** "ok", "ENOMEM", or "—" before the first step. */
export function stepResultOf(records: readonly StepRecord[]): string {
  const r = records[records.length - 1];
  if (!r) return NONE;
  return r.result.ok ? 'ok' : r.result.error.code;
}

/** Steps that returned an error so far, by index (1-based, as the timeline numbers them). */
export function failedStepsOf(records: readonly StepRecord[]): string {
  const failed = records.flatMap((r, i) => (r.result.ok ? [] : [`#${i + 1} ${r.result.error.code}`]));
  return failed.length === 0 ? 'none' : failed.join(', ');
}

/** CPU reads that returned a value older than memory's (or memory older than the cache's). */
export function staleReadsOf(records: readonly StepRecord[]): number {
  let n = 0;
  for (const r of records) for (const e of r.events) if (e.type === 'memoryRead' && e.stale) n++;
  return n;
}

/** Live buffers by the name the steps gave them (their id when unnamed). */
function buffersByName(s: MachineState) {
  const out = new Map<string, ReturnType<typeof bufferView>>();
  for (const b of s.buffers.values()) if (b.live) out.set(b.name ?? b.id, bufferView(s, b));
  return out;
}

/** "vmalloc · write-combine", "cookie (no kernel mapping)", "linear · cached". */
export function kernelMappingOf(v: ReturnType<typeof bufferView> | undefined): string {
  if (!v) return NONE;
  if (v.cpuAddr.kind === 'cookie') return 'none (cookie only)';
  return `${v.cpuAddr.kind} · ${v.cpuAddr.memtype ?? 'no memory type'}`;
}

function userMappingsOf(v: ReturnType<typeof bufferView> | undefined): string {
  if (!v) return NONE;
  if (v.userMappings.length === 0) return 'none';
  return [...new Set(v.userMappings.map((m) => m.memtype))].join(', ');
}

function pagesFromOf(v: ReturnType<typeof bufferView> | undefined): string {
  if (!v) return NONE;
  return `${v.source}${v.physContiguous ? '' : `, ${v.physRanges.length} pieces`}`;
}

const item = (key: string, label: string, left: string, right: string): DiffItem => ({
  key,
  label,
  left,
  right,
  differs: left !== right,
});

function cacheBytes(s: MachineState): { total: number; text: string } {
  const m = metricsOf(s);
  const parts = [
    ['clean', m.cacheCleanBytes],
    ['invalidate', m.cacheInvalidateBytes],
    ['flush', m.cacheFlushBytes],
  ] as const;
  const total = parts.reduce((n, [, b]) => n + b, 0);
  const nonzero = parts.filter(([, b]) => b > 0).map(([k, b]) => `${k} ${fmtBytes(b)}`);
  return { total, text: total === 0 ? '0 B' : nonzero.join(', ') };
}

/**
 * Every compared quantity at the step on show, in a fixed order: the step's result, then per
 * buffer its kernel mapping, pages and user mappings, then the machine-wide counters.
 */
export function diffSides(left: CompareSide, right: CompareSide): DiffItem[] {
  const items: DiffItem[] = [
    item('result', 'this step', stepResultOf(left.records), stepResultOf(right.records)),
    item('failed', 'failed steps', failedStepsOf(left.records), failedStepsOf(right.records)),
  ];
  const lb = buffersByName(left.machine);
  const rb = buffersByName(right.machine);
  const names = [...new Set([...lb.keys(), ...rb.keys()])];
  for (const n of names) {
    const l = lb.get(n);
    const r = rb.get(n);
    items.push(item(`kmap:${n}`, `${n}: kernel mapping`, kernelMappingOf(l), kernelMappingOf(r)));
    items.push(item(`pages:${n}`, `${n}: pages from`, pagesFromOf(l), pagesFromOf(r)));
    items.push(item(`umap:${n}`, `${n}: user mappings`, userMappingsOf(l), userMappingsOf(r)));
  }
  const vmallocSpent = (s: CompareSide) =>
    metricsOf(s.machine).vmallocUsedBytes - metricsOf(s.boot).vmallocUsedBytes;
  items.push(item('vmalloc', 'vmalloc spent', fmtBytes(vmallocSpent(left)), fmtBytes(vmallocSpent(right))));
  items.push(
    item('cache', 'cache maintenance', cacheBytes(left.machine).text, cacheBytes(right.machine).text),
  );
  const bounce = (s: CompareSide) => fmtBytes(metricsOf(s.machine).bounceCopyBytes);
  items.push(item('bounce', 'bounce copies', bounce(left), bounce(right)));
  items.push(
    item('stale', 'stale reads', String(staleReadsOf(left.records)), String(staleReadsOf(right.records))),
  );
  const debug = (s: CompareSide) => String(metricsOf(s.machine).dmaDebugErrors);
  items.push(item('debug', 'dma-debug errors', debug(left), debug(right)));
  return items;
}

/** The records of the steps applied at `cursor`. */
export function recordsUpTo(history: { record(i: number): StepRecord }, cursor: number): StepRecord[] {
  return Array.from({ length: cursor }, (_, i) => history.record(i));
}
