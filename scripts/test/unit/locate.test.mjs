// The JavaScript locator against the Go implementation's test vectors
// (wasm/locate/locate_test.go: TestForAndFind, TestFindRejectsChangedText,
// TestTextHashVectors). Keep the two in step.
import test from 'node:test';
import assert from 'node:assert/strict';
import { HASH_RUNES, findByLocator, fnv1a, locatorFor, normalizedTextStart, textHash } from '../../../extension/shared/locate.js';
import { dom } from './dom.mjs';

test('fnv1a known values shared with Go', () => {
  assert.equal(fnv1a(''), '811c9dc5');
  assert.equal(fnv1a('Hello, world'), '94d8f9bd');
});

test('text hash vectors (TestTextHashVectors)', () => {
  const vectors = [
    ['<p id="x"></p>', fnv1a('')],
    ['<p id="x">  Hello,\n\t world  </p>', fnv1a('Hello, world')],
    ['<p id="x">a<b> b </b>c</p>', fnv1a('a b c')],
    ['<p id="x">' + 'é'.repeat(200) + '</p>', fnv1a('é'.repeat(HASH_RUNES))],
    ['<p id="x">' + 'ab '.repeat(100) + '</p>', fnv1a('ab '.repeat(40))],
    ['<div id="x">a<script>var b;</script> <style>p{}</style>c<svg><style>g{}</style></svg></div>', fnv1a('a c')],
    ['<script id="x">var a;</script>', fnv1a('')],
  ];
  for (const [html, want] of vectors) {
    assert.equal(textHash(dom(html).getElementById('x')), want, html.slice(0, 40));
  }
});

test('the hash counts code points, not UTF-16 units', () => {
  const doc = dom('<p id="x">' + '😀'.repeat(130) + '</p>');
  assert.equal(normalizedTextStart(doc.getElementById('x')), '😀'.repeat(HASH_RUNES));
});

test('template contents count as the Go parser sees them', () => {
  const doc = dom('<div id="x">a<template>b</template>c</div>');
  assert.equal(normalizedTextStart(doc.getElementById('x')), 'abc');
});

const PAGE = `<!DOCTYPE html><html><head><title>t</title></head><body>
<div id="a"><p>one</p><!-- c --><p id="b">two  <b>three</b>
four</p></div><aside id="c">Donate  now!</aside></body></html>`;

test('paths, tags and round trip (TestForAndFind)', () => {
  const doc = dom(PAGE);
  const want = { a: [[1, 0], 'div'], b: [[1, 0, 1], 'p'], c: [[1, 1], 'aside'] };
  for (const [id, [path, tag]] of Object.entries(want)) {
    const el = doc.getElementById(id);
    const loc = locatorFor(el);
    assert.deepEqual(loc.path, path, id);
    assert.equal(loc.tag, tag, id);
    const found = findByLocator(doc, loc);
    assert.equal(found.el, el, id);
    assert.equal(found.reason, '');
  }
  assert.equal(locatorFor(doc.getElementById('c')).hash, fnv1a('Donate now!'));
});

test('changed text, tag or path are reported, not guessed (TestFindRejectsChangedText)', () => {
  const loc = locatorFor(dom('<body><div id="x">Subscribe now</div></body>').getElementById('x'));
  assert.deepEqual(findByLocator(dom('<body><div id="x">Something else</div></body>'), loc), { el: null, reason: 'hash' });
  assert.deepEqual(findByLocator(dom('<body><div id="x">Subscribe now</div></body>'), { ...loc, tag: 'span' }), { el: null, reason: 'tag' });
  assert.deepEqual(findByLocator(dom('<body></body>'), loc), { el: null, reason: 'no-element' });
  assert.deepEqual(findByLocator(dom('<body></body>'), { ...loc, path: [1, 99, 3] }), { el: null, reason: 'no-element' });
  assert.deepEqual(findByLocator(dom('<body></body>'), { path: [-1], tag: 'p', hash: 'x' }), { el: null, reason: 'no-element' });
  for (const bad of [null, {}, { path: 'x', tag: 'p', hash: 'h' }, { path: [1], tag: 3, hash: 'h' }]) {
    assert.equal(findByLocator(dom('<body></body>'), bad).reason, 'bad-locator');
  }
});

test('the document element has the empty path', () => {
  const doc = dom('<p>x</p>');
  assert.deepEqual(locatorFor(doc.documentElement).path, []);
  assert.equal(findByLocator(doc, locatorFor(doc.documentElement)).el, doc.documentElement);
});

test('hashing stops early on big elements', () => {
  const doc = dom('<div id="x">' + '<p>word word word</p>'.repeat(20000) + '</div>');
  const t0 = performance.now();
  textHash(doc.getElementById('x'));
  assert.ok(performance.now() - t0 < 50, 'hash of a 20,000-paragraph element should not walk all of it');
});
