// Headline links: the links of a page whose text reads like a news
// headline, candidates for "related coverage" (the reader view matches them
// against the article by their headline alone). Each test is a small named
// predicate with its reason; collectHeadlines applies them to a page.

/** Headlines are short sentences: menus have 1–3 words, teasers and paragraphs many more. */
export const MIN_HEADLINE_WORDS = 4;
export const MAX_HEADLINE_WORDS = 24;
/** Characters: below, a label ("Read more on this"); above, a teaser paragraph. */
export const MIN_HEADLINE_CHARS = 20;
export const MAX_HEADLINE_CHARS = 200;
/** The most headlines sent for one page (newsy front pages carry a few hundred links). */
export const MAX_HEADLINES = 200;

// Page furniture: navigation, footers, banners, menus, forms and dialogs
// hold section names, legal links and buttons, not stories.
const FURNITURE = 'nav, footer, form, dialog, menu, [role="navigation"], [role="contentinfo"], [role="banner"], [role="menu"], [role="menubar"], [role="dialog"], [aria-hidden="true"], [hidden]';
// Words that make a link an action or a label rather than a headline.
const ACTION_START = /^(read|continue|click|subscribe|sign|log|register|download|share|follow|watch|listen|view|see|show|load|more|back|next|previous|skip|go)\b/i;

/** collapse trims text and turns whitespace runs into single spaces. */
export function collapse(text) {
  return String(text || '').replace(/\s+/g, ' ').trim();
}

/** wordsOf splits collapsed text into words (runs of letters or digits). */
export function wordsOf(text) {
  return collapse(text).match(/[\p{L}\p{N}][\p{L}\p{N}\p{M}'’.\-]*/gu) || [];
}

/** hasHeadlineLength: 4–24 words, 20–200 characters (see the constants). */
export function hasHeadlineLength(text) {
  const n = wordsOf(text).length;
  return n >= MIN_HEADLINE_WORDS && n <= MAX_HEADLINE_WORDS && text.length >= MIN_HEADLINE_CHARS && text.length <= MAX_HEADLINE_CHARS;
}

/**
 * startsLikeASentence: a headline starts with a capital letter, a digit or
 * an opening quote. Letters of scripts without case (Arabic, CJK, …) pass:
 * there capitalization tells nothing.
 */
export function startsLikeASentence(text) {
  const m = /[\p{L}\p{N}]/u.exec(text);
  if (!m) return false;
  const c = m[0];
  if (/\p{N}/u.test(c)) return true;
  return c.toUpperCase() !== c.toLowerCase() ? c === c.toUpperCase() : true;
}

/** isMostlyLetters: dates, scores and codes ("12/03/2016 14:05") are not headlines. */
export function isMostlyLetters(text) {
  const letters = (text.match(/\p{L}/gu) || []).length;
  const digits = (text.match(/\p{N}/gu) || []).length;
  return letters >= 3 * digits && letters >= MIN_HEADLINE_CHARS / 2;
}

/** isNotAnAction: "Read more about our newsletter", "Sign in to comment". */
export function isNotAnAction(text) {
  return !ACTION_START.test(text);
}

/** isNotAnAddress: link texts that spell a URL or an e-mail address. */
export function isNotAnAddress(text) {
  return !/(https?:\/\/|www\.|@\w+\.\w)/i.test(text);
}

/** isHeadlineText applies every text predicate. */
export function isHeadlineText(text) {
  const t = collapse(text);
  return hasHeadlineLength(t) && startsLikeASentence(t) && isMostlyLetters(t) && isNotAnAction(t) && isNotAnAddress(t);
}

/** isFurniture: the link sits in navigation, a footer, a banner, a menu, a form or something hidden. */
export function isFurniture(a) {
  return a.closest(FURNITURE) !== null;
}

/**
 * storyURL returns the link's address when it can lead to another story:
 * http(s), not this page (fragments ignored), not marked as an ad.
 * Same-site and other-site links both count.
 */
export function storyURL(a, pageURL) {
  const rel = (a.getAttribute('rel') || '').toLowerCase();
  if (/\b(sponsored|ugc)\b/.test(rel)) return null;
  let u;
  try {
    u = new URL(a.getAttribute('href') || '', pageURL);
  } catch {
    return null;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
  u.hash = '';
  let here = '';
  try {
    const p = new URL(pageURL);
    p.hash = '';
    here = p.href;
  } catch {
    // a page without a parsable address: every link is elsewhere
  }
  return u.href === here ? null : u.href;
}

/**
 * collectHeadlines lists the page's headline links, in document order,
 * each address once: [{url, title, site}], at most MAX_HEADLINES.
 */
export function collectHeadlines(doc, pageURL) {
  const out = [];
  const seen = new Set();
  for (const a of doc.querySelectorAll('a[href]')) {
    if (out.length >= MAX_HEADLINES) break;
    const raw = a.textContent;
    // Cheap length test first: most links are one or two words.
    if (raw.length < MIN_HEADLINE_CHARS) continue;
    const title = collapse(raw);
    if (!isHeadlineText(title)) continue;
    const url = storyURL(a, pageURL);
    if (!url || seen.has(url) || isFurniture(a)) continue;
    seen.add(url);
    out.push({ url, title, site: new URL(url).hostname });
  }
  return out;
}
