// Serializing the live page for the engine: the doctype plus the document
// element's outerHTML, leaving out the elements Tidings itself added (the
// reader overlay, the picker), which sit as the document element's last
// children and would otherwise be re-parsed into <body> and shift paths,
// and the script and style text the engine does not read.

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
 * serializePage returns the page's HTML as the engine should see it:
 * without the elements Tidings added (cut out rather than detached:
 * detaching would reload the reader's frame), and without the script and
 * style text the engine never reads (see textToCut).
 */
export function serializePage(doc) {
  const root = doc.documentElement;
  if (!root) return '';
  if (doc.contentType !== 'text/html') return doctypeString(doc.doctype) + withoutOwn(root);
  const empty = emptyElement(doc);
  return doctypeString(doc.doctype) + serializeTree(root, textToCut(doc), empty, empty);
}

/**
 * withoutOwn is root.outerHTML without Tidings' own elements, for the
 * documents serialized as XML (an XHTML page), which are sent whole.
 */
function withoutOwn(root) {
  let html = root.outerHTML;
  for (const el of Array.from(root.children)) {
    if (!el.hasAttribute(OWN_ATTR)) continue;
    const own = el.outerHTML;
    const at = html.lastIndexOf(own);
    if (at >= 0) html = html.slice(0, at) + html.slice(at + own.length);
  }
  return html;
}

/**
 * MIN_CUT_CHARS: script or style texts shorter than this are sent: together
 * they are a small part of the page, and each one cut costs the walk to it.
 */
const MIN_CUT_CHARS = 256;

const XHTML = 'http://www.w3.org/1999/xhtml';

/**
 * textToCut returns the scripts and style sheets whose text is not sent:
 * about half of a news page's HTML (on the Zyte pages 27 % is script text,
 * 26 % style sheets) that the content script would send and the engine
 * parse for nothing. Sent are the texts the engine reads:
 * - JSON-LD, the article's metadata and whether it is declared paywalled;
 * - those inside a text block that decides whether the page is an article
 *   (p, pre, article, or a div that directly holds a <br>): there, as in
 *   Readability, whose verdicts the engine's follow, a block's length is
 *   that of its textContent, scripts included (wasm/metadata/readerable.go);
 * and short ones, and SVG or MathML ones (the serializer escapes their
 * text). The engine reads no other script's or style sheet's text.
 */
function textToCut(doc) {
  const cut = new Set();
  let breakDivs = null; // divs that directly hold a <br>, found on first need
  for (const el of doc.querySelectorAll('script, style')) {
    if (el.namespaceURI !== XHTML || el.textContent.length < MIN_CUT_CHARS) continue;
    if (el.localName === 'script' && /ld\+json/i.test(el.getAttribute('type') || '')) continue;
    breakDivs ??= new Set(Array.from(doc.querySelectorAll('div > br'), (br) => br.parentElement));
    if (!sentWhole(el, breakDivs)) cut.add(el);
  }
  return cut;
}

/**
 * sentWhole tells whether el is inside an element whose text is sent
 * whole: a p, pre or article element, a div of breakDivs, or a <noscript>
 * (raw text to the engine's parser and the browser's, so it holds
 * elements only when a script built them).
 */
function sentWhole(el, breakDivs) {
  for (let a = el.parentElement; a; a = a.parentElement) {
    const name = a.localName;
    if (name === 'p' || name === 'pre' || name === 'article' || name === 'noscript' || breakDivs.has(a)) return true;
  }
  return false;
}

/**
 * emptyElement returns a function giving an element's markup without its
 * content (<script src="…"></script>), from a copy in a document of its
 * own, with no window: a copy of a script is never run, nor an image or a
 * video fetched.
 */
function emptyElement(doc) {
  const inert = doc.implementation.createHTMLDocument('');
  return (el) => inert.importNode(el, false).outerHTML;
}

/**
 * serializeTree writes root as root.outerHTML would, except that each
 * element of cut is written as cutMarkup(el) gives it and the document
 * element's own children (the reader overlay, the picker) are left out.
 * empty(el) gives the markup of an element without its content.
 * Subtrees with nothing to cut are written by the browser (outerHTML);
 * only the elements above a cut one are written here, tag by tag, with
 * their text and comments as the HTML serializer writes them. The walk is
 * iterative: a page may nest tens of thousands of elements.
 */
export function serializeTree(root, cut, cutMarkup, empty = emptyElement(root.ownerDocument)) {
  const above = new Set([root]); // elements with a cut one below them
  for (const el of cut) {
    for (let a = el.parentElement; a && !above.has(a); a = a.parentElement) above.add(a);
  }
  const out = [];
  // The elements being written, innermost last: the child to write next,
  // the end tag to write after the children, and whether their text is
  // written as is.
  const stack = [];
  const open = (el) => {
    const tags = empty(el);
    const at = tags.lastIndexOf('</');
    if (at < 0 || (el.namespaceURI === XHTML && WRITTEN_WHOLE.has(el.localName))) {
      // A void element (the serializer leaves out any children a script
      // gave it), a template (it writes the template's content), a
      // noscript (raw text with scripting on): written as the browser does.
      out.push(el.outerHTML);
      return;
    }
    out.push(tags.slice(0, at));
    stack.push({ next: el.firstChild, end: tags.slice(at), raw: el.namespaceURI === XHTML && RAW_TEXT.has(el.localName) });
  };
  open(root);
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    const n = top.next;
    if (n === null) {
      out.push(top.end);
      stack.pop();
      continue;
    }
    top.next = n.nextSibling;
    if (n.nodeType === ELEMENT) {
      if (stack.length === 1 && n.hasAttribute(OWN_ATTR)) continue;
      if (cut.has(n)) out.push(cutMarkup(n));
      else if (above.has(n)) open(n);
      else out.push(n.outerHTML);
    } else if (n.nodeType === TEXT) out.push(top.raw ? n.data : escapeText(n.data));
    else if (n.nodeType === COMMENT) out.push(`<!--${n.data}-->`);
    else if (n.nodeType === PROCESSING_INSTRUCTION) out.push(`<?${n.target} ${n.data}>`);
  }
  return out.join('');
}

const ELEMENT = 1;
const TEXT = 3;
const PROCESSING_INSTRUCTION = 7;
const COMMENT = 8;

/** The elements whose children serializeTree leaves to the browser: it writes them otherwise than as tags around their children. */
const WRITTEN_WHOLE = new Set(['template', 'noscript']);

/** The elements whose text the HTML serializer writes as is (parsed, they hold no elements; built by a script, they may). */
const RAW_TEXT = new Set(['style', 'script', 'xmp', 'iframe', 'noembed', 'noframes', 'plaintext']);

/** escapeText escapes a text node's data as the HTML serializer does outside raw-text elements. */
function escapeText(s) {
  return s.replace(/[&\u00a0<>]/g, (c) => TEXT_ESCAPES[c]);
}
const TEXT_ESCAPES = { '&': '&amp;', '\u00a0': '&nbsp;', '<': '&lt;', '>': '&gt;' };
