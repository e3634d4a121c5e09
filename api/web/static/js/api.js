// The API client: every call carries the user's key; problems
// (application/problem+json) become ApiError with the field they name.

const KEY = 'huishou.key';

/** ApiError is a failed API call. */
export class ApiError extends Error {
  constructor(status, detail, field, path) {
    super(detail || ('HTTP ' + status));
    this.status = status;
    this.field = field || '';
    this.path = path;
  }
}

/** getKey returns the stored key ('' when logged out). */
export function getKey() {
  try { return sessionStorage.getItem(KEY) || localStorage.getItem(KEY) || ''; } catch { return ''; }
}

/** setKey stores key for this tab, or on this device with remember. */
export function setKey(key, remember) {
  try {
    sessionStorage.setItem(KEY, key);
    if (remember) localStorage.setItem(KEY, key); else localStorage.removeItem(KEY);
  } catch { /* storage off: the key lives as long as the page */ }
  memKey = key;
}

/** forgetKey logs out. */
export function forgetKey() {
  try { sessionStorage.removeItem(KEY); localStorage.removeItem(KEY); } catch { /* nothing stored */ }
  memKey = '';
}

let memKey = '';

/**
 * api calls the API: api('/v1/runs', {method, body, headers, as}) with body
 * an object (sent as JSON) or a string. as: 'json' (default), 'text',
 * 'blob' or 'response'.
 */
export async function api(path, opt = {}) {
  const headers = { Accept: 'application/json', ...(opt.headers || {}) };
  const key = memKey || getKey();
  if (key) headers.Authorization = 'Bearer ' + key;
  let body = opt.body;
  if (body !== undefined && typeof body !== 'string' && !(body instanceof Blob)) {
    body = JSON.stringify(body);
    headers['Content-Type'] = 'application/json';
  }
  let res;
  for (let attempt = 0; ; attempt++) {
    try {
      res = await fetch(path, { method: opt.method || 'GET', headers, body, signal: opt.signal });
    } catch (e) {
      if (e.name === 'AbortError') throw e;
      throw new ApiError(0, 'network: ' + e.message, '', path);
    }
    // the server's rate limit: wait as it asks (a few times at most)
    if (res.status !== 429 || attempt >= 3) break;
    const wait = Math.min(10, Math.max(1, Number(res.headers.get('Retry-After')) || 1));
    await new Promise((r) => setTimeout(r, wait * 1000));
  }
  if (!res.ok) {
    let detail = res.statusText, field = '';
    try {
      const p = await res.json();
      detail = p.detail || p.title || detail;
      field = p.field || (p.errors && p.errors[0] && p.errors[0].field) || '';
    } catch { /* not JSON */ }
    if (res.status === 401 && !opt.login) window.dispatchEvent(new CustomEvent('huishou:unauthorized'));
    throw new ApiError(res.status, detail, field, path);
  }
  switch (opt.as) {
    case 'response': return res;
    case 'text': return res.text();
    case 'blob': return res.blob();
    default: return res.status === 204 ? null : res.json();
  }
}

/** poll calls fn every ms until it returns a truthy value or signal aborts. */
export async function poll(fn, ms, signal) {
  for (;;) {
    if (signal && signal.aborted) throw new DOMException('aborted', 'AbortError');
    const v = await fn();
    if (v) return v;
    await new Promise((r) => setTimeout(r, ms));
  }
}
