// The element picker: "hide something on this page". The user points at an
// element (mouse or keyboard), widens or narrows the choice, picks a
// category, and the rule `host##selector` lands in the custom list. The UI
// lives in a closed shadow root styled through the CSSOM only, so strict
// page policies do not block it.
import { OWN_ATTR } from './serialize.js';
import { CATEGORIES, DEFAULT_CATEGORY } from '../shared/rules.js';

const TOP_Z = '2147483647';
/** How many ancestors a generated selector may name. */
const MAX_SELECTOR_DEPTH = 5;
/** Steps a selector without any id or class needs at least. */
const MIN_BARE_DEPTH = 3;

function css(el, styles) {
  for (const [k, v] of Object.entries(styles)) el.style.setProperty(k, v, 'important');
}

// Class names and ids that look generated (hashes, long digit runs) change
// between page loads: a rule naming them would break.
function stableToken(t) {
  return /^[A-Za-z][\w-]{1,40}$/.test(t) && !/\d{4,}/.test(t) && !/[a-z][A-Z0-9]{5,}|^(?=.*\d)[a-z0-9]{8,}$/.test(t) && !/^(css|sc|jsx|svelte|emotion)-/.test(t);
}

function escapeIdent(s) {
  return globalThis.CSS && CSS.escape ? CSS.escape(s) : s.replace(/[^\w-]/g, (c) => '\\' + c);
}

/** stepFor describes one element for a selector: tag, stable id or classes, and nth-of-type when needed. */
function stepFor(el) {
  if (el.id && stableToken(el.id)) return '#' + escapeIdent(el.id);
  let step = el.localName;
  const classes = Array.from(el.classList).filter(stableToken).slice(0, 3);
  if (classes.length) step += classes.map((c) => '.' + escapeIdent(c)).join('');
  const parent = el.parentElement;
  if (parent) {
    const same = Array.from(parent.children).filter((c) => c.localName === el.localName && (classes.length === 0 || classes.every((k) => c.classList.contains(k))));
    if (same.length > 1) step += `:nth-of-type(${Array.from(parent.children).filter((c) => c.localName === el.localName).indexOf(el) + 1})`;
  }
  return step;
}

/**
 * selectorFor builds a short CSS selector that matches el and only el in
 * its document, from stable ids and classes, climbing at most
 * MAX_SELECTOR_DEPTH ancestors; "" when it cannot.
 */
export function selectorFor(el) {
  const doc = el.ownerDocument;
  const steps = [];
  let cur = el;
  while (cur && cur !== doc.documentElement && steps.length < MAX_SELECTOR_DEPTH) {
    steps.unshift(stepFor(cur));
    const sel = steps.join(' > ');
    // The rule applies to every page of the site: a bare "span" unique on
    // this page would hide far too much elsewhere. Require an id or a class,
    // or a few levels of structure.
    if (!/[#.]/.test(sel) && steps.length < MIN_BARE_DEPTH && cur.parentElement !== doc.documentElement) {
      cur = cur.parentElement;
      continue;
    }
    try {
      const found = doc.querySelectorAll(sel);
      if (found.length === 1 && found[0] === el) return sel;
    } catch {
      return '';
    }
    if (steps[0].startsWith('#')) break;
    cur = cur.parentElement;
  }
  return '';
}

/**
 * startPicker runs the picker on the page; onPick({selector, category}) is
 * called when the user confirms, onEnd() when the picker closes either way.
 */
export function startPicker(doc, { onPick, onEnd }) {
  const win = doc.defaultView;
  const host = doc.createElement('tidings-picker');
  host.setAttribute(OWN_ATTR, '');
  css(host, { all: 'initial', position: 'fixed', inset: '0', 'z-index': TOP_Z, 'pointer-events': 'none' });
  const root = host.attachShadow({ mode: 'closed' });
  const box = doc.createElement('div');
  css(box, { position: 'fixed', border: '2px solid #d33', background: 'rgba(221,51,51,.15)', 'pointer-events': 'none', display: 'none', 'box-sizing': 'border-box' });
  const panel = doc.createElement('div');
  panel.setAttribute('role', 'dialog');
  panel.setAttribute('aria-label', 'Tidings: hide an element');
  css(panel, { position: 'fixed', right: '16px', bottom: '16px', 'max-width': '420px', padding: '12px', background: '#fff', color: '#111', font: '14px/1.4 system-ui, sans-serif', border: '1px solid #888', 'border-radius': '8px', 'box-shadow': '0 4px 16px rgba(0,0,0,.3)', 'pointer-events': 'auto' });
  const hint = doc.createElement('div');
  hint.textContent = 'Point at what to hide and click (or use ↑/↓ to widen or narrow, Enter to choose). Esc cancels.';
  const selLine = doc.createElement('code');
  css(selLine, { display: 'block', margin: '8px 0', 'word-break': 'break-all', font: '12px monospace' });
  const select = doc.createElement('select');
  select.setAttribute('aria-label', 'Category');
  for (const c of CATEGORIES) {
    const o = doc.createElement('option');
    o.value = c;
    o.textContent = c;
    if (c === DEFAULT_CATEGORY) o.selected = true;
    select.appendChild(o);
  }
  const ok = doc.createElement('button');
  ok.textContent = 'Hide it';
  ok.disabled = true;
  const cancel = doc.createElement('button');
  cancel.textContent = 'Cancel';
  for (const b of [select, ok, cancel]) css(b, { margin: '0 6px 0 0', font: '14px system-ui, sans-serif' });
  panel.append(hint, selLine, select, ok, cancel);
  root.append(box, panel);
  doc.documentElement.appendChild(host);

  let current = null;
  let chosen = null;
  const show = (el) => {
    current = el;
    if (!el) {
      box.style.setProperty('display', 'none', 'important');
      return;
    }
    const r = el.getBoundingClientRect();
    css(box, { display: 'block', left: r.left + 'px', top: r.top + 'px', width: r.width + 'px', height: r.height + 'px' });
    selLine.textContent = selectorFor(el) || '(no unique selector)';
  };
  const choose = (el) => {
    chosen = el;
    ok.disabled = !selectorFor(el);
    ok.focus();
  };
  const onMove = (e) => {
    if (chosen) return;
    const el = doc.elementFromPoint(e.clientX, e.clientY);
    if (el && el !== host && el !== doc.documentElement && el !== doc.body) show(el);
  };
  const onClick = (e) => {
    // Clicks inside the closed shadow root reach window listeners retargeted to the host.
    if (e.target === host) return;
    e.preventDefault();
    e.stopPropagation();
    if (current) choose(current);
  };
  const onKey = (e) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      end();
    } else if (!chosen && e.key === 'ArrowUp' && current && current.parentElement && current.parentElement !== doc.body) {
      e.preventDefault();
      show(current.parentElement);
    } else if (!chosen && e.key === 'ArrowDown' && current && current.firstElementChild) {
      e.preventDefault();
      show(current.firstElementChild);
    } else if (!chosen && e.key === 'Enter' && current) {
      e.preventDefault();
      choose(current);
    }
  };
  function end() {
    win.removeEventListener('mousemove', onMove, true);
    win.removeEventListener('click', onClick, true);
    win.removeEventListener('keydown', onKey, true);
    host.remove();
    onEnd && onEnd();
  }
  ok.addEventListener('click', () => {
    const selector = chosen && selectorFor(chosen);
    if (selector) onPick({ selector, category: select.value, el: chosen });
    end();
  });
  cancel.addEventListener('click', end);
  win.addEventListener('mousemove', onMove, true);
  win.addEventListener('click', onClick, true);
  win.addEventListener('keydown', onKey, true);
  // Keyboard users start from the main content.
  show(doc.querySelector('article, main, [role=main]') || doc.body.firstElementChild);
  return { end, selectorFor };
}
