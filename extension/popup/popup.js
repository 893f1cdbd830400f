// The toolbar popup: the reader view button, the per-site switch, and what
// was hidden on this page by category, each with "show again" and "not a
// banner" (which writes an exception to the user's custom list).
import { api, sendMessage } from '../shared/browser.js';
import { MSG } from '../shared/messages.js';
import { DEFAULT_SETTINGS, KEYS, migrate } from '../shared/settings.js';
import { describeDetection, groupDetections } from '../reader/view.js';

const $ = (id) => document.getElementById(id);

// The tab this popup is about: the active tab, or ?tab=ID (used when the
// popup is opened as a page, e.g. by the tests).
async function targetTab() {
  const param = new URLSearchParams(location.search).get('tab');
  if (param) return Number(param);
  const [tab] = await api.tabs.query({ active: true, currentWindow: true });
  return tab ? tab.id : null;
}

function toTab(tabId, msg) {
  return api.tabs.sendMessage(tabId, msg, { frameId: 0 }).catch(() => null);
}

function say(text) {
  $('message').textContent = text;
}

function renderHidden(tabId, state) {
  const list = $('hidden-list');
  list.replaceChildren();
  if (state.hidden.length === 0) {
    const p = document.createElement('p');
    p.className = 'muted';
    p.textContent = state.enabled ? (state.readerable ? 'Nothing hidden on this page.' : 'This page does not look like an article; nothing hidden.') : 'Cleanup is off for this site.';
    list.appendChild(p);
  }
  for (const [category, items] of groupDetections(state.hidden)) {
    const h = document.createElement('h3');
    h.textContent = `${category} (${items.length})`;
    list.appendChild(h);
    for (const item of items) list.appendChild(renderItem(tabId, state, item));
  }
  const skipped = state.skipped.filter((s) => s.reason !== 'duplicate');
  $('skipped').hidden = skipped.length === 0;
  $('skipped').textContent = `${skipped.length} detection(s) not hidden: the page did not match what the engine saw (${[...new Set(skipped.map((s) => s.reason))].join(', ')}).`;
}

/**
 * showAgain shows a hidden item on the page again and renders the list
 * anew; the focus, on `button` (one of the item's), goes to the same
 * button of the item now in its place, or to the section's heading when
 * none is, and `said` plus what happened is announced.
 */
async function showAgain(tabId, item, button, said = '') {
  const items = Array.from($('hidden-list').querySelectorAll('.item'));
  const at = items.indexOf(button.closest('.item'));
  const which = Array.from(button.parentElement.children).indexOf(button);
  const res = await toTab(tabId, { type: MSG.SHOW_AGAIN, id: item.id });
  if (!res || !res.state) {
    say(`${said}Could not show it again: the page did not answer.`);
    return;
  }
  renderHidden(tabId, res.state);
  const left = res.state.hidden.length;
  say(`${said}Shown on the page again: ${clip(item.snippet || '(no text)')}. ${left ? `${left} still hidden.` : 'Nothing hidden any more.'}`);
  const next = $('hidden-list').querySelectorAll('.item')[at];
  const target = next ? next.querySelectorAll('.actions button')[which] : null;
  (target || $('hidden-title')).focus();
}

function clip(s, max = 60) {
  const t = String(s).replace(/\s+/g, ' ').trim();
  return t.length > max ? t.slice(0, max - 1) + '…' : t;
}

let snippetIds = 0;

function renderItem(tabId, state, item) {
  const div = document.createElement('div');
  div.className = 'item';
  const snip = document.createElement('p');
  snip.className = 'snippet';
  snip.id = `snippet-${++snippetIds}`;
  snip.textContent = item.snippet || '(no text)';
  const why = document.createElement('p');
  why.className = 'why';
  why.textContent = describeDetection(item);
  const actions = document.createElement('div');
  actions.className = 'actions';
  const show = document.createElement('button');
  show.textContent = 'Show again';
  show.addEventListener('click', () => showAgain(tabId, item, show));
  const notBanner = document.createElement('button');
  notBanner.textContent = 'Not a banner';
  notBanner.title = 'Show it again and add an exception to your rules';
  notBanner.addEventListener('click', async () => {
    const added = await sendMessage({ type: MSG.NOT_A_BANNER, host: state.host, detection: item });
    if (!added || added.error) {
      say((added && added.error) || 'Could not add an exception.');
      return;
    }
    await showAgain(tabId, item, notBanner, `Added to your rules: ${added.line}. `);
  });
  // The buttons repeat on every item: which item is theirs.
  for (const b of [show, notBanner]) {
    b.type = 'button';
    b.setAttribute('aria-describedby', snip.id);
  }
  actions.append(show, notBanner);
  div.append(snip, why, actions);
  return div;
}

async function main() {
  const tabId = await targetTab();
  $('options').addEventListener('click', () => api.runtime.openOptionsPage());
  $('reader').addEventListener('click', async () => {
    const res = await sendMessage({ type: MSG.TOGGLE_READER, tabId });
    if (res && res.error) say(res.error);
    else if (!new URLSearchParams(location.search).get('tab')) window.close();
  });
  const state = tabId != null ? await toTab(tabId, { type: MSG.PAGE_STATE }) : null;
  if (!state) {
    say('Tidings does not run on this page.');
    for (const id of ['reader', 'enabled', 'picker']) $(id).disabled = true;
    $('hidden-section').hidden = true;
    return;
  }
  $('host').textContent = state.host;
  $('enabled').checked = state.enabled;
  if (state.error) say(`Engine: ${state.error}`);
  else if (state.notice) say(state.notice);
  renderHidden(tabId, state);
  $('enabled').addEventListener('change', async () => {
    const enabled = $('enabled').checked;
    const got = await api.storage.local.get(KEYS.SETTINGS);
    const settings = migrate(got[KEYS.SETTINGS], DEFAULT_SETTINGS);
    const disabledSites = { ...settings.disabledSites };
    if (enabled) delete disabledSites[state.host];
    else disabledSites[state.host] = false;
    await api.storage.local.set({ [KEYS.SETTINGS]: { ...settings, disabledSites } });
    const fresh = await toTab(tabId, { type: MSG.SET_ENABLED, enabled });
    if (fresh) renderHidden(tabId, fresh);
  });
  $('picker').addEventListener('click', async () => {
    await toTab(tabId, { type: MSG.START_PICKER });
    if (!new URLSearchParams(location.search).get('tab')) window.close();
  });
}

main();
