// Sign in on the tenant's host: POST /api/auth/login/ → the token, kept in sessionStorage (api.js).
import { ApiError, post, token } from '../api.js';
import { fill, field, h, message, pageHeading } from '../dom.js';

export function renderSignIn(root, { onSignedIn }) {
  const params = new URLSearchParams(window.location.search);
  const email = h('input', { type: 'email', name: 'email', autocomplete: 'username', required: true, spellcheck: 'false' });
  const password = h('input', { type: 'password', name: 'password', autocomplete: 'current-password', required: true });
  const status = h('div', { class: 'form-status' });
  const submit = h('button', { type: 'submit', class: 'button-primary' }, 'Sign in');
  const form = h('form', { class: 'card signin', novalidate: true },
    field('E-mail', email),
    field('Password', password),
    submit,
    status);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!email.value.trim() || !password.value) {
      fill(status, message('error', 'Enter your e-mail and your password.'));
      (email.value.trim() ? password : email).focus();
      return;
    }
    submit.disabled = true;
    fill(status, message('info', 'Signing in…'));
    try {
      const answer = await post('/api/auth/login/', { email: email.value.trim(), password: password.value }, { auth: false });
      token.set(answer.token);
      password.value = '';
      onSignedIn(answer.user, params.get('next'));
    } catch (error) {
      const text = error instanceof ApiError && error.code === 'invalid_credentials'
        ? 'That e-mail and password do not match an account of this business.'
        : error.message;
      fill(status, message('error', text));
      submit.disabled = false;
      password.focus();
    }
  });
  fill(root,
    h('div', { class: 'signin-page' },
      pageHeading('Sign in'),
      h('p', { class: 'lead' }, `to ${window.location.hostname}`),
      params.get('next') && params.get('next') !== '/' ? h('p', { class: 'hint' }, 'Sign in to continue where you were.') : null,
      form));
  email.focus();
}
