// Chromium's offscreen document: it outlives the service worker, and starts
// the dedicated worker where the engine runs (engine-worker.js). Each time
// the service worker starts, it posts a MessagePort here, which goes on to
// the engine's worker (engine-rpc.js). Offscreen documents can use no
// extension API but runtime, and need none.
import { ENGINE_PORT } from './engine-rpc.js';

const worker = new Worker(new URL('engine-worker.js', import.meta.url), { type: 'module' });

navigator.serviceWorker.addEventListener('message', (e) => {
  if (!e.data || e.data.type !== ENGINE_PORT || !e.ports[0]) return;
  worker.postMessage({ type: ENGINE_PORT }, [e.ports[0]]);
});
navigator.serviceWorker.startMessages();
