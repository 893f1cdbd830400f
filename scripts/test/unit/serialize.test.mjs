import test from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { JSDOM, VirtualConsole } from 'jsdom';
import { OWN_ATTR, doctypeString, serializePage, serializeTree } from '../../../extension/content/serialize.js';
import { ROOT, sharedDir, zyteHTML, zytePages } from '../../lib/server.mjs';
import { loadEngine } from '../../lib/engine-node.mjs';
import { dom } from './dom.mjs';

test('doctype strings', () => {
  assert.equal(doctypeString(dom('<!DOCTYPE html><p>').doctype), '<!DOCTYPE html>');
  assert.equal(
    doctypeString(dom('<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd"><p>').doctype),
    '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">',
  );
  assert.equal(doctypeString(dom('<p>').doctype), '');
});

test('serializePage leaves out what Tidings added and keeps it in place', () => {
  const doc = dom('<!DOCTYPE html><html><head></head><body><p>Hi</p></body></html>');
  const plain = serializePage(doc);
  assert.equal(plain, '<!DOCTYPE html><html><head></head><body><p>Hi</p></body></html>');
  const own = doc.createElement('tidings-reader');
  own.setAttribute(OWN_ATTR, '');
  doc.documentElement.appendChild(own);
  assert.equal(serializePage(doc), plain);
  assert.equal(own.parentNode, doc.documentElement, 'the frame host is not detached (that would reload the frame)');
});

/** shape lists a document's elements with their attributes, in document order: what the engine's tree and its locators are made of. */
function shape(doc) {
  return [...doc.querySelectorAll('*')].map(element);
}

/** element describes an element by its name and attributes. */
function element(el) {
  return el.localName + [...el.attributes].map((a) => ` ${a.name}="${a.value}"`).join('');
}

const pad = (s) => s + ' '.repeat(300) + ';';

test('serializePage sends scripts and style sheets without the text the engine never reads, every element in place', () => {
  const T = pad('var repeated = 1');
  const T2 = pad('var quoted = 2');
  const headScript = `<script>${pad('var head = 1')}</script>`;
  const page =
    '<!DOCTYPE html><html><head>' +
    `<!-- an old copy: ${headScript} -->` +
    headScript +
    `<style>${pad('body { color: red }')}</style>` +
    `<script type="application/ld+json">${pad('{"@type": "NewsArticle", "headline": "Kept"}')}</script>` +
    '<script>short()</script>' +
    '</head><body>' +
    `<p>Text <script>${T}</script></p>` +
    `<div class="ad"><script>${T}</script></div>` +
    `<div data-code="<script>${T2}</script>">Code &amp; &lt;tags&gt;\u00a0here</div>` +
    `<div class="y"><script>${T2}</script></div>` +
    `<div>Line<br><span><script>${pad('inDivWithBreak()')}</script></span></div>` +
    `<div class="x"><script data-a="1">${pad('inBody()')}</script><span>after</span></div>` +
    `<noscript><style>${pad('.js { display: none }')}</style></noscript>` +
    `<svg><style>${pad('rect { fill: red }')}</style></svg>` +
    '</body></html>';
  const doc = dom(page);
  const full = doctypeString(doc.doctype) + doc.documentElement.outerHTML;
  const sent = serializePage(doc);
  assert.deepEqual(shape(dom(sent)), shape(doc), 'the same elements, attributes included');
  assert.ok(sent.length < full.length - 4 * 300, `cut ${full.length - sent.length} of ${full.length} characters`);
  for (const gone of ['body { color: red }', 'inBody()']) assert.ok(!sent.includes(gone), `${gone} is cut`);
  assert.ok(sent.includes(`<!-- an old copy: ${headScript} -->`), 'a comment stays as it is');
  assert.ok(sent.includes(`<p>Text <script>${T}</script></p>`), 'the script in the paragraph keeps its text');
  assert.ok(sent.includes('<div class="ad"><script></script></div>'), 'the same script outside it is cut');
  assert.ok(sent.includes('<div class="y"><script></script></div>'), 'a script is cut, not a copy of it in an attribute before it');
  // JSON-LD, short texts, texts that count towards readerability, SVG (escaped by the serializer).
  for (const kept of ['"headline": "Kept"', 'short()', 'inDivWithBreak()', 'rect { fill: red }']) assert.ok(sent.includes(kept), `${kept} is kept`);
  // With the cut elements written whole, the walk gives exactly what the browser gives.
  const all = new Set(doc.querySelectorAll('script, style'));
  assert.equal(serializeTree(doc.documentElement, all, (el) => el.outerHTML), doc.documentElement.outerHTML);
});

test('serializePage: a comment that opens with a copy of markup further on does not swallow it', () => {
  // A match of the last script's markup starting at the comment's "<script>" would run past the comment.
  const V = `<div id="victim">${'v'.repeat(300)}</div><script>b()`;
  const doc = dom(`<!DOCTYPE html><html><head></head><body><!-- x <script>-->${V}</script><p>p</p><script>-->${V}</script></body></html>`);
  assert.deepEqual(shape(dom(serializePage(doc))), shape(doc));
});

test('serializePage: a script nested thousands of elements deep is cut, the walk needs no call stack', () => {
  // (jsdom's own recursion stops near 5,000 levels; the walk has no limit.)
  const depth = 4000;
  const doc = dom('<!DOCTYPE html><html><head></head><body></body></html>');
  let at = doc.body;
  for (let i = 0; i < depth; i++) at = at.appendChild(doc.createElement('span'));
  at.appendChild(doc.createElement('script')).textContent = pad('deep()');
  const sent = serializePage(doc);
  assert.ok(!sent.includes('deep()'), 'the deep script is cut');
  assert.equal(sent.split('<span>').length - 1, depth);
});

test('serializePage: a script a script put inside a void element or a template is written as the browser writes them', () => {
  const doc = dom('<!DOCTYPE html><html><head></head><body><p>Lead</p><div><img src="x.png"></div><template><p>c</p></template></body></html>');
  doc.querySelector('img').appendChild(doc.createElement('script')).textContent = pad('inVoid()');
  doc.querySelector('template').appendChild(doc.createElement('script')).textContent = pad('inTemplate()');
  const sent = serializePage(doc);
  assert.equal(sent, doctypeString(doc.doctype) + doc.documentElement.outerHTML, 'nothing to cut that the serializer writes');
  assert.ok(sent.includes('<img src="x.png"></div>') && sent.includes('<template><p>c</p></template>'));
});

test('serializePage: an XHTML document is sent whole', () => {
  const doc = new JSDOM(`<html xmlns="http://www.w3.org/1999/xhtml"><head><script>${pad('x()')}</script></head><body><p>Hi</p></body></html>`, { contentType: 'application/xhtml+xml' }).window.document;
  assert.equal(serializePage(doc), doc.documentElement.outerHTML);
});

test('serializePage: a script the DOM gave a text with "</script>" in it no longer adds elements', () => {
  const doc = dom('<!DOCTYPE html><html><head></head><body><div><script></script></div><p>After</p></body></html>');
  // Serialized as is, this text ends the script early and adds a <p>.
  doc.querySelector('script').textContent = pad('var x = "') + '</script><p>not an element</p>"';
  const whole = dom(doctypeString(doc.doctype) + doc.documentElement.outerHTML);
  assert.notDeepEqual(shape(whole), shape(doc), 'the whole serialization adds an element');
  assert.deepEqual(shape(dom(serializePage(doc))), shape(doc), 'the text is cut, and with it the element it would add');
});

// With the real engine: what the page sends gives the result the whole
// page gives (metadata, readerability, detections and their locators, the
// article), on the seed pages, a sample of the Zyte pages, and the
// Readability test page whose verdict counts script text.
const BUILD = process.env.TIDINGS_BUILD || join(ROOT, 'build');
const noWasm = !existsSync(join(BUILD, 'tidings.wasm')) && 'build/tidings.wasm is missing: run make build';

test('the engine gives the same result on the page as sent, without its script and style text', { skip: noWasm }, async () => {
  const engine = await loadEngine(join(BUILD, 'tidings.wasm'), join(BUILD, 'wasm_exec.js'));
  const pages = ['moscowtimes-kerry-syria', 'middleeasteye-kerry-syria'].map((id) => ({ id, html: readFileSync(join(ROOT, `testdata/seeds/${id}.html`), 'utf8') }));
  for (const id of zytePages().filter((_, i) => i % 10 === 0)) pages.push({ id, html: zyteHTML(id).toString('utf8') });
  const qq = sharedDir() && join(sharedDir(), 'corpus/readability/test-pages/qq/source.html');
  if (qq && existsSync(qq)) pages.push({ id: 'readability qq', html: readFileSync(qq, 'utf8') });
  let full = 0;
  let sent = 0;
  for (const p of pages) {
    const doc = new JSDOM(p.html, { url: 'http://127.0.0.1:8000/page.html', virtualConsole: new VirtualConsole() }).window.document;
    const a = doctypeString(doc.doctype) + doc.documentElement.outerHTML;
    const b = serializePage(doc);
    const all = new Set(doc.querySelectorAll('script, style'));
    assert.equal(serializeTree(doc.documentElement, all, (el) => el.outerHTML), doc.documentElement.outerHTML, `${p.id}: the walk writes what outerHTML writes`);
    full += a.length;
    sent += b.length;
    const ra = JSON.parse(engine.clean(a, 'http://127.0.0.1:8000/page.html'));
    const rb = JSON.parse(engine.clean(b, 'http://127.0.0.1:8000/page.html'));
    assert.deepEqual(rb, ra, p.id);
  }
  if (pages.length > 10) assert.ok(sent < 0.7 * full, `sent ${sent} of ${full} characters`);
});

/** nodes lists a document's nodes in order, texts included except scripts' and style sheets'. */
function nodes(doc) {
  const out = [];
  const walker = doc.createTreeWalker(doc.documentElement, 0xffffffff);
  for (let n = walker.currentNode; n; n = walker.nextNode()) {
    if (n.nodeType === 1) out.push(element(n));
    else if (n.nodeType === 3 && !['script', 'style'].includes(n.parentNode.localName)) out.push(`#text ${n.data}`);
    else if (n.nodeType === 8) out.push(`#comment ${n.data}`);
  }
  return out;
}

/** randomPage builds a page from rnd (0 ≤ rnd() < 1) out of the markup that could fool a cut: copies of scripts in comments, attributes and raw text, scripts in the blocks that decide readerability, tables, SVG, templates, noscript. */
function randomPage(rnd) {
  const pick = (a) => a[Math.floor(rnd() * a.length)];
  const texts = ['var a = 1;', pad('var long = "x"'), pad('.c > p { margin: 0 }'), '-->', '<!--', pad('x = "</scr" + "ipt>"'), '</p>', 'a & b < c'];
  const scripts = [];
  const script = () => {
    if (scripts.length && rnd() < 0.3) return pick(scripts); // an exact copy of an earlier one
    const kind = pick(['script', 'style', 'script type="application/ld+json"', 'script data-x="1"']);
    const s = `<${kind}>${pick(texts)}${rnd() < 0.5 ? pick(texts) : ''}</${kind.split(' ')[0]}>`;
    scripts.push(s);
    return s;
  };
  const node = (depth) => {
    const r = rnd();
    if (depth > 5 || r < 0.15) return pick(['text', 'a &amp; b', ' ', '\u00a0x']);
    if (r < 0.35) return script();
    if (r < 0.42) return `<!-- ${rnd() < 0.5 && scripts.length ? pick(scripts) : 'note'} -->`;
    if (r < 0.47) return `<div title="${scripts.length ? pick(scripts).replaceAll('"', '&quot;') : 'x'}">t</div>`;
    if (r < 0.5) return `<textarea>${scripts.length ? pick(scripts) : 'x'}</textarea>`;
    if (r < 0.53) return `<noscript>${script()}</noscript>`;
    if (r < 0.56) return `<svg><style>${pick(texts)}</style><g>${node(depth + 1)}</g></svg>`;
    if (r < 0.59) return `<template>${script()}<p>t</p></template>`;
    if (r < 0.62) return `<table><tr><td>${node(depth + 1)}</td></tr>${script()}</table>`;
    const tag = pick(['div', 'p', 'pre', 'article', 'section', 'span', 'ul', 'li', 'b']);
    let inner = '';
    for (let i = 0, k = 1 + Math.floor(rnd() * 4); i < k; i++) inner += rnd() < 0.1 ? '<br>' : node(depth + 1);
    return `<${tag}>${inner}</${tag}>`;
  };
  let head = '';
  for (let i = 0; i < 3; i++) head += script();
  let body = '';
  for (let i = 0; i < 6; i++) body += node(0);
  return `<!DOCTYPE html><html><head>${head}</head><body>${body}</body></html>`;
}

test('serializePage on random pages: the tree and texts the whole serialization gives; with the cut elements written whole, exactly outerHTML', () => {
  let seed = 20261122;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  let cutPages = 0;
  for (let i = 0; i < 300; i++) {
    const doc = dom(randomPage(rnd));
    const full = doctypeString(doc.doctype) + doc.documentElement.outerHTML;
    const sent = serializePage(doc);
    if (sent.length < full.length) cutPages++;
    assert.deepEqual(nodes(dom(sent)), nodes(dom(full)), `page ${i}`);
    const all = new Set(doc.querySelectorAll('script, style'));
    assert.equal(serializeTree(doc.documentElement, all, (el) => el.outerHTML), doc.documentElement.outerHTML, `page ${i}`);
  }
  assert.ok(cutPages > 100, `text was cut on ${cutPages} of 300 pages`);
});
