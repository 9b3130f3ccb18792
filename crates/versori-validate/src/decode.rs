//! Documents that do not decode: the decode error as a message, plus a JSON-level pass that
//! finds the other missing fields and wrong JSON types decoding would have stopped before.
//!
//! The pass walks the input against the JSON Schema of the model type (generated from the model
//! with schemars, so it names exactly the fields serde reads), checking only `required` and
//! `type`. Enum values and formats are left to the typed rules, which run once the document
//! decodes. Where the schema cannot say which shape applies (the untagged credential `data` of
//! v1alpha1 and v1, an unknown tag), the pass does not descend, and the decode error speaks for
//! that part.

use std::sync::OnceLock;

use serde_json::{Map, Value};
use versori_model::{ApiVersion, DecodeError, DecodeErrorKind, Kind, v1, v1alpha1, v2};

use crate::rules::common::json_type;
use crate::{Code, Pointer, Severity, ValidationMessage};

/// The messages for a document that failed to decode with `error`.
pub(crate) fn messages(
    error: &DecodeError,
    input: &Value,
    version: ApiVersion,
    kind: Kind,
) -> Vec<ValidationMessage> {
    let mut out = Vec::new();
    if let Some(schema) = schema(version, kind) {
        let mut walker = Walker {
            root: schema,
            path: Pointer::root(),
            out: &mut out,
            depth: 0,
        };
        walker.walk(schema, input);
    }
    let first = message(error, input);
    if !out
        .iter()
        .any(|m| m.code == first.code && m.path == first.path)
    {
        out.push(first);
    }
    out
}

/// The decode error as a message. The text is built from the error's kind, the JSON type found
/// and what serde expected, never from serde's own message, which can quote the value (a
/// secret, say).
pub(crate) fn message(error: &DecodeError, input: &Value) -> ValidationMessage {
    let path: Pointer = error.pointer.parse().unwrap_or_default();
    let expected = error
        .message
        .rsplit_once(", expected ")
        .map(|(_, expected)| expected);
    match error.kind {
        DecodeErrorKind::Missing => {
            let key = path
                .tokens()
                .last()
                .map(|t| t.into_owned())
                .unwrap_or_default();
            ValidationMessage::new(
                Code::Required,
                Severity::Error,
                path,
                format!("`{key}` is required"),
            )
        }
        DecodeErrorKind::InvalidType => {
            let found = input.pointer(path.as_str()).map_or("a value", json_type);
            let text = match expected {
                Some(expected) => format!("expected {expected}, found {found}"),
                None => format!("{found} does not belong here"),
            };
            ValidationMessage::new(Code::InvalidType, Severity::Error, path, text)
        }
        DecodeErrorKind::InvalidValue | DecodeErrorKind::Other | DecodeErrorKind::Syntax => {
            let text = match expected {
                Some(expected) => format!("the value cannot be read: expected {expected}"),
                None => "the value cannot be read".to_owned(),
            };
            ValidationMessage::new(Code::InvalidValue, Severity::Error, path, text)
        }
    }
}

/// The JSON Schema of the model type for `(version, kind)`, generated once.
pub(crate) fn schema(version: ApiVersion, kind: Kind) -> Option<&'static Value> {
    macro_rules! cached {
        ($ty:ty) => {{
            static SCHEMA: OnceLock<Value> = OnceLock::new();
            Some(SCHEMA.get_or_init(|| {
                serde_json::to_value(schemars::schema_for!($ty)).unwrap_or(Value::Bool(true))
            }))
        }};
    }
    use ApiVersion::*;
    match (version, kind) {
        (V1alpha1, Kind::Connection) => cached!(v1alpha1::Connection),
        (V1alpha1, Kind::ConnectionUpdate) => cached!(v1alpha1::ConnectionUpdate),
        (V1alpha1, Kind::Environment) => cached!(v1alpha1::Environment),
        (V1alpha1, Kind::Credential) => cached!(v1alpha1::Credential),
        (V1alpha1, Kind::AuthSchemeConfig) => cached!(v1alpha1::AuthSchemeConfig),
        (V1, Kind::Connector) => cached!(v1::Connector),
        (V1, Kind::ConnectorUpdate) => cached!(v1::ConnectorUpdate),
        (V1, Kind::Connection) => cached!(v1::Connection),
        (V1, Kind::AuthSchemeConfig) => cached!(v1::AuthSchemeConfig),
        (V1, Kind::Credential) => cached!(v1::Credential),
        (V2, Kind::System) => cached!(v2::System),
        (V2, Kind::ConnectionTemplate) => cached!(v2::ConnectionTemplate),
        (V2, Kind::LinkSystem) => cached!(v2::LinkSystem),
        (V2, Kind::AuthSchemeConfig) => cached!(v2::AuthSchemeConfig),
        (V2, Kind::Connection) => cached!(v2::Connection),
        (V2, Kind::Credential) => cached!(v2::Credential),
        (V2, Kind::SystemExport) => cached!(v2::SystemExport),
        _ => None,
    }
}

/// Walks a value against a schema, reporting missing required keys and wrong JSON types.
struct Walker<'s, 'o> {
    root: &'s Value,
    path: Pointer,
    out: &'o mut Vec<ValidationMessage>,
    depth: usize,
}

/// The `$defs` names of the v1alpha1 and v1 credential `data` shapes, by credential `type`.
const CREDENTIAL_DATA: &[(&str, &[&str])] = &[
    ("none", &["NoneData"]),
    ("string", &["StringData"]),
    ("binary", &["BinaryData"]),
    ("basic-auth", &["BasicAuthData", "UsernamePasswordData"]),
    ("oauth2-client", &["OAuth2ClientData"]),
    ("oauth2-code", &["OAuth2CodeData"]),
    ("oauth2-password", &["UsernamePasswordData"]),
    ("oauth2-token", &["OAuth2TokenData"]),
    ("certificate", &["CertificateData"]),
];

/// Deep enough for every model type; stops runaway recursion through `$ref` cycles.
const MAX_DEPTH: usize = 64;

impl<'s> Walker<'s, '_> {
    fn resolve(&self, reference: &str) -> Option<&'s Value> {
        self.root.pointer(reference.strip_prefix('#')?)
    }

    fn emit(&mut self, message: ValidationMessage) {
        if !self
            .out
            .iter()
            .any(|m| m.code == message.code && m.path == message.path)
        {
            self.out.push(message);
        }
    }

    fn walk(&mut self, schema: &'s Value, value: &Value) {
        let Value::Object(schema) = schema else {
            return;
        };
        if self.depth > MAX_DEPTH {
            return;
        }
        self.depth += 1;
        self.walk_object(schema, value);
        self.depth -= 1;
    }

    fn walk_object(&mut self, schema: &'s Map<String, Value>, value: &Value) {
        if let Some(target) = schema
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| self.resolve(r))
        {
            self.walk(target, value);
        }
        if let Some(types) = schema.get("type") {
            if !type_matches(types, value) {
                let text = format!("expected {}, found {}", describe(types), json_type(value));
                self.emit(ValidationMessage::new(
                    Code::InvalidType,
                    Severity::Error,
                    self.path.clone(),
                    text,
                ));
                return;
            }
        }
        for key in ["anyOf", "oneOf"] {
            if let Some(Value::Array(branches)) = schema.get(key) {
                if let Some(branch) = self.pick(branches, value) {
                    self.walk(branch, value);
                }
            }
        }
        if let Some(Value::Array(all)) = schema.get("allOf") {
            for branch in all {
                self.walk(branch, value);
            }
        }
        match value {
            Value::Object(map) => {
                if let Some(Value::Array(required)) = schema.get("required") {
                    for key in required.iter().filter_map(Value::as_str) {
                        if !map.contains_key(key) {
                            let path = self.path.join(key);
                            self.emit(ValidationMessage::new(
                                Code::Required,
                                Severity::Error,
                                path,
                                format!("`{key}` is required"),
                            ));
                        }
                    }
                }
                let properties = schema.get("properties").and_then(Value::as_object);
                let additional = schema.get("additionalProperties").filter(|s| s.is_object());
                for (key, item) in map {
                    let sub = properties.and_then(|p| p.get(key)).or(additional);
                    let sub = match (key.as_str(), sub) {
                        ("data", Some(sub)) => self.credential_data(sub, map).or(Some(sub)),
                        _ => sub,
                    };
                    if let Some(sub) = sub {
                        let len = self.path.len();
                        self.path.push(key);
                        self.walk(sub, item);
                        self.path.truncate(len);
                    }
                }
            }
            Value::Array(items) => {
                if let Some(sub) = schema.get("items").filter(|s| s.is_object()) {
                    for (index, item) in items.iter().enumerate() {
                        let len = self.path.len();
                        self.path.push(index);
                        self.walk(sub, item);
                        self.path.truncate(len);
                    }
                }
            }
            _ => {}
        }
    }

    /// For v1alpha1 and v1 credentials, whose `data` is an untagged union serde decodes by the
    /// sibling `type`: the schema of the shape that `type` selects.
    fn credential_data(&self, data: &'s Value, object: &Map<String, Value>) -> Option<&'s Value> {
        let target = self.resolve(data.get("$ref")?.as_str()?)?;
        target.get("anyOf")?;
        let credential_type = object.get("type")?.as_str()?;
        let (_, names) = CREDENTIAL_DATA
            .iter()
            .find(|(t, _)| *t == credential_type)?;
        names
            .iter()
            .find_map(|name| self.root.get("$defs")?.get(*name))
    }

    /// The one branch of an `anyOf`/`oneOf` that can describe `value`: by JSON type, and for
    /// objects by a discriminating `const` property. `None` when none or several can.
    ///
    /// Untagged unions of objects (v1alpha1 `EnvironmentUpdateOrCreate`,
    /// `CredentialCreateOrReference`) are told apart by the branch missing strictly the fewest
    /// of its required keys.
    fn pick(&self, branches: &'s [Value], value: &Value) -> Option<&'s Value> {
        if value.is_null() {
            return None;
        }
        let candidates: Vec<&'s Value> = branches
            .iter()
            .filter(|branch| self.could_match(branch, value))
            .collect();
        match (candidates.as_slice(), value) {
            ([one], _) => Some(one),
            ([_, _, ..], Value::Object(map)) => {
                let mut scored: Vec<(usize, &'s Value)> = candidates
                    .iter()
                    .map(|branch| (self.missing_required(branch, map), *branch))
                    .collect();
                scored.sort_by_key(|(missing, _)| *missing);
                match scored.as_slice() {
                    [(best, branch), (next, _), ..] if best < next => Some(branch),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// How many of a branch's required keys (its own and its `$ref` target's) `map` lacks.
    fn missing_required(&self, branch: &'s Value, map: &Map<String, Value>) -> usize {
        let target = branch
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| self.resolve(r));
        [Some(branch), target]
            .into_iter()
            .flatten()
            .filter_map(|schema| schema.get("required").and_then(Value::as_array))
            .flatten()
            .filter_map(Value::as_str)
            .filter(|key| !map.contains_key(*key))
            .count()
    }

    fn could_match(&self, branch: &'s Value, value: &Value) -> bool {
        let Value::Object(branch) = branch else {
            return true;
        };
        // A branch of consts (a string enum) is the typed rules' business: never descend.
        if branch.contains_key("const") || branch.contains_key("enum") {
            return false;
        }
        let target = branch
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| self.resolve(r))
            .and_then(Value::as_object);
        let types = branch
            .get("type")
            .or_else(|| target.and_then(|t| t.get("type")));
        if let Some(types) = types {
            if !type_matches(types, value) {
                return false;
            }
        }
        if let (Some(Value::Object(properties)), Value::Object(map)) =
            (branch.get("properties"), value)
        {
            for (key, property) in properties {
                if let Some(constant) = property.get("const") {
                    if map.get(key) != Some(constant) {
                        return false;
                    }
                }
            }
        }
        true
    }
}

fn type_matches(types: &Value, value: &Value) -> bool {
    let one = |name: &str| match name {
        "null" => value.is_null(),
        "boolean" => value.is_boolean(),
        "integer" => value.is_i64() || value.is_u64(),
        "number" => value.is_number(),
        "string" => value.is_string(),
        "array" => value.is_array(),
        "object" => value.is_object(),
        _ => true,
    };
    match types {
        Value::String(name) => one(name),
        Value::Array(names) => names.iter().filter_map(Value::as_str).any(one),
        _ => true,
    }
}

fn describe(types: &Value) -> String {
    let article = |name: &str| match name {
        "null" => "null".to_owned(),
        "integer" | "object" | "array" => format!("an {name}"),
        other => format!("a {other}"),
    };
    match types {
        Value::String(name) => article(name),
        Value::Array(names) => names
            .iter()
            .filter_map(Value::as_str)
            .map(article)
            .collect::<Vec<_>>()
            .join(" or "),
        _ => "another type".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn decode_report(version: ApiVersion, kind: Kind, value: Value) -> Vec<(Code, String)> {
        let err = match versori_model::Document::decode(version, kind, value.clone()) {
            Err(versori_model::ReadError::Decode(err)) => err,
            other => panic!("expected a decode error, got {other:?}"),
        };
        messages(&err, &value, version, kind)
            .into_iter()
            .map(|m| (m.code, m.path.to_string()))
            .collect()
    }

    #[test]
    fn finds_every_missing_field_and_wrong_type() {
        let doc = json!({
            "schemeType": "oauth2", "id": "o",
            "authorizeUrl": 5, "scopes": [{"description": "no name"}],
            "defaultScopes": [], "grant": {"grantType": "password", "clientId": 7}
        });
        let found = decode_report(ApiVersion::V1, Kind::AuthSchemeConfig, doc);
        for expected in [
            (Code::Required, "/description"),
            (Code::Required, "/tokenUrl"),
            (Code::InvalidType, "/authorizeUrl"),
            (Code::Required, "/scopes/0/name"),
            (Code::InvalidType, "/grant/clientId"),
        ] {
            assert!(
                found.contains(&(expected.0, expected.1.to_owned())),
                "{expected:?} not in {found:?}"
            );
        }
    }

    #[test]
    fn untagged_data_is_walked_by_its_type() {
        let doc = json!({"id": "c", "type": "basic-auth", "name": "n", "data": {"username": 5}});
        let found = decode_report(ApiVersion::V1, Kind::Credential, doc);
        assert_eq!(
            found,
            vec![
                (Code::Required, "/organisationId".to_owned()),
                (Code::Required, "/data/password".to_owned()),
                (Code::InvalidType, "/data/username".to_owned()),
            ]
        );
        // An unknown type has no shape to walk; only the decode error speaks.
        let doc = json!({"id": "c", "organisationId": "o", "type": "ssh", "data": {}});
        let found = decode_report(ApiVersion::V1, Kind::Credential, doc);
        assert_eq!(found, vec![(Code::Required, "/name".to_owned())]);
    }

    #[test]
    fn untagged_unions_of_objects_pick_the_closest_branch() {
        let doc = json!({"id": "c", "organisationId": "o", "name": "n", "protocol": "http",
        "baseUrl": "https://x.example.com",
        "environments": [
            {"id": "e1", "name": 5},
            {"name": "new", "credentials": {"action": [{"authSchemeConfig": {"schemeType": "none"},
                "credential": {"name": "k", "type": "string", "data": {}}}]}, "variables": []}
        ]});
        let found = decode_report(ApiVersion::V1alpha1, Kind::ConnectionUpdate, doc);
        assert_eq!(
            found,
            vec![
                (Code::InvalidType, "/environments/0/name".to_owned()),
                (
                    Code::Required,
                    "/environments/1/credentials/action/0/credential/data/value".to_owned()
                ),
            ]
        );
    }

    #[test]
    fn decode_kinds_map_to_codes() {
        let input = json!({"a": {"b": -1}});
        let error = |kind, message: &str| DecodeError {
            pointer: "/a/b".to_owned(),
            kind,
            message: message.to_owned(),
            line: None,
            column: None,
        };
        for (kind, message, code) in [
            (
                DecodeErrorKind::Missing,
                "missing field `b`",
                Code::Required,
            ),
            (
                DecodeErrorKind::InvalidType,
                "invalid type: integer `-1`, expected a string",
                Code::InvalidType,
            ),
            (
                DecodeErrorKind::InvalidValue,
                "invalid value: integer `-1`, expected u64",
                Code::InvalidValue,
            ),
            (
                DecodeErrorKind::Other,
                "something `-1` odd",
                Code::InvalidValue,
            ),
            (
                DecodeErrorKind::Syntax,
                "EOF while parsing",
                Code::InvalidValue,
            ),
        ] {
            let msg = super::message(&error(kind, message), &input);
            assert_eq!((msg.code, msg.path.as_str()), (code, "/a/b"), "{kind:?}");
            assert!(!msg.text.contains("-1"), "{kind:?}: {}", msg.text);
        }
    }

    #[test]
    fn credential_data_names_resolve_in_their_versions() {
        use versori_model::{v1::CredentialType as V1, v1alpha1::CredentialType as V1alpha1};
        for (version, types) in [
            (ApiVersion::V1alpha1, V1alpha1::KNOWN_WIRE),
            (ApiVersion::V1, V1::KNOWN_WIRE),
        ] {
            let root = schema(version, Kind::Credential).unwrap();
            for credential_type in types {
                // Types without a data shape in the model.
                if ["custom-function", "jwt-bearer"].contains(credential_type) {
                    continue;
                }
                let (_, names) = CREDENTIAL_DATA
                    .iter()
                    .find(|(t, _)| t == credential_type)
                    .unwrap_or_else(|| panic!("{credential_type} has no row"));
                assert!(
                    names.iter().any(|n| root["$defs"].get(*n).is_some()),
                    "{version} {credential_type}"
                );
            }
        }
    }

    #[test]
    fn decode_text_never_quotes_the_value() {
        let doc = json!({"id": "c", "organisationId": "o", "type": "string", "name": "n",
            "data": {"value": ["hunter2-secret"]}});
        let err = versori_model::de::from_value::<v1::Credential>(doc.clone()).unwrap_err();
        let msg = message(&err, &doc);
        assert_eq!(
            (msg.code, msg.path.as_str()),
            (Code::InvalidType, "/data/value")
        );
        assert!(!msg.text.contains("hunter2"), "{}", msg.text);
        let doc = json!({"id": "c", "organisationId": "o", "type": "string", "name": 12345678});
        let err = versori_model::de::from_value::<v1::Credential>(doc.clone()).unwrap_err();
        assert!(!message(&err, &doc).text.contains("12345678"));
    }
}
