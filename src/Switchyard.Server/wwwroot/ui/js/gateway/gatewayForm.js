// The endpoint page's AI Gateway card: for CAN_MANAGE a form of the whole ai_gateway config (usage
// tracking, inference table, rate limits, budgets, guardrails, fallback) saved with
// PUT …/ai-gateway, whose answer (the stored config) fills the form again; for others the same
// settings in words. Blocks left empty are left out of the config; the server's 400 lands by field.
import { h, field } from '../dom.js';
import { call, enc } from '../api.js';
import { showFieldErrors } from '../fieldErrors.js';
import { ruleList, rateLimitRow, budgetRow } from './gatewayRules.js';
import { guardrailFields } from './guardrailFields.js';
import { gatewaySummary } from './gatewaySummary.js';

const checkbox = (name, checked) => h('input', { type: 'checkbox', name, checked: !!checked });

/** The inference table's fields; while the stored table is enabled its names are locked, as the server requires. */
function inferenceTableFields(stored = {}) {
  const at = 'ai_gateway.inference_table_config';
  const locked = stored.enabled === true;
  const name = (key, label) => {
    const input = h('input', { name: `${at}.${key}`, value: stored[key] || '', autocomplete: 'off', spellcheck: 'false', readonly: locked });
    return { input, field: field(label, input, `${at}.${key}`) };
  };
  const catalog = name('catalog_name', 'Catalog');
  const schema = name('schema_name', 'Schema');
  const prefix = name('table_name_prefix', 'Table name prefix');
  const enabled = checkbox(`${at}.enabled`, stored.enabled);
  const sampling = h('input', { type: 'number', min: 0, max: 1, step: 0.01, inputmode: 'decimal', name: `${at}.sampling_fraction`, value: stored.sampling_fraction === undefined ? '' : String(stored.sampling_fraction) });
  const element = h('fieldset.gateway-block', {},
    h('legend', {}, 'Inference table'),
    h('p.muted.hint', { id: 'inference-table-help' }, locked
      ? 'The table is enabled, so its catalog, schema and prefix cannot change: save it disabled first, then rename it.'
      : 'Catalog and schema are needed to enable it. Names cannot change while the table is enabled (disable it first). The table is <catalog>.<schema>.<prefix>_payload.'),
    h('div.row', {}, h('label.inline', {}, enabled, ' Write an inference table')),
    h('div.row', {}, catalog.field, schema.field, prefix.field,
      field('Sampling fraction (0 to 1, empty: every query)', sampling, `${at}.sampling_fraction`)),
    h('span.error', { role: 'alert', 'data-error-for': at }));
  for (const input of [catalog.input, schema.input, prefix.input]) input.setAttribute('aria-describedby', 'inference-table-help');
  const value = () => {
    const block = {};
    for (const [key, { input }] of Object.entries({ catalog_name: catalog, schema_name: schema, table_name_prefix: prefix })) {
      if (input.value.trim()) block[key] = input.value.trim();
    }
    if (sampling.value.trim()) block.sampling_fraction = Number(sampling.value);
    // A disabled table without names is an empty block; a disabled one with names keeps them.
    if (!enabled.checked && Object.keys(block).length === 0) return null;
    return { ...block, enabled: enabled.checked };
  };
  return { element, value };
}

/** The form, filled from `stored`; `onSaved(config)` hears the stored config after a save. */
function gatewayForm(endpointName, stored, onSaved) {
  const usage = checkbox('ai_gateway.usage_tracking_config.enabled', stored.usage_tracking_config && stored.usage_tracking_config.enabled);
  const fallback = checkbox('ai_gateway.fallback_config.enabled', stored.fallback_config && stored.fallback_config.enabled);
  const table = inferenceTableFields(stored.inference_table_config);
  const limits = ruleList({
    legend: 'Rate limits', path: 'ai_gateway.rate_limits', empty: 'No rate limits.', addLabel: 'Add rate limit',
    help: 'Calls and/or tokens per window. Every matching limit applies and the stricter wins; 0 disables the endpoint for whom it names.',
    rules: stored.rate_limits, row: rateLimitRow,
  });
  const budgets = ruleList({
    legend: 'Token budgets', path: 'ai_gateway.budgets', empty: 'No budgets.', addLabel: 'Add budget',
    help: 'Tokens (input and output) per day or month; a caller over budget is refused until the next period.',
    rules: stored.budgets, row: budgetRow,
  });
  const guardrails = stored.guardrails || {};
  const input = guardrailFields('input', guardrails.input);
  const output = guardrailFields('output', guardrails.output);
  const formError = h('p.error', { role: 'alert', 'data-testid': 'gateway-error' });
  const saved = h('p.muted', { role: 'status', 'data-testid': 'gateway-saved' });
  const submit = h('button', { type: 'submit' }, 'Save gateway settings');

  const config = () => {
    const body = {};
    if (usage.checked) body.usage_tracking_config = { enabled: true };
    const inferenceTable = table.value();
    if (inferenceTable) body.inference_table_config = inferenceTable;
    if (limits.values().length) body.rate_limits = limits.values();
    if (budgets.values().length) body.budgets = budgets.values();
    const sides = { input: input.value(), output: output.value() };
    if (sides.input || sides.output) body.guardrails = Object.fromEntries(Object.entries(sides).filter(([, side]) => side));
    if (fallback.checked) body.fallback_config = { enabled: true };
    return body;
  };

  const form = h('form', { novalidate: true, 'data-testid': 'gateway-form' },
    h('fieldset.gateway-block', {}, h('legend', {}, 'Usage tracking'),
      h('div.row', {}, h('label.inline', {}, usage, ' Track usage (one row per request: requester, tokens, latency)')),
      h('span.error', { role: 'alert', 'data-error-for': 'ai_gateway.usage_tracking_config' })),
    table.element,
    limits.element,
    budgets.element,
    input.element,
    output.element,
    h('fieldset.gateway-block', {}, h('legend', {}, 'Fallback'),
      h('div.row', {}, h('label.inline', {}, fallback, ' Fall back to the other served entities when one fails')),
      h('span.error', { role: 'alert', 'data-error-for': 'ai_gateway.fallback_config' })),
    formError,
    h('div.row', {}, submit),
    saved);

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    formError.textContent = '';
    saved.textContent = '';
    showFieldErrors(form, '');
    submit.disabled = true;
    try {
      const { body } = await call('PUT', `/api/2.0/serving-endpoints/${enc(endpointName)}/ai-gateway`, config());
      onSaved(body || {});
    } catch (error) {
      // Problems naming a field go beside it; the rest (or a pointer to them) stays at the form.
      const rest = showFieldErrors(form, error.message);
      formError.textContent = rest || 'The server refused the settings: see the fields marked above.';
      form.querySelector('.error:not(:empty)')?.scrollIntoView({ block: 'center' });
    } finally {
      submit.disabled = false;
    }
  });
  return { form, saved };
}

/**
 * The card: the form for managers (refilled with what the server stored after each save), the
 * settings in words for others. `onSaved(config)` hears each stored config.
 */
export function gatewayCard(endpoint, manage, onSaved = () => {}) {
  const card = h('section.card', { 'aria-label': 'AI Gateway', 'data-testid': 'gateway' });
  const draw = (stored, message) => {
    if (!manage) {
      card.replaceChildren(h('h2', {}, 'AI Gateway'), h('p.muted', {}, 'Changing these settings needs CAN_MANAGE.'), gatewaySummary(stored));
      return;
    }
    const { form, saved } = gatewayForm(endpoint.name, stored, (answer) => {
      draw(answer, 'Saved. The form shows the config the server stored.');
      onSaved(answer);
      card.querySelector('[data-testid="gateway-saved"]').focus();
    });
    saved.textContent = message || '';
    saved.tabIndex = -1;
    card.replaceChildren(h('h2', {}, 'AI Gateway'), form);
  };
  draw(endpoint.ai_gateway || {});
  return card;
}
