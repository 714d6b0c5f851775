// axe-core (the npm package, pinned in package.json) on the release page: no violation on the
// bare page, a full setup, the lint view with findings and the rules view, in light and dark.
// axe is injected by the test, so this file alone lets Playwright bypass the page's CSP; the
// page under test is the same.
import { test, expect } from '@playwright/test';
import { createRequire } from 'node:module';
import { IRSA, link } from './support.mjs';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

test.use({ bypassCSP: true });

async function violations(page) {
  await page.addScriptTag({ path: AXE });
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

for (const scheme of ['light', 'dark']) {
  test.describe(`${scheme} mode`, () => {
    test.use({ colorScheme: scheme });

    test('the bare page', async ({ page }) => {
      await page.goto('/');
      await expect(page.locator('.outputs-pending')).toBeVisible();
      expect(await violations(page)).toEqual([]);
    });

    test('a full setup, with an out-of-date banner too', async ({ page }) => {
      await page.goto(link(IRSA));
      await expect(page.locator('section.artifact').first()).toBeVisible();
      expect(await violations(page)).toEqual([]);
      await page.locator('#bucket').fill('x');
      await page.locator('#region').focus();
      await expect(page.locator('.stale-banner')).toBeVisible();
      expect(await violations(page)).toEqual([]);
    });

    test('the lint view with findings', async ({ page }) => {
      await page.goto(`${link(IRSA)}&view=lint`);
      await page.locator('#lint-text').fill('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}');
      await expect(page.locator('.findings li').first()).toBeVisible();
      expect(await violations(page)).toEqual([]);
    });

    test('the rules view', async ({ page }) => {
      await page.goto(`${link(IRSA)}&view=rules&rule=BR201`);
      await expect(page.locator('.rules')).toBeVisible();
      expect(await violations(page)).toEqual([]);
    });
  });
}
