// Source text for the snippets: a JSON value written as a JSON or a Python literal, and shell quoting.

const WIDTH = 80;

/** A scalar as JSON writes it. */
export const jsonScalar = (value) => JSON.stringify(value);

/** A scalar as Python writes it; JSON's string escapes are valid in Python strings too. */
export const pythonScalar = (value) => (value === null ? 'None' : value === true ? 'True' : value === false ? 'False' : JSON.stringify(value));

const isScalar = (value) => value === null || typeof value !== 'object';

/**
 * A JSON value as source text, with `scalar` writing its leaves: on one line when that fits, else one
 * member per line, each nesting `step` deeper. A list of scalars always stays on one line, so a wide
 * tensor does not become a column of numbers.
 */
export function literal(value, scalar, indent = '', step = '    ') {
  if (isScalar(value)) return scalar(value);
  const array = Array.isArray(value);
  const members = array ? value : Object.entries(value);
  const [open, close] = array ? ['[', ']'] : ['{', '}'];
  const one = (member, inner) => (array ? literal(member, scalar, inner, step) : `${JSON.stringify(member[0])}: ${literal(member[1], scalar, inner, step)}`);
  const flat = `${open}${members.map((member) => one(member, indent)).join(', ')}${close}`;
  if (members.length === 0 || (array && value.every(isScalar)) || (!flat.includes('\n') && indent.length + flat.length <= WIDTH)) return flat;
  const inner = indent + step;
  return `${open}\n${members.map((member) => inner + one(member, inner)).join(',\n')}\n${indent}${close}`;
}

export const json = (value, indent = '') => literal(value, jsonScalar, indent, '  ');
export const python = (value, indent = '') => literal(value, pythonScalar, indent);

/** Text inside POSIX shell single quotes: a ' closes the quote, adds an escaped ' and reopens it. */
export const shellQuote = (text) => `'${String(text).replace(/'/g, "'\\''")}'`;
