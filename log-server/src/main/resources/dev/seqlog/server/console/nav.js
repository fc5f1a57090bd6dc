// The address bar names the view: #/topics, #/topics/<name>, #/queues, #/routers, #/server.

export function current() {
  const parts = location.hash.replace(/^#\/?/, '').split('/');
  const view = parts[0] || 'topics';
  if (view === 'topics' && parts.length > 1 && parts[1] !== '') {
    const raw = parts.slice(1).join('/');
    let topic = raw;
    try {
      topic = decodeURIComponent(raw);
    } catch (e) {
      // a stray '%' typed into the address: the name is used as it stands, and the server judges it
    }
    return { view: 'topic', topic };
  }
  return { view: ['topics', 'queues', 'routers', 'server'].includes(view) ? view : 'topics' };
}

export function topicHref(name) {
  return '#/topics/' + encodeURIComponent(name);
}

export function onChange(listener) {
  window.addEventListener('hashchange', listener);
}
