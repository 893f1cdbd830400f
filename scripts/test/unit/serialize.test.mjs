import test from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { JSDOM, VirtualConsole } from 'jsdom';
import { OWN_ATTR, doctypeString, serializePage } from '../../../extension/content/serialize.js';
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
  return [...doc.querySelectorAll('*')].map((el) => el.localName + [...el.attributes].map((a) => ` ${a.name}="${a.value}"`).join(''));
}

const pad = (s) => s + ' '.repeat(300) + ';';

test('serializePage sends scripts and style sheets without the text the engine never reads, every element in place', () => {
  const headScript = `<script>${pad('var head = 1')}</script>`;
  const page =
    '<!DOCTYPE html><html><head>' +
    `<!-- an old copy: ${headScript} -->` +
    headScript +
    `<style>${pad('body { color: red }')}</style>` +
    `<script type="application/ld+json">${pad('{"@type": "NewsArticle", "headline": "Kept"}')}</script>` +
    '<script>short()</script>' +
    '</head><body>' +
    `<p>Text <script>${pad('inParagraph()')}</script></p>` +
    `<div>Line<br><span><script>${pad('inDivWithBreak()')}</script></span></div>` +
    `<div class="x"><script data-a="1">${pad('inBody()')}</script><span>after</span></div>` +
    `<svg><style>${pad('rect { fill: red }')}</style></svg>` +
    '</body></html>';
  const doc = dom(page);
  const full = doctypeString(doc.doctype) + doc.documentElement.outerHTML;
  const sent = serializePage(doc);
  assert.deepEqual(shape(dom(sent)), shape(doc), 'the same elements, attributes included');
  assert.ok(sent.length < full.length - 3 * 300, `cut ${full.length - sent.length} of ${full.length} characters`);
  for (const gone of ['body { color: red }', 'inBody()']) assert.ok(!sent.includes(gone), `${gone} is cut`);
  // The copy in the comment lost its text, not the script: the tree is the same either way.
  assert.equal((sent.match(/var head = 1/g) || []).length, 1, 'one of the two copies is cut');
  // JSON-LD, short texts, texts that count towards readerability, SVG (whose text the serializer escapes).
  for (const kept of ['"headline": "Kept"', 'short()', 'inParagraph()', 'inDivWithBreak()', 'rect { fill: red }']) assert.ok(sent.includes(kept), `${kept} is kept`);
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
    full += a.length;
    sent += b.length;
    const ra = JSON.parse(engine.clean(a, 'http://127.0.0.1:8000/page.html'));
    const rb = JSON.parse(engine.clean(b, 'http://127.0.0.1:8000/page.html'));
    assert.deepEqual(rb, ra, p.id);
  }
  if (pages.length > 10) assert.ok(sent < 0.7 * full, `sent ${sent} of ${full} characters`);
});
