// Small DOM helpers: h() builds elements, svg() SVG elements.

/**
 * h builds an element: h('div.card#id', {attrs, on: {click}}, ...children).
 * Attributes starting with "data-" or "aria-" and the rest are set as
 * attributes; "text" sets textContent; children may be strings, nodes,
 * arrays, null or false.
 */
export function h(tag, attrs, ...children) {
  const [name, ...rest] = tag.split(/(?=[.#])/);
  const el = document.createElement(name || 'div');
  for (const r of rest) {
    if (r[0] === '.') el.classList.add(r.slice(1));
    else el.id = r.slice(1);
  }
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

const NS = 'http://www.w3.org/2000/svg';

/** svg builds an SVG element with attributes and children. */
export function svg(name, attrs, ...children) {
  const el = document.createElementNS(NS, name);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

function setAttrs(el, attrs) {
  if (!attrs) return;
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'on') {
      for (const [ev, fn] of Object.entries(v)) el.addEventListener(ev, fn);
    } else if (k === 'text') {
      el.textContent = v;
    } else if (k === 'style') {
      el.style.cssText = v; // CSSOM: allowed by the page's content security policy
    } else if (k === 'class') {
      el.setAttribute('class', v);
    } else if (k === 'value' && 'value' in el && el.namespaceURI !== NS) {
      el.value = v;
    } else if (k === 'checked' || k === 'selected' || k === 'disabled') {
      el[k] = !!v;
      if (v) el.setAttribute(k, '');
    } else {
      el.setAttribute(k, v === true ? '' : String(v));
    }
  }
}

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

/** clear removes el's children and returns el. */
export function clear(el) {
  while (el.firstChild) el.firstChild.remove();
  return el;
}

/** field wraps a control with its label (for= links them). */
let uid = 0;
export function field(label, control, hint) {
  if (!control.id) control.id = 'f' + (++uid);
  const parts = [h('label', { for: control.id, text: label }), control];
  if (hint) {
    const hid = control.id + '-hint';
    control.setAttribute('aria-describedby', hid);
    parts.push(h('small.hint', { id: hid, text: hint }));
  }
  return h('div.field', null, parts);
}

/** select builds a <select> from [[value, label], …]. */
export function select(options, value, attrs) {
  return h('select', attrs, options.map(([v, l]) => h('option', { value: v, selected: v === value, text: l })));
}

/** status announces a message to screen readers and shows it. */
export function announce(msg, kind = 'info') {
  const el = document.getElementById('toast');
  if (!el) return;
  el.className = 'toast ' + kind;
  el.textContent = msg;
  el.hidden = false;
  clearTimeout(announce.timer);
  announce.timer = setTimeout(() => { el.hidden = true; }, kind === 'error' ? 12000 : 5000);
}

/** download saves a Blob under name. */
export function download(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
