// The one door to the API: adds the token, reads the error envelope (docs/api.md §1), and sends the browser back to
// sign-in on any 401. The token lives in sessionStorage: per tab and per tenant host, gone when the tab closes.

const TOKEN_KEY = 'smoothschedule.token';

export const token = {
  get() { return window.sessionStorage.getItem(TOKEN_KEY); },
  set(value) { window.sessionStorage.setItem(TOKEN_KEY, value); },
  forget() { window.sessionStorage.removeItem(TOKEN_KEY); },
};

/** An API answer that was not 2xx, with the envelope's fields (error, code, fields, feature, quota...). */
export class ApiError extends Error {
  constructor(status, body) {
    const text = (body && (body.error || body.detail)) || `The server answered HTTP ${status}.`;
    super(text);
    this.status = status;
    this.body = body || {};
    this.code = this.body.code || '';
  }

  /** Field errors as "field: reason" lines, for 400 invalid. */
  get fieldMessages() {
    const fields = this.body.fields || {};
    return Object.entries(fields).map(([name, reasons]) => `${name}: ${[].concat(reasons).join(' ')}`);
  }
}

let onUnauthorized = () => {};
/** main.js says what a 401 does (forget the token, go to sign-in, remember where we were). */
export function setUnauthorizedHandler(fn) { onUnauthorized = fn; }

/**
 * request('GET', '/api/tenant/') → parsed JSON. Options: body (sent as JSON), query (object), raw (answer the
 * Response itself, for downloads), auth (default true), handle401 (default true).
 */
export async function request(method, path, options = {}) {
  const { body, query, raw = false, auth = true, handle401 = true } = options;
  const url = new URL(path, window.location.origin);
  for (const [key, value] of Object.entries(query || {})) {
    if (value !== undefined && value !== null && value !== '') url.searchParams.set(key, String(value));
  }
  if (url.origin !== window.location.origin) throw new Error('The console only calls its own origin.');
  const headers = { Accept: raw ? '*/*' : 'application/json' };
  const saved = token.get();
  if (auth && saved) headers.Authorization = `Token ${saved}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(url, {
      method, headers, body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'omit', cache: 'no-store', redirect: 'error',
    });
  } catch (error) {
    throw new ApiError(0, { error: 'The server could not be reached. Check your connection and try again.', code: 'network' });
  }
  if (response.status === 401 && auth && handle401) {
    token.forget();
    onUnauthorized();
    throw new ApiError(401, await readJSON(response));
  }
  if (!response.ok) throw new ApiError(response.status, await readJSON(response));
  if (raw) return response;
  if (response.status === 204) return null;
  return readJSON(response);
}

async function readJSON(response) {
  const text = await response.text();
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return { error: `The server answered HTTP ${response.status} with something that is not JSON.` };
  }
}

export const get = (path, query, options) => request('GET', path, { ...options, query });
export const post = (path, body, options) => request('POST', path, { ...options, body });
export const del = (path, query, options) => request('DELETE', path, { ...options, query });

/** Every page of a list endpoint (at most `limit` rows), following DRF's page numbers. */
export async function getAll(path, query = {}, limit = 1000) {
  const rows = [];
  for (let page = 1; rows.length < limit; page += 1) {
    const answer = await get(path, { ...query, page, page_size: 200 });
    rows.push(...answer.results);
    if (!answer.next || answer.results.length === 0) break;
  }
  return rows.slice(0, limit);
}
