import test from 'node:test';
import assert from 'node:assert/strict';
import {
  DEFAULT_EXPIRES_MS, MAX_EXPIRES_MS, MIN_EXPIRES_MS, RETRY_MS, appendLines, engineLists, exceptionFor, ruleBody,
  expiresMs, hidingRule, isDue, nextUpdate, parseAbpSubscribe, parseExpires, parseHeader, validListURL,
} from '../../../extension/shared/rules.js';

const H = 3600 * 1000;
const D = 24 * H;

test('Expires values', () => {
  const cases = [
    ['4 days', 4 * D], ['1 day (update frequency)', D], ['12 hours', 12 * H], ['6h', 6 * H], ['2d', 2 * D],
    ['0 days', MIN_EXPIRES_MS], ['365 days', MAX_EXPIRES_MS], ['30 days', 30 * D], ['soon', null], ['', null], [undefined, null],
  ];
  for (const [v, want] of cases) assert.equal(parseExpires(v), want, String(v));
});

test('list header', () => {
  const text = '[Adblock Plus 2.0]\n! Title: Tidings test list\n! Expires: 2 hours\n! Homepage: https://x\n##.a\n! Title: not this';
  assert.deepEqual(parseHeader(text), { title: 'Tidings test list', expires: '2 hours', homepage: 'https://x' });
  assert.equal(expiresMs(text), 2 * H);
  assert.equal(expiresMs('##.a'), DEFAULT_EXPIRES_MS);
});

test('subscriptions are due after Expires, failures retried after an hour', () => {
  const t = 1_700_000_000_000;
  const fresh = { lastUpdate: t, expiresMs: 2 * H };
  assert.equal(nextUpdate(fresh), t + 2 * H);
  assert.equal(isDue(fresh, t + H), false);
  assert.equal(isDue(fresh, t + 2 * H), true);
  assert.equal(isDue({ lastUpdate: 0 }, t), true, 'never downloaded');
  const failed = { lastUpdate: t, expiresMs: 2 * D, error: 'HTTP 500', lastAttempt: t + D };
  assert.equal(nextUpdate(failed), t + D + RETRY_MS);
});

test('abp:subscribe links', () => {
  assert.deepEqual(parseAbpSubscribe('abp:subscribe?location=https%3A%2F%2Fexample.org%2Flist.txt&title=My%20list'), { location: 'https://example.org/list.txt', title: 'My list' });
  assert.deepEqual(parseAbpSubscribe('ABP://subscribe/?location=http://127.0.0.1:8/l.txt'), { location: 'http://127.0.0.1:8/l.txt', title: '' });
  for (const bad of ['abp:subscribe?location=javascript:alert(1)', 'abp:subscribe?title=x', 'https://example.org', '', null]) assert.equal(parseAbpSubscribe(bad), null, String(bad));
  assert.equal(validListURL('ftp://x/y'), null);
  assert.equal(validListURL('not a url'), null);
  assert.equal(validListURL('https://me:secret@lists.example/l.txt'), null, 'no credentials in a list address');
  assert.equal(validListURL('https://me@lists.example/l.txt'), null);
});

test('"not a banner" exceptions (rules/README.md, Exceptions and Heuristic switches)', () => {
  assert.equal(ruleBody('example.org,~a.example.org##.donate > div'), '.donate > div');
  assert.equal(ruleBody('##.appeal:category(donation)'), '.appeal', 'a trailing :category() is not part of the body');
  assert.equal(ruleBody('x.org#?#div:has-text(Donate)'), 'div:has-text(Donate)');
  assert.equal(exceptionFor({ kind: 'css', rule: { list: 'default', line: 3, text: '##.newsletter-promo' } }, 'news.example'), 'news.example#@#.newsletter-promo');
  assert.equal(exceptionFor({ kind: 'similarity', rule: { text: '##:similar(we have a small favor to ask):category(donation)' } }, 'a.org'), 'a.org#@#:similar(we have a small favor to ask)');
  assert.equal(exceptionFor({ kind: 'heuristic', heuristic: 'donate-box' }, 'a.org'), 'a.org#@#:heuristic(donate-box)');
  assert.equal(exceptionFor({ kind: 'heuristic', heuristic: 'x) ##.body' }, 'a.org'), '', 'a hostile heuristic id writes nothing');
  assert.equal(exceptionFor({ kind: 'css', rule: { text: 'nonsense' } }, 'a.org'), '');
  assert.equal(exceptionFor(null, 'a.org'), '');
  assert.equal(exceptionFor({ kind: 'css', rule: { text: '##.x' } }, ''), '');
});

test('picker rules and appending lines once', () => {
  assert.equal(hidingRule('a.org', '#promo', 'newsletter'), 'a.org###promo:category(newsletter)');
  assert.equal(hidingRule('a.org', '.x', 'bogus'), 'a.org##.x:category(annoyance)');
  let list = appendLines('', 'a.org#@#.x');
  assert.equal(list, 'a.org#@#.x\n');
  list = appendLines(list, 'a.org#@#.x');
  assert.equal(list, 'a.org#@#.x\n', 'the same rule is not added twice');
  assert.equal(appendLines('##.a', '##.b'), '##.a\n##.b\n');
});

test('engine lists order: custom, files, subscriptions with text', () => {
  const lists = engineLists({
    custom: '##.mine\n',
    imported: [{ name: 'f.txt', text: '##.f' }],
    subscriptions: [{ url: 'https://x/a.txt', text: '##.s' }, { url: 'https://x/b.txt', text: '' }],
  });
  assert.deepEqual(lists.map((l) => l.name), ['custom', 'file:f.txt', 'https://x/a.txt']);
  assert.deepEqual(engineLists({ custom: '  \n', imported: [], subscriptions: [] }), []);
});
