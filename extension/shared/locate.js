// Locators: finding in the live DOM an element the engine found in its
// parsed copy of the page. This is the JavaScript half of the contract in
// wasm/locate/locate.go (read its package comment): an element-child index
// path from the document element (<html> is the empty path), the tag name,
// and an FNV-1a hash of the start of the element's normalized text.
//
// verify before hiding: scripts can build trees the HTML parser would never
// produce, so findByLocator reports why a locator does not match instead of
// guessing.

/** How many code points of normalized text the hash covers (locate.HashRunes). */
export const HASH_RUNES = 120;

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const TEXT_NODE = 3;
const ELEMENT_NODE = 1;
const FRAGMENT_NODE = 11;

/** FNV-1a 32-bit over the UTF-8 bytes of s, as 8 lowercase hex digits. */
export function fnv1a(s) {
  const bytes = new TextEncoder().encode(s);
  let h = FNV_OFFSET;
  for (let i = 0; i < bytes.length; i++) {
    h ^= bytes[i];
    h = Math.imul(h, FNV_PRIME) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

// The ASCII whitespace the Go side collapses: tab, LF, FF, CR, space.
function isASCIISpace(c) {
  return c === ' ' || c === '\t' || c === '\n' || c === '\f' || c === '\r';
}

/**
 * normalizedTextStart returns the first HASH_RUNES code points of the
 * element's text content, scripts' and style sheets' left out, with ASCII
 * whitespace runs collapsed to one space and trimmed. It stops walking as
 * soon as it has enough, so hashing <body> costs no more than hashing a
 * paragraph.
 */
export function normalizedTextStart(el, limit = HASH_RUNES) {
  let out = '';
  let count = 0;
  let pendingSpace = false;
  // walk returns false once the limit is reached, ending the walk.
  const walk = (n) => {
    if (n.nodeType === TEXT_NODE) {
      for (const ch of n.data) {
        if (isASCIISpace(ch)) {
          pendingSpace = count > 0;
          continue;
        }
        if (pendingSpace) {
          if (count === limit) return false;
          out += ' ';
          count++;
          pendingSpace = false;
        }
        if (count === limit) return false;
        out += ch;
        count++;
      }
      return true;
    }
    if (n.nodeType !== ELEMENT_NODE && n.nodeType !== FRAGMENT_NODE) return true;
    // Script and style text is left out (see locate.go).
    if (n.localName === 'script' || n.localName === 'style') return true;
    // The Go parser keeps a <template>'s contents as its children; the DOM
    // keeps them in a separate fragment. Walk that fragment to agree.
    const from = n.localName === 'template' && n.content ? n.content : n;
    for (let c = from.firstChild; c !== null; c = c.nextSibling) {
      if (!walk(c)) return false;
    }
    return true;
  };
  walk(el);
  return out;
}

/** textHash is locate.TextHash: the hash of the element's normalized text start. */
export function textHash(el) {
  return fnv1a(normalizedTextStart(el));
}

/** locatorFor computes the locator of a live element (used by tests and the picker). */
export function locatorFor(el) {
  const doc = el.ownerDocument;
  const path = [];
  let cur = el;
  while (cur !== doc.documentElement) {
    const parent = cur.parentElement;
    if (!parent) return null;
    path.push(Array.prototype.indexOf.call(parent.children, cur));
    cur = parent;
  }
  path.reverse();
  return { path, tag: el.localName, hash: textHash(el) };
}

/**
 * findByLocator walks a locator's path in doc and checks the tag and text
 * hash. It returns {el} when everything matches, or {el: null, reason} with
 * reason one of "bad-locator", "no-element", "tag", "hash".
 */
export function findByLocator(doc, loc) {
  if (!loc || !Array.isArray(loc.path) || typeof loc.tag !== 'string' || typeof loc.hash !== 'string') {
    return { el: null, reason: 'bad-locator' };
  }
  let n = doc.documentElement;
  for (const idx of loc.path) {
    if (!n || !Number.isInteger(idx) || idx < 0) return { el: null, reason: 'no-element' };
    n = n.children[idx];
  }
  if (!n) return { el: null, reason: 'no-element' };
  if (n.localName !== loc.tag) return { el: null, reason: 'tag' };
  if (textHash(n) !== loc.hash) return { el: null, reason: 'hash' };
  return { el: n, reason: '' };
}
