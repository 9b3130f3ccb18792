//! The library pipeline a stream goes through, per NDJSON line, against the least any JSON tool
//! must do with the same bytes (parse into a `serde_json::Value`, write it back), in one run:
//!
//! - `validate`: detect + decode + validate, as `versori validate` does per line (the fast path
//!   `Document::read_str_fast`, the ordinary path when it steps aside);
//! - `migrate`: detect + decode + migrate to v2 + serialize, as `versori migrate --to v2`.
//!
//! The stream is the bundled v1 examples and the v1 credential stream, compacted, repeated to
//! about 2 MB. `cargo bench --bench stream`; compare each typed line with the baseline.

// `criterion_group!` generates a public function without a doc comment.
#![allow(missing_docs)]

use std::path::Path;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use serde_json::Value;
use versori::model::{ApiVersion, Document, Hint, json};
use versori::validate::{ValidateOptions, validate, validate_parsed};

fn stream() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut docs = Vec::new();
    let mut paths: Vec<_> = std::fs::read_dir(root.join("v1"))
        .expect("examples")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .filter(|p| !p.to_string_lossy().contains("update"))
        .collect();
    paths.sort();
    for path in paths {
        let value: Value =
            serde_json::from_slice(&std::fs::read(path).expect("readable")).expect("JSON");
        docs.push(serde_json::to_string(&value).expect("serializes"));
    }
    let credentials =
        std::fs::read_to_string(root.join("streams/v1-credentials.ndjson")).expect("readable");
    docs.extend(
        credentials
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(str::to_owned),
    );
    let mut lines = Vec::new();
    let mut size = 0;
    while size < 2_000_000 {
        for doc in &docs {
            size += doc.len() + 1;
            lines.push(doc.clone());
        }
    }
    lines
}

fn baseline(
    group: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    lines: &[String],
) {
    group.bench_function(
        BenchmarkId::new("baseline", "serde_json::Value parse + serialize"),
        |b| {
            b.iter(|| {
                for line in lines {
                    let value: Value = serde_json::from_str(line).expect("JSON");
                    std::hint::black_box(serde_json::to_vec(&value).expect("serializes"));
                }
            })
        },
    );
}

fn pipeline(c: &mut Criterion) {
    let lines = stream();
    let bytes: usize = lines.iter().map(|l| l.len() + 1).sum();
    let opts = ValidateOptions::at("2026-01-01T00:00:00Z".parse().expect("an instant"));
    let hint = Hint::default();

    let mut group = c.benchmark_group("stream validate");
    group.throughput(Throughput::Bytes(bytes as u64));
    baseline(&mut group, &lines);
    group.bench_function(
        BenchmarkId::new("typed", "detect + decode + validate"),
        |b| {
            b.iter(|| {
                for line in &lines {
                    let report = match Document::read_str_fast(line, hint) {
                        Some(doc) => Some(validate(&doc, &opts)),
                        None => {
                            let parsed = json::from_str(line).expect("JSON");
                            validate_parsed(&parsed.value, &parsed.duplicates, hint, &opts)
                                .ok()
                                .map(|v| v.report)
                        }
                    };
                    std::hint::black_box(report);
                }
            })
        },
    );
    group.finish();

    let options = versori::migrate::Options::default().validate_with(opts.clone());
    let mut group = c.benchmark_group("stream migrate to v2");
    group.throughput(Throughput::Bytes(bytes as u64));
    baseline(&mut group, &lines);
    group.bench_function(
        BenchmarkId::new("typed", "detect + decode + migrate + serialize"),
        |b| {
            b.iter(|| {
                for line in &lines {
                    let doc = match Document::read_str_fast(line, hint) {
                        Some(doc) => Some(doc),
                        None => Document::read_json(line.as_bytes(), hint).ok(),
                    };
                    if let Some(doc) = doc {
                        // The compact text is the one the read-back check wrote (as the CLI
                        // writes it).
                        if let Ok(done) =
                            versori::migrate::migrate_json(doc, ApiVersion::V2, &options)
                        {
                            std::hint::black_box(done.json);
                        }
                    }
                }
            })
        },
    );
    group.finish();
}

criterion_group!(benches, pipeline);
criterion_main!(benches);
