// The Python example with databricks-sdk: serving_endpoints.query for the endpoint; for one served
// entity, which the SDK has no method for, its authenticated API client posts to the pinned route.
import { python } from './literals.js';

// The SDK's query() takes dataclasses for these two fields and plain values for the rest.
const ARGUMENTS = {
  dataframe_split: (value) => `DataframeSplitInput(${Object.entries(value).map(([k, v]) => `${k}=${python(v, '    ')}`).join(', ')})`,
  messages: (value) => `[${value.map((m) => `ChatMessage(role=ChatMessageRole.${String(m.role).toUpperCase()}, content=${python(m.content)})`).join(', ')}]`,
};

const IMPORTS = { dataframe_split: 'DataframeSplitInput', messages: 'ChatMessage, ChatMessageRole' };

/** What the answer holds, by task: the predictions of a custom model, else the LLM's text or vector. */
const PRINT = {
  custom: 'print(response.predictions)',
  'llm/v1/chat': 'print(response.choices[0].message.content)',
  'llm/v1/completions': 'print(response.choices[0].text)',
  'llm/v1/embeddings': 'print(response.data[0].embedding)',
};

const HEAD = ['import os', 'from databricks.sdk import WorkspaceClient'];

/** `call` is { host, endpoint, served, path, body, task }. */
export function sdkSnippet(call) {
  const workspace = `w = WorkspaceClient(host=${python(call.host)}, token=os.environ["DATABRICKS_TOKEN"])`;
  if (call.served) {
    return [
      ...HEAD, '',
      workspace,
      '# The SDK has no method for one served entity: its API client calls the route with your token.',
      'response = w.api_client.do(',
      '    "POST",',
      `    ${python(call.path)},`,
      `    body=${python(call.body, '    ')},`,
      ')',
      'print(response)',
    ].join('\n');
  }
  const fields = Object.entries(call.body);
  const imports = fields.map(([key]) => IMPORTS[key]).filter(Boolean);
  return [
    ...HEAD,
    imports.length ? `from databricks.sdk.service.serving import ${imports.join(', ')}` : null,
    '',
    workspace,
    'response = w.serving_endpoints.query(',
    `    name=${python(call.endpoint)},`,
    ...fields.map(([key, value]) => `    ${key}=${ARGUMENTS[key] ? ARGUMENTS[key](value) : python(value, '    ')},`),
    ')',
    PRINT[call.task ?? 'custom'],
  ].filter((line) => line !== null).join('\n');
}
