// The curl example: POST to the invocation route, the token read from $DATABRICKS_TOKEN by the shell.
import { json, shellQuote } from './literals.js';

/** `call` is { url, body }; the body goes in single quotes, so no character in it is expanded. */
export const curlSnippet = (call) => [
  `curl -X POST ${shellQuote(call.url)} \\`,
  '  -H "Authorization: Bearer $DATABRICKS_TOKEN" \\',
  "  -H 'Content-Type: application/json' \\",
  `  -d ${shellQuote(json(call.body, '  '))}`,
].join('\n');
