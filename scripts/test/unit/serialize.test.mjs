import test from 'node:test';
import assert from 'node:assert/strict';
import { OWN_ATTR, doctypeString, serializePage } from '../../../extension/content/serialize.js';
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
