// A card for one of the experiment reports (experiment, rollout, shadow). It is shown only while its
// route answers 200: an endpoint without a rollout or a shadow, or a server without the route, answers
// 404 (or 400) and the card stays hidden without a word. It reads again every few seconds while the
// page is open (live.js), so a rollout's next step or a new decision shows up without a reload.
import { h, errorBox } from '../dom.js';
import { get, ApiError } from '../api.js';
import { follow } from '../live.js';

/** How often a report is read again. */
export const REPORT_REFRESH_MS = 5000;

/**
 * The card: `render(answer)` draws the report's body; `controls` (optional) sits under it and is
 * not redrawn, so a half-done confirmation survives a refresh; `onAnswer(answer | null)` hears each
 * answer that changed (null when the route stopped answering 200).
 */
export function reportCard({ label, testId, path, render, controls = null, onAnswer = () => {}, refreshMs = REPORT_REFRESH_MS }) {
  const body = h('div.report-body');
  const failure = h('div.report-failure');
  const card = h('section.card.report', { 'aria-label': label, 'data-testid': testId, hidden: true },
    h('h2', {}, label), failure, body, controls);

  const draw = (answer) => {
    failure.replaceChildren();
    if (answer === null) {
      card.hidden = true;
      body.replaceChildren();
    } else {
      body.replaceChildren(render(answer));
      card.hidden = false;
    }
    onAnswer(answer);
  };
  const read = async () => {
    try {
      return await get(path);
    } catch (error) {
      if (error instanceof ApiError && (error.status === 404 || error.status === 400)) return null;
      throw error;
    }
  };
  // Anything else (a server error) is worth saying, in the card, which then shows.
  const failed = (error) => {
    failure.replaceChildren(errorBox(new Error(`Could not read the ${label.toLowerCase()} report: ${error.message}`)));
    card.hidden = false;
    return false;
  };

  const reload = async () => {
    try { draw(await read()); } catch (error) { failed(error); }
  };
  read().then(
    (answer) => { draw(answer); return answer; },
    (error) => { failed(error); return undefined; })
    .then((first) => follow(card, { first, read, onChange: draw, onError: failed, delay: () => refreshMs }));
  return { element: card, reload };
}
