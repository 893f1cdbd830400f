// The toolbar popup under jsdom (popup.html with popup.js as built), about
// a stub tab: "Show again" and "Not a banner" rebuild the list; the focus
// must not fall to <body>, what happened is announced, and each repeated
// button says which item it is about.
import test from 'node:test';
import assert from 'node:assert/strict';
import { loadPage, until } from './extension-page.mjs';

const item = (id, category, snippet) => ({ id, category, snippet, kind: 'heuristic', heuristic: 'overlay' });

function openPopup() {
  const state = {
    host: 'news.example',
    enabled: true,
    readerable: true,
    error: '',
    skipped: [],
    hidden: [item(1, 'donation', 'Support our journalism'), item(2, 'donation', 'Give monthly'), item(3, 'newsletter', 'Sign up for the briefing')],
  };
  const page = loadPage('popup/popup', {
    query: '?tab=7',
    onTabMessage: (tab, msg) => {
      if (msg.type === 'page-state') return structuredClone(state);
      if (msg.type === 'show-again') {
        state.hidden = state.hidden.filter((h) => h.id !== msg.id);
        return { state: structuredClone(state) };
      }
      return null;
    },
    onMessage: (msg) => (msg.type === 'not-a-banner' ? { line: 'news.example#@#.x' } : undefined),
  });
  return { ...page, state };
}

const buttons = (doc, label) => [...doc.querySelectorAll('.item button')].filter((b) => b.textContent === label);

test('popup: each "Show again" / "Not a banner" is described by its item\'s snippet', async () => {
  const { document: doc } = openPopup();
  await until(() => doc.querySelectorAll('.item').length === 3, 'the hidden items');
  for (const b of doc.querySelectorAll('.item button')) {
    const ids = (b.getAttribute('aria-describedby') || '').split(' ').filter(Boolean);
    assert.equal(ids.length, 1, `${b.textContent} has a description`);
    const snippet = doc.getElementById(ids[0]);
    assert.ok(snippet && snippet.closest('.item') === b.closest('.item'), 'its own item\'s snippet');
    assert.equal(snippet.className, 'snippet');
  }
});

test('popup: after "Show again" the focus goes to the next item, then to the heading, and the message says what happened', async () => {
  const { document: doc } = openPopup();
  const msg = doc.getElementById('message');
  assert.equal(msg.getAttribute('role'), 'status', 'a live region');
  await until(() => doc.querySelectorAll('.item').length === 3, 'the hidden items');
  // The second item: the focus goes to the one now in its place (the third, another category).
  let b = buttons(doc, 'Show again')[1];
  b.focus();
  b.click();
  await until(() => doc.querySelectorAll('.item').length === 2, 'the list rebuilt');
  await until(() => msg.textContent, 'the announcement');
  assert.equal(doc.activeElement, buttons(doc, 'Show again')[1], 'the next item\'s "Show again"');
  assert.match(doc.activeElement.closest('.item').textContent, /Sign up for the briefing/);
  assert.match(msg.textContent, /Give monthly/);
  assert.match(msg.textContent, /2 still hidden/);
  // "Not a banner" on the last item: no next one, the section's heading.
  b = buttons(doc, 'Not a banner')[1];
  b.focus();
  b.click();
  await until(() => doc.querySelectorAll('.item').length === 1, 'the list rebuilt');
  assert.equal(doc.activeElement, doc.getElementById('hidden-title'));
  assert.match(msg.textContent, /Added to your rules: news\.example#@#\.x/);
  assert.match(msg.textContent, /Sign up for the briefing/);
  // The last one: the list says nothing is hidden; the heading has the focus.
  b = buttons(doc, 'Show again')[0];
  b.focus();
  b.click();
  await until(() => doc.querySelectorAll('.item').length === 0, 'the list emptied');
  assert.equal(doc.activeElement, doc.getElementById('hidden-title'));
  assert.match(msg.textContent, /Nothing hidden any more/);
});
