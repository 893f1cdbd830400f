// The reader's own sanitizing pass (defence in depth behind the engine's).
import test from 'node:test';
import assert from 'node:assert/strict';
import { ID_PREFIX, safeURL, sanitizeArticle } from '../../../extension/reader/sanitize.js';
import { dom } from './dom.mjs';

function clean(html) {
  const doc = dom('<!DOCTYPE html><body><div id="out"></div></body>', 'chrome-extension://id/reader/reader.html');
  const out = doc.getElementById('out');
  out.appendChild(sanitizeArticle(html, doc));
  return out;
}

test('scripts, handlers, forms, frames and styles never survive', () => {
  const out = clean(`<p onclick="x()" style="color:red" class="c">Hi<script>alert(1)</script></p>
    <img src="x" onerror="alert(1)"><iframe src="https://evil"></iframe><form><input></form><svg><script>1</script></svg>
    <a href="javascript:alert(1)">j</a><a href="JaVaScRiPt:alert(1)">k</a><style>p{}</style><object data="x"></object>`);
  const html = out.innerHTML;
  for (const bad of ['script', 'onclick', 'onerror', 'iframe', 'form', 'input', 'svg', 'javascript', 'style', 'object', 'class=']) {
    assert.equal(html.toLowerCase().includes(bad), false, `${bad} in ${html}`);
  }
  assert.match(html, /<p>Hi<\/p>/);
});

test('links open in the tab, ids are prefixed, fragment links follow', () => {
  const out = clean('<p id="top"><a href="https://example.org/x">x</a> <a href="#top">up</a> <a href="mailto:a@b.c">m</a></p>');
  const [ext, frag, mail] = out.querySelectorAll('a');
  assert.equal(ext.getAttribute('target'), '_top');
  assert.equal(ext.getAttribute('rel'), 'noopener noreferrer');
  assert.equal(frag.getAttribute('href'), '#' + ID_PREFIX + 'top');
  assert.equal(out.querySelector('p').id, ID_PREFIX + 'top');
  assert.equal(mail.getAttribute('href'), 'mailto:a@b.c');
});

test('images keep web and data-image sources only, lazy and without referrer', () => {
  const out = clean('<img src="https://example.org/a.jpg" alt="A"><img src="data:image/png;base64,AAAA"><img src="data:text/html,<b>"><img srcset="javascript:x 1x">');
  const imgs = out.querySelectorAll('img');
  assert.equal(imgs[0].getAttribute('src'), 'https://example.org/a.jpg');
  assert.equal(imgs[0].getAttribute('loading'), 'lazy');
  assert.equal(imgs[0].getAttribute('referrerpolicy'), 'no-referrer');
  assert.equal(imgs[1].getAttribute('src'), 'data:image/png;base64,AAAA');
  assert.equal(imgs[2].hasAttribute('src'), false);
  assert.equal(imgs[3].hasAttribute('srcset'), false);
  assert.equal(safeURL('/relative', 'href', 'a'), null);
});

test('unknown elements are unwrapped, their text kept', () => {
  const out = clean('<custom-el><p>kept <font color=red>text</font></p></custom-el>');
  assert.equal(out.innerHTML, '<p>kept text</p>');
});

test('formulas keep their MathML, in its namespace, with layout attributes only', () => {
  const out = clean(`<p>When <math display="block" onclick="x()"><semantics><mrow><mi mathvariant="normal" href="javascript:alert(1)" style="color:red">a</mi>
    <mo stretchy="false">≠</mo><mfrac linethickness="0"><mn>0</mn><mn>1</mn></mfrac></mrow>
    <annotation encoding="application/x-tex">a \\neq 0</annotation><annotation-xml encoding="text/html"><p>source</p></annotation-xml></semantics></math></p>`);
  const math = out.querySelector('math');
  assert.equal(math.namespaceURI, 'http://www.w3.org/1998/Math/MathML');
  assert.equal(math.getAttribute('display'), 'block');
  assert.equal(math.hasAttribute('onclick'), false);
  const mi = out.querySelector('mi');
  assert.deepEqual(Array.from(mi.attributes, (a) => a.name), ['mathvariant']);
  assert.equal(out.querySelector('mo').getAttribute('stretchy'), 'false');
  assert.equal(out.querySelector('mfrac').getAttribute('linethickness'), '0');
  assert.equal(out.querySelectorAll('mn').length, 2);
  assert.equal(out.querySelector('annotation, annotation-xml'), null);
  assert.equal(out.textContent.includes('neq') || out.textContent.includes('source'), false);
});

test('MathML never carries a link, a style or an HTML name out of its namespace', () => {
  // DOMPurify 2.0.0's namespace-confusion bypass, then elements not kept
  // (maction, a MathML <a> or <section>), whose content is unwrapped.
  const inputs = [
    `<math><mtext><table><mglyph><style><!--</style><img title="--&gt;&lt;/mglyph&gt;&lt;img src=1 onerror=alert(1)&gt;">`,
    `<math><maction actiontype="statusline"><mi>m</mi></maction><a href="https://example.org/x"><mi>l</mi></a><section><mi>s</mi></section>
      <mi width="calc(1px)">w</mi><mspace width="2em"></mspace></math>`,
  ];
  const outs = inputs.map(clean);
  for (const out of outs) {
    for (const el of out.querySelectorAll('*')) {
      assert.equal(['style', 'mglyph', 'maction', 'a', 'section'].includes(el.localName), false, el.localName);
      for (const a of el.attributes) assert.equal(/^(on|href)/i.test(a.name), false, `${el.localName} ${a.name}`);
    }
  }
  const math = outs[1];
  assert.deepEqual(Array.from(math.querySelectorAll('mi'), (mi) => mi.textContent), ['m', 'l', 's', 'w']);
  assert.equal(math.querySelectorAll('mi')[3].hasAttribute('width'), false, 'a value that is not a plain length');
  assert.equal(math.querySelector('mspace').getAttribute('width'), '2em');
});
