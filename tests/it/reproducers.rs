//! The reproducers of issue 14 ("exact output and true messages under any input"), and the
//! defects the mutation properties found, asserted on `(code, path)`.

use serde_json::{Value, json};
use versori::model::{ApiVersion, Document, Hint, Kind, ReadError, json as checked};
use versori::validate::{
    Code, ValidateOptions, validate_parsed, validate_text, validate_value, validate_value_as,
};

fn opts() -> ValidateOptions {
    ValidateOptions::at("2026-01-01T00:00:00Z".parse().expect("a valid instant"))
}

fn found_as(value: &Value, hint: Hint) -> Vec<(Code, String)> {
    validate_value_as(value, hint, &opts())
        .expect("identified")
        .report
        .iter()
        .map(|m| (m.code, m.path.to_string()))
        .collect()
}

fn has(found: &[(Code, String)], code: Code, path: &str) -> bool {
    found.iter().any(|(c, p)| *c == code && p == path)
}

fn v1() -> Hint {
    Hint::default().version(ApiVersion::V1)
}

#[test]
fn a_misspelt_required_key_is_both_required_and_unknown() {
    let config = json!({"id": "zendesk-basic", "schemeType": "basic-auth",
        "descripton": "Zendesk agent login"});
    let found = found_as(&config, v1().kind(Kind::AuthSchemeConfig));
    assert!(has(&found, Code::Required, "/description"), "{found:?}");
    assert!(has(&found, Code::UnknownField, "/descripton"), "{found:?}");
}

/// A v1 connector with four unrelated defects: every one is reported, whichever decodes.
fn four_defects() -> Value {
    json!({
        "id": "01HF7Z5K2Q8W9X3Y4Z5A6B7C8D", "organisationId": "01HF7Z5K2Q8W9X3Y4Z5A6B7C8E",
        "name": "Zendesk", "public": "yes", "protocol": "http", "baseUrl": "api/v2",
        "authSchemeConfigs": [
            {"schemeType": "api-key", "id": "token", "description": "API token",
             "name": "Authorization", "in": "head"},
            {"schemeType": "basic-auth", "id": "token", "description": "Agent login"}
        ],
        "connections": [], "versions": [],
        "createdAt": "2024-01-01T00:00:00Z", "updatedAt": "2024-01-02T00:00:00Z"
    })
}

#[test]
fn four_defects_in_a_connector_are_all_reported() {
    let expected = [
        (Code::InvalidType, "/public"),
        (Code::UnsupportedValue, "/authSchemeConfigs/0/in"),
        (Code::InvalidUrl, "/baseUrl"),
        (Code::DuplicateId, "/authSchemeConfigs/1/id"),
    ];
    for hint in [v1().kind(Kind::Connector), v1(), Hint::default()] {
        let found = found_as(&four_defects(), hint);
        for (code, path) in expected {
            assert!(
                has(&found, code, path),
                "{hint:?}: {code} {path} not in {found:?}"
            );
        }
    }
}

#[test]
fn a_missing_required_boolean_does_not_hide_the_rest() {
    // Found by `independent_defects_are_each_reported`: without `public`, the repair loop gave
    // up and no rule ran.
    let mut connector = four_defects();
    connector
        .as_object_mut()
        .expect("an object")
        .remove("public");
    let found = found_as(&connector, v1().kind(Kind::Connector));
    for (code, path) in [
        (Code::Required, "/public"),
        (Code::UnsupportedValue, "/authSchemeConfigs/0/in"),
        (Code::InvalidUrl, "/baseUrl"),
        (Code::DuplicateId, "/authSchemeConfigs/1/id"),
    ] {
        assert!(has(&found, code, path), "{code} {path} not in {found:?}");
    }
}

#[test]
fn a_misspelt_tag_is_reported_and_the_config_still_checked() {
    // Found by `each_mutation_is_named_by_the_report`: a misspelt `schemeType` made the config
    // an unknown variant, and only `required /schemeType` was reported.
    let config = json!({"id": "k", "description": "d", "chemeType": "api-key",
        "name": "X-Key", "in": "head"});
    let found = found_as(&config, v1().kind(Kind::AuthSchemeConfig));
    assert!(has(&found, Code::Required, "/schemeType"), "{found:?}");
    assert!(has(&found, Code::UnknownField, "/chemeType"), "{found:?}");
    assert!(has(&found, Code::UnsupportedValue, "/in"), "{found:?}");
}

const TWICE: &[u8] = br#"{"id": "01HF", "organisationId": "o", "type": "string", "name": "a",
    "name": "b", "data": {"value": "s3cret", "value": "other"}}"#;

#[test]
fn duplicate_keys_in_every_library_entry_point() {
    // validate: one duplicate-key per key, at the later key's pointer, beside the rest.
    let validated = validate_text(TWICE, Hint::default(), &opts()).expect("identified");
    let found: Vec<_> = validated
        .report
        .iter()
        .map(|m| (m.code, m.path.to_string()))
        .collect();
    assert_eq!(
        found,
        [
            (Code::DuplicateKey, "/name".to_owned()),
            (Code::DuplicateKey, "/data/value".to_owned())
        ]
    );
    assert!(!validated.report.iter().any(|m| m.text.contains("s3cret")));
    // read (and so migrate and detect, which read first): refused, naming the pointers.
    match Document::read_json(TWICE, Hint::default()) {
        Err(ReadError::DuplicateKey(err)) => {
            let at: Vec<_> = err.pointers.iter().map(ToString::to_string).collect();
            assert_eq!(at, ["/name", "/data/value"]);
            assert!(err.to_string().contains("/name, /data/value"), "{err}");
        }
        other => panic!("{other:?}"),
    }
    let parsed = checked::from_slice(TWICE).expect("JSON");
    assert!(parsed.clone().into_unique().is_err());
    // The value holds the last of each, as serde_json reads it.
    assert_eq!(parsed.value["name"], "b");
    let again = validate_parsed(&parsed.value, &parsed.duplicates, Hint::default(), &opts())
        .expect("identified");
    assert_eq!(again, validated);
    // An unrecognisable document still gets its duplicate-key message.
    let bare = validate_text(br#"{"name": "a", "name": "b"}"#, Hint::default(), &opts())
        .expect_err("not a document");
    let found: Vec<_> = bare
        .report
        .iter()
        .map(|m| (m.code, m.path.to_string()))
        .collect();
    assert_eq!(
        found,
        [
            (Code::DuplicateKey, "/name".to_owned()),
            (Code::UnrecognizedDocument, String::new())
        ]
    );
    // Text that is not JSON: invalid-json, with the position in the text.
    let broken = validate_text(b"{\n\"a\" 1}", Hint::default(), &opts()).expect_err("not JSON");
    assert_eq!(broken.report.messages()[0].code, Code::InvalidJson);
    assert!(
        broken.error.to_string().contains("line 2, column 5"),
        "{}",
        broken.error
    );
}

#[test]
fn a_byte_order_mark_is_skipped() {
    let mut text = b"\xEF\xBB\xBF".to_vec();
    text.extend_from_slice(br#"{"schemeType": "none", "id": "a", "description": "b"}"#);
    let validated = validate_text(&text, Hint::default(), &opts()).expect("identified");
    assert!(validated.report.is_empty(), "{:?}", validated.report);
    assert!(Document::read_json(&text, Hint::default()).is_ok());
}

#[test]
fn numbers_in_unknown_keys_keep_their_value() {
    let text = br#"{"schemeType": "none", "id": "a", "description": "b",
        "x-big": 18446744073709551621, "x-precise": 123456789.12345679, "x-huge": 1e400,
        "x-negative-zero": -0, "x-tenth": 0.1}"#;
    let doc = Document::read_json(text, Hint::default()).expect("reads");
    let written = serde_json::to_string(&doc).expect("serializes");
    for number in [
        "18446744073709551621",
        "123456789.12345679",
        "1e+400",
        ":-0,",
        "0.1",
    ] {
        assert!(written.contains(number), "{number} not in {written}");
    }
    // Validation reads the same document (and finds only the unknown keys).
    let found = validate_value(&doc.to_value().expect("serializes"), &opts())
        .expect("identified")
        .report;
    assert!(
        found.iter().all(|m| m.code == Code::UnknownField),
        "{found:?}"
    );
}
