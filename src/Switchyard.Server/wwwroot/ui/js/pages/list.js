// The Serving page: every endpoint the caller may view, filtered by name and by tag as they type,
// and kept current while shown (new endpoints, state changes), the filters untouched.
import { h, field, show, time } from '../dom.js';
import { get, enc } from '../api.js';
import { tagChips, matchesTagFilter } from '../tags.js';
import { follow } from '../live.js';

/** One served entity in a line: an external model by provider and model, others by registry name and version. */
const entityLine = (s) => (s.external_model ? `${s.name} (${s.external_model.provider} ${s.external_model.name})` : `${s.name} (${s.entity_name} v${s.entity_version})`);

const stateBadge = (state) => {
  if (state.config_update === 'UPDATE_FAILED') return h('span.badge.bad', {}, 'Update failed');
  if (state.config_update === 'IN_PROGRESS') return h('span.badge.warn', {}, state.ready === 'READY' ? 'Ready, updating' : 'Updating');
  return state.ready === 'READY' ? h('span.badge.ok', {}, 'Ready') : h('span.badge.bad', {}, 'Not ready');
};

export { stateBadge };

export async function listPage() {
  const read = async () => (await get('/api/2.0/serving-endpoints')).endpoints || [];
  let endpoints = await read();
  const search = h('input', { type: 'search', name: 'search', placeholder: 'Filter by name' });
  const tagSearch = h('input', { type: 'search', name: 'tag-search', placeholder: 'key or key=value' });
  const body = h('tbody');
  const fill = () => {
    // A redraw puts the focus back on the endpoint link it was on.
    const focused = body.contains(document.activeElement) ? document.activeElement.closest('tr')?.getAttribute('data-endpoint') : null;
    const term = search.value.trim().toLowerCase();
    const shown = endpoints.filter((e) => e.name.toLowerCase().includes(term) && matchesTagFilter(e.tags, tagSearch.value));
    body.replaceChildren(...shown.map((e) => h('tr', { 'data-endpoint': e.name },
      h('td', { 'data-label': 'Name' }, h('a', { href: `#/endpoints/${enc(e.name)}` }, e.name)),
      h('td', { 'data-label': 'State' }, stateBadge(e.state)),
      h('td', { 'data-label': 'Served entities' }, ((e.config && e.config.served_entities) || []).map(entityLine).join(', ') || '—'),
      h('td', { 'data-label': 'Tags' }, tagChips(e.tags)),
      h('td', { 'data-label': 'Creator' }, e.creator),
      h('td', { 'data-label': 'Last update' }, time(e.last_updated_timestamp)))));
    if (shown.length === 0) body.append(h('tr', {}, h('td', { colspan: 6 }, endpoints.length ? 'No endpoint matches.' : 'No serving endpoints yet.')));
    if (focused) [...body.querySelectorAll('tr[data-endpoint]')].find((tr) => tr.getAttribute('data-endpoint') === focused)?.querySelector('a')?.focus();
  };
  search.addEventListener('input', fill);
  tagSearch.addEventListener('input', fill);
  fill();
  show(
    h('h1', {}, 'Serving endpoints'),
    h('div.row', {}, field('Search by name', search), field('Filter by tag', tagSearch), h('a.button', { href: '#/endpoints/new' }, 'Create serving endpoint')),
    h('div.card', {}, h('table.stack', {}, h('thead', {}, h('tr', {}, ['Name', 'State', 'Served entities', 'Tags', 'Creator', 'Last update'].map((t) => h('th', { scope: 'col' }, t)))), body)),
  );
  follow(body, { first: endpoints, read, onChange: (current) => { endpoints = current; fill(); } });
}
