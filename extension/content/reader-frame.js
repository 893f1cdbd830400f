// The reader view's frame on the page: an extension page (reader/reader.html,
// under the extension's strict CSP) in a full-viewport iframe inside a
// closed shadow root, so neither the page's scripts nor its styles reach
// it. While it is shown, the frame's host is a modal dialog and the page's
// other top-level elements are inert (no focus, no clicks, hidden from
// screen readers); closing it removes it, takes back exactly the inert
// attributes it added, and puts the scroll position and focus back.
//
// Loading that page takes most of the time between the toggle and the
// article on screen (a frame in another process, its document, styles and
// scripts: ~100 ms or more on a slow machine). So on article pages the
// content script may prepare one in advance (prepare): the frame loads
// hidden (display: none, so nothing is drawn and the page's layout is
// untouched) and waits in standby; open() then shows it and wakes it: a
// message posted to the frame with the token from the frame's address (the
// page cannot read the address of a frame in a closed shadow root, nor see
// a message posted to it), repeated until the frame is awake (it may still
// be loading): the background says so (awake()) when the frame asks for
// its article. A frame that does not wake is replaced by a new one. The
// background's note that the related index changed reaches the standby
// frame the same way (relatedChanged), so that the frame needs no runtime
// listener.
import { OWN_ATTR } from './serialize.js';
import { OPEN_PARAM, STANDBY_PARAM, STANDBY_RELATED, STANDBY_WAKE } from '../shared/messages.js';

const HOST_TAG = 'tidings-reader';
const LABEL = 'Reader view';
// The frame must sit above everything the page stacks.
const TOP_Z = '2147483647';
/** How often open() tells a standby frame it is shown until it answers, and for how long. */
const SHOW_RETRY_MS = 15;
const SHOW_WAIT_MS = 3000;

function setStyles(el, styles) {
  // CSSOM writes are allowed under a strict style-src policy.
  for (const [k, v] of Object.entries(styles)) el.style.setProperty(k, v, 'important');
}

function newToken() {
  const a = new Uint32Array(4);
  crypto.getRandomValues(a);
  return Array.from(a, (x) => x.toString(36)).join('');
}

export class ReaderFrame {
  /**
   * @param {Document} doc the page
   * @param {string} frameURL the reader page's address
   */
  constructor(doc, frameURL, { showWaitMs = SHOW_WAIT_MS } = {}) {
    this.doc = doc;
    this.frameURL = frameURL;
    this.showWaitMs = showWaitMs;
    // The opening whose standby frame is being woken, until it is awake.
    this.waking = null;
    this.host = null;
    this.frame = null;
    this.shown = false;
    this.saved = null;
    // The page's elements made inert while the reader is shown (to undo on close).
    this.madeInert = [];
    // The MutationObserver following the page while the reader is shown.
    this.pageWatch = null;
    // The prepared frame's token while in standby.
    this.standby = null;
  }

  get isOpen() {
    return this.shown;
  }

  /** isPrepared tells whether a standby frame is waiting (not shown yet). */
  get isPrepared() {
    return !this.shown && this.standby !== null && this.host !== null && this.host.isConnected;
  }

  /** addFrame puts a frame on the page, shown or hidden. */
  addFrame(src, shown) {
    const doc = this.doc;
    const host = doc.createElement(HOST_TAG);
    host.setAttribute(OWN_ATTR, '');
    setStyles(host, { all: 'initial', position: 'fixed', inset: '0', 'z-index': TOP_Z, display: shown ? 'block' : 'none' });
    host.setAttribute('role', 'dialog');
    host.setAttribute('aria-modal', 'true');
    host.setAttribute('aria-label', LABEL);
    const root = host.attachShadow({ mode: 'closed' });
    const frame = doc.createElement('iframe');
    frame.src = src;
    frame.title = LABEL;
    frame.setAttribute('allow', 'fullscreen');
    setStyles(frame, { border: '0', width: '100%', height: '100%', display: 'block', background: 'transparent', 'color-scheme': 'normal' });
    root.appendChild(frame);
    doc.documentElement.appendChild(host);
    this.host = host;
    this.frame = frame;
    return frame;
  }

  /**
   * prepare loads a hidden frame in standby, so that the next open() only
   * shows it. With `prefetch`, an opening the page has requested, the
   * frame also renders that opening's article while hidden, so that
   * open(prefetch) has only to show it. Does nothing while a frame is on
   * the page.
   */
  prepare(prefetch = null) {
    if (this.host) return;
    const token = newToken();
    const url = new URL(this.frameURL);
    url.searchParams.set(STANDBY_PARAM, token);
    if (prefetch) url.searchParams.set(OPEN_PARAM, prefetch);
    this.addFrame(url.href, false);
    this.standby = token;
  }

  /** discard removes a prepared frame that was not shown. */
  discard() {
    if (this.shown || !this.host) return;
    this.removeFrame();
  }

  removeFrame() {
    this.standby = null;
    this.waking = null;
    if (this.host) this.host.remove();
    this.host = null;
    this.frame = null;
  }

  /** addShownFrame adds a new frame, shown at once; it asks for the article of `open` as it loads. */
  addShownFrame(open) {
    this.removeFrame();
    const url = new URL(this.frameURL);
    if (open) url.searchParams.set(OPEN_PARAM, open);
    const frame = this.addFrame(url.href, true);
    frame.addEventListener('load', () => frame.focus(), { once: true });
  }

  /**
   * wake posts the shown standby frame its wake-up message until it is
   * awake (awake(open)) or SHOW_WAIT_MS have passed; then a new frame
   * takes its place.
   */
  async wake(token, open) {
    const deadline = Date.now() + this.showWaitMs;
    const origin = this.frameOrigin();
    const msg = JSON.stringify({ type: STANDBY_WAKE, token, open });
    this.waking = open;
    while (this.shown && this.standby === token && this.waking === open) {
      if (Date.now() > deadline) {
        this.waking = null;
        this.addShownFrame(open);
        return;
      }
      try {
        this.frame.contentWindow.postMessage(msg, origin);
      } catch {
        // Not loaded yet (another origin's window for a moment): try again.
      }
      await new Promise((r) => setTimeout(r, SHOW_RETRY_MS));
    }
  }

  /** frameOrigin is the reader page's origin, the extension's (URL.origin is "null" for such schemes in some engines). */
  frameOrigin() {
    const u = new URL(this.frameURL);
    return `${u.protocol}//${u.host}`;
  }

  /**
   * relatedChanged passes the background's note that the related index
   * changed on to the frame in standby, which then renders the related
   * coverage of its article again. A frame still loading gets nothing
   * (the message goes nowhere): it has yet to ask for its article. Returns
   * whether there was a frame in standby to tell.
   */
  relatedChanged() {
    if (!this.isPrepared) return false;
    try {
      this.frame.contentWindow.postMessage(JSON.stringify({ type: STANDBY_RELATED, token: this.standby }), this.frameOrigin());
    } catch {
      return false;
    }
    return true;
  }

  /** awake notes that the frame of the opening `open` asked for its article: no more wake-up messages. */
  awake(open) {
    if (this.waking === open) this.waking = null;
  }

  /**
   * open shows the reader: the prepared frame if there is one (it then
   * asks the background for the article), otherwise a new frame, which
   * asks as it loads. `open` names this opening: the frame asks for the
   * article the page requested under that name. Returns whether a
   * prepared frame was used.
   */
  open(open = '') {
    if (this.shown) return false;
    const doc = this.doc;
    const win = doc.defaultView;
    this.saved = { x: win.scrollX, y: win.scrollY, focus: doc.activeElement };
    const prepared = this.isPrepared;
    this.shown = true;
    if (prepared) {
      // Focus comes once it has painted (focusShown): given now, while the
      // browser still has the frame hidden, Chromium can leave the keys
      // with the page, and later focus() calls change nothing.
      setStyles(this.host, { display: 'block' });
      this.wake(this.standby, open);
    } else {
      // A prepared frame the page removed, or none: a new one.
      this.addShownFrame(open);
    }
    this.makePageInert();
    return prepared;
  }

  /**
   * makePageInert makes the page's top-level elements other than the
   * frame's host inert, so that neither the keyboard nor a screen reader
   * reaches the page under the reader; it notes which, for close().
   * Elements the page made inert itself are left alone.
   */
  makePageInert() {
    for (const el of this.doc.documentElement.children) {
      if (el === this.host || el.localName === 'head' || el.hasAttribute('inert')) continue;
      el.setAttribute('inert', '');
      this.madeInert.push(el);
    }
    this.watchPage();
  }

  /**
   * watchPage follows the page while the reader is shown. If the page
   * removes the reader's host (a framework re-rendering the document, an
   * anti-blocker), the reader closes: the page would otherwise stay inert
   * under nothing. If the page sets or removes `inert` on an element made
   * inert here, that element is the page's again: close() leaves it as
   * the page left it.
   */
  watchPage() {
    const MO = this.doc.defaultView && this.doc.defaultView.MutationObserver;
    if (typeof MO !== 'function' || this.pageWatch) return;
    this.pageWatch = new MO((records) => {
      const touched = new Set(records.filter((r) => r.type === 'attributes').map((r) => r.target));
      if (touched.size > 0) this.madeInert = this.madeInert.filter((el) => !touched.has(el));
      if (this.shown && this.host && !this.host.isConnected) this.close();
    });
    this.pageWatch.observe(this.doc.documentElement, { childList: true, attributes: true, attributeFilter: ['inert'], subtree: true });
  }

  /** restorePage stops following the page and removes the inert attributes makePageInert added. */
  restorePage() {
    if (this.pageWatch) {
      this.pageWatch.disconnect();
      this.pageWatch = null;
    }
    for (const el of this.madeInert) el.removeAttribute('inert');
    this.madeInert = [];
  }

  /** focusShown gives the keyboard to the shown frame once it has painted. */
  focusShown() {
    if (this.shown && this.frame) this.frame.focus();
  }

  /** close removes the frame and restores the page: its inert attributes, scroll position and focus. */
  close() {
    if (!this.shown) return;
    this.shown = false;
    this.removeFrame();
    // Before the focus goes back: an inert element cannot take it.
    this.restorePage();
    const { x, y, focus } = this.saved;
    const win = this.doc.defaultView;
    if (win.scrollX !== x || win.scrollY !== y) win.scrollTo(x, y);
    if (focus && typeof focus.focus === 'function' && focus.isConnected) focus.focus({ preventScroll: true });
    this.saved = null;
  }
}
