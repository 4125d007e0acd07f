// Reads the registry lists the forms pick from, following page tokens to the end.
import { get, enc } from './api.js';

async function all(path, key) {
  const items = [];
  let token = '';
  do {
    const page = await get(`${path}${path.includes('?') ? '&' : '?'}max_results=100${token ? `&page_token=${enc(token)}` : ''}`);
    items.push(...(page[key] || []));
    token = page.next_page_token || '';
  } while (token);
  return items;
}

export const listModels = () => all('/api/2.1/unity-catalog/models', 'registered_models');
export const listVersions = (fullName) => all(`/api/2.1/unity-catalog/models/${enc(fullName)}/versions`, 'model_versions');
