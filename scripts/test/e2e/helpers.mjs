// Shared helpers of the browser tests.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../../lib/server.mjs';
import { OFFSCREEN_PATH } from '../../../extension/background/engine-rpc.js';

/** The build folder under test ($TIDINGS_BUILD, default build/). */
export const BUILD = process.env.TIDINGS_BUILD || join(ROOT, 'build');
export const EXT_CHROMIUM = join(BUILD, 'chromium');
export const EXT_FIREFOX = join(BUILD, 'firefox');
export const CLI = join(BUILD, 'tidings');
export const ARTIFACTS = join(BUILD, 'test-artifacts');
/** The message used to skip tests that need the engine to return detections. */
export const WAITS_FOR_DETECTIONS = 'waits for detections (issue 3): the engine returned none for this page';
export const WAITS_FOR_SETRULES = 'waits for tidings.setRules in the bridge (issue 3): user rules cannot reach the engine yet';

export function artifactPath(name) {
  mkdirSync(ARTIFACTS, { recursive: true });
  return join(ARTIFACTS, name);
}

export function buildMissing() {
  for (const p of [join(EXT_CHROMIUM, 'manifest.json'), join(EXT_CHROMIUM, 'tidings.wasm'), CLI]) {
    if (!existsSync(p)) return `${p} is missing: run make build`;
  }
  return '';
}

// Browsers whose service worker stopServiceWorker stopped, and that it
// may not have been started again since.
const maybeStopped = new WeakSet();

/**
 * sw returns the extension's service worker. Playwright keeps one object
 * for it through its restarts; while it is stopped, calls into it wait.
 * After stopServiceWorker, and unless something woke it meanwhile (a
 * page's message), it is started as an extension event would start it
 * (DevTools' ServiceWorker.startWorker).
 */
export async function sw(b) {
  if (maybeStopped.has(b)) {
    await withCDP(b, async (cdp) => {
      const { targetInfos } = await cdp.send('Target.getTargets');
      if (targetInfos.some((t) => t.type === 'service_worker' && t.url.startsWith(b.extURL('')))) return;
      await cdp.send('ServiceWorker.enable');
      await cdp.send('ServiceWorker.startWorker', { scopeURL: b.extURL('') });
    });
    maybeStopped.delete(b);
  }
  if (b.live.sw) return b.live.sw;
  const listed = b.ctx.serviceWorkers().find((w) => w.url().startsWith(`chrome-extension://${b.extId}/`));
  if (listed) return listed;
  return b.ctx.waitForEvent('serviceworker', { predicate: (w) => w.url().startsWith(`chrome-extension://${b.extId}/`), timeout: 20000 });
}

/**
 * stopServiceWorker stops the extension's service worker as Chromium does
 * when it idles out (DevTools' ServiceWorker.stopAllWorkers, from a blank
 * page: an extension page would wake the worker again with its messages)
 * and waits until it has stopped.
 */
export async function stopServiceWorker(b) {
  await withCDP(b, async (cdp) => {
    const status = new Map();
    // A message from an open page may start the worker again at once: it
    // stopped if it was seen stopped after the command.
    let stopped = false;
    let asked = false;
    cdp.on('ServiceWorker.workerVersionUpdated', (e) => {
      for (const v of e.versions) {
        if (!v.scriptURL.startsWith(`chrome-extension://${b.extId}/`)) continue;
        status.set(v.versionId, v.runningStatus);
        if (asked && v.runningStatus === 'stopped') stopped = true;
      }
    });
    await cdp.send('ServiceWorker.enable');
    asked = true;
    await cdp.send('ServiceWorker.stopAllWorkers');
    await poll(
      () => stopped || (status.size > 0 && [...status.values()].every((s) => s === 'stopped')),
      'the service worker to stop',
      15000,
      { intervalMs: 50, describe: () => JSON.stringify([...status]) },
    );
  });
  maybeStopped.add(b);
}

/**
 * stopEngine stops the engine as well as the worker: it stops the service
 * worker, then closes the offscreen document whose worker runs the engine
 * (Chromium keeps it open while the browser runs; a crash closes it), by
 * DevTools, so that no service worker sees it go and opens it again. The
 * next page starts both again.
 */
export async function stopEngine(b) {
  for (let attempt = 1; ; attempt++) {
    await stopServiceWorker(b);
    const closed = await withCDP(b, async (cdp) => {
      const doc = await engineDocument(cdp, b);
      if (doc) await cdp.send('Target.closeTarget', { targetId: doc.targetId });
      return poll(async () => !(await engineDocument(cdp, b)), 'the engine document to close', 2000).then(() => true, () => false);
    });
    // (An open page may have woken the worker, which opened it again.)
    if (closed) return;
    if (attempt === 6) throw new Error('the engine document did not stay closed');
  }
}

/**
 * engineInDocument resolves once the service worker's calls go to the
 * engine beside the offscreen document: an engine the worker started
 * itself, none running, hands them over once idle (engine-place.js).
 */
export function engineInDocument(b, ms = 20000) {
  let where = '';
  return poll(
    async () => {
      where = await swEval(b, () => globalThis.tidingsHost.engine.ready().then(() => globalThis.tidingsHost.enginePlace.where));
      return where === 'document';
    },
    'the engine to move to its document',
    ms,
    { describe: () => where },
  );
}

/** engineDocumentOpen tells whether the extension's offscreen document is open (DevTools' target list). */
export function engineDocumentOpen(b) {
  return withCDP(b, async (cdp) => !!(await engineDocument(cdp, b)));
}

async function engineDocument(cdp, b) {
  const { targetInfos } = await cdp.send('Target.getTargets');
  return targetInfos.find((t) => t.url === b.extURL(OFFSCREEN_PATH)) || null;
}

// browser → the blank page that withCDP's sessions attach to.
const controlPages = new WeakMap();

/**
 * withCDP calls fn with a DevTools session of a blank page of its own,
 * opened once per browser and never closed: closing a tab wakes the
 * extension's service worker (tabs.onRemoved), which would open the
 * engine's document again right after stopEngine closed it.
 */
async function withCDP(b, fn) {
  let page = controlPages.get(b);
  if (!page || page.isClosed()) {
    page = await b.ctx.newPage();
    controlPages.set(b, page);
  }
  const cdp = await b.ctx.newCDPSession(page);
  try {
    return await fn(cdp);
  } finally {
    await cdp.detach().catch(() => {});
  }
}

/** swEval evaluates fn(arg) in the service worker. */
export async function swEval(b, fn, arg, timeoutMs = 30000) {
  const worker = await sw(b);
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the service worker did not answer in ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([worker.evaluate(fn, arg), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** tabId finds the tab of a page by the address its content script reported. */
export async function tabId(b, page, timeoutMs = 15000) {
  return poll(
    () => swEval(b, (u) => globalThis.tidingsHost.tabFor(u), page.url()).then((id) => (id != null ? { id } : null)),
    `a tab reported for ${page.url()}`,
    timeoutMs,
  ).then((got) => got.id);
}

/** toTab sends a message to a page's content script through the service worker. */
export async function toTab(b, page, msg) {
  const id = await tabId(b, page);
  return swEval(b, ([t, m]) => chrome.tabs.sendMessage(t, m, { frameId: 0 }), [id, msg]);
}

/** waitCleanup waits until the content script's first cleanup finished and returns its stats. */
export async function waitCleanup(b, page, timeoutMs = 60000) {
  return waitStats(b, page, (stats) => stats.cleanupDone && stats, `cleanup to finish on ${page.url()}`, timeoutMs);
}

/**
 * poll calls check (sync or async) every intervalMs until it returns
 * something truthy, and returns that; after timeoutMs it fails naming
 * `what` and, when given, describe()'s account of the last state.
 */
export async function poll(check, what, timeoutMs = 20000, { intervalMs = 100, describe = null } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const got = await check();
    if (got) return got;
    if (Date.now() > deadline) throw new Error(`waited in vain for ${what}${describe ? `: ${describe()}` : ''}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/**
 * waitStats polls the page's content script statistics until pick(stats)
 * returns something truthy, and returns that; it fails naming `what`.
 */
export async function waitStats(b, page, pick, what, timeoutMs = 60000) {
  let stats = null;
  return poll(async () => {
    stats = await toTab(b, page, { type: 'stats' }).catch(() => null);
    return stats && pick(stats);
  }, what, timeoutMs, { describe: () => JSON.stringify(stats) });
}

/**
 * waitPainted waits until the page's reader opening number n (counted
 * from 1; the latest when n is 0) has painted, and returns its figures.
 */
export function waitPainted(b, page, n = 0, timeoutMs = 60000) {
  return waitStats(b, page, (s) => {
    const r = n ? s.reader[n - 1] : s.reader[s.reader.length - 1];
    return r && r.t1 ? r : null;
  }, 'the reader to paint', timeoutMs);
}

/** readerFrame waits for the reader frame to show an article (or an error) and returns it. */
export async function readerFrame(page, timeoutMs = 60000) {
  let why = 'no reader frame';
  return poll(async () => {
    const f = page.frames().find((fr) => fr.url().includes('/reader/reader.html'));
    why = 'no reader frame';
    if (!f) return null;
    // A frame in standby may have rendered the article in advance while
    // still hidden: the reader view has appeared once its frame is shown.
    why = 'the reader frame is not shown';
    const shown = await withTimeout(
      f.frameElement().then((el) => el.isVisible()),
      2000,
    ).catch(() => false);
    if (!shown) return null;
    why = 'the reader frame shows no article';
    const ready = await withTimeout(
      f.evaluate(() => !document.getElementById('article').hidden || /could not/.test(document.getElementById('status').textContent)),
      2000,
    ).catch((err) => {
      why = `the reader frame does not answer (${err.message})`;
      return false;
    });
    return ready ? f : null;
  }, 'the reader view to appear', timeoutMs, { intervalMs: 50, describe: () => why });
}

/**
 * readerClosed waits until no reader frame is shown: none on the page, or
 * only a frame loaded in standby for the next toggle (hidden, not shown yet).
 */
export async function readerClosed(page, timeoutMs = 10000) {
  let seen = [];
  await poll(async () => {
    const frames = page.frames().filter((fr) => fr.url().includes('/reader/reader.html'));
    seen = await Promise.all(
      frames.map((fr) => withTimeout(fr.evaluate(() => document.documentElement.dataset.standby || 'not in standby'), 2000).catch((err) => `no answer: ${err.message}`)),
    );
    return seen.every((s) => s === 'waiting');
  }, 'the reader view to close', timeoutMs, { intervalMs: 50, describe: () => `reader frames: ${JSON.stringify(seen)}` });
}

/**
 * pageState is the page's markup without the elements Tidings adds (a
 * reader frame in standby, hidden, may come and go), with the scroll
 * position, and what Tidings' own elements on the page show: only hidden
 * standby frames are allowed while the reader is closed.
 */
export async function pageState(page) {
  return page.evaluate(() => {
    const own = [...document.documentElement.children].filter((el) => el.hasAttribute('data-tidings-own'));
    let html = document.documentElement.outerHTML;
    for (const el of own) {
      const s = el.outerHTML;
      const at = html.lastIndexOf(s);
      if (at >= 0) html = html.slice(0, at) + html.slice(at + s.length);
    }
    const shownOwn = own.filter((el) => getComputedStyle(el).display !== 'none').map((el) => el.localName);
    return { html, x: scrollX, y: scrollY, shownOwn };
  });
}

/** withTimeout rejects when p takes longer than ms. */
export function withTimeout(p, ms) {
  let timer;
  return Promise.race([p, new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms)))]).finally(() => clearTimeout(timer));
}

/** cliClean runs the native CLI on a file (.html or .html.gz) and returns its JSON result. */
export function cliClean(file, url) {
  return JSON.parse(execFileSync(CLI, ['clean', '--format', 'json', '--url', url, file], { maxBuffer: 64 << 20 }).toString('utf8'));
}

/**
 * articleText is the text a reader view should show for an engine result:
 * its sanitized `content` passed through the reader's own sanitizer, as
 * DOM text with all whitespace removed (block boundaries are layout, not
 * text). Also returns the text the reader's sanitizer dropped, if any.
 */
export async function articleText(content) {
  const { JSDOM } = await import('jsdom');
  const { sanitizeArticle } = await import('../../../extension/reader/sanitize.js');
  const doc = new JSDOM('<!DOCTYPE html><body><div id="c"></div></body>', { url: 'chrome-extension://x/reader/reader.html' }).window.document;
  const raw = new JSDOM(`<!DOCTYPE html><body>${content}`).window.document.body.textContent;
  doc.getElementById('c').appendChild(sanitizeArticle(content, doc));
  const text = doc.getElementById('c').textContent;
  return { text: squash(text), dropped: squash(raw).length - squash(text).length };
}

/** squash removes all whitespace. */
export function squash(s) {
  return String(s || '').replace(/\s+/g, '');
}

/** words normalizes text for comparing rendered text: whitespace runs to one space. */
export function words(s) {
  return String(s || '').replace(/\s+/g, ' ').trim();
}
