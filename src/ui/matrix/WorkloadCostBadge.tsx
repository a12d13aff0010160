// A small badge with the illustrative cost of a workload on the buffer selected on the stage
// (issue 7, item 3). It reads the nearest store, so it works in the app (mount it in the buffer
// card, say) and beside either side of compare mode; it renders nothing until a buffer is selected
// and a workload is chosen (by default the matrix view's choice).
import { useMemo } from 'react';
import { COST_MODEL_LABEL, WORKLOADS } from '../../model';
import { useDmaviz } from '../store/context';
import { selectMachine, selectSelection } from '../store/store';
import { bufferWorkloadCost, coreShareText, formatCost } from './bufferCost';
import { useWorkloadChoice } from './workloadChoice';
import './matrix.css';

export function WorkloadCostBadge({
  workloadId: forced,
  compact = false,
}: {
  /** The workload to price (WORKLOADS id); by default the one chosen in the matrix view. */
  workloadId?: string | null;
  /** One short line (the share of a core); the full estimate stays in the tooltip and the label. */
  compact?: boolean;
}) {
  const chosen = useWorkloadChoice().workloadId;
  const workloadId = forced === undefined ? chosen : forced;
  const machine = useDmaviz(selectMachine);
  const selection = useDmaviz(selectSelection);
  const workload = workloadId ? WORKLOADS[workloadId] : undefined;
  const result = useMemo(
    () => (workload && selection ? bufferWorkloadCost(machine, selection, workload) : null),
    [machine, selection, workload],
  );
  if (!workload || !selection || !result) return null;
  const name = machine.buffers.get(selection)?.name ?? selection;
  return (
    <output
      className="cost-badge"
      aria-label={`Estimated cost of the workload on ${name}`}
      title={
        result.ok
          ? `${workload.title}: ${formatCost(result.cost.estimate)}. ${result.cost.basis}. ${COST_MODEL_LABEL}; see docs/cost-model.md.`
          : `${workload.title}: ${result.reason}.`
      }
    >
      <span className="illustrative">Illustrative</span>
      <span className="cost-badge-text">
        {compact
          ? `${workload.id}: ${result.ok ? coreShareText(result.cost.estimate) : 'n/a'}`
          : `${workload.id} on ${name}: ${result.ok ? formatCost(result.cost.estimate) : result.reason}`}
      </span>
    </output>
  );
}
