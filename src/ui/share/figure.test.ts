import { describe, expect, it } from 'vitest';
import { MEMTYPE_STYLE } from '../theme/palette';
import { composeFigureSvg, wrapText } from './figure';

const input = {
  width: 800,
  height: 400,
  layers: [
    {
      kind: 'svg' as const,
      x: 0,
      y: 0,
      w: 800,
      h: 400,
      markup: '<svg xmlns="http://www.w3.org/2000/svg"><rect id="lane" width="10" height="10"/></svg>',
    },
    { kind: 'image' as const, x: 10, y: 20, w: 100, h: 50, href: 'data:image/png;base64,AAAA' },
  ],
  title: 'Frame buffers & <vmalloc>',
  caption: 'No kernel mapping: the driver never touches the pixels, so no vmalloc space is spent.',
  position: 'step 2 of 5',
};

function parse(svg: string): Document {
  const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
  expect(doc.querySelector('parsererror')).toBeNull();
  return doc;
}

describe('composeFigureSvg', () => {
  it('is one well-formed SVG with the caption, the stage layers and the legend', () => {
    const doc = parse(composeFigureSvg({ ...input, theme: 'light' }));
    const texts = [...doc.querySelectorAll('text')].map((t) => t.textContent);
    expect(texts).toContain('Frame buffers & <vmalloc>');
    expect(texts).toContain('step 2 of 5');
    expect(texts.join(' ')).toContain('so no vmalloc space is spent.');
    for (const s of Object.values(MEMTYPE_STYLE)) expect(texts).toContain(s.label);
    expect(doc.querySelector('#lane')).not.toBeNull();
    expect(doc.querySelector('image')?.getAttribute('href')).toBe('data:image/png;base64,AAAA');
    expect(doc.querySelector('pattern#fig-write-combine')).not.toBeNull();
    const root = doc.documentElement;
    expect(Number(root.getAttribute('height'))).toBeGreaterThan(400);
  });

  it('follows the theme', () => {
    const light = parse(composeFigureSvg({ ...input, theme: 'light' }));
    const dark = parse(composeFigureSvg({ ...input, theme: 'dark' }));
    const bg = (d: Document) => d.querySelector('svg > rect')?.getAttribute('fill');
    expect(bg(light)).toBe('#ffffff');
    expect(bg(dark)).toBe('#15181d');
  });

  it('wraps a long caption into lines that fit', () => {
    const lines = wrapText('word '.repeat(100), 16, 400);
    expect(lines.length).toBeGreaterThan(3);
    for (const l of lines) expect(l.length * 16 * 0.55).toBeLessThanOrEqual(400);
  });
});
