// Puts the server's validation message next to the fields it names. The server joins one
// sentence per problem, each starting with the field's path (traffic_config.routes[0].traffic_percentage).

/** Splits a message into its problems: a new one starts after a full stop, at a path-like word. */
export const problems = (message) => message.split(/(?<=\.)\s+(?=[a-z_]+(?:\[\d+\])?[.:\s[])/);

/** Clears all field errors in the form, then shows each problem at the longest field path it names; answers what no field took. */
export function showFieldErrors(form, message) {
  const slots = [...form.querySelectorAll('[data-error-for]')];
  for (const slot of slots) slot.textContent = '';
  const unplaced = [];
  for (const problem of message ? problems(message) : []) {
    let best = null;
    for (const slot of slots) {
      const path = slot.getAttribute('data-error-for');
      if (problem.includes(path) && (!best || path.length > best.getAttribute('data-error-for').length)) best = slot;
    }
    if (best) best.textContent = [best.textContent, problem].filter(Boolean).join(' ');
    else unplaced.push(problem);
  }
  // A field with an error says so to assistive technology too, not by its red text alone.
  for (const slot of slots) {
    const control = slot.closest('label')?.control;
    if (!control) continue;
    if (slot.textContent) control.setAttribute('aria-invalid', 'true');
    else control.removeAttribute('aria-invalid');
  }
  return unplaced.join(' ');
}
