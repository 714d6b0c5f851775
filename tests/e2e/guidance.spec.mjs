// Guidance while typing, on the release page: outputs that stay while a value is invalid for
// a moment, errors that wait until they help, the example picker, the list of artifacts with
// their step numbers, and focus that comes back after the way back from a rule.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { watch, expectQuiet, IRSA, link, scenarios } from './support.mjs';

test.use({ viewport: { width: 1440, height: 900 } });

test('typing an invalid value keeps the outputs, dimmed under a banner, and the scroll position', async ({ page }) => {
  const seen = watch(page);
  await page.goto(link(IRSA));
  const artifacts = page.locator('section.artifact');
  await expect(artifacts.first()).toBeVisible();
  const count = await artifacts.count();
  const trust = page.locator('[data-artifact-id="trust-policy"] pre code');
  const before = await trust.textContent();

  await page.evaluate(() => window.scrollTo(0, 3000));
  expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(2000);
  // What the reader looks at: the block at the middle of the viewport, and where it is. The
  // browser may adjust scrollY to keep it there (scroll anchoring); it must not move.
  const inView = await page.evaluate(() => {
    const block = document.elementFromPoint(1100, 450)?.closest('section.artifact');
    return { id: block?.dataset.artifactId, top: block?.getBoundingClientRect().top };
  });
  expect(inView.id).toBeTruthy();
  const topOf = () =>
    page.evaluate((id) => document.querySelector(`[data-artifact-id="${id}"]`).getBoundingClientRect().top, inView.id);

  // `my-backups-2026`, key by key: `m`, `my`, `my-` and `my-backups-` are not bucket names.
  await page.locator('#bucket').focus();
  await page.locator('#bucket').fill('');
  for (const key of 'my-backups-2026') {
    await page.keyboard.type(key);
    await expect(artifacts).toHaveCount(count);
    expect(Math.abs((await topOf()) - inView.top), `the block moved after ${key}`).toBeLessThanOrEqual(1);
    const value = await page.locator('#bucket').inputValue();
    if (['m', 'my', 'my-', 'my-backups-'].includes(value)) {
      await expect(page.locator('.stale-banner')).toContainText('Fix S3 bucket');
      await expect(page.locator('.artifact-list')).toHaveClass(/stale/);
      // Out of reach while out of date: nothing stale is copied.
      expect(await page.locator('.artifact-list').getAttribute('inert')).not.toBeNull();
    }
  }
  await expect(page.locator('.stale-banner')).toHaveCount(0);
  await expect(page.locator('.artifact-list')).not.toHaveClass(/stale/);
  await expect(page.locator('[data-artifact-id="permission-policy"] pre code')).toContainText('my-backups-2026');
  expect(await trust.textContent()).toBe(before);
  expectQuiet(seen);
});

test('the bare page shows no error until a field is left, and the count is every error', async ({ page }) => {
  const seen = watch(page);
  await page.goto('/');
  await expect(page.locator('.outputs-pending')).toBeVisible();
  await expect(page.locator('.error')).toHaveCount(0);
  const said = Number((await page.locator('.outputs-pending').textContent()).match(/(\d+) problems?/)[1]);
  expect(said).toBeGreaterThan(1);
  // Required fields are marked before anything is typed.
  expect(await page.locator('.required-mark').count()).toBeGreaterThanOrEqual(said);

  // Leaving one field shows its error and that one only.
  await page.locator('#bucket').focus();
  await page.keyboard.press('Tab');
  await expect(page.locator('.error[data-error-for="bucket"]')).toHaveCount(1);
  await expect(page.locator('.error')).toHaveCount(1);

  // Asking for every problem shows as many as the count said, and moves to the first.
  await page.locator('.reveal-problems').click();
  await expect(page.locator('.error')).toHaveCount(said);
  const focused = await page.evaluate(() => document.activeElement?.id);
  expect(await page.locator(`.error[data-error-for="${focused}"]`).count()).toBeGreaterThan(0);
  expectQuiet(seen);
});

test('the example picker fills the form and renders the outputs, and Back returns to the setup before', async ({ page }) => {
  const seen = watch(page);
  await page.goto(link(IRSA));
  await expect(page.locator('section.artifact').first()).toBeVisible();
  const velero = scenarios().find((s) => s.name === 'velero-irsa');
  await page.locator('#example-picker').selectOption('velero-irsa');
  await expect(page.locator('#target')).toHaveValue('velero');
  await expect(page.locator('#bucket')).toHaveValue(velero.setup.bucket);
  await expect(page.locator('section.artifact')).toHaveCount(velero.artifacts.length);
  for (const artifact of velero.artifacts) {
    expect(await page.locator(`[data-artifact-id="${artifact.id}"] pre code`).textContent()).toBe(artifact.content);
  }
  await expect(page.locator('#example-picker')).toHaveValue('');
  await page.goBack();
  await expect(page.locator('#target')).toHaveValue('stackgres');
  await expect(page.locator('#bucket')).toHaveValue(IRSA.bucket);
  expectQuiet(seen);
});

test('the list of artifacts numbers the steps as the README does and moves to each block', async ({ page }) => {
  const seen = watch(page);
  await page.goto(link(IRSA));
  const entries = page.locator('.artifact-index .index-entry');
  await expect(entries.first()).toBeVisible();
  await expect(entries).toHaveCount(await page.locator('section.artifact').count());
  const bundle = scenarios().find((s) => s.name === 'stackgres-irsa').bundle;
  const readme = readFileSync(new URL(`../../${bundle}/README.md`, import.meta.url), 'utf8');
  const step = entries.filter({ has: page.locator('.index-place', { hasText: /^Step 2$/ }) });
  const title = (await step.locator('.index-title').textContent()).trim();
  expect(readme).toContain(`\n2. ${title}`);
  await step.click();
  const focused = await page.evaluate(() => document.activeElement?.id);
  expect(focused).toMatch(/^artifact-/);
  await expect(page.locator(`#${focused}`)).toBeInViewport();
  expectQuiet(seen);
});

test('after a rule link, Back to the setup returns focus to the link', async ({ page }) => {
  const seen = watch(page);
  await page.goto(link(IRSA));
  const ruleLink = page.locator('#view-setup .rule-link').first();
  await expect(ruleLink).toBeVisible();
  await ruleLink.focus();
  const label = await ruleLink.getAttribute('aria-label');
  await page.keyboard.press('Enter');
  await expect(page.locator('button.back')).toBeVisible();
  await page.locator('button.back').click();
  await expect
    .poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label')))
    .toBe(label);
  expectQuiet(seen);
});

test('on a phone, a jump leads to the outputs and no code block scrolls sideways', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  const seen = watch(page);
  await page.goto(link(IRSA));
  await expect(page.locator('section.artifact').first()).toBeAttached();
  await page.getByRole('button', { name: 'Jump to the outputs' }).click();
  await expect(page.locator('#outputs-heading')).toBeFocused();
  await expect(page.locator('#outputs-heading')).toBeInViewport();
  const sideways = await page.$$eval('pre', (pres) => pres.filter((p) => p.scrollWidth > p.clientWidth + 1).length);
  expect(sideways).toBe(0);
  const pageWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(pageWidth).toBeLessThanOrEqual(390);
  expectQuiet(seen);
});
