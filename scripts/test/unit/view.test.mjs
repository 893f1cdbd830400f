import test from 'node:test';
import assert from 'node:assert/strict';
import { blocksToSpeak, describeDetection, formatDate, groupDetections, leadImageNeeded, tabbables, wrapFocus } from '../../../extension/reader/view.js';
import { selectorFor } from '../../../extension/content/picker.js';
import { dom } from './dom.mjs';

test('detections grouped by category and described', () => {
  const g = groupDetections([{ category: 'donation' }, { category: 'paywall' }, { category: 'donation' }, {}]);
  assert.deepEqual([...g.keys()], ['donation', 'paywall', 'other']);
  assert.equal(g.get('donation').length, 2);
  assert.equal(describeDetection({ kind: 'css', rule: { list: 'default', line: 12, text: '##.appeal' }, confidence: 0.9 }), 'css rule default:12 ##.appeal (confidence 90 %)');
  assert.equal(describeDetection({ kind: 'heuristic', heuristic: 'overlay-scroll-lock' }), 'heuristic overlay-scroll-lock');
});

test('dates in the article language, raw text when unparsable', () => {
  assert.equal(formatDate('2016-03-15T10:00:00Z', 'en'), 'March 15, 2016');
  assert.equal(formatDate('yesterday', 'en'), 'yesterday');
  assert.equal(formatDate('', 'en'), '');
  assert.ok(formatDate('2016-03-15T10:00:00Z', 'not a lang!').includes('2016'));
});

test('blocks read aloud, outermost first, no empty ones', () => {
  const doc = dom('<article><h1>T</h1><p>a</p><ul><li><p>b</p></li></ul><blockquote><p>c</p></blockquote><p> </p></article>');
  assert.deepEqual(blocksToSpeak(doc.querySelector('article')).map((e) => e.localName + ':' + e.textContent), ['h1:T', 'p:a', 'li:b', 'blockquote:c']);
});

test('lead image only when the content lacks it', () => {
  const doc = dom('<div><img src="https://x.org/img/a.jpg?w=300"></div>');
  assert.equal(leadImageNeeded('https://x.org/img/a.jpg', doc.querySelector('div')), false);
  assert.equal(leadImageNeeded('https://x.org/img/b.jpg', doc.querySelector('div')), true);
  assert.equal(leadImageNeeded('not a url', doc.querySelector('div')), false);
});

test('picker selectors are unique and avoid generated names', () => {
  const doc = dom(`<body><div class="promo box"><p>a</p></div><div class="promo"><p>b</p></div>
    <section id="newsletter"><div class="css-1x2y3z4 sc-AbCdEf"><span>x</span></div></section><div id="a8f3k2j9x1">z</div></body>`);
  const cases = [doc.querySelectorAll('p')[1], doc.querySelector('span'), doc.querySelector('.box'), doc.getElementById('a8f3k2j9x1')];
  for (const el of cases) {
    const sel = selectorFor(el);
    assert.ok(sel, 'a selector for ' + el.outerHTML);
    assert.deepEqual([...doc.querySelectorAll(sel)], [el], sel);
    assert.equal(/css-1x2y|sc-AbCd|a8f3k2/.test(sel), false, sel);
  }
  assert.equal(selectorFor(doc.querySelector('span')), '#newsletter > div > span');
});

test('tabbables: what Tab stops at; wrapFocus goes round them', () => {
  const doc = dom(`<body><button id=a>a</button><button disabled>x</button><div hidden><a href="#">x</a></div>
    <input type=radio name=t id=r1><input type=radio name=t id=r2 checked><span tabindex=-1>x</span><a>no href</a>
    <details><summary id=s>s</summary><a href="#" id=in>x</a></details><details open><summary id=s2>s</summary><a href="#" id=in2>x</a></details>
    <div inert><button>x</button></div><main id=m tabindex=-1><a href="#" id=z>z</a></main></body>`);
  assert.deepEqual(tabbables(doc.body).map((el) => el.id), ['a', 'r2', 's', 's2', 'in2', 'z']);
  const at = (id, backward) => {
    doc.getElementById(id).focus();
    const to = wrapFocus(doc, backward);
    return to && to.id;
  };
  assert.equal(at('z', false), 'a', 'past the last: the first');
  assert.equal(at('a', true), 'z', 'before the first: the last');
  assert.equal(at('a', false), null, 'the browser moves on by itself');
  assert.equal(at('z', true), null);
  assert.equal(at('m', false), null, 'from the main element: into its links');
  assert.equal(at('m', true), null);
});
