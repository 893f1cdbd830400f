// The reader frame on the page (jsdom): a frame prepared in standby stays
// hidden until open() shows it and posts it its wake-up message (with the
// token from its address) until the background says it is awake; without
// one, open() adds a new frame; close() leaves nothing.
import test from 'node:test';
import assert from 'node:assert/strict';
import { dom } from './dom.mjs';
import { ReaderFrame } from '../../../extension/content/reader-frame.js';
import { STANDBY_PARAM, STANDBY_RELATED, STANDBY_WAKE } from '../../../extension/shared/messages.js';

const URL_ = 'chrome-extension://abc/reader/reader.html';
const page = () => dom('<!DOCTYPE html><html><head></head><body><p>Text</p></body></html>');
const hosts = (doc) => [...doc.documentElement.children].filter((el) => el.localName === 'tidings-reader');
const display = (el) => el.style.getPropertyValue('display');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** spyPosts records what is posted to the reader frame's window (jsdom gives frames in shadow trees none). */
function spyPosts(rf) {
  const posts = [];
  Object.defineProperty(rf.frame, 'contentWindow', { value: { postMessage: (data, origin) => posts.push({ data: JSON.parse(data), origin }) } });
  return posts;
}

test('prepare loads a hidden standby frame; open shows it and wakes it with its token until it is awake', async () => {
  const doc = page();
  const rf = new ReaderFrame(doc, URL_);
  rf.prepare();
  rf.prepare(); // once
  assert.equal(hosts(doc).length, 1);
  const [host] = hosts(doc);
  assert.equal(display(host), 'none');
  assert.equal(host.getAttribute('data-tidings-own'), '');
  assert.ok(rf.isPrepared);
  assert.equal(rf.isOpen, false);
  const token = new URL(rf.frame.src).searchParams.get(STANDBY_PARAM);
  assert.match(token, /^[0-9a-z]{8,}$/);
  const posts = spyPosts(rf);
  assert.equal(rf.open('o1'), true, 'the prepared frame is used');
  assert.equal(display(host), 'block');
  assert.ok(rf.isOpen);
  assert.equal(rf.isPrepared, false);
  await sleep(50);
  assert.ok(posts.length >= 2, `posted again while not awake (${posts.length})`);
  assert.deepEqual(posts[0], { data: { type: STANDBY_WAKE, token, open: 'o1' }, origin: 'chrome-extension://abc' });
  const m = posts.length;
  rf.awake('other');
  await sleep(40);
  const n = posts.length;
  assert.ok(n > m, `another opening's frame awake: still posting (${n - m} more)`);
  rf.awake('o1');
  await sleep(50);
  assert.ok(posts.length <= n + 1, 'no more wake-up messages once awake');
  assert.equal(hosts(doc)[0], host, 'the same frame');
  rf.close();
  assert.equal(hosts(doc).length, 0, 'closing removes the frame');
  assert.equal(rf.isOpen, false);
});

test('the note that the related index changed goes to a frame in standby, with its token; not to one shown, nor with none', () => {
  const doc = page();
  const rf = new ReaderFrame(doc, URL_);
  assert.equal(rf.relatedChanged(), false, 'no frame');
  rf.prepare('p1');
  const token = new URL(rf.frame.src).searchParams.get(STANDBY_PARAM);
  const posts = spyPosts(rf);
  assert.equal(rf.relatedChanged(), true);
  assert.deepEqual(posts, [{ data: { type: STANDBY_RELATED, token }, origin: 'chrome-extension://abc' }]);
  rf.open('p1');
  rf.awake('p1');
  const n = posts.length;
  assert.equal(rf.relatedChanged(), false, 'a frame shown renders what it asked for');
  assert.equal(posts.length, n, 'nothing posted to it');
  rf.close();
});

test('open without a prepared frame adds a shown one that names the opening', () => {
  const doc = page();
  const rf = new ReaderFrame(doc, URL_);
  assert.equal(rf.open('o2'), false);
  const [host] = hosts(doc);
  assert.equal(display(host), 'block');
  assert.equal(new URL(rf.frame.src).searchParams.get('open'), 'o2');
  assert.equal(new URL(rf.frame.src).searchParams.has(STANDBY_PARAM), false);
  rf.close();
  assert.equal(hosts(doc).length, 0);
});

test('a standby frame the page removed is replaced; discard drops an unused one', () => {
  const doc = page();
  const rf = new ReaderFrame(doc, URL_);
  rf.prepare();
  hosts(doc)[0].remove();
  assert.equal(rf.isPrepared, false);
  assert.equal(rf.open('o3'), false, 'a new frame');
  assert.equal(hosts(doc).length, 1);
  rf.close();
  rf.prepare();
  rf.discard();
  assert.equal(hosts(doc).length, 0);
  assert.equal(rf.isPrepared, false);
});

test('a standby frame that does not wake is replaced by a new shown frame', async () => {
  const doc = page();
  const rf = new ReaderFrame(doc, URL_, { showWaitMs: 60 });
  rf.prepare();
  const first = hosts(doc)[0];
  spyPosts(rf);
  assert.equal(rf.open('o4'), true);
  await sleep(150);
  const now = hosts(doc);
  assert.equal(now.length, 1);
  assert.notEqual(now[0], first, 'replaced');
  assert.equal(display(now[0]), 'block');
  assert.equal(new URL(rf.frame.src).searchParams.get('open'), 'o4');
  assert.ok(rf.isOpen);
  rf.close();
});

test('a page that removes the shown reader gets it closed and its inert attributes back; inert the page sets or removes stays as the page left it', async () => {
  const doc = page();
  const before = doc.documentElement.outerHTML;
  const rf = new ReaderFrame(doc, URL_);
  rf.open('o6');
  assert.equal(doc.body.hasAttribute('inert'), true);
  hosts(doc)[0].remove(); // a framework re-rendering the page, an anti-blocker
  await sleep(0);
  assert.equal(rf.isOpen, false, 'the reader closed with its host gone');
  assert.equal(doc.documentElement.outerHTML, before, 'the page is not left inert');

  // The page makes its body inert itself while the reader is open: it stays so.
  rf.open('o7');
  doc.body.setAttribute('inert', '');
  await sleep(0);
  rf.close();
  assert.equal(doc.body.hasAttribute('inert'), true, "the page's own inert is kept");
  doc.body.removeAttribute('inert');

  // The page takes inert off its body while the reader is open: close adds nothing back.
  rf.open('o8');
  doc.body.removeAttribute('inert');
  await sleep(0);
  rf.close();
  assert.equal(doc.documentElement.outerHTML, before);
});

test('while shown, the reader is a modal dialog and the rest of the page is inert; closing restores the page exactly', () => {
  const doc = dom('<!DOCTYPE html><html lang="fr"><head><title>t</title></head><body class="b"><p>Text</p></body><div id="late" inert="">x</div><aside data-x="1">y</aside></html>');
  // (The parser puts stray elements into the body: add some at the top level as scripts do.)
  doc.documentElement.append(doc.getElementById('late'), doc.querySelector('aside'));
  const before = doc.documentElement.outerHTML;
  for (const prepared of [false, true]) {
    const rf = new ReaderFrame(doc, URL_);
    if (prepared) rf.prepare();
    rf.open('o5');
    const [host] = hosts(doc);
    assert.deepEqual([host.getAttribute('role'), host.getAttribute('aria-modal'), host.getAttribute('aria-label')], ['dialog', 'true', 'Reader view']);
    const inert = [...doc.documentElement.children].filter((el) => el.hasAttribute('inert')).map((el) => el.localName);
    assert.deepEqual(inert, ['body', 'div', 'aside'], 'everything but the head and the reader');
    assert.equal(host.hasAttribute('inert'), false);
    rf.close();
    assert.equal(doc.documentElement.outerHTML, before, 'no inert attribute left; the one the page set is still there');
  }
});
