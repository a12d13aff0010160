// Ribbons: a mapping drawn as a band from a virtual range (left) to the physical pages it maps
// (right). Pure path strings, built with d3-path, rendered by React as <path d>.
import { path } from 'd3';

/** Thinnest band drawn, in pixels, so that a one-page mapping on a 16 GiB machine stays visible. */
export const MIN_RIBBON_PX = 1.5;

export interface Span1D {
  readonly y0: number;
  readonly y1: number;
}

/** Widens a span to at least `min` pixels around its centre. */
export function atLeast(s: Span1D, min: number): Span1D {
  if (s.y1 - s.y0 >= min) return s;
  const c = (s.y0 + s.y1) / 2;
  return { y0: c - min / 2, y1: c + min / 2 };
}

/** What a ribbon is drawn into: a d3-path (SVG) or a canvas context (the bulk layer). */
export type PathSink = Pick<CanvasPath, 'moveTo' | 'bezierCurveTo' | 'lineTo' | 'closePath'>;

/**
 * Traces a band from x0 (span a) to x1 (span b) with horizontal cubic tangents at both ends,
 * closed unless `close` is false. Canvas callers pass false: fill() closes every subpath itself,
 * and Chromium's closePath costs O(subpaths so far), so closing thousands of ribbons in one path
 * is quadratic (8,000 ribbons: 665 ms closed, under 1 ms open).
 */
export function traceRibbon(p: PathSink, x0: number, a: Span1D, x1: number, b: Span1D, close = true): void {
  const s = atLeast(a, MIN_RIBBON_PX);
  const t = atLeast(b, MIN_RIBBON_PX);
  const mx = (x0 + x1) / 2;
  p.moveTo(x0, s.y0);
  p.bezierCurveTo(mx, s.y0, mx, t.y0, x1, t.y0);
  p.lineTo(x1, t.y1);
  p.bezierCurveTo(mx, t.y1, mx, s.y1, x0, s.y1);
  if (close) p.closePath();
}

/** The band as an SVG path string. */
export function ribbonPath(x0: number, a: Span1D, x1: number, b: Span1D): string {
  const p = path();
  traceRibbon(p, x0, a, x1, b);
  return p.toString();
}
