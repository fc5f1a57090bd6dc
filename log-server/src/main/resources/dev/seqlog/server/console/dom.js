// Building DOM from code: elements, attributes and text nodes only. Nothing here, or anywhere in the console,
// parses a string as HTML, so data from the server (payloads, names, tags) always ends up as text.

// h('td', {class: 'num', title: 'x'}, child, ...): children are nodes, strings (as text), arrays, or null.
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.appendChild(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

export function replace(el, ...children) {
  return append(clear(el), children);
}

// A table with a header row. A heading is a string, or {label, num: true} for a right-aligned column; `rows`
// are arrays of cells (nodes or text) or ready <tr> elements.
export function table(headings, rows, emptyText) {
  const th = (x) => (typeof x === 'string' ? h('th', null, x) : h('th', { class: x.num ? 'num' : null }, x.label));
  const body = h('tbody', null, rows.map((r) => (r instanceof Node ? r : h('tr', null, r.map(cell)))));
  if (rows.length === 0 && emptyText) {
    body.appendChild(h('tr', null, h('td', { class: 'empty', colspan: headings.length }, emptyText)));
  }
  return h('table', null, h('thead', null, h('tr', null, headings.map(th))), body);
}

function cell(c) {
  return c instanceof Node && c.nodeName === 'TD' ? c : h('td', null, c);
}

// A right-aligned numeric cell.
export function num(text) {
  return h('td', { class: 'num' }, text);
}

// An error answer shown in place: its code, its message and what the code means for the reader.
export function errorBox(e) {
  const hint = {
    unauthorized: 'This server needs an API key: enter one at the top right.',
    forbidden: 'The key in use does not allow this (scope or name prefixes).',
    not_ready: 'The server is still recovering; this view retries on its own.',
    unreachable: 'The console will keep trying.',
  }[e.code];
  return h('div', { class: 'error', role: 'alert' },
    h('span', { class: 'code' }, e.status ? `${e.status} ${e.code}` : e.code),
    e.message || '', hint ? h('div', { class: 'muted' }, hint) : null);
}

export function badge(text, kind) {
  return h('span', { class: 'badge' + (kind ? ' ' + kind : '') }, text);
}
