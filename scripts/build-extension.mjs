// Builds the extension for each browser from the one source tree in
// extension/:
//
//   node scripts/build-extension.mjs [--wasm build/tidings.wasm] [--wasm-exec build/wasm_exec.js] [--out build]
//
// writes build/chromium/ and build/firefox/ (unpacked: manifest.json with the
// browser's fields, the content script bundled into one classic script, the
// .wasm and the wasm_exec.js of the Go that built it) and
// build/tidings-chromium.zip, build/tidings-firefox.zip.
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { bundle } from './lib/bundle.mjs';
import { zip } from './lib/zip.mjs';

export const BROWSERS = ['chromium', 'firefox'];
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SRC = join(ROOT, 'extension');

/** manifestFor merges the template's common fields with one browser's ($browser) fields. */
export function manifestFor(template, browser) {
  const out = {};
  for (const [k, v] of Object.entries(template)) if (!k.startsWith('$')) out[k] = v;
  Object.assign(out, template['$' + browser] || {});
  return out;
}

// Files that are sources of a generated file, or belong to the other browser.
function excluded(rel, browser) {
  const p = rel.split(sep).join('/');
  if (p === 'manifest.template.json') return true;
  if (p.startsWith('content/') && p !== 'content/content.js') return true; // bundled
  if (browser === 'firefox' && (p === 'background/sw.js' || p.startsWith('background/offscreen.') || p === 'background/engine-worker.js')) return true;
  if (browser === 'chromium' && p === 'background/background.html') return true;
  return /(^|\/)\.|\.test\.m?js$|\.md$/.test(p);
}

function listFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...listFiles(p));
    else out.push(p);
  }
  return out;
}

/** readerHTML points the reader page at the bundled script. */
export function readerHTML(html) {
  const out = html
    .replace(/^<link rel="modulepreload"[^>]*>\n/gm, '')
    .replace('<script type="module" src="reader.js"></script>', '<script src="reader.js" defer></script>');
  if (!out.includes('<script src="reader.js" defer></script>')) throw new Error('reader.html: the reader.js module script was not found');
  return out;
}

/** build writes one browser's unpacked extension and returns its file list. */
export function buildBrowser(browser, { wasm, wasmExec, out }) {
  const dest = join(out, browser);
  rmSync(dest, { recursive: true, force: true });
  mkdirSync(dest, { recursive: true });
  for (const file of listFiles(SRC)) {
    const rel = relative(SRC, file);
    if (excluded(rel, browser)) continue;
    mkdirSync(dirname(join(dest, rel)), { recursive: true });
    cpSync(file, join(dest, rel));
  }
  mkdirSync(join(dest, 'content'), { recursive: true });
  writeFileSync(join(dest, 'content/content.js'), bundle(join(SRC, 'content/main.js'), SRC));
  // The reader view is on the toggle's critical path: one classic script
  // instead of a graph of modules fetched one level at a time.
  writeFileSync(join(dest, 'reader/reader.js'), bundle(join(SRC, 'reader/reader.js'), SRC));
  writeFileSync(join(dest, 'reader/reader.html'), readerHTML(readFileSync(join(SRC, 'reader/reader.html'), 'utf8')));
  const template = JSON.parse(readFileSync(join(SRC, 'manifest.template.json'), 'utf8'));
  writeFileSync(join(dest, 'manifest.json'), JSON.stringify(manifestFor(template, browser), null, 2) + '\n');
  cpSync(wasm, join(dest, 'tidings.wasm'));
  cpSync(wasmExec, join(dest, 'wasm_exec.js'));
  return listFiles(dest).map((f) => relative(dest, f).split(sep).join('/'));
}

/** pack zips an unpacked build. */
export function pack(dir, zipPath) {
  const entries = listFiles(dir).map((f) => ({ name: relative(dir, f).split(sep).join('/'), data: readFileSync(f) }));
  const buf = zip(entries);
  writeFileSync(zipPath, buf);
  return buf.length;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      wasm: { type: 'string', default: join(ROOT, 'build/tidings.wasm') },
      'wasm-exec': { type: 'string', default: join(ROOT, 'build/wasm_exec.js') },
      out: { type: 'string', default: join(ROOT, 'build') },
    },
  });
  for (const need of [values.wasm, values['wasm-exec']]) {
    if (!existsSync(need)) {
      console.error(`build-extension: ${need} is missing (run make build)`);
      process.exit(1);
    }
  }
  for (const browser of BROWSERS) {
    const files = buildBrowser(browser, { wasm: values.wasm, wasmExec: values['wasm-exec'], out: values.out });
    const size = pack(join(values.out, browser), join(values.out, `tidings-${browser}.zip`));
    console.log(`${browser}: ${files.length} files, package ${(size / 1e6).toFixed(2)} MB → ${join(values.out, `tidings-${browser}.zip`)}`);
  }
}
