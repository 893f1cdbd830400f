// The background (extension/background/main.js) under Node, for the unit
// tests: a stand-in for chrome.* whose storage.local refuses writes past
// Chromium's 10 MB quota (as without unlimitedStorage), the real engine
// (build/tidings.wasm), fake-indexeddb. The background is a module with
// state of its own: one per test file (node --test runs each file in a
// process of its own).
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { ROOT } from '../../lib/server.mjs';

const BUILD = process.env.TIDINGS_BUILD || join(ROOT, 'build');
const WASM = join(BUILD, 'tidings.wasm');
/** The reason to skip the tests that need the engine, or false. */
export const noWasm = !existsSync(WASM) && 'build/tidings.wasm is missing: run make build';

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

/**
 * startBackground runs the background with storage.local holding `stored`
 * and fetch answering `lists` (url → text); resolves once its engine has
 * started, to {send, chrome}: send(msg, sender) delivers a runtime message
 * and resolves to the answer.
 */
export async function startBackground(stored, lists = {}) {
  const { chrome, send, fetchFn } = fakeChrome(stored, lists);
  globalThis.chrome = chrome;
  globalThis.fetch = fetchFn;
  globalThis.indexedDB = new IDBFactory();
  globalThis.IDBKeyRange = IDBKeyRange;
  createRequire(import.meta.url)(join(BUILD, 'wasm_exec.js'));
  await import('../../../extension/background/main.js');
  await globalThis.tidingsHost.engine.ready();
  return { send, chrome };
}
