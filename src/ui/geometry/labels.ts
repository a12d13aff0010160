// Label collision: labels along a lane's vertical axis are kept in priority order, and one that
// would overlap a kept label is hidden. Pure, so the stage and the tests agree on what shows.

export interface AxisLabel {
  readonly id: string;
  /** Centre y in pixels. */
  readonly y: number;
  readonly height: number;
  /** Higher first. */
  readonly priority: number;
}

/** The ids of the labels that show, greedily by priority, none overlapping another, within [top, bottom]. */
export function placeLabels(labels: readonly AxisLabel[], top: number, bottom: number, gap = 2): Set<string> {
  const kept: Array<{ y0: number; y1: number }> = [];
  const shown = new Set<string>();
  const order = [...labels].sort((a, b) => b.priority - a.priority || a.y - b.y);
  for (const l of order) {
    const y0 = l.y - l.height / 2;
    const y1 = l.y + l.height / 2;
    if (y0 < top || y1 > bottom) continue;
    if (kept.some((k) => y0 < k.y1 + gap && y1 > k.y0 - gap)) continue;
    kept.push({ y0, y1 });
    shown.add(l.id);
  }
  return shown;
}
