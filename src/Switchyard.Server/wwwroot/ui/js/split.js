// Draws a traffic split as one bar, a coloured share per served entity, with a key in words under
// it: a narrow share cannot hold its label, and colour alone must not tell the shares apart.
import { h } from './dom.js';

const COLORS = ['#1f5fbf', '#c2410c', '#15803d', '#7e22ce', '#0e7490', '#a16207'];

/** A route's share in percent, whether the config gives whole percentages or basis points (traffic_basis_points, 1/100 of a percent). */
export const percentOf = (route) => (route.traffic_basis_points !== undefined
  ? Number(route.traffic_basis_points) / 100
  : Number(route.traffic_percentage) || 0);

/** The bar (one image to assistive technology, named by the split) and its visible key. */
export function splitBar(routes) {
  const share = (route) => `${route.served_entity_name || route.served_model_name} ${percentOf(route)}%`;
  const parts = routes.map((route, i) => {
    const pct = percentOf(route);
    return h('span', { style: `width:${pct}%;background:${COLORS[i % COLORS.length]}`, title: share(route) }, pct ? share(route) : '');
  });
  const text = routes.map(share).join(', ');
  const bar = h('div.bar', { role: 'img', 'aria-label': `Traffic split: ${text}`, 'data-testid': 'split-bar' }, parts);
  // The bar's name already says this to screen readers, so the key is for the eye only.
  const key = h('ul.legend.split-key', { 'aria-hidden': 'true', 'data-testid': 'split-key' }, routes.map((route, i) => h('li', {},
    h('span.split-swatch', { style: `background:${COLORS[i % COLORS.length]}` }), share(route))));
  return [bar, key];
}
