// Figures for slides: the view on show as one standalone SVG (the stage's SVG layers inlined,
// its canvas layers as <image> data URLs), with a caption on top and the legend underneath,
// in the current theme; and the same figure as a PNG at 2x for tools that take no SVG.
// composeFigureSvg is pure (tested); captureStage and the download helpers touch the DOM.
import type { Theme } from '../store/store';
import { MEMTYPE_STYLE, PAGE_KIND_STYLE, PAGE_KIND_STYLE_DARK } from '../theme/palette';

/** One layer of the stage, placed in stage coordinates. */
export type FigureLayer =
  | {
      readonly kind: 'svg';
      readonly x: number;
      readonly y: number;
      readonly w: number;
      readonly h: number;
      readonly markup: string;
    }
  | {
      readonly kind: 'image';
      readonly x: number;
      readonly y: number;
      readonly w: number;
      readonly h: number;
      readonly href: string;
    };

export interface FigureInput {
  readonly width: number;
  readonly height: number;
  readonly layers: readonly FigureLayer[];
  readonly title: string;
  /** The narration of the step on show (or what the step did). */
  readonly caption: string;
  /** "step 3 of 7" */
  readonly position: string;
  readonly theme: Theme;
  /** Shared <defs> of the stage (its patterns and markers), serialised. */
  readonly defs?: string;
}

export interface FigureColors {
  readonly bg: string;
  readonly ink: string;
  readonly muted: string;
}

export function figureColors(theme: Theme): FigureColors {
  return theme === 'dark'
    ? { bg: '#15181d', ink: '#eceff4', muted: '#aab2bf' }
    : { bg: '#ffffff', ink: '#111418', muted: '#4b5563' };
}

export const escapeXml = (t: string): string =>
  t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Greedy word wrap by an average glyph width (0.55 em): good enough for sans-serif captions. */
export function wrapText(text: string, fontSize: number, width: number): string[] {
  const perLine = Math.max(10, Math.floor(width / (fontSize * 0.55)));
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > perLine) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

/** The legend's entries: memory types with their patterns, then page kinds in the theme. */
export function legendEntries(theme: Theme): { label: string; fill: string; pattern: string | null }[] {
  const mem = Object.entries(MEMTYPE_STYLE).map(([k, v]) => ({
    label: v.label,
    fill: v.color,
    pattern: v.pattern === 'solid' ? null : `fig-${k}`,
  }));
  const pages = Object.entries(PAGE_KIND_STYLE).map(([k, v]) => ({
    label: v.label,
    fill: theme === 'dark' ? PAGE_KIND_STYLE_DARK[k as keyof typeof PAGE_KIND_STYLE_DARK] : v.color,
    pattern: null,
  }));
  return [...mem, ...pages];
}

function patternDefs(): string {
  return Object.entries(MEMTYPE_STYLE)
    .filter(([, v]) => v.pattern !== 'solid')
    .map(([k, v]) => {
      const lines =
        v.pattern === 'stripes'
          ? '<path d="M0,8 L8,0" stroke="#000" stroke-opacity="0.45" stroke-width="2"/>'
          : '<path d="M0,8 L8,0 M0,0 L8,8" stroke="#000" stroke-opacity="0.45" stroke-width="1.5"/>';
      return `<pattern id="fig-${k}" width="8" height="8" patternUnits="userSpaceOnUse"><rect width="8" height="8" fill="${v.color}"/>${lines}</pattern>`;
    })
    .join('');
}

/** The whole figure as one SVG document: title and caption band, stage, legend band. */
export function composeFigureSvg(f: FigureInput): string {
  const c = figureColors(f.theme);
  const pad = 16;
  const inner = Math.max(360, f.width);
  const titleSize = 22;
  const posSize = 13;
  const capSize = 16;
  const capLead = capSize * 1.35;
  // Bold glyphs are wider than the 0.55 em the wrapper assumes.
  const titleLines = wrapText(f.title, titleSize * 1.12, inner - 2 * pad).slice(0, 3);
  const allCap = wrapText(f.caption, capSize, inner - 2 * pad);
  const capLines = allCap.slice(0, 10);
  if (allCap.length > capLines.length) capLines[capLines.length - 1] += ' …';
  let y = pad;
  const parts: string[] = [];
  const body: string[] = [];
  for (const line of titleLines) {
    y += titleSize * 1.2;
    body.push(
      `<text x="${pad}" y="${y.toFixed(1)}" font-size="${titleSize}" font-weight="700" fill="${c.ink}">${escapeXml(line)}</text>`,
    );
  }
  y += posSize + 6;
  body.push(
    `<text x="${pad}" y="${y.toFixed(1)}" font-size="${posSize}" fill="${c.muted}">${escapeXml(f.position)}</text>`,
  );
  y += 4;
  for (const line of capLines) {
    y += capLead;
    body.push(
      `<text x="${pad}" y="${y.toFixed(1)}" font-size="${capSize}" fill="${c.ink}">${escapeXml(line)}</text>`,
    );
  }
  const headH = y + 12;

  const entries = legendEntries(f.theme);
  const legSize = 12;
  const longest = Math.max(...entries.map((e) => e.label.length));
  const itemW = Math.ceil(longest * legSize * 0.58 + legSize + 24);
  const perRow = Math.max(1, Math.floor((inner - 2 * pad) / itemW));
  const legRows = Math.ceil(entries.length / perRow);
  const legH = legRows * (legSize + 10) + pad;
  const total = Math.ceil(headH + f.height + legH);

  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${inner}" height="${total}" viewBox="0 0 ${inner} ${total}" font-family="system-ui, -apple-system, 'Segoe UI', sans-serif">`,
    `<title>${escapeXml(f.title)}</title>`,
    `<defs>${patternDefs()}${f.defs ?? ''}</defs>`,
    `<rect width="100%" height="100%" fill="${c.bg}"/>`,
    ...body,
    `<g class="stage" transform="translate(0,${headH.toFixed(1)})">`,
  );
  for (const l of f.layers) {
    if (l.kind === 'image') {
      parts.push(
        `<image x="${l.x}" y="${l.y}" width="${l.w}" height="${l.h}" href="${escapeXml(l.href)}" xlink:href="${escapeXml(l.href)}"/>`,
      );
    } else {
      parts.push(
        `<svg x="${l.x}" y="${l.y}" width="${l.w}" height="${l.h}" overflow="hidden">${l.markup}</svg>`,
      );
    }
  }
  parts.push('</g>');
  const legY = headH + f.height + pad / 2;
  entries.forEach((e, i) => {
    const x = pad + (i % perRow) * itemW;
    const ly = legY + Math.floor(i / perRow) * (legSize + 10);
    const fill = e.pattern ? `url(#${e.pattern})` : e.fill;
    parts.push(
      `<rect x="${x}" y="${ly}" width="${legSize + 2}" height="${legSize + 2}" fill="${fill}" stroke="${c.muted}" stroke-width="0.5"/>`,
      `<text x="${x + legSize + 8}" y="${ly + legSize}" font-size="${legSize}" fill="${c.ink}">${escapeXml(e.label)}</text>`,
    );
  });
  parts.push('</svg>');
  return parts.join('');
}

// --- DOM side ------------------------------------------------------------------------------------

/** Presentation properties copied inline, so the SVG looks the same without our stylesheet. */
const STYLE_PROPS = [
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-opacity',
  'stroke-dasharray',
  'stroke-linejoin',
  'paint-order',
  'font-style',
  'opacity',
  'font-size',
  'font-family',
  'font-weight',
  'text-anchor',
  'dominant-baseline',
  'visibility',
  'display',
] as const;

function inlineStyles(src: Element, dst: Element): void {
  const cs = getComputedStyle(src);
  const style = STYLE_PROPS.map((p) => `${p}:${cs.getPropertyValue(p)}`)
    .filter((d) => !d.endsWith(':'))
    .join(';');
  if (style) dst.setAttribute('style', style);
  const a = src.children;
  const b = dst.children;
  for (let i = 0; i < a.length && i < b.length; i++) inlineStyles(a[i]!, b[i]!);
}

/** The stage's SVG and canvas layers in stage coordinates (top-level SVGs only). */
export function captureStage(root: Element): { width: number; height: number; layers: FigureLayer[] } {
  const box = root.getBoundingClientRect();
  const layers: FigureLayer[] = [];
  const place = (el: Element) => {
    const r = el.getBoundingClientRect();
    return {
      x: Math.round(r.left - box.left),
      y: Math.round(r.top - box.top),
      w: Math.round(r.width),
      h: Math.round(r.height),
    };
  };
  for (const el of root.querySelectorAll('svg, canvas')) {
    const at = place(el);
    if (at.w === 0 || at.h === 0) continue;
    if (el instanceof HTMLCanvasElement) {
      try {
        layers.push({ kind: 'image', ...at, href: el.toDataURL('image/png') });
      } catch {
        // A tainted canvas cannot be read; the figure goes without that layer.
      }
    } else if (el instanceof SVGSVGElement && !el.parentElement?.closest('svg')) {
      const clone = el.cloneNode(true) as SVGSVGElement;
      inlineStyles(el, clone);
      if (!clone.getAttribute('viewBox')) clone.setAttribute('viewBox', `0 0 ${at.w} ${at.h}`);
      clone.setAttribute('width', String(at.w));
      clone.setAttribute('height', String(at.h));
      layers.push({ kind: 'svg', ...at, markup: new XMLSerializer().serializeToString(clone) });
    }
  }
  return { width: Math.round(box.width), height: Math.round(box.height), layers };
}

/** Saves a blob under a file name (an <a download> click). */
export function downloadBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Rasterises an SVG document at `scale` times its size (an offscreen canvas, 2x for slides). */
export async function svgToPng(svg: string, scale = 2): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.decoding = 'async';
    img.src = url;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.ceil(img.naturalWidth * scale);
    canvas.height = Math.ceil(img.naturalHeight * scale);
    const g = canvas.getContext('2d');
    if (!g) throw new Error('no 2D canvas');
    g.scale(scale, scale);
    g.drawImage(img, 0, 0);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG encoding failed'))), 'image/png'),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}
