// An editable list of name/value pairs in a form: a served entity's environment variables, an
// endpoint's tags. Each pair is a row of two labelled inputs and a remove button; "Add" appends
// a row and puts the focus in it, "Remove" takes one out and puts the focus on the add button, so
// the list is used from the keyboard alone. Rows left wholly empty are not sent.
import { h, field } from './dom.js';

/**
 * options: legend, hint (a line under the legend), path (where the server's problems about the
 * whole list land; a pair's name field takes those about `path[i]`), pairs ([name, value] to start
 * with), addLabel, itemLabel(i) ('Variable 1'), nameLabel and valueLabel (after the item label),
 * errorPath(name, i) (the field the server names for a pair's value), valueNote(value) (a line
 * under a value, or ''), valueRequired (a name needs a value).
 * Answers { element, entries() -> [[name, value]], check() -> true when it may be sent }.
 */
export function pairsEditor(options) {
  const { legend, hint, path, addLabel, itemLabel, nameLabel, valueLabel, errorPath, valueNote = () => '', valueRequired = false } = options;
  const box = h('div.pairs');
  const add = h('button.secondary', { type: 'button' }, addLabel);
  const empty = h('p.muted', {}, 'None.');
  let rows = [];

  const makeRow = ([name, value]) => {
    const nameInput = h('input', { value: name, autocomplete: 'off', spellcheck: 'false' });
    const valueInput = h('input', { value, autocomplete: 'off', spellcheck: 'false' });
    const note = h('span.muted.hint');
    const nameField = field('', nameInput, 'pair-name');
    const valueField = field('', valueInput, 'pair-value');
    const remove = h('button.secondary', { type: 'button' }, 'Remove');
    const row = { nameInput, valueInput, nameField, valueField, remove, note };
    // The server names a pair by its name (…environment_vars.KEY): the value's slot follows the name as it is typed.
    const follow = () => {
      const i = rows.indexOf(row);
      const at = errorPath(nameInput.value.trim(), i);
      valueField.querySelector('[data-error-for]').setAttribute('data-error-for', at);
      valueInput.setAttribute('data-field', at);
      note.textContent = valueNote(valueInput.value);
      remove.setAttribute('aria-label', `Remove ${itemLabel(i).toLowerCase()}${nameInput.value.trim() ? ` (${nameInput.value.trim()})` : ''}`);
    };
    nameInput.addEventListener('input', follow);
    valueInput.addEventListener('input', follow);
    remove.addEventListener('click', () => {
      rows = rows.filter((r) => r !== row);
      draw();
      add.focus();
    });
    row.follow = follow;
    row.element = h('div.row.pair', {}, nameField, h('div.pair-value', {}, valueField, note), remove);
    return row;
  };

  // Labels carry the row's number, so they are renumbered whenever a row comes or goes.
  const draw = () => {
    rows.forEach((row, i) => {
      row.nameField.firstChild.textContent = `${itemLabel(i)} ${nameLabel}`;
      row.valueField.firstChild.textContent = `${itemLabel(i)} ${valueLabel}`;
      row.nameField.querySelector('[data-error-for]').setAttribute('data-error-for', `${path}[${i}]`);
      row.element.setAttribute('data-pair', String(i));
      row.follow();
    });
    box.replaceChildren(...(rows.length ? rows.map((r) => r.element) : [empty]));
  };

  add.addEventListener('click', () => {
    rows.push(makeRow(['', '']));
    draw();
    rows[rows.length - 1].nameInput.focus();
  });
  rows = (options.pairs || []).map(makeRow);
  draw();

  const filled = () => rows.filter((r) => r.nameInput.value.trim() || r.valueInput.value);
  const slotOf = (row) => row.nameField.querySelector('[data-error-for]');
  return {
    element: h('fieldset.pairs-block', {}, h('legend', {}, legend), hint ? h('p.muted.hint', {}, hint) : null, box, add,
      h('span.error', { role: 'alert', 'data-error-for': path })),
    entries: () => filled().map((r) => [r.nameInput.value.trim(), r.valueInput.value]),
    check: () => {
      let ok = true;
      const seen = new Set();
      for (const row of filled()) {
        const name = row.nameInput.value.trim();
        let problem = '';
        if (!name) problem = `Give ${itemLabel(rows.indexOf(row)).toLowerCase()} a ${nameLabel}, or remove it.`;
        else if (seen.has(name)) problem = `${name} is given twice; give each ${nameLabel} once.`;
        else if (valueRequired && !row.valueInput.value) problem = `Give ${name} a ${valueLabel}, or remove it.`;
        seen.add(name);
        if (problem) {
          slotOf(row).textContent = problem;
          ok = false;
        }
      }
      return ok;
    },
  };
}
