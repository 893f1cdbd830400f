// The engine host's deferred fingerprint and the bridge's stage timing,
// with the real engine (build/tidings.wasm under Node): an in-page cleanup
// gets the article after detect() without the story fingerprint and adds it
// later; the result must then carry exactly the fingerprint clean() gives.
import test, { before } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, sharedDir, startServer, zyteHTML, zytePages } from '../../lib/server.mjs';
import { loadEngine } from '../../lib/engine-node.mjs';
import { EngineHost, fingerprintInput, needsFingerprint, readerArticle } from '../../../extension/background/engine.js';

const BUILD = process.env.TIDINGS_BUILD || join(ROOT, 'build');
const WASM = join(BUILD, 'tidings.wasm');
const noWasm = !existsSync(WASM) && 'build/tidings.wasm is missing: run make build';

let engine;
const pages = [];
before(async () => {
  if (noWasm) return;
  engine = await loadEngine(WASM, join(BUILD, 'wasm_exec.js'));
  for (const seed of ['moscowtimes-kerry-syria', 'middleeasteye-kerry-syria']) {
    pages.push({ id: seed, url: `http://127.0.0.1:8000/seeds/${seed}.html`, html: readFileSync(join(ROOT, `testdata/seeds/${seed}.html`), 'utf8') });
  }
  // A fixed sample of corpus pages when the shared corpus is there.
  if (sharedDir()) for (const id of zytePages().filter((_, i) => i % 20 === 0)) pages.push({ id, url: `http://127.0.0.1:8000/zyte/${id}.html`, html: zyteHTML(id).toString('utf8') });
});

test('the article after detect has no fingerprint; addFingerprint adds the one clean gives', { skip: noWasm }, async () => {
  const host = new EngineHost('unused.wasm');
  host.api = engine; // started: ready() answers with it
  let withFp = 0;
  for (const p of pages) {
    const full = JSON.parse(engine.clean(p.html, p.url));
    const { result: lazy } = await (await host.detect(p.html, p.url)).article;
    assert.equal(lazy.fingerprint, undefined, `${p.id}: no fingerprint asked, none given`);
    const { fingerprint, ...rest } = full;
    assert.deepEqual(lazy, rest, `${p.id}: the rest of the result is the same`);
    assert.equal(needsFingerprint(lazy), !!fingerprint, `${p.id}: needsFingerprint agrees with the bridge`);
    await host.addFingerprint(lazy);
    assert.equal(lazy.fingerprint, fingerprint, `${p.id}: the fingerprint added later is clean's`);
    if (fingerprint) withFp++;
  }
  assert.ok(withFp >= 2, `fingerprints compared on ${withFp} pages`);
});

test('addFingerprint leaves results alone that have one or need none', { skip: noWasm }, async () => {
  const host = new EngineHost('unused.wasm');
  host.api = engine;
  const kept = { readerable: true, textContent: 'text', fingerprint: 'AQID' };
  assert.equal((await host.addFingerprint(kept)).fingerprint, 'AQID');
  for (const r of [{ readerable: false, textContent: 'text' }, { readerable: true, textContent: ' \n ' }, { error: 'x', readerable: true, textContent: 'text' }]) {
    assert.equal((await host.addFingerprint(r)).fingerprint, undefined, JSON.stringify(r));
  }
  assert.deepEqual(Object.keys(fingerprintInput({ title: 't', content: '<p>big</p>', textContent: 'x' })).sort(), ['canonicalUrl', 'publishedTime', 'siteName', 'textContent', 'title', 'url']);
});

test('stages: the pipeline timed stage by stage extracts clean\'s article', { skip: noWasm }, () => {
  for (const p of pages) {
    const st = JSON.parse(engine.stages(p.html, p.url));
    assert.equal(st.error, undefined, p.id);
    const full = JSON.parse(engine.clean(p.html, p.url));
    assert.equal(st.textBytes, Buffer.byteLength(full.textContent), `${p.id}: same article text`);
    for (const k of ['parseMs', 'metadataMs', 'detectMs', 'extractMs', 'sanitizeMs']) assert.ok(st[k] >= 0, `${p.id}: ${k}`);
    assert.ok(st.parseMs > 0, `${p.id}: parsing timed`);
  }
  assert.match(engine.stages(42), /error/);
});

test('readerArticle: the reader page gets what it shows, not the plain text or the fingerprint', () => {
  const r = { title: 'T', content: '<p>x</p>', textContent: ' x ', fingerprint: 'AQID', detections: [{ category: 'paywall' }], readerable: true };
  assert.deepEqual(readerArticle(r), { title: 'T', content: '<p>x</p>', detections: [{ category: 'paywall' }], readerable: true, hasText: true });
  assert.equal(readerArticle({ textContent: ' \n ' }).hasText, false);
  assert.equal(readerArticle({ error: 'bad' }).error, 'bad');
  assert.equal(r.textContent, ' x ', 'the result itself is left as it is');
});

test('detect, then the article: the detections at once, then clean\'s whole result', { skip: noWasm }, async () => {
  const host = new EngineHost('unused.wasm');
  host.api = engine;
  let detections = 0;
  for (const p of pages) {
    const full = JSON.parse(engine.clean(p.html, p.url, { fingerprint: false }));
    const half = await host.detect(p.html, p.url);
    assert.equal(half.result.error, undefined, p.id);
    assert.equal(half.result.handle, undefined, `${p.id}: the handle stays in the host`);
    assert.deepEqual(half.result.detections, full.detections, `${p.id}: clean's detections`);
    assert.equal(half.result.readerable, full.readerable, p.id);
    assert.equal(half.result.title, full.title, p.id);
    assert.equal(half.result.textContent, '', `${p.id}: no article yet`);
    const { result } = await half.article;
    assert.deepEqual(result, full, `${p.id}: the article finished later is clean's`);
    detections += full.detections.length;
  }
  assert.ok(detections > 0, 'some pages have detections');
});

test('finish: each detected page once, the oldest dropped beyond four waiting', { skip: noWasm }, () => {
  const p = pages[0];
  const handles = [];
  for (let i = 0; i < 5; i++) handles.push(JSON.parse(engine.detect(p.html, p.url)).handle);
  assert.equal(new Set(handles).size, 5, 'a new handle each time');
  assert.match(JSON.parse(engine.finish(handles[0])).error, /no page/, 'the oldest was dropped');
  const last = JSON.parse(engine.finish(handles[4], { fingerprint: false }));
  assert.ok(last.textContent.length > 0, 'a waiting page finishes');
  assert.equal(last.fingerprint, undefined, 'the options apply');
  assert.match(JSON.parse(engine.finish(handles[4])).error, /no page/, 'only once');
  assert.match(engine.finish('x'), /error/);
  for (const h of handles.slice(1, 4)) assert.equal(JSON.parse(engine.finish(h)).error, undefined);
});

test('detect with finishAfter: the article waits for it; a fifth page finishes the oldest rather than lose it', { skip: noWasm }, async () => {
  const host = new EngineHost('unused.wasm');
  host.api = engine;
  const p = pages[0];
  const full = JSON.parse(engine.clean(p.html, p.url, { fingerprint: false }));
  const gates = [];
  const halves = [];
  for (let i = 0; i < 4; i++) {
    let open;
    gates.push(new Promise((r) => { open = r; }));
    gates[i].open = open;
    halves.push(await host.detect(p.html, p.url, { finishAfter: gates[i] }));
  }
  const settled = halves.map(() => false);
  halves.forEach((h, i) => h.article.then(() => { settled[i] = true; }));
  await new Promise((r) => setTimeout(r, 20));
  assert.deepEqual(settled, [false, false, false, false], 'no article before its page lets it');
  assert.equal(host.waiting.length, 4);
  // Four wait, the bridge's limit: a fifth detect finishes the oldest first.
  const fifth = await host.detect(p.html, p.url, { finishAfter: new Promise(() => {}) });
  assert.deepEqual(settled, [true, false, false, false], 'the oldest finished to make room');
  assert.deepEqual((await halves[0].article).result, full, 'and it is the whole article, not an error');
  gates[2].open();
  assert.deepEqual((await halves[2].article).result, full, 'a page let through finishes');
  assert.equal(settled[1], false, 'the others still wait');
  for (const g of gates) g.open();
  for (const h of halves) assert.deepEqual((await h.article).result, full);
  assert.equal(host.waiting.length, 1, 'only the fifth still waits');
  host.waiting[0].release();
  assert.deepEqual((await fifth.article).result, full);
  assert.equal(host.waiting.length, 0);
});

test('warmUp: a fresh engine cleans its built-in page once, unless a page came first', { skip: noWasm }, async () => {
  const fresh = () => {
    // (Node's fetch reads no files: the module is compiled here, as the offscreen document does.)
    return new EngineHost('unused.wasm', { module: WebAssembly.compile(readFileSync(WASM)) });
  };
  const host = fresh();
  const warm = await host.warmUp();
  assert.equal(host.stats.starts, 1, 'warmUp starts the engine');
  assert.ok(warm && warm.detections >= 4, `the built-in page's banners detected: ${JSON.stringify(warm)}`);
  assert.ok(warm.textBytes > 500, 'and its article extracted');
  assert.ok(host.stats.warmMs > 0);
  assert.equal(await host.warmUp(), null, 'once per start');
  const p = pages[0];
  const api = await host.ready();
  assert.deepEqual(JSON.parse(api.clean(p.html, p.url)), JSON.parse(engine.clean(p.html, p.url)), 'the warmed engine cleans as any other');

  const late = fresh();
  await late.clean(p.html, p.url);
  assert.equal(await late.warmUp(), null, 'a page already cleaned paid the first-page cost: no warm-up');
  assert.equal(late.stats.warm, null);
});

test('idle: the engine collects its garbage once a collection nears, never while a page waits for its article', { skip: noWasm }, async () => {
  const fresh = new EngineHost('unused.wasm', { idleMs: 60000, module: WebAssembly.compile(readFileSync(WASM)) }); // (idle is called by hand)
  await fresh.ready();
  let collections = 0;
  for (let i = 0; i < 100 && collections < 2; i++) {
    const p = pages[i % pages.length];
    const half = await fresh.detect(p.html, p.url, { finishAfter: new Promise(() => {}) });
    assert.equal(fresh.idle(), false, 'not while a page waits for its article');
    await fresh.waiting[0].release();
    await half.article;
    if (fresh.idle()) {
      console.log(`# idle collection after page ${i + 1}: ${fresh.stats.idleCollectMs.toFixed(1)} ms`);
      collections++;
      assert.equal(fresh.idle(), false, 'a heap just collected is left alone');
    }
  }
  assert.equal(collections, 2, 'pages cleaned one after another bring collections due');
  assert.equal(fresh.stats.idleCollections, 2);
  assert.ok(fresh.stats.idleCollectMs > 0);
  // After a clean, the host calls idle itself once the engine has idled idleMs.
  const timed = new EngineHost('unused.wasm', { idleMs: 5 });
  timed.api = engine;
  let called = 0;
  timed.idle = () => called++;
  await timed.clean(pages[0].html, pages[0].url);
  await timed.clean(pages[0].html, pages[0].url);
  await new Promise((r) => setTimeout(r, 30));
  assert.equal(called, 1, 'once, after the last clean');
});

test('compile: the module given (compiled by the offscreen document) is used; without one, the .wasm is fetched and compiled once', { skip: noWasm }, async () => {
  const bytes = readFileSync(WASM);
  const srv = await startServer({
    '/tidings.wasm': (req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/wasm' });
      res.end(bytes);
    },
  });
  try {
    const url = `${srv.url}/tidings.wasm`;
    const module = await WebAssembly.compile(bytes);
    const given = new EngineHost(url, { module: Promise.resolve(module) });
    assert.equal(await given.compile(), module, 'the module given');
    assert.equal(srv.hits.get('/tidings.wasm'), undefined, 'nothing fetched');
    assert.equal(given.stats.compiledBy, 'given');
    for (const failed of [() => Promise.resolve(null), () => Promise.reject(new Error('the document could not compile it')), () => null]) {
      const before = srv.hits.get('/tidings.wasm') || 0;
      const host = new EngineHost(url, { module: failed() });
      const got = await host.compile();
      assert.ok(got instanceof WebAssembly.Module && got !== module, 'compiled here');
      assert.equal(await host.compile(), got, 'kept for restarts');
      assert.equal(srv.hits.get('/tidings.wasm'), before + 1, 'fetched once');
      assert.equal(host.stats.compiledBy, 'host');
      assert.deepEqual(WebAssembly.Module.exports(got).map((e) => e.name).sort(), WebAssembly.Module.exports(module).map((e) => e.name).sort());
    }
  } finally {
    await srv.close();
  }
});
