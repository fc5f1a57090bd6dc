// Queues: the queue topics the key may read (found in GET /v0/topics by their type) with their job counts from
// each one's state (GET /v0/topics/:q, API §10.9), refreshed every three seconds.

import * as api from './api.js';
import { errorBox, h, num, replace, table } from './dom.js';
import * as fmt from './format.js';
import { topicHref } from './nav.js';
import { listToolbar } from './paging.js';
import { poll } from './poll.js';

const SCAN_PAGES = 10;   // topic pages of 1000 looked through for queues each round
const MAX_QUEUES = 100;  // queues whose state is fetched each round

async function findQueues(prefix) {
  const queues = [];
  let cursor = null;
  for (let page = 0; page < SCAN_PAGES; page++) {
    const { value } = await api.get('v0/topics', { prefix, page_size: 1000, cursor, touch: false });
    for (const t of value.topics) if (t.type === 'queue') queues.push(t.topic);
    cursor = value.next_cursor;
    if (!cursor || queues.length >= MAX_QUEUES) break;
  }
  return { names: queues.slice(0, MAX_QUEUES), more: Boolean(cursor) || queues.length > MAX_QUEUES };
}

// Fetches states a few at a time; a queue that vanished meanwhile is left out.
async function states(names) {
  const out = [];
  for (let i = 0; i < names.length; i += 8) {
    const batch = await Promise.all(names.slice(i, i + 8).map((n) =>
      api.get('v0/topics/' + api.seg(n), { touch: false }).then((r) => r.value, (e) => {
        if (e.code === 'topic_not_found') return null;
        throw e;
      })));
    out.push(...batch.filter((s) => s !== null));
  }
  return out;
}

function row(s) {
  const c = s.config;
  return h('tr', { 'data-queue': s.topic },
    h('td', { class: 'name' }, h('a', { href: topicHref(s.topic) }, s.topic)),
    num(fmt.count(s.queue.ready)),
    num(fmt.count(s.queue.in_flight)),
    num(fmt.count(s.queue.dead_lettered)),
    num(fmt.count(s.count)),
    num(fmt.count(c.lease_ms)),
    num(c.max_deliveries === 0 ? 'unlimited' : fmt.count(c.max_deliveries)),
    h('td', { class: 'name' }, c.dead_letter === null ? h('span', { class: 'muted' }, 'none')
      : h('a', { href: topicHref(c.dead_letter) }, c.dead_letter)));
}

export function mount(root) {
  const query = { prefix: '' };
  const body = h('div', null, h('p', { class: 'muted' }, 'Loading…'));
  const note = h('p', { class: 'muted' });
  const toolbar = listToolbar({ // one round shows every queue found: no pages
    prefix(p) { query.prefix = p; poller.now(); },
    auto(on) { poller.enable(on); },
  }, { paged: false });
  replace(root, h('div', { class: 'title-row' }, h('h1', null, 'Queues')), toolbar.el, h('div', { class: 'panel' }, body, note));

  const poller = poll(async () => {
    try {
      const found = await findQueues(query.prefix);
      const list = await states(found.names);
      replace(body, table(['Queue', { label: 'Ready', num: true }, { label: 'In flight', num: true },
        { label: 'Dead-lettered', num: true }, { label: 'Records', num: true }, { label: 'Lease ms', num: true },
        { label: 'Max deliveries', num: true }, 'Dead-letter topic'], list.map(row),
      'No queue topics. A topic created with "type": "queue" shows up here.'));
      note.textContent = found.more ? `Showing the first ${found.names.length} queues found; narrow the prefix to see others.` : '';
      toolbar.updated();
    } catch (e) {
      replace(body, errorBox(e));
    }
  }, 3000);
  return () => poller.stop();
}
