// The external-model providers the server serves, as GET /api/2.0/external-providers describes
// them: each provider's name, config block, tasks and fields (kind, label, required, choices,
// conditions, nested blocks). Read once and kept, so the form is built from what the server
// checks instead of from a copy of it; the server still checks every block and names any field
// that is wrong.
import { get } from './api.js';

export const SECRET_HINT = '{{secrets/<scope>/<key>}}';

/** The placeholder of a key field whose key the server keeps (sealed, never shown): empty keeps it. */
export const KEPT_HINT = 'A key is stored: leave empty to keep it';

let loading = null;

/** Every provider, fetched on first use and kept for the page's life (a failed read is tried again next time). */
export function loadProviders() {
  loading ||= get('/api/2.0/external-providers')
    .then((answer) => (answer && answer.providers) || [])
    .catch((error) => { loading = null; throw error; });
  return loading;
}

export const providerNamed = (providers, name) => providers.find((p) => p.name === name) || providers[0];

/** Whether a field applies, given the values of its siblings (a condition names a sibling choice, whose default stands in when it is unset). */
const applies = (f, siblings, valueOf) => {
  if (!f.when) return true;
  const choice = siblings.find((s) => s.name === f.when.field);
  const value = (valueOf(f.when.field) || (choice && choice.default) || '').toLowerCase();
  return f.when.in.some((v) => v.toLowerCase() === value);
};

/**
 * The fields a form shows for `provider` now, flattened: a nested block's fields come with dotted
 * keys (`bearer_token_auth.token`) and the block's name as `parent`. `valueOf(key)` gives a field's
 * current value, for the conditions. A field is optional when it or its block is.
 */
export function visibleFields(provider, valueOf) {
  const shown = [];
  const walk = (fields, prefix, parent, optionalBlock) => {
    for (const f of fields) {
      if (!applies(f, fields, (name) => valueOf(prefix + name))) continue;
      if (f.kind === 'block') walk(f.fields || [], `${prefix}${f.name}.`, prefix + f.name, optionalBlock || !f.required);
      else shown.push({ ...f, key: prefix + f.name, parent, optional: optionalBlock || !f.required });
    }
  };
  walk(provider.fields || [], '', null, false);
  return shown;
}

/** Reads a field's value from a config block; dotted keys reach into nested blocks. */
export const readField = (block, key) => key.split('.').reduce((node, part) => (node && typeof node === 'object' ? node[part] : undefined), block);

/** Builds a config block from the form's values, leaving out empty fields (and empty nested blocks). */
export function providerBlock(values) {
  const block = {};
  for (const [key, value] of Object.entries(values)) {
    if (value === '' || value === undefined) continue;
    const parts = key.split('.');
    let node = block;
    for (const part of parts.slice(0, -1)) node = (node[part] ||= {});
    node[parts[parts.length - 1]] = value;
  }
  return block;
}
