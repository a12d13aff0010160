import { describe, expect, it } from 'vitest';
import { addrOf, buildAxis, clampView, tOf, viewFocusing, visibleRange, yOf } from './axis';

const frame = { top: 40, h: 400 };

describe('buildAxis', () => {
  it('draws a small space to scale', () => {
    const a = buildAxis(0, 61440, [{ start: 0, end: 65 }]);
    expect(a.broken).toBe(false);
    expect(tOf(a, 30720)).toBeCloseTo(0.5);
  });

  it('cuts the empty stretches of a 32 TiB vmalloc area so a used area gets most of the lane', () => {
    const pages = 2 ** 33; // 32 TiB of 4 KiB pages
    const a = buildAxis(0, pages, [
      { start: 0, end: 300 },
      { start: 2 ** 30, end: 2 ** 30 + 16 },
    ]);
    expect(a.broken).toBe(true);
    expect(a.segments.filter((s) => s.gap).length).toBe(2);
    const used = tOf(a, 300) - tOf(a, 0);
    expect(used).toBeGreaterThan(0.5);
    // The small island far away is still taller than a pixel of a 400 px lane.
    expect((tOf(a, 2 ** 30 + 16) - tOf(a, 2 ** 30)) * 400).toBeGreaterThan(1);
    expect(a.segments.at(-1)!.t1).toBeCloseTo(1);
  });

  it('tOf and addrOf are inverse on used segments', () => {
    const a = buildAxis(0, 2 ** 36, [{ start: 1000, end: 5000 }]);
    for (const x of [1000, 2500, 4999]) expect(addrOf(a, tOf(a, x))).toBeCloseTo(x, 3);
  });
});

describe('lane views', () => {
  const a = buildAxis(0, 4 * 2 ** 20, []);
  it('the identity view shows the whole lane', () => {
    expect(yOf(a, { k: 1, y: 0 }, frame, 0)).toBe(40);
    expect(yOf(a, { k: 1, y: 0 }, frame, 4 * 2 ** 20)).toBe(440);
    const r = visibleRange(a, { k: 1, y: 0 }, frame);
    expect(r.start).toBe(0);
    expect(r.end).toBe(4 * 2 ** 20);
  });

  it('focusing a one-page range of 16 GiB keeps a window of context and centres it', () => {
    const v = viewFocusing(a, frame, { start: 2 ** 21, end: 2 ** 21 + 1 }, 0.2, 256);
    const r = visibleRange(a, v, frame);
    expect(r.end - r.start).toBeCloseTo(256, 0);
    const y = yOf(a, v, frame, 2 ** 21 + 0.5);
    expect(y).toBeCloseTo(240, 0);
  });

  it('clampView never shows space beyond the lane ends', () => {
    const v = clampView({ k: 4, y: 1000 }, frame);
    expect(yOf(a, v, frame, 0)).toBe(40);
    const w = clampView({ k: 4, y: -1e9 }, frame);
    expect(yOf(a, w, frame, 4 * 2 ** 20)).toBeCloseTo(440);
  });
});
