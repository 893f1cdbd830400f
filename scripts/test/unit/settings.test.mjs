import test from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_READER, DEFAULT_SETTINGS, KEYS, RULES_LOCK, SCHEMA_VERSION, clampReader, loadRelated, migrate, migrateRules, siteEnabled, updateRules } from '../../../extension/shared/settings.js';

test('migrate fills defaults and keeps the user data and unknown keys', () => {
  const stored = { custom: 'example.org##.promo\n', subscriptions: [{ url: 'https://x/l.txt' }], builtinEnabled: 'yes', future: 42 };
  const m = migrateRules(stored);
  assert.equal(m.custom, stored.custom);
  assert.deepEqual(m.subscriptions, [{ url: 'https://x/l.txt', text: '' }], 'a subscription not downloaded yet has an empty text');
  assert.equal(m.builtinEnabled, true, 'a mistyped value gets the default');
  assert.deepEqual(m.imported, []);
  assert.equal(m.future, 42);
  assert.equal(m.schema, SCHEMA_VERSION);
  for (const bad of [undefined, null, 'x', [1]]) assert.deepEqual(migrateRules(bad).subscriptions, []);
  // Defaults are copied, never shared.
  migrate(undefined, DEFAULT_SETTINGS).disabledSites.x = false;
  assert.deepEqual(DEFAULT_SETTINGS.disabledSites, {});
});

test('migrateRules repairs the entries of the rules: broken ones are dropped, mistyped fields emptied, the rest kept', () => {
  const good = { url: 'https://x/l.txt', title: 'L', text: '##.a', lastUpdate: 5, expiresMs: 3600000, error: '' };
  const stored = {
    custom: 'a##.b',
    subscriptions: [null, 'https://y/', { title: 'no address' }, good, { url: 'https://z/', text: 42, title: ['t'], lastUpdate: 'yesterday' }],
    imported: [null, { name: 'f.txt', text: '##.c', importedAt: 7 }, { name: 3 }],
  };
  const m = migrateRules(stored);
  assert.deepEqual(m.subscriptions, [good, { url: 'https://z/', text: '', title: '', lastUpdate: 0 }]);
  assert.deepEqual(m.imported, [{ name: 'f.txt', text: '##.c', importedAt: 7 }, { name: '', text: '' }]);
  assert.equal(m.custom, 'a##.b');
});

test('clampReader bounds values and rejects unknown themes', () => {
  const r = clampReader({ theme: 'neon', font: 'sans', size: 99, width: 'wide', lineHeight: 1.05 });
  assert.equal(r.theme, DEFAULT_READER.theme);
  assert.equal(r.font, 'sans');
  assert.equal(r.size, 36);
  assert.equal(r.width, DEFAULT_READER.width);
  assert.equal(r.lineHeight, 1.2);
});

test('siteEnabled honours the global and per-site switches', () => {
  assert.equal(siteEnabled(undefined, 'a.org'), true);
  assert.equal(siteEnabled({ disabledSites: { 'a.org': false } }, 'a.org'), false);
  assert.equal(siteEnabled({ disabledSites: { 'a.org': false } }, 'b.org'), true);
  assert.equal(siteEnabled({ autoClean: false }, 'b.org'), false);
});

test('loadRelated reads the related-coverage settings: defaults when absent, the feeds kept', async () => {
  const area = (data) => ({ get: async (k) => (k in data ? { [k]: data[k] } : {}) });
  assert.deepEqual(await loadRelated(area({})), { schema: SCHEMA_VERSION, recording: true, feeds: [] });
  const feeds = [{ url: 'https://news.example/rss', title: 'News' }];
  const got = await loadRelated(area({ [KEYS.RELATED]: { recording: false, feeds }, [KEYS.RULES]: { custom: 'x' } }));
  assert.deepEqual(got, { schema: SCHEMA_VERSION, recording: false, feeds });
});

test('updateRules: the change gets the rules migrated and as stored, null stores nothing, all under the rules lock', async () => {
  const store = { rules: { custom: 'a.example##.x\n', future: 1 } };
  let writes = 0;
  const area = {
    get: async (keys) => Object.fromEntries([].concat(keys).filter((k) => k in store).map((k) => [k, structuredClone(store[k])])),
    set: async (o) => {
      writes++;
      Object.assign(store, structuredClone(o));
    },
  };
  const held = [];
  const locks = { request: async (name, fn) => { held.push(name); return fn(); } };
  const kept = await updateRules(area, (rules, stored) => {
    assert.equal(rules.schema, SCHEMA_VERSION, 'migrated');
    assert.equal(stored.schema, undefined, 'and as stored');
    return null;
  }, locks);
  assert.equal(writes, 0, 'null: nothing written');
  assert.equal(kept.custom, 'a.example##.x\n');
  const next = await updateRules(area, (rules) => ({ ...rules, custom: `${rules.custom}b.example##.y\n` }), locks);
  assert.equal(writes, 1);
  assert.equal(store.rules.custom, 'a.example##.x\nb.example##.y\n');
  assert.equal(store.rules.future, 1, 'unknown keys kept');
  assert.deepEqual(next, store.rules, 'resolves to what it stored');
  assert.deepEqual(held, [RULES_LOCK, RULES_LOCK]);
  await assert.rejects(updateRules({ ...area, set: async () => { throw new Error('QUOTA_BYTES quota exceeded'); } }, (r) => r, null), /quota/, 'a failed write is the caller\'s error');
});
