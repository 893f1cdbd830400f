// Serializing the live page for the engine: the doctype plus the document
// element's outerHTML, leaving out the elements Tidings itself added (the
// reader overlay, the picker), which sit as the document element's last
// children and would otherwise be re-parsed into <body> and shift paths.

/** The attribute that marks elements Tidings added to a page. */
export const OWN_ATTR = 'data-tidings-own';

/** doctypeString renders a DocumentType node as the HTML serializer would. */
export function doctypeString(dt) {
  if (!dt) return '';
  let s = '<!DOCTYPE ' + dt.name;
  if (dt.publicId) s += ' PUBLIC "' + dt.publicId + '"';
  if (dt.systemId) s += (dt.publicId ? '' : ' SYSTEM') + ' "' + dt.systemId + '"';
  return s + '>';
}

/**
 * serializePage returns the page's HTML as the engine should see it. Own
 * elements are cut out of the string rather than detached: detaching would
 * reload the reader's frame. Script and style text the engine never reads
 * is cut too (see cutRawText).
 */
export function serializePage(doc) {
  const root = doc.documentElement;
  if (!root) return '';
  let html = root.outerHTML;
  for (const el of Array.from(root.children)) {
    if (!el.hasAttribute(OWN_ATTR)) continue;
    const own = el.outerHTML;
    const at = html.lastIndexOf(own);
    if (at >= 0) html = html.slice(0, at) + html.slice(at + own.length);
  }
  return doctypeString(doc.doctype) + cutRawText(doc, html);
}

/**
 * MIN_CUT_CHARS: script or style texts shorter than this are left in the
 * HTML: together they are a small part of it, and each cut costs a search.
 */
const MIN_CUT_CHARS = 256;

const XHTML = 'http://www.w3.org/1999/xhtml';

/**
 * keepsText tells the scripts and style sheets whose text the engine
 * reads:
 * - JSON-LD, the article's metadata and whether it is declared paywalled;
 * - any inside a text block that decides whether the page is an article
 *   (p, pre, article, or a div that directly holds a <br>): there, as in
 *   Readability, whose verdicts the engine's follow, the block's length is
 *   that of its textContent, scripts included (wasm/metadata/readerable.go).
 * It reads no other script's or style sheet's text.
 */
function keepsText(el) {
  if (el.localName === 'script' && /ld\+json/i.test(el.getAttribute('type') || '')) return true;
  if (el.closest('p, pre, article')) return true;
  for (let a = el.parentElement; a; a = a.parentElement) {
    if (a.localName === 'div' && a.querySelector(':scope > br')) return true;
  }
  return false;
}

/**
 * find returns where text starts in the first start + text + end in html
 * from `from` on, or -1; it searches for the start tag and compares the
 * rest in place, without building the long needle.
 */
function find(html, start, text, end, from) {
  for (let at = html.indexOf(start, from); at >= 0; at = html.indexOf(start, at + 1)) {
    const t = at + start.length;
    if (html.startsWith(text, t) && html.startsWith(end, t + text.length)) return t;
  }
  return -1;
}

/**
 * cutRawText removes from html, the serialized documentElement of doc,
 * the text of its scripts and style sheets (those of keepsText aside):
 * about half of a news page's HTML (on the Zyte pages 27 % is script
 * text, 26 % style sheets), which the content script would send and the
 * engine parse for nothing. Elements stay as they were, attributes
 * included, so the engine sees the same tree, save those texts, and
 * locates the same elements.
 *
 * Each element is looked for, whole, as the serializer writes it (start
 * tag, text, end tag), from where the previous one was found, in document
 * order. Left as they are: those with element children (the DOM can add
 * them), whose text is not all the serializer writes; SVG ones, whose text
 * it escapes; and any not found. A copy of an
 * element's markup met earlier, in a comment or another element's text,
 * would lose its text instead of the element: the tree is the same
 * whichever is cut, as the cut ends with the end tag it starts after.
 */
export function cutRawText(doc, html) {
  const parts = [];
  let from = 0;
  for (const el of doc.querySelectorAll('script, style')) {
    if (el.namespaceURI !== XHTML || el.firstElementChild) continue;
    const text = el.textContent;
    if (text.length < MIN_CUT_CHARS || keepsText(el)) continue;
    const empty = el.cloneNode(false).outerHTML; // <script …></script>: no text, never run
    const end = `</${el.localName}>`;
    if (!empty.endsWith(end)) continue;
    const start = empty.slice(0, empty.length - end.length);
    const cut = find(html, start, text, end, from);
    if (cut < 0) continue;
    parts.push(html.slice(from, cut));
    from = cut + text.length;
  }
  if (parts.length === 0) return html;
  parts.push(html.slice(from));
  return parts.join('');
}
