// A scenario's thumbnail: a machine state drawn small, as standalone SVG markup (the
// gallery shows it in an <img>, the figure export uses it when the stage draws nothing).
// Physical RAM as a page map in rows, buffers coloured by the memory type of their CPU mapping,
// and the vmalloc and CMA gauges underneath: the two numbers most scenarios are about.
import type { MachineState, MemType, PageKind } from '../../model';
import { metricsOf, pageRuns } from '../../model';
import { fmtBytes } from '../format';
import type { Theme } from '../store/store';
import { MEMTYPE_STYLE, PAGE_KIND_STYLE, PAGE_KIND_STYLE_DARK } from '../theme/palette';

export interface ThumbOptions {
  readonly width: number;
  readonly height: number;
  readonly theme: Theme;
}

export function pageKindColor(kind: PageKind, theme: Theme): string {
  return theme === 'dark' ? PAGE_KIND_STYLE_DARK[kind] : PAGE_KIND_STYLE[kind].color;
}

/** Colour of a buffer's pages: the memory type its CPU sees (cookies and linear maps included). */
function bufferColor(s: MachineState, owner: string, theme: Theme): string {
  const b = s.buffers.get(owner);
  const mt: MemType | null = b?.cpu.memtype ?? null;
  return mt ? MEMTYPE_STYLE[mt].color : pageKindColor('buffer', theme);
}

const esc = (t: string): string => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The inner markup (no <svg> wrapper) of a page map and two gauges in a w×h box. */
export function machineSketch(s: MachineState, w: number, h: number, theme: Theme): string {
  const ink = theme === 'dark' ? '#e6e6e6' : '#1a1a1a';
  const ramPages = s.ramEndPfn - s.ramStartPfn;
  const gaugeH = Math.max(10, Math.round(h * 0.11));
  const labelH = Math.round(gaugeH * 1.1);
  const mapH = h - 2 * (gaugeH + labelH) - 8;
  const rows = Math.max(4, Math.min(12, Math.round(mapH / 10)));
  const rowGap = Math.max(1, Math.round(mapH / rows / 6));
  const rowH = (mapH - rowGap * (rows - 1)) / rows;
  const perRow = ramPages / rows;
  const out: string[] = [];
  const runs = pageRuns(s);
  // Buffers last so that a small one is never hidden by the free space beside it.
  runs.sort((a, b) => Number(a.kind === 'buffer') - Number(b.kind === 'buffer'));
  for (const r of runs) {
    const isBuf = r.kind === 'buffer';
    const fill = isBuf ? bufferColor(s, r.owner, theme) : pageKindColor(r.kind, theme);
    let p = r.pfn - s.ramStartPfn;
    const end = p + r.count;
    while (p < end) {
      const row = Math.min(rows - 1, Math.floor(p / perRow));
      const rowEnd = Math.min(end, (row + 1) * perRow);
      const x = ((p - row * perRow) / perRow) * w;
      const rw = Math.max(isBuf ? 3 : 0.5, ((rowEnd - p) / perRow) * w);
      out.push(
        `<rect x="${x.toFixed(2)}" y="${(row * (rowH + rowGap)).toFixed(2)}" width="${rw.toFixed(2)}" height="${rowH.toFixed(2)}" fill="${fill}"/>`,
      );
      p = rowEnd;
    }
  }
  const m = metricsOf(s);
  const gauge = (y: number, label: string, used: number, total: number, color: string) => {
    const frac = total > 0 ? Math.min(1, used / total) : 0;
    // Sizes, not only a percentage: a 64-bit vmalloc area is so large that any use rounds to 0%.
    const pct = total > 0 ? `${fmtBytes(used)} of ${fmtBytes(total)}` : 'none';
    out.push(
      `<text x="0" y="${(y + labelH - 3).toFixed(1)}" font-size="${(labelH * 0.8).toFixed(1)}" fill="${ink}">${esc(label)} ${pct}</text>`,
      `<rect x="0" y="${y + labelH}" width="${w}" height="${gaugeH}" fill="none" stroke="${ink}" stroke-width="1"/>`,
      `<rect x="0" y="${y + labelH}" width="${(frac * w).toFixed(2)}" height="${gaugeH}" fill="${color}"/>`,
    );
  };
  gauge(mapH + 4, 'vmalloc', m.vmallocUsedBytes, m.vmallocTotalBytes, MEMTYPE_STYLE['write-combine'].color);
  gauge(mapH + 6 + gaugeH + labelH, 'CMA', m.cmaUsedBytes, m.cmaTotalBytes, pageKindColor('buffer', theme));
  return out.join('');
}

/** A standalone SVG document of the sketch, with its own background. */
export function thumbnailSvg(s: MachineState, o: ThumbOptions): string {
  const pad = Math.round(o.width * 0.04);
  const bg = o.theme === 'dark' ? '#15181d' : '#ffffff';
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${o.width}" height="${o.height}" viewBox="0 0 ${o.width} ${o.height}" font-family="system-ui, sans-serif">` +
    `<rect width="100%" height="100%" fill="${bg}"/>` +
    `<g transform="translate(${pad},${pad})">${machineSketch(s, o.width - 2 * pad, o.height - 2 * pad, o.theme)}</g></svg>`
  );
}
