// Route sheets: one truck per A4 page (print CSS), stops in order with
// ETAs, items, loads and notes, and a small map of the route.

import { api } from './api.js';
import { h } from './dom.js';
import { t, num, tOr } from './i18n.js';
import { MapView, loadBase, drawBase } from './map.js';
import { loadPlan, routeColour, routePoints, itemsText, depotName, peakKg } from './dispatch.js';
import { badge } from './ui.js';

export async function render(main, params, ctx) {
  const date = params.get('date') || '';
  const vehicle = params.get('vehicle') || '';
  const depot = params.get('depot') || '';
  const plan = await loadPlan(date);
  const bar = h('div.sheets-bar.noprint', null,
    h('a', { href: `#/dispatch?date=${date}`, text: '← ' + t('sheet.back') }),
    h('button.primary#print', { type: 'button', text: t('print'), on: { click: () => window.print() } }),
    vehicle ? h('a', { href: `/v1/schedules/${date}/routes/${encodeURIComponent(vehicle)}?format=pdf`, 'data-pdf': vehicle, text: t('sheet.pdf'), on: { click: (e) => { e.preventDefault(); serverPDF(date, vehicle); } } }) : null);
  main.append(bar);
  if (!plan) {
    main.append(h('p.panel', { text: t('dispatch.noplan', date) }));
    return null;
  }
  const routes = plan.routes.map((r, i) => ({ r, i })).filter(({ r }) => r.stops.length && (!vehicle || r.vehicle === vehicle) && (!depot || r.depot === depot));
  const byId = new Map((plan.bookings || []).map((b) => [b.id, b]));
  const counties = [...new Set((plan.bookings || []).map((b) => b.county).filter(Boolean))];
  const base = counties.length === 1 ? await loadBase(api, 'sichuan', 'county=' + counties[0]).catch(() => null) : null;
  const maps = [];
  routes.forEach(({ r, i }, k) => {
    const sec = h('section.sheet', { 'data-sheet': r.vehicle, 'aria-label': t('sheet.vehicle', r.vehicle) });
    const visits = r.stops.filter((s) => s.type === 'visit').length;
    sec.append(h('header', null,
      h('div', null, h('h1', { text: `${t('sheet.title')} · ${t('sheet.vehicle', r.vehicle)}` }),
        h('div', { text: `${date} · ${t('sheet.depot')}: ${depotName(plan, r.depot)}` })),
      h('div.meta', null,
        h('span', { text: t('dispatch.route.status') }), badge(r.status, t('route.' + r.status)),
        h('span', { text: t('dispatch.stops') }), h('strong', { text: String(visits) }),
        h('span', { text: t('dispatch.km') }), h('strong', { text: num(r.distance_m / 1000, 1) }),
        h('span', { text: t('dispatch.hours') }), h('strong', { text: num(r.duration_s / 3600, 1) }),
        h('span', { text: t('sheet.crew') }), h('strong', { text: String(r.crew || 1) }))));
    sec.append(h('p', { text: `${t('sheet.shift', r.start.slice(0, 5), r.end.slice(0, 5))} · ${t('sheet.capacity', num(r.capacity.kg, 0), num(r.capacity.litres, 0))} · ${t('dispatch.load')} ${num(peakKg(r), 0)} kg` }));
    const mapBox = h('div.sheet-map');
    sec.append(mapBox);
    let seq = 0;
    const rows = r.stops.map((s) => {
      const b = byId.get(s.booking) || {};
      const label = s.type === 'visit' ? String(++seq) : '';
      const what = s.type === 'visit' ? itemsText(b.items) : s.type === 'load' ? t('sheet.type.load') : t('sheet.type.break');
      const arr = s.arrival.slice(0, 5), st = s.start.slice(0, 5);
      return h('tr', { 'data-stop': s.booking || s.type, 'data-type': s.type },
        h('td.num', { text: label }),
        h('td.nowrap', { text: arr === st ? arr : `${arr}→${st}` }),
        h('td.nowrap', { text: b.tw_start ? `${b.tw_start}–${b.tw_end || '24:00'}` : '' }),
        h('td.nowrap', { text: s.departure.slice(0, 5) }),
        h('td.nowrap', { text: s.booking || '' }),
        h('td.nowrap', { text: s.kind ? tOr('kind.' + s.kind, s.kind) : '' }),
        h('td.nowrap', { text: b.township || '', title: b.lon ? `${b.lon}, ${b.lat}` : '' }),
        h('td', { text: what }),
        h('td.num', { text: num(s.load_kg, 0) }),
        h('td', { text: b.note || '' }),
        h('td', { text: s.type === 'visit' ? '☐' : '' }));
    });
    sec.append(h('table', { 'data-table': 'stops' },
      h('thead', null, h('tr', null, [t('sheet.seq'), t('sheet.eta'), t('booking.window'), t('sheet.leave'), t('sheet.booking'), t('booking.kind'), t('sheet.stop'), t('booking.items'), t('sheet.load'), t('sheet.note'), '✓']
        .map((x, j) => h(j === 0 || j === 8 ? 'th.num' : 'th', { scope: 'col', text: x })))),
      h('tbody', null, rows)));
    sec.append(h('p.sign', { text: t('sheet.sign') }),
      h('div.foot', null, h('span', { text: `回收 Huishou · ${date} · ${r.vehicle}` }), h('span', { text: t('sheet.page', k + 1, routes.length) })));
    main.append(sec);
    const m = new MapView(mapBox, { label: t('map') + ' ' + r.vehicle, origin: routePoints(plan, r)[0], name: 'sheet-' + r.vehicle, static: true });
    if (base) drawBase(m, base, { fit: false });
    const path = routePoints(plan, r);
    m.path('routes', path, { class: 'route', stroke: routeColour(i) });
    let n = 0;
    for (const s of r.stops) {
      if (s.type !== 'visit') continue;
      const mk = m.marker('markers', [s.lon, s.lat], 'circle', 7, { class: 'mk stop' }, s.booking, ++n);
      mk.querySelector('.mk-shape').setAttribute('fill', routeColour(i));
    }
    m.marker('markers', path[0], 'square', 6, { class: 'mk depot' }, depotName(plan, r.depot));
    m.extend(path);
    m.fit();
    m.freeze();
    maps.push(m);
  });
  document.title = `${t('sheet.title')} ${date}${vehicle ? ' ' + vehicle : ''}`;
  return () => { for (const m of maps) m.destroy(); };
}

async function serverPDF(date, vehicle) {
  const blob = await api(`/v1/schedules/${date}/routes/${encodeURIComponent(vehicle)}?format=pdf`, { as: 'blob', headers: { Accept: 'application/pdf' } });
  const url = URL.createObjectURL(blob);
  window.open(url, '_blank', 'noopener');
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}
