// Playwright runs the end-to-end tests against the release build in dist/,
// served by a tiny local static server. Browsers come from Debian: nothing is
// downloaded, and the host resolver rules keep every request on 127.0.0.1.
import { defineConfig } from '@playwright/test';
import { CHROMIUM_PROJECT } from './tests/e2e/chromium.mjs';
// Besides dist/ at the root: the same dist/ served under a sub-path only, and the host pages
// of the embed tests on a third port, another origin, as a documentation site is.
import { PORT, SUB_PATH_PORT, HOST_PORT } from './tests/e2e/ports.mjs';

const BASE_URL = `http://127.0.0.1:${PORT}`;

export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '**/*.spec.mjs',
  outputDir: 'test-results',
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  workers: 1,
  reporter: 'list',
  timeout: 60_000,
  use: {
    baseURL: BASE_URL,
    screenshot: 'only-on-failure',
    trace: 'off',
  },
  webServer: [
    {
      command: `node tests/e2e/static-server.mjs ${PORT}`,
      url: `${BASE_URL}/`,
      reuseExistingServer: false,
      timeout: 30_000,
    },
    {
      command: `node tests/e2e/static-server.mjs ${SUB_PATH_PORT} --base /bucketrust/`,
      url: `http://127.0.0.1:${SUB_PATH_PORT}/bucketrust/`,
      reuseExistingServer: false,
      timeout: 30_000,
    },
    {
      command: `node tests/e2e/static-server.mjs ${HOST_PORT} --root tests/e2e/host`,
      url: `http://127.0.0.1:${HOST_PORT}/`,
      reuseExistingServer: false,
      timeout: 30_000,
    },
  ],
  projects: [CHROMIUM_PROJECT],
});
