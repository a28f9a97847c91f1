// Export downloads (docs/api.md §8): fetched with the token (a plain link could not carry it), then handed to the
// browser as a Blob with the file name the server gave in Content-Disposition.
import { request } from './api.js';
import { h } from './dom.js';

function fileName(disposition, fallback) {
  const match = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition || '');
  let name = match ? match[1] : fallback;
  try { name = decodeURIComponent(name); } catch { /* keep it as sent */ }
  name = name.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^\.+/, '');
  return name || fallback;
}

/** Downloads GET path?query; answers {name, size}. */
export async function download(path, query, fallbackName) {
  const response = await request('GET', path, { query, raw: true });
  const blob = await response.blob();
  const name = fileName(response.headers.get('Content-Disposition'), fallbackName);
  const url = URL.createObjectURL(blob);
  const link = h('a', { href: url, download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return { name, size: blob.size };
}
