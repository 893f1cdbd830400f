// Pure helpers of the reader view (unit-tested under Node).

/** formatDate renders an ISO-ish date in the article's language, or returns the raw text. */
export function formatDate(value, lang) {
  if (!value) return '';
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return String(value);
  try {
    return new Intl.DateTimeFormat(lang || undefined, { dateStyle: 'long' }).format(d);
  } catch {
    return new Intl.DateTimeFormat(undefined, { dateStyle: 'long' }).format(d);
  }
}

/** groupDetections groups detections by category, categories in first-seen order. */
export function groupDetections(detections) {
  const groups = new Map();
  for (const d of detections || []) {
    const c = d.category || 'other';
    if (!groups.has(c)) groups.set(c, []);
    groups.get(c).push(d);
  }
  return groups;
}

/** describeDetection says what found an element: the rule (list:line text) or the heuristic. */
export function describeDetection(d) {
  const how = d.kind === 'heuristic' ? `heuristic ${d.heuristic || '?'}` : d.rule ? `${d.kind} rule ${d.rule.list}:${d.rule.line} ${d.rule.text}` : d.kind || '';
  const conf = typeof d.confidence === 'number' ? ` (confidence ${Math.round(d.confidence * 100)} %)` : '';
  return how + conf;
}

/** leadImageNeeded tells whether the lead image is missing from the content. */
export function leadImageNeeded(image, content) {
  let name;
  try {
    name = new URL(image).pathname;
  } catch {
    return false;
  }
  for (const img of content.querySelectorAll('img')) {
    try {
      if (new URL(img.getAttribute('src') || '', 'http://x/').pathname === name) return false;
    } catch {
      // ignore unparsable sources
    }
  }
  return true;
}

const SPOKEN = 'h1, h2, h3, h4, h5, h6, p, li, blockquote, figcaption, td, th, pre';

/** blocksToSpeak lists the blocks read aloud, in order, without nesting twice. */
export function blocksToSpeak(article) {
  const all = Array.from(article.querySelectorAll(SPOKEN));
  return all.filter((el) => !all.some((other) => other !== el && other.contains(el)) && el.textContent.trim() !== '' && !el.closest('[hidden]'));
}

const FOCUSABLE = 'a[href], area[href], button, input:not([type=hidden]), select, textarea, summary, iframe, audio[controls], video[controls], [tabindex], [contenteditable]';

/** inClosedDetails tells whether el is in the hidden part of a closed <details>. */
function inClosedDetails(el) {
  for (let d = el.parentElement && el.parentElement.closest('details'); d; d = d.parentElement && d.parentElement.closest('details')) {
    const summary = d.querySelector(':scope > summary');
    if (!d.open && !(summary && summary.contains(el))) return true;
  }
  return false;
}

/**
 * tabbables lists the elements under root that Tab stops at, in document
 * order: enabled, shown, not inert, not in a closed <details>, and of a
 * radio group only its checked button (the first when none is).
 */
export function tabbables(root) {
  return Array.from(root.querySelectorAll(FOCUSABLE)).filter((el) => {
    if (el.disabled || el.closest('[hidden], [inert]') || inClosedDetails(el)) return false;
    if (el.localName === 'summary') {
      // Only a details' own summary is a control.
      const d = el.parentElement;
      if (!d || d.localName !== 'details' || d.querySelector(':scope > summary') !== el) return false;
      if (el.hasAttribute('tabindex') && el.tabIndex < 0) return false;
    } else if (el.tabIndex < 0) {
      return false;
    }
    if (el.localName === 'input' && el.type === 'radio' && el.name && !el.checked) {
      const group = Array.from(root.querySelectorAll('input[type=radio]')).filter((r) => r.name === el.name && r.form === el.form);
      if (group.some((r) => r.checked) || group[0] !== el) return false;
    }
    // (Layout, where there is one: nothing drawn, nothing to Tab to.)
    return typeof el.checkVisibility !== 'function' || el.checkVisibility({ visibilityProperty: true });
  });
}

/**
 * wrapFocus is where Tab (Shift+Tab when `backward`) should take the focus
 * so that it stays in the document: the first element Tab stops at when
 * none follows the focused one, the last when none precedes it; null when
 * the browser's own move stays inside.
 */
export function wrapFocus(doc, backward) {
  const list = tabbables(doc.body);
  if (list.length === 0) return null;
  const active = doc.activeElement;
  if (!active || active === doc.body || active === doc.documentElement) return backward ? list[list.length - 1] : null;
  const FOLLOWING = 4; // Node.DOCUMENT_POSITION_FOLLOWING
  if (backward) return list.some((el) => el !== active && !el.contains(active) && el.compareDocumentPosition(active) & FOLLOWING) ? null : list[list.length - 1];
  return list.some((el) => el !== active && active.compareDocumentPosition(el) & FOLLOWING) ? null : list[0];
}
