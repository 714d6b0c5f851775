// A minimal static file server for the release build in dist/, used by the
// Playwright webServer. It binds to 127.0.0.1 only, serves known MIME types,
// answers 404 for anything missing and never lists directories.
//
//   node static-server.mjs PORT [--root DIR] [--base /PREFIX/]
//
// `--base` serves the folder under a sub-path only (as a GitHub Pages project
// site is), so a URL from the site's root fails as it would there; `--root`
// serves another folder (the host pages of the embed tests).
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const option = (name) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};
const here = fileURLToPath(new URL('.', import.meta.url));
const ROOT = resolve(option('--root') ? resolve(process.cwd(), option('--root')) : join(here, '../../dist'));
const BASE = option('--base') ?? '/';
const PORT = Number(args[0] ?? 4173);

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

function notFound(res) {
  res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
  res.end('not found\n');
}

const server = createServer(async (req, res) => {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD' });
    res.end();
    return;
  }
  let pathname;
  try {
    pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
  } catch {
    notFound(res);
    return;
  }
  if (BASE !== '/') {
    if (pathname === BASE.slice(0, -1)) {
      res.writeHead(301, { location: BASE });
      res.end();
      return;
    }
    if (!pathname.startsWith(BASE)) {
      notFound(res);
      return;
    }
    pathname = pathname.slice(BASE.length - 1);
  }
  if (pathname.endsWith('/')) pathname += 'index.html';
  const file = normalize(join(ROOT, pathname));
  // Refuse anything that escapes dist/, e.g. through `..` segments.
  if (file !== ROOT && !file.startsWith(ROOT + sep)) {
    notFound(res);
    return;
  }
  try {
    const info = await stat(file);
    if (!info.isFile()) {
      notFound(res);
      return;
    }
    const body = await readFile(file);
    res.writeHead(200, {
      'content-type': TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
      'content-length': body.length,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  } catch {
    notFound(res);
  }
});

server.listen(PORT, '127.0.0.1', () => {
  console.log(`serving ${ROOT} on http://127.0.0.1:${PORT}${BASE}`);
});
