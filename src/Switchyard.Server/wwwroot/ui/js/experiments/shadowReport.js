// The "Shadow" card's body (GET …/shadow-report): per shadow entity, how many copies of queries it
// was sent and dropped, and how its answers compare with the primary's.
import { h } from '../dom.js';
import { num } from './format.js';
import { comparisonTable } from './comparison.js';

/** The report: one section per shadow. */
export function shadowReport(report) {
  const shadows = report.shadows || [];
  if (shadows.length === 0) return h('p.muted', {}, 'This endpoint has no shadow entities.');
  return h('div', {}, h('p.muted', {}, 'Shadows answer copies of sampled queries; their answers are compared with the primary\'s and never returned to callers.'),
    shadows.map((shadow) => h('div.shadow', { 'data-shadow': shadow.served_entity_name },
      h('h3', {}, shadow.served_entity_name),
      h('p', { 'data-testid': 'shadow-counts' },
        `Samples ${num(shadow.sample_percentage)}% of queries: ${num(shadow.sent, 0)} sent, ${num(shadow.dropped, 0)} dropped.`),
      comparisonTable(shadow.comparison, shadow.noise_floor || null, `${shadow.served_entity_name} compared with the primary`))));
}
