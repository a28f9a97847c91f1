// The console's shell: the router (History API; nginx serves index.html on every console path), the header
// (who is signed in, sign out), the plan banner, and what a 401 does.
import { ApiError, get, post, setUnauthorizedHandler, token } from './api.js';
import { announce, fill, h, message, pageHeading } from './dom.js';
import { setTimeZone } from './format.js';
import { forgetPlan, loadPlan, upgradePrompt, usePlanFeatures } from './plan.js';
import { renderSignIn } from './pages/signin.js';
import { renderOverview } from './pages/overview.js';
import { renderIntegrations } from './pages/integrations.js';
import { renderWeek } from './pages/week.js';
import { renderDashboard } from './pages/dashboard.js';

const routes = {
  '/': { title: 'Plan and features', render: renderOverview },
  '/week': { title: 'Week', render: renderWeek },
  '/dashboard': { title: 'Dashboard', render: renderDashboard },
  '/settings/integrations': { title: 'Integrations', render: renderIntegrations },
};

const main = () => document.getElementById('main');
let me = null;
let renderCount = 0;

function currentPath() {
  const path = window.location.pathname.replace(/\/+$/, '');
  return path === '' ? '/' : path;
}

/** Goes to a console path (same origin only) and draws it. */
export function navigate(target, { replace = false } = {}) {
  const url = new URL(target, window.location.origin);
  if (url.origin !== window.location.origin) return;
  const next = url.pathname + url.search + url.hash;
  if (replace) window.history.replaceState(null, '', next);
  else window.history.pushState(null, '', next);
  render();
}

/** Where sign-in should return to: a path of this console, never another origin. */
function safeNext(value) {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/signin')) return '/';
  return value;
}

function goToSignIn() {
  me = null;
  forgetPlan();
  const here = window.location.pathname + window.location.search;
  const next = currentPath() === '/signin' ? safeNext(new URLSearchParams(window.location.search).get('next')) : here;
  window.history.replaceState(null, '', `/signin?next=${encodeURIComponent(safeNext(next))}`);
  render();
}

async function signOut() {
  try {
    await post('/api/auth/logout/', {}, { handle401: false });
  } catch { /* the token is forgotten here whatever the server said */ }
  token.forget();
  me = null;
  forgetPlan();
  window.history.replaceState(null, '', '/signin');
  render();
  announce('Signed out.');
}

function setHeader(signedIn) {
  document.getElementById('nav').hidden = !signedIn;
  document.getElementById('account').hidden = !signedIn;
  if (signedIn && me) {
    fill(document.getElementById('account-name'), `${me.name || me.email} · ${me.role}`);
  }
  const path = currentPath();
  for (const link of document.querySelectorAll('#nav a')) {
    if (new URL(link.href).pathname === path) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
}

function planBanner(path) {
  const banner = document.getElementById('plan-banner');
  // The page-wide banner: on the plan page, the features this console shows that the plan lacks.
  const { lockedFeatures } = usePlanFeatures();
  const locked = path === '/' ? lockedFeatures(['can_use_calendar_sync', 'can_access_analytics', 'can_export_data']) : [];
  if (locked.length === 0) { fill(banner); return; }
  fill(banner, upgradePrompt(locked[0], 'banner', {
    title: locked.length > 1 ? `${locked.length} features of this console are not in your plan` : undefined,
    text: `Your plan does not include ${locked.map((k) => usePlanFeatures().featureName(k)).join(', ')}. Upgrade your plan to use ${locked.length > 1 ? 'these features' : 'this feature'}.`,
  }));
}

async function render() {
  const mine = ++renderCount;
  const path = currentPath();
  const root = main();
  if (!token.get()) {
    if (path !== '/signin') { goToSignIn(); return; }
    setHeader(false);
    fill(document.getElementById('plan-banner'));
    document.title = 'Sign in · SmoothSchedule';
    renderSignIn(root, { onSignedIn: (user, next) => { me = user; navigate(safeNext(next), { replace: true }); } });
    firstRender = false; // the e-mail field has the focus, not the heading
    return;
  }
  if (path === '/signin') { navigate(safeNext(new URLSearchParams(window.location.search).get('next')), { replace: true }); return; }
  const route = routes[path];
  try {
    if (!me) me = await get('/api/auth/me/');
    const tenant = await loadPlan();
    setTimeZone(tenant.timezone);
  } catch (error) {
    if (mine !== renderCount) return;
    if (error instanceof ApiError && error.status === 401) return; // already on its way to sign-in
    setHeader(Boolean(me));
    fill(root, pageHeading('SmoothSchedule'), message('error', noTenantText(error)));
    focusHeading(root);
    return;
  }
  if (mine !== renderCount) return;
  setHeader(true);
  planBanner(path);
  if (!route) {
    document.title = 'Not found · SmoothSchedule';
    fill(root, pageHeading('Page not found'), h('p', {}, 'There is no console page here. ', h('a', { href: '/', 'data-link': true }, 'Go to your plan.')));
    focusHeading(root);
    return;
  }
  document.title = `${route.title} · ${usePlanFeatures().tenant.name} · SmoothSchedule`;
  fill(root, h('p', { class: 'loading' }, 'Loading…'));
  try {
    await route.render(root, { me, navigate, isCurrent: () => mine === renderCount });
  } catch (error) {
    if (mine !== renderCount) return;
    if (error instanceof ApiError && error.status === 401) return;
    fill(root, pageHeading(route.title), message('error', error.message));
  }
  if (mine === renderCount) focusHeading(root);
}

function noTenantText(error) {
  if (error instanceof ApiError && error.code === 'no_tenant_context') {
    return 'This address is the platform itself, not a business: open the console on your business\'s own address (for example demo.localhost:8080).';
  }
  return error.message;
}

let firstRender = true;
function focusHeading(root) {
  // Not on the first load (the browser starts at the top anyway), on every navigation after it.
  if (firstRender) { firstRender = false; return; }
  const heading = root.querySelector('h1');
  if (heading) heading.focus({ preventScroll: false });
}

// Links marked data-link navigate inside the console; everything else is an ordinary link.
document.addEventListener('click', (event) => {
  const link = event.target.closest('a[data-link]');
  if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const url = new URL(link.href);
  if (url.origin !== window.location.origin) return;
  event.preventDefault();
  if (url.pathname === window.location.pathname && url.hash && url.search === window.location.search) {
    document.getElementById(url.hash.slice(1))?.scrollIntoView();
    return;
  }
  navigate(url.pathname + url.search + url.hash);
});
window.addEventListener('popstate', render);
document.getElementById('sign-out').addEventListener('click', signOut);
setUnauthorizedHandler(() => {
  if (currentPath() !== '/signin') goToSignIn();
});
// After a create or delete, pages ask for fresh quotas.
document.addEventListener('plan:changed', async () => {
  await loadPlan(true);
  planBanner(currentPath());
});

render();
