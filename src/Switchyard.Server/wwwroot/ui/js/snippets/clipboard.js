// Copies text to the clipboard. The Clipboard API exists only in secure contexts (https, localhost),
// and a server reached over plain http on another host is not one: there a hidden textarea is
// selected and copied the old way.
import { h } from '../dom.js';

/** Resolves once the text is on the clipboard; rejects when the browser refuses both ways. */
export async function copyText(text) {
  if (navigator.clipboard && window.isSecureContext) {
    try {
      await navigator.clipboard.writeText(text);
      return;
    } catch {
      // Refused (no permission, say): the old way may still be allowed.
    }
  }
  const returnFocus = document.activeElement;
  const area = h('textarea', { readonly: true, 'aria-hidden': 'true', tabindex: '-1', class: 'offscreen-copy' });
  area.value = text;
  document.body.append(area);
  area.select();
  let copied = false;
  try {
    copied = document.execCommand('copy');
  } finally {
    area.remove();
    if (returnFocus instanceof HTMLElement) returnFocus.focus();
  }
  if (!copied) throw new Error('The browser did not allow copying.');
}
