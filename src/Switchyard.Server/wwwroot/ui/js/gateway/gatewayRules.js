// The gateway form's editable lists: rate limits ({key, principal?, calls?, tokens?, renewal_period})
// and token budgets ({key, principal?, tokens, period}). Rows are numbered as the server names
// them (ai_gateway.rate_limits[1].calls), so its message lands beside the field it is about.
import { h, field } from '../dom.js';

export const KEYS = [
  { value: 'endpoint', label: 'Endpoint (everyone)' },
  { value: 'user', label: 'User' },
  { value: 'user_group', label: 'User group' },
  { value: 'service_principal', label: 'Service principal' },
];
export const WINDOWS = ['minute', 'hour', 'day'];
export const PERIODS = ['day', 'month'];

const choice = (name, options, value) => {
  const select = h('select', { name }, options.map((o) => (typeof o === 'string' ? h('option', { value: o }, o) : h('option', { value: o.value }, o.label))));
  select.value = value;
  return select;
};

const count = (name, value) => h('input', { type: 'number', min: 0, step: 1, inputmode: 'numeric', name, value: value === undefined || value === null ? '' : String(value) });

/** A whole number typed into `input`, or undefined when it is empty (the field is then left out). */
const numberIn = (input) => (input.value.trim() === '' ? undefined : Number(input.value));

/** The key select and the principal field; the principal hides for the endpoint key, which names no one. */
function whoFields(at, rule) {
  const key = choice(`${at}.key`, KEYS, rule.key || 'endpoint');
  const principal = h('input', { name: `${at}.principal`, value: rule.principal || '', autocomplete: 'off', spellcheck: 'false' });
  const principalField = field('Principal (optional: empty gives each one their own)', principal, `${at}.principal`);
  const sync = () => { principalField.hidden = key.value === 'endpoint'; };
  key.addEventListener('change', sync);
  sync();
  return {
    fields: [field('Key', key, `${at}.key`), principalField],
    value: () => ({ key: key.value, ...(key.value !== 'endpoint' && principal.value.trim() ? { principal: principal.value.trim() } : {}) }),
  };
}

function ruleFieldset(attrs, legend, at, fields, onRemove) {
  return h('fieldset.entity.rule', attrs,
    h('legend', {}, legend),
    h('div.row', {}, fields, h('button.secondary', { type: 'button', onclick: onRemove }, `Remove ${legend.toLowerCase()}`)),
    h('span.error', { role: 'alert', 'data-error-for': at }));
}

/** One rate limit: who it counts, calls and/or tokens, per window. */
export function rateLimitRow(index, rule, onRemove) {
  const at = `ai_gateway.rate_limits[${index}]`;
  const who = whoFields(at, rule);
  const calls = count(`${at}.calls`, rule.calls);
  const tokens = count(`${at}.tokens`, rule.tokens);
  const window = choice(`${at}.renewal_period`, WINDOWS, rule.renewal_period || 'minute');
  const element = ruleFieldset({ 'data-rate-limit': index }, `Rate limit ${index + 1}`, at, [
    who.fields,
    field('Calls', calls, `${at}.calls`),
    field('Tokens', tokens, `${at}.tokens`),
    field('Per', window, `${at}.renewal_period`),
  ], onRemove);
  return { element, value: () => ({ ...who.value(), calls: numberIn(calls), tokens: numberIn(tokens), renewal_period: window.value }) };
}

/** One token budget: who it counts and how many tokens per day or month. */
export function budgetRow(index, rule, onRemove) {
  const at = `ai_gateway.budgets[${index}]`;
  const who = whoFields(at, rule);
  const tokens = count(`${at}.tokens`, rule.tokens);
  const period = choice(`${at}.period`, PERIODS, rule.period || 'month');
  const element = ruleFieldset({ 'data-budget': index }, `Budget ${index + 1}`, at, [
    who.fields,
    field('Tokens', tokens, `${at}.tokens`),
    field('Per', period, `${at}.period`),
  ], onRemove);
  return { element, value: () => ({ ...who.value(), tokens: numberIn(tokens), period: period.value }) };
}

/**
 * A list of rule rows with its add button. `values()` gives the rules as typed (empty numbers
 * left out); removing a row renumbers the rest, as the list the server reads.
 */
export function ruleList({ legend, path, empty, addLabel, rules, row, help }) {
  const box = h('div');
  const add = h('button.secondary', { type: 'button' }, addLabel);
  let rows = [];
  const values = () => rows.map((r) => JSON.parse(JSON.stringify(r.value())));
  const rebuild = (list) => {
    rows = list.map((rule, i) => row(i, rule, () => { rebuild(values().filter((_, j) => j !== i)); add.focus(); }));
    box.replaceChildren(...(rows.length ? rows.map((r) => r.element) : [h('p.muted', {}, empty)]));
  };
  add.addEventListener('click', () => {
    rebuild([...values(), {}]);
    rows[rows.length - 1].element.querySelector('select, input').focus();
  });
  rebuild(rules || []);
  const element = h('fieldset.gateway-block', {}, h('legend', {}, legend), help ? h('p.muted.hint', {}, help) : null, box, add,
    h('span.error', { role: 'alert', 'data-error-for': path }));
  return { element, values };
}
