// The ways into the exploring views (issue 7): a view switch in the header (Stage, Compare,
// Attribute matrix), the view itself below it, and `?view=compare|matrix` in the URL so a link or
// a reload lands on the same view.
import { useCallback, useState } from 'react';
import { MatrixView } from '../matrix/MatrixView';
import { useWorkloadChoice } from '../matrix/workloadChoice';
import { ErrorBoundary } from '../shell/ErrorBoundary';
import { CompareView } from './CompareView';
import './explore.css';

export type ExploreViewName = 'stage' | 'compare' | 'matrix';

export interface Explore {
  readonly view: ExploreViewName;
  setView(v: ExploreViewName): void;
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
  return { view, setView, scenario };
}

const VIEWS: ReadonlyArray<{ readonly id: ExploreViewName; readonly label: string }> = [
  { id: 'stage', label: 'Stage' },
  { id: 'compare', label: 'Compare machines' },
  { id: 'matrix', label: 'Attribute matrix' },
];

/** The view switch for the header: one select, since the header has no room for more at 1280 px. */
export function ExploreNav({ explore }: { explore: Explore }) {
  return (
    <nav className="explore-nav" aria-label="Views">
      <select
        aria-label="View"
        value={explore.view}
        onChange={(e) => explore.setView(e.target.value as ExploreViewName)}
      >
        {VIEWS.map((v) => (
          <option key={v.id} value={v.id}>
            View: {v.label}
          </option>
        ))}
      </select>
    </nav>
  );
}

/** The exploring view in place of the stage layout; nothing on the stage view. */
export function ExploreOutlet({ explore }: { explore: Explore }) {
  const { workloadId, setWorkload } = useWorkloadChoice();
  if (explore.view === 'compare')
    return (
      <ErrorBoundary region="compare view">
        <CompareView initialSource={explore.scenario} workloadId={workloadId} />
      </ErrorBoundary>
    );
  if (explore.view === 'matrix')
    return (
      <ErrorBoundary region="attribute matrix">
        <MatrixView
          workloadId={workloadId}
          onWorkload={setWorkload}
          onOpened={() => explore.setView('stage')}
        />
      </ErrorBoundary>
    );
  return null;
}
