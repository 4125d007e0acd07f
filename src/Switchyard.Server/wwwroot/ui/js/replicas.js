// The Replicas card on an endpoint's page (admins only): which replica serves which config version
// of this endpoint, and what each did with the latest rollout, from GET /api/2.0/switchyard/replicas.
// On one machine it is one row; on replicas sharing PostgreSQL, one row per live replica.
import { h } from './dom.js';
import { get, ApiError } from './api.js';
import { follow } from './live.js';

const PATH = '/api/2.0/switchyard/replicas';

/** One replica's row for the endpoint `name`. */
function row(replica, name) {
  const mine = (replica.endpoints || []).find((e) => e.name === name) || {};
  const rollout = mine.rollout_state
    ? `${mine.rollout_state} config_version ${mine.rollout_config_version}${mine.rollout_failure ? `: ${mine.rollout_failure}` : ''}`
    : (mine.pending_config_version ? `${mine.config_update} config_version ${mine.pending_config_version}` : '—');
  return h('tr', { 'data-replica': replica.name },
    h('td', { 'data-label': 'Replica' }, replica.name, replica.self ? h('span.muted', {}, ' (answering this page)') : null),
    h('td', { 'data-label': 'Serves config_version' }, mine.serving_config_version != null ? String(mine.serving_config_version) : '—'),
    h('td', { 'data-label': 'Rollout' }, rollout),
    h('td', { 'data-label': 'Last seen' }, replica.self ? 'now' : `${replica.last_seen_ms_ago} ms ago`));
}

/** The card, or null for a caller who may not list replicas (the route is for admins). */
export async function replicasCard(endpoint) {
  let answer;
  try {
    answer = await get(PATH);
  } catch (error) {
    if (error instanceof ApiError && error.status === 403) return null;
    throw error;
  }
  const body = h('tbody');
  const fill = (current) => body.replaceChildren(...(current.replicas || []).map((r) => row(r, endpoint.name)));
  fill(answer);
  const card = h('section.card', { 'aria-label': 'Replicas', 'data-testid': 'replicas' },
    h('h2', {}, 'Replicas'),
    h('table.stack', {}, h('thead', {}, h('tr', {}, ['Replica', 'Serves config_version', 'Rollout', 'Last seen'].map((t) => h('th', { scope: 'col' }, t)))), body));
  follow(card, { first: answer, read: () => get(PATH), onChange: fill });
  return card;
}
