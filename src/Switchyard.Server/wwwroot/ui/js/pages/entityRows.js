// One served-entity row of the config form per kind: a custom model (registry + workload size),
// an external model (provider, model id, task, the provider's config block) or a provisioned-
// throughput foundation model (GGUF version + tokens/s band). Every row answers the same shape:
// { row, ready, kind, percent(), value() -> { entity, route }, check() -> true when it may be sent }.
// An external row is drawn from the providers the server lists (providers.js), never from a copy.
// Fields of a saved entity that a row has no control for (set through the API) are sent back as
// they were, so "Edit configuration" never drops a setting it does not show.
import { h, field } from '../dom.js';
import { get, enc } from '../api.js';
import { listVersions } from '../registryData.js';
import { KEPT_HINT, SECRET_HINT, providerNamed, visibleFields, readField, providerBlock } from '../providers.js';
import { envVarsEditor } from './envVars.js';

const SIZES = ['Small', 'Medium', 'Large'];
// The CPU workload types the server takes (it refuses GPU ones: it runs models on this host's CPU).
const WORKLOAD_TYPES = ['CPU', 'CPU_MEDIUM', 'CPU_LARGE'];

// Fields the API answers that a config does not take back, and what the form itself keeps on a row.
const NOT_SENT = ['creator', 'creation_timestamp', 'state', 'kind', 'stored', 'traffic_percentage'];

/** The fields of `initial` outside `owned` (the row's own controls), to send back unchanged. */
const carried = (initial, owned) => Object.fromEntries(Object.entries(initial)
  .filter(([key]) => !owned.includes(key) && !NOT_SENT.includes(key)));

export const KINDS = [
  { value: 'custom', label: 'Custom model' },
  { value: 'external', label: 'External model' },
  { value: 'foundation', label: 'Foundation model (provisioned throughput)' },
];

/** The kind of a served entity as the API gives it back (or as the form kept it). */
export const kindOf = (entity) => entity.kind
  || (entity.external_model ? 'external'
    : entity.min_provisioned_throughput !== undefined || entity.max_provisioned_throughput !== undefined
      || entity.provisioned_model_units !== undefined ? 'foundation' : 'custom');

/**
 * A choice between two ways of sizing an entity, each a group of fields; only the chosen group
 * shows and is sent. `initialChoice` is the way the entity was saved.
 */
function sizing(at, label, choices, initialChoice) {
  const select = h('select', { name: `${at}.sizing` }, choices.map((c) => h('option', { value: c.value }, c.label)));
  select.value = initialChoice;
  const groups = choices.map((c) => h('div.row.sizing', { 'data-sizing': c.value }, c.fields));
  const sync = () => groups.forEach((g, i) => { g.hidden = choices[i].value !== select.value; });
  select.addEventListener('change', sync);
  sync();
  return { select: field(label, select), groups, chosen: () => select.value };
}

const wholeNumber = (name, value) => h('input', { type: 'number', min: 0, step: 1, inputmode: 'numeric', name, value: value === undefined ? '' : String(value) });

/** A registered model and version pair of selects; `onVersion` hears every version picked. */
function versionPicker(at, models, initial, onVersion = () => {}) {
  const model = h('select', { name: `${at}.entity_name` },
    h('option', { value: '' }, 'Choose a model'),
    models.map((m) => h('option', { value: m.full_name }, m.full_name)));
  model.value = initial.entity_name || '';
  const version = h('select', { name: `${at}.entity_version`, onchange: () => onVersion(model.value, version.value) });
  const fill = async (selected) => {
    version.replaceChildren(h('option', { value: '' }, 'Choose a version'));
    if (!model.value) { onVersion('', ''); return; }
    const versions = await listVersions(model.value).catch(() => []);
    for (const v of versions) {
      const aliases = (v.aliases || []).map((a) => a.alias_name).join(', ');
      version.append(h('option', { value: String(v.version) }, aliases ? `${v.version} (${aliases})` : String(v.version)));
    }
    version.value = selected || (versions.length ? String(versions[versions.length - 1].version) : '');
    onVersion(model.value, version.value);
  };
  model.addEventListener('change', () => fill(''));
  return { model, version, ready: fill(initial.entity_version ? String(initial.entity_version) : '') };
}

/** What every kind shares: the kind select, the served name, the traffic share and the remove button. */
function shell(index, kind, initial, hooks, middle, below = []) {
  const at = `served_entities[${index}]`;
  const name = h('input', { name: `${at}.name`, value: initial.name || '', required: true, oninput: hooks.onChange });
  const pct = h('input', { type: 'number', min: 0, max: 100, step: 1, inputmode: 'numeric', name: `traffic_config.routes[${index}].traffic_percentage`, value: String(initial.traffic_percentage ?? 0), oninput: hooks.onChange });
  // One kind per endpoint: the server refuses a mix, so only the first row chooses it.
  const kindSelect = h('select', { name: `${at}.kind`, disabled: index > 0, onchange: () => hooks.onKind(kindSelect.value) },
    KINDS.map((k) => h('option', { value: k.value }, k.label)));
  kindSelect.value = kind;
  const row = h('fieldset.entity', { 'data-row': index, 'data-kind': kind },
    h('legend', {}, `Served entity ${index + 1}`),
    h('div.row', {},
      field('Kind of entity', kindSelect),
      index > 0 ? h('p.muted.note', {}, 'An endpoint serves one kind of entity, so this row follows served entity 1.') : null),
    h('div.row', {},
      field('Served entity name', name, `${at}.name`),
      middle,
      field('Traffic %', pct, `traffic_config.routes[${index}].traffic_percentage`)),
    below,
    h('div.row', {}, h('button.secondary', { type: 'button', onclick: hooks.onRemove }, `Remove served entity ${index + 1}`)));
  return { row, name: () => name.value.trim(), percent: () => Number(pct.value) };
}

function customRow(index, models, initial, hooks) {
  const at = `served_entities[${index}]`;
  const picker = versionPicker(at, models, initial);
  const size = h('select', { name: `${at}.workload_size` }, SIZES.map((s) => h('option', { value: s }, s)));
  size.value = initial.workload_size || 'Small';
  // Provisioned concurrency (multiples of 4) replaces the workload size, as on Databricks.
  const minConcurrency = wholeNumber(`${at}.min_provisioned_concurrency`, initial.min_provisioned_concurrency ?? 0);
  const maxConcurrency = wholeNumber(`${at}.max_provisioned_concurrency`, initial.max_provisioned_concurrency ?? 4);
  minConcurrency.step = maxConcurrency.step = '4';
  const sizedBy = sizing(at, 'Sized by', [
    { value: 'workload', label: 'Preset', fields: [field('Workload size', size, `${at}.workload_size`)] },
    { value: 'concurrency', label: 'Concurrency range', fields: [
      field('Min concurrency', minConcurrency, `${at}.min_provisioned_concurrency`),
      field('Max concurrency', maxConcurrency, `${at}.max_provisioned_concurrency`)] },
  ], initial.max_provisioned_concurrency !== undefined ? 'concurrency' : 'workload');
  const zero = h('input', { type: 'checkbox', name: `${at}.scale_to_zero_enabled`, checked: initial.scale_to_zero_enabled ?? true });
  const type = h('select', { name: `${at}.workload_type` }, WORKLOAD_TYPES.map((t) => h('option', { value: t }, t)));
  type.value = WORKLOAD_TYPES.includes(initial.workload_type) ? initial.workload_type : 'CPU';
  const typeField = field('Workload type', type, `${at}.workload_type`);
  typeField.append(h('span.muted.hint', {}, 'Every type runs on this server\'s CPU.'));
  const env = envVarsEditor(at, initial.environment_vars);
  const keep = carried(initial, ['name', 'entity_name', 'entity_version', 'scale_to_zero_enabled', 'workload_size', 'workload_type',
    'min_provisioned_concurrency', 'max_provisioned_concurrency', 'environment_vars']);
  const base = shell(index, 'custom', initial, hooks,
    [field('Registered model', picker.model, `${at}.entity_name`), field('Version', picker.version, `${at}.entity_version`), sizedBy.select],
    [sizedBy.groups, h('div.row', {}, typeField, h('label.inline', {}, zero, ' Scale to zero')), env.element]);
  return {
    ...base,
    kind: 'custom',
    ready: picker.ready,
    check: env.check,
    value: () => ({
      entity: {
        ...keep,
        name: base.name(), entity_name: picker.model.value, entity_version: picker.version.value, scale_to_zero_enabled: zero.checked,
        workload_type: type.value,
        ...(sizedBy.chosen() === 'concurrency'
          ? { min_provisioned_concurrency: Number(minConcurrency.value), max_provisioned_concurrency: Number(maxConcurrency.value) }
          : { workload_size: size.value }),
        ...(env.value() ? { environment_vars: env.value() } : {}),
      },
      route: { served_model_name: base.name(), traffic_percentage: base.percent() },
    }),
  };
}

function externalRow(index, providers, initial, hooks) {
  const at = `served_entities[${index}]`;
  const model = `${at}.external_model`;
  const declared = initial.external_model || {};
  const provider = h('select', { name: `${model}.provider` }, providers.map((p) => h('option', { value: p.name }, p.name)));
  const startSpec = providerNamed(providers, declared.provider);
  provider.value = startSpec ? startSpec.name : '';
  const modelId = h('input', { name: `${model}.name`, value: declared.name || '', placeholder: 'gpt-4o-mini' });
  // The tasks offered are the provider's; a task chosen before stays while the provider serves it.
  const task = h('select', { name: `${model}.task` });
  const drawTasks = () => {
    const offered = (providerNamed(providers, provider.value) || {}).tasks || [];
    const wanted = task.value || declared.task;
    task.replaceChildren(...offered.map((t) => h('option', { value: t }, t)));
    task.value = offered.includes(wanted) ? wanted : offered[0] || '';
  };
  const blockBox = h('div.row.provider-fields');
  // Typed values survive a provider change or a field appearing; the block sent holds only the current provider's fields.
  const values = {};
  const startBlock = (startSpec && declared[startSpec.config_field]) || {};
  let inputs = [];
  const drawBlock = () => {
    const spec = providerNamed(providers, provider.value);
    if (!spec) {
      inputs = [];
      blockBox.replaceChildren(h('p.error', { role: 'alert' }, 'The server lists no external providers.'));
      return;
    }
    const seed = provider.value === declared.provider ? startBlock : {};
    const currentOf = (key) => values[`${spec.name}:${key}`] ?? readField(seed, key) ?? '';
    // An entity saved with a literal key shows no key field (the server never answers keys); an
    // update that leaves the field empty keeps the stored key. A key in an optional nested block
    // is kept only where that block was saved.
    const keptKey = (f) => initial.stored && seed === startBlock && readField(seed, f.key) === undefined
      && (!f.optional || (f.parent !== null && typeof readField(seed, f.parent) === 'object'));
    inputs = visibleFields(spec, currentOf).map((f) => {
      const path = `${model}.${spec.config_field}.${f.key}`;
      const current = String(currentOf(f.key));
      const secret = f.kind === 'secret';
      const kept = secret && keptKey(f);
      let control;
      if (f.kind === 'choice') {
        control = h('select', { name: path }, f.options.map((o) => h('option', { value: o }, o)));
        const wanted = (current || f.default || '').toLowerCase();
        control.value = f.options.find((o) => o.toLowerCase() === wanted) || f.options[0];
      } else {
        control = h('input', {
          name: path, value: current, placeholder: secret ? (kept ? KEPT_HINT : SECRET_HINT) : f.placeholder || null,
          inputmode: f.kind === 'url' ? 'url' : null, autocomplete: 'off', spellcheck: 'false',
        });
      }
      control.addEventListener(f.kind === 'choice' ? 'change' : 'input', () => {
        values[`${spec.name}:${f.key}`] = control.value;
        // A choice may bring other fields in or take them away.
        if (f.kind === 'choice') drawBlock();
      });
      // A choice always holds a value (its default at worst), so it is never shown as optional.
      const label = secret ? `${f.label} (secret reference${f.optional ? ', optional' : ''})` : f.optional && f.kind !== 'choice' ? `${f.label} (optional)` : f.label;
      const wrapped = field(label, control, path);
      if (secret) wrapped.append(h('span.muted.hint', {}, `A reference such as ${SECRET_HINT}, never the key itself.`));
      if (f.description) wrapped.append(h('span.muted.hint', {}, f.description));
      return { key: f.key, parent: f.parent, kept, control, wrapped };
    });
    blockBox.replaceChildren(...inputs.map((i) => i.wrapped));
  };
  provider.addEventListener('change', () => { drawTasks(); drawBlock(); });
  drawTasks();
  drawBlock();
  const block = () => {
    const sent = providerBlock(Object.fromEntries(inputs.map((i) => [i.key, i.control.value.trim()])));
    // The server carries a stored nested key over only into a block that is sent, even empty.
    for (const i of inputs) if (i.kept && i.parent && !i.control.value.trim()) sent[i.parent] ||= {};
    return sent;
  };
  const keep = carried(initial, ['name', 'external_model']);
  const base = shell(index, 'external', initial, hooks,
    [field('Provider', provider, `${model}.provider`), field('Model id at the provider', modelId, `${model}.name`), field('Task', task, `${model}.task`)],
    blockBox);
  return {
    ...base,
    kind: 'external',
    stored: initial.stored,
    ready: Promise.resolve(),
    check: () => true,
    value: () => {
      const spec = providerNamed(providers, provider.value);
      const external = { name: modelId.value.trim(), provider: provider.value, task: task.value };
      if (spec) external[spec.config_field] = block();
      return { entity: { ...keep, name: base.name(), external_model: external }, route: { served_model_name: base.name(), traffic_percentage: base.percent() } };
    },
  };
}

function foundationRow(index, models, initial, hooks) {
  const at = `served_entities[${index}]`;
  const info = h('p.muted', { 'data-testid': `throughput-info-${index}`, 'aria-live': 'polite' }, 'Choose a GGUF model version to see its throughput chunk.');
  let chunk = 0;
  const min = h('input', { type: 'number', min: 0, step: 1, inputmode: 'numeric', name: `${at}.min_provisioned_throughput`, value: String(initial.min_provisioned_throughput ?? 0) });
  const max = h('input', { type: 'number', min: 0, step: 1, inputmode: 'numeric', name: `${at}.max_provisioned_throughput`, value: initial.max_provisioned_throughput === undefined ? '' : String(initial.max_provisioned_throughput) });
  let asked = 0;
  const showInfo = async (modelName, version) => {
    chunk = 0;
    const ticket = ++asked;
    if (!modelName || !version) { info.textContent = 'Choose a GGUF model version to see its throughput chunk.'; return; }
    info.textContent = 'Reading the version\'s throughput chunk…';
    try {
      const answer = await get(`/api/2.0/serving-endpoints/get-model-optimization-info/${enc(modelName)}/${enc(version)}`);
      if (ticket !== asked) return;
      if (!answer.optimizable) { info.textContent = 'This version is not a GGUF foundation model; provisioned throughput cannot serve it.'; return; }
      chunk = answer.throughput_chunk_size;
      min.step = String(chunk);
      max.step = String(chunk);
      const measured = answer.measured_tokens_per_second == null ? 'not measured' : `${answer.measured_tokens_per_second} tokens/s measured on this host`;
      info.textContent = `Throughput chunk: ${chunk} tokens/s (min and max are multiples of it) · ${measured} · model type ${answer.model_type}`;
    } catch (error) {
      if (ticket === asked) info.textContent = `Throughput chunk not known: ${error.message}`;
    }
  };
  const picker = versionPicker(at, models, initial, showInfo);
  const zero = h('input', { type: 'checkbox', name: `${at}.scale_to_zero_enabled`, checked: initial.scale_to_zero_enabled ?? false });
  const minField = field('Min tokens/s', min, `${at}.min_provisioned_throughput`);
  const maxField = field('Max tokens/s', max, `${at}.max_provisioned_throughput`);
  // Model units (one unit = one throughput chunk of tokens/s here) are the newer sizing.
  const units = wholeNumber(`${at}.provisioned_model_units`, initial.provisioned_model_units);
  units.min = '1';
  const sizedBy = sizing(at, 'Sized by', [
    { value: 'band', label: 'Tokens/s band', fields: [minField, maxField] },
    { value: 'units', label: 'Units', fields: [field('Model units', units, `${at}.provisioned_model_units`)] },
  ], initial.provisioned_model_units !== undefined ? 'units' : 'band');
  const keep = carried(initial, ['name', 'entity_name', 'entity_version', 'scale_to_zero_enabled',
    'min_provisioned_throughput', 'max_provisioned_throughput', 'provisioned_model_units']);
  const base = shell(index, 'foundation', initial, hooks,
    [field('Registered model', picker.model, `${at}.entity_name`), field('Version', picker.version, `${at}.entity_version`), sizedBy.select],
    [sizedBy.groups, info, h('div.row', {}, h('label.inline', {}, zero, ' Scale to zero'))]);
  const slot = (label) => label.querySelector('[data-error-for]');
  return {
    ...base,
    kind: 'foundation',
    ready: picker.ready,
    // The server checks the band too; checking here says so before a round trip.
    check: () => {
      let ok = true;
      if (sizedBy.chosen() === 'units') return true;
      for (const [input, label, what] of [[min, minField, 'min_provisioned_throughput'], [max, maxField, 'max_provisioned_throughput']]) {
        if (input.value === '' || !chunk) continue;
        const value = Number(input.value);
        if (!Number.isInteger(value) || value % chunk !== 0) {
          const lower = Math.floor(value / chunk) * chunk;
          slot(label).textContent = `${at}.${what} must be a multiple of the throughput chunk of ${chunk} tokens/s (for example ${lower} or ${lower + chunk}).`;
          ok = false;
        }
      }
      return ok;
    },
    value: () => {
      const entity = { ...keep, name: base.name(), entity_name: picker.model.value, entity_version: picker.version.value, scale_to_zero_enabled: zero.checked };
      if (sizedBy.chosen() === 'units') {
        if (units.value !== '') entity.provisioned_model_units = Number(units.value);
      } else {
        if (min.value !== '') entity.min_provisioned_throughput = Number(min.value);
        if (max.value !== '') entity.max_provisioned_throughput = Number(max.value);
      }
      return { entity, route: { served_model_name: base.name(), traffic_percentage: base.percent() } };
    },
  };
}

/**
 * The row for `kind`; `sources` holds the registered models and the external providers the rows
 * choose from; hooks: onChange (the split moved), onRemove, onKind (the first row chose another kind).
 */
export function entityRow(kind, index, sources, initial, hooks) {
  if (kind === 'external') return externalRow(index, sources.providers, initial, hooks);
  if (kind === 'foundation') return foundationRow(index, sources.models, initial, hooks);
  return customRow(index, sources.models, initial, hooks);
}
