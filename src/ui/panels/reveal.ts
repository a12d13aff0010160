// Bringing the item that just changed (the current timeline chip, the step's result) into view
// inside its own scroll box. Element.scrollIntoView also scrolls every scrollable ancestor and,
// called from an effect, forces a layout of the whole page in the middle of a commit (about 160 ms
// with 2,000 buffers on the stage, once per call while playing); reading the item's box in the
// next frame still forced that frame's layout early (about 8 ms a call). An IntersectionObserver
// says after the frame's own layout, for free, whether the item shows whole; only when it does not
// is the item measured (the layout is fresh by then) and the nearest scroll box scrolled.

/** The nearest ancestor that scrolls along `axis`, or null. */
function scrollBoxOf(el: HTMLElement, axis: 'x' | 'y'): HTMLElement | null {
  for (let p = el.parentElement; p; p = p.parentElement) {
    const o = axis === 'x' ? getComputedStyle(p).overflowX : getComputedStyle(p).overflowY;
    if (o === 'auto' || o === 'scroll') return p;
  }
  return null;
}

/** How far to scroll so that [lo, hi] shows in [boxLo, boxHi]: its start first when it cannot fit. */
export function revealShift(lo: number, hi: number, boxLo: number, boxHi: number): number {
  return lo < boxLo ? lo - boxLo : hi > boxHi ? Math.min(hi - boxHi, lo - boxLo) : 0;
}

/** Scrolls the nearest scroll box of `el` along `axis` just enough to show it; returns a cancel. */
export function revealInScrollBox(el: HTMLElement | null, axis: 'x' | 'y'): () => void {
  if (!el || typeof requestAnimationFrame === 'undefined' || typeof IntersectionObserver === 'undefined')
    return () => {};
  let io: IntersectionObserver | null = null;
  // The scroll box is looked up in the next frame, whose style is due anyway (not mid-commit).
  const id = requestAnimationFrame(() => {
    const box = el.isConnected ? scrollBoxOf(el, axis) : null;
    if (!box) return;
    io = new IntersectionObserver(
      ([entry]) => {
        io?.disconnect();
        // Whole in its box when the frame was laid out: nothing to do (the common case).
        if (!entry || entry.intersectionRatio >= 1 || !el.isConnected) return;
        // Otherwise measure now: the layout is fresh (this runs after it) unless a scroll or a
        // commit came in between, which the observer's own rects would have missed.
        const r = el.getBoundingClientRect();
        const b = box.getBoundingClientRect();
        const shift =
          axis === 'x'
            ? revealShift(r.left, r.right, b.left, b.right)
            : revealShift(r.top, r.bottom, b.top, b.bottom);
        if (shift === 0) return;
        if (axis === 'x') box.scrollLeft += shift;
        else box.scrollTop += shift;
      },
      { root: box },
    );
    io.observe(el);
  });
  return () => {
    cancelAnimationFrame(id);
    io?.disconnect();
  };
}
