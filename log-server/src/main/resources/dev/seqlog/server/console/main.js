// Starts the console: shows the view the address names, and handles the API key (asked for when the server
// answers 401, kept by api.js in memory only).

import * as api from './api.js';
import { clear } from './dom.js';
import * as nav from './nav.js';
import * as queues from './view-queues.js';
import * as routers from './view-routers.js';
import * as server from './view-server.js';
import * as topic from './view-topic.js';
import * as topics from './view-topics.js';

const VIEWS = { topics, topic, queues, routers, server };
const $ = (id) => document.getElementById(id);

let unmount = null;

function show() {
  const where = nav.current();
  if (unmount) unmount();
  unmount = null;
  const main = clear($('view'));
  for (const a of document.querySelectorAll('#nav a')) {
    const active = a.dataset.view === where.view || (where.view === 'topic' && a.dataset.view === 'topics');
    a.classList.toggle('active', active);
  }
  document.title = (where.topic ? where.topic : where.view[0].toUpperCase() + where.view.slice(1)) + ' · seqlog console';
  unmount = VIEWS[where.view].mount(main, where) || null;
}

function notice(text) {
  $('notice').textContent = text;
  $('notice').hidden = !text;
}

// What the header says about authentication: 'open' (the server has no keys), 'needed', 'refused', 'set'.
let auth = null;
function authState(state) {
  const asking = state === 'needed' || state === 'refused';
  const wasAsking = auth === 'needed' || auth === 'refused';
  auth = state;
  const label = $('auth-state');
  label.classList.toggle('needed', asking);
  label.textContent = {
    open: 'authentication is off on this server',
    needed: 'this server needs an API key',
    refused: 'that key was refused',
    set: 'using a key (kept in this tab only)',
  }[state];
  $('key-form').hidden = !asking;
  $('key-forget').hidden = state !== 'set';
  if (asking && !wasAsking) $('key-input').focus();
}

api.onUnauthorized(() => {
  if (api.hasKey()) {
    api.setKey(null);
    authState('refused');
  } else if (auth !== 'refused') {
    authState('needed');
  }
});

$('key-form').addEventListener('submit', (ev) => {
  ev.preventDefault();
  const input = $('key-input');
  const key = input.value.trim();
  input.value = '';
  if (!key) return;
  api.setKey(key);
  authState('set');
  notice('');
  show();
});

$('key-forget').addEventListener('click', () => {
  api.setKey(null);
  show();
  probe();
});

// One cheap call decides whether the server wants a key at all; while the server cannot say (it is
// recovering, or out of reach), it is asked again.
async function probe() {
  try {
    await api.get('v0/topics', { page_size: 1, touch: false });
    authState(api.hasKey() ? 'set' : 'open');
    notice('');
  } catch (e) {
    if (e.status === 401) return; // onUnauthorized has shown the form
    if (e.status === 403) {
      authState(api.hasKey() ? 'set' : 'open'); // a key without the read scope
      return;
    }
    if (e.code === 'unreachable') notice('The server does not answer. The console keeps trying.');
    setTimeout(probe, 2000);
  }
}

nav.onChange(show);
show();
probe();
