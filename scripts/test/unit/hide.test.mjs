// Hiding detections on a live DOM and putting everything back exactly.
import test from 'node:test';
import assert from 'node:assert/strict';
import { locatorFor } from '../../../extension/shared/locate.js';
import { hideDetections, restoreHidden, restoreStyle, unlockPage, unsafeReason } from '../../../extension/content/hide.js';
import { dom } from './dom.mjs';

const PAGE = `<!DOCTYPE html><html><head><style>.fixed{position:fixed}</style></head><body>
<article id="art"><h1>Title</h1><p>${'Article text. '.repeat(300)}</p></article>
<div id="don" class="appeal">Please donate to keep us going</div>
<div id="news" style="color: red; display: block">Sign up for our newsletter</div>
<div id="wall" class="fixed">Subscribe to continue reading</div>
</body></html>`;

function det(doc, id, category = 'donation', extra = {}) {
  return { category, kind: 'css', rule: { list: 'default', line: 1, text: '##.x' }, confidence: 1, locator: locatorFor(doc.getElementById(id)), snippet: '', ...extra };
}

test('hides verified detections and restores the exact markup', () => {
  const doc = dom(PAGE);
  const before = doc.documentElement.outerHTML;
  const { hidden, skipped } = hideDetections(doc, [det(doc, 'don'), det(doc, 'news', 'newsletter')]);
  assert.equal(skipped.length, 0);
  assert.deepEqual(hidden.map((h) => h.id), [0, 1]);
  for (const id of ['don', 'news']) {
    const el = doc.getElementById(id);
    assert.equal(el.style.getPropertyValue('display'), 'none');
    assert.equal(el.style.getPropertyPriority('display'), 'important');
  }
  assert.equal(doc.getElementById('news').style.getPropertyValue('color'), 'red', 'other inline styles are kept');
  hidden.forEach(restoreHidden);
  assert.equal(doc.getElementById('don').hasAttribute('style'), false, 'an element without a style attribute gets none back');
  assert.equal(doc.getElementById('news').style.getPropertyValue('display'), 'block');
  assert.equal(doc.getElementById('news').style.getPropertyValue('color'), 'red');
  // The attribute without one is restored byte for byte; the other one is equal as CSS.
  assert.equal(doc.documentElement.outerHTML.replace(/ style="[^"]*"/g, ''), before.replace(/ style="[^"]*"/g, ''));
});

test('a locator that does not verify is reported, nothing is hidden', () => {
  const doc = dom(PAGE);
  const d = det(doc, 'don');
  doc.getElementById('don').textContent = 'Changed by a script';
  const { hidden, skipped } = hideDetections(doc, [d, { category: 'x', locator: { path: [1, 42], tag: 'div', hash: '00000000' } }]);
  assert.equal(hidden.length, 0);
  assert.deepEqual(skipped.map((s) => s.reason), ['hash', 'no-element']);
  assert.equal(doc.getElementById('don').hasAttribute('style'), false);
});

test('never hides the page structure or the article', () => {
  const doc = dom(PAGE);
  const body = { category: 'paywall', locator: locatorFor(doc.body) };
  const art = det(doc, 'art');
  const { hidden, skipped } = hideDetections(doc, [body, art, det(doc, 'don'), det(doc, 'don')]);
  assert.deepEqual(skipped.map((s) => s.reason), ['page-structure', 'too-much-text', 'duplicate']);
  assert.equal(hidden.length, 1);
  assert.equal(unsafeReason(doc.getElementById('don'), doc.body.textContent.length), '');
});

test('overlays are recognised by category, heuristic and position', () => {
  const doc = dom(PAGE);
  const { hidden } = hideDetections(doc, [det(doc, 'wall', 'donation'), det(doc, 'don', 'paywall'), det(doc, 'news', 'newsletter', { kind: 'heuristic', heuristic: 'overlay-scroll-lock' })]);
  assert.deepEqual(hidden.map((h) => h.overlay), [true, true, true]);
  const doc2 = dom(PAGE);
  assert.deepEqual(hideDetections(doc2, [det(doc2, 'don')]).hidden.map((h) => h.overlay), [false]);
});

test('every computed-style read comes before the first hiding (one style recalculation)', () => {
  const doc = dom(PAGE);
  const view = doc.defaultView;
  const real = view.getComputedStyle.bind(view);
  const hiddenAtRead = [];
  view.getComputedStyle = (el, pseudo) => {
    hiddenAtRead.push(doc.querySelectorAll('[style*="display: none"]').length);
    return real(el, pseudo);
  };
  const { hidden } = hideDetections(doc, [det(doc, 'don'), det(doc, 'news', 'newsletter'), det(doc, 'wall', 'donation')]);
  assert.equal(hidden.length, 3);
  assert.equal(hiddenAtRead.length, 3, 'the position of each element outside the overlay categories is read');
  assert.deepEqual(hiddenAtRead, [0, 0, 0]);
});

test('unlockPage undoes scroll locks and blur, and its undo restores them', () => {
  const doc = dom(`<!DOCTYPE html><html style="overflow: hidden"><head><style>.blur{filter: blur(4px)}</style></head>
    <body style="position: fixed; top: -300px; overflow-y: hidden; pointer-events: none"><main class="blur"><p>Text</p></main></body></html>`);
  const view = doc.defaultView;
  const undo = unlockPage(doc);
  assert.notEqual(view.getComputedStyle(doc.documentElement).overflow, 'hidden');
  assert.equal(view.getComputedStyle(doc.body).position, 'static');
  assert.equal(view.getComputedStyle(doc.body).pointerEvents, 'auto');
  assert.equal(view.getComputedStyle(doc.querySelector('main')).filter, 'none');
  for (let i = undo.length - 1; i >= 0; i--) restoreStyle(undo[i]);
  assert.equal(doc.documentElement.style.overflow, 'hidden');
  assert.equal(doc.body.style.position, 'fixed');
  assert.equal(doc.body.style.top, '-300px');
  assert.equal(doc.body.style.pointerEvents, 'none');
  assert.equal(doc.querySelector('main').hasAttribute('style'), false);
  assert.match(view.getComputedStyle(doc.querySelector('main')).filter, /blur/);
});

test('unlockPage leaves an unlocked page alone', () => {
  const doc = dom('<!DOCTYPE html><html><body><p>Text</p></body></html>');
  assert.deepEqual(unlockPage(doc), []);
  assert.equal(doc.documentElement.outerHTML.includes('style'), false);
});
