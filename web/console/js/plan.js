// The plan, its features and quotas from GET /api/tenant/ (docs/api.md §3): the console's usePlanFeatures, with the
// seed frontend's UpgradePrompt (inline, banner, overlay), LockedSection and LockedButton.
import { get } from './api.js';
import { h, s, uid } from './dom.js';
import { number } from './format.js';

/** Feature keys and the names the API's messages use (docs/api.md §3). */
export const FEATURE_NAMES = {
  can_use_sms_reminders: 'SMS Reminders',
  can_use_masked_phone_numbers: 'Masked Calling',
  can_use_custom_domain: 'Custom Domains',
  can_white_label: 'White Labeling',
  can_create_plugins: 'Plugins',
  can_use_webhooks: 'Webhooks',
  can_use_calendar_sync: 'Calendar Sync',
  can_access_analytics: 'Analytics',
  can_export_data: 'Data Export',
};

export const QUOTA_NAMES = {
  max_users: 'Users',
  max_resources: 'Resources',
  max_services: 'Services',
  max_appointments_per_month: 'Appointments this month',
  max_email_templates: 'Email templates',
  max_automated_tasks: 'Automated tasks',
};

const PLAN_NAMES = { free: 'Free', professional: 'Professional', business: 'Business', enterprise: 'Enterprise' };

export function featureName(key) { return FEATURE_NAMES[key] || key; }
export function planName(key) { return PLAN_NAMES[key] || key || 'Unknown'; }

let tenant = null;
let loading = null;

/** Reads GET /api/tenant/ once (or again with force: after a create changes the quotas' usage). */
export async function loadPlan(force = false) {
  if (tenant && !force) return tenant;
  if (!loading || force) {
    loading = get('/api/tenant/').then((answer) => { tenant = answer; return answer; }).finally(() => { loading = null; });
  }
  return loading;
}

export function forgetPlan() { tenant = null; }

/** What usePlanFeatures() returns in the seed frontend: the plan and questions about it. */
export function usePlanFeatures() {
  const t = tenant || { features: {}, quotas: {}, plan: null };
  return {
    tenant: t,
    plan: t.plan,
    planName: planName(t.plan),
    canUse: (key) => t.features?.[key] === true,
    featureName,
    quota: (key) => t.quotas?.[key] || { limit: null, used: 0 },
    /** true when a create of this kind would be refused for the quota (limit reached). */
    atLimit: (key) => {
      const q = t.quotas?.[key];
      return Boolean(q && q.limit !== null && q.used >= q.limit);
    },
    lockedFeatures: (keys) => keys.filter((key) => t.features?.[key] !== true),
  };
}

/** A padlock drawn in SVG (no emoji font needed); decorative, the text says "locked" in words. */
export function lockIcon() {
  return s('svg', { class: 'lock-icon', viewBox: '0 0 16 16', 'aria-hidden': 'true', focusable: 'false' },
    s('path', { d: 'M4.5 7V5a3.5 3.5 0 0 1 7 0v2h.5A1.5 1.5 0 0 1 13.5 8.5v5A1.5 1.5 0 0 1 12 15H4a1.5 1.5 0 0 1-1.5-1.5v-5A1.5 1.5 0 0 1 4 7h.5Zm1.5 0h4V5a2 2 0 0 0-4 0v2Z' }));
}

function upgradeSentence(key) {
  const plan = usePlanFeatures().planName;
  return `Your ${plan} plan does not include ${featureName(key)}. Upgrade your plan to use this feature.`;
}

/**
 * UpgradePrompt: variant 'inline' (a line beside a control), 'banner' (a strip across the page) or 'overlay'
 * (a card over a locked section). Always names the feature; the upgrade goes through the platform's operator.
 */
export function upgradePrompt(key, variant = 'inline', options = {}) {
  const name = featureName(key);
  const text = options.text || upgradeSentence(key);
  if (variant === 'inline') {
    return h('p', { class: 'upgrade upgrade-inline', id: options.id, dataset: { feature: key } }, lockIcon(), ' ', text);
  }
  const headingId = uid('upgrade');
  const body = [
    h(variant === 'banner' ? 'strong' : 'h3', { id: headingId, class: 'upgrade-title' }, lockIcon(), ` ${options.title || `${name} is not in your plan`}`),
    h('p', {}, text),
    h('p', { class: 'upgrade-action' },
      h('a', { href: '/#plan', 'data-link': true, class: 'button' }, 'Compare your plan'),
      ' ',
      h('span', { class: 'hint' }, 'Your SmoothSchedule administrator can move you to a plan that includes it.')),
  ];
  if (variant === 'banner') {
    return h('section', { class: 'upgrade upgrade-banner', 'aria-labelledby': headingId, dataset: { feature: key } }, ...body);
  }
  return h('div', { class: 'upgrade upgrade-overlay', role: 'region', 'aria-labelledby': headingId, dataset: { feature: key } }, ...body);
}

/**
 * LockedSection: when the plan has the feature, the content (a function returning nodes, called only then);
 * otherwise a dimmed, inert preview under an overlay prompt. The preview is a static placeholder, never data.
 */
export function lockedSection(key, { title, content, preview }) {
  const { canUse } = usePlanFeatures();
  if (canUse(key)) {
    return h('section', { class: 'feature-section', dataset: { feature: key, locked: 'false' } }, content());
  }
  const shadow = h('div', { class: 'locked-preview', inert: true, 'aria-hidden': 'true' }, preview ? preview() : null);
  return h('section', { class: ['feature-section', 'locked-section'], dataset: { feature: key, locked: 'true' }, 'aria-label': `${title} (locked)` },
    shadow, upgradePrompt(key, 'overlay'));
}

/**
 * LockedButton: a real button when the plan has the feature; otherwise a disabled one marked with a lock and
 * described by an inline prompt naming the feature.
 */
export function lockedButton(key, label, attrs = {}) {
  const { canUse } = usePlanFeatures();
  if (canUse(key)) return { button: h('button', { type: 'button', ...attrs }, label), prompt: null };
  const promptId = uid('locked');
  const button = h('button', {
    type: 'button', class: ['locked-button', attrs.class], disabled: true, 'aria-describedby': promptId,
    dataset: { feature: key, locked: 'true' },
  }, lockIcon(), ' ', label);
  return { button, prompt: upgradePrompt(key, 'inline', { id: promptId }) };
}

/** A quota bar: used / limit, as a meter (unlimited quotas show the count and no fill). */
export function quotaBar(key) {
  const { quota } = usePlanFeatures();
  const q = quota(key);
  const name = QUOTA_NAMES[key] || key;
  const labelId = uid('quota');
  const limited = q.limit !== null && q.limit !== undefined;
  const ratio = limited ? (q.limit === 0 ? 1 : Math.min(1, q.used / q.limit)) : 0;
  const text = limited ? `${number(q.used)} / ${number(q.limit)}` : `${number(q.used)} / unlimited`;
  const fillBar = h('span', { class: 'quota-fill' });
  fillBar.style.width = `${Math.round(ratio * 100)}%`;
  const level = !limited ? 'unlimited' : ratio >= 1 ? 'full' : ratio >= 0.8 ? 'high' : 'ok';
  const attrs = { class: ['quota-bar', `quota-${level}`], dataset: { quota: key } };
  if (limited) {
    Object.assign(attrs, {
      role: 'meter', 'aria-labelledby': labelId, 'aria-valuemin': 0, 'aria-valuemax': Math.max(q.limit, q.used),
      'aria-valuenow': q.used, 'aria-valuetext': text,
    });
  } else {
    attrs['aria-hidden'] = 'true';
  }
  return h('div', { class: 'quota' },
    h('div', { class: 'quota-head' }, h('span', { id: labelId }, name), h('span', { class: 'quota-text' }, text)),
    h('div', attrs, fillBar),
    limited && ratio >= 1 ? h('p', { class: 'hint' }, 'Limit reached: new ones are refused until you upgrade.') : null);
}
