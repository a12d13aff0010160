import { describe, expect, it } from 'vitest';
import { placeLabels } from './labels';

describe('placeLabels', () => {
  it('hides the lower-priority label of two that overlap', () => {
    const shown = placeLabels(
      [
        { id: 'pool', y: 100, height: 14, priority: 1 },
        { id: 'zone', y: 106, height: 14, priority: 3 },
        { id: 'cma', y: 200, height: 14, priority: 2 },
      ],
      0,
      400,
    );
    expect([...shown].sort()).toEqual(['cma', 'zone']);
  });

  it('drops labels outside the lane', () => {
    expect(placeLabels([{ id: 'a', y: 2, height: 14, priority: 1 }], 0, 400).size).toBe(0);
  });
});
