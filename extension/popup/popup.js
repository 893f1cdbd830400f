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

function renderItem(tabId, state, item) {
  const div = document.createElement('div');
  div.className = 'item';
  const snip = document.createElement('p');
  snip.className = 'snippet';
  snip.textContent = item.snippet || '(no text)';
  const why = document.createElement('p');
  why.className = 'why';
  why.textContent = describeDetection(item);
  const actions = document.createElement('div');
  actions.className = 'actions';
  const show = document.createElement('button');
  show.textContent = 'Show again';
  show.addEventListener('click', async () => {
    const res = await toTab(tabId, { type: MSG.SHOW_AGAIN, id: item.id });
    if (res && res.state) renderHidden(tabId, res.state);
  });
  const notBanner = document.createElement('button');
  notBanner.textContent = 'Not a banner';
  notBanner.title = 'Show it again and add an exception to your rules';
  notBanner.addEventListener('click', async () => {
    const added = await sendMessage({ type: MSG.NOT_A_BANNER, host: state.host, detection: item });
    if (!added || added.error) {
      say((added && added.error) || 'Could not add an exception.');
      return;
    }
    say(`Added to your rules: ${added.line}`);
    const res = await toTab(tabId, { type: MSG.SHOW_AGAIN, id: item.id });
    if (res && res.state) renderHidden(tabId, res.state);
  });
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
