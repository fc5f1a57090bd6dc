// Routers: each router the key may read (GET /v0/routers) with its cursor (GET /v0/routers/:r) and its lag
// behind the source topic's head (API §7.2: lag = head_seq - cursor), a page at a time, refreshed.

import * as api from './api.js';
import { badge, errorBox, h, num, replace, table } from './dom.js';
import * as fmt from './format.js';
import { topicHref } from './nav.js';
import { Pager, listToolbar, pagerControls } from './paging.js';
import { poll } from './poll.js';

async function details(routers) {
  const heads = new Map();
  const head = (topic) => {
    if (!heads.has(topic)) {
      heads.set(topic, api.get('v0/topics/' + api.seg(topic), { touch: false }).then((r) => r.value.head_seq, () => null));
    }
    return heads.get(topic);
  };
  return Promise.all(routers.map(async (r) => {
    const [info, sourceHead] = await Promise.all([
      api.get('v0/routers/' + api.seg(r.router)).then((x) => x.value, () => r),
      head(r.source),
    ]);
    return { ...info, sourceHead };
  }));
}

function filterText(f) {
  if (f === null || f === undefined) return h('span', { class: 'muted' }, 'all records');
  return h('span', { class: 'mono' }, JSON.stringify(f));
}

function row(r) {
  const lag = r.sourceHead === null || r.cursor === undefined ? null : Math.max(0, r.sourceHead - r.cursor);
  return h('tr', { 'data-router': r.router },
    h('td', { class: 'name' }, r.router),
    h('td', { class: 'name' }, h('a', { href: topicHref(r.source) }, r.source), ' → ',
      h('a', { href: topicHref(r.dest) }, r.dest)),
    h('td', null, badge(r.guarantee, 'plain')),
    h('td', null, filterText(r.filter)),
    num(fmt.count(r.cursor)),
    num(fmt.count(r.sourceHead)),
    h('td', { class: 'num' }, lag === null ? '–' : badge(fmt.count(lag), lag === 0 ? 'ok' : lag > 1000 ? 'bad' : 'warn')),
    num(fmt.count(r.forwarded_total)));
}

export function mount(root) {
  const pager = new Pager();
  const query = { prefix: '', pageSize: 50 };
  const body = h('div', null, h('p', { class: 'muted' }, 'Loading…'));
  const toolbar = listToolbar({
    prefix(p) { query.prefix = p; pager.reset(); poller.now(); },
    pageSize(n) { query.pageSize = n; pager.reset(); poller.now(); },
    auto(on) { poller.enable(on); },
  }, { placeholder: 'router name prefix', pageSize: query.pageSize });
  const controls = pagerControls(pager, () => poller.now());
  replace(root, h('div', { class: 'title-row' }, h('h1', null, 'Routers')), toolbar.el,
    h('div', { class: 'panel' }, body, controls.el));

  const poller = poll(async () => {
    try {
      const { value } = await api.get('v0/routers', { prefix: query.prefix, page_size: query.pageSize, cursor: pager.cursor });
      pager.loaded(value.next_cursor);
      const list = await details(value.routers);
      replace(body, table(['Router', 'Source → dest', 'Guarantee', 'Filter', { label: 'Cursor', num: true },
        { label: 'Source head', num: true }, { label: 'Lag', num: true }, { label: 'Forwarded', num: true }],
      list.map(row), 'No routers. PUT /v0/routers/<name> creates one.'));
      toolbar.updated();
    } catch (e) {
      replace(body, errorBox(e));
    }
    controls.draw();
  }, 2000);
  return () => poller.stop();
}
