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
//! // A standalone v1alpha1 credential names no organisation, and v1 requires one.
//! let options = Options::default()
//!     .loss(Loss::Preserve)
//!     .validate_with(ValidateOptions::at(now))
//!     .organisation_id("01HF7Z5K2Q8W9X3Y4Z5A6B7C8E");
//!
//! // v1 credentials have no timestamps; with `Loss::Preserve` they wait under PRESERVED_KEY...
//! let v1 = migrate(doc.clone(), ApiVersion::V1, &options).unwrap().document;
//! assert!(v1.to_value().unwrap()[PRESERVED_KEY]["v1alpha1"]["createdAt"].is_string());
//! // ...and the way back restores them.
//! let back = migrate(v1, ApiVersion::V1alpha1, &options).unwrap().document;
//! assert_eq!(back.to_value().unwrap(), v1alpha1);
//!
//! // With `Loss::Refuse` the same loss is an error and nothing is produced.
//! let strict = Options::default().loss(Loss::Refuse).organisation_id("01HF7Z5K2Q8W9X3Y4Z5A6B7C8E");
//! let refused = migrate(doc.clone(), ApiVersion::V1, &strict);
//! assert!(matches!(refused, Err(versori_migrate::MigrateError::Refused { .. })));
//! // So is a standalone credential without an organisation, whatever the loss policy.
//! let refused = migrate(doc, ApiVersion::V1, &Options::default());
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
//! Every message is a [`ValidationMessage`] whose path points into the document given to
//! [`migrate`], whatever the number of steps: each step records where each node of its output
//! came from, and the messages of a later step (and of the output check) are mapped back through
//! the steps before it. A path with no counterpart in the input is shown at its nearest ancestor
//! that has one, and `detail` says which path of which form it was about. A path resolves in the
//! input, except that of a value the target needs and the input lacks (`required`, `derived`),
//! which names the absent key under an object that resolves. The root is `""` (RFC 6901).
//!
//! The report holds, in this order:
//!
//! - `redacted-secret` (warning): a secret field (found by its type, [`versori_model::secrets`])
//!   holding the API's `"******"` mask travels as it is; a name or an unknown key holding the
//!   mask is not a secret;
//! - the input's own errors, once, as validation reports them (`detail`: "in the input");
//! - step by step: `field-dropped` (warning): the target cannot hold the field (with
//!   [`Loss::Preserve`]: `field-preserved`, info, and the value is kept under [`PRESERVED_KEY`];
//!   with [`Loss::Refuse`]: an error); `derived` (info): a value the target needs was derived (a
//!   config id, `domain`, an organisation given with [`Options::organisation_id`]); `required`
//!   (warning): a placeholder the way back reads as the original (an empty v2 `refreshToken` or
//!   v1 credential `name`), or (error) a value the target requires that nothing gives (an
//!   organisation); `invalid-value` (warning): an entry under [`PRESERVED_KEY`] that does not
//!   decode as what it claims to be, left where it is; `not-representable` (error): the target
//!   has no form for it;
//! - errors of the output that the input did not have at the same path (`detail`: where in the
//!   migrated document).
//!
//! A step that raises an error stops the chain: nothing is said about a form that is never made,
//! and [`MigrateError::Refused`] carries the report so far.
//!
//! A dropped value is reported only when the reverse step would not derive it back unchanged,
//! so "differs from the input only at reported paths" holds for round trips.
//!
//! # What is written reads back
//!
//! An unknown key of the source whose name is a field of the target's object (a v1alpha1
//! config's `id`, a v1 connector's `domain`) is never written beside that field, nor read back
//! as it: it is kept under [`PRESERVED_KEY`] for the way back ([`Loss::Preserve`]) or dropped
//! and reported. A tag the source does not know and the target does (a v1alpha1 `certificate`
//! credential or config) is `not-representable`. Before returning, [`migrate`] writes the
//! output, reads it back with serde_json and [`Document::decode`] as the target kind, and
//! returns it only if it reads back as the same document: a form that would nest deeper than
//! the [`MAX_DEPTH`] levels serde_json reads is [`MigrateError::Refused`] with `too-deep`; any
//! other difference is a fault of the migration, [`MigrateError::NotReadBack`]. (Since a key
//! written twice can only be an unknown key beside a field of the same name, and decoding never
//! puts a key a type knows among its unknown keys, "reads back as the same document" also rules
//! out any key written twice.)

#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod cx;
mod paths;
mod probe;
mod reread;
pub mod steps;

use versori_model::{ApiVersion, Document, Kind};
use versori_validate::{Code, Pointer, Report, Severity, ValidateOptions, ValidationMessage};

pub use cx::PRESERVED_KEY;
pub use reread::MAX_DEPTH;

use cx::{Cx, Provenance};

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
/// let options = Options::default()
///     .loss(Loss::Preserve)
///     .validate_with(ValidateOptions::at(now))
///     .organisation_id("01HF7Z5K2Q8W9X3Y4Z5A6B7C8E");
/// ```
#[derive(Clone, Debug, Default)]
#[non_exhaustive]
pub struct Options {
    loss: Loss,
    validate: Option<ValidateOptions>,
    organisation_id: Option<String>,
}

impl Options {
    /// What to do with a field the target cannot hold (default [`Loss::Report`]).
    #[must_use]
    pub fn loss(mut self, loss: Loss) -> Self {
        self.loss = loss;
        self
    }

    /// Validates the input and the output with `options`; fix their `now` for reproducible
    /// reports. Without it, expiry is judged at the time [`migrate`] runs.
    #[must_use]
    pub fn validate_with(mut self, options: ValidateOptions) -> Self {
        self.validate = Some(options);
        self
    }

    /// The organisation to give where the target requires one and the document names none (a
    /// standalone v1alpha1 credential going to v1, ...); reported as `derived`. Without it, such
    /// a document is refused with a `required` error.
    #[must_use]
    pub fn organisation_id(mut self, id: impl Into<String>) -> Self {
        self.organisation_id = Some(id.into());
        self
    }
}

/// A migrated document and what happened on the way.
#[derive(Clone, Debug, PartialEq)]
pub struct Migrated {
    /// The document in the target version.
    pub document: Document,
    /// Every message, each at a path of the input: its masked secrets and errors, then losses,
    /// derivations and placeholders step by step, then errors the migration introduced.
    pub report: Report,
}

/// Why a document was not migrated.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum MigrateError {
    /// The kind has no counterpart in the target version.
    #[error("{from} {kind} has no counterpart in {to}")]
    #[non_exhaustive]
    NoCounterpart {
        /// The document's version.
        from: ApiVersion,
        /// The document's kind.
        kind: Kind,
        /// The version asked for.
        to: ApiVersion,
    },
    /// The document cannot be represented in the target (or, with [`Loss::Refuse`], not
    /// without loss, or its form would nest deeper than a reader takes: `too-deep`).
    #[error("the document cannot be migrated to {to}: {}", first_error(report))]
    #[non_exhaustive]
    Refused {
        /// The version asked for.
        to: ApiVersion,
        /// Every message, the errors among them.
        report: Report,
    },
    /// The migrated document would not read back as itself (a key written twice, an unknown key
    /// read as a field, a value that does not decode): a fault of the migration, which returns
    /// nothing rather than a document its report does not describe. The last message says where.
    #[error(
        "the document migrated to {to} would not read back as itself: {}",
        first_error(report)
    )]
    #[non_exhaustive]
    NotReadBack {
        /// The version asked for.
        to: ApiVersion,
        /// Every message, the one about the output last.
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

/// Migrates `doc` to version `to`, one step at a time.
///
/// Migrating to the document's own version returns it unchanged with an empty report.
pub fn migrate(doc: Document, to: ApiVersion, options: &Options) -> Result<Migrated, MigrateError> {
    run(doc, to, options, true).map(|(migrated, _)| migrated)
}

/// A migrated document with its compact JSON text ([`migrate_json`]).
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct MigratedJson {
    /// The document and its report, as [`migrate`] gives them.
    pub migrated: Migrated,
    /// `migrated.document` as compact JSON (what `serde_json::to_string` writes of it).
    pub json: String,
}

/// [`migrate`], with the migrated document's compact JSON text: the very text the read-back
/// check read back as the document, so a caller that writes compact JSON (a stream, a database
/// column) need not serialize the document a second time.
///
/// ```
/// use versori_migrate::{Options, migrate_json};
/// use versori_model::{ApiVersion, Document};
///
/// let doc = Document::read(serde_json::json!({"schemeType": "none", "id": "a", "description": "b"}))
///     .unwrap();
/// let done = migrate_json(doc, ApiVersion::V2, &Options::default()).unwrap();
/// assert_eq!(done.json, serde_json::to_string(&done.migrated.document).unwrap());
/// ```
pub fn migrate_json(
    doc: Document,
    to: ApiVersion,
    options: &Options,
) -> Result<MigratedJson, MigrateError> {
    let (migrated, json) = run(doc, to, options, true)?;
    let json = match json {
        Some(json) => json,
        // A document already at `to` is not checked; write it now.
        None => {
            serde_json::to_string(&migrated.document).map_err(|e| MigrateError::NotReadBack {
                to,
                report: vec![ValidationMessage::new(
                    Code::NotRepresentable,
                    Severity::Error,
                    Pointer::root(),
                    format!("the document does not serialize: {e}"),
                )]
                .into(),
            })?
        }
    };
    Ok(MigratedJson { migrated, json })
}

/// [`migrate`]; `verify` says whether a preserving migration of a document whose reserved key
/// nests kept entries checks that the way back gives it back (it is `false` for that check).
/// The compact JSON text of the result comes back too when the read-back check wrote it.
fn run(
    doc: Document,
    to: ApiVersion,
    options: &Options,
    verify: bool,
) -> Result<(Migrated, Option<String>), MigrateError> {
    let source_version = doc.api_version();
    if source_version == to {
        return Ok((
            Migrated {
                document: doc,
                report: Report::new(),
            },
            None,
        ));
    }
    let validate = options.validate.clone().unwrap_or_default();
    let source = paths::Source::new(&doc);
    let mut report = Vec::new();
    // A masked secret travels as it is; say so wherever one is, in the source's terms.
    for (path, secret) in versori_model::secrets(&doc) {
        if secret.is_redacted() {
            report.push(ValidationMessage::new(
                Code::RedactedSecret,
                Severity::Warning,
                path,
                "the secret is masked (\"******\"); it migrates as the mask and must be re-entered in the target",
            ));
        }
    }
    // The input's own errors, once, as what they are; the output check adds only new ones.
    let input_errors: Vec<ValidationMessage> = versori_validate::validate(&doc, &validate)
        .into_iter()
        .filter(|m| m.severity == Severity::Error)
        .map(|m| m.with_detail("in the input"))
        .collect();
    report.extend(input_errors.iter().cloned());

    let mut chain: Vec<Provenance> = Vec::new();
    let mut current = doc;
    while current.api_version() != to {
        let from = current.api_version();
        let step_to = steps::next(from, to);
        let mut cx = Cx::new(
            from,
            options.loss == Loss::Preserve,
            options.organisation_id.clone(),
        );
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
        let mut refused = false;
        for mut message in cx.messages {
            if options.loss == Loss::Refuse && message.code == Code::FieldDropped {
                message.severity = Severity::Error;
            }
            refused |= message.severity == Severity::Error;
            report.push(paths::to_source(message, &chain, from, &source));
        }
        chain.push(cx.provenance);
        // A refused step stops the chain: nothing is said about a form that is never made.
        if refused {
            return Err(MigrateError::Refused {
                to,
                report: report.into(),
            });
        }
        current = next;
    }
    // What is written must read back as what the report says.
    let json = match reread::check(&current) {
        Ok(json) => json,
        Err(message) => {
            let too_deep = message.code == Code::TooDeep;
            report.push(paths::to_source(message, &chain, to, &source));
            let report = report.into();
            return Err(if too_deep {
                MigrateError::Refused { to, report }
            } else {
                MigrateError::NotReadBack { to, report }
            });
        }
    };
    for message in versori_validate::validate(&current, &validate) {
        if message.severity != Severity::Error {
            continue;
        }
        let at = message.path.clone();
        let message = paths::to_source(message, &chain, to, &source);
        let known = input_errors
            .iter()
            .any(|m| m.code == message.code && m.path == message.path);
        if !known {
            report.push(message.with_detail(format!(
                "introduced by the migration: in the migrated {to} document at `{at}`"
            )));
        }
    }
    // What a step could not restore it keeps nested under the reserved key, and the way back
    // puts it back as it was; but nesting found in the input may not be one a step made, and
    // putting it back could make a document that reads back as another. Such a document is
    // preserved only if the way back gives it back.
    if verify && options.loss == Loss::Preserve {
        if let Some(at) = source.nested_stash() {
            let back = run(current.clone(), source_version, options, false)
                .ok()
                .and_then(|(m, _)| m.document.to_value().ok());
            if back.as_ref() != Some(source.json()) {
                report.push(ValidationMessage::new(
                    Code::NotRepresentable,
                    Severity::Error,
                    at,
                    format!(
                        "`{PRESERVED_KEY}` holds entries kept inside entries, which the way back would not give back as they are"
                    ),
                ));
                return Err(MigrateError::Refused {
                    to,
                    report: report.into(),
                });
            }
        }
    }
    Ok((
        Migrated {
            document: current,
            report: report.into(),
        },
        Some(json),
    ))
}

/// Why a document was not migrated, as one line for a rejects file: its first error message
/// as `error[code] /pointer: text` (the root spelled `(root)`; the text never quotes a value of
/// the document), or `fallback` when the messages hold no error. Every front end (the file CLI,
/// the database store) gives the same reason for the same document.
pub fn rejection_reason(messages: &[ValidationMessage], fallback: &str) -> String {
    messages
        .iter()
        .find(|m| m.severity == Severity::Error)
        .map(ToString::to_string)
        .unwrap_or_else(|| fallback.to_owned())
}

/// [`rejection_reason`] for a document that does not read as any kind (or as the one given):
/// the fallback names what it was taken for, never the reader's error text, which may quote a
/// value of the input (a secret).
pub fn unread_reason(
    messages: &[ValidationMessage],
    api_version: Option<ApiVersion>,
    kind: Option<Kind>,
) -> String {
    let fallback = match (api_version, kind) {
        (Some(v), Some(k)) => format!("the document does not read as a {v} {k}"),
        _ => "the document's version and kind cannot be told".to_owned(),
    };
    rejection_reason(messages, &fallback)
}

/// A document that repeats a key in one object, refused by every front end the same way
/// ([`refuse_repeated_keys`]).
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct RepeatedKeys {
    /// The document's version, as validation tells it (or as the hint gave it).
    pub api_version: Option<ApiVersion>,
    /// The document's kind, likewise.
    pub kind: Option<Kind>,
    /// Why it is refused, one line naming every repeated key's pointer.
    pub reason: String,
    /// What validation says: a `duplicate-key` error at each repeat, first, then the rest.
    pub messages: Vec<ValidationMessage>,
}

/// Refuses a document read with repeated keys (`duplicates`, from
/// [`versori_model::json::Parsed`]): readers disagree on which value of a repeated key counts,
/// so migrating either one would pass off a guess as the document. `value` is the document as
/// read (each repeated key holding its last value), `hint` what the caller knows of it. The
/// file CLI and the database store give the same reason and messages for the same document.
pub fn refuse_repeated_keys(
    value: &serde_json::Value,
    duplicates: &[Pointer],
    hint: versori_model::Hint,
) -> RepeatedKeys {
    let reason = versori_model::json::DuplicateKeys::new(duplicates.to_vec()).to_string();
    let opts = ValidateOptions::default();
    let (api_version, kind, messages) =
        match versori_validate::validate_parsed(value, duplicates, hint, &opts) {
            Ok(validated) => (
                Some(validated.api_version),
                Some(validated.kind),
                validated.report.into_messages(),
            ),
            Err(unidentified) => (
                hint.api_version,
                hint.kind,
                unidentified.report.into_messages(),
            ),
        };
    RepeatedKeys {
        api_version,
        kind,
        reason,
        messages,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

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
    fn later_steps_speak_in_paths_of_the_input() {
        let source = shopify_v1alpha1();
        let input = paths::Source::new(&read(source.clone()));
        let done =
            migrate(read(source.clone()), ApiVersion::V2, &Options::default()).expect("migrates");
        for m in done.report.iter() {
            assert!(
                paths::fits(&input, m.code, &m.path),
                "{} {} is not a path of the input",
                m.code,
                m.path
            );
        }
        // The v1 step's `connectionVariables` and `connections` are the input's names.
        assert!(
            codes(&done.report)
                .contains(&(Code::FieldDropped, "/environments/0/credentials".into()))
                || done
                    .report
                    .iter()
                    .any(|m| m.path.as_str().starts_with("/environments/0"))
        );
        assert!(
            done.report
                .iter()
                .all(|m| !m.path.as_str().starts_with("/connections"))
        );
        let _ = Pointer::root();
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
