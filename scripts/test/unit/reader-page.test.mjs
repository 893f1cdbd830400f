// The reader page itself under jsdom (reader.html with reader.js as built),
// fed an article by a stub background: its keyboard focus (kept inside the
// reader, never dropped on <body>), the names of its controls, and the
// language and direction of what it shows.
import test from 'node:test';
import assert from 'node:assert/strict';
import { loadPage, until } from './extension-page.mjs';
import { STANDBY_RELATED, STANDBY_WAKE } from '../../../extension/shared/messages.js';

const ARTICLE = {
  title: 'Talks resume',
  byline: 'A. Writer',
  url: 'https://news.example/a',
  content: '<p>He said we may face it today. <a href="https://news.example/b">More</a></p><p>Second paragraph.</p>',
  hasText: true,
  readingMinutes: 3,
  lang: 'ar',
  dir: 'rtl',
  detections: [{ category: 'paywall', kind: 'heuristic', heuristic: 'overlay', snippet: 'اشترك الآن' }],
};

/** openReader loads the reader with `article` (and `related`) and waits until it is rendered. */
async function openReader({ article = ARTICLE, related = null, stored = {}, setup } = {}) {
  const page = loadPage('reader/reader', {
    query: '?open=o1',
    stored,
    setup,
    onMessage: (msg) => {
      if (msg.type === 'reader-data') return { result: article, related, version: '1.0' };
      if (msg.type === 'related-quotes') return { spans: msg.passages.map((p) => ({ start: msg.text.indexOf(p), end: msg.text.indexOf(p) + p.length })) };
      return {};
    },
  });
  const $ = (id) => page.document.getElementById(id);
  await until(() => !$('article').hidden && $('engine').textContent, 'the article');
  return { ...page, $ };
}

function key(doc, k, shiftKey = false) {
  const e = new doc.defaultView.KeyboardEvent('keydown', { key: k, shiftKey, bubbles: true, cancelable: true });
  (doc.activeElement || doc.body).dispatchEvent(e);
  return e;
}

test('Tab and Shift+Tab go round the reader\'s controls, never out of it', async () => {
  const { document: doc, $ } = await openReader();
  $('close').focus();
  let e = key(doc, 'Tab', true);
  assert.equal(e.defaultPrevented, true, 'Shift+Tab on the first control is the reader\'s');
  assert.equal(doc.activeElement, $('source'), 'to the last control');
  e = key(doc, 'Tab');
  assert.equal(e.defaultPrevented, true);
  assert.equal(doc.activeElement, $('close'), 'Tab on the last control: back to the first');
  // In between, the browser moves the focus itself.
  $('removed-toggle').focus();
  assert.equal(doc.activeElement, $('removed-toggle'));
  assert.equal(key(doc, 'Tab').defaultPrevented, false);
  assert.equal(key(doc, 'Tab', true).defaultPrevented, false);
  // From the article (main, focused to scroll it): Shift+Tab stays in the reader, Tab goes to the article's links.
  $('main').focus();
  assert.equal(key(doc, 'Tab').defaultPrevented, false);
  assert.equal(key(doc, 'Tab', true).defaultPrevented, false);
  // An open panel's controls are in the round; hidden ones are not.
  $('settings-toggle').click();
  assert.equal($('settings').hidden, false);
  $('close').focus();
  key(doc, 'Tab', true);
  assert.equal(doc.activeElement, $('source'));
  $('article').hidden = true; // (an error shown instead of the article)
  $('close').focus();
  key(doc, 'Tab', true);
  assert.equal(doc.activeElement.getAttribute('aria-label'), 'Looser lines', 'the last control of the settings panel');
});

test('a stepper button disabled at its limit hands the focus to the other button of its pair', async () => {
  const { document: doc, $ } = await openReader();
  $('settings-toggle').click();
  for (const key of ['size', 'width', 'lineHeight']) {
    for (const step of ['1', '-1']) {
      const b = doc.querySelector(`.stepper[data-key="${key}"] [data-step="${step}"]`);
      const other = doc.querySelector(`.stepper[data-key="${key}"] [data-step="${-step}"]`);
      b.focus();
      for (let i = 0; i < 200 && !b.disabled; i++) b.click();
      assert.equal(b.disabled, true, `${key} ${step} reached its limit`);
      assert.equal(doc.activeElement, other, `${key}: the focus went to the other button`);
    }
  }
});

test('the settings panel opens on the checked theme; read aloud keeps its name, its state in aria-pressed', async () => {
  const spoken = [];
  const { document: doc, $ } = await openReader({
    stored: { reader: { theme: 'sepia' } },
    setup: (w) => {
      w.speechSynthesis = { speak: (u) => spoken.push(u), cancel() {} };
      w.SpeechSynthesisUtterance = class {
        constructor(text) {
          this.text = text;
        }
      };
    },
  });
  await until(() => doc.documentElement.dataset.theme === 'sepia', 'the stored settings');
  $('settings-toggle').click();
  assert.equal(doc.activeElement, doc.querySelector('input[name=theme][value=sepia]'));
  // The accessible name: the text without what is hidden from screen readers.
  const name = (el) => el.getAttribute('aria-label') || [...el.childNodes].filter((n) => !(n.nodeType === 1 && n.getAttribute('aria-hidden') === 'true')).map((n) => n.textContent).join('').trim();
  const aloud = $('aloud');
  assert.equal(name(aloud), 'Read aloud');
  aloud.click();
  assert.equal(spoken.length, 1, 'reading');
  assert.equal(aloud.getAttribute('aria-pressed'), 'true');
  assert.equal(name(aloud), 'Read aloud', 'the same name while reading');
  aloud.click();
  assert.equal(aloud.getAttribute('aria-pressed'), 'false');
  assert.equal(name(aloud), 'Read aloud');
  // The "Aa" button's name holds what it shows.
  assert.match(name($('settings-toggle')), /^Aa\b/);
  // The bar is no toolbar (it has no arrow-key navigation) and controls nothing by id.
  assert.equal(doc.querySelector('[role=toolbar], [aria-controls=main]'), null);
});

test('the reader\'s English around the article is marked so; the page\'s text carries the page\'s language', async () => {
  const { document: doc, $ } = await openReader({
    related: { items: [{ url: 'https://other.example/x', title: 'Other story', site: 'Other', source: 'feed', published: '2016-03-15', sharedQuotes: ['we may face it'] }] },
  });
  const article = $('article');
  assert.deepEqual([article.lang, article.dir], ['ar', 'rtl']);
  const langDir = (el) => [el.closest('[lang]').getAttribute('lang'), el.closest('[dir]').getAttribute('dir')];
  assert.equal($('paywall').hidden, false);
  assert.deepEqual(langDir($('paywall')), ['en', 'ltr'], 'the paywall notice');
  assert.deepEqual(langDir($('source')), ['en', 'ltr'], 'the footer');
  assert.deepEqual(langDir($('engine')), ['en', 'ltr']);
  const minutes = [...$('meta').querySelectorAll('span')].find((s) => /min read/.test(s.textContent));
  assert.ok(minutes, `"min read" in a span of its own: ${$('meta').innerHTML}`);
  assert.deepEqual(langDir(minutes), ['en', 'ltr']);
  assert.equal($('meta').textContent, 'A. Writer · 3 min read');
  assert.deepEqual(langDir($('related-title')), ['en', 'ltr'], 'the related coverage card');
  assert.deepEqual(langDir(doc.querySelector('.related-quote')), ['ar', 'auto'], 'a quote from the article');
  assert.equal(doc.querySelector('.related-meta time').lang, 'ar', 'a date formatted in the article\'s language');
  assert.equal(doc.querySelector('.related-title').getAttribute('lang'), '', 'another outlet\'s title: language unknown');
  // The removed panel's snippets are the page's text.
  const summary = doc.querySelector('#removed-list summary');
  assert.deepEqual([summary.lang, summary.dir], ['ar', 'auto']);
  const quote = doc.querySelector('#removed-list blockquote');
  assert.deepEqual([quote.lang, quote.dir], ['ar', 'auto']);
  // A marked quote's tooltip is its description for screen readers too.
  const mark = doc.querySelector('mark.shared-quote');
  assert.equal(mark.title, 'Also quoted by Other');
  const note = doc.getElementById(mark.getAttribute('aria-describedby'));
  assert.ok(note && $('quote-notes').contains(note), 'described by a note in the page');
  assert.equal(note.textContent, 'Also quoted by Other');
});

test('a page without a language: the article does not claim the reader\'s "en"', async () => {
  const { $ } = await openReader({ article: { ...ARTICLE, lang: '', dir: '' } });
  assert.equal($('article').getAttribute('lang'), '', 'lang="" (unknown), not inherited');
  assert.equal($('article').dir, 'auto');
  assert.equal($('removed-list').querySelector('summary').closest('[lang]').getAttribute('lang'), '');
});

/**
 * standbyFrame loads the reader as a standby frame rendering the opening
 * `prefetch` in advance; reader-data answers come from answer(msg), and
 * related-quotes ones from quotes(msg).
 */
function standbyFrame(prefetch, answer, quotes = () => ({ spans: [] })) {
  const page = loadPage('reader/reader', {
    query: `?standby=t1&open=${prefetch}`,
    onMessage: (msg) => {
      if (msg.type === 'reader-data') return answer(msg);
      return msg.type === 'related-quotes' ? quotes(msg) : {};
    },
  });
  const post = (msg) => page.window.dispatchEvent(new page.window.MessageEvent('message', { data: JSON.stringify(msg) }));
  const wake = (open) => post({ type: STANDBY_WAKE, token: 't1', open });
  return { ...page, post, wake, $: (id) => page.document.getElementById(id) };
}

test('a standby frame told by its page that the related index changed renders its article again, with the coverage of now', async () => {
  const related = (title) => ({ items: [{ url: 'https://other.example/x', title, site: 'Other', source: 'feed', published: '', sharedQuotes: [] }] });
  let asked = 0;
  const { $, sent, post, wake } = standbyFrame('p1', () => ({ result: { ...ARTICLE, title: 'Ahead' }, related: related(++asked === 1 ? 'Before' : 'After'), version: '1.0' }));
  const prefetches = () => sent.filter((m) => m.type === 'reader-data' && m.prefetch).length;
  await until(() => sent.some((m) => m.type === 'reader-prefetched'), 'the article rendered in advance');
  // Not with another token, nor another type: the page cannot know the token.
  post({ type: STANDBY_RELATED, token: 'guess' });
  post({ type: 'related-changed', token: 't1' });
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(prefetches(), 1, 'nothing asked again');
  post({ type: STANDBY_RELATED, token: 't1' });
  await until(() => prefetches() === 2, 'the article asked for again');
  await until(() => sent.filter((m) => m.type === 'reader-prefetched').length === 2, 'rendered again');
  wake('p1');
  await until(() => sent.some((m) => m.type === 'reader-painted'), 'the frame to report painting');
  assert.deepEqual([...$('related-list').querySelectorAll('.related-title')].map((a) => a.textContent), ['After']);
  // Shown: a later note changes nothing.
  post({ type: STANDBY_RELATED, token: 't1' });
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(prefetches(), 2);
});

test('a standby frame shown for another opening than the one it was rendering in advance does not wait for that one', async () => {
  // The background never answers for the superseded opening (it waits for the page to name it).
  const { $, sent, wake } = standbyFrame('p1', (msg) => (msg.open === 'p1' ? new Promise(() => {}) : { result: { ...ARTICLE, title: 'Shown' }, version: '1.0' }));
  await until(() => sent.some((m) => m.type === 'reader-data' && m.open === 'p1' && m.prefetch), 'the request rendering in advance');
  wake('o2');
  await until(() => !$('article').hidden, 'the article of the opening shown');
  assert.equal($('title').textContent, 'Shown');
  assert.ok(sent.some((m) => m.type === 'reader-data' && m.open === 'o2' && !m.prefetch), 'asked for the opening it was shown for');
});

test('an article rendered in advance that arrives after the frame was shown for another opening is never drawn over it', async () => {
  let late;
  const { $, sent, wake } = standbyFrame('p1', (msg) => (msg.open === 'p1' ? new Promise((r) => { late = r; }) : { result: { ...ARTICLE, title: 'Shown' }, version: '1.0' }));
  await until(() => late, 'the request rendering in advance');
  wake('o2');
  await until(() => $('title').textContent === 'Shown', 'the article of the opening shown');
  late({ result: { ...ARTICLE, title: 'Stale' }, version: '1.0' });
  await new Promise((r) => setTimeout(r, 50));
  assert.equal($('title').textContent, 'Shown');
  assert.ok(!sent.some((m) => m.type === 'reader-prefetched'), 'the page is not told the stale article is ready');
});

test('a standby frame shown for the opening it rendered in advance shows it without asking again', async () => {
  const { $, sent, wake } = standbyFrame('p1', () => ({ result: { ...ARTICLE, title: 'Ahead' }, version: '1.0' }));
  await until(() => sent.some((m) => m.type === 'reader-prefetched'), 'the article rendered in advance');
  wake('p1');
  await until(() => sent.some((m) => m.type === 'reader-painted'), 'the frame to report painting');
  assert.equal($('title').textContent, 'Ahead');
  assert.equal(sent.filter((m) => m.type === 'reader-data').length, 1, 'one request, the one in advance');
});

test('a rendering in advance still marking its quotes when the frame is shown for another opening draws nothing of it', async () => {
  let release;
  const held = new Promise((r) => { release = r; });
  const related = { items: [{ url: 'https://other.example/x', title: 'Other story', site: 'Other', source: 'feed', published: '', sharedQuotes: ['we may face it'] }] };
  const { $, sent, wake } = standbyFrame(
    'p1',
    (msg) => (msg.open === 'p1'
      ? { result: { ...ARTICLE, title: 'Stale', content: '<p>Stale text: we may face it.</p>' }, related, version: '1.0' }
      : { result: { ...ARTICLE, title: 'Shown', content: '<p>Shown text.</p>' }, version: '1.0' }),
    async (msg) => {
      await held;
      return { spans: msg.passages.map((p) => ({ start: msg.text.indexOf(p), end: msg.text.indexOf(p) + p.length })) };
    },
  );
  await until(() => sent.some((m) => m.type === 'related-quotes'), 'the rendering in advance marking its quotes');
  wake('o2');
  await until(() => $('content').textContent.includes('Shown text'), 'the article of the opening shown');
  release();
  await new Promise((r) => setTimeout(r, 50));
  assert.equal($('title').textContent, 'Shown');
  assert.ok(!$('content').textContent.includes('Stale'), `the superseded article is not drawn: ${$('content').textContent}`);
  assert.equal($('related').hidden, true, 'nor its related coverage');
  assert.ok(!sent.some((m) => m.type === 'reader-prefetched'), 'and the page is not told it is ready');
});
