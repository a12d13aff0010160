// The speaker window and the main window talk over a BroadcastChannel named per presentation:
// the main window sends its position after every change; the speaker window asks for it when it
// opens and sends the same stepping commands the keys give. Messages are checked on arrival.

export type StepCommand = 'nextEvent' | 'prevEvent' | 'nextCall' | 'prevCall' | 'first' | 'last';
const COMMANDS: readonly StepCommand[] = ['nextEvent', 'prevEvent', 'nextCall', 'prevCall', 'first', 'last'];

export interface SpeakerState {
  readonly title: string;
  readonly position: string;
  readonly cursor: number;
  readonly total: number;
  /** The narration of the step on show (the caption the room reads). */
  readonly notes: string;
  readonly next: { readonly call: string; readonly notes: string } | null;
  /** When the presentation started (ms since the epoch, the main window's clock). */
  readonly startedAt: number;
}

export type SpeakerMessage =
  | { readonly type: 'state'; readonly state: SpeakerState }
  | { readonly type: 'hello' }
  | { readonly type: 'cmd'; readonly cmd: StepCommand };

export const channelName = (id: string): string => `dmaviz-speaker-${id}`;

/** A message from the channel, or null if it is not one of ours. */
export function readMessage(data: unknown): SpeakerMessage | null {
  if (typeof data !== 'object' || data === null) return null;
  const m = data as Record<string, unknown>;
  if (m.type === 'hello') return { type: 'hello' };
  if (m.type === 'cmd' && COMMANDS.includes(m.cmd as StepCommand))
    return { type: 'cmd', cmd: m.cmd as StepCommand };
  if (m.type === 'state' && typeof m.state === 'object' && m.state !== null) {
    return { type: 'state', state: m.state as SpeakerState };
  }
  return null;
}

/** The command a key gives while presenting (clickers send PageDown/PageUp), or null. */
export function commandOfKey(e: Pick<KeyboardEvent, 'key' | 'shiftKey'>): StepCommand | null {
  switch (e.key) {
    case 'ArrowRight':
    case 'PageDown':
      return e.shiftKey ? 'nextCall' : 'nextEvent';
    case ' ':
      return e.shiftKey ? 'prevEvent' : 'nextEvent';
    case 'ArrowLeft':
    case 'PageUp':
      return e.shiftKey ? 'prevCall' : 'prevEvent';
    case 'ArrowDown':
      return 'nextCall';
    case 'ArrowUp':
      return 'prevCall';
    case 'Home':
      return 'first';
    case 'End':
      return 'last';
    default:
      return null;
  }
}

/** Runs a stepping command on a store's actions (stepping by hand stops playback). */
export function applyCommand(s: { pause(): void } & Record<StepCommand, () => void>, cmd: StepCommand): void {
  s.pause();
  s[cmd]();
}
