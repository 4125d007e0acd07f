// A registered model's grants card: who holds which privilege (GET on the Unity Catalog permissions
// route, securable type "function" as UC files models), and for its owner or an admin, grant and
// revoke through PATCH {changes: [{principal, add, remove}]}. The server checks the principal and
// the privileges and changes nothing on an error; the card shows its message.
import { h, field, errorBox } from './dom.js';
import { get, call, enc } from './api.js';

// The privileges the grants API takes on a registered model (GrantRoutes.ModelPrivileges).
const MODEL_PRIVILEGES = ['EXECUTE'];

/** The owner and admins change a model and grant on it (ModelAccess.CanChange); the server decides, this only hides controls. */
async function mayGrant(model) {
  try {
    const me = await get('/api/2.0/preview/scim/v2/Me');
    const name = me.userName || me.applicationId;
    return (me.groups || []).some((g) => g.display === 'admins') || (!!model.owner && model.owner === name);
  } catch {
    return false;
  }
}

export async function modelGrantsCard(fullName, model) {
  const path = `/api/2.1/unity-catalog/permissions/function/${enc(fullName)}`;
  const heading = h('h2', { tabindex: '-1' }, 'Grants');
  const body = h('div');
  const status = h('div', { 'aria-live': 'polite' });
  const manage = await mayGrant(model);
  let busy = false;

  /** Sends one change; on success says so and reads the grants again. */
  const patch = async (change, done) => {
    if (busy) return false;
    busy = true;
    status.replaceChildren();
    try {
      await call('PATCH', path, { changes: [change] });
      status.replaceChildren(h('p', { role: 'status' }, done));
      await load();
      return true;
    } catch (error) {
      status.replaceChildren(errorBox(error));
      return false;
    } finally {
      busy = false;
    }
  };

  const revokeButton = (principal, privilege) => h('button.secondary', {
    type: 'button',
    'aria-label': `Revoke ${privilege} from ${principal}`,
    onclick: () => patch({ principal, remove: [privilege] }, `Revoked ${privilege} from ${principal}.`),
  }, `Revoke ${privilege}`);

  const table = (assignments) => h('table.stack', { 'data-testid': 'model-grants-table' },
    h('caption.visually-hidden', {}, `Privileges granted on ${fullName}`),
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col' }, 'Principal'), h('th', { scope: 'col' }, 'Privileges'), manage ? h('th', { scope: 'col' }, 'Revoke') : null)),
    h('tbody', {}, assignments.length === 0
      ? h('tr', {}, h('td', { colspan: manage ? 3 : 2 }, 'No grants: only the owner and admins may use this model.'))
      : assignments.map((a) => h('tr', { 'data-principal': a.principal },
        h('td', { 'data-label': 'Principal' }, a.principal),
        h('td', { 'data-label': 'Privileges' }, (a.privileges || []).join(', ') || '—'),
        manage ? h('td', { 'data-label': 'Revoke' }, h('span.grant-actions', {}, (a.privileges || []).map((p) => revokeButton(a.principal, p)))) : null))));

  const principal = h('input', { name: 'grant-principal', autocomplete: 'off', 'aria-describedby': 'model-grant-principal-hint' });
  const privilege = h('select', { name: 'grant-privilege' }, MODEL_PRIVILEGES.map((p) => h('option', { value: p }, p)));
  const form = h('form.grant-form', {
    'aria-label': 'Grant a privilege',
    onsubmit: async (event) => {
      event.preventDefault();
      const who = principal.value.trim();
      // On an error the field keeps what was typed, to be corrected.
      if (await patch({ principal: who, add: [privilege.value] }, `Granted ${privilege.value} to ${who}.`)) principal.value = '';
    },
  },
  h('h3', {}, 'Grant a privilege'),
  h('div.row', {},
    h('div.grant-name', {}, field('Principal', principal),
      h('span.hint.muted', { id: 'model-grant-principal-hint' }, 'A user name, a group name, or a service principal\'s application ID.')),
    field('Privilege', privilege),
    h('button', { type: 'submit' }, 'Grant')));

  async function load() {
    const focused = body.contains(document.activeElement);
    try {
      body.replaceChildren(table((await get(path)).privilege_assignments || []));
    } catch (error) {
      body.replaceChildren(h('p.muted', {}, `Not shown: ${error.message}`));
    }
    // A revoke button goes with its row: leave focus on the heading rather than nowhere.
    if (focused) heading.focus();
  }

  await load();
  return h('section.card.model-grants', { 'aria-label': 'Grants', 'data-testid': 'model-grants' },
    heading,
    h('p.muted', {}, `The owner (${model.owner || '—'}) and members of admins may always read, serve and grant on this model; EXECUTE lets others read and serve it.`),
    body,
    manage ? form : h('p.muted', {}, 'Only the owner or an admin may change these grants.'),
    status);
}
