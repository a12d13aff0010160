// A lane's address axis: address units (pages) → a fraction of the lane's height in [0, 1].
// Small spaces are drawn to scale. A space thousands of times larger than what is in use (a
// 64-bit vmalloc area of 32 TiB, a 48-bit IOVA aperture) is drawn as a broken axis: the used
// stretches keep a proportional scale and every long empty gap shrinks to a fixed band that says
// how much it hides. The zoom transform (k, y) applies on top of the fraction, per lane.

export interface Interval {
  readonly start: number;
  /** Exclusive. */
  readonly end: number;
}

export interface AxisSegment extends Interval {
  /** A compressed gap (drawn as a break band), not to scale with its neighbours. */
  readonly gap: boolean;
  /** Fractions of the lane where the segment begins and ends. */
  readonly t0: number;
  readonly t1: number;
}

export interface Axis {
  readonly lo: number;
  readonly hi: number;
  readonly segments: readonly AxisSegment[];
  /** True when some gap is compressed (the lane says "not to scale" in its header). */
  readonly broken: boolean;
}

/** A space this many times larger than its used part is drawn broken. */
export const BREAK_RATIO = 4096;
/** Fraction of the lane given to each compressed gap. */
const GAP_FRACTION = 0.05;

/** The axis for [lo, hi) holding the used intervals (any order, may overlap). */
export function buildAxis(lo: number, hi: number, used: readonly Interval[]): Axis {
  const span = Math.max(1, hi - lo);
  const clipped = used
    .map((u) => ({ start: Math.max(lo, u.start), end: Math.min(hi, u.end) }))
    .filter((u) => u.end > u.start)
    .sort((a, b) => a.start - b.start);
  const totalUsed = clipped.reduce((n, u) => n + (u.end - u.start), 0);
  if (clipped.length === 0 || span < BREAK_RATIO * Math.max(totalUsed, 64)) return linearAxis(lo, hi);

  // Pad and merge the used stretches, so that neighbours share one proportional segment.
  const pad = Math.max(16, Math.ceil(totalUsed / 8));
  const live: Interval[] = [];
  for (const u of clipped) {
    const s = Math.max(lo, u.start - pad);
    const e = Math.min(hi, u.end + pad);
    const last = live[live.length - 1];
    if (last && s <= last.end + pad * 4)
      live[live.length - 1] = { start: last.start, end: Math.max(last.end, e) };
    else live.push({ start: s, end: e });
  }
  const pieces: Array<{ start: number; end: number; gap: boolean }> = [];
  let cursor = lo;
  for (const l of live) {
    if (l.start > cursor) pieces.push({ start: cursor, end: l.start, gap: true });
    pieces.push({ start: l.start, end: l.end, gap: false });
    cursor = l.end;
  }
  if (cursor < hi) pieces.push({ start: cursor, end: hi, gap: true });
  const gaps = pieces.filter((p) => p.gap).length;
  const gapFrac = Math.min(GAP_FRACTION, 0.4 / Math.max(1, gaps));
  const liveTotal = live.reduce((n, l) => n + (l.end - l.start), 0);
  const liveFrac = 1 - gaps * gapFrac;
  let t = 0;
  const segments = pieces.map((p) => {
    const w = p.gap ? gapFrac : (liveFrac * (p.end - p.start)) / liveTotal;
    const seg = { ...p, t0: t, t1: t + w };
    t += w;
    return seg;
  });
  return { lo, hi, segments, broken: true };
}

export function linearAxis(lo: number, hi: number): Axis {
  return {
    lo,
    hi,
    segments: [{ start: lo, end: Math.max(hi, lo + 1), gap: false, t0: 0, t1: 1 }],
    broken: false,
  };
}

function segmentAt(axis: Axis, addr: number): AxisSegment {
  const segs = axis.segments;
  let a = 0;
  let b = segs.length - 1;
  while (a < b) {
    const m = (a + b + 1) >>> 1;
    if (segs[m]!.start <= addr) a = m;
    else b = m - 1;
  }
  return segs[a]!;
}

/** Address (in lane units) → fraction of the lane. */
export function tOf(axis: Axis, addr: number): number {
  const s = segmentAt(axis, addr);
  const x = Math.max(s.start, Math.min(s.end, addr));
  return s.t0 + ((x - s.start) / (s.end - s.start)) * (s.t1 - s.t0);
}

/** Fraction of the lane → address (in lane units): the inverse of tOf. */
export function addrOf(axis: Axis, t: number): number {
  const segs = axis.segments;
  let s = segs[0]!;
  for (const seg of segs) {
    if (seg.t0 <= t) s = seg;
    else break;
  }
  const f = s.t1 > s.t0 ? (Math.max(s.t0, Math.min(s.t1, t)) - s.t0) / (s.t1 - s.t0) : 0;
  return s.start + f * (s.end - s.start);
}

/**
 * The zoom of one lane, in d3-zoom's convention along y: a point at unzoomed pixel q (= top +
 * t * height) is drawn at q * k + y. The stage keeps one per lane; d3-zoom's x is unused.
 */
export interface LaneView {
  readonly k: number;
  readonly y: number;
}

export const IDENTITY_VIEW: LaneView = { k: 1, y: 0 };

/** A lane's box on the stage: where its address column starts and how tall it is. */
export interface LaneFrame {
  readonly top: number;
  readonly h: number;
}

/** Pixel y of an address in a lane. */
export function yOf(axis: Axis, view: LaneView, f: LaneFrame, addr: number): number {
  return (f.top + tOf(axis, addr) * f.h) * view.k + view.y;
}

/** Fraction of the lane drawn at pixel y. */
function tAtPixel(view: LaneView, f: LaneFrame, y: number): number {
  return ((y - view.y) / view.k - f.top) / f.h;
}

/** The addresses at the top and bottom edge of a lane under a view. */
export function visibleRange(axis: Axis, view: LaneView, f: LaneFrame): Interval {
  const t0 = Math.max(0, tAtPixel(view, f, f.top));
  const t1 = Math.min(1, tAtPixel(view, f, f.top + f.h));
  return { start: addrOf(axis, t0), end: addrOf(axis, t1) };
}

/**
 * The view that shows [start, end) in a lane: the range fills `fill` of the height when it can,
 * but the window never shrinks below `minWindow` units, so a one-page buffer keeps its context.
 */
export function viewFocusing(
  axis: Axis,
  f: LaneFrame,
  range: Interval,
  fill = 0.2,
  minWindow = 256,
  maxK = 2 ** 24,
): LaneView {
  const t0 = tOf(axis, range.start);
  const t1 = tOf(axis, range.end);
  const dt = Math.max(t1 - t0, 1e-12);
  const mid = (range.start + range.end) / 2;
  const wt =
    tOf(axis, Math.min(axis.hi, mid + minWindow / 2)) - tOf(axis, Math.max(axis.lo, mid - minWindow / 2));
  const kFill = fill / dt;
  const kWindow = wt > 0 ? 1 / wt : maxK;
  const k = Math.max(1, Math.min(kFill, kWindow, maxK));
  const tc = (t0 + t1) / 2;
  return clampView({ k, y: f.top + f.h / 2 - (f.top + tc * f.h) * k }, f);
}

/** Two views that draw the same (to a thousandth of a pixel): setting one over the other changes nothing. */
export function isSameView(a: LaneView | undefined, b: LaneView): boolean {
  return !!a && Math.abs(a.k - b.k) <= 1e-9 * b.k && Math.abs(a.y - b.y) <= 1e-3;
}

/** Keeps the lane's content covering its box (no empty space above the start or below the end). */
export function clampView(v: LaneView, f: LaneFrame): LaneView {
  const k = Math.max(1, v.k);
  const maxY = f.top * (1 - k);
  const minY = (f.top + f.h) * (1 - k);
  return { k, y: Math.min(maxY, Math.max(minY, v.y)) };
}
