// The kernel log of the session: dma-debug ("DMA-API:") reports and every warning or error the
// model printed, each with the step that caused it; clicking a line jumps to that event. Like a
// real dmesg at that moment, it shows only the steps up to the position on show. A dma-debug report
// runs to several lines, so the current step's lines show whole, earlier ones two lines each, and
// "Expand" gives the log the whole width under the step controls, taller, every line whole.
import { useEffect, useId, useRef, useState } from 'react';
import { useDmaviz, useDmavizStoreApi } from '../store/context';
import { consoleLines } from '../store/selectors';
import { revealInScrollBox } from './reveal';

export function DebugConsole() {
  const store = useDmavizStoreApi();
  const all = useDmaviz(consoleLines);
  const cursor = useDmaviz((s) => s.cursor);
  const dmaDebug = useDmaviz((s) => s.machine.config.dmaDebug);
  const id = useId();
  const [expanded, setExpanded] = useState(false);
  const listRef = useRef<HTMLOListElement>(null);
  // consoleLines is in step order: the lines printed so far are a prefix.
  let shown = all.findIndex((l) => l.step + 1 > cursor);
  if (shown < 0) shown = all.length;
  const lines = all.slice(0, shown);
  const later = all.length - shown;
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-run when the position moves, to show its lines
  useEffect(
    () =>
      revealInScrollBox(listRef.current?.querySelector<HTMLElement>('[aria-current="step"]') ?? null, 'y'),
    [cursor, shown, expanded],
  );
  return (
    <section className={`panel console${expanded ? ' expanded' : ''}`} aria-labelledby={`${id}-t`}>
      <div className="console-head">
        <h2 id={`${id}-t`}>
          Kernel log <span className="muted">· dma-debug {dmaDebug ? 'on' : 'off'}</span>
        </h2>
        <button
          type="button"
          className="console-expand"
          aria-pressed={expanded}
          onClick={() => setExpanded(!expanded)}
          title={
            expanded ? 'Back to the small log beside the step controls' : 'A larger log, every line whole'
          }
        >
          Expand
        </button>
      </div>
      {lines.length === 0 ? (
        <p className="muted">
          {cursor === 0 && later === 0
            ? 'No warnings yet. dma-debug reports and kernel warnings appear here.'
            : `No kernel messages up to step ${cursor}.`}
        </p>
      ) : (
        <ol className="log" aria-label="Kernel messages" ref={listRef}>
          {lines.map((l) => {
            const here = l.step + 1 === cursor;
            return (
              <li key={`${l.step}-${l.eventIndex}`}>
                <button
                  type="button"
                  className={`logline ${l.level} ${here ? 'here' : ''}`}
                  onClick={() => store.getState().jumpTo(l.step + 1, l.eventIndex)}
                  aria-current={here ? 'step' : undefined}
                  aria-label={`Step ${l.step + 1}: ${l.text}`}
                >
                  <span className="log-step">
                    {here ? '▶ ' : ''}[step {l.step + 1}]
                  </span>{' '}
                  <span className="log-level">{l.level}</span> <span className="log-text">{l.text}</span>
                </button>
              </li>
            );
          })}
        </ol>
      )}
      {later > 0 && (
        <p className="muted log-later">
          {later} later message{later === 1 ? '' : 's'} (after step {cursor}) not shown yet
        </p>
      )}
    </section>
  );
}
