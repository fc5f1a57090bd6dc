// Topics: every topic the key may read, a page at a time (GET /v0/topics), refreshed every two seconds.

import * as api from './api.js';
import { badge, errorBox, h, num, replace, table } from './dom.js';
import * as fmt from './format.js';
import { topicHref } from './nav.js';
import { Pager, listToolbar, pagerControls } from './paging.js';
import { poll } from './poll.js';

const DURABILITY = { fsync: 'ok', disk: null, memory: 'warn', ephemeral: 'warn' };

function row(t) {
  return h('tr', { 'data-topic': t.topic },
    h('td', { class: 'name' }, h('a', { href: topicHref(t.topic) }, t.topic)),
    h('td', null, badge(t.type, t.type === 'queue' ? 'warn' : 'plain')),
    num(fmt.count(t.count)),
    num(fmt.bytes(t.bytes)),
    num(fmt.count(t.head_seq)),
    num(fmt.count(t.earliest_seq)),
    h('td', null, badge(t.durability, DURABILITY[t.durability])),
    num(String(t.effective_priority)));
}

export function mount(root) {
  const pager = new Pager();
  const query = { prefix: '', pageSize: 50 };
  const body = h('div', null, h('p', { class: 'muted' }, 'Loading…'));
  const summary = h('span', { class: 'muted' });
  const toolbar = listToolbar({
    prefix(p) { query.prefix = p; pager.reset(); poller.now(); },
    pageSize(n) { query.pageSize = n; pager.reset(); poller.now(); },
    auto(on) { poller.enable(on); },
  }, { pageSize: query.pageSize });
  const controls = pagerControls(pager, () => poller.now());
  replace(root,
    h('div', { class: 'title-row' }, h('h1', null, 'Topics'), summary),
    toolbar.el,
    h('div', { class: 'panel' }, body, controls.el));

  const poller = poll(async () => {
    try {
      const { value } = await api.get('v0/topics', {
        prefix: query.prefix, page_size: query.pageSize, cursor: pager.cursor, touch: false,
      });
      pager.loaded(value.next_cursor);
      const empty = query.prefix
        ? 'No topic starts with that prefix (or the key may not read it).'
        : 'No topics yet. Create one with PUT /v0/topics/<name>, or by writing to it.';
      replace(body, table(['Topic', 'Type', { label: 'Records', num: true }, { label: 'Bytes', num: true },
        { label: 'Head', num: true }, { label: 'Earliest', num: true }, 'Durability',
        { label: 'Priority', num: true }], value.topics.map(row), empty));
      const n = value.topics.length;
      summary.textContent = n === 1 ? '1 topic' : n + ' topics' + (value.next_cursor ? ' on this page' : '');
      toolbar.updated();
    } catch (e) {
      replace(body, errorBox(e));
      summary.textContent = '';
    }
    controls.draw();
  }, 2000);
  return () => poller.stop();
}
