// The one store that wraps the model (zustand/vanilla, provided through context so compare mode
// can mount two). It keeps the History and a position in it; every action calls the model and
// stores what it returns. No kernel logic lives here.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { MachineConfigInput, MachineState, ModelEvent, Op, StepRecord, StepResult } from '../../model';
import { createMachine, History } from '../../model';

export type Theme = 'light' | 'dark';

export interface DmavizState {
  /** The machine description the session started from (what a scenario's `machine` holds). */
  readonly machineInput: MachineConfigInput;
  readonly history: History;
  /** Bumped whenever `history` changes (History is a mutable object). */
  readonly version: number;
  /** Steps applied in the state on show: 0 = the machine as booted, history.length = all. */
  readonly cursor: number;
  /** Index of the event of step `cursor - 1` in focus, or null when the whole step is shown. */
  readonly eventIndex: number | null;
  /** The state after `cursor` steps (cached so that selectors return a stable object). */
  readonly machine: MachineState;
  readonly playing: boolean;
  /** Events per second while playing. */
  readonly speed: number;
  /** Selected buffer id (linked selection across lanes). */
  readonly selection: string | null;
  /** Narration per step index (typed by the user or from a scenario's `say`). */
  readonly narration: Readonly<Record<number, string>>;
  readonly title: string;
  /** Notes from the last machine change, e.g. "a new machine was started". */
  readonly notice: string | null;
  readonly theme: Theme;
}

export interface DmavizActions {
  newMachine(input: MachineConfigInput, title?: string): { ok: true } | { ok: false; problems: string[] };
  /** Runs an operation after the step on show (later steps are discarded) and starts its animation. */
  runOp(op: Op): StepResult;
  /** Loads a whole session (a scenario's machine and steps) and shows the machine as booted. */
  loadSession(
    input: MachineConfigInput,
    ops: readonly Op[],
    title?: string,
    cursor?: number,
  ): { ok: true } | { ok: false; problems: string[] };
  jumpTo(cursor: number, eventIndex?: number | null): void;
  nextEvent(): void;
  prevEvent(): void;
  nextCall(): void;
  prevCall(): void;
  first(): void;
  last(): void;
  play(): void;
  pause(): void;
  setSpeed(eventsPerSecond: number): void;
  select(bufferId: string | null): void;
  setNarration(step: number, text: string): void;
  setTheme(theme: Theme): void;
  setTitle(title: string): void;
  /** Shows a message in the notice bar (a restored session, a machine change, a problem). */
  notify(text: string): void;
  dismissNotice(): void;
}

export type DmavizStore = StoreApi<DmavizState & DmavizActions>;

export const DEFAULT_MACHINE: MachineConfigInput = {
  arch: 'arm64',
  ramMiB: 4096,
  devices: [
    { name: 'cam0', coherent: false, iommu: false, dmaMaskBits: 32 },
    { name: 'gpu0', coherent: false, iommu: true, dmaMaskBits: 40 },
    { name: 'nic0', coherent: true, iommu: false, dmaMaskBits: 64 },
  ],
  processes: ['app'],
};

function eventsOf(h: History, cursor: number): readonly ModelEvent[] {
  return cursor > 0 ? h.record(cursor - 1).events : [];
}

export function createDmavizStore(initial: MachineConfigInput = DEFAULT_MACHINE): DmavizStore {
  const booted = createMachine(initial);
  const fallback = booted.ok ? booted : createMachine(DEFAULT_MACHINE);
  if (!fallback.ok) throw new Error('the default machine does not boot');
  const history0 = new History(fallback.state, 16);

  return createStore<DmavizState & DmavizActions>()((set, get) => {
    /** Moves to (cursor, eventIndex), keeping both within bounds. */
    const goto = (cursor: number, eventIndex: number | null, extra: Partial<DmavizState> = {}) => {
      const h = get().history;
      const c = Math.max(0, Math.min(h.length, cursor));
      const n = eventsOf(h, c).length;
      const e = eventIndex === null || c === 0 || n === 0 ? null : Math.max(0, Math.min(n - 1, eventIndex));
      set({ cursor: c, eventIndex: e, machine: h.at(c), ...extra });
    };

    return {
      machineInput: booted.ok ? initial : DEFAULT_MACHINE,
      history: history0,
      version: 0,
      cursor: 0,
      eventIndex: null,
      machine: history0.at(0),
      playing: false,
      speed: 4,
      selection: null,
      narration: {},
      title: 'Blank machine',
      notice: null,
      theme: 'light',

      newMachine(input, title = 'Blank machine') {
        const m = createMachine(input);
        if (!m.ok) return { ok: false, problems: m.problems };
        const history = new History(m.state, 16);
        set({
          machineInput: input,
          history,
          version: get().version + 1,
          cursor: 0,
          eventIndex: null,
          machine: history.at(0),
          playing: false,
          selection: null,
          narration: {},
          title,
          notice: 'A new machine was started: the earlier steps were cleared.',
        });
        return { ok: true };
      },

      runOp(op) {
        const { history, cursor } = get();
        history.truncate(cursor);
        const out = history.push(op);
        const narration = { ...get().narration };
        for (const k of Object.keys(narration)) if (Number(k) >= history.length) delete narration[Number(k)];
        if (typeof op.say === 'string' && op.say) narration[history.length - 1] = op.say;
        goto(history.length, out.events.length > 0 ? 0 : null, {
          version: get().version + 1,
          playing: out.events.length > 0,
          narration,
        });
        return out.result;
      },

      loadSession(input, ops, title = 'Scenario', cursor = 0) {
        const m = createMachine(input);
        if (!m.ok) return { ok: false, problems: m.problems };
        const history = new History(m.state, 16);
        const narration: Record<number, string> = {};
        ops.forEach((op, i) => {
          history.push(op);
          if (typeof op.say === 'string' && op.say) narration[i] = op.say;
        });
        set({
          machineInput: input,
          history,
          version: get().version + 1,
          selection: null,
          narration,
          title,
          notice: null,
          playing: false,
        });
        goto(cursor, null);
        return { ok: true };
      },

      jumpTo(cursor, eventIndex = null) {
        goto(cursor, eventIndex, { playing: false });
      },

      nextEvent() {
        const { history, cursor, eventIndex } = get();
        const n = eventsOf(history, cursor).length;
        if (eventIndex !== null && eventIndex + 1 < n) goto(cursor, eventIndex + 1);
        else if (cursor < history.length) goto(cursor + 1, 0);
        else set({ playing: false, eventIndex: null });
      },

      prevEvent() {
        const { history, cursor, eventIndex } = get();
        if (eventIndex !== null && eventIndex > 0) goto(cursor, eventIndex - 1);
        else if (eventIndex === null && cursor > 0) goto(cursor, eventsOf(history, cursor).length - 1);
        else if (cursor > 1) goto(cursor - 1, eventsOf(history, cursor - 1).length - 1);
        else goto(0, null);
      },

      nextCall() {
        goto(get().cursor + 1, null, { playing: false });
      },

      prevCall() {
        goto(get().cursor - 1, null, { playing: false });
      },

      first() {
        goto(0, null, { playing: false });
      },

      last() {
        goto(get().history.length, null, { playing: false });
      },

      play() {
        const { cursor, history, eventIndex } = get();
        if (cursor >= history.length && eventIndex === null) return;
        set({ playing: true });
      },

      pause() {
        set({ playing: false });
      },

      setSpeed(eventsPerSecond) {
        set({ speed: Math.max(0.5, Math.min(60, eventsPerSecond)) });
      },

      select(bufferId) {
        set({ selection: bufferId });
      },

      setNarration(step, text) {
        set({ narration: { ...get().narration, [step]: text } });
      },

      setTheme(theme) {
        set({ theme });
      },

      setTitle(title) {
        set({ title });
      },

      notify(text) {
        set({ notice: text });
      },

      dismissNotice() {
        set({ notice: null });
      },
    };
  });
}

// --- selectors ----------------------------------------------------------------------------------

export type Full = DmavizState & DmavizActions;

export const selectMachine = (s: Full): MachineState => s.machine;
export const selectCursor = (s: Full): number => s.cursor;
export const selectSelection = (s: Full): string | null => s.selection;

/** The step record on show (the step that produced the state on show), or null at boot. */
export const selectRecord = (s: Full): StepRecord | null =>
  s.cursor > 0 ? s.history.record(s.cursor - 1) : null;

/** The event in focus, or null. */
export const selectEvent = (s: Full): ModelEvent | null => {
  const r = selectRecord(s);
  return r && s.eventIndex !== null ? (r.events[s.eventIndex] ?? null) : null;
};
