// The page benchmark of `cargo xtask bench`: the release build in dist/, in Debian's headless
// Chromium, measured from inside the page. It asserts nothing about the figures (they depend
// on the machine); it only fails when it cannot measure (a keystroke that changes nothing, a
// paste whose findings never show). Each test writes its figures as JSON beside the inputs
// that the criterion benchmark wrote (`BUCKETRUST_BENCH_DIR`, target/bench/ by default), and
// `cargo xtask bench` prints them against their goals.
//
// How the times are taken, all with performance.now() in the page:
// - keystroke → DOM: a capturing `input` listener on window stamps the moment the browser
//   dispatches the keystroke's input event (before the app's own listener runs); a
//   MutationObserver on the document body stamps the first mutation after which the text of
//   the artifact block that shows the typed field differs from what it was. The difference
//   is the work from the event to the changed artifact in the DOM (validation, generation,
//   the review and the DOM update), without the wait for the next frame.
// - paste → findings: a real paste: the text written to the clipboard, then Control+V into
//   the focused textarea, so the page gets the browser's own paste event and, unless it takes
//   the text itself, the browser's own insertion; a capturing `paste` listener stamps the
//   start, a MutationObserver the first moment the lint view lists a finding. (CDP's
//   Input.insertText, another way to paste, took 16 s for a 14 KB policy in this textarea, so
//   it would time CDP's text insertion, not the page.)
// - long tasks: a PerformanceObserver of `longtask` entries (tasks over 50 ms) installed
//   before the page's own scripts; the longest one overlapping the measured span is
//   reported, 0 when there was none.
// - typing while a 1 MiB lint is pending: as soon as the paste has landed and "Lint it anyway"
//   is pressed, the setup view is opened and keystrokes go to its first text field (the
//   pasted text is kept outside the lint view's box, so there is nothing to type into there),
//   so they meet the lint in the worker; a keystroke counts as pending when it came before the
//   worker's last answer (a listener on every worker the page starts). Each one's latency
//   runs from its keydown's event timestamp (when the browser received the key, so the time
//   it waited behind a busy main thread counts) to the moment the main thread has finished
//   handling its input event (a MessageChannel message posted from the input listener is
//   delivered after the app's handlers and their microtasks).
// - bytes before the first form control: Resource Timing's encodedBodySize (the bytes as
//   served: the static server does not compress) of the document and every resource whose
//   response ended before a MutationObserver saw the first form control; their brotli size
//   (quality 11) is computed here from the same files of dist/.
import { test, expect } from '@playwright/test';
import { readFileSync, readdirSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants } from 'node:zlib';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DIST = join(ROOT, 'dist');
const BENCH_DIR = process.env.BUCKETRUST_BENCH_DIR ?? join(ROOT, 'target', 'bench');
const read = (name) => JSON.parse(readFileSync(join(BENCH_DIR, name), 'utf8'));
const write = (name, value) => {
  mkdirSync(BENCH_DIR, { recursive: true });
  writeFileSync(join(BENCH_DIR, name), JSON.stringify(value, null, 2));
};

/** Keystrokes timed per run, after a few untimed ones. */
const KEYSTROKES = 40;
const WARM_UP_KEYSTROKES = 6;
/** Pastes timed per policy, each in a fresh page. */
const PASTES = 3;
/** How long a paste's findings may take before the run records that they did not show. */
const PASTE_TIMEOUT_MS = 120_000;
/** Keystrokes sent right behind the 1 MiB paste. */
const KEYSTROKES_WHILE_PENDING = 5;
/** The fields a keystroke goes into, first one the example has: appending a letter to either
 *  keeps the setup valid, so every keystroke changes the artifacts. */
const TYPED_FIELDS = ['bucket', 'clusterName'];

const brotli = (bytes) =>
  brotliCompressSync(bytes, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
  }).length;

/** Nearest-rank percentile of `values` (sorted here). */
function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

const round = (ms) => Math.round(ms * 100) / 100;

/** The page's link for `setup`: its fields in the URL fragment, as the e2e tests build it. */
const link = (setup) => `/#${new URLSearchParams(setup).toString()}`;

/** Installed before any script of the page: the long-task observer and the stamps. */
function instrument() {
  const bench = { longTasks: [], formAt: null, inputAt: null, pasteAt: null, answers: [] };
  window.__bench = bench;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) bench.longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
  const forms = new MutationObserver(() => {
    if (document.querySelector('input, select, textarea')) {
      bench.formAt = performance.now();
      forms.disconnect();
    }
  });
  forms.observe(document, { childList: true, subtree: true });
  window.addEventListener('input', () => (bench.inputAt = performance.now()), true);
  window.addEventListener('paste', () => (bench.pasteAt = performance.now()), true);
  // Every answer of every worker the page starts, beside the page's own listener.
  const PageWorker = window.Worker;
  window.Worker = function Worker(...args) {
    const worker = new PageWorker(...args);
    worker.addEventListener('message', () => bench.answers.push(performance.now()));
    return worker;
  };
  window.Worker.prototype = PageWorker.prototype;
  /** The longest long task overlapping [from, to], 0 when there is none. */
  bench.longestTask = (from, to) =>
    bench.longTasks
      .filter((t) => t.start + t.duration >= from && t.start <= to)
      .reduce((max, t) => Math.max(max, t.duration), 0);
}

/** Run in the page: records each typed character's keydown time and the moment the main
 * thread has finished handling its input event (see the head of this file) in
 * `__bench.typed`. */
function recordKeystrokes() {
  const bench = window.__bench;
  bench.typed = [];
  let keydownAt = null;
  window.addEventListener('keydown', (e) => (keydownAt = e.timeStamp), true);
  window.addEventListener(
    'input',
    (e) => {
      if (e.inputType !== 'insertText' || keydownAt === null) return;
      const pressed = keydownAt;
      keydownAt = null;
      const channel = new MessageChannel();
      channel.port1.onmessage = () => bench.typed.push({ pressed, done: performance.now() });
      channel.port2.postMessage(null);
    },
    true,
  );
}

/** The browser's own share: the same paste and keystrokes in a page with nothing but a
 * textarea like the lint view's (no script of ours), timed the same way. Typing into a
 * textarea that holds a megabyte costs Chromium itself a lot, and no page can go below it. */
async function bareTextarea(browser, text) {
  const context = await browser.newContext();
  const page = await context.newPage();
  // A page of the same origin, for the clipboard's permission; its content is replaced.
  await page.goto('/no-such-page');
  await grantClipboard(context, page);
  await page.setContent('<textarea id="lint-text" rows="16" wrap="off" spellcheck="false" style="width: 40rem; font-family: monospace"></textarea>');
  // No page script to run before: the instruments go in now.
  await page.evaluate(instrument);
  await page.locator('#lint-text').focus();
  await paste(page, text);
  // As in the lint view, the keystrokes follow the paste's next frame.
  const pasted = await page.evaluate(() =>
    new Promise((resolve) =>
      requestAnimationFrame(() => resolve({ start: window.__bench.pasteAt, inserted: window.__bench.inputAt })),
    ),
  );
  const pasteStart = pasted.start;
  await page.evaluate(recordKeystrokes);
  for (let i = 0; i < KEYSTROKES_WHILE_PENDING; i += 1) await page.keyboard.press('x');
  const figures = await page.evaluate(
    ([n, start]) =>
      new Promise((resolve) => {
        const wait = () =>
          window.__bench.typed.length >= n
            ? resolve({
                latencies: window.__bench.typed.map((t) => t.done - t.pressed),
                longest: window.__bench.longestTask(start, performance.now()),
              })
            : setTimeout(wait, 50);
        wait();
      }),
    [KEYSTROKES_WHILE_PENDING, pasteStart],
  );
  await context.close();
  return {
    paste_ms: round(pasted.inserted - pasted.start),
    latencies_ms: figures.latencies.map(round),
    p50_ms: round(percentile(figures.latencies, 50)),
    max_ms: round(Math.max(...figures.latencies)),
    longest_task_ms: round(figures.longest),
  };
}

/** Lets the page read and write the clipboard, which a real paste goes through. */
const grantClipboard = (context, page) =>
  context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(page.url()).origin });

/** A real paste of `text` into whatever has the focus (see the head of this file). */
async function paste(page, text) {
  await page.evaluate((text) => navigator.clipboard.writeText(text), text);
  await page.keyboard.press('Control+V');
}

/** The setup view's first text field of `TYPED_FIELDS`. */
function setupField(page) {
  return page.locator(TYPED_FIELDS.map((id) => `#view-setup #${id}`).join(', ')).first();
}

async function openPage(browser, url) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.addInitScript(instrument);
  await page.goto(url);
  await grantClipboard(context, page);
  await expect(page.locator('input, select').first()).toBeVisible();
  return { context, page };
}

/** The example's figures for one typing run of `KEYSTROKES` keystrokes. */
async function typingRun(page, field, block) {
  const input = page.locator(`#${field}`);
  await input.focus();
  await page.keyboard.press('End');
  const keys = [];
  for (let i = 0; i < WARM_UP_KEYSTROKES + KEYSTROKES; i += 1) keys.push(i % 2 === 0 ? 'x' : 'Backspace');
  const latencies = [];
  const start = await page.evaluate(() => performance.now());
  for (const [i, key] of keys.entries()) {
    await page.evaluate((selector) => {
      const bench = window.__bench;
      const before = document.querySelector(selector).textContent;
      bench.changed = new Promise((resolve) => {
        const observer = new MutationObserver(() => {
          const now = performance.now();
          if (document.querySelector(selector)?.textContent !== before) {
            observer.disconnect();
            clearTimeout(timer);
            resolve(now - bench.inputAt);
          }
        });
        const timer = setTimeout(() => {
          observer.disconnect();
          resolve(null);
        }, 10_000);
        observer.observe(document.body, { childList: true, subtree: true, characterData: true });
      });
    }, block);
    await page.keyboard.press(key);
    const ms = await page.evaluate(() => window.__bench.changed);
    expect(ms, `keystroke ${i} (${key}) changed the artifact block ${block}`).not.toBeNull();
    if (i >= WARM_UP_KEYSTROKES) latencies.push(ms);
  }
  const end = await page.evaluate(() => performance.now());
  const longestTask = await page.evaluate(([from, to]) => window.__bench.longestTask(from, to), [start, end]);
  return {
    keystrokes: latencies.length,
    p50_ms: round(percentile(latencies, 50)),
    p95_ms: round(percentile(latencies, 95)),
    max_ms: round(Math.max(...latencies)),
    longest_task_ms: round(longestTask),
  };
}

test('first load: bytes before the first form control, and the whole site', async ({ browser }) => {
  const { context, page } = await openPage(browser, '/');
  const loaded = await page.evaluate(() => {
    const formAt = window.__bench.formAt;
    const entries = [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')];
    return {
      formAt,
      resources: entries
        .filter((e) => e.responseEnd <= formAt && e.name.startsWith(location.origin))
        .map((e) => ({ url: e.name, served: e.encodedBodySize, transfer: e.transferSize })),
    };
  });
  await context.close();
  expect(loaded.formAt).not.toBeNull();
  const fileOf = (url) => {
    const path = new URL(url).pathname;
    return join(DIST, path.endsWith('/') ? `${path}index.html` : path);
  };
  const resources = loaded.resources.map((r) => {
    const bytes = readFileSync(fileOf(r.url));
    return { path: new URL(r.url).pathname, served: r.served, raw: bytes.length, brotli: brotli(bytes) };
  });
  const files = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else files.push(full);
    }
  };
  walk(DIST);
  const site = files.map((f) => {
    const bytes = readFileSync(f);
    return { path: relative(DIST, f).split(sep).join('/'), raw: bytes.length, brotli: brotli(bytes) };
  });
  const sum = (rows, key) => rows.reduce((n, r) => n + r[key], 0);
  write('page-load.json', {
    first_form_control_ms: round(loaded.formAt),
    first_load: { served: sum(resources, 'served'), brotli: sum(resources, 'brotli'), resources },
    site: { raw: sum(site, 'raw'), brotli: sum(site, 'brotli'), files: site },
  });
});

test('keystroke → changed artifact in the DOM, lightest and heaviest example, 1× and 4× slower CPU', async ({ browser }) => {
  const examples = read('examples.json')
    .map((e) => ({ ...e, field: TYPED_FIELDS.find((f) => typeof e.setup[f] === 'string') }))
    .filter((e) => e.field);
  const weight = (e) => [e.artifacts.length, e.artifacts.reduce((n, a) => n + a.content.length, 0)];
  const heavier = (a, b) => {
    const [wa, wb] = [weight(a), weight(b)];
    return wa[0] !== wb[0] ? wa[0] > wb[0] : wa[1] > wb[1];
  };
  const lightest = examples.reduce((a, b) => (heavier(a, b) ? b : a));
  const heaviest = examples.reduce((a, b) => (heavier(b, a) ? b : a));
  const runs = [];
  for (const [which, example] of [['lightest', lightest], ['heaviest', heaviest]]) {
    const value = example.setup[example.field];
    // The typed value's policy, where it is in one: what the linter checks on every keystroke.
    const artifact =
      example.artifacts.find((a) => a.policy && a.content.includes(value)) ??
      example.artifacts.find((a) => a.content.includes(value)) ??
      example.artifacts[0];
    const block = `section[data-artifact-id="${artifact.id}"] pre code`;
    for (const slowdown of [1, 4]) {
      const { context, page } = await openPage(browser, link(example.setup));
      await expect(page.locator(block)).toBeVisible();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: slowdown });
      const figures = await typingRun(page, example.field, block);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
      await context.close();
      runs.push({
        which,
        example: example.name,
        artifacts: example.artifacts.length,
        field: example.field,
        block: artifact.id,
        cpu_slowdown: slowdown,
        ...figures,
      });
    }
  }
  write('page-typing.json', { runs });
});

test('paste → findings in the lint view, 100 KiB and 1 MiB, and typing while the 1 MiB lint is pending', async ({ browser }) => {
  const pasted = read('inputs.json').large.filter((l) => l.file);
  expect(pasted.length).toBeGreaterThan(0);
  const openLint = async () => {
    const opened = await openPage(browser, '/');
    await opened.page.getByRole('tab', { name: 'Lint a policy' }).click();
    const textarea = opened.page.locator('#lint-text');
    await expect(textarea).toBeVisible();
    await textarea.focus();
    return opened;
  };
  // A real paste (see the head of this file). A text past the page's 64 KB limit waits for
  // "Lint it anyway": the bench presses it as soon as it shows (the next frame), so the
  // figure includes that frame.
  // With `thenOpenSetup`, a text kept outside the box is followed at once by the setup view,
  // in the same task as "Lint it anyway", so that keystrokes there can meet the lint.
  const pasteInto = async (page, text, { thenOpenSetup = false } = {}) => {
    await paste(page, text);
    // Whether the text is kept outside the box.
    return page.evaluate(async (thenOpenSetup) => {
      await new Promise((resolve) => requestAnimationFrame(resolve));
      // The page takes a long paste in two tasks; the button shows with the second, which
      // comes before the frame unless the machine is very busy.
      for (let frame = 0; frame < 10 && document.querySelector('.outside-box') === null; frame += 1) {
        await new Promise((resolve) => requestAnimationFrame(resolve));
      }
      document.querySelector('.lint-anyway')?.click();
      const outside = document.querySelector('.outside-box') !== null;
      if (thenOpenSetup && outside) document.getElementById('tab-setup').click();
      return outside;
    }, thenOpenSetup);
  };
  // How long the text the page holds is: the box's, after bringing a text kept outside it
  // into it (which takes the browser its while, after every figure is read).
  const heldLength = (page) =>
    within(
      page.evaluate(async () => {
        document.querySelector('.put-in-box')?.click();
        await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
        return document.querySelector('#lint-text').value.length;
      }),
      PASTE_TIMEOUT_MS,
    );
  // Waits at most `ms` for `promise`; null when it did not settle by then (a page that is
  // still busy cannot answer, so the wait is on this side).
  const within = (promise, ms) =>
    Promise.race([promise, new Promise((resolve) => setTimeout(() => resolve(null), ms))]);
  const armFindings = (page) =>
    page.evaluate(() => {
      const bench = window.__bench;
      bench.pasteAt = null;
      bench.shown = new Promise((resolve) => {
        const listed = () => document.querySelector('#view-lint .lint-results li.finding');
        const observer = new MutationObserver(() => {
          if (listed()) {
            observer.disconnect();
            // The figure itself, so that it reaches the benchmark even when the page stays
            // busy long after the first finding is listed.
            resolve({ at: performance.now(), ms: performance.now() - bench.pasteAt });
          }
        });
        observer.observe(document.body, { childList: true, subtree: true });
      });
    });
  const pastes = [];
  for (const policy of pasted) {
    const text = readFileSync(join(BENCH_DIR, policy.file), 'utf8');
    const runs = [];
    for (let run = 0; run < PASTES; run += 1) {
      const { context, page } = await openLint();
      await armFindings(page);
      await within(pasteInto(page, text), PASTE_TIMEOUT_MS);
      const shown = await within(page.evaluate(() => window.__bench.shown), PASTE_TIMEOUT_MS);
      if (shown === null) {
        // Findings that never show are a figure too: the run stops here for this size.
        runs.push({ findings_ms: null, longest_task_ms: null, findings_listed: 0, value_length: text.length });
        await context.close();
        break;
      }
      // Let the page finish whatever follows the findings (the marked lines), then read
      // the long tasks of the whole span; a page still busy after the time a paste gets
      // records that instead.
      const settled = await within(
        page.evaluate(() =>
          new Promise((resolve) =>
            requestAnimationFrame(() =>
              setTimeout(() => {
                const bench = window.__bench;
                resolve({
                  longest_task_ms: bench.longestTask(bench.pasteAt, performance.now()),
                  findings_listed: document.querySelectorAll('#view-lint .lint-results li.finding').length,
                  outside_box: document.querySelector('.outside-box') !== null,
                });
              }, 500),
            ),
          ),
        ),
        PASTE_TIMEOUT_MS,
      );
      const figures = settled ?? { longest_task_ms: null, findings_listed: null, outside_box: null };
      if (settled !== null) expect(await heldLength(page)).toBe(text.length);
      runs.push({ findings_ms: shown.ms, busy_after_findings: settled === null, ...figures });
      if (settled === null) {
        await context.close();
        break;
      }
      await context.close();
    }
    const done = runs.filter((r) => r.findings_ms !== null);
    pastes.push({
      label: policy.label,
      bytes: policy.bytes,
      findings_native: policy.findings,
      findings_listed: runs[0].findings_listed,
      outside_box: runs[0].outside_box ?? null,
      findings_ms: runs.map((r) => (r.findings_ms === null ? null : round(r.findings_ms))),
      // Not shown within the time allowed: the figure is at least that.
      median_findings_ms: done.length === runs.length ? round(percentile(done.map((r) => r.findings_ms), 50)) : null,
      timed_out_after_ms: done.length === runs.length ? null : PASTE_TIMEOUT_MS,
      // Null when the page was still busy after the time allowed: the longest task is at
      // least that long.
      longest_task_ms: done.some((r) => r.longest_task_ms === null)
        ? null
        : round(Math.max(...done.map((r) => r.longest_task_ms))),
      busy_after_findings_ms: done.some((r) => r.busy_after_findings) ? PASTE_TIMEOUT_MS : null,
    });
  }

  // Written now too, so that the pastes' figures survive a typing run that cannot finish.
  write('page-paste.json', { pastes, typing_while_pending: null });

  // Keystrokes right behind the largest paste: the time each one waits and takes.
  const largest = pasted.reduce((a, b) => (b.bytes > a.bytes ? b : a));
  const text = readFileSync(join(BENCH_DIR, largest.file), 'utf8');
  const { context, page } = await openLint();
  await page.evaluate(recordKeystrokes);
  // The paste has landed (and "Lint it anyway" is pressed, with the setup view opened in the
  // same task when the text is kept outside the box) before the first keystroke.
  const outsideBox = (await within(pasteInto(page, text, { thenOpenSetup: true }), PASTE_TIMEOUT_MS)) === true;
  // The keystrokes go where the page has a field to type into: the lint view's box, or, when
  // the text is kept outside it, the setup view's first text field.
  const field = outsideBox ? setupField(page) : page.locator('#lint-text');
  const before = (await field.inputValue()).length;
  await field.focus();
  await page.keyboard.press('End');
  // A page busy for minutes would hold every keystroke: the whole sequence gets the time a
  // paste gets.
  await within(
    (async () => {
      for (let i = 0; i < KEYSTROKES_WHILE_PENDING; i += 1) await page.keyboard.press('x');
    })(),
    PASTE_TIMEOUT_MS,
  );
  await within(
    page.evaluate(
      (n) =>
        new Promise((resolve) => {
          const wait = () => (window.__bench.typed.length >= n ? setTimeout(resolve, 500) : setTimeout(wait, 50));
          wait();
        }),
      KEYSTROKES_WHILE_PENDING,
    ),
    PASTE_TIMEOUT_MS,
  );
  const typing = (await within(page.evaluate(() => {
    const bench = window.__bench;
    // The worker's answer for the long text: its last one (the setup view lints in the page).
    const answered = bench.answers.length > 0 ? Math.max(...bench.answers) : null;
    return {
      latencies: bench.typed.map((t) => t.done - t.pressed),
      pending: bench.typed.filter((t) => answered === null || t.pressed < answered).length,
      longest_task_ms: bench.longestTask(bench.pasteAt, performance.now()),
    };
  }), PASTE_TIMEOUT_MS)) ?? { latencies: [], pending: 0, longest_task_ms: null };
  const typed = typing.longest_task_ms === null ? null : await within(field.inputValue(), PASTE_TIMEOUT_MS);
  await context.close();
  if (typed === null) {
    // Still busy after the time allowed: no keystroke's latency could be read.
    write('page-paste.json', { pastes, typing_while_pending: { label: largest.label, busy_after_ms: PASTE_TIMEOUT_MS } });
    return;
  }
  expect(typed.length).toBe(before + KEYSTROKES_WHILE_PENDING);
  write('page-paste.json', {
    pastes,
    bare_textarea: await bareTextarea(browser, text),
    typing_while_pending: {
      label: largest.label,
      keystrokes: typing.latencies.length,
      typed_into: outsideBox ? 'setup field' : 'lint box',
      before_findings_shown: typing.pending,
      latencies_ms: typing.latencies.map(round),
      p50_ms: round(percentile(typing.latencies, 50)),
      max_ms: round(Math.max(...typing.latencies)),
      longest_task_ms: round(typing.longest_task_ms),
    },
  });
});
