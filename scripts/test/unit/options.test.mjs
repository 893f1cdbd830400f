// The options page under jsdom: saving "My rules" keeps the lines the
// background added meanwhile, storage failures are shown (not swallowed),
// and importing a reading history reports what the background kept, refused
// and had no room for.
import test from 'node:test';
import assert from 'node:assert/strict';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { loadPage, until } from './extension-page.mjs';
import { MAX_ARTICLES, exportLine, openRelatedStore, parseImportLine } from '../../../extension/shared/related-store.js';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** open loads the options page and waits until it shows the stored rules. */
async function open(stored, { onMessage = () => undefined, setup = () => {} } = {}) {
  const page = loadPage('options/options', {
    stored,
    onMessage: (m) => (m.type === 'engine-info' ? { version: 'test', capabilities: { setRules: true } } : onMessage(m)),
    setup: (w) => {
      // Not in jsdom.
      w.Blob.prototype.text = function () {
        return new Promise((resolve) => {
          const r = new w.FileReader();
          r.onload = () => resolve(r.result);
          r.readAsText(this);
        });
      };
      setup(w);
    },
  });
  await until(() => !page.document.getElementById('custom').disabled, 'the editor');
  return page;
}

function type(w, text) {
  const ta = w.document.getElementById('custom');
  ta.value = text;
  ta.dispatchEvent(new w.Event('input'));
}

function chooseFile(w, id, name, text) {
  const input = w.document.getElementById(id);
  Object.defineProperty(input, 'files', { value: [new w.File([text], name, { type: 'text/plain' })], configurable: true });
  input.dispatchEvent(new w.Event('change'));
}

const status = (d, id) => d.getElementById(id).textContent;

test('Save keeps the rules the background added while the editor had unsaved edits', async () => {
  const stored = { rules: { custom: 'a.example##.one\n' } };
  const { window: w, document: d } = await open(stored);
  type(w, 'a.example##.one\nb.example##.two\n');
  // Meanwhile "Not a banner" (the background's addToCustom) appends a line.
  stored.rules = { ...stored.rules, custom: stored.rules.custom + 'news.example#@#.paywall\n' };
  d.getElementById('save').click();
  await until(() => /^Saved/.test(status(d, 'saved')), 'saved');
  assert.equal(stored.rules.custom, 'a.example##.one\nb.example##.two\nnews.example#@#.paywall\n');
  assert.equal(d.getElementById('custom').value, stored.rules.custom, 'the editor shows the kept line');
  assert.match(status(d, 'saved'), /1 rule added elsewhere was kept\./);

  // The saved text is the new baseline: a line the user deletes now is not
  // brought back, and only what is added after this save is kept.
  stored.rules = { ...stored.rules, custom: stored.rules.custom + 'c.example##.three\nd.example##.four\n' };
  type(w, 'b.example##.two\nnews.example#@#.paywall\n');
  d.getElementById('save').click();
  await until(() => /2 rules added elsewhere were kept\./.test(status(d, 'saved')), 'second save');
  assert.equal(stored.rules.custom, 'b.example##.two\nnews.example#@#.paywall\nc.example##.three\nd.example##.four\n');

  // Nothing added elsewhere: the editor's text is saved as it is.
  type(w, 'b.example##.two');
  d.getElementById('save').click();
  await until(() => stored.rules.custom === 'b.example##.two', 'third save');
  assert.doesNotMatch(status(d, 'saved'), /kept/);
});

test('a failed storage write is shown: Save, importing a list, removing a subscription', async () => {
  const stored = { rules: { custom: '##.mine\n', subscriptions: [{ url: 'https://l.example/a.txt', title: 'A', text: '##.a', lastUpdate: 1, error: '' }] } };
  const rejections = [];
  const onRejection = (e) => rejections.push(e);
  process.on('unhandledRejection', onRejection);
  try {
    const { window: w, document: d } = await open(stored, {
      setup: (win) => {
        win.chrome.storage.local.set = async () => {
          throw new Error('QUOTA_BYTES quota exceeded');
        };
      },
    });
    type(w, '##.mine\nexample.com##.promo\n');
    d.getElementById('save').click();
    await until(() => /quota/.test(status(d, 'saved')), 'the save error');
    assert.match(status(d, 'saved'), /not saved: QUOTA_BYTES quota exceeded/);
    assert.equal(d.getElementById('saved').className, 'error');
    assert.equal(d.getElementById('custom').value, '##.mine\nexample.com##.promo\n', 'the edits are kept');
    assert.equal(stored.rules.custom, '##.mine\n');

    chooseFile(w, 'import-file', 'annoyances.txt', '##.y\n');
    await until(() => status(d, 'import-status'), 'the import error');
    assert.match(status(d, 'import-status'), /Could not import annoyances\.txt: QUOTA_BYTES quota exceeded/);
    assert.equal(d.querySelectorAll('#imported li').length, 0);

    d.querySelector('#subs tbody button[aria-label^="Remove"]').click();
    await until(() => status(d, 'subs-status'), 'the remove error');
    assert.match(status(d, 'subs-status'), /Could not remove A: QUOTA_BYTES/);
    assert.equal(d.querySelectorAll('#subs tbody tr').length, 1);
    await sleep(20);
    assert.deepEqual(rejections, [], 'no unhandled rejections');
  } finally {
    process.off('unhandledRejection', onRejection);
  }
});

test('Update now and Update all keep the table when the background answers an error or nothing', async () => {
  const stored = { rules: { subscriptions: [{ url: 'https://l.example/a.txt', title: 'A', text: '##.a', lastUpdate: 1, error: '' }] } };
  let answer = { error: 'QUOTA_BYTES quota exceeded' };
  const { document: d } = await open(stored, { onMessage: (m) => (m.type === 'update-subscriptions' ? answer : undefined) });
  const rows = () => d.querySelectorAll('#subs tbody tr').length;
  assert.equal(rows(), 1);
  d.querySelector('#subs tbody button').click();
  await until(() => status(d, 'subs-status'), 'the update error');
  assert.match(status(d, 'subs-status'), /Could not update: QUOTA_BYTES quota exceeded/);
  assert.equal(rows(), 1, 'the rows stay');
  assert.equal(d.querySelector('#subs tbody button').disabled, false, 'the button can be used again');

  answer = undefined;
  d.getElementById('update-all').click();
  await until(() => /no answer/.test(status(d, 'subs-status')), 'no answer');
  assert.equal(rows(), 1);

  answer = { subscriptions: [...stored.rules.subscriptions, { url: 'https://l.example/b.txt', title: 'B', text: '##.b', lastUpdate: 2, error: '' }] };
  d.getElementById('update-all').click();
  await until(() => rows() === 2, 'the updated table');
  assert.equal(status(d, 'subs-status'), '');
});

test('importing a reading history sums what the background kept, refused and had no room for, chunk by chunk', async () => {
  const idb = new IDBFactory();
  const store = await openRelatedStore(idb);
  // The background's answers (its importLines is tested with the engine in
  // related.test.mjs): it keeps new articles while it has room, here 400,
  // and refuses what is not JSON.
  let room = 400;
  const chunks = [];
  const onMessage = async (m) => {
    if (m.type === 'related-info') return { articles: 0, max: MAX_ARTICLES, recording: true };
    if (m.type !== 'related-import') return undefined;
    chunks.push(m.lines.length);
    let added = 0;
    let dropped = 0;
    const errors = [];
    m.lines.forEach((line, i) => {
      if (!line.trim()) return;
      try {
        parseImportLine(line);
      } catch (err) {
        errors.push({ line: m.first + i, error: err.message });
        return;
      }
      if (room > 0) {
        room--;
        added++;
      } else dropped++;
    });
    return { added, dropped, errors };
  };
  const { window: w, document: d } = await open({}, {
    onMessage,
    setup: (win) => {
      win.indexedDB = idb;
      win.IDBKeyRange = IDBKeyRange;
    },
  });
  const fp = new Uint8Array([1, 2, 3]);
  const lines = Array.from({ length: 600 }, (_, i) => exportLine({ id: `https://other.example/${i}`, url: `https://other.example/${i}`, title: `Other ${i}`, site: 'other.example', published: '', seen: 1000 + i, fp }));
  lines.push('not json');
  chooseFile(w, 'related-import', 'history.jsonl', lines.join('\n') + '\n');
  await until(() => /^Imported/.test(status(d, 'related-status')), 'the import', 20000);
  assert.ok(chunks.length > 1, 'sent in chunks');
  const text = status(d, 'related-status');
  assert.match(text, /Imported 400 articles/);
  assert.match(text, /1 line\(s\) skipped \(line 601: not JSON\)/);
  assert.match(text, /200 not imported: the history keeps at most 10,000 articles/);
  store.close();
});
