// `make bench` (bench-extension): the extension in headless Chromium on Zyte
// corpus pages served from localhost.
//
//   node bench/extension-bench.mjs [--pages 40] [--cold 10] [--json FILE]
//
// Per page: in-page cleanup done after DOMContentLoaded (content script's
// DCL listener → detections applied), the reader view from the toggle (the
// Alt+Shift+R keydown's timestamp) to painted (the task after the first
// animation frame after the reader rendered), warm; cold, on a subset:
// with the service worker stopped first (the engine, in Chromium's
// offscreen document, goes on), and with the engine stopped too (its
// document closed: the engine not yet started); and, on another
// subset, warm without the reader frame the content script keeps loaded in
// standby on article pages. The engine's time (timed where it runs) next
// to Readability.js (npm @mozilla/readability, injected into the page by
// this benchmark only: document clone + parse) on the same page, twice:
// the whole clean as the extension calls it (parse, metadata, detection,
// extraction, sanitizing, fingerprint, JSON, from JavaScript), and parse +
// extract as timed inside the engine (tidings.stages: parsing, metadata,
// extraction, sanitized HTML; not detection, fingerprint or JSON), which
// is what Readability does: on the page as the extension sends it (its
// script and style text cut, serializePage) and on its whole outerHTML.
// The engine's WebAssembly memory; the cleanup
// of the first page after the worker stopped (as served), and after the
// engine stopped too (as served, with the page's body a second late, and
// so with Fanboy's list subscribed); the package sizes.
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT, sharedDir, startServer, zytePages } from '../lib/server.mjs';
import { chromiumAvailable, launch } from '../lib/browser.mjs';
import { BUILD, engineInDocument, readerClosed, stopEngine, stopServiceWorker, swEval, toTab, waitCleanup, waitPainted, waitStats } from '../test/e2e/helpers.mjs';

const { values: opts } = parseArgs({
  options: {
    pages: { type: 'string', default: '40' },
    cold: { type: 'string', default: '10' },
    unprepared: { type: 'string', default: '10' },
    json: { type: 'string', default: join(BUILD, 'bench-extension.json') },
  },
});

/**
 * How long a warm toggle waits, at most, for the standby frame to have
 * rendered the article in advance (a reader rarely toggles within the
 * first two seconds of a page; the pages where it was not ready count).
 */
const PREFETCH_WAIT_MS = 2000;
const TARGETS = { readerWarmP95: 150, readerCold: 600, cleanupP95: 100, ratioMedian: 1.0, packageMB: 3 };
// The first page after the worker stopped is also timed with its body this
// long after its head (the engine starts while the page loads).
const WAKE_BODY_DELAY_MS = 1000;
// Readability runs this many times per page; the median counts (warm JIT).
const READABILITY_RUNS = 3;
/**
 * How long the benchmark leaves a page alone after DOMContentLoaded before
 * it asks for the cleanup's figures. Each question is a DevTools call into
 * the service worker and a message from there to the page: the very
 * threads a cleanup's message takes. The figures are timestamps the
 * content script keeps, so asking later changes none of them.
 */
const CLEANUP_QUIET_MS = 400;

/** cleanupStats waits, without asking while the cleanup runs, for a page's first cleanup, and returns its stats. */
async function cleanupStats(b, page) {
  await page.waitForTimeout(CLEANUP_QUIET_MS);
  return waitCleanup(b, page);
}

function quantile(xs, q) {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)];
}
const median = (xs) => quantile(xs, 0.5);
const fmt = (x) => (Number.isFinite(x) ? x.toFixed(1) : 'n/a');

async function readerOnce(b, page, count, { cold = false } = {}) {
  await page.waitForTimeout(450); // past the double-toggle guard
  if (!cold) await waitStats(b, page, (s) => s.prefetchReady || !s.readerPrepared, 'the frame rendering in advance', PREFETCH_WAIT_MS).catch(() => {});
  // (A stopped worker does not know the tab yet: no peeking then.)
  const before = cold ? {} : await toTab(b, page, { type: 'stats' });
  await page.keyboard.press('Alt+Shift+R');
  const r = await waitPainted(b, page, count, 20000);
  await page.waitForTimeout(50);
  await page.keyboard.press('Escape');
  await readerClosed(page);
  // Where the time went: frame script running, article data in, rendered (ms after the toggle).
  const at = (x) => (r.marks ? Math.round(r.marks.origin + x - r.t0) : null);
  return {
    ms: r.t1 - r.t0,
    reused: r.reused,
    prefetched: !!r.prefetched,
    prepared: !!r.prepared,
    preparedBefore: !!before.readerPrepared,
    script: at(r.marks && r.marks.script),
    data: at(r.marks && r.marks.data),
    rendered: at(r.marks && r.marks.rendered),
  };
}

/** engineStats are the engine's figures (ENGINE_INFO's stats, with memoryBytes), wherever it runs. */
function engineStats(b) {
  return swEval(b, async () => (await globalThis.tidingsHost.engine.info()).stats);
}

async function readability(page, src) {
  return page.evaluate(`(() => {
    var module = { exports: {} };
    ${src}
    var R = module.exports.Readability || module.exports;
    var times = [], len = 0;
    for (var i = 0; i < ${READABILITY_RUNS}; i++) {
      var t0 = performance.now();
      var art = new R(document.cloneNode(true)).parse();
      times.push(performance.now() - t0);
      len = art && art.textContent ? art.textContent.length : 0;
    }
    times.sort(function (a, b) { return a - b; });
    return { ms: times[Math.floor(times.length / 2)], len: len };
  })()`);
}

/** cleanupParts splits a page's first cleanup (content script and worker marks) into ms per step. */
function cleanupParts(stats) {
  const c = stats.cleanups && stats.cleanups[0];
  if (!c || !c.bg) return null;
  const bg = c.bg;
  return {
    settings: stats.settings ? stats.settings - stats.dcl : null,
    serialize: c.serialized - c.start,
    toEngine: bg.started - c.serialized,
    // ...of which the message itself, and the worker before the engine call (rules in sync, the engine ready)
    message: bg.received - c.serialized,
    handler: bg.started - bg.received,
    engine: bg.cleaned - bg.started,
    // ...of which the Go call in the engine's worker, and reading its JSON answer there
    engineCall: bg.callMs,
    engineJson: bg.parseMs,
    back: c.answered - bg.cleaned,
    // ...of which the worker's reply, and the reply's way to the page's script
    reply: bg.replied - bg.cleaned,
    toPage: c.answered - bg.replied,
    apply: c.applied - c.answered,
  };
}

/** subscribe stores a subscription with this list text (null: none) and has the engine take it. */
async function subscribe(b, text) {
  await swEval(b, async (t) => {
    const { rules = {} } = await chrome.storage.local.get('rules');
    rules.subscriptions = t === null ? [] : [{ url: 'https://lists.example/fanboy-annoyance.txt', title: "Fanboy's Annoyance List", text: t, lastUpdate: Date.now(), expiresMs: 5 * 86400000 }];
    await chrome.storage.local.set({ rules });
    await globalThis.tidingsHost.syncRules();
  }, text);
}

/**
 * settleThenStopWorker stops the service worker once its calls go to the
 * engine beside the offscreen document. Chromium stops the worker after
 * 30 s idle, and an engine the worker started itself (none running: the
 * previous page's "engine not started" row) hands its calls over to the
 * document's after 1 s idle (engine-place.js); the benchmark's own engine
 * calls leave it no idle second.
 */
async function settleThenStopWorker(b) {
  await engineInDocument(b);
  await stopServiceWorker(b);
}

async function main() {
  if (!chromiumAvailable()) throw new Error('Chromium is not installed (apt-get install chromium)');
  if (!sharedDir()) {
    console.log('bench-extension: the shared corpus (../shared or $TIDINGS_SHARED) is absent; nothing to measure.');
    return;
  }
  const ids = zytePages().slice(0, Number(opts.pages));
  const coldN = Math.min(Number(opts.cold), ids.length);
  // Pages [coldN, coldN + unpreparedN) also open the reader once without a standby frame.
  const unpreparedN = Math.min(Number(opts.unprepared), ids.length - coldN);
  const readabilitySrc = readFileSync(join(ROOT, 'scripts/node_modules/@mozilla/readability/Readability.js'), 'utf8');
  const srv = await startServer();
  // TIDINGS_BENCH_EXT names another unpacked build to measure (to compare two builds, run by turns).
  const b = await launch(process.env.TIDINGS_BENCH_EXT || join(BUILD, 'chromium'));
  const rows = [];
  try {
    for (const [i, id] of ids.entries()) {
      const url = `${srv.url}/zyte/${id}.html`;
      const cold = i < coldN;
      const page = await b.ctx.newPage();
      await page.goto(url, { waitUntil: 'domcontentloaded' });
      const stats = await cleanupStats(b, page);
      const row = { id, cleanupMs: stats.cleanupMs, autoCleanMs: stats.cleanMs, detections: stats.detections, cleanup: cleanupParts(stats) };
      if (cold) {
        // A reader toggling after the worker idled out (30 s) finds the
        // article rendered in advance when the page allowed it.
        await waitStats(b, page, (st) => st.prefetchReady, 'the frame rendering in advance', PREFETCH_WAIT_MS).catch(() => {});
        await settleThenStopWorker(b);
        const c = await readerOnce(b, page, 1, { cold: true });
        row.readerColdMs = c.ms;
        row.readerCold = c;
        const w = await readerOnce(b, page, 2);
        row.readerWarmMs = w.ms;
        row.readerWarm = w;
        // Cold again without a frame in standby: the page must send its
        // HTML again, to a new worker; then with the engine stopped too,
        // which must start before the article exists.
        await toTab(b, page, { type: 'reader-standby', on: false });
        await settleThenStopWorker(b);
        const wk = await readerOnce(b, page, 3, { cold: true });
        row.readerColdWorkerMs = wk.ms;
        row.readerColdWorker = wk;
        await page.waitForTimeout(1000); // (the closed reader's last messages)
        await stopEngine(b);
        const toggledAt = Date.now();
        const e = await readerOnce(b, page, 4, { cold: true });
        row.readerColdEngineMs = e.ms;
        row.readerColdEngine = e;
        // Whether the engine really started after the toggle (a page's message may wake the worker before).
        row.readerColdEngine.startedAfterToggle = (await engineStats(b)).startedAt >= toggledAt;
        await toTab(b, page, { type: 'reader-standby', on: true });
        // (The engine timed below, and Readability.js beside it, with the
        // engine's move to its document done, not under way.)
        await engineInDocument(b);
      } else {
        const w = await readerOnce(b, page, 1);
        row.readerWarmMs = w.ms;
        row.readerWarm = w;
        if (i < coldN + unpreparedN) {
          // The same page again without the frame in standby (a toggle
          // before the page has loaded and idled, or standby turned off).
          await toTab(b, page, { type: 'reader-standby', on: false });
          const u = await readerOnce(b, page, 2);
          row.readerUnpreparedMs = u.ms;
          row.readerUnprepared = u;
          await toTab(b, page, { type: 'reader-standby', on: true });
        }
      }
      // The engine's own time for this page, warm: clean it again in the worker.
      // On the page as the extension sends it (its script and style text
      // cut, serializePage), and, for comparison, on its whole outerHTML.
      const { html } = await toTab(b, page, { type: 'page-html' });
      const whole = await page.evaluate(() => '<!DOCTYPE html>' + document.documentElement.outerHTML);
      // ...and stage by stage, timed inside the engine (tidings.stages).
      const eng = await swEval(b, async ([h, u, w]) => {
        const e = globalThis.tidingsHost.engine;
        const api = await e.ready();
        const times = [];
        for (let k = 0; k < 3; k++) times.push((await e.clean(h, u)).cleanMs);
        const stages = [];
        const wholeStages = [];
        for (let k = 0; k < 3; k++) {
          stages.push(JSON.parse(await api.stages(h, u)));
          wholeStages.push(JSON.parse(await api.stages(w, u)));
        }
        return { cleanMs: times.sort((x, y) => x - y)[1], stages, wholeStages };
      }, [html, url, whole]);
      const pe = (x) => x.parseMs + x.metadataMs + x.extractMs + x.sanitizeMs;
      const mid = (xs) => xs.sort((x, y) => pe(x) - pe(y))[1];
      row.engineStages = mid(eng.stages);
      row.parseExtractMs = pe(row.engineStages);
      row.parseExtractWholeMs = pe(mid(eng.wholeStages));
      row.sentChars = html.length;
      row.wholeChars = whole.length;
      row.engineMs = eng.cleanMs;
      const r = await readability(page, readabilitySrc);
      row.readabilityMs = r.ms;
      row.ratio = row.engineMs / Math.max(r.ms, 0.01);
      row.ratioParseExtract = row.parseExtractMs / Math.max(r.ms, 0.01);
      row.ratioParseExtractWhole = row.parseExtractWholeMs / Math.max(r.ms, 0.01);
      rows.push(row);
      process.stderr.write(`\r${i + 1}/${ids.length} pages`);
      await page.close();
    }
    process.stderr.write('\n');
    const { memoryBytes: memAfterBench, startMs, idleCollections, cleans } = await engineStats(b);
    // The engine's memory from the extension's own work: a fresh engine
    // (engine stopped) after the in-page cleanup of every page, without
    // the benchmark's own engine calls (their repeats and stage timing
    // raise the high-water mark of WebAssembly memory, which never shrinks).
    // (In the engine that lasts, the document's: the one the worker starts
    // itself first would hand its calls over to it in the middle.)
    await stopEngine(b);
    await engineInDocument(b);
    for (const id of ids) {
      const page = await b.ctx.newPage();
      await page.goto(`${srv.url}/zyte/${id}.html`, { waitUntil: 'domcontentloaded' });
      await cleanupStats(b, page);
      await page.close();
    }
    const { memoryBytes: memBytes } = await engineStats(b);
    // Cleanup on a page that wakes a stopped worker, as the first page
    // after a pause over 30 s does (the engine goes on in its document),
    // as served here (DOMContentLoaded a few ms after the content script
    // wakes the worker). Then with the engine stopped too (it starts in
    // the worker, as after its document was closed): as served, with its
    // body arriving a second after its head, as over a slow connection,
    // and that for a reader subscribed to Fanboy's annoyance list (43k
    // rules for the fresh engine to compile).
    const wake = {};
    const fanboy = join(sharedDir(), 'corpus/filterlists/fanboy-annoyance.txt');
    const wakes = [['asServed', 0, settleThenStopWorker], ['engineAsServed', 0, stopEngine], ['bodyLate', WAKE_BODY_DELAY_MS, stopEngine], ['bodyLateFanboy', WAKE_BODY_DELAY_MS, stopEngine]];
    for (const [key, delay, stop] of wakes) {
      if (key === 'bodyLateFanboy') {
        if (!existsSync(fanboy)) continue;
        await subscribe(b, readFileSync(fanboy, 'utf8'));
      }
      wake[key] = [];
      for (const id of ids.slice(0, coldN)) {
        await stop(b);
        const page = await b.ctx.newPage();
        await page.goto(`${srv.url}/zyte/${id}.html?slow=${delay}`, { waitUntil: 'domcontentloaded' });
        const stats = await cleanupStats(b, page);
        const host = await engineStats(b);
        wake[key].push({ id, cleanupMs: stats.cleanupMs, cleanup: cleanupParts(stats), startMs: host.startMs, warmMs: host.warmMs });
        await page.close();
      }
    }
    if (wake.bodyLateFanboy) await subscribe(b, null);
    const pkg = Object.fromEntries(['chromium', 'firefox'].map((br) => [br, statSync(join(BUILD, `tidings-${br}.zip`)).size / 1e6]));
    const col = (k) => rows.map((r) => r[k]).filter((x) => Number.isFinite(x));
    const summary = {
      pages: rows.length,
      coldPages: coldN,
      cleanupAfterDCL: { median: median(col('cleanupMs')), p95: quantile(col('cleanupMs'), 0.95) },
      // The first page also waits for the engine to start (browser just launched).
      cleanupAfterDCLWarm: { median: median(col('cleanupMs').slice(1)), p95: quantile(col('cleanupMs').slice(1), 0.95), firstPage: rows[0] && rows[0].cleanupMs },
      readerWarm: { median: median(col('readerWarmMs')), p95: quantile(col('readerWarmMs'), 0.95) },
      readerWarmPrepared: rows.filter((r) => r.readerWarm && r.readerWarm.prepared).length,
      readerWarmPrefetched: rows.filter((r) => r.readerWarm && r.readerWarm.prefetched).length,
      readerCold: { median: median(col('readerColdMs')), p95: quantile(col('readerColdMs'), 0.95), max: Math.max(...col('readerColdMs')) },
      readerColdPrefetched: rows.filter((r) => r.readerCold && r.readerCold.prefetched).length,
      readerColdWorker: { median: median(col('readerColdWorkerMs')), p95: quantile(col('readerColdWorkerMs'), 0.95), max: Math.max(...col('readerColdWorkerMs')) },
      readerColdEngineStartedAfter: rows.filter((r) => r.readerColdEngine && r.readerColdEngine.startedAfterToggle).length,
      readerColdEngine: { median: median(col('readerColdEngineMs')), p95: quantile(col('readerColdEngineMs'), 0.95), max: Math.max(...col('readerColdEngineMs')) },
      readerUnprepared: { n: col('readerUnpreparedMs').length, median: median(col('readerUnpreparedMs')), p95: quantile(col('readerUnpreparedMs'), 0.95) },
      engineMs: { median: median(col('engineMs')), p95: quantile(col('engineMs'), 0.95) },
      readabilityMs: { median: median(col('readabilityMs')), p95: quantile(col('readabilityMs'), 0.95) },
      ratioEngineToReadability: { median: median(col('ratio')) },
      parseExtractMs: { median: median(col('parseExtractMs')), p95: quantile(col('parseExtractMs'), 0.95) },
      ratioParseExtractToReadability: { median: median(col('ratioParseExtract')) },
      // The same on the page's whole outerHTML, script and style text included, which the extension does not send.
      parseExtractWholeMs: { median: median(col('parseExtractWholeMs')), p95: quantile(col('parseExtractWholeMs'), 0.95) },
      ratioParseExtractWholeToReadability: { median: median(col('ratioParseExtractWhole')) },
      sentShare: { median: median(rows.map((r) => r.sentChars / r.wholeChars).filter(Number.isFinite)) },
      // Where the cleanup's time went (medians of the pages after the first, ms).
      cleanupParts: Object.fromEntries(['settings', 'serialize', 'toEngine', 'message', 'handler', 'engine', 'engineCall', 'engineJson', 'back', 'reply', 'toPage', 'apply'].map((k) => [k, median(rows.slice(1).map((r) => r.cleanup && r.cleanup[k]).filter((x) => Number.isFinite(x)))])),
      // The first page after the worker stopped (as served), after the engine stopped too (as served, its body late, and that with Fanboy's list).
      cleanupAfterWake: Object.fromEntries(Object.entries(wake).map(([d, rs]) => [d, { pages: rs.length, median: median(rs.map((r) => r.cleanupMs)), max: Math.max(...rs.map((r) => r.cleanupMs)), engineStartMs: median(rs.map((r) => r.startMs)), warmMs: median(rs.map((r) => r.warmMs)) }])),
      engineStartMs: startMs,
      // Garbage collections the engine ran while idle (not in a page's call), over its cleans.
      idleCollections: { collections: idleCollections, cleans },
      engineMemoryMB: memBytes / 1e6,
      engineMemoryAfterBenchMB: memAfterBench / 1e6,
      packageMB: pkg,
    };
    writeFileSync(opts.json, JSON.stringify({ summary, rows, wake }, null, 2) + '\n');
    const ok = (v, t) => (v <= t ? 'ok' : 'MISSED');
    console.log(`Extension in Chromium, ${rows.length} Zyte pages (cold: ${coldN}); details in ${opts.json}`);
    const cp = summary.cleanupParts;
    console.log(`  cleanup after DOMContentLoaded   median ${fmt(summary.cleanupAfterDCL.median)} ms  p95 ${fmt(summary.cleanupAfterDCL.p95)} ms   target p95 <= ${TARGETS.cleanupP95} ms: ${ok(summary.cleanupAfterDCL.p95, TARGETS.cleanupP95)}`);
    console.log(`  ...engine already running         median ${fmt(summary.cleanupAfterDCLWarm.median)} ms  p95 ${fmt(summary.cleanupAfterDCLWarm.p95)} ms   (first page, engine starting: ${fmt(summary.cleanupAfterDCLWarm.firstPage)} ms)`);
    console.log(`    (medians: serialize ${fmt(cp.serialize)}, to the worker ${fmt(cp.toEngine)} (the message ${fmt(cp.message)}), engine ${fmt(cp.engine)} (the Go call ${fmt(cp.engineCall)}, its JSON ${fmt(cp.engineJson)}), back to the page ${fmt(cp.back)} (the worker's reply ${fmt(cp.reply)}), hiding ${fmt(cp.apply)} ms)`);
    const { asServed: w0, engineAsServed: we, bodyLate: w1, bodyLateFanboy: w2 } = summary.cleanupAfterWake;
    console.log(`  ...first page after the worker stopped: median ${fmt(w0.median)} ms  max ${fmt(w0.max)} ms   (${w0.pages} pages; the engine goes on in its document)`);
    console.log(`  ...after the engine stopped too:  median ${fmt(we.median)} ms  max ${fmt(we.max)} ms; its body ${WAKE_BODY_DELAY_MS / 1000} s after its head: median ${fmt(w1.median)} ms  max ${fmt(w1.max)} ms   (engine start ${fmt(we.engineStartMs)} ms + warm-up ${fmt(we.warmMs)} ms)`);
    if (w2) console.log(`     ...its body late, Fanboy's list subscribed: median ${fmt(w2.median)} ms  max ${fmt(w2.max)} ms`);
    console.log(`  reader painted after toggle, warm median ${fmt(summary.readerWarm.median)} ms  p95 ${fmt(summary.readerWarm.p95)} ms   target p95 <= ${TARGETS.readerWarmP95} ms: ${ok(summary.readerWarm.p95, TARGETS.readerWarmP95)}`);
    console.log(`    (frame in standby on ${summary.readerWarmPrepared} of ${rows.length} pages, the article rendered in it in advance on ${summary.readerWarmPrefetched}; without a frame, ${summary.readerUnprepared.n} pages: median ${fmt(summary.readerUnprepared.median)} ms  p95 ${fmt(summary.readerUnprepared.p95)} ms)`);
    console.log(`  reader painted after toggle, cold median ${fmt(summary.readerCold.median)} ms  max ${fmt(summary.readerCold.max)} ms   target <= ${TARGETS.readerCold} ms: ${ok(summary.readerCold.max, TARGETS.readerCold)}`);
    console.log(`    (service worker stopped, the engine going on in its document; rendered in advance on ${summary.readerColdPrefetched} of ${summary.coldPages} pages)`);
    console.log(`  ...cold, no frame in standby     median ${fmt(summary.readerColdWorker.median)} ms  max ${fmt(summary.readerColdWorker.max)} ms   (worker stopped: the page sends its HTML)`);
    console.log(`  ...and the engine not started    median ${fmt(summary.readerColdEngine.median)} ms  max ${fmt(summary.readerColdEngine.max)} ms   target <= ${TARGETS.readerCold} ms: ${ok(summary.readerColdEngine.max, TARGETS.readerCold)}   (an engine starts in the service worker: after the toggle on ${summary.readerColdEngineStartedAfter} of ${summary.coldPages} pages)`);
    console.log(`  engine clean (from the worker)   median ${fmt(summary.engineMs.median)} ms  p95 ${fmt(summary.engineMs.p95)} ms`);
    console.log(`  Readability.js (clone + parse)   median ${fmt(summary.readabilityMs.median)} ms  p95 ${fmt(summary.readabilityMs.p95)} ms`);
    console.log(`  engine parse + extract (in wasm) median ${fmt(summary.parseExtractMs.median)} ms  p95 ${fmt(summary.parseExtractMs.p95)} ms   (parse, metadata, extraction, sanitized HTML; of the page as sent: median ${(100 * summary.sentShare.median).toFixed(0)} % of its outerHTML)`);
    console.log(`  parse + extract / Readability    median ${summary.ratioParseExtractToReadability.median.toFixed(2)}   target <= ${TARGETS.ratioMedian}: ${ok(summary.ratioParseExtractToReadability.median, TARGETS.ratioMedian)}`);
    console.log(`  ...on the whole outerHTML        median ${summary.ratioParseExtractWholeToReadability.median.toFixed(2)}   (engine median ${fmt(summary.parseExtractWholeMs.median)} ms; script and style text included, which the extension does not send)`);
    console.log(`  whole clean / Readability        median ${summary.ratioEngineToReadability.median.toFixed(2)}   (with detection, fingerprint, JSON)`);
    console.log(`  engine start ${fmt(startMs)} ms; ${idleCollections} garbage collections run while idle over ${cleans} cleans; WebAssembly memory ${summary.engineMemoryMB.toFixed(1)} MB after cleaning the ${rows.length} pages (${summary.engineMemoryAfterBenchMB.toFixed(1)} MB after the benchmark's own engine calls too)`);
    console.log(`  package: chromium ${pkg.chromium.toFixed(2)} MB, firefox ${pkg.firefox.toFixed(2)} MB   target <= ${TARGETS.packageMB} MB: ${ok(Math.max(pkg.chromium, pkg.firefox), TARGETS.packageMB)}`);
  } finally {
    await b.close();
    await srv.close();
  }
}

main().catch((err) => {
  console.error(`bench-extension: ${err.stack || err}`);
  process.exit(1);
});
