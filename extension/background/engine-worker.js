// The engine's dedicated worker, started by Chromium's offscreen document
// (offscreen.js): the engine, and the EngineServer that answers the
// service worker on the port each of its starts sends (engine-rpc.js).
import '../wasm_exec.js';
import { EngineHost } from './engine.js';
import { ENGINE_LOCK, EngineServer } from './engine-rpc.js';
import { ENGINE_MODULE, ENGINE_PORT } from './engine-boot.js';

/** How long to wait for the document's module before compiling it here. */
const MODULE_WAIT_MS = 10000;

// Held while this worker lives: the service worker hears of its end when
// the lock comes free (engine-rpc.js). No port is answered before the lock
// is granted: a request made is not yet a request the lock manager knows,
// and the service worker, asking for the lock once greeted, got it first
// on a busy machine and took the live engine for gone.
const holding = new Promise((granted) => {
  navigator.locks.request(ENGINE_LOCK, () => {
    granted();
    return new Promise(() => {});
  });
});

// The module the document compiles (offscreen.js); null (compiled here) if it has none.
let given;
const module = new Promise((resolve) => {
  given = resolve;
  setTimeout(() => resolve(null), MODULE_WAIT_MS);
});
const engine = new EngineHost(new URL('../tidings.wasm', import.meta.url).href, { module });
// The document opens when the engine is first needed: start it at once.
engine.ready().catch(() => {});
const server = new EngineServer(engine);

self.addEventListener('message', (e) => {
  if (e.data && e.data.type === ENGINE_MODULE) given(e.data.module);
  const port = e.data && e.data.type === ENGINE_PORT && e.ports[0];
  if (port) holding.then(() => server.serve(port));
});
