// Builds elements without innerHTML, so text from the server is never parsed as markup.

/** h('tag.class', {attr: value, onclick: fn}, ...children) */
export function h(spec, attrs = {}, ...children) {
  const [tag, ...classes] = spec.split('.');
  const el = document.createElement(tag);
  if (classes.length) el.className = classes.join(' ');
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) el.addEventListener(name.slice(2), value);
    else if (name === 'value') el.value = value;
    else if (name === 'checked') el.checked = !!value;
    else el.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

let labelCount = 0;
/** A labelled control: the label wraps the text and the control, plus a slot for the field's error. */
export function field(text, control, errorFor) {
  control.id ||= `f${++labelCount}`;
  const error = h('span.error', { role: 'alert', 'data-error-for': errorFor || null });
  if (errorFor) control.setAttribute('data-field', errorFor);
  return h('label', { for: control.id }, text, control, error);
}

/** Replaces the page's content and moves focus to its heading, so keyboard users start there. */
export function show(...children) {
  const main = document.getElementById('main');
  main.replaceChildren(...children.flat(Infinity).filter(Boolean));
  const heading = main.querySelector('h1');
  if (heading) { heading.tabIndex = -1; heading.focus(); }
}

export const time = (ms) => (ms ? new Date(ms).toLocaleString() : '—');
export const errorBox = (error) => h('p.error', { role: 'alert' }, error.message || String(error));
