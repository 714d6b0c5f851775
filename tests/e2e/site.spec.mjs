// End-to-end checks of the release page: it renders under its strict CSP,
// talks to no other host, requests nothing after load, logs no errors and stores
// nothing in the browser.
import { test, expect } from '@playwright/test';
import { watch, expectQuiet, IRSA, link } from './support.mjs';

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

test('after load nothing is requested, not even from the host that served the page, while the user types and opens a view', async ({ page }) => {
  const seen = watch(page);
  await page.goto(link(IRSA));
  await expect(page.locator('section[data-artifact-id="permission-policy"]')).toBeVisible();
  await page.waitForLoadState('networkidle');
  const requests = [];
  page.on('request', (r) => {
    if (!/^(data|blob):/.test(r.url())) requests.push(r.url());
  });
  await page.locator('#bucket').focus();
  await page.keyboard.press('End');
  // A key after a pause is written into the link by itself: each one changes the link.
  for (const key of ['x', 'y', 'Backspace']) {
    await page.keyboard.press(key);
    await page.waitForTimeout(450);
  }
  await expect.poll(() => page.evaluate(() => location.hash)).toMatch(/bucket=my-stackgres-bucketx(&|$)/);
  await page.locator('.setup-check-list li[data-code="BR706"] button.rule-link').click();
  await expect(page.locator('#rule-BR706')).toBeInViewport();
  await page.goBack();
  await expect(page.locator('#view-setup')).toBeVisible();
  await page.waitForTimeout(300);
  expect(requests, 'requests after load').toEqual([]);
  expectQuiet(seen);
});
