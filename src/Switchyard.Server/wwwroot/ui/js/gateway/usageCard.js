// The endpoint page's usage view: the last day's totals per served entity and requester and the
// latest rows (GET …/usage), and each budget's use in its period (GET …/budgets). Both say plainly
// when there is nothing to show: usage tracking off, no budgets, or a server build without the route.
import { h, time } from '../dom.js';
import { get, enc, ApiError } from '../api.js';
import { whileShown } from './poll.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const LATEST_ROWS = 20;
// Pages read at most per refresh: the rows come oldest first, so the latest are on the last page.
const MAX_PAGES = 20;

const n = (v) => (v === undefined || v === null ? '—' : Number(v).toLocaleString());
const ms = (v) => (v === undefined || v === null ? '—' : `${Number(v).toLocaleString(undefined, { maximumFractionDigits: 1 })} ms`);

const table = (testId, caption, columns, rows) => h('table.stack', { 'data-testid': testId },
  h('caption.visually-hidden', {}, caption),
  h('thead', {}, h('tr', {}, columns.map(([label]) => h('th', { scope: 'col' }, label)))),
  h('tbody', {}, rows.map((row) => h('tr', {}, columns.map(([label, cell]) => h('td', { 'data-label': label }, cell(row)))))));

/** A message for a route this server build does not have (404), or the error itself. */
const unavailable = (what, error) => h('p.muted', {}, error instanceof ApiError && error.status === 404
  ? `${what} is not available on this server build (the route answered 404).`
  : `${what} is not shown: ${error.message}`);

/** The last day's usage: all pages read, keeping the totals (for the whole range) and the latest rows. */
async function readUsage(endpointName) {
  const end = Date.now();
  const base = `/api/2.0/serving-endpoints/${enc(endpointName)}/usage?start_time=${end - DAY_MS}&end_time=${end + 1}&max_results=1000`;
  let page = await get(base);
  const totals = page.totals || [];
  let rows = page.usage || [];
  for (let read = 1; page.next_page_token && read < MAX_PAGES; read++) {
    page = await get(`${base}&page_token=${enc(page.next_page_token)}`);
    rows = [...rows, ...(page.usage || [])].slice(-LATEST_ROWS);
  }
  return { totals, rows: rows.slice(-LATEST_ROWS).reverse() };
}

function usageView({ totals, rows }) {
  if (totals.length === 0 && rows.length === 0) return h('p.muted', { 'data-testid': 'usage-empty' }, 'No requests recorded in the last 24 hours.');
  return [
    h('h3', {}, 'Totals, last 24 hours'),
    table('usage-totals', 'Usage totals per served entity and requester', [
      ['Served entity', (t) => t.served_entity_name],
      ['Requester', (t) => t.requester],
      ['Requests', (t) => n(t.requests)],
      ['Errors', (t) => n(t.errors)],
      ['Input tokens', (t) => n(t.input_tokens)],
      ['Output tokens', (t) => n(t.output_tokens)],
    ], totals),
    h('h3', {}, `Latest requests (up to ${LATEST_ROWS}, newest first)`),
    table('usage-rows', 'Latest requests', [
      ['Time', (r) => time(r.request_time)],
      ['Status', (r) => String(r.status_code)],
      ['Requester', (r) => r.requester],
      ['Served entity', (r) => r.served_entity_name],
      ['Input tokens', (r) => n(r.input_token_count)],
      ['Output tokens', (r) => n(r.output_token_count)],
      ['Latency', (r) => ms(r.latency_ms)],
      ['First byte', (r) => ms(r.time_to_first_byte_ms)],
      ['Streamed', (r) => (r.request_streaming ? 'yes' : 'no')],
      ['Client request id', (r) => r.client_request_id || '—'],
    ], rows),
  ];
}

/** One budget's use: a bar (hidden from screen readers) with the figures as text beside it. */
function budgetUse(b) {
  const share = b.limit_tokens > 0 ? Math.min(1, b.used_tokens / b.limit_tokens) : 1;
  const level = share >= 1 ? 'bad' : share >= 0.8 ? 'warn' : 'ok';
  return h('span.budget-use', {},
    h(`span.budget-bar.${level}`, { 'aria-hidden': 'true' }, h('span', { style: `width:${(share * 100).toFixed(1)}%` })),
    ` ${n(b.used_tokens)} of ${n(b.limit_tokens)} tokens (${Math.round(share * 100)}%)`);
}

function budgetsView(answer) {
  const budgets = answer.budgets || [];
  if (budgets.length === 0) return h('p.muted', { 'data-testid': 'budgets-empty' }, 'No budgets are set on this endpoint.');
  return table('budgets', 'Token budgets and their use', [
    ['Budget', (b) => b.field || b.key],
    ['Counts', (b) => `${b.key}${b.subject || b.principal ? ` ${b.subject || b.principal}` : ''}`],
    ['Period', (b) => `${b.period}: ${time(b.period_start)} to ${time(b.period_end)}`],
    ['Used', budgetUse],
    ['Remaining', (b) => `${n(b.remaining_tokens)} tokens`],
  ], budgets);
}

const tracking = (gateway) => !!(gateway && gateway.usage_tracking_config && gateway.usage_tracking_config.enabled);

/**
 * The card; it reads both routes now and every 10 s while the page is open. Answers the element
 * and `follow(gateway)`, told of each saved ai_gateway config so turning tracking on shows at once.
 */
export function usageCard(endpoint) {
  let tracked = tracking(endpoint.ai_gateway);
  const usage = h('div', { 'data-testid': 'usage' });
  const budgets = h('div', { 'data-testid': 'budget-use' });
  const element = h('section.card', { 'aria-label': 'Usage' },
    h('h2', {}, 'Usage'), usage,
    h('h3', {}, 'Token budgets'), budgets);
  const placeholder = () => usage.replaceChildren(tracked ? h('p.muted', {}, 'Loading usage…')
    : h('p.muted', { 'data-testid': 'usage-off' }, 'Usage tracking is off for this endpoint: turn it on in the AI Gateway settings to record one row per request.'));
  const load = async () => {
    const [rows, limits] = await Promise.allSettled([
      tracked ? readUsage(endpoint.name) : Promise.resolve(null),
      get(`/api/2.0/serving-endpoints/${enc(endpoint.name)}/budgets`),
    ]);
    if (tracked) usage.replaceChildren(...[rows.status === 'fulfilled' ? usageView(rows.value) : unavailable('Usage', rows.reason)].flat());
    budgets.replaceChildren(limits.status === 'fulfilled' ? budgetsView(limits.value) : unavailable('Budget use', limits.reason));
  };
  placeholder();
  whileShown(element, load);
  return {
    element,
    follow: (gateway) => {
      tracked = tracking(gateway);
      placeholder();
      load();
    },
  };
}
