// The background (main.js) under Node with the real engine: an article
// recorded for related coverage changes the index, and the background tells
// each tab's page so (tabs.sendMessage), whose content script passes it on
// to its reader frame in standby. It sends no runtime message: a runtime
// listener in the reader frames would receive every message of every
// content script, the whole HTML of each page cleaned included.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../../lib/server.mjs';
import { startBackground, noWasm } from './background-harness.mjs';
import { until } from './extension-page.mjs';

const SEED = 'moscowtimes-kerry-syria';

test('an article recorded: each tab not discarded hears that the related index changed, and no runtime message goes out', { skip: noWasm }, async () => {
  const { send, chrome } = await startBackground({});
  const toTabs = [];
  const runtimeSent = [];
  chrome.tabs.query = async () => [{ id: 7 }, { id: 8, discarded: true }, { id: 9 }];
  chrome.tabs.sendMessage = async (tabId, msg, opts) => {
    toTabs.push({ tabId, type: msg.type, frameId: opts && opts.frameId });
  };
  chrome.runtime.sendMessage = async (msg) => {
    runtimeSent.push(msg.type);
  };
  const html = readFileSync(join(ROOT, `testdata/seeds/${SEED}.html`), 'utf8');
  const url = `http://127.0.0.1:8000/seeds/${SEED}.html`;
  const sender = { tab: { id: 7, incognito: false }, frameId: 0, url };
  const auto = await send({ type: 'clean', html, url, purpose: 'auto', id: 'c1' }, sender);
  assert.equal(auto.error, undefined);
  assert.ok(auto.readerable, 'an article page');
  // The page has hidden what was detected: the article is extracted and recorded.
  await send({ type: 'hidden-count', count: auto.detections.length }, sender);
  const told = () => toTabs.filter((m) => m.type === 'related-changed');
  await until(() => told().length >= 2, 'the tabs told that the related index changed', 20000);
  await new Promise((r) => setTimeout(r, 100));
  assert.deepEqual(told().map((m) => m.tabId).sort(), [7, 9], 'each tab but the discarded one, once');
  assert.ok(told().every((m) => m.frameId === 0), 'to the page itself, whose content script holds the frame');
  assert.deepEqual(runtimeSent.filter((t) => t === 'related-changed'), [], 'no runtime message');
  assert.equal((await globalThis.tidingsHost.related.info()).articles, 1, 'the article was recorded');
});
