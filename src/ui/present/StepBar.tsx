// The smallest set of stepping buttons (presenter mode, embeds): first, previous, next, last,
// and where we are. The same store actions as the keys.
import { useDmaviz, useDmavizStoreApi } from '../store/context';
import { positionOf } from './caption';
import { applyCommand, type StepCommand } from './channel';

const BUTTONS: ReadonlyArray<{ cmd: StepCommand; label: string; text: string }> = [
  { cmd: 'first', label: 'First step', text: '⏮' },
  { cmd: 'prevEvent', label: 'Previous event', text: '◀' },
  { cmd: 'nextEvent', label: 'Next event', text: '▶' },
  { cmd: 'last', label: 'Last step', text: '⏭' },
];

export function StepBar() {
  const store = useDmavizStoreApi();
  const position = useDmaviz(positionOf);
  return (
    <nav className="dv-stepbar" aria-label="Step through">
      {BUTTONS.map((b) => (
        <button
          key={b.cmd}
          type="button"
          aria-label={b.label}
          title={b.label}
          onClick={() => applyCommand(store.getState(), b.cmd)}
        >
          {b.text}
        </button>
      ))}
      <output className="dv-stepbar-pos" aria-label="Position">
        {position}
      </output>
    </nav>
  );
}
