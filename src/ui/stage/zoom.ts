// d3-zoom for one lane, wrapped in a factory with update/destroy (the xyflow XYPanZoom shape):
// created in an effect on the lane's SVG group, it feeds the lane's view (k, y) back to React.
// Only the vertical axis zooms; d3-zoom's x translation is ignored.
import { type D3ZoomEvent, select, type ZoomBehavior, zoom, zoomIdentity } from 'd3';
import type { LaneFrame, LaneView } from '../geometry/axis';

export const MAX_ZOOM = 2 ** 24;

export interface LaneZoom {
  update(frame: LaneFrame, width: number): void;
  /** Moves to a view; `duration` > 0 animates (d3-transition), 0 jumps. */
  setView(view: LaneView, duration: number): void;
  /** Multiplies the zoom around the lane's centre. */
  scaleBy(factor: number): void;
  destroy(): void;
}

export function createLaneZoom(
  el: SVGGElement,
  frame: LaneFrame,
  width: number,
  onChange: (view: LaneView, byUser: boolean) => void,
): LaneZoom {
  let f = frame;
  let w = width;
  const sel = select<SVGGElement, unknown>(el);
  const behaviour: ZoomBehavior<SVGGElement, unknown> = zoom<SVGGElement, unknown>()
    .scaleExtent([1, MAX_ZOOM])
    .on('zoom', (e: D3ZoomEvent<SVGGElement, unknown>) => {
      onChange({ k: e.transform.k, y: e.transform.y }, e.sourceEvent != null);
    });
  const applyExtent = () => {
    behaviour.extent([
      [0, f.top],
      [w, f.top + f.h],
    ]);
    behaviour.translateExtent([
      [0, f.top],
      [w, f.top + f.h],
    ]);
  };
  applyExtent();
  sel.call(behaviour).on('dblclick.zoom', null);
  return {
    update(next, nextWidth) {
      f = next;
      w = nextWidth;
      applyExtent();
    },
    setView(view, duration) {
      const t = zoomIdentity.translate(0, view.y).scale(view.k);
      sel.interrupt('lanezoom');
      if (duration > 0) sel.transition('lanezoom').duration(duration).call(behaviour.transform, t);
      else sel.call(behaviour.transform, t);
    },
    scaleBy(factor) {
      sel.call(behaviour.scaleBy, factor, [w / 2, f.top + f.h / 2]);
    },
    destroy() {
      sel.interrupt('lanezoom');
      sel.on('.zoom', null);
    },
  };
}
