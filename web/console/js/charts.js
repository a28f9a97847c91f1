// Charts drawn by the page as inline SVG (no library): stacked bars and plain bars. Each chart is a <figure>
// with a caption, an SVG labelled for screen readers (role="img", <title>, <desc>), and the same numbers as a
// table under a disclosure, so nothing is only in the picture. Colours come from console.css classes.
import { h, s, uid } from './dom.js';

const WIDTH = 640;
const HEIGHT = 260;
const PAD = { top: 16, right: 12, bottom: 44, left: 56 };

/** A top for the axis whose four gridlines fall on round numbers: 220 → 240 (60 a line), 7 → 8, 0 → 4. */
function niceMax(value) {
  if (!(value > 0)) return 4;
  const quarter = value / 4;
  const power = 10 ** Math.floor(Math.log10(quarter));
  for (const step of [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) {
    if (step * power >= quarter) return Math.max(4, step * power * 4);
  }
  return 40 * power;
}

function frame({ title, description, kind }) {
  const titleId = uid('chart-title');
  const descId = uid('chart-desc');
  const svg = s('svg', {
    viewBox: `0 0 ${WIDTH} ${HEIGHT}`, class: ['chart', `chart-${kind}`], role: 'img',
    'aria-labelledby': `${titleId} ${descId}`, preserveAspectRatio: 'xMidYMid meet', focusable: 'false',
  }, s('title', { id: titleId }, title), s('desc', { id: descId }, description));
  return svg;
}

function axis(svg, top, format) {
  // Axis ticks use the short form when the chart has one (e.g. "$10K" for money).
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const group = s('g', { class: 'axis' });
  for (let i = 0; i <= 4; i += 1) {
    const value = (top / 4) * i;
    const y = PAD.top + plotH - (plotH * i) / 4;
    group.append(
      s('line', { x1: PAD.left, x2: WIDTH - PAD.right, y1: y, y2: y, class: i === 0 ? 'baseline' : 'gridline' }),
      s('text', { x: PAD.left - 6, y: y + 4, 'text-anchor': 'end', class: 'tick' }, format(value)));
  }
  svg.append(group);
}

function xLabels(svg, labels, slot) {
  const group = s('g', { class: 'x-labels' });
  const every = Math.max(1, Math.ceil(labels.length / 8));
  labels.forEach((label, i) => {
    if (i % every !== 0) return;
    const x = PAD.left + slot * i + slot / 2;
    group.append(s('text', { x, y: HEIGHT - PAD.bottom + 16, 'text-anchor': 'middle', class: 'tick' }, label));
  });
  svg.append(group);
}

function dataTable(caption, columns, rows) {
  return h('details', { class: 'chart-data' },
    h('summary', {}, 'Show the numbers'),
    h('div', { class: 'table-wrap' },
      h('table', {},
        h('caption', { class: 'visually-hidden' }, caption),
        h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, rows.map((row) => h('tr', {}, row.map((cell, i) => (i === 0 ? h('th', { scope: 'row' }, cell) : h('td', {}, cell)))))))));
}

function figure(kind, caption, svg, extra) {
  return h('figure', { class: 'chart-figure', dataset: { chart: kind } }, h('figcaption', {}, caption), svg, ...extra);
}

/**
 * Stacked bars: labels (x), series [{label, values, className}] stacked from the bottom.
 * format(n) writes an axis or data value.
 */
export function stackedBarChart({ kind, title, description, labels, series, format = String, axisFormat = format, short = (x) => x }) {
  const svg = frame({ title, description, kind });
  const totals = labels.map((_, i) => series.reduce((sum, ser) => sum + (ser.values[i] || 0), 0));
  const top = niceMax(Math.max(0, ...totals));
  axis(svg, top, axisFormat);
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const slot = plotW / Math.max(1, labels.length);
  const barW = Math.max(2, slot * 0.7);
  const bars = s('g', { class: 'bars' });
  labels.forEach((label, i) => {
    let base = 0;
    for (const ser of series) {
      const value = ser.values[i] || 0;
      if (value <= 0) continue;
      const height = (value / top) * plotH;
      const y = PAD.top + plotH - ((base + value) / top) * plotH;
      bars.append(s('rect', {
        x: PAD.left + slot * i + (slot - barW) / 2, y, width: barW, height: Math.max(0.5, height), class: ['bar', ser.className],
      }, s('title', {}, `${label}: ${ser.label} ${format(value)}`)));
      base += value;
    }
  });
  svg.append(bars);
  xLabels(svg, labels.map(short), slot);
  const legend = h('ul', { class: 'legend' }, series.map((ser) => h('li', {}, h('span', { class: ['swatch', ser.className] }), ser.label)));
  const table = dataTable(title, ['Period', ...series.map((ser) => ser.label), 'Total'],
    labels.map((label, i) => [label, ...series.map((ser) => format(ser.values[i] || 0)), format(totals[i])]));
  return figure(kind, title, svg, [legend, table]);
}

/** Plain bars: labels (x) and one value each. */
export function barChart({ kind, title, description, labels, values, format = String, axisFormat = format, short = (x) => x, className = 'bar-primary', valueLabel = 'Value' }) {
  const svg = frame({ title, description, kind });
  const top = niceMax(Math.max(0, ...values));
  axis(svg, top, axisFormat);
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const slot = plotW / Math.max(1, labels.length);
  const barW = Math.max(2, slot * 0.7);
  const bars = s('g', { class: 'bars' });
  labels.forEach((label, i) => {
    const value = values[i] || 0;
    const height = (value / top) * plotH;
    bars.append(s('rect', {
      x: PAD.left + slot * i + (slot - barW) / 2, y: PAD.top + plotH - height, width: barW, height: Math.max(value > 0 ? 0.5 : 0, height),
      class: ['bar', className],
    }, s('title', {}, `${label}: ${format(value)}`)));
  });
  svg.append(bars);
  xLabels(svg, labels.map(short), slot);
  const table = dataTable(title, ['', valueLabel], labels.map((label, i) => [label, format(values[i] || 0)]));
  return figure(kind, title, svg, [table]);
}
