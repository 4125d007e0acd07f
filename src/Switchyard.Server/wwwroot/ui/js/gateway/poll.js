// Refreshes a part of a page on a timer while it is on screen: the first tick after it leaves the
// document (another page was shown) ends the loop, so a left page never keeps calling the server.

/** The refresh period of the endpoint page's traffic and usage views. */
export const REFRESH_MS = 10_000;

/** Calls `load()` now, then every `ms` while `element` is in the document. */
export function whileShown(element, load, ms = REFRESH_MS) {
  const tick = async () => {
    await load();
    setTimeout(() => { if (element.isConnected) tick(); }, ms);
  };
  tick();
}
