// Building the page from data without ever parsing it as HTML: every string goes in as a text node or an
// attribute value. Nothing in the console uses innerHTML, insertAdjacentHTML or document.write.

const SVG_NS = 'http://www.w3.org/2000/svg';

function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

function setAttributes(node, attrs) {
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') {
      node.addEventListener(key.slice(2).toLowerCase(), value);
    } else if (key === 'class') {
      node.setAttribute('class', Array.isArray(value) ? value.filter(Boolean).join(' ') : value);
    } else if (key === 'dataset') {
      Object.assign(node.dataset, value);
    } else if (key === 'text') {
      node.textContent = String(value);
    } else if (value === true) {
      node.setAttribute(key, '');
    } else {
      node.setAttribute(key, String(value));
    }
  }
}

/** h('button', {type: 'button', onClick: fn}, 'Text', child...) — an HTML element. */
export function h(tag, attrs, ...children) {
  const node = document.createElement(tag);
  setAttributes(node, attrs);
  append(node, children);
  return node;
}

/** s('rect', {x: 0, ...}) — an SVG element. */
export function s(tag, attrs, ...children) {
  const node = document.createElementNS(SVG_NS, tag);
  setAttributes(node, attrs);
  append(node, children);
  return node;
}

/** Replaces a node's children. */
export function fill(node, ...children) {
  node.replaceChildren();
  append(node, children);
  return node;
}

let idCounter = 0;
/** A page-unique id for label/aria wiring. */
export function uid(prefix = 'id') {
  idCounter += 1;
  return `${prefix}-${idCounter}`;
}

/** Speaks a short message to screen readers (the polite live region). */
export function announce(message) {
  const region = document.getElementById('announcer');
  if (!region) return;
  region.textContent = '';
  window.setTimeout(() => { region.textContent = message; }, 50);
}

/** A message box: kind is 'info', 'success', 'error' or 'warning'. Errors are alerts, the rest status. */
export function message(kind, ...children) {
  return h('div', { class: ['message', `message-${kind}`], role: kind === 'error' ? 'alert' : 'status' }, ...children);
}

/** A labelled form field: label + control, optional hint. */
export function field(labelText, control, hint) {
  const id = control.id || uid('field');
  control.id = id;
  const parts = [h('label', { for: id }, labelText), control];
  if (hint) {
    const hintId = `${id}-hint`;
    control.setAttribute('aria-describedby', hintId);
    parts.push(h('p', { class: 'hint', id: hintId }, hint));
  }
  return h('div', { class: 'field' }, ...parts);
}

/** A page heading that takes the focus after navigation, so keyboard and screen reader users land on it. */
export function pageHeading(text, ...extra) {
  return h('h1', { tabindex: '-1', class: 'page-title' }, text, ...extra);
}

/**
 * A modal dialog (the native <dialog>: focus stays inside, Escape cancels). Resolves true when confirmed.
 * `content` is a list of nodes; `onConfirm` may throw to keep the dialog open (its message is shown).
 */
export function dialog({ title, content, confirmLabel, danger = false, onConfirm }) {
  return new Promise((resolve) => {
    const headingId = uid('dialog');
    const status = h('div', { class: 'form-status' });
    const confirm = h('button', { type: 'submit', class: danger ? 'button-danger' : 'button-primary' }, confirmLabel);
    const cancel = h('button', { type: 'button', class: 'button-quiet' }, 'Cancel');
    const form = h('form', { method: 'dialog' },
      h('h2', { id: headingId }, title), ...content, status,
      h('div', { class: 'dialog-actions' }, cancel, confirm));
    const box = h('dialog', { class: 'dialog', 'aria-labelledby': headingId }, form);
    let result = false;
    cancel.addEventListener('click', () => box.close());
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      confirm.disabled = true;
      try {
        if (onConfirm) await onConfirm();
        result = true;
        box.close();
      } catch (error) {
        fill(status, message('error', error.message));
        confirm.disabled = false;
      }
    });
    box.addEventListener('close', () => { box.remove(); resolve(result); });
    document.body.append(box);
    box.showModal();
  });
}
