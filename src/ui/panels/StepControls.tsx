// Step-through: play/pause, event and call stepping, speed, first/last, and the timeline of calls
// (one chip per step, clickable, with a scrubber). The playback driver and the keyboard
// shortcuts live here too, since they drive the same actions.
import { memo, useCallback, useEffect, useId, useRef } from 'react';
import type { StepRecord } from '../../model';
import { useDmaviz, useDmavizStoreApi } from '../store/context';
import type { DmavizStore } from '../store/store';
import { selectEvent } from '../store/store';
import { readWarningOf } from './readWarning';
import { revealInScrollBox } from './reveal';
import './timeline.css';

const SPEEDS = [1, 2, 4, 8, 16, 32] as const;

/** Past this many calls the chips out of view skip layout and paint (timeline.css). */
const LONG_TIMELINE = 200;

/** Calls nextEvent at `speed` events per second while playing. */
export function usePlayback(store: DmavizStore): void {
  const playing = useDmaviz((s) => s.playing);
  const speed = useDmaviz((s) => s.speed);
  useEffect(() => {
    if (!playing) return;
    const t = setInterval(() => {
      store.getState().nextEvent();
      // A function entry draws nothing on the stage: while playing, pass over entries in the same
      // tick so that every tick shows something (→ still visits each one when stepping by hand).
      for (let guard = 0; guard < 256; guard++) {
        const s = store.getState();
        if (!s.playing || selectEvent(s)?.type !== 'callEntered') break;
        s.nextEvent();
      }
    }, 1000 / speed);
    return () => clearInterval(t);
  }, [playing, speed, store]);
}

function isTyping(t: EventTarget | null): boolean {
  if (!(t instanceof HTMLElement)) return false;
  if (t.isContentEditable) return true;
  if (t.closest('[role="dialog"]')) return true;
  const tag = t.tagName;
  return tag === 'INPUT' || tag === 'SELECT' || tag === 'TEXTAREA';
}

/** ←/→ event, Shift+←/→ call, space play/pause, Home/End; not while typing or in a dialog. */
export function useStepKeys(store: DmavizStore): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || isTyping(e.target)) return;
      const s = store.getState();
      switch (e.key) {
        case 'ArrowRight':
          if (e.shiftKey) s.nextCall();
          else {
            s.pause();
            s.nextEvent();
          }
          break;
        case 'ArrowLeft':
          if (e.shiftKey) s.prevCall();
          else {
            s.pause();
            s.prevEvent();
          }
          break;
        case ' ':
          // A focused button or link handles space itself.
          if (e.target instanceof HTMLElement && e.target.closest('button, a, summary')) return;
          if (s.playing) s.pause();
          else s.play();
          break;
        case 'Home':
          s.first();
          break;
        case 'End':
          s.last();
          break;
        default:
          return;
      }
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [store]);
}

/** Icons drawn as SVG: media-control glyphs are missing from many fonts (and projectors' PCs). */
const ICON_PATHS: Readonly<Record<string, string>> = {
  first: 'M3 3h2v10H3zM13 3v10L6 8z',
  prevCall: 'M8 3v10L2 8zM15 3v10L9 8z',
  prevEvent: 'M11 3v10L4 8z',
  play: 'M4 3v10l9-5z',
  pause: 'M4 3h3v10H4zM9 3h3v10H9z',
  nextEvent: 'M5 3v10l7-5z',
  nextCall: 'M1 3v10l6-5zM8 3v10l6-5z',
  last: 'M3 3v10l7-5zM11 3h2v10h-2z',
};

function Icon({ name }: { name: string }) {
  return (
    <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <path d={ICON_PATHS[name]} fill="currentColor" />
    </svg>
  );
}

export function StepControls() {
  const store = useDmavizStoreApi();
  const playing = useDmaviz((s) => s.playing);
  const speed = useDmaviz((s) => s.speed);
  const cursor = useDmaviz((s) => s.cursor);
  const eventIndex = useDmaviz((s) => s.eventIndex);
  const length = useDmaviz((s) => s.history.length);
  const eventCount = useDmaviz((s) => (s.cursor > 0 ? s.history.record(s.cursor - 1).events.length : 0));
  const id = useId();
  const a = store.getState();
  const atEnd = cursor >= length && eventIndex === null;
  return (
    <div className="controls" role="toolbar" aria-label="Step controls">
      <button
        type="button"
        onClick={a.first}
        disabled={cursor === 0}
        aria-label="First (boot)"
        title="First (Home)"
      >
        <Icon name="first" />
      </button>
      <button
        type="button"
        onClick={a.prevCall}
        disabled={cursor === 0}
        aria-label="Previous call"
        title="Previous call (Shift+←)"
      >
        <Icon name="prevCall" />
      </button>
      <button
        type="button"
        onClick={() => {
          a.pause();
          a.prevEvent();
        }}
        disabled={cursor === 0}
        aria-label="Previous event"
        title="Previous event (←)"
      >
        <Icon name="prevEvent" />
      </button>
      <button
        type="button"
        className="play"
        onClick={() => (playing ? a.pause() : a.play())}
        disabled={!playing && atEnd}
        aria-label={playing ? 'Pause' : 'Play'}
        title="Play / pause (space)"
      >
        <Icon name={playing ? 'pause' : 'play'} />
      </button>
      <button
        type="button"
        onClick={() => {
          a.pause();
          a.nextEvent();
        }}
        disabled={atEnd}
        aria-label="Next event"
        title="Next event (→)"
      >
        <Icon name="nextEvent" />
      </button>
      <button
        type="button"
        onClick={a.nextCall}
        disabled={cursor >= length}
        aria-label="Next call"
        title="Next call (Shift+→)"
      >
        <Icon name="nextCall" />
      </button>
      <button type="button" onClick={a.last} disabled={atEnd} aria-label="Last" title="Last (End)">
        <Icon name="last" />
      </button>
      <label htmlFor={`${id}-speed`} className="speed-label">
        Speed
      </label>
      <select id={`${id}-speed`} value={speed} onChange={(e) => a.setSpeed(Number(e.target.value))}>
        {SPEEDS.map((v) => (
          <option key={v} value={v}>
            {v} events/s
          </option>
        ))}
      </select>
      <output className="position" aria-label="Position">
        Step {cursor} of {length}
        {eventIndex !== null && eventCount > 0 ? ` · event ${eventIndex + 1} of ${eventCount}` : ''}
      </output>
    </div>
  );
}

export function Timeline() {
  const store = useDmavizStoreApi();
  const cursor = useDmaviz((s) => s.cursor);
  const history = useDmaviz((s) => s.history);
  useDmaviz((s) => s.version);
  const steps = history.steps;
  const id = useId();
  const listRef = useRef<HTMLOListElement>(null);

  const revealCurrent = useCallback(
    () =>
      revealInScrollBox(listRef.current?.querySelector<HTMLElement>('[aria-current="step"]') ?? null, 'x'),
    [],
  );
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-run when the cursor moves, to bring its chip into view
  useEffect(revealCurrent, [cursor]);
  // And when the timeline changes width (the kernel log expanded beside it), so the chip is not cut.
  useEffect(() => {
    const list = listRef.current;
    if (!list || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(() => revealCurrent());
    ro.observe(list);
    return () => ro.disconnect();
  }, [revealCurrent]);

  // The buffer card selects the step's buffer when the position moves.
  const jump = useCallback((k: number) => store.getState().jumpTo(k), [store]);

  return (
    <div className="timeline">
      <label htmlFor={`${id}-scrub`} className="visually-hidden">
        Timeline position
      </label>
      <input
        id={`${id}-scrub`}
        type="range"
        min={0}
        max={steps.length}
        step={1}
        value={cursor}
        onChange={(e) => store.getState().jumpTo(Number(e.target.value))}
        aria-valuetext={`step ${cursor} of ${steps.length}`}
        disabled={steps.length === 0}
      />
      <ol
        className={steps.length > LONG_TIMELINE ? 'chips chips-long' : 'chips'}
        aria-label="Timeline of calls"
        ref={listRef}
      >
        <li>
          <button
            type="button"
            className="chip boot"
            onClick={() => jump(0)}
            aria-current={cursor === 0 ? 'step' : undefined}
          >
            boot
          </button>
        </li>
        {steps.map((r, i) => (
          <Chip
            // biome-ignore lint/suspicious/noArrayIndexKey: steps are positional; a step's index is its identity
            key={i}
            record={r}
            n={i + 1}
            current={cursor === i + 1}
            future={i + 1 > cursor}
            onJump={jump}
          />
        ))}
      </ol>
    </div>
  );
}

/**
 * One call in the timeline. Memoised: a step of the cursor re-renders the two chips whose state
 * changed, not every chip of a long session.
 */
const Chip = memo(function Chip(props: {
  readonly record: StepRecord;
  /** 1-based step number (the cursor after this step). */
  readonly n: number;
  readonly current: boolean;
  readonly future: boolean;
  readonly onJump: (k: number) => void;
}) {
  const { record: r, n, current, future, onJump } = props;
  const as = typeof r.op.as === 'string' ? r.op.as : '';
  const ok = r.result.ok;
  const code = r.result.ok ? '' : r.result.error.code;
  const warning = readWarningOf(r);
  const status = !ok ? `failed ${code}` : warning ? `ok, ${warning.mark} read` : 'ok';
  return (
    <li>
      <button
        type="button"
        className={`chip ${!ok ? 'failed' : warning ? 'warned' : 'ok'} ${future ? 'future' : ''}`}
        onClick={() => onJump(n)}
        aria-current={current ? 'step' : undefined}
        aria-label={`Step ${n}: ${r.op.op}${as ? ` ${as}` : ''}, ${status}`}
      >
        <span className="chip-n">{n}</span> {r.op.op}
        {as && <span className="chip-as"> {as}</span>}
        <span className="chip-mark" aria-hidden="true">
          {!ok ? ` ✗ ${code}` : warning ? ` ⚠ ${warning.mark}` : ' ✓'}
        </span>
      </button>
    </li>
  );
});
