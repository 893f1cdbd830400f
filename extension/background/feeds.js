// News feeds for related coverage: the RSS or Atom addresses the user adds
// in the options page. Each is fetched by the background under the optional
// host permission the user granted for its site when adding it, parsed by
// the engine (tidings.parseFeed: the service worker has no DOMParser), and
// its items are indexed by title and summary. Feeds are refreshed when the
// background wakes and one is due (no alarms: see README), or on "Update
// now". These are the pure parts, unit-tested under Node.

import { RETRY_MS, nextUpdate } from '../shared/rules.js';
import { readLimited } from './read-limited.js';

const MINUTE_MS = 60 * 1000;
/** Refresh interval of a feed that states no <ttl>. */
export const DEFAULT_FEED_MINUTES = 60;
/** After a failure, wait this long before trying again (as for rule lists). */
export const FEED_RETRY_MS = RETRY_MS;
/** The largest feed Tidings downloads. */
export const MAX_FEED_BYTES = 4 * 1024 * 1024;
/** How long one download may take. */
export const FEED_TIMEOUT_MS = 30000;
/** The most feeds a user can follow (each costs a download an hour or so). */
export const MAX_FEEDS = 50;

/** validFeedURL accepts http(s) addresses; returns the normalized one or null. */
export function validFeedURL(s) {
  try {
    const u = new URL(String(s || '').trim());
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
    u.hash = '';
    return u.href;
  } catch {
    return null;
  }
}

/**
 * originPattern is the host permission a feed needs: its scheme and host,
 * any path (match patterns have no ports: every port of the host).
 */
export function originPattern(feedURL) {
  const u = new URL(feedURL);
  return `${u.protocol}//${u.hostname}/*`;
}

/** feedIntervalMs is how often a feed is refreshed: its <ttl>, else DEFAULT_FEED_MINUTES. */
export function feedIntervalMs(feed) {
  return (feed.ttl > 0 ? feed.ttl : DEFAULT_FEED_MINUTES) * MINUTE_MS;
}

/** nextFeedUpdate: after a failure lastAttempt + FEED_RETRY_MS, else lastUpdate + interval; 0 when never fetched. */
export function nextFeedUpdate(feed) {
  return nextUpdate(feed, feedIntervalMs(feed));
}

export function feedDue(feed, now) {
  return now >= nextFeedUpdate(feed);
}

/**
 * declaredEncoding finds the character encoding a feed's bytes declare:
 * a byte-order mark, the XML declaration, then the Content-Type header's
 * charset; UTF-8 when none does (XML's default).
 */
export function declaredEncoding(bytes, contentType = '') {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  let head = '';
  for (let i = 0; i < Math.min(bytes.length, 200); i++) head += String.fromCharCode(bytes[i]);
  const decl = /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(head);
  if (decl) return decl[1].toLowerCase();
  const header = /charset\s*=\s*"?([A-Za-z0-9._:-]+)/i.exec(contentType);
  if (header) return header[1].toLowerCase();
  return 'utf-8';
}

/** decodeFeed turns a feed's bytes into text by its declared encoding (unknown labels: UTF-8). */
export function decodeFeed(bytes, contentType = '') {
  const label = declaredEncoding(bytes, contentType);
  let dec;
  try {
    dec = new TextDecoder(label);
  } catch {
    dec = new TextDecoder('utf-8');
  }
  return dec.decode(bytes);
}

/**
 * fetchFeed downloads a feed without cookies and returns its text; it
 * throws with a message for the user (HTTP status, too large, timed out,
 * unreachable).
 */
export async function fetchFeed(url, fetchFn = fetch) {
  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort(), FEED_TIMEOUT_MS);
  try {
    let res;
    try {
      res = await fetchFn(url, { cache: 'no-cache', credentials: 'omit', signal: ctl.signal, headers: { Accept: 'application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.1' } });
    } catch (err) {
      if (err && err.name === 'AbortError') throw new Error('the download timed out');
      // No answer at all: offline, a wrong address, or (without the site's
      // permission) a server that does not allow cross-origin reads.
      throw Object.assign(new Error('the feed could not be reached'), { unreachable: true });
    }
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    let bytes;
    try {
      bytes = await readLimited(res, MAX_FEED_BYTES, `the feed is larger than ${MAX_FEED_BYTES / 1024 / 1024} MB`);
    } catch (err) {
      if (ctl.signal.aborted) throw new Error('the download timed out');
      throw err;
    }
    return decodeFeed(bytes, res.headers.get('content-type') || '');
  } finally {
    clearTimeout(timer);
  }
}
