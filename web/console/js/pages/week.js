// /week: one resource's week — its appointments, the busy events imported from calendars, and the free slots of
// GET /api/resources/<id>/availability/ (docs/api.md §13) when the server has that endpoint; a free slot can be booked.
import { ApiError, get, getAll, post } from '../api.js';
import { announce, dialog, field, fill, h, message, pageHeading } from '../dom.js';
import { addDays, dayLabel, localDate, mondayOf, money, time, timeZone, today } from '../format.js';

const STATUS_WORDS = { PENDING: 'Pending', CONFIRMED: 'Confirmed', COMPLETED: 'Completed', CANCELLED: 'Cancelled', NO_SHOW: 'No-show' };

export async function renderWeek(root, ctx) {
  const params = new URLSearchParams(window.location.search);
  const [resources, services] = await Promise.all([getAll('/api/resources/', {}, 400), getAll('/api/services/', {}, 400)]);
  if (resources.length === 0) {
    fill(root, pageHeading('Week'), h('p', { class: 'empty' }, 'There are no resources yet: create one through the API (POST /api/resources/) and come back.'));
    return;
  }
  const resourceId = Number(params.get('resource')) || resources.find((r) => r.is_active !== false)?.id || resources[0].id;
  const weekStart = mondayOf(/^\d{4}-\d{2}-\d{2}$/.test(params.get('week') || '') ? params.get('week') : today());
  const activeServices = services.filter((s) => s.is_active !== false);
  const serviceId = Number(params.get('service')) || activeServices[0]?.id || null;
  const state = { resourceId, weekStart, serviceId, resources, services };

  const go = (changes) => {
    const next = new URLSearchParams({ resource: state.resourceId, week: state.weekStart, ...(state.serviceId ? { service: state.serviceId } : {}), ...changes });
    ctx.navigate(`/week?${next}`);
  };
  const resourceSelect = h('select', { name: 'resource' }, resources.map((r) => h('option', { value: String(r.id), selected: r.id === resourceId }, r.name, r.is_active === false ? ' (inactive)' : '')));
  resourceSelect.addEventListener('change', () => go({ resource: resourceSelect.value }));
  const serviceSelect = h('select', { name: 'service' }, activeServices.map((s) => h('option', { value: String(s.id), selected: s.id === serviceId }, `${s.name} (${s.duration_minutes} min)`)));
  serviceSelect.addEventListener('change', () => go({ service: serviceSelect.value }));
  const nav = (label, week, text) => {
    const button = h('button', { type: 'button', 'aria-label': label }, text);
    button.addEventListener('click', () => go({ week }));
    return button;
  };
  const weekEnd = addDays(weekStart, 6);
  const board = h('div', { class: 'week-board' }, h('p', { class: 'loading' }, 'Loading the week…'));
  const slotsNote = h('div', { class: 'slots-note' });
  fill(root,
    pageHeading('Week'),
    h('div', { class: 'toolbar' },
      field('Resource', resourceSelect),
      activeServices.length ? field('Service (for free slots)', serviceSelect) : null,
      h('div', { class: 'week-nav', role: 'group', 'aria-label': 'Week' },
        nav('Previous week', addDays(weekStart, -7), '‹ Previous'),
        nav('This week', mondayOf(today()), 'This week'),
        nav('Next week', addDays(weekStart, 7), 'Next ›'))),
    h('p', { class: 'lead', id: 'week-range' }, `${dayLabel(weekStart, { day: 'numeric', month: 'long', year: 'numeric' })} – ${dayLabel(weekEnd, { day: 'numeric', month: 'long', year: 'numeric' })}, times in ${timeZone()}`),
    slotsNote,
    legend(),
    board);
  await drawWeek(board, slotsNote, state, () => ctx.navigate(window.location.pathname + window.location.search, { replace: true }));
}

function legend() {
  return h('ul', { class: 'legend', 'aria-label': 'Legend' },
    h('li', {}, h('span', { class: 'swatch item-appointment' }), 'Appointment'),
    h('li', {}, h('span', { class: 'swatch item-busy' }), 'Busy (calendar)'),
    h('li', {}, h('span', { class: 'swatch item-slot' }), 'Free slot'));
}

async function drawWeek(board, slotsNote, state, reload) {
  const { resourceId, weekStart, serviceId, services } = state;
  const days = Array.from({ length: 7 }, (_, i) => addDays(weekStart, i));
  const serviceNames = new Map(services.map((s) => [s.id, s]));
  // Appointments: an instant window a day wider on each side, then bucketed by local date (tenant zone).
  const [appointments, events, customers, availability] = await Promise.all([
    getAll('/api/appointments/', { resource_id: resourceId, start: `${addDays(weekStart, -1)}T00:00:00Z`, end: `${addDays(weekStart, 8)}T00:00:00Z` }, 2000),
    getAll('/api/events/', { start: weekStart, end: addDays(weekStart, 7) }, 2000),
    getAll('/api/customers/', {}, 1000).catch(() => []),
    loadAvailability(resourceId, serviceId, weekStart),
  ]);
  const customerNames = new Map(customers.map((c) => [c.id, c.name]));
  const byDay = new Map(days.map((d) => [d, []]));
  const put = (instant, item) => byDay.get(localDate(instant))?.push({ at: instant, node: item });

  for (const a of appointments) {
    const service = serviceNames.get(a.service_id);
    put(a.start_time, h('li', { class: ['item', 'item-appointment', `status-${a.status.toLowerCase()}`], dataset: { appointmentId: String(a.id) } },
      h('span', { class: 'item-time' }, `${time(a.start_time)}–${time(a.end_time)}`),
      h('span', { class: 'item-title' }, service ? service.name : 'Appointment', customerNames.has(a.customer_id) ? ` · ${customerNames.get(a.customer_id)}` : ''),
      h('span', { class: 'item-meta' }, STATUS_WORDS[a.status] || a.status, a.price_cents ? ` · ${money(a.price_cents, service?.currency)}` : '')));
  }
  for (const e of events) {
    if (e.resource_id && e.resource_id !== resourceId) continue;
    if (e.status === 'cancelled') continue;
    const blocks = e.resource_id === resourceId && e.is_busy;
    put(e.start_time, h('li', { class: ['item', e.is_busy ? 'item-busy' : 'item-free-event'], dataset: { eventId: String(e.id) } },
      h('span', { class: 'item-time' }, e.is_all_day ? 'All day' : `${time(e.start_time)}–${time(e.end_time)}`),
      h('span', { class: 'item-title' }, e.title || '(no title)'),
      h('span', { class: 'item-meta' }, e.is_busy ? 'Busy' : 'Free', ` · ${e.source}`, blocks ? ' · blocks this resource' : ' · not enforced')));
  }

  if (availability.ok) {
    const service = serviceNames.get(serviceId);
    fill(slotsNote, h('p', { class: 'hint', id: 'slots-available', dataset: { slots: String(availability.slots.length) } },
      `${availability.slots.length} free ${service ? service.name : ''} slots this week. Choose one to book it.`));
    for (const slot of availability.slots) {
      // Tabbing from slot to slot, a screen reader hears the whole slot ("Book Haircut, Wed, Dec 2, 10:00–11:00"),
      // not just "10:00": the day heading is not part of the button's name.
      const name = `Book ${service ? service.name : 'this slot'}, ${dayLabel(localDate(slot.start))}, ${time(slot.start)}–${time(slot.end)}`;
      const button = h('button', { type: 'button', class: 'slot-button', 'aria-label': name, dataset: { slotStart: slot.start } },
        time(slot.start), h('span', { class: 'item-meta' }, ' free'));
      button.addEventListener('click', () => book(slot, state, customers, reload));
      put(slot.start, h('li', { class: ['item', 'item-slot'] }, button));
    }
  } else {
    fill(slotsNote, message('info', h('span', { id: 'slots-unavailable' }, 'Availability not available: '), availability.reason));
  }

  fill(board, days.map((day) => {
    const items = byDay.get(day).sort((x, y) => Date.parse(x.at) - Date.parse(y.at));
    const isToday = day === today();
    const headingId = `day-${day}`;
    return h('section', { class: ['day', isToday ? 'day-today' : null], 'aria-labelledby': headingId, dataset: { date: day } },
      h('h2', { id: headingId }, dayLabel(day), isToday ? h('span', { class: 'today-tag' }, ' today') : null),
      items.length ? h('ul', { class: 'items' }, items.map((x) => x.node)) : h('p', { class: 'empty' }, 'Nothing'));
  }));
}

/** The free slots (§13) or why there are none to show: only a 200 counts, nothing is invented. */
async function loadAvailability(resourceId, serviceId, weekStart) {
  if (!serviceId) return { ok: false, reason: 'there is no active service to book.' };
  try {
    const answer = await get(`/api/resources/${resourceId}/availability/`, {
      start_date: weekStart, end_date: addDays(weekStart, 6), service_id: serviceId, timezone: timeZone(),
    });
    if (!answer || !Array.isArray(answer.slots)) return { ok: false, reason: 'the server answered without slots.' };
    return { ok: true, slots: answer.slots };
  } catch (error) {
    if (error instanceof ApiError && (error.status === 404 || error.status === 405)) {
      return { ok: false, reason: 'this server does not offer free slots yet (GET /api/resources/<id>/availability/ is not there). Appointments and busy time are shown.' };
    }
    if (error instanceof ApiError && error.status === 401) throw error;
    return { ok: false, reason: error.message };
  }
}

async function book(slot, state, customers, reload) {
  const service = state.services.find((s) => s.id === state.serviceId);
  const resource = state.resources.find((r) => r.id === state.resourceId);
  // A customer is asked for when there are some; the API allows none (§5), so a tenant with no customers yet
  // still books its free slots (the dialog says the booking will have no customer).
  const customerSelect = customers.length === 0 ? null : h('select', { name: 'customer_id', required: true },
    h('option', { value: '' }, 'Choose a customer'),
    customers.map((c) => h('option', { value: String(c.id) }, c.name, c.email ? ` <${c.email}>` : '')));
  const notes = h('input', { type: 'text', name: 'notes', maxlength: '500' });
  const booked = await dialog({
    title: 'Book this slot',
    content: [
      h('p', {}, `${service ? service.name : 'Service'} with ${resource ? resource.name : 'the resource'}, ${dayLabel(localDate(slot.start))} ${time(slot.start)}–${time(slot.end)}.`),
      customerSelect ? field('Customer', customerSelect)
        : h('p', { class: 'hint' }, 'There are no customers yet, so this booking will have none (add customers through POST /api/customers/).'),
      field('Notes (optional)', notes),
    ],
    confirmLabel: 'Book',
    onConfirm: async () => {
      if (customerSelect && !customerSelect.value) throw new Error('Choose a customer.');
      try {
        await post('/api/appointments/', {
          resource_id: state.resourceId, service_id: state.serviceId, ...(customerSelect ? { customer_id: Number(customerSelect.value) } : {}),
          start_time: slot.start, status: 'CONFIRMED', ...(notes.value.trim() ? { notes: notes.value.trim() } : {}),
        });
      } catch (error) {
        if (error instanceof ApiError && error.status === 409) throw new Error(`${error.message} Someone may have just taken it: the week is redrawn after you close this.`);
        throw error;
      }
    },
  });
  if (booked) {
    announce('Booked.');
    document.dispatchEvent(new Event('plan:changed'));
  }
  reload();
}
