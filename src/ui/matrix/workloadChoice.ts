// The workload the user chose to price (issue 7, item 3): one preference for the whole page, so
// the matrix's cost column, the badges beside compared stages and any WorkloadCostBadge mounted
// elsewhere (the buffer card, say) price the same workload. It holds no machine state.
import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';

interface WorkloadChoice {
  /** Id in WORKLOADS, or null for none. */
  readonly workloadId: string | null;
  setWorkload(id: string | null): void;
}

export const workloadChoice = createStore<WorkloadChoice>()((set) => ({
  workloadId: 'frame60',
  setWorkload: (workloadId) => set({ workloadId }),
}));

export function useWorkloadChoice(): WorkloadChoice {
  return useStore(workloadChoice);
}
