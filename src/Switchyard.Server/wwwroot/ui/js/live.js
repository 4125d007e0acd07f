// Keeps a view of the server's state current while it is on screen, by polling (the server has no
// stream of endpoint changes; sse.js reads the LLM answer streams). Each answer is compared with
// the last one and the view is redrawn only when it changed, so focus, open panels and text typed
// elsewhere on the page stay as they are. A hidden tab skips its reads; the first tick after the
// view has left the document (another page was shown) ends the loop for good.

/** The wait between reads while nothing is moving, and while something is (a deployment, an update). */
export const SETTLED_MS = 2500;
export const MOVING_MS = 1000;

/**
 * Reads with `read()` after each `delay(last answer)` until `element` leaves the document.
 * `first` is the answer the view was drawn from; `onChange(answer)` hears each answer that differs
 * from the one before; `onError(error)` hears a failed read and answers true to stop following.
 */
export function follow(element, { first, read, onChange, onError = () => false, delay = () => SETTLED_MS }) {
  let last = first;
  let lastText = JSON.stringify(first);
  const tick = async () => {
    if (!element.isConnected) return;
    if (!document.hidden) {
      try {
        const answer = await read();
        if (!element.isConnected) return;
        const text = JSON.stringify(answer);
        if (text !== lastText) {
          last = answer;
          lastText = text;
          onChange(answer);
        }
      } catch (error) {
        if (!element.isConnected || onError(error)) return;
      }
    }
    setTimeout(tick, delay(last));
  };
  setTimeout(tick, delay(last));
}
