// The query panel of an LLM endpoint (external or foundation models): a chat box (system and user
// message), or a prompt / input box for the completions and embeddings tasks, with max_tokens,
// temperature and a stream toggle. A streamed answer is drawn chunk by chunk as the events arrive.
import { h, field } from '../dom.js';
import { call, enc } from '../api.js';
import { getToken } from '../session.js';
import { readEvents } from '../sse.js';
import { kindOf } from './entityRows.js';

/** The endpoint's task: its external models share one; foundation models answer chat. */
export const llmTaskOf = (entities) => {
  const external = entities.find((e) => kindOf(e) === 'external');
  return external ? external.external_model.task : 'llm/v1/chat';
};

/** True when the endpoint serves LLMs, so it takes chat, completions or embeddings bodies. */
export const servesLlm = (entities) => entities.length > 0 && entities.every((e) => kindOf(e) !== 'custom');

const usageText = (usage) => (usage
  ? `usage: ${usage.prompt_tokens ?? 0} prompt + ${usage.completion_tokens ?? 0} completion = ${usage.total_tokens ?? 0} tokens`
  : 'usage: —');

export function chatPanel(endpoint, target) {
  const entities = endpoint.config.served_entities;
  const task = llmTaskOf(entities);
  const system = h('textarea.short', { name: 'system', spellcheck: 'true' });
  const user = h('textarea.short', { name: 'user', spellcheck: 'true' });
  user.value = task === 'llm/v1/embeddings' ? 'Embed this sentence.' : 'Hello!';
  const maxTokens = h('input', { type: 'number', min: 1, step: 1, name: 'max_tokens', value: '64', inputmode: 'numeric' });
  const temperature = h('input', { type: 'number', min: 0, max: 2, step: 0.1, name: 'temperature', value: '0' });
  const stream = h('input', { type: 'checkbox', name: 'stream' });
  const answer = h('pre.answer', { 'data-testid': 'chat-answer', 'aria-live': 'polite' });
  const meta = h('p', { 'data-testid': 'query-meta', 'aria-live': 'polite' });
  const error = h('p.error', { role: 'alert' });
  const send = h('button', { type: 'submit' }, 'Send message');

  const body = () => {
    const request = {};
    if (task === 'llm/v1/embeddings') {
      request.input = user.value;
      return request;
    }
    if (task === 'llm/v1/completions') request.prompt = user.value;
    else request.messages = [...(system.value.trim() ? [{ role: 'system', content: system.value }] : []), { role: 'user', content: user.value }];
    if (maxTokens.value !== '') request.max_tokens = Number(maxTokens.value);
    if (temperature.value !== '') request.temperature = Number(temperature.value);
    return request;
  };

  const whole = async (path, request) => {
    const result = await call('POST', path, request);
    const choice = (result.body.choices || [])[0] || {};
    answer.textContent = task === 'llm/v1/embeddings'
      ? `${(result.body.data || []).length} embedding(s) of ${((result.body.data || [])[0]?.embedding || []).length} dimensions`
      : (choice.message ? choice.message.content : choice.text) ?? '';
    meta.textContent = `Answered by served entity: ${result.headers.get('served-model-name') || '—'} · ${usageText(result.body.usage)} · latency ${Math.round(result.ms)} ms`;
  };

  // Streaming bypasses call(): the body is read as it arrives instead of all at once.
  const streamed = async (path, request) => {
    const started = performance.now();
    const response = await fetch(path, {
      method: 'POST',
      headers: { Authorization: `Bearer ${getToken()}`, 'Content-Type': 'application/json', Accept: 'text/event-stream' },
      body: JSON.stringify({ ...request, stream: true }),
    });
    const served = response.headers.get('served-model-name') || '—';
    if (!response.ok) {
      const text = await response.text();
      let message = `${response.status} ${response.statusText}`;
      try { message = JSON.parse(text).message || message; } catch { /* not JSON: keep the status */ }
      throw new Error(message);
    }
    let usage = null;
    let chunks = 0;
    meta.textContent = `Streaming from served entity: ${served}…`;
    await readEvents(response.body, (data) => {
      const chunk = JSON.parse(data);
      if (chunk.error) throw new Error(chunk.error.message || 'The stream failed.');
      const choice = (chunk.choices || [])[0];
      const piece = choice ? (choice.delta ? choice.delta.content : choice.text) : null;
      if (piece) { answer.textContent += piece; chunks += 1; }
      if (chunk.usage) usage = chunk.usage;
    });
    meta.textContent = `Answered by served entity: ${served} · streamed in ${chunks} chunks · ${usageText(usage)} · ${Math.round(performance.now() - started)} ms`;
  };

  const submit = async (event) => {
    event.preventDefault();
    error.textContent = '';
    answer.textContent = '';
    meta.textContent = '';
    const path = target.value
      ? `/serving-endpoints/${enc(endpoint.name)}/served-models/${enc(target.value)}/invocations`
      : `/serving-endpoints/${enc(endpoint.name)}/invocations`;
    send.disabled = true;
    try {
      if (stream.checked && task !== 'llm/v1/embeddings') await streamed(path, body());
      else await whole(path, body());
    } catch (failure) {
      meta.textContent = '';
      error.textContent = failure.message;
    } finally {
      send.disabled = false;
    }
  };

  const chat = task === 'llm/v1/chat';
  return h('form.card', { 'aria-label': 'Query', onsubmit: submit },
    h('h2', {}, 'Query'),
    h('p.muted', {}, `Task ${task}.`),
    field('Send to', target),
    chat ? field('System message (optional)', system) : null,
    field(chat ? 'User message' : task === 'llm/v1/completions' ? 'Prompt' : 'Input', user),
    task === 'llm/v1/embeddings' ? null : h('div.row', {},
      field('max_tokens', maxTokens),
      field('temperature', temperature),
      h('label.inline', {}, stream, ' Stream the answer')),
    h('div.row', {}, send),
    error, meta, answer);
}
