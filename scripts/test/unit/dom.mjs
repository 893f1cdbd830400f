// A DOM for unit tests: jsdom parses with the HTML standard's algorithm,
// like the browser and like golang.org/x/net/html.
import { JSDOM } from 'jsdom';

export function dom(html, url = 'https://example.org/a') {
  return new JSDOM(html, { url, pretendToBeVisual: true }).window.document;
}
