// Canvas layers draw at the next animation frame, not in the commit: a new call on a big machine
// commits twice in a row (the new state, then the follow zoom's view), and drawing in each commit
// painted thousands of ribbons twice. Drawing once per frame, with the latest props, halves that.

/**
 * Runs `draw` at the next animation frame; returns the cancel, for an effect's cleanup, so that
 * a newer commit in the same frame replaces the pending draw.
 */
export function drawOnFrame(draw: () => void): () => void {
  if (typeof requestAnimationFrame === 'undefined') {
    draw();
    return () => {};
  }
  const id = requestAnimationFrame(draw);
  return () => cancelAnimationFrame(id);
}
