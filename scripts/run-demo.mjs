// `make run` with a display: Chromium (Debian's) with the extension loaded
// on a demo index served from localhost, linking the seed pages, the test
// fixtures and a few Zyte corpus pages. Press Alt+Shift+R on an article for
// the reader view; the toolbar button opens the popup. Close the browser to
// stop.
import { startServer, zytePages } from './lib/server.mjs';
import { launch } from './lib/browser.mjs';
import { join } from 'node:path';
import { ROOT } from './lib/server.mjs';

const DEMO_ZYTE = 10;

function index(req, res) {
  const seeds = ['moscowtimes-kerry-syria', 'middleeasteye-kerry-syria'];
  const fixtures = ['custom-rule.html', 'overlay.html', 'abp-link.html'];
  const li = (href, text) => `<li><a href="${href}">${text}</a></li>`;
  const html = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Tidings demo</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:46em;margin:2em auto;padding:0 1em}kbd{border:1px solid #999;border-radius:3px;padding:0 4px}</style></head>
<body><h1>Tidings demo</h1>
<p>Open an article; Tidings cleans it as it loads. <kbd>Alt</kbd>+<kbd>Shift</kbd>+<kbd>R</kbd> toggles the reader view,
the toolbar button (puzzle menu → Tidings, pin it) shows what was hidden, the right-click menu has "Reader view (Tidings)".</p>
<h2>Seed articles</h2><ul>${seeds.map((s) => li(`/seeds/${s}.html`, s)).join('')}</ul>
<h2>Test pages</h2><ul>${fixtures.map((f) => li(`/fixtures/${f}`, f)).join('')}${li('/seeds/moscowtimes-kerry-syria.html?csp=strict', 'a page with a strict CSP')}</ul>
<h2>Zyte corpus pages</h2><ul>${zytePages().slice(0, DEMO_ZYTE).map((id) => li(`/zyte/${id}.html`, id.slice(0, 12))).join('') || '<li>(the shared corpus is absent)</li>'}</ul>
</body></html>`;
  res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
  res.end(html);
}

const srv = await startServer({ '/': index });
const b = await launch(join(ROOT, 'build/chromium'), { headless: false, viewport: null });
const page = b.ctx.pages()[0] || (await b.ctx.newPage());
await page.goto(srv.url + '/');
console.log(`Tidings demo at ${srv.url}/ in Chromium with the extension (${b.extId}). Close the browser window to stop.`);
await new Promise((resolve) => b.ctx.on('close', resolve));
await srv.close();
