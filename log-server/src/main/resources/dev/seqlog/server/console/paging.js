// The controls every list view shares: a name-prefix filter, a page size, auto-refresh, and a pager that walks
// the list's opaque cursors (API §1.11), remembering the pages before so it can step back.

import { h, replace } from './dom.js';

export class Pager {
  constructor() {
    this.reset();
  }

  reset() {
    this.before = [];
    this.cursor = null;
    this.next = null;
  }

  // Call with a page's next_cursor once it has loaded.
  loaded(nextCursor) {
    this.next = nextCursor || null;
  }

  forward() {
    if (!this.next) return false;
    this.before.push(this.cursor);
    this.cursor = this.next;
    this.next = null;
    return true;
  }

  back() {
    if (this.before.length === 0) return false;
    this.cursor = this.before.pop();
    return true;
  }

  get page() {
    return this.before.length + 1;
  }
}

// Prev / page / next buttons for a pager; `moved` runs after a step.
export function pagerControls(pager, moved) {
  const el = h('div', { class: 'pager' });
  const draw = () => replace(el,
    h('button', { type: 'button', class: 'quiet', disabled: pager.before.length === 0,
      onclick: () => { if (pager.back()) moved(); } }, '← Previous'),
    h('span', { class: 'muted' }, 'page ' + pager.page),
    h('button', { type: 'button', class: 'quiet', disabled: !pager.next,
      onclick: () => { if (pager.forward()) moved(); } }, 'Next →'));
  draw();
  return { el, draw };
}

// The toolbar above a list. `on` gets prefix(text), pageSize(n) and auto(boolean); a list shown whole
// (paged: false) has no page size.
export function listToolbar(on, { placeholder = 'name prefix', pageSize = 50, paged = true } = {}) {
  let timer = null;
  const prefix = h('input', {
    type: 'search', placeholder, 'aria-label': 'Filter by ' + placeholder, spellcheck: 'false', class: 'mono',
    oninput: (ev) => {
      clearTimeout(timer);
      timer = setTimeout(() => on.prefix(ev.target.value), 250);
    },
  });
  const size = !paged ? null : h('select', { 'aria-label': 'Page size', onchange: (ev) => on.pageSize(Number(ev.target.value)) },
    [25, 50, 100, 250].map((n) => h('option', { value: n, selected: n === pageSize }, n + ' per page')));
  const auto = h('input', { type: 'checkbox', checked: true, onchange: (ev) => on.auto(ev.target.checked) });
  const stamp = h('span', { class: 'muted' });
  const el = h('div', { class: 'toolbar' }, prefix, size, h('label', { class: 'check' }, auto, 'auto-refresh'),
    h('span', { class: 'grow' }), stamp);
  return {
    el,
    updated() {
      stamp.textContent = 'updated ' + new Date().toLocaleTimeString();
    },
  };
}
