// Firefox: `web-ext lint` on the Firefox build, and a smoke test: headless
// `web-ext run` with Debian's firefox-esr installs the extension as a
// temporary add-on, loads a seed page served from localhost, and checks
// through Marionette (Firefox's built-in remote protocol) that the engine
// ran in the background page for that page, that the keyboard shortcut
// (a trusted key press) opens the reader view with the CLI's text, and that
// the article was recorded for related coverage.
import test, { after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, startServer } from '../../lib/server.mjs';
import { Marionette } from '../../lib/marionette.mjs';
import { EXT_FIREFOX, cliClean, poll as pollUntil } from './helpers.mjs';

const FIREFOX = process.env.TIDINGS_FIREFOX || '/usr/bin/firefox-esr';
const WEB_EXT = join(ROOT, 'scripts/node_modules/.bin/web-ext');
const missing = !existsSync(join(EXT_FIREFOX, 'manifest.json'))
  ? `${EXT_FIREFOX} is missing: run make build`
  : !existsSync(WEB_EXT)
    ? 'web-ext is not installed (cd scripts && npm ci)'
    : '';
const GECKO_ID = JSON.parse(readFileSync(join(ROOT, 'extension/manifest.template.json'), 'utf8')).$firefox.browser_specific_settings.gecko.id;

// Offline: every http(s) request but localhost goes to a dead proxy.
const OFFLINE_PREFS = {
  'network.proxy.type': 1,
  'network.proxy.http': '127.0.0.1',
  'network.proxy.http_port': 9,
  'network.proxy.ssl': '127.0.0.1',
  'network.proxy.ssl_port': 9,
  'network.proxy.no_proxies_on': 'localhost, 127.0.0.1',
  'network.proxy.allow_hijacking_localhost': false,
  'app.update.disabledForTesting': true,
  'browser.safebrowsing.update.enabled': false,
  'datareporting.policy.dataSubmissionEnabled': false,
  'toolkit.telemetry.enabled': false,
  'extensions.getAddons.cache.enabled': false,
  'browser.region.network.url': '',
  'network.connectivity-service.enabled': false,
  'network.captive-portal-service.enabled': false,
};

const cleanup = [];
after(async () => {
  for (const f of cleanup.reverse()) await f();
});

test('web-ext lint: no errors', { skip: missing || false }, () => {
  let out;
  try {
    out = execFileSync(WEB_EXT, ['lint', '--source-dir', EXT_FIREFOX, '--output', 'json', '--no-config-discovery'], { encoding: 'utf8' });
  } catch (err) {
    out = err.stdout; // exit status 1 when there are errors; the JSON says which
  }
  const report = JSON.parse(out);
  const show = (list) => list.map((m) => `${m.code} ${m.file || ''}: ${m.message}`);
  assert.deepEqual(show(report.errors), [], 'web-ext lint errors');
  console.log(`# web-ext lint: ${report.summary.errors} errors, ${report.summary.warnings} warnings, ${report.summary.notices} notices`);
  for (const w of show(report.warnings)) console.log(`# warning: ${w}`);
});

function freePort() {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** poll is the helpers' poll for actions that fail while Firefox and the add-on start: a failure counts as not yet. */
function poll(fn, what, timeoutMs = 30000) {
  return pollUntil(() => fn().catch(() => null), what, timeoutMs, { intervalMs: 200 });
}

/** How long one start of `web-ext run` may take to install the add-on (3 s here when the machine is idle). */
const INSTALL_WAIT_MS = 75000;
/** How many times `web-ext run` is started before the test gives up. */
const INSTALL_ATTEMPTS = 2;

/**
 * runWebExt starts `web-ext run` (headless Firefox with the add-on, a fresh
 * profile, Marionette on a free port) and waits until the add-on is
 * installed. A start that has not installed it in INSTALL_WAIT_MS, or that
 * exited, is ended, its log printed, and started once more: on a very slow
 * machine one start did not install the add-on in 90 s (its log was not
 * kept), and Firefox's or web-ext's start-up is not what this test checks.
 * Resolves to Marionette's port.
 */
async function runWebExt() {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const profile = mkdtempSync(join(tmpdir(), 'tidings-firefox-'));
    cleanup.push(() => rmSync(profile, { recursive: true, force: true }));
    const prefs = { ...OFFLINE_PREFS, 'marionette.port': port };
    const args = ['run', '--source-dir', EXT_FIREFOX, '--firefox', FIREFOX, '--firefox-profile', profile, '--no-input', '--no-reload',
      '--no-config-discovery', '--arg=-marionette', '--arg=-remote-allow-system-access', '--start-url', 'about:blank',
      ...Object.entries(prefs).map(([k, v]) => `--pref=${k}=${v}`)];
    const proc = spawn(WEB_EXT, args, { env: { ...process.env, MOZ_HEADLESS: '1' }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let log = '';
    let exited = null;
    proc.stdout.on('data', (d) => (log += d));
    proc.stderr.on('data', (d) => (log += d));
    proc.on('exit', (code, signal) => (exited = signal || code));
    const stop = () => {
      try {
        process.kill(-proc.pid, 'SIGTERM'); // web-ext and the Firefox it started
      } catch {
        // already gone
      }
    };
    cleanup.push(async () => stop());
    const installed = await poll(async () => /Installed .* as a temporary add-on/.test(log) || exited !== null, 'web-ext', INSTALL_WAIT_MS)
      .then(() => exited === null, () => false);
    if (installed) return port;
    stop();
    const why = exited !== null ? `web-ext exited (${exited})` : `the add-on was not installed in ${INSTALL_WAIT_MS / 1000} s`;
    if (attempt === INSTALL_ATTEMPTS) assert.fail(`${why}, ${attempt} times; the last log:\n${log}`);
    console.log(`start ${attempt} of web-ext run: ${why}; starting again. Its log:\n${log}`);
  }
}

test('web-ext run (headless firefox-esr): the page is cleaned by the background engine and the shortcut opens the reader', { skip: (!existsSync(FIREFOX) ? 'firefox-esr is not installed (apt-get install firefox-esr)' : missing) || false, timeout: 300000 }, async () => {
  const srv = await startServer();
  cleanup.push(() => srv.close());
  const pageURL = `${srv.url}/seeds/moscowtimes-kerry-syria.html`;
  const port = await runWebExt();

  const m = new Marionette();
  cleanup.push(async () => m.close());
  await m.open(port);
  await m.session();
  // The add-on's moz-extension:// address (Firefox picks a UUID per profile).
  await m.setContext('chrome');
  const uuids = JSON.parse(await m.execute("return Services.prefs.getStringPref('extensions.webextensions.uuids', '{}');"));
  await m.setContext('content');
  const uuid = uuids[GECKO_ID];
  assert.ok(uuid, `${GECKO_ID} is installed`);

  const pageHandle = (await m.send('WebDriver:GetWindowHandle')).value;
  await m.navigate(pageURL);
  // An extension page in a second tab asks the background about the page's tab.
  const extTab = (await m.send('WebDriver:NewWindow', { type: 'tab' })).handle;
  await m.send('WebDriver:SwitchToWindow', { handle: extTab });
  await m.navigate(`moz-extension://${uuid}/options/options.html`);
  const ask = (body, args = []) => m.execute(`const args = arguments; return (async () => { ${body.replaceAll('arguments[', 'args[')} })();`, args);
  const info = await poll(() => ask("return browser.runtime.sendMessage({type: 'engine-info'});"), 'engine info');
  assert.ok(info.version, 'the engine runs in the Firefox background page');
  const stats = await poll(async () => {
    const s = await ask(`const bg = await browser.runtime.getBackgroundPage();
      const tab = bg.tidingsHost.tabFor(arguments[0]);
      return tab == null ? null : browser.tabs.sendMessage(tab, {type: 'stats'});`, [pageURL]);
    return s && s.cleanupDone ? s : null;
  }, 'the content script to finish its cleanup');
  assert.ok(stats.cleanMs > 0, 'the engine cleaned the page');
  assert.equal(typeof stats.detections, 'number');

  // A trusted Alt+Shift+R on the page opens the reader overlay.
  await m.send('WebDriver:SwitchToWindow', { handle: pageHandle });
  await m.execute('document.body.focus();');
  await m.press(['Alt', 'Shift', 'R']);
  // (A reader frame may wait hidden in standby before the toggle: the overlay must show.)
  const hostShown = "const el = document.querySelector('tidings-reader'); return !!el && getComputedStyle(el).display !== 'none';";
  await poll(() => m.execute(hostShown), 'the reader overlay');
  await m.send('WebDriver:SwitchToWindow', { handle: extTab });
  const result = await poll(() => ask(`const bg = await browser.runtime.getBackgroundPage();
      return bg.tidingsHost.readerResult(bg.tidingsHost.tabFor(arguments[0]));`, [pageURL]), 'the reader article');
  const cli = cliClean(join(ROOT, 'testdata/seeds/moscowtimes-kerry-syria.html'), pageURL);
  assert.equal(result.title, cli.title);
  assert.equal(result.textContent, cli.textContent, 'the reader article in Firefox equals the CLI\'s');
  // Related coverage in Firefox: the article was recorded (IndexedDB in the
  // background page, the engine's fingerprint) and is in the engine's index.
  const related = await poll(() => ask(`const bg = await browser.runtime.getBackgroundPage();
      const i = await bg.tidingsHost.related.info();
      return i.articles >= 1 && i.indexed >= 1 ? { articles: i.articles, indexed: i.indexed } : null;`), 'the article recorded for related coverage');
  assert.deepEqual(related, { articles: 1, indexed: 1 });

  // The reader frame kept in standby: after closing, the page loads a
  // hidden one; the next toggle shows it and wakes it with a message posted
  // to it (a frame that never woke would be replaced by a new one).
  await m.send('WebDriver:SwitchToWindow', { handle: pageHandle });
  await m.execute('document.body.focus();');
  await m.press(['Alt', 'Shift', 'R']);
  await poll(async () => !(await m.execute(hostShown)), 'the reader to close');
  await poll(() => m.execute("const el = document.querySelector('tidings-reader'); return !!el && getComputedStyle(el).display === 'none';"), 'a reader frame in standby');
  await new Promise((r) => setTimeout(r, 1500)); // let it load
  await m.execute('document.body.focus();');
  await m.press(['Alt', 'Shift', 'R']);
  await poll(() => m.execute(hostShown), 'the standby reader shown');
  await m.send('WebDriver:SwitchToWindow', { handle: extTab });
  const second = await poll(async () => {
    const s = await ask(`const bg = await browser.runtime.getBackgroundPage();
      return browser.tabs.sendMessage(bg.tidingsHost.tabFor(arguments[0]), {type: 'stats'});`, [pageURL]);
    const r = s && s.reader[1];
    return r && r.t1 ? r : null;
  }, 'the standby reader to paint');
  assert.equal(second.prepared, true, 'the toggle used the standby frame');
  assert.equal(second.marks.standby, true, 'the standby frame woke up and painted the article');
  await m.send('WebDriver:DeleteSession').catch(() => {});
});
