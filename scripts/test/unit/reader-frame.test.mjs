// The reader frame on the page (jsdom): a frame prepared in standby stays
// hidden until open() shows it and tells it (by its token) to ask for the
// article; without one, open() adds a new frame; close() leaves nothing.
import test from 'node:test';
import assert from 'node:assert/strict';
import { dom } from './dom.mjs';
import { ReaderFrame } from '../../../extension/content/reader-frame.js';

const URL_ = 'chrome-extension://abc/reader/reader.html';
const page = () => dom('<!DOCTYPE html><html><head></head><body><p>Text</p></body></html>');
const hosts = (doc) => [...doc.documentElement.children].filter((el) => el.localName === 'tidings-reader');
const display = (el) => el.style.getPropertyValue('display');

test('prepare loads a hidden standby frame; open shows it and wakes it with its token', async () => {
  const doc = page();
  const calls = [];
  const rf = new ReaderFrame(doc, URL_, async (token, open) => {
    calls.push({ token, open });
    return true;
  });
  rf.prepare();
  rf.prepare(); // once
  assert.equal(hosts(doc).length, 1);
  const [host] = hosts(doc);
  assert.equal(display(host), 'none');
  assert.equal(host.getAttribute('data-tidings-own'), '');
  assert.ok(rf.isPrepared);
  assert.equal(rf.isOpen, false);
  assert.equal(rf.open('o1'), true, 'the prepared frame is used');
  assert.equal(display(host), 'block');
  assert.ok(rf.isOpen);
  assert.equal(rf.isPrepared, false);
  await new Promise((r) => setTimeout(r, 10));
  assert.equal(calls.length, 1);
  assert.equal(calls[0].open, 'o1');
  assert.match(calls[0].token, /^[0-9a-z]{8,}$/);
  rf.close();
  assert.equal(hosts(doc).length, 0, 'closing removes the frame');
  assert.equal(rf.isOpen, false);
});

test('open without a prepared frame adds a shown one that names the opening', () => {
  const doc = page();
  const rf = new ReaderFrame(doc, URL_);
  assert.equal(rf.open('o2'), false);
  const [host] = hosts(doc);
  assert.equal(display(host), 'block');
  rf.close();
  assert.equal(hosts(doc).length, 0);
});

test('a standby frame the page removed is replaced; discard drops an unused one', () => {
  const doc = page();
  const rf = new ReaderFrame(doc, URL_, async () => true);
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

test('a standby frame that never answers is replaced by a new shown frame', async () => {
  const doc = page();
  let asked = 0;
  const rf = new ReaderFrame(doc, URL_, async () => {
    asked++;
    return false;
  }, { showWaitMs: 60 });
  rf.prepare();
  const first = hosts(doc)[0];
  assert.equal(rf.open('o4'), true);
  await new Promise((r) => setTimeout(r, 150));
  assert.ok(asked >= 2, `asked again while it did not answer (${asked})`);
  const now = hosts(doc);
  assert.equal(now.length, 1);
  assert.notEqual(now[0], first, 'replaced');
  assert.equal(display(now[0]), 'block');
  assert.ok(rf.isOpen);
  rf.close();
});
