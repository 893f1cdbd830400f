// The engine's dedicated worker, started by Chromium's offscreen document
// (offscreen.js): the engine, and the EngineServer that answers the
// service worker on the port each of its starts sends (engine-rpc.js).
import '../wasm_exec.js';
import { EngineHost } from './engine.js';
import { ENGINE_LOCK, ENGINE_PORT, EngineServer } from './engine-rpc.js';

// Held while this worker lives (before any port is answered): the service
// worker hears of its end when the lock comes free (engine-rpc.js).
navigator.locks.request(ENGINE_LOCK, () => new Promise(() => {}));

const engine = new EngineHost(new URL('../tidings.wasm', import.meta.url).href);
// The document opens when the engine is first needed: start it at once.
engine.ready().catch(() => {});
const server = new EngineServer(engine);

self.addEventListener('message', (e) => {
  if (e.data && e.data.type === ENGINE_PORT && e.ports[0]) server.serve(e.ports[0]);
});
