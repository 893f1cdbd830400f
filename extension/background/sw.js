// Chromium service worker entry: the background. The engine runs in the
// offscreen document (offscreen.html), which loads the Go runtime's
// JavaScript support itself.
import './main.js';
