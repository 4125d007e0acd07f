// The "Experiment" card's body (GET …/experiment-report): per arm of the split, its traffic, errors,
// latency and tokens, and each metric's mean and difference from the control with 95% intervals and
// p-values (fixed-horizon and always-valid mSPRT). A sample ratio mismatch is a banner above
// everything: when the arms' shares are off, no comparison below can be trusted.
import { h } from '../dom.js';
import { num, pct, ms, pValue, ci, signed } from './format.js';
import { shareChart, deltaCharts } from './experimentCharts.js';

const isControl = (report, arm) => arm.served_entity_name === report.control;

/** The test behind a metric's p-value, in words. */
const TESTS = { two_proportions: 'two proportions', welch: 'Welch' };

function armsTable(report) {
  const arms = report.arms || [];
  return h('table.stack.arms', { 'data-testid': 'arms' },
    h('caption.visually-hidden', {}, `Arms of config version ${report.config_version}`),
    h('thead', {}, h('tr', {},
      ['Served entity', 'Requests', 'Units', 'Share (observed / expected)', 'Error rate', 'Latency p50', 'Latency p95', 'Latency p99', 'Tokens (input / output)']
        .map((title) => h('th', { scope: 'col' }, title)))),
    h('tbody', {}, arms.map((arm) => h('tr', { 'data-arm': arm.served_entity_name },
      h('td', { 'data-label': 'Served entity' }, arm.served_entity_name, isControl(report, arm) ? h('span.muted', {}, ' (control)') : null),
      h('td', { 'data-label': 'Requests' }, num(arm.requests, 0)),
      h('td', { 'data-label': 'Units' }, num(arm.units, 0)),
      h('td', { 'data-label': 'Share (observed / expected)' }, `${pct(arm.observed_share)} / ${pct(arm.expected_share)}`),
      h('td', { 'data-label': 'Error rate' }, pct(arm.error_rate)),
      h('td', { 'data-label': 'Latency p50' }, ms(arm.latency_ms?.p50)),
      h('td', { 'data-label': 'Latency p95' }, ms(arm.latency_ms?.p95)),
      h('td', { 'data-label': 'Latency p99' }, ms(arm.latency_ms?.p99)),
      h('td', { 'data-label': 'Tokens (input / output)' }, arm.tokens ? `${num(arm.tokens.input, 0)} / ${num(arm.tokens.output, 0)}` : '—')))));
}

function metricsTable(report) {
  const rows = (report.arms || []).flatMap((arm) => (arm.metrics || []).map((metric) => ({ arm, metric })));
  if (rows.length === 0) return h('p.muted', { 'data-testid': 'no-metrics' }, 'No metrics yet: send feedback (POST /serving-endpoints/{name}/feedback) with a query\'s request id.');
  return h('table.stack.metrics', { 'data-testid': 'metrics' },
    h('caption.visually-hidden', {}, `Metrics by arm, with the difference from the control (${report.control})`),
    h('thead', {}, h('tr', {},
      ['Served entity', 'Metric', 'Count', 'Mean [95% CI]', 'Δ vs control [95% CI]', 'p-value', 'mSPRT p-value']
        .map((title) => h('th', { scope: 'col' }, title)))),
    h('tbody', {}, rows.map(({ arm, metric }) => h('tr', { 'data-arm': arm.served_entity_name, 'data-metric': metric.metric },
      h('td', { 'data-label': 'Served entity' }, arm.served_entity_name),
      h('td', { 'data-label': 'Metric' }, metric.metric),
      h('td', { 'data-label': 'Count' }, num(metric.count, 0)),
      h('td', { 'data-label': 'Mean [95% CI]' }, `${num(metric.mean, 4)} ${ci(metric.ci, (v) => num(v, 4))}`),
      h('td', { 'data-label': 'Δ vs control [95% CI]' }, isControl(report, arm)
        ? h('span.muted', {}, 'control')
        : `${signed(metric.delta, (v) => num(v, 4))} ${ci(metric.delta_ci, (v) => num(v, 4))}`),
      h('td', { 'data-label': 'p-value' }, pValue(metric.p_value), metric.test ? h('span.muted', {}, ` (${TESTS[metric.test] || metric.test})`) : null),
      h('td', { 'data-label': 'mSPRT p-value' }, pValue(metric.msprt_p_value))))));
}

/** The sample ratio check: a banner when it failed, one quiet line when it did not. */
function srmLine(report) {
  if (report.srm_alert) {
    return h('p.banner.warn', { 'data-testid': 'srm-alert' },
      h('strong', {}, 'Sample ratio mismatch. '),
      `The arms' observed shares differ from the split more than chance allows (SRM p = ${pValue(report.srm_p_value)}). `
      + 'Assignment or logging may be broken: do not trust the comparisons until this is explained.');
  }
  return h('p.muted', { 'data-testid': 'srm-ok' }, `Sample ratio check: p = ${pValue(report.srm_p_value)}, no mismatch.`);
}

/** One config version's readout: its SRM check, arms and metrics, each table with its chart. */
function readout(report) {
  return [srmLine(report), armsTable(report), h('div.charts', {}, shareChart(report), deltaCharts(report)),
    h('h3', {}, 'Metrics'), metricsTable(report)];
}

/** The whole report: the current version, then earlier versions (segments) folded away. */
export function experimentReport(report) {
  // The segments repeat the current version first; only the earlier ones are shown below it.
  const earlier = (report.segments || []).filter((s) => s.config_version !== report.config_version);
  return h('div', {},
    h('p', { 'data-testid': 'experiment-version' }, `Config version ${report.config_version}; control: ${report.control ?? '—'}.`),
    readout(report),
    earlier.length ? h('h3', {}, 'Earlier config versions') : null,
    earlier.map((segment) => h('details.segment', { 'data-version': segment.config_version },
      h('summary', {}, `Config version ${segment.config_version} (control ${segment.control ?? '—'})`),
      readout(segment))));
}
