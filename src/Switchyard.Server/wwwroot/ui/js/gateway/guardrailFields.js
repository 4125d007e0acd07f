// One side (input or output) of the gateway's guardrails: PII behaviour, the safety filter and the
// keyword lists, typed as comma- or line-separated words. An untouched side is left out of the config.
import { h, field } from '../dom.js';

export const PII = [
  { value: 'NONE', label: 'NONE: let it through' },
  { value: 'BLOCK', label: 'BLOCK: refuse it' },
  { value: 'MASK', label: 'MASK: replace it with a tag such as [EMAIL]' },
];

/** The words of a comma- or line-separated list, trimmed, empty ones dropped. */
export const wordsOf = (text) => text.split(/[,\n]/).map((word) => word.trim()).filter(Boolean);

/** The fields of `side` ('input' or 'output') filled from the stored parameters; `value()` is the wire block or null. */
export function guardrailFields(side, stored = {}) {
  const at = `ai_gateway.guardrails.${side}`;
  const title = side === 'input' ? 'Input guardrails (the request)' : 'Output guardrails (the answer)';
  const pii = h('select', { name: `${at}.pii.behavior` }, PII.map((p) => h('option', { value: p.value }, p.label)));
  pii.value = (stored.pii && stored.pii.behavior) || 'NONE';
  const safety = h('input', { type: 'checkbox', name: `${at}.safety`, checked: !!stored.safety });
  const keywords = h('textarea.short', { name: `${at}.invalid_keywords`, rows: 2 }, (stored.invalid_keywords || []).join(', '));
  const topics = h('textarea.short', { name: `${at}.valid_topics`, rows: 2 }, (stored.valid_topics || []).join(', '));
  const element = h('fieldset.gateway-block', { 'data-guardrails': side },
    h('legend', {}, title),
    h('div.row', {},
      field('PII (personal data)', pii, `${at}.pii`),
      h('label.inline', {}, safety, ' Safety filter')),
    h('div.row', {},
      field('Invalid keywords (comma- or line-separated)', keywords, `${at}.invalid_keywords`),
      field('Valid topics (comma- or line-separated)', topics, `${at}.valid_topics`)),
    h('span.error', { role: 'alert', 'data-error-for': at }));
  const value = () => {
    const block = {};
    if (pii.value !== 'NONE') block.pii = { behavior: pii.value };
    if (safety.checked) block.safety = true;
    if (wordsOf(keywords.value).length) block.invalid_keywords = wordsOf(keywords.value);
    if (wordsOf(topics.value).length) block.valid_topics = wordsOf(topics.value);
    return Object.keys(block).length ? block : null;
  };
  return { element, value };
}
