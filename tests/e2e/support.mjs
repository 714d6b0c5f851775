// Shared by the end-to-end spec files (not a test file itself): the setup links they open,
// and what every test asserts about the page: it talks to no host but 127.0.0.1 and logs no
// error.
import { expect } from '@playwright/test';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';

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

/** The scenarios file the scenarios stage writes: every example with the CLI's output. */
export function scenarios() {
  return JSON.parse(readFileSync(new URL('../../target/e2e/scenarios.json', import.meta.url), 'utf8'));
}

/** The example with the most artifacts. */
export function heaviest() {
  return scenarios().reduce((a, b) => (b.artifacts.length > a.artifacts.length ? b : a));
}

/**
 * Every file under `dir`, relative to it with `/` separators, with its bytes and whether it is
 * executable, in path order.
 */
export function filesUnder(dir) {
  const out = [];
  const walk = (sub) => {
    for (const entry of readdirSync(join(dir, sub), { withFileTypes: true })) {
      const path = sub ? `${sub}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(path);
      else {
        const full = join(dir, path);
        out.push({ path, bytes: readFileSync(full), executable: (statSync(full).mode & 0o111) !== 0 });
      }
    }
  };
  walk('');
  return out.sort((a, b) => a.path.localeCompare(b.path));
}

/**
 * The entries of a zip archive, read from its central directory: path, bytes (stored or
 * deflated entries) and whether its Unix mode is executable, in path order. A reader for the
 * tests only; the page writes archives with the `zip` crate.
 */
export function unzip(archive) {
  const buf = Buffer.from(archive);
  const end = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0) throw new Error('not a zip archive: no end of central directory');
  const count = buf.readUInt16LE(end + 10);
  let at = buf.readUInt32LE(end + 16);
  const entries = [];
  for (let i = 0; i < count; i += 1) {
    if (buf.readUInt32LE(at) !== 0x02014b50) throw new Error(`bad central directory entry ${i}`);
    const method = buf.readUInt16LE(at + 10);
    const compressedSize = buf.readUInt32LE(at + 20);
    const size = buf.readUInt32LE(at + 24);
    const nameLength = buf.readUInt16LE(at + 28);
    const extraLength = buf.readUInt16LE(at + 30);
    const commentLength = buf.readUInt16LE(at + 32);
    const mode = buf.readUInt32LE(at + 38) >>> 16;
    const local = buf.readUInt32LE(at + 42);
    const path = buf.toString('utf8', at + 46, at + 46 + nameLength);
    const data = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const compressed = buf.subarray(data, data + compressedSize);
    let bytes;
    if (method === 0) bytes = compressed;
    else if (method === 8) bytes = inflateRawSync(compressed);
    else throw new Error(`${path}: compression method ${method}`);
    if (bytes.length !== size) throw new Error(`${path}: ${bytes.length} bytes, the directory says ${size}`);
    entries.push({ path, bytes, mode, executable: (mode & 0o111) !== 0 });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries.sort((a, b) => a.path.localeCompare(b.path));
}
