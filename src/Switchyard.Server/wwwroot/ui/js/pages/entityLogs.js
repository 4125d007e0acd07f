// An entity's "Build logs" and "Logs" toggles on the endpoint page, each fetching its route.
import { h } from '../dom.js';
import { get, enc } from '../api.js';

// Which panel is open per endpoint and entity, so the page's refresh while an update runs keeps it open.
const open = new Map();
// The last text read per panel, shown while the next read is under way instead of a flash of "Loading…".
const lastText = new Map();

const labels = { 'build-logs': 'Build logs', logs: 'Logs' };

/** The toggles and the text panel of one served entity. */
export function entityLogs(endpointName, entityName) {
  const key = `${endpointName}/${entityName}`;
  const panel = h('pre.logs', { 'data-testid': 'entity-logs', 'aria-live': 'polite', tabindex: '0' });
  const buttons = {};

  async function load(kind) {
    const textKey = `${key}/${kind}`;
    panel.textContent = lastText.get(textKey) || 'Loading…';
    let text;
    try {
      const body = await get(`/api/2.0/serving-endpoints/${enc(endpointName)}/served-models/${enc(entityName)}/${kind}`);
      text = body.logs || `No ${labels[kind].toLowerCase()} yet.`;
      lastText.set(textKey, text);
    } catch (error) {
      text = `Could not read the ${labels[kind].toLowerCase()}: ${error.message}`;
    }
    if (open.get(key) === kind) panel.textContent = text;
  }

  function render() {
    const kind = open.get(key);
    for (const [name, button] of Object.entries(buttons)) button.setAttribute('aria-pressed', String(name === kind));
    panel.hidden = !kind;
    if (kind) load(kind); else panel.textContent = '';
  }

  for (const kind of Object.keys(labels)) {
    buttons[kind] = h('button.secondary', {
      type: 'button',
      'data-logs': kind,
      onclick: () => {
        if (open.get(key) === kind) open.delete(key); else open.set(key, kind);
        render();
      },
    }, labels[kind]);
  }

  render();
  return h('div.entity-logs', {}, h('div.row', {}, Object.values(buttons)), panel);
}
