import { describe, expect, it } from 'vitest';
import { offsetOf, renderedChips, skippedWidth, startsOf, visibleRange } from './chipWindow';

// 10 px per character, 20 px of frame and gap per chip: chip i of `chars` 8 starts at 100·i.
const g = { chPx: 10, framePx: 20 };
const even = startsOf(Array.from({ length: 1000 }, () => 8));

describe('startsOf and offsetOf', () => {
  it('place each chip after the characters and frames of those before it', () => {
    const starts = startsOf([4, 10, 3]);
    expect([...starts]).toEqual([0, 4, 14, 17]);
    expect([0, 1, 2, 3].map((i) => offsetOf(starts, g, i))).toEqual([0, 60, 180, 230]);
  });
});

describe('visibleRange', () => {
  it('is the chips that meet the view, and the overscan on each side', () => {
    expect(visibleRange(even, g, 0, 350, 0)).toEqual({ first: 0, last: 3 });
    expect(visibleRange(even, g, 50_000, 350, 0)).toEqual({ first: 500, last: 503 });
    expect(visibleRange(even, g, 50_050, 350, 200)).toEqual({ first: 498, last: 506 });
  });

  it('stays inside the list at both ends', () => {
    expect(visibleRange(even, g, 0, 350, 10_000)).toEqual({ first: 0, last: 103 });
    expect(visibleRange(even, g, 99_700, 300, 10_000)).toEqual({ first: 897, last: 999 });
    expect(visibleRange(startsOf([]), g, 0, 300, 0)).toEqual({ first: 0, last: -1 });
  });

  it('finds chips of different widths', () => {
    const starts = startsOf([4, 30, 2, 2, 40]); // offsets 0, 60, 380, 420, 460
    expect(visibleRange(starts, g, 390, 40, 0)).toEqual({ first: 2, last: 3 });
    expect(visibleRange(starts, g, 59, 1, 0)).toEqual({ first: 0, last: 1 });
  });
});

describe('renderedChips', () => {
  it('adds the current chip and the focused one with its neighbours, once each, in order', () => {
    const shown = renderedChips(
      { first: 500, last: 503 },
      [
        { at: 2, around: 0 },
        { at: 503, around: 3 },
      ],
      1000,
    );
    expect(shown).toEqual([2, 500, 501, 502, 503, 504, 505, 506]);
  });

  it('keeps to the list at its ends', () => {
    expect(renderedChips({ first: 0, last: 1 }, [{ at: 0, around: 3 }], 3)).toEqual([0, 1, 2]);
  });
});

describe('skippedWidth', () => {
  it('is the characters and frames of the chips not rendered, in CSS units', () => {
    const starts = startsOf([4, 10, 3]);
    expect(skippedWidth(starts, 1, 3)).toBe('calc(13ch + 2 * (var(--chip-frame) + var(--chip-gap)))');
    expect(skippedWidth(starts, 2, 2)).toBeUndefined();
  });
});
