// The presenting-and-sharing layer of the app: a toolbar (Scenarios, Present, Copy link,
// Import, Export, Recorder, Tour, Glossary) and everything it opens: the gallery, presenter
// mode, the speaker window, dialogs, the tour; plus permalinks read on load and scenario files
// dropped anywhere on the window. Mounted once inside the store's provider.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { GalleryEntry } from '../gallery/entries';
import { Gallery } from '../gallery/Gallery';
import { GlossaryDialog, isFirstVisitHelpOn, shouldAutoTour, Tour } from '../help/Help';
import { Presenter } from '../present/Presenter';
import { useSpeakerHost } from '../present/speaker';
import { useDmaviz, useDmavizStoreApi } from '../store/context';
import {
  embedLinkOf,
  exportPng,
  exportScenario,
  exportSvg,
  openBlank,
  openScenario,
  permalinkOf,
} from './actions';
import { Dialog } from './Dialog';
import { decodePermalink } from './permalink';
import { RecorderDialog } from './Recorder';
import { readScenarioText } from './scenarioFile';
import './share.css';

type Modal =
  | { kind: 'problems'; title: string; intro: string; problems: readonly string[] }
  | { kind: 'link'; url: string; embed: string; copied: boolean }
  | { kind: 'recorder' }
  | { kind: 'glossary' }
  | null;

function hasFiles(e: DragEvent): boolean {
  return [...(e.dataTransfer?.types ?? [])].includes('Files');
}

export function ShareLayer() {
  const store = useDmavizStoreApi();
  const empty = useDmaviz((s) => s.history.length === 0);
  const [gallery, setGallery] = useState<'auto' | 'open' | 'closed'>(() =>
    isFirstVisitHelpOn(window.localStorage) ? 'auto' : 'closed',
  );
  const [presenting, setPresenting] = useState(false);
  const [modal, setModal] = useState<Modal>(null);
  const [tour, setTour] = useState(false);
  const [status, setStatus] = useState('');
  const [dragging, setDragging] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const openSpeaker = useSpeakerHost(store);

  // A first visit sees the gallery while the session is empty; later the Scenarios button opens it.
  const showGallery = gallery === 'open' || (gallery === 'auto' && empty);

  const closeGallery = useCallback(() => {
    setGallery('closed');
    if (shouldAutoTour(window.localStorage)) setTour(true);
  }, []);

  /** Loads a scenario file's text, or lists every problem it has. */
  const importText = useCallback(
    (text: string, name: string) => {
      const r = readScenarioText(text);
      if (!r.ok) {
        setModal({
          kind: 'problems',
          title: 'This scenario file cannot be opened',
          intro: `${name} has ${r.problems.length} problem${r.problems.length === 1 ? '' : 's'}. Nothing was run; the session on show is unchanged.`,
          problems: r.problems,
        });
        return;
      }
      const loaded = openScenario(store, r.scenario);
      if (!loaded.ok) {
        setModal({
          kind: 'problems',
          title: 'The machine of this scenario does not boot',
          intro: name,
          problems: loaded.problems,
        });
        return;
      }
      setModal(null);
      closeGallery();
      setStatus(`Opened “${r.scenario.title}” (${r.scenario.steps.length} steps) from ${name}.`);
    },
    [store, closeGallery],
  );

  const importFile = useCallback(
    (f: File) => {
      f.text().then(
        (t) => importText(t, f.name),
        () =>
          setModal({
            kind: 'problems',
            title: 'The file cannot be read',
            intro: f.name,
            problems: ['(file): unreadable'],
          }),
      );
    },
    [importText],
  );

  const openLink = useCallback(() => {
    const link = decodePermalink(location.hash);
    if (link.ok === 'none') return;
    history.replaceState(null, '', location.pathname + location.search);
    setGallery('closed');
    if (link.ok) {
      const r = openScenario(store, link.scenario, link.position);
      if (r.ok) {
        setStatus(`Opened the link to “${link.scenario.title}”.`);
        return;
      }
      openBlank(store);
      setModal({
        kind: 'problems',
        title: 'This link cannot be opened',
        intro: 'Its machine does not boot.',
        problems: r.problems,
      });
      return;
    }
    openBlank(store);
    setModal({
      kind: 'problems',
      title: 'This link is broken',
      intro:
        'The link was cut short or altered, so nothing from it was run. An empty machine is shown instead.',
      problems: link.problems,
    });
  }, [store]);

  // A permalink in the URL (on load, or pasted into the address bar later): restore it, or say
  // why not and show an empty machine.
  useEffect(() => {
    const open = () => openLink();
    open();
    window.addEventListener('hashchange', open);
    return () => window.removeEventListener('hashchange', open);
  }, [openLink]);

  // Scenario files dropped anywhere on the window.
  useEffect(() => {
    const over = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      setDragging(true);
    };
    const leave = (e: DragEvent) => {
      if (e.relatedTarget === null) setDragging(false);
    };
    const drop = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      setDragging(false);
      const f = e.dataTransfer?.files[0];
      if (f) importFile(f);
    };
    window.addEventListener('dragover', over);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragover', over);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
    };
  }, [importFile]);

  const copyLink = async () => {
    const url = permalinkOf(store);
    let copied = false;
    try {
      await navigator.clipboard.writeText(url);
      copied = true;
    } catch {
      // No clipboard permission: the dialog shows the link to copy by hand.
    }
    setModal({
      kind: 'link',
      url,
      embed: `<iframe src="${embedLinkOf(store)}" width="960" height="540" title="dmaviz" style="border:0"></iframe>`,
      copied,
    });
  };

  const figure = (kind: 'svg' | 'png') => {
    try {
      if (kind === 'svg') exportSvg(store);
      else exportPng(store).catch((e: unknown) => setStatus(`The PNG could not be made: ${String(e)}`));
    } catch (e) {
      setStatus(`The figure could not be made: ${String(e)}`);
    }
  };

  const openEntry = (e: GalleryEntry) => {
    openScenario(store, e.scenario);
    closeGallery();
    setStatus(`Opened “${e.scenario.title}”. Press → to step through it.`);
  };

  return (
    <>
      <nav className="dv-sharebar" aria-label="Present and share">
        <button type="button" onClick={() => setGallery('open')}>
          Scenarios
        </button>
        <button type="button" onClick={() => setPresenting(true)}>
          Present
        </button>
        <button type="button" onClick={copyLink}>
          Copy link
        </button>
        <button type="button" onClick={() => fileInput.current?.click()}>
          Import…
        </button>
        <details className="dv-menu">
          <summary>Export</summary>
          {/* Choosing an item closes the menu. */}
          <div
            className="dv-menu-items"
            onClickCapture={(e) => e.currentTarget.closest('details')?.removeAttribute('open')}
          >
            <button type="button" onClick={() => exportScenario(store)}>
              Scenario file (.json)
            </button>
            <button type="button" onClick={() => figure('svg')}>
              Figure as SVG
            </button>
            <button type="button" onClick={() => figure('png')}>
              Figure as PNG (2x)
            </button>
          </div>
        </details>
        <button type="button" onClick={() => setModal({ kind: 'recorder' })}>
          Recorder
        </button>
        <button type="button" onClick={() => setTour(true)}>
          Tour
        </button>
        <button type="button" onClick={() => setModal({ kind: 'glossary' })} aria-label="Glossary">
          Glossary
        </button>
        <input
          ref={fileInput}
          type="file"
          accept=".json,application/json"
          hidden
          aria-label="Scenario file"
          onChange={(e) => {
            const f = e.target.files?.[0];
            if (f) importFile(f);
            e.target.value = '';
          }}
        />
        <output className="dv-status" aria-live="polite">
          {status}
        </output>
      </nav>

      {dragging && (
        <div className="dv-dropzone" aria-hidden="true">
          Drop a scenario file to open it
        </div>
      )}

      {showGallery && !presenting && (
        <Gallery
          onOpen={openEntry}
          onBlank={() => {
            if (!empty) openBlank(store);
            closeGallery();
          }}
          onImport={() => fileInput.current?.click()}
          onClose={() => setGallery('closed')}
          canClose={!empty}
        />
      )}

      {presenting && <Presenter onExit={() => setPresenting(false)} onSpeaker={openSpeaker} />}

      {tour && !showGallery && !presenting && <Tour onDone={() => setTour(false)} />}

      {modal?.kind === 'problems' && (
        <Dialog title={modal.title} onClose={() => setModal(null)}>
          <div role="alert">
            <p>{modal.intro}</p>
            <ul className="dv-problems" aria-label="Problems">
              {modal.problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          </div>
        </Dialog>
      )}
      {modal?.kind === 'link' && (
        <Dialog title="Link to this view" onClose={() => setModal(null)}>
          <p>
            {modal.copied ? 'Copied to the clipboard.' : 'Copy this link:'} It holds the machine, every step
            and the position on show.
          </p>
          <input
            className="dv-linkbox"
            readOnly
            value={modal.url}
            aria-label="Permalink"
            onFocus={(e) => e.target.select()}
          />
          <p>To embed this view in slides or a web page:</p>
          <textarea className="dv-linkbox" readOnly rows={3} value={modal.embed} aria-label="Embed code" />
        </Dialog>
      )}
      {modal?.kind === 'recorder' && (
        <RecorderDialog onClose={() => setModal(null)} onExport={(title) => exportScenario(store, title)} />
      )}
      {modal?.kind === 'glossary' && <GlossaryDialog onClose={() => setModal(null)} />}
    </>
  );
}
