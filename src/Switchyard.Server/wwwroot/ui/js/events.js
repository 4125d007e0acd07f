// The endpoint page's events card: the endpoint's timeline (GET …/events, ours), newest first.
// It reads the route again every 2 s while the page is open (live.js), so a rollout's outcome, a
// scale to zero or someone else's permission change shows up without a reload; it stops once the
// page is left.
import { h } from './dom.js';
import { get, enc } from './api.js';
import { follow } from './live.js';

/** How often the card reads the timeline again. */
export const EVENTS_REFRESH_MS = 2000;

/** How many of the newest events the card shows. */
export const EVENTS_SHOWN = 50;

/** Each event type's label (the text says what it is; colour only repeats it) and badge style. */
const TYPES = {
  ENDPOINT_CREATED: ['Endpoint created', 'ok'],
  CONFIG_VERSION_CREATED: ['Config version created', 'info'],
  STATE_CHANGED: ['State changed', 'info'],
  UPDATE_FAILED: ['Update failed', 'bad'],
  SCALED_TO_ZERO: ['Scaled to zero', 'info'],
  WOKEN: ['Woke up', 'ok'],
  WAKE_FAILED: ['Wake failed', 'bad'],
  PERMISSIONS_CHANGED: ['Permissions changed', 'info'],
  TAGS_CHANGED: ['Tags changed', 'info'],
  AI_GATEWAY_CHANGED: ['AI gateway changed', 'info'],
  ROLLOUT_DECISION: ['Rollout decision', 'info'],
};

const labelOf = (type) => (TYPES[type] || [type.replaceAll('_', ' ').toLowerCase(), 'info'])[0];

/** One event: its time, its type as text, its sentence, and what it is about. */
function eventItem(event) {
  const [label, style] = TYPES[event.type] || [labelOf(event.type), 'info'];
  const about = [
    event.config_version !== undefined ? `config version ${event.config_version}` : null,
    event.served_entity_name ? `served entity ${event.served_entity_name}` : null,
    event.actor ? `by ${event.actor}` : null,
  ].filter(Boolean).join(' · ');
  const at = new Date(event.timestamp);
  return h('li.event', { 'data-type': event.type },
    h('div.event-head', {},
      h('time', { datetime: at.toISOString() }, at.toLocaleString()),
      h(`span.badge.${style}`, {}, label)),
    h('p.event-message', {}, event.message),
    about ? h('p.muted.event-about', {}, about) : null);
}

const keyOf = (event) => `${event.timestamp}|${event.type}|${event.message}`;

/** The card; `endpoint` is the page's endpoint as GET answered it. */
export function eventsCard(endpoint) {
  const list = h('ol.events', { 'aria-label': 'Events, newest first' });
  const empty = h('p.muted', {}, 'Loading events…');
  // Tells screen readers what arrived since the last read, not the whole list again; the list shows it to everyone.
  const news = h('p.visually-hidden', { 'aria-live': 'polite', 'data-testid': 'events-news' });
  const failure = h('p.error.events-failure', { 'aria-live': 'polite' });
  const card = h('section.card', { 'aria-label': 'Events', 'data-testid': 'events' },
    h('h2', {}, 'Events'),
    h('p.muted', {}, `What happened to this endpoint, newest first: the newest ${EVENTS_SHOWN}, followed every ${EVENTS_REFRESH_MS / 1000} s.`),
    news, failure, empty, list);
  const path = `/api/2.0/serving-endpoints/${enc(endpoint.name)}/events?max_results=${EVENTS_SHOWN}`;
  let shown = null;

  const draw = (events) => {
    const keys = events.map(keyOf);
    if (shown && keys.join('\n') === shown.join('\n')) return;
    if (shown) {
      const before = shown.length ? keys.indexOf(shown[0]) : keys.length;
      const fresh = before < 0 ? events.length : before;
      if (fresh > 0) {
        news.textContent = fresh === 1
          ? `New event: ${labelOf(events[0].type)}. ${events[0].message}`
          : `${fresh} new events; the newest: ${labelOf(events[0].type)}. ${events[0].message}`;
      }
    }
    shown = keys;
    empty.textContent = events.length ? '' : 'No events yet.';
    empty.hidden = events.length > 0;
    list.replaceChildren(...events.map(eventItem));
  };

  const read = async () => {
    const events = (await get(path)).events || [];
    failure.textContent = '';
    return events;
  };
  const failed = (error) => {
    failure.textContent = `Could not read the events: ${error.message}`;
    return false;
  };
  // Reads now, then every 2 s while this card is on screen (a redraw only when something changed).
  read().then(
    (events) => { draw(events); return events; },
    (error) => { failed(error); return null; })
    .then((first) => follow(card, { first, read, onChange: draw, onError: failed, delay: () => EVENTS_REFRESH_MS }));
  return card;
}
