// End-to-end checks of the lint view on the release page: a pasted trust policy shows its
// findings, a finding moves the textarea's cursor to its place and marks its line, and the
// pasted text never reaches the link or storage, while the setup's keys survive every switch
// (the view and the rule follow them in the link).
import { test, expect } from '@playwright/test';
import { watch, expectQuiet, IRSA, link } from './support.mjs';

const ISSUER = 'oidc.eks.us-west-2.amazonaws.com/id/5C7A8C4D1E2F3A4B5C6D7E8F9A0B1C2D';

// A web-identity trust that checks the audience but not the subject: any service account of
// the cluster could assume the role (BR406, on the federated principal, line 7).
const TRUST = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": {
        "Federated": "arn:aws:iam::111122223333:oidc-provider/${ISSUER}"
      },
      "Action": "sts:AssumeRoleWithWebIdentity",
      "Condition": {
        "StringEquals": {
          "${ISSUER}:aud": "sts.amazonaws.com"
        }
      }
    }
  ]
}`;

test('a pasted trust policy shows its finding, and the finding moves the cursor', async ({ page, context }, testInfo) => {
  const seen = watch(page);
  await page.goto(link(IRSA));
  await expect(page.locator('section[data-artifact-id="trust-policy"]')).toBeVisible();
  const setupHash = await page.evaluate(() => location.hash);
  expect(setupHash).toContain('bucket=my-stackgres-bucket');

  await page.getByRole('tab', { name: 'Lint a policy' }).click();
  await expect(page.locator('#view-lint')).toBeVisible();
  await expect(page.locator('#view-setup')).toBeHidden();
  const textarea = page.getByLabel('Policy document (JSON)');
  // A policy is linted in the page at once: "Linting…" never comes up for it.
  await page.evaluate(() => {
    window.sawPending = false;
    new MutationObserver(() => {
      if (document.querySelector('.lint-pending')) window.sawPending = true;
    }).observe(document.body, { childList: true, subtree: true });
  });
  await textarea.fill(TRUST);
  await expect(page.locator('#lint-kind-help')).toContainText('role trust policy');

  const finding = page.locator('#view-lint .finding[data-code="BR406"]');
  await expect(finding).toHaveCount(1);
  await expect(finding).toHaveAttribute('data-severity', 'security-warning');
  await expect(finding).toHaveAttribute('data-line', '7');
  const column = Number(await finding.getAttribute('data-column'));
  await expect(finding.locator('.finding-place')).toHaveText(`7:${column}`);
  await expect(page.locator('.lint-lines li[data-line="7"]')).toHaveClass(/\bmarked\b/);
  expect(await page.evaluate(() => window.sawPending)).toBe(false);

  await finding.locator('button.finding-go').click();
  await expect(textarea).toBeFocused();
  const cursor = await textarea.evaluate((el) => {
    const before = el.value.slice(0, el.selectionStart).split('\n');
    return {
      line: before.length,
      column: before[before.length - 1].length + 1,
      selected: el.value.slice(el.selectionStart, el.selectionEnd),
    };
  });
  expect(cursor.line).toBe(7);
  expect(cursor.column).toBe(column);
  expect(cursor.selected).toBe(`"arn:aws:iam::111122223333:oidc-provider/${ISSUER}"`);
  const current = page.locator('.lint-lines li.current');
  await expect(current).toHaveCount(1);
  await expect(current).toHaveAttribute('data-line', '7');
  await expect(current).toContainText('"Federated"');

  const shot = testInfo.outputPath('lint-view.png');
  await page.screenshot({ path: shot, fullPage: true });
  await testInfo.attach('lint-view', { path: shot, contentType: 'image/png' });

  // The pasted text is in the page only: not in the link, not in storage, not in cookies.
  expect(await page.evaluate(() => location.hash)).toBe(`${setupHash}&view=lint`);
  const storage = await page.evaluate(() => ({
    local: Object.keys(localStorage).length,
    session: Object.keys(sessionStorage).length,
  }));
  expect(storage).toEqual({ local: 0, session: 0 });
  expect(await context.cookies()).toEqual([]);

  // Back to the setup: the same setup, the same link.
  await page.getByRole('tab', { name: 'Generate a setup' }).click();
  await expect(page.locator('#view-setup')).toBeVisible();
  await expect(page.locator('#bucket')).toHaveValue('my-stackgres-bucket');
  expect(await page.evaluate(() => location.hash)).toBe(setupHash);

  // The pasted policy is still there when coming back to the lint view.
  await page.getByRole('tab', { name: 'Lint a policy' }).click();
  await expect(textarea).toHaveValue(TRUST);

  expectQuiet(seen);
});

test("a finding's rule link shows the rule, keeping the setup's link", async ({ page }, testInfo) => {
  const seen = watch(page);
  await page.goto(link(IRSA));
  const setupHash = await page.evaluate(() => location.hash);

  await page.getByRole('tab', { name: 'Lint a policy' }).click();
  await page.getByLabel('Policy document (JSON)').fill(TRUST);
  await page.locator('#view-lint .finding[data-code="BR406"] button.rule-link').click();

  const rule = page.locator('#rule-BR406');
  await expect(page.locator('#view-rules')).toBeVisible();
  await expect(rule).toBeInViewport();
  await expect(rule).toHaveClass(/\btargeted\b/);
  await expect(rule.locator('h3')).toBeFocused();
  for (const heading of ['What it does', 'Why it matters', 'Example', 'Use instead', 'References']) {
    await expect(rule.getByRole('heading', { name: heading })).toBeVisible();
  }
  expect(await page.evaluate(() => location.hash)).toBe(`${setupHash}&view=rules&rule=BR406`);

  const shot = testInfo.outputPath('rules-view.png');
  await page.screenshot({ path: shot });
  await testInfo.attach('rules-view', { path: shot, contentType: 'image/png' });

  await page.getByRole('button', { name: "Back to your policy's findings" }).click();
  await expect(page.locator('#view-lint')).toBeVisible();
  await expect(page.locator('#view-lint .finding[data-code="BR406"]')).toBeVisible();

  // The tabs follow the keyboard, and the setup's link is still the setup.
  await page.getByRole('tab', { name: 'Lint a policy' }).focus();
  await page.keyboard.press('ArrowLeft');
  await expect(page.getByRole('tab', { name: 'Generate a setup' })).toBeFocused();
  await expect(page.locator('#view-setup')).toBeVisible();
  expect(await page.evaluate(() => location.hash)).toBe(setupHash);

  expectQuiet(seen);
});

test('every generated policy block shows its findings, updated as the setup changes', async ({ page }) => {
  const seen = watch(page);
  await page.goto(link(IRSA));
  const lint = page.locator('section[data-artifact-id="permission-policy"] .artifact-lint');
  await expect(lint).toContainText('No findings');
  // An invalid bucket leaves the blocks out of date (the last valid setup's, linted as
  // they were); a valid one updates them, linted again.
  await page.locator('#bucket').fill('Team_B');
  await expect(page.locator('.artifact-list.stale')).toHaveCount(1);
  await expect(lint).toContainText('No findings');
  await page.locator('#bucket').fill('team-b-backups');
  await expect(page.locator('section[data-artifact-id="permission-policy"] pre code')).toContainText('team-b-backups');
  await expect(lint).toContainText('No findings');
  expectQuiet(seen);
});

/** An identity policy of `count` statements, one bucket each; statement `mistakeAt` has an
 * unknown action (line `mistakeAt + 4`). */
const manyStatements = (count, mistakeAt) => {
  const statements = Array.from({ length: count }, (_, i) =>
    `    {"Sid": "S${i}", "Effect": "Allow", "Action": "${i === mistakeAt ? 's3:GetObjekt' : 's3:GetObject'}", "Resource": "arn:aws:s3:::bucket-${i}/*"}`,
  );
  return `{\n  "Version": "2012-10-17",\n  "Statement": [\n${statements.join(',\n')}\n  ]\n}`;
};

/** Pastes `text` into the lint view as a paste does: one input event with the whole text
 * (Playwright's fill would type it). */
const paste = (page, text) =>
  page.locator('#lint-text').evaluate((el, text) => {
    el.value = text;
    el.dispatchEvent(new Event('input', { bubbles: true }));
  }, text);

test('a pasted half megabyte is held back at once, linted on request, and listed only near its findings', async ({ page }) => {
  const seen = watch(page);
  await page.goto(`${link(IRSA)}&view=lint`);
  // About 500 KB: 5,000 statements, one with a mistake (an unknown action) near the end.
  const text = manyStatements(5000, 4321);
  expect(text.length).toBeGreaterThan(400_000);
  await paste(page, text);
  await expect(page.locator('.held-back')).toContainText('not linted yet');
  await expect(page.locator('.findings li')).toHaveCount(0);

  await page.locator('.lint-anyway').click();
  await expect(page.locator('.held-back')).toHaveCount(0);
  await expect(page.locator('.lint-lines .lint-line.marked[data-line="4325"]')).toHaveCount(1);
  // The rendering lists the lines around the findings, not 5,005 lines.
  const listed = await page.locator('.lint-lines .lint-line').count();
  expect(listed).toBeLessThanOrEqual(1000);
  await expect(page.locator('.lint-lines .lint-line[data-line="4325"]')).toHaveCount(1);
  await expect(page.locator('.lint-gap').first()).toBeAttached();
  expectQuiet(seen);
});

test('the lint worker starts when the policy field gets focus, so a long paste finds it ready', async ({ page }) => {
  const seen = watch(page);
  await page.goto(`${link(IRSA)}&view=lint`);
  await expect(page.locator('#lint-text')).toBeVisible();
  // Nothing starts one before the user is about to paste.
  expect(page.workers()).toHaveLength(0);
  await page.locator('#lint-text').focus();
  await expect.poll(() => page.workers().length).toBe(1);
  // A policy is linted in the page; focus again starts no second worker.
  await paste(page, TRUST);
  await expect(page.locator('#view-lint .finding[data-code="BR406"]')).toHaveCount(1);
  await page.locator('#lint-kind').focus();
  await page.locator('#lint-text').focus();
  expect(page.workers()).toHaveLength(1);
  // The long text is linted by that worker.
  await paste(page, manyStatements(5000, 4321));
  await page.locator('.lint-anyway').click();
  await expect(page.locator('.lint-lines .lint-line.marked[data-line="4325"]')).toHaveCount(1);
  expect(page.workers()).toHaveLength(1);
  expectQuiet(seen);
});

test('a newer long text waits for the lint under way instead of restarting the worker', async ({ page }) => {
  const seen = watch(page);
  let started = 0;
  page.on('worker', () => (started += 1));
  await page.goto(`${link(IRSA)}&view=lint`);
  await page.locator('#lint-text').focus();
  await expect.poll(() => started).toBe(1);
  // Just under a megabyte each (the size up to which a lint is let finish), mistakes on
  // different lines.
  const first = manyStatements(9000, 8000);
  const second = manyStatements(9000, 8500);
  expect(second.length).toBeLessThan(1024 * 1024);
  await paste(page, first);
  await page.locator('.lint-anyway').click();
  // The first text's lint is under way in the worker when the second lands.
  await paste(page, second);
  await expect(page.locator('.lint-lines .lint-line.marked[data-line="8504"]')).toHaveCount(1);
  await expect(page.locator('.lint-lines .lint-line.marked[data-line="8004"]')).toHaveCount(0);
  await expect(page.locator('.lint-pending')).toHaveCount(0);
  // One worker did both: none was terminated and started again.
  expect(started).toBe(1);
  expect(page.workers()).toHaveLength(1);
  expectQuiet(seen);
});

test('a long lint runs off the page: the page answers meanwhile, and a newer text cancels it', async ({ page }) => {
  const seen = watch(page);
  await page.goto(`${link(IRSA)}&view=lint`);
  // About 1 MB, a mistake near the end: a second or more of linting.
  const big = manyStatements(10000, 9876);
  // What the lint view ever shows, recorded as it happens, so that nothing depends on when
  // this test gets to look.
  await page.evaluate(() => {
    window.shown = { pending: false, bigFinding: false };
    new MutationObserver(() => {
      if (document.querySelector('.lint-pending')) window.shown.pending = true;
      if (document.querySelector('#view-lint .lint-results')?.textContent.includes('GetObjekt')) window.shown.bigFinding = true;
    }).observe(document.body, { childList: true, subtree: true, characterData: true });
  });
  await paste(page, big);
  await page.locator('.lint-anyway').click();
  // The page answers at once: a newer text replaces the one being linted.
  await paste(page, TRUST);
  await expect(page.locator('#view-lint .finding[data-code="BR406"]')).toHaveCount(1);
  await expect(page.locator('.lint-pending')).toHaveCount(0);
  // Long after the big text's lint would have ended, its findings have not come back.
  await page.waitForTimeout(4000);
  await expect(page.locator('#view-lint .finding[data-code="BR406"]')).toHaveCount(1);
  expect(await page.locator('#lint-text').inputValue()).toBe(TRUST);
  // Linted on the page's own thread, the big text would have held the page until its
  // findings were there, so "Linting…" would never have been drawn and they would have shown.
  expect(await page.evaluate(() => window.shown)).toEqual({ pending: true, bigFinding: false });
  expectQuiet(seen);
});

/** Pastes `text` as the user does: the clipboard holds it and Control+V puts it wherever the
 * focus is, so the page gets the browser's own paste event and, unless it takes the text
 * itself, the browser's own insertion. */
const pasteFromClipboard = async (page, text) => {
  await page.evaluate((text) => navigator.clipboard.writeText(text), text);
  await page.keyboard.press('Control+V');
};

test('a long paste is kept outside the edit box, linted, and put in the box only on request', async ({ page, context, baseURL }) => {
  const seen = watch(page);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseURL });
  await page.goto(`${link(IRSA)}&view=lint`);
  const box = page.locator('#lint-text');
  // A short paste goes into the box as the browser puts it there.
  await box.focus();
  await pasteFromClipboard(page, TRUST);
  await expect(box).toHaveValue(TRUST);
  await expect(page.locator('#view-lint .finding[data-code="BR406"]')).toHaveCount(1);

  // About 1 MB pasted between two spaces: the page takes it before the browser inserts it,
  // so the box never holds it.
  await box.fill('  ');
  await box.evaluate((el) => el.setSelectionRange(1, 1));
  const big = manyStatements(10000, 9876);
  await pasteFromClipboard(page, big);
  await expect(page.locator('.outside-box')).toContainText(`${Math.floor((big.length + 2) / 1024)} KB, 10005 lines`);
  await expect(box).toBeHidden();
  expect(await box.inputValue()).toBe('');
  // The focus moves to what stands in the box's place.
  await expect(page.locator('.put-in-box')).toBeFocused();
  // It is linted as any long text is: on request, listed near its findings.
  await page.locator('.lint-anyway').click();
  await expect(page.locator('.lint-lines .lint-line.marked[data-line="9880"]')).toHaveCount(1);
  // A finding marks its line; there is no place in the box to select.
  await page.locator('#view-lint .finding[data-line="9880"] button.finding-go').first().click();
  await expect(page.locator('.lint-lines .lint-line.current[data-line="9880"]')).toHaveCount(1);
  await expect(box).toBeHidden();

  // In the box on request: the whole text, with the paste where the cursor was, and the keys
  // go on from there.
  await page.locator('.put-in-box').click();
  await expect(page.locator('.outside-box')).toHaveCount(0);
  await expect(box).toBeVisible();
  await expect(box).toBeFocused();
  expect(await box.inputValue()).toBe(` ${big} `);

  // Kept outside again, then cleared: an empty box with the focus, and nothing to lint.
  await box.fill('');
  await pasteFromClipboard(page, big);
  await expect(page.locator('.outside-box')).toBeVisible();
  await page.locator('.clear-text').click();
  await expect(box).toBeVisible();
  await expect(box).toBeFocused();
  await expect(box).toHaveValue('');
  await expect(page.locator('#view-lint .lint-summary')).toContainText('Paste a policy');
  await page.keyboard.type('{');
  await expect(box).toHaveValue('{');
  expect(page.url()).not.toContain('GetObjekt');
  expectQuiet(seen);
});

test('the edit box holds 32 KB of text however it is counted, with what a paste replaces taken off', async ({ page, context, baseURL }) => {
  const seen = watch(page);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseURL });
  await page.goto(`${link(IRSA)}&view=lint`);
  const box = page.locator('#lint-text');
  const panel = page.locator('.outside-box');
  await box.focus();
  // 20,000 characters pasted after 20,000 already there: short alone, too long together.
  const half = 'a'.repeat(20000);
  await box.fill(half);
  await box.evaluate((el) => el.setSelectionRange(el.value.length, el.value.length));
  await pasteFromClipboard(page, 'b'.repeat(20000));
  await expect(panel).toContainText('(39 KB, 1 lines)');
  await page.locator('.put-in-box').click();
  await expect(box).toBeFocused();
  expect(await box.inputValue()).toBe(half + 'b'.repeat(20000));
  // The same 40,000 characters selected and replaced by a short paste: it goes in the box.
  await box.evaluate((el) => el.setSelectionRange(0, el.value.length));
  await pasteFromClipboard(page, 'short');
  await expect(box).toHaveValue('short');
  await expect(panel).toHaveCount(0);
  // 12,000 euro signs are 12,000 UTF-16 units but 36,000 bytes: too long for the box.
  await box.fill('');
  await pasteFromClipboard(page, '€'.repeat(12000));
  await expect(panel).toContainText('(35 KB, 1 lines)');
  await page.locator('.clear-text').click();
  await expect(box).toBeFocused();
  // 10,000 of them, 30,000 bytes, fit.
  await pasteFromClipboard(page, '€'.repeat(10000));
  await expect(box).toHaveValue('€'.repeat(10000));
  await expect(panel).toHaveCount(0);
  expectQuiet(seen);
});

test('typing in the edit box does not write the text back into it', async ({ page }) => {
  const seen = watch(page);
  // Counts every write of a textarea's value by script (the browser's own typing goes around
  // the setter).
  await page.addInitScript(() => {
    const value = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value');
    window.boxWrites = 0;
    Object.defineProperty(HTMLTextAreaElement.prototype, 'value', {
      ...value,
      set(text) {
        if (this.id === 'lint-text') window.boxWrites += 1;
        value.set.call(this, text);
      },
    });
  });
  await page.goto(`${link(IRSA)}&view=lint`);
  const box = page.locator('#lint-text');
  await box.focus();
  const before = await page.evaluate(() => window.boxWrites);
  await page.keyboard.type('{"Version": "2012-10-17"}');
  await expect(box).toHaveValue('{"Version": "2012-10-17"}');
  // The findings are there for the typed text, and the box was left as the keys made it.
  await expect(page.locator('#view-lint .finding').first()).toBeVisible();
  expect(await page.evaluate(() => window.boxWrites)).toBe(before);
  expectQuiet(seen);
});
