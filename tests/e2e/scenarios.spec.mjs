// Every example setup, opened as a link on the release page, shows exactly the artifacts the
// CLI prints for it: same ids, kinds and titles, in the same order, and byte-for-byte the
// same content. `cargo xtask test` writes the CLI's output for every file in examples/ to
// target/e2e/scenarios.json before the browser tests start.
import { test, expect } from '@playwright/test';
import { watch, expectQuiet, link } from './support.mjs';
import { readFileSync } from 'node:fs';

const scenarios = JSON.parse(readFileSync(new URL('../../target/e2e/scenarios.json', import.meta.url), 'utf8'));

test('there is a scenario for every example', () => {
  expect(scenarios.length).toBeGreaterThan(1);
});

for (const { name, setup, artifacts, setupChecks } of scenarios) {
  test(`the page shows the CLI's artifacts for examples/${name}.json`, async ({ page }) => {
    const seen = watch(page);
    expect(artifacts.length).toBeGreaterThan(0);
    await page.goto(link(setup));
    await expect(page.locator(`section[data-artifact-id="${artifacts[0].id}"]`)).toBeVisible();
    const shown = await page.locator('section[data-artifact-id]').evaluateAll((sections) =>
      sections.map((s) => ({
        id: s.dataset.artifactId,
        kind: s.dataset.artifactKind,
        title: s.querySelector('h3').textContent,
        content: s.querySelector('pre code').textContent,
      })),
    );
    expect(shown).toEqual(artifacts.map(({ id, kind, title, content }) => ({ id, kind, title, content })));
    // The setup checks agree with the CLI's: no mismatch, and the same counts compared.
    await expect(page.locator('.setup-checks .lint-summary')).toHaveText('The artifacts agree with each other.');
    const checks = await page.locator('.setup-check-list li').evaluateAll((items) =>
      items.map((li) => ({ code: li.dataset.code, compared: Number(li.dataset.compared) })),
    );
    expect(setupChecks.findings).toEqual([]);
    // Every scenario turns its backups on, and the page says so as the CLI does.
    expect(setupChecks.backupsOn).toBe(true);
    await expect(page.locator('.setup-checks .backups-verdict')).toHaveAttribute('data-backups-on', 'true');
    expect(checks).toEqual(setupChecks.checks.map(({ code, compared }) => ({ code, compared })));
    expectQuiet(seen);
  });
}
