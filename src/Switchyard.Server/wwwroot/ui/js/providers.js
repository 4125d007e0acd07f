// The external-model providers the server serves and the fields of each provider's config block.
// Mirrors ExternalProviders on the server (names, config blocks, required fields); the server
// checks every block again and names any field that is wrong.

/** A key field: a secret reference {{secrets/<scope>/<key>}} (its _plaintext twin is left to the API). */
const secret = (key, label, optional = false) => ({ key, label, secret: true, optional });
const text = (key, label, placeholder = '', optional = false) => ({ key, label, placeholder, optional });
const choice = (key, label, options) => ({ key, label, options });

export const TASKS = ['llm/v1/chat', 'llm/v1/completions', 'llm/v1/embeddings'];

export const SECRET_HINT = '{{secrets/<scope>/<key>}}';

/** The placeholder of a key field whose key the server keeps (sealed, never shown): empty keeps it. */
export const KEPT_HINT = 'A key is stored: leave empty to keep it';

/** Every provider: its wire name, the config block's field, and the fields that block takes (some depend on others). */
export const PROVIDERS = [
  {
    name: 'openai',
    block: 'openai_config',
    fields: (values) => {
      const type = values.openai_api_type || 'openai';
      const azure = type !== 'openai';
      return [
        choice('openai_api_type', 'OpenAI API type', ['openai', 'azure', 'azuread']),
        type === 'azuread'
          ? [text('microsoft_entra_client_id', 'Entra client id'), text('microsoft_entra_tenant_id', 'Entra tenant id'), secret('microsoft_entra_client_secret', 'Entra client secret')]
          : secret('openai_api_key', 'OpenAI API key'),
        azure ? [
          text('openai_api_base', 'OpenAI API base', 'https://<resource>.openai.azure.com/'),
          text('openai_api_version', 'OpenAI API version', '2024-02-01'),
          text('openai_deployment_name', 'Deployment name'),
        ] : [],
      ].flat();
    },
  },
  { name: 'anthropic', block: 'anthropic_config', fields: () => [secret('anthropic_api_key', 'Anthropic API key')] },
  { name: 'cohere', block: 'cohere_config', fields: () => [secret('cohere_api_key', 'Cohere API key')] },
  {
    name: 'google-cloud-vertex-ai',
    block: 'google_cloud_vertex_ai_config',
    fields: () => [text('project_id', 'Project id'), text('region', 'Region', 'us-central1'), secret('private_key', 'Service-account private key')],
  },
  {
    name: 'amazon-bedrock',
    block: 'amazon_bedrock_config',
    fields: () => [
      text('aws_region', 'AWS region', 'us-east-1'),
      choice('bedrock_provider', 'Bedrock provider', ['anthropic', 'cohere', 'ai21labs', 'amazon', 'grok']),
      secret('aws_access_key_id', 'AWS access key id'),
      secret('aws_secret_access_key', 'AWS secret access key'),
    ],
  },
  { name: 'ai21labs', block: 'ai21labs_config', fields: () => [secret('ai21labs_api_key', 'AI21 Labs API key')] },
  {
    name: 'databricks-model-serving',
    block: 'databricks_model_serving_config',
    fields: () => [text('databricks_workspace_url', 'Workspace URL', 'https://…'), secret('databricks_api_token', 'Workspace API token')],
  },
  {
    name: 'custom',
    block: 'custom_provider_config',
    // The bearer token lives in a nested block; the form writes it there (see providerBlock).
    fields: () => [text('custom_provider_url', 'Provider base URL', 'http://127.0.0.1:11434/v1'), secret('bearer_token_auth.token', 'Bearer token', true)],
  },
];

export const providerNamed = (name) => PROVIDERS.find((p) => p.name === name) || PROVIDERS[0];

/** Reads a field's value from a config block; dotted keys reach into nested blocks. */
export const readField = (block, key) => key.split('.').reduce((node, part) => (node && typeof node === 'object' ? node[part] : undefined), block);

/** Builds a config block from the form's values, leaving out empty fields (and empty nested blocks). */
export function providerBlock(values) {
  const block = {};
  for (const [key, value] of Object.entries(values)) {
    if (value === '' || value === undefined) continue;
    const parts = key.split('.');
    let node = block;
    for (const part of parts.slice(0, -1)) node = (node[part] ||= {});
    node[parts[parts.length - 1]] = value;
  }
  return block;
}
