// Create endpoint and Edit configuration: served entities picked from the registry, workload,
// scale to zero, and the traffic split with its running total. Server errors land by their field.
import { h, field, show, errorBox } from '../dom.js';
import { call, get, enc } from '../api.js';
import { listModels, listVersions } from '../registryData.js';
import { showFieldErrors } from '../fieldErrors.js';
import { canManage } from '../levels.js';

const SIZES = ['Small', 'Medium', 'Large'];

function entityRow(index, models, initial, onChange, onRemove) {
  const at = `served_entities[${index}]`;
  const name = h('input', { name: `${at}.name`, value: initial.name || '', required: true, oninput: onChange });
  const model = h('select', { name: `${at}.entity_name` },
    h('option', { value: '' }, 'Choose a model'),
    models.map((m) => h('option', { value: m.full_name }, m.full_name)));
  model.value = initial.entity_name || '';
  const version = h('select', { name: `${at}.entity_version` });
  const fillVersions = async (selected) => {
    version.replaceChildren(h('option', { value: '' }, 'Choose a version'));
    if (!model.value) return;
    const versions = await listVersions(model.value).catch(() => []);
    for (const v of versions) {
      const aliases = (v.aliases || []).map((a) => a.alias_name).join(', ');
      version.append(h('option', { value: String(v.version) }, aliases ? `${v.version} (${aliases})` : String(v.version)));
    }
    version.value = selected || (versions.length ? String(versions[versions.length - 1].version) : '');
  };
  model.addEventListener('change', () => fillVersions(''));
  const size = h('select', { name: `${at}.workload_size` }, SIZES.map((s) => h('option', { value: s }, s)));
  size.value = initial.workload_size || 'Small';
  const zero = h('input', { type: 'checkbox', name: `${at}.scale_to_zero_enabled`, checked: initial.scale_to_zero_enabled ?? true });
  const pct = h('input', { type: 'number', min: 0, max: 100, step: 1, inputmode: 'numeric', name: `traffic_config.routes[${index}].traffic_percentage`, value: String(initial.traffic_percentage ?? 0), oninput: onChange });
  const row = h('fieldset.entity', { 'data-row': index },
    h('legend', {}, `Served entity ${index + 1}`),
    h('div.row', {},
      field('Served entity name', name, `${at}.name`),
      field('Registered model', model, `${at}.entity_name`),
      field('Version', version, `${at}.entity_version`),
      field('Workload size', size, `${at}.workload_size`),
      field('Traffic %', pct, `traffic_config.routes[${index}].traffic_percentage`)),
    h('div.row', {},
      h('label.inline', {}, zero, ' Scale to zero'),
      h('button.secondary', { type: 'button', onclick: onRemove }, `Remove served entity ${index + 1}`)));
  const ready = fillVersions(initial.entity_version ? String(initial.entity_version) : '');
  return {
    row,
    ready,
    percent: () => Number(pct.value),
    value: () => ({
      entity: { name: name.value.trim(), entity_name: model.value, entity_version: version.value, workload_size: size.value, scale_to_zero_enabled: zero.checked },
      route: { served_model_name: name.value.trim(), traffic_percentage: Number(pct.value) },
    }),
  };
}

/** The shared form; `save(config, name)` sends it and answers where to go next. */
async function configForm({ title, endpointName, initial, save }) {
  const models = await listModels();
  const form = h('form.card', { novalidate: true });
  const nameInput = h('input', { name: 'name', value: endpointName || '', required: true, readonly: !!endpointName });
  const rowsBox = h('div');
  const total = h('p', { 'data-testid': 'split-total', role: 'status' });
  const totalError = h('span.error', { 'data-error-for': 'traffic_config.routes' });
  const formError = h('p.error', { role: 'alert' });
  const progress = h('p', { role: 'status', 'data-testid': 'progress' });
  const submit = h('button', { type: 'submit' }, endpointName ? 'Save configuration' : 'Create endpoint');
  let rows = [];

  const sum = () => rows.reduce((n, r) => n + (Number.isFinite(r.percent()) ? r.percent() : 0), 0);
  const update = () => {
    const s = sum();
    total.textContent = s === 100 ? `Traffic total: ${s}%` : `Traffic total: ${s}%. The traffic split must add up to 100%.`;
    total.className = s === 100 ? 'muted' : 'error';
  };
  const rebuild = (values) => {
    rows = values.map((v, i) => entityRow(i, models, v, update, () => {
      const kept = rows.map((r) => ({ ...r.value().entity, traffic_percentage: r.value().route.traffic_percentage })).filter((_, j) => j !== i);
      rebuild(kept);
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
    if (sum() !== 100) {
      totalError.textContent = 'Traffic percentages must add up to 100.';
      total.focus?.();
      return;
    }
    const values = rows.map((r) => r.value());
    const config = { served_entities: values.map((v) => v.entity), traffic_config: { routes: values.map((v) => v.route) } };
    submit.disabled = true;
    try {
      await save(config, nameInput.value.trim(), progress);
    } catch (error) {
      const rest = showFieldErrors(form, error.message);
      formError.textContent = rest;
      const firstField = form.querySelector('.error:not(:empty)');
      if (firstField) firstField.scrollIntoView({ block: 'center' });
    } finally {
      submit.disabled = false;
    }
  });

  form.append(
    field('Endpoint name', nameInput, 'name'),
    rowsBox,
    h('button.secondary', { type: 'button', onclick: () => rebuild([...rows.map((r) => ({ ...r.value().entity, traffic_percentage: r.value().route.traffic_percentage })), { name: '', traffic_percentage: 0 }]) }, 'Add served entity'),
    total, totalError, formError,
    h('div.row', {}, submit, h('a.button.secondary', { href: endpointName ? `#/endpoints/${enc(endpointName)}` : '#/' }, 'Cancel')),
    progress);
  show(h('h1', {}, title), form);
}

export function createPage() {
  return configForm({
    title: 'Create serving endpoint',
    initial: [{ name: '', traffic_percentage: 100 }],
    save: async (config, name) => {
      await call('POST', '/api/2.0/serving-endpoints', { name, config });
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
  const initial = (config.served_entities || []).map((e) => ({
    ...e,
    traffic_percentage: (routes.find((r) => (r.served_entity_name || r.served_model_name) === e.name) || {}).traffic_percentage ?? 0,
  }));
  return configForm({
    title: `Edit configuration: ${name}`,
    endpointName: name,
    initial,
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
