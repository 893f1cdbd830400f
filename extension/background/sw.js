// Chromium service worker entry: the background. The engine runs in the
// offscreen document's worker (engine-worker.js), which loads the Go
// runtime's JavaScript support itself; it is loaded here too for the
// engine's fallback in this worker (withFallback in engine-rpc.js), should
// that document not be had.
import '../wasm_exec.js';
import './main.js';
