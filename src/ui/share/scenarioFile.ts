// Scenario files in and out of a session: the public "dmaviz-scenario/1" format (issue 3,
// docs/scenario-format.md) is the one exchange format of the app. Import, drag and drop,
// permalinks and the gallery all validate with the model's parseScenario; export writes the
// steps of the history with the narration the user typed.
import type { History, MachineConfigInput, Op } from '../../model';
import { parseScenario, SCENARIO_FORMAT, type Scenario } from './modelScenario';

export type { Scenario };

/** What a scenario file holds once written: the parts we produce ourselves. */
export interface ScenarioFile {
  readonly format: typeof SCENARIO_FORMAT;
  readonly title: string;
  readonly summary?: string;
  readonly machine: MachineConfigInput;
  readonly steps: readonly Record<string, unknown>[];
}

/** The parts of the store a scenario is made from (kept narrow so tests need no store). */
export interface SessionParts {
  readonly machineInput: MachineConfigInput;
  readonly history: Pick<History, 'steps'>;
  readonly narration: Readonly<Record<number, string>>;
  readonly title: string;
}

/** The session as a scenario: each history record's op, with the narration on show as `say`. */
export function scenarioOfSession(s: SessionParts): ScenarioFile {
  const steps = s.history.steps.map((r, i) => {
    const { say: _say, ...args } = r.op as Op & { say?: string };
    const say = s.narration[i];
    return say ? { ...args, say } : { ...args };
  });
  return {
    format: SCENARIO_FORMAT,
    title: s.title.trim() || 'Untitled session',
    machine: s.machineInput,
    steps,
  };
}

/** What loadSession takes, from a validated scenario. */
export function sessionOfScenario(sc: Scenario): { input: MachineConfigInput; ops: Op[]; title: string } {
  return { input: sc.machine as MachineConfigInput, ops: sc.steps as Op[], title: sc.title };
}

export type ReadResult = { ok: true; scenario: Scenario } | { ok: false; problems: string[] };

/** Largest file we read: a scenario is text a person writes, not a memory dump. */
export const MAX_SCENARIO_BYTES = 2 * 1024 * 1024;

/** Reads a scenario file's text: every problem listed, nothing run. */
export function readScenarioText(text: string): ReadResult {
  if (text.length > MAX_SCENARIO_BYTES) {
    return {
      ok: false,
      problems: [`(file): too large (${text.length} bytes; at most ${MAX_SCENARIO_BYTES})`],
    };
  }
  return parseScenario(text);
}

/** The file name an export is saved under: the title in lower-case words. */
export function fileNameOf(title: string): string {
  const slug = title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return `${slug || 'dmaviz-session'}.dmaviz.json`;
}
