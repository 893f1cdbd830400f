// Pure helpers of the reader view (unit-tested under Node).

/** formatDate renders an ISO-ish date in the article's language, or returns the raw text. */
export function formatDate(value, lang) {
  if (!value) return '';
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return String(value);
  try {
    return new Intl.DateTimeFormat(lang || undefined, { dateStyle: 'long' }).format(d);
  } catch {
    return new Intl.DateTimeFormat(undefined, { dateStyle: 'long' }).format(d);
  }
}

/** groupDetections groups detections by category, categories in first-seen order. */
export function groupDetections(detections) {
  const groups = new Map();
  for (const d of detections || []) {
    const c = d.category || 'other';
    if (!groups.has(c)) groups.set(c, []);
    groups.get(c).push(d);
  }
  return groups;
}

/** describeDetection says what found an element: the rule (list:line text) or the heuristic. */
export function describeDetection(d) {
  const how = d.kind === 'heuristic' ? `heuristic ${d.heuristic || '?'}` : d.rule ? `${d.kind} rule ${d.rule.list}:${d.rule.line} ${d.rule.text}` : d.kind || '';
  const conf = typeof d.confidence === 'number' ? ` (confidence ${Math.round(d.confidence * 100)} %)` : '';
  return how + conf;
}

/** leadImageNeeded tells whether the lead image is missing from the content. */
export function leadImageNeeded(image, content) {
  let name;
  try {
    name = new URL(image).pathname;
  } catch {
    return false;
  }
  for (const img of content.querySelectorAll('img')) {
    try {
      if (new URL(img.getAttribute('src') || '', 'http://x/').pathname === name) return false;
    } catch {
      // ignore unparsable sources
    }
  }
  return true;
}

const SPOKEN = 'h1, h2, h3, h4, h5, h6, p, li, blockquote, figcaption, td, th, pre';

/** blocksToSpeak lists the blocks read aloud, in order, without nesting twice. */
export function blocksToSpeak(article) {
  const all = Array.from(article.querySelectorAll(SPOKEN));
  return all.filter((el) => !all.some((other) => other !== el && other.contains(el)) && el.textContent.trim() !== '' && !el.closest('[hidden]'));
}
