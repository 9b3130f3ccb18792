//! Properties of migration, over generated documents (`versori_model::arbitrary`) and over
//! mutations of them (the `mutate` module below: deleted and renamed keys, changed JSON types,
//! unknown and near-miss enum values, unknown keys named like fields of other versions, garbage
//! under `x-versori-preserved`, nesting near the reader's depth limit):
//!
//! 1. `migrate(x, v, v) == x` (identity);
//! 2. `migrate(x, a, c) == migrate(migrate(x, a, b), b, c)` (steps compose);
//! 3. with `preserve`, going to any version and back gives `x` exactly, for every document that
//!    can be read;
//! 4. without it, the way back differs from `x` only at (or below) paths the two reports list;
//! 5. a valid input gives an output whose report has no `error`;
//! 6. every migrated output, as bytes, reads back as the target kind with no key written twice
//!    and no error the report does not announce;
//! 7. every path in a migration report resolves in the input (its parent, for a key the input
//!    lacks), and no message holds a secret of the input.
//!
//! A refusal must be a documented one ([`documented_refusal`]); no property skips a case.

use std::collections::HashSet;

use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Value;
use versori::migrate::{Loss, MigrateError, Migrated, Options, migrate};
use versori::model::{ApiVersion, Document, Hint, Pointer, arbitrary};
use versori::validate::{Code, Report, Severity, ValidateOptions, validate};

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
    // A v1alpha1 oauth2 flow is a v1 grant.
    let path = path
        .replace("/flows/authorizationCode/applicationCredential", "/grant")
        .replace("/flows/authorizationCode", "/grant")
        .replace("/flows/clientCredentials", "/grant")
        .replace("/flows", "/grant");
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
/// `versori_migrate`'s docs), or every error the migration raised (those that are not errors of
/// the `input` itself) is `not-representable` (the target has no form for a value), `too-deep`
/// (the target's form would nest deeper than a reader takes) or `required` (a value the target
/// requires that nothing gives, such as a standalone credential's organisation). Anything else (a
/// panic, an error of another code) is a bug that a property must not skip over.
pub(crate) fn documented_refusal(err: &MigrateError, input: &Document) -> Result<(), String> {
    match err {
        MigrateError::NoCounterpart { from, kind, to, .. } => {
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
            let own = input_errors(input);
            let raised: Vec<_> = report
                .iter()
                .filter(|m| m.severity == Severity::Error)
                .filter(|m| !own.contains(&(m.code, m.path.to_string())))
                .collect();
            let other: Vec<_> = raised
                .iter()
                .filter(|m| {
                    !matches!(
                        m.code,
                        Code::NotRepresentable | Code::TooDeep | Code::Required
                    )
                })
                .map(|m| format!("{} {}: {}", m.code, m.path, m.text))
                .collect();
            if raised.is_empty() {
                Err("refused without an error of its own".to_owned())
            } else if other.is_empty() {
                Ok(())
            } else {
                Err(format!("refused with undocumented errors: {other:?}"))
            }
        }
        other => Err(format!("an unexpected error: {other}")),
    }
}

/// The `(code, path)` of every error validation finds in `doc`.
fn input_errors(doc: &Document) -> HashSet<(Code, String)> {
    let now = "2026-01-01T00:00:00Z".parse().expect("a fixed instant");
    validate(doc, &ValidateOptions::at(now))
        .iter()
        .filter(|m| m.severity == Severity::Error)
        .map(|m| (m.code, m.path.to_string()))
        .collect()
}

/// Whether `path` is a fitting report path in `input` for a message with `code`: it resolves,
/// or it names a key the input lacks (`required`, `revision-required`, `derived`) under an
/// object or array that resolves.
pub(crate) fn fits(input: &Value, code: Code, path: &Pointer) -> bool {
    input.pointer(path.as_str()).is_some()
        || (matches!(
            code,
            Code::Required | Code::RevisionRequired | Code::Derived
        ) && path.parent().is_some_and(|parent| {
            input
                .pointer(parent.as_str())
                .is_some_and(|v| v.is_object() || v.is_array())
        }))
}

/// The first key written twice in one object of the JSON text `bytes`, if any (serde_json
/// itself keeps the last and says nothing).
pub(crate) fn duplicate_key(bytes: &[u8]) -> Option<String> {
    struct Unique;
    impl<'de> Deserialize<'de> for Unique {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            d.deserialize_any(Unique)
        }
    }
    impl<'de> Visitor<'de> for Unique {
        type Value = Unique;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("JSON")
        }
        fn visit_bool<E>(self, _: bool) -> Result<Unique, E> {
            Ok(Unique)
        }
        fn visit_i64<E>(self, _: i64) -> Result<Unique, E> {
            Ok(Unique)
        }
        fn visit_u64<E>(self, _: u64) -> Result<Unique, E> {
            Ok(Unique)
        }
        fn visit_f64<E>(self, _: f64) -> Result<Unique, E> {
            Ok(Unique)
        }
        fn visit_str<E>(self, _: &str) -> Result<Unique, E> {
            Ok(Unique)
        }
        fn visit_unit<E>(self) -> Result<Unique, E> {
            Ok(Unique)
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Unique, A::Error> {
            while seq.next_element::<Unique>()?.is_some() {}
            Ok(Unique)
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Unique, A::Error> {
            let mut seen = HashSet::new();
            while let Some(key) = map.next_key::<String>()? {
                if !seen.insert(key.clone()) {
                    return Err(de::Error::custom(format!("duplicate key `{key}`")));
                }
                map.next_value::<Unique>()?;
            }
            Ok(Unique)
        }
    }
    match serde_json::from_slice::<Unique>(bytes) {
        Ok(Unique) => None,
        Err(err) => Some(err.to_string()),
    }
}

/// Mutations of JSON documents, to find what generated valid documents never show. Each is
/// applied at a node chosen by a seed; [`mutated`] keeps the mutants that can still be read
/// (with the ordinary reader, as the original's version and kind). These are deliberately
/// small and local to this file, to be swapped for `versori_model::arbitrary::mutate` later.
mod mutate {
    use proptest::prelude::*;
    use serde_json::{Value, json};
    use versori::migrate::{MAX_DEPTH, PRESERVED_KEY};
    use versori::model::{Document, Hint, arbitrary};

    /// One change to a document.
    #[derive(Clone, Debug)]
    pub(super) enum Mutation {
        /// Remove a key of an object.
        DeleteKey { object: usize, key: usize },
        /// Change one character of a key (or add one).
        RenameKey {
            object: usize,
            key: usize,
            at: usize,
        },
        /// Give a value another JSON type.
        ChangeType {
            object: usize,
            key: usize,
            to: usize,
        },
        /// Put an enum value (of any version, or a near miss) in a string.
        EnumValue {
            object: usize,
            key: usize,
            value: &'static str,
        },
        /// Add an unknown key named like a field of some version.
        ForeignKey {
            object: usize,
            key: &'static str,
            value: usize,
        },
        /// Put something under the reserved key.
        Garbage { object: usize, value: usize },
        /// Nest arrays under an object up to (or near) the reader's depth limit.
        Deep { object: usize, slack: usize },
    }

    /// Tag and enum values of every version, and near misses.
    const ENUM_VALUES: &[&str] = &[
        "none",
        "api-key",
        "basic-auth",
        "oauth2",
        "google-service-account",
        "hmac",
        "jwt-bearer",
        "custom-function",
        "certificate",
        "secret",
        "oauth1",
        "string",
        "binary",
        "oauth2-client",
        "oauth2-token",
        "oauth2-code",
        "oauth2-password",
        "oauth1-token",
        "authorization_code",
        "client_credentials",
        "password",
        "authorizationCode",
        "clientCredentials",
        "http",
        "bigquery",
        "header",
        "query",
        "cookie",
        "sha1",
        "sha256",
        "sha512",
        "body",
        "url",
        "apiKey",
        "basicAuth",
        "oauth2Client",
        "api_key",
        "Basic-Auth",
        "oauth3",
        "nonee",
        "HTTP",
        "",
    ];

    /// Field names of every version's objects (and wrapper members).
    const FIELD_NAMES: &[&str] = &[
        "id",
        "description",
        "type",
        "schemeType",
        "grantType",
        "public",
        "tags",
        "domain",
        "templateBaseUrl",
        "connections",
        "environments",
        "connectionVariables",
        "environmentVariables",
        "organisationId",
        "additionalParams",
        "authSchemeConfigs",
        "authSchemeConfigIds",
        "data",
        "name",
        "hmac",
        "none",
        "apiKey",
        "basicAuth",
        "oauth2",
        "oauth1",
        "grant",
        "flows",
        "createdAt",
        "updatedAt",
        "slug",
        "expiresAt",
        "usages",
        "errors",
        "systemId",
        "baseUrl",
        "pkce",
        "encoding",
        "refreshToken",
        "tokenType",
        "redirectUrl",
        "authorizeUrl",
        "tokenUrl",
        "variables",
        "credentials",
        "action",
        "trigger",
        "messages",
        "validationMessages",
        "mtlsEnabled",
        "mTLSEnabled",
        "system",
        "connector",
        "connection",
        "environment",
        "clientCredentials",
        "authorizationCode",
        "password",
        "string",
        "oauth2Client",
        "oauth2Token",
        "oauth2Code",
        "applicationCredential",
        "defaultScopes",
        "scopes",
        "in",
        "value",
        "username",
        "protocol",
        "datasetId",
        "versions",
        "documentationURL",
        "imageURL",
        "dynamic",
        "connectionTemplateId",
        "clientId",
        "clientSecret",
        "credentialId",
        "accessToken",
        "code",
        "state",
        "authSchemeConfig",
        "credential",
        "publishedAt",
        "isLatest",
        "isDefault",
        "valueBase64",
    ];

    /// Whether `text` is one a mutation writes (an enum value, a field name, a value).
    pub(super) fn planted(text: &str) -> bool {
        ENUM_VALUES.contains(&text)
            || FIELD_NAMES.contains(&text)
            || values().iter().any(|v| v.as_str() == Some(text))
    }

    fn values() -> Vec<Value> {
        vec![
            json!(5),
            json!("x"),
            json!(true),
            json!(null),
            json!({}),
            json!([]),
            json!({"a": 1}),
            json!(["x"]),
            json!("https://example.com/x"),
            json!({"name": "n", "value": "v"}),
            json!([{"name": "n", "value": "v"}]),
        ]
    }

    fn garbage() -> Vec<Value> {
        vec![
            json!(5),
            json!({"v2": 5}),
            json!({"v1": {"public": "yes"}}),
            json!({"v2": {"type": "x"}}),
            json!({"v2": {"hmac": false}}),
            json!({"v1alpha1": {"createdAt": 5}}),
            json!({"v1": {"id": 7}}),
            json!({"v2": {"wrapper/hmac": false}}),
            json!({"v2": {"wrapper/x-k": 1}}),
            json!({"v2": {"data/x-k": 1}}),
            json!({"v2": {"data/basicAuth": 3}}),
            json!({"v1alpha1": {"authSchemeConfigs/0": {"schemeType": 5}}}),
            json!({"v1alpha1": {"splitCount": 2}}),
            json!({"v1alpha1": {"flows": {"clientCredentials": {}}}}),
            json!({"v1alpha1": {"splitCount": 2, "flows": {"clientCredentials": {"x-k": 1}}}}),
            json!({"v1alpha1": {"action/0": {"id": "b"}}}),
            // Entries a step would never write (they say what it derives anyway).
            json!({"v1": {"public": false}}),
            json!({"v1": {"defaultScopes": []}}),
            json!({"v1": {"versions": []}}),
            json!({"v1": {"variables": []}}),
            json!({"v1alpha1": {"authSchemeConfigs": []}}),
            json!({"v1alpha1": {"createdAt": "1970-01-01T00:00:00Z"}}),
            json!({"v2": {"name": ""}}),
            json!({"v1": {"createdAt": "1970-01-01T00:00:00Z"}}),
            json!({"v1": {"splitCount": "x"}}),
            json!({"v1": {"credentials": {"action": 5}}}),
            json!({"v1": {"x-k": 1}}),
            json!({"v2": {"name": 5}}),
            json!({"v1": {"organisationId": "o"}}),
        ]
    }

    pub(super) fn mutation() -> impl Strategy<Value = Mutation> {
        let n = 0usize..64;
        prop_oneof![
            1 => (n.clone(), n.clone()).prop_map(|(object, key)| Mutation::DeleteKey { object, key }),
            1 => (n.clone(), n.clone(), 0usize..16)
                .prop_map(|(object, key, at)| Mutation::RenameKey { object, key, at }),
            1 => (n.clone(), n.clone(), 0usize..6)
                .prop_map(|(object, key, to)| Mutation::ChangeType { object, key, to }),
            2 => (n.clone(), n.clone(), proptest::sample::select(ENUM_VALUES))
                .prop_map(|(object, key, value)| Mutation::EnumValue { object, key, value }),
            3 => (n.clone(), proptest::sample::select(FIELD_NAMES), 0usize..16)
                .prop_map(|(object, key, value)| Mutation::ForeignKey { object, key, value }),
            2 => (n.clone(), 0usize..32).prop_map(|(object, value)| Mutation::Garbage { object, value }),
            1 => (n, 0usize..3).prop_map(|(object, slack)| Mutation::Deep { object, slack }),
        ]
    }

    /// Every object's pointer and depth (the root object is at depth 1).
    fn objects(value: &Value, at: String, depth: usize, out: &mut Vec<(String, usize)>) {
        match value {
            Value::Object(map) => {
                out.push((at.clone(), depth));
                for (k, v) in map {
                    let key = k.replace('~', "~0").replace('/', "~1");
                    objects(v, format!("{at}/{key}"), depth + 1, out);
                }
            }
            Value::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    objects(v, format!("{at}/{i}"), depth + 1, out);
                }
            }
            _ => {}
        }
    }

    /// `depth` levels of arrays.
    fn nested(depth: usize) -> Value {
        let mut value = json!([]);
        for _ in 1..depth {
            value = Value::Array(vec![value]);
        }
        value
    }

    /// Applies `mutation` to `value`.
    pub(super) fn apply(value: &mut Value, mutation: &Mutation) {
        let mut found = Vec::new();
        objects(value, String::new(), 1, &mut found);
        let pick = |i: usize| found[i % found.len()].clone();
        let (object, depth) = match mutation {
            Mutation::DeleteKey { object, .. }
            | Mutation::RenameKey { object, .. }
            | Mutation::ChangeType { object, .. }
            | Mutation::EnumValue { object, .. }
            | Mutation::ForeignKey { object, .. }
            | Mutation::Garbage { object, .. }
            | Mutation::Deep { object, .. } => pick(*object),
        };
        let Some(Value::Object(map)) = value.pointer_mut(&object) else {
            return;
        };
        let keys: Vec<String> = map.keys().cloned().collect();
        let key_at = |i: usize| (!keys.is_empty()).then(|| keys[i % keys.len()].clone());
        match mutation {
            Mutation::DeleteKey { key, .. } => {
                if let Some(key) = key_at(*key) {
                    map.remove(&key);
                }
            }
            Mutation::RenameKey { key, at, .. } => {
                if let Some(key) = key_at(*key) {
                    let mut chars: Vec<char> = key.chars().collect();
                    if chars.is_empty() || at % 3 == 0 {
                        chars.push('s');
                    } else {
                        let i = at % chars.len();
                        chars[i] = if chars[i] == 'e' { 'a' } else { 'e' };
                    }
                    let renamed: String = chars.into_iter().collect();
                    if let Some(v) = map.remove(&key) {
                        map.insert(renamed, v);
                    }
                }
            }
            Mutation::ChangeType { key, to, .. } => {
                if let Some(key) = key_at(*key) {
                    let choices = [
                        json!(null),
                        json!(true),
                        json!(7),
                        json!("text"),
                        json!([]),
                        json!({}),
                    ];
                    let old = map[&key].clone();
                    let same = |a: &Value, b: &Value| {
                        std::mem::discriminant(a) == std::mem::discriminant(b)
                    };
                    let mut new = choices[to % choices.len()].clone();
                    if same(&old, &new) {
                        new = choices[(to + 1) % choices.len()].clone();
                    }
                    map.insert(key, new);
                }
            }
            Mutation::EnumValue { key, value, .. } => {
                let strings: Vec<&String> = keys.iter().filter(|k| map[*k].is_string()).collect();
                if !strings.is_empty() {
                    let key = strings[key % strings.len()].clone();
                    map.insert(key, Value::from(*value));
                }
            }
            Mutation::ForeignKey { key, value, .. } => {
                let values = values();
                map.insert((*key).to_owned(), values[value % values.len()].clone());
            }
            Mutation::Garbage { value, .. } => {
                let garbage = garbage();
                map.insert(
                    PRESERVED_KEY.to_owned(),
                    garbage[value % garbage.len()].clone(),
                );
            }
            Mutation::Deep { slack, .. } => {
                // The object is at `depth`; arrays below it take the rest up to the limit.
                let levels = MAX_DEPTH.saturating_sub(depth + slack);
                if levels > 0 {
                    map.insert("x-deep".to_owned(), nested(levels));
                }
            }
        }
    }

    /// A generated document with one to three mutations, kept when it can still be read: as
    /// JSON text by serde_json (its depth limit), then as the original's version and kind.
    pub(super) fn mutated() -> impl Strategy<Value = Document> {
        (
            arbitrary::document(),
            proptest::collection::vec(mutation(), 1..=3),
        )
            .prop_filter_map("the mutant can be read", |(doc, mutations)| {
                let (version, kind) = (doc.api_version(), doc.kind());
                let mut value = doc.to_value().ok()?;
                for mutation in &mutations {
                    apply(&mut value, mutation);
                }
                let text = serde_json::to_string(&value).ok()?;
                let value: Value = serde_json::from_str(&text).ok()?;
                Document::read_as(value, Hint::default().version(version).kind(kind)).ok()
            })
    }
}

/// Generated documents, and mutants of them.
fn any_document() -> impl Strategy<Value = Document> {
    prop_oneof![arbitrary::document(), mutate::mutated()]
}

/// Checks what `migrate` made of `input` for `to`: a documented refusal, or an output that
/// reads back (as bytes) as the target kind with no key twice and no error the report does not
/// announce; either way every report path fits the input and no message holds a secret of it.
fn check_outcome(
    input: &Document,
    to: ApiVersion,
    outcome: &Result<Migrated, MigrateError>,
) -> Result<(), TestCaseError> {
    let from = input.api_version();
    let source = input.to_value().expect("serializes");
    let report = match outcome {
        Ok(done) => &done.report,
        Err(err) => {
            let documented = documented_refusal(err, input);
            prop_assert!(documented.is_ok(), "{} -> {}: {:?}", from, to, documented);
            match err {
                MigrateError::Refused { report, .. } => report,
                _ => return Ok(()),
            }
        }
    };
    for m in report.iter() {
        prop_assert!(
            fits(&source, m.code, &m.path),
            "{} -> {}: {} {} is not a path of the input ({})",
            from,
            to,
            m.code,
            m.path,
            m.text
        );
    }
    let secrets: Vec<String> = versori::model::secrets(input)
        .into_iter()
        .map(|(_, s)| s.expose().to_owned())
        // A mutation may plant a word of its own in a secret field; those are no secrets.
        .filter(|s| s.len() >= 8 && !s.contains("******") && !mutate::planted(s))
        .collect();
    for m in report.iter() {
        let text = std::iter::once(&m.text).chain(&m.detail);
        for line in text {
            prop_assert!(
                !secrets.iter().any(|s| line.contains(s.as_str())),
                "{} -> {}: a secret in {}",
                from,
                to,
                m.code
            );
        }
    }
    let Ok(done) = outcome else {
        return Ok(());
    };
    let bytes = serde_json::to_vec(&done.document).expect("serializes");
    prop_assert_eq!(duplicate_key(&bytes), None, "{} -> {}", from, to);
    let value: Value = serde_json::from_slice(&bytes).map_err(|e| {
        TestCaseError::fail(format!(
            "{from} -> {to}: the output does not read back: {e}"
        ))
    })?;
    let hint = Hint::default().version(to).kind(done.document.kind());
    let back = Document::read_as(value, hint).map_err(|e| {
        TestCaseError::fail(format!("{from} -> {to}: the output does not decode: {e}"))
    })?;
    prop_assert_eq!(
        &back,
        &done.document,
        "{} -> {}: reads back differently",
        from,
        to
    );
    let announced: HashSet<Code> = report
        .iter()
        .filter(|m| m.severity == Severity::Error)
        .map(|m| m.code)
        .collect();
    let now = "2026-01-01T00:00:00Z".parse().expect("a fixed instant");
    for m in validate(&back, &ValidateOptions::at(now)).iter() {
        if m.severity == Severity::Error {
            prop_assert!(
                announced.contains(&m.code),
                "{} -> {}: the output has an unannounced {} at {}",
                from,
                to,
                m.code,
                m.path
            );
        }
    }
    Ok(())
}

/// Whether a report is a preserving one's own bookkeeping only (nothing about the stash).
fn report_codes(report: &Report) -> Vec<(Code, String)> {
    report
        .iter()
        .map(|m| (m.code, m.path.to_string()))
        .collect()
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn migrating_to_the_same_version_is_the_identity(doc in any_document()) {
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
    fn preserving_round_trips_are_exact(doc in any_document()) {
        let from = doc.api_version();
        let original = doc.to_value().expect("serializes");
        for to in others(from) {
            let there = match migrate(doc.clone(), to, &options(true)) {
                Ok(there) => there,
                Err(err) => {
                    let documented = documented_refusal(&err, &doc);
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
            prop_assert!(diffs.is_empty(), "{} -> {} -> {} differs: {:?}; there: {:?}", from, to, from, shown, report_codes(&there.report));
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
                    let documented = documented_refusal(&err, &doc);
                    prop_assert!(documented.is_ok(), "{} -> {}: {:?}", from, to, documented);
                    continue;
                }
            };
            let there_paths: Vec<String> = there.report.iter().map(|m| m.path.to_string()).collect();
            let middle = there.document.clone();
            let back = match migrate(there.document, from, &options(false)) {
                Ok(back) => back,
                Err(err) => {
                    // The way back may be refused for what the first step dropped, and then
                    // the first step must have said so, at those paths.
                    let documented = documented_refusal(&err, &middle);
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
                    let documented = documented_refusal(&err, &doc);
                    prop_assert!(documented.is_ok(), "{} -> {}: {:?}", doc.api_version(), to, documented);
                }
            }
        }
    }

    #[test]
    fn outputs_read_back_as_reported_and_reports_speak_of_the_input(doc in any_document()) {
        for to in others(doc.api_version()) {
            for preserve in [false, true] {
                let outcome = migrate(doc.clone(), to, &options(preserve));
                check_outcome(&doc, to, &outcome)?;
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
