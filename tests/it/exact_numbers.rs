//! Numbers keep their exact value through every path a document takes: read from text, into a
//! `Value`, into the typed model (including the flattened `extra` maps, tagged and untagged
//! unions that serde reads through a buffer), written back, and migrated to its own version.
//!
//! Every fixture and example gets an unknown key `x-numbers` holding numbers that serde_json
//! without `arbitrary_precision`, or serde's buffering, would change or refuse
//! (`18446744073709551621` became `1.8446744073709552e+19`, `123456789.12345679` became
//! `123456789.1234568`, `-0` became `0`, an integer beyond 64 bits failed to decode), in every
//! object of the document; the written document must hold each of them, exactly.

use std::path::{Path, PathBuf};

use serde_json::Value;
use versori::model::{ApiVersion, Document, Hint, Kind, de, json, v1, v1alpha1, v2};

/// The numbers as written in the input, and as written back (only an exponent's spelling is
/// normalised: `1e400` is written `1e+400`).
const NUMBERS: &str = "[18446744073709551621, -18446744073709551621, 123456789.12345679, 1e400, \
    -0, 0.1, -0.0, 1.10, 340282366920938463463374607431768211457, 0]";
const WRITTEN: &str = "[18446744073709551621,-18446744073709551621,123456789.12345679,1e+400,\
    -0,0.1,-0.0,1.10,340282366920938463463374607431768211457,0]";

/// Object keys whose values are maps, not model structs (an unknown key there is an entry).
const MAP_KEYS: &[&str] = &["tags", "additionalParams"];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every `.json` file under `dir`, sorted.
fn json_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            json_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "json") {
            out.push(path);
        }
    }
}

/// Inserts `"x-numbers": NUMBERS` (as a marker, replaced in the text) into every object that is
/// a model struct; returns how many.
fn plant(value: &mut Value, parent_key: Option<&str>) -> usize {
    match value {
        Value::Object(map) => {
            let mut planted = 0;
            for (key, child) in map.iter_mut() {
                planted += plant(child, Some(key));
            }
            if parent_key.is_none_or(|k| !MAP_KEYS.contains(&k)) {
                map.insert("x-numbers".into(), Value::String("@NUMBERS@".into()));
                planted += 1;
            }
            planted
        }
        Value::Array(items) => items.iter_mut().map(|item| plant(item, parent_key)).sum(),
        _ => 0,
    }
}

/// Decodes `text` straight into the typed struct of `version` `kind` and writes it back.
fn typed_round_trip(version: ApiVersion, kind: Kind, text: &str) -> Result<String, String> {
    fn go<T: serde::de::DeserializeOwned + serde::Serialize>(text: &str) -> Result<String, String> {
        let typed: T = de::from_str(text).map_err(|e| e.to_string())?;
        serde_json::to_string(&typed).map_err(|e| e.to_string())
    }
    use ApiVersion::{V1, V1alpha1, V2};
    match (version, kind) {
        (V1alpha1, Kind::Connection) => go::<v1alpha1::Connection>(text),
        (V1alpha1, Kind::ConnectionUpdate) => go::<v1alpha1::ConnectionUpdate>(text),
        (V1alpha1, Kind::Environment) => go::<v1alpha1::Environment>(text),
        (V1alpha1, Kind::Credential) => go::<v1alpha1::Credential>(text),
        (V1alpha1, Kind::AuthSchemeConfig) => go::<v1alpha1::AuthSchemeConfig>(text),
        (V1, Kind::Connector) => go::<v1::Connector>(text),
        (V1, Kind::ConnectorUpdate) => go::<v1::ConnectorUpdate>(text),
        (V1, Kind::Connection) => go::<v1::Connection>(text),
        (V1, Kind::AuthSchemeConfig) => go::<v1::AuthSchemeConfig>(text),
        (V1, Kind::Credential) => go::<v1::Credential>(text),
        (V2, Kind::System) => go::<v2::System>(text),
        (V2, Kind::ConnectionTemplate) => go::<v2::ConnectionTemplate>(text),
        (V2, Kind::LinkSystem) => go::<v2::LinkSystem>(text),
        (V2, Kind::AuthSchemeConfig) => go::<v2::AuthSchemeConfig>(text),
        (V2, Kind::Connection) => go::<v2::Connection>(text),
        (V2, Kind::Credential) => go::<v2::Credential>(text),
        (V2, Kind::SystemExport) => go::<v2::SystemExport>(text),
        (version, kind) => Err(format!("{version} has no {kind}")),
    }
}

/// The version and kind of a fixture (`tests/fixtures/<version>/<kind>/..`) or example.
fn declared(path: &Path, value: &Value) -> Option<(ApiVersion, Kind)> {
    let fixtures = root().join("tests/fixtures");
    if let Ok(rel) = path.strip_prefix(&fixtures) {
        let mut parts = rel.iter().map(|p| p.to_string_lossy().into_owned());
        let version = parts.next()?.parse().ok()?;
        let kind = parts.next()?.parse().ok()?;
        return Some((version, kind));
    }
    let version: ApiVersion = path.parent()?.file_name()?.to_str()?.parse().ok()?;
    let found = Document::detect_as(value, Hint::default().version(version)).ok()?;
    Some((found.api_version, found.kind))
}

#[test]
fn numbers_in_unknown_keys_survive_every_path_in_every_document() {
    let mut files = Vec::new();
    json_files(&root().join("tests/fixtures"), &mut files);
    json_files(&root().join("examples"), &mut files);
    let mut problems = Vec::new();
    let mut checked = 0;
    for path in &files {
        let original: Value =
            serde_json::from_slice(&std::fs::read(path).expect("readable")).expect("JSON");
        let Some((version, kind)) = declared(path, &original) else {
            // tests/fixtures/unknown/ is named by file, not by directory: covered below.
            continue;
        };
        let mut value = original;
        let planted = plant(&mut value, None);
        let text = serde_json::to_string(&value)
            .expect("serializes")
            .replace("\"@NUMBERS@\"", NUMBERS);
        let label = format!("{} ({version} {kind})", path.display());

        // Text -> Value -> typed -> text (the CLI's and `Document::read`'s path).
        let parsed = json::from_slice(text.as_bytes()).expect("planted text is JSON");
        let doc = match Document::decode(version, kind, parsed.value.clone()) {
            Ok(doc) => doc,
            Err(e) => {
                problems.push(format!("{label}: does not decode from a Value: {e}"));
                continue;
            }
        };
        let written = serde_json::to_string(&doc).expect("serializes");
        if written.matches(WRITTEN).count() != planted {
            problems.push(format!("{label}: via Value, {planted} planted:\n{written}"));
        }
        if doc.to_value().expect("serializes") != parsed.value {
            problems.push(format!("{label}: to_value differs from the input"));
        }
        // Text -> typed -> text.
        match typed_round_trip(version, kind, &text) {
            Ok(typed) if typed == written => {}
            Ok(typed) => problems.push(format!("{label}: text path wrote\n{typed}")),
            Err(e) => problems.push(format!("{label}: does not decode from text: {e}")),
        }
        // Migrating to its own version changes nothing.
        match versori::migrate::migrate(doc, version, &versori::migrate::Options::default()) {
            Ok(done) => {
                let migrated = serde_json::to_string(&done.document).expect("serializes");
                if migrated != written {
                    problems.push(format!("{label}: migrate to {version} wrote\n{migrated}"));
                }
            }
            Err(e) => problems.push(format!("{label}: migrate to its own version: {e}")),
        }
        checked += 1;
    }
    assert!(checked >= 40, "only {checked} documents checked");
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}
