// The options page: built-in rules on/off, subscriptions, imported files,
// the custom rules editor with live lint from the engine, export, and the
// confirmation for abp:subscribe links (options.html#subscribe?location=…).
import { api, sendMessage } from '../shared/browser.js';
import { MSG } from '../shared/messages.js';
import { DEFAULT_SETTINGS, KEYS, migrate, migrateRules, updateRules } from '../shared/settings.js';
import { nextUpdate, parseAbpSubscribe } from '../shared/rules.js';
import { initRelated } from './related.js';
import { errorText, setStatus } from './status.js';

const $ = (id) => document.getElementById(id);
/** Lint after the user stops typing for this long. */
const LINT_DEBOUNCE_MS = 250;
/** Diagnostics shown at most (the summary counts them all). */
const MAX_DIAGNOSTICS = 200;

async function load() {
  const got = await api.storage.local.get([KEYS.RULES, KEYS.SETTINGS]);
  return { rules: migrateRules(got[KEYS.RULES]), settings: migrate(got[KEYS.SETTINGS], DEFAULT_SETTINGS) };
}

async function saveRules(mutate) {
  const next = await updateRules(api.storage.local, (rules) => mutate(rules) || rules);
  const summary = await sendMessage({ type: MSG.RULES_CHANGED });
  return { rules: next, summary };
}

function when(ms) {
  return ms ? new Date(ms).toLocaleString() : '—';
}

/**
 * savedOrShown saves the rules as saveRules does and returns them; a
 * failure is shown in the status line statusId ("Could not <what>: …")
 * and gives null.
 */
async function savedOrShown(statusId, what, mutate) {
  try {
    return (await saveRules(mutate)).rules;
  } catch (err) {
    setStatus(statusId, `Could not ${what}: ${errorText(err)}`, true);
    return null;
  }
}

/**
 * updateSubs asks the background to update one list (or all) and shows the
 * answer; a failure is shown next to the table, whose rows stay as they are.
 */
async function updateSubs(url) {
  setStatus('subs-status', '');
  let res;
  try {
    res = await sendMessage(url ? { type: MSG.UPDATE_SUBSCRIPTIONS, url } : { type: MSG.UPDATE_SUBSCRIPTIONS });
  } catch (err) {
    res = { error: errorText(err) };
  }
  if (res && Array.isArray(res.subscriptions)) renderSubs(res.subscriptions);
  else setStatus('subs-status', `Could not update: ${(res && res.error) || 'no answer from the background'}`, true);
  return res;
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
      await updateSubs(s.url);
      upd.disabled = false;
    });
    const rm = document.createElement('button');
    rm.textContent = 'Remove';
    rm.setAttribute('aria-label', `Remove ${s.title || s.url}`);
    rm.addEventListener('click', async () => {
      const rules = await savedOrShown('subs-status', `remove ${s.title || s.url}`, (r) => ({ ...r, subscriptions: r.subscriptions.filter((x) => x.url !== s.url) }));
      if (!rules) return;
      renderSubs(rules.subscriptions);
      setStatus('subs-status', '');
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
      const rules = await savedOrShown('import-status', `remove ${f.name}`, (r) => ({ ...r, imported: r.imported.filter((x) => x.name !== f.name) }));
      if (!rules) return;
      renderImported(rules.imported);
      setStatus('import-status', '');
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

/**
 * The stored "My rules" text the editor was loaded from (or last saved):
 * lines stored since then were added elsewhere ("Not a banner", the
 * element picker) and are kept when the editor's text is saved.
 */
let customBase = '';
/** The editor has changes that are not saved. */
let customDirty = false;

function ruleLines(text) {
  return String(text ?? '').split('\n').map((l) => l.trim()).filter(Boolean);
}

/**
 * addedElsewhere returns the lines of stored that were not in base (the
 * text the editor was loaded from) and are not in the editor's text.
 */
function addedElsewhere(base, stored, edited) {
  const known = new Set([...ruleLines(base), ...ruleLines(edited)]);
  return [...new Set(ruleLines(stored))].filter((l) => !known.has(l));
}

/** withLines appends lines to text, one a line. */
function withLines(text, lines) {
  return (text && !text.endsWith('\n') ? text + '\n' : text) + lines.join('\n') + '\n';
}

async function saveCustom() {
  const text = $('custom').value;
  let kept = [];
  try {
    const { rules } = await saveRules((r) => {
      kept = String(r.custom ?? '') === customBase ? [] : addedElsewhere(customBase, r.custom, text);
      if (!kept.length) return { ...r, custom: text };
      return { ...r, custom: withLines(text, kept) };
    });
    customBase = rules.custom;
    if ($('custom').value === text) {
      $('custom').value = rules.custom;
      customDirty = false;
    } else if (kept.length) {
      // Typed on while saving: those edits stay unsaved, with the kept lines.
      $('custom').value = withLines($('custom').value, kept);
    }
  } catch (err) {
    setStatus('saved', `Your rules were not saved: ${errorText(err)}`, true);
    return;
  }
  const note = kept.length === 1 ? ' 1 rule added elsewhere was kept.' : kept.length ? ` ${kept.length} rules added elsewhere were kept.` : '';
  setStatus('saved', `Saved at ${new Date().toLocaleTimeString()}.${note}${customDirty ? ' Unsaved changes.' : ''}`);
  if (kept.length) scheduleLint();
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
  setStatus('subs-status', '');
  try {
    const res = await sendMessage({ type: MSG.SUBSCRIBE, url, title });
    if (res && res.error) setStatus('subs-status', `Could not subscribe to ${url}: ${res.error}`, true);
    const { rules } = await load();
    renderSubs(rules.subscriptions);
    return res;
  } catch (err) {
    setStatus('subs-status', `Could not subscribe to ${url}: ${errorText(err)}`, true);
    return { error: errorText(err) };
  }
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
  customBase = String(rules.custom ?? '');
  $('custom').value = customBase;
  renderSubs(rules.subscriptions);
  renderImported(rules.imported);

  // A switch that could not be saved goes back to what is stored.
  $('builtin').addEventListener('change', async () => {
    const on = $('builtin').checked;
    if (await savedOrShown('settings-status', 'save the switch', (r) => ({ ...r, builtinEnabled: on }))) setStatus('settings-status', '');
    else $('builtin').checked = !on;
  });
  $('autoclean').addEventListener('change', async () => {
    const on = $('autoclean').checked;
    try {
      const cur = (await load()).settings;
      await api.storage.local.set({ [KEYS.SETTINGS]: { ...cur, autoClean: on } });
      setStatus('settings-status', '');
    } catch (err) {
      $('autoclean').checked = !on;
      setStatus('settings-status', `Could not save the switch: ${errorText(err)}`, true);
    }
  });
  $('sub-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    await subscribe($('sub-url').value.trim(), '');
    $('sub-url').value = '';
  });
  $('update-all').addEventListener('click', async () => {
    $('update-all').disabled = true;
    await updateSubs();
    $('update-all').disabled = false;
  });
  $('import-file').addEventListener('change', async () => {
    const file = $('import-file').files[0];
    if (!file) return;
    try {
      const text = await file.text();
      const { rules: r } = await saveRules((cur) => ({
        ...cur,
        imported: [...cur.imported.filter((f) => f.name !== file.name), { name: file.name, text, importedAt: Date.now() }],
      }));
      renderImported(r.imported);
      setStatus('import-status', `Imported ${file.name}.`);
    } catch (err) {
      setStatus('import-status', `Could not import ${file.name}: ${errorText(err)}`, true);
    }
    $('import-file').value = '';
  });
  $('custom').addEventListener('input', () => {
    customDirty = true;
    setStatus('saved', 'Unsaved changes.');
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
    const r = migrateRules(changes[KEYS.RULES].newValue);
    renderSubs(r.subscriptions);
    // Unsaved edits stay; Save keeps what was added meanwhile.
    if (!customDirty) {
      customBase = String(r.custom ?? '');
      if ($('custom').value !== customBase) $('custom').value = customBase;
    }
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
