// Related coverage in the background: the local index of the articles the
// reader opened and of the user's feed items. Records live in IndexedDB
// (shared/related-store.js); the engine keeps the in-memory index
// (tidings.relatedAdd, relatedQuery, …), filled again from IndexedDB each
// time the background starts, most recently read first. The reader view
// asks for an article's related coverage with its article (lookup), so the
// panel comes with the article.
import { KEYS, loadRelated } from '../shared/settings.js';
import {
  ARTICLE_PREFIX, MAX_ARTICLES, articleId, articleRecord, feedItemRecord, indexIdOf, openRelatedStore, parseImportLine, webURL,
} from '../shared/related-store.js';
import { MAX_FEEDS, feedDue, fetchFeed, originPattern, validFeedURL } from './feeds.js';
import { fingerprintOf, hasText, parseAnswer } from './engine.js';

/** Records read from IndexedDB at once while loading. */
export const LOAD_BATCH = 1000;
/** Records added to the engine per call while loading; other work runs in between. */
export const LOAD_CHUNK = 250;
/**
 * How long a lookup waits for the index to finish loading before it
 * searches what is loaded (the most recently read articles come first)
 * and says so: only a reader view opened within a second or so of a start
 * with a large history hits it, and it keeps that view fast.
 */
export const LOOKUP_WAIT_MS = 300;
/** The most related articles the panel lists: from the index, and from the page's headlines. */
export const MAX_RELATED = 8;
export const MAX_PAGE_LINKS = 4;
/** Feeds are checked at most this often while the background is alive. */
export const FEED_CHECK_MS = 10 * 60 * 1000;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const yieldTask = () => new Promise((r) => setTimeout(r, 0));

/** Superseded stops a load of the index that a newer one replaced (see RelatedService.load). */
class Superseded extends Error {}

/** hostOf returns a URL's host name, or ''. */
function hostOf(url) {
  try {
    return new URL(url).hostname;
  } catch {
    return '';
  }
}

export class RelatedService {
  /**
   * @param {object} o
   * @param {() => Promise<object>} o.engine resolves to the engine API (globalThis.tidings, or a RemoteEngine's, whose functions answer promises)
   * @param {() => *} o.engineStarts names the engine's run (engineToken: a restart, or another engine, has an empty index)
   * @param {{get: () => Promise<*>, set: (v: *) => Promise<*>}} [o.indexMark] a mark kept with the engine: the
   *   engineStarts() its index was loaded for, which a new background (Chromium's service worker, started
   *   again while the engine ran on) reads so as not to load the index into the engine again
   * @param {{get: Function, set: Function}} o.storage storage.local
   * @param {object} [o.permissions] the permissions API (feeds' host permissions)
   * @param {() => void} [o.onChange] called whenever the index gains or loses articles
   */
  constructor({ engine, engineStarts = () => 1, indexMark = { get: async () => null, set: async () => {} }, storage, permissions = null, openStore = openRelatedStore, fetchFn = (...a) => fetch(...a), now = () => Date.now(), onChange = () => {}, maxArticles = MAX_ARTICLES }) {
    this.engine = engine;
    this.maxArticles = maxArticles; // the history's size (MAX_ARTICLES)
    this.onChange = onChange;
    this.engineStarts = engineStarts;
    this.indexMark = indexMark;
    this.storage = storage;
    this.permissions = permissions;
    this.openStore = openStore;
    this.fetchFn = fetchFn;
    this.now = now;
    this.storePromise = null;
    this.loading = null; // Promise of the running or finished load
    this.loadedFor = -1; // engineStarts() the index was loaded for
    this.loaded = false;
    // index id → {url, title, site, published, source: 'history'|'feed'}
    this.meta = new Map();
    this.feedsRunning = null;
    this.lastFeedCheck = 0;
    this.stats = { loadMs: 0, readMs: 0, loaded: 0, loadErrors: 0, total: 0, lookups: 0, lastLookupMs: 0 };
  }

  store() {
    if (!this.storePromise) {
      this.storePromise = this.openStore().catch((err) => {
        this.storePromise = null;
        throw err;
      });
    }
    return this.storePromise;
  }

  settings() {
    return loadRelated(this.storage);
  }

  /** saveSettings applies mutate to the stored settings (read fresh, so concurrent changes survive). */
  async saveSettings(mutate) {
    const cur = await this.settings();
    const next = mutate(cur) || cur;
    await this.storage.set({ [KEYS.RELATED]: next });
    return next;
  }

  /**
   * ensureLoaded loads the stored records into the engine's index, once
   * per start of the engine (a restarted engine has an empty index); when
   * the engine has them already (loaded by an earlier service worker), it
   * reads only what this background keeps of them (meta).
   */
  async ensureLoaded() {
    const api = await this.engine();
    const starts = this.engineStarts();
    if (this.loading && this.loadedFor === starts) return this.loading;
    // Set before anything else is awaited: concurrent callers share this load.
    this.loadedFor = starts;
    this.loaded = false;
    const loading = this.load(api, () => {
      if (this.loading !== loading) throw new Superseded();
    }).catch((err) => {
      // A superseded load resolves as the newer one does.
      if (err instanceof Superseded) return this.loading;
      if (this.loading === loading) this.loading = null;
      throw err;
    });
    this.loading = loading;
    return loading;
  }

  /**
   * load loads the index for the engine run of loadedFor. goOn(), called
   * after each wait, throws Superseded once another engine run came
   * meanwhile, whose load started over (the stats and meta are that
   * load's now): this one stops, touching neither, and ensureLoaded has
   * it resolve as the newer load does, so that its callers wait for the
   * index of the engine now running. (A superseded load that went on
   * marked the index loaded while the newer one had read part of it:
   * 3,500 of 10,000.)
   */
  async load(api, goOn) {
    // Timed from a running engine: its start is measured on its own.
    const t0 = performance.now();
    const starts = this.loadedFor;
    const store = await this.store();
    // (What a worker stopped in the middle of a change stored and did not
    // index, or the reverse, is found by no lookup until the engine starts again.)
    const kept = (await this.indexMark.get()) === starts;
    goOn();
    if (!kept) await api.relatedClear();
    const total = await store.countArticles();
    goOn();
    this.meta.clear();
    this.stats.kept = kept;
    this.stats.total = Math.min(total, MAX_ARTICLES);
    this.stats.loaded = 0;
    this.stats.loadErrors = 0;
    this.stats.readMs = 0;
    const add = async (recs) => {
      for (let i = 0; i < recs.length; i += LOAD_CHUNK) {
        const chunk = recs.slice(i, i + LOAD_CHUNK);
        // Loading what is stored changes nothing anyone was shown.
        let failed = 0;
        if (kept) this.addMeta(chunk);
        else failed = (await this.addRecords(api, chunk, { quiet: true })).length;
        goOn();
        this.stats.loaded += chunk.length - failed;
        this.stats.loadErrors += failed;
        // Let page cleanups and messages run between chunks.
        await yieldTask();
        goOn();
      }
    };
    // Newest first, a batch at a time: a lookup made meanwhile searches
    // the most recently read articles.
    let t = performance.now();
    for await (const batch of store.recentBatches(MAX_ARTICLES, LOAD_BATCH)) {
      goOn();
      this.stats.readMs += performance.now() - t;
      await add(batch);
      t = performance.now();
    }
    const items = await store.allFeedItems();
    goOn();
    this.stats.readMs += performance.now() - t;
    this.stats.total += items.length;
    await add(items);
    // (An engine that started again meanwhile has part of the index: the next call loads it again.)
    if (!kept && this.engineStarts() === starts) await this.indexMark.set(starts);
    goOn();
    this.loaded = true;
    this.stats.loadMs = performance.now() - t0;
    return this.stats;
  }

  /** addMeta notes records as indexed: their metadata, by index id (null: not indexed). */
  addMeta(recs, ids = recs.map(indexIdOf)) {
    recs.forEach((r, i) => {
      if (ids[i] !== null) this.meta.set(ids[i], { url: r.url, title: r.title, site: r.site, published: r.published, source: r.feed ? 'feed' : 'history' });
    });
  }

  /**
   * addRecords adds records to the engine's index and the metadata map;
   * returns the failures. Unless quiet, onChange hears of it.
   */
  async addRecords(api, recs, { quiet = false } = {}) {
    if (recs.length === 0) return [];
    const ids = recs.map(indexIdOf);
    const res = parseAnswer(await api.relatedAddBatch(ids, recs.map((r) => r.fp)));
    if (res.error) throw new Error(res.error);
    const failed = new Set(res.errors.map((e) => e.index));
    this.addMeta(recs, ids.map((id, i) => (failed.has(i) ? null : id)));
    if (!quiet && failed.size < recs.length) this.onChange();
    return res.errors;
  }

  /**
   * record keeps an article the reader opened (cleaned or in the reader
   * view): not when recording is paused, in a private window, or when the
   * page is not an article. Resolves to the record, or null.
   */
  async record(result, pageURL, { incognito = false } = {}) {
    if (incognito || !result || result.error) return null;
    const rec = articleRecord(result, pageURL, this.now());
    if (!rec) return null;
    if (!(await this.settings()).recording) return null;
    const store = await this.store();
    await store.putArticle(rec);
    await this.ensureLoaded();
    const api = await this.engine();
    const failed = await this.addRecords(api, [rec]);
    if (failed.length) {
      await store.deleteArticle(rec.id);
      return null;
    }
    for (const id of await store.pruneArticles(this.maxArticles)) await this.forgetIndexed(api, ARTICLE_PREFIX + id);
    return rec;
  }

  async forgetIndexed(api, indexId) {
    await api.relatedRemove(indexId);
    this.meta.delete(indexId);
    this.onChange();
  }

  /**
   * lookup finds the related coverage of an engine result: the indexed
   * articles and feed items of the same story, and the page's headline
   * links (links: [{url, title, site}]) that read as the same story.
   * Resolves to {items: [{url, title, site, published, score,
   * sharedQuotes, source}], searched, total, partial, ms}.
   */
  async lookup(result, pageURL, links = []) {
    const t0 = performance.now();
    const out = { items: [], searched: 0, total: 0, partial: false, ms: 0 };
    if (!result || result.error) return out;
    const api = await this.engine();
    const fp = result.fingerprint || (hasText(result) ? await fingerprintOf(api, result) : '');
    if (!fp) return out;
    const loading = this.ensureLoaded().catch(() => {});
    await Promise.race([loading, sleep(LOOKUP_WAIT_MS)]);
    out.partial = !this.loaded;
    out.searched = this.meta.size;
    out.total = Math.max(this.stats.total, this.meta.size);
    const ownId = articleId(result, pageURL);
    const here = new Set([ownId, webURL(pageURL)].filter(Boolean));
    const hits = parseAnswer(await api.relatedQuery(fp, ARTICLE_PREFIX + ownId, MAX_RELATED));
    const items = [];
    const seen = new Set(here);
    for (const h of Array.isArray(hits) ? hits : []) {
      const m = this.meta.get(h.id);
      if (!m || !m.url || seen.has(m.url)) continue;
      seen.add(m.url);
      items.push({ ...m, score: h.score, sharedQuotes: h.sharedQuotes || [] });
    }
    const candidates = [];
    for (const l of links || []) {
      const url = webURL(l && l.url);
      if (!url || seen.has(url) || typeof l.title !== 'string') continue;
      candidates.push({ id: url, title: l.title.slice(0, 300) });
    }
    if (candidates.length) {
      const ranked = parseAnswer(await api.relatedRank(fp, JSON.stringify(candidates), MAX_PAGE_LINKS));
      const titles = new Map(candidates.map((c) => [c.id, c.title]));
      for (const h of Array.isArray(ranked) ? ranked : []) {
        if (seen.has(h.id)) continue;
        seen.add(h.id);
        items.push({ url: h.id, title: titles.get(h.id), site: hostOf(h.id), published: '', score: h.score, sharedQuotes: [], source: 'page' });
      }
    }
    out.items = items;
    out.ms = performance.now() - t0;
    this.stats.lookups++;
    this.stats.lastLookupMs = out.ms;
    return out;
  }

  /**
   * findQuotes locates each passage in text (the reader's own text) and
   * returns one span or null per passage, in UTF-16 offsets.
   */
  async findQuotes(text, passages) {
    const api = await this.engine();
    const out = [];
    for (const p of passages || []) {
      const spans = parseAnswer(await api.relatedFindQuotes(String(text || ''), JSON.stringify([String(p)])));
      out.push(Array.isArray(spans) && spans.length ? spans[0] : null);
    }
    return out;
  }

  async info() {
    const [settings, store] = await Promise.all([this.settings(), this.store()]);
    return { recording: settings.recording, articles: await store.countArticles(), indexed: this.meta.size, loaded: this.loaded, loadMs: this.stats.loadMs, feeds: settings.feeds, max: MAX_ARTICLES };
  }

  async setRecording(on) {
    return this.saveSettings((s) => ({ ...s, recording: !!on }));
  }

  async forget(id) {
    const store = await this.store();
    await store.deleteArticle(String(id));
    await this.ensureLoaded();
    await this.forgetIndexed(await this.engine(), ARTICLE_PREFIX + id);
    return { ok: true };
  }

  /** clear forgets every recorded article (feed items stay: they belong to the feeds). */
  async clear() {
    const store = await this.store();
    await store.clearArticles();
    await this.ensureLoaded();
    const api = await this.engine();
    for (const id of [...this.meta.keys()]) if (id.startsWith(ARTICLE_PREFIX)) await this.forgetIndexed(api, id);
    return { ok: true };
  }

  /**
   * importLines adds exported articles (JSON lines); every fingerprint is
   * checked by the engine. An import never makes room by pruning the
   * articles already kept: new articles beyond the history's free places
   * are not added (first come first kept; a line the engine then refuses
   * still took its place in this call), and counted in `dropped`.
   * Returns {added, dropped, errors: [{line, error}]} with 1-based line
   * numbers counted from first.
   */
  async importLines(lines, first = 1) {
    const errors = [];
    const store = await this.store();
    const have = new Set(await store.articleIds());
    let free = this.maxArticles - have.size;
    let dropped = 0;
    const recs = [];
    const lineOf = [];
    (lines || []).forEach((line, i) => {
      if (!String(line).trim()) return;
      let rec;
      try {
        rec = parseImportLine(line, this.now());
      } catch (err) {
        errors.push({ line: first + i, error: err.message });
        return;
      }
      if (!have.has(rec.id)) {
        if (free <= 0) {
          dropped++;
          return;
        }
        free--;
        have.add(rec.id);
      }
      recs.push(rec);
      lineOf.push(first + i);
    });
    await this.ensureLoaded();
    const api = await this.engine();
    const failed = await this.addRecords(api, recs);
    const bad = new Set(failed.map((f) => f.index));
    for (const f of failed) errors.push({ line: lineOf[f.index], error: f.error });
    const good = recs.filter((_, i) => !bad.has(i));
    if (good.length) await store.putArticles(good);
    errors.sort((a, b) => a.line - b.line);
    return { added: good.length, dropped, errors };
  }

  // Feeds.

  async addFeed(rawURL) {
    const url = validFeedURL(rawURL);
    if (!url) return { error: 'Enter an http or https address.' };
    const s = await this.settings();
    if (!s.feeds.some((f) => f.url === url)) {
      if (s.feeds.length >= MAX_FEEDS) return { error: `Tidings follows at most ${MAX_FEEDS} feeds.` };
      await this.saveSettings((cur) => ({ ...cur, feeds: [...cur.feeds.filter((f) => f.url !== url), { url, title: '', lastUpdate: 0, lastAttempt: 0, error: '', items: 0, ttl: 0 }] }));
    }
    await this.updateFeeds({ only: url });
    return { feed: (await this.settings()).feeds.find((f) => f.url === url) };
  }

  async removeFeed(rawURL) {
    const url = String(rawURL || '');
    const next = await this.saveSettings((cur) => ({ ...cur, feeds: cur.feeds.filter((f) => f.url !== url) }));
    const store = await this.store();
    const removed = await store.deleteFeed(url);
    if (this.loading) {
      const api = await this.engine();
      for (const r of removed) await this.forgetIndexed(api, indexIdOf(r));
    }
    // Give the site's permission back when no other feed needs it.
    if (this.permissions && validFeedURL(url)) {
      const origin = originPattern(url);
      if (!next.feeds.some((f) => originPattern(f.url) === origin)) await this.permissions.remove({ origins: [origin] }).catch(() => {});
    }
    return { feeds: next.feeds };
  }

  /** maybeUpdateFeeds refreshes the due feeds, at most every FEED_CHECK_MS. */
  maybeUpdateFeeds() {
    const now = this.now();
    if (now - this.lastFeedCheck < FEED_CHECK_MS) return Promise.resolve();
    this.lastFeedCheck = now;
    return this.updateFeeds().catch(() => {});
  }

  /** updateFeeds refreshes the due feeds, all of them with force, or only one. */
  updateFeeds({ force = false, only = null } = {}) {
    const run = async () => {
      if (this.feedsRunning) await this.feedsRunning.catch(() => {});
      const now = this.now();
      const feeds = (await this.settings()).feeds.filter((f) => (only ? f.url === only : force || feedDue(f, now)));
      const updated = [];
      for (const f of feeds) updated.push(await this.updateFeed(f, now));
      if (updated.length) {
        const byURL = new Map(updated.map((f) => [f.url, f]));
        // Feeds added or removed meanwhile stay as they are.
        await this.saveSettings((cur) => ({ ...cur, feeds: cur.feeds.map((f) => byURL.get(f.url) || f) }));
      }
      return (await this.settings()).feeds;
    };
    const p = run();
    this.feedsRunning = p;
    return p.finally(() => {
      if (this.feedsRunning === p) this.feedsRunning = null;
    });
  }

  /** updateFeed downloads and indexes one feed; returns its new record (errors in `error`). */
  async updateFeed(feed, now) {
    const out = { ...feed, lastAttempt: now };
    try {
      let text;
      try {
        text = await fetchFeed(feed.url, this.fetchFn);
      } catch (err) {
        const granted = !err.unreachable || !this.permissions || (await this.permissions.contains({ origins: [originPattern(feed.url)] }).catch(() => false));
        throw granted ? err : new Error(`${err.message}, and Tidings has no permission to read ${new URL(feed.url).hostname}: remove the feed and add it again to allow it`);
      }
      const api = await this.engine();
      const parsed = parseAnswer(await api.parseFeed(text, feed.url));
      if (parsed.error) throw new Error(/not an RSS or Atom feed/.test(parsed.error) ? 'this is not an RSS or Atom feed' : parsed.error);
      const recs = parsed.items.map((it) => feedItemRecord(feed.url, parsed.title || feed.title, it, now)).filter(Boolean);
      const store = await this.store();
      const { kept, removed } = await store.replaceFeedItems(feed.url, recs);
      await this.ensureLoaded();
      for (const r of removed) await this.forgetIndexed(api, indexIdOf(r));
      await this.addRecords(api, kept);
      Object.assign(out, { title: parsed.title || feed.title, lastUpdate: now, error: '', items: kept.length, ttl: parsed.ttl || 0 });
    } catch (err) {
      out.error = String((err && err.message) || err);
    }
    return out;
  }
}
