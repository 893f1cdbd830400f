// The background (extension/background/main.js) under Node: a stand-in for
// chrome.* whose storage.local refuses writes past Chromium's 10 MB quota
// (as without unlimitedStorage), the real engine, fake-indexeddb. Stored
// rules must survive a write that failed.
import test from 'node:test';
import assert from 'node:assert/strict';
import { startBackground, noWasm } from './background-harness.mjs';

test('a subscription too large to store is an error, and the rules saved after it are kept', { skip: noWasm }, async () => {
  const stored = { rules: { schema: 1, custom: 'news.example##.promo\n', imported: [], subscriptions: [] } };
  // Together more than the quota: the second one cannot be stored.
  const lists = {
    'https://lists.example/a.txt': '! Title: A\n' + 'example.org##.some-long-class-name\n'.repeat(170_000),
    'https://lists.example/b.txt': '! Title: B\n' + 'example.net##.other-long-class-name\n'.repeat(130_000),
  };
  const { send } = await startBackground(stored, lists);
  const options = { url: 'chrome-extension://tidings/options/options.html' };
  const tab = { tab: { id: 3, incognito: false }, frameId: 0, url: 'https://news.example/a' };

  const a = await send({ type: 'subscribe', url: 'https://lists.example/a.txt' }, options);
  assert.equal(a.subscription.error, '');
  const b = await send({ type: 'subscribe', url: 'https://lists.example/b.txt' }, options);
  assert.match(b.error || '', /quota/i, 'the failed write is reported');
  // The picker's rule and "not a banner" are saved all the same.
  const picked = await send({ type: 'add-rule', host: 'news.example', selector: '.newsletter', category: 'newsletter' }, tab);
  assert.equal(picked.ok, true, JSON.stringify(picked));
  const exception = await send({ type: 'not-a-banner', host: 'news.example', detection: { kind: 'css', rule: { text: '##.promo' } } }, tab);
  assert.equal(exception.ok, true, JSON.stringify(exception));
  assert.equal(stored.rules.custom, 'news.example##.promo\nnews.example##.newsletter:category(newsletter)\nnews.example#@#.promo\n');
  assert.equal(stored.rules.subscriptions.find((s) => s.url.endsWith('a.txt')).text, lists['https://lists.example/a.txt']);
});
