// The query panel: a JSON editor prefilled from the first served model's signature, sent to the
// endpoint or one served entity; shows the answer, which entity answered, and the latency.
// An LLM endpoint (external or foundation models) gets the chat panel of chat.js instead.
import { h, field } from '../dom.js';
import { call, enc } from '../api.js';
import { exampleForEntity } from '../example.js';
import { chatPanel, servesLlm } from './chat.js';

export function queryPanel(endpoint) {
  const entities = (endpoint.config && endpoint.config.served_entities) || [];
  const targetSelect = () => h('select', { name: 'target' },
    h('option', { value: '' }, 'The endpoint (traffic split)'),
    entities.map((e) => h('option', { value: e.name }, `Served entity ${e.name}`)));
  if (servesLlm(entities)) return chatPanel(endpoint, targetSelect());
  const editor = h('textarea', { name: 'request', spellcheck: 'false' });
  editor.value = JSON.stringify({ dataframe_split: { columns: [], data: [] } }, null, 2);
  const target = targetSelect();
  // Wrapped, not scrolled sideways: a scrolling pre cannot be scrolled by keyboard.
  const answer = h('pre.answer', { 'data-testid': 'query-answer' });
  const meta = h('p', { 'data-testid': 'query-meta', 'aria-live': 'polite' });
  const error = h('p.error', { role: 'alert' });

  // The example comes from a registry read; a caller without EXECUTE on the model keeps the placeholder.
  const first = entities[0];
  if (first && first.entity_name) {
    exampleForEntity(first)
      .then((example) => { editor.value = JSON.stringify(example, null, 2); })
      .catch(() => {});
  }

  const send = async (event) => {
    event.preventDefault();
    error.textContent = '';
    let body;
    try { body = JSON.parse(editor.value); } catch (parse) { error.textContent = `The request is not valid JSON: ${parse.message}`; editor.focus(); return; }
    const path = target.value
      ? `/serving-endpoints/${enc(endpoint.name)}/served-models/${enc(target.value)}/invocations`
      : `/serving-endpoints/${enc(endpoint.name)}/invocations`;
    try {
      const result = await call('POST', path, body);
      answer.textContent = JSON.stringify(result.body, null, 2);
      meta.textContent = `Answered by served entity: ${result.headers.get('served-model-name') || '—'} · latency ${Math.round(result.ms)} ms`;
    } catch (failure) {
      answer.textContent = '';
      meta.textContent = '';
      error.textContent = failure.message;
    }
  };

  return h('form.card', { 'aria-label': 'Query', onsubmit: send },
    h('h2', {}, 'Query'),
    field('Send to', target),
    field('Request (JSON)', editor),
    h('button', { type: 'submit' }, 'Send request'),
    error, meta, answer);
}
