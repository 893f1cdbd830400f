// A localhost-only HTTP server for the browser tests and the benchmark.
//
//   /seeds/NAME.html      testdata/seeds/NAME.html
//   /fixtures/NAME        scripts/test/fixtures/NAME
//   /zyte/HASH.html       the Zyte corpus page, gunzipped from the shared corpus
//   /lists/NAME.txt       scripts/test/fixtures/lists/NAME.txt (CORS open)
//   ?csp=strict           adds `Content-Security-Policy: default-src 'none'; script-src 'self'`
//   ?csp=static           adds a policy that stops page scripts (Zyte pages default to it)
//
// Pages are sent as bytes with a charset chosen as the CLI decodes them: a
// page that declares one (BOM, <meta>) gets none in the header; otherwise
// UTF-8 when the bytes are valid UTF-8, else windows-1252.
import { createServer } from 'node:http';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { dirname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const FIXTURES = join(ROOT, 'scripts/test/fixtures');

/** sharedDir is the shared corpus folder ($TIDINGS_SHARED or ../shared), or null. */
export function sharedDir() {
  const dir = process.env.TIDINGS_SHARED || join(ROOT, '..', 'shared');
  return existsSync(join(dir, 'corpus')) ? dir : null;
}

/** zytePages lists the Zyte corpus page ids (sorted), or [] without the shared corpus. */
export function zytePages() {
  const dir = sharedDir();
  if (!dir) return [];
  const html = join(dir, 'corpus/zyte/html');
  if (!existsSync(html)) return [];
  return readdirSync(html).filter((f) => f.endsWith('.html.gz')).map((f) => f.slice(0, -'.html.gz'.length)).sort();
}

/** zyteHTML returns one Zyte page's bytes. */
export function zyteHTML(id) {
  return gunzipSync(readFileSync(join(sharedDir(), 'corpus/zyte/html', id + '.html.gz')));
}

export const STRICT_CSP = "default-src 'none'; script-src 'self'";
// Keeps saved pages static and offline: no page scripts, no fetches, no frames.
export const STATIC_CSP = "script-src 'none'; connect-src 'none'; frame-src 'none'; object-src 'none'";

function declaresCharset(buf) {
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return true;
  if ((buf[0] === 0xfe && buf[1] === 0xff) || (buf[0] === 0xff && buf[1] === 0xfe)) return true;
  return /<meta[^>]+charset/i.test(buf.subarray(0, 1024).toString('latin1'));
}

function validUTF8(buf) {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(buf);
    return true;
  } catch {
    return false;
  }
}

/** htmlContentType picks the Content-Type header for page bytes. */
export function htmlContentType(buf) {
  if (declaresCharset(buf)) return 'text/html';
  return validUTF8(buf) ? 'text/html; charset=utf-8' : 'text/html; charset=windows-1252';
}

function safeJoin(base, rel) {
  const p = normalize(join(base, rel));
  return p.startsWith(base + '/') ? p : null;
}

/** HOLD_MAX_MS: a page held with ?hold= gets its body after this at the latest. */
const HOLD_MAX_MS = 60000;

/**
 * startServer listens on 127.0.0.1 (a free port) and resolves to
 * {url, port, hits, release, close}. extraRoutes: {'/path': (req, res) => void}.
 */
export function startServer(extraRoutes = {}) {
  const hits = new Map();
  const held = new Map(); // ?hold= name → send the body
  const server = createServer((req, res) => {
    const u = new URL(req.url, 'http://127.0.0.1');
    hits.set(u.pathname, (hits.get(u.pathname) || 0) + 1);
    try {
      if (extraRoutes[u.pathname]) return extraRoutes[u.pathname](req, res, u);
      let body = null;
      let type = 'text/html';
      let csp = null;
      const m = /^\/(seeds|fixtures|zyte|lists)\/(.+)$/.exec(u.pathname);
      if (m) {
        const [, kind, name] = m;
        if (kind === 'seeds') {
          const p = safeJoin(join(ROOT, 'testdata/seeds'), name);
          if (p && existsSync(p)) body = readFileSync(p);
        } else if (kind === 'fixtures') {
          const p = safeJoin(FIXTURES, name);
          if (p && existsSync(p)) body = readFileSync(p);
          if (name.endsWith('.txt')) type = 'text/plain; charset=utf-8';
          // Fixtures name the test list as LIST_URL (the port changes each run).
          if (body && name.endsWith('.html')) {
            const list = encodeURIComponent(`http://${req.headers.host}/lists/e2e-list.txt`);
            body = Buffer.from(body.toString('utf8').replaceAll('LIST_URL', list));
          }
        } else if (kind === 'lists') {
          const p = safeJoin(join(FIXTURES, 'lists'), name);
          if (p && existsSync(p)) body = readFileSync(p);
          type = 'text/plain; charset=utf-8';
          res.setHeader('Access-Control-Allow-Origin', '*');
        } else if (kind === 'zyte' && sharedDir() && /^[0-9a-f]{64}\.html$/.test(name)) {
          body = zyteHTML(name.slice(0, -5));
          csp = STATIC_CSP;
        }
      }
      if (body === null) {
        res.writeHead(404, { 'Content-Type': 'text/plain' });
        return res.end('not found');
      }
      if (type === 'text/html') type = htmlContentType(body);
      const cspParam = u.searchParams.get('csp');
      if (cspParam === 'strict') csp = STRICT_CSP;
      else if (cspParam === 'static') csp = STATIC_CSP;
      const headers = { 'Content-Type': type, 'Cache-Control': 'no-store' };
      if (csp) headers['Content-Security-Policy'] = csp;
      res.writeHead(200, headers);
      // ?slow=MS: the page's head comes at once and its body MS later, as
      // over a slow connection (the content script starts with the head).
      // ?hold=NAME: the body comes when the test calls release(NAME) (at
      // the latest after HOLD_MAX_MS).
      const slow = Number(u.searchParams.get('slow'));
      const hold = u.searchParams.get('hold');
      const at = slow > 0 || hold ? body.indexOf('<body') : -1;
      if (at < 0) return res.end(body);
      res.write(body.subarray(0, at));
      const rest = () => res.end(body.subarray(at));
      if (!hold) return setTimeout(rest, slow);
      const timer = setTimeout(() => held.get(hold)?.(), HOLD_MAX_MS);
      held.set(hold, () => {
        clearTimeout(timer);
        held.delete(hold);
        rest();
      });
    } catch (err) {
      res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end(String(err));
    }
  });
  return new Promise((resolveStart) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolveStart({
        url: `http://127.0.0.1:${port}`,
        port,
        hits,
        /** release sends the body of the page asked for with ?hold=name; false when none waits. */
        release: (name) => (held.has(name) ? (held.get(name)(), true) : false),
        close: () => {
          for (const send of [...held.values()]) send();
          return new Promise((r) => server.close(r));
        },
      });
    });
  });
}
