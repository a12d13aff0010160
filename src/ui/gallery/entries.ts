// The gallery's scenarios: the list in src/scenarios/index.ts, each validated like any imported
// file, with its final state (for the thumbnail) computed on demand through the model.
import type { MachineState } from '../../model';
import { createMachine, History } from '../../model';
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

/** The machine after every step of a scenario, or null when its machine does not boot. */
export function finalStateOf(sc: Scenario): MachineState | null {
  const { input, ops } = sessionOfScenario(sc);
  const m = createMachine(input);
  if (!m.ok) return null;
  const h = new History(m.state, 64);
  for (const op of ops) h.push(op);
  return h.at(h.length);
}
