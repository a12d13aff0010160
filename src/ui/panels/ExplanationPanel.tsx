// The explanation of the event in focus (or of the whole step): what happened and why, the rule
// that caused it, the kernel function with a link to its source, and the call path.
import { useId } from 'react';
import { callStackAt, explainEvent, explainStep, foldCalls } from '../explain/events';
import { useDmaviz } from '../store/context';
import { selectEvent, selectMachine, selectRecord } from '../store/store';

export function ExplanationPanel() {
  const record = useDmaviz(selectRecord);
  const event = useDmaviz(selectEvent);
  const eventIndex = useDmaviz((s) => s.eventIndex);
  const cursor = useDmaviz((s) => s.cursor);
  const narration = useDmaviz((s) => (s.cursor > 0 ? s.narration[s.cursor - 1] : undefined));
  const machine = useDmaviz(selectMachine);
  const id = useId();

  let content: React.ReactNode;
  if (!record) {
    content = (
      <>
        <p className="headline">The machine as booted</p>
        <p>
          Compose a call in the driver panel and run it. Each call then plays event by event: pages taken,
          page-table entries written, cache lines cleaned, IOVA reserved. Step with ← and →, call by call with
          Shift+← and Shift+→.
        </p>
      </>
    );
  } else if (event && eventIndex !== null) {
    const x = explainEvent(event, {
      pageSize: machine.profile.pageSize,
      arch: machine.config.arch,
      record,
    });
    const stack = callStackAt(record.events, eventIndex);
    content = (
      <>
        <p className="event-pos">
          Step {cursor}, event {eventIndex + 1} of {record.events.length}
        </p>
        <p className="headline">{x.headline}</p>
        <p>{x.body}</p>
        {x.rule && (
          <p className="rule">
            <strong>Because:</strong> {x.rule}
          </p>
        )}
        <p className="kfn">
          {x.sourceUrl === null ? (
            <>
              <strong>Model step:</strong> <code>{x.fn}</code>{' '}
              <span className="muted">
                (stands for what a driver or the hardware does; not a kernel function)
              </span>
            </>
          ) : (
            <>
              <strong>Kernel function:</strong>{' '}
              <a href={x.sourceUrl} target="_blank" rel="noreferrer">
                <code>{x.fn}()</code>
              </a>
            </>
          )}
          {x.file && x.fileUrl && (
            <>
              {' in '}
              <a href={x.fileUrl} target="_blank" rel="noreferrer">
                <code>{x.file}</code>
              </a>
            </>
          )}{' '}
          {x.sourceUrl !== null && <span className="muted">(Linux v6.12)</span>}
        </p>
        {x.fnSummary && x.fnSummary !== x.body && <p className="muted">{x.fnSummary}</p>}
        <CallPath calls={stack} current={event.fn} label="Call path" />
      </>
    );
  } else {
    const x = explainStep(record);
    content = (
      <>
        <p className="event-pos">Step {cursor} (whole call)</p>
        <p className="headline">{x.headline}</p>
        <p>{x.body}</p>
        <CallPath
          calls={foldCalls(record.calls).map((c) => (c.count > 1 ? `${c.fn} ×${c.count}` : c.fn))}
          current={null}
          label="Calls made"
        />
      </>
    );
  }

  return (
    <section className="panel explain" aria-labelledby={`${id}-t`}>
      <h2 id={`${id}-t`}>Explanation</h2>
      {narration && <p className="narration">{narration}</p>}
      {content}
    </section>
  );
}

function CallPath({
  calls,
  current,
  label,
}: {
  calls: readonly string[];
  current: string | null;
  label: string;
}) {
  if (calls.length === 0) return null;
  return (
    <nav aria-label={label} className="callpath">
      <strong>{label}:</strong>{' '}
      {calls.map((c, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a call path may repeat a function; position is identity
        <span key={i}>
          {i > 0 && <span aria-hidden="true"> → </span>}
          {c === current && i === calls.length - 1 ? (
            <mark aria-current="true">
              <code>{c}</code>
            </mark>
          ) : (
            <code>{c}</code>
          )}
        </span>
      ))}
    </nav>
  );
}
