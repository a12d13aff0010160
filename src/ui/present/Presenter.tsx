// Presenter mode: the stage alone, full screen, with the narration as a large caption. Editing
// controls are hidden (the app underneath is hidden while this is up); → ← space PageUp/Down
// Home End step through events and calls, Escape leaves. Uses the Fullscreen API when the
// browser allows it; otherwise the overlay simply fills the window.
import { useEffect, useRef } from 'react';
import { createPortal } from 'react-dom';
import { Stage } from '../stage/Stage';
import { useDmaviz, useDmavizStoreApi } from '../store/context';
import { captionOf, positionOf } from './caption';
import { applyCommand, commandOfKey } from './channel';
import { StepBar } from './StepBar';

/** Hides the app under an overlay (and its keyboard shortcuts stop at the overlay's handler). */
export function useCoverApp(active: boolean): void {
  useEffect(() => {
    if (!active) return;
    document.body.dataset.dvCovered = '1';
    return () => {
      delete document.body.dataset.dvCovered;
    };
  }, [active]);
}

export function Presenter({ onExit, onSpeaker }: { onExit: () => void; onSpeaker: () => void }) {
  const store = useDmavizStoreApi();
  const caption = useDmaviz(captionOf);
  const position = useDmaviz(positionOf);
  const title = useDmaviz((s) => s.title);
  const theme = useDmaviz((s) => s.theme);
  const root = useRef<HTMLElement>(null);
  useCoverApp(true);

  // Keys first (capture phase), so that the app's own shortcuts never step twice.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey) return;
      if (e.key === 'Escape') {
        if (!document.fullscreenElement) onExit();
        return;
      }
      const cmd = commandOfKey(e);
      if (!cmd) return;
      e.preventDefault();
      e.stopImmediatePropagation();
      applyCommand(store.getState(), cmd);
    };
    window.addEventListener('keydown', onKey, { capture: true });
    return () => window.removeEventListener('keydown', onKey, { capture: true });
  }, [store, onExit]);

  // Full screen when allowed; leaving full screen (Esc) leaves presenter mode.
  useEffect(() => {
    const el = document.documentElement;
    let entered = false;
    if (el.requestFullscreen && document.fullscreenEnabled) {
      el.requestFullscreen({ navigationUI: 'hide' }).then(
        () => {
          entered = true;
        },
        () => undefined,
      );
    }
    const onChange = () => {
      if (entered && !document.fullscreenElement) onExit();
    };
    document.addEventListener('fullscreenchange', onChange);
    root.current?.focus();
    return () => {
      document.removeEventListener('fullscreenchange', onChange);
      if (document.fullscreenElement) document.exitFullscreen().catch(() => undefined);
    };
  }, [onExit]);

  return createPortal(
    <section ref={root} className="dv-presenter" data-theme={theme} tabIndex={-1} aria-label="Presenter mode">
      <header className="dv-presenter-head">
        <h1 className="dv-presenter-title">{title}</h1>
        <span className="dv-presenter-pos">{position}</span>
      </header>
      <div className="dv-presenter-stage">
        <Stage />
      </div>
      <p className="dv-caption" role="note" aria-live="polite" aria-label="Caption">
        {caption}
      </p>
      <footer className="dv-presenter-foot">
        <StepBar />
        <span className="dv-hint">→ / space next · ← back · Shift = whole call · Home/End · Esc leaves</span>
        <button type="button" onClick={onSpeaker}>
          Speaker view
        </button>
        <button type="button" onClick={onExit}>
          Leave presenter mode
        </button>
      </footer>
    </section>,
    document.body,
  );
}
