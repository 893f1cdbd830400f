// The engine beside an offscreen document (Chromium). The service worker is
// stopped after ~30 s idle, and with it anything it hosts: an engine in the
// worker starts again, its 7 MB module compiled again, on the first page a
// reader opens after a pause. The offscreen document outlives the service
// worker: it starts a dedicated worker (engine-worker.js) where the engine
// runs, and the service worker calls it over a MessagePort. EngineServer
// answers on the engine's side, RemoteEngine asks on the service worker's,
// with the methods of EngineHost (engine.js), which the Firefox background
// page uses directly.
//
// A port carries messages by structured clone: a 250 KB page goes across
// in about 0.5 ms, where runtime.sendMessage (JSON, through the browser
// process) takes about 4 ms, 26 ms for 1 MB (measured in Chromium 156).
import { addFingerprintWith, emptyStats } from './engine.js';
import { ENGINE_PORT } from './engine-boot.js';
/**
 * The Web Lock the engine's worker holds while it lives: the service worker
 * waits for it, and so hears at once when the engine has gone (the
 * document closed or crashed), which Chromium does not tell a MessagePort.
 */
export const ENGINE_LOCK = 'tidings-engine';
/** The offscreen document's path in the extension. */
export const OFFSCREEN_PATH = 'background/offscreen.html';
/**
 * How long a call may take before the service worker gives up on the
 * engine and opens its document anew (a 20 MB page takes a few seconds; a
 * lost port or a stuck engine would otherwise leave every call waiting).
 */
const CALL_TIMEOUT_MS = 60000;
/** How often idleFor and moveTo look again whether calls are outstanding. */
const IDLE_POLL_MS = 20;
/** How long a new port waits for the engine's hello (it may be finishing a large page). */
const HELLO_TIMEOUT_MS = 15000;
/**
 * How long a detected page waits for the worker to let its article be
 * extracted (the worker's own gate opens within 500 ms) and, once
 * extracted, for the worker to ask for it: the worker may have been
 * stopped in between.
 */
const ORPHAN_MS = 10000;

/**
 * The engine's memory (WebAssembly memory never shrinks) past which an idle
 * engine is ended and the next call starts a fresh one: a few times what 40
 * news pages leave (30-45 MB, make bench-extension).
 */
export const RECYCLE_BYTES = 128 * 1024 * 1024;

/**
 * EngineServer answers calls arriving on a port (from the worker now
 * running) with engine, an EngineHost. Every answer carries the engine's
 * state (see stateOf), which the worker's RemoteEngine mirrors. Once idle
 * with its memory past recycleBytes, the engine is recycled.
 */
export class EngineServer {
  constructor(engine, { recycleBytes = RECYCLE_BYTES } = {}) {
    this.engine = engine;
    this.recycleBytes = recycleBytes;
    // Pages detected whose article the worker has not taken: id → {open, article}.
    // Ids run on across ports, from a random base: a late release from a
    // stopped worker, or meant for a gone engine, names no page of this one.
    this.articles = new Map();
    this.lastId = Math.floor(Math.random() * 1e9);
    this.inFlight = 0;
    this.stopCurrent = null;
  }

  /** serve answers the calls on port, and no longer those on the previous one (a worker stopped); stop() ends it. */
  serve(port) {
    this.stop();
    const onMessage = (e) => this.answer(port, e.data);
    port.addEventListener('message', onMessage);
    port.start();
    const stop = () => {
      port.removeEventListener('message', onMessage);
      port.close();
      if (this.stopCurrent === stop) this.stopCurrent = null;
    };
    this.stopCurrent = stop;
    // The worker waits for this before it calls (connectOffscreen).
    port.postMessage({ hello: true });
  }

  /** stop stops serving the current port, if there is one (it is closed). */
  stop() {
    if (this.stopCurrent) this.stopCurrent();
  }

  async answer(port, data) {
    const { id, method, args } = data || {};
    let reply;
    this.inFlight++;
    try {
      if (!Object.hasOwn(METHODS, method)) throw new Error(`unknown engine call ${method}`);
      reply = { id, value: await METHODS[method].apply(this, Array.isArray(args) ? args : []) };
    } catch (err) {
      reply = { id, error: String((err && err.message) || err) };
    } finally {
      this.inFlight--;
    }
    if (this.inFlight === 0 && this.articles.size === 0) this.engine.recycle(this.recycleBytes);
    reply.state = stateOf(this.engine);
    port.postMessage(reply);
  }
}

/**
 * The EngineHost methods a RemoteEngine calls as they are (arguments and
 * answer cloned across the port).
 */
const PASSED_ON = Object.freeze(['setRules', 'clean', 'warmUp', 'lint', 'version', 'info', 'indexMark', 'setIndexMark']);

/** METHODS are what a RemoteEngine can call (this: the EngineServer). */
const METHODS = {
  ...Object.fromEntries(
    PASSED_ON.map((name) => [
      name,
      function passedOn(...args) {
        return this.engine[name](...args);
      },
    ]),
  ),
  async ready() {
    await this.engine.ready();
  },
  async detect(html, url) {
    let open;
    const gate = new Promise((resolve) => {
      open = resolve;
    });
    const orphan = setTimeout(open, ORPHAN_MS);
    const { article, ...out } = await this.engine.detect(html, url, { finishAfter: gate });
    const id = ++this.lastId;
    this.articles.set(id, { open, article });
    article.finally(() => {
      clearTimeout(orphan);
      setTimeout(() => this.articles.delete(id), ORPHAN_MS);
    });
    return { ...out, article: id };
  },
  release(id) {
    const a = this.articles.get(id);
    if (a) a.open();
  },
  // (Asked at once: release comes later, and finds the page still here.)
  async article(id) {
    const a = this.articles.get(id);
    if (!a) return { result: { error: 'the engine no longer has this page: clean it again' }, cleanMs: 0 };
    try {
      return await a.article;
    } finally {
      this.articles.delete(id);
    }
  },
  // The bridge's own functions (related coverage, feeds, stage timing).
  async call(name, args) {
    const api = await this.engine.ready();
    if (!BRIDGE_CALLS.includes(name) || typeof api[name] !== 'function') throw new Error(`the engine has no function ${name}`);
    return api[name](...args);
  },
};

/** The bridge functions RemoteEngine's api passes on (wasm/bridge: related.go, stages.go). */
export const BRIDGE_CALLS = Object.freeze([
  'fingerprint',
  'relatedAdd',
  'relatedAddBatch',
  'relatedRemove',
  'relatedClear',
  'relatedLen',
  'relatedQuery',
  'relatedRank',
  'relatedFindQuotes',
  'parseFeed',
  'heuristics',
  'stages',
]);

/** stateOf is what the worker mirrors of the engine after each call. */
function stateOf(engine) {
  return { stats: engine.stats, running: !!engine.api, rulesSet: engine.rulesKey !== null, memoryBytes: engine.memoryBytes(), capabilities: engine.capabilities() };
}

/**
 * RemoteEngine is EngineHost's interface for an engine on the other side of
 * a MessagePort. connect({reset}) resolves to a port an EngineServer
 * answers (connectOffscreen makes one); it is called again on the next call
 * when a port closes, and with reset: true when a call found no answer in
 * time (the engine is to be started anew). ready() resolves to an object
 * with the bridge functions in BRIDGE_CALLS, each answering a promise of
 * what the bridge returns. stats, rulesKey (null while the engine has only
 * the shipped lists, else a non-null token) and memoryBytes() are as of
 * the last answer.
 */
export class RemoteEngine {
  /** @param {(o: {reset: boolean}) => Promise<MessagePort>} connect */
  constructor(connect, { callTimeoutMs = CALL_TIMEOUT_MS } = {}) {
    this.connect = connect;
    this.callTimeoutMs = callTimeoutMs;
    this.port = null;
    this.connecting = null;
    this.calls = new Map(); // id → {resolve, reject, timer, port}
    this.lastId = 0;
    this.stats = { ...emptyStats(), host: '' };
    this.rulesKey = null;
    this.running = false; // the engine was running after its last answer
    this.caps = { setRules: false, lint: false };
    this.memory = 0;
    this.connects = 0;
    this.resetNext = false;
    this.lastRules = null; // the arguments of the last setRules, handed to each new engine
    this.lastActive = 0; // Date.now() of the last call sent or answered (idleFor)
    this.api = Object.freeze(Object.fromEntries(BRIDGE_CALLS.map((name) => [name, (...args) => this.invoke('call', name, args)])));
  }

  portReady() {
    if (this.port) return Promise.resolve(this.port);
    if (!this.connecting) {
      const reset = this.resetNext;
      this.resetNext = false;
      this.connecting = this.connect({ reset })
        .then((port) => {
          this.listen(port);
          this.port = port;
          this.connects++;
          // Another engine, perhaps (a new document): nothing known of it
          // until it answers, and it gets the reader's lists before any
          // other call (calls waiting on a gone engine are sent again).
          this.running = false;
          this.rulesKey = null;
          if (this.lastRules && this.connects > 1) this.post(port, 'setRules', this.lastRules, false).catch(() => {});
          return port;
        })
        .finally(() => {
          this.connecting = null;
        });
    }
    return this.connecting;
  }

  /** listen has this engine hear port's answers, and its end. */
  listen(port) {
    port.onmessage = (e) => this.onReply(port, e.data);
    // The engine has gone (connectOffscreen's lock; Chromium fires no
    // close event of its own): its calls go to a new one.
    port.addEventListener('close', () => this.drop(port, 'the engine has stopped', { retry: true }));
  }

  /** invoke calls a method of EngineServer's and resolves to its answer. */
  invoke(method, ...args) {
    return this.send(method, args, true);
  }

  /** send posts a call; one that may be retried is sent once more should its engine go before answering. */
  async send(method, args, mayRetry) {
    return this.post(await this.portReady(), method, args, mayRetry);
  }

  /** post posts a call on port now (see send). */
  post(port, method, args, mayRetry) {
    const id = ++this.lastId;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.resetNext = true;
        this.drop(port, `the engine did not answer (${method}) in ${this.callTimeoutMs / 1000} s`);
      }, this.callTimeoutMs);
      const retry = mayRetry ? () => this.send(method, args, false) : null;
      this.calls.set(id, { resolve, reject, timer, port, retry });
      this.lastActive = Date.now();
      port.postMessage({ id, method, args });
    });
  }

  onReply(port, reply) {
    if (!reply || typeof reply !== 'object') return;
    // (The state of the engine called, not of one being readied: moveTo.)
    if (reply.state && port === this.port) this.noteState(reply.state);
    const call = this.calls.get(reply.id);
    if (!call || call.port !== port) return;
    this.calls.delete(reply.id);
    this.lastActive = Date.now();
    clearTimeout(call.timer);
    if (typeof reply.error === 'string') call.reject(new Error(reply.error));
    else call.resolve(reply.value);
  }

  /**
   * drop forgets a port whose engine stopped answering: the next call
   * connects again; its calls fail, or with retry (the engine is known to
   * have gone, not stuck) are sent once more on a new port, to an engine
   * with the same lists (an article detected by the old engine is lost;
   * the related index, known by engineToken, is loaded again).
   */
  drop(port, why, { retry = false } = {}) {
    if (this.port === port) this.port = null;
    for (const [id, call] of this.calls) {
      if (call.port !== port) continue;
      this.calls.delete(id);
      clearTimeout(call.timer);
      if (retry && call.retry) call.retry().then(call.resolve, call.reject);
      else call.reject(new Error(why));
    }
    port.close();
  }

  /**
   * idleFor resolves once no call has been outstanding, sent or answered
   * for ms (checked every IDLE_POLL_MS at least).
   */
  async idleFor(ms) {
    for (;;) {
      const quiet = Date.now() - this.lastActive;
      if (this.calls.size === 0 && !this.connecting && quiet >= ms) return;
      await sleep(Math.max(ms - quiet, IDLE_POLL_MS));
    }
  }

  /**
   * moveTo hands the calls over to another engine, the one behind the
   * port connect() resolves to (the offscreen document's, for an engine
   * that started in the service worker: engine-place.js). The new engine
   * first gets the reader's lists and warms up, while calls go on to the
   * current one; then, at a moment when no call to the current engine is
   * outstanding (a page detected there waits there for its article), the
   * next calls go to the new one, and the current port is closed. Rejects,
   * the calls staying with the current engine, when the new one fails.
   */
  async moveTo(connect) {
    const port = await connect({ reset: false });
    this.listen(port);
    let gone = false;
    port.addEventListener('close', () => {
      gone = true;
    });
    const onReply = port.onmessage;
    let state = null;
    port.onmessage = (e) => {
      if (e.data && e.data.state) state = e.data.state;
      onReply(e);
    };
    const rules = this.lastRules;
    try {
      if (rules) await this.post(port, 'setRules', rules, false);
      await this.post(port, 'warmUp', [], false);
    } catch (err) {
      this.drop(port, 'the engine to move to failed');
      throw err;
    }
    // (No await between this check and the switch.)
    while (!gone && (this.connecting || [...this.calls.values()].some((c) => c.port === this.port))) await sleep(IDLE_POLL_MS);
    if (gone) throw new Error('the engine to move to has stopped');
    const left = this.port;
    port.onmessage = onReply;
    this.port = port;
    this.connects++;
    this.noteState(state);
    // Lists changed meanwhile: they reach the new engine before any later call.
    if (this.lastRules && this.lastRules !== rules) this.post(port, 'setRules', this.lastRules, false).catch(() => {});
    if (left) left.close();
  }

  noteState(state) {
    this.stats = state.stats;
    this.running = state.running;
    this.rulesKey = state.rulesSet ? 'set' : null;
    this.caps = state.capabilities;
    this.memory = state.memoryBytes;
  }

  /**
   * ready resolves to the api once the engine runs, asking it to start
   * unless its last answer said it runs (every answer brings its state).
   */
  async ready() {
    if (!this.port || !this.running) await this.invoke('ready');
    return this.api;
  }

  capabilities() {
    return this.caps;
  }

  memoryBytes() {
    return this.memory;
  }

  setRules(lists, options) {
    this.lastRules = [lists, options];
    return this.invoke('setRules', lists, options);
  }

  /** detect is EngineHost.detect: the article is extracted once finishAfter resolves. */
  async detect(html, url, { finishAfter = null } = {}) {
    const { article: id, ...out } = await this.invoke('detect', html, url);
    Promise.resolve(finishAfter)
      .then(() => this.invoke('release', id))
      .catch(() => {});
    const article = this.invoke('article', id).catch((err) => ({
      result: { error: `the engine stopped before the article was extracted: ${err.message}` },
      cleanMs: out.cleanMs,
    }));
    return { ...out, article };
  }

  /** addFingerprint is EngineHost.addFingerprint: it adds the fingerprint to result itself. */
  addFingerprint(result) {
    return addFingerprintWith(() => this.api, result);
  }

}

// clean, warmUp, lint, version, info, indexMark, setIndexMark: EngineHost's, called across the port.
for (const name of PASSED_ON) {
  if (name in RemoteEngine.prototype) continue; // (setRules: kept for each new engine)
  RemoteEngine.prototype[name] = function passOn(...args) {
    return this.invoke(name, ...args);
  };
}

/**
 * connectOffscreen resolves to a port to the engine beside the offscreen
 * document, opening the document if there is none, and anew with reset,
 * when the engine of a document found has gone (no worker holds or asks
 * for its lock: the document closing, or broken), or when the engine does
 * not say hello on the port (`api`: chrome, with the offscreen permission;
 * `clients`: the service worker's Clients; `locks`: its LockManager).
 */
export async function connectOffscreen(api, clients, { reset = false, helloTimeoutMs = HELLO_TIMEOUT_MS, locks = globalThis.navigator && globalThis.navigator.locks } = {}) {
  const url = api.runtime.getURL(OFFSCREEN_PATH);
  const find = async () => (await clients.matchAll({ includeUncontrolled: true, type: 'window' })).find((c) => c.url === url);
  const close = async () => {
    await api.offscreen.closeDocument().catch(() => {});
    await gone(find);
  };
  for (let attempt = 0; ; attempt++) {
    if (reset || attempt > 0) await close();
    let doc = await find();
    let alive = !!doc && !!locks && (await engineAlive(locks));
    if (doc && locks && !alive) {
      await close();
      doc = null;
    }
    if (!doc) {
      doc = await openDocument(api, find);
      alive = !!locks && (await engineAlive(locks));
    }
    const channel = new MessageChannel();
    let greeted = false;
    let died;
    const stopped = new Promise((resolve) => {
      died = resolve;
    });
    // The engine's lock comes free when its worker ends: before the hello,
    // the engine has gone; after it, the port is dead. (Asked once the
    // worker holds or asks for it, as the lock manager knows: a waiter
    // asking first would get it. The worker greets once it holds it.)
    const watch = () => {
      if (!locks) return;
      locks
        .request(ENGINE_LOCK, () => {
          if (greeted) channel.port1.dispatchEvent(new Event('close'));
          else died();
        })
        .catch(() => {});
    };
    if (alive) watch();
    const hello = helloOn(channel.port1, helloTimeoutMs);
    doc.postMessage({ type: ENGINE_PORT }, [channel.port2]);
    try {
      await Promise.race([
        hello,
        stopped.then(() => {
          throw new Error('the engine has stopped');
        }),
      ]);
      greeted = true;
      if (!alive) watch();
      return channel.port1;
    } catch (err) {
      channel.port1.close();
      if (attempt > 0) throw err;
    }
  }
}

/** engineAlive tells whether an engine's worker holds its lock, or asks for it (starting). */
export async function engineAlive(locks) {
  const { held = [], pending = [] } = await locks.query();
  return [...held, ...pending].some((l) => l.name === ENGINE_LOCK);
}

/** How long a closing document may stay listed among the clients. */
const CLOSE_WAIT_MS = 2000;

/** gone resolves once find() lists no document (or after CLOSE_WAIT_MS). */
async function gone(find) {
  for (let waited = 0; waited < CLOSE_WAIT_MS && (await find()); waited += 50) await sleep(50);
}

/** How long openDocument tries while a document closing is in the way. */
const OPEN_WAIT_MS = 3000;

/** openDocument opens the offscreen document and resolves to it as a client (or to one that opened meanwhile). */
async function openDocument(api, find) {
  const until = Date.now() + OPEN_WAIT_MS;
  for (;;) {
    try {
      await api.offscreen.createDocument({
        url: OFFSCREEN_PATH,
        reasons: ['WORKERS'],
        justification: "Starts the worker that runs Tidings' WebAssembly engine, which outlives the service worker, so that the engine need not start again on every page.",
      });
      break;
    } catch (err) {
      // One document per extension: there is one now (the hello tells
      // whether it works), or one closing is in the way for a moment.
      const doc = await find();
      if (doc) return doc;
      if (Date.now() >= until) throw refused(err);
      await sleep(100);
    }
  }
  const doc = await find();
  if (!doc) throw refused(new Error('the document is not among the clients'));
  return doc;
}

/** refused is the error of an engine document that cannot be opened (documentRefused: the engine then stays in the service worker, engine-place.js). */
function refused(err) {
  const out = new Error(`the engine document could not be opened: ${(err && err.message) || err}`);
  out.documentRefused = true;
  return out;
}

/** helloOn resolves once the engine greets on port, and fails after ms. */
function helloOn(port, ms) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the engine did not answer in ${ms / 1000} s`)), ms);
    port.onmessage = (e) => {
      if (!e.data || e.data.hello !== true) return;
      clearTimeout(timer);
      port.onmessage = null;
      resolve();
    };
  });
}

/** sleep resolves after ms. */
function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
