// Step-through: play/pause, event and call stepping, speed, first/last, and the timeline of calls
// (one chip per step, clickable, with a scrubber). The playback driver and the keyboard
// shortcuts live here too, since they drive the same actions.
import {
  type CSSProperties,
  memo,
  type RefObject,
  useCallback,
  useEffect,
  useId,
  useRef,
  useState,
} from 'react';
import type { StepRecord } from '../../model';
import { useDmaviz, useDmavizStoreApi } from '../store/context';
import type { DmavizStore } from '../store/store';
import { selectEvent } from '../store/store';
import { type ChipGeometry, renderedChips, skippedWidth, startsOf, visibleRange } from './chipWindow';
import { readWarningOf } from './readWarning';
import { revealInScrollBox } from './reveal';
import './timeline.css';

const SPEEDS = [1, 2, 4, 8, 16, 32] as const;

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

/** What a chip shows and says of its step; cached per record (records never change). */
interface ChipText {
  /** The chip's class: how the call went. */
  readonly kind: 'ok' | 'warned' | 'failed';
  readonly op: string;
  readonly as: string;
  /** The status mark after the name: ' ✓', ' ✗ CODE' or ' ⚠ stale'. */
  readonly mark: string;
  /** The status in words, for the accessible name. */
  readonly status: string;
  /** Characters of the label but the step number (a long timeline's chip is this wide, in ch). */
  readonly chars: number;
}

const chipTexts = new WeakMap<StepRecord, ChipText>();

function chipTextOf(r: StepRecord): ChipText {
  const cached = chipTexts.get(r);
  if (cached) return cached;
  const as = typeof r.op.as === 'string' ? r.op.as : '';
  const warning = readWarningOf(r);
  const [kind, mark, status] = !r.result.ok
    ? (['failed', ` ✗ ${r.result.error.code}`, `failed ${r.result.error.code}`] as const)
    : warning
      ? (['warned', ` ⚠ ${warning.mark}`, `ok, ${warning.mark} read`] as const)
      : (['ok', ' ✓', 'ok'] as const);
  const text: ChipText = {
    kind,
    op: r.op.op,
    as,
    mark,
    status,
    chars: 1 + r.op.op.length + (as ? 1 + as.length : 0) + mark.length,
  };
  chipTexts.set(r, text);
  return text;
}

/** The boot chip's label. */
const BOOT = 'boot';

/** Past this many calls the timeline renders only the chips near its visible part (chipWindow.ts). */
const LONG_TIMELINE = 200;

/** Chips rendered beyond each side of the view, in px: scrolling a little shows no blank. */
const OVERSCAN_PX = 600;

/** Until the probe is measured: 0.8rem DejaVu Sans Mono at a 16px root. */
const DEFAULT_GEOMETRY: ChipGeometry = { chPx: 7.7, framePx: 21.2 };

/** Chips kept on each side of the focused one, so that Tab and Shift+Tab always find the next. */
const FOCUS_AROUND = 3;

/** Measures the chip font and frame (the probe's two spans) and reports them once laid out. */
function useChipGeometry(probe: RefObject<HTMLDivElement | null>): ChipGeometry {
  const [geometry, setGeometry] = useState(DEFAULT_GEOMETRY);
  useEffect(() => {
    const el = probe.current;
    const [ch, frame] = el ? [el.children[0], el.children[1]] : [];
    if (!ch || !frame || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(() => {
      const chPx = ch.getBoundingClientRect().width / 100;
      const framePx = frame.getBoundingClientRect().width;
      if (chPx > 0 && framePx > 0)
        setGeometry((g) => (g.chPx === chPx && g.framePx === framePx ? g : { chPx, framePx }));
    });
    ro.observe(ch);
    ro.observe(frame);
    return () => ro.disconnect();
  }, [probe]);
  return geometry;
}

export function Timeline() {
  const store = useDmavizStoreApi();
  const cursor = useDmaviz((s) => s.cursor);
  const history = useDmaviz((s) => s.history);
  useDmaviz((s) => s.version);
  const steps = history.steps;
  const id = useId();
  const listRef = useRef<HTMLOListElement>(null);
  const probeRef = useRef<HTMLDivElement>(null);
  const geometry = useChipGeometry(probeRef);
  /** The list's scroll position and width, from its scroll events and its resize observer. */
  const [view, setView] = useState({ left: 0, width: 0 });
  const [focused, setFocused] = useState<number | null>(null);

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
    let cancel = () => {};
    const ro = new ResizeObserver(([entry]) => {
      const width = entry?.contentRect.width ?? 0;
      setView((v) => (v.width === width ? v : { ...v, width }));
      cancel();
      cancel = revealCurrent();
    });
    ro.observe(list);
    return () => {
      cancel();
      ro.disconnect();
    };
  }, [revealCurrent]);

  // The buffer card selects the step's buffer when the position moves.
  const jump = useCallback((k: number) => store.getState().jumpTo(k), [store]);
  // A chip focused by Tab shows whole (the browser scrolls it only until a part shows).
  // The last one only: an earlier chip's reveal, still pending, would scroll back to it.
  const cancelFocusReveal = useRef(() => {});
  const onFocusChip = useCallback((k: number, el: HTMLElement) => {
    setFocused(k);
    cancelFocusReveal.current();
    cancelFocusReveal.current = revealInScrollBox(el, 'x');
  }, []);

  const long = steps.length > LONG_TIMELINE;
  const count = steps.length + 1;
  let shown: number[];
  let starts: Float64Array | null = null;
  if (long) {
    const chars = [BOOT.length];
    for (let i = 0; i < steps.length; i++)
      chars.push(String(i + 1).length + chipTextOf(steps[i] as StepRecord).chars);
    starts = startsOf(chars);
    const range = visibleRange(starts, geometry, view.left, view.width, OVERSCAN_PX);
    const extras = [{ at: cursor, around: 0 }];
    if (focused !== null) extras.push({ at: focused, around: FOCUS_AROUND });
    shown = renderedChips(range, extras, count);
  } else shown = Array.from({ length: count }, (_, i) => i);
  const lastShown = shown[shown.length - 1] ?? -1;

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
        className={long ? 'chips chips-long' : 'chips'}
        aria-label="Timeline of calls"
        ref={listRef}
        onScroll={(e) => {
          const left = e.currentTarget.scrollLeft;
          setView((v) => (v.left === left ? v : { ...v, left }));
        }}
        onBlur={(e) => {
          if (!e.currentTarget.contains(e.relatedTarget)) setFocused(null);
        }}
      >
        {shown.map((k, j) => {
          const place = starts && {
            setSize: count,
            before: skippedWidth(starts, j === 0 ? 0 : (shown[j - 1] ?? 0) + 1, k),
            after: k === lastShown ? skippedWidth(starts, k + 1, count) : undefined,
          };
          // Steps are positional: a step's index is its identity (and its key).
          return (
            <Chip
              key={k}
              record={k === 0 ? null : (steps[k - 1] as StepRecord)}
              n={k}
              current={cursor === k}
              future={k > cursor}
              onJump={jump}
              onFocus={onFocusChip}
              {...place}
            />
          );
        })}
      </ol>
      <div className="chips-probe" aria-hidden="true" ref={probeRef}>
        <span />
        <span />
      </div>
    </div>
  );
}

/**
 * One call in the timeline (or boot, with no record). Memoised: a step of the cursor re-renders
 * the two chips whose state changed, not every chip of a long session. In a long timeline it
 * carries its place in the list and the width of the chips not rendered before (and after) it.
 */
const Chip = memo(function Chip(props: {
  readonly record: StepRecord | null;
  /** 1-based step number (the cursor after this step); 0 for boot. */
  readonly n: number;
  readonly current: boolean;
  readonly future: boolean;
  readonly onJump: (k: number) => void;
  readonly onFocus: (k: number, el: HTMLElement) => void;
  /** Chips in the whole list, when only some are rendered. */
  readonly setSize?: number | undefined;
  readonly before?: string | undefined;
  readonly after?: string | undefined;
}) {
  const { record: r, n, current, future, onJump, onFocus, setSize, before, after } = props;
  const t = r ? chipTextOf(r) : null;
  const chars = t ? String(n).length + t.chars : BOOT.length;
  return (
    <li
      aria-setsize={setSize}
      aria-posinset={setSize === undefined ? undefined : n + 1}
      style={before || after ? { marginInlineStart: before, marginInlineEnd: after } : undefined}
    >
      <button
        type="button"
        className={t ? `chip ${t.kind} ${future ? 'future' : ''}` : 'chip boot'}
        style={{ '--chars': chars } as CSSProperties}
        onClick={() => onJump(n)}
        onFocus={(e) => onFocus(n, e.currentTarget)}
        aria-current={current ? 'step' : undefined}
        aria-label={t ? `Step ${n}: ${t.op}${t.as ? ` ${t.as}` : ''}, ${t.status}` : undefined}
      >
        {t ? (
          <>
            <span className="chip-n">{n}</span> {t.op}
            {t.as && <span className="chip-as"> {t.as}</span>}
            <span className="chip-mark" aria-hidden="true">
              {t.mark}
            </span>
          </>
        ) : (
          BOOT
        )}
      </button>
    </li>
  );
});
