// Subscriptions: rule lists the user follows by URL. Each is downloaded
// when due (its `! Expires:` honoured, bounded; a failure retried after an
// hour) and kept in storage with its last update time and last error.
import { MAX_LIST_CHARS, expiresMs, isDue, parseHeader } from '../shared/rules.js';
import { readLimited } from './read-limited.js';

/** How long one download may take, body included. */
const FETCH_TIMEOUT_MS = 30000;
/** The most bytes read of a list: MAX_LIST_CHARS characters of UTF-8 take at most three bytes each. */
const MAX_LIST_BYTES = MAX_LIST_CHARS * 3;

/**
 * download fetches one list and returns the updated subscription record
 * (never throws: errors land in the record's `error`). The time limit
 * covers the whole body: a server that trickles a list never ends the
 * download otherwise.
 */
export async function download(sub, now = Date.now(), fetchFn = fetch, { timeoutMs = FETCH_TIMEOUT_MS } = {}) {
  const out = { ...sub, lastAttempt: now };
  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort(), timeoutMs);
  try {
    const res = await fetchFn(sub.url, { cache: 'no-cache', credentials: 'omit', signal: ctl.signal });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    const tooLarge = `the list is larger than ${MAX_LIST_CHARS} characters`;
    const text = new TextDecoder().decode(await readLimited(res, MAX_LIST_BYTES, tooLarge));
    if (text.length > MAX_LIST_CHARS) throw new Error(tooLarge);
    if (!looksLikeList(text)) throw new Error('this does not look like a filter list');
    const header = parseHeader(text);
    out.text = text;
    out.title = header.title || sub.title || '';
    out.expiresMs = expiresMs(text);
    out.lastUpdate = now;
    out.error = '';
  } catch (err) {
    out.error = err.name === 'AbortError' || ctl.signal.aborted ? 'the download timed out' : String(err.message || err);
  } finally {
    clearTimeout(timer);
  }
  return out;
}

/** looksLikeList rejects HTML pages and binaries served in place of a list. */
export function looksLikeList(text) {
  const head = text.slice(0, 1024).trimStart().toLowerCase();
  if (head.startsWith('<!doctype') || head.startsWith('<html')) return false;
  return !text.slice(0, 4096).includes('\u0000');
}

/** updateDue downloads every due subscription (or all with force); returns the new list. */
export async function updateDue(subs, { now = Date.now(), force = false, only = null, fetchFn = fetch } = {}) {
  return Promise.all(
    subs.map((s) => ((only ? s.url === only : force || isDue(s, now)) ? download(s, now, fetchFn) : s)),
  );
}
