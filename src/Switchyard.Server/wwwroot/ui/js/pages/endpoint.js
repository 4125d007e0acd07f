// The endpoint page: state, current and pending config with their split and each entity's logs,
// config history (with rollback), the experiment, rollout and shadow reports when there are any,
// traffic charts, tags, query panel, "Use this endpoint" examples, AI Gateway settings, usage, permissions, events.
import { h, show, time, errorBox } from '../dom.js';
import { get, enc, ApiError } from '../api.js';
import { canManage, canQuery } from '../levels.js';
import { splitBar } from '../split.js';
import { stateBadge } from './list.js';
import { queryPanel } from './query.js';
import { kindOf } from './entityRows.js';
import { tagsCard } from '../tags.js';
import { entityLogs } from './entityLogs.js';
import { trafficCard } from '../gateway/trafficCard.js';
import { gatewayCard } from '../gateway/gatewayForm.js';
import { usageCard } from '../gateway/usageCard.js';
import { permissionsCard } from '../permissions.js';
import { snippetsCard } from '../snippets/snippetsCard.js';
import { follow, MOVING_MS, SETTLED_MS } from '../live.js';
import { valueNote } from './envVars.js';
import { eventsCard } from '../events.js';
import { configHistoryCard } from '../experiments/configHistory.js';
import { experimentCards } from '../experiments/experimentCards.js';
import { replicasCard } from '../replicas.js';

const entityState = (entity) => {
  const state = (entity.state && entity.state.deployment) || 'UNKNOWN';
  const cls = state === 'DEPLOYMENT_READY' ? 'ok' : state === 'DEPLOYMENT_FAILED' ? 'bad' : 'warn';
  return h(`span.badge.${cls}`, {}, state);
};

const registryLink = (e) => [h('a', { href: `#/registry/${enc(e.entity_name)}` }, e.entity_name), ` version ${e.entity_version}`];

/** What the entity serves and how it is sized; an external model's config block (key references) is not shown. */
function entityFacts(e) {
  const kind = kindOf(e);
  if (kind === 'external') {
    const m = e.external_model || {};
    return [
      h('dt', {}, 'Provider'), h('dd', { 'data-testid': 'provider' }, m.provider),
      h('dt', {}, 'Model'), h('dd', {}, m.name),
      h('dt', {}, 'Task'), h('dd', {}, m.task),
    ];
  }
  if (kind === 'foundation') {
    // The chunk is the version's, not the config's: read it from the optimization-info route.
    const chunk = h('dd', { 'data-testid': 'chunk' }, '…');
    get(`/api/2.0/serving-endpoints/get-model-optimization-info/${enc(e.entity_name)}/${enc(e.entity_version)}`)
      .then((info) => { chunk.textContent = info.optimizable ? `${info.throughput_chunk_size} tokens/s` : '—'; })
      .catch(() => { chunk.textContent = '—'; });
    return [
      h('dt', {}, 'Model'), h('dd', {}, registryLink(e)),
      h('dt', {}, 'Throughput band'), h('dd', { 'data-testid': 'band' }, `${e.provisioned_model_units !== undefined ? `${e.provisioned_model_units} model units` : `${e.min_provisioned_throughput ?? 0}–${e.max_provisioned_throughput} tokens/s`}${e.scale_to_zero_enabled ? ', scales to zero' : ''}`),
      h('dt', {}, 'Chunk'), chunk,
    ];
  }
  const env = Object.entries(e.environment_vars || {});
  return [
    h('dt', {}, 'Model'), h('dd', {}, registryLink(e)),
    h('dt', {}, 'Workload'), h('dd', {}, `${e.max_provisioned_concurrency !== undefined ? `${e.min_provisioned_concurrency ?? 0}–${e.max_provisioned_concurrency} concurrent requests` : e.workload_size}${e.scale_to_zero_enabled ? ', scales to zero' : ''}`),
    // Names only, and which are secret references: literal values are the Edit form's business.
    env.length ? [h('dt', {}, 'Environment'), h('dd', { 'data-testid': 'environment-vars' },
      env.map(([key, value]) => `${key} (${valueNote(String(value)) ? 'secret reference' : 'literal'})`).join(', '))] : null,
  ];
}

function configCard(title, config, endpointName) {
  return h('section.card', { 'aria-label': title, 'data-testid': title.toLowerCase().replace(/\s+/g, '-') },
    h('h2', {}, `${title} (config_version ${config.config_version ?? '—'})`),
    splitBar((config.traffic_config && config.traffic_config.routes) || []),
    (config.served_entities || []).map((e) => h('div.entity', { 'data-entity': e.name, 'data-kind': kindOf(e) },
      h('dl.facts', {},
        h('dt', {}, 'Served entity'), h('dd', {}, h('strong', {}, e.name)),
        entityFacts(e),
        h('dt', {}, 'Deployment'), h('dd', {}, entityState(e)),
        h('dt', {}, 'Message'), h('dd', {}, (e.state && e.state.deployment_state_message) || '—')),
      entityLogs(endpointName, e.name))));
}

function statusView(endpoint) {
  const state = endpoint.state || {};
  return h('div', { 'data-testid': 'status' },
    h('div.card', {}, h('dl.facts', {},
      h('dt', {}, 'State'), h('dd', { 'data-testid': 'state' }, stateBadge(state), ' ', h('span.muted', {}, `${state.ready} · ${state.config_update}`)),
      state.config_update_message ? [h('dt', {}, 'Update failure'), h('dd.error', {}, state.config_update_message)] : null,
      endpoint.description ? [h('dt', {}, 'Description'), h('dd', {}, endpoint.description)] : null,
      h('dt', {}, 'Creator'), h('dd', {}, endpoint.creator),
      h('dt', {}, 'Last update'), h('dd', {}, time(endpoint.last_updated_timestamp)),
      h('dt', {}, 'Your permission'), h('dd', { 'data-testid': 'permission-level' }, endpoint.permission_level))),
    h('div.configs', {},
      endpoint.config ? configCard('Current config', endpoint.config, endpoint.name) : null,
      endpoint.pending_config ? configCard('Pending config', endpoint.pending_config, endpoint.name) : null));
}

/** True while something about the endpoint is still moving, so the page keeps refreshing. */
const unsettled = (e) => e.state.config_update === 'IN_PROGRESS' || (e.state.ready !== 'READY' && e.state.config_update !== 'UPDATE_FAILED');

/** One line saying what changed, for screen readers: the state and the config version. */
const stateLine = (e) => `Endpoint ${e.name}: ${e.state.ready}, ${e.state.config_update}, config_version ${(e.config && e.config.config_version) ?? '—'}${e.pending_config ? `, updating to config_version ${e.pending_config.config_version}` : ''}.`;

/** The config versions the page shows (serving and pending), to tell when the history grew. */
const versionsOf = (e) => `${e.config?.config_version}|${e.pending_config?.config_version}`;

export async function endpointPage(name) {
  const path = `/api/2.0/serving-endpoints/${enc(name)}`;
  let endpoint = await get(path);
  // The status and config cards, redrawn as the endpoint changes; a changed state is also said in
  // one line to screen readers, rather than the whole cards read again.
  const view = h('div', {}, statusView(endpoint));
  const announce = h('p.visually-hidden', { role: 'status', 'data-testid': 'live-status' });
  const refreshError = h('div', { 'data-testid': 'refresh-error' });
  const status = h('div', {}, announce, refreshError, view);
  const actions = h('div.row', {},
    canManage(endpoint) ? h('a.button', { href: `#/endpoints/${enc(name)}/edit` }, 'Edit configuration') : h('span.muted', {}, 'You may not change this endpoint.'),
    h('a.button.secondary', { href: '#/' }, 'All endpoints'));
  const usage = usageCard(endpoint);
  const history = configHistoryCard(endpoint);
  show(
    h('h1', {}, name),
    actions,
    status,
    eventsCard(endpoint),
    history.element,
    experimentCards(endpoint),
    trafficCard(name),
    tagsCard(endpoint, canManage(endpoint)),
    canQuery(endpoint) ? queryPanel(endpoint) : h('p.muted', {}, 'You may view this endpoint but not query it.'),
    snippetsCard(endpoint),
    gatewayCard(endpoint, canManage(endpoint), usage.follow),
    usage.element,
    await permissionsCard(endpoint),
    await replicasCard(endpoint));
  // Follow the endpoint while the page is shown, quickly while it deploys or updates: a change made
  // anywhere (another user's update, a scale to zero, a failure) redraws the status and config
  // cards only, so the query panel, the forms and the tag editor keep what the user typed.
  let said = stateLine(endpoint);
  follow(status, {
    first: endpoint,
    read: async () => {
      const current = await get(path);
      refreshError.replaceChildren();
      return current;
    },
    delay: (current) => (unsettled(current) ? MOVING_MS : SETTLED_MS),
    onChange: (current) => {
      view.replaceChildren(statusView(current));
      // A new config version (anyone's update or rollback) is a new line in the history.
      if (versionsOf(current) !== versionsOf(endpoint)) history.refresh();
      endpoint = current;
      const line = stateLine(current);
      if (line !== said) announce.textContent = said = line;
    },
    onError: (error) => {
      if (error instanceof ApiError && error.status === 404) {
        refreshError.replaceChildren(errorBox(new Error(`Endpoint ${name} no longer exists: it was deleted.`)));
        return true;
      }
      refreshError.replaceChildren(h('span.muted', {}, `Could not refresh (${error.message}); trying again.`));
      return false;
    },
  });
}
