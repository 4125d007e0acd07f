// The endpoint page's permissions card: the ACL of GET /api/2.0/permissions/serving-endpoints/{id}.
// Managers add or change a grant with PATCH (it merges by principal) and remove one with PUT of the
// direct grants without it: the API has no per-entry delete. The server checks every entry and
// changes nothing on an error; the card shows its message and reads the table again after a change.
import { h, field, errorBox } from './dom.js';
import { get, call, enc } from './api.js';
import { canManage } from './levels.js';

/** The ACL's principal fields, with how the UI names each kind. */
const KINDS = [
  { field: 'user_name', label: 'User' },
  { field: 'group_name', label: 'Group' },
  { field: 'service_principal_name', label: 'Service principal' },
];
const kindLabel = (fieldName) => (KINDS.find((k) => k.field === fieldName) || KINDS[0]).label;

// Used when the server has no permissionLevels route; the same three levels the API accepts.
const DEFAULT_LEVELS = ['CAN_VIEW', 'CAN_QUERY', 'CAN_MANAGE'].map((level) => ({ permission_level: level }));

/** One row per (principal, level): the ACL's entries flattened, direct and inherited alike. */
function rowsOf(acl) {
  return (acl.access_control_list || []).flatMap((entry) => {
    const kind = KINDS.find((k) => entry[k.field] !== undefined) || KINDS[0];
    return (entry.all_permissions || []).map((p) => ({
      field: kind.field,
      name: entry[kind.field],
      level: p.permission_level,
      inherited: !!p.inherited,
      from: (p.inherited_from_object || []).join(', '),
    }));
  });
}

/** The creator's CAN_MANAGE stays whatever is asked (the API ignores changes to it), so it gets no controls. */
const isCreator = (row, endpoint) => !row.inherited && row.field !== 'group_name' && row.name === endpoint.creator;

const who = (row) => `${kindLabel(row.field).toLowerCase()} ${row.name}`;
const keyOf = (row) => `${row.field}:${row.name}`;

/** The direct grants as the PUT body names them, leaving out the creator's (kept by the server anyway). */
const directEntries = (rows, endpoint) => rows.filter((r) => !r.inherited && !isCreator(r, endpoint))
  .map((r) => ({ [r.field]: r.name, permission_level: r.level }));

export async function permissionsCard(endpoint) {
  const path = `/api/2.0/permissions/serving-endpoints/${enc(endpoint.id)}`;
  const heading = h('h2', { tabindex: '-1' }, 'Permissions');
  const card = h('section.card.permissions', { 'aria-label': 'Permissions' }, heading);
  const body = h('div');
  const status = h('div.permissions-status', { 'aria-live': 'polite' });
  let levels = DEFAULT_LEVELS;
  try { levels = (await get(`${path}/permissionLevels`)).permission_levels || DEFAULT_LEVELS; } catch { /* older server: the default list */ }
  let manage = canManage(endpoint);
  let busy = false;

  const say = (text) => status.replaceChildren(h('p', { role: 'status' }, text));

  /** Runs one change, then reads the ACL (and the caller's own level, which the change may have moved) again. */
  const change = async (work, done, focusKey) => {
    if (busy) return;
    busy = true;
    status.replaceChildren();
    try {
      await work();
      try { manage = canManage(await get(`/api/2.0/serving-endpoints/${enc(endpoint.name)}`)); } catch { manage = false; }
      await load(focusKey);
      say(done);
      return true;
    } catch (error) {
      status.replaceChildren(errorBox(error));
      return false;
    } finally {
      busy = false;
    }
  };

  const levelSelect = (label, selected) => h('select', { 'aria-label': label },
    levels.map((l) => h('option', { value: l.permission_level, selected: l.permission_level === selected ? true : null }, l.permission_level)));

  const actionsFor = (row) => {
    if (row.inherited) return h('span.muted', {}, 'Inherited: not removable');
    if (isCreator(row, endpoint)) return h('span.muted', {}, 'Creator: always CAN_MANAGE');
    const select = levelSelect(`Level for ${who(row)}`, row.level);
    const setLevel = h('button.secondary', {
      type: 'button',
      'aria-label': `Set level of ${who(row)}`,
      'data-focus-key': `set:${keyOf(row)}`,
      onclick: () => change(
        () => call('PATCH', path, { access_control_list: [{ [row.field]: row.name, permission_level: select.value }] }),
        `${kindLabel(row.field)} ${row.name} now has ${select.value}.`, `set:${keyOf(row)}`),
    }, 'Set level');
    const remove = h('button.secondary', {
      type: 'button',
      'aria-label': `Remove grant of ${who(row)}`,
      onclick: () => change(async () => {
        // Read the list afresh, so a grant made meanwhile by someone else is not dropped with this one.
        const rows = rowsOf(await get(path)).filter((r) => r.inherited || keyOf(r) !== keyOf(row));
        await call('PUT', path, { access_control_list: directEntries(rows, endpoint) });
      }, `Removed the grant of ${who(row)}.`, null),
    }, 'Remove');
    return h('span.grant-actions', {}, select, setLevel, remove);
  };

  const levelText = (row) => row.level + (row.inherited ? ` (inherited${row.from ? ` from ${row.from}` : ''})` : isCreator(row, endpoint) ? ' (creator)' : '');

  const table = (rows) => h('table.stack', { 'data-testid': 'permissions-table' },
    h('caption.visually-hidden', {}, 'Who holds which permission on this endpoint'),
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col' }, 'Principal'), h('th', { scope: 'col' }, 'Kind'), h('th', { scope: 'col' }, 'Level'),
      manage ? h('th', { scope: 'col' }, 'Change') : null)),
    h('tbody', {}, rows.map((row) => h('tr', { 'data-principal': keyOf(row), 'data-inherited': row.inherited ? 'true' : 'false' },
      h('td', { 'data-label': 'Principal' }, row.name),
      h('td', { 'data-label': 'Kind' }, kindLabel(row.field)),
      h('td', { 'data-label': 'Level' }, levelText(row)),
      manage ? h('td', { 'data-label': 'Change' }, actionsFor(row)) : null))));

  const kind = h('select', { name: 'principal-kind' }, KINDS.map((k) => h('option', { value: k.field }, k.label)));
  const nameHint = h('span.hint.muted', { id: 'grant-name-hint' }, 'A user name, a group name, or a service principal\'s application ID.');
  const name = h('input', { name: 'principal-name', autocomplete: 'off', 'aria-describedby': 'grant-name-hint' });
  const level = levelSelect(null, 'CAN_QUERY');
  level.name = 'permission-level';
  const levelHint = h('span.hint.muted', { id: 'grant-level-hint' });
  level.setAttribute('aria-describedby', 'grant-level-hint');
  const describe = () => { levelHint.textContent = (levels.find((l) => l.permission_level === level.value) || {}).description || ''; };
  level.addEventListener('change', describe);
  describe();
  const form = h('form.grant-form', {
    'aria-label': 'Add a grant',
    onsubmit: async (event) => {
      event.preventDefault();
      const entry = { [kind.value]: name.value.trim(), permission_level: level.value };
      const named = `${kindLabel(kind.value)} ${entry[kind.value]}`;
      // The API takes a change to the creator's grant without an error but keeps CAN_MANAGE: say what holds.
      const done = isCreator({ field: kind.value, name: entry[kind.value], inherited: false }, endpoint)
        ? `${named} is the creator and keeps CAN_MANAGE.`
        : `${named} now has ${entry.permission_level}.`;
      // On an error the fields keep what was typed, to be corrected.
      if (await change(() => call('PATCH', path, { access_control_list: [entry] }), done, null)) name.value = '';
    },
  },
  h('h3', {}, 'Add a grant'),
  h('div.row', {},
    field('Principal kind', kind),
    h('div.grant-name', {}, field('Principal name', name), nameHint),
    h('div.grant-level', {}, field('Permission level', level), levelHint),
    h('button', { type: 'submit' }, 'Grant')));

  async function load(focusKey) {
    let rows;
    try {
      rows = rowsOf(await get(path));
    } catch (error) {
      body.replaceChildren(h('p.muted', {}, `Not shown: ${error.message}`));
      form.hidden = true;
      return;
    }
    const focused = card.contains(document.activeElement) && !form.contains(document.activeElement);
    body.replaceChildren(table(rows));
    form.hidden = !manage;
    // A redrawn row loses focus with its old buttons: put it back on the same control, else on the heading.
    if (focused) {
      const target = focusKey ? body.querySelector(`[data-focus-key="${CSS.escape(focusKey)}"]`) : null;
      (target || heading).focus();
    } else if (form.hidden && form.contains(document.activeElement)) {
      heading.focus();
    }
  }

  form.hidden = true;
  card.append(body, form, status);
  await load();
  return card;
}
