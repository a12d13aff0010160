// The stage: side-by-side lanes for every address space (user VMAs, vmalloc, linear map,
// physical RAM, IOVA per device, devices), ribbons for every mapping, a per-lane zoom, and an
// animation overlay for the event in focus. React renders the structure from the scene
// (geometry/scene.ts); d3 computes scales and paths, and runs zoom and transitions in effects.
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { highlightsOf, touchedBuffers } from '../anim/highlights';
import { clearOverlay, drawHighlights } from '../anim/overlay';
import type { LaneView } from '../geometry/axis';
import { IDENTITY_VIEW, isSameView, viewFocusing, visibleRange } from '../geometry/axis';
import { layoutLanes } from '../geometry/layout';
import { createSceneMemo } from '../geometry/scene';
import { useDmaviz } from '../store/context';
import { selectEvent, selectMachine, selectRecord, selectSelection } from '../store/store';
import { bulkHit, isBulk } from './BulkCanvas';
import { CacheView } from './CacheView';
import { Legend } from './Legend';
import { PatternDefs } from './PatternDefs';
import { makeProjector } from './project';
import { StageLanes } from './StageLanes';
import { type Tip, tipAt } from './tooltip';
import { createLaneZoom, type LaneZoom } from './zoom';
import './stage.css';

function useSize(ref: React.RefObject<HTMLElement | null>): { w: number; h: number } {
  const [size, setSize] = useState({ w: 768, h: 420 });
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => {
      const r = el.getBoundingClientRect();
      if (r.width > 0 && r.height > 0) setSize({ w: Math.round(r.width), h: Math.round(r.height) });
    };
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, [ref]);
  return size;
}

/** Length of a follow zoom's glide. */
const FOLLOW_MS = 300;

/** The query, made once: matchMedia on every render of the stage cost about 0.3 ms per call played. */
let reducedMotion: MediaQueryList | null | undefined;
const prefersReducedMotion = (): boolean => {
  if (reducedMotion === undefined)
    reducedMotion =
      typeof window !== 'undefined' && window.matchMedia
        ? window.matchMedia('(prefers-reduced-motion: reduce)')
        : null;
  return !!reducedMotion?.matches;
};

export function Stage() {
  const machine = useDmaviz(selectMachine);
  const selection = useDmaviz(selectSelection);
  const event = useDmaviz(selectEvent);
  const cursor = useDmaviz((s) => s.cursor);
  const eventIndex = useDmaviz((s) => s.eventIndex);
  const speed = useDmaviz((s) => s.speed);
  const dark = useDmaviz((s) => s.theme) === 'dark';
  const select = useDmaviz((s) => s.select);

  const [tab, setTab] = useState<'map' | 'cache'>('map');
  const [follow, setFollow] = useState(true);
  const [views, setViews] = useState<Record<string, LaneView>>({});
  const [tip, setTip] = useState<Tip | null>(null);
  const areaRef = useRef<HTMLDivElement>(null);
  const overlayRef = useRef<SVGGElement>(null);
  const laneEls = useRef(new Map<string, SVGGElement>());
  const zooms = useRef(new Map<string, LaneZoom>());
  const size = useSize(areaRef);
  const laneRef = useCallback((id: string, el: SVGGElement | null) => {
    if (el) laneEls.current.set(id, el);
    else laneEls.current.delete(id);
  }, []);

  // Lanes and buffers a step left unchanged keep their objects, so their canvases and marks skip it.
  const [sceneMemo] = useState(createSceneMemo);
  const scene = useMemo(() => sceneMemo(machine), [sceneMemo, machine]);
  const boxes = useMemo(() => layoutLanes(scene.lanes, size.w, size.h), [scene.lanes, size]);
  const proj = useMemo(
    () => makeProjector(scene, boxes, views, machine.profile),
    [scene, boxes, views, machine.profile],
  );
  const laneKey = scene.lanes.map((l) => l.id).join('|');

  // One d3-zoom per address lane, created on its group; a zoom by the user stops "follow".
  useEffect(() => {
    const made = zooms.current;
    for (const box of boxes) {
      if (box.kind === 'device') continue;
      const el = laneEls.current.get(box.id);
      if (!el) continue;
      const existing = made.get(box.id);
      if (existing) existing.update(box, size.w);
      else
        made.set(
          box.id,
          createLaneZoom(el, box, size.w, (v, byUser) => {
            // The same view again (follow asked for where the lane already is) re-renders nothing.
            setViews((old) => (isSameView(old[box.id] ?? IDENTITY_VIEW, v) ? old : { ...old, [box.id]: v }));
            if (byUser) setFollow(false);
          }),
        );
    }
  }, [boxes, size.w]);
  useEffect(() => {
    const made = zooms.current;
    return () => {
      for (const z of made.values()) z.destroy();
      made.clear();
    };
  }, []);
  // Lanes that disappear (a new machine) drop their zoom.
  useEffect(() => {
    const ids = new Set(laneKey.split('|'));
    for (const [id, z] of zooms.current)
      if (!ids.has(id)) {
        z.destroy();
        zooms.current.delete(id);
      }
  }, [laneKey]);

  const record = useDmaviz(selectRecord);
  const playing = useDmaviz((s) => s.playing);
  // Buffers kept in SVG on a big machine: selected, hovered, and those the step on show touched.
  const [hovered, setHovered] = useState<string | null>(null);
  const touched = useMemo(() => (record ? touchedBuffers(record.events, machine) : []), [record, machine]);
  const inFocus = useMemo(
    () =>
      [...new Set([...touched, ...(selection ? [selection] : []), ...(hovered ? [hovered] : [])])].join(' '),
    [touched, selection, hovered],
  );
  const highlights = useMemo(() => (event ? highlightsOf(event, machine) : []), [event, machine]);
  // What to bring into view: the event in focus, else the whole step, else the selected buffer.
  const focus = useMemo(() => {
    if (highlights.length > 0)
      return highlights.map((h) => ({ lane: h.lane, start: h.start, count: h.count }));
    const b = selection ? scene.buffers.find((x) => x.id === selection) : undefined;
    if (b) return b.marks.map((m) => ({ lane: m.lane, start: m.start, count: m.count }));
    if (record && eventIndex === null)
      return record.events
        .slice(0, 400)
        .flatMap((e) => highlightsOf(e, machine))
        .map((h) => ({ lane: h.lane, start: h.start, count: h.count }));
    return [];
  }, [highlights, selection, scene, record, eventIndex, machine]);

  // Direction of travel: stepping back shows the state at once, without transitions.
  const last = useRef({ cursor, eventIndex: eventIndex ?? -1 });
  const forward =
    cursor > last.current.cursor ||
    (cursor === last.current.cursor && (eventIndex ?? -1) > last.current.eventIndex);

  // Follow glides (a short zoom transition) going forward; it jumps going back, with reduced
  // motion, and while playing fast (each frame of a transition re-renders the lanes).
  const glide = forward && !prefersReducedMotion() && !(playing && speed > 8) ? FOLLOW_MS : 0;

  // Follow: bring what the event touched into view, unless already well in view. proj changes
  // with every zoom frame; following reacts to the event, the toggle and the layout only.
  // biome-ignore lint/correctness/useExhaustiveDependencies: see above
  useLayoutEffect(() => {
    if (!follow || focus.length === 0) return;
    const byLane = new Map<string, { start: number; end: number }>();
    for (const h of focus) {
      const r = byLane.get(h.lane);
      byLane.set(h.lane, {
        start: Math.min(r?.start ?? h.start, h.start),
        end: Math.max(r?.end ?? 0, h.start + h.count),
      });
    }
    for (const [lane, r] of byLane) {
      const l = proj.lanes.get(lane);
      const z = zooms.current.get(lane);
      if (!l || !z) continue;
      const p = proj.place(lane, r.start, r.end - r.start);
      const target = viewFocusing(l.spec.axis, l.box, { start: r.start, end: r.end }, 0.2, 256);
      const view = proj.viewOf(lane);
      // Well in view: inside the lane, and 6 px tall or about as zoomed in as following would make
      // it (a page of a 16 GiB machine stays under 6 px at the closest zoom: re-centring it on every
      // event moved every mark and redrew every canvas of the lane, for no gain; and a cut lane's
      // scale changes a little with every buffer added, so "about": within a fifth).
      const inView =
        p &&
        p.y0 >= l.box.top &&
        p.y1 <= l.box.top + l.box.h &&
        (p.y1 - p.y0 >= 6 || view.k >= target.k * 0.8);
      if (inView || isSameView(view, target)) continue;
      z.setView(target, glide);
    }
  }, [focus, follow, boxes]);

  // The overlay: animate when the event changes going forward; redraw still on zoom or resize.
  const drawn = useRef<unknown>(null);
  useLayoutEffect(() => {
    const g = overlayRef.current;
    if (!g) return;
    const isNew = drawn.current !== event;
    drawn.current = event;
    const animate = isNew && forward && !prefersReducedMotion();
    last.current = { cursor, eventIndex: eventIndex ?? -1 };
    if (highlights.length === 0) {
      clearOverlay(g);
      return;
    }
    drawHighlights(
      g,
      highlights,
      { place: proj.place, ribbon: proj.overlayRibbon },
      { animate, duration: Math.max(120, Math.min(600, 800 / speed)) },
    );
  });

  const fit = useCallback(() => {
    for (const z of zooms.current.values()) z.setView(IDENTITY_VIEW, prefersReducedMotion() ? 0 : 250);
  }, []);
  const zoomBy = useCallback((f: number) => {
    setFollow(false);
    for (const z of zooms.current.values()) z.scaleBy(f);
  }, []);

  const physLane = proj.lanes.get('phys');
  const physRange = physLane ? visibleRange(physLane.spec.axis, proj.viewOf('phys'), physLane.box) : null;

  /** On a big machine, the canvas-painted buffer under the pointer (it then moves into SVG). */
  const bulkAt = (e: React.MouseEvent): string | null => {
    const area = areaRef.current;
    if (!area || !isBulk(scene)) return null;
    const r = area.getBoundingClientRect();
    return bulkHit(scene, proj, new Set(inFocus.split(' ')), e.clientX - r.left, e.clientY - r.top);
  };
  const onClick = (e: React.MouseEvent) => {
    const hit = (e.target as Element).closest('[data-buffer]');
    const id = hit?.getAttribute('data-buffer') ?? bulkAt(e);
    if (id) select(id);
    else if ((e.target as Element).closest('[data-lane-bg]')) select(null);
  };
  const onMove = (e: React.PointerEvent) => {
    const area = areaRef.current;
    if (!area) return;
    const r = area.getBoundingClientRect();
    const target = e.target as Element;
    if (!target.closest('[data-buffer]')) {
      const id = bulkAt(e);
      if (id !== hovered) setHovered(id);
    }
    setTip(tipAt(target, e.clientX - r.left, e.clientY - r.top, scene, proj, size));
  };

  return (
    <section
      className="stage"
      aria-label="Stage: address spaces and mappings"
      data-theme={dark ? 'dark' : 'light'}
    >
      <svg width="0" height="0" className="stage-defs" aria-hidden="true">
        <PatternDefs />
      </svg>
      <div className="stage-toolbar" role="toolbar" aria-label="Stage view">
        <div role="tablist" aria-label="Stage views" className="stage-tabs">
          <button type="button" role="tab" aria-selected={tab === 'map'} onClick={() => setTab('map')}>
            Mappings
          </button>
          <button type="button" role="tab" aria-selected={tab === 'cache'} onClick={() => setTab('cache')}>
            Cache &amp; data
          </button>
        </div>
        {tab === 'map' && (
          <>
            <button
              type="button"
              aria-pressed={follow}
              onClick={() => setFollow(!follow)}
              title="Zoom to what each step touches"
            >
              Follow
            </button>
            <button type="button" onClick={fit} title="Show every lane whole">
              Fit
            </button>
            <button type="button" onClick={() => zoomBy(2)} aria-label="Zoom in">
              +
            </button>
            <button type="button" onClick={() => zoomBy(0.5)} aria-label="Zoom out">
              −
            </button>
            {physRange && (
              <output className="stage-range" aria-label="Physical range shown" data-testid="phys-range">
                RAM shown:{' '}
                {proj.hexRange('phys', physRange.start, Math.max(1, physRange.end - physRange.start))}
              </output>
            )}
          </>
        )}
      </div>
      {tab === 'map' ? (
        // biome-ignore lint/a11y/noStaticElementInteractions: clicks are delegated from focusable buffer groups
        // biome-ignore lint/a11y/useKeyWithClickEvents: the buffer groups handle Enter themselves
        <div
          className="stage-area"
          ref={areaRef}
          onClick={onClick}
          onPointerMove={onMove}
          onPointerLeave={() => {
            setTip(null);
            setHovered(null);
          }}
          data-has-selection={selection ? '' : undefined}
        >
          <StageLanes
            scene={scene}
            proj={proj}
            selection={selection}
            dark={dark}
            width={size.w}
            height={size.h}
            laneRef={laneRef}
            onSelect={select}
            inFocus={inFocus}
          />
          <svg className="stage-overlay-layer" width={size.w} height={size.h} aria-hidden="true">
            <g ref={overlayRef} className="stage-overlay" />
          </svg>
          {tip && (
            <div className="stage-tip" role="tooltip" style={{ left: tip.left, top: tip.top }}>
              {tip.lines.map((t) => (
                <div key={t}>{t}</div>
              ))}
            </div>
          )}
        </div>
      ) : (
        <CacheView machine={machine} selection={selection} />
      )}
      <Legend dark={dark} />
    </section>
  );
}
