// The background: calls the engine, answers the content scripts, the reader
// page, the popup and the options page, keeps the badge, the shortcut, the
// context menu and the subscriptions. Runs as the Chromium service worker
// (sw.js; the engine in the offscreen document's worker) and as the Firefox
// background page (background.html; the engine here).
import { api } from '../shared/browser.js';
import { MSG } from '../shared/messages.js';
import { KEYS, loadAll, siteEnabled, updateRules } from '../shared/settings.js';
import { appendLines, engineLists, exceptionFor, hidingRule, validListURL } from '../shared/rules.js';
import { EngineHost, engineToken, readerArticle } from './engine.js';
import { connectOffscreen, engineAlive } from './engine-rpc.js';
import { EnginePlace } from './engine-place.js';
import { updateDue } from './subscriptions.js';
import { RelatedService } from './related.js';

// Chromium: the engine runs in the offscreen document's worker, which
// outlives this service worker (engine-rpc.js), after a first one here
// when none runs yet, or for good when that document cannot be had
// (engine-place.js; sw.js loads the Go runtime's support for it);
// Firefox: here.
const place = api.offscreen
  ? new EnginePlace({
      connectDocument: (o) => connectOffscreen(api, globalThis.clients, o),
      documentEngineRuns: () => engineAlive(globalThis.navigator.locks),
      makeHost: newEngineHost,
      onFallback: noteFallback,
      // (The related index goes to the new engine now rather than on the next page.)
      onMoved: () => related.ensureLoaded().catch(() => {}),
    })
  : null;
const engine = place ? place.engine : newEngineHost();

function newEngineHost() {
  return new EngineHost(api.runtime.getURL('tidings.wasm'));
}

function noteFallback(err) {
  console.warn(`Tidings: the engine's offscreen document could not be used (${(err && err.message) || err}); the engine runs in the service worker.`);
}
// Whatever woke the background (a page to clean, a reader toggle, the
// browser starting), the engine will be needed: start it now, while the
// message is on its way.
engine.ready().catch(() => {});
// The browser starting wakes the background for this listener: in
// Chromium the engine's document then opens, and the engine starts,
// before the first page (afterwards it outlives the worker's restarts).
api.runtime.onStartup.addListener(() => {});
// Related coverage: the local index of read articles and feed items,
// loaded into the engine once it runs (see related.js).
const related = new RelatedService({
  engine: () => engine.ready(),
  engineStarts: () => engineToken(engine.stats),
  indexMark: { get: () => engine.indexMark(), set: (v) => engine.setIndexMark(v) },
  storage: api.storage.local,
  permissions: api.permissions,
  onChange: relatedChanged,
});
engine.ready().then(() => related.ensureLoaded()).catch(() => {});
/** Changes to the related index within this window are announced once. */
const RELATED_CHANGE_DEBOUNCE_MS = 50;
let relatedChangeTimer = 0;

/**
 * relatedChanged tells the reader frames rendering an article in advance
 * that the related index changed: their related coverage may be out of
 * date. The message goes to each tab's page, whose content script passes
 * it on to its frame in standby, if it has one (reader-frame.js).
 */
function relatedChanged() {
  clearTimeout(relatedChangeTimer);
  relatedChangeTimer = setTimeout(async () => {
    const tabs = await api.tabs.query({}).catch(() => []);
    for (const tab of tabs) if (!tab.discarded) toPage(tab.id, { type: MSG.RELATED_CHANGED });
  }, RELATED_CHANGE_DEBOUNCE_MS);
}
const MENU_READER = 'tidings-reader';
const BADGE_COLOR = '#4a5a78';
/** Check subscriptions at most this often while the background is alive. */
const SUBSCRIPTION_CHECK_MS = 10 * 60 * 1000;

// tabId → {open, job}: the engine's answer (a promise) for that tab's
// reader view, and the opening it was requested for.
const readerResults = new Map();
// tabId → {id, job}: the last in-page cleanup's answer, reused by the reader
// view when the page has not changed since (the content script knows).
const autoResults = new Map();
// tabId → the page address its content script last reported (without the
// "tabs" permission, tabs.query does not tell addresses).
const tabPages = new Map();
// tabId → the headline links the page listed when its reader view opened.
const readerLinks = new Map();
let lastSubscriptionCheck = 0;
// A promise of the stored rules, read once while they do not change: the
// page's WAKE and its CLEAN ask for them together when the worker starts,
// and must get the same object (syncRules compares it with the last one
// handed over, and a copy would cost a comparison of the lists' text).
let rulesCache = null;
// The rules object syncRules last handed to the engine.
let syncedRules = null;
// The hand-over to the engine under way ({rules, done}), or null.
let syncing = null;
// A promise of the stored settings, read once while they do not change.
let settingsCache = null;

api.storage.onChanged.addListener((changes, area) => {
  if (area !== 'local') return;
  if (KEYS.RULES in changes) rulesCache = null;
  if (KEYS.SETTINGS in changes) settingsCache = null;
});

/** enabledOn tells whether in-page cleanup is on for a page address's site (the stored settings). */
async function enabledOn(url) {
  if (!settingsCache) settingsCache = api.storage.local.get(KEYS.SETTINGS).then((got) => got[KEYS.SETTINGS]);
  try {
    return siteEnabled(await settingsCache, new URL(url).hostname);
  } catch {
    return false;
  }
}

function loadRules() {
  if (!rulesCache) {
    const read = loadAll(api.storage.local).then((got) => got.rules);
    rulesCache = read;
    // A failed read is not kept: the next caller reads again.
    read.catch(() => {
      if (rulesCache === read) rulesCache = null;
    });
  }
  return rulesCache;
}

/**
 * changeRules changes the stored rules (updateRules: mutate gets them as
 * stored now, under the lock the options page takes too; null changes
 * nothing), and only then makes what it wrote the cached copy: a failed
 * write (the storage full) must not leave the background working from
 * rules that were never stored, which every later change would carry.
 * Resolves to the rules stored.
 */
async function changeRules(mutate) {
  let wrote = false;
  const next = await updateRules(api.storage.local, (rules) => {
    const out = mutate(rules);
    wrote = out != null;
    return out;
  });
  // (Nothing written: the cached copy stays, and with it syncRules' note that the engine has these rules.)
  if (wrote) rulesCache = Promise.resolve(next);
  return next;
}

/**
 * syncRules hands the user's lists to the engine; returns its summary. A
 * fresh engine already applies the shipped lists, so with no user lists
 * and the built-in list on there is nothing to hand over.
 */
async function syncRules() {
  // A restarted engine has only the shipped lists (and rulesKey null):
  // have it started before asking what it holds.
  await engine.ready();
  const rules = await loadRules();
  // The same rules object as last time (rulesCache is replaced whenever the
  // stored rules change) and an engine that has not restarted since: the
  // engine has them. Comparing the lists themselves means writing them out
  // as JSON, ~10 ms a page for a reader subscribed to a 1.4 MB list.
  if (rules === syncedRules && engine.rulesKey !== null) return { unchanged: true };
  // A starting worker hears the page's WAKE and its CLEAN at once: the
  // second waits for the first's hand-over rather than send the lists again.
  if (syncing && syncing.rules === rules) return syncing.done;
  const lists = engineLists(rules);
  if (lists.length === 0 && rules.builtinEnabled && engine.rulesKey === null) return { unchanged: true };
  const done = engine.setRules(lists, { defaults: rules.builtinEnabled });
  syncing = { rules, done };
  try {
    const out = await done;
    syncedRules = rules;
    return out;
  } finally {
    if (syncing && syncing.done === done) syncing = null;
  }
}

const now = () => performance.timeOrigin + performance.now();

/**
 * clean runs the engine on a page and notes the call's timing in `timing`.
 * With {detect: true} it runs the first half of a clean (engine.detect):
 * resolves to its detections and metadata, with `article`, a promise of
 * the whole clean's answer, finished once finishAfter resolves.
 */
async function clean(html, url, timing, { detect = false, finishAfter = null } = {}) {
  await syncRules();
  timing.started = now();
  const out = await (detect ? engine.detect(html, url, { finishAfter }) : engine.clean(html, url));
  timing.cleaned = now();
  timing.callMs = out.callMs;
  timing.parseMs = out.parseMs;
  // The checks that ride on page visits.
  maybeCheckSubscriptions();
  related.maybeUpdateFeeds();
  return out;
}

/**
 * maybeCheckSubscriptions downloads the subscriptions that are due (at most
 * every SUBSCRIPTION_CHECK_MS unless now is set), all of them with force,
 * or only the one at `only`.
 */
function maybeCheckSubscriptions({ force = false, only = null, now: checkNow = false } = {}) {
  const now = Date.now();
  if (!force && !only && !checkNow && now - lastSubscriptionCheck < SUBSCRIPTION_CHECK_MS) return Promise.resolve();
  lastSubscriptionCheck = now;
  return (async () => {
    const rules = await loadRules();
    if (rules.subscriptions.length === 0) return;
    const subs = await updateDue(rules.subscriptions, { now, force, only });
    if (subs.some((s, i) => s !== rules.subscriptions[i])) {
      // Keep subscriptions added or removed while downloading.
      const byURL = new Map(subs.map((s) => [s.url, s]));
      await changeRules((fresh) => ({ ...fresh, subscriptions: fresh.subscriptions.map((s) => byURL.get(s.url) || s) }));
    }
  })();
}

function setBadge(tabId, count) {
  const text = count > 0 ? String(count) : '';
  api.action.setBadgeText({ tabId, text }).catch(() => {});
  if (count > 0) api.action.setBadgeBackgroundColor({ tabId, color: BADGE_COLOR }).catch(() => {});
}

async function toggleReader(tabId) {
  if (tabId == null) return { error: 'no tab' };
  try {
    return await api.tabs.sendMessage(tabId, { type: MSG.TOGGLE_READER, t0: now() }, { frameId: 0 });
  } catch (err) {
    return { error: `Tidings cannot run on this page (${err.message})` };
  }
}

/**
 * The article of an in-page cleanup is extracted once the page has hidden
 * what was detected (its HIDDEN_COUNT), when the reader asks for it, or
 * after this long: extracted at once, it competed for the processor with
 * the loading page hiding its banners. make bench-extension, interleaved
 * runs on two cores: cleanup median 70-95 ms (p95 141-202) with the wait,
 * 85-105 ms (p95 195-263) without; one later run at 119 ms (p95 319) as
 * the machine's load rose.
 */
const FINISH_FALLBACK_MS = 500;
// tabId → the function that lets that tab's pending article be extracted now.
const finishGates = new Map();

/** finishGate returns a promise resolved by finishNow(tabId) or after FINISH_FALLBACK_MS. */
function finishGate(tabId) {
  return new Promise((resolve) => {
    const timer = setTimeout(open, FINISH_FALLBACK_MS);
    function open() {
      clearTimeout(timer);
      if (finishGates.get(tabId) === open) finishGates.delete(tabId);
      resolve();
    }
    if (tabId != null) {
      const earlier = finishGates.get(tabId);
      finishGates.set(tabId, open);
      // A newer cleanup of the tab: the earlier one's article need not wait.
      if (earlier) earlier();
    }
  });
}

/** finishNow lets a tab's pending article (see finishGate) be extracted at once. */
function finishNow(tabId) {
  const open = finishGates.get(tabId);
  if (open) open();
}

/** How long the reader frame waits for its page's article request. */
const READER_WAIT_MS = 5000;
// tabId → [resolve]: reader frames waiting for their page's article request.
const readerWaiters = new Map();

/** setReaderJob keeps a tab's reader article job and hands it to the frames waiting for it. */
function setReaderJob(tabId, job, open) {
  const entry = { open: typeof open === 'string' ? open : null, job };
  readerResults.set(tabId, entry);
  const waiting = readerWaiters.get(tabId) || [];
  readerWaiters.set(tabId, waiting.filter((w) => !w(entry)));
}

/** readerEntryFits tells whether a tab's reader entry answers a frame's request for an opening (any, when it names none). */
function readerEntryFits(entry, open) {
  return !!entry && (!open || entry.open === open);
}

/**
 * readerJob resolves to the reader article job of a tab for the opening
 * `open`, waiting a little: the frame can ask before the page's request
 * (sent first) arrives, when the page had to send its HTML after all.
 */
function readerJob(tabId, open) {
  const entry = readerResults.get(tabId);
  if (tabId == null || readerEntryFits(entry, open)) return Promise.resolve(entry && entry.job);
  return new Promise((resolve) => {
    const waiter = (e) => {
      if (!readerEntryFits(e, open)) return false;
      clearTimeout(timer);
      resolve(e.job);
      return true;
    };
    const timer = setTimeout(() => {
      const list = readerWaiters.get(tabId) || [];
      readerWaiters.set(tabId, list.filter((w) => w !== waiter));
      resolve(undefined);
    }, READER_WAIT_MS);
    readerWaiters.set(tabId, [...(readerWaiters.get(tabId) || []), waiter]);
  });
}

/**
 * recordIfEnabled records an article cleaned in a page for related
 * coverage when cleanup is on for its site (the settings as stored: the
 * popup stores a switch before telling the page).
 */
async function recordIfEnabled(result, url, sender) {
  if (await enabledOn(url)) recordArticle(result, url, sender);
}

async function addToCustom(lines) {
  const { custom } = await changeRules((rules) => ({ ...rules, custom: appendLines(rules.custom, lines) }));
  return { ok: true, custom };
}

/** toPage passes a message on to the content script of a tab's page (none without a tab); failures are ignored. */
function toPage(tabId, msg) {
  if (tabId == null) return Promise.resolve();
  return api.tabs.sendMessage(tabId, msg, { frameId: 0 }).catch(() => {});
}

// Each handler gets (msg, sender) and returns a value or a promise.
const handlers = {
  async [MSG.CLEAN](msg, sender) {
    const timing = { received: now() };
    const tabId = sender.tab && sender.tab.id;
    const url = String(msg.url || '');
    if (tabId != null) tabPages.set(tabId, url);
    const forReader = msg.purpose === 'reader';
    if (forReader && tabId != null) readerLinks.set(tabId, Array.isArray(msg.links) ? msg.links : []);
    if (forReader && msg.reuse != null && tabId != null) {
      const cached = autoResults.get(tabId);
      // The worker may have been restarted since: then the page must send its HTML.
      if (!cached || cached.id !== msg.reuse) return { needHtml: true };
      finishNow(tabId);
      // An article lost with its engine (gone before extracting it): the page sends its HTML again.
      if ((await cached.job).result.error) return { needHtml: true };
      setReaderJob(tabId, cached.job, msg.open);
      return { ok: true, reused: true };
    }
    if (forReader) {
      const job = clean(String(msg.html || ''), url, timing);
      if (tabId != null) setReaderJob(tabId, job, msg.open);
      if (tabId != null && msg.id != null) autoResults.set(tabId, { id: msg.id, job });
      const { result, cleanMs } = await job;
      // The reader page asks for the full article itself.
      return { ok: !result.error, error: result.error, cleanMs };
    }
    // The in-page cleanup needs the detections only: the page gets them
    // while the article is extracted (the reader view may reuse it), and
    // the story fingerprint comes after that (recordArticle).
    const finishAfter = finishGate(tabId);
    const [out, enabled] = await Promise.all([clean(String(msg.html || ''), url, timing, { detect: true, finishAfter }), enabledOn(url)]);
    const { result, cleanMs, article } = out;
    if (tabId != null && msg.id != null) autoResults.set(tabId, { id: msg.id, job: article });
    // Articles cleaned on a site where cleanup is on are recorded for
    // related coverage (the reader view records what it shows itself).
    article.then(({ result: full }) => recordIfEnabled(full, url, sender));
    return {
      cleanMs,
      error: result.error,
      readerable: result.readerable,
      enabled,
      title: result.title,
      detections: result.detections || [],
      timing: { ...timing, replied: now() },
    };
  },
  async [MSG.READER_DATA](msg, sender) {
    const timing = { received: now() };
    const tabId = sender.tab && sender.tab.id;
    const open = typeof msg.open === 'string' ? msg.open : null;
    // A frame rendering in advance (prefetch) is still hidden: nothing to
    // tell the page, and nothing read yet to record.
    const prefetch = !!msg.prefetch;
    // The page stops waking the frame (a standby frame shown by the toggle).
    if (open && !prefetch) toPage(tabId, { type: MSG.READER_AWAKE, open });
    const job = await readerJob(tabId, open);
    if (!job) return { error: 'Open the reader view from a page.' };
    const { result, cleanMs } = await job;
    timing.job = now();
    await engine.addFingerprint(result);
    // The related coverage comes with the article, so the panel is painted with it.
    const pageURL = tabPages.get(tabId) || result.url;
    let relatedOut;
    try {
      relatedOut = await related.lookup(result, pageURL, readerLinks.get(tabId));
    } catch (err) {
      relatedOut = { items: [], error: String((err && err.message) || err) };
    }
    timing.related = now();
    if (!prefetch) recordArticle(result, pageURL, sender);
    const version = await engine.version();
    return { result: readerArticle(result), cleanMs, version, related: relatedOut, timing: { ...timing, replied: now() } };
  },
  async [MSG.READER_CLOSE](msg, sender) {
    const tabId = sender.tab && sender.tab.id;
    readerResults.delete(tabId);
    await toPage(tabId, { type: MSG.READER_CLOSE });
    return { ok: true };
  },
  async [MSG.READER_PAINTED](msg, sender) {
    const tabId = sender.tab && sender.tab.id;
    await toPage(tabId, { type: MSG.READER_PAINTED, t: msg.t, marks: msg.marks, open: msg.open });
    // An article rendered in advance is recorded once shown, as READER_DATA records the others.
    const entry = tabId != null && msg.prefetched ? readerResults.get(tabId) : null;
    if (entry && entry.open === msg.open) {
      const { result } = await entry.job;
      recordArticle(result, tabPages.get(tabId) || result.url, sender);
    }
    return { ok: true };
  },
  async [MSG.READER_PREFETCHED](msg, sender) {
    const tabId = sender.tab && sender.tab.id;
    await toPage(tabId, { type: MSG.READER_PREFETCHED, open: msg.open });
    return { ok: true };
  },
  [MSG.HIDDEN_COUNT](msg, sender) {
    if (sender.tab) setBadge(sender.tab.id, Number(msg.count) || 0);
    // The page has applied its cleanup: its article can be extracted now.
    if (sender.tab && sender.frameId === 0) finishNow(sender.tab.id);
    return { ok: true };
  },
  [MSG.TOGGLE_READER](msg) {
    return toggleReader(msg.tabId);
  },
  async [MSG.NOT_A_BANNER](msg) {
    const line = exceptionFor(msg.detection, String(msg.host || ''));
    if (!line) return { error: 'Tidings cannot write an exception for this item.' };
    return { ...(await addToCustom(line)), line };
  },
  async [MSG.ADD_RULE](msg) {
    const selector = String(msg.selector || '').trim();
    if (!selector || selector.includes('\n')) return { error: 'empty selector' };
    const lines = hidingRule(String(msg.host || ''), selector, msg.category);
    return { ...(await addToCustom(lines)), line: lines };
  },
  async [MSG.LINT](msg) {
    return engine.lint(String(msg.text || ''));
  },
  async [MSG.RULES_CHANGED]() {
    rulesCache = null;
    return syncRules();
  },
  async [MSG.SUBSCRIBE](msg) {
    const url = validListURL(String(msg.url || ''));
    if (!url) return { error: 'Enter an http or https address.' };
    const added = { url, title: String(msg.title || ''), text: '', lastUpdate: 0, lastAttempt: 0, expiresMs: 0, error: '' };
    await changeRules((rules) => (rules.subscriptions.some((s) => s.url === url) ? null : { ...rules, subscriptions: [...rules.subscriptions, added] }));
    await maybeCheckSubscriptions({ only: url });
    const after = await loadRules();
    return { subscription: after.subscriptions.find((s) => s.url === url) };
  },
  async [MSG.UPDATE_SUBSCRIPTIONS](msg) {
    await maybeCheckSubscriptions(msg.url ? { only: msg.url } : { force: true });
    return { subscriptions: (await loadRules()).subscriptions };
  },
  async [MSG.ABP_SUBSCRIBE](msg) {
    const url = api.runtime.getURL('options/options.html') +
      '#subscribe?' + new URLSearchParams({ location: msg.location, title: msg.title || '' }).toString();
    await api.tabs.create({ url });
    return { ok: true };
  },
  // The history and feeds are managed from the options page only.
  ...onlyFromExtensionPages({
    [MSG.RELATED_INFO]() {
      return related.info();
    },
    async [MSG.RELATED_RECORDING](msg) {
      await related.setRecording(!!msg.recording);
      return related.info();
    },
    [MSG.RELATED_FORGET](msg) {
      return related.forget(String(msg.id || ''));
    },
    [MSG.RELATED_CLEAR]() {
      return related.clear();
    },
    [MSG.RELATED_IMPORT](msg) {
      return related.importLines(Array.isArray(msg.lines) ? msg.lines.map(String) : [], Number(msg.first) || 1);
    },
    [MSG.FEED_ADD](msg) {
      return related.addFeed(String(msg.url || ''));
    },
    [MSG.FEED_REMOVE](msg) {
      return related.removeFeed(String(msg.url || ''));
    },
    async [MSG.FEEDS_UPDATE](msg) {
      return { feeds: await related.updateFeeds(msg.url ? { only: String(msg.url) } : { force: true }) };
    },
  }),
  async [MSG.RELATED_QUOTES](msg) {
    return { spans: await related.findQuotes(String(msg.text || ''), Array.isArray(msg.passages) ? msg.passages.map(String) : []) };
  },
  // A page started loading (or showed an article rendered in advance): the
  // worker is awake, and so the engine starting. While a page loads (not
  // while the reader opens: it needs the worker then) a fresh engine gets
  // the reader's lists (compiling a subscribed list takes a few hundred ms)
  // and warms up, so neither waits for the page to be ready.
  [MSG.WAKE](msg, sender) {
    if (sender.tab && sender.frameId === 0 && typeof msg.url === 'string') tabPages.set(sender.tab.id, msg.url);
    if (msg.loading === true) syncRules().then(() => engine.warmUp()).catch(() => {});
    return { ok: true };
  },
  [MSG.ENGINE_INFO]() {
    return engine.info();
  },
};

api.runtime.onMessage.addListener((msg, sender, sendResponse) => {
  const handler = msg && handlers[msg.type];
  if (!handler) return false;
  Promise.resolve()
    .then(() => handler(msg, sender))
    .then(sendResponse, (err) => sendResponse({ error: String((err && err.message) || err) }));
  return true;
});

api.tabs.onRemoved.addListener((tabId) => {
  readerResults.delete(tabId);
  readerWaiters.delete(tabId);
  autoResults.delete(tabId);
  tabPages.delete(tabId);
  readerLinks.delete(tabId);
});

/**
 * onlyFromExtensionPages wraps handlers so that they answer the extension's
 * own pages only (the options page), never a content script: whatever a
 * page does, it cannot read or change the reading history through them.
 */
function onlyFromExtensionPages(hs) {
  const own = api.runtime.getURL('');
  const out = {};
  for (const [type, h] of Object.entries(hs)) {
    out[type] = (msg, sender) => (sender && typeof sender.url === 'string' && sender.url.startsWith(own) ? h(msg, sender) : { error: 'not allowed' });
  }
  return out;
}

/**
 * recordArticle keeps an article page's result for related coverage, with
 * its story fingerprint (added now if the clean left it out), never from
 * a private window; errors only lose the record.
 */
function recordArticle(result, pageURL, sender) {
  if (!result.readerable) return;
  engine
    .addFingerprint(result)
    .then((r) => related.record(r, pageURL, { incognito: !!(sender.tab && sender.tab.incognito) }))
    .catch(() => {});
}

/** tabFor finds the tab showing a page address (tests and the benchmark use it). */
function tabFor(url) {
  for (const [tabId, u] of tabPages) if (u === url) return tabId;
  return null;
}

api.commands.onCommand.addListener(async (command, tab) => {
  if (command !== 'toggle-reader') return;
  const target = tab || (await api.tabs.query({ active: true, currentWindow: true }))[0];
  if (target) toggleReader(target.id);
});

async function createMenu() {
  await api.contextMenus.removeAll();
  api.contextMenus.create({ id: MENU_READER, title: 'Reader view (Tidings)', contexts: ['page', 'selection'] });
}
// The last onInstalled this worker saw, once its migration is written: {reason, previousVersion}.
let lastInstall = null;
api.runtime.onInstalled.addListener(async (details) => {
  createMenu();
  // Bring stored rules to the current schema; user rules and settings
  // survive updates. Every reader migrates what it reads too, so nothing
  // stored (a fresh install) or nothing to change needs no write; one is
  // made under the rules' lock from the rules as stored then (updateRules),
  // so it cannot put back what an edit made meanwhile (the options page
  // opened at once) replaced.
  await updateRules(api.storage.local, (current, stored) => (stored !== undefined && JSON.stringify(current) !== JSON.stringify(stored) ? current : null));
  if (details.reason === 'update') rulesCache = null;
  lastInstall = { reason: details.reason, ...(details.previousVersion ? { previousVersion: details.previousVersion } : {}) };
});
/** onMenuClicked answers the context menu's entry: the reader view of the tab, on or off. */
function onMenuClicked(info, tab) {
  if (info.menuItemId === MENU_READER && tab) return toggleReader(tab.id);
  return null;
}
api.contextMenus.onClicked.addListener((info, tab) => {
  onMenuClicked(info, tab);
});

// Tests and `make bench` look the engine up here (the service worker's global).
globalThis.tidingsHost = {
  get lastInstall() {
    return lastInstall;
  },
  // Why the engine stays in the service worker (Chromium), or null.
  get engineFallback() {
    return place ? place.fallback : null;
  },
  enginePlace: place,
  engine,
  related,
  toggleReader,
  onMenuClicked,
  syncRules,
  maybeCheckSubscriptions,
  tabFor,
  readerResult: async (tabId) => (readerResults.has(tabId) ? (await readerResults.get(tabId).job).result : null),
};
