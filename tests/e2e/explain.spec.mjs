// Pasted values and policies explained, on the release page: a fix-it suggestion for each
// form of what AWS prints, applied in one click; the cluster's fields filled from
// `aws eks describe-cluster`; the summary of a known policy with its access levels; and the
// hardened policy, whose diff follows both policies, and its switch, which changes the policy
// the script hands to IAM while the setup checks still agree.
import { test, expect } from '@playwright/test';
import { watch, expectQuiet, IRSA, link } from './support.mjs';

const SUGGESTIONS = [
  ['clusterAccountId', ' 111122223333 ', '111122223333'],
  ['clusterAccountId', '"111122223333"', '111122223333'],
  ['clusterAccountId', 'arn:aws:iam::111122223333:root', '111122223333'],
  ['bucket', 's3://my-bucket', 'my-bucket'],
  ['bucket', 'arn:aws:s3:::my-bucket', 'my-bucket'],
  ['region', 'US-WEST-2', 'us-west-2'],
];

for (const [key, pasted, fixed] of SUGGESTIONS) {
  test(`pasting ${JSON.stringify(pasted)} into ${key} offers ${fixed} and applies it in one click`, async ({ page }) => {
    const seen = watch(page);
    await page.goto(link(IRSA));
    await expect(page.locator('section.artifact').first()).toBeVisible();
    await page.locator(`#${key}`).fill(pasted);
    const button = page.locator(`.error[data-error-for="${key}"] .use-suggestion`);
    await expect(button).toHaveAttribute('data-suggestion', fixed);
    await expect(page.locator(`.error[data-error-for="${key}"]`)).toContainText(`did you mean ${fixed}?`);
    // Nothing changed until the click.
    await expect(page.locator(`#${key}`)).toHaveValue(pasted);
    await button.click();
    await expect(page.locator(`#${key}`)).toHaveValue(fixed);
    await expect(page.locator(`.error[data-error-for="${key}"]`)).toHaveCount(0);
    await expect(page.locator('.stale-banner')).toHaveCount(0);
    expectQuiet(seen);
  });
}

test('the output of aws eks describe-cluster fills the cluster fields', async ({ page }) => {
  const seen = watch(page);
  await page.goto('/');
  const described = {
    cluster: {
      name: 'prod-eks',
      arn: 'arn:aws:eks:eu-central-1:444455556666:cluster/prod-eks',
      identity: { oidc: { issuer: 'https://oidc.eks.eu-central-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF' } },
    },
  };
  await page.locator('.describe-cluster summary').click();
  await page.locator('#describe-cluster-json').fill(JSON.stringify(described, null, 2));
  await page.locator('.fill-from-cluster').click();
  await expect(page.locator('#clusterName')).toHaveValue('prod-eks');
  await expect(page.locator('#region')).toHaveValue('eu-central-1');
  await expect(page.locator('#clusterAccountId')).toHaveValue('444455556666');
  await expect(page.locator('#oidcIssuer')).toHaveValue(described.cluster.identity.oidc.issuer);
  await expect(page.locator('.describe-cluster-result')).toContainText('Filled in');

  await page.locator('#describe-cluster-json').fill('{"cluster": {"name": "x"}}');
  await page.locator('.fill-from-cluster').click();
  await expect(page.locator('.describe-cluster-result .error')).toContainText('cluster.arn');
  expectQuiet(seen);
});

test("the summary of Velero's policy lists its services and access levels", async ({ page }) => {
  const seen = watch(page);
  await page.goto(link({ ...IRSA, target: 'velero', bucket: 'my-velero-bucket' }));
  const summary = page.locator('[data-artifact-id="permission-policy"] .policy-summary');
  await expect(summary).toBeVisible();
  await expect(summary.locator('summary')).toContainText('List, Read, Write, Tagging');
  const rows = summary.locator('tbody tr');
  await expect(rows.filter({ hasText: 'ec2' }).first()).toContainText('Write');
  await expect(rows.filter({ hasText: 'arn:aws:s3:::my-velero-bucket/*' }).first()).toContainText('every object in the bucket my-velero-bucket');
  // The findings are grouped with counts, as the console does.
  const counts = page.locator('[data-artifact-id="permission-policy"] .group-counts');
  await expect(counts.locator('[data-group="security"]')).toBeVisible();
  expectQuiet(seen);
});

test('the hardened switch makes the script hand IAM the hardened policy, and the checks still agree', async ({ page }) => {
  const seen = watch(page);
  await page.goto(link({ ...IRSA, target: 'velero', bucket: 'my-velero-bucket' }));
  const hardened = page.locator('[data-artifact-id="permission-policy-hardened"]');
  await expect(hardened.locator('.policy-diff summary')).toContainText('lines added');
  // A line only the hardened policy has, from the diff.
  const documented = await page.locator('[data-artifact-id="permission-policy"] pre code').textContent();
  const added = (await hardened.locator('.policy-diff .diff-added').allTextContents())
    .map((line) => line.replace(/^\+ /, '').trim())
    .find((line) => line.length > 12 && !documented.includes(line));
  expect(added).toBeTruthy();
  const script = page.locator('[data-artifact-id="aws-cli"] pre code');
  expect(await script.textContent()).not.toContain(added);
  // The diff follows both policies: a new account changes the hardened policy's ARNs, and
  // the diff's lines with them.
  const diff = hardened.locator('.policy-diff pre');
  await expect(diff).toContainText('arn:aws:ec2:us-west-2:111122223333:volume/*');
  await page.locator('#clusterAccountId').fill('444455556666');
  await expect(diff).toContainText('arn:aws:ec2:us-west-2:444455556666:volume/*');
  await expect(diff).not.toContainText('111122223333');
  await page.locator('#clusterAccountId').fill('111122223333');
  await expect(diff).toContainText('arn:aws:ec2:us-west-2:111122223333:volume/*');

  await hardened.locator('.use-alternative').click();
  await expect(page.locator('#hardened')).toHaveValue('true');
  await expect.poll(async () => (await script.textContent()).includes(added)).toBe(true);
  await expect(page.locator('.setup-checks .lint-summary')).toHaveText('The artifacts agree with each other.');
  await expect(page.locator('.backups-verdict')).toHaveAttribute('data-backups-on', 'true');
  // The vendor's policy is now the alternative, with the way back.
  await expect(page.locator('[data-artifact-id="permission-policy"] .use-alternative')).toHaveText('Use the documented policy in the scripts');
  expectQuiet(seen);
});
