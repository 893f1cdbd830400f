// The engine across a MessagePort (Chromium's offscreen document): a
// RemoteEngine in the service worker, an EngineServer beside the document, with the real
// engine (build/tidings.wasm under Node) and Node's MessageChannel. What
// the worker gets must be what the engine host would have given it.
import test, { before } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../../lib/server.mjs';
import { loadEngine } from '../../lib/engine-node.mjs';
import { EngineHost } from '../../../extension/background/engine.js';
import { BRIDGE_CALLS, ENGINE_LOCK, EngineServer, OFFSCREEN_PATH, RemoteEngine, connectOffscreen } from '../../../extension/background/engine-rpc.js';
import { EnginePlace } from '../../../extension/background/engine-place.js';
import { until } from './extension-page.mjs';
import { ENGINE_PORT } from '../../../extension/background/engine-boot.js';

const BUILD = process.env.TIDINGS_BUILD || join(ROOT, 'build');
const WASM = join(BUILD, 'tidings.wasm');
const noWasm = !existsSync(WASM) && 'build/tidings.wasm is missing: run make build';
const SEED = 'middleeasteye-kerry-syria';
const URL_ = `http://127.0.0.1:8000/seeds/${SEED}.html`;

let engine;
let html;
before(async () => {
  if (noWasm) return;
  engine = await loadEngine(WASM, join(BUILD, 'wasm_exec.js'));
  html = readFileSync(join(ROOT, `testdata/seeds/${SEED}.html`), 'utf8');
});

/** served has a RemoteEngine call a host (its engine started) through a MessageChannel; close() ends both. */
function served() {
  const host = new EngineHost('unused.wasm');
  host.api = engine;
  const server = new EngineServer(host);
  const remote = new RemoteEngine(async () => {
    const ch = new MessageChannel();
    server.serve(ch.port2);
    return ch.port1;
  });
  return {
    host,
    server,
    remote,
    close() {
      server.stop();
      if (remote.port) remote.port.close();
    },
  };
}

const settled = (p, ms = 50) => Promise.race([p.then(() => true, () => true), new Promise((r) => setTimeout(() => r(false), ms))]);

test('clean and detect across the port answer what the host answers', { skip: noWasm }, async () => {
  const s = served();
  try {
    const direct = JSON.parse(engine.clean(html, URL_));
    const { result } = await s.remote.clean(html, URL_);
    assert.deepEqual(result, direct);
    // detect: the detections at once, the article once finishAfter resolves.
    let open;
    const gate = new Promise((r) => {
      open = r;
    });
    const d = await s.remote.detect(html, URL_, { finishAfter: gate });
    assert.ok(!d.result.content && !d.result.textContent, 'no article in the first half');
    assert.deepEqual(d.result.detections, direct.detections);
    assert.equal(await settled(d.article), false, 'the article waits for finishAfter');
    open();
    const { result: full } = await d.article;
    const { fingerprint, ...rest } = direct;
    assert.deepEqual(full, rest, 'the whole result, without the fingerprint');
    await s.remote.addFingerprint(full);
    assert.equal(full.fingerprint, fingerprint, 'the fingerprint, added to the result itself as EngineHost does, is clean\'s');
    // The worker's mirror of the engine's state.
    assert.equal(s.remote.stats.cleans, s.host.stats.cleans);
    assert.ok(s.remote.stats.cleans >= 2);
    assert.equal(s.remote.memoryBytes(), s.host.memoryBytes());
    assert.equal(s.server.articles.size, 0, 'nothing kept of the detected page once its article was taken');
  } finally {
    s.close();
  }
});

test('the bridge functions of related coverage answer as the engine does; nothing else is reachable', { skip: noWasm }, async () => {
  const s = served();
  try {
    const api = await s.remote.ready();
    assert.deepEqual(Object.keys(api).sort(), [...BRIDGE_CALLS].sort());
    const input = JSON.stringify({ title: 'Kerry to meet Putin', textContent: 'Kerry will meet Putin in Moscow to talk about Syria. '.repeat(20) });
    assert.equal(await api.fingerprint(input), engine.fingerprint(input));
    assert.equal(await api.relatedLen(), engine.relatedLen());
    // Only the listed functions: not clean (a page cleaned past the host's bookkeeping), not an unknown one.
    await assert.rejects(s.remote.invoke('call', 'clean', [html, URL_]), /has no function clean/);
    await assert.rejects(s.remote.invoke('finish', 1), /unknown engine call finish/);
    await assert.rejects(s.remote.invoke('constructor'), /unknown engine call constructor/);
  } finally {
    s.close();
  }
});

test('rules: the worker sees whether the engine has user lists', { skip: noWasm }, async () => {
  const s = served();
  try {
    await s.remote.ready();
    assert.equal(s.remote.rulesKey, null, 'a fresh engine: the shipped lists only');
    const out = await s.remote.setRules([{ name: 'mine', text: 'example.org##.promo\n' }], { defaults: true });
    assert.equal(out.error, undefined, JSON.stringify(out));
    assert.notEqual(s.remote.rulesKey, null);
    assert.deepEqual(await s.remote.setRules([{ name: 'mine', text: 'example.org##.promo\n' }], { defaults: true }), { unchanged: true });
  } finally {
    s.close();
  }
});

test('a port that stops answering: the call fails in time, and the next one connects again, asking for a fresh engine', { skip: noWasm }, async () => {
  const s = served();
  const dead = new MessageChannel(); // nobody serves port2
  const asked = [];
  const remote = new RemoteEngine(
    async ({ reset }) => {
      asked.push(reset);
      if (asked.length === 1) return dead.port1;
      return s.remote.connect({ reset: false });
    },
    { callTimeoutMs: 200 },
  );
  try {
    await assert.rejects(remote.version(), /did not answer \(version\) in 0.2 s/);
    assert.equal(await remote.version(), engine.version(), 'connected again');
    assert.deepEqual(asked, [false, true], 'the second connection is asked to start the engine anew');
  } finally {
    dead.port2.close();
    if (remote.port) remote.port.close();
    s.close();
  }
});

test('an engine that has gone (its port closed): the calls waiting on it are sent again to a new one', { skip: noWasm }, async () => {
  const s = served();
  const mute = new MessageChannel(); // receives calls, answers none, as an engine that died
  mute.port2.onmessage = () => {};
  let connects = 0;
  const remote = new RemoteEngine(async () => (++connects === 1 ? mute.port1 : s.remote.connect()));
  try {
    const pending = remote.version();
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(remote.calls.size, 1, 'the call waits on the mute port');
    mute.port1.dispatchEvent(new Event('close'));
    assert.equal(await pending, engine.version(), 'answered by the new engine');
    assert.equal(connects, 2);
  } finally {
    mute.port2.close();
    if (remote.port) remote.port.close();
    s.close();
  }
});

test('another engine (the first gone): the reader\'s lists go to it before the calls sent again', async () => {
  const first = new MessageChannel();
  const seen = [];
  // The first engine answers setRules and one call, then goes; the second one notes what it gets.
  first.port2.onmessage = (e) => {
    if (e.data.method === 'setRules') first.port2.postMessage({ id: e.data.id, value: {}, state: { stats: { starts: 1 }, running: true, rulesSet: true, memoryBytes: 0, capabilities: {} } });
  };
  const second = new MessageChannel();
  second.port2.onmessage = (e) => {
    seen.push([e.data.method, e.data.args]);
    second.port2.postMessage({ id: e.data.id, value: e.data.method === 'version' ? 'v2' : {}, state: { stats: { starts: 1 }, running: true, rulesSet: true, memoryBytes: 0, capabilities: {} } });
  };
  let n = 0;
  const remote = new RemoteEngine(async () => (++n === 1 ? first.port1 : second.port1));
  try {
    const lists = [{ name: 'mine', text: 'example.org##.promo\n' }];
    await remote.setRules(lists, { defaults: true });
    assert.notEqual(remote.rulesKey, null);
    const pending = remote.version(); // never answered by the first engine
    await new Promise((resolve) => setTimeout(resolve, 20));
    first.port1.dispatchEvent(new Event('close'));
    assert.equal(await pending, 'v2');
    assert.deepEqual(seen, [['setRules', [lists, { defaults: true }]], ['version', []]]);
  } finally {
    for (const p of [first.port1, first.port2, second.port1, second.port2]) p.close();
  }
});

test('a new worker connecting reaches the same engine, with its state; the old port is no longer answered', { skip: noWasm }, async () => {
  const s = served();
  try {
    await s.remote.clean(html, URL_);
    const before = s.remote.stats.cleans;
    // The worker stopped: its successor connects anew to the same engine.
    const next = new RemoteEngine(() => s.remote.connect());
    const { result } = await next.clean(html, URL_);
    assert.ok(result.readerable);
    assert.equal(next.stats.cleans, before + 1, 'the same engine, which counted the first worker\'s page');
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(s.remote.port, null, 'the engine closed the stopped worker\'s port (its RemoteEngine heard)');
    if (next.port) next.port.close();
  } finally {
    s.close();
  }
});

/** servedWasm has fetch serve build/tidings.wasm, for hosts that start their own engine; returns what restores fetch. */
function servedWasm() {
  const saved = globalThis.fetch;
  globalThis.fetch = async () => new Response(readFileSync(WASM), { headers: { 'content-type': 'application/wasm' } });
  return () => {
    globalThis.fetch = saved;
  };
}

test('recycling: an idle engine whose memory grew past the limit is ended, and the next call starts a fresh one', { skip: noWasm }, async () => {
  // A host that really starts engines (the compiled module kept), as the offscreen worker's does.
  const restore = servedWasm();
  const host = new EngineHost('tidings.wasm');
  const server = new EngineServer(host, { recycleBytes: 1 }); // every idle moment is past it
  const remote = new RemoteEngine(async () => {
    const ch = new MessageChannel();
    server.serve(ch.port2);
    return ch.port1;
  });
  // A list of the reader's, which the fresh engine must apply as well.
  const mine = (r) => r.detections.some((d) => d.rule && d.rule.text === '##.skip-link');
  try {
    await remote.setRules([{ name: 'mine', text: '##.skip-link\n' }], { defaults: true });
    assert.equal(remote.stats.recycled, 1, 'ended after the call');
    assert.equal(host.api, null);
    assert.equal(remote.running, false, 'the worker knows the engine is not running');
    await remote.ready();
    assert.equal(remote.stats.starts, 2, 'ready() starts it again (the related index is known by the start)');
    const first = await remote.clean(html, URL_);
    assert.ok(mine(first.result), 'the reader\'s rule applies');
    assert.equal(remote.stats.recycled, 3);
    assert.notEqual(remote.rulesKey, null, 'the lists are kept across the restart: the worker need not hand them over again');
    const second = await remote.clean(html, URL_);
    assert.deepEqual(second.result, first.result, 'the fresh engine cleans as the first did, with the reader\'s rule');
    assert.equal(remote.stats.starts, 4);
    await host.ready();
    assert.equal(host.recycle(Number.MAX_SAFE_INTEGER), false, 'under the limit: kept');
    const d = await host.detect(html, URL_, { finishAfter: new Promise(() => {}) });
    assert.equal(host.recycle(1), false, 'not while a detected page waits for its article');
    await host.waiting[0].release();
    assert.ok((await d.article).result.textContent);
    assert.equal(host.recycle(1), true);
  } finally {
    server.stop();
    if (remote.port) remote.port.close();
    restore();
  }
});

/**
 * fakeBrowser stands in for what connectOffscreen uses: chrome.offscreen
 * (createDocument opens the document, failing when `refuse`), the worker's
 * clients (the open document among them) and the document, which serves
 * the engine on each port posted to it.
 */
function fakeBrowser(host, { refuse = false, silentPorts = 0 } = {}) {
  const docURL = `chrome-extension://tidings/${OFFSCREEN_PATH}`;
  const log = { created: 0, closed: 0, ports: 0 };
  const refusals = { n: 0 };
  let open = false;
  const server = host && new EngineServer(host);
  const doc = {
    url: docURL,
    postMessage(msg, transfer) {
      if (msg.type !== ENGINE_PORT) throw new Error(`unexpected message ${JSON.stringify(msg)}`);
      log.ports++;
      // (A stuck engine answers no port.)
      if (log.ports > silentPorts) server.serve(transfer[0]);
    },
  };
  const api = {
    runtime: { getURL: (p) => `chrome-extension://tidings/${p}` },
    offscreen: {
      async createDocument(o) {
        if (refuse) {
          refusals.n++;
          throw new Error('refused');
        }
        assert.equal(o.url, OFFSCREEN_PATH);
        assert.ok(o.reasons.length > 0 && o.justification.length > 0);
        if (open) throw new Error('Only a single offscreen document may be created.');
        open = true;
        log.created++;
      },
      async closeDocument() {
        if (!open) throw new Error('No current offscreen document.');
        open = false;
        log.closed++;
      },
    },
  };
  const clients = { matchAll: async () => [{ url: 'chrome-extension://tidings/options/options.html' }, ...(open ? [doc] : [])] };
  return { api, clients, log, refusals, close: () => server && server.stop() };
}

test('connectOffscreen opens the engine document once, and connects each new worker to it', { skip: noWasm }, async () => {
  const host = new EngineHost('unused.wasm');
  host.api = engine;
  const f = fakeBrowser(host);
  const workers = [];
  try {
    for (let i = 0; i < 2; i++) {
      const remote = new RemoteEngine((o) => connectOffscreen(f.api, f.clients, o));
      workers.push(remote);
      assert.equal(await remote.version(), engine.version());
    }
    assert.deepEqual(f.log, { created: 1, closed: 0, ports: 2 });
    // The engine's worker ended (its lock came free): the worker hears, and the next call connects anew.
    const waiting = [];
    const locks = { request: async (name, granted) => waiting.push({ name, granted }), query: async () => ({ held: [{ name: ENGINE_LOCK }] }) };
    const watched = new RemoteEngine((o) => connectOffscreen(f.api, f.clients, { ...o, locks }));
    workers.push(watched);
    await watched.version();
    assert.deepEqual(waiting.map((w) => w.name), [ENGINE_LOCK]);
    const first = watched.port;
    waiting[0].granted();
    assert.equal(watched.port, null, 'the dead port is dropped');
    assert.equal(await watched.version(), engine.version());
    assert.notEqual(watched.port, first);
    assert.deepEqual(f.log, { created: 1, closed: 0, ports: 4 });
    // Asked for a fresh engine (a call found no answer): the document opens anew.
    await connectOffscreen(f.api, f.clients, { reset: true }).then((p) => p.close());
    assert.deepEqual(f.log, { created: 2, closed: 1, ports: 5 });
  } finally {
    workers.forEach((w) => w.port && w.port.close());
    f.close();
  }
});

test('connectOffscreen: an engine that does not say hello has its document opened anew, once', { skip: noWasm }, async () => {
  const host = new EngineHost('unused.wasm');
  host.api = engine;
  const f = fakeBrowser(host, { silentPorts: 1 });
  try {
    const port = await connectOffscreen(f.api, f.clients, { helloTimeoutMs: 100 });
    port.close();
    assert.deepEqual(f.log, { created: 2, closed: 1, ports: 2 });
    const stuck = fakeBrowser(host, { silentPorts: 2 });
    await assert.rejects(connectOffscreen(stuck.api, stuck.clients, { helloTimeoutMs: 100 }), /did not answer in 0.1 s/);
    assert.deepEqual(stuck.log, { created: 2, closed: 1, ports: 2 }, 'one new document, not a loop');
  } finally {
    f.close();
  }
});

test('connectOffscreen: a document found whose engine has gone (its lock free: closing, or broken) is opened anew', { skip: noWasm }, async () => {
  const host = new EngineHost('unused.wasm');
  host.api = engine;
  const f = fakeBrowser(host);
  try {
    await f.api.offscreen.createDocument({ url: OFFSCREEN_PATH, reasons: ['WORKERS'], justification: 'a broken one' });
    // No engine holds the lock, or asks for it.
    const locks = { query: async () => ({ held: [], pending: [] }), request: async (name, granted) => granted() };
    const port = await connectOffscreen(f.api, f.clients, { locks, helloTimeoutMs: 60000 });
    port.close();
    assert.deepEqual(f.log, { created: 2, closed: 1, ports: 1 }, 'closed and opened again before any port was sent');
  } finally {
    f.close();
  }
});

test('connectOffscreen: a document that cannot open is an error the call reports', async () => {
  const f = fakeBrowser(null, { refuse: true });
  const remote = new RemoteEngine((o) => connectOffscreen(f.api, f.clients, o));
  await assert.rejects(remote.clean('<p>x</p>', 'https://example.org/'), /refused/);
  assert.equal(remote.port, null, 'nothing kept: the next call tries again');
});

test('moveTo: the new engine gets the lists and warms up first, the calls switch once none is outstanding, and lists changed meanwhile follow', async () => {
  const state = { stats: { starts: 1 }, running: true, rulesSet: true, memoryBytes: 0, capabilities: {} };
  // The first engine answers at once, but for the one call held.
  const first = new MessageChannel();
  let held = null;
  first.port2.onmessage = (e) => {
    const answer = () => first.port2.postMessage({ id: e.data.id, value: e.data.method, state: { ...state, stats: { host: 'first', starts: 1 } } });
    if (e.data.method === 'version') held = answer;
    else answer();
  };
  // The second notes what it gets; its warm-up waits to be let go.
  const second = new MessageChannel();
  const seen = [];
  let warm = null;
  second.port2.onmessage = (e) => {
    seen.push([e.data.method, e.data.args]);
    const answer = () => second.port2.postMessage({ id: e.data.id, value: e.data.method, state: { ...state, stats: { host: 'second', starts: 1 } } });
    if (e.data.method === 'warmUp') warm = answer;
    else answer();
  };
  const remote = new RemoteEngine(async () => first.port1);
  try {
    const lists = [[{ name: 'mine', text: '##.a\n' }], { defaults: true }];
    await remote.setRules(...lists);
    const version = remote.version(); // held by the first engine
    const moving = remote.moveTo(async () => second.port1);
    await new Promise((r) => setTimeout(r, 30));
    assert.equal(typeof warm, 'function', 'the new engine is warming up');
    // Meanwhile the calls still go to the first, whose state is the one mirrored.
    const changed = [[{ name: 'mine', text: '##.b\n' }], { defaults: true }];
    assert.equal(await remote.setRules(...changed), 'setRules');
    assert.equal(remote.stats.host, 'first');
    warm();
    await new Promise((r) => setTimeout(r, 60));
    assert.equal(remote.port, first.port1, 'not switched while a call to the first engine is outstanding');
    held();
    assert.equal(await version, 'version');
    await moving;
    assert.equal(remote.port, second.port1);
    assert.equal(remote.stats.host, 'second', 'the new engine\'s state');
    assert.equal(await remote.lint('x'), 'lint');
    assert.deepEqual(seen.map(([m]) => m), ['setRules', 'warmUp', 'setRules', 'lint']);
    assert.deepEqual(seen[0][1], lists, 'the lists as the move began');
    assert.deepEqual(seen[2][1], changed, 'then those changed meanwhile, before any later call');
  } finally {
    for (const p of [first.port1, first.port2, second.port1, second.port2]) p.close();
  }
});

test('moveTo: a new engine that fails, or stops before the switch, leaves the calls with the current one', async () => {
  const first = new MessageChannel();
  first.port2.onmessage = (e) => first.port2.postMessage({ id: e.data.id, value: 'first', state: { stats: {}, running: true, rulesSet: false, memoryBytes: 0, capabilities: {} } });
  const broken = new MessageChannel();
  broken.port2.onmessage = (e) => broken.port2.postMessage({ id: e.data.id, error: 'no warm-up here' });
  const remote = new RemoteEngine(async () => first.port1);
  try {
    await remote.version();
    await assert.rejects(remote.moveTo(async () => broken.port1), /no warm-up here/);
    assert.equal(remote.port, first.port1);
    assert.equal(await remote.version(), 'first');
    // One that is ready, then stops while a call to the current engine is outstanding.
    const ready = new MessageChannel();
    ready.port2.onmessage = (e) => ready.port2.postMessage({ id: e.data.id, value: 'ready', state: { stats: {}, running: true, rulesSet: false, memoryBytes: 0, capabilities: {} } });
    const held = new MessageChannel();
    held.port2.onmessage = () => {}; // (never answers)
    remote.port = held.port1;
    remote.listen(held.port1);
    const waiting = remote.version();
    const moving = remote.moveTo(async () => ready.port1);
    await new Promise((r) => setTimeout(r, 50));
    ready.port1.dispatchEvent(new Event('close'));
    await assert.rejects(moving, /the engine to move to has stopped/);
    assert.equal(remote.port, held.port1, 'the calls stay where they were');
    held.port1.dispatchEvent(new Event('close')); // (its call goes to the first engine)
    assert.equal(await waiting, 'first');
    for (const p of [ready.port2, held.port2]) p.close();
  } finally {
    for (const p of [first.port1, first.port2, broken.port1, broken.port2]) p.close();
  }
});

/** How long the EnginePlace tests wait for a move (it starts an engine from the .wasm first). */
const MOVE_WAIT_MS = 10000;

/** documentHost is the document's engine: the shared one, counted as started (so that it warms up). */
function documentHost() {
  const host = new EngineHost('unused.wasm');
  host.api = engine;
  host.stats.starts = 1;
  return host;
}

test('EnginePlace: with no engine running, the first starts here and answers; once idle, the calls move to the document\'s engine, readied, and the one here ends', { skip: noWasm }, async () => {
  const restore = servedWasm();
  const doc = documentHost();
  const f = fakeBrowser(doc);
  const here = [];
  let moved = 0;
  const place = new EnginePlace({
    connectDocument: (o) => connectOffscreen(f.api, f.clients, o),
    documentEngineRuns: async () => false,
    makeHost: () => {
      const host = new EngineHost('tidings.wasm');
      here.push(host);
      return host;
    },
    onMoved: () => moved++,
    moveIdleMs: 150,
  });
  const remote = place.engine;
  const lists = [{ name: 'mine', text: '##.skip-link\n' }];
  const mine = (r) => r.detections.some((d) => d.rule && d.rule.text === '##.skip-link');
  try {
    await remote.setRules(lists, { defaults: true });
    // A page detected: its article waits here until released, and the calls wait with it.
    let release;
    const gate = new Promise((r) => {
      release = r;
    });
    const d = await remote.detect(html, URL_, { finishAfter: gate });
    assert.ok(mine(d.result), 'the engine here applies the reader\'s lists');
    assert.equal(place.where, 'here');
    assert.equal(here.length, 1);
    assert.equal(here[0].stats.compiledBy, 'host');
    await new Promise((r) => setTimeout(r, 500));
    assert.deepEqual([place.where, f.log.created], ['here', 0], 'no move while a page waits for its article');
    release();
    const { result } = await d.article;
    assert.equal(result.textContent, JSON.parse(engine.clean(html, URL_)).textContent, 'the article, extracted here');
    await until(() => place.where === 'document', 'the move', MOVE_WAIT_MS);
    assert.equal(f.log.created, 1, 'the document opened once the engine here was idle');
    assert.equal(moved, 1);
    assert.deepEqual([place.moved.cleans, place.moved.starts, place.moved.compiledBy], [1, 1, 'host'], 'the engine here cleaned the page');
    assert.equal(here[0].api, null, 'the engine here ended');
    assert.equal(doc.rulesKey, JSON.stringify([lists, { defaults: true }]), 'the document\'s engine got the reader\'s lists');
    assert.ok(doc.stats.warm && doc.stats.warm.detections >= 4, 'and warmed up');
    assert.equal(remote.stats.host, doc.stats.host, 'the state mirrored is the document engine\'s');
    const again = await remote.clean(html, URL_);
    assert.ok(mine(again.result));
    assert.equal(again.result.textContent, result.textContent);
    assert.equal(doc.stats.cleans, 1, 'cleaned by the document\'s engine');
    assert.equal(here.length, 1, 'no engine here again');
    assert.equal(place.fallback, null);
  } finally {
    restore();
    if (remote.port) remote.port.close();
    f.close();
  }
});

test('EnginePlace: with the document\'s engine running, it is used and none starts here', { skip: noWasm }, async () => {
  const f = fakeBrowser(documentHost());
  let made = 0;
  const place = new EnginePlace({
    connectDocument: (o) => connectOffscreen(f.api, f.clients, o),
    documentEngineRuns: async () => true,
    makeHost: () => {
      made++;
      return new EngineHost('unused.wasm');
    },
    moveIdleMs: 10,
  });
  try {
    const { result } = await place.engine.clean(html, URL_);
    assert.equal(result.error, undefined);
    await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual([place.where, made, f.log.created], ['document', 0, 1]);
  } finally {
    if (place.engine.port) place.engine.port.close();
    f.close();
  }
});

test('EnginePlace: a document that cannot open keeps the engine here for the worker\'s life, answering as the host does', { skip: noWasm }, async () => {
  // (The shared engine, which gives the expected answer, back to the shipped lists: earlier tests gave it others.)
  assert.equal(JSON.parse(engine.setRules('[]', JSON.stringify({ defaults: true }))).error, undefined);
  for (const running of [true, false]) {
    const restore = servedWasm();
    const f = fakeBrowser(null, { refuse: true });
    let made = 0;
    const why = [];
    let tried = 0;
    const place = new EnginePlace({
      connectDocument: (o) => (tried++, connectOffscreen(f.api, f.clients, o)),
      // (Running: refused at the first call; not: when the calls were to move.)
      documentEngineRuns: async () => running,
      makeHost: () => {
        made++;
        return new EngineHost('tidings.wasm');
      },
      onFallback: (err) => why.push(err.message),
      moveIdleMs: 50,
    });
    const remote = place.engine;
    try {
      const { result } = await remote.clean(html, URL_);
      assert.deepEqual(result, JSON.parse(engine.clean(html, URL_)), 'the same answer as the engine itself');
      await until(() => why.length > 0, 'the reason', MOVE_WAIT_MS);
      assert.equal(why.length, 1, 'the reason noted, once');
      assert.match(why[0], /could not be opened: refused/);
      assert.match(place.fallback, /could not be opened: refused/);
      // A new port (a timeout asks for a fresh engine): the same engine here, the document not tried again.
      const refused = f.refusals.n;
      remote.drop(remote.port, 'test');
      const again = await remote.clean(html, URL_);
      assert.equal(again.result.title, result.title);
      await new Promise((r) => setTimeout(r, 500));
      assert.deepEqual([place.where, made, why.length, f.refusals.n, tried], ['here', 1, 1, refused, 1], `running: ${running}`);
    } finally {
      restore();
      if (remote.port) remote.port.close();
    }
  }
});

test('EnginePlace: a move that fails for want of an answer is tried again', { skip: noWasm }, async () => {
  const restore = servedWasm();
  const doc = documentHost();
  const f = fakeBrowser(doc);
  let tries = 0;
  const why = [];
  const place = new EnginePlace({
    connectDocument: async (o) => {
      if (++tries === 1) throw new Error('the engine did not answer in 15 s');
      return connectOffscreen(f.api, f.clients, o);
    },
    documentEngineRuns: async () => false,
    makeHost: () => new EngineHost('tidings.wasm'),
    onFallback: (err) => why.push(err.message),
    moveIdleMs: 20,
  });
  try {
    assert.equal(typeof (await place.engine.version()), 'string');
    await until(() => place.where === 'document', 'the move', MOVE_WAIT_MS);
    assert.deepEqual([tries, why, f.log.created], [2, [], 1]);
  } finally {
    restore();
    if (place.engine.port) place.engine.port.close();
    f.close();
  }
});

test('EnginePlace: an engine that does not answer is not a reason to leave the document', async () => {
  let made = 0;
  const place = new EnginePlace({
    connectDocument: async () => {
      throw new Error('the engine did not answer in 15 s');
    },
    documentEngineRuns: async () => true,
    makeHost: () => {
      made++;
      return new EngineHost('unused.wasm');
    },
  });
  await assert.rejects(place.connect({ reset: false }), /did not answer/);
  assert.equal(made, 0, 'no engine here: the next call tries the document again');
  assert.equal(place.fallback, null);
});
