//! Rule by rule: a valid document has no message of the rule's code, and one mutation that breaks
//! the rule adds exactly the expected `(code, path)` messages (and nothing else). Assertions are
//! on codes and paths, never on message text.

use serde_json::{Value, json};
use versori::model::{ApiVersion, Hint, Kind};
use versori::validate::{
    Code, Report, Severity, ValidateOptions, Validated, validate_value, validate_value_as,
};

use ApiVersion::{V1, V1alpha1, V2};

fn opts() -> ValidateOptions {
    ValidateOptions::at("2026-01-01T00:00:00Z".parse().expect("a valid instant"))
}

fn run(version: ApiVersion, kind: Kind, doc: &Value) -> Report {
    let Validated {
        api_version: found_version,
        kind: found_kind,
        report,
        ..
    } = validate_value_as(doc, Hint::default().version(version).kind(kind), &opts())
        .expect("version and kind are given");
    assert_eq!((found_version, found_kind), (version, kind));
    report
}

fn pairs(report: &Report) -> Vec<(Code, String)> {
    report
        .iter()
        .map(|m| (m.code, m.path.to_string()))
        .collect()
}

/// Sets the value at `pointer`, creating the last key if needed.
fn set(doc: &mut Value, pointer: &str, value: Value) {
    let (parent, key) = pointer.rsplit_once('/').expect("a non-root pointer");
    let parent = doc
        .pointer_mut(parent)
        .unwrap_or_else(|| panic!("{parent} does not resolve"));
    match parent {
        Value::Object(map) => {
            map.insert(key.replace("~1", "/").replace("~0", "~"), value);
        }
        Value::Array(items) => {
            let index: usize = key.parse().expect("an index");
            if index == items.len() {
                items.push(value);
            } else {
                items[index] = value;
            }
        }
        other => panic!("cannot set inside {other}"),
    }
}

/// Removes the value at `pointer`.
fn del(doc: &mut Value, pointer: &str) {
    let (parent, key) = pointer.rsplit_once('/').expect("a non-root pointer");
    match doc.pointer_mut(parent) {
        Some(Value::Object(map)) => {
            map.remove(key)
                .unwrap_or_else(|| panic!("{pointer} is absent"));
        }
        Some(Value::Array(items)) => {
            items.remove(key.parse().expect("an index"));
        }
        _ => panic!("{parent} does not resolve"),
    }
}

/// The base has no message with any expected code; the mutation adds exactly `expected`.
#[track_caller]
fn check(
    version: ApiVersion,
    kind: Kind,
    base: &Value,
    mutate: impl FnOnce(&mut Value),
    expected: &[(Code, &str)],
) {
    let before = pairs(&run(version, kind, base));
    for (code, _) in expected {
        assert!(
            before.iter().all(|(c, _)| c != code),
            "the base document already has {code}: {before:?}"
        );
    }
    let mut doc = base.clone();
    mutate(&mut doc);
    let mut added = pairs(&run(version, kind, &doc));
    for old in &before {
        if let Some(at) = added.iter().position(|new| new == old) {
            added.remove(at);
        }
    }
    let expected: Vec<(Code, String)> = expected
        .iter()
        .map(|(code, path)| (*code, (*path).to_owned()))
        .collect();
    assert_eq!(added, expected);
}

/// The severity of the single message at `path` with `code` after `mutate`.
fn severity_of(
    version: ApiVersion,
    kind: Kind,
    base: &Value,
    mutate: impl FnOnce(&mut Value),
    code: Code,
    path: &str,
) -> Severity {
    let mut doc = base.clone();
    mutate(&mut doc);
    let report = run(version, kind, &doc);
    let found: Vec<_> = report
        .iter()
        .filter(|m| m.code == code && m.path.as_str() == path)
        .collect();
    assert_eq!(found.len(), 1, "{:?}", pairs(&report));
    found[0].severity
}

// ---------------------------------------------------------------------------------------------
// Base documents: minimal, valid, with fake (unmasked) secrets.

const T0: &str = "2024-01-01T00:00:00Z";
const T1: &str = "2024-02-01T00:00:00Z";

fn v1alpha1_api_key() -> Value {
    json!({"schemeType": "api-key", "name": "X-Api-Key", "in": "header"})
}

fn v1alpha1_oauth2() -> Value {
    json!({
        "schemeType": "oauth2",
        "authorizeUrl": "https://auth.example.com/authorize",
        "tokenUrl": "https://auth.example.com/token",
        "scopes": [{"name": "read"}, {"name": "write"}],
        "flows": {
            "clientCredentials": {},
            "authorizationCode": {"applicationCredential": {
                "id": "01APP", "type": "oauth2-client", "name": "app",
                "data": {"clientId": "c", "clientSecret": "fake-client-secret",
                    "authorizeUrl": "https://auth.example.com/authorize",
                    "tokenUrl": "https://auth.example.com/token"},
                "createdAt": T0, "updatedAt": T1
            }}
        }
    })
}

fn v1alpha1_environment(id: &str, name: &str) -> Value {
    json!({
        "id": id, "name": name,
        "credentials": {"action": [{
            "id": format!("{id}-binding"),
            "authSchemeConfig": v1alpha1_api_key(),
            "credential": {"id": format!("{id}-cred"), "type": "string", "name": "key",
                "data": {"value": "fake-api-key-value"}, "createdAt": T0, "updatedAt": T1}
        }]},
        "variables": [{"name": "region", "value": "eu"}],
        "createdAt": T0, "updatedAt": T1
    })
}

fn v1alpha1_connection() -> Value {
    json!({
        "id": "01CONN", "organisationId": "01ORG", "name": "Shop", "protocol": "http",
        "baseUrl": "https://api.example.com/v1",
        "authSchemeConfigs": [v1alpha1_api_key(), v1alpha1_oauth2()],
        "environmentVariables": [{"name": "region", "value": "eu"}],
        "environments": [v1alpha1_environment("01ENV1", "staging"), v1alpha1_environment("01ENV2", "production")],
        "versions": [
            {"id": "01V1", "name": "1.0.0", "isLatest": true, "isDefault": true,
             "createdAt": T0, "updatedAt": T1, "publishedAt": T1},
            {"id": "01V2", "name": "1.1.0", "isLatest": false, "isDefault": false,
             "createdAt": T0, "updatedAt": T1, "publishedAt": null}
        ],
        "createdAt": T0, "updatedAt": T1
    })
}

fn v1alpha1_connection_update() -> Value {
    json!({
        "id": "01CONN", "organisationId": "01ORG", "name": "Shop", "protocol": "http",
        "baseUrl": "https://api.example.com/v1",
        "authSchemeConfigs": [v1alpha1_api_key()],
        "environments": [
            {"id": "01ENV1", "name": "staging"},
            {"name": "uat", "credentials": {"action": [{
                "authSchemeConfig": v1alpha1_api_key(),
                "credential": {"name": "uat-key", "type": "string", "data": {"value": "fake-uat-key"}}
            }]}, "variables": []}
        ]
    })
}

fn v1_api_key(id: &str) -> Value {
    json!({"schemeType": "api-key", "id": id, "description": "API key", "name": "X-Api-Key", "in": "header"})
}

fn v1_oauth2() -> Value {
    json!({
        "schemeType": "oauth2", "id": "oauth2-code", "description": "Log in",
        "authorizeUrl": "https://auth.example.com/authorize",
        "tokenUrl": "https://auth.example.com/token",
        "scopes": [{"name": "read"}, {"name": "write"}],
        "defaultScopes": ["read"],
        "grant": {"grantType": "authorization_code", "credentialId": "01CRED", "organisationId": "01ORG",
            "clientId": "client", "clientSecret": "fake-grant-secret"}
    })
}

fn v1_connection(id: &str, name: &str) -> Value {
    json!({
        "id": id, "name": name,
        "credentials": {"action": [{
            "id": format!("{id}-binding"),
            "authSchemeConfig": v1_api_key("key"),
            "credential": {"id": format!("{id}-cred"), "organisationId": "01ORG", "type": "string",
                "name": "key", "data": {"value": "fake-api-key-value"}, "expiresAt": "2030-01-01T00:00:00Z"}
        }]},
        "variables": [{"name": "region", "value": "eu"}],
        "createdAt": T0, "updatedAt": T1
    })
}

fn v1_connector() -> Value {
    json!({
        "id": "01CONNECTOR", "organisationId": "01ORG", "name": "Shop", "public": false,
        "documentationURL": "https://docs.example.com", "imageURL": "https://img.example.com/logo.png",
        "protocol": "http", "baseUrl": "https://api.example.com/v1",
        "authSchemeConfigs": [v1_api_key("key"), v1_oauth2()],
        "connectionVariables": [{"name": "region", "value": "eu"}],
        "connections": [v1_connection("01C1", "staging"), v1_connection("01C2", "production")],
        "versions": [
            {"id": "01V1", "name": "1.0.0", "isLatest": true, "isDefault": true,
             "createdAt": T0, "updatedAt": T1, "publishedAt": T1,
             "messages": [{"text": "ok", "severity": "info"}]},
            {"id": "01V2", "name": "1.1.0", "isLatest": false, "isDefault": false,
             "createdAt": T0, "updatedAt": T1, "publishedAt": null}
        ],
        "createdAt": T0, "updatedAt": T1
    })
}

fn v1_connector_update() -> Value {
    json!({
        "id": "01CONNECTOR", "organisationId": "01ORG", "name": "Shop", "protocol": "http",
        "baseUrl": "https://api.example.com/v1", "authSchemeConfigIds": ["key", "oauth2-code"],
        "connectionVariables": [{"name": "region", "value": "eu"}]
    })
}

fn v1_credential() -> Value {
    json!({"id": "01CRED", "organisationId": "01ORG", "type": "oauth2-client", "name": "client",
        "data": {"clientId": "c", "clientSecret": "fake-client-secret", "authorizeUrl": "",
            "tokenUrl": "https://auth.example.com/token", "mTLSEnabled": true, "mTLSCredentialId": "01CERT"},
        "expiresAt": "2030-01-01T00:00:00Z"})
}

fn v2_api_key(id: &str) -> Value {
    json!({"type": "api-key", "apiKey": {"id": id, "description": "API key", "name": "X-Api-Key", "in": "header"}})
}

fn v2_oauth2() -> Value {
    json!({"type": "oauth2", "oauth2": {
        "id": "oauth2-code", "description": "Log in",
        "authorizeUrl": "https://auth.example.com/authorize",
        "tokenUrl": "https://auth.example.com/token",
        "scopes": [{"name": "read"}, {"name": "write"}], "defaultScopes": ["read"],
        "grant": {"type": "authorizationCode", "authorizationCode": {"clientId": "client"}}
    }})
}

fn v2_hmac() -> Value {
    json!({"type": "hmac", "hmac": {"id": "webhook", "description": "Webhook signature",
        "name": "X-Signature", "in": "header", "algorithm": "sha256", "digestInputs": ["body"],
        "encoding": "hex"}})
}

fn v2_oauth1() -> Value {
    let endpoint = |path: &str| {
        json!({"url": format!("https://{{tenant}}.example.com/oauth/{path}"),
        "parameterTransmission": "AUTH_STYLE_AUTHORIZATION_HEADER"})
    };
    json!({"type": "oauth1", "oauth1": {"id": "oauth1", "description": "OAuth 1.0a",
        "consumerKey": "ck", "consumerSecret": "fake-consumer-secret",
        "tempCredentialEndpoint": endpoint("request_token"),
        "resourceOwnerAuthorizationEndpoint": endpoint("authorize"),
        "tokenEndpoint": endpoint("access_token"),
        "signatureMethod": "sha256"}})
}

fn v2_system() -> Value {
    json!({"id": "01SYS", "name": "Shop", "domain": "shop.example.com",
        "authSchemeConfigs": [v2_api_key("key"), v2_oauth2(), v2_hmac()],
        "templateBaseUrl": "https://{shop}.example.com/api"})
}

fn v2_connection(id: &str, name: &str) -> Value {
    json!({"id": id, "name": name,
        "credentials": [{"id": format!("{id}-binding"), "authSchemeConfig": v2_api_key("key"),
            "credential": {"id": format!("{id}-cred"), "organisationId": "01ORG", "type": "string",
                "name": "key", "data": {"string": {"value": "fake-api-key-value"}}}}],
        "baseUrl": "", "createdAt": T0, "updatedAt": T1, "systemId": "01SYS"})
}

fn v2_credential() -> Value {
    json!({"id": "01CRED", "organisationId": "01ORG", "type": "oauth2-token", "name": "token",
        "data": {"oauth2Token": {"scopes": ["read"], "refreshToken": "fake-refresh-token",
            "expiresAt": "2020-01-01T00:00:00Z"}},
        "expiresAt": "2030-01-01T00:00:00Z"})
}

fn v2_system_export() -> Value {
    json!({"system": v2_system(), "connections": [v2_connection("01C1", "a"), v2_connection("01C2", "b")]})
}

// ---------------------------------------------------------------------------------------------

#[test]
fn base_documents_are_valid_and_quiet() {
    for (version, kind, doc) in [
        (V1alpha1, Kind::Connection, v1alpha1_connection()),
        (
            V1alpha1,
            Kind::ConnectionUpdate,
            v1alpha1_connection_update(),
        ),
        (
            V1alpha1,
            Kind::Environment,
            v1alpha1_environment("01E", "e"),
        ),
        (V1alpha1, Kind::AuthSchemeConfig, v1alpha1_oauth2()),
        (V1, Kind::Connector, v1_connector()),
        (V1, Kind::ConnectorUpdate, v1_connector_update()),
        (V1, Kind::Connection, v1_connection("01C", "c")),
        (V1, Kind::AuthSchemeConfig, v1_oauth2()),
        (V1, Kind::Credential, v1_credential()),
        (V2, Kind::System, v2_system()),
        (V2, Kind::AuthSchemeConfig, v2_oauth1()),
        (V2, Kind::Connection, v2_connection("01C", "c")),
        (V2, Kind::Credential, v2_credential()),
        (V2, Kind::SystemExport, v2_system_export()),
    ] {
        let report = run(version, kind, &doc);
        assert!(report.is_empty(), "{version} {kind}: {:?}", pairs(&report));
    }
}

// --- required, invalid-type (decoding and the JSON pass) ---------------------------------------

#[test]
fn required_fields_missing() {
    check(
        V1,
        Kind::Connector,
        &v1_connector(),
        |d| del(d, "/name"),
        &[(Code::Required, "/name")],
    );
    // Decoding stops at the first problem; the JSON pass finds the others.
    check(
        V1,
        Kind::Credential,
        &v1_credential(),
        |d| {
            del(d, "/name");
            del(d, "/organisationId");
            del(d, "/data/tokenUrl");
        },
        &[
            (Code::Required, "/organisationId"),
            (Code::Required, "/name"),
            (Code::Required, "/data/tokenUrl"),
        ],
    );
    check(
        V2,
        Kind::System,
        &v2_system(),
        |d| del(d, "/authSchemeConfigs/1/oauth2/tokenUrl"),
        &[(Code::Required, "/authSchemeConfigs/1/oauth2/tokenUrl")],
    );
}

#[test]
fn required_by_protocol() {
    check(
        V1,
        Kind::Connector,
        &v1_connector(),
        |d| del(d, "/baseUrl"),
        &[(Code::Required, "/baseUrl")],
    );
    check(
        V1,
        Kind::Connector,
        &v1_connector(),
        |d| {
            set(d, "/protocol", json!("bigquery"));
            del(d, "/baseUrl");
        },
        &[(Code::Required, "/datasetId")],
    );
    check(
        V1,
        Kind::ConnectorUpdate,
        &v1_connector_update(),
        |d| del(d, "/baseUrl"),
        &[(Code::Required, "/baseUrl")],
    );
    check(
        V1alpha1,
        Kind::Connection,
        &v1alpha1_connection(),
        |d| del(d, "/baseUrl"),
        &[(Code::Required, "/baseUrl")],
    );
    check(
        V1alpha1,
        Kind::ConnectionUpdate,
        &v1alpha1_connection_update(),
        |d| {
            set(d, "/protocol", json!("bigquery"));
            del(d, "/baseUrl");
        },
        &[(Code::Required, "/datasetId")],
    );
}

#[test]
fn grant_credential_id_and_organisation_id_go_together() {
    check(
        V1,
        Kind::AuthSchemeConfig,
        &v1_oauth2(),
        |d| del(d, "/grant/organisationId"),
        &[(Code::Required, "/grant/organisationId")],
    );
    check(
        V2,
        Kind::System,
        &v2_system(),
        |d| {
            set(
                d,
                "/authSchemeConfigs/1/oauth2/grant/authorizationCode/organisationId",
                json!("01ORG"),
            )
        },
        &[(
            Code::Required,
            "/authSchemeConfigs/1/oauth2/grant/authorizationCode/credentialId",
        )],
    );
}

#[test]
fn published_at_is_required_though_nullable() {
    check(
        V1,
        Kind::Connector,
        &v1_connector(),
        |d| del(d, "/versions/1/publishedAt"),
        &[(Code::Required, "/versions/1/publishedAt")],
    );
}

#[test]
fn wrong_json_types() {
    check(
        V1,
        Kind::Connector,
        &v1_connector(),
        |d| set(d, "/public", json!("no")),
        &[(Code::InvalidType, "/public")],
    );
    check(
        V1alpha1,
        Kind::Connection,
        &v1alpha1_connection(),
        |d| {
            set(d, "/environments/0/variables/0/value", json!(5));
            set(d, "/versions/0/isLatest", json!("yes"));
        },
        &[
            (Code::InvalidType, "/environments/0/variables/0/value"),
            (Code::InvalidType, "/versions/0/isLatest"),
        ],
    );
}

// --- enums, unknown keys ---------------------------------------------------------------------

#[test]
fn undocumented_enum_values() {
    check(
        V1,
        Kind::AuthSchemeConfig,
        &v1_api_key("k"),
        |d| set(d, "/in", json!("body")),
        &[(Code::UnsupportedValue, "/in")],
    );
    check(
        V1,
        Kind::AuthSchemeConfig,
        &v1_api_key("k"),
        |d| set(d, "/schemeType", json!("jwt-bearer")),
        &[(Code::UnsupportedValue, "/schemeType")],
    );
    check(
        V2,
        Kind::AuthSchemeConfig,
        &v2_hmac(),
        |d| set(d, "/type", json!("saml")),
        &[(Code::UnsupportedValue, "/type")],
    );
    check(
        V2,
        Kind::System,
        &v2_system(),
        |d| {
            set(
                d,
                "/authSchemeConfigs/2/hmac/digestInputs/0",
                json!("headers"),
            )
        },
        &[(
            Code::UnsupportedValue,
            "/authSchemeConfigs/2/hmac/digestInputs/0",
        )],
    );
    check(
        V1,
        Kind::Connector,
        &v1_connector(),
        |d| set(d, "/versions/0/messages/0/severity", json!("fatal")),
        &[(Code::UnsupportedValue, "/versions/0/messages/0/severity")],
    );
}

#[test]
fn unknown_keys_are_named_by_path() {
    check(
        V1,
        Kind::Connector,
        &v1_connector(),
        |d| {
            set(d, "/x-team", json!({"a": 1}));
            set(
                d,
                "/connections/1/credentials/action/0/credential/data/a~1b",
                json!("s3cret"),
            );
        },
        &[
            (
                Code::UnknownField,
                "/connections/1/credentials/action/0/credential/data/a~1b",
            ),
            (Code::UnknownField, "/x-team"),
        ],
    );
    let severity = severity_of(
        V1,
        Kind::Connector,
        &v1_connector(),
        |d| set(d, "/x-team", json!(1)),
        Code::UnknownField,
        "/x-team",
    );
    assert_eq!(severity, Severity::Warning);
}

// --- uniqueness, reserved names --------------------------------------------------------------

#[test]
fn duplicate_ids() {
    check(
        V1,
        Kind::Connector,
        &v1_connector(),
        |d| set(d, "/authSchemeConfigs/1/id", json!("key")),
        &[(Code::DuplicateId, "/authSchemeConfigs/1/id")],
    );
    check(
        V1,
        Kind::ConnectorUpdate,
        &v1_connector_update(),
        |d| set(d, "/authSchemeConfigIds/2", json!("key")),
        &[(Code::DuplicateId, "/authSchemeConfigIds/2")],
    );
    check(
        V2,
        Kind::System,
        &v2_system(),
        |d| set(d, "/authSchemeConfigs/2/hmac/id", json!("key")),
        &[(Code::DuplicateId, "/authSchemeConfigs/2/hmac/id")],
    );
}

#[test]
fn duplicate_id_detail_names_the_first() {
    let mut doc = v1_connector();
    set(&mut doc, "/authSchemeConfigs/1/id", json!("key"));
    let report = run(V1, Kind::Connector, &doc);
    let message = report
        .with_code(Code::DuplicateId)
        .next()
        .expect("a duplicate");
    assert_eq!(message.detail, ["first used at /authSchemeConfigs/0/id"]);
    assert_eq!(message.severity, Severity::Error);
}

#[test]
fn duplicate_names() {
    check(
        V1,
        Kind::Connector,
        &v1_connector(),
        |d| set(d, "/connections/1/name", json!("staging")),
        &[(Code::DuplicateName, "/connections/1/name")],
    );
    check(
        V1alpha1,
        Kind::Connection,
        &v1alpha1_connection(),
        |d| set(d, "/environments/1/name", json!("staging")),
        &[(Code::DuplicateName, "/environments/1/name")],
    );
    check(
        V1alpha1,
        Kind::ConnectionUpdate,
        &v1alpha1_connection_update(),
        |d| set(d, "/environments/1/name", json!("staging")),
        &[(Code::DuplicateName, "/environments/1/name")],
    );
    check(
        V1,
        Kind::Connector,
        &v1_connector(),
        |d| set(d, "/versions/1/name", json!("1.0.0")),
        &[(Code::DuplicateName, "/versions/1/name")],
    );
}

#[test]
fn reserved_version_names() {
    check(
        V1,
        Kind::Connector,
        &v1_connector(),
        |d| set(d, "/versions/1/name", json!("latest")),
        &[(Code::ReservedName, "/versions/1/name")],
    );
    check(
        V1alpha1,
        Kind::Connection,
        &v1alpha1_connection(),
        |d| set(d, "/versions/0/name", json!("default")),
        &[(Code::ReservedName, "/versions/0/name")],
    );
}

#[test]
fn version_flags() {
    check(
        V1,
        Kind::Connector,
        &v1_connector(),
        |d| set(d, "/versions/1/isDefault", json!(true)),
        &[(Code::Conflict, "/versions/1/isDefault")],
    );
    check(
        V1,
        Kind::Connector,
        &v1_connector(),
        |d| {
            set(d, "/versions/0/isLatest", json!(false));
            set(d, "/versions/1/isLatest", json!(true));
        },
        &[(Code::InvalidValue, "/versions/1/isLatest")],
    );
}

// --- URLs, timestamps ------------------------------------------------------------------------

#[test]
fn urls() {
    check(
        V1,
        Kind::AuthSchemeConfig,
        &v1_oauth2(),
        |d| set(d, "/tokenUrl", json!("auth.example.com/token")),
        &[(Code::InvalidUrl, "/tokenUrl")],
    );
    check(
        V1,
        Kind::Connector,
        &v1_connector(),
        |d| set(d, "/imageURL", json!("ftp://img.example.com/logo.png")),
        &[(Code::InvalidUrl, "/imageURL")],
    );
    check(
        V2,
        Kind::System,
        &v2_system(),
        |d| set(d, "/templateBaseUrl", json!("{shop")),
        &[(Code::InvalidUrl, "/templateBaseUrl")],
    );
    check(
        V2,
        Kind::AuthSchemeConfig,
        &v2_oauth1(),
        |d| set(d, "/oauth1/tokenEndpoint/url", json!("/oauth/access_token")),
        &[(Code::InvalidUrl, "/oauth1/tokenEndpoint/url")],
    );
    // The stated empty values.
    check(
        V1,
        Kind::Credential,
        &v1_credential(),
        |d| set(d, "/data/authorizeUrl", json!("")),
        &[],
    );
    check(
        V1,
        Kind::Credential,
        &v1_credential(),
        |d| set(d, "/data/authorizeUrl", json!("login")),
        &[(Code::InvalidUrl, "/data/authorizeUrl")],
    );
    check(
        V2,
        Kind::Connection,
        &v2_connection("01C", "c"),
        |d| set(d, "/baseUrl", json!("")),
        &[],
    );
    check(
        V1alpha1,
        Kind::Connection,
        &v1alpha1_connection(),
        |d| set(d, "/baseUrl", json!("")),
        &[(Code::InvalidUrl, "/baseUrl")],
    );
}

#[test]
fn v2_connection_base_url_is_normalized_on_create() {
    check(
        V2,
        Kind::Connection,
        &v2_connection("01C", "c"),
        |d| set(d, "/baseUrl", json!("https://eu.example.com/api/v2")),
        &[(Code::Normalized, "/baseUrl")],
    );
    check(
        V2,
        Kind::Connection,
        &v2_connection("01C", "c"),
        |d| set(d, "/baseUrl", json!("eu.example.com")),
        &[(Code::Normalized, "/baseUrl")],
    );
    check(
        V2,
        Kind::Connection,
        &v2_connection("01C", "c"),
        |d| set(d, "/baseUrl", json!("not a url")),
        &[(Code::InvalidUrl, "/baseUrl")],
    );
}

#[test]
fn timestamps() {
    check(
        V1,
        Kind::Connector,
        &v1_connector(),
        |d| set(d, "/connections/0/createdAt", json!("yesterday")),
        &[(Code::InvalidDateTime, "/connections/0/createdAt")],
    );
    check(
        V1alpha1,
        Kind::Environment,
        &v1alpha1_environment("01E", "e"),
        |d| set(d, "/updatedAt", json!("2023-01-01T00:00:00Z")),
        &[(Code::TimestampOrder, "/updatedAt")],
    );
    check(
        V2,
        Kind::Credential,
        &v2_credential(),
        |d| set(d, "/expiresAt", json!("2030-13-01")),
        &[(Code::InvalidDateTime, "/expiresAt")],
    );
}

#[test]
fn expired_credentials() {
    check(
        V1,
        Kind::Credential,
        &v1_credential(),
        |d| set(d, "/expiresAt", json!("2025-12-31T23:59:59Z")),
        &[(Code::Expired, "/expiresAt")],
    );
    check(
        V1,
        Kind::Connector,
        &v1_connector(),
        |d| {
            set(
                d,
                "/connections/1/credentials/action/0/credential/expiresAt",
                json!("2024-06-01T00:00:00+02:00"),
            )
        },
        &[(
            Code::Expired,
            "/connections/1/credentials/action/0/credential/expiresAt",
        )],
    );
    // "now" comes from the options.
    let mut doc = v1_credential();
    set(&mut doc, "/expiresAt", json!("2025-12-31T23:59:59Z"));
    let earlier = ValidateOptions::at("2025-01-01T00:00:00Z".parse().unwrap());
    let report = validate_value_as(
        &doc,
        Hint::default().version(V1).kind(Kind::Credential),
        &earlier,
    )
    .unwrap()
    .report;
    assert_eq!(report.with_code(Code::Expired).count(), 0);
}

// --- oauth2 ----------------------------------------------------------------------------------

#[test]
fn default_scopes_are_declared() {
    check(
        V1,
        Kind::AuthSchemeConfig,
        &v1_oauth2(),
        |d| set(d, "/defaultScopes/1", json!("admin")),
        &[(Code::UndeclaredScope, "/defaultScopes/1")],
    );
    check(
        V2,
        Kind::System,
        &v2_system(),
        |d| {
            set(
                d,
                "/authSchemeConfigs/1/oauth2/defaultScopes/0",
                json!("admin"),
            )
        },
        &[(
            Code::UndeclaredScope,
            "/authSchemeConfigs/1/oauth2/defaultScopes/0",
        )],
    );
}

#[test]
fn v1alpha1_oauth2_needs_a_flow() {
    check(
        V1alpha1,
        Kind::AuthSchemeConfig,
        &v1alpha1_oauth2(),
        |d| set(d, "/flows", json!({})),
        &[(Code::Empty, "/flows")],
    );
    check(
        V1alpha1,
        Kind::AuthSchemeConfig,
        &v1alpha1_oauth2(),
        |d| {
            set(
                d,
                "/flows/authorizationCode/applicationCredential/type",
                json!("string"),
            )
        },
        // `{clientId, ...}` is no string data: it lacks `value`, and its keys are unknown to a
        // string credential. The rules still run on the rest: an application credential must
        // be `oauth2-client`.
        &[
            (
                Code::Required,
                "/flows/authorizationCode/applicationCredential/data/value",
            ),
            (
                Code::UnknownField,
                "/flows/authorizationCode/applicationCredential/data/authorizeUrl",
            ),
            (
                Code::UnknownField,
                "/flows/authorizationCode/applicationCredential/data/clientId",
            ),
            (
                Code::UnknownField,
                "/flows/authorizationCode/applicationCredential/data/clientSecret",
            ),
            (
                Code::UnknownField,
                "/flows/authorizationCode/applicationCredential/data/tokenUrl",
            ),
            (
                Code::IncompatibleCredential,
                "/flows/authorizationCode/applicationCredential/type",
            ),
        ],
    );
}

#[test]
fn mtls_credential_only_with_mtls_enabled() {
    check(
        V1,
        Kind::AuthSchemeConfig,
        &v1_oauth2(),
        |d| set(d, "/mtlsCredentialId", json!("01CERT")),
        &[(Code::IgnoredField, "/mtlsCredentialId")],
    );
    check(
        V1,
        Kind::Credential,
        &v1_credential(),
        |d| del(d, "/data/mTLSEnabled"),
        &[(Code::IgnoredField, "/data/mTLSCredentialId")],
    );
    // Enabled without a credential id: fine alone, but a connector needs a certificate config.
    check(
        V1,
        Kind::AuthSchemeConfig,
        &v1_oauth2(),
        |d| set(d, "/mtlsEnabled", json!(true)),
        &[],
    );
    check(
        V1,
        Kind::Connector,
        &v1_connector(),
        |d| set(d, "/authSchemeConfigs/1/mtlsEnabled", json!(true)),
        &[(Code::DanglingReference, "/authSchemeConfigs/1/mtlsEnabled")],
    );
    check(
        V1,
        Kind::Connector,
        &v1_connector(),
        |d| {
            set(d, "/authSchemeConfigs/1/mtlsEnabled", json!(true));
            set(
                d,
                "/authSchemeConfigs/2",
                json!({"schemeType": "certificate", "id": "cert", "description": "mTLS"}),
            );
        },
        &[],
    );
}

#[test]
fn v2_grant_type_matches_its_member() {
    check(
        V2,
        Kind::System,
        &v2_system(),
        |d| set(d, "/authSchemeConfigs/1/oauth2/grant/password", json!({})),
        &[(
            Code::VariantMismatch,
            "/authSchemeConfigs/1/oauth2/grant/password",
        )],
    );
    check(
        V2,
        Kind::System,
        &v2_system(),
        |d| del(d, "/authSchemeConfigs/1/oauth2/grant/authorizationCode"),
        &[(
            Code::VariantMismatch,
            "/authSchemeConfigs/1/oauth2/grant/type",
        )],
    );
    check(
        V2,
        Kind::System,
        &v2_system(),
        |d| del(d, "/authSchemeConfigs/1/oauth2/authorizeUrl"),
        &[(Code::Required, "/authSchemeConfigs/1/oauth2/authorizeUrl")],
    );
}

// --- v2 wrappers -----------------------------------------------------------------------------

#[test]
fn v2_wrapper_type_names_the_member_that_is_set() {
    check(
        V2,
        Kind::AuthSchemeConfig,
        &v2_api_key("k"),
        |d| set(d, "/type", json!("basic-auth")),
        &[
            (Code::VariantMismatch, "/type"),
            (Code::VariantMismatch, "/apiKey"),
        ],
    );
    check(
        V2,
        Kind::AuthSchemeConfig,
        &v2_api_key("k"),
        |d| set(d, "/type", json!("jwt-bearer")),
        &[(Code::VariantMismatch, "/apiKey")],
    );
    check(
        V2,
        Kind::AuthSchemeConfig,
        &v2_api_key("k"),
        |d| set(d, "/none", json!({"id": "n", "description": "none"})),
        &[(Code::VariantMismatch, "/none")],
    );
    check(
        V2,
        Kind::AuthSchemeConfig,
        &json!({"type": "secret"}),
        |_| {},
        &[],
    );
}

#[test]
fn v2_credential_type_names_the_data_member() {
    check(
        V2,
        Kind::Credential,
        &v2_credential(),
        |d| set(d, "/type", json!("string")),
        &[
            (Code::VariantMismatch, "/type"),
            (Code::VariantMismatch, "/data/oauth2Token"),
        ],
    );
    check(
        V2,
        Kind::Credential,
        &v2_credential(),
        |d| set(d, "/data/string", json!({"value": "fake-other"})),
        &[(Code::VariantMismatch, "/data/string")],
    );
    check(
        V2,
        Kind::Credential,
        &v2_credential(),
        |d| del(d, "/type"),
        &[(Code::Required, "/type")],
    );
}

#[test]
fn v2_revisions() {
    check(
        V2,
        Kind::AuthSchemeConfig,
        &v2_hmac(),
        |d| del(d, "/hmac/encoding"),
        &[(Code::RevisionRequired, "/hmac/encoding")],
    );
    check(
        V2,
        Kind::AuthSchemeConfig,
        &v2_oauth1(),
        |d| del(d, "/oauth1/tokenEndpoint"),
        &[(Code::RevisionRequired, "/oauth1/tokenEndpoint")],
    );
    check(
        V2,
        Kind::AuthSchemeConfig,
        &v2_oauth1(),
        |d| set(d, "/oauth1/signatureMethod", json!("RSA-SHA1")),
        &[(Code::UnsupportedValue, "/oauth1/signatureMethod")],
    );
}

// --- credentials in their bindings -----------------------------------------------------------

#[test]
fn credential_type_fits_the_scheme() {
    check(
        V1,
        Kind::Connection,
        &v1_connection("01C", "c"),
        |d| {
            set(
                d,
                "/credentials/action/0/credential/type",
                json!("basic-auth"),
            );
            set(
                d,
                "/credentials/action/0/credential/data",
                json!({"username": "u", "password": "fake-pw"}),
            );
        },
        &[(
            Code::IncompatibleCredential,
            "/credentials/action/0/credential/type",
        )],
    );
    check(
        V1alpha1,
        Kind::Environment,
        &v1alpha1_environment("01E", "e"),
        |d| {
            set(d, "/credentials/action/0/credential/type", json!("none"));
            set(d, "/credentials/action/0/credential/data", json!({}));
        },
        &[(
            Code::IncompatibleCredential,
            "/credentials/action/0/credential/type",
        )],
    );
    check(
        V2,
        Kind::Connection,
        &v2_connection("01C", "c"),
        |d| set(d, "/credentials/0/authSchemeConfig", v2_oauth2()),
        &[(
            Code::IncompatibleCredential,
            "/credentials/0/credential/type",
        )],
    );
    // A scheme with no row in the table is not checked.
    check(
        V2,
        Kind::Connection,
        &v2_connection("01C", "c"),
        |d| {
            set(
                d,
                "/credentials/0/authSchemeConfig",
                json!({"type": "secret"}),
            )
        },
        &[],
    );
}

#[test]
fn masked_secrets() {
    check(
        V1,
        Kind::Credential,
        &v1_credential(),
        |d| set(d, "/data/clientSecret", json!("******")),
        &[(Code::RedactedSecret, "/data/clientSecret")],
    );
    let read = severity_of(
        V1,
        Kind::Credential,
        &v1_credential(),
        |d| set(d, "/data/clientSecret", json!("******")),
        Code::RedactedSecret,
        "/data/clientSecret",
    );
    assert_eq!(read, Severity::Info);
    // In a payload that creates the credential, the mask would become the secret.
    let create = severity_of(
        V1alpha1,
        Kind::ConnectionUpdate,
        &v1alpha1_connection_update(),
        |d| {
            set(
                d,
                "/environments/1/credentials/action/0/credential/data/value",
                json!("******"),
            )
        },
        Code::RedactedSecret,
        "/environments/1/credentials/action/0/credential/data/value",
    );
    assert_eq!(create, Severity::Warning);
}

#[test]
fn read_only_fields_in_a_request() {
    let messages = json!([{"text": "checked", "severity": "info"}]);
    check(
        V1,
        Kind::AuthSchemeConfig,
        &v1_oauth2(),
        |d| set(d, "/validationMessages", messages.clone()),
        &[(Code::ReadOnlyIgnored, "/validationMessages")],
    );
    check(
        V2,
        Kind::AuthSchemeConfig,
        &v2_hmac(),
        |d| set(d, "/hmac/validationMessages", messages.clone()),
        &[(Code::ReadOnlyIgnored, "/hmac/validationMessages")],
    );
    // Inside a connector (a response), validationMessages is what the API wrote.
    check(
        V1,
        Kind::Connector,
        &v1_connector(),
        |d| {
            set(
                d,
                "/authSchemeConfigs/1/validationMessages",
                messages.clone(),
            )
        },
        &[],
    );
}

// --- protocol-specific fields, empty lists ---------------------------------------------------

#[test]
fn fields_of_the_other_protocol() {
    check(
        V1,
        Kind::Connector,
        &v1_connector(),
        |d| set(d, "/datasetId", json!("proj.dataset")),
        &[(Code::IgnoredField, "/datasetId")],
    );
    check(
        V1,
        Kind::ConnectorUpdate,
        &v1_connector_update(),
        |d| {
            set(d, "/protocol", json!("bigquery"));
            del(d, "/baseUrl");
            set(d, "/datasetId", json!("proj.dataset"));
        },
        &[(Code::IgnoredField, "/connectionVariables")],
    );
    check(
        V1,
        Kind::Connector,
        &v1_connector(),
        |d| {
            set(d, "/protocol", json!("bigquery"));
            del(d, "/baseUrl");
            set(d, "/datasetId", json!("no-dot"));
        },
        &[(Code::InvalidValue, "/datasetId")],
    );
}

#[test]
fn empty_lists() {
    check(
        V1alpha1,
        Kind::Connection,
        &v1alpha1_connection(),
        |d| set(d, "/environments", json!([])),
        &[(Code::Empty, "/environments")],
    );
    check(
        V1alpha1,
        Kind::AuthSchemeConfig,
        &json!({"schemeType": "hmac", "name": "X-Sig", "in": "header", "algorithm": "sha256", "digestInputs": ["body"]}),
        |d| set(d, "/digestInputs", json!([])),
        &[(Code::Empty, "/digestInputs")],
    );
}

// --- system export ---------------------------------------------------------------------------

#[test]
fn system_export_references() {
    check(
        V2,
        Kind::SystemExport,
        &v2_system_export(),
        |d| set(d, "/connections/1/systemId", json!("01OTHER")),
        &[(Code::DanglingReference, "/connections/1/systemId")],
    );
    check(
        V2,
        Kind::SystemExport,
        &v2_system_export(),
        |d| {
            set(
                d,
                "/connections/0/credentials/0/authSchemeConfig/apiKey/id",
                json!("gone"),
            )
        },
        &[(
            Code::DanglingReference,
            "/connections/0/credentials/0/authSchemeConfig/apiKey/id",
        )],
    );
    check(
        V2,
        Kind::SystemExport,
        &v2_system_export(),
        |d| del(d, "/connections/0/systemId"),
        &[(Code::Required, "/connections/0/systemId")],
    );
    check(
        V2,
        Kind::SystemExport,
        &v2_system_export(),
        |d| set(d, "/connections/1/name", json!("a")),
        &[(Code::DuplicateName, "/connections/1/name")],
    );
}

// --- documents that cannot be told apart -----------------------------------------------------

#[test]
fn unrecognized_documents_are_errors_with_a_message() {
    let err = validate_value(&json!([1, 2]), &opts()).unwrap_err();
    assert_eq!(err.to_message().code, Code::UnrecognizedDocument);
    let update = json!({"id": "c", "organisationId": "o", "name": "n", "protocol": "http"});
    let err = validate_value(&update, &opts()).unwrap_err();
    let message = err.to_message();
    assert_eq!(
        (message.code, message.path.as_str()),
        (Code::UnrecognizedDocument, "")
    );
    assert_eq!(message.detail.len(), 2);
    let err = validate_value_as(
        &update,
        Hint::default().version(V2).kind(Kind::ConnectorUpdate),
        &opts(),
    )
    .unwrap_err();
    assert!(matches!(
        err,
        versori::validate::IdentifyError::NoSuchKind { .. }
    ));
}

#[test]
fn detection_is_used_when_version_or_kind_is_missing() {
    let Validated {
        api_version: version,
        kind,
        report,
        ..
    } = validate_value(&v1_connector(), &opts()).unwrap();
    assert_eq!((version, kind), (V1, Kind::Connector));
    assert!(report.is_empty());
    // A document that does not decode is still recognised by its shape within its version, and
    // reported. (Without the version, detection prefers v2 credential, which decodes anything
    // with an `id` and an `organisationId`: see the report on versori-model.)
    let mut broken = v1_connector();
    set(&mut broken, "/public", json!("no"));
    let Validated {
        api_version: version,
        kind,
        report,
        ..
    } = validate_value_as(&broken, Hint::default().version(V1), &opts()).unwrap();
    assert_eq!((version, kind), (V1, Kind::Connector));
    assert_eq!(pairs(&report), [(Code::InvalidType, "/public".to_owned())]);
}
