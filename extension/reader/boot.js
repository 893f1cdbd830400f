// Runs first in the reader page (a classic script in <head>): asks the
// background for the article at once, so the answer travels while the rest
// of the page loads. reader.js picks the promise up. The message type is
// MSG.READER_DATA (shared/messages.js; a unit test keeps them equal). A
// frame prepared in standby (address with ?standby=) asks only once shown,
// unless its address names the opening to render in advance (&open=):
// then it asks for that one at once, as a prefetch.
'use strict';
const params = new URLSearchParams(location.search);
if (!params.has('standby') || params.has('open')) {
  const prefetch = params.has('standby');
  globalThis.tidingsReaderData = (globalThis.browser ?? globalThis.chrome).runtime.sendMessage({ type: 'reader-data', open: params.get('open'), prefetch });
}
