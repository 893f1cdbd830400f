// The reader view page. It runs in the extension's origin under a strict
// CSP, inside the overlay frame the content script added, and asks the
// background for this tab's article (never trusting the page), re-checks
// the engine's sanitized HTML (sanitize.js) and renders it.
import { api, sendMessage } from '../shared/browser.js';
import { MSG, OPEN_PARAM, READER_SHORTCUT, STANDBY_PARAM, STANDBY_RELATED, STANDBY_WAKE } from '../shared/messages.js';
import { KEYS, READER_BOUNDS, clampReader } from '../shared/settings.js';
import { ID_PREFIX, sanitizeArticle } from './sanitize.js';
import { blocksToSpeak, formatDate, groupDetections, describeDetection, leadImageNeeded, wrapFocus } from './view.js';
import { buildRelatedItems, describeMarks, markSpans, sharedPassages, siteOf, textOf } from './related-view.js';

const $ = (id) => document.getElementById(id);
/** Delay between the closing key's release and removing the frame. */
const KEY_SETTLE_MS = 50;
const root = document.documentElement;
let settings = clampReader({});
let result = null;

function applySettings() {
  root.dataset.theme = settings.theme;
  root.dataset.font = settings.font;
  // CSSOM writes: allowed under style-src 'self'.
  root.style.setProperty('--size', settings.size + 'px');
  root.style.setProperty('--width', settings.width + 'ch');
  root.style.setProperty('--lh', String(settings.lineHeight));
  for (const input of document.querySelectorAll('input[name=theme], input[name=font]')) {
    input.checked = settings[input.name] === input.value;
  }
  for (const st of document.querySelectorAll('.stepper')) {
    const key = st.dataset.key;
    const [min, max] = READER_BOUNDS[key];
    st.querySelector('output').textContent = key === 'lineHeight' ? settings[key].toFixed(1) : String(settings[key]);
    st.querySelector('[data-step="-1"]').disabled = settings[key] <= min;
    st.querySelector('[data-step="1"]').disabled = settings[key] >= max;
  }
}

function saveSettings() {
  applySettings();
  api.storage.local.set({ [KEYS.READER]: settings });
}

function close() {
  stopSpeaking();
  sendMessage({ type: MSG.READER_CLOSE });
}

/**
 * prepareRelated builds the "Related coverage" panel for the article's
 * content fragment (not yet in the page) and marks in it the quotes other
 * outlets also carry: the engine finds each shared passage in the
 * fragment's own text. Resolves to a function that puts the panel in
 * place, so it is painted with the article.
 */
async function prepareRelated(related, frag, lang, marks) {
  const items = (related && Array.isArray(related.items)) ? related.items : [];
  const passages = sharedPassages(items);
  const found = new Map(); // passage → the article's own text of it
  let notes = [];
  if (passages.length) {
    const t0 = performance.now();
    const { text, runs } = textOf(frag);
    const res = await sendMessage({ type: MSG.RELATED_QUOTES, text, passages });
    const spans = [];
    (res && Array.isArray(res.spans) ? res.spans : []).forEach((sp, i) => {
      if (!sp || !(sp.end > sp.start)) return;
      const sites = items.filter((it) => (it.sharedQuotes || []).includes(passages[i])).map(siteOf).filter(Boolean);
      spans.push({ start: sp.start, end: sp.end, title: `Also quoted by ${[...new Set(sites)].join(', ')}` });
      found.set(passages[i], text.slice(sp.start, sp.end));
    });
    const marked = markSpans(document, runs, spans);
    // Each mark's title (who else quotes it), for the keyboard and screen readers too.
    notes = describeMarks(document, marked);
    marks.quotesMarked = marked.length;
    marks.quotesMs = performance.now() - t0;
  }
  const lis = buildRelatedItems(document, items, {
    quotesOf: (it) => (it.sharedQuotes || []).map((q) => found.get(q)).filter(Boolean),
    formatDate: (v) => formatDate(v, lang),
    lang,
  });
  marks.relatedItems = lis.length;
  return () => {
    $('related-list').replaceChildren(...lis);
    $('quote-notes').replaceChildren(...notes);
    $('related-legend').hidden = found.size === 0;
    const partial = related && related.partial;
    $('related-partial').hidden = !partial;
    if (partial) $('related-partial').textContent = `Your reading history is still loading: ${related.searched} of ${related.total} articles searched.`;
    $('related').hidden = lis.length === 0 && !partial;
    marks.panel = performance.now();
  };
}

/**
 * render shows an article and its related coverage; resolves to false,
 * the article not shown, when wanted() says after the wait for the
 * related quotes that it is no longer wanted (another rendering is
 * under way).
 */
async function render(res, related, marks = {}, wanted = () => true) {
  result = res;
  const article = $('article');
  document.title = res.title || 'Reader view';
  $('bar-title').textContent = res.title || '';
  $('site').textContent = res.siteName || hostOf(res.url);
  $('title').textContent = res.title || '';
  const meta = [];
  if (res.byline) meta.push(res.byline);
  const date = formatDate(res.publishedTime, res.lang);
  if (date) meta.push(date);
  if (res.readingMinutes) meta.push(english(`${res.readingMinutes} min read`));
  $('meta').replaceChildren(...meta.flatMap((m, i) => (i ? [' · ', m] : [m])));
  // The page's language, or none known: not the reader's own "en".
  const lang = res.lang || '';
  article.lang = lang;
  article.dir = res.dir || 'auto';
  const frag = sanitizeArticle(res.content || '', document);
  marks.sanitized = performance.now();
  const showRelated = await prepareRelated(related, frag, res.lang, marks);
  if (!wanted()) return false;
  showRelated();
  $('content').replaceChildren(frag);
  if (res.image && leadImageNeeded(res.image, $('content'))) {
    const img = $('lead').querySelector('img');
    // Shown once loaded: an image that cannot load leaves no empty box.
    img.addEventListener('load', () => {
      $('lead').hidden = false;
    }, { once: true });
    img.src = res.image;
  }
  const detections = res.detections || [];
  $('paywall').hidden = !detections.some((d) => d.category === 'paywall');
  renderRemoved(detections, lang);
  if (res.url) {
    $('source').href = res.url;
    $('source').textContent = `Original page: ${hostOf(res.url)}`;
  }
  $('status').hidden = true;
  article.hidden = false;
  marks.article = performance.now();
  if (!res.hasText) {
    $('status').hidden = false;
    $('status').textContent = 'Tidings found no article text on this page.';
  }
  return true;
}

/** english is a span of the reader's own English text, amid the article's. */
function english(text) {
  const span = document.createElement('span');
  span.lang = 'en';
  span.dir = 'ltr';
  span.textContent = text;
  return span;
}

function hostOf(url) {
  try {
    return new URL(url).hostname;
  } catch {
    return '';
  }
}

/** renderRemoved lists what was removed; the snippets are the page's text, in its language `lang`. */
function renderRemoved(detections, lang) {
  $('removed-count').textContent = String(detections.length);
  $('removed-empty').hidden = detections.length > 0;
  const list = $('removed-list');
  list.replaceChildren();
  for (const [category, items] of groupDetections(detections)) {
    const h = document.createElement('h3');
    h.textContent = `${category} (${items.length})`;
    list.appendChild(h);
    for (const d of items) {
      const det = document.createElement('details');
      const sum = document.createElement('summary');
      sum.textContent = (d.snippet || '(no text)').slice(0, 80);
      if (d.snippet) Object.assign(sum, { lang, dir: 'auto' });
      const why = document.createElement('p');
      why.className = 'why';
      why.textContent = describeDetection(d);
      const quote = document.createElement('blockquote');
      quote.textContent = d.snippet || '';
      Object.assign(quote, { lang, dir: 'auto' });
      det.append(sum, why, quote);
      list.appendChild(det);
    }
  }
}

// Read aloud: one utterance per block, the current block highlighted.
let speaking = null;
function stopSpeaking() {
  if (!speaking) return;
  speaking.cancelled = true;
  globalThis.speechSynthesis && speechSynthesis.cancel();
  for (const el of document.querySelectorAll('.speaking')) el.classList.remove('speaking');
  speaking = null;
  $('aloud').setAttribute('aria-pressed', 'false');
  $('aloud-icon').textContent = '▶';
}
function startSpeaking() {
  const blocks = blocksToSpeak($('article'));
  if (blocks.length === 0) return;
  const run = { cancelled: false };
  speaking = run;
  // The label stays: aria-pressed says it is reading; the symbol shows it.
  $('aloud').setAttribute('aria-pressed', 'true');
  $('aloud-icon').textContent = '■';
  const next = (i) => {
    if (run.cancelled) return;
    document.querySelectorAll('.speaking').forEach((el) => el.classList.remove('speaking'));
    if (i >= blocks.length) return stopSpeaking();
    const el = blocks[i];
    el.classList.add('speaking');
    el.scrollIntoView({ block: 'center' });
    const u = new SpeechSynthesisUtterance(el.textContent);
    if (result && result.lang) u.lang = result.lang;
    u.onend = () => next(i + 1);
    u.onerror = () => next(i + 1);
    speechSynthesis.speak(u);
  };
  next(0);
}

function togglePanel(button, panel) {
  const open = panel.hidden;
  for (const [b, p] of [[$('settings-toggle'), $('settings')], [$('removed-toggle'), $('removed')]]) {
    p.hidden = true;
    b.setAttribute('aria-expanded', 'false');
  }
  panel.hidden = !open;
  button.setAttribute('aria-expanded', String(open));
  // The checked theme, as Tab into the radio group would.
  if (open) (panel.querySelector('input:checked') || panel.querySelector('input, button, summary'))?.focus();
}

function closePanels() {
  let closed = false;
  for (const [b, p] of [[$('settings-toggle'), $('settings')], [$('removed-toggle'), $('removed')]]) {
    if (!p.hidden) {
      p.hidden = true;
      b.setAttribute('aria-expanded', 'false');
      b.focus();
      closed = true;
    }
  }
  return closed;
}

function wire() {
  $('close').addEventListener('click', close);
  $('print').addEventListener('click', () => window.print());
  $('settings-toggle').addEventListener('click', () => togglePanel($('settings-toggle'), $('settings')));
  $('removed-toggle').addEventListener('click', () => togglePanel($('removed-toggle'), $('removed')));
  if (!globalThis.speechSynthesis) {
    $('aloud').disabled = true;
    $('aloud').title = 'This browser cannot read aloud';
  }
  $('aloud').addEventListener('click', () => (speaking ? stopSpeaking() : startSpeaking()));
  for (const input of document.querySelectorAll('input[name=theme], input[name=font]')) {
    input.addEventListener('change', () => {
      settings = clampReader({ ...settings, [input.name]: input.value });
      saveSettings();
    });
  }
  for (const st of document.querySelectorAll('.stepper')) {
    for (const b of st.querySelectorAll('button')) {
      b.addEventListener('click', () => {
        const key = st.dataset.key;
        const step = READER_BOUNDS[key][2] * Number(b.dataset.step);
        settings = clampReader({ ...settings, [key]: settings[key] + step });
        saveSettings();
        // At its limit the button is disabled, and the focus would fall to
        // <body>: to the other button of the pair.
        if (b.disabled) st.querySelector(`[data-step="${-Number(b.dataset.step)}"]`).focus();
      });
    }
  }
  // The reader is a modal dialog over the page: Tab and Shift+Tab go round
  // its controls and never out to the page.
  document.addEventListener('keydown', (e) => {
    if (e.key !== 'Tab' || e.altKey || e.ctrlKey || e.metaKey || e.defaultPrevented) return;
    const to = wrapFocus(document, e.shiftKey);
    if (to) {
      e.preventDefault();
      to.focus();
    }
  });
  // Escape and the shortcut close the reader once every key is released:
  // removing the frame while keys are still going to it loses their events.
  let closeOnRelease = false;
  document.addEventListener('keydown', (e) => {
    const k = READER_SHORTCUT;
    if (e.key === 'Escape') {
      e.preventDefault();
      if (!closePanels()) closeOnRelease = true;
    } else if (e.code === k.code && e.altKey === k.alt && e.shiftKey === k.shift && e.ctrlKey === k.ctrl && e.metaKey === k.meta) {
      e.preventDefault();
      closeOnRelease = true;
    }
  });
  document.addEventListener('keyup', (e) => {
    if (closeOnRelease && !e.altKey && !e.shiftKey && !e.ctrlKey && !e.metaKey) {
      closeOnRelease = false;
      // Let the browser finish with this key event before the frame goes.
      setTimeout(close, KEY_SETTLE_MS);
    }
  });
  // The page gives this frame the keyboard once it has painted, which
  // leaves the focus on <body>: back to the article, so Space and the
  // arrows scroll it.
  window.addEventListener('focus', () => {
    if (document.activeElement === document.body && !$('article').hidden) $('main').focus({ preventScroll: true });
  });
  // In-article fragment links scroll within the reader.
  $('content').addEventListener('click', (e) => {
    const a = e.target.closest('a[href^="#"]');
    if (!a) return;
    const target = document.getElementById(a.getAttribute('href').slice(1));
    if (target && target.id.startsWith(ID_PREFIX)) {
      e.preventDefault();
      target.scrollIntoView();
    }
  });
  api.storage.onChanged.addListener((changes, area) => {
    if (area === 'local' && changes[KEYS.READER]) {
      settings = clampReader(changes[KEYS.READER].newValue);
      applySettings();
    }
  });
}

/**
 * whenShown resolves once the content script shows this frame, when it was
 * prepared in standby (?standby=token): the wake-up message it posts here
 * with that token, repeated until this frame asks for its article. Resolves
 * to the opening's name: the message's, or the one in the address of a
 * frame opened directly (at once).
 */
function whenShown() {
  const params = new URLSearchParams(location.search);
  const token = params.get(STANDBY_PARAM);
  if (!token) return Promise.resolve({ standby: false, open: params.get(OPEN_PARAM) });
  root.dataset.standby = 'waiting';
  return new Promise((resolve) => {
    const stop = onPageMessage(STANDBY_WAKE, token, (msg) => {
      stop();
      delete root.dataset.standby;
      resolve({ standby: true, open: typeof msg.open === 'string' ? msg.open : null });
    });
  });
}

/**
 * onPageMessage calls fn(msg) for each message the content script posts
 * this frame (JSON) of this type with this frame's standby token, which
 * the page cannot know (content/reader-frame.js). Returns a function that
 * stops listening.
 */
function onPageMessage(type, token, fn) {
  const listener = (e) => {
    let msg;
    try {
      msg = typeof e.data === 'string' ? JSON.parse(e.data) : null;
    } catch {
      return;
    }
    if (msg && msg.type === type && msg.token === token) fn(msg);
  };
  window.addEventListener('message', listener);
  return () => window.removeEventListener('message', listener);
}

/** failure is why the background's answer holds no article to render, or '' when it holds one. */
function failure(data) {
  if (data && data.result && !data.error && !data.result.error) return '';
  return (data && (data.error || (data.result && data.result.error))) || 'no answer from the engine';
}

/**
 * prefetch renders, in a frame still in standby (hidden), the article the
 * page asked for under the opening `open` before any toggle (the page's
 * last cleanup's), and tells the page it is ready: shown as it is, the
 * frame then only has to be painted. Resolves to {data, marks}, the
 * answer rendered and the rendering's timing marks (its own: a rendering
 * superseded meanwhile must not write into the shown one's), or null when
 * there was none to render.
 */
async function prefetch(open, early, settingsReady) {
  const data = await (early ? early.catch(() => null) : sendMessage({ type: MSG.READER_DATA, open, prefetch: true }));
  await settingsReady;
  const wanted = () => !supersedes(open);
  if (failure(data) || !wanted()) return null;
  const marks = {};
  if (!(await render(data.result, data.related, marks, wanted))) return null;
  sendMessage({ type: MSG.READER_PREFETCHED, open }).catch(() => {});
  return { data, marks };
}

/**
 * The opening the frame was shown for (undefined while in standby). A
 * toggle before the article rendered in advance was ready opens another
 * one, and the background may then never answer for the first (it waits
 * for the page to name it): the frame does not wait for that answer, and
 * renders nothing of it.
 */
let shownOpen;

/** supersedes tells whether the frame was shown for another opening than `open`. */
function supersedes(open) {
  return shownOpen !== undefined && shownOpen !== open;
}

async function main() {
  const marks = { origin: performance.timeOrigin, loaded: performance.now() };
  wire();
  // A standby frame applies its settings while it waits.
  const settingsReady = api.storage.local.get(KEYS.READER).then((stored) => {
    settings = clampReader(stored[KEYS.READER]);
    applySettings();
  });
  // Listening for the wake-up message from the start.
  const shown = whenShown();
  // A new frame's first date format loads the locale's data: 37-59 ms on
  // the toggle's path in a frame opened with the engine starting, measured
  // in Chromium; done here while the frame waits for the article.
  setTimeout(() => formatDate(new Date().toISOString(), navigator.language), 0);
  // boot.js sent the request already; ask here only if it could not.
  const early = globalThis.tidingsReaderData;
  const params = new URLSearchParams(location.search);
  const prefetchOpen = params.has(STANDBY_PARAM) ? params.get(OPEN_PARAM) : null;
  let prefetched = prefetchOpen ? prefetch(prefetchOpen, early, settingsReady) : Promise.resolve(null);
  if (prefetchOpen) {
    // The related coverage rendered in advance went out of date (the
    // background's MSG.RELATED_CHANGED, passed on by the page's content
    // script): again, while hidden.
    onPageMessage(STANDBY_RELATED, params.get(STANDBY_PARAM), () => {
      if (shownOpen !== undefined) return;
      // Should that fail (a background started again has lost the
      // article), what is rendered stays.
      prefetched = prefetched.then(async (before) => (await prefetch(prefetchOpen, null, settingsReady)) || before);
    });
  }
  const { standby, open } = await shown;
  shownOpen = open;
  marks.standby = standby;
  marks.script = performance.now();
  // The article rendered in advance, when it is this opening's; another
  // opening's is not waited for (see shownOpen).
  const ahead = open && open === prefetchOpen ? await prefetched : null;
  let data = ahead && ahead.data;
  if (ahead) Object.assign(marks, ahead.marks);
  marks.prefetched = !!data;
  if (!data) {
    const ask = () => sendMessage({ type: MSG.READER_DATA, open });
    [, data] = await Promise.all([settingsReady, early && !prefetchOpen ? early.catch(ask) : ask()]);
    marks.data = performance.now();
    if (data && data.timing) marks.bg = data.timing;
    const why = failure(data);
    if (why) {
      $('status').hidden = false;
      $('article').hidden = true;
      $('status').textContent = `Tidings could not read this page: ${why}`;
      return;
    }
    await render(data.result, data.related, marks);
  }
  const nav = performance.getEntriesByType && performance.getEntriesByType('navigation')[0];
  if (nav) marks.nav = { start: nav.startTime, fetch: nav.fetchStart, response: nav.responseEnd, interactive: nav.domInteractive };
  $('engine').textContent = data.version ? `Tidings ${data.version}` : '';
  $('main').focus({ preventScroll: true });
  marks.rendered = performance.now();
  // The task after the next animation frame runs once that frame is painted.
  // The panel is in the page when the article's first frame is drawn.
  requestAnimationFrame(() => {
    marks.frame = performance.now();
    marks.panelInFirstFrame = !$('article').hidden && ($('related').hidden ? marks.relatedItems === 0 : $('related-list').children.length === marks.relatedItems);
    marks.relatedMs = data.related ? data.related.ms : null;
    marks.relatedPartial = !!(data.related && data.related.partial);
    setTimeout(() => {
      sendMessage({ type: MSG.READER_PAINTED, t: performance.timeOrigin + performance.now(), marks, open, prefetched: marks.prefetched });
    }, 0);
  });
}

main();
