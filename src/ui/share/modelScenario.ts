// The model's scenario format, as the share features use it (through the model's index).
export { parseScenario, SCENARIO_FORMAT, type Scenario } from '../../model';
