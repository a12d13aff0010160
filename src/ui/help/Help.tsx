// In-app help: the glossary of the terms on screen, and a short tour of the stage for a first
// visit (a few steps, each outlining one part of the stage; dismissable; remembered).
import { useEffect, useId, useLayoutEffect, useState } from 'react';
import { createPortal } from 'react-dom';
import { Dialog } from '../share/Dialog';
import { searchGlossary } from './glossary';

export function GlossaryDialog({ onClose, initial = '' }: { onClose: () => void; initial?: string }) {
  const [q, setQ] = useState(initial);
  const id = useId();
  const entries = searchGlossary(q);
  return (
    <Dialog title="Glossary" onClose={onClose} wide>
      <label htmlFor={id} className="dv-field">
        Find a term
        <input
          id={id}
          type="search"
          value={q}
          onChange={(e) => setQ(e.target.value)}
          placeholder="CMA, IOVA, pgprot…"
        />
      </label>
      <dl className="dv-glossary">
        {entries.map((e) => (
          <div key={e.term} className="dv-glossary-entry">
            <dt>{e.term}</dt>
            <dd>
              <p>{e.text}</p>
              <p className="dv-links">
                {e.links.map((l) => (
                  <a key={l.url} href={l.url} target="_blank" rel="noreferrer">
                    {l.title}
                  </a>
                ))}
              </p>
            </dd>
          </div>
        ))}
        {entries.length === 0 && <p>No term matches “{q}”.</p>}
      </dl>
    </Dialog>
  );
}

export const TOUR_KEY = 'dmaviz.tour.done';

interface TourStep {
  readonly title: string;
  readonly text: string;
  /** Where to point: the first selector that matches a visible element. */
  readonly targets: readonly string[];
}

const STAGE = 'section[aria-label^="Stage"]';

export const TOUR: readonly TourStep[] = [
  {
    title: 'The stage',
    text: 'Each column is one address space, left to right: user processes, the kernel’s linear map and vmalloc area, physical RAM, each device’s IOVA space, the devices. A buffer is drawn in every space it is mapped in, joined by ribbons.',
    targets: [STAGE],
  },
  {
    title: 'Physical RAM',
    text: 'The page map: every page of RAM, coloured by who owns it (free, kernel, CMA area, swiotlb, atomic pool, a DMA buffer). Zoom in with the buttons or the wheel.',
    targets: ['[data-lane="phys"]', '[data-lane-kind="phys"]', '[aria-label*="Physical" i]', STAGE],
  },
  {
    title: 'Kernel virtual addresses',
    text: 'The linear map holds a cacheable alias of all low RAM; the vmalloc lane shows the remaps DMA allocations make, and how much of that space is left.',
    targets: ['[data-lane="vmalloc"]', '[data-lane-kind="vmalloc"]', '[aria-label*="vmalloc" i]', STAGE],
  },
  {
    title: 'Memory types',
    text: 'Colour and pattern tell the memory type of each mapping: cached (solid blue), write-combine (orange stripes), uncached (pink cross-hatch). Two mappings of one page with different types are the aliases the kernel must keep harmless.',
    targets: ['[aria-label*="Legend" i]', STAGE],
  },
  {
    title: 'Step through',
    text: '→ and ← step through the events of a call, Shift+→ a whole call; Home and End jump to the start and the end. Words you do not know are in the Glossary.',
    targets: ['[aria-label="Glossary"]', '[aria-label*="Step" i]', STAGE],
  },
];

function findTarget(targets: readonly string[]): Element | null {
  for (const sel of targets) {
    for (const el of document.querySelectorAll(sel)) {
      if (el.closest('.dv-tour')) continue;
      const r = el.getBoundingClientRect();
      if (r.width > 0 && r.height > 0) return el;
    }
  }
  return null;
}

/**
 * Whether the first-visit helpers (gallery on an empty session, tour) appear by themselves.
 * Automated browsers do not get them, so that other tests start at the app; a test of the
 * first visit itself sets FIRST_VISIT_KEY.
 */
export const FIRST_VISIT_KEY = 'dmaviz.e2e.firstVisit';
export function isFirstVisitHelpOn(storage: Storage | null): boolean {
  if (typeof navigator === 'undefined' || !navigator.webdriver) return true;
  try {
    return storage?.getItem(FIRST_VISIT_KEY) === '1';
  } catch {
    return false;
  }
}

/** Whether a first-time visitor should get the tour now (not yet done or dismissed). */
export function shouldAutoTour(storage: Storage | null): boolean {
  if (!isFirstVisitHelpOn(storage)) return false;
  try {
    return storage?.getItem(TOUR_KEY) !== '1';
  } catch {
    return false;
  }
}

export function Tour({ onDone }: { onDone: () => void }) {
  const [i, setI] = useState(0);
  const [box, setBox] = useState<DOMRect | null>(null);
  const step = TOUR[i]!;

  useLayoutEffect(() => {
    const measure = () => setBox(findTarget(step.targets)?.getBoundingClientRect() ?? null);
    measure();
    window.addEventListener('resize', measure);
    return () => window.removeEventListener('resize', measure);
  }, [step]);

  const finish = () => {
    try {
      localStorage.setItem(TOUR_KEY, '1');
    } catch {
      // Private mode: the tour simply shows again next time.
    }
    onDone();
  };

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') finish();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  return createPortal(
    <div className="dv-tour">
      {box && (
        <div
          className="dv-tour-highlight"
          style={{ left: box.left - 4, top: box.top - 4, width: box.width + 8, height: box.height + 8 }}
          aria-hidden="true"
        />
      )}
      <section className="dv-tour-card" role="dialog" aria-label="Tour of the stage" aria-live="polite">
        <p className="dv-tour-count">
          Tour {i + 1} of {TOUR.length}
        </p>
        <h2>{step.title}</h2>
        <p>{step.text}</p>
        <div className="dv-tour-buttons">
          <button type="button" onClick={finish}>
            Skip the tour
          </button>
          {i > 0 && (
            <button type="button" onClick={() => setI(i - 1)}>
              Back
            </button>
          )}
          {i + 1 < TOUR.length ? (
            <button type="button" className="dv-primary" onClick={() => setI(i + 1)}>
              Next
            </button>
          ) : (
            <button type="button" className="dv-primary" onClick={finish}>
              Done
            </button>
          )}
        </div>
      </section>
    </div>,
    document.body,
  );
}
