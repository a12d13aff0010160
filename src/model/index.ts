// The only way into the model for src/ui, src/scenarios and src/cli.

export type { ArchProfile, Pgprot } from './arch/profiles';
export { ARCH_NAMES, ARCH_PROFILES, hexAddr, profileOf } from './arch/profiles';
export type { LineMap } from './cache/lineMap';
export { resolveMachineConfig } from './config';
export { maskLimit } from './dma/request';
export type { CostEstimate, CostInput, CostProfile, CpuAccess, Workload } from './explore/cost';
export {
  COST_MODEL_LABEL,
  COST_PROFILES,
  cpuMemtypeOf,
  rowCost,
  WORKLOADS,
  workloadCost,
} from './explore/cost';
export type { MatrixTable } from './explore/export';
export {
  attrsCell,
  COST_COLUMN,
  groupLabel,
  MATRIX_COLUMNS,
  matrixTable,
  matrixTitle,
  matrixToCsv,
  matrixToMarkdown,
  outcomeCells,
} from './explore/export';
export type {
  AttrEffect,
  AttributeMatrix,
  MatrixCall,
  MatrixGfp,
  MatrixGroup,
  MatrixInput,
  MatrixOutcome,
  MatrixResult,
  MatrixRow,
  OpRole,
} from './explore/matrix';
export {
  attributeMatrix,
  CALL_ATTRS,
  isStreamingCall,
  MATRIX_CALLS,
  MATRIX_GFPS,
  outcomeKey,
  rowOps,
  runRow,
  STREAMING_DIRECTIONS,
  shortAttr,
} from './explore/matrix';
export type { StepRecord } from './history';
export { History } from './history';
export type { KernelFunctionInfo } from './kernelFunctions';
export { KERNEL_FUNCTIONS, KERNEL_VERSION, kernelFileUrl, kernelSourceUrl } from './kernelFunctions';
export type { CreateResult, OpHandler, StepOutcome } from './machine';
export { applyInPlace, createMachine, knownOps, registerOp, step } from './machine';
export { freeBlocks, largestFreeOrder, MAX_PAGE_ORDER } from './mm/buddy';
export { mulberry32 } from './random';
export type {
  BounceCopyReport,
  CacheOpReport,
  DmaDebugEntry,
  ScenarioReport,
  StepReport,
} from './scenario/report';
export { buildReport, REPORT_FORMAT, reportJson } from './scenario/report';
export { formatReportText } from './scenario/reportText';
export type { RunResult, ScenarioRun, StepRun } from './scenario/runner';
export { runScenario } from './scenario/runner';
export type { ParseResult, Scenario, ScenarioMachine, ScenarioStep } from './scenario/schema';
export { parseScenario, SCENARIO_FORMAT, validateScenario } from './scenario/schema';
export type {
  BufferRec,
  CacheLine,
  CpuAddr,
  DebugError,
  MachineState,
  StreamMapping,
  StreamSeg,
  VmaRec,
} from './state';
export { cloneState } from './state';
export { STREAM_OPS } from './stream/ops';
export * from './types';
export { formatSize, GiB, KiB, MiB, parseSize } from './units';
export type { BufferView, Metrics, PageKind, PageRun } from './views';
export { bufferView, metricsOf, pageRuns } from './views';
