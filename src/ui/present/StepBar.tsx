// The smallest set of stepping buttons (presenter mode, embeds): first, previous, next, last,
// and where we are. The same store actions as the keys.
import { useDmaviz, useDmavizStoreApi } from '../store/context';
import { positionOf } from './caption';
import { applyCommand, type StepCommand } from './channel';

/** Icons drawn as paths: media-control glyphs are missing from many fonts (and projectors' PCs). */
const ICON: Readonly<Record<string, string>> = {
  first: 'M3 2h2v12H3zM14 2v12L6 8z',
  prevEvent: 'M12 2v12L4 8z',
  nextEvent: 'M4 2v12l8-6z',
  last: 'M11 2h2v12h-2zM2 2v12l8-6z',
};

const BUTTONS: ReadonlyArray<{ cmd: StepCommand; label: string }> = [
  { cmd: 'first', label: 'First step' },
  { cmd: 'prevEvent', label: 'Previous event' },
  { cmd: 'nextEvent', label: 'Next event' },
  { cmd: 'last', label: 'Last step' },
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
          <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">
            <path d={ICON[b.cmd]} fill="currentColor" />
          </svg>
        </button>
      ))}
      <output className="dv-stepbar-pos" aria-label="Position">
        {position}
      </output>
    </nav>
  );
}
