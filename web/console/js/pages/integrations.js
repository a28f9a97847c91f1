// /settings/integrations: connect Google or Microsoft (docs/api.md §6), the connected calendars with their health,
// sync now with the job's progress, disconnect (docs/api.md §7), and the busy time they imported.
import { ApiError, del, get, getAll, post } from '../api.js';
import { announce, dialog, field, fill, h, message, pageHeading, uid } from '../dom.js';
import { addDays, dateTime, dateTimeRange, today } from '../format.js';
import { lockedButton, lockedSection, upgradePrompt, usePlanFeatures } from '../plan.js';

const FEATURE = 'can_use_calendar_sync';
const PROVIDERS = [
  { key: 'google', name: 'Google Calendar' },
  { key: 'microsoft', name: 'Microsoft Outlook' },
];

/** The OAuth round trip's outcome (`?connected=` / `?error=` from the callback), in words. */
const ERROR_WORDS = {
  access_denied: 'You did not grant access at the provider, so nothing was connected.',
  invalid_state: 'The connection request had expired or was already used. Start again with Connect.',
  token_exchange_failed: 'The provider did not accept the sign-in code. Try connecting again.',
  insufficient_scope: 'Calendar access was not granted. Connect again and allow access to your calendar.',
  userinfo_failed: 'The provider did not say which account was connected. Try connecting again.',
  invalid_request: 'The answer from the provider was incomplete. Try connecting again.',
  server_error: 'Something went wrong on our side while connecting. Try again in a moment.',
  temporarily_unavailable: 'The provider is temporarily unavailable. Try again in a moment.',
};

export function outcomeMessage(params) {
  const connected = params.get('connected');
  const error = params.get('error');
  if (connected) {
    const provider = PROVIDERS.find((p) => p.key === connected);
    return message('success', `${provider ? provider.name : connected} is connected. Choose a calendar below and sync it.`);
  }
  if (error) {
    const words = ERROR_WORDS[error] || `The provider reported a problem (${error}). Try connecting again.`;
    return message('error', 'The calendar was not connected. ', words);
  }
  return null;
}

const HEALTH = {
  healthy: ['Healthy', 'ok'],
  polling: ['Syncing by polling', 'ok'],
  degraded: ['Degraded', 'warn'],
  needs_reauth: ['Needs reconnecting', 'bad'],
};

/** The calendar's health: §14's `health` when the API gives it, else what is_valid / is_expired say. */
function health(calendar) {
  if (calendar.health && HEALTH[calendar.health]) return HEALTH[calendar.health];
  if (!calendar.is_valid) return HEALTH.needs_reauth;
  if (calendar.is_expired) return ['Healthy (access token renews at the next sync)', 'ok'];
  return HEALTH.healthy;
}

export async function renderIntegrations(root, ctx) {
  const params = new URLSearchParams(window.location.search);
  const outcome = outcomeMessage(params);
  // Drop the outcome from the address: a reload or a bookmark must not announce it again.
  if (params.has('connected') || params.has('error')) window.history.replaceState(null, '', '/settings/integrations');
  const { canUse } = usePlanFeatures();
  const status = await get('/api/calendar/status/');
  const head = [
    pageHeading('Integrations'),
    outcome,
    h('p', { class: 'lead' }, 'Connect a Google or Microsoft calendar: its busy time shows in the week view and, when synced for a resource, blocks bookings of that resource.'),
  ];
  if (!canUse(FEATURE)) {
    fill(root, ...head,
      upgradePrompt(FEATURE, 'banner', { text: status.message || undefined }),
      connectCard(ctx),
      lockedSection(FEATURE, { title: 'Connected calendars', preview: calendarsPreview }));
    if (outcome) announce(outcome.textContent);
    return;
  }
  const calendarsBox = h('div', { class: 'calendars' }, h('p', { class: 'loading' }, 'Loading calendars…'));
  const eventsBox = h('div', {}, h('p', { class: 'loading' }, 'Loading events…'));
  fill(root, ...head,
    connectCard(ctx, status),
    h('section', { class: 'card', 'aria-labelledby': 'calendars-heading' },
      h('h2', { id: 'calendars-heading' }, 'Connected calendars'),
      calendarsBox),
    h('section', { class: 'card', 'aria-labelledby': 'events-heading', id: 'imported-events' },
      h('h2', { id: 'events-heading' }, 'Imported busy time'),
      eventsBox));
  if (outcome) announce(outcome.textContent);
  const resources = await getAll('/api/resources/', {}, 400).catch(() => []);
  const refreshEvents = () => loadEvents(eventsBox, resources);
  await Promise.all([loadCalendars(calendarsBox, { resources, refreshEvents, ctx }), refreshEvents()]);
}

function connectCard(ctx, status) {
  const box = h('div', { class: 'form-status' });
  const buttons = PROVIDERS.map((provider) => {
    const { button, prompt } = lockedButton(FEATURE, `Connect ${provider.name}`, { class: 'button-primary', dataset: { provider: provider.key } });
    if (!prompt) button.addEventListener('click', () => connect(provider, button, box));
    return h('div', { class: 'connect' }, button, prompt);
  });
  return h('section', { class: 'card', 'aria-labelledby': 'connect-heading' },
    h('h2', { id: 'connect-heading' }, 'Connect a calendar'),
    status && status.can_use_calendar_sync
      ? h('p', { class: 'hint', dataset: { totalConnected: String(status.total_connected) } },
        `${status.total_connected} connected. You will be sent to the provider to allow read access, then back here.`)
      : null,
    h('div', { class: 'connect-buttons' }, buttons),
    box);
}

async function connect(provider, button, box) {
  button.disabled = true;
  fill(box, message('info', `Opening ${provider.name}…`));
  try {
    const answer = await post(`/api/oauth/${provider.key}/initiate/`, { purpose: 'calendar' });
    const url = new URL(answer.authorization_url);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('The authorization address is not a web address.');
    window.location.assign(url.href);
  } catch (error) {
    fill(box, message('error', error.message));
    button.disabled = false;
  }
}

async function loadCalendars(box, shared) {
  let calendars;
  try {
    calendars = (await get('/api/calendar/list/')).calendars;
  } catch (error) {
    fill(box, message('error', error instanceof ApiError && error.status === 403 ? `${error.message} Owners and managers manage calendars.` : error.message));
    return;
  }
  if (calendars.length === 0) {
    fill(box, h('p', { class: 'empty' }, 'No calendar is connected yet. Use Connect above.'));
    return;
  }
  fill(box, h('ul', { class: 'calendar-list' }, calendars.map((c) => calendarItem(c, box, shared))));
}

function calendarItem(calendar, listBox, shared) {
  const [healthText, healthLevel] = health(calendar);
  const item = h('li', { class: 'calendar', dataset: { credentialId: String(calendar.id) } });
  const headingId = uid('calendar');
  const details = h('dl', { class: 'facts' },
    h('dt', {}, 'Health'), h('dd', {}, h('span', { class: ['badge', `badge-${healthLevel}`], dataset: { health: calendar.health || '' } }, healthText)),
    h('dt', {}, 'Connected'), h('dd', {}, dateTime(calendar.created_at)),
    h('dt', {}, 'Last used'), h('dd', {}, dateTime(calendar.last_used_at)),
    calendar.last_synced_at ? [h('dt', {}, 'Last synced'), h('dd', {}, dateTime(calendar.last_synced_at))] : null,
    calendar.last_error ? [h('dt', {}, 'Last error'), h('dd', {}, calendar.last_error)] : null);
  const disconnect = h('button', { type: 'button', class: 'button-danger-quiet' }, 'Disconnect…');
  disconnect.addEventListener('click', () => confirmDisconnect(calendar, listBox, shared));
  fill(item,
    h('h3', { id: headingId }, `${calendar.provider} · `, h('span', { class: 'email' }, calendar.email)),
    details,
    calendar.is_valid ? syncForm(calendar, shared) : message('warning', 'This connection is no longer valid: disconnect it and connect again.'),
    h('div', { class: 'row-actions' }, disconnect));
  return item;
}

function syncForm(calendar, shared) {
  const calendarSelect = h('select', { name: 'calendar_id' }, h('option', { value: 'primary' }, 'Primary calendar'));
  get(`/api/calendar/${calendar.id}/calendars/`).then((answer) => {
    if (!answer.calendars?.length) return;
    const chosen = calendarSelect.value;
    fill(calendarSelect, answer.calendars.map((c) => h('option', { value: c.id, selected: c.primary || c.id === chosen }, c.name || c.id, c.primary ? ' (primary)' : '')));
  }).catch(() => { /* the provider did not list them: "primary" still works */ });
  const start = h('input', { type: 'date', name: 'start_date', value: today(), required: true });
  const end = h('input', { type: 'date', name: 'end_date', value: addDays(today(), 30), required: true });
  const resource = h('select', { name: 'resource_id' },
    h('option', { value: '' }, 'No resource (show only, blocks nothing)'),
    shared.resources.map((r) => h('option', { value: String(r.id) }, r.name)));
  const button = h('button', { type: 'submit', class: 'button-primary' }, 'Sync now');
  const progress = h('div', { class: 'sync-progress', 'aria-live': 'polite' });
  const form = h('form', { class: 'sync-form' },
    h('div', { class: 'grid-fields' },
      field('Calendar', calendarSelect),
      field('From', start),
      field('To', end),
      field('Block this resource', resource, 'Its busy events will make overlapping bookings of the resource a conflict.')),
    button, progress);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    button.disabled = true;
    try {
      const body = { credential_id: calendar.id, calendar_id: calendarSelect.value, start_date: start.value, end_date: end.value };
      if (resource.value) body.resource_id = Number(resource.value);
      const answer = await post('/api/calendar/sync/', body);
      await followJob(answer.job_id, progress, answer.message);
      await shared.refreshEvents();
    } catch (error) {
      fill(progress, message('error', error.message, ...(error.fieldMessages || []).map((line) => h('span', { class: 'block' }, line))));
    } finally {
      button.disabled = false;
    }
  });
  return form;
}

const JOB_WORDS = { queued: 'Waiting for the worker…', running: 'Importing events…', succeeded: 'Done.', failed: 'The sync failed.' };

/** Polls GET /api/calendar/sync/<job>/ until the job ends, drawing its state and counts. */
async function followJob(jobId, box, startMessage) {
  const bar = h('progress', { max: '1', 'aria-label': 'Sync progress' });
  const text = h('p', { class: 'job-state' });
  fill(box, h('p', {}, startMessage), bar, text);
  const deadline = Date.now() + 5 * 60 * 1000;
  for (;;) {
    const job = await get(`/api/calendar/sync/${jobId}/`);
    box.dataset.jobStatus = job.status;
    const counts = `${job.created ?? 0} created, ${job.updated ?? 0} updated, ${job.deleted ?? 0} deleted`;
    if (job.status === 'succeeded') {
      bar.value = 1;
      fill(text, message('success', `${JOB_WORDS.succeeded} ${counts}.`));
      announce(`Sync finished: ${counts}.`);
      return;
    }
    if (job.status === 'failed') {
      bar.value = 0;
      fill(text, message('error', JOB_WORDS.failed, ' ', job.error || ''));
      announce('The sync failed.');
      return;
    }
    fill(text, `${JOB_WORDS[job.status] || job.status} ${job.status === 'running' ? counts : ''}`);
    if (Date.now() > deadline) {
      fill(text, message('warning', 'The sync is still running: come back later, its events will appear below.'));
      return;
    }
    await new Promise((resolve) => { window.setTimeout(resolve, 700); });
  }
}

async function confirmDisconnect(calendar, listBox, shared) {
  const checkbox = h('input', { type: 'checkbox', name: 'delete_events' });
  const checkboxId = uid('delete-events');
  checkbox.id = checkboxId;
  const done = await dialog({
    title: `Disconnect ${calendar.email}?`,
    content: [
      h('p', {}, `The ${calendar.provider} connection is revoked and its stored tokens deleted.`),
      h('div', { class: 'check' }, checkbox, h('label', { for: checkboxId }, 'Also delete the events imported from this calendar')),
      h('p', { class: 'hint' }, 'Without it, the imported events stay as they are (and keep blocking their resource).'),
    ],
    confirmLabel: 'Disconnect',
    danger: true,
    onConfirm: async () => {
      const answer = await del(`/api/calendar/${calendar.id}/`, checkbox.checked ? { delete_events: 'true' } : {});
      announce(`${answer.message}. ${answer.events_deleted} imported events deleted.`);
    },
  });
  if (!done) return;
  await Promise.all([loadCalendars(listBox, shared), shared.refreshEvents()]);
  listBox.prepend(message('success', `${calendar.email} is disconnected.`));
}

async function loadEvents(box, resources) {
  const names = new Map(resources.map((r) => [r.id, r.name]));
  let answer;
  try {
    answer = await get('/api/events/', { start: today(), page_size: 25 });
  } catch (error) {
    fill(box, message('error', error.message));
    return;
  }
  if (answer.count === 0) {
    fill(box, h('p', { class: 'empty' }, 'No busy time from today on. Sync a calendar to import its events.'));
    return;
  }
  const rows = answer.results.map((e) => h('tr', { dataset: { eventId: String(e.id) } },
    h('td', {}, dateTimeRange(e.start_time, e.end_time)),
    h('td', {}, e.title || '(no title)'),
    h('td', {}, e.source),
    h('td', {}, e.is_busy ? 'Busy' : 'Free'),
    h('td', {}, e.resource_id ? names.get(e.resource_id) || `#${e.resource_id}` : '—')));
  fill(box,
    h('p', { class: 'hint' }, `${answer.count} events from today on${answer.count > answer.results.length ? `; the first ${answer.results.length}` : ''}. `,
      h('a', { href: '/week', 'data-link': true }, 'See them in the week view.')),
    h('div', { class: 'table-wrap' },
      h('table', { class: 'events-table' },
        h('caption', { class: 'visually-hidden' }, 'Imported busy time'),
        h('thead', {}, h('tr', {}, ['When', 'Title', 'Source', 'Shows as', 'Blocks resource'].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, rows))));
}

function calendarsPreview() {
  return h('ul', { class: 'calendar-list' },
    h('li', { class: 'calendar' }, h('h3', {}, 'Google · you@example.com'), h('p', {}, 'Healthy · synced a minute ago')),
    h('li', { class: 'calendar' }, h('h3', {}, 'Microsoft · you@example.com'), h('p', {}, 'Healthy · synced an hour ago')));
}
