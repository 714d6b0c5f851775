//! The core's speed, timed by criterion (`cargo xtask bench` runs it and prints the figures
//! against their goals; `cargo bench -p bucketrust-core --bench core` runs it alone):
//!
//! - `lint/<group>`: linting every document of a corpus group once (`examples`: the
//!   generated policies of every scenario; `fixtures`: the lint fixtures; `small`: generated
//!   policies of about 500 bytes; `all`: the three), through the public `lint_with` the CLI
//!   calls; the time per policy is the time of one pass over the number of documents;
//! - `lint-large/<size>`: one identity policy of 10 KiB to 10 MiB, to show the time per MiB
//!   stays flat;
//! - `generate/<example>`: validating an example's setup and generating its artifacts;
//! - `setup-checks/<example>`: the setup checks of its artifacts (reading them back, then
//!   every check);
//! - `keystroke/examples`: what the page recomputes when a field changes (validate,
//!   generate, then the review: every policy linted and the setup checks), over all examples.
//!
//! Before timing, it writes the corpus, the examples and the pasted large policies to
//! `BUCKETRUST_BENCH_DIR` (`target/bench/` of the workspace by default), so that Parliament
//! and the page benchmark work on the same documents. Criterion's own settings are kept
//! small (10 samples, short warm-up and measurement) so that the whole run stays within a
//! few minutes on a 2-core machine; command-line options of criterion still override them.
//!
//! `cargo xtask bench` runs it in the CLI's profile (`--profile cli`: the release profile at
//! `opt-level = 3`, LTO), so the figures are those of the CLI as it ships; the page's module
//! is built at `opt-level = "z"` and lints about 1.6 times slower.

// A benchmark stops at the first surprise, with the reason.
#![allow(clippy::panic, clippy::indexing_slicing, clippy::unwrap_used, clippy::expect_used)]

mod corpus;

use std::hint::black_box;
use std::path::PathBuf;
use std::time::Duration;

use bucketrust_core::lint::{self, Options};
use bucketrust_core::{crosscheck, generate, review, validate};
use criterion::{BenchmarkId, Criterion, SamplingMode, Throughput};

use corpus::{Inputs, GROUPS};

fn out_dir() -> PathBuf {
    std::env::var_os("BUCKETRUST_BENCH_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/bench"))
}

fn bench_lint_corpus(c: &mut Criterion, inputs: &Inputs) {
    let mut group = c.benchmark_group("lint");
    for name in GROUPS.iter().chain(&["all"]) {
        let docs = inputs.group(name);
        group.throughput(Throughput::Elements(docs.len() as u64));
        group.bench_function(*name, |b| {
            b.iter(|| {
                docs.iter()
                    .map(|d| lint::lint_with(black_box(&d.text), &d.options).len())
                    .sum::<usize>()
            });
        });
    }
    group.finish();
}

fn bench_lint_large(c: &mut Criterion, inputs: &Inputs) {
    let mut group = c.benchmark_group("lint-large");
    // One iteration of the 10 MiB policy takes long: every sample runs the same number of
    // iterations instead of criterion's growing counts, which would take minutes.
    group.sampling_mode(SamplingMode::Flat);
    for policy in &inputs.large {
        group.throughput(Throughput::Bytes(policy.text.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(policy.label), &policy.text, |b, text| {
            b.iter(|| lint::lint_with(black_box(text), &Options::default()).len());
        });
    }
    group.finish();
}

fn bench_examples(c: &mut Criterion, inputs: &Inputs) {
    // Sixteen examples in two groups: a shorter measurement each keeps the run short.
    let mut group = c.benchmark_group("generate");
    group.sampling_mode(SamplingMode::Flat);
    group.measurement_time(Duration::from_secs(1));
    for example in &inputs.examples {
        group.bench_with_input(BenchmarkId::from_parameter(&example.name), &example.raw, |b, raw| {
            b.iter(|| generate(&validate(black_box(raw)).unwrap()).len());
        });
    }
    group.finish();

    let mut group = c.benchmark_group("setup-checks");
    group.sampling_mode(SamplingMode::Flat);
    group.measurement_time(Duration::from_secs(1));
    for example in &inputs.examples {
        group.bench_with_input(
            BenchmarkId::from_parameter(&example.name),
            &example.artifacts,
            |b, artifacts| {
                b.iter(|| crosscheck::check(black_box(artifacts)).findings.len());
            },
        );
    }
    group.finish();

    let mut group = c.benchmark_group("keystroke");
    group.throughput(Throughput::Elements(inputs.examples.len() as u64));
    group.bench_function("examples", |b| {
        b.iter(|| {
            inputs
                .examples
                .iter()
                .map(|e| {
                    let artifacts = generate(&validate(black_box(&e.raw)).unwrap());
                    review(&artifacts).findings.len()
                })
                .sum::<usize>()
        });
    });
    group.finish();
}

fn main() {
    let inputs = Inputs::build();
    let dir = out_dir();
    inputs.write(&dir);
    println!(
        "bench inputs: {} documents, {} examples, {} large policies in {}",
        inputs.corpus.len(),
        inputs.examples.len(),
        inputs.large.len(),
        dir.display()
    );
    let mut c = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .without_plots()
        .configure_from_args();
    bench_lint_corpus(&mut c, &inputs);
    bench_lint_large(&mut c, &inputs);
    bench_examples(&mut c, &inputs);
    c.final_summary();
}
