import test from 'node:test';
import assert from 'node:assert/strict';
import { download, looksLikeList, updateDue } from '../../../extension/background/subscriptions.js';

const H = 3600 * 1000;
const fakeFetch = (status, body) => async () => ({ ok: status >= 200 && status < 300, status, text: async () => body });

test('a successful download records title, Expires and time', async () => {
  const sub = await download({ url: 'https://x/l.txt', title: '' }, 1000, fakeFetch(200, '! Title: T\n! Expires: 3 hours\n##.a\n'));
  assert.equal(sub.title, 'T');
  assert.equal(sub.expiresMs, 3 * H);
  assert.equal(sub.lastUpdate, 1000);
  assert.equal(sub.lastAttempt, 1000);
  assert.equal(sub.error, '');
  assert.match(sub.text, /##\.a/);
});

test('failures keep the previous text and say why', async () => {
  const prev = { url: 'https://x/l.txt', text: '##.old', lastUpdate: 5 };
  const http = await download(prev, 1000, fakeFetch(404, 'nope'));
  assert.equal(http.error, 'HTTP 404');
  assert.equal(http.text, '##.old');
  assert.equal(http.lastUpdate, 5);
  const html = await download(prev, 1000, fakeFetch(200, '<!DOCTYPE html><html>login</html>'));
  assert.match(html.error, /does not look like a filter list/);
  const net = await download(prev, 1000, async () => {
    throw new TypeError('Failed to fetch');
  });
  assert.equal(net.error, 'Failed to fetch');
  assert.equal(looksLikeList('! x\n##.a'), true);
  assert.equal(looksLikeList('\u0000\u0001'), false);
});

test('updateDue downloads only what is due, or one, or all when forced', async () => {
  let calls = 0;
  const f = async () => {
    calls++;
    return { ok: true, status: 200, text: async () => '##.a' };
  };
  const now = 10 * H;
  const subs = [
    { url: 'https://x/due', lastUpdate: now - 6 * H, expiresMs: 5 * H },
    { url: 'https://x/fresh', lastUpdate: now - H, expiresMs: 5 * H },
  ];
  const out = await updateDue(subs, { now, fetchFn: f });
  assert.equal(calls, 1);
  assert.equal(out[0].lastUpdate, now);
  assert.equal(out[1], subs[1]);
  await updateDue(subs, { now, force: true, fetchFn: f });
  assert.equal(calls, 3);
  await updateDue(subs, { now, only: 'https://x/fresh', fetchFn: f });
  assert.equal(calls, 4);
});
