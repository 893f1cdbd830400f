// The local store of related coverage (IndexedDB, database
// "tidings-related"): the articles the reader opened and the items of the
// user's news feeds, each with its story fingerprint (the engine's compact
// binary form, at most 2 KB). The background adds them to the engine's
// in-memory index whenever it starts; the options page lists, searches and
// exports them. Nothing here ever leaves the browser. IndexedDB data stays
// across extension updates (it goes only when the extension is removed).
//
// Records:
//   articles:  {id, url, title, site, published, seen, fp}
//              id: the canonical address (else the page's, without #…)
//   feedItems: {feed, id, url, title, site, published, seen, fp}
//              key [feed, id]: the same story in two feeds is two items

export const DB_NAME = 'tidings-related';
export const DB_VERSION = 1;
export const ARTICLES = 'articles';
export const FEED_ITEMS = 'feedItems';
/**
 * The most articles kept (and indexed): the most recently read. Every
 * start of the background (in Chromium, after each idle stop of the
 * service worker) adds them all to the engine's index again, about 0.1 ms
 * each, so 10,000 cost about a second; at 50 articles a day that is half a
 * year of reading, while the engine never relates articles published more
 * than 30 days apart.
 */
export const MAX_ARTICLES = 10000;
/** The most items kept of one feed (newest first). */
export const MAX_FEED_ITEMS = 200;
/** Index-id prefixes: the engine's index holds both kinds. */
export const ARTICLE_PREFIX = 'a:';
export const FEED_PREFIX = 'f:';
/** The longest title or site kept (a hostile page cannot fill the store). */
const MAX_TEXT = 500;
const MAX_URL = 2048;

/** bytesFromBase64 decodes standard base64 into a Uint8Array. */
export function bytesFromBase64(b64) {
  const bin = atob(String(b64 || ''));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** base64FromBytes encodes a Uint8Array as standard base64. */
export function base64FromBytes(bytes) {
  let bin = '';
  for (let i = 0; i < bytes.length; i++) bin += String.fromCharCode(bytes[i]);
  return btoa(bin);
}

/** webURL returns the address without its fragment when it is http(s), else ''. */
export function webURL(raw) {
  try {
    const u = new URL(String(raw || ''));
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return '';
    u.hash = '';
    return u.href.length <= MAX_URL ? u.href : '';
  } catch {
    return '';
  }
}

function clipText(s) {
  const t = String(s || '').replace(/\s+/g, ' ').trim();
  return t.length > MAX_TEXT ? t.slice(0, MAX_TEXT - 1) + '…' : t;
}

/** articleId is the id an article is kept under: its canonical address, else the page's. */
export function articleId(result, pageURL) {
  return webURL(result && result.canonicalUrl) || webURL(pageURL);
}

/**
 * articleRecord makes the stored record of an engine result the reader
 * opened, or returns null when it is not an article with a fingerprint.
 */
export function articleRecord(result, pageURL, now = Date.now()) {
  if (!result || !result.readerable || !result.fingerprint) return null;
  const id = articleId(result, pageURL);
  const url = webURL(pageURL) || id;
  if (!id) return null;
  let fp;
  try {
    fp = bytesFromBase64(result.fingerprint);
  } catch {
    return null;
  }
  let site = clipText(result.siteName);
  if (!site) site = new URL(url).hostname;
  return { id, url, title: clipText(result.title), site, published: String(result.publishedTime || '').slice(0, 64), seen: now, fp };
}

/** feedItemRecord makes the stored record of a parsed feed item (see tidings.parseFeed). */
export function feedItemRecord(feedURL, feedTitle, item, now = Date.now()) {
  const url = webURL(item && item.url);
  const id = String((item && item.id) || '').slice(0, MAX_URL);
  if (!id || !item.fingerprint) return null;
  let fp;
  try {
    fp = bytesFromBase64(item.fingerprint);
  } catch {
    return null;
  }
  let site = clipText(feedTitle);
  if (!site && url) site = new URL(url).hostname;
  return { feed: feedURL, id, url, title: clipText(item.title), site, published: String(item.published || '').slice(0, 64), seen: now, fp };
}

/** indexIdOf is a record's id in the engine's index. */
export function indexIdOf(rec) {
  return rec.feed ? `${FEED_PREFIX}${rec.feed} ${rec.id}` : ARTICLE_PREFIX + rec.id;
}

/** exportLine writes an article as one JSON line (the fingerprint in base64). */
export function exportLine(rec) {
  const { fp, ...rest } = rec;
  return JSON.stringify({ ...rest, fingerprint: base64FromBytes(fp) });
}

/**
 * parseImportLine reads one exported line back into a record, or throws
 * saying what is wrong. The fingerprint's content is checked by the engine
 * when the background adds it. A line without a read time ("seen"), or
 * with one that is not a time or is in the future, is dated 0: such an
 * article counts as read before every other, and goes first when the
 * history is pruned (not the articles the user read here).
 */
export function parseImportLine(line, now = Date.now()) {
  let v;
  try {
    v = JSON.parse(line);
  } catch {
    throw new Error('not JSON');
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw new Error('not an object');
  const id = webURL(v.id);
  if (!id) throw new Error('no web address in "id"');
  if (typeof v.fingerprint !== 'string' || !v.fingerprint) throw new Error('no "fingerprint"');
  let fp;
  try {
    fp = bytesFromBase64(v.fingerprint);
  } catch {
    throw new Error('"fingerprint" is not base64');
  }
  const seen = Number.isFinite(v.seen) && v.seen > 0 && v.seen <= now ? v.seen : 0;
  return { id, url: webURL(v.url) || id, title: clipText(v.title), site: clipText(v.site) || new URL(id).hostname, published: String(v.published || '').slice(0, 64), seen, fp };
}

// Promise wrappers of IndexedDB requests and transactions.
function done(req) {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}
function finished(tx) {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error || new Error('transaction aborted'));
  });
}

/** openRelatedStore opens (creating or upgrading) the database. */
export async function openRelatedStore(idb = globalThis.indexedDB) {
  if (!idb) throw new Error('IndexedDB is not available here');
  const req = idb.open(DB_NAME, DB_VERSION);
  req.onupgradeneeded = () => {
    const db = req.result;
    // Version 1. Later versions add stores or indexes here; they never
    // drop the user's articles.
    if (!db.objectStoreNames.contains(ARTICLES)) {
      const s = db.createObjectStore(ARTICLES, { keyPath: 'id' });
      s.createIndex('seen', 'seen');
    }
    if (!db.objectStoreNames.contains(FEED_ITEMS)) {
      const s = db.createObjectStore(FEED_ITEMS, { keyPath: ['feed', 'id'] });
      s.createIndex('feed', 'feed');
    }
  };
  return new RelatedStore(await done(req));
}

/** RelatedStore reads and writes the two stores. */
export class RelatedStore {
  constructor(db) {
    this.db = db;
  }

  close() {
    this.db.close();
  }

  async putArticle(rec) {
    const tx = this.db.transaction(ARTICLES, 'readwrite');
    tx.objectStore(ARTICLES).put(rec);
    await finished(tx);
  }

  /** putArticles writes many records in one transaction. */
  async putArticles(recs) {
    const tx = this.db.transaction(ARTICLES, 'readwrite');
    const s = tx.objectStore(ARTICLES);
    for (const r of recs) s.put(r);
    await finished(tx);
  }

  getArticle(id) {
    return done(this.db.transaction(ARTICLES).objectStore(ARTICLES).get(id));
  }

  async deleteArticle(id) {
    const tx = this.db.transaction(ARTICLES, 'readwrite');
    tx.objectStore(ARTICLES).delete(id);
    await finished(tx);
  }

  async clearArticles() {
    const tx = this.db.transaction(ARTICLES, 'readwrite');
    tx.objectStore(ARTICLES).clear();
    await finished(tx);
  }

  /** articleIds returns the ids of every stored article. */
  articleIds() {
    return done(this.db.transaction(ARTICLES).objectStore(ARTICLES).getAllKeys());
  }

  countArticles() {
    return done(this.db.transaction(ARTICLES).objectStore(ARTICLES).count());
  }

  /**
   * eachArticle calls fn(record) for articles from the most recently read
   * to the oldest while it returns true (or undefined).
   */
  eachArticle(fn) {
    return new Promise((resolve, reject) => {
      const req = this.db.transaction(ARTICLES).objectStore(ARTICLES).index('seen').openCursor(null, 'prev');
      req.onerror = () => reject(req.error);
      req.onsuccess = () => {
        const cur = req.result;
        if (!cur || fn(cur.value) === false) return resolve();
        cur.continue();
      };
    });
  }

  /**
   * recentArticles returns at most limit articles, most recently read
   * first. One getAll (the store holds at most MAX_ARTICLES) is several
   * times faster than a cursor, which costs a callback a record.
   */
  async recentArticles(limit = MAX_ARTICLES) {
    const all = await done(this.db.transaction(ARTICLES).objectStore(ARTICLES).index('seen').getAll());
    return all.reverse().slice(0, limit);
  }

  /**
   * recentBatches yields the most recently read articles, at most limit,
   * newest first, size at a time: reading 10,000 records at once blocks
   * the background's thread for most of a second, which a page waiting
   * for its cleanup would feel. A key cursor (no records read) jumps size
   * records at a time to find each batch's bounds on the "seen" index.
   */
  async *recentBatches(limit = MAX_ARTICLES, size = 1000) {
    const bounds = await new Promise((resolve, reject) => {
      const out = [];
      const req = this.db.transaction(ARTICLES).objectStore(ARTICLES).index('seen').openKeyCursor(null, 'prev');
      req.onerror = () => reject(req.error);
      req.onsuccess = () => {
        const cur = req.result;
        if (!cur) return resolve(out);
        // Equal bounds (many records read at one time) would make an empty range.
        if (out.length === 0 || out[out.length - 1] !== cur.key) out.push(cur.key);
        cur.advance(size);
      };
    });
    let left = limit;
    for (let i = 0; i < bounds.length && left > 0; i++) {
      // (next bound, this bound]: every record once, even when several
      // share a time; the newest batch is open above, for articles read
      // while loading.
      const range = i + 1 < bounds.length
        ? (i === 0 ? IDBKeyRange.lowerBound(bounds[1], true) : IDBKeyRange.bound(bounds[i + 1], bounds[i], true, false))
        : (i === 0 ? null : IDBKeyRange.upperBound(bounds[i]));
      const batch = (await done(this.db.transaction(ARTICLES).objectStore(ARTICLES).index('seen').getAll(range))).reverse().slice(0, left);
      left -= batch.length;
      yield batch;
    }
  }

  /**
   * searchArticles returns {total, items}: the articles whose title, site or
   * address contains every word of query (case-insensitive), most recently
   * read first, items from offset, at most limit.
   */
  async searchArticles(query, { offset = 0, limit = 50 } = {}) {
    const words = String(query || '').toLowerCase().split(/\s+/).filter(Boolean);
    const items = [];
    let total = 0;
    await this.eachArticle((r) => {
      const hay = `${r.title}\n${r.site}\n${r.url}`.toLowerCase();
      if (words.every((w) => hay.includes(w))) {
        if (total >= offset && items.length < limit) items.push(r);
        total++;
      }
    });
    return { total, items };
  }

  /** pruneArticles deletes the oldest articles beyond max; returns their ids. */
  async pruneArticles(max = MAX_ARTICLES) {
    const extra = (await this.countArticles()) - max;
    if (extra <= 0) return [];
    const ids = [];
    const tx = this.db.transaction(ARTICLES, 'readwrite');
    const req = tx.objectStore(ARTICLES).index('seen').openCursor(null, 'next');
    req.onsuccess = () => {
      const cur = req.result;
      if (!cur || ids.length >= extra) return;
      ids.push(cur.value.id);
      cur.delete();
      cur.continue();
    };
    await finished(tx);
    return ids;
  }

  /** allFeedItems returns every stored feed item. */
  allFeedItems() {
    return done(this.db.transaction(FEED_ITEMS).objectStore(FEED_ITEMS).getAll());
  }

  feedItems(feedURL) {
    return done(this.db.transaction(FEED_ITEMS).objectStore(FEED_ITEMS).index('feed').getAll(feedURL));
  }

  /**
   * replaceFeedItems keeps a feed's newest items: the fresh ones plus the
   * stored ones not among them, at most max, newest published (else
   * first seen) first. Returns {kept, removed}: the records now stored and
   * those deleted.
   */
  async replaceFeedItems(feedURL, fresh, max = MAX_FEED_ITEMS) {
    const old = await this.feedItems(feedURL);
    const byId = new Map(old.map((r) => [r.id, r]));
    for (const r of fresh) {
      const prev = byId.get(r.id);
      byId.set(r.id, prev ? { ...r, seen: prev.seen } : r);
    }
    const when = (r) => Date.parse(r.published) || r.seen || 0;
    const all = [...byId.values()].sort((a, b) => when(b) - when(a));
    const kept = all.slice(0, max);
    const keptIds = new Set(kept.map((r) => r.id));
    const removed = old.filter((r) => !keptIds.has(r.id));
    const tx = this.db.transaction(FEED_ITEMS, 'readwrite');
    const s = tx.objectStore(FEED_ITEMS);
    for (const r of removed) s.delete([feedURL, r.id]);
    for (const r of kept) s.put(r);
    await finished(tx);
    return { kept, removed };
  }

  /** deleteFeed removes a feed's items; returns the deleted records. */
  async deleteFeed(feedURL) {
    const old = await this.feedItems(feedURL);
    const tx = this.db.transaction(FEED_ITEMS, 'readwrite');
    const s = tx.objectStore(FEED_ITEMS);
    for (const r of old) s.delete([feedURL, r.id]);
    await finished(tx);
    return old;
  }
}
