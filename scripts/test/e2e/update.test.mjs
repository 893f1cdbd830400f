// An extension update in Chromium. The unpacked extension is copied, the
// reader's data made (a custom rule typed in the options page, a reading
// history from a visited article, settings as the popup and the reader
// store them), the copy's version raised and the extension installed
// again from it through DevTools (Extensions.loadUnpacked, allowed by
// --enable-unsafe-extension-debugging): Chromium updates it in place, the
// worker starts from the new files and onInstalled runs with reason
// 'update'. Everything the reader had must still be there afterwards, and
// still be in effect.
import test, { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../../lib/server.mjs';
import { chromiumAvailable, launch } from '../../lib/browser.mjs';
import { EXT_CHROMIUM, buildMissing, poll, swEval, toTab, waitCleanup } from './helpers.mjs';

const TEST_TIMEOUT_MS = 180000;
const RULE = '127.0.0.1##.tidings-fixture-promo';
const NEW_VERSION = '99.0.0';

const skipAll = (!chromiumAvailable() ? 'Chromium is not installed (apt-get install chromium)' : buildMissing()) || false;
let srv;
let b;
let extDir;

before(async () => {
  if (skipAll) return;
  extDir = mkdtempSync(join(tmpdir(), 'tidings-update-'));
  cpSync(EXT_CHROMIUM, extDir, { recursive: true });
  srv = await startServer();
  b = await launch(extDir, { extraArgs: ['--enable-unsafe-extension-debugging'] });
});

after(async () => {
  if (b) await b.close();
  if (srv) await srv.close();
  if (extDir) rmSync(extDir, { recursive: true, force: true });
});

async function open(url) {
  const page = await b.ctx.newPage();
  await page.goto(url, { waitUntil: 'domcontentloaded' });
  await waitCleanup(b, page);
  return page;
}

const promoDisplay = (page) => page.locator('.tidings-fixture-promo').evaluate((el) => getComputedStyle(el).display);

/** storedArticles counts the articles in the reading history. */
const storedArticles = () => swEval(b, () => globalThis.tidingsHost.related.info().then((i) => i.articles));

test('an update keeps the custom rules, subscriptions, settings and reading history, and they stay in effect', { skip: skipAll, timeout: TEST_TIMEOUT_MS }, async () => {
  // The custom rule, typed in the options page.
  const opts = await b.ctx.newPage();
  await opts.goto(b.extURL('options/options.html'));
  await opts.locator('#custom').fill(RULE);
  await opts.locator('#save').click();
  await opts.locator('#saved').filter({ hasText: /^Saved at/ }).waitFor();
  await opts.close();
  // The rest as the popup, the reader and the options page store it:
  // cleanup off on one site, reader settings, a subscription that is not
  // due. The rules are left in an older shape for the update to migrate
  // (no schema, switches missing), with a key this version does not know.
  const subscription = { url: `${srv.url}/lists/e2e-list.txt`, title: 'E2E list', text: '! Title: E2E list\n', lastUpdate: Date.now(), lastAttempt: Date.now(), expiresMs: 7 * 86400000, error: '' };
  await swEval(b, async (sub) => {
    const got = await chrome.storage.local.get(['settings', 'rules']);
    await chrome.storage.local.set({
      settings: { ...got.settings, disabledSites: { localhost: false } },
      reader: { schema: 1, theme: 'sepia', font: 'sans', size: 23, width: 60, lineHeight: 1.8 },
      rules: { custom: got.rules.custom, subscriptions: [sub], fromTheFuture: 'kept' },
    });
  }, subscription);

  // A reading history: the article read on this page is recorded.
  const page = await open(`${srv.url}/seeds/middleeasteye-kerry-syria.html`);
  await poll(async () => (await storedArticles()) >= 1, 'the article to be recorded in the history');
  await page.close();
  const before = await swEval(b, () => chrome.storage.local.get(null));
  const articles = await storedArticles();
  assert.equal(before.rules.custom, RULE, 'the options page saved the rule');

  // The update: a new version on disk, installed over the old one.
  const manifestPath = join(extDir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  assert.notEqual(manifest.version, NEW_VERSION);
  writeFileSync(manifestPath, JSON.stringify({ ...manifest, version: NEW_VERSION }, null, 2));
  const cdp = await b.ctx.browser().newBrowserCDPSession();
  const { id } = await cdp.send('Extensions.loadUnpacked', { path: extDir });
  await cdp.detach();
  assert.equal(id, b.extId, 'the same extension, so the same storage');
  await poll(() => swEval(b, () => chrome.runtime.getManifest().version, undefined, 5000).then((v) => v === NEW_VERSION, () => false), 'the updated worker', 30000);
  const installed = await poll(() => swEval(b, () => globalThis.tidingsHost.lastInstall, undefined, 5000).catch(() => null), 'onInstalled in the updated worker');
  assert.deepEqual(installed, { reason: 'update', previousVersion: manifest.version }, 'Chromium saw an update');

  // Stored data: what the reader had, the rules brought to the current schema.
  assert.equal(before.rules.schema, undefined);
  const after = await swEval(b, () => chrome.storage.local.get(null));
  assert.deepEqual(after.rules, { ...before.rules, schema: 1, builtinEnabled: true, imported: [] });
  assert.equal(after.rules.custom, RULE);
  assert.deepEqual(after.rules.subscriptions, [subscription]);
  assert.equal(after.rules.fromTheFuture, 'kept', 'a key this version does not know is kept');
  assert.deepEqual(after.settings, before.settings);
  assert.deepEqual(after.reader, before.reader);
  assert.equal(await storedArticles(), articles, 'the reading history is kept');

  // ...and in effect: the custom rule hides its element, the switched-off site is left alone.
  const ruled = await open(`${srv.url}/fixtures/custom-rule.html`);
  assert.equal(await promoDisplay(ruled), 'none', 'the custom rule hides the promo after the update');
  const state = await toTab(b, ruled, { type: 'page-state' });
  assert.ok(state.hidden.some((h) => h.rule && h.rule.list === 'custom' && h.rule.text === RULE), 'the custom rule is behind the hidden element');
  await ruled.close();
  const off = await open(`http://localhost:${srv.port}/fixtures/custom-rule.html`);
  assert.notEqual(await promoDisplay(off), 'none', 'cleanup stays off on the site where the reader switched it off');
  await off.close();
});
