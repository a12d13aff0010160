// Lane layout: the stage's columns left to right (user VMAs, kernel linear map and vmalloc,
// physical RAM, IOVA per device, devices), with gaps between them where the ribbons run.
import type { LaneKind } from './scene';

export interface LaneBox {
  readonly id: string;
  readonly kind: LaneKind;
  readonly x: number;
  readonly w: number;
  /** Top and height of the address column (below the header, above the footer). */
  readonly top: number;
  readonly h: number;
}

export const HEADER_PX = 44;
export const FOOTER_PX = 22;

/** Relative widths: physical RAM is the widest, devices are boxes of a fixed width. */
const WEIGHT: Readonly<Record<LaneKind, number>> = {
  user: 1,
  linear: 1,
  vmalloc: 1,
  phys: 1.8,
  iova: 1,
  device: 0,
};

export function layoutLanes(
  lanes: ReadonlyArray<{ readonly id: string; readonly kind: LaneKind }>,
  width: number,
  height: number,
): LaneBox[] {
  const n = lanes.length;
  const deviceW = Math.min(110, Math.max(72, width * 0.1));
  const fixed = lanes.filter((l) => l.kind === 'device').length * deviceW;
  const gap = Math.max(24, Math.min(64, width * 0.05));
  const pad = 8;
  const weights = lanes.reduce((s, l) => s + WEIGHT[l.kind], 0);
  const free = Math.max(0, width - 2 * pad - fixed - gap * Math.max(0, n - 1));
  const unit = weights > 0 ? free / weights : 0;
  const top = HEADER_PX;
  const h = Math.max(40, height - HEADER_PX - FOOTER_PX);
  let x = pad;
  return lanes.map((l) => {
    const w = l.kind === 'device' ? deviceW : Math.max(28, unit * WEIGHT[l.kind]);
    const box = { id: l.id, kind: l.kind, x, w, top, h };
    x += w + gap;
    return box;
  });
}
