// The background (main.js) under Node with the real engine: an article lost
// with its engine. The in-page cleanup has the page's detections at once and
// its article extracted later (engine.detect); an engine that ends in
// between (a crash, or the offscreen document closed) loses that article.
// The reader toggled on the page then asks it for its HTML again, and
// opens on a fresh engine.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../../lib/server.mjs';
import { startBackground, noWasm } from './background-harness.mjs';

const SEED = 'moscowtimes-kerry-syria';

test('an article lost with its engine: the reader asks the page for its HTML again, and a fresh engine extracts it', { skip: noWasm }, async () => {
  const { send } = await startBackground({});
  const html = readFileSync(join(ROOT, `testdata/seeds/${SEED}.html`), 'utf8');
  const url = `http://127.0.0.1:8000/seeds/${SEED}.html`;
  const sender = { tab: { id: 7, incognito: false }, frameId: 0, url };
  const host = globalThis.tidingsHost;

  const auto = await send({ type: 'clean', html, url, purpose: 'auto', id: 'c1' }, sender);
  assert.equal(auto.error, undefined);
  assert.ok(auto.readerable && auto.detections.length > 0, 'the detections came at once');
  assert.equal(host.engine.waiting.length, 1, 'the article is not extracted yet');
  const startsBefore = host.engine.stats.starts;
  (await host.engine.ready()).exit(); // the engine ends before extracting it

  const reuse = await send({ type: 'clean', url, purpose: 'reader', reuse: 'c1', open: 'o1', links: [] }, sender);
  assert.deepEqual(reuse, { needHtml: true }, 'the lost article is not reused: the page must send its HTML');

  const fresh = await send({ type: 'clean', html, url, purpose: 'reader', id: 'c2', open: 'o2', links: [] }, sender);
  assert.equal(fresh.ok, true, JSON.stringify(fresh));
  assert.equal(host.engine.stats.starts, startsBefore + 1, 'a fresh engine started');
  const data = await send({ type: 'reader-data', open: 'o2' }, { ...sender, frameId: 3, url: 'chrome-extension://tidings/reader/reader.html' });
  assert.equal(data.error, undefined);
  assert.equal(data.result.error, undefined);
  assert.match(data.result.title, /Kerry/);
  assert.ok(data.result.content.length > 1000, 'the whole article');
  // The next reuse of that clean finds the article.
  const again = await send({ type: 'clean', url, purpose: 'reader', reuse: 'c2', open: 'o3', links: [] }, sender);
  assert.deepEqual(again, { ok: true, reused: true });
});
