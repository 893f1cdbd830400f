// The options page's "Related coverage" section: pause recording, find and
// forget one article, forget all, export and import the history as a file
// of JSON lines, and the news feeds (each site's permission asked for when
// the feed is added). The list is read straight from IndexedDB; every
// change goes through the background, which keeps the engine's index in
// step.
import { api, sendMessage } from '../shared/browser.js';
import { MSG } from '../shared/messages.js';
import { DEFAULT_RELATED, KEYS, loadRelated, migrate } from '../shared/settings.js';
import { MAX_ARTICLES, exportLine, openRelatedStore } from '../shared/related-store.js';
import { nextFeedUpdate, originPattern, validFeedURL } from '../background/feeds.js';
import { errorText, setStatus } from './status.js';

const $ = (id) => document.getElementById(id);
/** Articles listed at once (the search narrows them down). */
const PAGE_SIZE = 50;
const SEARCH_DEBOUNCE_MS = 200;
/** Lines sent to the background per import message. */
const IMPORT_CHUNK = 500;

let storePromise = null;
function store() {
  if (!storePromise) storePromise = openRelatedStore();
  return storePromise;
}

function when(ms) {
  return ms ? new Date(ms).toLocaleString() : '—';
}

async function renderCount() {
  const info = await sendMessage({ type: MSG.RELATED_INFO });
  if (!info || info.error) {
    setStatus('related-count', `The history cannot be read: ${(info && info.error) || 'no answer'}`, true);
    return;
  }
  $('recording').checked = info.recording;
  $('related-max').textContent = info.max.toLocaleString();
  const n = info.articles;
  $('related-count').textContent = `${n.toLocaleString()} article${n === 1 ? '' : 's'} remembered${info.recording ? '' : ' · recording is paused'}.`;
}

let searchSeq = 0;
async function renderArticles() {
  const seq = ++searchSeq;
  const { total, items } = await (await store()).searchArticles($('related-search').value, { limit: PAGE_SIZE });
  if (seq !== searchSeq) return; // a newer search is on its way
  const body = $('related-articles').querySelector('tbody');
  body.replaceChildren();
  for (const r of items) {
    const tr = document.createElement('tr');
    const title = document.createElement('td');
    const a = document.createElement('a');
    a.textContent = r.title || r.url;
    if (/^https?:/.test(r.url)) a.href = r.url;
    a.target = '_blank';
    a.rel = 'noopener noreferrer';
    title.appendChild(a);
    const site = document.createElement('td');
    site.textContent = r.site;
    const seen = document.createElement('td');
    seen.textContent = r.seen ? new Date(r.seen).toLocaleDateString() : '—';
    const actions = document.createElement('td');
    const forget = document.createElement('button');
    forget.type = 'button';
    forget.textContent = 'Forget';
    forget.setAttribute('aria-label', `Forget ${r.title || r.url}`);
    forget.addEventListener('click', async () => {
      forget.disabled = true;
      await sendMessage({ type: MSG.RELATED_FORGET, id: r.id });
      await Promise.all([renderArticles(), renderCount()]);
      setStatus('related-status', `Forgot “${r.title || r.url}”.`);
    });
    actions.appendChild(forget);
    tr.append(title, site, seen, actions);
    body.appendChild(tr);
  }
  $('related-more').textContent = total > items.length ? `Showing ${items.length} of ${total.toLocaleString()} matching articles: search to narrow them down.` : total === 0 ? 'No articles.' : '';
}

async function exportHistory() {
  const recs = await (await store()).recentArticles(MAX_ARTICLES);
  const blob = new Blob([recs.map(exportLine).join('\n') + (recs.length ? '\n' : '')], { type: 'application/x-ndjson' });
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = 'tidings-related-history.jsonl';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  setStatus('related-status', `Exported ${recs.length.toLocaleString()} articles.`);
}

/**
 * importHistory sends the file's lines to the background a chunk at a
 * time. The history keeps at most MAX_ARTICLES, and an import never makes
 * room by pruning what is kept: the background leaves out the new
 * articles beyond the free places and counts them (`dropped`).
 */
async function importHistory(file) {
  const lines = (await file.text()).split(/\r?\n/);
  let added = 0;
  let dropped = 0;
  const errors = [];
  for (let i = 0; i < lines.length; i += IMPORT_CHUNK) {
    const chunk = lines.slice(i, i + IMPORT_CHUNK);
    const res = await sendMessage({ type: MSG.RELATED_IMPORT, lines: chunk, first: i + 1 });
    if (!res || res.error) {
      setStatus('related-status', `Import stopped: ${(res && res.error) || 'no answer'}`, true);
      return;
    }
    added += res.added;
    dropped += res.dropped || 0;
    errors.push(...res.errors);
  }
  const shown = errors.slice(0, 3).map((e) => `line ${e.line}: ${e.error}`).join('; ');
  const full = dropped ? ` ${dropped.toLocaleString()} not imported: the history keeps at most ${MAX_ARTICLES.toLocaleString()} articles (forget some to make room).` : '';
  setStatus('related-status', `Imported ${added.toLocaleString()} articles from ${file.name}.` + (errors.length ? ` ${errors.length} line(s) skipped (${shown}${errors.length > 3 ? '; …' : ''}).` : '') + full, (errors.length > 0 || dropped > 0) && added === 0);
  await Promise.all([renderArticles(), renderCount()]);
}

function renderFeeds(feeds) {
  const body = $('feeds').querySelector('tbody');
  body.replaceChildren();
  for (const f of feeds) {
    const tr = document.createElement('tr');
    const name = document.createElement('td');
    name.className = 'url';
    name.textContent = f.title ? `${f.title} — ${f.url}` : f.url;
    const items = document.createElement('td');
    items.textContent = String(f.items || 0);
    const last = document.createElement('td');
    last.textContent = when(f.lastUpdate);
    last.title = `Next: ${when(nextFeedUpdate(f))}`;
    const status = document.createElement('td');
    status.textContent = f.error ? `Error: ${f.error}` : f.lastUpdate ? 'OK' : 'Not fetched yet';
    if (f.error) status.className = 'error';
    const actions = document.createElement('td');
    const upd = document.createElement('button');
    upd.type = 'button';
    upd.textContent = 'Update now';
    upd.setAttribute('aria-label', `Update ${f.title || f.url} now`);
    upd.addEventListener('click', async () => {
      upd.disabled = true;
      const res = await sendMessage({ type: MSG.FEEDS_UPDATE, url: f.url });
      if (res && res.feeds) renderFeeds(res.feeds);
    });
    const rm = document.createElement('button');
    rm.type = 'button';
    rm.textContent = 'Remove';
    rm.setAttribute('aria-label', `Remove ${f.title || f.url}`);
    rm.addEventListener('click', async () => {
      const res = await sendMessage({ type: MSG.FEED_REMOVE, url: f.url });
      if (res && res.feeds) renderFeeds(res.feeds);
    });
    actions.append(upd, ' ', rm);
    tr.append(name, items, last, status, actions);
    body.appendChild(tr);
  }
}

/**
 * addFeed asks for the feed's site permission (this must happen in the
 * click's own task, before anything else is awaited), then has the
 * background fetch and index the feed.
 */
async function addFeed(e) {
  e.preventDefault();
  const url = validFeedURL($('feed-url').value);
  if (!url) {
    setStatus('feed-status', 'Enter an http or https address.', true);
    return;
  }
  const origin = originPattern(url);
  let granted = false;
  try {
    granted = await api.permissions.request({ origins: [origin] });
  } catch (err) {
    setStatus('feed-status', `Tidings could not ask for permission: ${err.message}`, true);
    return;
  }
  if (!granted) {
    setStatus('feed-status', `Without permission to read ${new URL(url).host}, Tidings cannot fetch this feed.`, true);
    return;
  }
  setStatus('feed-status', 'Fetching the feed…');
  const res = await sendMessage({ type: MSG.FEED_ADD, url });
  if (!res || res.error) {
    setStatus('feed-status', (res && res.error) || 'No answer from the background.', true);
    return;
  }
  const f = res.feed;
  setStatus('feed-status', f.error ? `Added, but: ${f.error}` : `Added ${f.title || f.url}: ${f.items} stories.`, !!f.error);
  $('feed-url').value = '';
  renderFeeds((await loadRelated(api.storage.local)).feeds);
}

/** initRelated wires the section; resolves once it shows the stored state. */
export async function initRelated() {
  let timer = 0;
  $('related-search').addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(renderArticles, SEARCH_DEBOUNCE_MS);
  });
  $('recording').addEventListener('change', async () => {
    await sendMessage({ type: MSG.RELATED_RECORDING, recording: $('recording').checked });
    await renderCount();
  });
  $('related-clear').addEventListener('click', async () => {
    if (!confirm('Forget every article Tidings remembers for related coverage? Your feeds stay.')) return;
    await sendMessage({ type: MSG.RELATED_CLEAR });
    await Promise.all([renderArticles(), renderCount()]);
    setStatus('related-status', 'Every article was forgotten.');
  });
  $('related-export').addEventListener('click', exportHistory);
  $('related-import').addEventListener('change', async () => {
    const file = $('related-import').files[0];
    try {
      if (file) await importHistory(file);
    } catch (err) {
      setStatus('related-status', `Import stopped: ${errorText(err)}`, true);
    }
    $('related-import').value = '';
  });
  $('feed-form').addEventListener('submit', addFeed);
  $('feeds-update').addEventListener('click', async () => {
    const res = await sendMessage({ type: MSG.FEEDS_UPDATE });
    if (res && res.feeds) renderFeeds(res.feeds);
  });
  api.storage.onChanged.addListener((changes, area) => {
    if (area === 'local' && changes[KEYS.RELATED]) renderFeeds(migrate(changes[KEYS.RELATED].newValue, DEFAULT_RELATED).feeds);
  });
  const stored = await loadRelated(api.storage.local);
  renderFeeds(stored.feeds);
  $('recording').checked = stored.recording;
  await Promise.all([renderCount(), renderArticles()]);
}
