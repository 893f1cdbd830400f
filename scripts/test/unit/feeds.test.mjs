// Feeds: encodings, schedule, download errors; parsing itself runs in the
// engine (tidings.parseFeed), tested here through the built .wasm.
import test from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, FIXTURES } from '../../lib/server.mjs';
import { loadEngine } from '../../lib/engine-node.mjs';
import {
  DEFAULT_FEED_MINUTES, FEED_RETRY_MS, MAX_FEED_BYTES, declaredEncoding, decodeFeed, feedDue, fetchFeed, nextFeedUpdate, originPattern, validFeedURL,
} from '../../../extension/background/feeds.js';
import { stream } from './stream.mjs';

// The build under test ($TIDINGS_BUILD, default build/), as the browser tests.
const BUILD = process.env.TIDINGS_BUILD || join(ROOT, 'build');
const WASM = join(BUILD, 'tidings.wasm');
const noWasm = !existsSync(WASM) && 'build/tidings.wasm is missing: run make build';
const bytes = (s) => new TextEncoder().encode(s);
// Node decodes "windows-1252" as ISO-8859-1 (0x96 stays U+0096); browsers
// follow the Encoding Standard (0x96 is an en dash). The e2e test checks
// the browser.
const DASH = new TextDecoder('windows-1252').decode(new Uint8Array([0x96]));

test('declared encodings: BOM, XML declaration, Content-Type, UTF-8', () => {
  assert.equal(declaredEncoding(new Uint8Array([0xef, 0xbb, 0xbf, 0x3c])), 'utf-8');
  assert.equal(declaredEncoding(new Uint8Array([0xff, 0xfe, 0x3c, 0])), 'utf-16le');
  assert.equal(declaredEncoding(bytes('<?xml version="1.0" encoding="ISO-8859-1"?><rss/>'), 'text/xml; charset=utf-8'), 'iso-8859-1');
  assert.equal(declaredEncoding(bytes("<?xml version='1.0' encoding='windows-1251' ?>")), 'windows-1251');
  assert.equal(declaredEncoding(bytes('<rss/>'), 'application/rss+xml; charset="KOI8-R"'), 'koi8-r');
  assert.equal(declaredEncoding(bytes('<rss/>')), 'utf-8');
  const latin = decodeFeed(readFileSync(join(FIXTURES, 'feeds/kerry-wire.xml')));
  assert.ok(latin.includes(`Wire Service ${DASH} World`), 'windows-1252 en dash');
  assert.match(latin, /Café owners/);
  assert.equal(decodeFeed(bytes('<?xml version="1.0" encoding="x-nonsense"?><rss>é</rss>')), '<?xml version="1.0" encoding="x-nonsense"?><rss>é</rss>', 'unknown label: UTF-8');
});

test('addresses, host permissions and the refresh schedule', () => {
  assert.equal(validFeedURL(' https://example.org/feed.xml#x '), 'https://example.org/feed.xml');
  for (const bad of ['ftp://example.org/f', 'feed.xml', '', 'javascript:alert(1)']) assert.equal(validFeedURL(bad), null, bad);
  assert.equal(originPattern('http://127.0.0.1:8080/feeds/a.xml'), 'http://127.0.0.1/*');
  const now = 1e12;
  assert.equal(nextFeedUpdate({ lastUpdate: 0 }), 0);
  assert.equal(feedDue({ lastUpdate: 0 }, now), true, 'never fetched');
  assert.equal(nextFeedUpdate({ lastUpdate: now, ttl: 0 }), now + DEFAULT_FEED_MINUTES * 60000);
  assert.equal(nextFeedUpdate({ lastUpdate: now, ttl: 30 }), now + 30 * 60000, 'the feed\'s <ttl>');
  assert.equal(feedDue({ lastUpdate: now - 31 * 60000, ttl: 30 }, now), true);
  assert.equal(nextFeedUpdate({ lastUpdate: now - 1e7, lastAttempt: now, error: 'HTTP 500' }), now + FEED_RETRY_MS, 'retry after a failure');
});

function response(body, { status = 200, headers = {} } = {}) {
  return new Response(body, { status, headers });
}

test('fetchFeed: text by its encoding, errors a person can read', async () => {
  const feed = readFileSync(join(FIXTURES, 'feeds/kerry-wire.xml'));
  let asked;
  const text = await fetchFeed('http://wire.test/rss', async (url, init) => {
    asked = init;
    return response(feed, { headers: { 'content-type': 'application/rss+xml' } });
  });
  assert.match(text, /Café owners/);
  assert.equal(asked.credentials, 'omit', 'no cookies');
  await assert.rejects(fetchFeed('http://x.test/', async () => response('gone', { status: 404 })), /HTTP 404/);
  await assert.rejects(fetchFeed('http://x.test/', async () => { throw new TypeError('Failed to fetch'); }), (err) => /could not be reached/.test(err.message) && err.unreachable === true);
  await assert.rejects(fetchFeed('http://x.test/', async () => response('x', { headers: { 'content-length': String(MAX_FEED_BYTES + 1) } })), /larger than/);
  await assert.rejects(fetchFeed('http://x.test/', async () => response(new Uint8Array(MAX_FEED_BYTES + 1))), /larger than/);
});

test('the engine parses the fixture feeds (tidings.parseFeed)', { skip: noWasm }, async () => {
  const t = await loadEngine(WASM, join(BUILD, 'wasm_exec.js'));
  const wire = JSON.parse(t.parseFeed(decodeFeed(readFileSync(join(FIXTURES, 'feeds/kerry-wire.xml'))), 'http://wire.test/rss.xml'));
  assert.equal(wire.title, `Wire Service ${DASH} World`);
  assert.equal(wire.ttl, 30);
  assert.deepEqual(wire.items.map((i) => [i.id, i.title, i.published]), [
    ['http://wire.test/world/kerry-moscow-syria-talks', 'Kerry to travel to Moscow for Syria talks with Putin and Lavrov', '2016-03-15T20:10:00Z'],
    ['http://wire.test/europe/lyon-cafe-terraces', 'Café owners in Lyon protest against new terrace rules', '2016-03-15T10:00:00Z'],
  ]);
  assert.match(wire.items[0].summary, /^U\.S\. Secretary of State John Kerry will travel/);
  assert.ok(wire.items.every((i) => i.fingerprint.length > 20), 'each item is fingerprinted');
  const atom = JSON.parse(t.parseFeed(readFileSync(join(FIXTURES, 'feeds/atom-sport.xml'), 'utf8'), 'http://sport.test/atom.xml'));
  assert.equal(atom.items[0].url, 'http://sport.test/football/arsenal-chelsea');
  const html = JSON.parse(t.parseFeed('<!DOCTYPE html><html><body><p>A page</p></body></html>', 'http://x.test/'));
  assert.match(html.error, /not an RSS or Atom feed/);
});

test('fetchFeed reads a feed without Content-Length only up to MAX_FEED_BYTES', async () => {
  const chunk = new Uint8Array(1 << 20).fill(0x20);
  const { body, stats } = stream(() => chunk); // endless
  await assert.rejects(fetchFeed('http://x.test/', async () => new Response(body, { status: 200 })), /larger than/);
  assert.ok(stats.pulls <= MAX_FEED_BYTES / chunk.length + 2, `read ${stats.pulls} MB`);
  assert.ok(stats.cancelled);
});
