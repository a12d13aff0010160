import { describe, expect, it } from 'vitest';
import { HEADER_PX, layoutLanes } from './layout';

describe('layoutLanes', () => {
  const lanes = [
    { id: 'user:app', kind: 'user' as const },
    { id: 'vmalloc', kind: 'vmalloc' as const },
    { id: 'linear', kind: 'linear' as const },
    { id: 'phys', kind: 'phys' as const },
    { id: 'iova:gpu0', kind: 'iova' as const },
    { id: 'devices', kind: 'device' as const },
  ];

  it('places lanes left to right inside the width, with gaps for ribbons, RAM widest', () => {
    const boxes = layoutLanes(lanes, 768, 420);
    for (let i = 1; i < boxes.length; i++)
      expect(boxes[i]!.x).toBeGreaterThan(boxes[i - 1]!.x + boxes[i - 1]!.w + 20);
    const last = boxes.at(-1)!;
    expect(last.x + last.w).toBeLessThanOrEqual(768);
    const phys = boxes.find((b) => b.id === 'phys')!;
    expect(Math.max(...boxes.filter((b) => b.id !== 'phys').map((b) => b.w))).toBeLessThan(phys.w);
    expect(phys.top).toBe(HEADER_PX);
  });
});
