// An endpoint's tags: shown as chips, matched by the list's tag filter, edited on the endpoint page
// through PATCH …/tags (the whole list comes back after each change).
import { h, field, errorBox } from './dom.js';
import { call, enc } from './api.js';

/** "key" or "key: value", as a tag reads. */
export const tagText = (tag) => (tag.value === undefined || tag.value === null ? tag.key : `${tag.key}: ${tag.value}`);

/** The tags as small chips; an optional remover per tag. */
export const tagChips = (tags = [], remove = null) => h('span.tags', { 'data-testid': 'tags' },
  tags.length === 0 ? h('span.muted', {}, 'No tags') : tags.map((tag) => h('span.tag', { 'data-tag': tag.key }, tagText(tag),
    remove ? h('button.link', { type: 'button', 'aria-label': `Remove tag ${tag.key}`, onclick: () => remove(tag.key) }, '×') : null)));

/**
 * True when the endpoint carries a tag matching the filter: "key" matches a key, "key=value" (or
 * "key:value") a key with that value; matching ignores case. An empty filter matches everything.
 */
export function matchesTagFilter(tags = [], filter) {
  const term = filter.trim().toLowerCase();
  if (!term) return true;
  const cut = term.search(/[=:]/);
  const key = (cut < 0 ? term : term.slice(0, cut)).trim();
  const value = cut < 0 ? null : term.slice(cut + 1).trim();
  return tags.some((tag) => tag.key.toLowerCase() === key && (value === null || String(tag.value ?? '').toLowerCase() === value));
}

/** The tags card of the endpoint page; managers add (or change) and remove tags in place. */
export function tagsCard(endpoint, manage) {
  const card = h('section.card', { 'aria-label': 'Tags' });
  const status = h('div');
  const draw = (tags) => {
    const patch = async (body) => {
      try {
        const { body: answer } = await call('PATCH', `/api/2.0/serving-endpoints/${enc(endpoint.name)}/tags`, body);
        draw(answer.tags || []);
      } catch (error) {
        status.replaceChildren(errorBox(error));
      }
    };
    const chips = tagChips(tags, manage ? (key) => patch({ delete_tags: [key] }) : null);
    if (!manage) {
      card.replaceChildren(h('h2', {}, 'Tags'), chips);
      return;
    }
    const key = h('input', { name: 'tag-key', autocomplete: 'off' });
    const value = h('input', { name: 'tag-value', autocomplete: 'off' });
    const form = h('form.row', {
      onsubmit: (event) => {
        event.preventDefault();
        status.replaceChildren();
        const tag = { key: key.value.trim() };
        if (value.value.trim()) tag.value = value.value.trim();
        patch({ add_tags: [tag] });
      },
    }, field('Tag key', key, 'add_tags[0].key'), field('Tag value (optional)', value, 'add_tags[0].value'), h('button', { type: 'submit' }, 'Add tag'));
    card.replaceChildren(h('h2', {}, 'Tags'), chips, form, status);
  };
  draw(endpoint.tags || []);
  return card;
}
