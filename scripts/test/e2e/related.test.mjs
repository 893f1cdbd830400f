// Related coverage in headless Chromium, on pages served from localhost:
// the seed articles (the Middle East Eye article read first, then the
// Moscow Times one in the reader view: related, the Kerry quote shared and
// marked despite ’ against '; and the first one's reader frame, which
// rendered it in advance before the second was read, rendering it again
// with the second listed), an unrelated Zyte page, headline links on a
// page, a news feed added in the options page, the options page's history
// controls, and the time to load 1,000 and 10,000 stored articles into the
// engine when the service worker starts. A browser of its own: its
// IndexedDB starts empty.
import test, { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, sharedDir, startServer, zytePages } from '../../lib/server.mjs';
import { chromiumAvailable, launch } from '../../lib/browser.mjs';
import { EXT_CHROMIUM, artifactPath, buildMissing, poll, readerClosed, readerFrame, stopEngine, stopServiceWorker, swEval, tabId, toTab, waitCleanup, waitPainted, waitStats } from './helpers.mjs';

const TEST_TIMEOUT_MS = 180000;
const MEE = 'middleeasteye-kerry-syria';
const MT = 'moscowtimes-kerry-syria';
// The sentence both seeds quote: the Moscow Times with a typographic
// apostrophe, Middle East Eye with a straight one.
const KERRY_MT = 'we may face the best opportunity that we’ve had in years to end it';
const KERRY_MEE = "we may face the best opportunity that we've had in years to end it";

const skipAll = (!chromiumAvailable() ? 'Chromium is not installed (apt-get install chromium)' : buildMissing()) || false;
let srv;
let b;

/** The feed fixtures, served without CORS headers: only the host permission lets the background read them. */
function feedRoute(name) {
  return (req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/rss+xml', 'Cache-Control': 'no-store' });
    res.end(readFileSync(join(FIXTURES, 'feeds', name)));
  };
}

before(async () => {
  if (skipAll) return;
  srv = await startServer({ '/feeds/wire.xml': feedRoute('kerry-wire.xml') });
  b = await launch(EXT_CHROMIUM);
});

after(async () => {
  if (b) await b.close();
  if (srv) await srv.close();
});

async function open(path) {
  const page = await b.ctx.newPage();
  await page.goto(`${srv.url}${path}`, { waitUntil: 'domcontentloaded' });
  await waitCleanup(b, page);
  return page;
}

const info = () => swEval(b, () => globalThis.tidingsHost.related.info());

/** waitRecorded waits until n articles are remembered. */
async function waitRecorded(n, timeoutMs = 20000) {
  let i = null;
  return poll(async () => {
    i = await info();
    return i.articles === n && i.indexed >= n ? i : null;
  }, `${n} articles in the store`, timeoutMs, { describe: () => `it has ${i && i.articles} (${i && i.indexed} indexed)` });
}

/** openReader toggles the reader view and returns its frame and what the panel lists. */
async function openReader(page) {
  await page.keyboard.press('Alt+Shift+R');
  const frame = await readerFrame(page);
  const items = await frame.locator('#related-list li').evaluateAll((lis) => lis.map((li) => ({
    site: li.querySelector('.related-site').textContent,
    title: li.querySelector('.related-title').textContent,
    href: li.querySelector('.related-title').getAttribute('href'),
    source: (li.querySelector('.related-source') || {}).textContent || '',
    date: (li.querySelector('time') || {}).textContent || '',
    quotes: [...li.querySelectorAll('.related-quote')].map((q) => q.textContent),
  })));
  return { frame, items, panelVisible: await frame.locator('#related').isVisible() };
}

async function closeReader(page) {
  await page.keyboard.press('Escape');
  await readerClosed(page);
}

/** readerMarks waits for the reader's timing marks of its last opening. */
async function readerMarks(page) {
  const last = await waitPainted(b, page, 0, 10000);
  return { ...last.marks, toggleToPaintMs: last.t1 - last.t0, links: last.links, linksMs: last.linksMs, linksCached: last.linksCached, prepared: last.prepared };
}

test('seeds: the Middle East Eye article read first is related coverage of the Moscow Times one, the Kerry quote shared and marked', { skip: skipAll, timeout: TEST_TIMEOUT_MS }, async () => {
  const mee = await open(`/seeds/${MEE}.html`);
  // Middle East Eye writes the quote with a straight apostrophe.
  assert.ok((await mee.locator('body').textContent()).includes(KERRY_MEE));
  await waitRecorded(1);
  // Its reader frame renders the article in advance, with no related coverage yet.
  await waitStats(b, mee, (s) => s.prefetchReady, 'the Middle East Eye article rendered in advance');
  const page = await open(`/seeds/${MT}.html`);
  await waitRecorded(2);
  await swEval(b, () => chrome.storage.local.set({ reader: { theme: 'light' } }));
  const { frame, items, panelVisible } = await openReader(page);
  assert.equal(panelVisible, true, 'the panel is shown');
  assert.equal(items.length, 1, `one related article: ${JSON.stringify(items)}`);
  const [it] = items;
  assert.equal(it.site, 'Middle East Eye');
  assert.equal(it.title, 'Kerry to meet Putin over Syria peace process');
  assert.equal(it.href, `${srv.url}/seeds/${MEE}.html`);
  assert.equal(it.source, 'You read this');
  assert.match(it.date, /2016/);
  assert.ok(it.quotes.some((q) => q.includes(KERRY_MT)), `the Kerry quote is listed as shared: ${JSON.stringify(it.quotes)}`);
  // Marked in the article's text, with the Moscow Times' own apostrophe.
  // (The title, a tooltip, is also the mark's description for screen readers.)
  const marks = await frame.locator('#content mark.shared-quote').evaluateAll((ms) => ms.map((m) => ({ text: m.textContent, title: m.title, description: document.getElementById(m.getAttribute('aria-describedby'))?.textContent })));
  const kerry = marks.find((m) => m.text.includes(KERRY_MT));
  assert.ok(kerry, `the Kerry quote is marked in the text: ${JSON.stringify(marks)}`);
  assert.equal(kerry.title, 'Also quoted by Middle East Eye');
  assert.equal(kerry.description, kerry.title);
  // The article text is intact: marking only wrapped it.
  const text = await frame.locator('#content').evaluate((el) => el.textContent);
  assert.ok(text.includes(`“Today, as we mark the fifth anniversary of the start of this horrific war, ${KERRY_MT},”`));
  // The panel is in the page in the frame that first paints the article.
  const m = await readerMarks(page);
  assert.equal(m.panelInFirstFrame, true, 'the panel is in the DOM when the article first paints');
  assert.ok(m.panel <= m.article && m.article <= m.frame, `panel ${m.panel} ≤ article ${m.article} ≤ first frame ${m.frame}`);
  console.log(`# related: lookup ${m.relatedMs.toFixed(1)} ms in the background, quotes marked in ${m.quotesMs.toFixed(1)} ms, panel ${(m.article - m.panel).toFixed(1)} ms before the article is shown, toggle → painted ${m.toggleToPaintMs.toFixed(0)} ms; ${m.links} headline links ${m.linksCached ? 'collected while the page was idle' : 'collected on the toggle'} (${m.linksMs.toFixed(1)} ms on the toggle)`);
  await page.screenshot({ path: artifactPath('reader-related-light.png') });
  await frame.locator('#related').screenshot({ path: artifactPath('reader-related-panel.png') });
  await closeReader(page);
  // The dark theme too.
  await swEval(b, () => chrome.storage.local.set({ reader: { theme: 'dark' } }));
  await page.waitForTimeout(450);
  const dark = await openReader(page);
  assert.equal(dark.items.length, 1);
  await dark.frame.locator('#related').screenshot({ path: artifactPath('reader-related-panel-dark.png') });
  await closeReader(page);
  await swEval(b, () => chrome.storage.local.remove('reader'));
  // And the other way round: the frame that rendered the Middle East Eye
  // article in advance, before the Moscow Times one was read, rendered it
  // again when its page heard that the related index changed.
  await mee.bringToFront();
  const back = await openReader(mee);
  assert.deepEqual(back.items.map((i) => i.site), ['The Moscow Times']);
  assert.equal((await readerMarks(mee)).prefetched, true, 'shown as rendered in advance, in standby');
  await closeReader(mee);
  await mee.close();
  await page.close();
});

test('an unrelated Zyte page: no related item, and it is not related to the seeds', { skip: skipAll || (!sharedDir() && 'the shared corpus (../shared or $TIDINGS_SHARED) is absent: no Zyte page to check'), timeout: TEST_TIMEOUT_MS }, async () => {
  const before = (await info()).articles;
  const id = zytePages()[0];
  const zyte = await open(`/zyte/${id}.html`);
  const state = await toTab(b, zyte, { type: 'page-state' });
  assert.equal(state.readerable, true, 'an article page');
  await waitRecorded(before + 1);
  const { items, panelVisible } = await openReader(zyte);
  assert.deepEqual(items, [], 'no related item');
  assert.equal(panelVisible, false, 'no panel');
  await closeReader(zyte);
  await zyte.close();
  const page = await open(`/seeds/${MT}.html`);
  const { items: mtItems } = await openReader(page);
  assert.deepEqual(mtItems.map((i) => i.site), ['Middle East Eye'], 'the Zyte page is not related to the seed');
  await closeReader(page);
  await page.close();
});

test('headline links on the page: the one of the same story is listed', { skip: skipAll, timeout: TEST_TIMEOUT_MS }, async () => {
  const page = await open('/fixtures/related-links.html');
  const { items } = await openReader(page);
  const fromPage = items.filter((i) => i.source === 'Linked from this page');
  assert.deepEqual(fromPage.map((i) => [i.site, i.title, i.href]), [
    ['www.middleeasteye.net', 'Kerry to meet Putin over Syria peace process', 'https://www.middleeasteye.net/news/kerry-meet-putin-over-syria-peace-process'],
  ], 'the Kerry headline, not the oil, football or film ones, nor the navigation');
  const m = await readerMarks(page);
  assert.equal(m.links, 4, 'the four headlines of the aside; the navigation and the footer are left out');
  await closeReader(page);
  await page.close();
  // The fixture is itself a report of the Kerry story, now in the history: forget it, the next tests count on the seeds alone.
  await swEval(b, (u) => globalThis.tidingsHost.related.forget(u), `${srv.url}/fixtures/related-links.html`);
});

test('a news feed added in the options page: permission asked for its site, fetched, its story listed; errors shown', { skip: skipAll, timeout: TEST_TIMEOUT_MS }, async () => {
  const opts = await b.ctx.newPage();
  await opts.goto(b.extURL('options/options.html'));
  // Chromium's permission prompt cannot be answered in a headless test:
  // the page's permissions.request is replaced by one that records what
  // it was asked and says yes. The feed is served without CORS headers.
  await opts.evaluate(() => {
    globalThis.__asked = [];
    chrome.permissions.request = async (p) => {
      globalThis.__asked.push(p);
      return true;
    };
  });
  const feedURL = `${srv.url}/feeds/wire.xml`;
  await opts.locator('#feed-url').fill(feedURL);
  await opts.locator('#feed-form button[type=submit]').click();
  // The status says what happened once the background answered.
  await opts.waitForFunction(() => /^[^F]/.test(document.getElementById('feed-status').textContent), null, { timeout: 60000 }); // past 'Fetching the feed…'
  assert.match(await opts.locator('#feed-status').textContent(), /^Added Wire Service – World: 2 stories\.$/);
  assert.deepEqual(await opts.evaluate(() => globalThis.__asked), [{ origins: ['http://127.0.0.1/*'] }], 'the feed\'s site, asked for on adding it');
  const row = opts.locator('#feeds tbody tr').filter({ hasText: feedURL });
  assert.match(await row.textContent(), /Wire Service – World/, 'windows-1252 decoded');
  assert.match(await row.textContent(), /OK/);
  assert.equal((await row.locator('td').nth(1).textContent()).trim(), '2');
  // A feed that fails shows why.
  await opts.locator('#feed-url').fill(`${srv.url}/feeds/missing.xml`);
  await opts.locator('#feed-form button[type=submit]').click();
  await opts.locator('#feeds tbody tr').filter({ hasText: 'missing.xml' }).filter({ hasText: 'HTTP 404' }).waitFor();
  await opts.locator('#feeds tbody tr').filter({ hasText: 'missing.xml' }).locator('button', { hasText: 'Remove' }).click();
  await opts.locator('#feeds tbody tr').filter({ hasText: 'missing.xml' }).waitFor({ state: 'detached' });
  await opts.screenshot({ path: artifactPath('options-related.png'), fullPage: true });

  const page = await open(`/seeds/${MT}.html`);
  const { items, frame } = await openReader(page);
  assert.deepEqual(items.map((i) => [i.site, i.source]), [['Middle East Eye', 'You read this'], ['Wire Service – World', 'From your feeds']]);
  assert.equal(items[1].href, `${srv.url}/world/kerry-moscow-syria-talks`);
  await frame.locator('#related').screenshot({ path: artifactPath('reader-related-feed.png') });
  await closeReader(page);
  // "Update now" fetches it again; removing the feed drops its story.
  await opts.locator('#feeds tbody tr').filter({ hasText: feedURL }).locator('button', { hasText: 'Update now' }).click();
  await opts.locator('#feeds tbody tr').filter({ hasText: feedURL }).locator('button', { hasText: 'Update now' }).waitFor({ state: 'attached' });
  await opts.locator('#feeds tbody tr').filter({ hasText: feedURL }).locator('button', { hasText: 'Remove' }).click();
  await opts.locator('#feeds tbody tr').filter({ hasText: feedURL }).waitFor({ state: 'detached' });
  await page.waitForTimeout(450);
  const again = await openReader(page);
  assert.deepEqual(again.items.map((i) => i.source), ['You read this']);
  await closeReader(page);
  await page.close();
  await opts.close();
});

test('options page: find and forget one article, export, forget all, import, pause — the index follows', { skip: skipAll, timeout: TEST_TIMEOUT_MS }, async () => {
  const opts = await b.ctx.newPage();
  await opts.goto(b.extURL('options/options.html'));
  const n = (await info()).articles;
  await opts.locator('#related-count').filter({ hasText: `${n} articles remembered` }).waitFor();
  // Find the Middle East Eye article and forget it: no longer related.
  await opts.locator('#related-search').fill('middle east eye');
  await opts.locator('#related-articles tbody tr').first().filter({ hasText: 'Kerry to meet Putin' }).waitFor();
  assert.equal(await opts.locator('#related-articles tbody tr').count(), 1);
  await opts.locator('#related-articles tbody tr button', { hasText: 'Forget' }).click();
  await opts.locator('#related-status').filter({ hasText: 'Forgot' }).waitFor();
  const page = await open(`/seeds/${MT}.html`);
  const { items } = await openReader(page);
  assert.deepEqual(items, [], 'forgotten: not related any more');
  await closeReader(page);
  // Export what is left, forget all, import the file back.
  await opts.locator('#related-search').fill('');
  const download = opts.waitForEvent('download');
  await opts.locator('#related-export').click();
  const file = await (await download).path();
  const lines = readFileSync(file, 'utf8').trim().split('\n');
  assert.equal(lines.length, n - 1);
  assert.ok(lines.every((l) => typeof JSON.parse(l).fingerprint === 'string'));
  opts.once('dialog', (d) => d.accept());
  await opts.locator('#related-clear').click();
  await opts.locator('#related-count').filter({ hasText: '0 articles remembered' }).waitFor();
  assert.equal((await info()).indexed, 0, 'the index is empty');
  // Import the exported file, with a broken line at its end.
  await opts.locator('#related-import').setInputFiles({ name: 'history.jsonl', mimeType: 'application/x-ndjson', buffer: Buffer.from([...lines, 'not json'].join('\n') + '\n') });
  await opts.locator('#related-status').filter({ hasText: 'Imported' }).waitFor();
  assert.match(await opts.locator('#related-status').textContent(), new RegExp(`Imported ${n - 1} articles from history.jsonl. 1 line\\(s\\) skipped \\(line ${n}: not JSON\\)`));
  assert.equal((await info()).articles, n - 1);
  // Pause: a page read now is not remembered.
  await opts.locator('#recording').uncheck();
  await opts.locator('#related-count').filter({ hasText: 'recording is paused' }).waitFor();
  const other = await open('/fixtures/custom-rule.html');
  await other.waitForTimeout(500);
  assert.equal((await info()).articles, n - 1, 'nothing recorded while paused');
  await opts.locator('#recording').check();
  await opts.locator('#related-count').filter({ hasText: `${n - 1} articles remembered.` }).waitFor();
  await other.reload({ waitUntil: 'domcontentloaded' });
  await waitRecorded(n);
  await other.close();
  await page.close();
  await opts.close();
});

test('the stored history survives a restart of the service worker', { skip: skipAll, timeout: TEST_TIMEOUT_MS }, async () => {
  const page = await open(`/seeds/${MEE}.html`);
  // An article cleaned in the page is recorded after the cleanup's answer.
  await poll(
    () => swEval(b, async () => (await (await globalThis.tidingsHost.related.store()).searchArticles('middle east eye kerry')).total),
    'the Middle East Eye article to be recorded',
  );
  await page.close();
  const n = (await info()).articles;
  await stopServiceWorker(b);
  const mt = await open(`/seeds/${MT}.html`);
  const { items } = await openReader(mt);
  assert.deepEqual(items.map((i) => i.site), ['Middle East Eye'], 'found again after the worker restarted');
  await closeReader(mt);
  await mt.close();
  // Stored records were not touched by the restart.
  assert.equal((await info()).articles, n, 'every article is still stored');
});

test('index load time when the engine starts: 1,000 and 10,000 stored articles', { skip: skipAll, timeout: 2 * TEST_TIMEOUT_MS }, async () => {
  let have = (await info()).articles;
  for (const target of [1000, 10000]) {
    // Made-up stories (pseudo-words): 500 distinct fingerprints under as many ids as needed.
    await swEval(b, async ([from, to]) => {
      const t = await globalThis.tidingsHost.engine.ready();
      let x = 7;
      const word = () => {
        let w = '';
        for (let n = 2 + (x % 4); n > 0; n--) {
          x = (Math.imul(x, 1103515245) + 12345) >>> 0;
          w += 'bcdfgklmnprstvz'[x % 15] + 'aeiou'[(x >>> 8) % 5];
        }
        return w;
      };
      const sentence = (n) => Array.from({ length: n }, word).join(' ');
      const fps = [];
      for (let i = 0; i < 500; i++) {
        const b64 = await t.fingerprint(JSON.stringify({ title: sentence(8), text: Array.from({ length: 10 }, () => sentence(14) + '.').join('\n') }));
        fps.push(Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)));
      }
      const store = await globalThis.tidingsHost.related.store();
      const recs = [];
      for (let i = from; i < to; i++) recs.push({ id: `https://made-up.example/${i}`, url: `https://made-up.example/${i}`, title: `Made-up story ${i}`, site: 'made-up.example', published: '', seen: 1000 + i, fp: fps[i % 500] });
      await store.putArticles(recs);
    }, [have, target], 120000);
    have = target;
    const stored = (await info()).articles;
    await stopEngine(b);
    // The first page after the stop wakes the worker; the reader opens at once.
    const page = await open(`/seeds/${MT}.html`);
    const { items } = await openReader(page);
    const marks = await readerMarks(page);
    // A standby frame shown while it rendered the article in advance answers
    // at once (it waited 3 s for that answer, then was replaced).
    assert.ok(!marks.prepared || marks.standby, `the standby frame was shown, not replaced: ${JSON.stringify(marks)}`);
    const stats = await poll(async () => {
      const st = await swEval(b, () => ({ ...globalThis.tidingsHost.related.stats, done: globalThis.tidingsHost.related.loaded, starts: globalThis.tidingsHost.engine.stats }));
      return st.done ? st : null;
    }, 'the index to finish loading', 60000);
    // Every stored article is in the index (the page just read may have
    // been added by its own recording while the load ran).
    const now = await info();
    assert.equal(stats.loadErrors, 0);
    assert.ok(now.indexed >= stored && stats.loaded >= stored - 1, `${now.indexed} indexed, ${stats.loaded} loaded, ${stored} articles stored: ${JSON.stringify(stats)}`);
    // ...in the engine's own index, not only in what the worker keeps of it.
    const inEngine = await swEval(b, async () => (await globalThis.tidingsHost.engine.ready()).relatedLen());
    assert.ok(inEngine >= stored, `${inEngine} in the engine's index, ${stored} articles stored`);
    const lookup = await swEval(b, async (u) => {
      const h = globalThis.tidingsHost;
      const t0 = performance.now();
      const res = await h.related.lookup(await h.readerResult(h.tabFor(u)), u);
      return { ms: performance.now() - t0, sites: res.items.map((i) => i.site), searched: res.searched };
    }, page.url());
    assert.ok(lookup.sites.includes('Middle East Eye'), 'the MEE article is still found among the made-up ones');
    console.log(`# ${stored} stored articles: index loaded in ${stats.loadMs.toFixed(0)} ms (IndexedDB read ${stats.readMs.toFixed(0)} ms) after the engine started (${stats.starts.startMs.toFixed(0)} ms); a lookup among them ${lookup.ms.toFixed(1)} ms; first reader view right after the restart: toggle → painted ${marks.toggleToPaintMs.toFixed(0)} ms, ${items.length} related item(s)${marks.relatedPartial ? ' (history still loading: partial search)' : ''}`);
    await closeReader(page);
    await page.close();
  }
  await swEval(b, () => globalThis.tidingsHost.related.clear());
  assert.equal((await info()).articles, 0);
});
