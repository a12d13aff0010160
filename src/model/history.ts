// History: every step of a session, any of which can be shown again without replaying from the
// start. Checkpoints (copies of the state after some step) are kept at least `interval` steps
// apart, and further apart as the state grows, so that copying a checkpoint never costs more
// than replaying the steps between two of them: the work per step stays flat however long the
// session. Showing step k copies the nearest checkpoint at or before k and replays from there.
// A failed step leaves the state as it was (the contract of step()), so replay skips it.
import type { StepOutcome } from './machine';
import { applyInPlace } from './machine';
import type { MachineState } from './state';
import { cloneState } from './state';
import type { ModelEvent, Op, StepResult } from './types';

export interface StepRecord {
  readonly op: Op;
  readonly result: StepResult;
  readonly calls: readonly string[];
  /** Empty when the history was made with keepEvents = false (benchmarks). */
  readonly events: readonly ModelEvent[];
}

/** Checkpoint spacing per state entry: copying costs ~40 ns an entry, so this adds ~8 us a step and keeps replay under ~10 ms. */
const ENTRIES_PER_STEP = 200;

/** Rough size of what cloneState copies entry by entry (the record tables are CowMaps: ~4·sqrt(n)). */
function copyCost(s: MachineState): number {
  return 4 * Math.sqrt(s.buffers.size + s.vmas.size + s.names.size + s.mappings.size);
}

export class History {
  private readonly records: StepRecord[] = [];
  /** Checkpoints in step order: the state after the first `k` steps. checkpoints[0] is k = 0. */
  private readonly checkpoints: Array<{ readonly k: number; readonly state: MachineState }>;
  private work: MachineState;
  private cache: { k: number; state: MachineState } | null = null;

  constructor(
    readonly initial: MachineState,
    /**
     * Checkpoint spacing. A quiet replay step costs ~10 us, so 128 steps replay in ~1.5 ms, far
     * inside the 20 ms a jump may take; denser checkpoints cost more than they save, because every
     * retained copy is memory the garbage collector walks for the rest of the session.
     */
    readonly interval = 128,
    readonly keepEvents = true,
  ) {
    this.checkpoints = [{ k: 0, state: initial }];
    this.work = cloneState(initial);
  }

  get length(): number {
    return this.records.length;
  }

  record(i: number): StepRecord {
    const r = this.records[i];
    if (!r) throw new RangeError(`no step ${i}`);
    return r;
  }

  get steps(): readonly StepRecord[] {
    return this.records;
  }

  /** Runs one more operation after the last step. */
  push(op: Op): StepOutcome {
    const index = this.records.length;
    const out = runOwned(this.work, op, index, !this.keepEvents);
    this.records.push({
      op,
      result: out.result,
      calls: out.calls,
      events: this.keepEvents ? out.events : [],
    });
    this.work = out.state;
    const last = this.checkpoints[this.checkpoints.length - 1]!;
    const gap = Math.max(this.interval, Math.ceil(copyCost(this.work) / ENTRIES_PER_STEP));
    if (index + 1 - last.k >= gap) this.checkpoints.push({ k: index + 1, state: cloneState(this.work) });
    return out;
  }

  /** The state after the first k steps (k = 0: the machine as booted). Never mutated later. */
  at(k: number): MachineState {
    if (!Number.isInteger(k) || k < 0 || k > this.records.length) throw new RangeError(`no state ${k}`);
    if (this.cache?.k === k) return this.cache.state;
    const state = this.replayTo(k);
    this.cache = { k, state };
    return state;
  }

  /** A fresh copy of the state after k steps: the nearest checkpoint (or the cached state) replayed to k. */
  private replayTo(k: number): MachineState {
    const c = this.checkpointAtOrBefore(k);
    const from = this.cache && this.cache.k <= k && this.cache.k >= c.k ? this.cache : c;
    let state = cloneState(from.state);
    for (let i = from.k; i < k; i++) {
      const rec = this.records[i]!;
      if (rec.result.ok) state = runOwned(state, rec.op, i, true).state;
    }
    return state;
  }

  /** Forgets the steps after the k-th (running a new call after stepping back branches). */
  truncate(k: number): void {
    if (k >= this.records.length) return;
    this.records.length = k;
    while (this.checkpoints.length > 1 && this.checkpoints[this.checkpoints.length - 1]!.k > k)
      this.checkpoints.pop();
    if (this.cache && this.cache.k > k) this.cache = null;
    this.work = cloneState(this.at(k));
  }

  /** Binary search for the last checkpoint with k' <= k. */
  private checkpointAtOrBefore(k: number): { readonly k: number; readonly state: MachineState } {
    let lo = 0;
    let hi = this.checkpoints.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.checkpoints[mid]!.k <= k) lo = mid;
      else hi = mid - 1;
    }
    return this.checkpoints[lo]!;
  }
}

/**
 * applyInPlace on a state History owns. The mechanisms undo what the kernel undoes on failure;
 * what they do not (names, ids, the cache-work counters) is put back here, so that a failed step
 * leaves the state exactly as step() does (checked by the model's property tests).
 */
function runOwned(state: MachineState, op: Op, index: number, quiet = false): StepOutcome {
  const nextId = state.nextId;
  const counters = { ...state.counters };
  // A step names at most what its `as` names; remember that entry instead of scanning every name.
  const as = typeof op.as === 'string' ? op.as : null;
  const named = as === null ? undefined : state.names.get(as);
  const out = applyInPlace(state, op, index, undefined, quiet);
  if (!out.result.ok) {
    state.counters = counters;
    state.nextId = nextId;
    if (as !== null) {
      if (named) state.names.set(as, named);
      else state.names.delete(as);
    }
  }
  return out;
}
