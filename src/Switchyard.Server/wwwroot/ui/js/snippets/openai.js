// The OpenAI client example for LLM endpoints: base_url is <server>/serving-endpoints and the
// endpoint's name goes in `model`, as with Databricks; the task picks chat, completions or embeddings.
import { python } from './literals.js';

const METHODS = {
  'llm/v1/chat': ['client.chat.completions.create', 'print(response.choices[0].message.content)'],
  'llm/v1/completions': ['client.completions.create', 'print(response.choices[0].text)'],
  'llm/v1/embeddings': ['client.embeddings.create', 'print(response.data[0].embedding)'],
};

/** `call` is { host, endpoint, body, task }; only for an LLM task. */
export function openAiSnippet(call) {
  const [method, print] = METHODS[call.task] || METHODS['llm/v1/chat'];
  return [
    'import os',
    'from openai import OpenAI',
    '',
    `client = OpenAI(api_key=os.environ["DATABRICKS_TOKEN"], base_url=${python(`${call.host}/serving-endpoints`)})`,
    `response = ${method}(`,
    `    model=${python(call.endpoint)},`,
    ...Object.entries(call.body).map(([key, value]) => `    ${key}=${python(value, '    ')},`),
    ')',
    print,
  ].join('\n');
}
