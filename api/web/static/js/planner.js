// Planner view: choose a scenario and a run, see its network on the map
// (sites per tier sized by throughput, coverage radii, assignment lines,
// flows) with KPI cards; compare two runs side by side (opened and closed
// sites highlighted); start a run and watch its progress live.

import { api, ApiError } from './api.js';
import { h, svg, clear, field, select, announce } from './dom.js';
import { t, num } from './i18n.js';
import { MapView, loadBase, drawBase } from './map.js';
import { card, delta, table, badge, legend, tierSymbol, lineSymbol, TIER_SHAPE, elapsed } from './ui.js';

const TIERS = ['collection_point', 'transfer_station', 'sorting_centre', 'dismantler'];
const TIER_R = { collection_point: 4.5, transfer_station: 6.5, sorting_centre: 9, dismantler: 8 };

export async function render(main, params, ctx) {
  const ac = new AbortController();
  const st = { scenario: params.get('scenario') || '', run: params.get('run') || '', b: params.get('b') || '',
    layers: { coverage: params.get('coverage') !== '0', assign: params.get('assign') !== '0', flows: params.get('flows') !== '0', townships: params.get('townships') !== '0' } };
  const scen = (await api('/v1/scenarios')).scenarios || [];
  if (!st.scenario || !scen.some((s) => s.name === st.scenario)) st.scenario = scen.length ? scen[0].name : '';
  const sc = scen.find((s) => s.name === st.scenario);
  const region = sc ? sc.base : 'sichuan';
  const whole = await loadBase(api, region);
  const prefs = prefecturesOf(whole);

  const side = h('div.side');
  const content = h('div.content#planner-content');
  main.append(h('h1.sr-only', { text: t('planner.title') }), h('div.view', null, side, content));

  // scenario and run choice
  const runsAll = ((await api('/v1/runs?kind=plan&limit=200&scenario=' + encodeURIComponent(st.scenario))).runs || []);
  const done = runsAll.filter((r) => r.status === 'done');
  if (!st.run && done.length) st.run = done[0].id;
  const runLabel = (r) => `${new Date(r.created_at).toLocaleString()} · ${t('status.' + r.status)}` + (r.best_cost ? ` · ${num(r.best_cost / 1e6, 2)} ${t('unit.myuan')}` : '') + paramsLabel(r, prefs);
  const scSel = select(scen.map((s) => [s.name, s.name + (s.builtin ? '' : ' ✎')]), st.scenario, { id: 'scenario', on: { change: () => ctx.go('planner', { scenario: scSel.value }) } });
  const runSel = select(done.map((r) => [r.id, runLabel(r)]), st.run, { id: 'run', on: { change: () => ctx.go('planner', { scenario: st.scenario, run: runSel.value, b: st.b }) } });
  const bSel = select([['', t('planner.compare.none')], ...done.filter((r) => r.id !== st.run).map((r) => [r.id, runLabel(r)])], st.b,
    { id: 'compare', on: { change: () => ctx.go('planner', { scenario: st.scenario, run: st.run, b: bSel.value }) } });
  side.append(h('section.panel', { 'aria-labelledby': 'choose-h' },
    h('h2#choose-h', { text: t('planner.title') }),
    field(t('planner.scenario'), scSel),
    done.length ? field(t('planner.run'), runSel) : h('p.muted#no-runs', { text: t('planner.noruns') }),
    done.length > 1 ? field(t('planner.compare'), bSel) : null));

  // new run and its progress
  const shown = done.find((r) => r.id === st.run);
  const prefDefault = (shown && shown.params && shown.params.prefecture) || (sc && sc.plan && sc.plan.prefecture) || '';
  const pref = select([['', t('planner.prefecture.all')], ...prefs.map(([c, n]) => [c, n + ' ' + c])], prefDefault, { id: 'new-prefecture' });
  const time = h('input#new-time', { type: 'number', min: 1, max: 600, step: 1, value: '10', inputmode: 'numeric' });
  const subsidy = h('input#new-subsidy', { type: 'number', min: 0, max: 1, step: 0.01, value: String((sc && sc.plan && sc.plan.levers && sc.plan.levers.subsidy) || 0), inputmode: 'decimal' });
  const greedy = h('input#new-greedy', { type: 'checkbox' });
  const prog = h('div#progress', { 'aria-live': 'polite' });
  const start = h('button.primary#start-run', { type: 'submit', text: t('planner.start'), disabled: ctx.me.role === 'viewer' });
  side.append(h('form.panel#new-run', { 'aria-labelledby': 'new-h', on: { submit: async (e) => {
    e.preventDefault();
    start.disabled = true;
    const body = { time_limit: `${Number(time.value) || 10}s`, levers: { subsidy: Number(subsidy.value) || 0 } };
    if (pref.value) body.prefecture = pref.value;
    if (greedy.checked) body.greedy = true;
    try {
      const r = await api('/v1/scenarios/' + encodeURIComponent(st.scenario) + '/runs', { method: 'POST', body });
      watch(r, prog, ac.signal, (fin) => {
        start.disabled = false;
        if (fin.status === 'done') ctx.go('planner', st.run ? { scenario: st.scenario, run: st.run, b: fin.id } : { scenario: st.scenario, run: fin.id });
      });
    } catch (ex) {
      start.disabled = false;
      announce(t('error', (ex.field ? ex.field + ': ' : '') + ex.message), 'error');
    }
  } } },
  h('h2#new-h', { text: t('planner.newrun') }),
  field(t('planner.prefecture'), pref),
  h('div.grid2', null, field(t('planner.time'), time), field(t('planner.subsidy'), subsidy)),
  h('div.field.inline', null, greedy, h('label', { for: 'new-greedy', text: t('planner.greedy') })),
  start, prog));
  // a run still working (started elsewhere or before a reload) is watched too
  const working = runsAll.find((r) => r.status === 'running' || r.status === 'queued');
  if (working) watch(working, prog, ac.signal, (fin) => { if (fin.status === 'done') ctx.go('planner', { scenario: st.scenario, run: fin.id }); });

  // layers
  const layerBox = (key, label) => {
    const c = h('input', { type: 'checkbox', id: 'layer-' + key, checked: st.layers[key], on: { change: () => {
      st.layers[key] = c.checked;
      for (const m of maps) applyLayers(m, st.layers);
    } } });
    return h('div.field.inline', null, c, h('label', { for: 'layer-' + key, text: label }));
  };
  side.append(h('fieldset.panel', null, h('legend', { text: t('planner.layers') }),
    layerBox('coverage', t('planner.layer.coverage')), layerBox('assign', t('planner.layer.assign')),
    layerBox('flows', t('planner.layer.flows')), layerBox('townships', t('planner.layer.townships'))));

  const maps = [];
  if (!st.run) return () => ac.abort();
  const planA = await api('/v1/runs/' + encodeURIComponent(st.run) + '/plan.json');
  const base = planA.prefecture ? await loadBase(api, region, 'prefecture=' + planA.prefecture) : whole;
  const terrain = countyInfo(base);
  const names = countyInfo(whole);
  if (!st.b) {
    content.append(kpiCards(planA, null, 'kpis'));
    const mapBox = h('section.panel', { 'aria-label': t('map') });
    content.append(mapBox);
    const m = drawPlanMap(mapBox, base, planA, terrain, null, 'a');
    maps.push(m);
    applyLayers(m, st.layers);
    mapBox.append(planLegend(false));
    content.append(sitesTable(planA, names));
  } else {
    const planB = await api('/v1/runs/' + encodeURIComponent(st.b) + '/plan.json');
    const baseB = planB.prefecture === planA.prefecture ? base : (planB.prefecture ? await loadBase(api, region, 'prefecture=' + planB.prefecture) : whole);
    const idsA = new Set(planA.sites.map((s) => s.id)), idsB = new Set(planB.sites.map((s) => s.id));
    const opened = planB.sites.filter((s) => !idsA.has(s.id));
    const closed = planA.sites.filter((s) => !idsB.has(s.id));
    content.append(h('p#compare-summary', null, h('strong', { text: t('planner.opened', opened.length) }), ' · ', h('strong', { text: t('planner.closed', closed.length) })));
    const colA = h('section.panel', { 'aria-labelledby': 'a-h' }, h('h2#a-h', { text: 'A · ' + runName(st.run, done, prefs) }), kpiCards(planA, null, 'kpis-a'));
    const colB = h('section.panel', { 'aria-labelledby': 'b-h' }, h('h2#b-h', { text: 'B · ' + runName(st.b, done, prefs) }), kpiCards(planB, planA, 'kpis-b'));
    const mapA = h('section.panel', { 'aria-label': t('map') + ' A' }), mapB = h('section.panel', { 'aria-label': t('map') + ' B' });
    content.append(h('div.compare', null, colA, colB), h('div.compare', null, mapA, mapB));
    const mA = drawPlanMap(mapA, base, planA, terrain, { closed: new Set(closed.map((s) => s.id)) }, 'a');
    const mB = drawPlanMap(mapB, baseB, planB, countyInfo(baseB), { opened: new Set(opened.map((s) => s.id)), closedSites: closed }, 'b');
    maps.push(mA, mB);
    for (const m of maps) applyLayers(m, st.layers);
    mA.onView((m) => mB.setView(m.k, m.tx, m.ty, true));
    mB.onView((m) => mA.setView(m.k, m.tx, m.ty, true));
    content.append(planLegend(true));
    const diffRows = [...opened.map((s) => ({ ...s, change: '+' })), ...closed.map((s) => ({ ...s, change: '−' }))];
    if (diffRows.length) {
      content.append(h('section.panel', null, h('h2', { text: t('planner.delta') }), table([
        { key: 'change', label: '±' }, { key: 'name', label: t('planner.site'), fmt: (s) => s.name || s.id },
        { key: 'tier', label: t('planner.tier'), fmt: (s) => t('tier.' + s.tier) }, { key: 'county', label: t('planner.county'), fmt: (s) => (names[s.county] || {}).name || s.county },
        { key: 'throughput_t', label: t('planner.throughput'), num: true, fmt: (s) => num(s.throughput_t, 0) }], diffRows, { name: 'diff' })));
    }
  }
  ctx.outer.dataset.run = st.run;
  ctx.outer.dataset.b = st.b;
  return () => { ac.abort(); for (const m of maps) m.destroy(); };
}

function paramsLabel(r, prefs) {
  const p = r.params || {};
  const parts = [];
  if (p.prefecture) parts.push((prefs.find(([c]) => c === p.prefecture) || [0, p.prefecture])[1]);
  if (p.levers && p.levers.subsidy) parts.push('subsidy ' + p.levers.subsidy);
  if (p.greedy) parts.push('greedy');
  return parts.length ? ' · ' + parts.join(' · ') : '';
}

function runName(id, runs, prefs) {
  const r = runs.find((x) => x.id === id);
  return r ? new Date(r.created_at).toLocaleString() + paramsLabel(r, prefs) : id;
}

export function prefecturesOf(fc) {
  const m = new Map();
  for (const f of fc.features) if (f.properties.kind === 'county') m.set(f.properties.prefecture_adcode, f.properties.prefecture);
  return [...m.entries()].sort((a, b) => a[0].localeCompare(b[0]));
}

function countyInfo(fc) {
  const m = {};
  for (const f of fc.features) if (f.properties.kind === 'county') m[f.properties.adcode] = f.properties;
  return m;
}

/** kpiCards shows a plan's key figures; with ref, each card shows the change from ref. */
function kpiCards(p, ref, name) {
  const k = p.kpi || {}, rk = ref ? ref.kpi || {} : null;
  const M = 1e6;
  const d = (get, digits, unit, lowerIsBetter = true) => (ref ? delta(get(ref), get(p), digits, unit, lowerIsBetter) : null);
  const sites = (pl) => (pl.sites || []).length;
  const open = k.sites_open || {};
  return h('div.kpis', { 'data-kpis': name },
    card('cost', t('kpi.cost'), p.cost / M, 2, t('unit.myuan'), t('kpi.split', num(k.fixed_cost / M, 1), num(k.handling_cost / M, 1), num(k.transport_cost / M, 1)), d((x) => x.cost / M, 2, '')),
    card('bound', t('kpi.bound'), p.lower_bound / M, 2, t('unit.myuan'), `${t('planner.gap')} ${num(p.gap_pct, 2)} %`),
    card('sites', t('kpi.sites'), sites(p), 0, '', TIERS.filter((x) => open[x]).map((x) => `${t('tier.' + x)} ${open[x]}`).join(' · '), d(sites, 0, '')),
    card('coverage', t('kpi.coverage'), k.coverage_pct, 1, '%', null, d((x) => x.kpi.coverage_pct, 1, ' %', false)),
    card('distance', t('kpi.distance'), `${num(k.mean_distance_km, 1)} / ${num(k.p95_distance_km, 1)}`, 1, t('unit.km'), null, d((x) => x.kpi.mean_distance_km, 2, ' km')),
    card('tonnes', t('kpi.tonnes'), k.tonnes, 0, t('unit.t'), null, d((x) => x.kpi.tonnes, 0, '', false)),
    card('tkm', t('kpi.tkm'), k.tonne_km / M, 2, 'M t·km', null, d((x) => x.kpi.tonne_km / M, 2, '')),
    card('co2', t('kpi.co2'), k.co2_t, 0, t('unit.t'), null, d((x) => x.kpi.co2_t, 0, '')));
}

/** drawPlanMap draws a plan on a new map in box; mark highlights opened/closed sites. */
function drawPlanMap(box, base, p, counties, mark, name) {
  const m = new MapView(box, { label: t('map') + ' ' + (name || '').toUpperCase(), origin: originOf(base), name });
  drawBase(m, base);
  const site = new Map(p.sites.map((s) => [s.id, s]));
  // coverage radii: the county's road radius over its circuity, on the ground
  for (const s of p.sites) {
    if (s.tier !== 'collection_point') continue;
    const c = counties[s.county];
    const km = c ? c.coverage_km / (c.circuity || 1.3) : 10 / 1.3;
    m.circleKm('coverage', [s.lon, s.lat], km, { class: 'coverage' });
  }
  for (const d of p.demand || []) {
    const s = site.get(d.assigned_to);
    if (s) m.line('links', [d.lon, d.lat], [s.lon, s.lat], { class: 'assign' + (d.covered ? '' : ' uncovered') });
  }
  for (const f of p.flows || []) {
    const a = site.get(f.from), b = site.get(f.to);
    if (a && b) m.line('routes', [a.lon, a.lat], [b.lon, b.lat], { class: 'flow' + (f.from_tier === 'collection_point' ? '' : ' upper') });
  }
  const maxT = {};
  for (const s of p.sites) maxT[s.tier] = Math.max(maxT[s.tier] || 0, s.throughput_t || 0);
  const order = [...p.sites].sort((a, b) => TIERS.indexOf(a.tier) - TIERS.indexOf(b.tier));
  for (const s of order) {
    const r = (TIER_R[s.tier] || 5) * (0.6 + 0.8 * Math.sqrt((s.throughput_t || 0) / (maxT[s.tier] || 1)));
    let cls = s.tier;
    if (mark && mark.opened && mark.opened.has(s.id)) cls += ' opened';
    if (mark && mark.closed && mark.closed.has(s.id)) cls += ' closed';
    const title = `${s.name || s.id} · ${t('tier.' + s.tier)}\n${t('planner.throughput')}: ${num(s.throughput_t, 1)} · ${t('planner.utilisation')}: ${num((s.utilisation || 0) * 100, 0)} %`;
    m.marker('markers', [s.lon, s.lat], TIER_SHAPE[s.tier], r, { class: 'mk ' + cls, 'data-site': s.id, 'data-tier': s.tier }, title);
  }
  if (mark && mark.closedSites) {
    for (const s of mark.closedSites) {
      m.marker('top', [s.lon, s.lat], TIER_SHAPE[s.tier], TIER_R[s.tier] || 5, { class: 'mk closed ' + s.tier, 'data-closed': s.id }, `${s.name || s.id} · ${t('legend.closed')}`);
    }
  }
  // the view: the base map (drawBase extended the bounds) and the demand;
  // dismantlers far outside stay reachable by panning
  m.extend((p.demand || []).map((d) => [d.lon, d.lat]));
  m.fit();
  m.apply();
  return m;
}

export function originOf(fc) {
  let x0 = 180, y0 = 90, x1 = -180, y1 = -90;
  for (const f of fc.features) {
    if (f.properties.kind !== 'township') continue;
    const [x, y] = f.geometry.coordinates;
    x0 = Math.min(x0, x); x1 = Math.max(x1, x); y0 = Math.min(y0, y); y1 = Math.max(y1, y);
  }
  return x0 > x1 ? [104, 30.5] : [(x0 + x1) / 2, (y0 + y1) / 2];
}

function applyLayers(m, layers) {
  m.show('coverage', layers.coverage);
  m.show('links', layers.assign);
  m.show('routes', layers.flows);
  m.show('townships', layers.townships);
}

function planLegend(compare) {
  const items = TIERS.map((x) => [tierSymbol(x), t('tier.' + x)]);
  items.push([h('span.swatch', { style: 'background:rgba(0,114,178,.12);border:1px dashed rgba(0,114,178,.6)' }), t('legend.coverage')]);
  items.push([lineSymbol('rgba(40,60,80,.5)'), t('legend.assign')]);
  items.push([lineSymbol('rgba(213,94,0,.7)'), t('legend.flow')]);
  if (compare) {
    items.push([tierSymbol('collection_point', 'opened'), t('legend.opened')]);
    items.push([tierSymbol('collection_point', 'closed'), t('legend.closed')]);
  }
  items.push(['', t('legend.size')]);
  return legend(items);
}

function sitesTable(p, counties) {
  const rows = [...p.sites].filter((s) => s.tier !== 'collection_point' || p.sites.length <= 300)
    .sort((a, b) => TIERS.indexOf(a.tier) - TIERS.indexOf(b.tier) || b.throughput_t - a.throughput_t);
  return h('section.panel', { 'aria-labelledby': 'sites-h' }, h('h2#sites-h', { text: `${t('planner.sites')} (${p.sites.length})` }),
    rows.length < p.sites.length ? h('p.hint', { text: t('planner.sites.upper') }) : null,
    table([
      { key: 'name', label: t('planner.site'), fmt: (s) => s.name || s.id },
      { key: 'tier', label: t('planner.tier'), fmt: (s) => t('tier.' + s.tier) },
      { key: 'county', label: t('planner.county'), fmt: (s) => (counties[s.county] || {}).name || s.county },
      { key: 'throughput_t', label: t('planner.throughput'), num: true, fmt: (s) => num(s.throughput_t, 1) },
      { key: 'utilisation', label: t('planner.utilisation'), num: true, fmt: (s) => num((s.utilisation || 0) * 100, 0) + ' %' },
    ], rows, { name: 'sites', scroll: true, rowAttrs: (s) => ({ 'data-site': s.id }) }));
}

/**
 * watch polls a run and shows its status, progress, best cost, bound and
 * gap until it ends, with a chart of the best cost and the bound as the
 * search improves them.
 */
function watch(run, box, signal, onEnd) {
  const t0 = Date.now();
  const bar = h('div', { style: 'width:0%' });
  const facts = h('dl.facts');
  const chart = h('figure.chart.converge', { 'data-chart': 'converge', hidden: true });
  const hist = [];
  clear(box).append(h('h3', { text: t('planner.progress') + ' · ' + run.id }), h('div.progress', { role: 'progressbar', 'aria-valuemin': 0, 'aria-valuemax': 100, 'aria-valuenow': 0, 'aria-label': t('planner.progress') }, bar), facts, chart);
  box.dataset.run = run.id;
  const show = (r) => {
    const pct = Math.round((r.progress || 0) * 100);
    bar.style.width = pct + '%';
    bar.parentElement.setAttribute('aria-valuenow', String(pct));
    const started = r.started_at ? new Date(r.started_at).getTime() : t0;
    const end = r.finished_at ? new Date(r.finished_at).getTime() : Date.now();
    const gap = typeof r.gap_pct === 'number' ? r.gap_pct : (r.best_cost && r.bound ? ((r.best_cost - r.bound) / r.best_cost) * 100 : null);
    if (r.best_cost && r.bound) {
      const last = hist[hist.length - 1];
      if (!last || last.best !== r.best_cost || last.bound !== r.bound) hist.push({ best: r.best_cost, bound: r.bound });
      drawConverge(chart, hist);
    }
    clear(facts).append(...[
      h('dt', { text: t('planner.status') }), h('dd', null, badge(r.status, t('status.' + r.status))),
      h('dt', { text: t('planner.progress') }), h('dd', { 'data-fact': 'progress', text: pct + ' %' }),
      h('dt', { text: t('planner.best') }), h('dd', { 'data-fact': 'best', text: r.best_cost ? num(r.best_cost / 1e6, 3) + ' ' + t('unit.myuan') : '–' }),
      h('dt', { text: t('planner.bound') }), h('dd', { 'data-fact': 'bound', text: r.bound ? num(r.bound / 1e6, 3) + ' ' + t('unit.myuan') : '–' }),
      h('dt', { text: t('planner.gap') }), h('dd', { 'data-fact': 'gap', text: gap === null ? '–' : num(gap, 2) + ' %' }),
      h('dt', { text: t('planner.elapsed') }), h('dd', { text: elapsed((end - started) / 1000) }),
      r.error ? h('dd.error-text', { text: r.error }) : null].filter(Boolean));
    box.dataset.status = r.status;
  };
  show(run);
  (async () => {
    let r = run;
    while (!signal.aborted && (r.status === 'queued' || r.status === 'running')) {
      await new Promise((res) => setTimeout(res, 500));
      if (signal.aborted) return;
      try { r = await api('/v1/runs/' + encodeURIComponent(run.id), { signal }); } catch (e) {
        if (e.name === 'AbortError') return;
        if (!(e instanceof ApiError) || e.status >= 500) continue;
        throw e;
      }
      show(r);
    }
    if (!signal.aborted) onEnd(r);
  })();
}

/**
 * drawConverge draws the best cost (falling) and the bound (rising) of a
 * running design, one step per change seen, in million yuan.
 */
function drawConverge(fig, hist) {
  const W = 300, H = 90, L = 44, R = 6, T = 6, B = 16;
  const lo = Math.min(...hist.map((p) => p.bound)), hi = Math.max(...hist.map((p) => p.best));
  const span = Math.max(hi - lo, 1e-9 * Math.max(1, hi));
  const x = (i) => L + (i / Math.max(1, hist.length - 1)) * (W - L - R);
  const y = (v) => T + (1 - (v - lo) / span) * (H - T - B);
  const pts = (key) => (hist.length === 1 ? [[L, y(hist[0][key])], [W - R, y(hist[0][key])]] : hist.map((p, i) => [x(i), y(p[key])]));
  const line = (key) => pts(key).map(([a, b], i) => (i ? 'L' : 'M') + a.toFixed(1) + ' ' + b.toFixed(1)).join(' ');
  const s = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': t('planner.converge') });
  s.append(
    svg('text', { x: L - 4, y: T + 8, 'text-anchor': 'end', text: num(hi / 1e6, 2) }),
    svg('text', { x: L - 4, y: H - B, 'text-anchor': 'end', text: num(lo / 1e6, 2) }),
    svg('line', { x1: L, y1: H - B, x2: W - R, y2: H - B, class: 'axis' }),
    svg('path', { d: line('best'), class: 'best', 'data-series': 'best' }),
    svg('path', { d: line('bound'), class: 'bound', 'data-series': 'bound' }),
    svg('text', { x: L, y: H - 3, text: t('planner.best'), class: 'best' }),
    svg('text', { x: W - R, y: H - 3, 'text-anchor': 'end', text: t('planner.bound'), class: 'bound' }));
  clear(fig).append(h('h3', { text: t('planner.converge') + ' (' + t('unit.myuan') + ')' }), s);
  fig.hidden = false;
  fig.dataset.points = String(hist.length);
}
