// Hiding detections on the live page, reversibly.
//
// Each detection's locator is verified (shared/locate.js) before anything is
// touched; a locator that does not match is reported, never guessed. Hiding
// sets `display: none !important` through the CSSOM (allowed under a strict
// style-src policy, unlike setAttribute('style')) and records how to put the
// element's inline style back exactly. Overlays often leave the page locked
// (overflow hidden on <html>/<body>, a fixed <body>, blurred content):
// unlockPage undoes that, again recording every change.

import { findByLocator } from '../shared/locate.js';

// Tags never hidden, whatever a rule says: hiding them would blank the page.
const NEVER_HIDE = new Set(['html', 'head', 'body', 'main']);

// An element holding more than this share of the page's text is the article
// (or its container), not a banner: hiding it would break the page.
const MAX_TEXT_SHARE = 0.5;
// ...unless the page is tiny, where shares mean little.
const MIN_TEXT_FOR_SHARE = 2000;

/** Categories whose elements usually sit over the page and lock it. */
const OVERLAY_CATEGORIES = new Set(['paywall', 'overlay', 'modal', 'cookie']);

/**
 * styleSnapshot records one inline property so restoreStyle can put it back:
 * whether the element had a style attribute at all, and the property's
 * value and priority.
 */
export function styleSnapshot(el, prop) {
  return {
    el,
    prop,
    hadAttr: el.hasAttribute('style'),
    value: el.style.getPropertyValue(prop),
    priority: el.style.getPropertyPriority(prop),
  };
}

/** restoreStyle undoes a change recorded by styleSnapshot. */
export function restoreStyle(s) {
  if (!s.hadAttr) {
    // removeAttribute is allowed under any CSP and restores exactly.
    s.el.style.removeProperty(s.prop);
    if (s.el.style.length === 0) s.el.removeAttribute('style');
    return;
  }
  if (s.value) s.el.style.setProperty(s.prop, s.value, s.priority);
  else s.el.style.removeProperty(s.prop);
}

/** setImportant changes one inline property and returns its undo record. */
export function setImportant(el, prop, value) {
  const snap = styleSnapshot(el, prop);
  el.style.setProperty(prop, value, 'important');
  return snap;
}

function textLength(el) {
  return (el.textContent || '').length;
}

/**
 * unsafeReason tells why an element must not be hidden, or "" when it may.
 */
export function unsafeReason(el, bodyTextLength) {
  if (NEVER_HIDE.has(el.localName)) return 'page-structure';
  if (bodyTextLength >= MIN_TEXT_FOR_SHARE && textLength(el) > bodyTextLength * MAX_TEXT_SHARE) {
    return 'too-much-text';
  }
  return '';
}

/**
 * hideDetections hides every detection whose locator verifies. It returns
 * {hidden: [{id, detection, el, overlay, undo}], skipped: [{id, detection,
 * reason}]} where id is the detection's index in the engine's list. All
 * reads (locators, text, computed position) come before the first write,
 * so the browser recomputes the page's style once, not once per element.
 */
export function hideDetections(doc, detections) {
  const hidden = [];
  const skipped = [];
  const seen = new Set();
  const bodyLen = doc.body ? textLength(doc.body) : 0;
  (detections || []).forEach((detection, id) => {
    const { el, reason } = findByLocator(doc, detection && detection.locator);
    if (!el) {
      skipped.push({ id, detection, reason });
      return;
    }
    if (seen.has(el)) {
      skipped.push({ id, detection, reason: 'duplicate' });
      return;
    }
    const unsafe = unsafeReason(el, bodyLen);
    if (unsafe) {
      skipped.push({ id, detection, reason: unsafe });
      return;
    }
    seen.add(el);
    hidden.push({ id, detection, el, overlay: isOverlay(el, detection), undo: [] });
  });
  for (const h of hidden) h.undo.push(setImportant(h.el, 'display', 'none'));
  return { hidden, skipped };
}

/** restoreHidden shows one hidden item again. */
export function restoreHidden(item) {
  for (let i = item.undo.length - 1; i >= 0; i--) restoreStyle(item.undo[i]);
  item.undo = [];
}

/**
 * isOverlay tells whether a detected element sits over the page (so hiding
 * it may leave a scroll lock behind). Reads computed style before hiding.
 */
export function isOverlay(el, detection) {
  if (detection && OVERLAY_CATEGORIES.has(detection.category)) return true;
  if (detection && typeof detection.heuristic === 'string' && detection.heuristic.includes('overlay')) return true;
  const view = el.ownerDocument.defaultView;
  if (!view) return false;
  const pos = view.getComputedStyle(el).position;
  return pos === 'fixed' || pos === 'sticky';
}

function locksScroll(cs) {
  return cs.overflow === 'hidden' || cs.overflowY === 'hidden' || cs.overflow === 'clip' || cs.overflowY === 'clip';
}

// Where page blur usually sits: the page's top levels and its main content.
const BLUR_CANDIDATES = 'body, body > *, body > * > *, main, article, [class*="blur" i], [style*="blur"]';
// Bound on how many elements unlockPage inspects for blur.
const MAX_BLUR_CANDIDATES = 2000;

/**
 * unlockPage undoes what overlays leave behind: overflow hidden on <html>
 * or <body>, a <body> fixed in place (the scroll position kept in its top
 * offset), disabled pointer events or text selection, and blur filters on
 * content. It returns the undo records (restore with restoreStyle, last
 * first).
 */
export function unlockPage(doc) {
  const view = doc.defaultView;
  const undo = [];
  for (const el of [doc.documentElement, doc.body]) {
    if (!el) continue;
    const cs = view.getComputedStyle(el);
    if (locksScroll(cs)) {
      undo.push(setImportant(el, 'overflow', 'visible'));
      undo.push(setImportant(el, 'overflow-y', 'auto'));
    }
    if (cs.pointerEvents === 'none') undo.push(setImportant(el, 'pointer-events', 'auto'));
    if (cs.userSelect === 'none' || cs.webkitUserSelect === 'none') undo.push(setImportant(el, 'user-select', 'auto'));
  }
  const body = doc.body;
  if (body && view.getComputedStyle(body).position === 'fixed') {
    const top = parseFloat(view.getComputedStyle(body).top) || 0;
    undo.push(setImportant(body, 'position', 'static'));
    undo.push(setImportant(body, 'top', 'auto'));
    if (top < 0 && typeof view.scrollTo === 'function') view.scrollTo(0, -top);
  }
  const candidates = doc.querySelectorAll(BLUR_CANDIDATES);
  for (let i = 0; i < candidates.length && i < MAX_BLUR_CANDIDATES; i++) {
    const el = candidates[i];
    const cs = view.getComputedStyle(el);
    if (String(cs.filter).includes('blur(')) undo.push(setImportant(el, 'filter', 'none'));
    const backdrop = cs.backdropFilter || cs.webkitBackdropFilter || '';
    if (String(backdrop).includes('blur(')) undo.push(setImportant(el, 'backdrop-filter', 'none'));
  }
  return undo;
}
