// The live tail of one topic: a watch session (POST /v0/watch) streamed with EventSource (API §8). Each start
// opens a new session from the last position shown, so resuming after a pause neither repeats nor skips a
// record, and anything the topic lost meanwhile arrives as a tombstone.

import * as api from './api.js';
import { member, parse, plain } from './json.js';

// States: connecting, live (caught up with the head), paused, reconnecting, closed.
export class LiveTail {
  // on: records(frame, recordNodes), gap(tombstone), deleted(frame), problem(error), state(name, why)
  constructor(topic, on) {
    this.topic = topic;
    this.on = on;
    this.cursor = 0;
    this.source = null;
    this.generation = 0; // a start, pause or stop makes every callback of an older stream a no-op
    this.state = 'paused';
  }

  async start(cursor) {
    if (cursor !== undefined) this.cursor = cursor;
    this.close();
    const generation = ++this.generation;
    this.set('connecting');
    let session;
    try {
      session = await api.post('v0/watch', {
        topics: { [this.topic]: { from_seq: this.cursor } },
        include_tags: true,
        limit: 200,
      });
    } catch (e) {
      if (generation === this.generation) {
        this.set('closed', e.message);
        this.on.problem(e);
      }
      return;
    }
    if (generation !== this.generation) return; // paused or stopped while the session was being created
    const es = new EventSource(api.streamUrl(session.value.wid));
    this.source = es;
    const live = (fn) => (ev) => {
      if (generation === this.generation) fn(ev);
    };
    es.addEventListener('record', live((ev) => {
      const tree = parse(ev.data);
      const frame = plain(tree);
      this.cursor = Math.max(this.cursor, frame.to_seq);
      this.on.records(frame, member(tree, 'records').v);
    }));
    es.addEventListener('tombstone', live((ev) => {
      const t = JSON.parse(ev.data);
      this.cursor = Math.max(this.cursor, t.gap_to);
      this.on.gap(t);
    }));
    es.addEventListener('caught-up', live(() => this.set('live')));
    es.addEventListener('topic-deleted', live((ev) => {
      this.close();
      this.set('closed', 'the topic was deleted');
      this.on.deleted(JSON.parse(ev.data));
    }));
    es.addEventListener('error', live((ev) => {
      if (typeof ev.data === 'string') { // an error frame from the server (API §8.5)
        const frame = JSON.parse(ev.data);
        if (frame.terminal) {
          this.close();
          this.set('closed', frame.error);
        }
        this.on.problem({ code: frame.kind, message: frame.error });
        return;
      }
      // the connection failed: EventSource reconnects by itself unless the answer was final (404, 401)
      if (es.readyState === EventSource.CLOSED) {
        this.close();
        this.set('closed', 'the stream ended');
      } else {
        this.set('reconnecting');
      }
    }));
  }

  pause() {
    this.generation++;
    this.close();
    this.set('paused');
  }

  stop() {
    this.generation++;
    this.close();
  }

  close() {
    if (this.source !== null) {
      this.source.close();
      this.source = null;
    }
  }

  set(state, why) {
    this.state = state;
    this.on.state(state, why);
  }
}
