// Bulk drawing for big machines: past BULK_LIMIT buffers, the ribbons of every buffer not in focus
// (selected, hovered, touched by the step on show) are painted on one canvas instead of thousands
// of SVG paths, from the same projector (one set of scales). In the lanes, those buffers show in
// the page maps (LaneCanvas: used and mapped spans) and, in the RAM lane, as focusable SVG groups.
// The buffers in focus stay in SVG, so they remain clickable, hoverable and testable by role.
import { memo, useEffect, useRef } from 'react';
import type { MemType } from '../../model';
import type { Link, Scene, SceneBuffer } from '../geometry/scene';
import { DEVICE_LANE } from '../geometry/scene';
import { MEMTYPE_STYLE } from '../theme/palette';
import { drawOnFrame } from './drawOnFrame';
import type { Projector } from './project';

/** Above this many buffers the stage paints the ones not in focus on canvas. */
export const BULK_LIMIT = 300;

export const isBulk = (scene: Scene): boolean => scene.buffers.length > BULK_LIMIT;

/** The buffers drawn on canvas: all but those in focus. */
export function bulkBuffers(scene: Scene, inFocus: ReadonlySet<string>): SceneBuffer[] {
  return scene.buffers.filter((b) => !inFocus.has(b.id));
}

const DEVICE_RIBBON = '#8a8f98';

const patternCache = new WeakMap<CanvasRenderingContext2D, Record<MemType, CanvasPattern | string>>();

/** The patterns of a canvas, made once per canvas (each redraw made three canvases and patterns). */
function patternsOf(ctx: CanvasRenderingContext2D): Record<MemType, CanvasPattern | string> {
  let p = patternCache.get(ctx);
  if (!p) {
    p = makePatterns(ctx);
    patternCache.set(ctx, p);
  }
  return p;
}

/** Canvas patterns mirroring PatternDefs.tsx: solid cached, striped write-combine, crosshatched uncached. */
function makePatterns(ctx: CanvasRenderingContext2D): Record<MemType, CanvasPattern | string> {
  const tile = (paint: (t: CanvasRenderingContext2D) => void): CanvasPattern | string => {
    const c = document.createElement('canvas');
    c.width = 6;
    c.height = 6;
    const t = c.getContext('2d');
    if (!t) return '#999';
    paint(t);
    return ctx.createPattern(c, 'repeat') ?? '#999';
  };
  const wc = MEMTYPE_STYLE['write-combine'].color;
  const uc = MEMTYPE_STYLE.uncached.color;
  return {
    cached: MEMTYPE_STYLE.cached.color,
    'write-combine': tile((t) => {
      t.globalAlpha = 0.55;
      t.fillStyle = wc;
      t.fillRect(0, 0, 6, 6);
      t.globalAlpha = 1;
      t.strokeStyle = wc;
      t.lineWidth = 2.2;
      t.beginPath();
      for (const o of [-6, 0, 6]) {
        t.moveTo(o, 6);
        t.lineTo(o + 6, 0);
      }
      t.stroke();
    }),
    uncached: tile((t) => {
      t.globalAlpha = 0.5;
      t.fillStyle = uc;
      t.fillRect(0, 0, 6, 6);
      t.globalAlpha = 1;
      t.strokeStyle = uc;
      t.lineWidth = 1.6;
      t.beginPath();
      t.moveTo(0, 0);
      t.lineTo(6, 6);
      t.moveTo(6, 0);
      t.lineTo(0, 6);
      t.stroke();
    }),
  };
}

function sizeCanvas(c: HTMLCanvasElement, w: number, h: number): CanvasRenderingContext2D | null {
  const ctx = c.getContext('2d');
  if (!ctx) return null;
  const dpr = window.devicePixelRatio || 1;
  const W = Math.max(1, Math.round(w * dpr));
  const H = Math.max(1, Math.round(h * dpr));
  if (c.width !== W) c.width = W;
  if (c.height !== H) c.height = H;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, w, h);
  return ctx;
}

interface Props {
  readonly scene: Scene;
  readonly proj: Projector;
  /** Ids in focus, joined with spaces (a string, so that memo compares it by value). */
  readonly inFocus: string;
  readonly dimmed: boolean;
  readonly width: number;
  readonly height: number;
}

/** The ribbons of the bulk buffers, behind the lanes. */
export const BulkCanvas = memo(function BulkCanvas(props: Props) {
  const { scene, proj, inFocus, dimmed, width, height } = props;
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(
    () =>
      drawOnFrame(() => {
        const c = ref.current;
        const ctx = c && sizeCanvas(c, width, height);
        if (!c || !ctx) return;
        const focus = new Set(inFocus ? inFocus.split(' ') : []);
        const fills = patternsOf(ctx);
        const fillOf = (m: MemType | null) => (m ? fills[m] : DEVICE_RIBBON);
        const dim = dimmed ? 0.15 : 1;
        // One path and one fill per memory type: thousands of ribbons cost a few fills.
        ctx.globalAlpha = 0.18;
        for (const l of scene.contextLinks) fillLinks(ctx, proj, [l], fillOf(l.memtype));
        const byType = new Map<MemType | null, Link[]>();
        for (const b of bulkBuffers(scene, focus))
          for (const l of b.links) {
            const list = byType.get(l.memtype) ?? [];
            list.push(l);
            byType.set(l.memtype, list);
          }
        for (const [m, links] of byType) {
          ctx.globalAlpha = (m ? 0.55 : 0.35) * dim;
          fillLinks(ctx, proj, links, fillOf(m));
        }
      }),
    [scene, proj, inFocus, dimmed, width, height],
  );
  return <canvas ref={ref} className="stage-bulk" style={{ width, height }} />;
});

function fillLinks(
  ctx: CanvasRenderingContext2D,
  proj: Projector,
  links: readonly Link[],
  fill: CanvasPattern | string,
): void {
  ctx.beginPath();
  // One fill paints the union of its ribbons: a ribbon drawn twice changes nothing.
  const drawn = new Set<string>();
  for (const l of links) proj.traceRibbon(l, ctx, drawn);
  ctx.fillStyle = fill;
  ctx.fill();
}

/** The bulk buffer under a point (marks first, then ribbons), for hover and click on the canvases. */
export function bulkHit(
  scene: Scene,
  proj: Projector,
  inFocus: ReadonlySet<string>,
  x: number,
  y: number,
): string | null {
  const buffers = bulkBuffers(scene, inFocus);
  for (const [id, { box }] of proj.lanes) {
    if (id === DEVICE_LANE || x < box.x || x > box.x + box.w || y < box.top || y > box.top + box.h) continue;
    for (const b of buffers)
      for (const m of b.marks) {
        if (m.lane !== id) continue;
        const p = proj.place(id, m.start, m.count);
        if (!p) continue;
        const mid = (p.y0 + p.y1) / 2;
        const h = Math.max(3, p.y1 - p.y0) / 2 + 1;
        if (y >= mid - h && y <= mid + h) return b.id;
      }
    return null;
  }
  const probe = document.createElement('canvas').getContext('2d');
  if (!probe) return null;
  for (let i = buffers.length - 1; i >= 0; i--) {
    const b = buffers[i]!;
    for (const l of b.links) {
      probe.beginPath();
      if (proj.traceRibbon(l, probe) && probe.isPointInPath(x, y)) return b.id;
    }
  }
  return null;
}
