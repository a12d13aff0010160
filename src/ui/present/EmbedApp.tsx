// Embed mode (?embed=1#s=…): the stage, the step buttons and the caption, nothing to edit; made
// for an iframe in slides or a blog post. It keeps its own store and saves nothing, so an embed
// never touches the reader's own session.
import { useEffect, useState } from 'react';
import { openBlank, openScenario } from '../share/actions';
import { decodePermalink } from '../share/permalink';
import '../share/share.css';
import { Stage } from '../stage/Stage';
import { DmavizProvider, useDmaviz, useDmavizStoreApi } from '../store/context';
import { captionOf } from './caption';
import { applyCommand, commandOfKey } from './channel';
import { StepBar } from './StepBar';

function EmbedView() {
  const store = useDmavizStoreApi();
  const [problem, setProblem] = useState<string | null>(null);
  const caption = useDmaviz(captionOf);
  const title = useDmaviz((s) => s.title);
  const theme = useDmaviz((s) => s.theme);

  useEffect(() => {
    const link = decodePermalink(location.hash);
    if (link.ok === true) {
      const r = openScenario(store, link.scenario, link.position);
      if (!r.ok) setProblem(`This embed cannot be shown: ${r.problems.join('; ')}`);
    } else {
      openBlank(store);
      setProblem(
        link.ok === 'none'
          ? 'Nothing to show: embed a dmaviz link (Copy link → Embed code).'
          : `This embedded link is broken: ${link.problems.join('; ')}`,
      );
    }
  }, [store]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const cmd = commandOfKey(e);
      if (!cmd || e.altKey || e.ctrlKey || e.metaKey) return;
      e.preventDefault();
      applyCommand(store.getState(), cmd);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [store]);

  const full = `${location.origin}${location.pathname}${location.hash}`;
  return (
    <main className="dv-embed" data-theme={theme} aria-label="dmaviz embed">
      <header className="dv-embed-head">
        <h1>{title}</h1>
        <a href={full} target="_blank" rel="noreferrer">
          Open in dmaviz
        </a>
      </header>
      {problem && (
        <p role="alert" className="dv-embed-problem">
          {problem}
        </p>
      )}
      <div className="dv-embed-stage">
        <Stage />
      </div>
      <footer className="dv-embed-foot">
        <StepBar />
        <p className="dv-caption dv-caption-small" role="note" aria-label="Caption">
          {caption}
        </p>
      </footer>
    </main>
  );
}

export function EmbedApp() {
  return (
    <DmavizProvider>
      <EmbedView />
    </DmavizProvider>
  );
}
