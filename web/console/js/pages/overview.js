// The plan page: the tenant's plan, each feature (on, or locked with an inline upgrade prompt) and the quota bars.
import { fill, h, pageHeading } from '../dom.js';
import { FEATURE_NAMES, QUOTA_NAMES, loadPlan, lockIcon, quotaBar, upgradePrompt, usePlanFeatures } from '../plan.js';

const WHERE = {
  can_use_calendar_sync: { href: '/settings/integrations', text: 'Integrations' },
  can_access_analytics: { href: '/dashboard', text: 'Dashboard' },
  can_export_data: { href: '/dashboard#exports', text: 'Exports' },
};

export async function renderOverview(root, { me }) {
  await loadPlan(true);
  const { tenant, planName, canUse } = usePlanFeatures();
  const features = Object.keys(FEATURE_NAMES).map((key) => {
    const on = canUse(key);
    const where = WHERE[key];
    return h('li', { class: ['feature', on ? 'feature-on' : 'feature-off'], dataset: { feature: key, enabled: String(on) } },
      h('span', { class: 'feature-mark', 'aria-hidden': 'true' }, on ? '✓' : lockIcon()),
      h('span', { class: 'feature-name' }, FEATURE_NAMES[key]),
      h('span', { class: 'visually-hidden' }, on ? ': included' : ': not included'),
      on && where ? h('a', { href: where.href, 'data-link': true, class: 'feature-link' }, where.text) : null,
      on ? null : upgradePrompt(key, 'inline'));
  });
  fill(root,
    pageHeading(tenant.name),
    h('p', { class: 'lead' },
      'Signed in as ', h('strong', {}, me.email), ` (${me.role}). Time zone `, h('strong', {}, tenant.timezone), '.'),
    h('section', { id: 'plan', 'aria-labelledby': 'plan-heading', class: 'card' },
      h('h2', { id: 'plan-heading' }, 'Plan: ', h('span', { class: ['plan-badge', `plan-${tenant.plan}`], dataset: { plan: tenant.plan } }, planName)),
      h('ul', { class: 'features' }, features)),
    h('section', { 'aria-labelledby': 'quota-heading', class: 'card' },
      h('h2', { id: 'quota-heading' }, 'Quotas'),
      h('p', { class: 'hint' }, 'Used / limit. Quotas limit new records only: nothing you have is taken away.'),
      h('div', { class: 'quotas' }, Object.keys(QUOTA_NAMES).map((key) => quotaBar(key)))));
}
