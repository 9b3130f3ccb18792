//! Regression tests for issue 14 (migration): every reproducer of the issue, asserting on
//! `(code, path)` and on what the migrated bytes read back as.

use serde_json::{Value, json};
use versori::migrate::{Loss, MigrateError, Options, PRESERVED_KEY, migrate};
use versori::model::{ApiVersion, Document, Hint, Kind};
use versori::validate::{Code, Report, Severity, ValidateOptions};

use crate::migrate_props::{documented_refusal, duplicate_key, fits};

fn options(loss: Loss) -> Options {
    let now = "2026-01-01T00:00:00Z".parse().expect("a fixed instant");
    Options::default()
        .loss(loss)
        .validate_with(ValidateOptions::at(now))
}

fn read_as(version: ApiVersion, value: Value) -> Document {
    Document::read_as(value, Hint::default().version(version)).expect("the reproducer reads")
}

fn found(report: &Report) -> Vec<(Code, String)> {
    report
        .iter()
        .map(|m| (m.code, m.path.to_string()))
        .collect()
}

fn errors(report: &Report) -> Vec<(Code, String)> {
    report
        .iter()
        .filter(|m| m.severity == Severity::Error)
        .map(|m| (m.code, m.path.to_string()))
        .collect()
}

/// The migrated document's bytes, checked to read back as the target kind with no key twice.
fn written(doc: &Document) -> Value {
    let bytes = serde_json::to_vec(doc).expect("serializes");
    assert_eq!(duplicate_key(&bytes), None, "a key is written twice");
    let value: Value = serde_json::from_slice(&bytes).expect("reads back as JSON");
    let back = Document::read_as(
        value.clone(),
        Hint::default().version(doc.api_version()).kind(doc.kind()),
    )
    .expect("reads back as the target kind");
    assert_eq!(&back, doc, "reads back as what was written");
    value
}

fn refused(result: Result<versori::migrate::Migrated, MigrateError>) -> Report {
    match result {
        Err(MigrateError::Refused { report, .. }) => report,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

/// Checks that every path of `report` is one of `input`.
fn paths_fit(input: &Value, report: &Report) {
    for m in report.iter() {
        assert!(
            fits(input, m.code, &m.path),
            "{} {} is not a path of the input",
            m.code,
            m.path
        );
    }
}

// --- Migration writes only documents that read back as what the report says ---------------

#[test]
fn an_unknown_key_named_like_a_target_field_is_never_written_twice() {
    for (key, value) in [("id", json!("none")), ("description", json!("Public e"))] {
        let mut input = json!({"schemeType": "none"});
        input[key] = value.clone();
        let doc = read_as(ApiVersion::V1alpha1, input.clone());
        assert_eq!(doc.api_version(), ApiVersion::V1alpha1);

        let done = migrate(doc.clone(), ApiVersion::V1, &options(Loss::Report)).expect("migrates");
        written(&done.document);
        let path = format!("/{key}");
        assert!(found(&done.report).contains(&(Code::FieldDropped, path.clone())));
        paths_fit(&input, &done.report);

        let kept = migrate(doc, ApiVersion::V1, &options(Loss::Preserve)).expect("migrates");
        let v1 = written(&kept.document);
        assert_eq!(v1[PRESERVED_KEY]["v1alpha1"][key], value);
        assert!(found(&kept.report).contains(&(Code::FieldPreserved, path)));
        let back = migrate(
            kept.document,
            ApiVersion::V1alpha1,
            &options(Loss::Preserve),
        )
        .expect("migrates back");
        assert_eq!(back.document.to_value().expect("serializes"), input);
    }
}

#[test]
fn unknown_keys_that_are_fields_of_the_next_version_do_not_become_them() {
    // v1alpha1 connection `tags` (a v1 field, wrongly typed for it).
    let connection = json!({"id": "c", "organisationId": "o", "name": "n", "protocol": "http",
        "baseUrl": "https://x.example.com", "environments": [{"id": "e", "name": "p",
            "credentials": {}, "variables": [], "createdAt": "2024-01-01T00:00:00Z",
            "updatedAt": "2024-01-01T00:00:00Z"}],
        "tags": 5, "createdAt": "2024-01-01T00:00:00Z", "updatedAt": "2024-01-01T00:00:00Z"});
    let done = migrate(
        read_as(ApiVersion::V1alpha1, connection.clone()),
        ApiVersion::V1,
        &options(Loss::Report),
    )
    .expect("migrates");
    assert!(written(&done.document).get("tags").is_none());
    assert!(found(&done.report).contains(&(Code::FieldDropped, "/tags".into())));

    // v1 connector-update `authSchemeConfigs` (a v1alpha1 connection-update field).
    let update = json!({"id": "c", "organisationId": "o", "name": "n", "protocol": "http",
        "baseUrl": "https://x.example.com", "tags": {}, "authSchemeConfigs": "x"});
    let doc = Document::read_as(
        update,
        Hint::default()
            .version(ApiVersion::V1)
            .kind(Kind::ConnectorUpdate),
    )
    .expect("reads");
    let done = migrate(doc, ApiVersion::V1alpha1, &options(Loss::Report)).expect("migrates");
    assert!(written(&done.document).get("authSchemeConfigs").is_none());
    assert!(found(&done.report).contains(&(Code::FieldDropped, "/authSchemeConfigs".into())));

    // v1 oauth2-code data `additionalParams` (a v2 oauth2Code field).
    let credential = json!({"id": "c", "organisationId": "o", "type": "oauth2-code", "name": "n",
        "data": {"code": "abc", "state": "s", "additionalParams": 7}});
    let done = migrate(
        read_as(ApiVersion::V1, credential),
        ApiVersion::V2,
        &options(Loss::Report),
    )
    .expect("migrates");
    let v2 = written(&done.document);
    assert!(v2["data"]["oauth2Code"].get("additionalParams").is_none());
    assert!(found(&done.report).contains(&(Code::FieldDropped, "/data/additionalParams".into())));
}

#[test]
fn garbage_under_the_reserved_key_stays_there_and_is_reported() {
    for stash in [json!({"v2": {"type": "x"}}), json!({"v2": {"hmac": false}})] {
        let input = json!({"schemeType": "none", "id": "n", "description": "d",
            PRESERVED_KEY: stash.clone()});
        let doc = read_as(ApiVersion::V1, input.clone());
        for loss in [Loss::Report, Loss::Preserve] {
            let done = migrate(doc.clone(), ApiVersion::V2, &options(loss)).expect("migrates");
            let v2 = written(&done.document);
            // Kept as the v1 config had it, for the way back, and never read as v2's own.
            assert_eq!(
                v2["none"][PRESERVED_KEY],
                json!({"v1": {PRESERVED_KEY: stash}}),
                "{loss:?}"
            );
            let entry = stash["v2"]
                .as_object()
                .expect("object")
                .keys()
                .next()
                .expect("key");
            let path = format!("/{PRESERVED_KEY}/v2/{entry}");
            assert!(
                found(&done.report).contains(&(Code::InvalidValue, path)),
                "{:?}",
                found(&done.report)
            );
            paths_fit(&input, &done.report);
        }
        let there = migrate(doc, ApiVersion::V2, &options(Loss::Preserve)).expect("migrates");
        let back = migrate(there.document, ApiVersion::V1, &options(Loss::Preserve)).expect("back");
        assert_eq!(back.document.to_value().expect("serializes"), input);
    }
}

#[test]
fn an_unknown_tag_that_the_target_knows_is_refused() {
    let certificate = json!({"id": "c", "type": "certificate", "name": "n", "data": {},
        "createdAt": "2024-01-01T00:00:00Z", "updatedAt": "2024-01-01T00:00:00Z"});
    let doc = read_as(ApiVersion::V1alpha1, certificate);
    let report = refused(migrate(
        doc.clone(),
        ApiVersion::V1,
        &options(Loss::Report).organisation_id("o"),
    ));
    assert!(errors(&report).contains(&(Code::NotRepresentable, "/type".into())));
    let err = migrate(
        doc.clone(),
        ApiVersion::V1,
        &options(Loss::Report).organisation_id("o"),
    )
    .expect_err("refused");
    assert_eq!(documented_refusal(&err, &doc), Ok(()));

    let config = json!({"schemeType": "certificate"});
    let report = refused(migrate(
        read_as(ApiVersion::V1alpha1, config),
        ApiVersion::V1,
        &options(Loss::Report),
    ));
    assert!(errors(&report).contains(&(Code::NotRepresentable, "/schemeType".into())));
}

/// `[[[...]]]`, `depth` levels of arrays.
fn nested(depth: usize) -> Value {
    let mut value = json!([]);
    for _ in 1..depth {
        value = Value::Array(vec![value]);
    }
    value
}

#[test]
fn an_output_deeper_than_the_reader_takes_is_refused_as_too_deep() {
    // Root, `data` and the arrays: 127 levels, as deep as serde_json reads; v2 adds `string`.
    let depth = versori::migrate::MAX_DEPTH - 2;
    let input = json!({"id": "c", "organisationId": "o", "type": "string", "name": "n",
        "data": {"value": "s3cret-value", "x-deep": nested(depth)}});
    let text = serde_json::to_string(&input).expect("serializes");
    assert!(
        serde_json::from_str::<Value>(&text).is_ok(),
        "the input reads"
    );
    let doc = read_as(ApiVersion::V1, input.clone());
    let report = refused(migrate(doc, ApiVersion::V2, &options(Loss::Report)));
    let deep: Vec<_> = errors(&report);
    assert_eq!(deep.len(), 1, "{deep:?}");
    assert_eq!(deep[0].0, Code::TooDeep);
    assert!(deep[0].1.starts_with("/data/x-deep/0"), "{deep:?}");
    paths_fit(&input, &report);

    // One level less fits.
    let mut shallower = input.clone();
    shallower["data"]["x-deep"] = nested(depth - 1);
    let done = migrate(
        read_as(ApiVersion::V1, shallower),
        ApiVersion::V2,
        &options(Loss::Report),
    )
    .expect("fits");
    written(&done.document);
}

// --- Reports speak about the document the user gave ----------------------------------------

fn shopify_v1alpha1() -> Value {
    json!({
        "id": "c1", "organisationId": "org", "name": "Shopify", "protocol": "http",
        "baseUrl": "https://acme.myshopify.com/admin/api/2024-04",
        "authSchemeConfigs": [{"schemeType": "api-key", "name": "X-Shopify-Access-Token", "in": "header"}],
        "environmentVariables": [{"name": "shop", "value": "acme"}],
        "environments": [{
            "id": "e1", "name": "production", "variables": [{"name": "shop", "value": "acme"}],
            "credentials": {"action": [{
                "id": "b1",
                "authSchemeConfig": {"schemeType": "api-key", "name": "X-Shopify-Access-Token", "in": "header"},
                "credential": {"id": "k1", "type": "string", "name": "token", "data": {"value": "shpat_x"},
                    "createdAt": "2024-01-01T00:00:00Z", "updatedAt": "2024-01-01T00:00:00Z"}
            }]},
            "createdAt": "2024-01-01T00:00:00Z", "updatedAt": "2024-01-02T00:00:00Z"
        }],
        "createdAt": "2024-01-01T00:00:00Z", "updatedAt": "2024-01-02T00:00:00Z"
    })
}

#[test]
fn a_two_step_report_points_into_the_input() {
    let input = shopify_v1alpha1();
    let done = migrate(
        read_as(ApiVersion::V1alpha1, input.clone()),
        ApiVersion::V2,
        &options(Loss::Report),
    )
    .expect("migrates");
    let paths = found(&done.report);
    assert!(paths.contains(&(Code::FieldDropped, "/environmentVariables".into())));
    assert!(paths.contains(&(Code::FieldDropped, "/environments/0/variables".into())));
    assert!(
        paths
            .iter()
            .all(|(_, p)| !p.starts_with("/connectionVariables") && !p.starts_with("/connections")),
        "{paths:?}"
    );
    paths_fit(&input, &done.report);
}

#[test]
fn an_error_of_the_input_is_reported_once_as_what_it_is() {
    let input = json!({"id": "c", "organisationId": "o", "type": "oauth2-client", "name": "n",
        "data": {"clientId": "id", "clientSecret": "secret", "authorizeUrl": "",
            "tokenUrl": "not a url"}});
    let done = migrate(
        read_as(ApiVersion::V1, input.clone()),
        ApiVersion::V2,
        &options(Loss::Report),
    )
    .expect("migrates");
    let urls: Vec<_> = found(&done.report)
        .into_iter()
        .filter(|(code, _)| *code == Code::InvalidUrl)
        .collect();
    assert_eq!(urls, [(Code::InvalidUrl, "/data/tokenUrl".to_owned())]);
    paths_fit(&input, &done.report);
}

#[test]
fn a_refused_step_stops_the_chain() {
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("examples/v1alpha1/bigquery-connection.json"),
    )
    .expect("example");
    let input: Value = serde_json::from_str(&text).expect("JSON");
    let report = refused(migrate(
        read_as(ApiVersion::V1alpha1, input.clone()),
        ApiVersion::V2,
        &options(Loss::Report),
    ));
    let all = found(&report);
    // The v1 step refuses the google-service-account configs; nothing is said of the v1 form.
    assert!(all.contains(&(
        Code::NotRepresentable,
        "/authSchemeConfigs/0/schemeType".into()
    )));
    assert!(
        !all.contains(&(Code::NotRepresentable, "/protocol".into())),
        "{all:?}"
    );
    assert!(
        !all.contains(&(Code::FieldDropped, "/datasetId".into())),
        "{all:?}"
    );
    paths_fit(&input, &report);
}

#[test]
fn redacted_secret_is_only_about_secret_fields() {
    let input = json!({"id": "c", "organisationId": "o", "type": "basic-auth", "name": "******",
        "x-note": "******", "data": {"username": "******", "password": "******"}});
    let done = migrate(
        read_as(ApiVersion::V1, input),
        ApiVersion::V2,
        &options(Loss::Report),
    )
    .expect("migrates");
    let masked: Vec<_> = found(&done.report)
        .into_iter()
        .filter(|(code, _)| *code == Code::RedactedSecret)
        .collect();
    assert_eq!(
        masked,
        [(Code::RedactedSecret, "/data/password".to_owned())]
    );
}

#[test]
fn the_root_is_the_empty_pointer_in_json() {
    // A v2 credential without a type has no v1 form; the message is about the document.
    let input = json!({"id": "c", "organisationId": "o", "name": "n"});
    let report = refused(migrate(
        read_as(ApiVersion::V2, input),
        ApiVersion::V1,
        &options(Loss::Report),
    ));
    let json = serde_json::to_value(&report).expect("serializes");
    assert!(
        json.as_array()
            .expect("a list")
            .iter()
            .all(|m| m["path"] != "/"),
        "{json}"
    );
    assert_eq!(errors(&report), [(Code::Required, "/type".to_owned())]);
}

// --- Migration gaps ------------------------------------------------------------------------

fn standalone_credential() -> Value {
    json!({"id": "c1", "type": "string", "name": "shopify-token", "data": {"value": "shpat_x"},
        "createdAt": "1970-01-01T00:00:00Z", "updatedAt": "1970-01-01T00:00:00Z"})
}

#[test]
fn a_standalone_credential_needs_an_organisation() {
    let doc = read_as(ApiVersion::V1alpha1, standalone_credential());
    let report = refused(migrate(doc.clone(), ApiVersion::V1, &options(Loss::Report)));
    assert_eq!(
        errors(&report),
        [(Code::Required, "/organisationId".to_owned())]
    );
    // Strict refuses it the same way.
    let report = refused(migrate(doc.clone(), ApiVersion::V1, &options(Loss::Refuse)));
    assert_eq!(
        errors(&report),
        [(Code::Required, "/organisationId".to_owned())]
    );

    let given = options(Loss::Report).organisation_id("01HFP2RC0JQ7T1EXR0Y4K7P3J4");
    let done = migrate(doc, ApiVersion::V1, &given).expect("migrates");
    assert_eq!(
        written(&done.document)["organisationId"],
        "01HFP2RC0JQ7T1EXR0Y4K7P3J4"
    );
    assert!(found(&done.report).contains(&(Code::Derived, "/organisationId".into())));
    assert!(!done.report.has_errors());
}

#[test]
fn a_v2_grant_with_an_unknown_key_migrates_down_and_back_with_preserve() {
    let input = json!({"type": "oauth2", "oauth2": {"id": "o", "description": "d",
        "authorizeUrl": "https://a.example.com/authorize", "tokenUrl": "https://a.example.com/token",
        "scopes": [], "defaultScopes": [],
        "grant": {"type": "clientCredentials", "clientCredentials": {}, "x-team": "payments"}}});
    let doc = read_as(ApiVersion::V2, input.clone());
    let plain = migrate(doc.clone(), ApiVersion::V1, &options(Loss::Report)).expect("migrates");
    assert!(
        found(&plain.report).contains(&(Code::FieldDropped, "/oauth2/grant/x-team".into())),
        "{:?}",
        found(&plain.report)
    );
    written(&plain.document);
    let kept = migrate(doc, ApiVersion::V1, &options(Loss::Preserve)).expect("migrates");
    assert!(found(&kept.report).contains(&(Code::FieldPreserved, "/oauth2/grant/x-team".into())));
    written(&kept.document);
    let back = migrate(kept.document, ApiVersion::V2, &options(Loss::Preserve)).expect("back");
    assert_eq!(back.document.to_value().expect("serializes"), input);
}

#[test]
fn a_bigquery_connection_with_a_google_service_account_round_trips_with_preserve() {
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("examples/v1alpha1/bigquery-connection.json"),
    )
    .expect("example");
    let input: Value = serde_json::from_str(&text).expect("JSON");
    let doc = read_as(ApiVersion::V1alpha1, input.clone());
    let there = migrate(doc, ApiVersion::V1, &options(Loss::Preserve)).expect("migrates");
    let v1 = written(&there.document);
    assert_eq!(v1["authSchemeConfigs"], json!([]));
    assert!(found(&there.report).contains(&(Code::FieldPreserved, "/authSchemeConfigs/0".into())));
    assert!(found(&there.report).contains(&(
        Code::FieldPreserved,
        "/environments/0/credentials/action/0".into()
    )));
    paths_fit(&input, &there.report);
    let back = migrate(
        there.document,
        ApiVersion::V1alpha1,
        &options(Loss::Preserve),
    )
    .expect("back");
    assert_eq!(back.document.to_value().expect("serializes"), input);
}

#[test]
fn a_v2_credential_without_a_type_is_refused_without_taking_it_apart() {
    let input = json!({"id": "c", "organisationId": "o", "name": "n",
        PRESERVED_KEY: {"v1": {"usages": []}}});
    let report = refused(migrate(
        read_as(ApiVersion::V2, input),
        ApiVersion::V1,
        &options(Loss::Preserve),
    ));
    assert_eq!(errors(&report), [(Code::Required, "/type".to_owned())]);
}
