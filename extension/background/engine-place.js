// Where Chromium's service worker has its engine run. Its place is the
// offscreen document's worker, which outlives the service worker
// (engine-rpc.js). But a service worker that finds no engine running (the
// browser started, the extension was updated, the document closed) would
// wait for the document to open and its worker to start before its engine
// could: an engine started here, in the service worker, is ready about
// 100 ms sooner (the reader toggled with the engine not started: median
// 309-374 ms with the engine always here, 436-441 ms with it in its
// document, make bench-extension on the two builds by turns, three runs
// each, TIDINGS_BENCH_EXT naming the first). So that first
// engine starts here and answers the pages that woke the worker; once it
// has been idle a moment, the calls move to the document's engine, readied
// meanwhile (RemoteEngine.moveTo), and the engine here ends. Should
// Chromium refuse the document, or the move fail three times, the engine
// stays here for the rest of this worker's life (the next worker tries the
// document again): without it, every page would get an error.
import { EngineServer, RemoteEngine } from './engine-rpc.js';

/**
 * How long the engine started here must have had no call before the calls
 * move to the document's engine: the page that woke the worker has had its
 * cleanup, its article and its related coverage (the move's work, the
 * document's engine starting, would otherwise slow them down).
 */
export const MOVE_IDLE_MS = 1000;
/**
 * How many times the calls try to move (the document closing as it
 * opened, its engine slow to answer) before the engine stays here. A
 * document Chromium refuses is not tried again.
 */
const MOVE_TRIES = 3;
/** A move tried again waits for this many times moveIdleMs of idleness. */
const MOVE_RETRY_IDLE_FACTOR = 5;

/**
 * EnginePlace makes the service worker's engine, `engine`: a RemoteEngine
 * whose calls go to the engine beside the offscreen document, or to one
 * started here (see above).
 */
export class EnginePlace {
  /**
   * @param {object} o
   * @param {(o: {reset: boolean}) => Promise<MessagePort>} o.connectDocument a port to the document's engine (connectOffscreen)
   * @param {() => Promise<boolean>} o.documentEngineRuns whether the document's engine runs or is starting (engineAlive)
   * @param {() => object} o.makeHost an engine for this context (an EngineHost)
   * @param {(err: Error) => void} [o.onFallback] hears why the engine stays here
   * @param {() => void} [o.onMoved] hears that the calls went to the document's engine
   * @param {number} [o.moveIdleMs] see MOVE_IDLE_MS
   * @param {object} [o.remote] the RemoteEngine's options
   */
  constructor({ connectDocument, documentEngineRuns, makeHost, onFallback = () => {}, onMoved = () => {}, moveIdleMs = MOVE_IDLE_MS, remote = {} }) {
    this.connectDocument = connectDocument;
    this.documentEngineRuns = documentEngineRuns;
    this.makeHost = makeHost;
    this.onFallback = onFallback;
    this.onMoved = onMoved;
    this.moveIdleMs = moveIdleMs;
    this.server = null; // the EngineServer of the engine here, while there is one
    this.looked = false; // whether the first connect looked for a running engine
    /** Where the calls go: '' (nowhere yet), 'here' or 'document'. */
    this.where = '';
    /** Why the engine stays here for this worker's life, or null. */
    this.fallback = null;
    /** The figures (stats) of the engine here when its calls moved, or null. */
    this.moved = null;
    /** The service worker's engine (EngineHost's interface). */
    this.engine = new RemoteEngine((o) => this.connect(o), remote);
  }

  /** connect is the RemoteEngine's: a port to the engine where the calls go now. */
  async connect(options) {
    if (!this.looked) {
      this.looked = true;
      if (!(await this.documentEngineRuns().catch(() => false))) {
        this.startHere();
        this.moveWhenIdle().catch((err) => console.warn(`Tidings: the engine's move to its document: ${err}`));
      }
    }
    if (!this.server) {
      try {
        const port = await this.connectDocument(options);
        this.where = 'document';
        return port;
      } catch (err) {
        if (!err || !err.documentRefused) throw err; // (a stuck engine: the next call tries again)
        this.startHere();
        this.stayHere(err);
      }
    }
    const channel = new MessageChannel();
    this.server.serve(channel.port2);
    return channel.port1;
  }

  /** startHere makes the engine in this context, to which the calls now go. */
  startHere() {
    this.server = new EngineServer(this.makeHost());
    this.where = 'here';
  }

  /** stayHere keeps the engine in this context for the worker's life, noting why (err). */
  stayHere(err) {
    this.fallback = String((err && err.message) || err);
    this.onFallback(err);
  }

  /** moveWhenIdle moves the calls to the document's engine once the engine here is idle, or keeps them here if that fails. */
  async moveWhenIdle() {
    for (let tries = 1; ; tries++) {
      await this.engine.idleFor(tries === 1 ? this.moveIdleMs : this.moveIdleMs * MOVE_RETRY_IDLE_FACTOR);
      try {
        await this.engine.moveTo((o) => this.connectDocument(o));
        break;
      } catch (err) {
        if ((err && err.documentRefused) || tries === MOVE_TRIES) {
          this.stayHere(err);
          return;
        }
      }
    }
    const server = this.server;
    this.server = null;
    this.where = 'document';
    this.moved = { ...server.engine.stats };
    server.stop();
    server.engine.stop();
    this.onMoved();
  }
}
