// A line chart as inline SVG (no library): one line per series over a time axis, each series with
// its own colour, dash and marker shape, so colour is never the only cue. Gaps (minutes with no
// value, such as latency with no queries) break the line instead of drawing it to zero.
import { h } from '../dom.js';

const NS = 'http://www.w3.org/2000/svg';
const W = 420;
const H = 200;
const M = { left: 56, right: 12, top: 12, bottom: 30 };

/** The look of series number `i`: colour, dash pattern and marker shape, all three told apart. */
export const STYLES = [
  { color: '#1f5fbf', dash: '', marker: 'circle' },
  { color: '#c2410c', dash: '7 4', marker: 'square' },
  { color: '#15803d', dash: '2 3', marker: 'triangle' },
  { color: '#7e22ce', dash: '10 3 2 3', marker: 'diamond' },
  { color: '#0e7490', dash: '4 2', marker: 'cross' },
  { color: '#a16207', dash: '1 5', marker: 'circle' },
];

export const styleOf = (i) => STYLES[i % STYLES.length];

/** An SVG element: like dom.js's h(), in the SVG namespace. */
export function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(NS, tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value !== undefined && value !== null) el.setAttribute(name, String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child !== null && child !== undefined && child !== false) el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** A marker of `shape` centred on (x, y). */
export function marker(shape, x, y, color, size = 3.5) {
  const paint = { fill: color, stroke: color };
  switch (shape) {
    case 'square': return s('rect', { ...paint, x: x - size, y: y - size, width: size * 2, height: size * 2 });
    case 'triangle': return s('path', { ...paint, d: `M${x} ${y - size - 1}L${x + size + 1} ${y + size}L${x - size - 1} ${y + size}Z` });
    case 'diamond': return s('path', { ...paint, d: `M${x} ${y - size - 1}L${x + size + 1} ${y}L${x} ${y + size + 1}L${x - size - 1} ${y}Z` });
    case 'cross': return s('path', { fill: 'none', stroke: color, 'stroke-width': 2, d: `M${x - size} ${y - size}L${x + size} ${y + size}M${x - size} ${y + size}L${x + size} ${y - size}` });
    default: return s('circle', { ...paint, cx: x, cy: y, r: size });
  }
}

/** A small sample of a series' line and marker, for legends. */
export const swatch = (style) => s('svg', { width: 34, height: 12, viewBox: '0 0 34 12', 'aria-hidden': 'true', class: 'swatch' },
  s('path', { d: 'M1 6H33', stroke: style.color, 'stroke-width': 2, 'stroke-dasharray': style.dash || null, fill: 'none' }),
  marker(style.marker, 17, 6, style.color, 3.5));

/** The smallest 1, 2 or 5 times a power of ten at or above `value` (the axis top). */
export function niceTop(value) {
  if (!(value > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  return [1, 2, 5, 10].map((step) => step * power).find((top) => top >= value * (1 - 1e-9));
}

const clock = (ms) => new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const axisNumber = (v) => v.toLocaleString(undefined, { maximumFractionDigits: 2 });
// A marker every few minutes (and on a lone minute, and the latest) tells the lines apart without hiding them.
const MARK_EVERY = 6;

/**
 * One chart. `series`: [{ name, style, values: [number|null] }] sharing `times` (epoch ms);
 * `format(v)` writes a value with its unit for the summary; the axis shows bare numbers, its unit
 * in the caption.
 */
export function lineChart({ id, title, unit, format, times, series }) {
  const all = series.flatMap((one) => one.values).filter((v) => v !== null && v !== undefined);
  const top = niceTop(Math.max(0, ...all));
  const plotW = W - M.left - M.right;
  const plotH = H - M.top - M.bottom;
  const x = (i) => M.left + (times.length > 1 ? (i / (times.length - 1)) * plotW : plotW / 2);
  const y = (v) => M.top + plotH - (v / top) * plotH;

  const grid = [0, 0.25, 0.5, 0.75, 1].map((f) => [
    s('line', { x1: M.left, x2: W - M.right, y1: y(top * f), y2: y(top * f), class: 'grid' }),
    s('text', { x: M.left - 6, y: y(top * f) + 4, 'text-anchor': 'end', class: 'tick' }, axisNumber(top * f)),
  ]);
  const ticks = times.length ? [0, 0.25, 0.5, 0.75, 1].map((f) => {
    const i = Math.round(f * (times.length - 1));
    return s('text', { x: x(i), y: H - M.bottom + 16, 'text-anchor': f === 0 ? 'start' : f === 1 ? 'end' : 'middle', class: 'tick' }, clock(times[i]));
  }) : [];
  const lines = series.map((one) => {
    let d = '';
    let drawing = false;
    const dots = [];
    const known = (i) => one.values[i] !== null && one.values[i] !== undefined;
    const last = one.values.length - 1 - [...one.values].reverse().findIndex((v) => v !== null && v !== undefined);
    one.values.forEach((v, i) => {
      if (!known(i)) { drawing = false; return; }
      d += `${drawing ? 'L' : 'M'}${x(i).toFixed(1)} ${y(v).toFixed(1)}`;
      drawing = true;
      if (i % MARK_EVERY === 0 || i === last || (!known(i - 1) && !known(i + 1))) dots.push(marker(one.style.marker, x(i), y(v), one.style.color, 3));
    });
    return s('g', { 'data-series': one.name },
      s('path', { d, fill: 'none', stroke: one.style.color, 'stroke-width': 2, 'stroke-dasharray': one.style.dash || null, 'data-series': one.name }),
      dots);
  });

  const latest = (values) => [...values].reverse().find((v) => v !== null && v !== undefined);
  const peak = (values) => { const known = values.filter((v) => v !== null && v !== undefined); return known.length ? Math.max(...known) : undefined; };
  const say = (v) => (v === undefined ? 'no data' : format(v));
  const summary = series.map((one) => `${one.name}: latest ${say(latest(one.values))}, peak ${say(peak(one.values))}`).join('; ');
  const titleId = `${id}-title`;
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-labelledby': titleId, 'aria-describedby': `${id}-summary`, class: 'chart', 'data-chart': id },
    s('title', {}, `${title} (${unit}), last hour. ${summary}.`),
    grid,
    s('line', { x1: M.left, x2: M.left, y1: M.top, y2: H - M.bottom, class: 'axis' }),
    s('line', { x1: M.left, x2: W - M.right, y1: H - M.bottom, y2: H - M.bottom, class: 'axis' }),
    ticks,
    lines);
  // The same figures as a table for screen readers (visually hidden): latest minute and peak per series.
  const table = h('table.visually-hidden', { id: `${id}-summary` },
    h('caption', {}, `${title}, ${unit}`),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Served entity'), h('th', { scope: 'col' }, 'Latest minute'), h('th', { scope: 'col' }, 'Peak'))),
    h('tbody', {}, series.map((one) => h('tr', {}, h('th', { scope: 'row' }, one.name), h('td', {}, say(latest(one.values))), h('td', {}, say(peak(one.values)))))));
  return h('figure.chart-figure', { 'data-testid': `chart-${id}` },
    h('figcaption', { id: titleId }, title, h('span.muted', {}, ` (${unit})`)),
    svg, table);
}
