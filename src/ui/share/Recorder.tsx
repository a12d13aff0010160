// The recorder: the calls made so far (in the driver panel, or loaded) as scenario steps, each
// with a narration field that writes to the store, and an export of the result.
import { useId, useState } from 'react';
import { describeOp } from '../present/caption';
import { useDmaviz, useDmavizStoreApi } from '../store/context';
import { Dialog } from './Dialog';

export function RecorderDialog({
  onClose,
  onExport,
}: {
  onClose: () => void;
  onExport: (title: string) => void;
}) {
  const store = useDmavizStoreApi();
  useDmaviz((s) => s.version);
  const history = useDmaviz((s) => s.history);
  const narration = useDmaviz((s) => s.narration);
  const [title, setTitle] = useState(() => store.getState().title);
  const titleId = useId();
  return (
    <Dialog title="Recorder: your calls as a scenario" onClose={onClose} wide>
      <label htmlFor={titleId} className="dv-field">
        Title
        <input id={titleId} value={title} onChange={(e) => setTitle(e.target.value)} />
      </label>
      {history.length === 0 ? (
        <p>No calls yet. Make calls in the driver panel; each becomes a step here.</p>
      ) : (
        <ol className="dv-recorder">
          {history.steps.map((r, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: steps are positional; a step's index is its identity
            <li key={i}>
              <code>{describeOp(r.op)}</code>
              <span className={r.result.ok ? 'dv-ok' : 'dv-err'}>
                {r.result.ok ? 'ok' : r.result.error.code}
              </span>
              <textarea
                aria-label={`Narration for step ${i + 1}`}
                rows={2}
                value={narration[i] ?? ''}
                placeholder="What should the audience notice here?"
                onChange={(e) => store.getState().setNarration(i, e.target.value)}
              />
            </li>
          ))}
        </ol>
      )}
      <div className="dv-dialog-actions">
        <button type="button" className="dv-primary" onClick={() => onExport(title)}>
          Export as scenario file
        </button>
      </div>
    </Dialog>
  );
}
