// Ledger view for county officers: the period report of an area (the
// tables and charts of `huishou report`), the ledger of a site, and the
// result of verify (the hash chains).

import { api, ApiError } from './api.js';
import { h, clear, field, select, announce, download } from './dom.js';
import { t, tOr, num } from './i18n.js';
import { loadBase } from './map.js';
import { table, card, badge } from './ui.js';
import { barChart } from './charts.js';

const LEVELS = ['county', 'prefecture', 'province'];

function lastMonth() {
  const d = new Date();
  d.setDate(1);
  d.setMonth(d.getMonth() - 1);
  return d.getFullYear() + '-' + String(d.getMonth() + 1).padStart(2, '0');
}

/** missing explains an endpoint the server does not offer (404 of the route, not of a resource). */
function missingOr(e, what) {
  if (e instanceof ApiError && (e.status === 404 || e.status === 405) && /not found/i.test(e.message)) return t('ledger.missing', what);
  return t('error', (e.field ? e.field + ': ' : '') + e.message);
}

export async function render(main, params, ctx) {
  const period = params.get('period') || lastMonth();
  const level = params.get('level') || 'county';
  const area = params.get('area') || '';
  const site = params.get('site') || '';
  const base = await loadBase(api, 'sichuan').catch(() => null);
  const counties = [], prefs = new Map();
  if (base) for (const f of base.features) {
    const p = f.properties;
    if (p.kind !== 'county') continue;
    counties.push([p.adcode, p.name, p.prefecture_adcode]);
    prefs.set(p.prefecture_adcode, p.prefecture);
  }
  const side = h('div.side');
  const content = h('div.content#ledger-content');
  main.append(h('h1.sr-only', { text: t('ledger.title') }), h('div.view', null, side, content));

  // report choice
  const levelSel = select(LEVELS.map((l) => [l, t('level.' + l)]), level, { id: 'rep-level' });
  const areaOpts = () => (levelSel.value === 'county' ? counties.map(([c, n]) => [c, `${n} ${c}`])
    : levelSel.value === 'prefecture' ? [...prefs.entries()].map(([c, n]) => [c, `${n} ${c}`]) : []);
  const areaSel = select([['', t('all')], ...areaOpts()], area, { id: 'rep-area' });
  levelSel.addEventListener('change', () => { clear(areaSel).append(...[['', t('all')], ...areaOpts()].map(([v, l]) => h('option', { value: v, text: l }))); });
  const periodIn = h('input#rep-period', { type: 'text', value: period, pattern: '\\d{4}(-Q[1-4]|-\\d{2}(-\\d{2})?)?', required: true });
  side.append(h('form.panel#report-form', { on: { submit: (e) => { e.preventDefault(); ctx.go('ledger', { period: periodIn.value.trim(), level: levelSel.value, area: areaSel.value, site }); } } },
    h('h2', { text: t('ledger.report') }),
    field(t('ledger.period'), periodIn), field(t('ledger.level'), levelSel), field(t('ledger.area'), areaSel),
    h('button.primary#report-load', { type: 'submit', text: t('load') })));

  // site ledger choice
  const siteIn = h('input#site', { type: 'text', value: site, autocomplete: 'off' });
  const fromIn = h('input#site-from', { type: 'date', value: params.get('from') || '' });
  const toIn = h('input#site-to', { type: 'date', value: params.get('to') || '' });
  side.append(h('form.panel#site-form', { on: { submit: (e) => { e.preventDefault(); ctx.go('ledger', { period, level, area, site: siteIn.value.trim(), from: fromIn.value, to: toIn.value }); } } },
    h('h2', { text: t('ledger.site') }), field(t('ledger.site.id'), siteIn),
    h('div.grid2', null, field(t('ledger.from'), fromIn), field(t('ledger.to'), toIn)),
    h('button#site-load', { type: 'submit', text: t('load') })));

  // verify
  const verifyOut = h('div#verify-result', { 'aria-live': 'polite' });
  side.append(h('section.panel', null, h('h2', { text: t('ledger.verify') }),
    h('button#verify', { type: 'button', text: t('ledger.verify'), on: { click: () => verify(verifyOut) } }), verifyOut));

  // the report
  const repBox = h('section.panel#report', { 'aria-labelledby': 'rep-h' });
  content.append(repBox);
  const q = new URLSearchParams({ period, level });
  if (area) q.set('area', area);
  try {
    const rep = await api('/v1/reports?' + q.toString());
    drawReport(repBox, rep, q, area);
    ctx.outer.dataset.report = '1';
  } catch (e) {
    repBox.append(h('h2#rep-h', { text: t('ledger.report') }), h('p.error-text#report-error', { role: 'alert', text: missingOr(e, 'GET /v1/reports') }));
  }

  if (site) {
    const box = h('section.panel#site-ledger', { 'aria-labelledby': 'site-h' });
    content.append(box);
    const sq = new URLSearchParams({ site });
    if (fromIn.value) sq.set('from', fromIn.value);
    if (toIn.value) sq.set('to', toIn.value);
    try {
      const res = await api('/v1/ledger?' + sq.toString());
      drawEvents(box, site, Array.isArray(res) ? res : res.events || []);
    } catch (e) {
      box.append(h('h2#site-h', { text: t('ledger.site') + ' · ' + site }), h('p.error-text', { role: 'alert', text: missingOr(e, 'GET /v1/ledger') }));
    }
  }
  return null;
}

const IND = [
  ['units', 'ledger.units', 0, ''],
  ['tonnes', 'ledger.tonnes', 2, ''],
  ['trade_ins', 'ledger.trade_ins', 0, ''],
  ['bookings', 'ledger.bookings', 0, ''],
  ['licensed_pct', 'ledger.licensed_pct', 1, ' %'],
  ['mean_days_to_pickup', 'ledger.days', 2, ''],
  ['on_time_pct', 'ledger.ontime', 1, ' %'],
  ['forecast_pct', 'ledger.forecast_pct', 1, ' %'],
  ['target_pct', 'ledger.target_pct', 1, ' %'],
];

function drawReport(box, rep, q, area) {
  const cat = (c) => (c === 'all' ? t('ledger.total') : tOr('cat.' + c, c));
  const areaName = (r) => (r.area_name ? `${r.area_name} ${r.area}` : r.area);
  const dl = (fmt, ext) => h('button', { type: 'button', 'data-download': fmt, text: `${t('download')} ${ext}`, on: { click: async () => {
    try {
      const b = await api('/v1/reports?' + q.toString() + '&format=' + fmt, { as: 'blob', headers: { Accept: '*/*' } });
      download(b, `report-${rep.level}-${rep.period}${area ? '-' + area : ''}.${ext}`);
    } catch (e) { announce(t('error', e.message), 'error'); }
  } } });
  box.append(h('h2#rep-h', { text: `${t('ledger.report')} · ${rep.period} (${rep.from} – ${rep.to}) · ${t('level.' + rep.level)}` }),
    rep.simulated ? h('p', null, badge('queued', t('ledger.simulated'))) : null,
    h('div.row.noprint', null, dl('csv', 'CSV'), dl('xlsx', 'XLSX')));
  const T = rep.total || {};
  box.append(h('div.kpis', { 'data-kpis': 'report' },
    card('units', t('ledger.units'), T.units, 0, ''),
    card('tonnes', t('ledger.tonnes'), T.tonnes, 2, t('unit.t')),
    card('trade_ins', t('ledger.trade_ins'), T.trade_ins, 0, ''),
    card('bookings', t('ledger.bookings'), T.bookings, 0, ''),
    card('licensed_pct', t('ledger.licensed_pct'), T.licensed_pct, 1, '%'),
    card('mean_days', t('ledger.days'), T.mean_days_to_pickup, 2, ''),
    card('on_time_pct', t('ledger.ontime'), T.on_time_pct, 1, '%'),
    card('forecast_pct', t('ledger.forecast_pct'), T.forecast_pct, 1, '%')));
  const cols = (first) => [first,
    { key: 'units', label: t('ledger.units'), num: true, fmt: (r) => num(r.units, 0) },
    { key: 'tonnes', label: t('ledger.tonnes'), num: true, fmt: (r) => num(r.tonnes, 3) },
    { key: 'trade_ins', label: t('ledger.trade_ins'), num: true, fmt: (r) => num(r.trade_ins, 0) },
    { key: 'bookings', label: t('ledger.bookings'), num: true, fmt: (r) => num(r.bookings, 0) },
    { key: 'licensed_pct', label: t('ledger.licensed_pct'), num: true, fmt: (r) => num(r.licensed_pct, 1) },
    { key: 'mean_days_to_pickup', label: t('ledger.days'), num: true, fmt: (r) => num(r.mean_days_to_pickup, 2) },
    { key: 'on_time_pct', label: t('ledger.ontime'), num: true, fmt: (r) => num(r.on_time_pct, 1) },
    { key: 'forecast_pct', label: t('ledger.forecast_pct'), num: true, fmt: (r) => num(r.forecast_pct, 1) },
    { key: 'target_pct', label: t('ledger.target_pct'), num: true, fmt: (r) => num(r.target_pct, 1) }];
  const totals = rep.totals || [];
  if (totals.length > 1) {
    box.append(h('h3', { text: t('ledger.area') }),
      table(cols({ key: 'area', label: t('ledger.area'), fmt: areaName }), totals, { name: 'report-areas', total: { ...T, area: t('ledger.total') }, rowAttrs: (r) => ({ 'data-area': r.area }) }));
  }
  // per category: the one area's rows, or the categories summed over areas
  const rows = rep.rows || [];
  const one = totals.length === 1 ? totals[0].area : '';
  const catRows = one ? rows.filter((r) => r.area === one) : sumByCategory(rows);
  box.append(h('h3', { text: t('ledger.category') + (one ? ' · ' + areaName(totals[0]) : '') }),
    table(cols({ key: 'category', label: t('ledger.category'), fmt: (r) => cat(r.category) }), catRows, { name: 'report', total: { ...T, category: 'all' }, rowAttrs: (r) => ({ 'data-category': r.category }) }));
  // one chart per indicator, by category (or by area when several)
  const byArea = totals.length > 1;
  const series = byArea ? totals : catRows;
  const label = (r) => (byArea ? (r.area_name || r.area) : cat(r.category));
  box.append(h('h3', { text: t('ledger.charts') }), h('div.charts', null,
    IND.filter(([k]) => series.some((r) => r[k] !== null && r[k] !== undefined)).map(([k, lk, d, u]) =>
      barChart(t(lk), series.map((r) => ({ label: label(r), value: r[k], target: k === 'units' ? r.target_units || r.forecast_units : null })), d, u, k, t('ledger.chart.outline')))));
}

/** sumByCategory adds up the count fields of rows per category (the shares are left out: they do not add). */
function sumByCategory(rows) {
  const m = new Map();
  for (const r of rows) {
    const s = m.get(r.category) || { category: r.category, units: 0, tonnes: 0, trade_ins: 0, bookings: 0 };
    s.units += r.units || 0; s.tonnes += r.tonnes || 0; s.trade_ins += r.trade_ins || 0; s.bookings += r.bookings || 0;
    m.set(r.category, s);
  }
  return [...m.values()];
}

function drawEvents(box, site, events) {
  box.append(h('h2#site-h', { text: `${t('ledger.site')} · ${site} (${events.length})` }));
  if (!events.length) { box.append(h('p.muted', { text: t('ledger.noevents') })); return; }
  box.append(table([
    { key: 'seq', label: '#', num: true },
    { key: 'time', label: t('ledger.event.time'), fmt: (e) => new Date(e.time).toLocaleString() },
    { key: 'type', label: t('ledger.event.type'), fmt: (e) => badge(e.type, tOr('event.' + e.type, e.type)) },
    { key: 'items', label: t('ledger.event.items'), fmt: (e) => itemsSummary(e.items || []) },
    { key: 'kg', label: t('unit.kg'), num: true, fmt: (e) => num((e.items || []).reduce((s, it) => s + (it.kg || 0), 0), 1) },
    { key: 'ref', label: t('ledger.event.ref'), fmt: (e) => [e.booking && e.booking.id, e.peer, e.transfer, e.receipt, e.corrects].filter(Boolean).join(' · ') },
    { key: 'hash', label: t('ledger.event.hash'), fmt: (e) => h('code', { title: e.hash, text: (e.hash || '').slice(0, 12) }) },
  ], events, { name: 'events', scroll: true, rowAttrs: (e) => ({ 'data-event': e.id }) }));
}

/** itemsSummary adds up an event's items by category: "冰箱 ×3、电视机 ×1". */
function itemsSummary(items) {
  const m = new Map();
  for (const it of items) m.set(it.category, (m.get(it.category) || 0) + it.count);
  return [...m.entries()].map(([c, n]) => `${tOr('cat.' + c, c)} ×${n}`).join('、');
}

async function verify(out) {
  clear(out).append(h('p', { text: t('loading') }));
  try {
    const v = await api('/v1/ledger/verify');
    const ok = v.ok !== undefined ? v.ok : !(v.breaks && v.breaks.length) && !(v.head_mismatches && v.head_mismatches.length);
    clear(out).append(ok
      ? h('p', { 'data-verify': 'ok' }, badge('done', '✓'), ' ', t('ledger.verify.ok', v.sites, v.events))
      : h('div', { 'data-verify': 'broken' }, h('p.error-text', { text: t('ledger.verify.bad', `${v.breaks[0].id}: ${v.breaks[0].reason}`) }),
        table([{ key: 'line', label: '#', num: true }, { key: 'id', label: 'id' }, { key: 'site', label: t('ledger.site.id') }, { key: 'reason', label: t('dispatch.reason') }], v.breaks || [], { name: 'breaks' })));
  } catch (e) {
    clear(out).append(h('p.error-text', { role: 'alert', text: missingOr(e, 'GET /v1/ledger/verify') }));
  }
}
