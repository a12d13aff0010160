// The report of a scenario run, "dmaviz-report/1" (issue 3; additions of issue 4 item 6): what
// every step did, every named buffer at the end, the machine's metrics and dma-debug's errors.
// Plain data built in a fixed key order from a deterministic run, so the same file gives the
// same report byte for byte: it is what golden tests compare and what `npm run sim` prints.

import type { MachineState } from '../state';
import type { MachineConfig, ModelEvent } from '../types';
import type { BufferView, Metrics } from '../views';
import { bufferView, metricsOf } from '../views';
import type { ScenarioRun, StepRun } from './runner';

export const REPORT_FORMAT = 'dmaviz-report/1';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface CacheOpReport {
  readonly fn: string;
  /** clean, invalidate or flush. */
  readonly op: string;
  /** The address space the maintenance went through: linear, vmalloc, pool, bounce, ... */
  readonly alias: string;
  readonly bytes: number;
}

export interface BounceCopyReport {
  readonly fn: string;
  /** The model's event type, kept so a reader can find the event in the UI. */
  readonly type: string;
  /** Which way the bytes went, as the model names it (e.g. "to_device", "DMA_FROM_DEVICE"). */
  readonly dir: string | null;
  readonly bytes: number;
}

export interface StepReport {
  readonly index: number;
  readonly op: string;
  /** The step's arguments as written in the file (every key but op, as and say). */
  readonly args: { readonly [key: string]: Json };
  readonly as: string | null;
  readonly say: string | null;
  readonly ok: boolean;
  readonly error: { readonly code: string; readonly message: string } | null;
  readonly calls: readonly string[];
  /** The model's result value; null when the step failed. */
  readonly result: { readonly [key: string]: Json } | null;
  readonly cacheOps: readonly CacheOpReport[];
  readonly bounceCopies: readonly BounceCopyReport[];
  /** Kernel log lines of the step (dmesg), in order. */
  readonly messages: ReadonlyArray<{ readonly level: string; readonly fn: string; readonly text: string }>;
  /** How many events of each type the step produced, in order of first appearance. */
  readonly events: { readonly [type: string]: number };
}

export interface DmaDebugEntry {
  /** Index of the step that caused it. */
  readonly step: number;
  readonly message: string;
  readonly fn: string | null;
}

export interface ScenarioReport {
  readonly format: typeof REPORT_FORMAT;
  readonly title: string;
  readonly machine: MachineConfig;
  /** Where a kernel rule changed what the machine asked for (e.g. a device made coherent on x86). */
  readonly notes: readonly string[];
  readonly summary: {
    readonly steps: number;
    readonly ok: number;
    readonly failed: number;
    /** Steps whose result has expectMet === false (a read that did not see the expected value). */
    readonly expectationsFailed: number;
    readonly dmaDebugErrors: number;
  };
  readonly steps: readonly StepReport[];
  /** Every buffer the run made, live or freed, keyed by its `as` name (or id when unnamed). */
  readonly buffers: { readonly [name: string]: BufferView };
  readonly metrics: Metrics;
  readonly dmaDebug: readonly DmaDebugEntry[];
}

/** Builds the report of a finished run. */
export function buildReport(run: ScenarioRun): ScenarioReport {
  const steps = run.steps.map(stepReport);
  const dmaDebug = dmaDebugOf(run.final, run.steps);
  const failed = steps.filter((s) => !s.ok).length;
  return {
    format: REPORT_FORMAT,
    title: run.scenario.title,
    machine: run.final.config,
    notes: run.final.notes,
    summary: {
      steps: steps.length,
      ok: steps.length - failed,
      failed,
      expectationsFailed: steps.filter((s) => s.result?.expectMet === false).length,
      dmaDebugErrors: dmaDebug.length,
    },
    steps,
    buffers: buffersOf(run.final),
    metrics: metricsOf(run.final),
    dmaDebug,
  };
}

/** The report as the CLI prints it with --json and golden files hold it. */
export function reportJson(report: ScenarioReport): string {
  return `${JSON.stringify(toJson(report), null, 2)}\n`;
}

function stepReport(run: StepRun): StepReport {
  const { step, result, events } = run;
  const cacheOps: CacheOpReport[] = [];
  const bounceCopies: BounceCopyReport[] = [];
  const messages: { level: string; fn: string; text: string }[] = [];
  const counts: Record<string, number> = {};
  for (const e of events) {
    counts[e.type] = (counts[e.type] ?? 0) + 1;
    if (e.type === 'cacheMaintained') cacheOps.push({ fn: e.fn, op: e.op, alias: e.alias, bytes: e.bytes });
    else if (e.type === 'kernelMessage') messages.push({ level: e.level, fn: e.fn, text: e.text });
    else if (isBounceCopy(e)) bounceCopies.push(bounceCopyOf(e));
  }
  return {
    index: run.index,
    op: step.op,
    args: argsOf(step),
    as: step.as ?? null,
    say: step.say ?? null,
    ok: result.ok,
    error: result.ok ? null : { code: result.error.code, message: result.error.message },
    calls: run.calls,
    result: result.ok ? (toJson(result.value) as { [key: string]: Json }) : null,
    cacheOps,
    bounceCopies,
    messages,
    events: counts,
  };
}

function argsOf(step: StepRun['step']): { [key: string]: Json } {
  const { op: _op, as: _as, say: _say, ...args } = step;
  return toJson(args) as { [key: string]: Json };
}

/**
 * A swiotlb copy (swiotlb_bounce) or any other bounce copy event. Model II names its own event,
 * so the report recognises one by its type ("bounce", "copied") and reads `dir` and `bytes`.
 */
function isBounceCopy(e: ModelEvent): boolean {
  return /bounce|copied|copy/i.test(e.type);
}

function bounceCopyOf(e: ModelEvent): BounceCopyReport {
  const r = e as unknown as Record<string, unknown>;
  const dir = r.dir ?? r.direction ?? r.to ?? null;
  return {
    fn: e.fn,
    type: e.type,
    dir: dir === null ? null : String(dir),
    bytes: typeof r.bytes === 'number' ? r.bytes : typeof r.size === 'number' ? r.size : 0,
  };
}

/**
 * dma-debug's errors, in step order. The model's own record (state.debug.errors) is the source;
 * a step that failed left no state behind, so its errors are read from its events: dmaDebugError
 * events, or kernel messages that start with "DMA-API:" as dma-debug prints them.
 */
function dmaDebugOf(final: MachineState, steps: readonly StepRun[]): DmaDebugEntry[] {
  const record = debugErrorsOf(final);
  const fnOf = new Map<string, string>();
  const fromEvents: DmaDebugEntry[] = [];
  for (const s of steps) {
    for (const e of s.events) {
      const message = debugMessageOf(e);
      if (message === null) continue;
      fnOf.set(`${s.index}\n${message}`, e.fn);
      if (!record || !s.result.ok) fromEvents.push({ step: s.index, message, fn: e.fn });
    }
  }
  const out = (record ?? []).map((e) => ({ ...e, fn: e.fn ?? fnOf.get(`${e.step}\n${e.message}`) ?? null }));
  // One error may be both a dmaDebugError event and its printed DMA-API: line: keep it once.
  const seen = new Set(out.map((e) => `${e.step}\n${e.message}`));
  for (const e of fromEvents) {
    const key = `${e.step}\n${e.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(e);
  }
  return out.sort((x, y) => x.step - y.step);
}

function debugMessageOf(e: ModelEvent): string | null {
  const r = e as unknown as { type: string; message?: unknown; text?: unknown };
  if (r.type === 'dmaDebugError' && typeof r.message === 'string') return r.message;
  if (r.type === 'kernelMessage' && typeof r.text === 'string' && r.text.startsWith('DMA-API:'))
    return r.text;
  return null;
}

function debugErrorsOf(s: MachineState): DmaDebugEntry[] | null {
  const holder = s as unknown as { debug?: { errors?: unknown } };
  const errors = holder.debug?.errors;
  if (!Array.isArray(errors)) return null;
  return errors.map((raw: unknown) => {
    const e = (raw ?? {}) as Record<string, unknown>;
    return {
      step: typeof e.step === 'number' ? e.step : -1,
      message: String(e.message ?? raw),
      fn: typeof e.fn === 'string' ? e.fn : null,
    };
  });
}

/** Buffers by name; an older buffer whose name was given again after its free gets "name (id)". */
function buffersOf(s: MachineState): { [name: string]: BufferView } {
  const out: { [name: string]: BufferView } = {};
  for (const b of s.buffers.values()) {
    const key = b.name === null ? b.id : s.names.get(b.name)?.id === b.id ? b.name : `${b.name} (${b.id})`;
    out[key] = bufferView(s, b);
  }
  return out;
}

/** Plain JSON: bigint as decimal text, Map as object, Set as list, undefined keys dropped. */
export function toJson(v: unknown): Json {
  if (v === null || typeof v === 'boolean' || typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : String(v);
  if (typeof v === 'bigint') return v.toString();
  if (Array.isArray(v)) return v.map((x) => (x === undefined ? null : toJson(x)));
  if (v instanceof Set) return [...v].map(toJson);
  if (v instanceof Map) return toJson(Object.fromEntries(v));
  if (typeof v === 'object') {
    const out: { [key: string]: Json } = {};
    for (const [k, x] of Object.entries(v))
      if (x !== undefined && typeof x !== 'function') out[k] = toJson(x);
    return out;
  }
  return null;
}
