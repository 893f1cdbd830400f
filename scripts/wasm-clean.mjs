// Runs the Tidings engine compiled to WebAssembly under Node, as the
// extension's background does in the browser.
//
//   node scripts/wasm-clean.mjs --wasm build/tidings.wasm [--wasm-exec build/wasm_exec.js]
//        [--bench ROUNDS] (--input pages.jsonl | FILE.html ...)
//
// --input reads one JSON object a line: {"file", "url", "html"} with the page
// already decoded to UTF-8 (as a browser hands a serialized DOM). Without
// --bench it prints one result a line (the engine's JSON plus "file"). With
// --bench it cleans every page ROUNDS times after one warm-up round and
// prints {"pages", "roundsMs" (ms per page of each round), "startMs"}.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { loadEngine } from './lib/engine-node.mjs';

const { values: opts, positionals } = parseArgs({
  options: {
    wasm: { type: 'string', default: 'build/tidings.wasm' },
    'wasm-exec': { type: 'string', default: 'build/wasm_exec.js' },
    input: { type: 'string' },
    url: { type: 'string', default: '' },
    bench: { type: 'string' },
  },
  allowPositionals: true,
});

function readPages() {
  if (opts.input) {
    return readFileSync(opts.input, 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l));
  }
  return positionals.map((file) => ({ file, url: opts.url, html: readFileSync(file, 'utf8') }));
}

const t0 = performance.now();
const tidings = await loadEngine(opts.wasm, opts['wasm-exec']);
const startMs = performance.now() - t0;
const pages = readPages();

if (opts.bench) {
  const rounds = Math.max(1, Number(opts.bench));
  for (const p of pages) tidings.clean(p.html, p.url); // warm-up
  const roundsMs = [];
  for (let r = 0; r < rounds; r++) {
    const t = performance.now();
    for (const p of pages) tidings.clean(p.html, p.url);
    roundsMs.push((performance.now() - t) / pages.length);
  }
  console.log(JSON.stringify({ pages: pages.length, roundsMs, startMs }));
} else {
  let failed = 0;
  for (const p of pages) {
    const res = JSON.parse(tidings.clean(p.html, p.url));
    if (res.error) failed++;
    process.stdout.write(JSON.stringify({ file: p.file, ...res }) + '\n');
  }
  process.exitCode = failed ? 1 : 0;
}
