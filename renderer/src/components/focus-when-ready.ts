/** Moves focus to an element that is about to appear (a screen still loading, a lazy editor),
 *  trying once a frame for up to `maxMs`: after an action that replaces what had focus, focus goes
 *  to what the action made rather than falling back to the page body. Returns a cancel function. */
export function focusWhenReady(find: () => HTMLElement | null | undefined, maxMs = 5000, then?: (el: HTMLElement) => void): () => void {
  const until = performance.now() + maxMs;
  let frame = 0;
  const attempt = () => {
    const el = find();
    if (el && el.isConnected) {
      el.focus({ preventScroll: false });
      then?.(el);
      return;
    }
    if (performance.now() < until) frame = requestAnimationFrame(attempt);
  };
  frame = requestAnimationFrame(attempt);
  return () => cancelAnimationFrame(frame);
}
