// Small SVG bar charts for the reports: one indicator, one bar per label.

import { svg, h } from './dom.js';
import { num } from './i18n.js';

/**
 * barChart draws values [{label, value, target}] as horizontal bars;
 * target (optional) draws an outlined bar behind. digits formats values.
 */
export function barChart(title, values, digits = 0, unit = '', key = '', note = '') {
  const rowH = 20, left = 120, right = 64, width = 420;
  const shown = values.filter((v) => v.value !== null && v.value !== undefined);
  const max = Math.max(1e-9, ...shown.map((v) => Math.max(v.value || 0, v.target || 0)));
  const height = Math.max(1, values.length) * rowH + 8;
  const s = svg('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': title });
  values.forEach((v, i) => {
    const y = 4 + i * rowH;
    const w = (width - left - right) * ((v.value || 0) / max);
    s.append(svg('text', { x: left - 6, y: y + rowH / 2 + 1, 'text-anchor': 'end', 'dominant-baseline': 'middle', text: v.label }));
    if (v.target) s.append(svg('rect', { class: 'bar target', x: left, y: y + 3, width: (width - left - right) * (v.target / max), height: rowH - 6 }));
    s.append(svg('rect', { class: 'bar', x: left, y: y + 3, width: Math.max(0, w), height: rowH - 6, 'data-value': v.value === null || v.value === undefined ? '' : v.value }));
    s.append(svg('text', { x: left + Math.max(0, w) + 4, y: y + rowH / 2 + 1, 'dominant-baseline': 'middle', text: v.value === null || v.value === undefined ? '–' : num(v.value, digits) + unit }));
  });
  const outlined = values.some((v) => v.target);
  return h('figure.chart', { 'data-chart': key }, h('h3', { text: title }), s, outlined && note ? h('figcaption', { text: note }) : null);
}
