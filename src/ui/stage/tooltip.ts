// The stage's tooltip: what is under the pointer, in words and hex, read from the data
// attributes of the mark or ribbon (one delegated handler, no closure per element).

import type { MemType } from '../../model';
import type { Scene } from '../geometry/scene';
import { MEMTYPE_STYLE } from '../theme/palette';
import type { Projector } from './project';

export interface Tip {
  /** Top-left corner in the stage area's pixels, clear of the pointer and of the mark it describes. */
  readonly left: number;
  readonly top: number;
  readonly lines: readonly string[];
}

/** Gap between the tooltip and what it describes. */
const GAP = 14;

/**
 * Where a tooltip of `lines` goes: beside the pointer (right, flipped left near the right edge) and
 * below the described element's box (above it near the bottom edge), so it never covers that
 * element nor the ribbons leaving it at the pointer's height. Sizes are estimated from the text
 * (12 px monospace), since the box is placed before it is drawn.
 */
export function placeTip(
  lines: readonly string[],
  x: number,
  y: number,
  area: { readonly w: number; readonly h: number },
  mark?: { readonly top: number; readonly bottom: number },
): { left: number; top: number } {
  const w = Math.min(320, 18 + 7.3 * Math.max(...lines.map((l) => l.length)));
  const h = 10 + 17 * lines.length;
  const left = x + GAP + w <= area.w ? x + GAP : Math.max(0, x - GAP - w);
  const below = Math.max(y, mark?.bottom ?? y) + GAP;
  const above = Math.min(y, mark?.top ?? y) - GAP - h;
  const top = below + h <= area.h ? below : above >= 0 ? above : Math.max(0, area.h - h);
  return { left, top };
}

export function tipAt(
  target: Element,
  x: number,
  y: number,
  scene: Scene,
  proj: Projector,
  area: { readonly w: number; readonly h: number },
): Tip | null {
  const el = target.closest('[data-buffer]');
  if (!el) return null;
  const id = el.getAttribute('data-buffer') ?? '';
  const b = scene.buffers.find((s) => s.id === id);
  if (!b) return null;
  const lines = [`${b.label}${b.dev ? ` · ${b.dev}` : ''}`];
  const lane = el.getAttribute('data-lane');
  const start = Number(el.getAttribute('data-start'));
  const count = Number(el.getAttribute('data-count'));
  const role = el.getAttribute('data-role');
  if (role) lines.push(role);
  if (lane) lines.push(proj.hexRange(lane, start, count));
  const linkIndex = el.getAttribute('data-link');
  if (linkIndex !== null) {
    const link = b.links[Number(linkIndex)];
    if (link) {
      lines.push(`${proj.hexRange(link.from.lane, link.from.start, link.from.count)} →`);
      lines.push(proj.hexRange(link.to.lane, link.to.start, link.to.count));
      if (link.memtype) lines.push(MEMTYPE_STYLE[link.memtype].label);
    }
  }
  const mt = el.getAttribute('data-memtype');
  if (mt && mt in MEMTYPE_STYLE) lines.push(MEMTYPE_STYLE[mt as MemType].label);
  // A thin mark's own box; a ribbon's box is too tall to dodge, so only the pointer is avoided.
  const r = el.getBoundingClientRect?.();
  const parent = el.closest('.stage-area')?.getBoundingClientRect?.();
  const mark =
    r && parent && linkIndex === null && r.height < area.h / 3
      ? { top: r.top - parent.top, bottom: r.bottom - parent.top }
      : undefined;
  return { ...placeTip(lines, x, y, area, mark), lines };
}
