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
 * reload the reader's frame.
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
  return doctypeString(doc.doctype) + html;
}
