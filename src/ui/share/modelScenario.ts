// The model's scenario format, as the share features use it. One line to change when
// src/model/index.ts re-exports the scenario module.
export { parseScenario, SCENARIO_FORMAT, type Scenario } from '../../model/scenario/schema';
