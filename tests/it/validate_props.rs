//! Properties of validation over generated documents (`versori_model::arbitrary`), plain and
//! mutated, and over every example and fixture file.
//!
//! - validation is deterministic, and the typed and JSON entry points agree;
//! - every message path resolves in the input (its parent, for `required` and the other codes
//!   that name a missing key);
//! - generated documents, which are valid by construction, get no `error`;
//! - no secret from the input, nor the value of an unknown key, appears in the rendered report.

use std::path::{Path, PathBuf};

use proptest::prelude::*;
use proptest::sample::Index;
use serde_json::{Value, json};
use versori::model::{ApiVersion, Document, Hint, Kind, arbitrary};
use versori::validate::{
    IdentifyError, Report, Severity, ValidateOptions, Validated, validate, validate_value_as,
};

fn opts() -> ValidateOptions {
    ValidateOptions::at("2026-01-01T00:00:00Z".parse().expect("a valid instant"))
}

/// Keys whose string values are secrets in some version and kind.
const SECRET_KEYS: &[&str] = &[
    "value",
    "valueBase64",
    "password",
    "clientSecret",
    "accessToken",
    "refreshToken",
    "key",
    "code",
    "consumerSecret",
    "oauthToken",
    "oauthVerifier",
    "token",
    "tokenSecret",
];

/// Every pointer in `value`, root included, in document order.
fn pointers(value: &Value, at: String, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, item) in map {
                pointers(
                    item,
                    format!("{at}/{}", key.replace('~', "~0").replace('/', "~1")),
                    out,
                );
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                pointers(item, format!("{at}/{index}"), out);
            }
        }
        _ => {}
    }
    out.push(at);
}

/// Applies one of a few structural mutations at `target` (a pointer into `value`).
fn mutate(value: &mut Value, target: &str, how: u8) {
    let parent_and_key = target.rsplit_once('/');
    match how % 6 {
        0 => {
            if let Some((parent, key)) = parent_and_key {
                match value.pointer_mut(parent) {
                    Some(Value::Object(map)) => {
                        map.remove(&key.replace("~1", "/").replace("~0", "~"));
                    }
                    Some(Value::Array(items)) => {
                        if let Ok(index) = key.parse::<usize>() {
                            if index < items.len() {
                                items.remove(index);
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
        1 => replace(value, target, json!(12345)),
        2 => replace(value, target, json!("zzz-undocumented")),
        3 => replace(value, target, Value::Null),
        4 => match value.pointer_mut(target) {
            Some(Value::Object(map)) => {
                map.insert("x-fuzz".to_owned(), json!({"nested": [1, 2]}));
            }
            Some(other) => *other = json!({}),
            None => {}
        },
        _ => {
            if let Some(Value::Array(items)) = value.pointer_mut(target) {
                if let Some(first) = items.first().cloned() {
                    items.push(first);
                }
            }
        }
    }
}

fn replace(value: &mut Value, target: &str, with: Value) {
    if let Some(slot) = value.pointer_mut(target) {
        *slot = with;
    }
}

/// Asserts that every path of `report` resolves in `input` (its parent, for a missing key).
fn assert_paths_resolve(report: &Report, input: &Value) -> Result<(), TestCaseError> {
    for message in report {
        let path = if message.code.names_missing_key() {
            message.path.parent().unwrap_or_default()
        } else {
            message.path.clone()
        };
        prop_assert!(
            input.pointer(path.as_str()).is_some(),
            "{} {} does not resolve in {}",
            message.code,
            message.path,
            input
        );
    }
    Ok(())
}

/// Replaces every secret and every `x-` key's value with a unique marker; returns the markers.
fn plant_markers(value: &mut Value, next: &mut usize, markers: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, item) in map.iter_mut() {
                let secret = SECRET_KEYS.contains(&key.as_str()) && item.is_string();
                if secret || key.starts_with("x-") {
                    let marker = format!("MARKER{next}QZX");
                    *next += 1;
                    *item = if secret {
                        json!(marker)
                    } else {
                        json!({"kept": marker})
                    };
                    markers.push(marker);
                } else {
                    plant_markers(item, next, markers);
                }
            }
        }
        Value::Array(items) => items
            .iter_mut()
            .for_each(|item| plant_markers(item, next, markers)),
        _ => {}
    }
}

/// Every message as people and machines see it: the JSON report, and each message's `Display`
/// with its detail lines (what the CLI's human format prints).
fn rendered(report: &Report) -> String {
    let json = serde_json::to_string(report).expect("a report serializes");
    let mut text = format!("{json}\n");
    for message in report {
        text.push_str(&format!("{message}\n"));
        for detail in &message.detail {
            text.push_str(&format!("    = {detail}\n"));
        }
    }
    text
}

fn document_and_mutations() -> impl Strategy<Value = (Document, Vec<(Index, u8)>)> {
    (
        arbitrary::document(),
        proptest::collection::vec((any::<Index>(), any::<u8>()), 1..4),
    )
}

/// 96 cases unless `PROPTEST_CASES` says otherwise (a literal `cases: 96` would override it).
fn config() -> ProptestConfig {
    let mut config = ProptestConfig::default();
    if std::env::var_os("PROPTEST_CASES").is_none() {
        config.cases = 96;
    }
    config
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn generated_documents_have_no_errors(doc in arbitrary::document()) {
        let report = validate(&doc, &opts());
        let errors: Vec<_> = report.iter().filter(|m| m.severity == Severity::Error).collect();
        prop_assert!(errors.is_empty(), "{} {}: {:?}", doc.api_version(), doc.kind(), errors);
    }

    #[test]
    fn typed_and_json_validation_agree_and_repeat(doc in arbitrary::document()) {
        let value = doc.to_value().expect("a document serializes");
        let typed = validate(&doc, &opts());
        let Validated { api_version: version, kind, report: from_json, .. } =
            validate_value_as(&value, Hint::default().version(doc.api_version()).kind(doc.kind()), &opts()).unwrap();
        prop_assert_eq!((version, kind), (doc.api_version(), doc.kind()));
        prop_assert_eq!(&typed, &from_json);
        prop_assert_eq!(&typed, &validate(&doc, &opts()));
        assert_paths_resolve(&typed, &value)?;
    }

    #[test]
    fn mutated_documents_report_at_paths_that_resolve((doc, mutations) in document_and_mutations()) {
        let (version, kind) = (doc.api_version(), doc.kind());
        let mut value = doc.to_value().expect("a document serializes");
        for (index, how) in mutations {
            let mut all = Vec::new();
            pointers(&value, String::new(), &mut all);
            let target = index.get(&all).clone();
            mutate(&mut value, &target, how);
        }
        let report = validate_value_as(&value, Hint::default().version(version).kind(kind), &opts()).unwrap().report;
        assert_paths_resolve(&report, &value)?;
        let again = validate_value_as(&value, Hint::default().version(version).kind(kind), &opts()).unwrap().report;
        prop_assert_eq!(report, again);
    }

    #[test]
    fn secrets_and_unknown_values_never_reach_the_report((doc, mutations) in document_and_mutations()) {
        let (version, kind) = (doc.api_version(), doc.kind());
        let mut value = doc.to_value().expect("a document serializes");
        // Some mutations first (wrong types, removed keys), so decode errors are covered too.
        for (index, how) in mutations {
            let mut all = Vec::new();
            pointers(&value, String::new(), &mut all);
            let target = index.get(&all).clone();
            mutate(&mut value, &target, how);
        }
        let mut markers = Vec::new();
        plant_markers(&mut value, &mut 0, &mut markers);
        // And a secret of the wrong type, whose decode error must not quote it.
        let mut all = Vec::new();
        pointers(&value, String::new(), &mut all);
        if let Some(target) = all.iter().find(|p| p.ends_with("/password") || p.ends_with("/clientSecret")) {
            let marker = "MARKERWRONGTYPEQZX".to_owned();
            replace(&mut value, &target.clone(), json!([marker]));
            markers.push(marker);
        }
        let report = validate_value_as(&value, Hint::default().version(version).kind(kind), &opts()).unwrap().report;
        let text = rendered(&report);
        for marker in &markers {
            prop_assert!(!text.contains(marker.as_str()), "{marker} leaked: {text}");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Example and fixture files.

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            files(&path, out);
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("json" | "ndjson" | "jsonl")
        ) {
            out.push(path);
        }
    }
}

/// Every document in a file: one for `.json`, one per non-empty line otherwise.
fn documents(path: &Path) -> Vec<(usize, Value)> {
    let text = std::fs::read_to_string(path).expect("readable");
    if path.extension().and_then(|e| e.to_str()) == Some("json") {
        vec![(1, serde_json::from_str(&text).expect("valid JSON"))]
    } else {
        text.lines()
            .enumerate()
            .filter(|(_, line)| !line.trim().is_empty())
            .map(|(n, line)| (n + 1, serde_json::from_str(line).expect("valid JSON line")))
            .collect()
    }
}

/// The version and kind a file's place says it is (`fixtures/<version>/<kind>/...`,
/// `examples/<version>/...`), when it says.
fn declared(path: &Path, root: &Path) -> (Option<ApiVersion>, Option<Kind>) {
    let parts: Vec<String> = path
        .strip_prefix(root)
        .unwrap_or(path)
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    let version = parts.first().and_then(|p| p.parse().ok());
    let kind = parts.get(1).and_then(|p| p.parse().ok());
    (version, kind)
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn every_example_validates_without_errors() {
    let examples = root().join("examples");
    let mut all = Vec::new();
    files(&examples, &mut all);
    assert!(!all.is_empty(), "no examples under {}", examples.display());
    let mut failures = Vec::new();
    for path in &all {
        let (version, _) = declared(path, &examples);
        for (line, doc) in documents(path) {
            match validate_value_as(&doc, Hint::default().maybe_version(version), &opts()) {
                Ok(Validated { report, .. }) if !report.has_errors() => {}
                Ok(Validated { report, .. }) => {
                    failures.push(format!("{}:{line}:\n{}", path.display(), rendered(&report)))
                }
                Err(err) => failures.push(format!("{}:{line}: {err}", path.display())),
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.concat());
}

#[test]
fn every_fixture_gets_a_deterministic_report_at_resolvable_paths() {
    let fixtures = root().join("tests").join("fixtures");
    let mut all = Vec::new();
    files(&fixtures, &mut all);
    let (mut checked, mut unidentified) = (0, 0);
    for path in &all {
        let (version, kind) = declared(path, &fixtures);
        for (line, doc) in documents(path) {
            let report = match validate_value_as(
                &doc,
                Hint::default().maybe_version(version).maybe_kind(kind),
                &opts(),
            ) {
                Ok(Validated { report, .. }) => report,
                // Only a document whose kind cannot be told may go unvalidated, and only one
                // that the hint (from its directory) leaves open.
                Err(IdentifyError::Detect(_)) if kind.is_none() => {
                    unidentified += 1;
                    continue;
                }
                Err(err) => panic!("{}:{line}: {err}", path.display()),
            };
            checked += 1;
            let again = validate_value_as(
                &doc,
                Hint::default().maybe_version(version).maybe_kind(kind),
                &opts(),
            )
            .unwrap()
            .report;
            assert_eq!(report, again, "{}:{line}", path.display());
            for message in &report {
                let at = if message.code.names_missing_key() {
                    message.path.parent().unwrap_or_default()
                } else {
                    message.path.clone()
                };
                assert!(
                    doc.pointer(at.as_str()).is_some(),
                    "{}:{line}: {} {} does not resolve",
                    path.display(),
                    message.code,
                    message.path
                );
            }
        }
    }
    assert!(
        checked > 100 && unidentified * 10 < checked,
        "validated {checked} fixtures, {unidentified} unidentified"
    );
}
