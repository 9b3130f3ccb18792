//! Typed parse + serialize throughput, against the least any JSON tool must do: parse into a
//! `serde_json::Value` and write it back (DESIGN.md section 7; target: typed >= 1.3x baseline,
//! i.e. at most 1.3 times the baseline's time per byte).
//!
//! Inputs: every example document (one JSON document each, all versions and kinds) and the v1
//! credential NDJSON stream. Compare `baseline` and `typed` in each group: criterion reports
//! both in bytes per second over the same input.
//!
//! Two more groups measure the input layer itself: `parse` (the duplicate-recording parser
//! `versori_model::json::from_slice` against `serde_json::from_slice::<Value>`, both into a
//! `Value`, no serialize), and `numbers` (one v1 connector carrying 2,000 numbers of every shape
//! in an unknown key, through parse + serialize and typed decode + serialize), where the cost of
//! exact numbers (`arbitrary_precision`) shows most.

// `criterion_group!` generates a public function without a doc comment.
#![allow(missing_docs)]

use std::path::Path;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use serde_json::Value;
use versori::model::{ApiVersion, Document};

/// (version, kind)-tagged example documents as raw bytes.
fn corpus() -> Vec<(ApiVersion, versori::model::Kind, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut docs = Vec::new();
    for &version in ApiVersion::ALL {
        let dir = root.join(version.to_string());
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut paths: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for path in paths
            .into_iter()
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
        {
            let bytes = std::fs::read(&path).expect("readable example");
            let value: Value = serde_json::from_slice(&bytes).expect("example is JSON");
            let found = Document::detect(&value).expect("examples are detectable");
            docs.push((found.api_version, found.kind, bytes));
        }
    }
    let stream = root.join("streams/v1-credentials.ndjson");
    if let Ok(text) = std::fs::read_to_string(stream) {
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            docs.push((
                ApiVersion::V1,
                versori::model::Kind::Credential,
                line.as_bytes().to_vec(),
            ));
        }
    }
    docs
}

fn round_trip(c: &mut Criterion) {
    let docs = corpus();
    let bytes: usize = docs.iter().map(|(_, _, b)| b.len()).sum();
    let mut group = c.benchmark_group("parse+serialize");
    group.throughput(Throughput::Bytes(bytes as u64));
    baseline(&mut group, &docs);
    group.bench_function(BenchmarkId::new("typed", "Document (declared kind)"), |b| {
        b.iter(|| {
            for (version, kind, doc) in &docs {
                let typed = typed_from_slice(*version, *kind, doc);
                std::hint::black_box(serde_json::to_vec(&typed).expect("serializes"));
            }
        })
    });
    group.finish();
}

/// The baseline every group compares with: parse into a `serde_json::Value`, write it back.
fn baseline(
    group: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    docs: &[(ApiVersion, versori::model::Kind, Vec<u8>)],
) {
    group.bench_function(BenchmarkId::new("baseline", "serde_json::Value"), |b| {
        b.iter(|| {
            for (_, _, doc) in docs {
                // UTF-8 checked once, then parsed as text: the faster of serde_json's two
                // readers, for the baseline as for the typed paths.
                let text = std::str::from_utf8(doc).expect("UTF-8");
                let value: Value = serde_json::from_str(text).expect("JSON");
                std::hint::black_box(serde_json::to_vec(&value).expect("serializes"));
            }
        })
    });
}

/// Decodes straight from bytes into the declared kind's type (no intermediate `Value`).
fn typed_from_slice(version: ApiVersion, kind: versori::model::Kind, doc: &[u8]) -> Document {
    use versori::model::{Kind, v1, v1alpha1, v2};
    fn de<T: serde::de::DeserializeOwned>(doc: &[u8]) -> T {
        let text = std::str::from_utf8(doc).expect("UTF-8");
        serde_json::from_str(text).expect("example decodes")
    }
    match (version, kind) {
        (ApiVersion::V1alpha1, Kind::Connection) => {
            Document::V1alpha1Connection(de::<v1alpha1::Connection>(doc))
        }
        (ApiVersion::V1alpha1, Kind::ConnectionUpdate) => {
            Document::V1alpha1ConnectionUpdate(de(doc))
        }
        (ApiVersion::V1alpha1, Kind::Environment) => Document::V1alpha1Environment(de(doc)),
        (ApiVersion::V1alpha1, Kind::Credential) => Document::V1alpha1Credential(de(doc)),
        (ApiVersion::V1alpha1, Kind::AuthSchemeConfig) => {
            Document::V1alpha1AuthSchemeConfig(de(doc))
        }
        (ApiVersion::V1, Kind::Connector) => Document::V1Connector(de::<v1::Connector>(doc)),
        (ApiVersion::V1, Kind::ConnectorUpdate) => Document::V1ConnectorUpdate(de(doc)),
        (ApiVersion::V1, Kind::Connection) => Document::V1Connection(de(doc)),
        (ApiVersion::V1, Kind::AuthSchemeConfig) => Document::V1AuthSchemeConfig(de(doc)),
        (ApiVersion::V1, Kind::Credential) => Document::V1Credential(de(doc)),
        (ApiVersion::V2, Kind::System) => Document::V2System(de::<v2::System>(doc)),
        (ApiVersion::V2, Kind::ConnectionTemplate) => Document::V2ConnectionTemplate(de(doc)),
        (ApiVersion::V2, Kind::LinkSystem) => Document::V2LinkSystem(de(doc)),
        (ApiVersion::V2, Kind::AuthSchemeConfig) => Document::V2AuthSchemeConfig(de(doc)),
        (ApiVersion::V2, Kind::Connection) => Document::V2Connection(de(doc)),
        (ApiVersion::V2, Kind::Credential) => Document::V2Credential(de(doc)),
        (ApiVersion::V2, Kind::SystemExport) => Document::V2SystemExport(de(doc)),
        (version, kind) => panic!("{version} has no {kind}"),
    }
}

/// Parse + validate against the same baseline (target: >= 1.0x, i.e. no slower than it).
fn validate(c: &mut Criterion) {
    let docs = corpus();
    let bytes: usize = docs.iter().map(|(_, _, b)| b.len()).sum();
    let opts = versori::validate::ValidateOptions::default();
    let mut group = c.benchmark_group("parse+validate");
    group.throughput(Throughput::Bytes(bytes as u64));
    baseline(&mut group, &docs);
    group.bench_function(BenchmarkId::new("typed", "decode + validate"), |b| {
        b.iter(|| {
            for (version, kind, doc) in &docs {
                let typed = typed_from_slice(*version, *kind, doc);
                std::hint::black_box(versori::validate::validate(&typed, &opts));
            }
        })
    });
    group.finish();
}

/// Parse + migrate v1alpha1 -> v2 + serialize against the same baseline over the v1alpha1
/// examples that have a v2 form (target: >= 0.9x).
fn migrate(c: &mut Criterion) {
    // Standalone v1alpha1 credentials and environments name no organisation, which v1 requires:
    // give one, so that the same examples are measured as before `Options::organisation_id`.
    let options =
        versori::migrate::Options::default().organisation_id("01HFP2RC0JQ7T1EXR0Y4K7P3J4");
    let docs: Vec<_> = corpus()
        .into_iter()
        .filter(|(version, kind, doc)| {
            *version == ApiVersion::V1alpha1
                && versori::migrate::migrate(
                    typed_from_slice(*version, *kind, doc),
                    ApiVersion::V2,
                    &options,
                )
                .is_ok()
        })
        .collect();
    let bytes: usize = docs.iter().map(|(_, _, b)| b.len()).sum();
    let skip_validation = options.clone();
    let mut group = c.benchmark_group("parse+migrate v1alpha1->v2+serialize");
    group.throughput(Throughput::Bytes(bytes as u64));
    baseline(&mut group, &docs);
    group.bench_function(
        BenchmarkId::new("typed", "decode + migrate + validate output + serialize"),
        |b| {
            b.iter(|| {
                for (version, kind, doc) in &docs {
                    let typed = typed_from_slice(*version, *kind, doc);
                    // The compact text is the one the read-back check wrote (as the CLI writes).
                    let done =
                        versori::migrate::migrate_json(typed, ApiVersion::V2, &skip_validation)
                            .expect("migrates");
                    std::hint::black_box(done.json);
                }
            })
        },
    );
    group.finish();
}

/// The duplicate-recording parser against a plain `Value` parse, over the same bytes (the CLI's
/// input layer does this once per document).
fn parse(c: &mut Criterion) {
    let docs = corpus();
    let bytes: usize = docs.iter().map(|(_, _, b)| b.len()).sum();
    let mut group = c.benchmark_group("parse");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function(
        BenchmarkId::new("baseline", "serde_json::from_slice::<Value>"),
        |b| {
            b.iter(|| {
                for (_, _, doc) in &docs {
                    let value: Value = serde_json::from_slice(doc).expect("JSON");
                    std::hint::black_box(value);
                }
            })
        },
    );
    group.bench_function(
        BenchmarkId::new("checked", "versori_model::json::from_slice"),
        |b| {
            b.iter(|| {
                for (_, _, doc) in &docs {
                    let parsed = versori::model::json::from_slice(doc).expect("JSON");
                    std::hint::black_box(parsed);
                }
            })
        },
    );
    group.finish();
}

/// A v1 connector whose unknown key `x-metrics` holds 2,000 numbers: small and large integers,
/// integers beyond 64 bits, short and long fractions, exponents.
fn numbers_document() -> Vec<u8> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/v1/shopify-connector.json");
    let mut text = std::fs::read_to_string(root).expect("readable example");
    let mut numbers = Vec::with_capacity(2000);
    for i in 0..2000u64 {
        numbers.push(match i % 8 {
            0 => format!("{i}"),
            1 => format!("-{}", i * 7919),
            2 => format!("{}", u64::MAX - i),
            3 => format!("1844674407370955{:04}", 1621 + i),
            4 => format!("{}.{}", i, i * 31 % 1000),
            5 => format!("123456789.1234{:04}", i),
            6 => format!("{}e{}", i % 9 + 1, i % 300),
            _ => format!("-0.{:06}", i),
        });
    }
    let brace = text.rfind('}').expect("an object");
    text.replace_range(
        brace..,
        &format!(",\n  \"x-metrics\": [{}]\n}}\n", numbers.join(", ")),
    );
    text.into_bytes()
}

fn numbers(c: &mut Criterion) {
    let doc = numbers_document();
    let mut group = c.benchmark_group("numbers");
    group.throughput(Throughput::Bytes(doc.len() as u64));
    group.bench_function(BenchmarkId::new("baseline", "serde_json::Value"), |b| {
        b.iter(|| {
            let value: Value = serde_json::from_slice(&doc).expect("JSON");
            std::hint::black_box(serde_json::to_vec(&value).expect("serializes"));
        })
    });
    group.bench_function(BenchmarkId::new("typed", "v1 connector"), |b| {
        b.iter(|| {
            let typed = typed_from_slice(ApiVersion::V1, versori::model::Kind::Connector, &doc);
            std::hint::black_box(serde_json::to_vec(&typed).expect("serializes"));
        })
    });
    group.finish();
}

criterion_group!(benches, round_trip, validate, migrate, parse, numbers);
criterion_main!(benches);
