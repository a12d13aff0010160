// The dense page map of one lane, drawn on a canvas (device-pixel-ratio aware) from the same
// scales as the SVG above it. A 16 GiB machine's page runs are a few thousand rectangles.
import { useEffect, useMemo, useRef } from 'react';
import type { Axis, LaneFrame, LaneView } from '../geometry/axis';
import { yOf } from '../geometry/axis';
import type { Region, RegionKind } from '../geometry/scene';
import { MEMTYPE_STYLE, PAGE_KIND_STYLE, PAGE_KIND_STYLE_DARK } from '../theme/palette';
import { drawOnFrame } from './drawOnFrame';

export interface LaneCanvasProps {
  readonly axis: Axis;
  readonly view: LaneView;
  readonly x: number;
  readonly w: number;
  readonly frame: LaneFrame;
  readonly regions: readonly Region[];
  readonly dark: boolean;
  readonly laneId: string;
}

/** Fill colour of a background region. */
export function regionColor(kind: RegionKind, owner: string, dark: boolean): string {
  switch (kind) {
    case 'mapped':
      return dark ? '#1f3b52' : '#d3e6f3';
    case 'rewritten':
      return dark ? '#6b4a0f' : '#f6dca6';
    case 'used':
      return owner.startsWith('b') || owner.startsWith('v')
        ? dark
          ? '#3a4350'
          : '#c8d0da'
        : dark
          ? '#2b5470'
          : '#bfe3f5';
    default:
      return dark ? PAGE_KIND_STYLE_DARK[kind] : PAGE_KIND_STYLE[kind].color;
  }
}

export function LaneCanvas({ axis, view, x, w, frame: box, regions, dark, laneId }: LaneCanvasProps) {
  const ref = useRef<HTMLCanvasElement>(null);
  // By value: the layout's boxes are new objects whenever any lane changes; this one may not have.
  const frame = useMemo(() => ({ top: box.top, h: box.h }), [box.top, box.h]);
  useEffect(
    () =>
      drawOnFrame(() => {
        const c = ref.current;
        const ctx = c?.getContext('2d');
        if (!c || !ctx) return;
        const dpr = window.devicePixelRatio || 1;
        const W = Math.max(1, Math.round(w * dpr));
        const H = Math.max(1, Math.round(frame.h * dpr));
        if (c.width !== W) c.width = W;
        if (c.height !== H) c.height = H;
        ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
        ctx.clearRect(0, 0, w, frame.h);
        // Free space first, then every region (unzoomed address -> canvas y = page y - top).
        ctx.fillStyle = regionColor('free', '', dark);
        ctx.fillRect(0, 0, w, frame.h);
        for (const r of regions) {
          if (r.kind === 'free') continue;
          const y0 = yOf(axis, view, frame, r.start) - frame.top;
          const y1 = yOf(axis, view, frame, r.start + r.count) - frame.top;
          if (y1 < 0 || y0 > frame.h) continue;
          ctx.fillStyle = regionColor(r.kind, r.owner, dark);
          ctx.fillRect(0, Math.max(0, y0), w, Math.max(1, Math.min(frame.h, y1) - Math.max(0, y0)));
        }
        // Rewritten linear PTEs keep the write-combine stripe pattern at the edge.
        ctx.fillStyle = MEMTYPE_STYLE['write-combine'].color;
        for (const r of regions) {
          if (r.kind !== 'rewritten') continue;
          const y0 = yOf(axis, view, frame, r.start) - frame.top;
          const y1 = yOf(axis, view, frame, r.start + r.count) - frame.top;
          if (y1 < 0 || y0 > frame.h) continue;
          ctx.fillRect(0, Math.max(0, y0), 4, Math.max(1, Math.min(frame.h, y1) - Math.max(0, y0)));
        }
      }),
    [axis, view, w, frame, regions, dark],
  );
  return (
    <canvas
      ref={ref}
      className="lane-canvas"
      data-lane-canvas={laneId}
      style={{ left: x, top: frame.top, width: w, height: frame.h }}
    />
  );
}
