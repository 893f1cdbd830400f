// Message types between the content script, the background (engine host),
// the reader page, the popup and the options page.
export const MSG = Object.freeze({
  // content → background: {html, url, purpose: 'auto'|'reader', id, open?, links?, reuse?}
  //   → auto: {detections, readerable, title, cleanMs, timing} | reader: {ok, cleanMs} | {needHtml}
  CLEAN: 'clean',
  // content → background: {count} (what the page really hid; sets the badge)
  HIDDEN_COUNT: 'hidden-count',
  // reader page → background: {open, prefetch?} → {result, related, …}: the article of the opening `open` in this tab
  //   (prefetch: asked by a frame in standby, before any toggle)
  READER_DATA: 'reader-data',
  // reader page → background → content: {open} a frame in standby has rendered that opening's article
  READER_PREFETCHED: 'reader-prefetched',
  // background → content → its standby reader frame (STANDBY_RELATED): the related index changed (an
  //   article rendered in advance may list stale coverage)
  RELATED_CHANGED: 'related-changed',
  // reader page → background → content: close the reader overlay
  READER_CLOSE: 'reader-close',
  // background → content: {open} the reader frame of that opening asked for its article
  READER_AWAKE: 'reader-awake',
  // background/tests → content: {on} prepare or drop the standby reader frame
  READER_STANDBY: 'reader-standby',
  // reader page → background → content: {t, marks, open} the reader has painted
  READER_PAINTED: 'reader-painted',
  // background/popup → content: open or close the reader view
  TOGGLE_READER: 'toggle-reader',
  // popup → content: → {hidden, skipped, enabled, readerOpen}
  PAGE_STATE: 'page-state',
  // popup → content: {id} show one hidden element again
  SHOW_AGAIN: 'show-again',
  // popup → content: {enabled} turn cleanup on/off for this page now
  SET_ENABLED: 'set-enabled',
  // popup → content: start the element picker
  START_PICKER: 'start-picker',
  // popup/content → background: {id, host, detection} add an exception to the custom list
  NOT_A_BANNER: 'not-a-banner',
  // content (picker) → background: {host, selector, category} add a hiding rule
  ADD_RULE: 'add-rule',
  // options → background: {text} → {diagnostics, counts, header} | {unsupported}
  LINT: 'lint',
  // options → background: rules changed in storage, reload them into the engine
  RULES_CHANGED: 'rules-changed',
  // options → background: {url} add (and fetch) a subscription
  SUBSCRIBE: 'subscribe',
  // options → background: {url?} update one or all subscriptions now
  UPDATE_SUBSCRIPTIONS: 'update-subscriptions',
  // content → background: {location, title} an abp:subscribe link was followed
  ABP_SUBSCRIBE: 'abp-subscribe',
  // content → background: {url, loading} as a page starts loading (loading: true: a fresh engine warms up), or
  //   shows an article rendered in advance: wake the worker (and so start the engine); it notes the page the tab shows
  WAKE: 'wake',
  // any → background: → {version, capabilities, stats}
  ENGINE_INFO: 'engine-info',
  // bench/tests → content: → timing statistics
  STATS: 'stats',
  // bench → content: → the page's HTML as the engine gets it (serializePage)
  PAGE_HTML: 'page-html',
  // Related coverage (the reader's panel, the options page's history and feeds):
  // reader → background: {text, passages} → {spans: [{start, end} | null]} (one per passage)
  RELATED_QUOTES: 'related-quotes',
  // options → background: → {recording, articles, indexed, loadMs, feeds}
  RELATED_INFO: 'related-info',
  // options → background: {recording} pause or resume recording
  RELATED_RECORDING: 'related-recording',
  // options → background: {id} forget one article
  RELATED_FORGET: 'related-forget',
  // options → background: forget every article
  RELATED_CLEAR: 'related-clear',
  // options → background: {lines: [JSON line]} → {added, errors: [{line, error}]}
  RELATED_IMPORT: 'related-import',
  // options → background: {url} add a feed (after permissions.request) and fetch it
  FEED_ADD: 'feed-add',
  // options → background: {url} remove a feed and its items
  FEED_REMOVE: 'feed-remove',
  // options → background: {url?} refresh one or every feed now
  FEEDS_UPDATE: 'feeds-update',
});

/** The reader page's address parameter that puts it in standby (content/reader-frame.js). */
export const STANDBY_PARAM = 'standby';
/** The reader page's address parameter naming the opening whose article it shows. */
export const OPEN_PARAM = 'open';
/** The type of the message (posted, JSON) that wakes a standby reader frame: {type, token, open}. */
export const STANDBY_WAKE = 'tidings-reader-wake';
/**
 * The type of the message (posted, JSON: {type, token}) with which the
 * content script passes MSG.RELATED_CHANGED on to its standby reader
 * frame. The frame listens for no runtime message: a listener there would
 * receive every message any content script sends the background, each
 * page's whole HTML included.
 */
export const STANDBY_RELATED = 'tidings-reader-related';

/** The reader-view keyboard shortcut (also declared under "commands"). */
export const READER_SHORTCUT = Object.freeze({ alt: true, shift: true, ctrl: false, meta: false, code: 'KeyR', label: 'Alt+Shift+R' });
