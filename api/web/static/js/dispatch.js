// Dispatcher view: a date and a depot; the trucks with km, hours, load and
// stops; routes on the map, one colour per truck; the day's bookings with
// their status; a form to add a booking; moving a booking to another day;
// re-planning the day with the dispatched routes locked; dispatching.

import { api, ApiError } from './api.js';
import { h, clear, field, select, announce } from './dom.js';
import { t, tOr, num } from './i18n.js';
import { MapView, loadBase, drawBase, PALETTE } from './map.js';
import { table, badge, legend, lineSymbol } from './ui.js';
import { legendSymbol } from './map.js';

export const CATEGORIES = ['refrigerator', 'washing_machine', 'air_conditioner', 'television', 'water_heater', 'microwave', 'range_hood', 'computer'];
const KINDS = ['pickup', 'trade_in', 'bulk', 'service'];

/** today returns YYYY-MM-DD of the local day. */
export function today(offset = 0) {
  const d = new Date(Date.now() + offset * 864e5);
  return d.getFullYear() + '-' + String(d.getMonth() + 1).padStart(2, '0') + '-' + String(d.getDate()).padStart(2, '0');
}

export function addDays(ds, n) {
  const d = new Date(ds + 'T00:00:00Z');
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** itemsText shows a booking's items in the current language. */
export function itemsText(items) {
  if (!items) return '';
  if (typeof items === 'string') return items;
  return items.map((it) => `${tOr('cat.' + it.category, it.category)} ×${it.count}`).join('、');
}

/** routeColour is the colour of route i of a plan. */
export function routeColour(i) { return PALETTE[i % PALETTE.length]; }

/** routePoints returns the route's path: depot, its stops with a position, depot. */
export function routePoints(plan, r) {
  const dep = (plan.depots || []).find((d) => d.id === r.depot);
  const pts = [];
  if (dep) pts.push([dep.lon, dep.lat]);
  for (const s of r.stops) if (s.lon || s.lat) pts.push([s.lon, s.lat]);
  if (dep) pts.push([dep.lon, dep.lat]);
  return pts;
}

export function peakKg(r) { return r.stops.reduce((m, s) => Math.max(m, s.load_kg || 0), 0); }

/** loadPlan returns the day plan of date, or null when there is none. */
export async function loadPlan(date) {
  try { return await api('/v1/schedules/' + date); } catch (e) {
    if (e instanceof ApiError && e.status === 404) return null;
    throw e;
  }
}

/** runSchedule starts a schedule run of date and waits for it; returns the run. */
export async function runSchedule(date, signal, onProgress) {
  let r = await api('/v1/schedules', { method: 'POST', body: { date, days: 1, time_limit: '30s' } });
  while (r.status === 'queued' || r.status === 'running') {
    if (onProgress) onProgress(r);
    await new Promise((res) => setTimeout(res, 400));
    if (signal && signal.aborted) throw new DOMException('aborted', 'AbortError');
    r = await api('/v1/runs/' + r.id, { signal });
  }
  if (r.status === 'failed') throw new Error(r.error || 'schedule run failed');
  return r;
}

export async function render(main, params, ctx) {
  const ac = new AbortController();
  const date = params.get('date') || today(1);
  const depot = params.get('depot') || '';
  const canEdit = ctx.me.role !== 'viewer';
  const plan = await loadPlan(date);
  let bookings = [];
  try {
    const page = await api('/v1/bookings?limit=1000&date=' + date);
    bookings = page.bookings || [];
  } catch (e) { if (!(e instanceof ApiError) || e.status !== 403) throw e; }

  const side = h('div.side');
  const content = h('div.content#dispatch-content');
  main.append(h('h1.sr-only', { text: t('dispatch.title') }), h('div.view', null, side, content));

  // date and depot
  const dateIn = h('input#date', { type: 'date', value: date, required: true });
  const depots = plan ? plan.depots || [] : [];
  const used = new Set(plan ? plan.routes.filter((r) => r.stops.length).map((r) => r.depot) : []);
  const depSel = select([['', t('dispatch.depot.all')], ...depots.filter((d) => used.has(d.id)).map((d) => [d.id, (d.name || d.id) + ' · ' + tOr('tier.' + d.kind, d.kind)])], depot, { id: 'depot' });
  // the days that have a plan, around the chosen one
  let planned = [];
  try { planned = (await api(`/v1/schedules?from=${addDays(date, -14)}&to=${addDays(date, 30)}`)).dates || []; } catch { /* an older server: no list */ }
  const days = planned.length ? h('nav.days#planned-days', { 'aria-label': t('dispatch.planned') },
    h('span.hint', { text: t('dispatch.planned') }),
    planned.map((d) => h('a', { href: `#/dispatch?date=${d}`, 'aria-current': d === date ? 'date' : null, 'data-day': d, text: d.slice(5) }))) : null;
  side.append(h('form.panel#choose-day', { on: { submit: (e) => { e.preventDefault(); ctx.go('dispatch', { date: dateIn.value, depot: depSel.value }); } } },
    h('h2', { text: t('dispatch.title') }),
    field(t('dispatch.date'), dateIn), days, field(t('dispatch.depot'), depSel),
    h('button.primary#load-day', { type: 'submit', text: t('load') })));

  // plan / re-plan
  const status = h('p#plan-status', { 'aria-live': 'polite' });
  const planBtn = h('button.primary#replan', { type: 'button', disabled: !canEdit, text: plan ? t('dispatch.replan') : t('dispatch.plan'), on: { click: async () => {
    planBtn.disabled = true;
    status.textContent = t('dispatch.planning');
    try {
      const before = plan;
      const r = await runSchedule(date, ac.signal, (x) => { status.textContent = t('dispatch.planning') + ' ' + Math.round((x.progress || 0) * 100) + ' %'; });
      const day = parseResult(r).days.find((d) => d.date === date);
      if (day && day.diff) announce(t('dispatch.diff', day.diff.routes_changed, (day.diff.kept || []).length));
      else if (before) announce(t('dispatch.diff', '–', 0));
      ctx.go('dispatch', { date, depot, r: r.id });
    } catch (e) {
      if (e.name === 'AbortError') return;
      planBtn.disabled = false;
      status.textContent = '';
      announce(t('error', e.message), 'error');
    }
  } } });
  side.append(h('section.panel', null, planBtn, status));

  // add a booking
  const form = bookingForm(date, plan, bookings, canEdit, async (body) => {
    const b = await api('/v1/bookings', { method: 'POST', body, headers: { 'Idempotency-Key': 'web-' + Date.now() + '-' + Math.random().toString(36).slice(2) } });
    announce(t('dispatch.add.ok', b.id));
    ctx.go('dispatch', { date, depot, added: b.id });
  });
  side.append(form.el);

  if (!plan) {
    content.append(h('p.panel#no-plan', { text: t('dispatch.noplan', date) }));
  } else {
    renderPlan(content, plan, depot, date, canEdit, ctx, form, ac);
  }
  content.append(bookingsPanel(bookings, plan, date, canEdit, ctx, ac));
  ctx.outer.dataset.date = date;
  return () => ac.abort();
}

function parseResult(r) {
  if (r.result) return r.result;
  return { days: [] };
}

function renderPlan(content, plan, depot, date, canEdit, ctx, form, ac) {
  const routes = plan.routes.map((r, i) => ({ ...r, idx: i, colour: routeColour(i) })).filter((r) => r.stops.length && (!depot || r.depot === depot));
  const tot = plan.totals || {};
  content.append(h('p.panel#day-totals', { text: t('dispatch.totals', tot.bookings, tot.served, tot.unassigned, tot.vehicles, num(tot.distance_km, 1), num(tot.hours, 1)) }));

  // trucks
  const checks = new Map();
  const rows = routes.map((r) => ({ ...r }));
  const dispatchBtn = h('button#dispatch-selected', { type: 'button', disabled: !canEdit, text: t('dispatch.dispatch'), on: { click: async () => {
    const vehicles = [...checks.entries()].filter(([, c]) => c.checked).map(([v]) => v);
    if (!vehicles.length) return;
    dispatchBtn.disabled = true;
    try {
      await api('/v1/schedules/' + date + '/dispatch', { method: 'POST', body: { vehicles } });
      ctx.go('dispatch', { date, depot, d: vehicles.join(',') });
    } catch (e) { dispatchBtn.disabled = false; announce(t('error', e.message), 'error'); }
  } } });
  const sheetsLink = h('a#print-all', { href: `#/sheet?date=${date}${depot ? '&depot=' + encodeURIComponent(depot) : ''}`, text: t('dispatch.sheets') });
  content.append(h('section.panel', { 'aria-labelledby': 'trucks-h' },
    h('h2#trucks-h', { text: `${t('dispatch.trucks')} (${routes.length})` }),
    table([
      { key: 'sel', label: '✓', fmt: (r) => {
        const c = h('input', { type: 'checkbox', 'aria-label': t('dispatch.select', r.vehicle), disabled: r.status === 'dispatched' || !canEdit, 'data-vehicle': r.vehicle });
        checks.set(r.vehicle, c);
        return c;
      } },
      { key: 'vehicle', label: t('dispatch.vehicle'), fmt: (r) => h('span', null, h('span.swatch', { style: 'background:' + r.colour }), ' ', r.vehicle) },
      { key: 'depot', label: t('dispatch.depot'), fmt: (r) => depotName(plan, r.depot) },
      { key: 'status', label: t('dispatch.route.status'), fmt: (r) => badge(r.status, t('route.' + r.status)) },
      { key: 'stops', label: t('dispatch.stops'), num: true, fmt: (r) => String(r.stops.filter((s) => s.type === 'visit').length) },
      { key: 'km', label: t('dispatch.km'), num: true, fmt: (r) => num(r.distance_m / 1000, 1) },
      { key: 'hours', label: t('dispatch.hours'), num: true, fmt: (r) => num(r.duration_s / 3600, 1) },
      { key: 'load', label: t('dispatch.load'), num: true, fmt: (r) => `${num(peakKg(r), 0)} / ${num(r.capacity.kg, 0)} kg (${num(100 * peakKg(r) / (r.capacity.kg || 1), 0)} %)` },
      { key: 'sheet', label: t('dispatch.sheet'), fmt: (r) => h('a', { href: `#/sheet?date=${date}&vehicle=${encodeURIComponent(r.vehicle)}`, 'data-sheet': r.vehicle, text: t('dispatch.sheet') }) },
    ], rows, { name: 'trucks', rowAttrs: (r) => ({ 'data-vehicle': r.vehicle, 'data-status': r.status }) }),
    h('div.row', { style: 'margin-top:8px' }, dispatchBtn, sheetsLink)));

  // map
  const mapBox = h('section.panel', { 'aria-label': t('map') });
  content.append(mapBox);
  const counties = [...new Set((plan.bookings || []).map((b) => b.county).filter(Boolean))];
  const m = new MapView(mapBox, { label: t('map') + ' ' + date, origin: centreOf(plan), name: 'day' });
  form.attach(m);
  if (counties.length === 1) {
    loadBase(api, 'sichuan', 'county=' + counties[0]).then((fc) => { drawBase(m, fc, { fit: false }); m.apply(); }).catch(() => {});
  }
  const pts = [];
  for (const r of routes) {
    const path = routePoints(plan, r);
    pts.push(...path);
    m.path('routes', path, { class: 'route' + (r.status === 'dispatched' ? ' dispatched' : ''), stroke: r.colour, 'data-route': r.vehicle }, r.vehicle);
    let n = 0;
    for (const s of r.stops) {
      if (s.type !== 'visit') continue;
      n++;
      const mk = m.marker('markers', [s.lon, s.lat], 'circle', 7, { class: 'mk stop', 'data-stop': s.booking, 'data-route': r.vehicle }, `${r.vehicle} #${n} · ${s.booking} · ${s.arrival}`, n);
      mk.querySelector('.mk-shape').setAttribute('fill', r.colour);
    }
  }
  for (const d of plan.depots || []) {
    if (!routes.some((r) => r.depot === d.id)) continue;
    m.marker('markers', [d.lon, d.lat], 'square', 7, { class: 'mk depot', 'data-depot': d.id }, d.name || d.id);
  }
  const bIndex = new Map((plan.bookings || []).map((b) => [b.id, b]));
  for (const u of plan.unassigned || []) {
    const b = bIndex.get(u.booking);
    if (b) m.marker('top', [b.lon, b.lat], 'cross', 6, { class: 'mk unassigned', 'data-unassigned': b.id }, `${b.id}: ${u.reason}`);
  }
  m.extend(pts.length ? pts : (plan.bookings || []).map((b) => [b.lon, b.lat]));
  m.fit();
  m.apply();
  mapBox.append(legend([
    ...routes.slice(0, 12).map((r) => [h('span.swatch', { style: 'background:' + r.colour }), r.vehicle]),
    [legendSymbol('square', 'depot'), t('dispatch.depot')],
    [legendSymbol('cross', ''), t('dispatch.unassigned')],
    [lineSymbol('#333', true), t('route.dispatched')],
  ]));

  if ((plan.unassigned || []).length) {
    content.append(h('section.panel', null, h('h2', { text: `${t('dispatch.unassigned')} (${plan.unassigned.length})` }),
      table([{ key: 'booking', label: t('booking.id') }, { key: 'reason', label: t('dispatch.reason') }], plan.unassigned, { name: 'unassigned' })));
  }
}

function centreOf(plan) {
  const pts = (plan.bookings || []).map((b) => [b.lon, b.lat]);
  if (!pts.length) return undefined;
  return [pts.reduce((s, p) => s + p[0], 0) / pts.length, pts.reduce((s, p) => s + p[1], 0) / pts.length];
}

export function depotName(plan, id) {
  const d = (plan.depots || []).find((x) => x.id === id);
  return d ? (d.name || d.id) : id;
}

function bookingsPanel(bookings, plan, date, canEdit, ctx, ac) {
  const where = new Map();
  if (plan) for (const r of plan.routes) r.stops.forEach((s) => { if (s.type === 'visit') where.set(s.booking, r.vehicle); });
  const moveTo = addDays(date, 1);
  const cols = [
    { key: 'id', label: t('booking.id') },
    { key: 'kind', label: t('booking.kind'), fmt: (b) => t('kind.' + b.kind) },
    { key: 'items', label: t('booking.items'), fmt: (b) => itemsText(b.items) },
    { key: 'dates', label: t('booking.dates'), fmt: (b) => (b.earliest || '…') + ' – ' + (b.latest || '…') },
    { key: 'window', label: t('booking.window'), fmt: (b) => (b.tw_start ? b.tw_start + '–' + (b.tw_end || '24:00') : '') },
    { key: 'truck', label: t('dispatch.vehicle'), fmt: (b) => where.get(b.id) || '' },
    { key: 'status', label: t('booking.status'), fmt: (b) => badge(b.status, t('bstatus.' + b.status)) },
    { key: 'move', label: t('dispatch.move'), fmt: (b) => {
      const open = b.status === 'booked' || b.status === 'scheduled';
      if (!open || !canEdit) return '';
      const d = h('input', { type: 'date', value: moveTo, 'aria-label': t('dispatch.move.to') + ' ' + b.id, 'data-move-date': b.id });
      const go = h('button', { type: 'button', 'data-move': b.id, text: t('dispatch.move'), on: { click: async () => {
        go.disabled = true;
        try {
          await api('/v1/bookings/' + encodeURIComponent(b.id), { method: 'PATCH', body: { earliest: d.value, latest: d.value } });
          announce(t('dispatch.moved', b.id, d.value));
          if (plan) {
            const r = await runSchedule(date, ac.signal);
            const day = parseResult(r).days.find((x) => x.date === date);
            if (day && day.diff) announce(t('dispatch.moved', b.id, d.value) + ' · ' + t('dispatch.diff', day.diff.routes_changed, (day.diff.kept || []).length));
          }
          ctx.go('dispatch', { date, moved: b.id });
        } catch (e) { go.disabled = false; if (e.name !== 'AbortError') announce(t('error', (e.field ? e.field + ': ' : '') + e.message), 'error'); }
      } } });
      return h('span.row', null, d, go);
    } },
  ];
  return h('section.panel', { 'aria-labelledby': 'bookings-h' },
    h('h2#bookings-h', { text: `${t('dispatch.bookings')} (${bookings.length})` }),
    bookings.length ? table(cols, bookings, { name: 'bookings', rowAttrs: (b) => ({ 'data-booking': b.id, 'data-status': b.status }) }) : h('p.muted', { text: t('dispatch.bookings.none') }));
}

/** bookingForm is the form to add a booking; attach(map) lets a click on the map set its position. */
function bookingForm(date, plan, bookings, canEdit, submit) {
  const counties = {};
  for (const b of (plan ? plan.bookings : bookings) || []) if (b.county) counties[b.county] = (counties[b.county] || 0) + 1;
  const county = Object.entries(counties).sort((a, b) => b[1] - a[1]).map(([c]) => c)[0] || '';
  const f = {
    id: h('input#bk-id', { type: 'text', autocomplete: 'off' }),
    kind: select(KINDS.map((k) => [k, t('kind.' + k)]), 'pickup', { id: 'bk-kind' }),
    lon: h('input#bk-lon', { type: 'number', step: 'any', required: true, inputmode: 'decimal' }),
    lat: h('input#bk-lat', { type: 'number', step: 'any', required: true, inputmode: 'decimal' }),
    county: h('input#bk-county', { type: 'text', value: county, pattern: '[0-9]{6}', inputmode: 'numeric' }),
    township: h('input#bk-township', { type: 'text' }),
    category: select(CATEGORIES.map((c) => [c, t('cat.' + c)]), 'refrigerator', { id: 'bk-category' }),
    count: h('input#bk-count', { type: 'number', min: 1, max: 100, value: '1', inputmode: 'numeric' }),
    earliest: h('input#bk-earliest', { type: 'date', value: date }),
    latest: h('input#bk-latest', { type: 'date', value: date }),
    tw_start: h('input#bk-tw-start', { type: 'time' }),
    tw_end: h('input#bk-tw-end', { type: 'time' }),
    from: select([['', '–'], ...((plan && plan.depots) || []).map((d) => [d.id, d.name || d.id])], '', { id: 'bk-from' }),
    note: h('input#bk-note', { type: 'text' }),
  };
  const err = h('p.error-text#bk-error', { role: 'alert' });
  const btn = h('button.primary#bk-submit', { type: 'submit', disabled: !canEdit, text: t('dispatch.add.submit') });
  let pick = null, map = null;
  const el = h('form.panel#add-booking', { 'aria-labelledby': 'add-h', on: { submit: async (e) => {
    e.preventDefault();
    err.textContent = '';
    const body = { lon: Number(f.lon.value), lat: Number(f.lat.value), kind: f.kind.value,
      items: f.kind.value === 'service' && !Number(f.count.value) ? [] : [{ category: f.category.value, count: Number(f.count.value) || 1 }] };
    for (const k of ['id', 'county', 'township', 'earliest', 'latest', 'tw_start', 'tw_end', 'from', 'note']) if (f[k].value) body[k] = f[k].value;
    btn.disabled = true;
    try { await submit(body); } catch (ex) {
      btn.disabled = false;
      err.textContent = t('error', (ex.field ? ex.field + ': ' : '') + ex.message);
      const ctl = ex.field && f[ex.field.replace(/\[.*$/, '')];
      if (ctl) { ctl.setAttribute('aria-invalid', 'true'); ctl.focus(); }
    }
  } } },
  h('h2#add-h', { text: t('dispatch.add') }),
  h('div.grid2', null, field(t('booking.kind'), f.kind), field(t('booking.id'), f.id)),
  h('div.grid2', null, field(t('booking.lon'), f.lon), field(t('booking.lat'), f.lat)),
  h('p.hint', { text: t('dispatch.add.pick') }),
  h('div.grid2', null, field(t('booking.county'), f.county), field(t('booking.township'), f.township)),
  h('div.grid2', null, field(t('booking.category'), f.category), field(t('booking.count'), f.count)),
  h('div.grid2', null, field(t('booking.earliest'), f.earliest), field(t('booking.latest'), f.latest)),
  h('div.grid2', null, field(t('booking.tw_start'), f.tw_start), field(t('booking.tw_end'), f.tw_end)),
  field(t('booking.from'), f.from),
  field(t('booking.note'), f.note),
  err, btn);
  const attach = (m) => {
    map = m;
    m.onClick((ll) => {
      f.lon.value = ll[0].toFixed(5);
      f.lat.value = ll[1].toFixed(5);
      if (pick) pick.remove();
      pick = m.marker('top', ll, 'diamond', 7, { class: 'mk pick' }, t('dispatch.add'));
    });
  };
  return { el, attach, get map() { return map; } };
}
