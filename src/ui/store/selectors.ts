// Derived views for the panels, computed from the store with the model's own view functions and
// memoised per history version, so a render never recomputes a whole session.
import type { Metrics, ModelEvent } from '../../model';
import { metricsOf } from '../../model';
import type { Full } from './store';

export interface MetricsWithDelta {
  readonly now: Metrics;
  /** The metrics before the step on show (null at boot). */
  readonly before: Metrics | null;
}

const metricsCache = new WeakMap<object, Metrics>();

function cachedMetrics(state: object, compute: () => Metrics): Metrics {
  let m = metricsCache.get(state);
  if (!m) {
    m = compute();
    metricsCache.set(state, m);
  }
  return m;
}

const beforeCache = new WeakMap<object, { version: number; byCursor: Map<number, Metrics> }>();

/** Metrics of the state on show and of the state one step earlier (each computed once). */
export function metricsWithDelta(s: Full): MetricsWithDelta {
  const now = cachedMetrics(s.machine, () => metricsOf(s.machine));
  if (s.cursor === 0) return { now, before: null };
  let entry = beforeCache.get(s.history);
  if (!entry || entry.version !== s.version) {
    entry = { version: s.version, byCursor: new Map() };
    beforeCache.set(s.history, entry);
  }
  let before = entry.byCursor.get(s.cursor);
  if (!before) {
    before = metricsOf(s.history.at(s.cursor - 1));
    entry.byCursor.set(s.cursor, before);
  }
  return { now, before };
}

export interface ConsoleLine {
  /** Index of the step (0-based) whose events printed it. */
  readonly step: number;
  readonly eventIndex: number;
  readonly level: 'info' | 'warn' | 'err';
  readonly text: string;
  readonly fn: string;
  readonly isDmaDebug: boolean;
}

const consoleCache = new WeakMap<object, { version: number; lines: ConsoleLine[] }>();

function isConsoleMessage(e: ModelEvent): e is Extract<ModelEvent, { type: 'kernelMessage' }> {
  return e.type === 'kernelMessage' && (e.level !== 'info' || e.text.startsWith('DMA-API:'));
}

/** Every warning, error and dma-debug report of the session, oldest first. */
export function consoleLines(s: Full): ConsoleLine[] {
  const hit = consoleCache.get(s.history);
  if (hit && hit.version === s.version) return hit.lines;
  const lines: ConsoleLine[] = [];
  s.history.steps.forEach((r, step) => {
    r.events.forEach((e, eventIndex) => {
      if (isConsoleMessage(e))
        lines.push({
          step,
          eventIndex,
          level: e.level,
          text: e.text,
          fn: e.fn,
          isDmaDebug: e.text.startsWith('DMA-API:'),
        });
    });
  });
  consoleCache.set(s.history, { version: s.version, lines });
  return lines;
}

export interface LiveBuffer {
  readonly id: string;
  readonly label: string;
}

const liveCache = new WeakMap<object, LiveBuffer[]>();

/** The live buffers of the state on show, for the buffer list. */
export function liveBuffers(s: Full): LiveBuffer[] {
  let out = liveCache.get(s.machine);
  if (!out) {
    out = [];
    for (const b of s.machine.buffers.values())
      if (b.live) out.push({ id: b.id, label: `${b.name ?? b.id} · ${b.dev ?? 'no device'} · ${b.kind}` });
    liveCache.set(s.machine, out);
  }
  return out;
}
