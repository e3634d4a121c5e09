// Shared pieces of the views: KPI cards, tables, badges, legends.

import { h } from './dom.js';
import { t, num } from './i18n.js';
import { legendSymbol } from './map.js';

/**
 * card is one KPI card: key names it (data-kpi), value is shown with
 * digits, raw is the exact figure (data-value) for tests and copying.
 */
export function card(key, label, value, digits, unit, sub, delta) {
  const el = h('div.kpi', { 'data-kpi': key, 'data-value': value === null || value === undefined ? '' : String(value) },
    h('div.k-label', { text: label }),
    h('div.k-value', null, typeof value === 'string' ? value : num(value, digits), unit ? h('span.k-unit', { text: unit }) : null),
    sub ? h('div.k-sub', { text: sub }) : null,
    delta || null);
  return el;
}

/** delta shows the change b − a; lowerIsBetter colours a fall green. */
export function delta(a, b, digits, unit = '', lowerIsBetter = true) {
  if (a === null || a === undefined || b === null || b === undefined) return null;
  const d = b - a;
  const pct = a ? (d / Math.abs(a)) * 100 : 0;
  const cls = 'k-delta ' + (d > 0 ? 'up' : d < 0 ? 'down' : '') + (lowerIsBetter ? '' : ' good-up');
  const sign = d > 0 ? '+' : d < 0 ? '−' : '±';
  return h('div', { class: cls, 'data-delta': String(d) }, `${t('planner.delta')} ${sign}${num(Math.abs(d), digits)}${unit}` + (a ? ` (${sign}${num(Math.abs(pct), 1)} %)` : ''));
}

/**
 * table builds a table: cols [{key, label, num, fmt}], rows objects;
 * opt.caption, opt.total (a row shown last, bold), opt.rowAttrs(row).
 */
export function table(cols, rows, opt = {}) {
  const tr = (r, cls) => h('tr', { class: cls, ...(opt.rowAttrs ? opt.rowAttrs(r) : {}) },
    cols.map((c) => {
      const v = c.fmt ? c.fmt(r) : r[c.key];
      return h(c.num ? 'td.num' : 'td', { 'data-col': c.key }, v instanceof Node ? v : (v === null || v === undefined ? '–' : String(v)));
    }));
  return h(opt.scroll ? 'div.table-wrap.scroll' : 'div.table-wrap', opt.scroll ? { tabindex: 0, role: 'region', 'aria-label': opt.caption || opt.name } : null, h('table', { 'data-table': opt.name || '' },
    opt.caption ? h('caption.sr-only', { text: opt.caption }) : null,
    h('thead', null, h('tr', null, cols.map((c) => h(c.num ? 'th.num' : 'th', { scope: 'col', text: c.label })))),
    h('tbody', null, rows.map((r) => tr(r)), opt.total ? tr(opt.total, 'total') : null)));
}

/** badge is a small status label. */
export function badge(status, label) {
  return h('span.badge', { class: 'badge ' + status, 'data-status': status, text: label || status });
}

/** TIER_SHAPE maps a site tier to its marker shape. */
export const TIER_SHAPE = { collection_point: 'circle', transfer_station: 'square', sorting_centre: 'triangle', dismantler: 'diamond', warehouse: 'pentagon' };

/** legend builds the legend of a list of [symbol, label]. */
export function legend(items) {
  return h('div.legend', { role: 'list', 'aria-label': t('legend') },
    items.map(([sym, label]) => h('span', { role: 'listitem' }, sym, label)));
}

export function tierSymbol(tier, extra = '') {
  return legendSymbol(TIER_SHAPE[tier] || 'circle', tier + ' ' + extra);
}

export function lineSymbol(color, dash) {
  return h('span.legend-line', { style: `border-top-color:${color};${dash ? 'border-top-style:dashed' : ''}` });
}

/** elapsed formats seconds as m:ss. */
export function elapsed(s) {
  if (s === null || s === undefined) return '–';
  s = Math.max(0, Math.round(s));
  return Math.floor(s / 60) + ':' + String(s % 60).padStart(2, '0');
}
