// The headline predicate: which links of a page are candidates for related coverage.
import test from 'node:test';
import assert from 'node:assert/strict';
import { dom } from './dom.mjs';
import {
  MAX_HEADLINES, collectHeadlines, hasHeadlineLength, isHeadlineText, isMostlyLetters, isNotAnAction, startsLikeASentence, storyURL,
} from '../../../extension/shared/headlines.js';

test('headline texts: short sentences, capitalized, mostly letters, not actions or addresses', () => {
  const yes = [
    'Kerry to meet Putin over Syria peace process',
    'Putin orders partial withdrawal of Russian forces from Syria',
    '5 things to know about the Syria ceasefire',
    '“We may face the best opportunity in years,” Kerry says',
    'the guardian view on Syria: a fragile hope', // lowercase start: fails capitalization
    'بوتين يأمر بسحب القوات الروسية من سوريا بشكل جزئي', // caseless script
  ];
  const expect = [true, true, true, true, false, true];
  yes.forEach((t, i) => assert.equal(isHeadlineText(t), expect[i], t));
  for (const no of ['World', 'Opinion and analysis', 'Read more about the Syria talks today', 'Sign in to your account to comment',
    '15/03/2016 14:05 GMT 3:1', 'https://www.example.org/world/syria-talks', 'Contact: press@example.org for the full statement',
    'A'.repeat(30), `${'Word '.repeat(30)}end`]) {
    assert.equal(isHeadlineText(no), false, no);
  }
  assert.equal(hasHeadlineLength('Kerry meets Putin today'), true);
  assert.equal(hasHeadlineLength('Kerry meets Putin'), false, 'three words are a label');
  assert.equal(startsLikeASentence('1,000 troops leave Syria'), true);
  assert.equal(isMostlyLetters('2016 3 15 14 05 18 52 Kerry'), false);
  assert.equal(isNotAnAction('Continue reading the story'), false);
});

test('story links: web addresses other than this page, not ads', () => {
  const doc = dom(`<a id=a href="/world/syria">x</a><a id=b href="#top">x</a><a id=c href="javascript:void(0)">x</a>
    <a id=d href="https://other.example/story" rel="sponsored">x</a><a id=e href="https://example.org/a#comments">x</a><a id=f href="mailto:x@y.z">x</a>`);
  const url = (id) => storyURL(doc.getElementById(id), 'https://example.org/a');
  assert.equal(url('a'), 'https://example.org/world/syria');
  assert.equal(url('b'), null, 'a fragment of this page');
  assert.equal(url('c'), null);
  assert.equal(url('d'), null, 'sponsored');
  assert.equal(url('e'), null, 'this page again');
  assert.equal(url('f'), null);
});

test('collectHeadlines skips page furniture and duplicates, keeps other sites', () => {
  const doc = dom(`<!DOCTYPE html><body>
    <header><nav><a href="/world">World news and analysis from everywhere</a></nav></header>
    <main><article><h1>Kerry to Discuss Syria With Putin</h1><p>Text with <a href="/x">a link inside a sentence</a>.</p></article>
    <aside><h2>Related</h2><ul>
      <li><a href="/2016/03/15/putin-withdrawal">Putin orders partial withdrawal of Russian forces from Syria</a></li>
      <li><a href="https://www.middleeasteye.net/news/kerry-meet-putin">Kerry to meet Putin over Syria peace process</a></li>
      <li><a href="/2016/03/15/putin-withdrawal">Putin orders partial withdrawal of Russian forces from Syria</a></li>
      <li><a href="/hidden" hidden>A hidden link that reads like a headline too</a></li>
      <li><a href="/more">More stories</a></li>
    </ul></aside></main>
    <div role="dialog"><a href="/subscribe">Subscribe now for unlimited access to all stories</a></div>
    <footer><a href="/about">About The Moscow Times and its editorial staff</a></footer>
  </body>`, 'https://www.themoscowtimes.com/2016/03/15/kerry');
  assert.deepEqual(collectHeadlines(doc, 'https://www.themoscowtimes.com/2016/03/15/kerry'), [
    { url: 'https://www.themoscowtimes.com/2016/03/15/putin-withdrawal', title: 'Putin orders partial withdrawal of Russian forces from Syria', site: 'www.themoscowtimes.com' },
    { url: 'https://www.middleeasteye.net/news/kerry-meet-putin', title: 'Kerry to meet Putin over Syria peace process', site: 'www.middleeasteye.net' },
  ]);
});

test('collectHeadlines is bounded', () => {
  const links = Array.from({ length: MAX_HEADLINES + 50 }, (_, i) => `<a href="/s/${i}">Story number ${i} about the Syria peace talks</a>`).join('');
  const doc = dom(`<body>${links}</body>`);
  assert.equal(collectHeadlines(doc, 'https://example.org/').length, MAX_HEADLINES);
});
