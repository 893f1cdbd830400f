// The settings schema: what Tidings keeps in storage.local, its defaults,
// and the migration that keeps user data across extension updates (unknown
// keys are kept, missing ones filled, nothing a user wrote is dropped).

/** Storage keys. */
export const KEYS = Object.freeze({ SETTINGS: 'settings', RULES: 'rules', READER: 'reader', RELATED: 'related' });

/** The current schema version. */
export const SCHEMA_VERSION = 1;

export const DEFAULT_SETTINGS = Object.freeze({
  schema: SCHEMA_VERSION,
  // In-page cleanup on article pages.
  autoClean: true,
  // hostname → false for the sites where the user switched cleanup off.
  disabledSites: {},
});

export const DEFAULT_RULES = Object.freeze({
  schema: SCHEMA_VERSION,
  // The rules shipped in the engine.
  builtinEnabled: true,
  // The user's own list (rules, exceptions from "not a banner", picker rules).
  custom: '',
  // Lists imported from files: [{name, text, importedAt}].
  imported: [],
  // Subscriptions: [{url, title, text, lastUpdate, lastAttempt, expiresMs, error}].
  subscriptions: [],
});

export const DEFAULT_RELATED = Object.freeze({
  schema: SCHEMA_VERSION,
  // Record the articles the reader opens (the local index of related
  // coverage, kept in IndexedDB); false pauses it.
  recording: true,
  // News feeds: [{url, title, lastUpdate, lastAttempt, error, items, ttl}].
  feeds: [],
});

export const THEMES = Object.freeze(['system', 'light', 'dark', 'sepia']);
export const FONTS = Object.freeze(['serif', 'sans', 'mono']);

export const DEFAULT_READER = Object.freeze({
  schema: SCHEMA_VERSION,
  theme: 'system',
  font: 'serif',
  // Font size in px.
  size: 20,
  // Line width in ch.
  width: 68,
  // Line height, unitless.
  lineHeight: 1.6,
});

/** Bounds for the reader's adjustable values: [min, max, step]. */
export const READER_BOUNDS = Object.freeze({
  size: [12, 36, 1],
  width: [40, 100, 4],
  lineHeight: [1.2, 2.2, 0.1],
});

function plainObject(v) {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/**
 * migrate returns stored data brought to the current schema: defaults for
 * missing or mistyped keys, every other key kept as it was.
 */
export function migrate(stored, defaults) {
  const out = { ...(plainObject(stored) ? stored : {}) };
  for (const [k, v] of Object.entries(defaults)) {
    const have = out[k];
    const ok = Array.isArray(v) ? Array.isArray(have) : plainObject(v) ? plainObject(have) : typeof have === typeof v;
    if (!ok) out[k] = Array.isArray(v) ? [...v] : plainObject(v) ? { ...v } : v;
  }
  out.schema = SCHEMA_VERSION;
  return out;
}

/** migrateRules is migrate for the stored rules, whose list entries are repaired too (repairRules). */
export function migrateRules(stored) {
  return repairRules(migrate(stored, DEFAULT_RULES));
}

/**
 * repairRules keeps the imported files and subscriptions that can be
 * read: an entry that is not an object, or a subscription without an
 * address, is dropped (nothing of the user's is in it); every entry gets
 * a text (empty when it had none), and a name, title or error of another
 * type becomes empty, a time that is not a number 0. One broken entry
 * used to disable the options page and fail every page's cleanup.
 */
function repairRules(rules) {
  const fix = (entry, strings, numbers) => {
    const out = { ...entry, text: typeof entry.text === 'string' ? entry.text : '' };
    for (const k of strings) if (k in out && typeof out[k] !== 'string') out[k] = '';
    for (const k of numbers) if (k in out && !Number.isFinite(out[k])) out[k] = 0;
    return out;
  };
  rules.imported = rules.imported.filter(plainObject).map((f) => fix(f, ['name'], ['importedAt']));
  rules.subscriptions = rules.subscriptions
    .filter((s) => plainObject(s) && typeof s.url === 'string' && s.url !== '')
    .map((s) => fix(s, ['title', 'error'], ['lastUpdate', 'lastAttempt', 'expiresMs']));
  return rules;
}

/** clampReader keeps reader settings within their bounds and lists. */
export function clampReader(r) {
  const out = migrate(r, DEFAULT_READER);
  if (!THEMES.includes(out.theme)) out.theme = DEFAULT_READER.theme;
  if (!FONTS.includes(out.font)) out.font = DEFAULT_READER.font;
  for (const [k, [min, max]] of Object.entries(READER_BOUNDS)) {
    const v = Number(out[k]);
    out[k] = Number.isFinite(v) ? Math.min(max, Math.max(min, Math.round(v * 10) / 10)) : DEFAULT_READER[k];
  }
  return out;
}

/** siteEnabled tells whether cleanup runs on a host. */
export function siteEnabled(settings, host) {
  const s = migrate(settings, DEFAULT_SETTINGS);
  return s.autoClean && s.disabledSites[host] !== false;
}

/** loadRelated reads and migrates the related-coverage settings from a storage area. */
export async function loadRelated(area) {
  return migrate((await area.get(KEYS.RELATED))[KEYS.RELATED], DEFAULT_RELATED);
}

/** The Web Lock every extension context that changes the stored rules holds while it does (updateRules). */
export const RULES_LOCK = 'tidings-rules';

/**
 * updateRules changes the stored rules: mutate(rules, stored) gets them
 * migrated (and as stored) and returns the rules to store, or null to
 * store nothing. The read, the change and the write happen under the Web
 * Lock RULES_LOCK, which the options page and the background both take,
 * so that neither writes over a change of the other's with rules read
 * before it (a custom rule saved while a subscription's update is
 * written, say). Without Web Locks (Node's tests) it runs as it is.
 * Resolves to the rules stored now.
 */
export async function updateRules(area, mutate, locks = globalThis.navigator && globalThis.navigator.locks) {
  const change = async () => {
    const stored = (await area.get([KEYS.RULES]))[KEYS.RULES];
    const rules = migrateRules(stored);
    const next = mutate(rules, stored);
    if (next == null) return rules;
    await area.set({ [KEYS.RULES]: next });
    return next;
  };
  return locks ? locks.request(RULES_LOCK, change) : change();
}

/** loadAll reads and migrates every key from a storage area. */
export async function loadAll(area) {
  const got = await area.get([KEYS.SETTINGS, KEYS.RULES, KEYS.READER, KEYS.RELATED]);
  return {
    settings: migrate(got[KEYS.SETTINGS], DEFAULT_SETTINGS),
    rules: migrateRules(got[KEYS.RULES]),
    reader: clampReader(got[KEYS.READER]),
    related: migrate(got[KEYS.RELATED], DEFAULT_RELATED),
  };
}
