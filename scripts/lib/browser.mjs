// Launching Debian's Chromium with the unpacked extension for the tests and
// the benchmark (playwright-core, no browser download), offline: every host
// but localhost resolves to nothing.
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const CHROMIUM = process.env.TIDINGS_CHROMIUM || '/usr/bin/chromium';

// See shared/NOTES.md: without the background-networking flags Chromium
// keeps trying to reach Google's hosts; the resolver rule keeps every test
// on this machine.
export function chromiumArgs(extDir) {
  return [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-default-apps',
    '--disable-sync',
    '--disable-domain-reliability',
    '--disable-client-side-phishing-detection',
    '--disable-features=Translate,OptimizationHints,MediaRouter,DialMediaRouteProvider,AutofillServerCommunication',
    '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1',
    `--disable-extensions-except=${extDir}`,
    `--load-extension=${extDir}`,
  ];
}

/** chromiumAvailable tells whether the browser binary is installed. */
export function chromiumAvailable() {
  return existsSync(CHROMIUM);
}

/**
 * launch starts Chromium with the extension and resolves to
 * {ctx, sw, extId, extURL(path), close}. The service worker is awaited.
 * extraArgs are added to the browser's command line.
 */
export async function launch(extDir, { headless = true, viewport = { width: 1280, height: 900 }, colorScheme = 'light', extraArgs = [] } = {}) {
  const { chromium } = await import('playwright-core');
  const userDir = mkdtempSync(join(tmpdir(), 'tidings-chromium-'));
  const ctx = await chromium.launchPersistentContext(userDir, {
    executablePath: CHROMIUM,
    headless,
    args: [...chromiumArgs(extDir), ...extraArgs],
    viewport,
    colorScheme,
  });
  let sw = ctx.serviceWorkers()[0];
  if (!sw) sw = await ctx.waitForEvent('serviceworker', { timeout: 20000 });
  const extId = new URL(sw.url()).host;
  // The live service worker: Chromium stops it when idle and starts a new one.
  const live = { sw };
  const track = (w) => {
    if (!w.url().startsWith(`chrome-extension://${extId}/`)) return;
    live.sw = w;
    w.on('close', () => {
      if (live.sw === w) live.sw = null;
    });
  };
  track(sw);
  ctx.on('serviceworker', track);
  return {
    ctx,
    sw,
    live,
    extId,
    extURL: (p) => `chrome-extension://${extId}/${p}`,
    close: async () => {
      await ctx.close().catch(() => {});
      rmSync(userDir, { recursive: true, force: true });
    },
  };
}

