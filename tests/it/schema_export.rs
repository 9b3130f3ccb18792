//! The exported JSON Schemas: the committed `schemas/` equals a fresh export, every schema is a
//! valid draft 2020-12 schema, and serde and the schemas agree on every example, fixture,
//! mutation of those, and generated document.
//!
//! Regenerate the committed files with `BLESS=1 cargo test -p versori --test it`
//! (or the CLI's `versori schema --out schemas` and `--lenient`).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use jsonschema::Validator;
use serde_json::{Value, json};
use versori::model::{ApiVersion, Document, Kind, Pointer, v2};
use versori::schema::{self, Variant};

fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn schema_dir() -> PathBuf {
    workspace().join("schemas")
}

// ---------------------------------------------------------------------------------------------
// Validators, built once from a fresh export (drift is tested separately, so a stale file does
// not also fail every agreement test).

struct Validators {
    strict: BTreeMap<(ApiVersion, Kind), Validator>,
    lenient: BTreeMap<(ApiVersion, Kind), Validator>,
}

fn validators() -> &'static Validators {
    static VALIDATORS: OnceLock<Validators> = OnceLock::new();
    VALIDATORS.get_or_init(|| {
        let build = |variant: Variant| {
            every_kind()
                .map(|(version, kind)| {
                    let schema = schema::export(version, kind, variant).unwrap();
                    let validator = jsonschema::draft202012::options()
                        .should_validate_formats(true)
                        .build(schema.as_value())
                        .unwrap_or_else(|err| panic!("{version} {kind}: {err}"));
                    ((version, kind), validator)
                })
                .collect()
        };
        Validators {
            strict: build(Variant::Strict),
            lenient: build(Variant::Lenient),
        }
    })
}

fn every_kind() -> impl Iterator<Item = (ApiVersion, Kind)> {
    ApiVersion::ALL
        .iter()
        .copied()
        .flat_map(|version| version.kinds().iter().map(move |kind| (version, *kind)))
}

/// The first few schema errors, for failure messages.
fn errors(validator: &Validator, value: &Value) -> String {
    validator
        .iter_errors(value)
        .take(3)
        .map(|e| format!("{} at `{}`", e, e.instance_path))
        .collect::<Vec<_>>()
        .join("; ")
}

// ---------------------------------------------------------------------------------------------
// Drift and well-formedness.

#[test]
fn committed_schemas_match_a_fresh_export() {
    let dir = schema_dir();
    if crate::bless() {
        for variant in Variant::ALL.iter().copied() {
            schema::write_all(&dir, variant).unwrap();
        }
    }
    let mut report = String::new();
    for variant in Variant::ALL.iter().copied() {
        if let Err(drifts) = schema::check(&dir, variant) {
            for drift in drifts {
                writeln!(report, "  {drift}").unwrap();
            }
        }
    }
    assert!(
        report.is_empty(),
        "schemas/ drifted from the models:\n{report}regenerate with \
         `BLESS=1 cargo test -p versori --test it` and review the diff"
    );
}

/// `schemas/catalog.json`, SchemaStore-style: every schema with its name, description,
/// `fileMatch` suggestions and url (its `$id`). Written with the schemas
/// (`BLESS=1`), and checked against a fresh export like them.
fn catalog() -> Value {
    let mut entries = Vec::new();
    for &variant in Variant::ALL {
        let lenient = variant.is_lenient();
        for (version, kind) in every_kind() {
            let schema = schema::export(version, kind, variant).unwrap();
            let root = schema.as_value();
            let description = root["description"].as_str().unwrap();
            let summary = description.split("\n\n").next().unwrap();
            let prefix = if lenient {
                "versori-lenient"
            } else {
                "versori"
            };
            let name = if lenient {
                format!("Versori {version} {kind} (lenient)")
            } else {
                format!("Versori {version} {kind}")
            };
            entries.push(json!({
                "name": name,
                "description": summary,
                "fileMatch": [
                    format!("*.{prefix}.{version}.{kind}.json"),
                    format!("**/{prefix}/{version}/{kind}/*.json"),
                ],
                "url": root["$id"],
            }));
        }
    }
    json!({
        "$schema": "https://json.schemastore.org/schema-catalog.json",
        "version": 1,
        "schemas": entries,
    })
}

#[test]
fn the_catalog_lists_every_schema() {
    let path = schema_dir().join("catalog.json");
    let fresh = catalog();
    if crate::bless() {
        let mut text = serde_json::to_string_pretty(&fresh).unwrap();
        text.push('\n');
        std::fs::write(&path, text).unwrap();
    }
    assert_eq!(
        read_json(&path),
        fresh,
        "schemas/catalog.json drifted: regenerate with \
         `BLESS=1 cargo test -p versori --test it`"
    );
    let readme = std::fs::read_to_string(schema_dir().join("README.md")).unwrap();
    assert!(
        readme.contains("catalog.json"),
        "schemas/README.md does not mention the catalog"
    );
}

#[test]
fn every_schema_is_a_valid_draft_2020_12_schema() {
    for variant in Variant::ALL.iter().copied() {
        for (path, schema) in schema::export_all(variant) {
            if let Err(err) = jsonschema::draft202012::meta::validate(schema.as_value()) {
                panic!("{}: not a valid 2020-12 schema: {err}", path.display());
            }
            assert_eq!(
                schema.as_value()["$schema"],
                "https://json-schema.org/draft/2020-12/schema",
                "{}",
                path.display()
            );
        }
    }
}

#[test]
fn every_schema_is_identified_titled_and_described() {
    let readme = std::fs::read_to_string(schema_dir().join("README.md")).unwrap();
    for variant in Variant::ALL.iter().copied() {
        for (version, kind) in every_kind() {
            let schema = schema::export(version, kind, variant).unwrap();
            let path = schema::relative_path(version, kind, variant);
            let shown = path.to_string_lossy().replace('\\', "/");
            assert_eq!(
                schema.as_value()["$id"],
                format!("{}{shown}", schema::BASE_URI),
                "{shown}"
            );
            assert!(
                schema.as_value()["title"]
                    .as_str()
                    .is_some_and(|t| !t.is_empty())
            );
            assert!(
                schema.as_value()["description"]
                    .as_str()
                    .is_some_and(|d| !d.is_empty())
            );
            assert!(
                readme.contains(&shown),
                "schemas/README.md does not list {shown}"
            );
            let mut undescribed = Vec::new();
            walk_schemas(schema.as_value(), "", &mut |at, object| {
                let Some(Value::Object(properties)) = object.get("properties") else {
                    return;
                };
                for (name, property) in properties {
                    if property.is_object()
                        && property.get("description").is_none()
                        && !described_by_holder(schema.as_value(), at, name)
                    {
                        undescribed.push(format!("{at}/properties/{name}"));
                    }
                }
            });
            assert!(
                undescribed.is_empty(),
                "{shown}: properties without a description: {undescribed:?}"
            );
            let defs = schema.as_value()["$defs"]
                .as_object()
                .cloned()
                .unwrap_or_default();
            for name in defs.keys() {
                assert!(
                    !name.ends_with(|c: char| c.is_ascii_digit()),
                    "{shown}: `$defs/{name}` looks like a schemars name collision"
                );
            }
        }
    }
}

/// Calls `f` with every schema object under `value` (keyword-aware: the values of
/// `properties`, `$defs`, `items`, the applicators), with its JSON Pointer.
fn walk_schemas(value: &Value, at: &str, f: &mut dyn FnMut(&str, &serde_json::Map<String, Value>)) {
    let Value::Object(object) = value else {
        return;
    };
    f(at, object);
    for (key, child) in object {
        let here = format!("{at}/{key}");
        match key.as_str() {
            "properties" | "$defs" | "patternProperties" | "dependentSchemas" => {
                for (name, schema) in child.as_object().into_iter().flatten() {
                    walk_schemas(schema, &format!("{here}/{name}"), f);
                }
            }
            "allOf" | "anyOf" | "oneOf" | "prefixItems" => {
                for (i, schema) in child.as_array().into_iter().flatten().enumerate() {
                    walk_schemas(schema, &format!("{here}/{i}"), f);
                }
            }
            "items"
            | "not"
            | "if"
            | "then"
            | "else"
            | "additionalProperties"
            | "unevaluatedProperties"
            | "contains"
            | "propertyNames" => walk_schemas(child, &here, f),
            _ => {}
        }
    }
}

/// Whether the property `name` of the in-place subschema at `at` (a union branch, an `allOf`
/// entry's `if`/`then`) is described by the schema holding the union: editors show the
/// holder's description, so the branch's own copy of the property (a tag's `const`, the shape
/// `data` takes) carries none.
fn described_by_holder(root: &Value, at: &str, name: &str) -> bool {
    let mut holder = at;
    while let Some((parent, last)) = holder.rsplit_once('/') {
        if matches!(last, "if" | "then" | "else" | "not") {
            holder = parent;
            continue;
        }
        if let Some((grand, applicator)) = parent.rsplit_once('/') {
            if matches!(applicator, "oneOf" | "anyOf" | "allOf") && last.parse::<usize>().is_ok() {
                holder = grand;
                continue;
            }
        }
        break;
    }
    holder != at
        && root
            .pointer(&format!("{holder}/properties/{name}/description"))
            .is_some()
}

/// Nothing sits beside a `$ref` (editors copy the target over the referencing schema, dropping
/// its siblings), and in strict schemas an object that declares properties is closed, with every
/// key its in-place subschemas (union branches, `if`/`then`) declare among its own.
#[test]
fn strict_objects_are_closed_and_nothing_sits_beside_a_ref() {
    for &variant in Variant::ALL {
        for (path, schema) in schema::export_all(variant) {
            walk_schemas(schema.as_value(), "", &mut |at, object| {
                if object.contains_key("$ref") {
                    let siblings: Vec<&String> = object
                        .keys()
                        .filter(|k| *k != "$ref" && *k != "$comment")
                        .collect();
                    assert!(
                        siblings.is_empty(),
                        "{}#{at}: {siblings:?} beside a $ref",
                        path.display()
                    );
                }
            });
        }
    }
    for (path, schema) in schema::export_all(Variant::Strict) {
        walk_schemas(schema.as_value(), "", &mut |at, object| {
            if !object.contains_key("properties") || object.get("type") != Some(&json!("object")) {
                return;
            }
            assert_eq!(
                object.get("additionalProperties"),
                Some(&Value::Bool(false)),
                "{}#{at}: not closed",
                path.display()
            );
            // Keys a subschema of a closed object declares must be the object's own.
            let own = object["properties"].as_object().unwrap();
            let mut inner = Vec::new();
            for applicator in ["oneOf", "anyOf", "allOf"] {
                for entry in object
                    .get(applicator)
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                {
                    inner.push(entry);
                    for key in ["if", "then", "else"] {
                        inner.extend(entry.get(key));
                    }
                }
            }
            for schema in inner {
                for key in schema
                    .get("properties")
                    .and_then(Value::as_object)
                    .into_iter()
                    .flatten()
                    .map(|(k, _)| k)
                {
                    assert!(
                        own.contains_key(key),
                        "{}#{at}: `{key}` is hidden by additionalProperties: false",
                        path.display()
                    );
                }
            }
        });
    }
}

/// Every text an editor shows (descriptions, markdown descriptions, enum value descriptions,
/// snippet descriptions) as `(pointer, text)`; `$comment`s are for readers of the file.
fn shown_texts(value: &Value, at: &str, out: &mut Vec<(String, String)>) {
    match value {
        Value::Object(object) => {
            for (key, child) in object {
                let here = format!("{at}/{key}");
                match (key.as_str(), child) {
                    ("description" | "markdownDescription", Value::String(text)) => {
                        out.push((here, text.clone()));
                    }
                    ("enumDescriptions" | "markdownEnumDescriptions", Value::Array(texts)) => {
                        for (i, text) in texts.iter().enumerate() {
                            out.push((format!("{here}/{i}"), text.as_str().unwrap().to_owned()));
                        }
                    }
                    ("$comment", _) => {}
                    _ => shown_texts(child, &here, out),
                }
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                shown_texts(item, &format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

/// What an editor shows speaks of the JSON, never of the Rust implementation (issue 15: hover on
/// `createdAt` explained a chrono `DateTime`, secrets how `Debug` prints them), and never opens
/// with the API reference's type name (`AuthSchemeConfigAPIKey: ...`).
#[test]
fn descriptions_speak_of_the_wire() {
    const RUST_WORDS: &[&str] = &[
        "Debug",
        "Display",
        "chrono",
        "DateTime",
        "serde",
        "struct",
        "Option",
        "Vec",
        "impl",
        "crate",
        "rustdoc",
        "Rust",
        "decoded",
        "deserialize",
        "deserializes",
        "serialize",
        "serializes",
        "serialization",
        "Unknown",
    ];
    let mut found = Vec::new();
    for &variant in Variant::ALL {
        for (path, schema) in schema::export_all(variant) {
            let mut texts = Vec::new();
            shown_texts(schema.as_value(), "", &mut texts);
            for (at, text) in texts {
                let words: Vec<&str> = text
                    .split(|c: char| !c.is_ascii_alphanumeric())
                    .filter(|w| !w.is_empty())
                    .collect();
                let rust: Vec<&&str> = RUST_WORDS.iter().filter(|w| words.contains(w)).collect();
                let head = text.split_once(": ").map_or("", |(head, _)| head);
                let type_name = !head.is_empty()
                    && head.split(" / ").all(|name| {
                        name.chars().all(|c| c.is_ascii_alphanumeric())
                            && name.chars().filter(char::is_ascii_uppercase).count() >= 2
                            && name.chars().any(|c| c.is_ascii_lowercase())
                    });
                if !rust.is_empty() || text.contains("::") || type_name {
                    found.push(format!("{}#{at}: {rust:?} {text:?}", path.display()));
                }
            }
        }
    }
    found.dedup();
    assert!(
        found.is_empty(),
        "{} texts speak of Rust:\n{}",
        found.len(),
        found.join("\n")
    );
}

/// Every `enumDescriptions` and `markdownEnumDescriptions` lines up with its `enum`, and every
/// documented enum is written that way (no `oneOf` of bare `const`s, whose descriptions editors
/// show instead of the property's).
#[test]
fn enum_descriptions_line_up_with_their_values() {
    for &variant in Variant::ALL {
        for (path, schema) in schema::export_all(variant) {
            walk_schemas(schema.as_value(), "", &mut |at, object| {
                for key in ["enumDescriptions", "markdownEnumDescriptions"] {
                    if let Some(texts) = object.get(key) {
                        assert_eq!(
                            texts.as_array().map(Vec::len),
                            object.get("enum").and_then(Value::as_array).map(Vec::len),
                            "{}#{at}: {key} and enum differ",
                            path.display()
                        );
                    }
                }
                if let Some(Value::Array(branches)) = object.get("oneOf") {
                    assert!(
                        !branches
                            .iter()
                            .all(|b| b.get("const").is_some() && b.as_object().unwrap().len() <= 2),
                        "{}#{at}: an enum as a oneOf of consts",
                        path.display()
                    );
                }
            });
        }
    }
}

/// A tagged union declares its tag, with every value the model documents, where the union is,
/// so that completion offers them all and hover describes the tag; and it offers a skeleton
/// (`defaultSnippets`) per value.
#[test]
fn tags_list_every_value_and_offer_a_skeleton_per_value() {
    use versori::model::{v1, v1alpha1};
    let wire = |values: &[&str]| values.iter().map(|v| json!(v)).collect::<Vec<_>>();
    let shapeless = ["google-service-account", "jwt-bearer", "custom-function"];
    let v1_schemes: Vec<&str> = v1::AuthSchemeType::KNOWN_WIRE
        .iter()
        .copied()
        .filter(|t| !shapeless.contains(t))
        .collect();
    let cases = [
        (
            ApiVersion::V1alpha1,
            Kind::AuthSchemeConfig,
            "",
            "schemeType",
            wire(v1alpha1::AuthSchemeType::KNOWN_WIRE),
        ),
        (
            ApiVersion::V1,
            Kind::AuthSchemeConfig,
            "",
            "schemeType",
            wire(&v1_schemes),
        ),
        (
            ApiVersion::V1,
            Kind::AuthSchemeConfig,
            "/$defs/Grant",
            "grantType",
            wire(v1::GrantType::KNOWN_WIRE),
        ),
        (
            ApiVersion::V1,
            Kind::Credential,
            "",
            "type",
            wire(v1::CredentialType::KNOWN_WIRE),
        ),
        (
            ApiVersion::V1alpha1,
            Kind::Credential,
            "",
            "type",
            wire(v1alpha1::CredentialType::KNOWN_WIRE),
        ),
        (
            ApiVersion::V2,
            Kind::AuthSchemeConfig,
            "",
            "type",
            wire(v2::AuthSchemeType::KNOWN_WIRE),
        ),
        (
            ApiVersion::V2,
            Kind::AuthSchemeConfig,
            "/$defs/Grant",
            "type",
            wire(v2::GrantType::KNOWN_WIRE),
        ),
        (
            ApiVersion::V2,
            Kind::Credential,
            "",
            "type",
            wire(v2::CredentialType::KNOWN_WIRE),
        ),
    ];
    for (version, kind, at, tag, values) in cases {
        let schema = schema::export(version, kind, Variant::Strict).unwrap();
        let union = schema.as_value().pointer(at).unwrap();
        assert_eq!(
            union["properties"][tag]["enum"].as_array().unwrap(),
            &values,
            "{version} {kind}{at}: `{tag}` values"
        );
        let snippets: Vec<&Value> = union["defaultSnippets"]
            .as_array()
            .unwrap_or_else(|| panic!("{version} {kind}{at}: no defaultSnippets"))
            .iter()
            .map(|s| &s["body"][tag])
            .collect();
        assert_eq!(
            snippets,
            values.iter().collect::<Vec<_>>(),
            "{version} {kind}{at}: a skeleton per `{tag}` value"
        );
    }
}

/// The schemas require what validation requires (issue 15, item 3): per-protocol keys, URLs
/// that are URLs even where editors ignore `format`, a grant's credential pair; and both say a
/// v2 grant may omit its member (validation warns, the API accepts it).
#[test]
fn schemas_require_what_validation_requires() {
    let v = validators();
    let both = |version, kind| [&v.strict[&(version, kind)], &v.lenient[&(version, kind)]];
    let fixture = |path: &str| read_json(&workspace().join("tests/fixtures").join(path));
    for (version, kind, http, bigquery) in [
        (
            ApiVersion::V1alpha1,
            Kind::ConnectionUpdate,
            "v1alpha1/connection-update/full.json",
            "v1alpha1/connection-update/bigquery.json",
        ),
        (
            ApiVersion::V1,
            Kind::Connector,
            "v1/connector/full.json",
            "v1/connector/bigquery.json",
        ),
        (
            ApiVersion::V1,
            Kind::ConnectorUpdate,
            "v1/connector-update/full.json",
            "v1/connector-update/bigquery.json",
        ),
    ] {
        for (file, key) in [(http, "baseUrl"), (bigquery, "datasetId")] {
            let doc = fixture(file);
            let mut without = doc.clone();
            without.as_object_mut().unwrap().remove(key);
            for validator in both(version, kind) {
                assert!(
                    validator.is_valid(&doc),
                    "{file}: {}",
                    errors(validator, &doc)
                );
                assert!(
                    !validator.is_valid(&without),
                    "{file} without {key} is accepted"
                );
            }
        }
        let mut not_a_url = fixture(http);
        not_a_url["baseUrl"] = json!("not a url");
        for validator in both(version, kind) {
            assert!(
                !validator.is_valid(&not_a_url),
                "{http}: baseUrl \"not a url\" is accepted"
            );
        }
    }

    let minimal = fixture("v2/connection/minimal.json");
    for (base_url, accepted) in [
        ("not a url", false),
        ("ftp://files.example.com", false),
        ("", true),
        ("https://eu.api.example.com", true),
        ("eu.api.example.com", true),
    ] {
        let mut doc = minimal.clone();
        doc["baseUrl"] = json!(base_url);
        for validator in both(ApiVersion::V2, Kind::Connection) {
            assert_eq!(
                validator.is_valid(&doc),
                accepted,
                "v2 connection baseUrl {base_url:?}"
            );
        }
    }

    let config = fixture("v2/auth-scheme-config/oauth2-client-credentials.json");
    let mut memberless = config.clone();
    memberless["oauth2"]["grant"] = json!({ "type": "clientCredentials" });
    let mut other_member = config.clone();
    other_member["oauth2"]["grant"] = json!({ "type": "clientCredentials", "password": {} });
    for validator in both(ApiVersion::V2, Kind::AuthSchemeConfig) {
        assert!(
            validator.is_valid(&memberless),
            "{}",
            errors(validator, &memberless)
        );
        assert!(!validator.is_valid(&other_member));
    }
    assert!(
        Document::decode(ApiVersion::V2, Kind::AuthSchemeConfig, memberless).is_ok(),
        "a memberless grant reads"
    );

    let grant = fixture("v1/auth-scheme-config/full.json");
    let pair = grant["grant"].as_object().unwrap();
    assert!(pair.contains_key("credentialId") && pair.contains_key("organisationId"));
    for key in ["credentialId", "organisationId"] {
        let mut half = grant.clone();
        half["grant"].as_object_mut().unwrap().remove(key);
        for validator in both(ApiVersion::V1, Kind::AuthSchemeConfig) {
            assert!(
                !validator.is_valid(&half),
                "a grant with only one of the pair, without {key}"
            );
        }
    }
}

#[test]
fn tagged_union_bodies_accept_their_tag_and_reject_typos() {
    let v = validators();
    let v1 = &v.strict[&(ApiVersion::V1, Kind::AuthSchemeConfig)];
    let api_key = json!({
        "schemeType": "api-key", "id": "k", "description": "d", "name": "X-Key", "in": "header"
    });
    assert!(v1.is_valid(&api_key), "{}", errors(v1, &api_key));
    let mut typo = api_key.clone();
    typo["nmae"] = json!("X-Key");
    assert!(!v1.is_valid(&typo));
    assert!(v.lenient[&(ApiVersion::V1, Kind::AuthSchemeConfig)].is_valid(&typo));

    let alpha = &v.strict[&(ApiVersion::V1alpha1, Kind::AuthSchemeConfig)];
    assert!(alpha.is_valid(&json!({"schemeType": "none"})));
    assert!(!alpha.is_valid(&json!({"schemeType": "none", "name": "x"})));
    // `name` belongs to api-key: a body's keys are not let into another variant.
    assert!(!alpha.is_valid(&json!({"schemeType": "basic-auth", "name": "x", "in": "header"})));

    let grant = json!({"schemeType": "oauth2", "id": "o", "description": "d",
        "authorizeUrl": "https://a.example.com", "tokenUrl": "https://t.example.com",
        "scopes": [], "defaultScopes": [], "grant": {"grantType": "password", "clientId": "c"}});
    assert!(v1.is_valid(&grant), "{}", errors(v1, &grant));
    let mut grant_typo = grant;
    grant_typo["grant"]["clientID"] = json!("c");
    assert!(!v1.is_valid(&grant_typo));
}

#[test]
fn nullable_exactly_as_the_wire() {
    let v = validators();
    let connector = read_json(&workspace().join("tests/fixtures/v1/connector/full.json"));
    let strict = &v.strict[&(ApiVersion::V1, Kind::Connector)];
    assert!(
        strict.is_valid(&connector),
        "{}",
        errors(strict, &connector)
    );
    let version = connector["versions"][0].clone();

    let mut draft = connector.clone();
    draft["versions"][0]["publishedAt"] = Value::Null;
    assert!(
        strict.is_valid(&draft),
        "publishedAt is nullable: {}",
        errors(strict, &draft)
    );

    let mut missing = connector.clone();
    missing["versions"][0]
        .as_object_mut()
        .unwrap()
        .remove("publishedAt");
    assert!(!strict.is_valid(&missing), "publishedAt is required");

    let mut null_optional = connector.clone();
    assert!(
        version.get("description").is_some(),
        "fixture lost its description"
    );
    null_optional["versions"][0]["description"] = Value::Null;
    assert!(
        !strict.is_valid(&null_optional),
        "an optional field is absent, never null"
    );
}

#[test]
fn formats_where_the_api_states_them() {
    let v = validators();
    let v1 = &v.strict[&(ApiVersion::V1, Kind::Credential)];
    let client = read_json(
        &workspace().join("tests/fixtures/v1/credential/oauth2-client-empty-authorize-url.json"),
    );
    assert!(v1.is_valid(&client), "{}", errors(v1, &client));
    let mut bad_token_url = client.clone();
    bad_token_url["data"]["tokenUrl"] = json!("not a url");
    assert!(!v1.is_valid(&bad_token_url));
    let mut bad_expiry = client;
    bad_expiry["expiresAt"] = json!("next tuesday");
    assert!(!v1.is_valid(&bad_expiry));

    let connection = &v.strict[&(ApiVersion::V2, Kind::Connection)];
    let minimal = read_json(&workspace().join("tests/fixtures/v2/connection/minimal.json"));
    let mut no_override = minimal;
    no_override["baseUrl"] = json!("");
    assert!(
        connection.is_valid(&no_override),
        "{}",
        errors(connection, &no_override)
    );
}

// ---------------------------------------------------------------------------------------------
// Documents: examples (version and kind from examples/README.md), fixtures
// (tests/fixtures/<version>/<kind>/), and the unknown-value fixtures (tests/fixtures/unknown/,
// version and kind from its README).

#[derive(Debug, Clone)]
struct Doc {
    source: String,
    version: ApiVersion,
    kind: Kind,
    value: Value,
}

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Rows of a README table whose first cell is a backticked file: (file, version, kind, notes).
fn readme_rows(readme: &Path) -> Vec<(String, String, String, String)> {
    let text = std::fs::read_to_string(readme).unwrap();
    text.lines()
        .filter_map(|line| {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            let [_, file, version, kind, notes, ..] = cells.as_slice() else {
                return None;
            };
            let file = file.strip_prefix('`')?.strip_suffix('`')?;
            Some((
                file.to_owned(),
                (*version).to_owned(),
                (*kind).to_owned(),
                (*notes).to_owned(),
            ))
        })
        .collect()
}

fn version_kind(version: &str, kind: &str, at: &str) -> (ApiVersion, Kind) {
    let version = version
        .parse()
        .unwrap_or_else(|_| panic!("{at}: unknown version `{version}`"));
    let kind = kind
        .parse()
        .unwrap_or_else(|_| panic!("{at}: unknown kind `{kind}`"));
    (version, kind)
}

/// Every example (`.json` files and NDJSON lines) and every fixture under
/// `tests/fixtures/<version>/<kind>/`: all valid documents, except the reference pages'
/// placeholder bodies (see [`reference_pages`]).
fn valid_documents() -> Vec<Doc> {
    let mut docs = Vec::new();
    let examples = workspace().join("examples");
    let rows = readme_rows(&examples.join("README.md"));
    for (file, version, kind, notes) in &rows {
        let path = examples.join(file);
        if file.ends_with(".json") {
            let (version, kind) = version_kind(version, kind, file);
            docs.push(Doc {
                source: format!("examples/{file}"),
                version,
                kind,
                value: read_json(&path),
            });
        } else if file.ends_with(".ndjson") {
            let text = std::fs::read_to_string(&path).unwrap();
            let per_line = line_kinds(notes);
            for (i, line) in text
                .lines()
                .enumerate()
                .filter(|(_, l)| !l.trim().is_empty())
            {
                let source = format!("examples/{file}:{}", i + 1);
                let (version, kind) = if version == "mixed" {
                    *per_line
                        .get(&(i + 1))
                        .unwrap_or_else(|| panic!("{source}: README gives no version/kind"))
                } else {
                    version_kind(version, kind, &source)
                };
                let value = serde_json::from_str(line).unwrap_or_else(|e| panic!("{source}: {e}"));
                docs.push(Doc {
                    source,
                    version,
                    kind,
                    value,
                });
            }
        }
    }
    // Every example file must be listed (its version and kind are not guessed).
    for &version in ApiVersion::ALL {
        let dir = examples.join(version.to_string());
        for path in json_files(&dir) {
            let name = format!("{version}/{}", path.file_name().unwrap().to_string_lossy());
            assert!(
                rows.iter().any(|(file, ..)| *file == name),
                "examples/{name} is not in examples/README.md's table"
            );
        }
    }
    let fixtures = workspace().join("tests/fixtures");
    for &version in ApiVersion::ALL {
        for kind in version.kinds() {
            let dir = fixtures.join(version.to_string()).join(kind.to_string());
            for path in json_files(&dir) {
                let source = path
                    .strip_prefix(workspace())
                    .unwrap()
                    .display()
                    .to_string();
                docs.push(Doc {
                    source,
                    version,
                    kind: *kind,
                    value: read_json(&path),
                });
            }
        }
    }
    docs
}

/// `N: version kind` entries of a README note ("line order: 1: v1alpha1 credential, ...").
fn line_kinds(notes: &str) -> BTreeMap<usize, (ApiVersion, Kind)> {
    let Some((_, order)) = notes.split_once("line order:") else {
        return BTreeMap::new();
    };
    let order = order.split(')').next().unwrap_or_default();
    order
        .split(',')
        .filter_map(|entry| {
            let (line, rest) = entry.trim().split_once(':')?;
            let mut words = rest.split_whitespace();
            let (version, kind) = (words.next()?, words.next()?);
            Some((
                line.trim().parse().ok()?,
                version_kind(version, kind, notes),
            ))
        })
        .collect()
}

fn json_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
}

/// `tests/fixtures/unknown/`: documents that deliberately carry keys or values this release
/// does not know.
fn unknown_documents() -> Vec<Doc> {
    let dir = workspace().join("tests/fixtures/unknown");
    let rows = readme_rows(&dir.join("README.md"));
    let listed: Vec<Doc> = rows
        .iter()
        .map(|(file, version, kind, _)| {
            let (version, kind) = version_kind(version, kind, file);
            Doc {
                source: format!("tests/fixtures/unknown/{file}"),
                version,
                kind,
                value: read_json(&dir.join(file)),
            }
        })
        .collect();
    for path in json_files(&dir) {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        assert!(
            rows.iter().any(|(f, ..)| *f == name),
            "tests/fixtures/unknown/{name} is not in its README"
        );
    }
    listed
}

fn decodes(doc: &Doc, value: &Value) -> Result<Document, String> {
    Document::decode(doc.version, doc.kind, value.clone()).map_err(|e| e.to_string())
}

/// What the schemas make of the API reference pages' placeholder bodies (`reference-*.json`),
/// from `tests/schema_reference_pages.json` (shared with `.ci/check-schemas-python.py`).
struct ReferencePages {
    placeholder: String,
    /// file -> (strict accepts, lenient accepts)
    expected: BTreeMap<String, (bool, bool)>,
}

fn reference_pages() -> ReferencePages {
    let table = read_json(&workspace().join("tests/schema_reference_pages.json"));
    let expected = table["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| {
            let flag = |key: &str| row[key].as_bool().unwrap();
            (
                row["file"].as_str().unwrap().to_owned(),
                (flag("strict"), flag("lenient")),
            )
        })
        .collect();
    ReferencePages {
        placeholder: format!("\"{}\"", table["placeholder"].as_str().unwrap()),
        expected,
    }
}

#[test]
fn examples_and_fixtures_are_accepted_by_serde_and_both_schemas() {
    let v = validators();
    let pages = reference_pages();
    let docs = valid_documents();
    assert!(docs.len() > 100, "only {} documents found", docs.len());
    let mut failures = Vec::new();
    for doc in &docs {
        let key = (doc.version, doc.kind);
        if let Err(err) = decodes(doc, &doc.value) {
            failures.push(format!("{}: serde rejects it: {err}", doc.source));
        }
        let placeholder = doc.value.to_string().contains(&pages.placeholder);
        let (want_strict, want_lenient) = match pages.expected.get(&doc.source) {
            Some(expected) => *expected,
            None if placeholder => {
                failures.push(format!(
                    "{}: holds reference-page placeholders; list it in tests/schema_reference_pages.json",
                    doc.source
                ));
                continue;
            }
            None => (true, true),
        };
        for (variant, validator, want) in [
            ("strict", &v.strict[&key], want_strict),
            ("lenient", &v.lenient[&key], want_lenient),
        ] {
            match (validator.is_valid(&doc.value), want) {
                (true, false) => {
                    failures.push(format!("{}: the {variant} schema accepts it", doc.source))
                }
                (false, true) => failures.push(format!(
                    "{}: the {variant} schema rejects it: {}",
                    doc.source,
                    errors(validator, &doc.value)
                )),
                _ => {}
            }
        }
    }
    for file in pages.expected.keys() {
        if !docs.iter().any(|doc| doc.source == *file) {
            failures.push(format!(
                "{file}: listed in tests/schema_reference_pages.json but not found"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn unknown_keys_and_values_are_rejected_strictly_and_accepted_leniently() {
    let v = validators();
    let docs = unknown_documents();
    assert!(!docs.is_empty());
    let mut failures = Vec::new();
    for doc in &docs {
        let key = (doc.version, doc.kind);
        if let Err(err) = decodes(doc, &doc.value) {
            failures.push(format!("{}: serde rejects it: {err}", doc.source));
        }
        if v.strict[&key].is_valid(&doc.value) {
            failures.push(format!("{}: the strict schema accepts it", doc.source));
        }
        if !v.lenient[&key].is_valid(&doc.value) {
            failures.push(format!(
                "{}: the lenient schema rejects it: {}",
                doc.source,
                errors(&v.lenient[&key], &doc.value)
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn a_document_may_name_its_schema() {
    let v = validators();
    let mut seen = BTreeMap::new();
    for doc in valid_documents() {
        let key = (doc.version, doc.kind);
        if seen.contains_key(&key) || !v.strict[&key].is_valid(&doc.value) {
            continue;
        }
        let mut named = doc.value.clone();
        let path = schema::relative_path(doc.version, doc.kind, Variant::Strict);
        named["$schema"] = json!(format!("../../schemas/{}", path.display()));
        let strict = &v.strict[&key];
        assert!(
            strict.is_valid(&named),
            "{}: {}",
            doc.source,
            errors(strict, &named)
        );
        assert!(decodes(&doc, &named).is_ok(), "{}", doc.source);
        seen.insert(key, doc.source);
    }
    assert_eq!(
        seen.len(),
        every_kind().count(),
        "a valid document of every kind: {seen:?}"
    );
}

// ---------------------------------------------------------------------------------------------
// Mutations of every valid document.

/// What a mutation must do to the schemas.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    /// serde rejects the result: both schemas must reject it.
    BothRejectIfSerdeDoes,
    /// An unknown key or value that serde reads into `extra`/`Unknown`: strict rejects,
    /// lenient accepts.
    StrictRejectsLenientAccepts,
    /// A structural error serde lets through for validation to report (a v2 member that is not
    /// the one `type` names): both schemas reject it.
    BothReject,
}

struct Mutation {
    what: String,
    value: Value,
    expect: Expect,
}

const UNKNOWN_VALUE: &str = "x-unknown-value";
const UNKNOWN_KEY: &str = "x-unknown-key";

/// Every node of `value` with its pointer.
fn nodes(value: &Value, at: String, out: &mut Vec<(String, Value)>) {
    out.push((at.clone(), value.clone()));
    match value {
        Value::Object(object) => {
            for (key, child) in object {
                nodes(
                    child,
                    format!("{at}{}", Pointer::root().join(key.as_str())),
                    out,
                );
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                nodes(child, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

fn with(value: &Value, at: &str, change: impl FnOnce(&mut Value)) -> Value {
    let mut out = value.clone();
    change(out.pointer_mut(at).expect("pointer from nodes()"));
    out
}

/// A value of another JSON type than `value`.
fn other_type(value: &Value) -> Value {
    match value {
        Value::String(_) => json!(42),
        Value::Number(_) | Value::Bool(_) | Value::Null => json!("42"),
        Value::Array(_) => json!({"x": 1}),
        Value::Object(_) => json!(["x"]),
    }
}

/// The members a v2 `type` names, from the model's tables: (member, every member of that
/// union, the key of the object holding the members or `None` for the tagged object itself).
fn v2_members(
    object: &serde_json::Map<String, Value>,
) -> Vec<(&'static str, Vec<&'static str>, Option<&'static str>)> {
    let Some(tag) = object.get("type").and_then(Value::as_str) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    if let Some(member) = v2::AuthSchemeType::from_wire(tag).member() {
        let all = v2::AuthSchemeType::KNOWN
            .iter()
            .filter_map(v2::AuthSchemeType::member)
            .collect();
        out.push((member, all, None));
    }
    if let Some(member) = v2::GrantType::from_wire(tag).member() {
        let all = v2::GrantType::KNOWN
            .iter()
            .filter_map(v2::GrantType::member)
            .collect();
        out.push((member, all, None));
    }
    if let Some(member) = v2::CredentialType::from_wire(tag).member() {
        let all = v2::CredentialType::KNOWN
            .iter()
            .filter_map(v2::CredentialType::member)
            .collect();
        out.push((member, all, Some("data")));
    }
    out
}

fn mutations(doc: &Doc) -> Vec<Mutation> {
    let mut all = Vec::new();
    let mut list = Vec::new();
    nodes(&doc.value, String::new(), &mut all);
    for (at, node) in &all {
        // A value of the wrong type, and null.
        for replacement in [other_type(node), Value::Null] {
            if replacement != *node {
                list.push(Mutation {
                    what: format!("{at} := {replacement}"),
                    value: with(&doc.value, at, |v| *v = replacement.clone()),
                    expect: Expect::BothRejectIfSerdeDoes,
                });
            }
        }
        match node {
            // An unknown value (meaningful where the model has an open enum or a tag).
            Value::String(_) => list.push(Mutation {
                what: format!("{at} := {UNKNOWN_VALUE:?}"),
                value: with(&doc.value, at, |v| *v = json!(UNKNOWN_VALUE)),
                expect: Expect::StrictRejectsLenientAccepts,
            }),
            Value::Object(object) => {
                // Each key removed.
                for key in object.keys() {
                    list.push(Mutation {
                        what: format!("remove {at}{}", Pointer::root().join(key.as_str())),
                        value: with(&doc.value, at, |v| {
                            v.as_object_mut().unwrap().remove(key);
                        }),
                        expect: Expect::BothRejectIfSerdeDoes,
                    });
                }
                // An unknown key.
                list.push(Mutation {
                    what: format!("add {at}/{UNKNOWN_KEY}"),
                    value: with(&doc.value, at, |v| {
                        v.as_object_mut()
                            .unwrap()
                            .insert(UNKNOWN_KEY.into(), json!(true));
                    }),
                    expect: Expect::StrictRejectsLenientAccepts,
                });
                // v2: the member `type` names moved to another member.
                if doc.version == ApiVersion::V2 {
                    for (member, members, holder) in v2_members(object) {
                        let holder = match holder {
                            Some(key) => format!("{at}/{key}"),
                            None => at.clone(),
                        };
                        let present = doc
                            .value
                            .pointer(&holder)
                            .and_then(|h| h.get(member))
                            .is_some();
                        let Some(other) = members.iter().find(|m| **m != member) else {
                            continue;
                        };
                        if !present {
                            continue;
                        }
                        list.push(Mutation {
                            what: format!("move {holder}/{member} to {other}"),
                            value: with(&doc.value, &holder, |v| {
                                let object = v.as_object_mut().unwrap();
                                let body = object.remove(member).unwrap();
                                object.insert((*other).into(), body);
                            }),
                            expect: Expect::BothReject,
                        });
                    }
                }
            }
            _ => {}
        }
    }
    list
}

/// How many values of a decoded document the model keeps as unknown (`Unknown` variants and
/// `Other` credential data), read from its `Debug` form.
fn unknowns(document: &Document) -> usize {
    let debug = format!("{document:?}");
    debug.matches("Unknown(").count() + debug.matches("Other(").count()
}

/// Checks one mutation of `doc` (which decodes with `baseline` unknown values); `None` when it
/// holds.
fn check_mutation(doc: &Doc, baseline: usize, mutation: &Mutation) -> Option<String> {
    let v = validators();
    let key = (doc.version, doc.kind);
    let (strict, lenient) = (&v.strict[&key], &v.lenient[&key]);
    let value = &mutation.value;
    let fail = |why: String| Some(format!("{}: {}: {why}", doc.source, mutation.what));
    let both_reject = |why: &str| {
        let (strict_ok, lenient_ok) = (strict.is_valid(value), lenient.is_valid(value));
        (strict_ok || lenient_ok).then(|| {
            format!(
                "{}: {}: {why}, but strict={strict_ok} lenient={lenient_ok}",
                doc.source, mutation.what
            )
        })
    };
    match (mutation.expect, decodes(doc, value)) {
        (Expect::BothRejectIfSerdeDoes, Ok(_)) => None,
        // (With an unknown key: a typed map, `tags` or `additionalParams`, refuses its value.)
        (Expect::BothRejectIfSerdeDoes | Expect::StrictRejectsLenientAccepts, Err(err)) => {
            both_reject(&format!("serde rejects it ({err})"))
        }
        (Expect::StrictRejectsLenientAccepts, Ok(typed)) => {
            // Only where the model keeps the key in an `extra` map or the value in an
            // `Unknown`/`Other` variant: elsewhere (a free-form string, a credential `data` the
            // API gives no shape) nothing is unknown.
            let in_extra =
                format!("{typed:?}").contains(&format!("extra: {{{UNKNOWN_KEY:?}: Bool(true)}}"));
            if !in_extra && unknowns(&typed) <= baseline {
                None
            } else if strict.is_valid(value) {
                fail("the strict schema accepts it".into())
            } else if !lenient.is_valid(value) {
                fail(format!(
                    "the lenient schema rejects it: {}",
                    errors(lenient, value)
                ))
            } else {
                None
            }
        }
        (Expect::BothReject, _) => both_reject("a structural error"),
    }
}

#[test]
fn mutations_the_model_refuses_or_flags_are_refused_by_the_schemas() {
    let docs = valid_documents();
    let threads = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .min(8);
    let chunk = docs.len().div_ceil(threads);
    let (failures, count) = std::thread::scope(|scope| {
        let handles: Vec<_> = docs
            .chunks(chunk)
            .map(|docs| {
                scope.spawn(move || {
                    let mut failures = Vec::new();
                    let mut count = 0usize;
                    for doc in docs {
                        // Mutate only documents both schemas accept (the reference pages'
                        // placeholder bodies are judged above).
                        let v = validators();
                        let key = (doc.version, doc.kind);
                        if !(v.strict[&key].is_valid(&doc.value)
                            && v.lenient[&key].is_valid(&doc.value))
                        {
                            continue;
                        }
                        let Ok(original) = decodes(doc, &doc.value) else {
                            continue; // reported by the test over the unmutated documents
                        };
                        let baseline = unknowns(&original);
                        for mutation in mutations(doc) {
                            count += 1;
                            failures.extend(check_mutation(doc, baseline, &mutation));
                        }
                    }
                    (failures, count)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).fold(
            (Vec::new(), 0),
            |(mut all, total), (failures, count)| {
                all.extend(failures);
                (all, total + count)
            },
        )
    });
    assert!(count > 10_000, "only {count} mutations");
    println!("{count} mutations of {} documents checked", docs.len());
    assert!(
        failures.is_empty(),
        "{} of {count} mutations disagree:\n{}",
        failures.len(),
        failures
            .iter()
            .take(40)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}

// ---------------------------------------------------------------------------------------------
// Generated documents (versori_model::arbitrary).

/// Removes the `x-` extension keys the generators put in `extra` maps.
fn without_extensions(value: &Value) -> Value {
    match value {
        Value::Object(object) => Value::Object(
            object
                .iter()
                .filter(|(key, _)| !key.starts_with("x-"))
                .map(|(key, value)| (key.clone(), without_extensions(value)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(without_extensions).collect()),
        other => other.clone(),
    }
}

mod generated {
    use proptest::prelude::*;
    use proptest::test_runner::FileFailurePersistence;
    use versori_model::arbitrary;

    use super::*;

    /// 64 cases unless `PROPTEST_CASES` says otherwise; regressions in the package's
    /// `proptest-regressions/`.
    fn config() -> ProptestConfig {
        let mut config = ProptestConfig::default();
        if std::env::var_os("PROPTEST_CASES").is_none() {
            config.cases = 64;
        }
        config.failure_persistence = Some(Box::new(FileFailurePersistence::Direct(
            "proptest-regressions/schema_export.txt",
        )));
        config
    }

    proptest! {
        #![proptest_config(config())]

        /// Generated documents are valid by the API's rules: the lenient schema accepts them as
        /// they are, the strict one once their `x-` extension keys are removed.
        #[test]
        fn generated_documents_are_accepted(doc in arbitrary::document()) {
            let v = validators();
            let key = (doc.api_version(), doc.kind());
            let value = doc.to_value().unwrap();
            let lenient = &v.lenient[&key];
            prop_assert!(
                lenient.is_valid(&value),
                "{} {}: lenient: {}\n{value:#}", key.0, key.1, errors(lenient, &value)
            );
            let plain = without_extensions(&value);
            let strict = &v.strict[&key];
            prop_assert!(
                strict.is_valid(&plain),
                "{} {}: strict: {}\n{plain:#}", key.0, key.1, errors(strict, &plain)
            );
        }
    }
}
