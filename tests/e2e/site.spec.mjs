// End-to-end checks of the release page: it renders under its strict CSP,
// talks to no other host, logs no errors and stores nothing in the browser.
import { test, expect } from '@playwright/test';
import { watch, expectQuiet } from './support.mjs';

test('the page renders offline under its CSP', async ({ page, context, request }, testInfo) => {
  const seen = watch(page);

  await page.goto('/');
  await expect(page.locator('main')).toBeVisible();
  // Give late module errors or blocked loads a moment to surface.
  await page.waitForLoadState('networkidle');

  expectQuiet(seen);

  const csp = page.locator('meta[http-equiv="Content-Security-Policy"]');
  await expect(csp).toHaveCount(1);
  expect(await csp.getAttribute('content')).toContain("connect-src 'none'");

  // Inspect the HTML as served, before any script could have changed it.
  const served = await (await request.get('/')).text();
  const scripts = served.match(/<script\b[^>]*>/gi) ?? [];
  expect(scripts.length, 'at least the boot script').toBeGreaterThan(0);
  for (const tag of scripts) {
    expect(tag, 'every script is external').toMatch(/\ssrc=/i);
  }
  expect(served).not.toMatch(/<link\b[^>]*rel=["']?preload[^>]*as=["']?fetch/i);

  const storage = await page.evaluate(() => ({
    local: Object.keys(localStorage),
    session: Object.keys(sessionStorage),
  }));
  expect(storage.local, 'localStorage keys').toEqual([]);
  expect(storage.session, 'sessionStorage keys').toEqual([]);
  expect(await context.cookies(), 'cookies').toEqual([]);

  const shot = testInfo.outputPath('page.png');
  await page.screenshot({ path: shot, fullPage: true });
  await testInfo.attach('page', { path: shot, contentType: 'image/png' });
});
