// Chromium service worker entry: the Go runtime's JavaScript support
// (copied from the Go toolchain at build time), then the background.
import '../wasm_exec.js';
import './main.js';
