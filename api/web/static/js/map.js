// MapView: an SVG map drawn from GeoJSON, no tiles. World layers (county
// boundaries, coverage circles, lines, routes) live in kilometres of a local
// equirectangular projection inside one transformed group, with
// non-scaling strokes; markers and labels live in screen space, so they
// keep their size at any zoom. Pan with the pointer (mouse, pen, touch and
// two-finger pinch), zoom with the wheel, the buttons or the keyboard.

import { h, svg, clear } from './dom.js';
import { t } from './i18n.js';

const KM_LAT = 110.574;
const KM_LON = 111.320;
const WORLD_LAYERS = ['base', 'townships', 'coverage', 'links', 'routes', 'highlight'];
const OVERLAY_LAYERS = ['labels', 'markers', 'top'];

export class MapView {
  /**
   * parent: element to fill; opt.label: accessible name; opt.origin:
   * [lon, lat] of the projection (the base map's centre).
   */
  constructor(parent, opt = {}) {
    this.origin = opt.origin || [104, 30.5];
    this.cos = Math.cos(this.origin[1] * Math.PI / 180);
    this.k = 1; this.tx = 0; this.ty = 0;
    this.markers = new Map(); // layer → [{g, x, y}]
    this.labels = [];         // {el, x, y, w, h, prio}
    this.listeners = [];
    this.clickers = [];
    this.bounds = null;
    this.minK = 0.01; this.maxK = 400;

    const helpId = 'maphelp' + Math.random().toString(36).slice(2, 8);
    this.svg = svg('svg', { class: 'map-svg', 'aria-hidden': 'true' });
    this.bg = svg('rect', { class: 'map-bg', x: 0, y: 0, width: '100%', height: '100%' });
    this.world = svg('g', { class: 'world' });
    this.overlay = svg('g', { class: 'overlay' });
    this.svg.append(this.bg, this.world, this.overlay);
    this.layers = {};
    for (const n of WORLD_LAYERS) this.world.append(this.layers[n] = svg('g', { 'data-layer': n }));
    for (const n of OVERLAY_LAYERS) this.overlay.append(this.layers[n] = svg('g', { 'data-layer': n }));

    const btn = (txt, label, fn) => h('button.map-btn', { type: 'button', title: label, 'aria-label': label, text: txt, on: { click: fn } });
    this.static = !!opt.static;
    if (this.static) {
      // a picture (route sheets): no controls; freeze() scales it with its box
      this.frame = h('div.map-frame.static', { role: 'img', 'aria-label': opt.label || t('map') }, this.svg);
      this.el = h('div.map', { 'data-map': opt.name || '' }, this.frame);
    } else {
      this.frame = h('div.map-frame', { tabindex: 0, role: 'application', 'aria-label': opt.label || t('map'), 'aria-describedby': helpId }, this.svg);
      this.el = h('div.map', { 'data-map': opt.name || '' },
        this.frame,
        h('div.map-controls', null,
          btn('+', t('map.zoomin'), () => this.zoomBy(1.6)),
          btn('−', t('map.zoomout'), () => this.zoomBy(1 / 1.6)),
          btn('⤢', t('map.fit'), () => this.fit())),
        h('p.map-help', { id: helpId, text: t('map.help') }));
    }
    parent.append(this.el);
    if (!this.static) this.bindInput();
    this.resizeObs = new ResizeObserver(() => this.resized());
    this.resizeObs.observe(this.frame);
    this.size = [this.frame.clientWidth || 600, this.frame.clientHeight || 400];
  }

  /** project returns the world position (km) of [lon, lat]. */
  project(p) {
    return [(p[0] - this.origin[0]) * this.cos * KM_LON, (this.origin[1] - p[1]) * KM_LAT];
  }

  /** unproject returns [lon, lat] of a screen position. */
  unproject(sx, sy) {
    const x = (sx - this.tx) / this.k, y = (sy - this.ty) / this.k;
    return [this.origin[0] + x / (this.cos * KM_LON), this.origin[1] - y / KM_LAT];
  }

  screen(p) {
    const [x, y] = this.project(p);
    return [x * this.k + this.tx, y * this.k + this.ty];
  }

  /** clear empties the named layers (all when none are named). */
  clear(...names) {
    for (const n of names.length ? names : Object.keys(this.layers)) {
      clear(this.layers[n]);
      this.markers.delete(n);
      if (n === 'labels') this.labels = [];
    }
  }

  /** show hides or shows a layer. */
  show(name, on) { this.layers[name].style.display = on ? '' : 'none'; }

  ringD(ring) {
    let d = '';
    for (let i = 0; i < ring.length; i++) {
      const [x, y] = this.project(ring[i]);
      d += (i ? 'L' : 'M') + x.toFixed(2) + ',' + y.toFixed(2);
    }
    return d;
  }

  /** geometryD returns the path data of a GeoJSON geometry. */
  geometryD(g) {
    switch (g.type) {
      case 'Polygon': return g.coordinates.map((r) => this.ringD(r) + 'Z').join('');
      case 'MultiPolygon': return g.coordinates.map((p) => p.map((r) => this.ringD(r) + 'Z').join('')).join('');
      case 'LineString': return this.ringD(g.coordinates);
      case 'MultiLineString': return g.coordinates.map((r) => this.ringD(r)).join('');
      default: return '';
    }
  }

  /** path adds a path of GeoJSON geometry g (or of points [[lon,lat]…]) to layer. */
  path(layer, g, attrs = {}, title) {
    const d = Array.isArray(g) ? this.ringD(g) : this.geometryD(g);
    const el = svg('path', { d, ...attrs });
    if (title) el.append(svg('title', { text: title }));
    this.layers[layer].append(el);
    return el;
  }

  /** dots adds many points as one path of round dots (constant size on screen). */
  dots(layer, points, attrs = {}) {
    let d = '';
    for (const p of points) {
      const [x, y] = this.project(p);
      d += 'M' + x.toFixed(2) + ',' + y.toFixed(2) + 'h0';
    }
    const el = svg('path', { d, class: 'dots', ...attrs });
    this.layers[layer].append(el);
    return el;
  }

  /** circleKm adds a circle of radius km (on the ground) around p. */
  circleKm(layer, p, km, attrs = {}) {
    const [x, y] = this.project(p);
    const el = svg('circle', { cx: x.toFixed(2), cy: y.toFixed(2), r: km.toFixed(3), ...attrs });
    this.layers[layer].append(el);
    return el;
  }

  /** line adds a straight line from a to b. */
  line(layer, a, b, attrs = {}) {
    const [x1, y1] = this.project(a), [x2, y2] = this.project(b);
    const el = svg('line', { x1: x1.toFixed(2), y1: y1.toFixed(2), x2: x2.toFixed(2), y2: y2.toFixed(2), ...attrs });
    this.layers[layer].append(el);
    return el;
  }

  /**
   * marker adds a symbol of shape (circle, square, triangle, diamond,
   * pentagon, pin) and radius r px at p, in screen space. Returns its <g>.
   */
  marker(layer, p, shape, r, attrs = {}, title, text) {
    const [x, y] = this.project(p);
    const g = svg('g', { class: 'mk', ...attrs });
    g.append(shapeEl(shape, r));
    if (text !== undefined) g.append(svg('text', { class: 'mk-text', y: 0.5, 'dominant-baseline': 'middle', 'text-anchor': 'middle', text }));
    if (title) g.append(svg('title', { text: title }));
    this.layers[layer].append(g);
    if (!this.markers.has(layer)) this.markers.set(layer, []);
    const m = { g, x, y };
    this.markers.get(layer).push(m);
    this.place(m);
    return g;
  }

  /** label adds a text label at p; labels that would overlap a more important one are hidden. */
  label(p, text, prio = 0, cls = '') {
    const [x, y] = this.project(p);
    const el = svg('text', { class: 'map-label ' + cls, 'text-anchor': 'middle', 'dominant-baseline': 'middle', text });
    this.layers.labels.append(el);
    const w = [...text].reduce((s, c) => s + (c.charCodeAt(0) > 255 ? 12 : 7), 0) + 4;
    this.labels.push({ el, x, y, w, h: 15, prio });
    this.labels.sort((a, b) => b.prio - a.prio);
    this.scheduleLabels();
    return el;
  }

  place(m) {
    m.g.setAttribute('transform', 'translate(' + (m.x * this.k + this.tx).toFixed(1) + ',' + (m.y * this.k + this.ty).toFixed(1) + ')');
  }

  /** extend adds points to the bounds that fit() shows. */
  extend(points) {
    for (const p of points) {
      const [x, y] = this.project(p);
      if (!this.bounds) this.bounds = [x, y, x, y];
      const b = this.bounds;
      b[0] = Math.min(b[0], x); b[1] = Math.min(b[1], y); b[2] = Math.max(b[2], x); b[3] = Math.max(b[3], y);
    }
  }

  resetBounds() { this.bounds = null; }

  /** fit shows the bounds (or the given [lon,lat] points) with a margin. */
  fit(points) {
    let b = this.bounds;
    if (points && points.length) {
      const keep = this.bounds;
      this.bounds = null;
      this.extend(points);
      b = this.bounds;
      this.bounds = keep;
    }
    if (!b) return;
    const [w, hh] = this.size;
    const bw = Math.max(b[2] - b[0], 1), bh = Math.max(b[3] - b[1], 1);
    const k = Math.min((w - 40) / bw, (hh - 40) / bh);
    this.setView(k, w / 2 - (b[0] + bw / 2) * k, hh / 2 - (b[1] + bh / 2) * k);
  }

  /** setView sets the zoom k and translation; listeners hear of it. */
  setView(k, tx, ty, quiet) {
    this.k = Math.min(this.maxK, Math.max(this.minK, k));
    this.tx = tx; this.ty = ty;
    this.schedule();
    if (!quiet) for (const fn of this.listeners) fn(this);
  }

  /** onView calls fn after each change of the view (to keep two maps in step). */
  onView(fn) { this.listeners.push(fn); }

  /** onClick calls fn([lon, lat]) for a click that was not a drag. */
  onClick(fn) { this.clickers.push(fn); }

  zoomBy(f, cx, cy) {
    const [w, hh] = this.size;
    if (cx === undefined) { cx = w / 2; cy = hh / 2; }
    const k = Math.min(this.maxK, Math.max(this.minK, this.k * f));
    const r = k / this.k;
    this.setView(k, cx - (cx - this.tx) * r, cy - (cy - this.ty) * r);
  }

  panBy(dx, dy) { this.setView(this.k, this.tx + dx, this.ty + dy); }

  schedule() {
    if (this.raf) return;
    this.raf = requestAnimationFrame(() => { this.raf = 0; this.apply(); });
  }

  /** apply draws the current view now (tests and printing call it). */
  apply() {
    this.world.setAttribute('transform', 'translate(' + this.tx.toFixed(2) + ',' + this.ty.toFixed(2) + ') scale(' + this.k.toPrecision(6) + ')');
    for (const list of this.markers.values()) for (const m of list) this.place(m);
    this.layoutLabels();
    this.svg.dataset.zoom = this.k.toPrecision(4);
  }

  scheduleLabels() {
    if (this.labelRaf) return;
    this.labelRaf = requestAnimationFrame(() => { this.labelRaf = 0; this.layoutLabels(); });
  }

  layoutLabels() {
    const placed = [];
    const [w, hh] = this.size;
    for (const l of this.labels) {
      const sx = l.x * this.k + this.tx, sy = l.y * this.k + this.ty;
      const box = [sx - l.w / 2, sy - l.h / 2, sx + l.w / 2, sy + l.h / 2];
      const inside = box[2] > 0 && box[0] < w && box[3] > 0 && box[1] < hh;
      const free = inside && !placed.some((o) => box[0] < o[2] && box[2] > o[0] && box[1] < o[3] && box[3] > o[1]);
      if (free) placed.push(box);
      l.el.style.display = free ? '' : 'none';
      if (free) { l.el.setAttribute('x', sx.toFixed(1)); l.el.setAttribute('y', sy.toFixed(1)); }
    }
  }

  /** freeze draws the current view now and makes the picture scale with its box (printing). */
  freeze() {
    const [w, hh] = this.size;
    this.apply();
    this.svg.setAttribute('viewBox', `0 0 ${w} ${hh}`);
    this.svg.setAttribute('preserveAspectRatio', 'xMidYMid meet');
    this.frozen = true;
  }

  resized() {
    if (this.frozen) return;
    const w = this.frame.clientWidth, hh = this.frame.clientHeight;
    if (!w || !hh) return;
    const [ow, oh] = this.size;
    this.size = [w, hh];
    if (!this.fitted && this.bounds) { this.fitted = true; this.fit(); return; }
    this.setView(this.k, this.tx + (w - ow) / 2, this.ty + (hh - oh) / 2, true);
  }

  bindInput() {
    const f = this.frame;
    const pts = new Map();
    let moved = 0, pinch = null;
    const local = (e) => { const r = f.getBoundingClientRect(); return [e.clientX - r.left, e.clientY - r.top]; };
    f.addEventListener('pointerdown', (e) => {
      if (e.button !== 0 && e.pointerType === 'mouse') return;
      f.setPointerCapture(e.pointerId);
      pts.set(e.pointerId, local(e));
      moved = 0;
      if (pts.size === 2) {
        const [a, b] = [...pts.values()];
        pinch = { d: Math.hypot(a[0] - b[0], a[1] - b[1]), k: this.k };
      }
    });
    f.addEventListener('pointermove', (e) => {
      const last = pts.get(e.pointerId);
      if (!last) return;
      const cur = local(e);
      if (pts.size === 1) {
        const dx = cur[0] - last[0], dy = cur[1] - last[1];
        moved += Math.abs(dx) + Math.abs(dy);
        this.panBy(dx, dy);
      } else if (pts.size === 2 && pinch) {
        pts.set(e.pointerId, cur);
        const [a, b] = [...pts.values()];
        const d = Math.hypot(a[0] - b[0], a[1] - b[1]);
        moved += 10;
        this.zoomBy(pinch.k * d / pinch.d / this.k, (a[0] + b[0]) / 2, (a[1] + b[1]) / 2);
      }
      pts.set(e.pointerId, cur);
    });
    const up = (e) => {
      if (!pts.has(e.pointerId)) return;
      pts.delete(e.pointerId);
      if (pts.size < 2) pinch = null;
      if (e.type === 'pointerup' && moved < 4 && pts.size === 0) {
        const ll = this.unproject(...local(e));
        for (const fn of this.clickers) fn(ll, e);
      }
    };
    f.addEventListener('pointerup', up);
    f.addEventListener('pointercancel', up);
    f.addEventListener('wheel', (e) => {
      e.preventDefault();
      const dy = e.deltaMode === 1 ? e.deltaY * 16 : e.deltaY;
      this.zoomBy(Math.exp(-dy * 0.0015), ...local(e));
    }, { passive: false });
    f.addEventListener('dblclick', (e) => this.zoomBy(2, ...local(e)));
    f.addEventListener('keydown', (e) => {
      const step = 60;
      const keys = {
        ArrowLeft: () => this.panBy(step, 0), ArrowRight: () => this.panBy(-step, 0),
        ArrowUp: () => this.panBy(0, step), ArrowDown: () => this.panBy(0, -step),
        '+': () => this.zoomBy(1.6), '=': () => this.zoomBy(1.6), '-': () => this.zoomBy(1 / 1.6),
        '0': () => this.fit(),
      };
      const fn = keys[e.key];
      if (fn) { e.preventDefault(); fn(); }
    });
  }

  destroy() { this.resizeObs.disconnect(); this.el.remove(); }
}

/** shapeEl returns the SVG element of a marker shape of radius r around 0,0. */
export function shapeEl(shape, r) {
  const p = (pts) => svg('path', { class: 'mk-shape', d: 'M' + pts.map((q) => q[0].toFixed(1) + ',' + q[1].toFixed(1)).join('L') + 'Z' });
  switch (shape) {
    case 'square': return svg('rect', { class: 'mk-shape', x: -r * 0.9, y: -r * 0.9, width: r * 1.8, height: r * 1.8 });
    case 'triangle': return p([[0, -r * 1.2], [r * 1.1, r * 0.8], [-r * 1.1, r * 0.8]]);
    case 'diamond': return p([[0, -r * 1.25], [r * 1.1, 0], [0, r * 1.25], [-r * 1.1, 0]]);
    case 'pentagon': return p([0, 1, 2, 3, 4].map((i) => [r * 1.1 * Math.sin(i * 2 * Math.PI / 5), -r * 1.1 * Math.cos(i * 2 * Math.PI / 5)]));
    case 'cross': return svg('path', { class: 'mk-shape mk-cross', d: `M${-r},${-r}L${r},${r}M${r},${-r}L${-r},${r}` });
    default: return svg('circle', { class: 'mk-shape', r });
  }
}

/** legendSymbol returns a small standalone SVG of a marker (for legends). */
export function legendSymbol(shape, cls, r = 6) {
  const s = svg('svg', { class: 'legend-sym', width: 2 * r + 8, height: 2 * r + 8, viewBox: `${-r - 4} ${-r - 4} ${2 * r + 8} ${2 * r + 8}`, 'aria-hidden': 'true' });
  s.append(svg('g', { class: 'mk ' + cls }, shapeEl(shape, r)));
  return s;
}

/** BaseMap fetches and caches the base map of a region. */
const baseCache = new Map();
export async function loadBase(api, region, filter = '') {
  const url = '/v1/regions/' + encodeURIComponent(region) + '/basemap.geojson' + (filter ? '?' + filter : '');
  if (!baseCache.has(url)) baseCache.set(url, api(url).catch((e) => { baseCache.delete(url); throw e; }));
  return baseCache.get(url);
}

/** drawBase draws the counties, prefecture names and townships of fc. */
export function drawBase(map, fc, opt = {}) {
  map.clear('base', 'townships', 'labels');
  const towns = [];
  const counties = [];
  for (const f of fc.features) {
    const p = f.properties || {};
    if (p.kind === 'county') {
      counties.push(f);
      map.path('base', f.geometry, { class: 'county', 'data-adcode': p.adcode }, p.name + ' ' + (p.pinyin || ''));
    } else if (p.kind === 'township') {
      towns.push(f.geometry.coordinates);
    }
  }
  if (towns.length) map.dots('townships', towns, { class: 'dots township' });
  for (const f of counties) {
    const p = f.properties;
    const c = p.label_point || centroid(f.geometry);
    if (c) map.label(c, opt.pinyin ? (p.pinyin || p.name) : p.name, Math.log10(1 + (p.area_km2 || 1)), 'county-label');
    if (opt.fit !== false) map.extend(outer(f.geometry));
  }
}

function outer(g) {
  if (g.type === 'Polygon') return g.coordinates[0];
  if (g.type === 'MultiPolygon') return g.coordinates.flatMap((p) => p[0]);
  return [];
}

/** centroid returns the area centroid of the largest ring of a polygon geometry. */
export function centroid(g) {
  const rings = g.type === 'Polygon' ? [g.coordinates[0]] : g.type === 'MultiPolygon' ? g.coordinates.map((p) => p[0]) : [];
  let best = null, bestA = 0;
  for (const r of rings) {
    let a = 0, cx = 0, cy = 0;
    for (let i = 0, j = r.length - 1; i < r.length; j = i++) {
      const f = r[j][0] * r[i][1] - r[i][0] * r[j][1];
      a += f; cx += (r[j][0] + r[i][0]) * f; cy += (r[j][1] + r[i][1]) * f;
    }
    if (Math.abs(a) > bestA) { bestA = Math.abs(a); best = [cx / (3 * a), cy / (3 * a)]; }
  }
  return best;
}

/** PALETTE are distinct colours for trucks (colour-blind aware first eight). */
export const PALETTE = ['#0072b2', '#d55e00', '#009e73', '#cc79a7', '#e69f00', '#56b4e9', '#7a5c00', '#000000',
  '#8e44ad', '#16a085', '#c0392b', '#2c3e50', '#d35400', '#27ae60', '#2980b9', '#7f8c8d'];
