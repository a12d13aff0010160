// The stage's tooltip: what is under the pointer, in words and hex, read from the data
// attributes of the mark or ribbon (one delegated handler, no closure per element).

import type { MemType } from '../../model';
import type { Scene } from '../geometry/scene';
import { MEMTYPE_STYLE } from '../theme/palette';
import type { Projector } from './project';

export interface Tip {
  readonly x: number;
  readonly y: number;
  readonly lines: readonly string[];
}

export function tipAt(target: Element, x: number, y: number, scene: Scene, proj: Projector): Tip | null {
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
  return { x, y, lines };
}
