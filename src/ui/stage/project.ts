// Placing things on the stage: a lane range → pixels, a link → a ribbon path, a device → its box.
// One set of scales (geometry/axis.ts) serves the canvases, the SVG and the animation overlay.
import type { PfnRange } from '../../model';
import { hexAddr } from '../../model';
import type { LaneView } from '../geometry/axis';
import { IDENTITY_VIEW, yOf } from '../geometry/axis';
import type { LaneBox } from '../geometry/layout';
import { type PathSink, ribbonPath, traceRibbon } from '../geometry/ribbon';
import type { LaneSpec, Link, LinkEnd, Scene } from '../geometry/scene';
import { DEVICE_LANE, PHYS_LANE } from '../geometry/scene';

export interface Placed {
  readonly x: number;
  readonly w: number;
  readonly y0: number;
  readonly y1: number;
}

export interface Projector {
  readonly lanes: ReadonlyMap<string, { readonly spec: LaneSpec; readonly box: LaneBox }>;
  viewOf(lane: string): LaneView;
  /** Pixels of a range in a lane (not clipped), or null for an unknown lane. */
  place(lane: string, start: number, count: number): Placed | null;
  /** The ribbon for a link, or null when both ends are outside their lanes. */
  ribbon(link: Link): string | null;
  /**
   * Traces the ribbon of a link, open, into a canvas path to fill; false when both ends are outside
   * their lanes. With `drawn`, a ribbon with the same ends as one already traced into the same path
   * is left out: it would fill the same pixels again (thousands of buffers outside a zoomed lane
   * share its edge, and their ribbons to a device coincide).
   */
  traceRibbon(link: Link, into: PathSink, drawn?: Set<string>): boolean;
  overlayRibbon(lane: string, start: number, count: number, to: PfnRange): string | null;
  deviceBox(index: number): Placed | null;
  /** "0x… – 0x…" of a lane range, in the lane's own address space. */
  hexRange(lane: string, start: number, count: number): string;
}

export function makeProjector(
  scene: Scene,
  boxes: readonly LaneBox[],
  views: Readonly<Record<string, LaneView>>,
  profile: Parameters<typeof hexAddr>[0],
): Projector {
  const lanes = new Map<string, { spec: LaneSpec; box: LaneBox }>();
  scene.lanes.forEach((spec, i) => {
    const box = boxes[i];
    if (box) lanes.set(spec.id, { spec, box });
  });
  const viewOf = (lane: string) => views[lane] ?? IDENTITY_VIEW;
  const devices = lanes.get(DEVICE_LANE);
  const n = Math.max(1, scene.devices.length);
  const deviceBox = (i: number): Placed | null => {
    if (!devices) return null;
    const { box } = devices;
    const slot = box.h / n;
    const h = Math.min(64, slot - 16);
    const y0 = box.top + slot * i + (slot - h) / 2;
    return { x: box.x, w: box.w, y0, y1: y0 + h };
  };
  const place = (lane: string, start: number, count: number): Placed | null => {
    if (lane === DEVICE_LANE) {
      const d = deviceBox(start);
      if (!d) return null;
      const c = (d.y0 + d.y1) / 2;
      return { ...d, y0: c - 3, y1: c + 3 };
    }
    const l = lanes.get(lane);
    if (!l) return null;
    const v = viewOf(lane);
    return {
      x: l.box.x,
      w: l.box.w,
      y0: yOf(l.spec.axis, v, l.box, start),
      y1: yOf(l.spec.axis, v, l.box, start + count),
    };
  };
  const clampToLane = (lane: string, p: Placed): Placed | null => {
    const l = lanes.get(lane);
    if (!l) return null;
    const top = l.box.top;
    const bottom = l.box.top + l.box.h;
    if (p.y1 < top || p.y0 > bottom) return null;
    return { ...p, y0: Math.max(top, p.y0), y1: Math.min(bottom, p.y1) };
  };
  const ends = (a: LinkEnd, b: LinkEnd): Parameters<typeof ribbonPath> | null => {
    const pa = place(a.lane, a.start, a.count);
    const pb = place(b.lane, b.start, b.count);
    if (!pa || !pb) return null;
    const ca = clampToLane(a.lane, pa);
    const cb = clampToLane(b.lane, pb);
    if (!ca && !cb) return null;
    const left =
      pa.x <= pb.x ? { p: ca ?? edge(a.lane, pa), r: true } : { p: cb ?? edge(b.lane, pb), r: true };
    const right = pa.x <= pb.x ? (cb ?? edge(b.lane, pb)) : (ca ?? edge(a.lane, pa));
    if (!left.p || !right) return null;
    return [left.p.x + left.p.w, left.p, right.x, right];
  };
  const pathOf = (e: Parameters<typeof ribbonPath> | null) => (e ? ribbonPath(...e) : null);
  /** An end outside its lane is drawn as a sliver at the lane's nearer edge. */
  const edge = (lane: string, p: Placed): Placed | null => {
    const l = lanes.get(lane);
    if (!l) return null;
    const y = p.y1 < l.box.top ? l.box.top : l.box.top + l.box.h;
    return { ...p, y0: y, y1: y };
  };
  return {
    lanes,
    viewOf,
    place,
    ribbon: (link) => pathOf(ends(link.from, link.to)),
    traceRibbon(link, into, drawn) {
      const e = ends(link.from, link.to);
      if (!e) return false;
      if (drawn) {
        const [x0, a, x1, b] = e;
        const key = `${x0} ${a.y0} ${a.y1} ${x1} ${b.y0} ${b.y1}`;
        if (drawn.has(key)) return true;
        drawn.add(key);
      }
      // Left open: a canvas fill closes it (and closePath is quadratic over a canvas path).
      traceRibbon(into, ...e, false);
      return true;
    },
    overlayRibbon: (lane, start, count, to) =>
      pathOf(ends({ lane, start, count }, { lane: PHYS_LANE, start: to.pfn, count: to.count })),
    deviceBox,
    hexRange(lane, start, count) {
      const l = lanes.get(lane);
      if (!l) return '';
      const ps = BigInt(scene.pageSize);
      const a = l.spec.base + BigInt(Math.floor(start)) * ps;
      const b = a + BigInt(Math.ceil(count)) * ps - 1n;
      return `${hexAddr(profile, a)} – ${hexAddr(profile, b)}`;
    },
  };
}
