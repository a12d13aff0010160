// The stage's layers, back to front: ribbons (SVG, and on a big machine a canvas for the buffers
// not in focus), the page maps (one canvas per lane), then lanes with their marks, labels and
// devices (SVG), and the animation overlay that React leaves empty. Buffers are reachable by keyboard through one focusable group each in the RAM lane.
import { memo, type ReactNode } from 'react';
import { visibleRange } from '../geometry/axis';
import { placeLabels } from '../geometry/labels';
import type { Mark, Scene, SceneBuffer } from '../geometry/scene';
import { DEVICE_LANE, PHYS_LANE } from '../geometry/scene';
import { compactSize } from '../geometry/sizes';
import { PAGE_KIND_STYLE } from '../theme/palette';
import { BulkCanvas, isBulk } from './BulkCanvas';
import { LaneCanvas } from './LaneCanvas';
import { memFill } from './PatternDefs';
import type { Placed, Projector } from './project';

/** Smallest mark drawn, so a one-page buffer on a 16 GiB machine can be seen and clicked. */
export const MIN_MARK_PX = 3;

interface Props {
  readonly scene: Scene;
  readonly proj: Projector;
  readonly selection: string | null;
  readonly dark: boolean;
  readonly width: number;
  readonly height: number;
  /** Stable callbacks (useCallback, store actions): the lanes re-render only when these props change. */
  readonly laneRef: (id: string, el: SVGGElement | null) => void;
  readonly onSelect: (id: string) => void;
  /** Buffers in focus (selected, hovered, touched by the step on show), joined with spaces. */
  readonly inFocus: string;
}

function widen(p: Placed, min: number): Placed {
  if (p.y1 - p.y0 >= min) return p;
  const c = (p.y0 + p.y1) / 2;
  return { ...p, y0: c - min / 2, y1: c + min / 2 };
}

function visible(p: Placed, top: number, bottom: number): boolean {
  return p.y1 >= top && p.y0 <= bottom;
}

function describe(b: SceneBuffer, scene: Scene): string {
  const lanes = new Set(b.marks.map((m) => scene.lanes.find((l) => l.id === m.lane)?.title ?? m.lane));
  return `Buffer ${b.label}, ${compactSize(b.size)}${b.dev ? `, device ${b.dev}` : ''}; mapped in ${[...lanes].join(', ')}`;
}

/** Memoised: the event in focus, the tooltip and playback do not re-render thousands of marks. */
export const StageLanes = memo(function StageLanes(props: Props) {
  const { scene, proj, selection, dark, width, height, inFocus } = props;
  const sel = (id: string) => (selection === id ? '' : undefined);
  // A big machine paints the ribbons of the buffers not in focus on canvas (BulkCanvas.tsx) and
  // shows them in the other lanes through the page maps; the RAM lane keeps one focusable group
  // per buffer for the keyboard.
  const bulk = isBulk(scene);
  const focus = new Set(inFocus ? inFocus.split(' ') : []);
  const svgBuffers = bulk ? scene.buffers.filter((b) => focus.has(b.id)) : scene.buffers;
  const marksByLane = new Map<string, Array<{ b: SceneBuffer; m: Mark }>>();
  for (const b of scene.buffers)
    for (const m of b.marks) {
      if (bulk && m.lane !== PHYS_LANE && !focus.has(b.id)) continue;
      const list = marksByLane.get(m.lane) ?? [];
      list.push({ b, m });
      marksByLane.set(m.lane, list);
    }

  return (
    <>
      {bulk && (
        <BulkCanvas
          scene={scene}
          proj={proj}
          inFocus={inFocus}
          dimmed={selection !== null}
          width={width}
          height={height}
        />
      )}
      <svg className="stage-ribbons" width={width} height={height} aria-hidden="true">
        <g className="context-links">
          {!bulk &&
            scene.contextLinks.map((l) => {
              const d = proj.ribbon(l);
              return d ? <path key={`${l.role}:${l.from.start}`} d={d} fill={memFill(l.memtype)} /> : null;
            })}
        </g>
        {svgBuffers.map((b) => (
          <g key={b.id} className="buffer-links" data-selected={sel(b.id)}>
            {b.links.map((l, i) => {
              const d = proj.ribbon(l);
              return d ? (
                <path
                  // biome-ignore lint/suspicious/noArrayIndexKey: a buffer's links keep their order
                  key={i}
                  d={d}
                  className={l.memtype ? 'ribbon' : 'ribbon ribbon-device'}
                  fill={memFill(l.memtype)}
                  data-buffer={b.id}
                  data-link={i}
                  data-role={l.role}
                />
              ) : null;
            })}
          </g>
        ))}
      </svg>
      {scene.lanes.map((spec) => {
        const l = proj.lanes.get(spec.id);
        if (!l || spec.id === DEVICE_LANE) return null;
        return (
          <LaneCanvas
            key={spec.id}
            laneId={spec.id}
            axis={spec.axis}
            view={proj.viewOf(spec.id)}
            x={l.box.x}
            w={l.box.w}
            frame={l.box}
            regions={spec.regions}
            dark={dark}
          />
        );
      })}
      {/* biome-ignore lint/a11y/useSemanticElements: a named group of lanes holding focusable buffers (role img would hide them) */}
      <svg className="stage-marks" width={width} height={height} role="group" aria-label="Lanes">
        <defs>
          {[...proj.lanes.values()].map(({ box }) => (
            <clipPath key={box.id} id={`clip-${box.id.replace(/[^\w-]/g, '_')}`}>
              <rect x={box.x - 4} y={box.top} width={box.w + 8} height={box.h} />
            </clipPath>
          ))}
        </defs>
        {scene.lanes.map((spec) => {
          const l = proj.lanes.get(spec.id);
          if (!l || spec.id === DEVICE_LANE) return null;
          const { box } = l;
          const view = proj.viewOf(spec.id);
          const vr = visibleRange(spec.axis, view, box);
          const top = box.top;
          const bottom = box.top + box.h;
          const marks = marksByLane.get(spec.id) ?? [];
          const landmarks = spec.landmarks.map((lm) => ({ lm, p: proj.place(spec.id, lm.start, lm.count)! }));
          const shown = placeLabels(
            landmarks.map(({ lm, p }) => ({
              id: lm.id,
              y: Math.max(top, p.y0) + 10,
              height: 14,
              priority: lm.kind === 'zone' ? 3 : lm.label === 'CMA' ? 2 : 1,
            })),
            top,
            bottom,
          );
          const cx = box.x + box.w / 2;
          return (
            // biome-ignore lint/a11y/useSemanticElements: an SVG group, named for assistive technology
            // biome-ignore lint/a11y/noInteractiveElementToNoninteractiveRole: the zoomable lane is a named group
            <g
              key={spec.id}
              ref={(el) => props.laneRef(spec.id, el)}
              className={`lane lane-${spec.kind}`}
              role="group"
              aria-label={`${spec.title}, ${spec.subtitle}; shown ${proj.hexRange(spec.id, vr.start, Math.max(1, vr.end - vr.start))}`}
              data-lane={spec.id}
              data-visible-start={Math.floor(vr.start)}
              data-visible-end={Math.ceil(vr.end)}
              data-zoom={view.k.toFixed(3)}
            >
              <text className="lane-title" x={cx} y={16} textAnchor="middle">
                {spec.title}
              </text>
              <text className="lane-sub" x={cx} y={33} textAnchor="middle">
                {spec.subtitle}
              </text>
              <rect data-lane-bg="" className="lane-bg" x={box.x} y={top} width={box.w} height={box.h} />
              <g clipPath={`url(#clip-${spec.id.replace(/[^\w-]/g, '_')})`}>
                {spec.axis.segments
                  .filter((s) => s.gap)
                  .map((s) => {
                    const p = proj.place(spec.id, s.start, s.end - s.start)!;
                    if (!visible(p, top, bottom)) return null;
                    return (
                      <g key={s.start} className="axis-break">
                        <rect x={box.x} y={p.y0} width={box.w} height={Math.max(1, p.y1 - p.y0)} />
                        {p.y1 - p.y0 >= 16 && box.w >= 56 && (
                          <text x={cx} y={(p.y0 + p.y1) / 2 + 4} textAnchor="middle">
                            ≈ {compactSize((s.end - s.start) * scene.pageSize)}
                          </text>
                        )}
                      </g>
                    );
                  })}
                {landmarks.map(({ lm, p }) =>
                  lm.kind === 'zone' ? (
                    <line
                      key={lm.id}
                      className="zone-line"
                      x1={box.x}
                      x2={box.x + box.w}
                      y1={p.y0}
                      y2={p.y0}
                    />
                  ) : visible(p, top, bottom) ? (
                    <rect
                      key={lm.id}
                      className="area-outline"
                      data-area={lm.label}
                      x={box.x + 0.5}
                      y={p.y0}
                      width={box.w - 1}
                      height={Math.max(2, p.y1 - p.y0)}
                    />
                  ) : null,
                )}
                {spec.id === PHYS_LANE
                  ? physMarks(scene, proj, marks, props.onSelect, selection, top, bottom)
                  : marks.map(({ b, m }, i) => {
                      const p = widen(proj.place(spec.id, m.start, m.count)!, MIN_MARK_PX);
                      if (!visible(p, top, bottom)) return null;
                      return (
                        <rect
                          // biome-ignore lint/suspicious/noArrayIndexKey: marks of a lane keep their order
                          key={`${b.id}:${i}`}
                          className="mark"
                          data-buffer={b.id}
                          data-selected={sel(b.id)}
                          data-lane={spec.id}
                          data-start={m.start}
                          data-count={m.count}
                          data-role={m.role}
                          data-memtype={m.memtype ?? 'device'}
                          x={box.x + 2}
                          y={p.y0}
                          width={box.w - 4}
                          height={p.y1 - p.y0}
                          fill={memFill(m.memtype)}
                        />
                      );
                    })}
                {landmarks.map(({ lm, p }) =>
                  shown.has(lm.id) ? (
                    <text
                      key={`t-${lm.id}`}
                      className="area-label"
                      x={box.x + 4}
                      y={Math.max(top, p.y0) + 14}
                    >
                      {lm.label}
                    </text>
                  ) : null,
                )}
              </g>
              <text className="lane-foot" x={cx} y={bottom + 16} textAnchor="middle">
                {view.k > 1.0001
                  ? `${compactSize(Math.max(1, vr.end - vr.start) * scene.pageSize)} shown`
                  : 'whole'}
              </text>
            </g>
          );
        })}
        <Devices scene={scene} proj={proj} />
      </svg>
    </>
  );
});

/** Per buffer: where the RAM lane was (`at`), its visible runs there as JSON, and its label. */
const physCache = new WeakMap<SceneBuffer, { at: string; rects: string; label: string }>();

/** The RAM lane's buffers: one focusable group each (Tab reaches it, Enter selects it). */
function physMarks(
  scene: Scene,
  proj: Projector,
  marks: ReadonlyArray<{ b: SceneBuffer; m: Mark }>,
  onSelect: (id: string) => void,
  selection: string | null,
  top: number,
  bottom: number,
): ReactNode {
  const byBuffer = new Map<string, { b: SceneBuffer; ms: Mark[] }>();
  for (const { b, m } of marks) {
    const e = byBuffer.get(b.id) ?? { b, ms: [] };
    e.ms.push(m);
    byBuffer.set(b.id, e);
  }
  // A buffer's runs depend only on its marks (same object while unchanged) and on the RAM lane's
  // place on screen: computed once per both, not per buffer on every render of the lanes.
  const lane = proj.lanes.get(PHYS_LANE);
  const view = proj.viewOf(PHYS_LANE);
  const at = lane ? `${lane.box.x},${lane.box.w},${lane.box.top},${lane.box.h},${view.k},${view.y}` : '';
  return [...byBuffer.values()].map(({ b, ms }) => {
    let cached = physCache.get(b);
    if (!cached || cached.at !== at) {
      const runs: PhysRun[] = [];
      for (const m of ms) {
        const p = widen(proj.place(PHYS_LANE, m.start, m.count)!, MIN_MARK_PX);
        if (visible(p, top, bottom))
          runs.push([m.start, m.count, m.role, p.x + 2, p.y0, p.w - 4, p.y1 - p.y0]);
      }
      cached = { at, rects: JSON.stringify(runs), label: cached?.label ?? describe(b, scene) };
      physCache.set(b, cached);
    }
    const { rects, label } = cached;
    return (
      <PhysButton
        key={b.id}
        id={b.id}
        label={label}
        selected={selection === b.id}
        rects={rects}
        onSelect={onSelect}
      />
    );
  });
}

/** start, count, role, x, y, width, height of one visible page run. */
type PhysRun = [number, number, string, number, number, number, number];

/**
 * One buffer's pages in the RAM lane: a focusable group (Tab reaches it, Enter selects it).
 * Memoised on primitives, so a new step re-renders only the buffers whose pages moved.
 */
const PhysButton = memo(function PhysButton(props: {
  readonly id: string;
  readonly label: string;
  readonly selected: boolean;
  /** The visible runs as JSON PhysRun[] (a string, so that memo compares it by value). */
  readonly rects: string;
  readonly onSelect: (id: string) => void;
}) {
  const { id, selected, onSelect } = props;
  return (
    // biome-ignore lint/a11y/useSemanticElements: an SVG group cannot be a <button>
    <g
      className="buffer-phys"
      role="button"
      tabIndex={0}
      aria-pressed={selected}
      aria-label={props.label}
      data-buffer={id}
      data-selected={selected ? '' : undefined}
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          onSelect(id);
        }
      }}
    >
      {(JSON.parse(props.rects) as PhysRun[]).map(([start, count, role, x, y, w, h]) => (
        <rect
          key={start}
          className="mark mark-phys"
          data-buffer={id}
          data-selected={selected ? '' : undefined}
          data-lane={PHYS_LANE}
          data-start={start}
          data-count={count}
          data-role={role}
          data-memtype="pages"
          x={x}
          y={y}
          width={w}
          height={h}
          fill={PAGE_KIND_STYLE.buffer.color}
        />
      ))}
    </g>
  );
});

function Devices({ scene, proj }: { scene: Scene; proj: Projector }) {
  return (
    // biome-ignore lint/a11y/useSemanticElements: an SVG group, named for assistive technology
    // biome-ignore lint/a11y/noInteractiveElementToNoninteractiveRole: a named group of device boxes
    <g className="lane lane-device" role="group" aria-label="Devices">
      {proj.lanes.get(DEVICE_LANE) && (
        <text
          className="lane-title"
          x={proj.lanes.get(DEVICE_LANE)!.box.x + proj.lanes.get(DEVICE_LANE)!.box.w / 2}
          y={16}
          textAnchor="middle"
        >
          devices
        </text>
      )}
      {scene.devices.map((d, i) => {
        const p = proj.deviceBox(i);
        if (!p) return null;
        const cx = p.x + p.w / 2;
        return (
          <g key={d.name} className="device" data-device={d.name}>
            <rect x={p.x} y={p.y0} width={p.w} height={p.y1 - p.y0} rx={6} />
            <text className="device-name" x={cx} y={p.y0 + 18} textAnchor="middle">
              {d.name}
            </text>
            <text className="device-sub" x={cx} y={p.y0 + 34} textAnchor="middle">
              {d.iommu ? 'IOMMU' : 'direct'}
            </text>
            {p.y1 - p.y0 > 48 && (
              <text className="device-sub" x={cx} y={p.y0 + 50} textAnchor="middle">
                {d.coherent ? 'coherent' : 'non-coherent'}
              </text>
            )}
          </g>
        );
      })}
    </g>
  );
}
