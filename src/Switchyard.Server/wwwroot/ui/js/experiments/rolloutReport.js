// The "Rollout" card's body (GET …/rollout): the progressive rollout's state, where it is in its
// steps, its gates, and every decision it took (newest first), each with the figures it was taken on.
import { h, time } from '../dom.js';
import { num, pValue } from './format.js';

/** A state's words and badge style (the words say it; colour repeats it). */
const STATES = {
  RUNNING: ['Running', 'info'],
  PAUSED: ['Paused', 'warn'],
  SUCCEEDED: ['Succeeded', 'ok'],
  ROLLED_BACK: ['Rolled back', 'bad'],
  ABORTED: ['Aborted', 'warn'],
};
const VERDICTS = { pass: 'ok', fail: 'bad', inconclusive: 'warn' };

/** True while the rollout can still be aborted. */
export const isActive = (rollout) => rollout.state === 'RUNNING' || rollout.state === 'PAUSED';

const stepsText = (steps = []) => steps.map((s) => `${num(s.weight)}%${s.hold_s !== undefined ? ` for ${num(s.hold_s, 0)} s` : ''}`).join(' → ') || '—';

const gateText = (gate) => [
  gate.metric,
  gate.comparator === 'absolute' ? 'absolute' : 'vs baseline',
  gate.max_degradation !== undefined ? `max degradation ${num(gate.max_degradation, 4)}` : null,
  gate.min_samples !== undefined ? `at least ${num(gate.min_samples, 0)} samples` : null,
].filter(Boolean).join(', ');

function decisionsTable(decisions) {
  if (!decisions || decisions.length === 0) return h('p.muted', { 'data-testid': 'no-decisions' }, 'No decisions yet.');
  const newestFirst = [...decisions].sort((a, b) => (b.time_ms ?? 0) - (a.time_ms ?? 0));
  return h('table.stack.decisions', { 'data-testid': 'decisions' },
    h('caption.visually-hidden', {}, 'Rollout decisions, newest first'),
    h('thead', {}, h('tr', {},
      ['Time', 'Step', 'Weight', 'Gate', 'Baseline', 'Candidate', 'Samples', 'p-value', 'Verdict', 'Action', 'Why'].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, newestFirst.map((d) => h('tr', { 'data-verdict': d.verdict, 'data-action': d.action },
      h('td', { 'data-label': 'Time' }, d.time_ms ? h('time', { datetime: new Date(d.time_ms).toISOString() }, time(d.time_ms)) : '—'),
      h('td', { 'data-label': 'Step' }, num(d.step, 0)),
      h('td', { 'data-label': 'Weight' }, `${num(d.weight)}%`),
      h('td', { 'data-label': 'Gate' }, d.gate ?? '—'),
      h('td', { 'data-label': 'Baseline' }, num(d.baseline, 4)),
      h('td', { 'data-label': 'Candidate' }, num(d.candidate, 4)),
      h('td', { 'data-label': 'Samples' }, num(d.samples, 0)),
      h('td', { 'data-label': 'p-value' }, pValue(d.p_value)),
      h('td', { 'data-label': 'Verdict' }, d.verdict ? h(`span.badge.${VERDICTS[d.verdict] || 'info'}`, {}, d.verdict) : '—'),
      h('td', { 'data-label': 'Action' }, d.action ?? '—'),
      h('td', { 'data-label': 'Why' }, d.message || '—')))));
}

/** The report. */
export function rolloutReport(rollout) {
  const [label, style] = STATES[rollout.state] || [rollout.state, 'info'];
  const steps = rollout.steps || [];
  return h('div', {},
    h('dl.facts', {},
      h('dt', {}, 'State'), h('dd', { 'data-testid': 'rollout-state' }, h(`span.badge.${style}`, {}, label)),
      h('dt', {}, 'Candidate'), h('dd', {}, rollout.candidate ?? '—'),
      h('dt', {}, 'Now'), h('dd', { 'data-testid': 'rollout-position' }, `step ${num(rollout.step, 0)} of ${steps.length}, candidate at ${num(rollout.weight)}%`),
      h('dt', {}, 'Steps'), h('dd', {}, stepsText(steps)),
      h('dt', {}, 'Gates'), h('dd', {}, (rollout.gates || []).length ? h('ul.gates', {}, rollout.gates.map((g) => h('li', {}, gateText(g)))) : 'none'),
      rollout.failure_limit !== undefined ? [h('dt', {}, 'Failed gates'), h('dd', {}, `${num(rollout.failures ?? 0, 0)} of ${num(rollout.failure_limit, 0)} allowed; inconclusive: ${rollout.on_inconclusive ?? '—'}`)] : null,
      h('dt', {}, 'Baseline'), h('dd', {}, `config version ${rollout.baseline_config_version ?? '—'}`),
      h('dt', {}, 'Started'), h('dd', {}, `${time(rollout.started_ms)}${rollout.started_by ? ` by ${rollout.started_by}` : ''}`),
      rollout.ended_ms ? [h('dt', {}, 'Ended'), h('dd', { 'data-testid': 'rollout-end' }, `${time(rollout.ended_ms)}${rollout.end_reason ? `: ${rollout.end_reason}` : ''}`)] : null),
    h('h3', {}, 'Decisions'),
    decisionsTable(rollout.decisions));
}
