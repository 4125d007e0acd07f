// One served-entity row of the config form per kind: a custom model (registry + workload size),
// an external model (provider, model id, task, the provider's config block) or a provisioned-
// throughput foundation model (GGUF version + tokens/s band). Every row answers the same shape:
// { row, ready, kind, percent(), value() -> { entity, route }, check() -> true when it may be sent }.
import { h, field } from '../dom.js';
import { get, enc } from '../api.js';
import { listVersions } from '../registryData.js';
import { KEPT_HINT, PROVIDERS, TASKS, SECRET_HINT, providerNamed, readField, providerBlock } from '../providers.js';

const SIZES = ['Small', 'Medium', 'Large'];

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
  const base = shell(index, 'custom', initial, hooks,
    [field('Registered model', picker.model, `${at}.entity_name`), field('Version', picker.version, `${at}.entity_version`), sizedBy.select],
    [sizedBy.groups, h('div.row', {}, h('label.inline', {}, zero, ' Scale to zero'))]);
  return {
    ...base,
    kind: 'custom',
    ready: picker.ready,
    check: () => true,
    value: () => ({
      entity: {
        name: base.name(), entity_name: picker.model.value, entity_version: picker.version.value, scale_to_zero_enabled: zero.checked,
        ...(sizedBy.chosen() === 'concurrency'
          ? { min_provisioned_concurrency: Number(minConcurrency.value), max_provisioned_concurrency: Number(maxConcurrency.value) }
          : { workload_size: size.value }),
      },
      route: { served_model_name: base.name(), traffic_percentage: base.percent() },
    }),
  };
}

function externalRow(index, initial, hooks) {
  const at = `served_entities[${index}]`;
  const model = `${at}.external_model`;
  const declared = initial.external_model || {};
  const provider = h('select', { name: `${model}.provider` }, PROVIDERS.map((p) => h('option', { value: p.name }, p.name)));
  provider.value = providerNamed(declared.provider).name;
  const modelId = h('input', { name: `${model}.name`, value: declared.name || '', placeholder: 'gpt-4o-mini' });
  const task = h('select', { name: `${model}.task` }, TASKS.map((t) => h('option', { value: t }, t)));
  task.value = TASKS.includes(declared.task) ? declared.task : TASKS[0];
  const blockBox = h('div.row.provider-fields');
  // Typed values survive a provider change or a field appearing; the block sent holds only the current provider's fields.
  const values = {};
  const startBlock = declared[providerNamed(declared.provider).block] || {};
  let inputs = [];
  const drawBlock = () => {
    const spec = providerNamed(provider.value);
    const seed = provider.value === declared.provider ? startBlock : {};
    const currentOf = (key) => values[`${spec.name}:${key}`] ?? readField(seed, key) ?? '';
    // An entity saved with a literal key shows no key field (the server never answers keys); an
    // update that leaves the field empty keeps the stored key.
    const keptKey = (f) => !f.optional && initial.stored && seed === startBlock && readField(seed, f.key) === undefined;
    inputs = spec.fields({ openai_api_type: currentOf('openai_api_type') }).map((f) => {
      const path = `${model}.${spec.block}.${f.key}`;
      const current = currentOf(f.key);
      const control = f.options
        ? h('select', { name: path }, f.options.map((o) => h('option', { value: o }, o)))
        : h('input', { name: path, value: String(current), placeholder: f.secret ? (keptKey(f) ? KEPT_HINT : SECRET_HINT) : f.placeholder || null, autocomplete: 'off', spellcheck: 'false' });
      if (f.options) control.value = f.options.includes(current) ? current : f.options[0];
      control.addEventListener(f.options ? 'change' : 'input', () => {
        values[`${spec.name}:${f.key}`] = control.value;
        if (f.options) drawBlock();
      });
      const label = f.secret ? `${f.label} (secret reference${f.optional ? ', optional' : ''})` : f.optional ? `${f.label} (optional)` : f.label;
      const wrapped = field(label, control, path);
      if (f.secret) wrapped.append(h('span.muted.hint', {}, `A reference such as ${SECRET_HINT}, never the key itself.`));
      return { key: f.key, control, wrapped };
    });
    blockBox.replaceChildren(...inputs.map((i) => i.wrapped));
  };
  provider.addEventListener('change', drawBlock);
  drawBlock();
  const base = shell(index, 'external', initial, hooks,
    [field('Provider', provider, `${model}.provider`), field('Model id at the provider', modelId, `${model}.name`), field('Task', task, `${model}.task`)],
    blockBox);
  return {
    ...base,
    kind: 'external',
    stored: initial.stored,
    ready: Promise.resolve(),
    check: () => true,
    value: () => ({
      entity: {
        name: base.name(),
        external_model: {
          name: modelId.value.trim(),
          provider: provider.value,
          task: task.value,
          [providerNamed(provider.value).block]: providerBlock(Object.fromEntries(inputs.map((i) => [i.key, i.control.value.trim()]))),
        },
      },
      route: { served_model_name: base.name(), traffic_percentage: base.percent() },
    }),
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
      const entity = { name: base.name(), entity_name: picker.model.value, entity_version: picker.version.value, scale_to_zero_enabled: zero.checked };
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

/** The row for `kind`; hooks: onChange (the split moved), onRemove, onKind (the first row chose another kind). */
export function entityRow(kind, index, models, initial, hooks) {
  if (kind === 'external') return externalRow(index, initial, hooks);
  if (kind === 'foundation') return foundationRow(index, models, initial, hooks);
  return customRow(index, models, initial, hooks);
}
