// Loads the Tidings WebAssembly engine in Node and resolves to its API
// (globalThis.tidings) once the Go runtime is ready.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';

export async function loadEngine(wasmPath, wasmExecPath) {
  // wasm_exec.js is a classic script that defines globalThis.Go.
  createRequire(import.meta.url)(resolve(wasmExecPath));
  const go = new globalThis.Go();
  const ready = new Promise((res) => {
    globalThis.tidingsReady = res;
  });
  const { instance } = await WebAssembly.instantiate(readFileSync(wasmPath), go.importObject);
  const exited = go.run(instance).then(() => {
    throw new Error('the Go runtime exited');
  });
  await Promise.race([ready, exited]);
  return globalThis.tidings;
}
