// The WebExtension API object: `browser` in Firefox, `chrome` in Chromium.
// Both return promises in Manifest V3.
export const api = globalThis.browser ?? globalThis.chrome;

/**
 * sendMessage sends a runtime message and resolves to the answer, turning
 * "no receiver" into undefined instead of an exception.
 */
export async function sendMessage(msg) {
  try {
    return await api.runtime.sendMessage(msg);
  } catch (err) {
    if (/Receiving end does not exist|Could not establish connection/i.test(String(err && err.message))) return undefined;
    throw err;
  }
}
