// An extension page (reader, popup) under jsdom: its HTML, with its script
// bundled as the build bundles it and run in the page's window, against a
// stub of the WebExtension API whose messages the test answers.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { JSDOM } from 'jsdom';
import { ROOT } from '../../lib/server.mjs';
import { bundle } from '../../lib/bundle.mjs';

const SRC = join(ROOT, 'extension');

/**
 * loadPage loads extension/<page>.html at ?query with <page>.js running.
 * onMessage(msg) answers runtime messages, onTabMessage(tabId, msg) tab
 * messages, `stored` is storage.local. Returns {window, document, sent, stored}.
 */
export function loadPage(page, { query = '', onMessage = () => undefined, onTabMessage = () => null, stored = {}, setup = () => {} } = {}) {
  const html = readFileSync(join(SRC, `${page}.html`), 'utf8');
  const dom = new JSDOM(html, { url: `chrome-extension://tidings/${page}.html${query}`, runScripts: 'outside-only', pretendToBeVisual: true });
  const w = dom.window;
  const sent = [];
  w.chrome = {
    runtime: {
      sendMessage: async (msg) => {
        sent.push(msg);
        return onMessage(msg);
      },
      onMessage: { addListener() {} },
      getURL: (p) => `chrome-extension://tidings/${p}`,
      openOptionsPage() {},
    },
    tabs: {
      query: async () => [{ id: 1 }],
      sendMessage: async (tabId, msg) => {
        sent.push(msg);
        return onTabMessage(tabId, msg);
      },
    },
    storage: {
      local: {
        get: async (keys) => {
          const list = keys == null ? Object.keys(stored) : [].concat(keys);
          return Object.fromEntries(list.filter((k) => k in stored).map((k) => [k, structuredClone(stored[k])]));
        },
        set: async (o) => Object.assign(stored, structuredClone(o)),
      },
      onChanged: { addListener() {} },
    },
  };
  // Not in jsdom.
  w.Element.prototype.scrollIntoView = function () {};
  setup(w);
  w.eval(bundle(join(SRC, `${page}.js`), SRC));
  return { window: w, document: w.document, sent, stored };
}

/** until polls check() (every few ms) until it returns something truthy, and returns that. */
export async function until(check, what, timeoutMs = 2000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const got = check();
    if (got) return got;
    if (Date.now() > deadline) throw new Error(`waited in vain for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
