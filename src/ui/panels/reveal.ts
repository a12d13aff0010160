// Bringing the item that just changed (the current timeline chip, the step's result) into view
// inside its own scroll box. Element.scrollIntoView also scrolls every scrollable ancestor and,
// called from an effect, forces a layout of the whole page in the middle of a commit (about 160 ms
// with 2,000 buffers on the stage, once per call while playing). This waits for the next frame,
// whose layout is due anyway, and scrolls only the nearest scroll box, only when the item is out of it.

/** The nearest ancestor that scrolls along `axis`, or null. */
function scrollBoxOf(el: HTMLElement, axis: 'x' | 'y'): HTMLElement | null {
  for (let p = el.parentElement; p; p = p.parentElement) {
    const o = axis === 'x' ? getComputedStyle(p).overflowX : getComputedStyle(p).overflowY;
    if (o === 'auto' || o === 'scroll') return p;
  }
  return null;
}

/** Scrolls the nearest scroll box of `el` along `axis` just enough to show it; returns a cancel. */
export function revealInScrollBox(el: HTMLElement | null, axis: 'x' | 'y'): () => void {
  if (!el || typeof requestAnimationFrame === 'undefined') return () => {};
  const id = requestAnimationFrame(() => {
    const box = el.isConnected ? scrollBoxOf(el, axis) : null;
    if (!box) return;
    const r = el.getBoundingClientRect();
    const b = box.getBoundingClientRect();
    const [lo, hi, boxLo, boxHi] =
      axis === 'x' ? [r.left, r.right, b.left, b.right] : [r.top, r.bottom, b.top, b.bottom];
    const shift = lo < boxLo ? lo - boxLo : hi > boxHi ? Math.min(hi - boxHi, lo - boxLo) : 0;
    if (shift === 0) return;
    if (axis === 'x') box.scrollLeft += shift;
    else box.scrollTop += shift;
  });
  return () => cancelAnimationFrame(id);
}
