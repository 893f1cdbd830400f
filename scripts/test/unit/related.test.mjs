// Related coverage: the IndexedDB store (fake-indexeddb) and the
// background's service driving the real engine (build/tidings.wasm under
// Node): recording, lookup, page headlines, forget, clear, import/export,
// reloading after a restart, feeds.
import test, { before } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { ROOT, FIXTURES } from '../../lib/server.mjs';
import { loadEngine } from '../../lib/engine-node.mjs';
import {
  MAX_FEED_ITEMS, articleId, articleRecord, base64FromBytes, bytesFromBase64, exportLine, openRelatedStore, parseImportLine,
} from '../../../extension/shared/related-store.js';
import { RelatedService } from '../../../extension/background/related.js';

// The build under test ($TIDINGS_BUILD, default build/), as the browser tests.
const BUILD = process.env.TIDINGS_BUILD || join(ROOT, 'build');
const WASM = join(BUILD, 'tidings.wasm');
// The store uses the global IDBKeyRange, as it has in the browser.
globalThis.IDBKeyRange = IDBKeyRange;
const noWasm = !existsSync(WASM) && 'build/tidings.wasm is missing: run make build';
const KERRY = "we may face the best opportunity that we've had in years to end it";
const MT_URL = 'http://127.0.0.1:8000/seeds/moscowtimes-kerry-syria.html';
const MEE_URL = 'http://127.0.0.1:8000/seeds/middleeasteye-kerry-syria.html';

let engine;
let mt;
let mee;
before(async () => {
  if (noWasm) return;
  engine = await loadEngine(WASM, join(BUILD, 'wasm_exec.js'));
  mt = JSON.parse(engine.clean(readFileSync(join(ROOT, 'testdata/seeds/moscowtimes-kerry-syria.html'), 'utf8'), MT_URL));
  mee = JSON.parse(engine.clean(readFileSync(join(ROOT, 'testdata/seeds/middleeasteye-kerry-syria.html'), 'utf8'), MEE_URL));
});

function memoryStorage(init = {}) {
  const data = structuredClone(init);
  return {
    data,
    async get(k) {
      return k in data ? { [k]: structuredClone(data[k]) } : {};
    },
    async set(o) {
      Object.assign(data, structuredClone(o));
    },
  };
}

function service({ idb = new IDBFactory(), storage = memoryStorage(), ...rest } = {}) {
  return new RelatedService({ engine: async () => engine, storage, openStore: () => openRelatedStore(idb), ...rest });
}

/** madeUpArticle is a story of pseudo-words (a fixed sequence per i): unrelated to any real one. */
function madeUpArticle(i) {
  let x = i * 2654435761 + 1;
  const word = () => {
    let w = '';
    for (let n = 3 + ((x >>> 3) % 6); n > 0; n--) {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      w += 'bcdfgklmnprstvz'[x % 15] + 'aeiou'[(x >>> 8) % 5];
    }
    return w;
  };
  const sentence = (n) => Array.from({ length: n }, word).join(' ');
  const cap = (w) => w[0].toUpperCase() + w.slice(1);
  return { title: cap(sentence(8)), text: Array.from({ length: 12 }, () => cap(sentence(14)) + '.').join('\n') };
}

/** madeUpRecord is the stored record of madeUpArticle(i), read at `seen` from `url`. */
function madeUpRecord(i, url, seen) {
  const fp = engine.fingerprint(JSON.stringify(madeUpArticle(i)));
  return articleRecord({ readerable: true, fingerprint: fp }, url, seen);
}

const rec = (id, seen, extra = {}) => ({ id, url: id, title: `Story ${id}`, site: 'example.org', published: '', seen, fp: new Uint8Array([1, seen % 256]), ...extra });

test('records: ids, fields, export lines and their checks', () => {
  assert.equal(articleId({ canonicalUrl: 'https://site.example/a' }, 'http://127.0.0.1/x#y'), 'https://site.example/a');
  assert.equal(articleId({ canonicalUrl: 'javascript:x' }, 'http://127.0.0.1/x#y'), 'http://127.0.0.1/x');
  assert.equal(articleRecord({ readerable: false, fingerprint: 'AQ==' }, 'http://x.example/'), null, 'not an article');
  assert.equal(articleRecord({ readerable: true, fingerprint: '' }, 'http://x.example/'), null, 'no fingerprint');
  const r = articleRecord({ readerable: true, fingerprint: 'AQID', title: ' A\n title ', siteName: '', publishedTime: '2016-03-15', canonicalUrl: 'https://site.example/a' }, 'http://127.0.0.1/x', 42);
  assert.deepEqual({ ...r, fp: [...r.fp] }, { id: 'https://site.example/a', url: 'http://127.0.0.1/x', title: 'A title', site: '127.0.0.1', published: '2016-03-15', seen: 42, fp: [1, 2, 3] });
  const back = parseImportLine(exportLine(r), 100);
  assert.deepEqual({ ...back, fp: [...back.fp] }, { ...r, fp: [1, 2, 3] });
  // Not "now": an import of such lines would then push the user's own (older) articles out first.
  assert.equal(parseImportLine(exportLine({ ...r, seen: 1e15 }), 100).seen, 0, 'a seen time in the future is the oldest');
  const { seen: _seen, ...noSeen } = r;
  for (const v of [noSeen, { ...r, seen: 'yesterday' }, { ...r, seen: -5 }]) assert.equal(parseImportLine(exportLine(v), 100).seen, 0, JSON.stringify(v.seen));
  assert.equal(base64FromBytes(bytesFromBase64('AP8Q')), 'AP8Q');
  for (const [line, why] of [['{', /not JSON/], ['[1]', /not an object/], ['{"id":"ftp://x","fingerprint":"AQ=="}', /web address/],
    ['{"id":"https://x.example/"}', /fingerprint/], ['{"id":"https://x.example/","fingerprint":"@@"}', /base64/]]) {
    assert.throws(() => parseImportLine(line), why, line);
  }
});

test('store: imported lines without a (past) read time are pruned before the articles read here', async () => {
  const s = await openRelatedStore(new IDBFactory());
  const now = 1e12;
  await s.putArticles([1, 2, 3].map((i) => rec(`https://mine.example/${i}`, now - i)));
  const line = (i, extra) => JSON.stringify({ id: `https://other.example/${i}`, fingerprint: 'AQI=', ...extra });
  await s.putArticles([line(1, { seen: now - 10 }), line(2, { seen: 4e12 }), line(3)].map((l) => parseImportLine(l, now)));
  assert.deepEqual((await s.pruneArticles(4)).sort(), ['https://other.example/2', 'https://other.example/3']);
  assert.deepEqual((await s.recentArticles()).map((r) => r.id), ['https://mine.example/1', 'https://mine.example/2', 'https://mine.example/3', 'https://other.example/1']);
  assert.deepEqual((await s.articleIds()).sort(), ['https://mine.example/1', 'https://mine.example/2', 'https://mine.example/3', 'https://other.example/1']);
  s.close();
});

test('store: newest first, search, prune, feed items, kept across reopening', async () => {
  const idb = new IDBFactory();
  let s = await openRelatedStore(idb);
  for (let i = 1; i <= 5; i++) await s.putArticle(rec(`https://example.org/${i}`, i));
  await s.putArticle({ ...rec('https://example.org/2', 9), title: 'Kerry in Moscow', site: 'The Moscow Times' });
  assert.deepEqual((await s.recentArticles()).map((r) => r.seen), [9, 5, 4, 3, 1]);
  assert.deepEqual((await s.recentArticles(2)).map((r) => r.seen), [9, 5]);
  const found = await s.searchArticles('moscow KERRY');
  assert.equal(found.total, 1);
  assert.equal(found.items[0].id, 'https://example.org/2');
  assert.equal((await s.searchArticles('', { offset: 1, limit: 2 })).items.map((r) => r.seen).join(), '5,4');
  // Batches, newest first, every record once even when read times repeat across a batch's bound.
  const t = await openRelatedStore(new IDBFactory());
  const seen = [1, 2, 2, 2, 3, 4, 4, 5, 6, 7, 7, 7, 8];
  await t.putArticles(seen.map((v, i) => rec(`https://b.example/${i}`, v)));
  for (const [limit, size] of [[100, 3], [100, 1], [5, 2], [13, 13]]) {
    const got = [];
    for await (const batch of t.recentBatches(limit, size)) {
      assert.ok(batch.length > 0);
      got.push(...batch);
    }
    const want = (await t.recentArticles(100)).slice(0, limit).map((r) => r.seen);
    assert.deepEqual(got.map((r) => r.seen), want, `limit ${limit}, batches of ${size}`);
    assert.equal(new Set(got.map((r) => r.id)).size, got.length, 'no record twice');
  }
  t.close();
  assert.deepEqual(await s.pruneArticles(3), ['https://example.org/1', 'https://example.org/3']);
  assert.equal(await s.countArticles(), 3);
  // Feed items: newest kept, first-seen times kept.
  const item = (id, published, seen) => ({ feed: 'http://f.test/rss', id, url: id, title: id, site: 'F', published, seen, fp: new Uint8Array([1]) });
  await s.replaceFeedItems('http://f.test/rss', [item('a', '2016-03-01', 1), item('b', '2016-03-02', 1)]);
  const { kept, removed } = await s.replaceFeedItems('http://f.test/rss', [item('b', '2016-03-02', 7), item('c', '2016-03-03', 7)], 2);
  assert.deepEqual(kept.map((r) => [r.id, r.seen]), [['c', 7], ['b', 1]]);
  assert.deepEqual(removed.map((r) => r.id), ['a']);
  await s.replaceFeedItems('http://g.test/rss', [{ ...item('a', '', 1), feed: 'http://g.test/rss' }]);
  assert.equal((await s.allFeedItems()).length, 3);
  assert.deepEqual((await s.deleteFeed('http://f.test/rss')).map((r) => r.id).sort(), ['b', 'c']);
  assert.equal((await s.allFeedItems()).length, 1);
  s.close();
  // Reopened (as after an update of the extension): everything is still there.
  s = await openRelatedStore(idb);
  assert.equal(await s.countArticles(), 3);
  assert.equal(MAX_FEED_ITEMS, 200);
  const many = Array.from({ length: MAX_FEED_ITEMS + 5 }, (_, i) => item(`m${i}`, '', i + 1));
  const capped = await s.replaceFeedItems('http://f.test/rss', many);
  assert.equal(capped.kept.length, MAX_FEED_ITEMS, 'a feed keeps at most MAX_FEED_ITEMS items');
  assert.deepEqual(capped.kept.slice(0, 2).map((r) => r.id), [`m${MAX_FEED_ITEMS + 4}`, `m${MAX_FEED_ITEMS + 3}`], 'the newest');
  s.close();
});

test('service: recording, lookup with the shared quote, pause, private windows, forget, clear', { skip: noWasm }, async () => {
  const storage = memoryStorage();
  const svc = service({ storage });
  assert.equal(typeof mt.fingerprint, 'string');
  assert.ok(await svc.record(mee, MEE_URL));
  assert.ok(await svc.record(mt, MT_URL));
  let found = await svc.lookup(mt, MT_URL);
  assert.equal(found.partial, false);
  assert.deepEqual(found.items.map((i) => [i.url, i.site, i.source]), [[MEE_URL, 'Middle East Eye', 'history']]);
  assert.ok(found.items[0].sharedQuotes.some((q) => q.includes(KERRY)), 'the Kerry quote is shared');
  // A result without its fingerprint (a page that is not readerable): the lookup makes clean's.
  const { fingerprint: _, ...unprinted } = mt;
  assert.deepEqual((await svc.lookup(unprinted, MT_URL)).items, found.items, 'the same related items from the fingerprint made on lookup');
  // The quote is found in the Moscow Times text, typographic apostrophe and all.
  const spans = await svc.findQuotes(mt.textContent, [...found.items[0].sharedQuotes, 'not in the text at all']);
  assert.equal(spans.at(-1), null);
  assert.ok(spans.some((s) => s && mt.textContent.slice(s.start, s.end).includes('we may face the best opportunity that we’ve had in years to end it')));
  // Paused: nothing is recorded; a private window: never.
  await svc.setRecording(false);
  assert.equal(await svc.record({ ...mt, canonicalUrl: 'https://other.example/copy' }, 'https://other.example/copy'), null);
  await svc.setRecording(true);
  assert.equal(await svc.record({ ...mt, canonicalUrl: 'https://other.example/copy' }, 'https://other.example/copy', { incognito: true }), null);
  assert.equal((await svc.info()).articles, 2);
  // Forget the MEE article: no longer related.
  await svc.forget(articleId(mee, MEE_URL));
  assert.deepEqual((await svc.lookup(mt, MT_URL)).items, []);
  await svc.clear();
  assert.equal((await svc.info()).articles, 0);
  assert.equal(svc.meta.size, 0);
});

test('service: the headlines of the page are candidates', { skip: noWasm }, async () => {
  const svc = service();
  const links = [
    { url: 'https://www.middleeasteye.net/news/kerry-meet-putin-over-syria-peace-process', title: 'Kerry to meet Putin over Syria peace process' },
    { url: 'https://sport.example/arsenal', title: 'Arsenal beat Chelsea 2-1 in a London derby thriller' },
    { url: MT_URL, title: 'Kerry to Discuss Syria With Putin, Lavrov in Moscow' },
  ];
  const found = await svc.lookup(mt, MT_URL, links);
  assert.deepEqual(found.items.map((i) => [i.url, i.source, i.site]), [[links[0].url, 'page', 'www.middleeasteye.net']]);
});

test('service: a restarted background loads the store into the engine again; import and export', { skip: noWasm }, async () => {
  const idb = new IDBFactory();
  const first = service({ idb });
  await first.record(mee, MEE_URL);
  // Many other articles, to time the load: made-up stories of made-up words.
  const store = await first.store();
  const N = 1000;
  await store.putArticles(Array.from({ length: N }, (_, i) => madeUpRecord(i, `https://other.example/${i}`, i + 1)));
  engine.relatedClear(); // as a new engine would be
  const again = service({ idb });
  const t0 = performance.now();
  await again.ensureLoaded();
  console.log(`# index loaded: ${again.stats.loaded} articles in ${(performance.now() - t0).toFixed(0)} ms (engine under Node)`);
  assert.equal(again.stats.loaded, N + 1);
  const found = await again.lookup(mt, MT_URL);
  assert.ok(found.items.some((i) => i.url === MEE_URL), 'the MEE article is found after the reload');
  // Export the MEE article and import it elsewhere, with bad lines reported.
  const line = exportLine(await store.getArticle(articleId(mee, MEE_URL)));
  const other = service({ idb: new IDBFactory() });
  const bad = JSON.stringify({ ...JSON.parse(line), id: 'https://bad.example/', fingerprint: 'AQID' });
  const res = await other.importLines(['not json', '', line, bad], 1);
  assert.equal(res.added, 1);
  assert.deepEqual(res.errors.map((e) => e.line), [1, 4]);
  assert.match(res.errors[1].error, /fingerprint/);
  assert.ok((await other.lookup(mt, MT_URL)).items.some((i) => i.url === MEE_URL), 'the imported article is related');
});

test('service: a new background whose engine kept the index (Chromium: the worker restarted) reads only its metadata', { skip: noWasm }, async () => {
  const idb = new IDBFactory();
  let mark = null;
  const indexMark = { get: async () => mark, set: async (v) => (mark = v) };
  // Counts the engine calls that change the index.
  const calls = { clear: 0, add: 0 };
  const counted = { ...engine, relatedClear: () => (calls.clear++, engine.relatedClear()), relatedAddBatch: (...a) => (calls.add++, engine.relatedAddBatch(...a)) };
  const withMark = (starts) => new RelatedService({ engine: async () => counted, engineStarts: () => starts, indexMark, storage: memoryStorage(), openStore: () => openRelatedStore(idb) });
  const first = withMark(1);
  await first.record(mee, MEE_URL);
  assert.equal(mark, 1, 'the first load marked the engine');
  const before = { ...calls };
  const next = withMark(1);
  await next.ensureLoaded();
  assert.deepEqual(calls, before, 'the index was not cleared or loaded again');
  assert.equal(next.stats.kept, true);
  assert.ok((await next.lookup(mt, MT_URL)).items.some((i) => i.url === MEE_URL), 'found, with its metadata');
  // An engine started again since (another start count): loaded again.
  engine.relatedClear();
  const fresh = withMark(2);
  await fresh.ensureLoaded();
  assert.equal(fresh.stats.kept, false);
  assert.equal(calls.clear, before.clear + 1);
  assert.equal(mark, 2);
  assert.ok((await fresh.lookup(mt, MT_URL)).items.some((i) => i.url === MEE_URL));
});

test('service: a load superseded by another engine run stops, and its callers wait for the new one (never marked loaded with part of the index)', { skip: noWasm }, async () => {
  const idb = new IDBFactory();
  const store = await openRelatedStore(idb);
  const N = 1000; // four chunks of LOAD_CHUNK
  await store.putArticles(Array.from({ length: N }, (_, i) => madeUpRecord(i, `https://other.example/${i}`, i + 1)));
  let starts = 1;
  let svc = null;
  let second = null;
  let marked = null;
  const calls = { add: 0 };
  const counted = {
    ...engine,
    relatedAddBatch: (...a) => {
      const out = engine.relatedAddBatch(...a);
      // After the first run's first chunk, the engine starts again (an
      // empty index) and someone asks for the index.
      if (++calls.add === 1) {
        starts = 2;
        engine.relatedClear();
        second = svc.ensureLoaded();
      }
      return out;
    },
  };
  svc = new RelatedService({ engine: async () => counted, engineStarts: () => starts, indexMark: { get: async () => marked, set: async (v) => (marked = v) }, storage: memoryStorage(), openStore: () => openRelatedStore(idb) });
  engine.relatedClear();
  const first = svc.ensureLoaded();
  await first;
  // The first load's callers waited for the whole index of the engine now running.
  assert.equal(svc.loaded, true);
  assert.equal(svc.stats.loaded, N, 'the stats are the second load\'s, whole');
  assert.equal(svc.meta.size, N);
  assert.equal(engine.relatedLen(), N);
  assert.equal(marked, 2);
  assert.ok(second, 'the second load ran');
  await second;
  // The first stopped at once: chunks 2-4 were loaded by the second alone.
  assert.equal(calls.add, 1 + N / 250);
});

test('service: an import never prunes the articles already kept; new ones beyond the free places are dropped and counted', { skip: noWasm }, async () => {
  const svc = service({ maxArticles: 6 });
  const store = await svc.store();
  const now = Date.now();
  const day = 86400000;
  const rec = (i, site, seen) => madeUpRecord(i, `https://${site}/${i}`, seen);
  // The reader's own articles, read days ago.
  const own = [0, 1, 2].map((i) => rec(i, 'mine.example', now - (i + 1) * day));
  await store.putArticles(own);
  // Another browser's export, read more recently; one of the reader's own
  // articles again (it replaces the kept one and takes no new place).
  const lines = [10, 11, 12, 13, 14].map((i) => exportLine(rec(i, 'other.example', now - 1000 - i)));
  lines.push(exportLine({ ...own[0], title: 'Mine 0, again' }), 'not json');
  const first = await svc.importLines(lines.slice(0, 4), 1);
  const second = await svc.importLines(lines.slice(4), 5);
  assert.deepEqual([first.added, first.dropped], [3, 1]);
  assert.deepEqual([second.added, second.dropped], [1, 1], 'the next chunk counts the places again');
  assert.deepEqual(second.errors.map((e) => e.line), [7]);
  const left = (await Promise.all(own.map((r) => store.getArticle(r.id)))).filter(Boolean);
  assert.equal(left.length, 3, "the reader's own articles are all kept");
  assert.equal(left[0].title, 'Mine 0, again');
  assert.equal(await store.countArticles(), 6);
  assert.ok(await store.getArticle('https://other.example/10'), 'the first lines are kept');
  assert.equal(await store.getArticle('https://other.example/14'), undefined, 'the last ones did not fit');
});

test('service: feeds are fetched, indexed, refreshed and removed; errors are kept', { skip: noWasm }, async () => {
  const files = { 'http://wire.test/rss.xml': 'feeds/kerry-wire.xml', 'http://sport.test/atom.xml': 'feeds/atom-sport.xml' };
  const fetched = [];
  const fetchFn = async (url) => {
    fetched.push(url);
    if (url === 'http://html.test/page') return new Response('<!DOCTYPE html><html><body>page</body></html>', { headers: { 'content-type': 'text/html' } });
    if (url === 'http://cors.test/rss') throw new TypeError('Failed to fetch');
    return files[url] ? new Response(readFileSync(join(FIXTURES, files[url]))) : new Response('no', { status: 404 });
  };
  const removedPerms = [];
  const permissions = { contains: async ({ origins }) => /^http:\/\/(wire|sport)\.test/.test(origins[0]), remove: async ({ origins }) => removedPerms.push(...origins) };
  let now = Date.parse('2016-03-16T00:00:00Z');
  const svc = service({ fetchFn, permissions, now: () => now });
  const wire = await svc.addFeed('http://wire.test/rss.xml');
  assert.equal(wire.feed.error, '');
  assert.equal(wire.feed.items, 2);
  assert.equal(wire.feed.ttl, 30);
  await svc.addFeed('http://sport.test/atom.xml');
  let found = await svc.lookup(mt, MT_URL);
  assert.deepEqual(found.items.map((i) => [i.url, i.source]), [['http://wire.test/world/kerry-moscow-syria-talks', 'feed']]);
  // Not due yet: nothing fetched; 31 minutes later the wire (ttl 30) is.
  fetched.length = 0;
  await svc.updateFeeds();
  assert.deepEqual(fetched, []);
  now += 31 * 60000;
  await svc.updateFeeds();
  assert.deepEqual(fetched, ['http://wire.test/rss.xml']);
  // Errors a person can act on.
  assert.match((await svc.addFeed('http://wire.test/missing.xml')).feed.error, /HTTP 404/);
  assert.match((await svc.addFeed('http://html.test/page')).feed.error, /not an RSS or Atom feed/);
  assert.match((await svc.addFeed('http://cors.test/rss')).feed.error, /could not be reached, and Tidings has no permission to read cors\.test/);
  const gone = (await svc.addFeed('http://gone.test/rss')).feed.error;
  assert.equal(gone, 'HTTP 404', 'a server that answered is not a permission problem');
  await svc.removeFeed('http://gone.test/rss');
  assert.deepEqual(removedPerms.splice(0), ['http://gone.test/*'], 'the site\'s permission is given back with its last feed');
  assert.match((await svc.addFeed('ftp://x.test/')).error, /http or https/);
  // Removing the wire drops its items and its site's permission.
  await svc.removeFeed('http://wire.test/rss.xml');
  found = await svc.lookup(mt, MT_URL);
  assert.deepEqual(found.items, []);
  assert.deepEqual(removedPerms, [], 'another feed of the site still needs its permission');
  await svc.removeFeed('http://wire.test/missing.xml');
  assert.deepEqual(removedPerms, ['http://wire.test/*']);
  assert.deepEqual((await svc.settings()).feeds.map((f) => f.url), ['http://sport.test/atom.xml', 'http://html.test/page', 'http://cors.test/rss']);
});
