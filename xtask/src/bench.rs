//! `cargo xtask bench`: the speed and size figures side by side with their goals, from one
//! run of three benchmarks that read the same inputs:
//!
//! 1. criterion (`crates/core/benches/core.rs`): the linter over a corpus of policies and over
//!    one large policy of 10 KiB to 10 MiB, each example's generation and setup checks, and
//!    what a keystroke recomputes. It first writes its inputs to `target/bench/` (the corpus,
//!    the examples, the large policies the page pastes and `inputs.json`, their counts).
//! 2. Parliament, in-process in the verify venv (`xtask/bench/parliament_bench.py`), on the
//!    same corpus.
//! 3. Playwright on the release site (`tests/bench/`, `playwright.bench.config.mjs`):
//!    keystroke latency, a pasted policy's findings, long tasks and the bytes of the first
//!    load.
//!
//! The figures are printed, then one table of figure, measured, goal and whether it is met.
//! Nothing here fails on a missed goal: the figures depend on the machine. It fails only when
//! a benchmark could not run. Everything it writes goes to `target/bench/` under the
//! repository root (criterion's estimates in `target/bench/criterion/` through
//! `CRITERION_HOME`), whatever `CARGO_TARGET_DIR` says, so the Python and JavaScript sides
//! find the inputs without asking cargo.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use serde_json::{json, Value};

use crate::ctx::{Ctx, CLI_PROFILE};
use crate::dist::dist;
use crate::toolchain::{apt_install_missing, setup, setup_verify_venv, SetupLevel, CHROMIUM};

/// Where the benchmarks' inputs and results go, under the repository root.
const BENCH_DIR: &str = "target/bench";
/// The results of earlier runs that must not be shown as this run's.
const RESULTS: [&str; 4] = [
    "parliament.json",
    "page-load.json",
    "page-typing.json",
    "page-paste.json",
];

/// The goals, in the units the figures are printed in.
const FIRST_LOAD_KIB: f64 = 200.0;
const SITE_KIB: f64 = 300.0;
const PARLIAMENT_RATIO: f64 = 100.0;
const ONE_MIB_MS: f64 = 50.0;
const KEYSTROKE_P95_MS: f64 = 8.0;
const KEYSTROKE_SLOW_CPU_P95_MS: f64 = 16.0;
const LONG_TASK_MS: f64 = 50.0;
const PASTE_FINDINGS_MS: f64 = 300.0;
const TYPING_WHILE_PENDING_MS: f64 = 16.0;

/// Runs the three benchmarks (building `dist/` first unless `build_dist` is false), prints
/// every figure and the table of goals.
pub(crate) fn bench(ctx: &Ctx, build_dist: bool) -> Result<()> {
    let dir = ctx.root.join(BENCH_DIR);
    fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    for name in RESULTS {
        let path = dir.join(name);
        if path.exists() {
            fs::remove_file(&path).with_context(|| format!("removing {}", path.display()))?;
        }
    }
    setup(ctx, SetupLevel::Dist)?;
    apt_install_missing(ctx, &[("chromium", Path::new(CHROMIUM).exists())])?;
    if build_dist {
        dist(ctx)?;
    } else if !ctx.root.join("dist").join("index.html").exists() {
        bail!("dist/index.html is missing; run `cargo xtask dist` or `cargo xtask bench` without --no-dist");
    }
    let venv = setup_verify_venv(ctx)?;

    // Each benchmark runs even when one before it failed, so that a run shows all it can.
    let mut failures = Vec::new();
    println!("\n==> criterion: the core (inputs written to {BENCH_DIR}/)");
    if let Err(err) = ctx.run(
        ctx.command("cargo")
            .args([
                "bench",
                "--profile",
                CLI_PROFILE,
                "-p",
                "bucketrust-core",
                "--bench",
                "core",
            ])
            .env("BUCKETRUST_BENCH_DIR", &dir)
            .env("CRITERION_HOME", dir.join("criterion")),
    ) {
        failures.push(format!("criterion: {err:#}"));
    }
    println!("\n==> Parliament on the same corpus");
    if dir.join("corpus.json").exists() {
        if let Err(err) = ctx.run(
            ctx.command(&venv.join("bin").join("python").to_string_lossy())
                .arg(ctx.root.join("xtask/bench/parliament_bench.py"))
                .arg("--corpus")
                .arg(dir.join("corpus.json"))
                .arg("--out")
                .arg(dir.join("parliament.json"))
                // Its time per policy moves by a third between runs of one pass: the median of
                // three is steadier, for about ten seconds more.
                .args(["--min-passes", "3"]),
        ) {
            failures.push(format!("parliament: {err:#}"));
        }
    } else {
        failures.push("parliament: criterion wrote no corpus".to_owned());
    }
    println!("\n==> Playwright on dist/");
    if let Err(err) = ctx.run(
        ctx.command("playwright")
            .args(["test", "--config", "playwright.bench.config.mjs"])
            .env("BUCKETRUST_BENCH_DIR", &dir),
    ) {
        failures.push(format!("playwright: {err:#}"));
    }

    let report = Report::read(&dir);
    let (details, rows) = report.render();
    println!("\n{details}");
    println!("{}", table(&rows));
    let summary = json!({
        "rows": rows.iter().map(|r| json!({
            "figure": r.figure, "measured": r.measured, "goal": r.goal, "met": r.met,
        })).collect::<Vec<_>>(),
    });
    fs::write(dir.join("summary.json"), serde_json::to_string_pretty(&summary)?)?;
    println!("(figures in {BENCH_DIR}/: inputs.json, criterion/, parliament.json, page-*.json, summary.json)");
    if !failures.is_empty() {
        bail!("some benchmarks did not run:\n  {}", failures.join("\n  "));
    }
    Ok(())
}

/// Everything the benchmarks wrote; a file that is missing reads as `Null`, so the figures
/// it would give show as not measured.
struct Report {
    criterion: PathBuf,
    inputs: Value,
    parliament: Value,
    load: Value,
    typing: Value,
    paste: Value,
}

/// One row of the table.
struct Row {
    figure: &'static str,
    measured: String,
    goal: String,
    /// `None` when the figure was not measured.
    met: Option<bool>,
}

fn read_json(path: &Path) -> Value {
    fs::read_to_string(path)
        .ok()
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or(Value::Null)
}

fn f64_at(value: &Value, pointer: &str) -> Option<f64> {
    value.pointer(pointer).and_then(Value::as_f64)
}

/// Bytes to KiB, for sizes.
fn kib(bytes: f64) -> f64 {
    bytes / 1024.0
}

impl Report {
    fn read(dir: &Path) -> Report {
        Report {
            criterion: dir.join("criterion"),
            inputs: read_json(&dir.join("inputs.json")),
            parliament: read_json(&dir.join("parliament.json")),
            load: read_json(&dir.join("page-load.json")),
            typing: read_json(&dir.join("page-typing.json")),
            paste: read_json(&dir.join("page-paste.json")),
        }
    }

    /// Criterion's mean time of one iteration of `group/id`, in nanoseconds.
    fn mean_ns(&self, group: &str, id: &str) -> Option<f64> {
        let estimates = read_json(&self.criterion.join(group).join(id).join("new").join("estimates.json"));
        f64_at(&estimates, "/mean/point_estimate")
    }

    /// The corpus groups with their document counts, from `inputs.json`.
    fn groups(&self) -> Vec<(String, f64)> {
        self.inputs
            .get("groups")
            .and_then(Value::as_array)
            .map(|groups| {
                groups
                    .iter()
                    .filter_map(|g| Some((g.get("group")?.as_str()?.to_owned(), g.get("count")?.as_f64()?)))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// bucketrust's time per policy of `group`, in microseconds.
    fn lint_us(&self, group: &str, count: f64) -> Option<f64> {
        Some(self.mean_ns("lint", group)? / count / 1_000.0)
    }

    fn parliament_us(&self, group: &str) -> Option<f64> {
        f64_at(&self.parliament, &format!("/default/groups/{group}/us_per_policy"))
    }

    /// The typing run of `which` example at `slowdown`.
    fn typing_run(&self, which: &str, slowdown: f64) -> Option<&Value> {
        self.typing.get("runs")?.as_array()?.iter().find(|r| {
            r.get("which").and_then(Value::as_str) == Some(which)
                && r.get("cpu_slowdown").and_then(Value::as_f64) == Some(slowdown)
        })
    }

    fn paste_of(&self, label: &str) -> Option<&Value> {
        self.paste
            .get("pastes")?
            .as_array()?
            .iter()
            .find(|p| p.get("label").and_then(Value::as_str) == Some(label))
    }

    /// The details, as text, and the rows of the table of goals.
    fn render(&self) -> (String, Vec<Row>) {
        let mut s = String::new();
        let groups = self.groups();
        let _ = writeln!(
            s,
            "lint: time per policy (criterion's mean of one pass over the group, over its documents)"
        );
        let _ = writeln!(
            s,
            "  {:<10} {:>6}  {:>12}  {:>12}  {:>9}",
            "group", "docs", "bucketrust", "Parliament", "ratio"
        );
        for (group, count) in &groups {
            let ours = self.lint_us(group, *count);
            let theirs = self.parliament_us(group);
            let _ = writeln!(
                s,
                "  {group:<10} {count:>6}  {:>12}  {:>12}  {:>9}",
                opt(ours, |v| format!("{v:.1} µs")),
                opt(theirs, |v| format!("{v:.0} µs")),
                opt(ratio(theirs, ours), |v| format!("{v:.0}×")),
            );
        }
        if let Some(version) = self.parliament.get("parliament").and_then(Value::as_str) {
            let errors = f64_at(&self.parliament, "/default/errors").unwrap_or(0.0);
            let _ = writeln!(
                s,
                "  (Parliament {version}, in-process, its command line's default auditors; {errors} documents made it raise)"
            );
        }

        let _ = writeln!(s, "\nlint of one large identity policy (criterion's mean)");
        let large: Vec<&Value> = self
            .inputs
            .get("large")
            .and_then(Value::as_array)
            .map(|l| l.iter().collect())
            .unwrap_or_default();
        for policy in &large {
            let label = policy.get("label").and_then(Value::as_str).unwrap_or("?");
            let bytes = policy.get("bytes").and_then(Value::as_f64).unwrap_or(0.0);
            let ms = self.mean_ns("lint-large", label).map(|ns| ns / 1e6);
            let _ = writeln!(
                s,
                "  {label:<7} {bytes:>10} bytes  {:>10}  {:>12}",
                opt(ms, |v| format!("{v:.2} ms")),
                opt(ms, |v| format!("{:.1} ms/MiB", v / (bytes / f64::from(1 << 20)))),
            );
        }

        let examples: Vec<&str> = self
            .inputs
            .get("examples")
            .and_then(Value::as_array)
            .map(|e| e.iter().filter_map(|e| e.get("name")?.as_str()).collect())
            .unwrap_or_default();
        let _ = writeln!(s, "\nper example (criterion's mean): validate + generate, setup checks");
        for name in &examples {
            let _ = writeln!(
                s,
                "  {name:<48} {:>10}  {:>10}",
                opt(self.mean_ns("generate", name), |ns| format!("{:.1} µs", ns / 1e3)),
                opt(self.mean_ns("setup-checks", name), |ns| format!("{:.1} µs", ns / 1e3)),
            );
        }
        let per_keystroke = self
            .mean_ns("keystroke", "examples")
            .map(|ns| ns / examples.len().max(1) as f64 / 1e3);
        let _ = writeln!(
            s,
            "  what a keystroke recomputes (validate, generate, review), mean over the examples: {}",
            opt(per_keystroke, |v| format!("{v:.1} µs"))
        );

        let _ = writeln!(s, "\npage (headless Chromium on dist/)");
        let _ = writeln!(
            s,
            "  first form control in the DOM at {}; before it: {} served, {} brotli; whole site {} brotli ({} raw)",
            opt(f64_at(&self.load, "/first_form_control_ms"), |v| format!("{v:.0} ms")),
            opt(f64_at(&self.load, "/first_load/served"), |v| format!(
                "{:.1} KiB",
                kib(v)
            )),
            opt(f64_at(&self.load, "/first_load/brotli"), |v| format!(
                "{:.1} KiB",
                kib(v)
            )),
            opt(f64_at(&self.load, "/site/brotli"), |v| format!("{:.1} KiB", kib(v))),
            opt(f64_at(&self.load, "/site/raw"), |v| format!("{:.1} KiB", kib(v))),
        );
        for run in self.typing.get("runs").and_then(Value::as_array).into_iter().flatten() {
            let text = |k: &str| {
                run.get(k)
                    .map(|v| v.to_string().trim_matches('"').to_owned())
                    .unwrap_or_default()
            };
            let _ = writeln!(
                s,
                "  keystroke → DOM, {} example {} ({} artifacts, typing in `{}`), CPU {}× slower: p50 {} ms, p95 {} ms, max {} ms, longest task {} ms",
                text("which"),
                text("example"),
                text("artifacts"),
                text("field"),
                text("cpu_slowdown"),
                text("p50_ms"),
                text("p95_ms"),
                text("max_ms"),
                text("longest_task_ms"),
            );
        }
        for paste in self.paste.get("pastes").and_then(Value::as_array).into_iter().flatten() {
            let text = |k: &str| paste.get(k).map(ToString::to_string).unwrap_or_default();
            let _ = writeln!(
                s,
                "  paste {} ({} bytes) → findings: {} ms (runs {}), longest task {} ms; {} findings listed, {} natively",
                text("label").trim_matches('"'),
                text("bytes"),
                text("median_findings_ms"),
                text("findings_ms"),
                text("longest_task_ms"),
                text("findings_listed"),
                text("findings_native"),
            );
        }
        if let Some(t) = self.paste.get("typing_while_pending") {
            let text = |k: &str| t.get(k).map(ToString::to_string).unwrap_or_default();
            let _ = writeln!(
                s,
                "  typing right after the {} paste, into the {}: {} keystrokes ({} before the lint's answer): p50 {} ms, max {} ms, each {}; longest task {} ms",
                text("label").trim_matches('"'),
                text("typed_into").trim_matches('"'),
                text("keystrokes"),
                text("before_findings_shown"),
                text("p50_ms"),
                text("max_ms"),
                text("latencies_ms"),
                text("longest_task_ms"),
            );
        }
        if let Some(t) = self.paste.get("bare_textarea") {
            let text = |k: &str| t.get(k).map(ToString::to_string).unwrap_or_default();
            let _ = writeln!(
                s,
                "  the same paste and keystrokes in a page with only a textarea (Chromium's own cost): paste inserted in {} ms; keystrokes p50 {} ms, max {} ms, each {}; longest task {} ms",
                text("paste_ms"),
                text("p50_ms"),
                text("max_ms"),
                text("latencies_ms"),
                text("longest_task_ms"),
            );
        }
        (s, self.rows(&groups))
    }

    fn rows(&self, groups: &[(String, f64)]) -> Vec<Row> {
        let at_most = |figure, measured: Option<f64>, goal: f64, unit: &str| Row {
            figure,
            measured: opt(measured, |v| format!("{v:.1} {unit}")),
            goal: format!("≤ {goal} {unit}"),
            met: measured.map(|v| v <= goal),
        };
        let all = groups.iter().find(|(g, _)| g == "all").map(|(_, n)| *n);
        let ours = all.and_then(|n| self.lint_us("all", n));
        let times = ratio(self.parliament_us("all"), ours);
        let one_mib = self.mean_ns("lint-large", "1MiB").map(|ns| ns / 1e6);
        let p95 = |slowdown| {
            self.typing_run("heaviest", slowdown)
                .and_then(|r| r.get("p95_ms"))
                .and_then(Value::as_f64)
        };
        let typing_task = self.typing.get("runs").and_then(Value::as_array).map(|runs| {
            runs.iter()
                .filter_map(|r| r.get("longest_task_ms").and_then(Value::as_f64))
                .fold(0.0, f64::max)
        });
        let one_mib_paste = self.paste_of("1MiB");
        let paste_figure = |key: &str| one_mib_paste.and_then(|p| p.get(key)).and_then(Value::as_f64);
        vec![
            at_most(
                "first load (before the first form control), brotli",
                f64_at(&self.load, "/first_load/brotli").map(kib),
                FIRST_LOAD_KIB,
                "KiB",
            ),
            at_most(
                "whole site, brotli",
                f64_at(&self.load, "/site/brotli").map(kib),
                SITE_KIB,
                "KiB",
            ),
            Row {
                figure: "lint per policy vs Parliament (corpus)",
                measured: opt(times, |v| format!("{v:.0}× faster")),
                goal: format!("≥ {PARLIAMENT_RATIO}×"),
                met: times.map(|v| v >= PARLIAMENT_RATIO),
            },
            at_most("1 MiB policy linted natively", one_mib, ONE_MIB_MS, "ms"),
            at_most(
                "keystroke → DOM p95, heaviest example",
                p95(1.0),
                KEYSTROKE_P95_MS,
                "ms",
            ),
            at_most(
                "keystroke → DOM p95, heaviest example, CPU 4× slower",
                p95(4.0),
                KEYSTROKE_SLOW_CPU_P95_MS,
                "ms",
            ),
            at_most("longest main-thread task while typing", typing_task, LONG_TASK_MS, "ms"),
            at_most(
                "1 MiB paste → findings shown",
                paste_figure("median_findings_ms"),
                PASTE_FINDINGS_MS,
                "ms",
            ),
            match (paste_figure("longest_task_ms"), paste_figure("busy_after_findings_ms")) {
                // The page was still busy when the benchmark stopped waiting: the longest task
                // is at least that long.
                (None, Some(busy)) => Row {
                    figure: "1 MiB paste: longest main-thread task",
                    measured: format!("over {busy:.0} ms (still busy)"),
                    goal: format!("≤ {LONG_TASK_MS} ms"),
                    met: Some(false),
                },
                (longest, _) => at_most("1 MiB paste: longest main-thread task", longest, LONG_TASK_MS, "ms"),
            },
            at_most(
                "typing while the 1 MiB lint is pending, slowest keystroke",
                f64_at(&self.paste, "/typing_while_pending/max_ms"),
                TYPING_WHILE_PENDING_MS,
                "ms",
            ),
        ]
    }
}

fn ratio(theirs: Option<f64>, ours: Option<f64>) -> Option<f64> {
    Some(theirs? / ours?)
}

/// `value` formatted, or a dash when it was not measured.
fn opt(value: Option<f64>, format: impl Fn(f64) -> String) -> String {
    value.map_or_else(|| "—".to_owned(), format)
}

/// The rows as a Markdown table, ready for the README.
fn table(rows: &[Row]) -> String {
    let width =
        |f: &dyn Fn(&Row) -> usize, title: &str| rows.iter().map(f).max().unwrap_or(0).max(title.chars().count());
    let (wf, wm, wg) = (
        width(&|r| r.figure.chars().count(), "figure"),
        width(&|r| r.measured.chars().count(), "measured"),
        width(&|r| r.goal.chars().count(), "goal"),
    );
    let pad = |text: &str, w: usize| format!("{text}{}", " ".repeat(w.saturating_sub(text.chars().count())));
    let mut s = String::new();
    let _ = writeln!(
        s,
        "| {} | {} | {} | met? |",
        pad("figure", wf),
        pad("measured", wm),
        pad("goal", wg)
    );
    let _ = writeln!(
        s,
        "|{}|{}|{}|------|",
        "-".repeat(wf + 2),
        "-".repeat(wm + 2),
        "-".repeat(wg + 2)
    );
    for row in rows {
        let met = match row.met {
            Some(true) => "yes ",
            Some(false) => "no  ",
            None => "—   ",
        };
        let _ = writeln!(
            s,
            "| {} | {} | {} | {met} |",
            pad(row.figure, wf),
            pad(&row.measured, wm),
            pad(&row.goal, wg)
        );
    }
    s
}
