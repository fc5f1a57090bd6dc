// One topic: its state and config (GET /v0/topics/:topic, refreshed), its latest records, older records a page
// at a time (POST /v0/topics/:topic/diff), and a live tail (tail.js) that can be paused and resumed. Records are
// shown oldest first; live ones arrive at the bottom. Involuntary gaps (tombstones) are shown as gap markers.

import * as api from './api.js';
import { badge, errorBox, h, replace } from './dom.js';
import * as fmt from './format.js';
import { member, render } from './json.js';
import { poll } from './poll.js';
import { LiveTail } from './tail.js';

const PAGE = 25;          // records per page, latest and older
const MAX_SHOWN = 500;    // rows kept on the page; older ones are dropped and can be loaded again
const REASONS = {
  cap: 'evicted by the topic cap',
  ttl: 'expired (ttl_ms)',
  mixed: 'evicted and expired',
  recreated: 'the topic was deleted and created again',
  source_trim: 'dropped at the router source before they were forwarded',
  restart: 'lost in a server restart',
  from_seq_too_old: 'evicted before the stream reached them',
};
const TAIL_LABELS = {
  connecting: 'connecting…', live: 'live', paused: 'paused', reconnecting: 'reconnecting…', closed: 'stopped',
};

function recordEl(r, node, live) {
  const data = member(node, 'data');
  const meta = member(node, 'meta');
  const seq = member(node, '$seq');
  return h('article', {
    class: 'rec' + (live ? ' fresh' : ''), 'data-seq': r.$seq, 'data-ts': r.$ts, 'data-arrived': live ? Date.now() : null,
  },
    h('div', { class: 'rec-head' },
      h('span', { class: 'seq' }, '#' + (seq ? seq.v : r.$seq)),
      h('time', null, fmt.time(r.$ts)),
      r.$tag !== undefined ? h('span', { class: 'tag', title: 'tag' }, r.$tag) : null,
      r.$node !== undefined ? h('span', { class: 'node', title: 'node' }, 'node ' + r.$node) : null),
    data ? h('pre', { class: 'json' }, render(data)) : h('pre', { class: 'json muted' }, '(no data)'),
    meta ? h('details', null, h('summary', null, 'meta'), h('pre', { class: 'json' }, render(meta))) : null);
}

function gapEl(t) {
  const empty = t.gap_to < t.gap_from;
  const range = t.gap_from === t.gap_to ? `seq ${fmt.count(t.gap_from)}` : `seqs ${fmt.count(t.gap_from)}–${fmt.count(t.gap_to)}`;
  return h('div', { class: 'gap', role: 'note', 'data-gap-from': t.gap_from, 'data-gap-to': t.gap_to, 'data-reason': t.reason },
    h('strong', null, 'Gap'),
    empty ? 'nothing was lost in the new topic' : range + ' can no longer be read',
    ' · ' + (REASONS[t.reason] || t.reason),
    t.missed_estimate ? ` · about ${fmt.count(t.missed_estimate)} record${t.missed_estimate === 1 ? '' : 's'}` : '');
}

function noteEl(title, text) {
  return h('div', { class: 'gap' }, h('strong', null, title), text);
}

function kv(pairs) {
  return h('dl', { class: 'kv' }, pairs.map(([k, v]) => [h('dt', null, k), h('dd', { 'data-key': k }, v)]));
}

function configValue(v) {
  return v === null ? 'null' : typeof v === 'object' ? JSON.stringify(v) : String(v);
}

export function mount(root, { topic }) {
  const path = 'v0/topics/' + api.seg(topic);
  let gone = false;

  const badges = h('span');
  const stateBody = h('div', null, h('p', { class: 'muted' }, 'Loading…'));
  const queuePanel = h('div', { class: 'panel', hidden: true });
  const configBody = h('div');
  const tailBadge = h('span', { class: 'badge tail-state', 'data-state': 'paused' }, TAIL_LABELS.paused);
  const tailWhy = h('span', { class: 'muted' });
  const pauseButton = h('button', { type: 'button', class: 'quiet', disabled: true, onclick: () => toggleTail() }, 'Pause');
  const edge = h('div', { class: 'edge' });
  const list = h('div', { class: 'records', 'aria-live': 'polite' }, edge);
  const recordsPanel = h('div', { class: 'panel' },
    h('div', { class: 'toolbar' }, h('h2', null, 'Records'), h('span', { class: 'grow' }), tailWhy, tailBadge, pauseButton),
    list);
  replace(root,
    h('div', { class: 'title-row' }, h('a', { href: '#/topics' }, '← Topics'), h('h1', { class: 'mono' }, topic), badges),
    h('div', { class: 'cols' },
      h('div', null,
        h('div', { class: 'panel' }, h('h2', null, 'State'), stateBody),
        queuePanel,
        h('div', { class: 'panel' }, h('h2', null, 'Config'), configBody)),
      recordsPanel));

  // --- state and config -------------------------------------------------------------------------------------

  let lastError = null;
  async function refreshState() {
    let s;
    try {
      s = (await api.get(path, { touch: false })).value;
    } catch (e) {
      lastError = e;
      replace(stateBody, errorBox(e));
      if (e.code === 'topic_not_found') gone = true;
      return null;
    }
    replace(badges, badge(s.type, s.type === 'queue' ? 'warn' : 'plain'), ' ', badge(s.config.durability));
    replace(stateBody, kv([
      ['head_seq', fmt.count(s.head_seq)],
      ['earliest_seq', fmt.count(s.earliest_seq)],
      ['next_seq', fmt.count(s.next_seq)],
      ['records', fmt.count(s.count)],
      ['bytes', fmt.bytes(s.bytes)],
      ['effective priority', String(s.effective_priority)],
      ['last write', s.last_write_ts ? fmt.time(s.last_write_ts) + ' (' + fmt.ago(s.last_write_ts) + ')' : 'never'],
      ['last read', s.last_read_ts ? fmt.time(s.last_read_ts) + ' (' + fmt.ago(s.last_read_ts) + ')' : 'never'],
    ]));
    if (s.queue) {
      queuePanel.hidden = false;
      replace(queuePanel, h('h2', null, 'Queue'), kv([
        ['ready', fmt.count(s.queue.ready)],
        ['in flight', fmt.count(s.queue.in_flight)],
        ['dead-lettered', fmt.count(s.queue.dead_lettered)],
      ]));
    }
    replace(configBody, kv(Object.entries(s.config).map(([k, v]) => [k, configValue(v)])));
    return s;
  }

  // --- records ----------------------------------------------------------------------------------------------

  let oldestFrom = 0; // the exclusive lower bound of the oldest page shown
  let floor = 0;      // earliest_seq - 1 when the page was read: nothing at or below it can be read

  // Reads (from, upTo] forward with diff, as many calls as it takes (a batch stops before an interior gap).
  async function readRange(from, upTo) {
    const items = [];
    let cursor = from;
    for (let round = 0; round < 100 && cursor < upTo; round++) {
      const { value, tree } = await api.post(path + '/diff', {
        from_seq: cursor, limit: Math.min(1000, upTo - cursor), include_tags: true,
      });
      if (value.tombstone) items.push({ gap: value.tombstone });
      const nodes = member(tree, 'records').v;
      value.records.forEach((r, i) => {
        if (r.$seq <= upTo) items.push({ record: r, node: nodes[i] });
      });
      if (value.caught_up || value.next_from_seq <= cursor) break;
      cursor = value.next_from_seq;
    }
    return items;
  }

  function itemEl(item, live) {
    return item.gap ? gapEl(item.gap) : recordEl(item.record, item.node, live);
  }

  function drawEdge() {
    if (oldestFrom <= floor) {
      replace(edge, 'Nothing older: earliest_seq was ' + fmt.count(floor + 1) + ' when this page loaded');
    } else {
      replace(edge, h('button', { type: 'button', class: 'quiet', onclick: loadOlder }, 'Load older'));
    }
  }

  async function loadLatest(s) {
    floor = s.earliest_seq - 1;
    oldestFrom = Math.max(floor, s.head_seq - PAGE);
    const items = await readRange(oldestFrom, s.head_seq);
    for (const item of items) list.appendChild(itemEl(item, false));
    if (items.length === 0) list.appendChild(h('div', { class: 'edge empty-note' }, 'No records yet: new ones appear here live.'));
    drawEdge();
    list.scrollTop = list.scrollHeight;
  }

  async function loadOlder() {
    replace(edge, 'Loading…');
    try {
      const upTo = oldestFrom;
      const from = Math.max(floor, upTo - PAGE);
      const items = await readRange(from, upTo);
      const first = edge.nextSibling;
      const height = list.scrollHeight;
      for (const item of items) list.insertBefore(itemEl(item, false), first);
      list.scrollTop += list.scrollHeight - height; // keep what was on screen in place
      oldestFrom = from;
      drawEdge();
    } catch (e) {
      replace(edge, errorBox(e));
    }
  }

  function appendLive(el) {
    const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 48;
    const placeholder = list.querySelector('.empty-note');
    if (placeholder) placeholder.remove();
    list.appendChild(el);
    let rows = list.children.length - 1;
    while (rows > MAX_SHOWN) {
      const dropped = edge.nextSibling;
      dropped.remove();
      rows--;
      const next = edge.nextSibling;
      if (next && next.dataset.seq) oldestFrom = Number(next.dataset.seq) - 1;
    }
    drawEdge();
    if (atBottom) list.scrollTop = list.scrollHeight;
  }

  // the state panel follows the tail, at most twice a second
  let refreshedAt = 0;
  let refreshTimer = null;
  const refreshSoon = () => {
    if (poller === null || refreshTimer !== null) return;
    refreshTimer = setTimeout(() => {
      refreshTimer = null;
      refreshedAt = Date.now();
      if (poller !== null) poller.now();
    }, Math.max(0, 500 - (Date.now() - refreshedAt)));
  };

  const tail = new LiveTail(topic, {
    records(frame, nodes) {
      frame.records.forEach((r, i) => appendLive(recordEl(r, nodes[i], true)));
      refreshSoon();
    },
    gap(t) {
      appendLive(gapEl(t));
      refreshSoon();
    },
    deleted() {
      appendLive(noteEl('Deleted', 'the topic was deleted; the live tail has stopped'));
    },
    problem(e) {
      tailWhy.textContent = e.message || e.code;
    },
    state(name, why) {
      tailBadge.dataset.state = name;
      tailBadge.textContent = TAIL_LABELS[name];
      tailWhy.textContent = why || '';
      pauseButton.disabled = false;
      pauseButton.textContent = name === 'paused' || name === 'closed' ? 'Resume' : 'Pause';
    },
  });

  function toggleTail() {
    if (tail.state === 'paused' || tail.state === 'closed') tail.start();
    else tail.pause();
  }

  // --- lifecycle --------------------------------------------------------------------------------------------

  let poller = null;
  let stopped = false;
  (async () => {
    // a server still recovering or out of reach is asked again; a missing topic or a refused key is final
    let s = null;
    while (!stopped && s === null) {
      s = await refreshState();
      if (s === null) {
        if (gone || lastError.status === 401 || lastError.status === 403) return;
        await new Promise((resolve) => setTimeout(resolve, 2000));
      }
    }
    if (stopped) return;
    try {
      await loadLatest(s);
    } catch (e) {
      list.appendChild(errorBox(e));
      return;
    }
    if (stopped) return;
    tail.start(s.head_seq);
    poller = poll(async () => {
      if (!gone) await refreshState();
    }, 2000);
  })();

  return () => {
    stopped = true;
    tail.stop();
    clearTimeout(refreshTimer);
    if (poller) poller.stop();
    poller = null;
  };
}
