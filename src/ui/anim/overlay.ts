// The animation overlay: an SVG group React renders empty and never touches again. For the event
// in focus it draws the highlights (anim/highlights.ts) with d3-transition: taken pages flash,
// ribbons draw in, cache maintenance sweeps, reservations outline. Without animation (going back,
// prefers-reduced-motion) the same marks appear in their final state at once.
import { easeCubicOut, interpolateNumber, select } from 'd3';
import type { PfnRange } from '../../model';
import { MEMTYPE_STYLE } from '../theme/palette';
import type { Highlight } from './highlights';

export interface PlacedRange {
  readonly x: number;
  readonly w: number;
  readonly y0: number;
  readonly y1: number;
}

export interface OverlayGeometry {
  place(lane: string, start: number, count: number): PlacedRange | null;
  /** The ribbon from a lane range to physical pages, or null when either end is off the stage. */
  ribbon(lane: string, start: number, count: number, to: PfnRange): string | null;
}

/** Okabe-Ito vermilion: the one colour that means "this just happened". */
export const HIGHLIGHT_COLOR = '#D55E00';
const SWEEP_COLOR: Readonly<Record<string, string>> = {
  clean: '#56B4E9',
  invalidate: '#D55E00',
  flush: '#882255',
  zero: '#999999',
  bounce: '#F0E442',
};

export function clearOverlay(g: SVGGElement): void {
  const root = select(g);
  root.selectAll('*').interrupt();
  root.selectAll('*').remove();
}

export function drawHighlights(
  g: SVGGElement,
  hs: readonly Highlight[],
  geo: OverlayGeometry,
  opts: { readonly animate: boolean; readonly duration: number },
): void {
  clearOverlay(g);
  const root = select(g);
  const d = opts.animate ? opts.duration : 0;
  const labelled = new Set<string>();
  for (const h of hs) {
    const p = geo.place(h.lane, h.start, h.count);
    if (!p) continue;
    const y0 = Math.min(p.y0, (p.y0 + p.y1) / 2 - 2);
    const y1 = Math.max(p.y1, (p.y0 + p.y1) / 2 + 2);
    const item = root.append('g').attr('class', `hl hl-${h.kind}`).attr('data-highlight', h.kind);
    if (h.kind === 'take' || h.kind === 'release') {
      const rect = item
        .append('rect')
        .attr('x', p.x - 3)
        .attr('width', p.w + 6)
        .attr('y', y0)
        .attr('height', y1 - y0)
        .attr('fill', h.kind === 'take' ? HIGHLIGHT_COLOR : 'none')
        .attr('stroke', HIGHLIGHT_COLOR)
        .attr('stroke-width', 2)
        .attr('stroke-dasharray', h.kind === 'release' ? '4 3' : null);
      if (d > 0)
        rect.attr('fill-opacity', 0.9).transition().duration(d).ease(easeCubicOut).attr('fill-opacity', 0.35);
      else rect.attr('fill-opacity', 0.35);
    } else if (h.kind === 'sweep') {
      const color = SWEEP_COLOR[h.op ?? ''] ?? HIGHLIGHT_COLOR;
      const rect = item
        .append('rect')
        .attr('x', p.x)
        .attr('width', p.w)
        .attr('y', y0)
        .attr('fill', color)
        .attr('fill-opacity', 0.55)
        .attr('stroke', color);
      if (d > 0) {
        rect
          .attr('height', 0)
          .transition()
          .duration(d)
          .ease(easeCubicOut)
          .attrTween('height', () => {
            const i = interpolateNumber(0, y1 - y0);
            return (t) => String(i(t));
          });
      } else rect.attr('height', y1 - y0);
    } else if (h.kind === 'reserve') {
      const rect = item
        .append('rect')
        .attr('x', p.x - 2)
        .attr('width', p.w + 4)
        .attr('y', y0)
        .attr('height', y1 - y0)
        .attr('fill', 'none')
        .attr('stroke', HIGHLIGHT_COLOR)
        .attr('stroke-width', 2.5);
      if (d > 0) rect.attr('stroke-opacity', 0).transition().duration(d).attr('stroke-opacity', 1);
    } else if (h.kind === 'draw') {
      const color = h.memtype ? MEMTYPE_STYLE[h.memtype].color : '#777777';
      for (const r of h.to ?? []) {
        const dPath = geo.ribbon(h.lane, h.start, h.count, r);
        if (!dPath) continue;
        const path = item
          .append('path')
          .attr('d', dPath)
          .attr('fill', color)
          .attr('stroke', HIGHLIGHT_COLOR)
          .attr('stroke-width', 1.5);
        if (d > 0) {
          // pathLength 1 makes the dash run the whole outline without measuring it
          // (getTotalLength forces a layout of the whole page, once per ribbon drawn).
          path
            .attr('pathLength', 1)
            .attr('fill-opacity', 0)
            .attr('stroke-dasharray', '1 1')
            .attr('stroke-dashoffset', 1)
            .transition()
            .duration(d)
            .ease(easeCubicOut)
            .attr('stroke-dashoffset', 0)
            .attr('fill-opacity', 0.5);
        } else path.attr('fill-opacity', 0.5);
      }
      item
        .append('rect')
        .attr('x', p.x - 2)
        .attr('width', p.w + 4)
        .attr('y', y0)
        .attr('height', y1 - y0)
        .attr('fill', 'none')
        .attr('stroke', HIGHLIGHT_COLOR)
        .attr('stroke-width', 2);
    }
    // One label per lane: the first highlight's words, above the range (below it near the top).
    if (!labelled.has(h.lane)) {
      labelled.add(h.lane);
      const above = y0 - 6 > 60;
      const text = item
        .append('text')
        .attr('class', 'hl-label')
        .attr('x', p.x + p.w / 2)
        .attr('y', above ? y0 - 6 : y1 + 16)
        .attr('text-anchor', 'middle')
        .text(h.label);
      if (d > 0) text.attr('opacity', 0).transition().duration(Math.min(200, d)).attr('opacity', 1);
    }
  }
}
