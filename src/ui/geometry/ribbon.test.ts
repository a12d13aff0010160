import { describe, expect, it } from 'vitest';
import { atLeast, MIN_RIBBON_PX, ribbonPath } from './ribbon';

describe('ribbonPath', () => {
  it('joins both spans with a closed band', () => {
    const d = ribbonPath(10, { y0: 0, y1: 20 }, 110, { y0: 50, y1: 60 });
    expect(d.startsWith('M10,0')).toBe(true);
    expect(d).toContain('C60,0,60,50,110,50');
    expect(d).toContain('L110,60');
    expect(d.endsWith('Z')).toBe(true);
  });

  it('widens a sub-pixel end so a one-page mapping stays visible', () => {
    expect(
      atLeast({ y0: 5, y1: 5.01 }, MIN_RIBBON_PX).y1 - atLeast({ y0: 5, y1: 5.01 }, MIN_RIBBON_PX).y0,
    ).toBeCloseTo(MIN_RIBBON_PX);
    expect(atLeast({ y0: 0, y1: 10 }, 2)).toEqual({ y0: 0, y1: 10 });
  });
});
