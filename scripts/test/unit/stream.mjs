// A response body for download tests: it sends chunks from next() until it
// returns null, counting what it was asked for; abortOn(signal) errors it
// when the request is aborted, as fetch does.
export function stream(next) {
  const stats = { pulls: 0, cancelled: false };
  let controller;
  const body = new ReadableStream({
    start(ctl) {
      controller = ctl;
    },
    async pull(ctl) {
      stats.pulls++;
      const chunk = await next(stats.pulls);
      if (chunk === null) ctl.close();
      else ctl.enqueue(chunk);
    },
    cancel() {
      stats.cancelled = true;
    },
  });
  const abortOn = (signal) => signal.addEventListener('abort', () => controller.error(new DOMException('aborted', 'AbortError')));
  return { body, stats, abortOn };
}
