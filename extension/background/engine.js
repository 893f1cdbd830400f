// The engine host: loads the Go WebAssembly engine on demand, keeps the
// compiled WebAssembly.Module for the life of this context, and starts the
// Go runtime again if it exits or is recycled. It runs in the Firefox
// background page and, in Chromium, in the worker of the offscreen
// document, which outlives the service worker (engine-worker.js; the
// service worker calls it through engine-rpc.js).
//
// wasm_exec.js (globalThis.Go) must be loaded before this module runs.
import { compileEngine } from './engine-boot.js';

/** How long the Go runtime may take to call tidingsReady before we give up. */
const READY_TIMEOUT_MS = 15000;
/** How many detected pages the bridge keeps for finish (maxPending in wasm/bridge/main.go). */
const BRIDGE_MAX_PENDING = 4;
/**
 * How long after a page's clean the engine must have had no other page
 * before it may collect its garbage (idle): the reader is reading, and
 * the next page's cleanup does not pay for the collection.
 */
export const IDLE_COLLECT_MS = 1000;

export class EngineHost {
  /**
   * @param {string} wasmURL where the .wasm is (runtime.getURL('tidings.wasm'))
   * @param {{idleMs?: number, module?: Promise<WebAssembly.Module|null>}} [options]
   *   idleMs: see IDLE_COLLECT_MS; module: the module compiled elsewhere
   *   (the offscreen document compiles it while this worker starts),
   *   compiled here from wasmURL should it fail or resolve to null
   */
  constructor(wasmURL, { idleMs = IDLE_COLLECT_MS, module = null } = {}) {
    this.wasmURL = wasmURL;
    this.idleMs = idleMs;
    this.given = module; // see options.module; dropped once used
    this.idleTimer = null;
    this.module = null; // compiled WebAssembly.Module, kept for restarts
    this.starting = null; // Promise<api> while (re)starting
    this.api = null; // globalThis.tidings once ready
    this.instance = null;
    this.rulesKey = null; // JSON of the lists last handed to setRules
    this.mark = null; // see indexMark
    this.cleansAtStart = 0; // stats.cleans when the running engine started
    this.warmedStart = 0; // stats.starts when warmUp last ran
    this.waiting = []; // pages detected whose article is not extracted yet, oldest first: {release}
    this.stats = { ...emptyStats(), host: newHostName() };
  }

  /**
   * compile resolves to the engine's WebAssembly.Module: the one given, or
   * compiled from wasmURL; kept for restarts. stats.compileMs is the wait.
   */
  async compile() {
    if (this.module) return this.module;
    const t0 = performance.now();
    const given = this.given;
    this.given = null;
    const module = given ? await Promise.resolve(given).catch(() => null) : null;
    const usable = module instanceof WebAssembly.Module;
    this.module = usable ? module : await compileEngine(this.wasmURL);
    this.stats.compileMs = performance.now() - t0;
    this.stats.compiledBy = usable ? 'given' : 'host';
    return this.module;
  }

  /** ready resolves to the engine API, starting the Go runtime if needed. */
  ready() {
    if (this.api) return Promise.resolve(this.api);
    if (!this.starting) {
      this.starting = this.start().finally(() => {
        this.starting = null;
      });
    }
    return this.starting;
  }

  async start() {
    const t0 = performance.now();
    const module = await this.compile();
    const go = new globalThis.Go();
    let timer;
    const ready = new Promise((resolve, reject) => {
      globalThis.tidingsReady = resolve;
      timer = setTimeout(() => reject(new Error('the engine did not start')), READY_TIMEOUT_MS);
    });
    const instance = await WebAssembly.instantiate(module, go.importObject);
    this.instance = instance;
    const exited = go.run(instance).then(() => {
      // The Go runtime ended (recycled, or it failed): start again on the
      // next call, unless a newer one runs already.
      if (this.instance === instance) {
        this.api = null;
        this.instance = null;
      }
      throw new Error('the engine exited');
    });
    exited.catch(() => {});
    try {
      await Promise.race([ready, exited]);
    } finally {
      clearTimeout(timer);
    }
    this.api = globalThis.tidings;
    this.stats.starts++;
    this.stats.startMs = performance.now() - t0;
    this.stats.startedAt = Date.now() - this.stats.startMs; // (wall clock: compared across contexts by make bench)
    this.cleansAtStart = this.stats.cleans;
    // A fresh engine has the shipped lists only; one started again
    // (recycled, or its runtime exited) gets the reader's lists back at
    // once, so that rulesKey says what the running engine applies.
    if (this.rulesKey !== null) this.reapplyRules();
    return this.api;
  }

  /** reapplyRules hands a started engine the lists of rulesKey; rulesKey is null when it cannot take them. */
  reapplyRules() {
    try {
      const [lists, options] = JSON.parse(this.rulesKey);
      if (typeof this.api.setRules !== 'function' || parseAnswer(this.api.setRules(JSON.stringify(lists), JSON.stringify(options || {}))).error) this.rulesKey = null;
    } catch {
      this.rulesKey = null;
    }
  }

  /**
   * warmUp has a fresh engine clean its small built-in page (the bridge's
   * warm), once per start and only if it has cleaned no page yet: the
   * first page after a start costs several times a later one (the shipped
   * lists compiled, each function of the engine compiled on its first
   * run). Called as a page starts loading, it moves that cost out of the
   * page's cleanup. Resolves to the warm-up's answer, or null when it
   * did not run.
   */
  async warmUp() {
    const api = await this.ready();
    if (this.warmedStart === this.stats.starts || this.stats.cleans > this.cleansAtStart || typeof api.warm !== 'function') return null;
    this.warmedStart = this.stats.starts;
    const t0 = performance.now();
    this.stats.warm = parseAnswer(api.warm());
    this.stats.warmMs = performance.now() - t0;
    return this.stats.warm;
  }

  /**
   * recycle ends the running engine when its memory has grown past
   * maxBytes and no page waits for its article: WebAssembly memory never
   * shrinks, and one huge page would otherwise keep hundreds of MB for as
   * long as the engine lives. The next call starts a fresh engine from the
   * compiled module, with the same lists. Returns whether it did.
   */
  recycle(maxBytes) {
    const api = this.api;
    if (!api || this.starting || this.waiting.length > 0 || this.memoryBytes() <= maxBytes || typeof api.exit !== 'function') return false;
    this.stats.recycled++;
    this.exitRuntime();
    return true;
  }

  /** exitRuntime ends the running Go runtime, if any; the next call starts another. */
  exitRuntime() {
    const api = this.api;
    this.api = null;
    this.instance = null;
    if (api && typeof api.exit === 'function') api.exit();
  }

  /**
   * stop ends the engine for good: the service worker's, once its calls
   * went to the document's engine (engine-place.js). Its memory and its
   * module go with it (a later call would start it again from the .wasm).
   */
  stop() {
    clearTimeout(this.idleTimer);
    this.module = null;
    this.exitRuntime();
  }

  /**
   * indexMark and setIndexMark keep a value with the engine for as long as
   * it runs: the related service's mark of the index it loaded (related.js).
   */
  async indexMark() {
    return this.mark;
  }

  async setIndexMark(v) {
    this.mark = v;
  }

  /** capabilities tells which optional bridge functions this engine has. */
  capabilities() {
    const a = this.api || {};
    return { setRules: typeof a.setRules === 'function', lint: typeof a.lint === 'function' };
  }

  /**
   * setRules hands the user's lists to the engine when they changed since
   * the last call (and after every restart). Resolves to the engine's
   * summary, or {unsupported: true} when this engine has no setRules.
   */
  async setRules(lists, options) {
    const api = await this.ready();
    if (typeof api.setRules !== 'function') return { unsupported: true };
    const key = JSON.stringify([lists, options]);
    if (key === this.rulesKey) return { unchanged: true };
    const out = parseAnswer(api.setRules(JSON.stringify(lists), JSON.stringify(options || {})));
    this.rulesKey = key;
    return out;
  }

  /** clean runs the engine on a page; resolves to the parsed Result. */
  async clean(html, url) {
    const api = await this.ready();
    const { out, ...timing } = timedAnswer(() => api.clean(html, url));
    this.noteClean(timing.cleanMs);
    return { result: out, ...timing };
  }

  /**
   * detect runs the first half of a clean (the bridge's detect): resolves
   * to {result, cleanMs, article}, where result holds the page's metadata
   * and detections but no article yet, and article is a promise of what
   * clean(html, url) resolves to without the story fingerprint
   * (addFingerprint adds it later, off the page's critical path), finished
   * once `finishAfter` resolves (by default in the next task): the in-page
   * cleanup acts on the detections first.
   */
  async detect(html, url, { finishAfter = null } = {}) {
    const api = await this.ready();
    // The bridge drops the oldest waiting page when one more comes: finish it first.
    while (this.waiting.length >= BRIDGE_MAX_PENDING) await this.waiting[0].release();
    const { out: { handle, ...result }, ...timing } = timedAnswer(() => api.detect(html, url));
    const detectMs = timing.cleanMs;
    if (result.error || typeof handle !== 'number') return { result, ...timing, article: Promise.resolve({ result, ...timing }) };
    let release;
    const released = new Promise((resolve) => {
      release = resolve;
    });
    // release lets the article be extracted now; resolves once it is.
    const entry = {
      release() {
        release();
        return article;
      },
    };
    this.waiting.push(entry);
    // Always a task later: an open gate must not put the extraction
    // before the page's answer, which goes out after this returns.
    const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));
    const after = Promise.race([Promise.resolve(finishAfter).then(nextTask), released]);
    const article = after.then(() => {
      this.waiting = this.waiting.filter((e) => e !== entry);
      const t2 = performance.now();
      let full;
      try {
        full = parseAnswer(api.finish(handle, { fingerprint: false }));
      } catch (err) {
        // The engine stopped in between.
        full = { error: `the engine stopped before the article was extracted: ${err.message}` };
      }
      const ms = detectMs + performance.now() - t2;
      this.noteClean(ms);
      return { result: full, cleanMs: ms };
    });
    return { result, ...timing, article };
  }

  noteClean(ms) {
    this.stats.cleans++;
    this.stats.cleanMsTotal += ms;
    this.stats.lastCleanMs = ms;
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => this.idle(), this.idleMs);
    // (Node, the tests: the timer does not keep the process alive.)
    if (this.idleTimer && typeof this.idleTimer.unref === 'function') this.idleTimer.unref();
  }

  /**
   * idle has the engine collect its garbage when a collection is near
   * (the bridge's idle): in WebAssembly the collector runs on the engine's
   * one thread, inside whichever call reaches the runtime's trigger, and made
   * the cleanup of one page in twenty two to four times slower. Not while
   * a page waits for its article. Returns whether it collected.
   */
  idle() {
    clearTimeout(this.idleTimer);
    this.idleTimer = null;
    const api = this.api;
    if (!api || this.waiting.length > 0 || typeof api.idle !== 'function') return false;
    const t0 = performance.now();
    try {
      if (api.idle() !== true) return false;
    } catch {
      // An engine broken by a trap: the next call finds out.
      return false;
    }
    this.stats.idleCollections++;
    this.stats.idleCollectMs = performance.now() - t0;
    return true;
  }

  /**
   * addFingerprint gives a result cleaned without its fingerprint the one
   * clean() would have put in it: readerable pages with text only, made
   * from the same fields (title, text, addresses, site, time).
   */
  addFingerprint(result) {
    return addFingerprintWith(() => this.ready(), result);
  }

  /** lint checks a list's text; {unsupported: true} without bridge support. */
  async lint(text) {
    const api = await this.ready();
    if (typeof api.lint !== 'function') return { unsupported: true };
    return parseAnswer(api.lint(text));
  }

  async version() {
    const api = await this.ready();
    return api.version();
  }

  /** info is what ENGINE_INFO answers: {version, capabilities, stats (with memoryBytes)}. */
  async info() {
    const version = await this.version();
    return { version, capabilities: this.capabilities(), stats: { ...this.stats, memoryBytes: this.memoryBytes() } };
  }

  /** memoryBytes is the Go runtime's linear memory size (0 when not running). */
  memoryBytes() {
    const mem = this.instance && this.instance.exports && this.instance.exports.mem;
    return mem ? mem.buffer.byteLength : 0;
  }
}

/** emptyStats are an engine host's figures before it starts (stats; RemoteEngine mirrors them). */
export function emptyStats() {
  return { starts: 0, compiledBy: '', compileMs: 0, startMs: 0, warmMs: 0, warm: null, cleans: 0, cleanMsTotal: 0, lastCleanMs: 0, recycled: 0, startedAt: 0, idleCollections: 0, idleCollectMs: 0 };
}

/**
 * newHostName names an engine host: start counts begin again in another
 * one (a new offscreen document), so the related index is known by both
 * (engineToken).
 */
function newHostName() {
  return globalThis.crypto && typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : String(Math.random()).slice(2);
}

/** engineToken names an engine's run: its host and start count (a restart, or another host, has an empty index). */
export function engineToken(stats) {
  return `${stats.host}:${stats.starts}`;
}

/** hasText tells whether a result has article text (more than white space). */
export function hasText(result) {
  return !!result && typeof result.textContent === 'string' && result.textContent.trim() !== '';
}

/** needsFingerprint tells whether a result lacks the fingerprint clean() gives readerable pages with text. */
export function needsFingerprint(result) {
  return hasText(result) && !result.error && !result.fingerprint && !!result.readerable;
}

/** fingerprintInput is what the engine fingerprints of a result (relatedapi.ArticleOf). */
export function fingerprintInput(r) {
  return { title: r.title, textContent: r.textContent, url: r.url, canonicalUrl: r.canonicalUrl, siteName: r.siteName, publishedTime: r.publishedTime };
}

/**
 * addFingerprintWith is addFingerprint for an engine whose api getApi()
 * resolves to (asked only when the result needs a fingerprint): it sets
 * the fingerprint clean() would have given on result itself.
 */
export async function addFingerprintWith(getApi, result) {
  if (!needsFingerprint(result)) return result;
  const fp = await fingerprintOf(await getApi(), result);
  if (fp) result.fingerprint = fp;
  return result;
}

/**
 * fingerprintOf asks the engine (api: globalThis.tidings, or a
 * RemoteEngine's api) for a result's story fingerprint, made from
 * fingerprintInput's fields only (not the article's HTML); resolves to ''
 * when the engine answers with an error.
 */
export async function fingerprintOf(api, result) {
  const fp = await api.fingerprint(JSON.stringify(fingerprintInput(result)));
  return typeof fp === 'string' && !fp.startsWith('{') ? fp : '';
}

/**
 * readerArticle is what the reader page gets of a result: everything it
 * shows, without the plain text (it renders the sanitized HTML; hasText
 * says whether there was any text) and the fingerprint, which would only
 * lengthen the message on the toggle's critical path.
 */
export function readerArticle(result) {
  const { textContent, fingerprint, ...rest } = result || {};
  return { ...rest, hasText: hasText(result) };
}

/**
 * timedAnswer makes an engine call and parses its answer: {out, cleanMs,
 * callMs, parseMs}, the whole, the call itself, and parsing its JSON.
 */
function timedAnswer(call) {
  const t0 = performance.now();
  const json = call();
  const t1 = performance.now();
  const out = parseAnswer(json);
  const cleanMs = performance.now() - t0;
  return { out, cleanMs, callMs: t1 - t0, parseMs: cleanMs - (t1 - t0) };
}

/** parseAnswer parses the engine's JSON answer; an answer that is not JSON becomes {error}. */
export function parseAnswer(s) {
  try {
    return JSON.parse(s);
  } catch (err) {
    return { error: `the engine answered something that is not JSON: ${err.message}` };
  }
}
