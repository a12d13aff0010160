// The app shell: header, driver panel (left), stage (centre), explanation, metrics and buffer
// card (right), step controls, timeline and kernel log (bottom). Each region sits in an error
// boundary so one failure never blanks the app.
import { useEffect, useState } from 'react';
import { formatSize } from '../model';
import { type Explore, ExploreNav, ExploreOutlet, useExplore } from './compare/ExploreViews';
import { BufferCard } from './panels/BufferCard';
import { DebugConsole } from './panels/DebugConsole';
import { DriverPanel } from './panels/DriverPanel';
import { ExplanationPanel } from './panels/ExplanationPanel';
import { MachineEditor } from './panels/MachineEditor';
import { MetricsPanel } from './panels/MetricsPanel';
import { StepControls, Timeline, usePlayback, useStepKeys } from './panels/StepControls';
import { ShareLayer } from './share/ShareLayer';
import { ErrorBoundary } from './shell/ErrorBoundary';
import { Stage } from './stage/Stage';
import { DmavizProvider, useDmaviz, useDmavizStoreApi } from './store/context';
import type { DmavizStore } from './store/store';

export function App({ store }: { store?: DmavizStore }) {
  return (
    <DmavizProvider store={store}>
      <Shell />
    </DmavizProvider>
  );
}

function Shell() {
  const store = useDmavizStoreApi();
  const theme = useDmaviz((s) => s.theme);
  const [editing, setEditing] = useState(false);
  const explore = useExplore();
  usePlayback(store);
  useStepKeys(store);
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
  const resetSelection = () => store.getState().select(null);
  return (
    <div className="app">
      <Header onEditMachine={() => setEditing(true)} explore={explore} />
      <Notice />
      <main className="layout" hidden={explore.view !== 'stage'}>
        <div className="area-driver">
          <ErrorBoundary region="driver panel">
            <DriverPanel />
          </ErrorBoundary>
        </div>
        <div className="area-stage">
          <ErrorBoundary region="stage" onReset={resetSelection}>
            <Stage />
          </ErrorBoundary>
        </div>
        <div className="area-bottom">
          <ErrorBoundary region="step controls">
            <StepControls />
            <Timeline />
          </ErrorBoundary>
          <ErrorBoundary region="kernel log">
            <DebugConsole />
          </ErrorBoundary>
        </div>
        <div className="area-side">
          <ErrorBoundary region="explanation panel">
            <ExplanationPanel />
          </ErrorBoundary>
          <ErrorBoundary region="metrics panel">
            <MetricsPanel />
          </ErrorBoundary>
          <ErrorBoundary region="buffer card" onReset={resetSelection}>
            <BufferCard />
          </ErrorBoundary>
        </div>
      </main>
      <ExploreOutlet explore={explore} />
      {editing && (
        <ErrorBoundary region="machine editor">
          <MachineEditor onClose={() => setEditing(false)} />
        </ErrorBoundary>
      )}
    </div>
  );
}

function Header({ onEditMachine, explore }: { onEditMachine: () => void; explore: Explore }) {
  const store = useDmavizStoreApi();
  const title = useDmaviz((s) => s.title);
  const theme = useDmaviz((s) => s.theme);
  const config = useDmaviz((s) => s.machine.config);
  const devices = config.devices.length;
  const summary = `${config.arch} · ${formatSize(config.ramMiB * 1024 * 1024)} · ${devices} device${devices === 1 ? '' : 's'}`;
  return (
    <header className="header">
      <h1>dmaviz</h1>
      <p className="session-title" title="Session">
        {title}
      </p>
      <p className="machine-summary">{summary}</p>
      <ErrorBoundary region="share bar">
        <ShareLayer />
      </ErrorBoundary>
      <div className="header-actions">
        <ExploreNav explore={explore} />
        <button type="button" onClick={onEditMachine} aria-haspopup="dialog">
          Machine…
        </button>
        <button
          type="button"
          aria-pressed={theme === 'dark'}
          onClick={() => store.getState().setTheme(theme === 'dark' ? 'light' : 'dark')}
        >
          Dark theme
        </button>
      </div>
    </header>
  );
}

function Notice() {
  const notice = useDmaviz((s) => s.notice);
  const store = useDmavizStoreApi();
  if (!notice) return <div className="notice-slot" role="status" />;
  return (
    <div className="notice-slot" role="status">
      <p className="notice">
        <span>{notice}</span>
        <button type="button" onClick={() => store.getState().dismissNotice()} aria-label="Dismiss notice">
          ✕
        </button>
      </p>
    </div>
  );
}
