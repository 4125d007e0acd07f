// The endpoint page's "Config history" card: every config version the endpoint accepted, newest
// first, with who sent it, when, why, and what it changed (GET …/config-history, ours). A manager
// may roll back to an older version (POST …/config/rollback): the card asks for an optional reason
// and a confirmation, and sends If-Match with the version the endpoint is at when the form opened,
// so a change made meanwhile by someone else is refused (412) instead of silently overwritten.
import { h, field, time, errorBox } from '../dom.js';
import { call, get, enc, ApiError } from '../api.js';
import { canManage } from '../levels.js';
import { diffTable } from './diffTable.js';

/** How many versions the card shows (the route answers up to 1000). */
export const HISTORY_SHOWN = 50;

/** The card; `endpoint` is the page's endpoint as GET answered it. `refresh()` reads the history again. */
export function configHistoryCard(endpoint) {
  const base = `/api/2.0/serving-endpoints/${enc(endpoint.name)}`;
  const manage = canManage(endpoint);
  const heading = h('h2', { tabindex: '-1' }, 'Config history');
  const list = h('ol.history', { 'aria-label': 'Config versions, newest first' });
  const status = h('div.history-status', { 'aria-live': 'polite', 'data-testid': 'history-status' });
  const card = h('section.card', { 'aria-label': 'Config history', 'data-testid': 'config-history' },
    heading,
    h('p.muted', {}, `Every config this endpoint accepted, newest first (the newest ${HISTORY_SHOWN}), with what each changed from the one before.`),
    manage ? null : h('p.muted', { 'data-testid': 'rollback-unavailable' },
      `Rolling back needs CAN_MANAGE on this endpoint; you have ${endpoint.permission_level}.`),
    status, list);
  // The open rollback form's closer: one form at a time. A refresh asked for while it is open waits
  // until it closes (redrawing the list would take the form, and what was typed, away).
  let closeOpen = null;
  let stale = false;

  /** The rollback form of one version, opened in place of its button. */
  function rollbackForm(version, button) {
    const reason = h('input', { name: 'rollback-reason', autocomplete: 'off', maxlength: '1000' });
    const failure = h('div.rollback-failure');
    const confirm = h('button', { type: 'submit' }, `Confirm rollback to version ${version}`);
    // The version the endpoint is at now: the rollback is sent with it as If-Match.
    let ifMatch = null;
    const readVersion = async () => {
      const { headers } = await call('GET', base);
      ifMatch = headers.get('ETag');
      form.dataset.ifMatch = ifMatch ?? '';
    };
    const close = (refocus = true) => {
      form.replaceWith(button);
      closeOpen = null;
      if (!stale) {
        if (refocus) button.focus();
        return;
      }
      // The list is redrawn: the focus goes to the same version's button in it.
      load().then(() => { if (refocus) list.querySelector(`li[data-version="${version}"] button`)?.focus(); });
    };
    const form = h('form.rollback-form', {
      'aria-label': `Roll back to config version ${version}`,
      onsubmit: async (event) => {
        event.preventDefault();
        failure.replaceChildren();
        confirm.disabled = true;
        try {
          if (ifMatch === null) await readVersion();
          const body = { config_version: version };
          if (reason.value.trim()) body.reason = reason.value.trim();
          const { body: answer } = await call('POST', `${base}/config/rollback`, body, undefined, ifMatch ? { 'If-Match': ifMatch } : {});
          const pending = answer.pending_config ? answer.pending_config.config_version : null;
          closeOpen = null;
          status.replaceChildren(h('p', { role: 'status', 'data-testid': 'rollback-done' }, pending !== null
            ? `Rolled back to version ${version}: its config is now config version ${pending}, pending while it rolls out.`
            : `Rolled back to version ${version}.`));
          await load();
          heading.focus();
        } catch (error) {
          const lines = [errorBox(error)];
          if (error instanceof ApiError && error.status === 412) {
            // Someone changed the endpoint since the form opened: say so, and take the version it is at now,
            // so confirming again rolls back over that change knowingly.
            stale = true;
            lines.push(h('p.muted', {}, 'The endpoint changed since this form opened. Cancel to see the history as it is now, or confirm again to roll back anyway.'));
            try { await readVersion(); } catch { ifMatch = null; }
          }
          failure.replaceChildren(...lines);
        } finally {
          confirm.disabled = false;
        }
      },
    },
    h('p', {}, `Applies version ${version}'s config again as a new config version, rolled out without downtime.`),
    field('Reason (optional)', reason),
    h('div.row', {}, confirm, h('button.secondary', { type: 'button', onclick: () => close() }, 'Cancel')),
    failure);
    readVersion().catch((error) => failure.replaceChildren(errorBox(error)));
    if (closeOpen) closeOpen(false);
    button.replaceWith(form);
    closeOpen = close;
    reason.focus();
  }

  function entryOf(version, newest) {
    const id = `history-version-${version.config_version}`;
    const entry = h('li.history-entry', { 'data-version': version.config_version },
      h('h3', { id }, `Version ${version.config_version}`, newest ? h('span.muted', {}, ' (newest)') : null),
      h('p.muted.history-about', {},
        h('time', { datetime: new Date(version.timestamp).toISOString() }, time(version.timestamp)),
        ` · by ${version.author ?? 'unknown'}`),
      h('p.history-reason', {}, version.reason ? `Reason: ${version.reason}` : h('span.muted', {}, 'No reason given.')),
      diffTable(version.diff, version.config_version));
    if (manage && !newest) {
      const button = h('button.secondary', { type: 'button', 'aria-describedby': id, onclick: () => rollbackForm(version.config_version, button) }, 'Roll back to this version');
      entry.append(button);
    }
    return entry;
  }

  async function load() {
    stale = false;
    try {
      const configs = (await get(`${base}/config-history?max_results=${HISTORY_SHOWN}`)).configs || [];
      list.replaceChildren(...configs.map((version, i) => entryOf(version, i === 0)));
      if (configs.length === 0) list.replaceChildren(h('li.muted', {}, 'No config versions yet.'));
    } catch (error) {
      list.replaceChildren(h('li.muted', {}, `Not shown: ${error.message}`));
    }
  }

  load();
  return {
    element: card,
    // Another change (someone's update, a rollout) adds a version; an open rollback form is left alone.
    refresh: () => {
      if (!closeOpen) return load();
      stale = true;
      return Promise.resolve();
    },
  };
}
