// Chromium's offscreen document: it outlives the service worker, and starts
// the dedicated worker where the engine runs (engine-worker.js). The
// engine's module is compiled here, from before the worker exists, and
// handed to it: the compile overlaps the worker's start, on the way to the
// first page's article when the engine was not running. Each time the
// service worker starts, it posts a MessagePort here, which goes on to the
// engine's worker (engine-rpc.js). Offscreen documents can use no
// extension API but runtime, and need none.
import { ENGINE_MODULE, ENGINE_PORT, compileEngine } from './engine-boot.js';

const compiled = compileEngine(new URL('../tidings.wasm', import.meta.url).href);
const worker = new Worker(new URL('engine-worker.js', import.meta.url), { type: 'module' });
// (Messages wait until the worker's script has run and listens. Without
// a module, the worker compiles it itself.)
compiled.then(
  (module) => worker.postMessage({ type: ENGINE_MODULE, module }),
  () => worker.postMessage({ type: ENGINE_MODULE, module: null }),
);

navigator.serviceWorker.addEventListener('message', (e) => {
  if (!e.data || e.data.type !== ENGINE_PORT || !e.ports[0]) return;
  worker.postMessage({ type: ENGINE_PORT }, [e.ports[0]]);
});
navigator.serviceWorker.startMessages();
