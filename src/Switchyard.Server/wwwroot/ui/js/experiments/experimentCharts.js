// The experiment report's two charts, as inline SVG beside its tables (which keep every number):
// each arm's observed share against the share the split promised (a sample ratio mismatch shows
// as a bar off its mark), and each metric's difference from the control with its 95% interval
// against zero (an interval clear of zero is a difference). Shapes, not only colour, tell apart.
import { h } from '../dom.js';
import { s, styleOf } from '../gateway/lineChart.js';
import { num, pct } from './format.js';

const W = 420;
const ROW = 26;
const M = { left: 120, right: 16, top: 8, bottom: 26 };
const label = (text, x, y, anchor = 'end') => s('text', { x, y, 'text-anchor': anchor, class: 'tick', 'dominant-baseline': 'middle' }, text);

/** Observed share bars with the expected share as a tick on each. */
export function shareChart(report) {
  const arms = report.arms || [];
  if (arms.length === 0) return null;
  const height = M.top + arms.length * ROW + M.bottom;
  const x = (share) => M.left + share * (W - M.left - M.right);
  const rows = arms.map((arm, i) => {
    const y = M.top + i * ROW + ROW / 2;
    const style = styleOf(i);
    return [
      label(arm.served_entity_name, M.left - 6, y),
      s('rect', { x: x(0), y: y - 7, width: Math.max(0, x(arm.observed_share ?? 0) - x(0)), height: 14, fill: style.color, 'fill-opacity': 0.7 }),
      arm.expected_share == null ? null
        : s('path', { d: `M${x(arm.expected_share)} ${y - 11}V${y + 11}`, stroke: '#111827', 'stroke-width': 2, 'stroke-dasharray': '3 2' }),
    ];
  });
  const describe = arms.map((a) => `${a.served_entity_name} ${pct(a.observed_share)} of units (expected ${pct(a.expected_share)})`).join('; ');
  return h('figure.chart-figure', { 'data-testid': 'share-chart' },
    h('figcaption', {}, 'Share of units: observed (bar) and expected (dashed mark)'),
    s('svg', { class: 'chart', viewBox: `0 0 ${W} ${height}`, role: 'img', 'aria-label': describe },
      axis(x, height, [0, 0.25, 0.5, 0.75, 1], (v) => `${v * 100}%`), rows));
}

/** One interval plot per metric: each non-control arm's Δ and its 95% interval, with zero marked. */
export function deltaCharts(report) {
  const byMetric = new Map();
  for (const arm of report.arms || []) {
    if (arm.served_entity_name === report.control) continue;
    for (const metric of arm.metrics || []) {
      if (metric.delta == null || !Array.isArray(metric.delta_ci)) continue;
      if (!byMetric.has(metric.metric)) byMetric.set(metric.metric, []);
      byMetric.get(metric.metric).push({ arm: arm.served_entity_name, delta: metric.delta, ci: metric.delta_ci });
    }
  }
  return [...byMetric].map(([name, rows]) => {
    const reach = Math.max(...rows.flatMap((r) => [Math.abs(r.ci[0]), Math.abs(r.ci[1]), Math.abs(r.delta)])) || 1;
    const x = (v) => M.left + ((v + reach) / (2 * reach)) * (W - M.left - M.right);
    const height = M.top + rows.length * ROW + M.bottom;
    const describe = rows.map((r) => `${r.arm}: Δ ${fixed(r.delta)} (95% CI ${fixed(r.ci[0])} to ${fixed(r.ci[1])})`).join('; ');
    return h('figure.chart-figure', { 'data-testid': 'delta-chart', 'data-metric': name },
      h('figcaption', {}, `${name}: difference from ${report.control} with 95% interval`),
      s('svg', { class: 'chart', viewBox: `0 0 ${W} ${height}`, role: 'img', 'aria-label': `${name}. ${describe}` },
        axis(x, height, [-reach, -reach / 2, 0, reach / 2, reach], fixed),
        s('path', { d: `M${x(0)} ${M.top}V${height - M.bottom}`, stroke: '#111827', 'stroke-width': 1.5 }),
        rows.map((r, i) => {
          const y = M.top + i * ROW + ROW / 2;
          const style = styleOf(i + 1);
          return [
            label(r.arm, M.left - 6, y),
            s('path', { d: `M${x(r.ci[0])} ${y}H${x(r.ci[1])}M${x(r.ci[0])} ${y - 5}V${y + 5}M${x(r.ci[1])} ${y - 5}V${y + 5}`, stroke: style.color, 'stroke-width': 2, fill: 'none' }),
            s('circle', { cx: x(r.delta), cy: y, r: 4, fill: style.color }),
          ];
        })));
  });
}

function axis(x, height, ticks, format) {
  const base = height - M.bottom;
  return [
    s('path', { class: 'axis', d: `M${M.left} ${base}H${W - M.right}` }),
    ticks.map((t) => [s('path', { class: 'grid', d: `M${x(t)} ${M.top}V${base}` }), label(format(t), x(t), base + 14, 'middle')]),
  ];
}

const fixed = (v) => num(v, 3);
