// Registry pages: the registered models, and one model's grants and versions with aliases and signatures.
import { h, show, time } from '../dom.js';
import { get, enc } from '../api.js';
import { listModels, listVersions } from '../registryData.js';
import { modelGrantsCard } from '../modelGrants.js';

export async function registryPage() {
  const models = await listModels();
  show(
    h('h1', {}, 'Registered models'),
    h('div.card', {}, h('table.stack', {},
      h('thead', {}, h('tr', {}, ['Model', 'Owner', 'Aliases', 'Updated'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, models.length ? models.map((m) => h('tr', {},
        h('td', { 'data-label': 'Model' }, h('a', { href: `#/registry/${enc(m.full_name)}` }, m.full_name)),
        h('td', { 'data-label': 'Owner' }, m.owner || '—'),
        h('td', { 'data-label': 'Aliases' }, (m.aliases || []).map((a) => `${a.alias_name} → v${a.version_num}`).join(', ') || '—'),
        h('td', { 'data-label': 'Updated' }, time(m.updated_at)))) : h('tr', {}, h('td', { colspan: 4 }, 'No registered models yet.'))))));
}

const fields = (list) => h('ul', {}, (list || []).map((f) => h('li', {}, `${f.name ?? '(unnamed)'}: ${f.type}${f.shape ? ` [${f.shape.join(', ')}]` : ''}`)));

export async function modelPage(fullName) {
  const model = await get(`/api/2.1/unity-catalog/models/${enc(fullName)}`);
  const versions = await listVersions(fullName);
  const grants = await modelGrantsCard(fullName, model);
  show(
    h('h1', {}, fullName),
    h('p', {}, h('a', { href: '#/registry' }, 'All registered models')),
    h('div.card', {}, h('dl.facts', {},
      h('dt', {}, 'Owner'), h('dd', {}, model.owner || '—'),
      h('dt', {}, 'Comment'), h('dd', {}, model.comment || '—'),
      h('dt', {}, 'Aliases'), h('dd', {}, (model.aliases || []).map((a) => `${a.alias_name} → version ${a.version_num}`).join(', ') || '—'))),
    grants,
    h('h2', {}, 'Versions'),
    versions.map((v) => h('section.card', { 'aria-label': `Version ${v.version}`, 'data-version': v.version },
      h('h3', {}, `Version ${v.version}`, (v.aliases || []).map((a) => h('span.badge', {}, ` ${a.alias_name}`))),
      h('dl.facts', {},
        h('dt', {}, 'Status'), h('dd', {}, v.status),
        h('dt', {}, 'Flavor'), h('dd', {}, v.flavor || '—'),
        h('dt', {}, 'Created'), h('dd', {}, `${time(v.created_at)} by ${v.created_by}`)),
      h('h4', {}, 'Signature inputs'), fields(v.signature && v.signature.inputs),
      h('h4', {}, 'Signature outputs'), fields(v.signature && v.signature.outputs))));
}
