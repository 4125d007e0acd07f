// The MLflow example: the "databricks" deployments client, which reads the server's address from
// DATABRICKS_HOST and the token from DATABRICKS_TOKEN; predict() sends the body as it is.
import { python } from './literals.js';

/** `call` is { host, endpoint, body }; MLflow addresses the endpoint, never one served entity. */
export const mlflowSnippet = (call) => [
  'import os',
  'from mlflow.deployments import get_deploy_client',
  '',
  '# MLflow reads the server from DATABRICKS_HOST and your token from DATABRICKS_TOKEN (set it in your shell).',
  `os.environ["DATABRICKS_HOST"] = ${python(call.host)}`,
  'client = get_deploy_client("databricks")',
  'response = client.predict(',
  `    endpoint=${python(call.endpoint)},`,
  `    inputs=${python(call.body, '    ')},`,
  ')',
  'print(response)',
].join('\n');
