// The release site away from a site's root, and inside another site's page: served under
// /bucketrust/ only (as a GitHub Pages project site is), it renders the heaviest example; a
// documentation page on another origin embeds it with the README's one-line snippet, and the
// frame shows the asked artifacts, takes the content's height, copies, and sends nothing.
import { test, expect } from '@playwright/test';
import { watch, expectQuiet, heaviest } from './support.mjs';
import { HOST, SUB_PATH } from './ports.mjs';

/** Records every response that failed (a 404 of a URL from the site's root, say). */
function failedResponses(page) {
  const failed = [];
  page.on('response', (response) => {
    if (response.status() >= 400) failed.push(`${response.status()} ${response.url()}`);
  });
  page.on('requestfailed', (request) => failed.push(`failed ${request.url()}`));
  return failed;
}

const SIZES = [
  { name: 'wide', width: 1280, height: 900 },
  { name: 'phone', width: 390, height: 844 },
];

test('the site served under a sub-path renders the heaviest example', async ({ page }, testInfo) => {
  const seen = watch(page);
  const failed = failedResponses(page);
  const { name, setup, artifacts } = heaviest();
  await page.goto(`${SUB_PATH}#${new URLSearchParams(setup)}`);
  await expect(page.locator(`section[data-artifact-id="${artifacts[0].id}"]`)).toBeVisible();
  const shown = await page.locator('section[data-artifact-id]').evaluateAll((sections) =>
    sections.map((s) => ({ id: s.dataset.artifactId, content: s.querySelector('pre code').textContent })),
  );
  expect(shown, name).toEqual(artifacts.map(({ id, content }) => ({ id, content })));
  await expect(page.locator('.setup-checks .lint-summary')).toHaveText('The artifacts agree with each other.');
  await page.waitForLoadState('networkidle');
  expect(failed, 'every file loads from the sub-path').toEqual([]);
  // The page and embed.js are below /bucketrust/; the icon is part of the page.
  const icon = await page.locator('link[rel="icon"]').evaluate((l) => l.href);
  expect(icon).toMatch(/^data:image\/png;base64,/);
  expect((await page.request.get(`${SUB_PATH}embed.js`)).status()).toBe(200);
  for (const size of SIZES) {
    await page.setViewportSize(size);
    const shot = testInfo.outputPath(`sub-path-${size.name}.png`);
    await page.screenshot({ path: shot, fullPage: size.name === 'phone' });
    await testInfo.attach(`sub-path-${size.name}`, { path: shot, contentType: 'image/png' });
  }
  expectQuiet(seen);
});

test('before the app mounts the page says it is loading, and says so when the program fails', async ({ page, request }) => {
  const served = await (await request.get(SUB_PATH)).text();
  expect(served).toContain('<h1>bucketrust</h1>');
  expect(served).toContain('Loading…');
  // Every URL of the built page is relative.
  expect(served).not.toMatch(/\s(?:src|href)="\//);
  await page.route('**/*_bg.wasm.js', (route) => route.fulfill({ status: 404, body: 'not found' }));
  await page.goto(SUB_PATH);
  await expect(page.locator('#boot-status')).toContainText('bucketrust could not start');
  await expect(page.locator('#boot-status')).toHaveAttribute('role', 'alert');
});

test('a page on another origin embeds the widget with the one-line snippet', async ({ page, context }, testInfo) => {
  const seen = watch(page);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: HOST });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(SUB_PATH).origin });
  await page.goto(`${HOST}/`);
  const iframe = page.locator('bucketrust-embed iframe');
  await expect(iframe).toHaveAttribute('sandbox', 'allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox');
  await expect(iframe).toHaveAttribute('allow', 'clipboard-write');
  const frame = page.frameLocator('bucketrust-embed iframe');

  // Only the asked artifacts, with the trust policy's findings and the setup checks' verdict.
  await expect(frame.locator('section[data-artifact-id="trust-policy"]')).toBeVisible();
  await expect(frame.locator('section[data-artifact-id]')).toHaveCount(2);
  await expect(frame.locator('section[data-artifact-id="aws-cli"]')).toBeVisible();
  await expect(frame.locator('section[data-artifact-id="trust-policy"] .artifact-lint')).toContainText('No findings');
  await expect(frame.locator('.setup-checks .backups-verdict')).toHaveAttribute('data-backups-on', 'true');
  // No site header and no tabs; the host's locked fields are read-only, the others are not.
  await expect(frame.locator('.site-header')).toHaveCount(0);
  await expect(frame.locator('[role="tablist"]')).toHaveCount(0);
  await expect(frame.locator('select#target')).toBeDisabled();
  await expect(frame.locator('select#auth')).toBeDisabled();
  await expect(frame.locator('input#bucket')).toBeEditable();
  // The full page's link carries the setup only.
  const open = await frame.locator('a.open-full').getAttribute('href');
  expect(open.startsWith(`${SUB_PATH}#target=stackgres&auth=irsa&`)).toBe(true);
  expect(open).not.toMatch(/embed|lock=|show=/);

  // The frame is as tall as its content, and follows it when a field changes.
  const contentHeight = () =>
    frame.locator('html').evaluate((html) => Math.ceil(html.getBoundingClientRect().height));
  const frameHeight = async () => Math.round((await iframe.boundingBox()).height);
  await expect.poll(async () => (await frameHeight()) - (await contentHeight())).toBe(0);
  const tall = await frameHeight();
  expect(tall).toBeGreaterThan(800);
  const shot = testInfo.outputPath('embed.png');
  await page.screenshot({ path: shot, fullPage: true });
  await testInfo.attach('embed', { path: shot, contentType: 'image/png' });

  // An invalid value keeps the outputs, dimmed, under a banner: the content grows by the
  // banner and its error, and the frame follows.
  await frame.locator('input#bucket').fill('Not_A_Bucket');
  await expect(frame.locator('.stale-banner')).toBeVisible();
  await expect(frame.locator('section[data-artifact-id]')).not.toHaveCount(0);
  await expect.poll(frameHeight).toBeGreaterThan(tall + 20);
  await expect.poll(async () => (await frameHeight()) - (await contentHeight())).toBe(0);
  await frame.locator('input#bucket').fill('team-b-backups');
  await expect(frame.locator('section[data-artifact-id="aws-cli"] pre code')).toContainText('team-b-backups');
  await expect.poll(frameHeight).toBeGreaterThan(tall - 50);

  // Copy works inside the frame.
  const trust = frame.locator('section[data-artifact-id="trust-policy"]');
  await trust.getByRole('button', { name: 'Copy' }).click();
  await expect(trust.locator('button.copy')).toHaveText('Copied');
  const expected = await trust.locator('pre code').textContent();
  await page.bringToFront();
  await page.locator('#after').click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(expected);

  // At a phone's width, too.
  await page.setViewportSize({ width: 390, height: 844 });
  await expect.poll(async () => (await frameHeight()) - (await contentHeight())).toBe(0);
  const phone = testInfo.outputPath('embed-phone.png');
  await page.screenshot({ path: phone, fullPage: true });
  await testInfo.attach('embed-phone', { path: phone, contentType: 'image/png' });

  // Nothing in the frame went to storage.
  const storage = await frame.locator('html').evaluate(() => localStorage.length + sessionStorage.length);
  expect(storage).toBe(0);
  expectQuiet(seen);
});

test('the embedded page posts its height and nothing else, and listens to no message', async ({ page }) => {
  const seen = watch(page);
  await page.goto(`${HOST}/`);
  const frame = page.frameLocator('bucketrust-embed iframe');
  await expect(frame.locator('section[data-artifact-id="trust-policy"]')).toBeVisible();
  // Record what the frame posts from now on, then make it change size.
  await page.evaluate(() => {
    window.posted = [];
    window.addEventListener('message', (event) => window.posted.push(event.data));
  });
  await frame.locator('input#bucket').fill('Not_A_Bucket');
  await expect.poll(() => page.evaluate(() => window.posted.length)).toBeGreaterThan(0);
  const posted = await page.evaluate(() => window.posted);
  for (const message of posted) {
    expect(Object.keys(message).sort()).toEqual(['height', 'type']);
    expect(message.type).toBe('bucketrust:height');
    expect(typeof message.height).toBe('number');
  }
  // A message to the frame changes nothing: the page has no listener.
  await page.locator('bucketrust-embed iframe').evaluate((iframe) =>
    iframe.contentWindow.postMessage({ type: 'bucketrust:height', height: 1 }, '*'),
  );
  await expect(frame.locator('input#bucket')).toHaveValue('Not_A_Bucket');
  expectQuiet(seen);
});
