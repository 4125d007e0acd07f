// One config version's diff (GET …/config-history): a table of path, from, to. A value that was
// not there (an added entity, a removed field) is said in words rather than shown as "null".
import { h } from '../dom.js';

/** A diff value: a scalar as text, an object or list as compact JSON (an added entity, a route). */
export function diffValue(value, absent) {
  if (value === null || value === undefined) return h('span.muted', {}, absent);
  if (typeof value === 'object') return h('code.diff-json', {}, JSON.stringify(value));
  return h('code', {}, String(value));
}

/** The table, or a line saying there is nothing to show. */
export function diffTable(diff, version) {
  if (!diff || diff.length === 0) {
    return h('p.muted', { 'data-testid': 'diff-empty' }, version === 1 ? 'The first version: nothing before it to compare with.' : 'No change from the version before.');
  }
  return h('table.stack.diff', { 'data-testid': 'diff' },
    h('caption.visually-hidden', {}, `What config version ${version} changed`),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Setting'), h('th', { scope: 'col' }, 'From'), h('th', { scope: 'col' }, 'To'))),
    h('tbody', {}, diff.map((change) => h('tr', { 'data-path': change.path },
      h('td', { 'data-label': 'Setting' }, h('code', {}, change.path)),
      h('td', { 'data-label': 'From' }, diffValue(change.from, '(not set)')),
      h('td', { 'data-label': 'To' }, diffValue(change.to, '(removed)'))))));
}
