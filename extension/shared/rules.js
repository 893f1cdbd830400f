// Rule-list helpers shared by the background and the options page: list
// headers (title, Expires), when a subscription is due, and the lines that
// "not a banner" and the element picker add to the user's custom list.

const HOUR_MS = 3600 * 1000;
const DAY_MS = 24 * HOUR_MS;
/** Expires when a list states none (Adblock Plus uses 5 days too). */
export const DEFAULT_EXPIRES_MS = 5 * DAY_MS;
/** Bounds on a list's Expires: a hostile or sloppy list can't make us poll. */
export const MIN_EXPIRES_MS = HOUR_MS;
export const MAX_EXPIRES_MS = 60 * DAY_MS; // as rules/README.md: 1 hour … 60 days
/** After a failed download, wait this long before trying again. */
export const RETRY_MS = HOUR_MS;
/** Largest list Tidings downloads (bytes of text). */
export const MAX_LIST_CHARS = 8 * 1024 * 1024;
/** Header lines are only looked for at the top of a list. */
const HEADER_LINES = 50;

/** The category picked elements get when the user does not choose one. */
export const DEFAULT_CATEGORY = 'annoyance';
/** The categories of rules/README.md, offered by the picker. */
export const CATEGORIES = Object.freeze(['paywall', 'donation', 'newsletter', 'subscription', 'signup', 'cookie', 'social',
  'comments', 'related', 'ads', 'promo', 'boilerplate', 'annoyance', 'other']);

/**
 * parseExpires reads an ABP Expires value ("4 days", "12 hours", "1 day
 * (update frequency)", "6h") into milliseconds, clamped; null when absent
 * or unreadable.
 */
export function parseExpires(value) {
  const m = /^\s*(\d+)\s*(h|hours?|d|days?)?\b/i.exec(String(value || ''));
  if (!m) return null;
  const n = Number(m[1]);
  const unit = m[2] && m[2][0].toLowerCase() === 'h' ? HOUR_MS : DAY_MS;
  return Math.min(MAX_EXPIRES_MS, Math.max(MIN_EXPIRES_MS, n * unit));
}

/** parseHeader reads the `! Key: value` lines at the top of a list. */
export function parseHeader(text) {
  const header = {};
  const lines = String(text || '').split(/\r?\n/, HEADER_LINES);
  for (const line of lines) {
    const m = /^!\s*([A-Za-z-]+)\s*:\s*(.*?)\s*$/.exec(line);
    if (m) {
      const key = m[1].toLowerCase();
      if (!(key in header)) header[key] = m[2];
    }
  }
  return header;
}

/** expiresMs gives a list's update interval from its text. */
export function expiresMs(text) {
  return parseExpires(parseHeader(text).expires) ?? DEFAULT_EXPIRES_MS;
}

/**
 * nextUpdate tells when a subscription (or a news feed, with its own
 * interval) should next be downloaded: after a success, lastUpdate +
 * intervalMs (a list's Expires); after a failure, lastAttempt + RETRY_MS;
 * 0 when never downloaded.
 */
export function nextUpdate(sub, intervalMs = sub.expiresMs || DEFAULT_EXPIRES_MS) {
  if (sub.error && sub.lastAttempt) return sub.lastAttempt + RETRY_MS;
  if (!sub.lastUpdate) return 0;
  return sub.lastUpdate + intervalMs;
}

/** isDue tells whether a subscription should be downloaded now. */
export function isDue(sub, now) {
  return now >= nextUpdate(sub);
}

/**
 * validListURL accepts http(s) URLs without a user name or password (lists
 * are fetched without credentials, and the address is shown and stored in
 * the clear).
 */
export function validListURL(s) {
  try {
    const u = new URL(s);
    if (u.username || u.password) return null;
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : null;
  } catch {
    return null;
  }
}

/**
 * parseAbpSubscribe reads an `abp:subscribe?location=…&title=…` link into
 * {location, title}, or null when it is not one or the location is not a
 * web URL.
 */
export function parseAbpSubscribe(href) {
  const m = /^abp:\/*subscribe\/?\?(.*)$/i.exec(String(href || '').trim());
  if (!m) return null;
  const params = new URLSearchParams(m[1]);
  const location = validListURL(params.get('location') || '');
  if (!location) return null;
  return { location, title: (params.get('title') || '').slice(0, 200) };
}

/**
 * ruleBody returns a cosmetic rule's BODY (after ##, #?#, #@# or #@?#)
 * without a trailing :category(…), which is not part of it (rules/README.md,
 * "Exceptions").
 */
export function ruleBody(ruleText) {
  const m = /#@?[?]?#(.+)$/.exec(String(ruleText || ''));
  return m ? m[1].trim().replace(/:category\([^()]*\)$/, '').trim() : '';
}

/**
 * exceptionFor returns the line "not a banner" adds to the custom list so
 * the detection stops on this site: `host#@#BODY` for CSS and similarity
 * rules (cancelling every rule with that body), `host#@#:heuristic(id)` for
 * a built-in heuristic. Returns "" when nothing sensible can be written.
 */
export function exceptionFor(detection, host) {
  if (!detection || !host) return '';
  const rule = detection.rule;
  if ((detection.kind === 'css' || detection.kind === 'similarity') && rule && rule.text) {
    const body = ruleBody(rule.text);
    return body ? `${host}#@#${body}` : '';
  }
  if (detection.kind === 'heuristic' && detection.heuristic && /^[\w-]+$/.test(detection.heuristic)) {
    return `${host}#@#:heuristic(${detection.heuristic})`;
  }
  return '';
}

/** hidingRule is the line the element picker adds: `host##selector:category(NAME)`. */
export function hidingRule(host, selector, category) {
  const cat = CATEGORIES.includes(category) ? category : DEFAULT_CATEGORY;
  return `${host}##${selector}:category(${cat})`;
}

/** appendLines adds lines to a list, once, keeping a final newline. */
export function appendLines(list, lines) {
  const existing = new Set(String(list || '').split('\n').map((l) => l.trim()));
  const add = String(lines).split('\n').filter((l) => l.trim() !== '' && !existing.has(l.trim()));
  if (add.length === 0) return String(list || '');
  let out = String(list || '');
  if (out && !out.endsWith('\n')) out += '\n';
  return out + add.join('\n') + '\n';
}

/**
 * engineLists returns the lists handed to the engine's setRules, in order:
 * the custom list, imported files, then subscriptions that have text.
 */
export function engineLists(rules) {
  const lists = [];
  if (rules.custom && rules.custom.trim()) lists.push({ name: 'custom', text: rules.custom });
  for (const f of rules.imported || []) lists.push({ name: `file:${f.name}`, text: f.text });
  for (const s of rules.subscriptions || []) if (s.text) lists.push({ name: s.url, text: s.text });
  return lists;
}
