// The speaker's window (?view=speaker&ch=…): the notes of the step on show, the next call with
// its notes, the elapsed time, and buttons and keys that step the main window. It holds no
// session of its own: everything comes from the main window over the BroadcastChannel.
import { useEffect, useRef, useState } from 'react';
import '../share/share.css';
import { channelName, commandOfKey, readMessage, type SpeakerState, type StepCommand } from './channel';

function clock(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const mm = String(Math.floor(s / 60)).padStart(2, '0');
  const ss = String(s % 60).padStart(2, '0');
  return `${mm}:${ss}`;
}

export function SpeakerView({ channel }: { channel: string }) {
  const [state, setState] = useState<SpeakerState | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const ch = useRef<BroadcastChannel | null>(null);

  useEffect(() => {
    document.title = 'dmaviz: speaker notes';
    const c = new BroadcastChannel(channelName(channel));
    ch.current = c;
    c.onmessage = (e) => {
      const m = readMessage(e.data);
      if (m?.type === 'state') setState(m.state);
    };
    c.postMessage({ type: 'hello' });
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => {
      clearInterval(t);
      c.close();
      ch.current = null;
    };
  }, [channel]);

  const send = (cmd: StepCommand) => ch.current?.postMessage({ type: 'cmd', cmd });

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const cmd = commandOfKey(e);
      if (!cmd) return;
      e.preventDefault();
      ch.current?.postMessage({ type: 'cmd', cmd });
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <main className="dv-speaker" aria-label="Speaker view">
      {state ? (
        <>
          <header className="dv-speaker-head">
            <h1>{state.title}</h1>
            <output aria-label="Speaker position">{state.position}</output>
            <output aria-label="Elapsed time" className="dv-speaker-clock">
              {clock(now - state.startedAt)}
            </output>
          </header>
          <section aria-label="Notes" className="dv-speaker-notes">
            <h2>Now</h2>
            <p>{state.notes}</p>
          </section>
          <section aria-label="Next step" className="dv-speaker-next">
            <h2>Next</h2>
            {state.next ? (
              <>
                <code>{state.next.call}</code>
                {state.next.notes && <p>{state.next.notes}</p>}
              </>
            ) : (
              <p>The end: no more steps.</p>
            )}
          </section>
          <nav className="dv-stepbar" aria-label="Step the main window">
            <button type="button" onClick={() => send('first')}>
              First
            </button>
            <button type="button" onClick={() => send('prevEvent')}>
              Back
            </button>
            <button type="button" onClick={() => send('nextEvent')}>
              Next
            </button>
            <button type="button" onClick={() => send('nextCall')}>
              Next call
            </button>
          </nav>
        </>
      ) : (
        <p>Waiting for the presentation window… (open this window from its “Speaker view” button)</p>
      )}
    </main>
  );
}
