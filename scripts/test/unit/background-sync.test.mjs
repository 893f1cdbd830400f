// The background (main.js) under Node with the real engine: the reader's
// lists are handed to the engine once when a starting worker hears a
// page's WAKE and its CLEAN together (both ask for them), and the page is
// cleaned with them.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../../lib/server.mjs';
import { startBackground, noWasm } from './background-harness.mjs';

const SEED = 'moscowtimes-kerry-syria';
const RULE = '127.0.0.1##.sidebar__section';

test('WAKE and CLEAN together: the lists go to the engine once, and the page is cleaned with them', { skip: noWasm }, async () => {
  const stored = { rules: { schema: 1, builtinEnabled: true, custom: `${RULE}\n`, imported: [], subscriptions: [] } };
  const { send } = await startBackground(stored);
  const engine = globalThis.tidingsHost.engine;
  const handed = [];
  const setRules = engine.setRules.bind(engine);
  engine.setRules = (lists, options) => {
    handed.push(lists);
    return setRules(lists, options);
  };
  const html = readFileSync(join(ROOT, `testdata/seeds/${SEED}.html`), 'utf8');
  const url = `http://127.0.0.1:8000/seeds/${SEED}.html`;
  const sender = { tab: { id: 9, incognito: false }, frameId: 0, url };
  const [wake, clean] = await Promise.all([
    send({ type: 'wake', url, loading: true }, sender),
    send({ type: 'clean', html, url, purpose: 'auto', id: 'c1' }, sender),
  ]);
  assert.equal(wake.ok, true);
  assert.equal(clean.error, undefined);
  assert.equal(handed.length, 1, 'the lists handed over once');
  assert.ok(handed[0].some((l) => String(l.text).includes(RULE)), 'the custom list among them');
  assert.ok(clean.detections.some((d) => d.rule && d.rule.text === RULE), `the custom rule applied: ${JSON.stringify(clean.detections.map((d) => d.rule && d.rule.text))}`);
  // A later page: nothing to hand over.
  await send({ type: 'clean', html, url, purpose: 'auto', id: 'c2' }, sender);
  assert.equal(handed.length, 1);
});
