// History: every step of a session, any of which can be shown again without replaying from the
// start. The states after every `interval`-th step are kept as checkpoints; showing step k
// copies the nearest checkpoint at or before k and replays at most interval-1 steps.
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

export class History {
  private readonly records: StepRecord[] = [];
  private readonly checkpoints: MachineState[];
  private work: MachineState;
  private cache: { k: number; state: MachineState } | null = null;

  constructor(
    readonly initial: MachineState,
    readonly interval = 32,
    readonly keepEvents = true,
  ) {
    this.checkpoints = [initial];
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
    const out = runOwned(this.work, op, index);
    this.work = out.state;
    this.records.push({
      op,
      result: out.result,
      calls: out.calls,
      events: this.keepEvents ? out.events : [],
    });
    if ((index + 1) % this.interval === 0) this.checkpoints.push(cloneState(this.work));
    return out;
  }

  /** The state after the first k steps (k = 0: the machine as booted). Never mutated later. */
  at(k: number): MachineState {
    if (!Number.isInteger(k) || k < 0 || k > this.records.length) throw new RangeError(`no state ${k}`);
    if (this.cache?.k === k) return this.cache.state;
    let base: number;
    let state: MachineState;
    if (this.cache && this.cache.k < k && k - this.cache.k < this.interval) {
      base = this.cache.k;
      state = cloneState(this.cache.state);
    } else {
      const c = Math.floor(k / this.interval);
      base = c * this.interval;
      state = cloneState(this.checkpoints[c]!);
    }
    for (let i = base; i < k; i++) state = runOwned(state, this.records[i]!.op, i).state;
    this.cache = { k, state };
    return state;
  }

  /** Forgets the steps after the k-th (running a new call after stepping back branches). */
  truncate(k: number): void {
    if (k >= this.records.length) return;
    this.records.length = k;
    this.checkpoints.length = Math.floor(k / this.interval) + 1;
    this.work = cloneState(this.at(k));
    if (this.cache && this.cache.k > k) this.cache = null;
  }
}

/** applyInPlace on a state History owns; a failed step leaves no name or id behind. */
function runOwned(state: MachineState, op: Op, index: number): StepOutcome {
  const nextId = state.nextId;
  const out = applyInPlace(state, op, index);
  if (!out.result.ok && state.nextId !== nextId) {
    for (const [name, ref] of state.names) {
      if (Number(ref.id.slice(1)) >= nextId) state.names.delete(name);
    }
    state.nextId = nextId;
  }
  return out;
}
