// A typed window hook for end-to-end tests (only in builds made with --mode e2e): reads the
// store's position and metrics, and loads a session for set-up; it changes nothing else.
import type { MachineConfigInput, Metrics, Op } from '../model';
import { metricsOf } from '../model';
import type { DmavizStore } from './store/store';

export interface DmavizTestHook {
  getState(): {
    readonly cursor: number;
    readonly historyLength: number;
    readonly eventIndex: number | null;
    readonly selection: string | null;
    readonly metrics: Metrics;
  };
  /** Loads a machine and its steps at once (the stage's e2e tests and bench/ui.bench.ts). */
  loadSession(input: MachineConfigInput, ops: readonly Op[], cursor?: number): { ok: boolean };
}

declare global {
  interface Window {
    __dmaviz?: DmavizTestHook;
  }
}

export function installTestHook(store: DmavizStore): void {
  const hook: DmavizTestHook = {
    getState() {
      const s = store.getState();
      return {
        cursor: s.cursor,
        historyLength: s.history.length,
        eventIndex: s.eventIndex,
        selection: s.selection,
        metrics: metricsOf(s.machine),
      };
    },
    loadSession(input, ops, cursor) {
      return store.getState().loadSession(input, ops, 'Test session', cursor ?? ops.length);
    },
  };
  Object.defineProperty(window, '__dmaviz', {
    value: Object.freeze(hook),
    configurable: false,
    writable: false,
  });
}
