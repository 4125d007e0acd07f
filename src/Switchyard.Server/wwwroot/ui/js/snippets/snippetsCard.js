// The endpoint page's "Use this endpoint" card: ready-to-copy examples (curl, Python with
// databricks-sdk, MLflow, and the OpenAI client for LLM endpoints) for the endpoint and for each
// served entity's pinned route, filled with this server's address and the endpoint's own input.
// The token is never filled in: every example reads it from the DATABRICKS_TOKEN variable.
import { h, field } from '../dom.js';
import { enc } from '../api.js';
import { canQuery } from '../levels.js';
import { requestFor } from './requestBody.js';
import { curlSnippet } from './curl.js';
import { sdkSnippet } from './databricksSdk.js';
import { mlflowSnippet } from './mlflow.js';
import { openAiSnippet } from './openai.js';
import { copyText } from './clipboard.js';

// MLflow's predict() and the OpenAI client name the endpoint, never one entity: an entity's
// examples are curl and the SDK's API client.
const LANGUAGES = [
  { id: 'curl', label: 'curl', needs: () => ['Runs in a POSIX shell with ', h('code', {}, 'curl'), '.'], build: curlSnippet, fits: () => true },
  { id: 'python', label: 'Python (databricks-sdk)', needs: () => ['Install: ', h('code', {}, 'pip install databricks-sdk')], build: sdkSnippet, fits: () => true },
  { id: 'mlflow', label: 'MLflow', needs: () => ['Install: ', h('code', {}, 'pip install mlflow')], build: mlflowSnippet, fits: (call) => !call.served },
  { id: 'openai', label: 'OpenAI client', needs: () => ['Install: ', h('code', {}, 'pip install openai')], build: openAiSnippet, fits: (call) => !call.served && call.task !== null },
];

// The language last chosen, kept when the target changes and from one endpoint page to the next.
let chosen = 'curl';
let cards = 0;

/** The invocation route of the endpoint, or of one served entity when `served` is given. */
const routeOf = (endpoint, served) => (served
  ? `/serving-endpoints/${enc(endpoint)}/served-models/${enc(served)}/invocations`
  : `/serving-endpoints/${enc(endpoint)}/invocations`);

/** Tabs (the ARIA tabs pattern: arrow keys, Home and End move between them) over one panel per language. */
function languageTabs(call, prefix, status) {
  const languages = LANGUAGES.filter((language) => language.fits(call));
  if (!languages.some((language) => language.id === chosen)) chosen = languages[0].id;
  const tabs = [];
  const panels = [];
  const select = (index, focus) => {
    if (chosen !== languages[index].id) status.textContent = ''; // "Copied" spoke of the other language
    chosen = languages[index].id;
    tabs.forEach((tab, n) => {
      tab.setAttribute('aria-selected', String(n === index));
      tab.tabIndex = n === index ? 0 : -1;
      panels[n].hidden = n !== index;
    });
    if (focus) tabs[index].focus();
  };
  const onKey = (event) => {
    const at = tabs.indexOf(event.currentTarget);
    const to = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: tabs.length - 1 }[event.key];
    if (to === undefined) return;
    event.preventDefault();
    select((to + tabs.length) % tabs.length, true);
  };
  languages.forEach((language, n) => {
    const text = language.build(call);
    const copy = async () => {
      status.textContent = '';
      try {
        await copyText(text);
        status.textContent = `Copied the ${language.label} example to the clipboard.`;
      } catch (error) {
        status.textContent = `Could not copy (${error.message}): select the example and copy it by hand.`;
      }
    };
    tabs.push(h('button.snippet-tab', {
      type: 'button', role: 'tab', id: `${prefix}-tab-${language.id}`, 'aria-controls': `${prefix}-panel-${language.id}`,
      'data-language': language.id, onclick: () => select(n, false), onkeydown: onKey,
    }, language.label));
    panels.push(h('div.snippet-panel', { role: 'tabpanel', id: `${prefix}-panel-${language.id}`, 'aria-labelledby': `${prefix}-tab-${language.id}` },
      h('p.muted', {}, language.needs()),
      h('pre.snippet', {}, h('code', { 'data-snippet': language.id }, text)),
      h('button.secondary', { type: 'button', 'aria-label': `Copy the ${language.label} example`, onclick: copy }, 'Copy')));
  });
  const view = h('div', {}, h('div.snippet-tabs', { role: 'tablist', 'aria-label': 'Language' }, tabs), panels);
  select(languages.findIndex((language) => language.id === chosen), false);
  return view;
}

export function snippetsCard(endpoint) {
  const prefix = `snippets${++cards}`;
  const host = location.origin;
  const entities = ((endpoint.config || endpoint.pending_config || {}).served_entities) || [];
  const card = h('section.card.snippets', { 'aria-label': 'Use this endpoint' }, h('h2', {}, 'Use this endpoint'));
  card.append(h('p', {},
    `Examples for this server (${host}) with this endpoint's input. Your token is never filled in: each example reads it from the `,
    h('code', {}, 'DATABRICKS_TOKEN'), ' environment variable, so set it first (', h('code', {}, 'export DATABRICKS_TOKEN=<your token>'), ').'));
  if (!canQuery(endpoint)) card.append(h('p.muted', {}, `Your permission here is ${endpoint.permission_level}: querying needs a token with CAN_QUERY.`));
  if (entities.length === 0) {
    card.append(h('p.muted', {}, 'The endpoint has no served entities yet.'));
    return card;
  }

  const target = h('select', { name: 'snippet-target' },
    h('option', { value: '' }, 'The endpoint (traffic split)'),
    entities.map((e) => h('option', { value: e.name }, `Served entity ${e.name} (pinned route)`)));
  const route = h('p', { 'data-testid': 'snippet-route' });
  const note = h('p.muted', { 'data-testid': 'snippet-note' });
  const view = h('div');
  const status = h('p.snippet-status', { role: 'status', 'aria-live': 'polite' });
  let shown = 0;

  const draw = async () => {
    const drawing = ++shown;
    const served = target.value || null;
    const request = await requestFor(served ? entities.filter((e) => e.name === served) : entities);
    if (drawing !== shown) return; // the target changed while the model's signature was read
    const path = routeOf(endpoint.name, served);
    const call = { host, endpoint: endpoint.name, served, path, url: host + path, body: request.body, task: request.task };
    route.replaceChildren(served ? 'This served entity only, whatever the traffic split: ' : 'The traffic split picks the served entity: ', h('code', {}, `POST ${call.url}`));
    note.textContent = request.note || '';
    note.hidden = !request.note;
    status.textContent = '';
    view.replaceChildren(languageTabs(call, prefix, status));
  };
  target.addEventListener('change', draw);
  card.append(h('div.row', {}, field('Example for', target)), route, note, view, status);
  draw();
  return card;
}
