// The endpoint page's experiment cards: Experiment (the A/B readout), Rollout (with Abort for
// managers) and Shadow. Each is shown only while its route answers 200 (reportCard.js).
import { h, errorBox } from '../dom.js';
import { call, enc } from '../api.js';
import { canManage } from '../levels.js';
import { reportCard } from './reportCard.js';
import { experimentReport } from './experimentReport.js';
import { rolloutReport, isActive } from './rolloutReport.js';
import { shadowReport } from './shadowReport.js';

/** The Rollout card's controls: Abort (a button, then a confirmation saying what it restores), and Resume while paused. */
function abortControl(base, manage, reread) {
  const status = h('div.abort-status', { 'aria-live': 'polite' });
  const box = h('div.abort', {}, status);
  let rollout = null;
  let confirming = false;
  const open = () => {
    confirming = true;
    const confirm = h('button.danger', {
      type: 'button',
      onclick: async () => {
        confirm.disabled = true;
        try {
          await call('POST', `${base}/rollout/abort`, {});
          status.replaceChildren(h('p', { role: 'status' }, `Rollout aborted: config version ${rollout.baseline_config_version} is being restored.`));
          draw();
          await reread();
        } catch (error) {
          status.replaceChildren(errorBox(error));
          confirm.disabled = false;
        }
      },
    }, 'Confirm abort');
    const cancel = h('button.secondary', { type: 'button', onclick: () => { draw(); box.querySelector('button')?.focus(); } }, 'Cancel');
    box.replaceChildren(
      h('p', {}, `Abort the rollout of ${rollout.candidate}? The endpoint goes back to its baseline, config version ${rollout.baseline_config_version}.`),
      h('div.row', {}, confirm, cancel), status);
    confirm.focus();
  };
  const draw = () => {
    confirming = false;
    if (!rollout || !isActive(rollout)) {
      box.replaceChildren(status);
    } else if (!manage) {
      box.replaceChildren(h('p.muted', {}, 'Aborting needs CAN_MANAGE on this endpoint.'), status);
    } else {
      // A paused rollout (an inconclusive gate with on_inconclusive "pause") can be taken up again.
      const resume = rollout.state === 'PAUSED' ? h('button.secondary', {
        type: 'button',
        onclick: async () => {
          try {
            await call('POST', `${base}/rollout/resume`, {});
            status.replaceChildren(h('p', { role: 'status' }, 'Rollout resumed.'));
            await reread();
          } catch (error) {
            status.replaceChildren(errorBox(error));
          }
        },
      }, 'Resume rollout') : null;
      box.replaceChildren(h('div.row', {}, resume, h('button.danger', { type: 'button', onclick: open }, 'Abort rollout')), status);
    }
  };
  return {
    element: box,
    // Redrawn only when the state moved (so a new decision does not take the focus off a button), and an
    // open confirmation is left alone unless the rollout ended meanwhile and there is nothing left to abort.
    update: (answer) => {
      const before = rollout && rollout.state;
      rollout = answer;
      const after = rollout && rollout.state;
      if (confirming ? !rollout || !isActive(rollout) : before !== after) draw();
    },
  };
}

/** The three cards, in page order. */
export function experimentCards(endpoint) {
  const base = `/api/2.0/serving-endpoints/${enc(endpoint.name)}`;
  const experiment = reportCard({ label: 'Experiment', testId: 'experiment-report', path: `${base}/experiment-report`, render: experimentReport });
  let rollout = null;
  const abort = abortControl(base, canManage(endpoint), () => rollout.reload());
  rollout = reportCard({ label: 'Rollout', testId: 'rollout', path: `${base}/rollout`, render: rolloutReport, controls: abort.element, onAnswer: abort.update, refreshMs: 2500 });
  const shadow = reportCard({ label: 'Shadow', testId: 'shadow-report', path: `${base}/shadow-report`, render: shadowReport });
  return [experiment.element, rollout.element, shadow.element];
}
