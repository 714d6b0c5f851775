// Shared by the end-to-end spec files (not a test file itself): the setup links they open,
// and what every test asserts about the page: it talks to no host but 127.0.0.1 and logs no
// error.
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

/** The StackGres IRSA setup of the StackGres documentation, with an EKS issuer. */
export const IRSA = {
  target: 'stackgres',
  auth: 'irsa',
  region: 'us-west-2',
  bucket: 'my-stackgres-bucket',
  clusterAccountId: '111122223333',
  clusterName: 'my-eks-cluster',
  oidcIssuer: 'https://oidc.eks.us-west-2.amazonaws.com/id/5C7A8C4D1E2F3A4B5C6D7E8F9A0B1C2D',
};

/** The page's link for `setup`: its fields in the URL fragment. */
export const link = (setup) => `/#${new URLSearchParams(setup).toString()}`;
