// The reader's second line of defence. The engine already sanitized the
// article with an allowlist (bluemonday); this pass re-checks it in the
// reader page before anything reaches the DOM, so a bug or a forged message
// can still not run script here: a small allowlist of elements and
// attributes, web URLs only, ids prefixed so article ids cannot clash with
// the reader's own, and links opening in the tab, not in the frame.

const ALLOWED = new Set(('a abbr address article aside b bdi bdo blockquote br caption cite code col colgroup dd del details dfn div dl dt em ' +
  'figcaption figure h1 h2 h3 h4 h5 h6 header footer hr i img ins kbd li mark ol p picture pre q rp rt ruby s samp section small source span ' +
  'strong sub summary sup table tbody td tfoot th thead time tr u ul var wbr').split(' '));
// MathML kept, in the MathML namespace only: its presentation elements
// (formulas read as formulas), as the engine keeps them.
const MATH_ALLOWED = new Set(('math semantics mi mn mo ms mtext mspace mrow mstyle merror mpadded mphantom mfrac msqrt mroot msub msup ' +
  'msubsup munder mover munderover mmultiscripts mprescripts none mtable mtr mtd menclose').split(' '));
// The attributes of a formula's layout; never a link (MathML 3's href) or a style.
const MATH_ATTRS = new Set(('display mathvariant displaystyle scriptlevel form fence separator stretchy symmetric largeop movablelimits ' +
  'lspace rspace minsize maxsize accent accentunder linethickness width height depth voffset columnspan rowspan notation dir').split(' '));
// Keywords, booleans, numbers and lengths ("thin", "true", "0.167em", "-50%").
const MATH_VALUE = /^[a-zA-Z0-9 .%+-]{0,40}$/;
const HTML_NS = 'http://www.w3.org/1999/xhtml';
const MATHML_NS = 'http://www.w3.org/1998/Math/MathML';
// Dropped with everything inside them (in any namespace), a formula's
// annotations (its TeX or MathML source) among them.
const DROP = new Set(['script', 'style', 'template', 'noscript', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'form',
  'input', 'button', 'select', 'textarea', 'option', 'link', 'meta', 'base', 'svg', 'canvas', 'audio', 'video', 'dialog', 'title', 'head',
  'annotation', 'annotation-xml']);
const ATTRS = new Set(['href', 'src', 'srcset', 'sizes', 'alt', 'title', 'lang', 'dir', 'colspan', 'rowspan', 'headers', 'scope',
  'datetime', 'cite', 'width', 'height', 'id', 'start', 'reversed', 'type', 'open', 'media', 'abbr']);
const URL_ATTRS = new Set(['href', 'src', 'cite']);
/** Prefix of article ids in the reader. */
export const ID_PREFIX = 'a-';

/** safeURL keeps http(s), mailto and fragment URLs (and data: images for src). */
export function safeURL(value, attr, tag) {
  const v = String(value).trim();
  if (v.startsWith('#')) return v;
  let u;
  try {
    u = new URL(v);
  } catch {
    return null; // relative URLs were made absolute by the engine
  }
  if (u.protocol === 'http:' || u.protocol === 'https:') return u.href;
  if (u.protocol === 'mailto:' && attr === 'href') return u.href;
  if (u.protocol === 'data:' && attr === 'src' && tag === 'img' && /^data:image\/(png|gif|jpe?g|webp|avif);/i.test(v)) return v;
  return null;
}

/** allowed tells whether an element is kept: an allowed HTML element, or allowed MathML. */
function allowed(el) {
  if (el.namespaceURI === HTML_NS) return ALLOWED.has(el.localName);
  return el.namespaceURI === MATHML_NS && MATH_ALLOWED.has(el.localName);
}

/** cleanMathAttrs keeps a MathML element's layout attributes with plain values. */
function cleanMathAttrs(el) {
  for (const { name, value } of Array.from(el.attributes)) {
    if (!MATH_ATTRS.has(name) || !MATH_VALUE.test(value)) el.removeAttribute(name);
  }
}

function cleanAttrs(el) {
  if (el.namespaceURI === MATHML_NS) {
    cleanMathAttrs(el);
    return;
  }
  const tag = el.localName;
  for (const { name, value } of Array.from(el.attributes)) {
    if (!ATTRS.has(name)) {
      el.removeAttribute(name);
      continue;
    }
    if (URL_ATTRS.has(name)) {
      const safe = safeURL(value, name, tag);
      if (safe === null) el.removeAttribute(name);
      else if (name === 'href' && safe.startsWith('#')) el.setAttribute(name, '#' + ID_PREFIX + safe.slice(1));
      else el.setAttribute(name, safe);
    } else if (name === 'srcset') {
      const ok = value.split(',').every((part) => safeURL(part.trim().split(/\s+/)[0], 'src', 'img') !== null);
      if (!ok) el.removeAttribute(name);
    } else if (name === 'id') {
      el.setAttribute('id', ID_PREFIX + value);
    }
  }
  if (tag === 'a' && el.hasAttribute('href') && !el.getAttribute('href').startsWith('#')) {
    el.setAttribute('target', '_top');
    el.setAttribute('rel', 'noopener noreferrer');
  }
  if (tag === 'img') {
    el.setAttribute('loading', 'lazy');
    el.setAttribute('referrerpolicy', 'no-referrer');
  }
}

function cleanTree(node) {
  for (const child of Array.from(node.childNodes)) {
    if (child.nodeType === 3) continue;
    if (child.nodeType !== 1) {
      child.remove();
      continue;
    }
    const tag = child.localName;
    if (DROP.has(tag)) {
      child.remove();
      continue;
    }
    cleanTree(child);
    if (!allowed(child)) {
      // Unknown element: keep its content, lose the element.
      child.replaceWith(...Array.from(child.childNodes));
      continue;
    }
    cleanAttrs(child);
  }
}

/**
 * sanitizeArticle parses html inertly and returns a DocumentFragment of
 * doc holding only allowed elements and attributes.
 */
export function sanitizeArticle(html, doc) {
  const parsed = new doc.defaultView.DOMParser().parseFromString(`<!DOCTYPE html><body>${html}`, 'text/html');
  cleanTree(parsed.body);
  const frag = doc.createDocumentFragment();
  for (const n of Array.from(parsed.body.childNodes)) frag.appendChild(doc.importNode(n, true));
  return frag;
}
