// Times parsing and compiling a rule list in the WebAssembly engine under
// Node, as the extension's background does when a subscription changes:
// tidings.setRules with the list alone (the shipped lists left out).
//
//   node scripts/bench/rules-wasm.mjs --wasm build/tidings.wasm --wasm-exec build/wasm_exec.js \
//        --list ../shared/corpus/filterlists/fanboy-annoyance.txt [--rounds 7]
//
// Prints {"rounds", "medianMs", "minMs", "rules"} (rules: compiled rules of
// the last round, a check that the list really was compiled).
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { loadEngine } from '../lib/engine-node.mjs';

const { values: opts } = parseArgs({
  options: {
    wasm: { type: 'string', default: 'build/tidings.wasm' },
    'wasm-exec': { type: 'string', default: 'build/wasm_exec.js' },
    list: { type: 'string' },
    rounds: { type: 'string', default: '7' },
  },
});
if (!opts.list) throw new Error('--list FILE is required');

const tidings = await loadEngine(opts.wasm, opts['wasm-exec']);
const lists = JSON.stringify({ lists: [{ name: basename(opts.list), text: readFileSync(opts.list, 'utf8') }], defaults: false });
const times = [];
let summary;
for (let r = 0; r < Math.max(1, Number(opts.rounds)); r++) {
  const t = performance.now();
  summary = JSON.parse(tidings.setRules(lists));
  times.push(performance.now() - t);
  if (summary.error) throw new Error(summary.error);
}
times.sort((a, b) => a - b);
console.log(JSON.stringify({
  rounds: times.length,
  medianMs: times[Math.floor(times.length / 2)],
  minMs: times[0],
  rules: summary.stats,
}));
