// Running a scenario: boot its machine and push every step onto a History. Nothing stops a run:
// a step the kernel would refuse is recorded as a failed result and the next step runs on the
// unchanged state, as a driver carrying on after an error would. Shared by the CLI and the UI.

import { History } from '../history';
import { createMachine } from '../machine';
import type { MachineState } from '../state';
import type { MachineConfigInput, ModelEvent, Op, StepResult } from '../types';
import type { Scenario, ScenarioStep } from './schema';

export interface StepRun {
  /** Index into the scenario's steps (the N of "steps[N]" in problems and reports). */
  readonly index: number;
  readonly step: ScenarioStep;
  readonly result: StepResult;
  /** Kernel functions in the order they ran. */
  readonly calls: readonly string[];
  readonly events: readonly ModelEvent[];
}

export interface ScenarioRun {
  readonly scenario: Scenario;
  /** Every step's state is reachable through history.at(k); at(0) is the booted machine. */
  readonly history: History;
  readonly initial: MachineState;
  readonly final: MachineState;
  readonly steps: readonly StepRun[];
}

export type RunResult = ({ ok: true } & ScenarioRun) | { ok: false; problems: string[] };

/**
 * Runs every step of a validated scenario. Fails only when the machine cannot be built (a
 * scenario made in code, or one whose machine the UI replaced), never because of a step.
 */
export function runScenario(scenario: Scenario): RunResult {
  const m = createMachine(scenario.machine as MachineConfigInput);
  if (!m.ok) return { ok: false, problems: m.problems };
  const history = new History(m.state);
  const steps = scenario.steps.map((step, index): StepRun => {
    const out = history.push(step as Op);
    return { index, step, result: out.result, calls: out.calls, events: out.events };
  });
  return { ok: true, scenario, history, initial: m.state, final: history.at(history.length), steps };
}
