import test from 'node:test';
import assert from 'node:assert/strict';
import { download, looksLikeList, updateDue } from '../../../extension/background/subscriptions.js';
import { stream } from './stream.mjs';

const H = 3600 * 1000;
// Real Response objects, as fetch gives them.
const fakeFetch = (status, body) => async () => new Response(body, { status });

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
    return new Response('##.a', { status: 200 });
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

test('the time limit covers the body: a list trickled forever times out', async () => {
  const prev = { url: 'https://x/slow.txt', text: '##.old', lastUpdate: 5 };
  // One line, then nothing more for a minute.
  const { body, abortOn } = stream((n) => (n === 1 ? new TextEncoder().encode('! Title: slow\n') : new Promise((r) => setTimeout(r, 60000).unref())));
  const t0 = Date.now();
  const out = await download(prev, 1000, async (url, init) => {
    abortOn(init.signal);
    return new Response(body, { status: 200 });
  }, { timeoutMs: 200 });
  assert.equal(out.error, 'the download timed out');
  assert.equal(out.text, '##.old', 'the previous text is kept');
  assert.ok(Date.now() - t0 < 5000);
});

test('a list without Content-Length is read only up to the limit', async () => {
  const mb = new Uint8Array(1 << 20).fill(0x61); // 'a'
  const { body, stats } = stream(() => mb); // endless
  const out = await download({ url: 'https://x/huge.txt' }, 1000, async () => new Response(body, { status: 200 }));
  assert.match(out.error, /larger than/);
  assert.ok(stats.pulls < 40, `read ${stats.pulls} MB before stopping`);
  assert.ok(stats.cancelled, 'the download is cancelled');
});
