// The endpoint page's traffic charts: requests/s, p50 and p99 latency, error rate and tokens/s of
// each served entity, minute by minute over the last hour (GET …/traffic), so the arms of a split
// are compared at a glance. One legend names the entities with the line style each has in every chart.
import { h } from '../dom.js';
import { get, enc } from '../api.js';
import { lineChart, styleOf, swatch } from './lineChart.js';
import { whileShown, REFRESH_MS } from './poll.js';

const number = (v, digits) => v.toLocaleString(undefined, { maximumFractionDigits: digits });

/** Each chart: what it plots from a point, and how a value reads with its unit. */
const CHARTS = [
  { id: 'requests', title: 'Requests per second', unit: 'req/s', value: (p) => p.requests_per_second, format: (v) => `${number(v, 3)} req/s` },
  { id: 'p50', title: 'Latency p50', unit: 'ms', value: (p) => p.p50_ms, format: (v) => `${number(v, 1)} ms` },
  { id: 'p99', title: 'Latency p99', unit: 'ms', value: (p) => p.p99_ms, format: (v) => `${number(v, 1)} ms` },
  { id: 'errors', title: 'Error rate', unit: '% of requests', value: (p) => (p.error_rate === null || p.error_rate === undefined ? null : p.error_rate * 100), format: (v) => `${number(v, 1)}%` },
  { id: 'tokens', title: 'Tokens per second', unit: 'tokens/s', value: (p) => p.tokens_per_second, format: (v) => `${number(v, 2)} tokens/s` },
];

/** The legend: each entity's name beside its colour, dash and marker. */
const legend = (entities) => h('ul.legend', { 'data-testid': 'traffic-legend', 'aria-label': 'Served entities' },
  entities.map((e, i) => h('li', { 'data-series': e.name }, swatch(styleOf(i)), e.name)));

/** What the card shows for one answer of the traffic route. */
export function trafficView(traffic) {
  const entities = traffic.served_entities || [];
  if (entities.length === 0) return h('p.muted', { 'data-testid': 'traffic-empty' }, 'No served entity is live yet, so there is no traffic to chart.');
  const quiet = entities.every((e) => (e.points || []).every((p) => !p.requests));
  if (quiet) return h('p.muted', { 'data-testid': 'traffic-empty' }, 'No traffic in the last hour yet: the charts appear after the first query.');
  const times = (entities[0].points || []).map((p) => p.time);
  return [
    legend(entities),
    h('div.charts', {}, CHARTS.map((chart) => lineChart({
      id: chart.id,
      title: chart.title,
      unit: chart.unit,
      format: chart.format,
      times,
      series: entities.map((e, i) => ({ name: e.name, style: styleOf(i), values: (e.points || []).map(chart.value) })),
    }))),
  ];
}

/** The card; it reads the route now and every 10 s while the page is open. */
export function trafficCard(endpointName) {
  const body = h('div', { 'data-testid': 'traffic' }, h('p.muted', {}, 'Loading traffic…'));
  const updated = h('p.muted');
  const card = h('section.card', { 'aria-label': 'Traffic' }, h('h2', {}, 'Traffic, last hour'), updated, body);
  whileShown(card, async () => {
    try {
      const traffic = await get(`/api/2.0/serving-endpoints/${enc(endpointName)}/traffic?minutes=60`);
      body.replaceChildren(...[trafficView(traffic)].flat());
      updated.textContent = `Per minute, config_version ${traffic.config_version ?? '—'}; updated ${new Date().toLocaleTimeString()}, refreshed every ${REFRESH_MS / 1000} s.`;
    } catch (error) {
      updated.textContent = `Could not read the traffic: ${error.message}`;
    }
  });
  return card;
}
