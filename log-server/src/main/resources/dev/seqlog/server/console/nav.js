// The address bar names the view: #/topics, #/topics/<name>, #/queues, #/routers, #/server.

export function current() {
  const parts = location.hash.replace(/^#\/?/, '').split('/');
  const view = parts[0] || 'topics';
  if (view === 'topics' && parts.length > 1 && parts[1] !== '') {
    return { view: 'topic', topic: decodeURIComponent(parts.slice(1).join('/')) };
  }
  return { view: ['topics', 'queues', 'routers', 'server'].includes(view) ? view : 'topics' };
}

export function topicHref(name) {
  return '#/topics/' + encodeURIComponent(name);
}

export function onChange(listener) {
  window.addEventListener('hashchange', listener);
}
