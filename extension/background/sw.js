// Chromium service worker entry: the background. The engine runs in the
// offscreen document's worker (engine-worker.js), which loads the Go
// runtime's JavaScript support itself.
import './main.js';
