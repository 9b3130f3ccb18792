//! Documents that do not decode: every decode error as a message, and a document the rules can
//! still run on.
//!
//! Decoding stops at the first problem. [`recover`] makes it go on: it records the error as a
//! message, puts a *placeholder* of another JSON type where the value was wrong (or where a
//! required key was missing), and decodes again, until the document decodes or nothing more can
//! be repaired. Every placeholder's pointer is remembered, so that
//!
//! - errors at or below a placeholder (the inside of an invented value) are not reported, and
//! - messages the rules raise at or below a placeholder are dropped by the caller: they would be
//!   about the placeholder, not the document.
//!
//! Everything else the rules find (unknown keys, enum values, URLs, duplicate ids, cross-field
//! rules) is reported as for a document that decodes. Nothing here needs the model's JSON
//! Schema: the decoder itself says what it expected, and where.

use std::mem::Discriminant;

use serde_json::{Map, Value};
use versori_model::{ApiVersion, DecodeError, DecodeErrorKind, Document, Kind, ReadError};

use crate::rules::common::json_type;
use crate::{Code, Pointer, Severity, ValidationMessage};

/// What [`recover`] could make of a document that does not decode.
pub(crate) struct Recovered {
    /// The decode errors, one per place, in the order decoding met them.
    pub(crate) messages: Vec<ValidationMessage>,
    /// The document with placeholders, when it decodes with them.
    pub(crate) document: Option<Document>,
    /// Where placeholders were put: rule messages at or below these are not about the input.
    pub(crate) placeholders: Vec<Pointer>,
}

/// How many decodes [`recover`] spends at most on one document (each repair costs one).
const MAX_ATTEMPTS: usize = 512;

/// Values tried in place of a missing or wrongly typed value, in this order: the first one of
/// the type the decoder wants lets decoding go on.
fn candidates() -> [Value; 6] {
    [
        Value::String(String::new()),
        Value::Bool(false),
        Value::from(0u8),
        Value::Array(Vec::new()),
        Value::Object(Map::new()),
        Value::Null,
    ]
}

/// Decodes `input` as `version` `kind`, repairing what stops it, and reports each decode error
/// once (see the module docs). `first` is the error a plain decode already gave.
pub(crate) fn recover(
    first: DecodeError,
    input: &Value,
    version: ApiVersion,
    kind: Kind,
) -> Recovered {
    let mut work = input.clone();
    let mut messages = Vec::new();
    let mut placeholders: Vec<Pointer> = Vec::new();
    // The place being repaired and the JSON types already tried there.
    let mut trying: Option<(Pointer, Vec<Discriminant<Value>>)> = None;
    let mut error = first;
    for _ in 0..MAX_ATTEMPTS {
        let at = error.pointer.clone();
        if trying.as_ref().is_none_or(|(place, _)| *place != at) {
            // A new place. Inside a placeholder it is the placeholder's own shape that is
            // incomplete, which says nothing about the input.
            if !placeholders.iter().any(|p| at.starts_with(p)) {
                let message = message(&error, &work);
                if !messages
                    .iter()
                    .any(|m: &ValidationMessage| m.code == message.code && m.path == message.path)
                {
                    messages.push(message);
                }
            }
            // The type that is there failed; so will another value of it.
            let failed = work.pointer(at.as_str()).map(std::mem::discriminant);
            trying = Some((at.clone(), failed.into_iter().collect()));
        }
        let Some((_, tried)) = trying.as_mut() else {
            break;
        };
        // The last placeholder put here was of the wrong type too: try the next type.
        if !repair(&mut work, &error, tried) {
            return Recovered {
                messages,
                document: None,
                placeholders,
            };
        }
        if !placeholders.iter().any(|p| at.starts_with(p)) {
            placeholders.push(at.clone());
        }
        match Document::decode(version, kind, work.clone()) {
            Ok(document) => {
                return Recovered {
                    messages,
                    document: Some(document),
                    placeholders,
                };
            }
            Err(ReadError::Decode(next)) => error = next,
            Err(_) => break,
        }
    }
    Recovered {
        messages,
        document: None,
        placeholders,
    }
}

/// Puts a placeholder where `error` points: the first candidate of a JSON type not `tried`
/// there yet (the input's own type counts as tried), and records its type in `tried`. `false`
/// when there is no place to put one or every type has been tried.
fn repair(work: &mut Value, error: &DecodeError, tried: &mut Vec<Discriminant<Value>>) -> bool {
    let at = &error.pointer;
    if at.is_root() {
        return false;
    }
    let present = work.pointer(at.as_str()).cloned();
    // A missing key that is misspelt beside (`descripton`, `chemeType`) most likely holds the
    // value meant for it: try that first, so that the rest of the object is read as what it
    // was meant to be (a misspelt `schemeType` would otherwise make it an unknown variant, whose
    // other fields no rule reads). The misspelt key stays, and is reported as unknown.
    let misspelt = match (&present, error.kind) {
        (None, DecodeErrorKind::Missing) => misspelt_sibling(work, at),
        _ => None,
    };
    let Some(candidate) = misspelt
        .into_iter()
        .chain(candidates())
        .find(|c| !tried.contains(&std::mem::discriminant(c)))
    else {
        return false;
    };
    tried.push(std::mem::discriminant(&candidate));
    match present {
        Some(_) => match work.pointer_mut(at.as_str()) {
            Some(slot) => {
                *slot = candidate;
                true
            }
            None => false,
        },
        None if error.kind == DecodeErrorKind::Missing => {
            let Some(parent) = at.parent() else {
                return false;
            };
            let Some(key) = at.tokens().last().map(|t| t.into_owned()) else {
                return false;
            };
            match work.pointer_mut(parent.as_str()) {
                Some(Value::Object(map)) => {
                    map.insert(key, candidate);
                    true
                }
                _ => false,
            }
        }
        None => false,
    }
}

/// The value of the key beside `missing` that is one edit away from its name (a character
/// added, dropped, changed, or two neighbours swapped); `None` unless exactly one is.
fn misspelt_sibling(work: &Value, missing: &Pointer) -> Option<Value> {
    let key = missing.tokens().last()?.into_owned();
    let parent = work.pointer(missing.parent()?.as_str())?.as_object()?;
    let mut near = parent.iter().filter(|(k, _)| one_edit_apart(k, &key));
    match (near.next(), near.next()) {
        (Some((_, value)), None) => Some(value.clone()),
        _ => None,
    }
}

/// Whether `a` becomes `b` by one insertion, deletion, substitution or adjacent swap.
fn one_edit_apart(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a == b {
        return false;
    }
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let (ra, rb) = (&a[prefix..], &b[prefix..]);
    match ra.len().abs_diff(rb.len()) {
        0 => {
            ra[1..] == rb[1..]
                || (ra.len() >= 2 && ra[0] == rb[1] && ra[1] == rb[0] && ra[2..] == rb[2..])
        }
        1 if ra.len() > rb.len() => ra[1..] == *rb,
        1 => rb[1..] == *ra,
        _ => false,
    }
}

/// The decode error as a message. The text is built from the error's kind, the JSON type found
/// and what serde expected, never from serde's own message, which can quote the value (a
/// secret, say).
pub(crate) fn message(error: &DecodeError, input: &Value) -> ValidationMessage {
    let path = error.pointer.clone();
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
        _ => {
            let text = match expected {
                Some(expected) => format!("the value cannot be read: expected {expected}"),
                None => "the value cannot be read".to_owned(),
            };
            ValidationMessage::new(Code::InvalidValue, Severity::Error, path, text)
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use versori_model::v1;

    fn decode_report(version: ApiVersion, kind: Kind, value: Value) -> Vec<(Code, String)> {
        let err = match versori_model::Document::decode(version, kind, value.clone()) {
            Err(versori_model::ReadError::Decode(err)) => err,
            other => panic!("expected a decode error, got {other:?}"),
        };
        recover(err, &value, version, kind)
            .messages
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
    fn untagged_data_is_decoded_by_its_type() {
        let doc = json!({"id": "c", "type": "basic-auth", "name": "n", "data": {"username": 5}});
        let found = decode_report(ApiVersion::V1, Kind::Credential, doc);
        assert_eq!(
            found,
            vec![
                (Code::Required, "/organisationId".to_owned()),
                (Code::InvalidType, "/data/username".to_owned()),
                (Code::Required, "/data/password".to_owned()),
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
        let doc = json!({"id": "c", "organisationId": "o", "type": "string", "name": "n",
            "data": {"value": -1}});
        let err = versori_model::de::from_value::<v1::Credential>(doc.clone()).unwrap_err();
        let msg = message(&err, &doc);
        assert_eq!(
            (msg.code, msg.path.as_str()),
            (Code::InvalidType, "/data/value")
        );
        assert!(!msg.text.contains("-1"), "{}", msg.text);
        let version = json!({"id": "v", "name": "1", "isLatest": false, "isDefault": false,
            "createdAt": "2024-01-01T00:00:00Z", "updatedAt": "2024-01-01T00:00:00Z",
            "publishedAt": null, "messages": [{"text": "t", "severity": "info", "detail": 7}]});
        let err =
            versori_model::de::from_value::<v1::ConnectorVersion>(version.clone()).unwrap_err();
        let msg = message(&err, &version);
        assert_eq!(
            (msg.code, msg.path.as_str()),
            (Code::InvalidType, "/messages/0/detail")
        );
    }

    #[test]
    fn placeholders_are_never_reported_and_give_up_cleanly() {
        // A missing struct-valued key is one `required`, not one per field of the placeholder.
        let doc = json!({"schemeType": "oauth2", "id": "o", "description": "d",
            "authorizeUrl": "https://a.test", "tokenUrl": "https://t.test", "scopes": [],
            "defaultScopes": []});
        let found = decode_report(ApiVersion::V1, Kind::AuthSchemeConfig, doc);
        assert_eq!(found, vec![(Code::Required, "/grant".to_owned())]);
        // Nothing to repair at the root: the loop ends with the one message.
        let err = match versori_model::Document::decode(ApiVersion::V1, Kind::Connection, json!([]))
        {
            Err(versori_model::ReadError::Decode(err)) => err,
            other => panic!("{other:?}"),
        };
        let recovered = recover(err, &json!([]), ApiVersion::V1, Kind::Connection);
        assert!(recovered.document.is_none());
        assert_eq!(recovered.messages.len(), 1);
    }

    #[test]
    fn one_edit_apart_is_one_typo() {
        for (a, b) in [
            ("descripton", "description"),
            ("chemeType", "schemeType"),
            ("scehmeType", "schemeType"),
            ("publik", "public"),
            ("publics", "public"),
            ("i", "id"),
        ] {
            assert!(one_edit_apart(a, b), "{a} {b}");
            assert!(one_edit_apart(b, a), "{b} {a}");
        }
        for (a, b) in [("id", "id"), ("name", "type"), ("abc", "cab"), ("", "ab")] {
            assert!(!one_edit_apart(a, b), "{a} {b}");
        }
    }

    #[test]
    fn a_missing_bool_is_repaired_and_the_rules_run() {
        // `public` is a required boolean: the placeholder must get past "" and reach `false`.
        let doc = json!({"id": "c", "organisationId": "o", "name": "n", "protocol": "http",
            "baseUrl": "https://x.example.com", "authSchemeConfigs": [], "connections": [],
            "versions": [], "createdAt": "2024-01-01T00:00:00Z",
            "updatedAt": "2024-01-01T00:00:00Z", "x-typo": 1});
        let err = match Document::decode(ApiVersion::V1, Kind::Connector, doc.clone()) {
            Err(ReadError::Decode(err)) => err,
            other => panic!("{other:?}"),
        };
        let recovered = recover(err, &doc, ApiVersion::V1, Kind::Connector);
        assert!(recovered.document.is_some(), "the rules need a document");
        assert_eq!(recovered.placeholders.len(), 1);
    }

    #[test]
    fn a_misspelt_tag_is_read_as_meant() {
        let doc = json!({"chemeType": "api-key", "name": "X-Key", "in": "head"});
        let found = decode_report(ApiVersion::V1alpha1, Kind::AuthSchemeConfig, doc.clone());
        assert_eq!(found, vec![(Code::Required, "/schemeType".to_owned())]);
        let err = match Document::decode(ApiVersion::V1alpha1, Kind::AuthSchemeConfig, doc.clone())
        {
            Err(ReadError::Decode(err)) => err,
            other => panic!("{other:?}"),
        };
        let recovered = recover(err, &doc, ApiVersion::V1alpha1, Kind::AuthSchemeConfig);
        assert!(matches!(
            recovered.document,
            Some(Document::V1alpha1AuthSchemeConfig(
                versori_model::v1alpha1::AuthSchemeConfig::ApiKey(_)
            ))
        ));
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
