// The ways into the exploring views (issue 7): a view switch in the header (Stage, Compare,
// Attribute matrix), the view itself below it, and `?view=compare|matrix` in the URL so a link or
// a reload lands on the same view. The workload picked in the matrix also prices the buffer
// selected on the stage (WorkloadCostBadge).
import { useCallback, useState } from 'react';
import { MatrixView } from '../matrix/MatrixView';
import { WorkloadCostBadge } from '../matrix/WorkloadCostBadge';
import { ErrorBoundary } from '../shell/ErrorBoundary';
import { useDmaviz } from '../store/context';
import { CompareView } from './CompareView';
import './explore.css';

export type ExploreViewName = 'stage' | 'compare' | 'matrix';

export interface Explore {
  readonly view: ExploreViewName;
  setView(v: ExploreViewName): void;
  /** Id in WORKLOADS, or null: the cost column of the matrix and the stage's badge. */
  readonly workloadId: string | null;
  setWorkload(id: string | null): void;
  /** `?scenario=<slug>` from the URL: the session compare mode opens with. */
  readonly scenario: string | null;
}

/** The view named by `?view=`; anything else is the stage (other values belong to other roots). */
export function exploreViewOf(search: string): ExploreViewName {
  const v = new URLSearchParams(search).get('view');
  return v === 'compare' || v === 'matrix' ? v : 'stage';
}

/** `search` with ?view= set for the exploring views and removed for the stage. */
export function searchWithView(search: string, v: ExploreViewName): string {
  const q = new URLSearchParams(search);
  if (v === 'stage') q.delete('view');
  else q.set('view', v);
  const s = q.toString();
  return s ? `?${s}` : '';
}

export function useExplore(): Explore {
  const [view, setViewState] = useState<ExploreViewName>(() =>
    typeof location === 'undefined' ? 'stage' : exploreViewOf(location.search),
  );
  const [workloadId, setWorkload] = useState<string | null>('frame60');
  const [scenario] = useState(() =>
    typeof location === 'undefined' ? null : new URLSearchParams(location.search).get('scenario'),
  );
  const setView = useCallback((v: ExploreViewName) => {
    setViewState(v);
    if (typeof history !== 'undefined' && typeof location !== 'undefined')
      history.replaceState(
        history.state,
        '',
        `${location.pathname}${searchWithView(location.search, v)}${location.hash}`,
      );
  }, []);
  return { view, setView, workloadId, setWorkload, scenario };
}

const VIEWS: ReadonlyArray<{ readonly id: ExploreViewName; readonly label: string }> = [
  { id: 'stage', label: 'Stage' },
  { id: 'compare', label: 'Compare' },
  { id: 'matrix', label: 'Attribute matrix' },
];

/** The view switch for the header; on the stage it also shows the selected buffer's workload cost. */
export function ExploreNav({ explore }: { explore: Explore }) {
  const selection = useDmaviz((s) => s.selection);
  return (
    <nav className="explore-nav" aria-label="Views">
      {explore.view === 'stage' && selection && (
        <ErrorBoundary region="workload cost">
          <WorkloadCostBadge workloadId={explore.workloadId} compact />
        </ErrorBoundary>
      )}
      {VIEWS.map((v) => (
        <button
          key={v.id}
          type="button"
          aria-pressed={explore.view === v.id}
          onClick={() => explore.setView(v.id)}
        >
          {v.label}
        </button>
      ))}
    </nav>
  );
}

/** The exploring view in place of the stage layout; nothing on the stage view. */
export function ExploreOutlet({ explore }: { explore: Explore }) {
  if (explore.view === 'compare')
    return (
      <ErrorBoundary region="compare view">
        <CompareView initialSource={explore.scenario} workloadId={explore.workloadId} />
      </ErrorBoundary>
    );
  if (explore.view === 'matrix')
    return (
      <ErrorBoundary region="attribute matrix">
        <MatrixView
          workloadId={explore.workloadId}
          onWorkload={explore.setWorkload}
          onOpened={() => explore.setView('stage')}
        />
      </ErrorBoundary>
    );
  return null;
}
