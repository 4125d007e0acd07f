// The AI Gateway settings in words, for callers who may see but not change them.
import { h } from '../dom.js';

const onOff = (block) => (block && block.enabled ? 'On' : 'Off');
const who = (rule) => (rule.key === 'endpoint' || !rule.key ? 'endpoint (all callers)' : `${rule.key}${rule.principal ? ` ${rule.principal}` : ' (each their own)'}`);
const limitText = (rule) => [rule.calls !== undefined ? `${rule.calls} calls` : null, rule.tokens !== undefined ? `${rule.tokens} tokens` : null]
  .filter(Boolean).join(' and ') + ` per ${rule.renewal_period} for ${who(rule)}`;
const sideText = (side) => {
  if (!side) return 'None';
  const parts = [`PII ${(side.pii && side.pii.behavior) || 'NONE'}`, `safety ${side.safety ? 'on' : 'off'}`];
  if ((side.invalid_keywords || []).length) parts.push(`invalid keywords: ${side.invalid_keywords.join(', ')}`);
  if ((side.valid_topics || []).length) parts.push(`valid topics: ${side.valid_topics.join(', ')}`);
  return parts.join('; ');
};
const list = (items, text, none) => (items && items.length ? h('ul', {}, items.map((item) => h('li', {}, text(item)))) : none);

/** The stored ai_gateway config as a definition list. */
export function gatewaySummary(stored) {
  const table = stored.inference_table_config;
  const guardrails = stored.guardrails || {};
  return h('dl.facts', { 'data-testid': 'gateway-summary' },
    h('dt', {}, 'Usage tracking'), h('dd', {}, onOff(stored.usage_tracking_config)),
    h('dt', {}, 'Inference table'), h('dd', {}, table && table.catalog_name
      ? `${onOff(table)}: ${table.catalog_name}.${table.schema_name}.${table.table_name_prefix || '<endpoint name>'}_payload${table.sampling_fraction !== undefined ? `, sampling ${table.sampling_fraction}` : ''}`
      : onOff(table)),
    h('dt', {}, 'Rate limits'), h('dd', {}, list(stored.rate_limits, limitText, 'None')),
    h('dt', {}, 'Budgets'), h('dd', {}, list(stored.budgets, (b) => `${b.tokens} tokens per ${b.period} for ${who(b)}`, 'None')),
    h('dt', {}, 'Input guardrails'), h('dd', {}, sideText(guardrails.input)),
    h('dt', {}, 'Output guardrails'), h('dd', {}, sideText(guardrails.output)),
    h('dt', {}, 'Fallback'), h('dd', {}, onOff(stored.fallback_config)));
}
