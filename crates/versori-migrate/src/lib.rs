//! Migration of Versori documents between API versions, `v1alpha1 < v1 < v2`, both ways, with
//! nothing lost silently.
//!
//! ```
//! use versori_migrate::{migrate, Options};
//! use versori_model::{ApiVersion, Document};
//!
//! let v1 = serde_json::json!({
//!     "id": "01HF7Z5K2Q8W9X3Y4Z5A6B7C8D", "organisationId": "01HF7Z5K2Q8W9X3Y4Z5A6B7C8E",
//!     "type": "basic-auth", "name": "netsuite",
//!     "data": {"username": "integration@example.com", "password": "correct-horse"}
//! });
//! let doc = Document::read(v1).unwrap();
//! let migrated = migrate(doc, ApiVersion::V2, &Options::default()).unwrap();
//! assert_eq!(migrated.document.to_value().unwrap()["data"]["basicAuth"]["username"], "integration@example.com");
//! ```
//!
//! [`Options`] says what to do with a field the target cannot hold ([`Loss`]) and how to
//! validate the output; it is built from [`Options::default`] with builder methods:
//!
//! ```
//! use versori_migrate::{migrate, Loss, Options, PRESERVED_KEY};
//! use versori_model::{ApiVersion, Document};
//! use versori_validate::ValidateOptions;
//!
//! let v1alpha1 = serde_json::json!({
//!     "id": "c1", "type": "string", "name": "shopify-token", "data": {"value": "shpat_example"},
//!     "createdAt": "2024-01-01T00:00:00Z", "updatedAt": "2024-02-01T00:00:00Z"
//! });
//! let doc = Document::read(v1alpha1.clone()).unwrap();
//! let now = "2026-01-01T00:00:00Z".parse().unwrap();
//! let options = Options::default()
//!     .loss(Loss::Preserve)
//!     .validate_with(ValidateOptions::at(now));
//!
//! // v1 credentials have no timestamps; with `Loss::Preserve` they wait under PRESERVED_KEY...
//! let v1 = migrate(doc.clone(), ApiVersion::V1, &options).unwrap().document;
//! assert!(v1.to_value().unwrap()[PRESERVED_KEY]["v1alpha1"]["createdAt"].is_string());
//! // ...and the way back restores them.
//! let back = migrate(v1, ApiVersion::V1alpha1, &options).unwrap().document;
//! assert_eq!(back.to_value().unwrap(), v1alpha1);
//!
//! // With `Loss::Refuse` the same loss is an error and nothing is produced.
//! let refused = migrate(doc, ApiVersion::V1, &Options::default().loss(Loss::Refuse));
//! assert!(matches!(refused, Err(versori_migrate::MigrateError::Refused { .. })));
//! ```
//!
//! # How it works
//!
//! One step module per adjacent pair ([`steps::v1alpha1_to_v1`], [`steps::v1_to_v2`]), each with
//! `up` and `down` over the typed models; its doc comment is the changelog entry. [`migrate`]
//! folds steps from the document's version to the target. Kinds map as domain.md section 5:
//!
//! | v1alpha1 | v1 | v2 |
//! |---|---|---|
//! | `connection` | `connector` | `system-export` |
//! | `environment` | `connection` | `connection` |
//! | `auth-scheme-config` | `auth-scheme-config` | `auth-scheme-config` |
//! | `credential` | `credential` | `credential` |
//! | `connection-update` | `connector-update` | (none) |
//! | (none) | (none) | `system`, `connection-template`, `link-system` |
//!
//! A kind with no counterpart is refused ([`MigrateError::NoCounterpart`]).
//!
//! # The report
//!
//! Every message is a [`ValidationMessage`] whose path points into the document the step
//! read: the source document for the first step; for a two-step migration, later messages say
//! in `detail` which intermediate version their path refers to.
//!
//! - `field-dropped` (warning): the target cannot hold the field (with [`Loss::Preserve`]:
//!   `field-preserved`, info, and the value is kept under [`PRESERVED_KEY`]; with
//!   [`Loss::Refuse`]: an error);
//! - `derived` (info): a value the target needs was derived (a config id, `domain`, ...);
//! - `required` (warning): a value the target needs could not be derived; a placeholder was
//!   written;
//! - `redacted-secret` (warning): a masked `"******"` secret travels as it is;
//! - `not-representable` (error): the target has no form for it; nothing is produced;
//! - errors from validating the output against the target version that the input did not have.
//!
//! A dropped value is reported only when the reverse step would not derive it back unchanged,
//! so "differs from the input only at reported paths" holds for round trips.

#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod cx;
pub mod steps;

use versori_model::{ApiVersion, Document, Kind};
use versori_validate::{Code, Pointer, Report, Severity, ValidateOptions, ValidationMessage};

pub use cx::PRESERVED_KEY;

/// What to do with a field the target version cannot hold.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Loss {
    /// Drop it and report it: a `field-dropped` warning at its source path.
    #[default]
    Report,
    /// Keep it verbatim under [`PRESERVED_KEY`] on the nearest surviving object, so that the
    /// reverse migration restores it; reported as `field-preserved` (info).
    Preserve,
    /// Refuse the migration: every `field-dropped` becomes an error, and [`migrate`] returns
    /// [`MigrateError::Refused`] with the whole report instead of a document.
    Refuse,
}

/// How to migrate: [`Options::default`] (report losses, validate the output as of now), then
/// the builder methods.
///
/// ```
/// use versori_migrate::{Loss, Options};
/// use versori_validate::ValidateOptions;
///
/// let now = "2026-01-01T00:00:00Z".parse().unwrap();
/// let options = Options::default().loss(Loss::Preserve).validate_with(ValidateOptions::at(now));
/// ```
#[derive(Clone, Debug, Default)]
#[non_exhaustive]
pub struct Options {
    loss: Loss,
    validate: Option<ValidateOptions>,
}

impl Options {
    /// What to do with a field the target cannot hold (default [`Loss::Report`]).
    #[must_use]
    pub fn loss(mut self, loss: Loss) -> Self {
        self.loss = loss;
        self
    }

    /// Validates the output with `options`; fix their `now` for reproducible reports. Without
    /// it, expiry is judged at the time [`migrate`] runs.
    #[must_use]
    pub fn validate_with(mut self, options: ValidateOptions) -> Self {
        self.validate = Some(options);
        self
    }
}

/// A migrated document and what happened on the way.
#[derive(Clone, Debug, PartialEq)]
pub struct Migrated {
    /// The document in the target version.
    pub document: Document,
    /// Messages in document order: losses, derivations, placeholders, and new errors of the
    /// output.
    pub report: Report,
}

/// Why a document was not migrated.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum MigrateError {
    /// The kind has no counterpart in the target version.
    #[error("{from} {kind} has no counterpart in {to}")]
    NoCounterpart {
        /// The document's version.
        from: ApiVersion,
        /// The document's kind.
        kind: Kind,
        /// The version asked for.
        to: ApiVersion,
    },
    /// The document cannot be represented in the target (or, with [`Loss::Refuse`], not
    /// without loss).
    #[error("the document cannot be migrated to {to}: {}", first_error(report))]
    Refused {
        /// The version asked for.
        to: ApiVersion,
        /// Every message, the errors among them.
        report: Report,
    },
}

fn first_error(report: &Report) -> String {
    report
        .iter()
        .find(|m| m.severity == Severity::Error)
        .map(|m| format!("{} {}: {}", m.code, m.path, m.text))
        .unwrap_or_default()
}

/// Reports every `"******"` (the API's mask for a secret it will not return) in `value`.
fn masked_secrets(value: &serde_json::Value, at: Pointer, report: &mut Report) {
    match value {
        serde_json::Value::String(text) if text == versori_model::REDACTED => report.push(ValidationMessage::new(
            Code::RedactedSecret,
            Severity::Warning,
            at,
            "the secret is masked (\"******\"); it migrates as the mask and must be re-entered in the target",
        )),
        serde_json::Value::Object(map) => {
            for (key, child) in map {
                masked_secrets(child, at.join(key.as_str()), report);
            }
        }
        serde_json::Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                masked_secrets(child, at.join(index), report);
            }
        }
        _ => {}
    }
}

/// Migrates `doc` to version `to`, one step at a time.
///
/// Migrating to the document's own version returns it unchanged with an empty report.
pub fn migrate(doc: Document, to: ApiVersion, options: &Options) -> Result<Migrated, MigrateError> {
    let source_version = doc.api_version();
    let mut report = Report::new();
    if source_version != to {
        // A masked secret travels as it is; say so wherever one is, in the source's terms.
        if let Ok(source) = doc.to_value() {
            masked_secrets(&source, Pointer::root(), &mut report);
        }
    }
    let mut current = doc;
    while current.api_version() != to {
        let from = current.api_version();
        let step_to = steps::next(from, to);
        let mut cx = cx::Cx::new(options.loss == Loss::Preserve);
        let result = if step_to > from {
            steps::up(current, &mut cx)
        } else {
            steps::down(current, &mut cx)
        };
        let next = result.map_err(|steps::NoCounterpart(kind)| MigrateError::NoCounterpart {
            from,
            kind,
            to,
        })?;
        for mut message in cx.messages {
            if from != source_version {
                message = message.with_detail(format!("path in the {from} form of the document"));
            }
            report.push(message);
        }
        current = next;
    }
    if options.loss == Loss::Refuse {
        report = report
            .into_iter()
            .map(|mut m| {
                if m.code == Code::FieldDropped {
                    m.severity = Severity::Error;
                }
                m
            })
            .collect::<Vec<_>>()
            .into();
    }
    if report.has_errors() {
        return Err(MigrateError::Refused { to, report });
    }
    if source_version != to {
        let validate = options.validate.clone().unwrap_or_default();
        let output = versori_validate::validate(&current, &validate);
        for message in output.into_iter().filter(|m| m.severity == Severity::Error) {
            report.push(ValidationMessage {
                detail: vec![format!("in the migrated {to} document")],
                ..message
            });
        }
    }
    Ok(Migrated {
        document: current,
        report,
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use versori_validate::Pointer;

    use super::*;

    fn read(value: serde_json::Value) -> Document {
        Document::read(value).expect("test documents read")
    }

    fn codes(report: &Report) -> Vec<(Code, String)> {
        report
            .iter()
            .map(|m| (m.code, m.path.to_string()))
            .collect()
    }

    fn shopify_v1alpha1() -> serde_json::Value {
        json!({
            "id": "c1", "organisationId": "org", "name": "Shopify", "protocol": "http",
            "baseUrl": "https://acme.myshopify.com/admin/api/2024-04",
            "authSchemeConfigs": [
                {"schemeType": "api-key", "name": "X-Shopify-Access-Token", "in": "header"},
                {"schemeType": "api-key", "name": "X-Other", "in": "query"}
            ],
            "environments": [{
                "id": "e1", "name": "production", "variables": [],
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
    fn v1alpha1_configs_get_unique_derived_ids_and_copies_share_them() {
        let done = migrate(
            read(shopify_v1alpha1()),
            ApiVersion::V1,
            &Options::default(),
        )
        .expect("migrates");
        let v1 = done.document.to_value().expect("serializes");
        assert_eq!(v1["authSchemeConfigs"][0]["id"], "api-key");
        assert_eq!(v1["authSchemeConfigs"][1]["id"], "api-key-2");
        assert_eq!(
            v1["connections"][0]["credentials"]["action"][0]["authSchemeConfig"]["id"],
            "api-key"
        );
        assert_eq!(
            v1["connections"][0]["credentials"]["action"][0]["credential"]["organisationId"],
            "org"
        );
        assert!(codes(&done.report).contains(&(Code::Derived, "/authSchemeConfigs/1".into())));
        // The credential's timestamps equal the connection's creation time: nothing is lost.
        assert!(done.report.iter().all(|m| m.code != Code::FieldDropped));
    }

    #[test]
    fn the_same_version_is_the_identity() {
        let doc = read(shopify_v1alpha1());
        let done =
            migrate(doc.clone(), ApiVersion::V1alpha1, &Options::default()).expect("identity");
        assert_eq!(done.document, doc);
        assert!(done.report.is_empty());
    }

    #[test]
    fn strict_refuses_any_loss_and_preserve_keeps_it() {
        let mut value = shopify_v1alpha1();
        value["environments"][0]["credentials"]["action"][0]["credential"]["createdAt"] =
            json!("2023-05-05T00:00:00Z");
        let lost = "/environments/0/credentials/action/0/credential/createdAt";
        let plain =
            migrate(read(value.clone()), ApiVersion::V1, &Options::default()).expect("migrates");
        assert!(codes(&plain.report).contains(&(Code::FieldDropped, lost.into())));

        let strict = Options::default().loss(Loss::Refuse);
        match migrate(read(value.clone()), ApiVersion::V1, &strict) {
            Err(MigrateError::Refused { report, .. }) => {
                assert!(
                    report
                        .iter()
                        .any(|m| m.code == Code::FieldDropped && m.severity == Severity::Error)
                );
            }
            other => panic!("strict must refuse a loss, got {other:?}"),
        }

        let preserve = Options::default().loss(Loss::Preserve);
        let kept = migrate(read(value.clone()), ApiVersion::V1, &preserve).expect("migrates");
        assert!(codes(&kept.report).contains(&(Code::FieldPreserved, lost.into())));
        let credential = &kept.document.to_value().expect("serializes")["connections"][0]["credentials"]
            ["action"][0]["credential"];
        assert_eq!(
            credential[PRESERVED_KEY]["v1alpha1"]["createdAt"],
            "2023-05-05T00:00:00Z"
        );
        let back = migrate(kept.document, ApiVersion::V1alpha1, &preserve).expect("migrates back");
        assert_eq!(back.document.to_value().expect("serializes"), value);
    }

    #[test]
    fn kinds_without_a_counterpart_are_refused_by_name() {
        let link = read(json!({"systemId": "s", "name": "shopify"}));
        let err =
            migrate(link, ApiVersion::V1, &Options::default()).expect_err("no v1 link-system");
        assert_eq!(
            err,
            MigrateError::NoCounterpart {
                from: ApiVersion::V2,
                kind: Kind::LinkSystem,
                to: ApiVersion::V1
            }
        );
    }

    #[test]
    fn what_the_target_cannot_hold_is_not_representable() {
        let bigquery = json!({"id": "c", "organisationId": "o", "name": "Warehouse", "public": false,
            "protocol": "bigquery", "datasetId": "p.d", "authSchemeConfigs": [], "connections": [],
            "versions": [], "createdAt": "2024-01-01T00:00:00Z", "updatedAt": "2024-01-01T00:00:00Z"});
        match migrate(read(bigquery), ApiVersion::V2, &Options::default()) {
            Err(MigrateError::Refused { report, .. }) => {
                assert!(codes(&report).contains(&(Code::NotRepresentable, "/protocol".into())));
            }
            other => panic!("a BigQuery connector has no v2 form, got {other:?}"),
        }
    }

    #[test]
    fn later_steps_say_which_form_their_paths_are_in() {
        let done = migrate(
            read(shopify_v1alpha1()),
            ApiVersion::V2,
            &Options::default(),
        )
        .expect("migrates");
        let second: Vec<_> = done
            .report
            .iter()
            .filter(|m| !m.detail.is_empty())
            .collect();
        assert!(!second.is_empty());
        assert!(
            second
                .iter()
                .all(|m| m.path != Pointer::root() || m.detail.iter().any(|d| d.contains("v1")))
        );
    }

    #[test]
    fn masked_secrets_are_reported_at_their_source_paths() {
        let masked = json!({"id": "c", "organisationId": "o", "type": "basic-auth", "name": "n",
            "data": {"username": "u", "password": "******"}});
        let done = migrate(read(masked), ApiVersion::V2, &Options::default()).expect("migrates");
        assert!(codes(&done.report).contains(&(Code::RedactedSecret, "/data/password".into())));
        assert_eq!(
            done.document.to_value().expect("serializes")["data"]["basicAuth"]["password"],
            "******"
        );
    }

    #[test]
    fn helpers() {
        use steps::v1_to_v2::domain_of;
        use steps::v1alpha1_to_v1::{form_decode, form_encode};
        assert_eq!(
            domain_of("https://acme.myshopify.com:443/admin"),
            "acme.myshopify.com"
        );
        assert_eq!(
            domain_of("https://user@{tenant}.example.com"),
            "{tenant}.example.com"
        );
        let params = [
            ("prompt".to_owned(), "login consent".to_owned()),
            ("a&b".to_owned(), "=".to_owned()),
        ];
        let map = params.into_iter().collect();
        let text = form_encode(&map);
        assert_eq!(text, "a%26b=%3D&prompt=login+consent");
        assert_eq!(form_decode(&text), Some(map));
        assert_eq!(form_decode("novalue"), None);
    }
}
