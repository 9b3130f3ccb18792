//! Every committed document decodes into its typed kind and writes back unchanged.
//!
//! - `tests/fixtures/<version>/<kind>/*.json`: the reference pages' bodies (unchanged) and a
//!   `full.json` per kind with every field filled;
//! - `tests/fixtures/unknown/<version>-<kind>-<what>.json`: unknown enum values and keys;
//! - `examples/<version>/<name>-<kind>.json` and `examples/streams/*.ndjson`.
//!
//! For each: decoding as its declared version and kind succeeds, re-encoding gives the same JSON
//! value, encoding is stable (encode(decode(encode(x))) has the same bytes as encode(x)), and
//! shape detection names the declared version and kind (examples and `full.json`; reference
//! bodies are placeholders such as `"schemeType": "<string>"` and may be ambiguous).

use std::path::{Path, PathBuf};

use serde_json::Value;
use versori::model::{ApiVersion, Document, Kind, de};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn json_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.expect("directory entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    files.sort();
    files
}

/// The kind of `version` whose name the file stem ends with (longest match wins, so
/// `...-connection-update` is a connection-update, not a connection).
fn kind_from_stem(version: ApiVersion, stem: &str) -> Option<Kind> {
    version
        .kinds()
        .iter()
        .copied()
        .filter(|kind| {
            let name = kind.to_string();
            stem == name || stem.ends_with(&format!("-{name}"))
        })
        .max_by_key(|kind| kind.to_string().len())
}

/// Decodes, re-encodes and compares; returns the problems found.
fn check(
    label: &str,
    text: &str,
    version: ApiVersion,
    kind: Kind,
    expect_detect: bool,
) -> Vec<String> {
    let mut problems = Vec::new();
    let value: Value = match serde_json::from_str(text) {
        Ok(value) => value,
        Err(e) => return vec![format!("{label}: not JSON: {e}")],
    };
    let doc = match Document::decode(version, kind, value.clone()) {
        Ok(doc) => doc,
        Err(e) => return vec![format!("{label}: does not decode as {version} {kind}: {e}")],
    };
    let encoded = doc.to_value().expect("documents serialize");
    if encoded != value {
        problems.push(format!(
            "{label}: round trip changed the value:\n  in:  {value}\n  out: {encoded}"
        ));
    }
    let once = serde_json::to_vec_pretty(&doc).expect("documents serialize");
    let again: Value = serde_json::from_slice(&once).expect("our output is JSON");
    let twice = serde_json::to_vec_pretty(
        &Document::decode(version, kind, again).expect("our output decodes"),
    )
    .expect("documents serialize");
    if once != twice {
        problems.push(format!("{label}: encoding is not stable"));
    }
    if expect_detect {
        match Document::detect(&value) {
            Ok(found) if (found.api_version, found.kind) == (version, kind) => {}
            other => problems.push(format!(
                "{label}: detected {other:?}, expected {version} {kind}"
            )),
        }
    }
    problems
}

#[test]
fn fixtures_decode_and_round_trip() {
    let mut problems = Vec::new();
    let mut seen = 0;
    for &version in ApiVersion::ALL {
        for kind in version.kinds() {
            let dir = root()
                .join("tests/fixtures")
                .join(version.to_string())
                .join(kind.to_string());
            let files = json_files(&dir);
            assert!(
                files.iter().any(|f| f.ends_with("full.json")),
                "{}: every kind needs a full.json",
                dir.display()
            );
            for file in files {
                let text = std::fs::read_to_string(&file).expect("readable fixture");
                let is_reference = file
                    .file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with("reference-"));
                problems.extend(check(
                    &file.display().to_string(),
                    &text,
                    version,
                    *kind,
                    !is_reference,
                ));
                // The text path (with positions) agrees with the value path.
                if let Err(e) = decode_text(version, *kind, &text) {
                    problems.push(format!("{}: from_str failed: {e}", file.display()));
                }
                seen += 1;
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
    assert!(seen >= 17, "expected fixtures for every kind, saw {seen}");
}

fn decode_text(version: ApiVersion, kind: Kind, text: &str) -> Result<(), de::DecodeError> {
    use versori::model::{v1, v1alpha1, v2};
    match (version, kind) {
        (ApiVersion::V1alpha1, Kind::Connection) => {
            de::from_str::<v1alpha1::Connection>(text).map(drop)
        }
        (ApiVersion::V1, Kind::Connector) => de::from_str::<v1::Connector>(text).map(drop),
        (ApiVersion::V2, Kind::SystemExport) => de::from_str::<v2::SystemExport>(text).map(drop),
        (ApiVersion::V1, Kind::Credential) => de::from_str::<v1::Credential>(text).map(drop),
        _ => Ok(()),
    }
}

#[test]
fn documents_with_unknown_values_and_keys_round_trip() {
    let dir = root().join("tests/fixtures/unknown");
    let mut problems = Vec::new();
    let files = json_files(&dir);
    assert!(!files.is_empty(), "no fixtures under {}", dir.display());
    for file in files {
        let stem = file
            .file_stem()
            .expect("file name")
            .to_string_lossy()
            .into_owned();
        let (version_name, rest) = stem.split_once('-').expect("<version>-<kind>-<what>.json");
        let version: ApiVersion = version_name.parse().expect("known version prefix");
        let kind = version
            .kinds()
            .iter()
            .copied()
            .filter(|kind| rest.starts_with(&format!("{kind}-")))
            .max_by_key(|kind| kind.to_string().len())
            .unwrap_or_else(|| panic!("{stem}: no {version} kind prefix"));
        let text = std::fs::read_to_string(&file).expect("readable fixture");
        problems.extend(check(
            &file.display().to_string(),
            &text,
            version,
            kind,
            false,
        ));
    }
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn examples_are_detected_and_round_trip() {
    let mut problems = Vec::new();
    let mut seen = 0;
    for &version in ApiVersion::ALL {
        let dir = root().join("examples").join(version.to_string());
        for file in json_files(&dir) {
            let stem = file
                .file_stem()
                .expect("file name")
                .to_string_lossy()
                .into_owned();
            let Some(kind) = kind_from_stem(version, &stem) else {
                problems.push(format!(
                    "{}: name does not end in a {version} kind",
                    file.display()
                ));
                continue;
            };
            let text = std::fs::read_to_string(&file).expect("readable example");
            problems.extend(check(
                &file.display().to_string(),
                &text,
                version,
                kind,
                true,
            ));
            seen += 1;
        }
    }
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
    assert!(seen >= 17, "expected an example per kind, saw {seen}");
}

#[test]
fn ndjson_streams_detect_and_round_trip() {
    let dir = root().join("examples/streams");
    let mut problems = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("examples/streams") {
        let file = entry.expect("directory entry").path();
        let text = std::fs::read_to_string(&file).expect("readable stream");
        for (index, line) in text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
        {
            let label = format!("{}:{}", file.display(), index + 1);
            let value: Value = serde_json::from_str(line).expect("every stream line is JSON");
            match Document::detect(&value) {
                Ok(found) => {
                    problems.extend(check(&label, line, found.api_version, found.kind, false))
                }
                Err(e) => problems.push(format!("{label}: {e}")),
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}
