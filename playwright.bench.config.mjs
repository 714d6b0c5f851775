// The page benchmark of `cargo xtask bench` (tests/bench/), apart from the end-to-end tests:
// `playwright test` with the default config reads tests/e2e/ only, and this config reads
// tests/bench/ only. The release build in dist/ is served by the e2e tests' static server, on
// a port of its own so that the benchmark can run beside them, and Chromium is launched as
// the e2e tests launch it: Debian's binary, nothing downloaded, every host but 127.0.0.1
// unresolvable.
import { defineConfig } from '@playwright/test';
import { CHROMIUM_PROJECT } from './tests/e2e/chromium.mjs';

export const BENCH_PORT = 4180;
const BASE_URL = `http://127.0.0.1:${BENCH_PORT}`;

export default defineConfig({
  testDir: 'tests/bench',
  testMatch: '**/*.bench.mjs',
  outputDir: 'test-results/bench',
  retries: 0,
  workers: 1,
  reporter: 'list',
  // A 1 MiB paste on the current page takes seconds, slowed four times longer still.
  timeout: 600_000,
  use: {
    baseURL: BASE_URL,
    trace: 'off',
  },
  webServer: {
    command: `node tests/e2e/static-server.mjs ${BENCH_PORT}`,
    url: `${BASE_URL}/`,
    reuseExistingServer: false,
    timeout: 30_000,
  },
  projects: [CHROMIUM_PROJECT],
});
