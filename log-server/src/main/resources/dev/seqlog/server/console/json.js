// Reads JSON without losing what JSON.parse loses: keys stay in the order they were written and numbers keep
// their exact lexeme (1.0 stays 1.0, 12345678901234567890 is not rounded), so a payload is shown exactly as
// the server stored it. Values become small nodes:
//   {t: 'o', e: [[key, node], ...]}   an object, entries in order
//   {t: 'a', v: [node, ...]}          an array
//   {t: 's', v: 'text'}               a string
//   {t: 'n', v: '1.0'}                a number, as written
//   {t: 'l', v: 'true'}               true, false or null
// render() turns a node into text nodes and spans; it never goes through HTML parsing.

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const ESCAPES = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
const MAX_DEPTH = 1100; // the server accepts payloads nested 1000 deep, inside a few levels of envelope

export function parse(text) {
  let i = 0;
  const fail = (what) => { throw new SyntaxError(`invalid JSON: ${what} at offset ${i}`); };
  const space = () => {
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 10 || c === 13 || c === 9) i++; else return;
    }
  };
  const string = () => {
    let out = '';
    let start = ++i;
    for (;;) {
      if (i >= text.length) fail('unterminated string');
      const c = text.charCodeAt(i);
      if (c === 34) {
        out += text.slice(start, i++);
        return out;
      }
      if (c === 92) {
        out += text.slice(start, i);
        const e = text[i + 1];
        if (e === 'u') {
          const hex = text.slice(i + 2, i + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail('bad \\u escape');
          out += String.fromCharCode(parseInt(hex, 16));
          i += 6;
        } else if (e in ESCAPES) {
          out += ESCAPES[e];
          i += 2;
        } else {
          fail('bad escape');
        }
        start = i;
        continue;
      }
      if (c < 32) fail('control character in a string');
      i++;
    }
  };
  const value = (depth) => {
    if (depth > MAX_DEPTH) fail('nesting too deep');
    space();
    const c = text[i];
    if (c === '{') {
      i++;
      const e = [];
      space();
      if (text[i] === '}') { i++; return { t: 'o', e }; }
      for (;;) {
        space();
        if (text[i] !== '"') fail('expected a key');
        const k = string();
        space();
        if (text[i] !== ':') fail("expected ':'");
        i++;
        e.push([k, value(depth + 1)]);
        space();
        if (text[i] === ',') { i++; continue; }
        if (text[i] === '}') { i++; return { t: 'o', e }; }
        fail("expected ',' or '}'");
      }
    }
    if (c === '[') {
      i++;
      const v = [];
      space();
      if (text[i] === ']') { i++; return { t: 'a', v }; }
      for (;;) {
        v.push(value(depth + 1));
        space();
        if (text[i] === ',') { i++; continue; }
        if (text[i] === ']') { i++; return { t: 'a', v }; }
        fail("expected ',' or ']'");
      }
    }
    if (c === '"') return { t: 's', v: string() };
    for (const word of ['true', 'false', 'null']) {
      if (text.startsWith(word, i)) { i += word.length; return { t: 'l', v: word }; }
    }
    NUMBER.lastIndex = i;
    const m = NUMBER.exec(text);
    if (m) { i += m[0].length; return { t: 'n', v: m[0] }; }
    return fail('unexpected character');
  };
  const root = value(0);
  space();
  if (i !== text.length) fail('unexpected text after the value');
  return root;
}

// The member `name` of an object node, or undefined.
export function member(node, name) {
  if (!node || node.t !== 'o') return undefined;
  const hit = node.e.find(([k]) => k === name);
  return hit ? hit[1] : undefined;
}

// A node as an ordinary JavaScript value (numbers through Number: for the console's own arithmetic only).
export function plain(node) {
  switch (node.t) {
    case 'o': {
      const o = {};
      for (const [k, v] of node.e) o[k] = plain(v);
      return o;
    }
    case 'a': return node.v.map(plain);
    case 's': return node.v;
    case 'n': return Number(node.v);
    default: return node.v === 'null' ? null : node.v === 'true';
  }
}

// Indented JSON text of a node, with its original key order and number lexemes.
export function stringify(node, indent = '') {
  const inner = indent + '  ';
  switch (node.t) {
    case 'o':
      if (node.e.length === 0) return '{}';
      return '{\n' + node.e.map(([k, v]) => inner + JSON.stringify(k) + ': ' + stringify(v, inner)).join(',\n')
        + '\n' + indent + '}';
    case 'a':
      if (node.v.length === 0) return '[]';
      return '[\n' + node.v.map((v) => inner + stringify(v, inner)).join(',\n') + '\n' + indent + ']';
    case 's': return JSON.stringify(node.v);
    default: return node.v;
  }
}

const COLOURED_TOKENS = 4000; // beyond this a payload is shown as plain text: thousands of spans slow the page

// Whether a node has more than `budget` values in it (counting stops as soon as it passes).
function larger(node, budget) {
  let left = budget;
  const visit = (n) => {
    if (--left < 0) return true;
    const children = n.t === 'o' ? n.e.map((entry) => entry[1]) : n.t === 'a' ? n.v : [];
    return children.some(visit);
  };
  return visit(node);
}

const INLINE_WIDTH = 96; // an object or array whose one-line form fits this is shown on one line

// One-line JSON text of a node, with a space after each ':' and ','.
function oneLine(node) {
  switch (node.t) {
    case 'o': return '{' + node.e.map(([k, v]) => JSON.stringify(k) + ': ' + oneLine(v)).join(', ') + '}';
    case 'a': return '[' + node.v.map(oneLine).join(', ') + ']';
    case 's': return JSON.stringify(node.v);
    default: return node.v;
  }
}

// A fragment showing a node as JSON, indented where it does not fit on one line: text nodes and spans with
// class names, nothing else.
export function render(node) {
  const out = document.createDocumentFragment();
  if (larger(node, COLOURED_TOKENS)) {
    out.appendChild(document.createTextNode(stringify(node)));
    return out;
  }
  const put = (cls, text) => {
    if (cls === null) {
      out.appendChild(document.createTextNode(text));
      return;
    }
    const span = document.createElement('span');
    span.className = cls;
    span.textContent = text;
    out.appendChild(span);
  };
  const walk = (n, indent, inline) => {
    if (n.t === 'o' || n.t === 'a') {
      const items = n.t === 'o' ? n.e : n.v;
      const [open, close] = n.t === 'o' ? ['{', '}'] : ['[', ']'];
      if (items.length === 0) { put('j-p', open + close); return; }
      const flat = inline || indent.length + oneLine(n).length <= INLINE_WIDTH;
      const inner = indent + '  ';
      put('j-p', open);
      items.forEach((item, idx) => {
        if (!flat) put(null, '\n' + inner);
        if (n.t === 'o') {
          put('j-k', JSON.stringify(item[0]));
          put('j-p', ': ');
          walk(item[1], inner, flat);
        } else {
          walk(item, inner, flat);
        }
        if (idx < items.length - 1) put('j-p', flat ? ', ' : ',');
      });
      if (!flat) put(null, '\n' + indent);
      put('j-p', close);
      return;
    }
    if (n.t === 's') put('j-s', JSON.stringify(n.v));
    else if (n.t === 'n') put('j-n', n.v);
    else put('j-l', n.v);
  };
  walk(node, '', false);
  return out;
}
