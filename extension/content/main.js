// The content script (bundled into content.js at build time): sends the
// page's serialized DOM to the background engine, hides what it detected
// (each locator verified first), undoes scroll locks left by hidden
// overlays, opens and closes the reader view, runs the element picker and
// follows abp:subscribe links.
import { api, sendMessage } from '../shared/browser.js';
import { MSG, READER_SHORTCUT } from '../shared/messages.js';
import { DEFAULT_SETTINGS, KEYS, migrate, siteEnabled } from '../shared/settings.js';
import { parseAbpSubscribe } from '../shared/rules.js';
import { OWN_ATTR, serializePage } from './serialize.js';
import { hideDetections, restoreHidden, restoreStyle, unlockPage } from './hide.js';
import { ReaderFrame } from './reader-frame.js';
import { startPicker } from './picker.js';
import { collectHeadlines } from '../shared/headlines.js';

// A toggle from the shortcut may arrive twice (the page's keydown and the
// browser's command); ignore a second one within this window.
const TOGGLE_DEBOUNCE_MS = 400;
// After the first cleanup, pages that add banners later get a few more runs.
const RERUN_QUIET_MS = 500;
const MAX_RERUNS = 3;
const RERUN_WINDOW_MS = 15000;
// Pages whose serialized tree (scripts' and style sheets' text left out)
// is longer than this are not cleaned automatically: 4× the largest page
// in the Zyte corpus (1.5 MB with that text, 0.24 MB without).
// The engine in WebAssembly takes ~0.8 s to detect and ~1.6 s more to
// extract a 5 MB page (4.3 s and 6.9 s at 20 MB), during which the
// background answers no other tab. The reader view still opens on request.
const AUTO_CLEAN_MAX_CHARS = 6 * 1024 * 1024;

const now = () => performance.timeOrigin + performance.now();

const state = {
  host: location.hostname,
  enabled: false,
  readerable: false,
  error: '',
  hidden: [], // {id, detection, el, overlay, undo}
  skipped: [], // {id, detection, reason}
  unlock: [], // style undo records from unlockPage
  reruns: 0,
  observer: null,
  lastToggle: 0,
  // Why the page was not cleaned automatically, for the popup ('' when it was).
  notice: '',
  // The last in-page cleanup's id, and whether the page changed since.
  cleanId: null,
  changedSinceClean: true,
  changeObserver: null,
  // The page's headline links, collected while the page is idle after a
  // cleanup: {cleanId, list}, reused by the reader while the page is unchanged.
  links: null,
  // Whether to keep a reader frame ready in standby (MSG.READER_STANDBY turns it off).
  standby: true,
  // The standby frame's article rendered in advance: {open, cleanId, ready} (see prepareReader).
  prefetch: null,
  stats: { dcl: 0, settings: 0, cleanupDone: 0, cleanupMs: null, cleanMs: null, detections: 0, reader: [], cleanups: [] },
};
const reader = new ReaderFrame(document, api.runtime.getURL('reader/reader.html'));
const settingsLoaded = api.storage.local.get(KEYS.SETTINGS).then((got) => migrate(got[KEYS.SETTINGS], DEFAULT_SETTINGS));

function reportCount() {
  sendMessage({ type: MSG.HIDDEN_COUNT, count: state.hidden.length }).catch(() => {});
}

/** apply hides newly detected elements (already hidden ones stay as they are). */
function apply(detections) {
  const { hidden, skipped } = hideDetections(document, detections);
  const already = new Set(state.hidden.map((h) => h.el));
  const fresh = hidden.filter((h) => {
    if (!already.has(h.el)) return true;
    restoreHidden(h); // hidden twice: undo the second hiding only
    return false;
  });
  state.hidden.push(...fresh);
  state.skipped = skipped;
  if (fresh.some((h) => h.overlay)) state.unlock.push(...unlockPage(document));
  return fresh.length;
}

/** isOwn tells whether a node is an element Tidings added (the reader frame, the picker). */
function isOwn(n) {
  return n.nodeType === 1 && n.hasAttribute(OWN_ATTR);
}

/**
 * watchChanges notes whether the page's tree or text changed after the
 * last cleanup; if not, the reader view reuses that cleanup's article.
 */
function watchChanges() {
  if (state.changeObserver || typeof MutationObserver !== 'function') return;
  state.changeObserver = new MutationObserver((records) => {
    for (const r of records) {
      const own = r.type === 'childList' && [...r.addedNodes, ...r.removedNodes].every(isOwn);
      if (!own) {
        state.changedSinceClean = true;
        return;
      }
    }
  });
  state.changeObserver.observe(document.documentElement, { childList: true, characterData: true, subtree: true });
}

function newCleanId() {
  return `${Date.now()}-${Math.random().toString(36).slice(2)}`;
}

/**
 * runCleanup sends the page to the engine and hides what it found. The
 * first run passes `known`, the content script's own reading of whether
 * cleanup is on here (it sets state.enabled): the engine's answer says it
 * too (from the settings the background keeps), so the page need not wait
 * for its own reading, which can take a long time while the browser loads
 * pages; should that reading, coming later, say off, the hiding is undone.
 */
async function runCleanup(known = null) {
  // Where the time goes (make bench): absolute times, ms.
  const marks = { start: now() };
  const html = serializePage(document);
  marks.serialized = now();
  marks.chars = html.length;
  if (html.length > AUTO_CLEAN_MAX_CHARS) {
    if (known) await known;
    if (state.enabled) state.notice = `This page is too large to clean automatically (${(html.length / 1048576).toFixed(1)} MB of HTML); the reader view still opens.`;
    state.stats.cleanups.push(marks);
    reportCount();
    return;
  }
  state.notice = '';
  const id = newCleanId();
  state.changedSinceClean = false;
  watchChanges();
  const res = await sendMessage({ type: MSG.CLEAN, html, url: location.href, purpose: 'auto', id });
  if (known && !(res && typeof res.enabled === 'boolean')) await known;
  else if (known) {
    state.enabled = res.enabled;
    known.then(() => {
      if (!state.enabled) restoreAll();
    });
  }
  marks.answered = now();
  if (res && res.timing) marks.bg = res.timing;
  state.stats.cleanups.push(marks);
  state.cleanId = id;
  if (!res || res.error) {
    state.error = (res && res.error) || 'no answer from the engine';
    return;
  }
  state.error = '';
  state.readerable = !!res.readerable;
  state.stats.cleanMs = res.cleanMs;
  state.stats.detections = res.detections.length;
  // In-page cleanup is for article pages.
  if (state.enabled && state.readerable) apply(res.detections);
  marks.applied = now();
  reportCount();
  // Article pages: their headline links, for the reader's related coverage,
  // and the reader's frame, loaded hidden so that the toggle only shows it.
  if (state.readerable) whenIdle(cacheHeadlines);
  prepareReaderSoon();
}

/**
 * prepareReaderSoon has a hidden reader frame load in standby once the
 * page has loaded (a frame added earlier would hold its load event back)
 * and is idle: on article pages where cleanup is on, in a visible tab
 * (hidden tabs drop theirs, see visibilitychange), so the browser keeps
 * at most a few.
 */
function prepareReaderSoon() {
  if (!wantsStandbyFrame() || reader.isOpen || reader.isPrepared) return;
  if (document.readyState !== 'complete') {
    window.addEventListener('load', prepareReaderSoon, { once: true });
    return;
  }
  whenIdle(prepareReader);
}

/**
 * prepareReader loads the standby frame. While the page is as the last
 * cleanup saw it, the frame renders that cleanup's article in advance
 * (an opening requested now, state.prefetch), and a toggle that finds
 * the page still unchanged only shows it.
 */
function prepareReader() {
  if (!wantsStandbyFrame() || document.visibilityState !== 'visible' || reader.isOpen || reader.isPrepared) return;
  let open = null;
  state.prefetch = null;
  if (state.cleanId !== null && !state.changedSinceClean) {
    open = newCleanId();
    const prefetch = { open, cleanId: null, ready: false, links: 0 };
    state.prefetch = prefetch;
    requestArticle(open)
      .then((got) => Object.assign(prefetch, got))
      .catch(() => {});
  }
  reader.prepare(open);
}

/** prefetchedOpen is the opening the standby frame has rendered for the page as it still is, or null. */
function prefetchedOpen() {
  const p = state.prefetch;
  const fits = p && p.ready && p.cleanId === state.cleanId && !state.changedSinceClean && reader.isPrepared;
  return fits ? p.open : null;
}

/** wantsStandbyFrame: standby is on, and this is an article page where cleanup is on. */
function wantsStandbyFrame() {
  return state.standby && state.enabled && state.readerable;
}

document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'visible') prepareReaderSoon();
  else reader.discard();
});

function watchLateBanners() {
  if (state.observer || typeof MutationObserver !== 'function') return;
  let timer = 0;
  state.observer = new MutationObserver((records) => {
    const added = records.some((r) => Array.from(r.addedNodes).some((n) => n.nodeType === 1 && !isOwn(n)));
    if (!added) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (!state.enabled || state.reruns >= MAX_RERUNS || now() - state.stats.dcl > RERUN_WINDOW_MS) {
        stopWatching();
        return;
      }
      state.reruns++;
      runCleanup();
    }, RERUN_QUIET_MS);
  });
  state.observer.observe(document.documentElement, { childList: true, subtree: true });
  setTimeout(stopWatching, RERUN_WINDOW_MS);
}

function stopWatching() {
  if (state.observer) state.observer.disconnect();
}

/** restoreLocks puts back the page's own scroll locks, in reverse order of their undoing. */
function restoreLocks() {
  for (let i = state.unlock.length - 1; i >= 0; i--) restoreStyle(state.unlock[i]);
  state.unlock = [];
}

function restoreAll() {
  restoreLocks();
  for (const h of state.hidden) restoreHidden(h);
  state.hidden = [];
  reportCount();
}

async function onDOMReady() {
  state.stats.dcl = now();
  const known = settingsLoaded.then((settings) => {
    state.stats.settings = now();
    state.enabled = siteEnabled(settings, state.host);
  });
  if (!/^https?:$/.test(location.protocol)) return;
  await runCleanup(known);
  state.stats.cleanupDone = now();
  state.stats.cleanupMs = state.stats.cleanupDone - state.stats.dcl;
  if (state.enabled && state.readerable) watchLateBanners();
}

/** closeReader closes the reader view; a new standby frame loads when the page is idle. */
function closeReader() {
  reader.close();
  prepareReaderSoon();
}

function toggleReader(t0) {
  const t = now();
  if (t - state.lastToggle < TOGGLE_DEBOUNCE_MS) return { open: reader.isOpen, ignored: true };
  state.lastToggle = t;
  if (reader.isOpen) {
    closeReader();
    return { open: false };
  }
  const stats = { t0: t0 || t, t1: 0, reused: false };
  state.stats.reader.push(stats);
  // The standby frame may have this version of the page's article already.
  let openId = prefetchedOpen();
  if (openId) {
    // The background, perhaps started again since, learns which page this
    // tab shows (and has started by the time the frame reports painting).
    sendMessage({ type: MSG.WAKE, url: location.href }).catch(() => {});
    // (The headline links went with the prefetch: none collected on the toggle.)
    Object.assign(stats, { reused: true, prefetched: true, links: state.prefetch.links, linksMs: 0, linksCached: true });
  } else {
    // Ask for the article first: the frame loads while the engine works.
    // This opening's id: the frame asks for the article of this request.
    openId = newCleanId();
    requestArticle(openId, stats);
  }
  stats.requested = now();
  stats.prepared = reader.open(openId);
  stats.opened = now();
  return { open: true };
}

/** How long an idle task may wait for the page to be idle. */
const IDLE_TIMEOUT_MS = 3000;

function whenIdle(fn) {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(fn, { timeout: IDLE_TIMEOUT_MS });
  else setTimeout(fn, 0);
}

/** cacheHeadlines collects the page's headline links for the last cleanup's version of the page. */
function cacheHeadlines() {
  if (state.changedSinceClean || state.cleanId === null) return;
  state.links = { cleanId: state.cleanId, list: collectHeadlines(document, location.href) };
}

/**
 * headlineLinks returns the page's headline links (candidates for the
 * reader's related coverage): the ones collected while the page was idle
 * when it has not changed since, otherwise collected now. With `stats`,
 * notes how in the toggle's figures.
 */
function headlineLinks(stats) {
  const t = now();
  const cached = state.links && state.links.cleanId === state.cleanId && !state.changedSinceClean;
  const links = cached ? state.links.list : collectHeadlines(document, location.href);
  if (stats) Object.assign(stats, { links: links.length, linksMs: now() - t, linksCached: cached });
  return links;
}

/**
 * requestArticle has the background prepare this tab's article for the
 * reader under the opening `open`: the last cleanup's when the page has
 * not changed since (and the background still has it), otherwise a fresh
 * clean of the page as it is. Resolves to {cleanId, links}: the cleanup
 * whose article it is, and how many headline links went with the request.
 * `stats`, the toggle's figures, notes how it went (a prefetch for the
 * standby frame has none).
 */
async function requestArticle(open, stats = null) {
  const links = headlineLinks(stats);
  const fresh = async () => {
    // This clean becomes the one later toggles reuse while the page stays as it is.
    const html = serializePage(document);
    const id = newCleanId();
    state.changedSinceClean = false;
    state.cleanId = id;
    await sendMessage({ type: MSG.CLEAN, html, url: location.href, purpose: 'reader', id, open, links });
    return { cleanId: id, links: links.length };
  };
  if (state.cleanId === null || state.changedSinceClean) return fresh();
  const cleanId = state.cleanId;
  const res = await sendMessage({ type: MSG.CLEAN, url: location.href, purpose: 'reader', reuse: cleanId, open, links });
  if (!res || res.needHtml) return fresh();
  if (stats) stats.reused = true;
  return { cleanId, links: links.length };
}

function pageState() {
  const item = (h) => {
    const d = h.detection || {};
    return { id: h.id, category: d.category, kind: d.kind, rule: d.rule, heuristic: d.heuristic, confidence: d.confidence, snippet: d.snippet, reason: h.reason };
  };
  return {
    host: state.host,
    url: location.href,
    enabled: state.enabled,
    readerable: state.readerable,
    readerOpen: reader.isOpen,
    error: state.error,
    notice: state.notice,
    hidden: state.hidden.map(item),
    skipped: state.skipped.map(item),
  };
}

const handlers = {
  [MSG.TOGGLE_READER]: (msg) => toggleReader(msg.t0),
  [MSG.READER_CLOSE]: () => {
    closeReader();
    return { open: false };
  },
  [MSG.READER_STANDBY]: (msg) => {
    state.standby = !!msg.on;
    if (state.standby) prepareReaderSoon();
    else reader.discard();
    return { prepared: reader.isPrepared };
  },
  [MSG.READER_AWAKE]: (msg) => {
    reader.awake(msg.open);
    return { ok: true };
  },
  [MSG.READER_PREFETCHED]: (msg) => {
    if (state.prefetch && state.prefetch.open === msg.open) state.prefetch.ready = true;
    return { ok: true };
  },
  [MSG.READER_PAINTED]: (msg) => {
    // A frame shown with its article rendered in advance never asked for it: it is awake.
    reader.awake(msg.open);
    reader.focusShown();
    const last = state.stats.reader[state.stats.reader.length - 1];
    if (last && !last.t1) {
      last.t1 = msg.t;
      last.marks = msg.marks;
    }
    return { ok: true };
  },
  [MSG.PAGE_STATE]: () => pageState(),
  [MSG.SHOW_AGAIN]: (msg) => {
    const i = state.hidden.findIndex((h) => h.id === msg.id);
    if (i < 0) return { ok: false };
    restoreHidden(state.hidden[i]);
    state.hidden.splice(i, 1);
    if (!state.hidden.some((h) => h.overlay)) restoreLocks();
    reportCount();
    return { ok: true, state: pageState() };
  },
  [MSG.SET_ENABLED]: async (msg) => {
    state.enabled = !!msg.enabled;
    if (state.enabled) await runCleanup();
    else {
      restoreAll();
      reader.discard();
    }
    return pageState();
  },
  [MSG.START_PICKER]: () => {
    startPicker(document, {
      onPick: async ({ selector, category, el }) => {
        const res = await sendMessage({ type: MSG.ADD_RULE, host: state.host, selector, category });
        if (res && !res.error) el.style.setProperty('display', 'none', 'important');
      },
    });
    return { ok: true };
  },
  [MSG.PAGE_HTML]: () => ({ html: serializePage(document) }),
  [MSG.RELATED_CHANGED]: () => ({ told: reader.relatedChanged() }),
  [MSG.STATS]: () => ({ ...state.stats, hidden: state.hidden.length, skipped: state.skipped.length, readerOpen: reader.isOpen, readerPrepared: reader.isPrepared, prefetchReady: prefetchedOpen() !== null, cleanId: state.cleanId, changed: state.changedSinceClean }),
};

api.runtime.onMessage.addListener((msg, sender, sendResponse) => {
  const h = msg && handlers[msg.type];
  if (!h) return false;
  Promise.resolve()
    .then(() => h(msg))
    .then(sendResponse, (err) => sendResponse({ error: String(err && err.message) }));
  return true;
});

function isShortcut(e) {
  const k = READER_SHORTCUT;
  return e.code === k.code && e.altKey === k.alt && e.shiftKey === k.shift && e.ctrlKey === k.ctrl && e.metaKey === k.meta;
}

// Whether the page's last Escape keydown closed the reader (its keyup is ours too).
let escapeClosedReader = false;
window.addEventListener(
  'keydown',
  (e) => {
    if (!e.isTrusted) return;
    if (isShortcut(e)) {
      e.preventDefault();
      e.stopImmediatePropagation();
      toggleReader(performance.timeOrigin + e.timeStamp);
    } else if (e.key === 'Escape' && reader.isOpen && !document.querySelector('tidings-picker')) {
      // The reader takes the keyboard once it has painted; an Escape
      // before that reaches the page, which the reader covers: it closes
      // the reader too, and the page's own handlers never see it (nor its
      // keyup). With the picker running, Escape is the picker's.
      e.preventDefault();
      e.stopImmediatePropagation();
      escapeClosedReader = true;
      closeReader();
    }
  },
  true,
);
window.addEventListener(
  'keyup',
  (e) => {
    if (!e.isTrusted || e.key !== 'Escape' || !escapeClosedReader) return;
    escapeClosedReader = false;
    e.preventDefault();
    e.stopImmediatePropagation();
  },
  true,
);

// abp:subscribe links: hand them to the options page, which asks the user.
document.addEventListener(
  'click',
  (e) => {
    if (!e.isTrusted) return;
    const a = e.target && e.target.closest && e.target.closest('a[href^="abp:" i]');
    if (!a) return;
    const sub = parseAbpSubscribe(a.getAttribute('href'));
    if (!sub) return;
    e.preventDefault();
    sendMessage({ type: MSG.ABP_SUBSCRIBE, ...sub });
  },
  true,
);

if (document.readyState === 'loading') {
  // The page is still loading: wake the background now, so that a stopped
  // service worker and its engine start, and a fresh engine warms up,
  // while the page loads instead of after DOMContentLoaded.
  if (/^https?:$/.test(location.protocol)) sendMessage({ type: MSG.WAKE, url: location.href, loading: true }).catch(() => {});
  document.addEventListener('DOMContentLoaded', onDOMReady, { once: true });
} else onDOMReady();
