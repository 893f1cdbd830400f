// The options page: built-in rules on/off, subscriptions, imported files,
// the custom rules editor with live lint from the engine, export, and the
// confirmation for abp:subscribe links (options.html#subscribe?location=…).
import { api, sendMessage } from '../shared/browser.js';
import { MSG } from '../shared/messages.js';
import { DEFAULT_RULES, DEFAULT_SETTINGS, KEYS, migrate } from '../shared/settings.js';
import { nextUpdate, parseAbpSubscribe } from '../shared/rules.js';
import { initRelated } from './related.js';

const $ = (id) => document.getElementById(id);
/** Lint after the user stops typing for this long. */
const LINT_DEBOUNCE_MS = 250;
/** Diagnostics shown at most (the summary counts them all). */
const MAX_DIAGNOSTICS = 200;

async function load() {
  const got = await api.storage.local.get([KEYS.RULES, KEYS.SETTINGS]);
  return { rules: migrate(got[KEYS.RULES], DEFAULT_RULES), settings: migrate(got[KEYS.SETTINGS], DEFAULT_SETTINGS) };
}

async function saveRules(mutate) {
  const { rules } = await load();
  const next = mutate(rules) || rules;
  await api.storage.local.set({ [KEYS.RULES]: next });
  const summary = await sendMessage({ type: MSG.RULES_CHANGED });
  return { rules: next, summary };
}

function when(ms) {
  return ms ? new Date(ms).toLocaleString() : '—';
}

function renderSubs(subs) {
  const body = $('subs').querySelector('tbody');
  body.replaceChildren();
  for (const s of subs) {
    const tr = document.createElement('tr');
    const name = document.createElement('td');
    name.className = 'url';
    name.textContent = s.title ? `${s.title} — ${s.url}` : s.url;
    const last = document.createElement('td');
    last.textContent = when(s.lastUpdate);
    const next = document.createElement('td');
    next.textContent = when(nextUpdate(s));
    const status = document.createElement('td');
    status.textContent = s.error ? `Error: ${s.error}` : s.lastUpdate ? `OK, ${s.text.split('\n').length} lines` : 'Not downloaded yet';
    if (s.error) status.className = 'error';
    const actions = document.createElement('td');
    const upd = document.createElement('button');
    upd.textContent = 'Update now';
    upd.setAttribute('aria-label', `Update ${s.title || s.url} now`);
    upd.addEventListener('click', async () => {
      upd.disabled = true;
      const res = await sendMessage({ type: MSG.UPDATE_SUBSCRIPTIONS, url: s.url });
      renderSubs(res.subscriptions);
    });
    const rm = document.createElement('button');
    rm.textContent = 'Remove';
    rm.setAttribute('aria-label', `Remove ${s.title || s.url}`);
    rm.addEventListener('click', async () => {
      const { rules } = await saveRules((r) => ({ ...r, subscriptions: r.subscriptions.filter((x) => x.url !== s.url) }));
      renderSubs(rules.subscriptions);
    });
    actions.append(upd, ' ', rm);
    tr.append(name, last, next, status, actions);
    body.appendChild(tr);
  }
}

function renderImported(files) {
  const ul = $('imported');
  ul.replaceChildren();
  for (const f of files) {
    const li = document.createElement('li');
    li.textContent = `${f.name} (${f.text.split('\n').length} lines, ${when(f.importedAt)}) `;
    const rm = document.createElement('button');
    rm.textContent = 'Remove';
    rm.setAttribute('aria-label', `Remove ${f.name}`);
    rm.addEventListener('click', async () => {
      const { rules } = await saveRules((r) => ({ ...r, imported: r.imported.filter((x) => x.name !== f.name) }));
      renderImported(rules.imported);
    });
    li.appendChild(rm);
    ul.appendChild(li);
  }
}

function renderLint(res) {
  const ul = $('diagnostics');
  ul.replaceChildren();
  if (!res || res.unsupported) {
    $('lint-summary').textContent = 'This engine build cannot check rules yet; they are saved as written.';
    return;
  }
  if (res.error) {
    $('lint-summary').textContent = `Could not check the rules: ${res.error}`;
    return;
  }
  const diags = res.diagnostics || [];
  const c = res.counts || {};
  const errors = c.errors ?? diags.filter((d) => d.severity === 'error').length;
  const warnings = c.warnings ?? diags.filter((d) => d.severity === 'warning').length;
  const cats = c.byCategory ? Object.entries(c.byCategory).map(([k, v]) => `${v} ${k}`).join(', ') : '';
  $('lint-summary').textContent = `${c.rules ?? 0} rule(s) · ${errors} error(s), ${warnings} warning(s)${cats ? ' · ' + cats : ''}`;
  for (const d of diags.slice(0, MAX_DIAGNOSTICS)) {
    const li = document.createElement('li');
    li.className = d.severity === 'error' ? 'error' : d.severity === 'warning' ? 'warning' : 'muted';
    li.textContent = `${d.line ? `line ${d.line}` : 'list'}: ${d.severity}: ${d.message}`;
    ul.appendChild(li);
  }
}

let lintTimer = 0;
function scheduleLint() {
  clearTimeout(lintTimer);
  lintTimer = setTimeout(async () => renderLint(await sendMessage({ type: MSG.LINT, text: $('custom').value })), LINT_DEBOUNCE_MS);
}

async function saveCustom() {
  const text = $('custom').value;
  await saveRules((r) => ({ ...r, custom: text }));
  $('saved').textContent = `Saved at ${new Date().toLocaleTimeString()}.`;
}

function exportRules() {
  const blob = new Blob([$('custom').value], { type: 'text/plain' });
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = 'tidings-my-rules.txt';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

async function subscribe(url, title) {
  const res = await sendMessage({ type: MSG.SUBSCRIBE, url, title });
  if (res && res.error) alert(res.error);
  const { rules } = await load();
  renderSubs(rules.subscriptions);
  return res;
}

function handleSubscribeLink() {
  const m = /^#subscribe\?(.*)$/.exec(location.hash);
  if (!m) return;
  const sub = parseAbpSubscribe('abp:subscribe?' + m[1]);
  if (!sub) return;
  $('sd-name').textContent = sub.title || sub.location;
  $('sd-url').textContent = sub.location;
  const dialog = $('subscribe-dialog');
  dialog.addEventListener('close', async () => {
    history.replaceState(null, '', location.pathname);
    if (dialog.returnValue === 'ok') await subscribe(sub.location, sub.title);
  }, { once: true });
  dialog.showModal();
}

async function main() {
  const { rules, settings } = await load();
  $('builtin').checked = rules.builtinEnabled;
  $('autoclean').checked = settings.autoClean;
  const off = Object.keys(settings.disabledSites);
  $('disabled-sites').textContent = off.length ? `Cleanup is off on: ${off.join(', ')} (switch it back on from the toolbar popup).` : '';
  $('custom').value = rules.custom;
  renderSubs(rules.subscriptions);
  renderImported(rules.imported);

  $('builtin').addEventListener('change', () => saveRules((r) => ({ ...r, builtinEnabled: $('builtin').checked })));
  $('autoclean').addEventListener('change', async () => {
    const cur = (await load()).settings;
    await api.storage.local.set({ [KEYS.SETTINGS]: { ...cur, autoClean: $('autoclean').checked } });
  });
  $('sub-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    await subscribe($('sub-url').value.trim(), '');
    $('sub-url').value = '';
  });
  $('update-all').addEventListener('click', async () => {
    const res = await sendMessage({ type: MSG.UPDATE_SUBSCRIPTIONS });
    renderSubs(res.subscriptions);
  });
  $('import-file').addEventListener('change', async () => {
    const file = $('import-file').files[0];
    if (!file) return;
    const text = await file.text();
    const { rules: r } = await saveRules((cur) => ({
      ...cur,
      imported: [...cur.imported.filter((f) => f.name !== file.name), { name: file.name, text, importedAt: Date.now() }],
    }));
    renderImported(r.imported);
    $('import-file').value = '';
  });
  $('custom').addEventListener('input', () => {
    $('saved').textContent = 'Unsaved changes.';
    scheduleLint();
  });
  $('custom').addEventListener('keydown', (e) => {
    if ((e.ctrlKey || e.metaKey) && e.key === 's') {
      e.preventDefault();
      saveCustom();
    }
  });
  $('save').addEventListener('click', saveCustom);
  // The controls showing stored values stay disabled (options.html) until
  // they show them: typed earlier, a rule would be replaced by the stored
  // text, and a click would be saved over by the stored switch.
  for (const id of ['builtin', 'autoclean', 'custom', 'save']) $(id).disabled = false;
  $('export').addEventListener('click', exportRules);
  api.storage.onChanged.addListener((changes, area) => {
    if (area !== 'local' || !changes[KEYS.RULES]) return;
    const r = migrate(changes[KEYS.RULES].newValue, DEFAULT_RULES);
    renderSubs(r.subscriptions);
    if (r.custom !== $('custom').value && $('saved').textContent !== 'Unsaved changes.') $('custom').value = r.custom;
  });
  const related = initRelated().catch((err) => {
    document.getElementById('related-count').textContent = `Related coverage is unavailable: ${err.message}`;
  });
  window.addEventListener('hashchange', handleSubscribeLink);
  handleSubscribeLink();
  scheduleLint();
  const info = await sendMessage({ type: MSG.ENGINE_INFO });
  if (info && info.version) {
    const caps = info.capabilities;
    $('engine').textContent = `Engine ${info.version}.` + (caps.setRules ? '' : ' This engine build does not take user rules yet: they are kept and applied once it does.');
  }
  await related;
}

main().catch((err) => {
  // The stored settings could not be read: say so next to the controls,
  // which stay disabled rather than save over what could not be shown.
  $('saved').textContent = `Your rules and settings could not be read: ${(err && err.message) || err}`;
});
