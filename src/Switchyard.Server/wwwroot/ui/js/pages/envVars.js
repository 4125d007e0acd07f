// A custom-model entity's environment variables (environment_vars): names and values, each value a
// literal or a secret reference {{secrets/<scope>/<key>}}. The server checks each reference (the
// secret exists and the config's creator may read it) and never answers a secret's value, only the
// reference as written, so the form shows and sends references, never values.
import { pairsEditor } from '../pairs.js';
import { SECRET_HINT } from '../providers.js';

// The server's own pattern (SecretReference.cs): a whole value, spaces allowed inside the braces.
const REFERENCE = /^\{\{\s*secrets\/([A-Za-z0-9_.@-]{1,128})\/([A-Za-z0-9_.-]{1,128})\s*\}\}$/;

/** What a value is, in words: a secret reference (which scope and key), a malformed one, or nothing for a literal. */
export function valueNote(value) {
  const match = value.match(REFERENCE);
  if (match) return `Secret reference: scope ${match[1]}, key ${match[2]}.`;
  if (value.includes('{{secrets/')) return `Not a secret reference as written: use ${SECRET_HINT}.`;
  return '';
}

/** The editor of the entity at `at` (served_entities[0]), filled from its saved variables. */
export function envVarsEditor(at, saved = {}) {
  const path = `${at}.environment_vars`;
  const editor = pairsEditor({
    legend: 'Environment variables',
    hint: `Set for the model when it loads. A value is a literal, or a secret reference such as ${SECRET_HINT}: the model gets the secret, and no page or answer shows it. Literals are shown as typed, so keep secrets in a secret scope.`,
    path,
    pairs: Object.entries(saved || {}).map(([name, value]) => [name, String(value)]),
    addLabel: 'Add environment variable',
    itemLabel: (i) => `Variable ${i + 1}`,
    nameLabel: 'name',
    valueLabel: 'value',
    // The server names a variable by its name; a nameless row gets a path the server never names.
    errorPath: (name, i) => (name ? `${path}.${name}` : `${path}[${i}].value`),
    valueNote,
  });
  return {
    element: editor.element,
    check: editor.check,
    /** The environment_vars object, or undefined when there are none (the field is then left out). */
    value: () => {
      const entries = editor.entries();
      return entries.length ? Object.fromEntries(entries) : undefined;
    },
  };
}
