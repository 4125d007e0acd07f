// A comparison object (the shadow report's and the replay report's, one shape): how a candidate's
// answers differ from the baseline's over the same requests, as a table of measures. With a noise
// floor (the baseline compared with itself), a second column shows how much of a difference is
// only the model's own variation.
import { h } from '../dom.js';
import { num, pct, ms, ci, signed } from './format.js';

/** The measures, each a label and how to read it from a comparison. */
const MEASURES = [
  ['Pairs compared', (c) => num(c.pairs, 0)],
  ['Exact match rate', (c) => pct(c.exact_match_rate)],
  ['Numeric values compared', (c) => num(c.numeric?.values, 0)],
  ['Numeric |Δ| p50', (c) => num(c.numeric?.abs_delta_p50, 6)],
  ['Numeric |Δ| p99', (c) => num(c.numeric?.abs_delta_p99, 6)],
  ['Label flip rate', (c) => pct(c.label_flip_rate)],
  ['Text similarity mean', (c) => num(c.text_similarity?.mean, 3)],
  ['Text similarity p50', (c) => num(c.text_similarity?.p50, 3)],
  ['Latency p50 (baseline → candidate)', (c) => (c.latency_ms ? `${ms(c.latency_ms.baseline_p50)} → ${ms(c.latency_ms.candidate_p50)}` : '—')],
  ['Latency p99 (baseline → candidate)', (c) => (c.latency_ms ? `${ms(c.latency_ms.baseline_p99)} → ${ms(c.latency_ms.candidate_p99)}` : '—')],
  ['Latency Δ mean [95% CI]', (c) => (c.latency_ms ? `${signed(c.latency_ms.delta_mean, ms)} ${ci(c.latency_ms.delta_ci, ms)}` : '—')],
  ['Error rate (baseline → candidate)', (c) => (c.error_rate ? `${pct(c.error_rate.baseline)} → ${pct(c.error_rate.candidate)}` : '—')],
  ['Error rate Δ [95% CI]', (c) => (c.error_rate ? `${signed(c.error_rate.delta, pct)} ${ci(c.error_rate.delta_ci, pct)}` : '—')],
];

/** The table; `noiseFloor` may be null (then it has one column of figures). */
export function comparisonTable(comparison, noiseFloor = null, caption = 'Candidate compared with the baseline') {
  const c = comparison || {};
  return h('table.stack.comparison', { 'data-testid': 'comparison' },
    h('caption.visually-hidden', {}, caption),
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col' }, 'Measure'),
      h('th', { scope: 'col' }, 'Candidate vs baseline'),
      noiseFloor ? h('th', { scope: 'col' }, 'Noise floor (baseline vs itself)') : null)),
    h('tbody', {}, MEASURES.map(([label, read]) => h('tr', { 'data-measure': label },
      h('th', { scope: 'row', 'data-label': 'Measure' }, label),
      h('td', { 'data-label': 'Candidate vs baseline' }, read(c)),
      noiseFloor ? h('td', { 'data-label': 'Noise floor' }, read(noiseFloor)) : null))));
}
