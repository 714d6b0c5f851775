// End-to-end checks of the StackGres setups on the release page: the outputs follow the
// form and the link follows the setup. scenarios.spec.mjs checks every example against the CLI.
import { test, expect } from '@playwright/test';
import { watch, expectQuiet, IRSA, link } from './support.mjs';

const block = (page, id) => page.locator(`section[data-artifact-id="${id}"]`);
const code = (page, id) => block(page, id).locator('pre code');

test('an IRSA link shows the trust policy for the service account', async ({ page }, testInfo) => {
  const seen = watch(page);
  await page.goto(link(IRSA));

  const trust = code(page, 'trust-policy');
  await expect(trust).toContainText('system:serviceaccount:default:my-cluster-patroni');
  await expect(trust).toContainText('sts.amazonaws.com');
  const text = await trust.textContent();
  expect(text).toContain(
    '"oidc.eks.us-west-2.amazonaws.com/id/5C7A8C4D1E2F3A4B5C6D7E8F9A0B1C2D:sub": "system:serviceaccount:default:my-cluster-patroni"',
  );
  await expect(block(page, 'trust-policy')).toHaveAttribute('data-artifact-kind', 'trust-policy');
  await expect(page.locator('.error')).toHaveCount(0);

  await page.waitForLoadState('networkidle');
  const shot = testInfo.outputPath('stackgres-irsa.png');
  await page.screenshot({ path: shot, fullPage: true });
  await testInfo.attach('stackgres-irsa', { path: shot, contentType: 'image/png' });
  expectQuiet(seen);
});

test('typing a bucket updates the policy and the link, not the history', async ({ page }) => {
  const seen = watch(page);
  await page.goto(link(IRSA));
  await expect(code(page, 'permission-policy')).toContainText('arn:aws:s3:::my-stackgres-bucket');
  const historyLength = await page.evaluate(() => history.length);

  await page.locator('#bucket').fill('team-a-pg-backups');
  await expect(code(page, 'permission-policy')).toContainText('arn:aws:s3:::team-a-pg-backups');
  await expect(code(page, 'permission-policy')).not.toContainText('my-stackgres-bucket');
  await expect.poll(() => page.evaluate(() => location.hash)).toContain('bucket=team-a-pg-backups');
  expect(await page.evaluate(() => location.hash)).toContain('clusterAccountId=111122223333');
  expect(await page.evaluate(() => history.length)).toBe(historyLength);

  // Reloading the link restores the edited setup.
  await page.reload();
  await expect(page.locator('#bucket')).toHaveValue('team-a-pg-backups');
  await expect(code(page, 'permission-policy')).toContainText('arn:aws:s3:::team-a-pg-backups');
  expectQuiet(seen);
});

test('a keystroke shows before the link is rewritten, and a reload a frame later keeps it', async ({ page }) => {
  const seen = watch(page);
  // Counts the page's link rewrites, and those made in the task of a keystroke's `input`
  // event (the timer set there runs right after that task).
  await page.addInitScript(() => {
    window.__link = { writes: 0, inKeystroke: 0, typing: false };
    window.addEventListener(
      'input',
      () => {
        window.__link.typing = true;
        setTimeout(() => (window.__link.typing = false));
      },
      true,
    );
    const replace = history.replaceState.bind(history);
    history.replaceState = (...args) => {
      window.__link.writes += 1;
      if (window.__link.typing) window.__link.inKeystroke += 1;
      return replace(...args);
    };
  });
  await page.goto(link(IRSA));
  await expect(code(page, 'permission-policy')).toContainText('arn:aws:s3:::my-stackgres-bucket');

  const bucket = page.locator('#bucket');
  await bucket.focus();
  await page.keyboard.press('End');
  await page.keyboard.type('-eu-west', { delay: 20 });
  await expect(code(page, 'permission-policy')).toContainText('arn:aws:s3:::my-stackgres-bucket-eu-west');
  await expect.poll(() => page.evaluate(() => location.hash)).toContain('bucket=my-stackgres-bucket-eu-west');
  const counts = await page.evaluate(() => window.__link);
  expect(counts.writes).toBeGreaterThanOrEqual(1);
  expect(counts.inKeystroke).toBe(0);

  // A reload as soon as the keystroke's frame is painted.
  await page.keyboard.type('2');
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => setTimeout(done))));
  await page.reload();
  await expect(page.locator('#bucket')).toHaveValue('my-stackgres-bucket-eu-west2');
  await expect(code(page, 'permission-policy')).toContainText('arn:aws:s3:::my-stackgres-bucket-eu-west2');
  expectQuiet(seen);
});

test('an invalid bucket shows its message next to the field and dims the last outputs', async ({ page }) => {
  const seen = watch(page);
  await page.goto(link(IRSA));
  await page.locator('#bucket').fill('My_Bucket');

  const field = page.locator('.field', { has: page.locator('#bucket') });
  const message = field.locator('.error[data-error-for="bucket"]');
  await expect(message).toHaveCount(1);
  await expect(message).toContainText('My_Bucket');
  await expect(page.locator('#bucket')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#bucket')).toHaveAttribute('aria-describedby', /bucket-errors/);
  await expect(page.locator('.artifact-list.stale')).toHaveCount(1);
  await expect(page.locator('.stale-banner')).toContainText('Fix S3 bucket');

  await page.locator('#bucket').fill('my-stackgres-bucket');
  await expect(message).toHaveCount(0);
  await expect(page.locator('.artifact-list.stale')).toHaveCount(0);
  await expect(block(page, 'permission-policy')).toBeVisible();
  expectQuiet(seen);
});

test('static keys show only the fields they need', async ({ page }) => {
  const seen = watch(page);
  await page.goto(link(IRSA));
  await page.locator('#auth').selectOption('static-keys');
  await expect(page.locator('#oidcIssuer')).toHaveCount(0);
  await expect(page.locator('#clusterName')).toHaveCount(0);
  await expect(page.locator('#userName')).toHaveAttribute('placeholder', 'default: stackgres-backup-user');
  await expect(page.locator('label[for="userName"]')).toHaveText('IAM user name');
  await page.locator('#auth').selectOption('irsa');
  await expect(page.locator('#clusterName')).toHaveValue('my-eks-cluster');
  expectQuiet(seen);
});

test('the copy button copies the block', async ({ page, context, baseURL }) => {
  const seen = watch(page);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseURL });
  await page.goto(link(IRSA));
  const button = block(page, 'trust-policy').getByRole('button', { name: 'Copy' });
  await button.click();
  await expect(block(page, 'trust-policy').locator('button.copy')).toHaveText('Copied');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toBe(await code(page, 'trust-policy').textContent());
  // The label returns so the next copy can be confirmed too.
  await expect(block(page, 'trust-policy').locator('button.copy')).toHaveText('Copy', { timeout: 5_000 });
  expectQuiet(seen);
});
