// Reading a download's body with a size limit. A server that sends no
// Content-Length, or a false one, could otherwise make the background
// read any amount before the size is checked (a 300 MB feed took 1 GB).

/**
 * readLimited returns a fetch Response's body as bytes, and throws
 * Error(tooLarge) as soon as it passes maxBytes (or when Content-Length
 * says it will). The request's AbortSignal also stops the reading.
 */
export async function readLimited(res, maxBytes, tooLarge) {
  const declared = Number((res.headers && res.headers.get('content-length')) || 0);
  if (declared > maxBytes) throw new Error(tooLarge);
  if (!res.body || typeof res.body.getReader !== 'function') {
    const bytes = new Uint8Array(await res.arrayBuffer());
    if (bytes.length > maxBytes) throw new Error(tooLarge);
    return bytes;
  }
  const reader = res.body.getReader();
  const chunks = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > maxBytes) {
      reader.cancel().catch(() => {});
      throw new Error(tooLarge);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
