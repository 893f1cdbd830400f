// The background (extension/background/main.js) under Node: a stand-in for
// chrome.* whose storage.local refuses writes past Chromium's 10 MB quota
// (as without unlimitedStorage), the real engine, fake-indexeddb. Stored
// rules must survive a write that failed.
import test from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { ROOT } from '../../lib/server.mjs';

const BUILD = process.env.TIDINGS_BUILD || join(ROOT, 'build');
const WASM = join(BUILD, 'tidings.wasm');
const noWasm = !existsSync(WASM) && 'build/tidings.wasm is missing: run make build';
/** chrome.storage.local's quota without unlimitedStorage. */
const QUOTA_BYTES = 10 * 1024 * 1024;

/** fakeChrome is the part of chrome.* the background uses; send(msg, sender) delivers a runtime message. */
function fakeChrome(stored, lists) {
  let onMessage = null;
  const changed = [];
  const ev = () => ({ addListener() {} });
  const size = (o) => Object.entries(o).reduce((n, [k, v]) => n + k.length + JSON.stringify(v).length, 0);
  const chrome = {
    runtime: { getURL: (p) => `chrome-extension://tidings/${p}`, onMessage: { addListener: (f) => (onMessage = f) }, onInstalled: ev(), onStartup: ev(), sendMessage: async () => undefined },
    storage: {
      local: {
        get: async (keys) => Object.fromEntries([].concat(keys ?? Object.keys(stored)).filter((k) => k in stored).map((k) => [k, structuredClone(stored[k])])),
        set: async (o) => {
          if (size({ ...stored, ...o }) > QUOTA_BYTES) throw new Error('QUOTA_BYTES quota exceeded');
          const changes = Object.fromEntries(Object.entries(o).map(([k, v]) => [k, { newValue: structuredClone(v) }]));
          Object.assign(stored, structuredClone(o));
          setTimeout(() => changed.forEach((f) => f(changes, 'local')), 0);
        },
      },
      onChanged: { addListener: (f) => changed.push(f) },
    },
    permissions: { contains: async () => true, remove: async () => true },
    tabs: { onRemoved: ev(), sendMessage: async () => undefined, create: async () => undefined, query: async () => [] },
    action: { setBadgeText: async () => {}, setBadgeBackgroundColor: async () => {} },
    commands: { onCommand: ev() },
    contextMenus: { onClicked: ev(), removeAll: async () => {}, create() {} },
  };
  const send = (msg, sender) =>
    new Promise((resolve) => {
      if (onMessage(msg, sender, resolve) !== true) resolve(undefined);
    });
  const fetchFn = async (url) => {
    if (String(url).endsWith('tidings.wasm')) return new Response(readFileSync(WASM), { headers: { 'content-type': 'application/wasm' } });
    return lists[url] ? new Response(lists[url]) : new Response('no', { status: 404 });
  };
  return { chrome, send, fetchFn };
}

test('a subscription too large to store is an error, and the rules saved after it are kept', { skip: noWasm }, async () => {
  const stored = { rules: { schema: 1, custom: 'news.example##.promo\n', imported: [], subscriptions: [] } };
  // Together more than the quota: the second one cannot be stored.
  const lists = {
    'https://lists.example/a.txt': '! Title: A\n' + 'example.org##.some-long-class-name\n'.repeat(170_000),
    'https://lists.example/b.txt': '! Title: B\n' + 'example.net##.other-long-class-name\n'.repeat(130_000),
  };
  const { chrome, send, fetchFn } = fakeChrome(stored, lists);
  globalThis.chrome = chrome;
  globalThis.fetch = fetchFn;
  globalThis.indexedDB = new IDBFactory();
  globalThis.IDBKeyRange = IDBKeyRange;
  createRequire(import.meta.url)(join(BUILD, 'wasm_exec.js'));
  await import('../../../extension/background/main.js');
  await globalThis.tidingsHost.engine.ready();
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
