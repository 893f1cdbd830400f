// The reader's "Related coverage" panel and the marks on quotes other
// outlets also carry. Pure DOM helpers (unit-tested under jsdom): every
// string from a page, a feed or the history goes in as text or as an
// attribute value, never as markup; links are web addresses only.
import { safeURL } from './sanitize.js';

/** Elements whose text is a block of its own: their boundaries separate words. */
const BLOCKS = new Set(('address article aside blockquote br dd details div dl dt figcaption figure footer h1 h2 h3 h4 h5 h6 header hr li ' +
  'main nav ol p pre section summary table tbody td tfoot th thead tr ul').split(' '));
/** The longest quote shown in the panel (characters); the mark in the text is the whole passage. */
export const MAX_QUOTE_CHARS = 240;
/** The most quotes shown under one related article. */
export const MAX_QUOTES_PER_ITEM = 2;

/**
 * textOf returns the text of a tree as the engine should read it to find
 * quotes: its text nodes in order, with a line break at every block
 * boundary (so words of two paragraphs never run together), and where
 * each text node starts in it: {text, runs: [{node, start}]}.
 */
export function textOf(root) {
  let text = '';
  const runs = [];
  const walk = (n) => {
    for (let c = n.firstChild; c; c = c.nextSibling) {
      if (c.nodeType === 3) {
        runs.push({ node: c, start: text.length });
        text += c.data;
      } else if (c.nodeType === 1) {
        const block = BLOCKS.has(c.localName);
        if (block) text += '\n';
        walk(c);
        if (block) text += '\n';
      }
    }
  };
  walk(root);
  return { text, runs };
}

/** mergeSpans sorts spans and merges overlapping ones (their titles joined). */
export function mergeSpans(spans) {
  const sorted = spans.filter((s) => s && s.end > s.start).map((s) => ({ ...s })).sort((a, b) => a.start - b.start);
  const out = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s.start < last.end) {
      last.end = Math.max(last.end, s.end);
      if (s.title && !last.title.includes(s.title)) last.title = last.title ? `${last.title}; ${s.title}` : s.title;
    } else {
      out.push({ ...s, title: s.title || '' });
    }
  }
  return out;
}

/**
 * markSpans wraps the text of each span ({start, end, title} in textOf's
 * offsets) in a <mark class="shared-quote">, one per text node it covers.
 * Returns the marks, in text order.
 */
export function markSpans(doc, runs, spans) {
  const marks = [];
  const merged = mergeSpans(spans);
  // From the end backwards: splitting a text node keeps earlier offsets valid.
  for (let i = merged.length - 1; i >= 0; i--) {
    const s = merged[i];
    for (let j = runs.length - 1; j >= 0; j--) {
      const { node, start } = runs[j];
      const a = Math.max(s.start - start, 0);
      const b = Math.min(s.end - start, node.data.length);
      if (a >= b) continue;
      if (b < node.data.length) node.splitText(b);
      const mid = a > 0 ? node.splitText(a) : node;
      const mark = doc.createElement('mark');
      mark.className = 'shared-quote';
      if (s.title) mark.title = s.title;
      mid.replaceWith(mark);
      mark.appendChild(mid);
      marks.unshift(mark);
    }
  }
  return marks;
}

/**
 * describeMarks makes each mark's title (a tooltip, for the mouse only)
 * its description for screen readers too: one note per distinct title,
 * to be put in the page hidden, referred to by the marks'
 * aria-describedby. Returns the notes. (Ids never clash with the
 * article's, which sanitize.js prefixes with "a-".)
 */
export function describeMarks(doc, marks, prefix = 'quote-note-') {
  const ids = new Map();
  const notes = [];
  for (const mark of marks) {
    if (!mark.title) continue;
    let id = ids.get(mark.title);
    if (!id) {
      id = prefix + (ids.size + 1);
      ids.set(mark.title, id);
      const note = doc.createElement('span');
      note.id = id;
      note.textContent = mark.title;
      notes.push(note);
    }
    mark.setAttribute('aria-describedby', id);
  }
  return notes;
}

/** clipQuote shortens a quote for the panel at a word boundary. */
export function clipQuote(s, max = MAX_QUOTE_CHARS) {
  const t = String(s).replace(/\s+/g, ' ').trim();
  if (t.length <= max) return t;
  const cut = t.lastIndexOf(' ', max - 1);
  return t.slice(0, cut > max * 0.6 ? cut : max - 1) + '…';
}

/** sharedPassages lists the distinct passages the related items share with the article. */
export function sharedPassages(items) {
  const out = [];
  for (const it of items || []) for (const q of it.sharedQuotes || []) if (typeof q === 'string' && q && !out.includes(q)) out.push(q);
  return out;
}

/** siteOf names an item's outlet: its site, else its host. */
export function siteOf(item) {
  if (item.site) return item.site;
  try {
    return new URL(item.url).hostname;
  } catch {
    return '';
  }
}

const SOURCE_LABEL = { history: 'You read this', feed: 'From your feeds', page: 'Linked from this page' };

/**
 * buildRelatedItems renders the panel's list items. quotesOf(item) gives
 * the article's own text of each quote the item shares (already found in
 * the text); formatDate(value) renders a date. The panel is the reader's
 * (English); `lang`, the article's language ('' unknown), is given to what
 * is in it: its quotes and the dates formatted in it. Other outlets'
 * titles are in a language not known.
 */
export function buildRelatedItems(doc, items, { quotesOf = () => [], formatDate = (v) => v, lang = '' } = {}) {
  const out = [];
  for (const it of items) {
    const href = safeURL(it.url || '', 'href', 'a');
    if (!href || /^(mailto:|#)/.test(href)) continue;
    const li = doc.createElement('li');
    li.className = 'related-item';
    const meta = doc.createElement('p');
    meta.className = 'related-meta';
    const site = doc.createElement('span');
    site.className = 'related-site';
    site.textContent = siteOf(it);
    meta.appendChild(site);
    const date = it.published ? formatDate(it.published) : '';
    if (date) {
      const time = doc.createElement('time');
      time.dateTime = it.published;
      time.textContent = date;
      time.lang = lang;
      meta.append(' · ', time);
    }
    const source = doc.createElement('span');
    source.className = 'related-source';
    source.textContent = SOURCE_LABEL[it.source] || '';
    if (source.textContent) meta.append(' · ', source);
    const a = doc.createElement('a');
    a.className = 'related-title';
    a.href = href;
    a.target = '_top';
    a.rel = 'noopener noreferrer';
    a.textContent = it.title || href;
    // Titles and quotes of other outlets may be in another script's direction.
    a.dir = 'auto';
    a.lang = '';
    if (typeof it.score === 'number') a.title = `Same story: ${Math.round(it.score * 100)} % likely`;
    li.append(meta, a);
    const quotes = quotesOf(it).slice(0, MAX_QUOTES_PER_ITEM);
    for (const q of quotes) {
      const bq = doc.createElement('blockquote');
      bq.className = 'related-quote';
      bq.dir = 'auto';
      bq.lang = lang;
      bq.textContent = `“${clipQuote(q)}”`;
      li.appendChild(bq);
    }
    out.push(li);
  }
  return out;
}
