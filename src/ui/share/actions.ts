// What the share buttons do to a store: open a scenario, export the session, build a link,
// export a figure. Plain functions over the store API, so components stay thin.
import { machineSketch } from '../gallery/thumbnail';
import { captionOf, positionOf } from '../present/caption';
import { appBaseUrl } from '../present/urlFlags';
import { DEFAULT_MACHINE, type DmavizStore } from '../store/store';
import { captureStage, composeFigureSvg, downloadBlob, type FigureLayer, svgToPng } from './figure';
import { encodePermalink, type Position } from './permalink';
import { fileNameOf, type Scenario, scenarioOfSession, sessionOfScenario } from './scenarioFile';

/** Loads a validated scenario at a position (bounds are the store's to keep). */
export function openScenario(
  store: DmavizStore,
  sc: Scenario,
  at: Position = { cursor: 0, eventIndex: null },
) {
  const { input, ops, title } = sessionOfScenario(sc);
  const r = store.getState().loadSession(input, ops, title, at.cursor);
  if (r.ok && at.eventIndex !== null) store.getState().jumpTo(at.cursor, at.eventIndex);
  return r;
}

/** The empty machine a broken link or a blank start shows. */
export function openBlank(store: DmavizStore) {
  return store.getState().loadSession(DEFAULT_MACHINE, [], 'Blank machine');
}

export function permalinkOf(store: DmavizStore): string {
  const s = store.getState();
  return `${appBaseUrl(location)}${encodePermalink(scenarioOfSession(s), { cursor: s.cursor, eventIndex: s.eventIndex })}`;
}

export function embedLinkOf(store: DmavizStore): string {
  const link = permalinkOf(store);
  const hash = link.indexOf('#');
  return `${link.slice(0, hash)}?embed=1${link.slice(hash)}`;
}

export function exportScenario(store: DmavizStore, title?: string): void {
  const s = store.getState();
  const file = scenarioOfSession({ ...s, title: title ?? s.title });
  const blob = new Blob([`${JSON.stringify(file, null, 2)}\n`], { type: 'application/json' });
  downloadBlob(blob, fileNameOf(file.title));
}

/** The stage on show in the app (not a copy in an overlay), and its shared definitions. */
function stageElement(): { el: Element | null; defs: string } {
  const stage = document.querySelector('#root section[aria-label^="Stage"]');
  const defs = [...(stage?.querySelectorAll('svg defs') ?? [])].map((d) => d.innerHTML).join('');
  return { el: stage?.querySelector('.stage-area') ?? stage, defs };
}

/** The figure of the view on show; the model's sketch of the machine when the stage draws nothing. */
export function figureSvgOf(store: DmavizStore): string {
  const s = store.getState();
  const { el, defs } = stageElement();
  let shot: { width: number; height: number; layers: FigureLayer[] } = el
    ? captureStage(el)
    : { width: 0, height: 0, layers: [] };
  if (shot.layers.length === 0) {
    const w = 960;
    const h = 400;
    shot = {
      width: w,
      height: h,
      layers: [
        { kind: 'svg', x: 16, y: 0, w: w - 32, h, markup: machineSketch(s.machine, w - 32, h, s.theme) },
      ],
    };
  }
  return composeFigureSvg({
    ...shot,
    title: s.title,
    caption: captionOf(s),
    position: positionOf(s),
    theme: s.theme,
    defs,
  });
}

const figureName = (title: string, cursor: number, ext: string) =>
  fileNameOf(title).replace(/\.dmaviz\.json$/, `-step${cursor}.${ext}`);

export function exportSvg(store: DmavizStore): void {
  const s = store.getState();
  downloadBlob(
    new Blob([figureSvgOf(store)], { type: 'image/svg+xml' }),
    figureName(s.title, s.cursor, 'svg'),
  );
}

export async function exportPng(store: DmavizStore): Promise<void> {
  const s = store.getState();
  downloadBlob(await svgToPng(figureSvgOf(store), 2), figureName(s.title, s.cursor, 'png'));
}
