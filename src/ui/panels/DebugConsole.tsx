// The kernel log of the session: dma-debug ("DMA-API:") reports and every warning or error the
// model printed, each with the step that caused it; clicking a line jumps to that event.
import { useId } from 'react';
import { useDmaviz, useDmavizStoreApi } from '../store/context';
import { consoleLines } from '../store/selectors';

export function DebugConsole() {
  const store = useDmavizStoreApi();
  const lines = useDmaviz(consoleLines);
  const cursor = useDmaviz((s) => s.cursor);
  const dmaDebug = useDmaviz((s) => s.machine.config.dmaDebug);
  const id = useId();
  return (
    <section className="panel console" aria-labelledby={`${id}-t`}>
      <h2 id={`${id}-t`}>
        Kernel log <span className="muted">· dma-debug {dmaDebug ? 'on' : 'off'}</span>
      </h2>
      {lines.length === 0 ? (
        <p className="muted">No warnings yet. dma-debug reports and kernel warnings appear here.</p>
      ) : (
        <ol className="log" aria-label="Kernel messages">
          {lines.map((l) => (
            <li key={`${l.step}-${l.eventIndex}`}>
              <button
                type="button"
                className={`logline ${l.level} ${l.step + 1 === cursor ? 'here' : ''}`}
                onClick={() => store.getState().jumpTo(l.step + 1, l.eventIndex)}
                aria-label={`Step ${l.step + 1}: ${l.text}`}
              >
                <span className="log-step">[step {l.step + 1}]</span>{' '}
                <span className="log-level">{l.level}</span> <span className="log-text">{l.text}</span>
              </button>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
