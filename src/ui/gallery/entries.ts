// The gallery's scenarios: the list in src/scenarios/index.ts, each validated like any imported
// file, with its busiest state (for the thumbnail) computed on demand through the model.
import type { MachineState } from '../../model';
import { createMachine, History, metricsOf } from '../../model';
import { SCENARIOS } from '../../scenarios';
import { readScenarioText, type Scenario, sessionOfScenario } from '../share/scenarioFile';

export interface GalleryEntry {
  readonly id: string;
  /** The teaching point in one line. */
  readonly outcome: string;
  readonly scenario: Scenario;
}

/** The scenarios that validate, in the order of the index. */
export function galleryEntries(): GalleryEntry[] {
  const out: GalleryEntry[] = [];
  for (const g of SCENARIOS) {
    const r = readScenarioText(JSON.stringify(g.scenario));
    if (r.ok) out.push({ id: g.slug, outcome: g.outcome, scenario: r.scenario });
  }
  return out;
}

/**
 * The busiest moment of a scenario, for its thumbnail: the state with the most live buffers
 * (the later one on a tie), since most scenarios end by freeing what they made.
 */
export function peakStateOf(sc: Scenario): MachineState | null {
  const { input, ops } = sessionOfScenario(sc);
  const m = createMachine(input);
  if (!m.ok) return null;
  const h = new History(m.state, 64);
  for (const op of ops) h.push(op);
  let best = h.at(0);
  let bestLive = -1;
  for (let k = 0; k <= h.length; k++) {
    const s = h.at(k);
    const live = metricsOf(s).liveBuffers;
    if (live >= bestLive) {
      best = s;
      bestLive = live;
    }
  }
  return best;
}
