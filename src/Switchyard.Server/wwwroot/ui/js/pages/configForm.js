// Create endpoint and Edit configuration: served entities of one kind (custom models from the
// registry, external models, or provisioned-throughput foundation models; see entityRows.js) and
// the traffic split with its running total; on create also the endpoint's description and tags.
// Server errors land by their field. An edit sends back the parts of the config the form does not
// show (the legacy auto_capture_config), so saving never drops them.
import { h, field, show, errorBox } from '../dom.js';
import { call, get, enc } from '../api.js';
import { listModels } from '../registryData.js';
import { loadProviders } from '../providers.js';
import { entityRow, kindOf } from './entityRows.js';
import { showFieldErrors } from '../fieldErrors.js';
import { canManage } from '../levels.js';
import { pairsEditor } from '../pairs.js';

/** The create form's own fields of the endpoint (not of its config): description and tags. */
function endpointFields() {
  const description = h('textarea.short', { name: 'description', rows: 2 });
  const tags = pairsEditor({
    legend: 'Tags',
    hint: 'Key and optional value, shown on the list and filtered by there; they can be changed on the endpoint page later.',
    path: 'tags',
    addLabel: 'Add tag',
    itemLabel: (i) => `Tag ${i + 1}`,
    nameLabel: 'key',
    valueLabel: 'value (optional)',
    errorPath: (_key, i) => `tags[${i}].value`,
  });
  return {
    description: field('Description (optional)', description, 'description'),
    tags: tags.element,
    check: tags.check,
    value: () => {
      const extras = {};
      if (description.value.trim()) extras.description = description.value.trim();
      const pairs = tags.entries();
      if (pairs.length) extras.tags = pairs.map(([key, value]) => (value.trim() ? { key, value: value.trim() } : { key }));
      return extras;
    },
  };
}

/**
 * The shared form; `save(config, name, progress, extras)` sends it and answers where to go next.
 * `keep` holds config fields sent back as they are; `extras` (the create form's) are the endpoint's fields beside its config.
 */
async function configForm({ title, endpointName, initial, save, keep = {}, keepTraffic = {} }) {
  // An unreadable provider list leaves only the external rows empty (they say so); other kinds still work.
  const [models, providers] = await Promise.all([listModels(), loadProviders().catch(() => [])]);
  const sources = { models, providers };
  const form = h('form.card', { novalidate: true });
  const nameInput = h('input', { name: 'name', value: endpointName || '', required: true, readonly: !!endpointName });
  const rowsBox = h('div');
  const total = h('p', { 'data-testid': 'split-total', role: 'status' });
  const totalError = h('span.error', { 'data-error-for': 'traffic_config.routes' });
  const formError = h('p.error', { role: 'alert' });
  const progress = h('p', { role: 'status', 'data-testid': 'progress' });
  const submit = h('button', { type: 'submit' }, endpointName ? 'Save configuration' : 'Create endpoint');
  const endpointPart = endpointName ? null : endpointFields();
  let rows = [];

  const sum = () => rows.reduce((n, r) => n + (Number.isFinite(r.percent()) ? r.percent() : 0), 0);
  const update = () => {
    const s = sum();
    total.textContent = s === 100 ? `Traffic total: ${s}%` : `Traffic total: ${s}%. The traffic split must add up to 100%.`;
    total.className = s === 100 ? 'muted' : 'error';
  };
  // What a row holds, as the initial values of a rebuilt row of `kind`.
  const kept = () => rows.map((r) => ({ ...r.value().entity, kind: r.kind, stored: r.stored, traffic_percentage: r.value().route.traffic_percentage }));
  const rebuild = (values) => {
    // The endpoint's kind is the first row's; the others follow it (a kind change keeps names and shares).
    const kind = values.length ? kindOf(values[0]) : 'custom';
    rows = values.map((v, i) => entityRow(kind, i, sources, kindOf(v) === kind ? v : { name: v.name, traffic_percentage: v.traffic_percentage }, {
      onChange: update,
      onRemove: () => rebuild(kept().filter((_, j) => j !== i)),
      onKind: (chosen) => rebuild(kept().map((v2) => ({ name: v2.name, traffic_percentage: v2.traffic_percentage, kind: chosen }))),
    }));
    rowsBox.replaceChildren(...rows.map((r) => r.row));
    update();
  };
  rebuild(initial);
  await Promise.all(rows.map((r) => r.ready));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    formError.textContent = '';
    showFieldErrors(form, '');
    const rowsOk = [...rows, ...(endpointPart ? [endpointPart] : [])].map((r) => r.check()).every(Boolean);
    if (!rowsOk) {
      form.querySelector('.error:not(:empty)')?.scrollIntoView({ block: 'center' });
      return;
    }
    if (sum() !== 100) {
      totalError.textContent = 'Traffic percentages must add up to 100.';
      total.focus?.();
      return;
    }
    const values = rows.map((r) => r.value());
    const config = { ...keep, served_entities: values.map((v) => v.entity), traffic_config: { ...keepTraffic, routes: values.map((v) => v.route) } };
    submit.disabled = true;
    try {
      await save(config, nameInput.value.trim(), progress, endpointPart ? endpointPart.value() : {});
    } catch (error) {
      const rest = showFieldErrors(form, error.message);
      formError.textContent = rest;
      const firstField = form.querySelector('.error:not(:empty)');
      if (firstField) firstField.scrollIntoView({ block: 'center' });
    } finally {
      submit.disabled = false;
    }
  });

  form.append(...[
    field('Endpoint name', nameInput, 'name'),
    endpointPart ? endpointPart.description : null,
    rowsBox,
    h('button.secondary', { type: 'button', onclick: () => rebuild([...kept(), { name: '', traffic_percentage: 0, kind: rows.length ? rows[0].kind : 'custom' }]) }, 'Add served entity'),
    total, totalError,
    endpointPart ? endpointPart.tags : null,
    formError,
    h('div.row', {}, submit, h('a.button.secondary', { href: endpointName ? `#/endpoints/${enc(endpointName)}` : '#/' }, 'Cancel')),
    progress].filter(Boolean));
  show(h('h1', {}, title), form);
}

export function createPage() {
  return configForm({
    title: 'Create serving endpoint',
    initial: [{ name: '', traffic_percentage: 100 }],
    save: async (config, name, _progress, extras) => {
      await call('POST', '/api/2.0/serving-endpoints', { name, config, ...extras });
      location.hash = `#/endpoints/${enc(name)}`;
    },
  });
}

export async function editPage(name) {
  const path = `/api/2.0/serving-endpoints/${enc(name)}`;
  const endpoint = await get(path);
  if (!canManage(endpoint)) {
    show(h('h1', {}, `Edit ${name}`), errorBox(new Error('You may not change this endpoint (CAN_MANAGE is needed).')));
    return;
  }
  const config = endpoint.config || {};
  const routes = (config.traffic_config && config.traffic_config.routes) || [];
  // The form's split is in whole percentages: a basis-point split (a canary under 1%) would be
  // rounded away on save, so it is not offered here rather than changed behind the user's back.
  if (routes.some((r) => r.traffic_basis_points !== undefined)) {
    show(h('h1', {}, `Edit ${name}`), errorBox(new Error(
      'This endpoint splits its traffic in basis points (traffic_basis_points), which this form does not edit yet: '
      + 'change its config with PUT /api/2.0/serving-endpoints/{name}/config or roll back to an earlier version.')));
    return;
  }
  // `stored`: the entity as the server keeps it (a key it holds is never shown, and kept when left empty).
  const initial = (config.served_entities || []).map((e) => ({
    ...e,
    stored: true,
    traffic_percentage: (routes.find((r) => (r.served_entity_name || r.served_model_name) === e.name) || {}).traffic_percentage ?? 0,
  }));
  return configForm({
    title: `Edit configuration: ${name}`,
    endpointName: name,
    initial,
    // The legacy inference table is not on this form; sent back, it stays (its state is output only and the server drops it).
    keep: config.auto_capture_config ? { auto_capture_config: config.auto_capture_config } : {},
    // Sticky assignment and segments are not on this form either; sent back with the routes, they stay.
    keepTraffic: trafficBesideRoutes(config.traffic_config),
    save: async (body, _name, progress) => {
      await call('PUT', `${path}/config`, body);
      // Show the rollout until state.config_update leaves IN_PROGRESS, then go to the endpoint.
      let current = await get(path);
      while (current.state.config_update === 'IN_PROGRESS') {
        const pending = current.pending_config ? ` to config_version ${current.pending_config.config_version}` : '';
        progress.textContent = `Updating${pending}… (${current.state.config_update})`;
        await new Promise((resolve) => setTimeout(resolve, 500));
        current = await get(path);
      }
      progress.textContent = `Update finished: ${current.state.config_update}, config_version ${current.config && current.config.config_version}.`;
      if (current.state.config_update === 'UPDATE_FAILED') throw new Error(current.state.config_update_message || 'The update failed.');
      location.hash = `#/endpoints/${enc(name)}`;
    },
  });
}

/** Everything of a traffic_config but its routes (sticky, segments): what the form sends back untouched. */
function trafficBesideRoutes(traffic) {
  const { routes: _routes, ...rest } = traffic || {};
  return rest;
}
