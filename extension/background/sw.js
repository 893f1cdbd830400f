// Chromium service worker entry: the background. The engine runs in the
// offscreen document's worker (engine-worker.js), which loads the Go
// runtime's JavaScript support itself; it is loaded here too for the
// engines that run in this worker (engine-place.js): the first, when none
// runs yet, and the fallback, should that document not be had.
import '../wasm_exec.js';
import './main.js';
