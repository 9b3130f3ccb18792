//! Properties of migration over generated documents (`versori_model::arbitrary`):
//!
//! 1. `migrate(x, v, v) == x` (identity);
//! 2. `migrate(x, a, c) == migrate(migrate(x, a, b), b, c)` (steps compose);
//! 3. with `preserve`, going to any version and back gives `x` exactly;
//! 4. without it, the way back differs from `x` only at (or below) paths the two reports list;
//! 5. a valid input gives an output whose report has no `error`.

use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;
use serde_json::Value;
use versori::migrate::{Loss, MigrateError, Options, migrate};
use versori::model::{ApiVersion, Document, arbitrary};
use versori::validate::{Code, Severity, ValidateOptions, validate};

fn options(preserve: bool) -> Options {
    let now = "2026-01-01T00:00:00Z".parse().expect("a fixed instant");
    let loss = if preserve {
        Loss::Preserve
    } else {
        Loss::Report
    };
    Options::default()
        .loss(loss)
        .validate_with(ValidateOptions::at(now))
}

fn config() -> ProptestConfig {
    ProptestConfig {
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(
            "proptest-regressions/migrate_props.txt",
        ))),
        ..ProptestConfig::default()
    }
}

fn others(version: ApiVersion) -> impl Iterator<Item = ApiVersion> {
    ApiVersion::ALL
        .iter()
        .copied()
        .filter(move |v| *v != version)
}

/// Leaf paths (RFC 6901) where two JSON values differ.
fn differences(a: &Value, b: &Value, path: String, out: &mut Vec<String>) {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for key in x.keys().chain(y.keys().filter(|k| !x.contains_key(*k))) {
                let child = format!("{path}/{}", key.replace('~', "~0").replace('/', "~1"));
                match (x.get(key), y.get(key)) {
                    (Some(p), Some(q)) => differences(p, q, child, out),
                    _ => out.push(child),
                }
            }
        }
        (Value::Array(x), Value::Array(y)) => {
            for (i, (p, q)) in x.iter().zip(y).enumerate() {
                differences(p, q, format!("{path}/{i}"), out);
            }
            out.extend((x.len().min(y.len())..x.len().max(y.len())).map(|i| format!("{path}/{i}")));
        }
        _ if a != b => out.push(path),
        _ => {}
    }
}

/// A coarse, version-neutral form of a path, so that a report path of one version can cover
/// a difference found in another (`/connections/0` ~ `/environments/0`, `/system/x` ~ `/x`,
/// credential bindings by position whatever their role).
fn coarse(path: &str) -> String {
    let path = path.strip_prefix("/system").unwrap_or(path);
    let mut out = Vec::new();
    let mut tokens = path.split('/').skip(1).peekable();
    while let Some(token) = tokens.next() {
        let token = match token {
            "environments" => "connections",
            "environmentVariables" => "connectionVariables",
            other => other,
        };
        out.push(token.to_owned());
        if token == "credentials" {
            // `credentials/{action,trigger}/i` (v1alpha1, v1) or `credentials/i` (v2): the
            // binding list as a whole.
            if matches!(tokens.peek(), Some(&"action") | Some(&"trigger")) {
                tokens.next();
            }
            if tokens.peek().is_some() {
                tokens.next();
                out.push("*".to_owned());
            }
        }
    }
    out.join("/")
}

fn covered(diff: &str, reported: &[String]) -> bool {
    let diff = coarse(diff);
    reported.iter().any(|r| {
        let r = coarse(r);
        diff == r || diff.starts_with(&format!("{r}/")) || r.starts_with(&format!("{diff}/"))
    })
}

/// A refusal the crate documents: the kind has no counterpart in the target (the table in
/// `versori_migrate`'s docs), or the report's every error is `not-representable` (the target
/// has no form for a value). Anything else (a panic, an error of another code) is a bug that a
/// property must not skip over.
pub(crate) fn documented_refusal(err: &MigrateError) -> Result<(), String> {
    match err {
        MigrateError::NoCounterpart { from, kind, to } => {
            use versori::model::Kind::*;
            let documented = matches!(
                (from, kind, to),
                (ApiVersion::V1alpha1, ConnectionUpdate, ApiVersion::V2)
                    | (ApiVersion::V1, ConnectorUpdate, ApiVersion::V2)
                    | (ApiVersion::V2, System | ConnectionTemplate | LinkSystem, _)
            );
            if documented {
                Ok(())
            } else {
                Err(format!("undocumented: {err}"))
            }
        }
        MigrateError::Refused { report, .. } => {
            let other: Vec<_> = report
                .iter()
                .filter(|m| m.severity == Severity::Error && m.code != Code::NotRepresentable)
                .map(|m| format!("{} {}", m.code, m.path))
                .collect();
            if other.is_empty() && report.has_errors() {
                Ok(())
            } else {
                Err(format!(
                    "refused with errors other than not-representable: {other:?}"
                ))
            }
        }
        other => Err(format!("an unexpected error: {other}")),
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn migrating_to_the_same_version_is_the_identity(doc in arbitrary::document()) {
        let version = doc.api_version();
        let done = migrate(doc.clone(), version, &options(false)).expect("identity never fails");
        prop_assert_eq!(done.document, doc);
        prop_assert!(done.report.is_empty());
    }

    #[test]
    fn steps_compose(doc in arbitrary::document()) {
        let from = doc.api_version();
        let (a, c) = (ApiVersion::V1alpha1, ApiVersion::V2);
        let far = if from == a { c } else if from == c { a } else { return Ok(()) };
        let direct = migrate(doc.clone(), far, &options(false)).map(|m| m.document);
        let stepwise = migrate(doc, ApiVersion::V1, &options(false))
            .and_then(|m| migrate(m.document, far, &options(false)))
            .map(|m| m.document);
        prop_assert_eq!(direct.ok(), stepwise.ok());
    }

    #[test]
    fn preserving_round_trips_are_exact(doc in arbitrary::document()) {
        let from = doc.api_version();
        let original = doc.to_value().expect("serializes");
        for to in others(from) {
            let there = match migrate(doc.clone(), to, &options(true)) {
                Ok(there) => there,
                Err(err) => {
                    let documented = documented_refusal(&err);
                    prop_assert!(documented.is_ok(), "{} -> {}: {:?}", from, to, documented);
                    continue;
                }
            };
            let back = migrate(there.document, from, &options(true));
            prop_assert!(back.is_ok(), "{} -> {} -> {}: {:?}", from, to, from, back.err());
            let back = back.expect("checked").document.to_value().expect("serializes");
            let mut diffs = Vec::new();
            differences(&original, &back, String::new(), &mut diffs);
            let shown: Vec<String> = diffs
                .iter()
                .map(|d| format!("{d}: {} -> {}", original.pointer(d).map_or("(absent)".into(), Value::to_string), back.pointer(d).map_or("(absent)".into(), Value::to_string)))
                .collect();
            prop_assert!(diffs.is_empty(), "{} -> {} -> {} differs: {:?}", from, to, from, shown);
        }
    }

    #[test]
    fn lossy_round_trips_differ_only_where_reported(doc in arbitrary::document()) {
        let from = doc.api_version();
        let original = doc.to_value().expect("serializes");
        for to in others(from).filter(|to| (*to as usize).abs_diff(from as usize) == 1) {
            let there = match migrate(doc.clone(), to, &options(false)) {
                Ok(there) => there,
                Err(err) => {
                    let documented = documented_refusal(&err);
                    prop_assert!(documented.is_ok(), "{} -> {}: {:?}", from, to, documented);
                    continue;
                }
            };
            let there_paths: Vec<String> = there.report.iter().map(|m| m.path.to_string()).collect();
            let back = match migrate(there.document, from, &options(false)) {
                Ok(back) => back,
                Err(err) => {
                    // The way back may be refused for what the first step dropped, and then
                    // the first step must have said so, at those paths.
                    let documented = documented_refusal(&err);
                    prop_assert!(documented.is_ok(), "{} -> {} -> {}: {:?}", from, to, from, documented);
                    if let MigrateError::Refused { report, .. } = &err {
                        let unannounced: Vec<_> = report
                            .iter()
                            .filter(|m| m.severity == Severity::Error)
                            .filter(|m| !covered(m.path.as_str(), &there_paths))
                            .map(|m| m.path.to_string())
                            .collect();
                        prop_assert!(unannounced.is_empty(), "{} -> {} -> {}: refused at {:?}, which {} -> {} never reported; it reported {:?}",
                            from, to, from, unannounced, from, to, there_paths);
                    }
                    continue;
                }
            };
            let reported: Vec<String> = there.report.iter().chain(back.report.iter()).map(|m| m.path.to_string()).collect();
            let mut diffs = Vec::new();
            differences(&original, &back.document.to_value().expect("serializes"), String::new(), &mut diffs);
            let unreported: Vec<_> = diffs.iter().filter(|d| !covered(d, &reported)).collect();
            prop_assert!(unreported.is_empty(), "{} -> {} -> {}: unreported differences {:?}; reported {:?}",
                from, to, from, unreported, reported);
        }
    }

    #[test]
    fn valid_inputs_give_outputs_without_errors(doc in arbitrary::document()) {
        let now = "2026-01-01T00:00:00Z".parse().expect("a fixed instant");
        prop_assume!(!validate(&doc, &ValidateOptions::at(now)).has_errors());
        for to in others(doc.api_version()) {
            match migrate(doc.clone(), to, &options(false)) {
                Ok(done) => {
                    let errors: Vec<_> = done.report.iter().filter(|m| m.severity == Severity::Error).collect();
                    prop_assert!(errors.is_empty(), "{} -> {}: {:?}", doc.api_version(), to, errors);
                }
                Err(err) => {
                    let documented = documented_refusal(&err);
                    prop_assert!(documented.is_ok(), "{} -> {}: {:?}", doc.api_version(), to, documented);
                }
            }
        }
    }
}

#[test]
fn coarse_paths_line_up_across_versions() {
    assert_eq!(
        coarse("/environments/0/credentials/trigger/1/credential"),
        "connections/0/credentials/*/credential"
    );
    assert_eq!(
        coarse("/connections/0/credentials/3/credential"),
        "connections/0/credentials/*/credential"
    );
    assert_eq!(coarse("/system/authSchemeConfigs/1"), "authSchemeConfigs/1");
    let _ = Document::detect;
}
