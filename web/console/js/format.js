// Dates, times and money as a person reads them, in the tenant's time zone (the API's instants are UTC).

let zone = 'UTC';
export function setTimeZone(tz) {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    zone = tz;
  } catch {
    zone = 'UTC';
  }
}
export function timeZone() { return zone; }

const cache = new Map();
function formatter(options) {
  const key = zone + JSON.stringify(options);
  if (!cache.has(key)) cache.set(key, new Intl.DateTimeFormat(undefined, { timeZone: zone, ...options }));
  return cache.get(key);
}

/** YYYY-MM-DD of an instant in the tenant's zone. */
export function localDate(instant) {
  const d = instant instanceof Date ? instant : new Date(instant);
  const key = `${zone}|iso`;
  if (!cache.has(key)) {
    cache.set(key, new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }));
  }
  const parts = Object.fromEntries(cache.get(key).formatToParts(d).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/** Today's date in the tenant's zone. */
export function today() { return localDate(new Date()); }

/** A YYYY-MM-DD date plus n days (calendar arithmetic, no time zone involved). */
export function addDays(date, n) {
  const [y, m, d] = date.split('-').map(Number);
  const t = new Date(Date.UTC(y, m - 1, d + n));
  return t.toISOString().slice(0, 10);
}

/** 0 = Monday … 6 = Sunday, as docs/api.md §13 counts weekdays. */
export function weekday(date) {
  const [y, m, d] = date.split('-').map(Number);
  return (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7;
}

/** The Monday on or before a date. */
export function mondayOf(date) { return addDays(date, -weekday(date)); }

/** "Mon 2 Dec" for a YYYY-MM-DD date. */
export function dayLabel(date, options = { weekday: 'short', day: 'numeric', month: 'short' }) {
  const [y, m, d] = date.split('-').map(Number);
  return new Intl.DateTimeFormat(undefined, { timeZone: 'UTC', ...options }).format(new Date(Date.UTC(y, m - 1, d, 12)));
}

/** "10:30" in the tenant's zone. */
export function time(instant) {
  return formatter({ hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(instant));
}

/** "2 Dec 2025, 10:30" in the tenant's zone. */
export function dateTime(instant) {
  if (!instant) return '—';
  return formatter({ dateStyle: 'medium', timeStyle: 'short' }).format(new Date(instant));
}

/** "2 Dec 2025, 10:30 – 11:00" (the date once when both ends share it). */
export function dateTimeRange(start, end) {
  const f = formatter({ dateStyle: 'medium', timeStyle: 'short' });
  try {
    return f.formatRange(new Date(start), new Date(end));
  } catch {
    return `${dateTime(start)} – ${dateTime(end)}`;
  }
}

/** Integer cents and a currency code → "€12.50" (falls back to "12.50 XYZ" for codes Intl does not know). */
export function money(cents, currency) {
  const amount = (Number(cents) || 0) / 100;
  if (currency) {
    try {
      return new Intl.NumberFormat(undefined, { style: 'currency', currency }).format(amount);
    } catch { /* an unknown code: below */ }
  }
  return `${amount.toFixed(2)}${currency ? ` ${currency}` : ''}`;
}

/** Money for an axis: "$10K". */
export function compactMoney(cents, currency) {
  const amount = (Number(cents) || 0) / 100;
  try {
    return new Intl.NumberFormat(undefined, currency ? { style: 'currency', currency, notation: 'compact' } : { notation: 'compact' }).format(amount);
  } catch {
    return new Intl.NumberFormat(undefined, { notation: 'compact' }).format(amount);
  }
}

export function percent(rate) {
  if (rate === null || rate === undefined) return '—';
  return new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 1 }).format(rate);
}

export function number(n) { return new Intl.NumberFormat().format(Number(n) || 0); }
