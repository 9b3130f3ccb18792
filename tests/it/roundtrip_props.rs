//! Round-trip properties of every top-level kind of every version, over the generated valid
//! documents of `versori_model::arbitrary`.
//!
//! For each kind:
//! - `value_round_trip`: `from_value(to_value(x)) == x` (plain serde, the pointer-reporting
//!   decoder and `Document::decode`);
//! - `byte_round_trip`: serializing twice gives the same bytes, and
//!   `to_vec(from_slice(to_vec(x))) == to_vec(x)`;
//! - `unknown_keys_survive`: `x-` keys with small JSON values injected into objects at any depth
//!   decode and re-encode to exactly the injected JSON;
//! - `unknown_enum_values_survive`: a known enum string replaced by one the version does not
//!   know decodes and re-encodes exactly;
//! - `detect_is_never_wrong`: `Document::detect` gives the document's own version and kind, or
//!   an `Ambiguous` error that lists it.
//!
//! Cases default to 64 per property (`PROPTEST_CASES` overrides); failures are persisted to
//! `proptest-regressions/roundtrip_props.txt`.

use std::fmt::{Debug, Display};

use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::FileFailurePersistence;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use versori_model::arbitrary::{self, common::simple_json};
use versori_model::{ApiVersion, Candidate, DetectError, Document, Hint};

/// 64 cases unless `PROPTEST_CASES` says otherwise; regressions in the package's
/// `proptest-regressions/`.
fn config() -> ProptestConfig {
    let mut config = ProptestConfig::default();
    if std::env::var_os("PROPTEST_CASES").is_none() {
        config.cases = 64;
    }
    config.failure_persistence = Some(Box::new(FileFailurePersistence::Direct(
        "proptest-regressions/roundtrip_props.txt",
    )));
    config
}

fn ok<T, E: Display>(result: Result<T, E>, what: &str) -> Result<T, TestCaseError> {
    result.map_err(|err| TestCaseError::fail(format!("{what}: {err}")))
}

fn value_round_trip<T>(x: &T, doc: &Document) -> Result<(), TestCaseError>
where
    T: Serialize + DeserializeOwned + PartialEq + Debug,
{
    let value = ok(serde_json::to_value(x), "to_value")?;
    let back: T = ok(serde_json::from_value(value.clone()), "from_value")?;
    prop_assert_eq!(&back, x);
    let decoded: T = ok(
        versori_model::de::from_value(value.clone()),
        "de::from_value",
    )?;
    prop_assert_eq!(&decoded, x);
    let read = ok(
        Document::decode(doc.api_version(), doc.kind(), value.clone()),
        "Document::decode",
    )?;
    prop_assert_eq!(&read, doc);
    prop_assert_eq!(ok(doc.to_value(), "Document::to_value")?, value);
    Ok(())
}

fn byte_round_trip<T>(x: &T) -> Result<(), TestCaseError>
where
    T: Serialize + DeserializeOwned + PartialEq + Debug,
{
    let first = ok(serde_json::to_vec(x), "to_vec")?;
    let second = ok(serde_json::to_vec(x), "to_vec")?;
    prop_assert_eq!(&first, &second);
    let back: T = ok(serde_json::from_slice(&first), "from_slice")?;
    let again = ok(serde_json::to_vec(&back), "to_vec")?;
    prop_assert_eq!(
        String::from_utf8_lossy(&again),
        String::from_utf8_lossy(&first)
    );
    let pretty = ok(serde_json::to_string_pretty(x), "to_string_pretty")?;
    let back: T = ok(versori_model::de::from_str(&pretty), "de::from_str")?;
    prop_assert_eq!(&back, x);
    Ok(())
}

/// One step of a JSON path.
#[derive(Clone, Debug)]
enum Step {
    Key(String),
    Index(usize),
}

fn pointer(path: &[Step]) -> String {
    path.iter()
        .map(|step| match step {
            Step::Key(key) => versori_model::Pointer::root()
                .join(key.as_str())
                .to_string(),
            Step::Index(i) => format!("/{i}"),
        })
        .collect()
}

/// Keys whose object values are maps rather than model structs (v1 `tags`: string -> string[];
/// v1alpha1 oauth2 `additionalParams`: string -> string): an unknown key there is an entry, not an
/// unknown field, so injection and enum replacement leave them alone.
const MAP_KEYS: &[&str] = &["tags", "additionalParams"];

fn last_key(path: &[Step]) -> Option<&str> {
    match path.last() {
        Some(Step::Key(key)) => Some(key),
        _ => None,
    }
}

/// Every object that is a model struct (or lies inside an `extra` value), by path.
fn objects(value: &Value, path: &mut Vec<Step>, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            if last_key(path).is_none_or(|key| !MAP_KEYS.contains(&key)) {
                out.push(pointer(path));
            }
            for (key, child) in map {
                path.push(Step::Key(key.clone()));
                objects(child, path, out);
                path.pop();
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                path.push(Step::Index(i));
                objects(child, path, out);
                path.pop();
            }
        }
        _ => {}
    }
}

fn injections() -> impl Strategy<Value = Vec<(Index, String, Value)>> {
    vec((any::<Index>(), "[a-z]{2,8}", simple_json()), 1..4)
}

fn unknown_keys_survive(
    doc: &Document,
    plan: &[(Index, String, Value)],
) -> Result<(), TestCaseError> {
    let mut value = ok(doc.to_value(), "to_value")?;
    for (index, suffix, injected) in plan {
        let mut targets = Vec::new();
        objects(&value, &mut Vec::new(), &mut targets);
        let target = index.get(&targets).clone();
        let Some(Value::Object(map)) = value.pointer_mut(&target) else {
            return Err(TestCaseError::fail(format!("no object at {target}")));
        };
        let mut key = format!("x-{suffix}");
        let mut n = 2;
        while map.contains_key(&key) {
            key = format!("x-{suffix}-{n}");
            n += 1;
        }
        map.insert(key, injected.clone());
    }
    let read = ok(
        Document::decode(doc.api_version(), doc.kind(), value.clone()),
        "decode with unknown keys",
    )?;
    let written = ok(read.to_value(), "to_value")?;
    prop_assert_eq!(written, value);
    Ok(())
}

/// Keys whose string values are enum values somewhere in the model.
const ENUM_KEYS: &[&str] = &[
    "protocol",
    "in",
    "algorithm",
    "severity",
    "encoding",
    "location",
    "usages",
    "parameterTransmission",
    "schemeType",
    "grantType",
    "type",
];

/// Values the version does not know at a key (several are known to another version).
fn unknown_values(version: ApiVersion, key: &str) -> &'static [&'static str] {
    use ApiVersion::{V1, V1alpha1, V2};
    match (version, key) {
        (_, "protocol") => &["grpc", "pubsub", "sftp"],
        (_, "in") => &["path", "trailer", "body"],
        (_, "algorithm") => &["md5", "sha3-256", "sha384"],
        (_, "digestInputs") => &["headers", "method", "timestamp"],
        (_, "severity") => &["notice", "fatal", "debug"],
        (_, "encoding") => &["base32", "HEX"],
        (_, "location") => &["LOCATION_COOKIE", "LOCATION_FORM"],
        (_, "usages") => &["USAGE_REFRESH_ENDPOINT"],
        (_, "parameterTransmission") => &["AUTH_STYLE_BODY"],
        (V1alpha1, "schemeType") => &[
            "certificate",
            "jwt-bearer",
            "custom-function",
            "oauth1",
            "mutual-tls",
        ],
        (_, "schemeType") => &["oauth1", "secret", "google-service-account", "kerberos"],
        (_, "grantType") => &["device_code", "authorizationCode", "jwt_bearer"],
        (V1alpha1, "type") => &[
            "oauth2-code",
            "oauth2-password",
            "certificate",
            "custom-function",
            "ssh-key",
        ],
        (V1, "type") => &["oauth1", "oauth1-token", "saml-assertion"],
        (V2, "type") => &[
            "custom-function",
            "google-service-account",
            "saml",
            "deviceCode",
        ],
        _ => &[],
    }
}

/// Every enum string outside `x-` values and maps, as `(pointer, key)`.
fn enum_sites(value: &Value, path: &mut Vec<Step>, out: &mut Vec<(String, String)>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                if key.starts_with("x-") || MAP_KEYS.contains(&key.as_str()) {
                    continue;
                }
                path.push(Step::Key(key.clone()));
                match child {
                    Value::String(_) if ENUM_KEYS.contains(&key.as_str()) => {
                        out.push((pointer(path), key.clone()));
                    }
                    Value::Array(items) if key == "digestInputs" => {
                        for i in 0..items.len() {
                            path.push(Step::Index(i));
                            out.push((pointer(path), key.clone()));
                            path.pop();
                        }
                    }
                    _ => enum_sites(child, path, out),
                }
                path.pop();
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                path.push(Step::Index(i));
                enum_sites(child, path, out);
                path.pop();
            }
        }
        _ => {}
    }
}

fn unknown_enum_values_survive(
    doc: &Document,
    (site, pick, fresh): &(Index, Index, Option<String>),
) -> Result<(), TestCaseError> {
    let mut value = ok(doc.to_value(), "to_value")?;
    let mut sites = Vec::new();
    enum_sites(&value, &mut Vec::new(), &mut sites);
    if sites.is_empty() {
        // e.g. a v2 LinkSystem: no enum anywhere.
        return Ok(());
    }
    let (target, key) = site.get(&sites).clone();
    let candidates = unknown_values(doc.api_version(), &key);
    let replacement = match fresh {
        Some(fresh) => fresh.clone(),
        None if candidates.is_empty() => "future-value".to_owned(),
        None => pick.get(candidates).to_string(),
    };
    let Some(slot) = value.pointer_mut(&target) else {
        return Err(TestCaseError::fail(format!("nothing at {target}")));
    };
    *slot = Value::String(replacement);
    let read = ok(
        Document::decode(doc.api_version(), doc.kind(), value.clone()),
        "decode with an unknown enum value",
    )?;
    let written = ok(read.to_value(), "to_value")?;
    prop_assert_eq!(written, value);
    Ok(())
}

fn enum_replacement() -> impl Strategy<Value = (Index, Index, Option<String>)> {
    (
        any::<Index>(),
        any::<Index>(),
        proptest::option::of("future-[a-z]{3,8}"),
    )
}

fn detect_is_never_wrong(doc: &Document) -> Result<(), TestCaseError> {
    let value = ok(doc.to_value(), "to_value")?;
    let own = Candidate {
        api_version: doc.api_version(),
        kind: doc.kind(),
    };
    match Document::detect(&value) {
        Ok(found) => prop_assert_eq!(found, own, "detected as {} instead: {}", found, value),
        Err(DetectError::Ambiguous { candidates }) => prop_assert!(
            candidates.contains(&own),
            "ambiguous without {}: {:?}",
            own,
            candidates
        ),
        Err(err) => prop_assert!(false, "{err}: {value}"),
    }
    Ok(())
}

macro_rules! kinds {
    ($(
        $module:ident: $ty:ty = $strategy:expr => $variant:ident
            $(, detect: #[$detect:meta])?;
    )+) => {$(
        mod $module {
            use super::*;

            proptest! {
                #![proptest_config(config())]

                #[test]
                fn value_round_trip(x in $strategy) {
                    let doc = Document::$variant(x.clone());
                    super::value_round_trip::<$ty>(&x, &doc)?;
                }

                #[test]
                fn byte_round_trip(x in $strategy) {
                    super::byte_round_trip::<$ty>(&x)?;
                }

                #[test]
                fn unknown_keys_survive(x in $strategy, plan in injections()) {
                    super::unknown_keys_survive(&Document::$variant(x), &plan)?;
                }

                #[test]
                fn unknown_enum_values_survive(x in $strategy, change in enum_replacement()) {
                    super::unknown_enum_values_survive(&Document::$variant(x), &change)?;
                }

                #[test]
                $(#[$detect])?
                fn detect_is_never_wrong(x in $strategy) {
                    super::detect_is_never_wrong(&Document::$variant(x))?;
                }
            }
        }
    )+};
}

kinds! {
    v1alpha1_connection: versori_model::v1alpha1::Connection
        = arbitrary::v1alpha1::connection() => V1alpha1Connection;
    v1alpha1_connection_update: versori_model::v1alpha1::ConnectionUpdate
        = arbitrary::v1alpha1::connection_update() => V1alpha1ConnectionUpdate;
    v1alpha1_environment: versori_model::v1alpha1::Environment
        = arbitrary::v1alpha1::environment() => V1alpha1Environment;
    v1alpha1_credential: versori_model::v1alpha1::Credential
        = arbitrary::v1alpha1::credential() => V1alpha1Credential;
    v1alpha1_auth_scheme_config: versori_model::v1alpha1::AuthSchemeConfig
        = arbitrary::v1alpha1::auth_scheme_config() => V1alpha1AuthSchemeConfig;
    v1_connector: versori_model::v1::Connector
        = arbitrary::v1::connector() => V1Connector;
    v1_connector_update: versori_model::v1::ConnectorUpdate
        = arbitrary::v1::connector_update() => V1ConnectorUpdate;
    v1_connection: versori_model::v1::Connection
        = arbitrary::v1::connection() => V1Connection;
    v1_auth_scheme_config: versori_model::v1::AuthSchemeConfig
        = arbitrary::v1::auth_scheme_config() => V1AuthSchemeConfig;
    v1_credential: versori_model::v1::Credential
        = arbitrary::v1::credential() => V1Credential;
    v2_system: versori_model::v2::System
        = arbitrary::v2::system() => V2System;
    v2_connection_template: versori_model::v2::ConnectionTemplate
        = arbitrary::v2::connection_template() => V2ConnectionTemplate;
    v2_link_system: versori_model::v2::LinkSystem
        = arbitrary::v2::link_system() => V2LinkSystem;
    v2_auth_scheme_config: versori_model::v2::AuthSchemeConfig
        = arbitrary::v2::auth_scheme_config() => V2AuthSchemeConfig;
    v2_connection: versori_model::v2::Connection
        = arbitrary::v2::connection() => V2Connection;
    v2_credential: versori_model::v2::Credential
        = arbitrary::v2::credential() => V2Credential;
    v2_system_export: versori_model::v2::SystemExport
        = arbitrary::v2::system_export() => V2SystemExport;
}

proptest! {
    #![proptest_config(config())]

    /// The mixed strategy yields every kind's documents and they read back through detection
    /// scoped to their own version and kind.
    #[test]
    fn any_document_reads_back_as_declared(doc in arbitrary::document()) {
        let value = ok(doc.to_value(), "to_value")?;
        let read = ok(
            Document::read_as(value, Hint::default().version(doc.api_version()).kind(doc.kind())),
            "read",
        )?;
        prop_assert_eq!(read, doc);
    }
}

#[test]
fn every_kind_has_a_strategy() {
    for &version in ApiVersion::ALL {
        for kind in version.kinds() {
            assert!(
                arbitrary::document_of(version, *kind).is_some(),
                "{version} {kind}"
            );
        }
    }
}

/// Regression (found by `v2_credential::detect_is_never_wrong`): an unknown key in `data` next
/// to the member its `type` names must not make a v2 credential look like v1.
#[test]
fn v2_credential_with_unknown_data_keys_is_detected_as_v2() {
    let doc = serde_json::json!({"id": "c", "organisationId": "o", "type": "none", "name": "n",
        "data": {"none": {}, "x-team": ""}});
    let found = Document::detect(&doc);
    assert!(
        match &found {
            Ok(c) => c.api_version == ApiVersion::V2,
            Err(DetectError::Ambiguous { candidates }) =>
                candidates.iter().any(|c| c.api_version == ApiVersion::V2),
            Err(_) => false,
        },
        "{doc} detected as {found:?}"
    );
}
