// Draws a traffic split as one bar, a coloured share per served entity.
import { h } from './dom.js';

const COLORS = ['#1f5fbf', '#c2410c', '#15803d', '#7e22ce', '#0e7490', '#a16207'];

export function splitBar(routes) {
  const parts = routes.map((route, i) => {
    const name = route.served_entity_name || route.served_model_name;
    const pct = Number(route.traffic_percentage) || 0;
    return h('span', { style: `width:${pct}%;background:${COLORS[i % COLORS.length]}`, title: `${name}: ${pct}%` }, pct ? `${name} ${pct}%` : '');
  });
  const text = routes.map((r) => `${r.served_entity_name || r.served_model_name} ${r.traffic_percentage}%`).join(', ');
  return h('div.bar', { role: 'img', 'aria-label': `Traffic split: ${text}`, 'data-testid': 'split-bar' }, parts);
}
