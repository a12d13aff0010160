// Test support for the model's unit and property tests (not used by the app): boot a machine
// from a config, run steps through History and through the pure step() side by side, and a
// canonical serialisation of a state so that "History.at(k) equals the state before step k"
// can be checked byte for byte.

import { History } from './history';
import type { StepOutcome } from './machine';
import { createMachine, step } from './machine';
import type { MachineState } from './state';
import type { MachineConfigInput, ModelEvent, Op } from './types';

export function boot(cfg: MachineConfigInput): MachineState {
  const r = createMachine(cfg);
  if (!r.ok) throw new Error(`machine config refused: ${r.problems.join('; ')}`);
  return r.state;
}

/** A deterministic text of everything a state holds (the arch profile is constant data and left out). */
export function canon(s: MachineState): string {
  return JSON.stringify(s, (key, value: unknown) => {
    if (key === 'profile') return s.profile.name;
    if (typeof value === 'bigint') return `${value}n`;
    if (value instanceof Map) return { map: [...value.entries()] };
    if (value instanceof Set) return { set: [...value] };
    return value;
  });
}

export interface Run {
  readonly history: History;
  /** states[k]: the state before step k, computed with the pure step() from the booted machine. */
  readonly states: MachineState[];
  readonly outs: StepOutcome[];
  /** The state after the last step. */
  readonly last: MachineState;
}

/** Runs ops through History (the UI's path) and through step() (the pure path). */
export function run(cfg: MachineConfigInput | MachineState, ops: readonly Op[], interval = 4): Run {
  const initial = 'zones' in cfg ? (cfg as MachineState) : boot(cfg as MachineConfigInput);
  const history = new History(initial, interval);
  const states: MachineState[] = [initial];
  const outs: StepOutcome[] = [];
  ops.forEach((op, i) => {
    const pure = step(states[i]!, op, i);
    const out = history.push(op);
    if (canon(pure.state) !== canon(out.state))
      throw new Error(`step ${i} (${op.op}): History.push and step() disagree`);
    states.push(pure.state);
    outs.push(out);
  });
  return { history, states, outs, last: states[states.length - 1]! };
}

/** Every History.at(k), visited backwards then forwards, equals the state before step k. */
export function stepBackMismatches(r: Run): number[] {
  const bad: number[] = [];
  const n = r.states.length;
  const order = [
    ...Array.from({ length: n }, (_, i) => n - 1 - i),
    ...Array.from({ length: n }, (_, i) => i),
  ];
  for (const k of order) if (canon(r.history.at(k)) !== canon(r.states[k]!)) bad.push(k);
  return bad;
}

export function eventsOf<T extends ModelEvent['type']>(
  out: StepOutcome,
  type: T,
): Array<Extract<ModelEvent, { type: T }>> {
  return out.events.filter((e): e is Extract<ModelEvent, { type: T }> => e.type === type);
}

/** The kernel functions of a step without consecutive repeats (e.g. 256 alloc_pages_node calls as one). */
export function callsOf(out: StepOutcome): string[] {
  return out.calls.filter((c, i) => c !== out.calls[i - 1]);
}

export function messagesOf(out: StepOutcome): string[] {
  return eventsOf(out, 'kernelMessage').map((e) => e.text);
}

/** The one buffer a step created. */
export function bufferOfStep(r: Run, i: number) {
  const out = r.outs[i]!;
  if (!out.result.ok) throw new Error(`step ${i} failed: ${out.result.error.message}`);
  const id = out.result.value.buffer as string;
  // r.states, not out.state: History.push hands out the state it keeps working on.
  return r.states[i + 1]!.buffers.get(id)!;
}
