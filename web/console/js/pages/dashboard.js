// /dashboard: the analytics (docs/api.md §9) as charts drawn here in SVG — appointments by status over time, revenue,
// busiest hours and weekdays — and the export downloads (docs/api.md §8). Both sections lock when the plan lacks them.
import { ApiError, get } from '../api.js';
import { announce, field, fill, h, message, pageHeading } from '../dom.js';
import { addDays, compactMoney, dayLabel, mondayOf, money, number, percent, today } from '../format.js';
import { barChart, stackedBarChart } from '../charts.js';
import { download } from '../download.js';
import { lockedButton, lockedSection } from '../plan.js';

const STATUSES = [
  ['COMPLETED', 'Completed'], ['CONFIRMED', 'Confirmed'], ['PENDING', 'Pending'], ['NO_SHOW', 'No-show'], ['CANCELLED', 'Cancelled'],
];

const RANGES = {
  weeks: { label: 'Last 12 weeks, by week', group: 'week', start: () => addDays(mondayOf(today()), -77), end: () => addDays(mondayOf(today()), 6) },
  days: { label: 'Last 30 days, by day', group: 'day', start: () => addDays(today(), -29), end: () => today() },
  months: { label: 'Last 12 months, by month', group: 'month', start: () => `${addDays(today(), -334).slice(0, 7)}-01`, end: () => today() },
};

export async function renderDashboard(root) {
  const params = new URLSearchParams(window.location.search);
  const rangeKey = RANGES[params.get('range')] ? params.get('range') : 'weeks';
  const analytics = lockedSection('can_access_analytics', {
    title: 'Analytics',
    content: () => h('div', { id: 'analytics' }, h('p', { class: 'loading' }, 'Loading analytics…')),
    preview: analyticsPreview,
  });
  const exports = h('section', { class: 'card', id: 'exports', 'aria-labelledby': 'exports-heading' },
    h('h2', { id: 'exports-heading' }, 'Export data'), exportForm());
  fill(root, pageHeading('Dashboard'), analytics, exports);
  const box = root.querySelector('#analytics');
  if (box) await drawAnalytics(box, rangeKey);
}

async function drawAnalytics(box, rangeKey) {
  const range = RANGES[rangeKey];
  const query = { start_date: range.start(), end_date: range.end(), group_by: range.group };
  let dashboard; let series; let revenue;
  try {
    [dashboard, series, revenue] = await Promise.all([
      get('/api/analytics/dashboard/'), get('/api/analytics/appointments/', query), get('/api/analytics/revenue/', query),
    ]);
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) throw error;
    const who = error instanceof ApiError && error.code === 'permission_denied' ? ' Analytics are for owners and managers.' : '';
    fill(box, message('error', error.message, who));
    return;
  }
  const currency = revenue.by_service?.[0]?.currency || dashboard.top_services?.by_revenue?.[0]?.currency || '';
  const cash = (cents) => money(cents, currency);
  const short = shortPeriod(range.group);
  const rangeSelect = h('select', { name: 'range' }, Object.entries(RANGES).map(([key, r]) => h('option', { value: key, selected: key === rangeKey }, r.label)));
  rangeSelect.addEventListener('change', () => {
    window.history.replaceState(null, '', `/dashboard?range=${rangeSelect.value}`);
    fill(box, h('p', { class: 'loading' }, 'Loading analytics…'));
    drawAnalytics(box, rangeSelect.value).then(() => announce('Charts updated.'));
  });
  const labels = series.periods.map((p) => p.period);
  const a = dashboard.appointments;
  const hours = dashboard.busiest.hours;
  const weekdays = dashboard.busiest.weekdays;
  fill(box,
    h('section', { class: 'card', 'aria-labelledby': 'kpi-heading' },
      h('h2', { id: 'kpi-heading' }, 'At a glance'),
      h('dl', { class: 'kpis' },
        kpi('Appointments', number(a.total)),
        kpi('This month', number(a.this_month)),
        kpi('Upcoming', number(a.upcoming)),
        kpi('Completion rate', percent(dashboard.rates.completion_rate)),
        kpi('No-show rate', percent(dashboard.rates.no_show_rate)),
        kpi('Revenue this month', cash(dashboard.revenue.this_month_cents)),
        kpi('Revenue last month', cash(dashboard.revenue.last_month_cents)),
        kpi('Utilisation (30 days)', percent(dashboard.resource_utilisation.utilisation)))),
    h('div', { class: 'toolbar' }, field('Period', rangeSelect),
      h('p', { class: 'hint' }, `${series.start_date} to ${series.end_date}, ${series.timezone}`)),
    h('div', { class: 'charts' },
      stackedBarChart({
        kind: 'appointments', title: 'Appointments by status',
        description: `Stacked bars of appointments per ${range.group} by status; ${series.totals.total} in all.`,
        labels,
        series: STATUSES.map(([key, label]) => ({ label, className: `status-${key.toLowerCase()}`, values: series.periods.map((p) => p.by_status[key] || 0) })),
        format: (n) => number(Math.round(n)), short,
      }),
      barChart({
        kind: 'revenue', title: 'Revenue (completed appointments)',
        description: `Bars of revenue per ${range.group}; ${cash(revenue.total_revenue_cents)} in all from ${revenue.total_completed} completed appointments.`,
        labels: revenue.periods.map((p) => p.period), values: revenue.periods.map((p) => p.revenue_cents),
        format: (n) => cash(n), axisFormat: (n) => compactMoney(n, currency), short, className: 'bar-revenue', valueLabel: 'Revenue',
      }),
      barChart({
        kind: 'hours', title: 'Busiest hours',
        description: 'Bars of non-cancelled appointments by the local hour they start, all time.',
        labels: hours.map((x) => String(x.hour).padStart(2, '0')), values: hours.map((x) => x.count),
        format: (n) => number(Math.round(n)), className: 'bar-hours', valueLabel: 'Appointments',
      }),
      barChart({
        kind: 'weekdays', title: 'Busiest weekdays',
        description: 'Bars of non-cancelled appointments by local weekday, all time.',
        labels: weekdays.map((x) => x.weekday[0].toUpperCase() + x.weekday.slice(1, 3)), values: weekdays.map((x) => x.count),
        format: (n) => number(Math.round(n)), className: 'bar-weekdays', valueLabel: 'Appointments',
      })),
    h('section', { class: 'card', 'aria-labelledby': 'services-heading' },
      h('h2', { id: 'services-heading' }, 'Revenue by service in this period'),
      revenue.by_service.length
        ? h('div', { class: 'table-wrap' }, h('table', {},
          h('thead', {}, h('tr', {}, ['Service', 'Completed', 'Revenue'].map((t) => h('th', { scope: 'col' }, t)))),
          h('tbody', {}, revenue.by_service.map((row) => h('tr', {},
            h('th', { scope: 'row' }, row.service_name), h('td', {}, number(row.count)), h('td', {}, money(row.revenue_cents, row.currency)))))))
        : h('p', { class: 'empty' }, 'No completed appointments in this period.')));
}

/** An axis label for a period: "7 Sep" for a day or week, "Sep" for a month (the table keeps the full one). */
function shortPeriod(group) {
  return (label) => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(label)) return label;
    return dayLabel(label, group === 'month' ? { month: 'short' } : { day: 'numeric', month: 'short' });
  };
}

function kpi(label, value) {
  return h('div', { class: 'kpi' }, h('dt', {}, label), h('dd', {}, value));
}

function exportForm() {
  const kind = h('select', { name: 'kind' },
    ['appointments', 'customers', 'resources', 'services'].map((k) => h('option', { value: k }, k[0].toUpperCase() + k.slice(1))));
  const format = h('select', { name: 'format' }, h('option', { value: 'csv' }, 'CSV (spreadsheets)'), h('option', { value: 'json' }, 'JSON'));
  const start = h('input', { type: 'date', name: 'start_date' });
  const end = h('input', { type: 'date', name: 'end_date' });
  const dates = h('div', { class: 'grid-fields' }, field('Appointments from (optional)', start), field('to (optional)', end));
  kind.addEventListener('change', () => { dates.hidden = kind.value !== 'appointments'; });
  const status = h('div', { class: 'form-status', 'aria-live': 'polite' });
  const { button, prompt } = lockedButton('can_export_data', 'Download', { class: 'button-primary', id: 'export-download' });
  button.type = 'submit';
  const form = h('form', { class: 'export-form' },
    h('div', { class: 'grid-fields' }, field('What', kind), field('Format', format)), dates, button, prompt, status);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (button.disabled) return;
    button.disabled = true;
    fill(status, message('info', 'Preparing the download…'));
    try {
      const query = { format: format.value };
      if (kind.value === 'appointments') Object.assign(query, { start_date: start.value, end_date: end.value });
      const file = await download(`/api/export/${kind.value}/`, query, `${kind.value}.${format.value}`);
      fill(status, message('success', `Downloaded ${file.name} (${number(file.size)} bytes).`));
      status.dataset.downloaded = file.name;
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) return;
      fill(status, message('error', error.message));
    } finally {
      button.disabled = false;
    }
  });
  return form;
}

function analyticsPreview() {
  // A placeholder drawing (no numbers: the plan does not allow reading them).
  const heights = [40, 65, 52, 80, 70, 95, 60, 75];
  const bars = heights.map((height, i) => h('span', { class: 'preview-bar', dataset: { i: String(i) } }));
  bars.forEach((bar, i) => { bar.style.height = `${heights[i]}%`; });
  return h('div', { class: 'card' }, h('h2', {}, 'Appointments by status'), h('div', { class: 'preview-chart' }, bars));
}
