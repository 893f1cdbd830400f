// What Chromium's offscreen document and the engine's worker share to
// start the engine: the messages between them, and the compile of the
// engine's WebAssembly module, which the document starts before it starts
// the worker, so that the two overlap (offscreen.js). The Firefox
// background page compiles it itself (EngineHost.compile).

/** The type of the message, posted by the service worker with a MessagePort to the offscreen document (which passes it on to the engine's worker), that connects them. */
export const ENGINE_PORT = 'tidings-engine-port';
/** The type of the message with which the offscreen document hands its worker the compiled module ({module}; null when it has none). */
export const ENGINE_MODULE = 'tidings-engine-module';

/**
 * compileEngine resolves to the WebAssembly.Module of the .wasm at url:
 * compiled while it streams in, or from its bytes when it is not served
 * as application/wasm.
 */
export async function compileEngine(url) {
  try {
    return await WebAssembly.compileStreaming(fetch(url));
  } catch {
    const buf = await (await fetch(url)).arrayBuffer();
    return WebAssembly.compile(buf);
  }
}
