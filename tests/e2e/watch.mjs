// What every end-to-end test asserts about the page: it talks to no host but 127.0.0.1 and
// logs no error. Shared by the spec files; not a test file itself.
import { expect } from '@playwright/test';

/** Starts recording requests to other hosts and console or page errors. */
export function watch(page) {
  const seen = { foreignRequests: [], consoleErrors: [] };
  page.on('request', (req) => {
    const url = new URL(req.url());
    if (url.protocol !== 'data:' && url.protocol !== 'blob:' && url.hostname !== '127.0.0.1') {
      seen.foreignRequests.push(req.url());
    }
  });
  page.on('console', (msg) => {
    if (msg.type() === 'error') seen.consoleErrors.push(msg.text());
  });
  page.on('pageerror', (err) => seen.consoleErrors.push(String(err)));
  return seen;
}

/** Fails when the page talked to another host or logged an error. */
export function expectQuiet(seen) {
  expect(seen.foreignRequests, 'requests to hosts other than 127.0.0.1').toEqual([]);
  expect(seen.consoleErrors, 'console and page errors').toEqual([]);
}
