// The reader view's frame on the page: an extension page (reader/reader.html,
// under the extension's strict CSP) in a full-viewport iframe inside a
// closed shadow root, so neither the page's scripts nor its styles reach
// it. Opening it touches nothing else on the page; closing it removes it
// and puts the scroll position and focus back.
import { OWN_ATTR } from './serialize.js';

const HOST_TAG = 'tidings-reader';
// The frame must sit above everything the page stacks.
const TOP_Z = '2147483647';

function setStyles(el, styles) {
  // CSSOM writes are allowed under a strict style-src policy.
  for (const [k, v] of Object.entries(styles)) el.style.setProperty(k, v, 'important');
}

export class ReaderFrame {
  constructor(doc, frameURL) {
    this.doc = doc;
    this.frameURL = frameURL;
    this.host = null;
    this.saved = null;
  }

  get isOpen() {
    return this.host !== null;
  }

  /** open adds the frame; the frame asks the background for the article. */
  open() {
    if (this.host) return;
    const doc = this.doc;
    const win = doc.defaultView;
    this.saved = { x: win.scrollX, y: win.scrollY, focus: doc.activeElement };
    const host = doc.createElement(HOST_TAG);
    host.setAttribute(OWN_ATTR, '');
    setStyles(host, { all: 'initial', position: 'fixed', inset: '0', 'z-index': TOP_Z, display: 'block' });
    const root = host.attachShadow({ mode: 'closed' });
    const frame = doc.createElement('iframe');
    frame.src = this.frameURL;
    frame.title = 'Reader view';
    frame.setAttribute('allow', 'fullscreen');
    setStyles(frame, { border: '0', width: '100%', height: '100%', display: 'block', background: 'transparent', 'color-scheme': 'normal' });
    frame.addEventListener('load', () => frame.focus(), { once: true });
    root.appendChild(frame);
    doc.documentElement.appendChild(host);
    this.host = host;
    this.frame = frame;
  }

  /** close removes the frame and restores scroll position and focus. */
  close() {
    if (!this.host) return;
    this.host.remove();
    this.host = null;
    this.frame = null;
    const { x, y, focus } = this.saved;
    const win = this.doc.defaultView;
    if (win.scrollX !== x || win.scrollY !== y) win.scrollTo(x, y);
    if (focus && typeof focus.focus === 'function' && focus.isConnected) focus.focus({ preventScroll: true });
    this.saved = null;
  }
}
