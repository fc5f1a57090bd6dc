// Server: liveness (GET /v0/health), readiness (GET /v0/ready), and key metrics from the JSON form of
// GET /v0/metrics (API §11), with live charts of the write and read rates, refreshed every two seconds.
// Writes are records appended per second (the growth of each visible topic's head_seq); reads are diff and
// export requests per second (seqlog_http_requests_total).

import * as api from './api.js';
import { badge, errorBox, h, replace } from './dom.js';
import * as fmt from './format.js';
import { poll } from './poll.js';
import { Sparkline } from './sparkline.js';

const READ_ROUTES = ['/v0/topics/:topic/diff', '/v0/topics/:topic/records'];

function stat(label, value) {
  return h('div', { class: 'stat' }, h('span', { class: 'value' }, value), h('span', { class: 'label' }, label));
}

function chart(title, unit) {
  const line = new Sparkline(title);
  const value = h('span', { class: 'value' }, '–');
  const el = h('div', { class: 'panel chart' },
    h('div', { class: 'chart-head' }, h('h2', null, title), h('span', null, value, ' ', h('span', { class: 'muted' }, unit))),
    line.canvas);
  return { el, push(v) { value.textContent = fmt.rate(v); line.push(v); } };
}

function readRequests(m) {
  const counts = (m.labelled && m.labelled.seqlog_http_requests_total) || {};
  let sum = 0;
  for (const [labels, n] of Object.entries(counts)) {
    const route = labels.split(' ')[1];
    if (READ_ROUTES.includes(route)) sum += n;
  }
  return sum;
}

export function mount(root) {
  const health = h('div', null, h('p', { class: 'muted' }, 'Loading…'));
  const ready = h('div');
  const stats = h('div', null);
  const writes = chart('Writes', 'records/s');
  const reads = chart('Reads', 'diff + export requests/s');
  const note = h('p', { class: 'muted' });
  replace(root,
    h('div', { class: 'title-row' }, h('h1', null, 'Server')),
    h('div', { class: 'grid' },
      h('div', { class: 'panel' }, h('h2', null, 'Health'), health),
      h('div', { class: 'panel' }, h('h2', null, 'Readiness'), ready)),
    h('div', { class: 'grid' }, writes.el, reads.el),
    h('div', { class: 'panel' }, h('h2', null, 'Metrics'), stats, note));

  let previous = null;
  const poller = poll(async () => {
    const [hl, rd, mt] = await Promise.allSettled([
      api.get('v0/health'),
      api.get('v0/ready'),
      api.call('GET', 'v0/metrics', { accept: 'application/json' }),
    ]);
    if (hl.status === 'fulfilled') {
      const v = hl.value.value;
      replace(health, badge(v.status, 'ok'), ' ', h('span', { class: 'mono' }, 'version ' + v.version),
        h('p', { class: 'muted' }, 'up ' + fmt.duration(v.uptime_ms)));
    } else {
      replace(health, errorBox(hl.reason));
    }
    if (rd.status === 'fulfilled') {
      replace(ready, badge('ready', 'ok'), h('p', { class: 'muted' }, fmt.count(rd.value.value.topics) + ' topics'));
    } else if (rd.reason.code === 'not_ready') {
      const p = rd.reason.detail.replay_progress || 0;
      replace(ready, badge('recovering', 'warn'), h('p', { class: 'muted' }, Math.round(p * 100) + '% of the log replayed'));
    } else if (rd.reason.code === 'shutting_down') {
      replace(ready, badge('shutting down', 'bad'));
    } else {
      replace(ready, errorBox(rd.reason));
    }
    if (mt.status === 'rejected') {
      replace(stats, errorBox(mt.reason));
      return;
    }
    const m = mt.value.value;
    const now = performance.now();
    const heads = new Map(Object.entries(m.topics || {}).map(([t, s]) => [t, s.head_seq]));
    const readCount = readRequests(m);
    if (previous !== null) {
      const seconds = (now - previous.at) / 1000;
      let appended = 0;
      for (const [t, head] of heads) {
        if (previous.heads.has(t)) appended += Math.max(0, head - previous.heads.get(t));
      }
      writes.push(appended / seconds);
      reads.push(Math.max(0, readCount - previous.reads) / seconds);
    }
    previous = { at: now, heads, reads: readCount };
    const g = m.gauges || {};
    const c = m.counters || {};
    const fsync = (m.histograms || {}).seqlog_wal_fsync_latency_us;
    replace(stats, h('div', { class: 'stats' },
      stat('topics', fmt.count(g.seqlog_topics)),
      stat('routers', fmt.count(g.seqlog_routers)),
      stat('live records', fmt.count(g.seqlog_records_live)),
      stat('live bytes', fmt.bytes(g.seqlog_bytes_live)),
      stat('queue topics', fmt.count(g.seqlog_queue_topics)),
      stat('leases in flight', fmt.count(g.seqlog_queue_leases_in_flight)),
      stat('streams open', fmt.count(g.seqlog_sse_connections)),
      stat('watch sessions', fmt.count(g.seqlog_watch_sessions)),
      stat('WAL frames', fmt.count(c.seqlog_wal_frames_total)),
      stat('WAL fsyncs', fmt.count(c.seqlog_wal_fsyncs_total)),
      stat('mean fsync', fsync && fsync.count ? fmt.rate(fsync.sum / fsync.count / 1000) + ' ms' : '–'),
      stat('WAL queue depth', fmt.count(g.seqlog_wal_queue_depth)),
      stat('storage', g.seqlog_wal_read_only ? 'READ-ONLY' : 'writable'),
      stat('heap used', fmt.bytes(g.seqlog_jvm_heap_used_bytes)),
      stat('threads', fmt.count(g.seqlog_jvm_threads))));
    note.textContent = m.topic_metrics_truncated
      ? 'Per-topic series are cut at SEQLOG_METRICS_MAX_TOPICS: the write rate counts the first topics only.'
      : 'The write rate counts the topics this key may read.';
  }, 2000);
  return () => poller.stop();
}
