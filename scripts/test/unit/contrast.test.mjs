// Colour contrast of the reader, popup and options pages, computed from
// their CSS custom properties with WCAG 2's formula: text at least 4.5:1
// (AA) on every background it is drawn on, focus rings at least 3:1 on the
// page behind them.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../../lib/server.mjs';

const css = (f) => readFileSync(join(ROOT, 'extension', f), 'utf8');

/** luminance is a #rgb/#rrggbb colour's relative luminance. */
export function luminance(hex) {
  let h = hex.replace('#', '');
  if (h.length === 3) h = [...h].map((c) => c + c).join('');
  assert.match(h, /^[0-9a-f]{6}$/i, `a colour: ${hex}`);
  const [r, g, b] = [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** contrast is the WCAG contrast ratio of two colours. */
export function contrast(a, b) {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** props reads the custom properties declared in the first rule block after `at` (a string) in the stylesheet. */
function props(sheet, at) {
  const i = sheet.indexOf(at);
  assert.ok(i >= 0, `${at} is in the stylesheet`);
  const open = sheet.indexOf('{', i + at.length - 1);
  const body = sheet.slice(open + 1, sheet.indexOf('}', open));
  return Object.fromEntries([...body.matchAll(/--([\w-]+)\s*:\s*([^;]+);/g)].map((m) => [m[1], m[2].trim()]));
}

/** check asserts each pair [fg, bg] of property names reaches min in the theme `vars`. */
function check(name, vars, pairs, min) {
  const low = [];
  for (const [fg, bg] of pairs) {
    const r = contrast(vars[fg], vars[bg]);
    if (r < min) low.push(`--${fg} ${vars[fg]} on --${bg} ${vars[bg]}: ${r.toFixed(2)}:1`);
  }
  assert.deepEqual(low, [], `${name}: below ${min}:1`);
}

const cross = (as, bs) => as.flatMap((a) => bs.map((b) => [a, b]));

test('contrast math: WCAG\'s reference values', () => {
  assert.equal(contrast('#000', '#fff').toFixed(1), '21.0');
  assert.equal(contrast('#777', '#fff').toFixed(2), '4.48');
  assert.equal(contrast('#fff', '#fff'), 1);
});

test('reader: text is AA on its backgrounds and the focus ring 3:1, in every theme', () => {
  const sheet = css('reader/reader.css');
  const base = props(sheet, ':root {');
  const dark = props(sheet, ':root[data-theme="dark"] {');
  const system = props(sheet.slice(sheet.indexOf('@media (prefers-color-scheme: dark)')), ':root[data-theme="system"] {');
  assert.deepEqual(system, dark, 'the system theme in a dark scheme is the dark theme');
  const themes = { light: base, dark: { ...base, ...dark }, sepia: { ...base, ...props(sheet, ':root[data-theme="sepia"] {') } };
  for (const [name, vars] of Object.entries(themes)) {
    // Text colours on the page, the panels and the related-coverage card;
    // body and muted text on highlights (the legend's mark and a caption
    // read aloud are muted text on --quote and --speaking).
    check(name, vars, [...cross(['fg', 'muted', 'link', 'accent'], ['bg', 'panel', 'card']), ...cross(['fg', 'muted'], ['notice', 'quote', 'speaking'])], 4.5);
    // The focus ring (the accent) on what is behind it.
    check(name, vars, cross(['accent'], ['bg', 'panel', 'card']), 3);
  }
});

for (const page of ['popup/popup.css', 'options/options.css']) {
  test(`${page}: text is AA, the primary buttons' too, and the focus ring 3:1, light and dark`, () => {
    const sheet = css(page);
    const light = props(sheet, ':root {');
    const dark = { ...light, ...props(sheet.slice(sheet.indexOf('@media (prefers-color-scheme: dark)')), ':root {') };
    assert.ok(!/outline:[^;]*#[0-9a-f]{3,6}/i.test(sheet), 'focus rings take --ring');
    for (const [name, vars] of Object.entries({ light, dark })) {
      const texts = ['fg', 'muted', 'err', 'warn'].filter((k) => vars[k]);
      check(`${page} ${name}`, vars, [...cross(texts, ['bg']), ['on-accent', 'accent'], ...(vars.chip ? [['fg', 'chip']] : [])], 4.5);
      check(`${page} ${name}`, vars, [['ring', 'bg']], 3);
    }
  });
}
