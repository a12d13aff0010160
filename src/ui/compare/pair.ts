// Lock-step for compare mode: one set of controls drives two stores. The same op list is loaded
// into both; every move is the same call-level jump on both, so the two cursors never drift.
import type { Op } from '../../model';
import { stepBufferOf } from '../panels/stepBuffer';
import type { DmavizState, DmavizStore } from '../store/store';
import type { CompareSource, MachineChoice } from './machines';
import { machineFor } from './machines';

export interface Pair {
  readonly left: DmavizStore;
  readonly right: DmavizStore;
}

export interface PairLoad {
  /** The model's problems with each side's machine (empty when it booted). */
  readonly left: readonly string[];
  readonly right: readonly string[];
}

/** Loads `source` on both sides, each on its chosen machine, at `cursor` (default: after every step). */
export function loadPair(
  pair: Pair,
  source: CompareSource,
  left: MachineChoice,
  right: MachineChoice,
  cursor: number = source.ops.length,
): PairLoad {
  const load = (store: DmavizStore, c: MachineChoice) => {
    const r = store
      .getState()
      .loadSession(machineFor(source.machine, c), source.ops as Op[], source.title, cursor);
    return r.ok ? [] : r.problems;
  };
  const out = { left: load(pair.left, left), right: load(pair.right, right) };
  selectStepBuffer(pair.left);
  selectStepBuffer(pair.right);
  return out;
}

/** The live buffer the step on show worked on (panels/stepBuffer.ts); null at boot or when it names none. */
export function liveStepBufferOf(s: Pick<DmavizState, 'cursor' | 'history' | 'machine'>): string | null {
  if (s.cursor === 0) return null;
  const id = stepBufferOf(s.history.record(s.cursor - 1), s.machine);
  return id !== null && s.machine.buffers.get(id)?.live ? id : null;
}

/**
 * Selects the buffer the step on show worked on (the one it allocated or mapped, or the memory it
 * read or wrote), so each stage brings that buffer into view in every lane, its Cache & data view
 * shows its lines and the cost badge prices it; keeps the selection when the step names none.
 */
export function selectStepBuffer(store: DmavizStore): void {
  const s = store.getState();
  s.select(
    liveStepBufferOf(s) ?? (s.selection && s.machine.buffers.get(s.selection)?.live ? s.selection : null),
  );
}

/** Moves both sides to step `cursor` (each store clamps to its own history, which is the same length). */
export function jumpPair(pair: Pair, cursor: number): void {
  for (const store of [pair.left, pair.right]) {
    store.getState().jumpTo(cursor, null);
    selectStepBuffer(store);
  }
}

/** The one cursor both sides show (the left's; jumpPair keeps them equal). */
export function pairCursor(pair: Pair): number {
  return pair.left.getState().cursor;
}

export function pairLength(pair: Pair): number {
  return Math.max(pair.left.getState().history.length, pair.right.getState().history.length);
}
