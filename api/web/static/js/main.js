// The page's frame: login with an API key, the views (planner, dispatcher,
// ledger, route sheets) behind a hash router, the language switch.

import { api, getKey, setKey, forgetKey, ApiError } from './api.js';
import { h, clear, field, announce } from './dom.js';
import { t, initLang, setLang, getLang } from './i18n.js';
import * as planner from './planner.js';
import * as dispatch from './dispatch.js';
import * as sheet from './sheet.js';
import * as ledger from './ledger.js';

const VIEWS = {
  planner: { mod: planner, nav: 'nav.planner', roles: ['admin', 'planner', 'viewer'] },
  dispatch: { mod: dispatch, nav: 'nav.dispatch', roles: ['admin', 'dispatcher', 'viewer'] },
  sheet: { mod: sheet, roles: ['admin', 'dispatcher', 'viewer'] },
  ledger: { mod: ledger, nav: 'nav.ledger', roles: ['admin', 'planner', 'dispatcher', 'viewer'] },
};

const state = { me: null, cleanup: null, gen: 0 };

/** route parses location.hash: "#/view?a=1" → {view, params}. */
export function route() {
  const s = location.hash.replace(/^#\/?/, '');
  const [view, q] = s.split('?');
  return { view: view || '', params: new URLSearchParams(q || '') };
}

/** go changes the hash (and so the view) to view with params. */
export function go(view, params = {}) {
  document.getElementById('main').dataset.ready = ''; // until the new view is drawn
  const q = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== '')).toString();
  location.hash = '#/' + view + (q ? '?' + q : '');
}

/** setParams replaces the current route's params without a new view render. */
export function setParams(params) {
  const { view } = route();
  const q = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== '')).toString();
  history.replaceState(null, '', '#/' + view + (q ? '?' + q : ''));
}

function frame() {
  document.title = t('app.title');
  document.getElementById('app-title').textContent = t('app.title');
  const skip = document.getElementById('skip');
  skip.textContent = t('app.skip');
  const nav = clear(document.getElementById('nav'));
  nav.setAttribute('aria-label', getLang() === 'zh' ? '视图' : 'Views');
  const cur = route().view;
  if (state.me) {
    for (const [name, v] of Object.entries(VIEWS)) {
      if (!v.nav || !v.roles.includes(state.me.role)) continue;
      nav.append(h('a', { href: '#/' + name, 'aria-current': cur === name || (name === 'dispatch' && cur === 'sheet') ? 'page' : null, text: t(v.nav), 'data-view': name }));
    }
  }
  const right = clear(document.getElementById('top-right'));
  if (state.me) right.append(h('span.who', { text: (state.me.name || state.me.id) + ' · ' + t('role.' + state.me.role) }));
  right.append(h('button#lang', { type: 'button', lang: getLang() === 'zh' ? 'en' : 'zh', 'aria-label': t('lang.switch.label'), text: t('lang.switch'),
    on: { click: () => { setLang(getLang() === 'zh' ? 'en' : 'zh'); render(); } } }));
  if (state.me) right.append(h('button#logout', { type: 'button', text: t('nav.logout'), on: { click: logout } }));
}

function logout() {
  forgetKey();
  state.me = null;
  location.hash = '#/login';
}

function loginView(main, msg) {
  const key = h('input#key', { type: 'password', autocomplete: 'current-password', required: true, spellcheck: 'false' });
  const remember = h('input#remember', { type: 'checkbox' });
  const err = h('p.error-text#login-error', { role: 'alert', text: msg || '' });
  const form = h('form.panel#login-form', { on: { submit: async (e) => {
    e.preventDefault();
    err.textContent = '';
    const k = key.value.trim();
    try {
      setKey(k, remember.checked);
      state.me = await api('/v1/whoami', { login: true });
      const back = sessionStorage.getItem('huishou.after') || '';
      sessionStorage.removeItem('huishou.after');
      location.hash = back || '#/' + homeOf(state.me.role);
    } catch (ex) {
      forgetKey();
      err.textContent = t('login.bad', ex.message);
      key.focus();
    }
  } } },
  h('h1', { text: t('login.title') }),
  field(t('login.key'), key, t('login.key.hint')),
  h('div.field.inline', null, remember, h('label', { for: 'remember', text: t('login.remember') })),
  err,
  h('button.primary#login-submit', { type: 'submit', text: t('login.submit') }));
  main.append(h('div.login', null, form));
  key.focus();
}

function homeOf(role) {
  return role === 'dispatcher' ? 'dispatch' : 'planner';
}

async function render() {
  // each render draws into its own root: a render overtaken by a newer one
  // (a quick second click) draws into a detached node and is dropped
  const gen = ++state.gen;
  const outer = clear(document.getElementById('main'));
  for (const k of Object.keys(outer.dataset)) delete outer.dataset[k];
  const main = h('div.view-root');
  outer.append(main);
  if (state.cleanup) { try { state.cleanup(); } catch { /* view already gone */ } state.cleanup = null; }
  const { view, params } = route();
  if (!state.me && getKey()) {
    try { state.me = await api('/v1/whoami', { login: true }); } catch (e) {
      if (!(e instanceof ApiError) || e.status === 401) forgetKey();
    }
  }
  if (!state.me) {
    if (view && view !== 'login') sessionStorage.setItem('huishou.after', location.hash);
    frame();
    loginView(main);
    return;
  }
  if (!VIEWS[view]) { location.replace('#/' + homeOf(state.me.role)); return; }
  frame();
  const v = VIEWS[view];
  if (!v.roles.includes(state.me.role)) {
    main.append(h('p.panel.error-text', { role: 'alert', text: t('login.forbidden') }));
    return;
  }
  let cleanup = null;
  try {
    cleanup = await v.mod.render(main, params, { me: state.me, go, setParams, outer }) || null;
  } catch (e) {
    if (gen === state.gen) main.append(h('p.panel.error-text', { role: 'alert', text: t('error', e.message) }));
  }
  if (gen !== state.gen) { if (cleanup) cleanup(); return; }
  state.cleanup = cleanup;
  outer.dataset.view = view;
  outer.dataset.ready = '1';
}

window.addEventListener('hashchange', () => {
  document.getElementById('main').dataset.ready = '';
  render();
});
window.addEventListener('huishou:unauthorized', () => {
  forgetKey();
  state.me = null;
  announce(t('login.bad', '401'), 'error');
  render();
});
window.addEventListener('unhandledrejection', (e) => {
  if (e.reason && e.reason.name === 'AbortError') return;
  announce(t('error', e.reason && e.reason.message ? e.reason.message : String(e.reason)), 'error');
});

initLang();
render();
