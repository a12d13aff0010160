// Never lost: the session (machine, steps, narration, position, title, theme) saved in the
// browser after every change and restored on reload. Saved text that does not parse or does not
// fit the schema is set aside under another key and reported, never crashed on.
import { z } from 'zod';
import type { MachineConfigInput, Op } from '../../model';
import type { DmavizStore, Theme } from '../store/store';

export const SESSION_KEY = 'dmaviz.session.v1';
export const CORRUPT_KEY = 'dmaviz.session.corrupt';

export interface SavedSession {
  readonly version: 1;
  readonly machineInput: MachineConfigInput;
  readonly ops: readonly Op[];
  readonly narration: Readonly<Record<string, string>>;
  readonly cursor: number;
  readonly title: string;
  readonly theme: Theme;
}

const schema = z.object({
  version: z.literal(1),
  machineInput: z.record(z.string(), z.unknown()),
  ops: z.array(z.object({ op: z.string() }).passthrough()),
  narration: z.record(z.string(), z.string()),
  cursor: z.number().int().min(0),
  title: z.string(),
  theme: z.enum(['light', 'dark']),
});

export type Restored =
  | { readonly kind: 'none' }
  | { readonly kind: 'ok'; readonly session: SavedSession }
  | { readonly kind: 'corrupt'; readonly reason: string };

/** Reads the saved session; corrupt text is copied to CORRUPT_KEY and removed. */
export function readSession(storage: Storage): Restored {
  let text: string | null;
  try {
    text = storage.getItem(SESSION_KEY);
  } catch {
    return { kind: 'none' };
  }
  if (text === null) return { kind: 'none' };
  let reason: string;
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    if (parsed.success) return { kind: 'ok', session: parsed.data as unknown as SavedSession };
    const first = parsed.error.issues[0];
    reason = first ? `${first.path.join('.') || 'session'}: ${first.message}` : 'does not match the format';
  } catch (e) {
    reason = e instanceof Error ? e.message : 'not JSON';
  }
  setAside(storage, text);
  return { kind: 'corrupt', reason };
}

function setAside(storage: Storage, text: string): void {
  try {
    storage.setItem(CORRUPT_KEY, text);
    storage.removeItem(SESSION_KEY);
  } catch {
    // Storage full or blocked: the session simply is not restored.
  }
}

export function sessionOf(s: ReturnType<DmavizStore['getState']>): SavedSession {
  return {
    version: 1,
    machineInput: s.machineInput,
    ops: s.history.steps.map((r) => r.op),
    narration: Object.fromEntries(Object.entries(s.narration)),
    cursor: s.cursor,
    title: s.title,
    theme: s.theme,
  };
}

/** Loads a saved session into the store; a session the model refuses is reported and set aside. */
export function restoreInto(store: DmavizStore, storage: Storage): void {
  const r = readSession(storage);
  if (r.kind === 'none') return;
  if (r.kind === 'corrupt') {
    store.setState({
      notice: `Your saved session could not be read (${r.reason}); it was set aside under "${CORRUPT_KEY}" and a fresh machine was started.`,
    });
    return;
  }
  const { session } = r;
  const loaded = store.getState().loadSession(session.machineInput, session.ops, session.title, 0);
  if (!loaded.ok) {
    setAside(storage, JSON.stringify(session));
    store.setState({
      notice: `Your saved machine is not valid (${loaded.problems[0] ?? 'unknown problem'}); it was set aside under "${CORRUPT_KEY}".`,
    });
    return;
  }
  const narration: Record<number, string> = {};
  for (const [k, v] of Object.entries(session.narration)) narration[Number(k)] = v;
  store.setState({ narration, theme: session.theme });
  store.getState().jumpTo(session.cursor);
  store.setState({ notice: `Restored your session: ${session.ops.length} steps.` });
}

/**
 * Saves the session whenever part of it changes. A new step, machine, title or theme is saved at
 * once; a cursor or narration change (many per second while playing) after a short pause, and
 * on pagehide. Returns the function that stops saving.
 */
export function persistStore(store: DmavizStore, storage: Storage, delayMs = 150): () => void {
  let last = '';
  let timer: ReturnType<typeof setTimeout> | null = null;
  const save = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    const text = JSON.stringify(sessionOf(store.getState()));
    if (text === last) return;
    last = text;
    try {
      storage.setItem(SESSION_KEY, text);
    } catch {
      // Quota exceeded: keep working; a notice would only distract.
    }
  };
  save();
  const unsubscribe = store.subscribe((s, prev) => {
    if (
      s.version !== prev.version ||
      s.title !== prev.title ||
      s.theme !== prev.theme ||
      s.machineInput !== prev.machineInput
    )
      save();
    else if ((s.cursor !== prev.cursor || s.narration !== prev.narration) && timer === null)
      timer = setTimeout(save, delayMs);
  });
  const onHide = () => save();
  globalThis.addEventListener?.('pagehide', onHide);
  return () => {
    unsubscribe();
    globalThis.removeEventListener?.('pagehide', onHide);
    if (timer !== null) save();
  };
}
