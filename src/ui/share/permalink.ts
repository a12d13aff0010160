// Permalinks: the machine, the steps and the position on show, compressed into the URL's hash
// (#s=...). A link is data only: it is validated as a scenario file (parseScenario) and its
// position bounds-checked, so a tampered link can do nothing but name model operations.
import { compressToEncodedURIComponent, decompressFromEncodedURIComponent } from 'lz-string';
import { readScenarioText, type Scenario, type ScenarioFile } from './scenarioFile';

/** The hash key; the version lets a later format keep old links working. */
const KEY = 's';
const VERSION = 1;

export interface Position {
  /** Steps applied (0 = the machine as booted). */
  readonly cursor: number;
  /** Event of step cursor-1 in focus, or null for the whole step. */
  readonly eventIndex: number | null;
}

export type DecodedLink =
  | { ok: true; scenario: Scenario; position: Position }
  | { ok: false; problems: string[] }
  | { ok: 'none' };

/** "#s=…" for a scenario at a position. */
export function encodePermalink(scenario: ScenarioFile, position: Position): string {
  const payload = { v: VERSION, scenario, cursor: position.cursor, event: position.eventIndex };
  return `#${KEY}=${compressToEncodedURIComponent(JSON.stringify(payload))}`;
}

/** Reads a location hash: { ok: 'none' } when it holds no link at all. */
export function decodePermalink(hash: string): DecodedLink {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const packed = params.get(KEY);
  if (packed === null) return { ok: 'none' };
  const broken = (why: string): DecodedLink => ({ ok: false, problems: [why] });
  let text: string | null;
  try {
    text = decompressFromEncodedURIComponent(packed);
  } catch {
    text = null;
  }
  if (!text) return broken('the link is cut short or altered: its data cannot be decompressed');
  let payload: unknown;
  try {
    payload = JSON.parse(text);
  } catch {
    return broken('the link is altered: its data is not valid JSON');
  }
  if (!isRecord(payload) || payload.v !== VERSION) {
    return broken('the link was not made by this version of dmaviz');
  }
  const read = readScenarioText(JSON.stringify(payload.scenario ?? null));
  if (!read.ok) return { ok: false, problems: read.problems };
  const { cursor, event } = payload;
  const steps = read.scenario.steps.length;
  if (!isWhole(cursor) || cursor > steps) {
    return broken(`the link's position (${JSON.stringify(cursor)}) is not a step from 0 to ${steps}`);
  }
  if (event !== null && !isWhole(event)) {
    return broken(`the link's event (${JSON.stringify(event)}) is not a whole number`);
  }
  return { ok: true, scenario: read.scenario, position: { cursor, eventIndex: event } };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isWhole(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0;
}
