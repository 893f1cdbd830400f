// The reader's related-coverage helpers: the text the engine reads quotes
// from, marks across text nodes, and a panel built from untrusted strings.
import test from 'node:test';
import assert from 'node:assert/strict';
import { dom } from './dom.mjs';
import { MAX_QUOTE_CHARS, buildRelatedItems, clipQuote, describeMarks, markSpans, mergeSpans, sharedPassages, textOf } from '../../../extension/reader/related-view.js';

test('textOf: text nodes in order, blocks separated, offsets of each node', () => {
  const doc = dom('<div id=c><p>He said “we <em>may</em> face it”.</p><p>Next</p></div>');
  const { text, runs } = textOf(doc.getElementById('c'));
  assert.equal(text, '\nHe said “we may face it”.\n\nNext\n');
  for (const r of runs) assert.equal(text.slice(r.start, r.start + r.node.data.length), r.node.data);
});

test('markSpans wraps a passage across elements without changing the text', () => {
  const doc = dom('<div id=c><p>He said “we <em>may</em> face it”, twice: “we may face it”.</p></div>');
  const root = doc.getElementById('c');
  const before = root.textContent;
  const { text, runs } = textOf(root);
  const start = text.indexOf('we may');
  const second = text.lastIndexOf('we may');
  const marks = markSpans(doc, runs, [
    { start: second, end: second + 'we may face it'.length, title: 'Also quoted by B' },
    { start, end: start + 'we may face it'.length, title: 'Also quoted by A' },
  ]);
  assert.equal(root.textContent, before, 'the text is intact');
  assert.deepEqual(marks.map((m) => m.textContent), ['we ', 'may', ' face it', 'we may face it']);
  assert.equal(marks[1].parentElement.localName, 'em', 'the mark goes inside the element it covers');
  assert.deepEqual([...new Set(marks.map((m) => m.title))], ['Also quoted by A', 'Also quoted by B']);
  assert.equal(doc.querySelectorAll('mark.shared-quote').length, 4);
});

test('mergeSpans joins overlapping spans and their titles', () => {
  assert.deepEqual(mergeSpans([{ start: 5, end: 9, title: 'B' }, { start: 0, end: 6, title: 'A' }, { start: 12, end: 12 }, null]), [{ start: 0, end: 9, title: 'A; B' }]);
});

test('the panel is built from untrusted strings as text, with web links only', () => {
  const doc = dom('<ol id=l></ol>');
  const evil = '<img src=x onerror=alert(1)>';
  const items = [
    { url: 'javascript:alert(1)', title: 'Script link', site: 'x', sharedQuotes: [] },
    { url: 'https://news.example/a?x=1', title: evil, site: evil, published: '2016-03-15T19:30:00Z', source: 'history', score: 0.97, sharedQuotes: ['q'] },
    { url: 'http://other.example/b', title: 'Plain', site: '', source: 'page', sharedQuotes: [] },
  ];
  const lis = buildRelatedItems(doc, items, { quotesOf: (it) => (it.sharedQuotes.length ? ['x '.repeat(200)] : []), formatDate: () => '15 March 2016' });
  doc.getElementById('l').append(...lis);
  assert.equal(lis.length, 2, 'the javascript: link is left out');
  assert.equal(doc.querySelectorAll('img').length, 0, 'no markup from the strings');
  const a = lis[0].querySelector('a');
  assert.equal(a.textContent, evil);
  assert.equal(a.getAttribute('href'), 'https://news.example/a?x=1');
  assert.equal(a.target, '_top');
  assert.equal(a.rel, 'noopener noreferrer');
  assert.equal(a.title, 'Same story: 97 % likely');
  assert.match(lis[0].querySelector('.related-meta').textContent, /15 March 2016 · You read this$/);
  assert.ok(lis[0].querySelector('.related-quote').textContent.length <= MAX_QUOTE_CHARS + 2, 'long quotes are clipped');
  assert.equal(lis[1].querySelector('.related-site').textContent, 'other.example', 'no site name: the host');
  assert.match(lis[1].textContent, /Linked from this page/);
});

test('shared passages and clipped quotes', () => {
  assert.deepEqual(sharedPassages([{ sharedQuotes: ['a', 'b'] }, { sharedQuotes: ['b', 'c', ''] }, {}]), ['a', 'b', 'c']);
  assert.equal(clipQuote('short  quote'), 'short quote');
  const long = clipQuote('word '.repeat(100), 50);
  assert.ok(long.endsWith('word…') && long.length <= 50);
});

test('describeMarks: one note per distinct title, the marks described by it', () => {
  const doc = dom('<div id=c><p>one <em>two</em> three four</p></div>');
  const { text, runs } = textOf(doc.getElementById('c'));
  const at = (s) => text.indexOf(s);
  const marks = markSpans(doc, runs, [{ start: at('one'), end: at('three') + 5, title: 'Also quoted by A' }, { start: at('four'), end: at('four') + 4, title: 'Also quoted by B' }]);
  const notes = describeMarks(doc, marks);
  assert.deepEqual(notes.map((n) => [n.id, n.textContent]), [['quote-note-1', 'Also quoted by A'], ['quote-note-2', 'Also quoted by B']]);
  assert.deepEqual(marks.map((m) => m.getAttribute('aria-describedby')), ['quote-note-1', 'quote-note-1', 'quote-note-1', 'quote-note-2']);
});
