// How the experiment cards write numbers: rates in percent, times in ms, p-values and 95% intervals.
// A value the server answered null (not applicable) is a dash, never a zero.

const missing = (value) => value === null || value === undefined || Number.isNaN(value);

/** A plain number with up to `digits` decimals. */
export const num = (value, digits = 2) => (missing(value) ? '—' : Number(value).toLocaleString('en-US', { maximumFractionDigits: digits }));

/** A share or rate (0–1) in percent. */
export const pct = (value, digits = 2) => (missing(value) ? '—' : `${num(Number(value) * 100, digits)}%`);

/** A time in milliseconds. */
export const ms = (value) => (missing(value) ? '—' : `${num(value, 2)} ms`);

/** A p-value: three significant digits, or "< 0.001" where more would be noise. */
export const pValue = (value) => (missing(value) ? '—' : Number(value) < 0.001 ? '< 0.001' : Number(value).toPrecision(3));

/** A 95% interval [low, high], written with `unit` (num by default). */
export const ci = (pair, unit = num) => (Array.isArray(pair) && pair.length === 2 && !missing(pair[0]) && !missing(pair[1])
  ? `[${unit(pair[0])}, ${unit(pair[1])}]`
  : '—');

/** A difference with its sign, so "+0.5" and "−0.5" read apart. */
export const signed = (value, unit = num) => (missing(value) ? '—' : `${Number(value) > 0 ? '+' : ''}${unit(value)}`);
