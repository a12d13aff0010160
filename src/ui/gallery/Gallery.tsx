// The start page: every scenario with its title, summary, the kernel versions it applies to and
// a thumbnail of its busiest state, plus a blank machine to explore freely. Opening a card loads
// the scenario into the store at its first step and shows the stage.
import { useMemo } from 'react';
import { createPortal } from 'react-dom';
import { useCoverApp } from '../present/Presenter';
import { useDmaviz } from '../store/context';
import { DEFAULT_MACHINE, type Theme } from '../store/store';
import { type GalleryEntry, galleryEntries, peakStateOf } from './entries';
import { thumbnailSvg } from './thumbnail';

/** The default machine in words, from DEFAULT_MACHINE itself. */
function blankSummary(): string {
  const m = DEFAULT_MACHINE;
  const devs = (m.devices ?? []).map((d) => {
    const traits = [d.coherent ? 'coherent' : 'non-coherent', d.iommu ? 'IOMMU' : null].filter(Boolean);
    return `${d.name} (${traits.join(', ')})`;
  });
  return `${m.arch ?? 'arm64'}, ${m.ramMiB ?? 1024} MiB of RAM, devices ${devs.join(', ')}.`;
}

const THUMB = { width: 320, height: 180 };

function Thumbnail({ entry, theme }: { entry: GalleryEntry; theme: Theme }) {
  const src = useMemo(() => {
    const s = peakStateOf(entry.scenario);
    return s ? `data:image/svg+xml,${encodeURIComponent(thumbnailSvg(s, { ...THUMB, theme }))}` : null;
  }, [entry, theme]);
  return src ? (
    <img className="dv-thumb" src={src} width={THUMB.width} height={THUMB.height} alt="" />
  ) : (
    <div className="dv-thumb" />
  );
}

export function Gallery({
  onOpen,
  onBlank,
  onImport,
  onClose,
  canClose,
}: {
  onOpen: (entry: GalleryEntry) => void;
  onBlank: () => void;
  onImport: () => void;
  onClose: () => void;
  canClose: boolean;
}) {
  const entries = useMemo(galleryEntries, []);
  const theme = useDmaviz((s) => s.theme);
  useCoverApp(true);
  return createPortal(
    <section className="dv-gallery" data-theme={theme} aria-label="Scenario gallery">
      <header className="dv-gallery-head">
        <div>
          <h1>dmaviz</h1>
          <p>
            See what each Linux DMA-mapping call does to a machine. Pick a story, or start from a blank
            machine.
          </p>
        </div>
        <div className="dv-gallery-actions">
          <button type="button" onClick={onBlank}>
            Blank machine
          </button>
          <button type="button" onClick={onImport}>
            Open a scenario file…
          </button>
          {canClose && (
            <button type="button" onClick={onClose}>
              Back to the session
            </button>
          )}
        </div>
      </header>
      <ul className="dv-gallery-grid">
        {entries.map((e) => (
          <li key={e.id}>
            <button
              type="button"
              className="dv-card"
              onClick={() => onOpen(e)}
              aria-label={`Open scenario: ${e.scenario.title}`}
            >
              <Thumbnail entry={e} theme={theme} />
              <span className="dv-card-title">{e.scenario.title}</span>
              <span className="dv-card-outcome">{e.outcome}</span>
              {e.scenario.summary && (
                <span className="dv-card-summary" title={e.scenario.summary}>
                  {e.scenario.summary}
                </span>
              )}
              <span className="dv-card-meta">
                {e.scenario.machine.arch ?? 'arm64'} · {e.scenario.steps.length} steps
                {e.scenario.kernelVersions?.length ? ` · ${e.scenario.kernelVersions.join(', ')}` : ''}
              </span>
            </button>
          </li>
        ))}
        <li>
          <button
            type="button"
            className="dv-card dv-card-blank"
            onClick={onBlank}
            aria-label="Open a blank machine"
          >
            <span className="dv-thumb dv-thumb-blank" aria-hidden="true">
              +
            </span>
            <span className="dv-card-title">Blank machine</span>
            <span className="dv-card-summary">
              {blankSummary()} Make any call from the driver panel and watch what it does.
            </span>
          </button>
        </li>
      </ul>
    </section>,
    document.body,
  );
}
