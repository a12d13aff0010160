// Windowing the timeline: a long session holds thousands of chips, and laying out, checking and
// painting all of them once per call cost about 200 ms of main-thread time with 2,000 buffers on
// the stage. A long timeline renders only the chips near its visible part (plus the current and
// the focused one), with margins standing in for the rest. Chip labels are monospace and each chip
// has the width of its characters (timeline.css), so every chip's offset is known without
// measuring the DOM: characters in ch, plus a fixed padding, border and gap per chip.

/** Pixel sizes of the timeline's font and chip frame, measured once (the chips' probe). */
export interface ChipGeometry {
  /** One `ch` of the chip font, in px. */
  readonly chPx: number;
  /** A chip's padding and border plus the gap after it, in px. */
  readonly framePx: number;
}

/** Where each chip starts, in characters of the chips before it: `starts[i]` for chip i, then the total. */
export function startsOf(chars: readonly number[]): Float64Array {
  const starts = new Float64Array(chars.length + 1);
  for (let i = 0; i < chars.length; i++) starts[i + 1] = (starts[i] ?? 0) + (chars[i] ?? 0);
  return starts;
}

/** The left edge of chip i, in px from the start of the list. */
export function offsetOf(starts: Float64Array, g: ChipGeometry, i: number): number {
  return (starts[i] ?? 0) * g.chPx + i * g.framePx;
}

/**
 * The chips [first, last] that meet the view `left`..`left + width` widened by `overscan` px on
 * each side (by binary search on the offsets); first > last when there are no chips.
 */
export function visibleRange(
  starts: Float64Array,
  g: ChipGeometry,
  left: number,
  width: number,
  overscan: number,
): { readonly first: number; readonly last: number } {
  const count = starts.length - 1;
  if (count <= 0) return { first: 0, last: -1 };
  // The last chip whose left edge is at or before x.
  const chipAt = (x: number) => {
    let lo = 0;
    let hi = count - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (offsetOf(starts, g, mid) <= x) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  return { first: chipAt(left - overscan), last: chipAt(left + width + overscan) };
}

/**
 * The chips to render, ascending: the visible range and the chips around `extras` (the current
 * chip, and the focused one with its neighbours so that Tab and Shift+Tab always find the next).
 */
export function renderedChips(
  range: { readonly first: number; readonly last: number },
  extras: readonly { readonly at: number; readonly around: number }[],
  count: number,
): number[] {
  const shown = new Set<number>();
  for (let i = Math.max(0, range.first); i <= Math.min(count - 1, range.last); i++) shown.add(i);
  for (const { at, around } of extras)
    for (let i = Math.max(0, at - around); i <= Math.min(count - 1, at + around); i++) shown.add(i);
  return [...shown].sort((a, b) => a - b);
}

/** The CSS length of the chips [from, to) that are not rendered: their characters and frames. */
export function skippedWidth(starts: Float64Array, from: number, to: number): string | undefined {
  if (to <= from) return undefined;
  const ch = (starts[to] ?? 0) - (starts[from] ?? 0);
  return `calc(${ch}ch + ${to - from} * (var(--chip-frame) + var(--chip-gap)))`;
}
