// The one place that talks to the /v0 API. The key the user typed lives in this module's memory only: it is
// never written to storage or cookies, so closing or reloading the tab forgets it. Requests carry it in the
// Authorization header; only the live stream's URL carries it as ?token=, because EventSource cannot send
// headers (API §8.1).

import { parse, plain } from './json.js';

const ROOT = new URL('../', document.baseURI); // the console lives at <root>/console/
let key = null;
let unauthorized = () => {};

export class ApiError extends Error {
  constructor(status, code, message, detail) {
    super(message);
    this.status = status;
    this.code = code;
    this.detail = detail || {};
  }
}

export function setKey(value) {
  key = value ? value : null;
}

export function hasKey() {
  return key !== null;
}

// Called with the ApiError of a 401 answer to a request sent with the key in use (or with none).
export function onUnauthorized(listener) {
  unauthorized = listener;
}

// One path segment: a topic or router name, percent-encoded.
export function seg(name) {
  return encodeURIComponent(name);
}

function url(path, query) {
  const u = new URL(path, ROOT);
  for (const [k, v] of Object.entries(query || {})) {
    if (v !== undefined && v !== null && v !== '') u.searchParams.set(k, String(v));
  }
  return u;
}

// Sends a request; resolves to {value, tree} (the body as plain values and as lossless nodes, see json.js),
// or rejects with an ApiError carrying the error envelope's code.
export async function call(method, path, { query, body, accept } = {}) {
  const headers = { Accept: accept || 'application/json' };
  const sentKey = key;
  if (sentKey !== null) headers.Authorization = 'Bearer ' + sentKey;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(url(path, query), {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
      credentials: 'omit',
      redirect: 'error',
    });
  } catch (e) {
    throw new ApiError(0, 'unreachable', 'the server did not answer (' + e.message + ')');
  }
  const text = await response.text();
  let tree = null;
  try {
    tree = text ? parse(text) : null;
  } catch (e) {
    tree = null;
  }
  const value = tree ? plain(tree) : null;
  if (!response.ok) {
    const env = value && value.error ? value.error : { code: 'http_' + response.status, message: response.statusText };
    const error = new ApiError(response.status, env.code, env.message, env.detail);
    if (response.status === 401 && sentKey === key) unauthorized(error); // not for a key already replaced
    throw error;
  }
  if (tree === null) throw new ApiError(response.status, 'bad_response', 'the answer was not JSON');
  return { value, tree };
}

export function get(path, query) {
  return call('GET', path, { query });
}

export function post(path, body, query) {
  return call('POST', path, { body, query });
}

// The URL of a watch session's event stream, with the key as ?token= when one is set.
export function streamUrl(wid) {
  return url('v0/watch/' + seg(wid), { token: key }).href;
}
