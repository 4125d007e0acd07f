// Starts the UI: checks the session, then routes by the URL's hash to one page module.
import { getToken, clearToken } from './session.js';
import { get } from './api.js';
import { h, show, errorBox } from './dom.js';
import { signInPage } from './pages/signin.js';
import { listPage } from './pages/list.js';
import { endpointPage } from './pages/endpoint.js';
import { createPage, editPage } from './pages/configForm.js';
import { registryPage, modelPage } from './pages/registry.js';

const routes = [
  [/^#?\/?$/, () => listPage()],
  [/^#\/endpoints\/new$/, () => createPage()],
  [/^#\/endpoints\/([^/]+)\/edit$/, (m) => editPage(decodeURIComponent(m[1]))],
  [/^#\/endpoints\/([^/]+)$/, (m) => endpointPage(decodeURIComponent(m[1]))],
  [/^#\/registry$/, () => registryPage()],
  [/^#\/registry\/([^/]+)$/, (m) => modelPage(decodeURIComponent(m[1]))],
];

let me = null;

/** A page that could not be drawn still gets a heading, so it is announced and focus lands on it. */
const failed = (title, error) => show(h('h1', {}, title), errorBox(error));

async function render() {
  const nav = document.getElementById('nav');
  if (!getToken()) {
    nav.hidden = true;
    return signInPage(async () => { me = null; await render(); });
  }
  try {
    me ??= await get('/api/2.0/preview/scim/v2/Me');
  } catch (error) {
    clearToken();
    me = null;
    nav.hidden = true;
    return signInPage(render, error.message);
  }
  nav.hidden = false;
  document.getElementById('who').textContent = `Signed in as ${me.userName || me.displayName || me.applicationId}`;
  const hash = location.hash || '#/';
  for (const [pattern, page] of routes) {
    const match = hash.match(pattern);
    if (match) {
      try { await page(match); } catch (error) { failed('This page could not be shown', error); }
      return;
    }
  }
  failed('No such page', new Error(`No page ${hash}.`));
}

document.getElementById('signout').addEventListener('click', () => { clearToken(); me = null; location.hash = '#/'; render(); });
window.addEventListener('hashchange', render);
render();
