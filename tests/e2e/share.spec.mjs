// Taking the setup away and sharing it on the release page: "Download all" zips exactly the
// files `bucketrust generate --out` writes, "Copy as one script" copies what
// `generate --format script` prints, "Copy link" copies the link, and the view and the rule
// are part of the link, with Back and Forward moving between views.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { watch, expectQuiet, IRSA, link, scenarios, filesUnder, unzip } from './support.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

for (const { name, setup, bundle, oneScript } of scenarios()) {
  test(`the zip and the one script of examples/${name}.json are the CLI's`, async ({ page, context, baseURL }) => {
    const seen = watch(page);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseURL });
    await page.goto(link(setup));
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download all' }).click(),
    ]);
    const folder = `bucketrust-${setup.target}-${setup.auth}`;
    expect(download.suggestedFilename()).toBe(`${folder}.zip`);
    expect(download.url()).toMatch(/^blob:http:\/\/127\.0\.0\.1:/);
    const entries = unzip(readFileSync(await download.path()));
    const written = filesUnder(`${ROOT}${bundle}`);
    expect(entries.map((e) => e.path)).toEqual(written.map((f) => `${folder}/${f.path}`));
    for (const [i, file] of written.entries()) {
      expect(entries[i].bytes.equals(file.bytes), `${file.path} byte for byte`).toBe(true);
      expect(entries[i].executable, `${file.path} executable`).toBe(file.executable);
    }

    const copy = page.getByRole('button', { name: 'Copy as one script' });
    await copy.click();
    await expect(page.locator('.setup-actions button.copy').first()).toHaveText('Copied');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(oneScript);
    expectQuiet(seen);
  });
}

test('Copy link copies the link, view and all', async ({ page, context, baseURL }) => {
  const seen = watch(page);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseURL });
  await page.goto(link(IRSA));
  await page.getByRole('button', { name: 'Copy link' }).click();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toBe(await page.evaluate(() => location.href));
  expect(copied).toContain('#target=stackgres&auth=irsa&');
  expectQuiet(seen);
});

test('a link with view=rules&rule=BR201 opens that rule, and Back returns to the setup', async ({ page }) => {
  const seen = watch(page);
  await page.goto(link(IRSA));
  await expect(page.locator('section[data-artifact-id="trust-policy"]')).toBeVisible();
  const setupHash = await page.evaluate(() => location.hash);
  await expect(page).toHaveTitle('StackGres (Postgres backups), IAM roles for service accounts (IRSA) · bucketrust');

  await page.goto(`${link(IRSA)}&view=rules&rule=BR201`);
  const rule = page.locator('#rule-BR201');
  await expect(page.locator('#view-rules')).toBeVisible();
  await expect(rule).toHaveClass(/\btargeted\b/);
  await expect(rule.locator('h3')).toBeFocused();
  await expect(rule).toBeInViewport();
  await expect(page).toHaveTitle('BR201 · Linter rules · bucketrust');

  await page.goBack();
  await expect(page.locator('#view-setup')).toBeVisible();
  await expect(page.locator('#view-rules')).toBeHidden();
  expect(await page.evaluate(() => location.hash)).toBe(setupHash);
  await expect(page.locator('#bucket')).toHaveValue('my-stackgres-bucket');
  expectQuiet(seen);
});

test('Back and Forward move between the views the user opened', async ({ page }) => {
  const seen = watch(page);
  await page.goto(link(IRSA));
  const setupHash = await page.evaluate(() => location.hash);
  // A setup check's rule link: the rules view, in the link after the setup's keys.
  await page.locator('.setup-check-list li[data-code="BR706"] button.rule-link').click();
  await expect(page.locator('#rule-BR706')).toBeInViewport();
  expect(await page.evaluate(() => location.hash)).toBe(`${setupHash}&view=rules&rule=BR706`);
  await page.getByRole('tab', { name: 'Lint a policy' }).click();
  expect(await page.evaluate(() => location.hash)).toBe(`${setupHash}&view=lint`);

  await page.goBack();
  await expect(page.locator('#view-rules')).toBeVisible();
  await expect(page.locator('#rule-BR706')).toHaveClass(/\btargeted\b/);
  await page.goBack();
  await expect(page.locator('#view-setup')).toBeVisible();
  // Typing replaces the entry instead of adding one: Forward still leads to the rules.
  await page.locator('#bucket').fill('team-b-backups');
  await expect(page.locator('section[data-artifact-id="permission-policy"] pre code')).toContainText('team-b-backups');
  await page.goForward();
  await expect(page.locator('#view-rules')).toBeVisible();
  await page.goForward();
  await expect(page.locator('#view-lint')).toBeVisible();
  expectQuiet(seen);
});

test('a long run of fast typing rewrites the link about three times a second, and the link ends with every key', async ({ page }) => {
  const seen = watch(page);
  // WebKit throws past 100 history changes in 30 seconds; every write is counted here.
  await page.addInitScript(() => {
    window.__historyWrites = 0;
    for (const name of ['replaceState', 'pushState']) {
      const original = History.prototype[name];
      History.prototype[name] = function counted(...args) {
        window.__historyWrites += 1;
        return original.apply(this, args);
      };
    }
  });
  await page.goto(link(IRSA));
  await expect(page.locator('section[data-artifact-id="permission-policy"]')).toBeVisible();
  await page.locator('#bucket').focus();
  await page.keyboard.press('End');
  await page.evaluate(() => (window.__historyWrites = 0));
  const typed = '-abcdefghijklmnopqrstuvwxyz0123456789';
  const start = Date.now();
  await page.keyboard.type(typed, { delay: 25 });
  const elapsed = Date.now() - start;
  await expect.poll(() => page.evaluate(() => location.hash)).toMatch(new RegExp(`bucket=my-stackgres-bucket${typed}(&|$)`));
  const writes = await page.evaluate(() => window.__historyWrites);
  // The first ten keys are written one by one, then 2.9 writes a second, and the last key's.
  const allowed = 10 + Math.ceil((elapsed / 1000) * 2.9) + 1;
  expect(writes, `${typed.length} keys in ${elapsed} ms`).toBeLessThanOrEqual(allowed);
  expect(writes).toBeGreaterThanOrEqual(10);
  expectQuiet(seen);
});
