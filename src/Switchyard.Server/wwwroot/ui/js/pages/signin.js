// The sign-in page: a pasted token, checked against SCIM Me before it is kept for the session.
import { h, field, show } from '../dom.js';
import { get } from '../api.js';
import { setToken } from '../session.js';

export function signInPage(onSignedIn, message) {
  const input = h('input', { type: 'password', name: 'token', autocomplete: 'off', required: true, placeholder: 'dapi…' });
  const error = h('p.error', { role: 'alert' }, message || '');
  const form = h('form.card', {
    onsubmit: async (event) => {
      event.preventDefault();
      error.textContent = '';
      const token = input.value.trim();
      try {
        await get('/api/2.0/preview/scim/v2/Me', token);
        setToken(token);
        await onSignedIn();
      } catch (failure) {
        error.textContent = `Sign-in failed: ${failure.message}`;
        input.focus();
      }
    },
  },
  field('Personal access token', input),
  h('p.muted', {}, 'The token stays in this browser tab only and is forgotten when the tab closes.'),
  h('button', { type: 'submit' }, 'Sign in'),
  error);
  show(h('h1', {}, 'Sign in to Switchyard'), form);
}
