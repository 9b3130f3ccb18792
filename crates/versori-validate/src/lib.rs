//! Validation of Versori connection API documents, in every version and kind.
//!
//! [`validate`] checks a decoded [`Document`] against every rule the API states, and the ones a
//! careful reviewer adds, and returns a [`Report`]: a list of [`ValidationMessage`]s, each with
//! a [`Severity`], a stable [`Code`] and a [`Pointer`] to the value at fault, in document order.
//! [`validate_value`] starts from JSON: it detects (or takes) the version and kind, decodes, and
//! validates; a document that does not decode still gives a report, whose messages say what is
//! missing or of the wrong type.
//!
//! ```
//! use versori_model::{ApiVersion, Hint, Kind};
//! use versori_validate::{Code, Severity, ValidateOptions, validate_value_as};
//!
//! let connector_update = serde_json::json!({
//!     "id": "01J0", "organisationId": "01H0", "name": "Shopify", "protocol": "http",
//!     "baseUrl": "https://acme.myshopify.com/admin/api/2024-07",
//!     "authSchemeConfigIds": ["token", "webhook", "token"]
//! });
//! let opts = ValidateOptions::default();
//! let hint = Hint::default().version(ApiVersion::V1);
//! let validated = validate_value_as(&connector_update, hint, &opts).unwrap();
//! assert_eq!((validated.api_version, validated.kind), (ApiVersion::V1, Kind::ConnectorUpdate));
//! let found: Vec<_> = validated.report.iter().map(|m| (m.code, m.path.as_str())).collect();
//! assert_eq!(found, [(Code::DuplicateId, "/authSchemeConfigIds/2")]);
//! assert_eq!(validated.report.max_severity(), Some(Severity::Error));
//! ```
//!
//! Messages never contain a secret from the document (a [`versori_model::Secret`] is never
//! exposed) nor the value of an unknown key (only its name).
//!
//! # Codes
//!
//! Severities are the usual ones: `error` means the API would reject the document or it breaks
//! a stated rule; `warning` that it is accepted but probably not what was meant; `info` that
//! something worth knowing happens to it.
//!
//! | code | severity | raised by |
//! |---|---|---|
//! | `required` | error (warning where noted) | a required field is absent (from decoding: every required key, all versions); `baseUrl` of an `http` / `datasetId` of a `bigquery` v1alpha1 connection, connection update, v1 connector, connector update; oauth2 grant `credentialId` without `organisationId` or the reverse (v1, v2); warning: v2 oauth2 `authorizationCode` grant without `authorizeUrl`, v2 credential with `data` but no `type`, exported v2 connection without `systemId`; v1alpha1/v1 version without `publishedAt` (it is required, and nullable) |
//! | `invalid-type` | error | a value of the wrong JSON type (from decoding) |
//! | `invalid-value` | error (warning where noted) | a value decoding refuses; warning: `datasetId` not `<project>.<dataset>`, a draft version marked `isLatest` |
//! | `unsupported-value` | error (warning where noted) | an open enum holding a value the version does not document (`protocol`, `schemeType`, `type`, `in`, `algorithm`, `digestInputs`, `encoding`, `grantType`, grant `type`, credential `type`, oauth1 `location`/`usages`/`parameterTransmission`, message `severity`), with the allowed values in `detail`; a v1 `schemeType` with no config shape (`google-service-account`, `jwt-bearer`, `custom-function`); warning: an oauth1 `signatureMethod` other than `sha256`/`sha1` |
//! | `unknown-field` | warning (info for `x-versori-preserved`) | every key the model does not know, named by its path, its value never shown |
//! | `duplicate-id` | error | an AuthSchemeConfig `id` already used in its array (v1 connector, v2 system and template); ids of environments, connections and credential bindings repeated in their list; a repeated `authSchemeConfigIds` entry (v1 connector update). The later one is reported; `detail` names the first |
//! | `duplicate-name` | error (warning where noted) | environment names within a v1alpha1 connection or connection update, connection names within a v1 connector, version names; warning: variable names in one list, scope names in one config, connection names within a v2 system export |
//! | `reserved-name` | error | a version named `default` or `latest` |
//! | `invalid-url` | error (warning for embedded credentials) | `authorizeUrl`, `tokenUrl`, `baseUrl`, `documentationURL`, `imageURL`, `templateBaseUrl`, `redirectUrl`, oauth1 endpoint `url` that is not an absolute http(s) URL (`{templated}` parts allowed); v1 credential `authorizeUrl` may be `""`, v2 connection `baseUrl` `""` means no override |
//! | `invalid-date-time` | error | `createdAt`, `updatedAt`, `publishedAt`, `expiresAt` that is not RFC 3339 |
//! | `variant-mismatch` | error (warning where noted) | v2 AuthSchemeConfig `type` whose member is absent, or another member set (`jwt-bearer`, `secret` have none); the same for v2 credential `type` against `data`, and oauth2 grant `type` against its members (an absent grant member is a warning) |
//! | `dangling-reference` | error (warning where noted) | a v2 exported connection's `systemId` that is not the system's id; warning: its credential's auth scheme config id the system does not have; oauth2 `mtlsEnabled` without `mtlsCredentialId` in a config list with no `certificate` config to link |
//! | `undeclared-scope` | warning | a `defaultScopes` entry not among `scopes` (v1, v2) |
//! | `incompatible-credential` | error | a bound credential whose type does not fit its auth scheme (tables in [`compat`]); a v1alpha1 `applicationCredential` that is not `oauth2-client` |
//! | `expired` | warning | a credential `expiresAt` at or before [`ValidateOptions::now`] (v1, v2) |
//! | `timestamp-order` | warning | `updatedAt` before `createdAt` |
//! | `read-only-ignored` | info | `validationMessages` in a v1 or v2 auth-scheme-config document (a PUT body) |
//! | `redacted-secret` | info (warning in a create payload) | a secret holding the `******` mask |
//! | `field-dropped` | (versori-migrate) | a field a migration could not carry to the target version |
//! | `not-representable` | (versori-migrate) | a value the target version cannot express |
//! | `derived` | (versori-migrate) info | a value the target needs and the source lacks, derived deterministically (a config `id`, a system `domain`) |
//! | `field-preserved` | (versori-migrate) info | with `preserve`, a field the target cannot hold, kept under `x-versori-preserved` |
//! | `empty` | error (warning where noted) | a v1alpha1 connection (or an update's `environments`) with no environment; v1alpha1 oauth2 `flows` with no flow; warning: empty HMAC `digestInputs` |
//! | `ignored-field` | warning | `mtlsCredentialId`/`mTLSCredentialId` without mTLS enabled; `baseUrl` on a `bigquery`, `datasetId` on an `http` document; `environmentVariables`/`connectionVariables` on a `bigquery` update |
//! | `revision-required` | warning / info | v2 hmac without `encoding` (the 2026-04 revision requires it: warning); v2 oauth1 without one of its three endpoints (only the 2025-12 revision required them: info) |
//! | `normalized` | info | a v2 connection `baseUrl` without a scheme (the API adds `https://`) or with a path (the API keeps scheme and host) |
//! | `conflict` | warning | more than one version with `isLatest`, or with `isDefault` |
//! | `unrecognized-document` | error | from [`IdentifyError::to_message`]: the version and kind could not be told |
//! | `invalid-json` | error | from [`validate_text`] (and [`IdentifyError::to_message`]): the text is not JSON; also for tools that read text themselves (the CLI) to report a file or NDJSON line that is not JSON |
//! | `too-deep` | (versori-migrate) error | a migrated document that would nest deeper than the 127 levels of arrays and objects serde_json reads (the v2 wrappers add levels), refused so that the tool never writes what it cannot read back |
//! | `duplicate-key` | error | [`validate_text`], [`validate_parsed`]: a key that appears twice in one JSON object, at the later key's path (the document holds the last value; other readers may take the first) |
//!
//! # Text
//!
//! [`validate_text`] starts from JSON text and reports what a `Value` can no longer show: every
//! key that appears twice in one object is a `duplicate-key` error, at the later key's
//! pointer, beside everything else validation finds (the rules see the last value, as
//! serde_json reads it). Text that is not JSON, or a document whose version and kind cannot be
//! told, is an [`Unidentified`] that still carries every message:
//!
//! ```
//! use versori_model::Hint;
//! use versori_validate::{Code, ValidateOptions, validate_text};
//!
//! let text = br#"{"schemeType": "basic-auth", "id": "zendesk-basic",
//!     "description": "Agent login", "description": "Admin login"}"#;
//! let validated = validate_text(text, Hint::default(), &ValidateOptions::default()).unwrap();
//! let found: Vec<_> = validated.report.iter().map(|m| (m.code, m.path.as_str())).collect();
//! assert_eq!(found, [(Code::DuplicateKey, "/description")]);
//!
//! let unknown = validate_text(br#"{"name": "a", "name": "b"}"#, Hint::default(), &ValidateOptions::default())
//!     .unwrap_err();
//! let found: Vec<_> = unknown.report.iter().map(|m| (m.code, m.path.as_str())).collect();
//! assert_eq!(found, [(Code::DuplicateKey, "/name"), (Code::UnrecognizedDocument, "")]);
//! ```
//!
//! # Decoding
//!
//! A document that does not decode is still validated in full: every missing field and wrong
//! JSON type is reported, and the rules run on the rest of it (unknown keys, enum values, URLs,
//! duplicate ids, cross-field rules). Decoding goes on past each problem by putting a placeholder
//! where it was, and nothing is reported about a placeholder (see [`validate_value`]).
#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod code;
pub mod compat;
mod decode;
mod message;
mod report;
mod rules;

use chrono::{DateTime, Utc};
use serde_json::Value;
use versori_model::{
    ApiVersion, DecodeError, DetectError, Document, Hint, Kind, NoSuchKind, ReadError,
};

pub use code::{Code, UnknownCode};
pub use message::{Severity, UnknownSeverity, ValidationMessage};
pub use report::Report;
/// Re-exported from `versori-model`: decoding and validation share one pointer type.
pub use versori_model::{Pointer, PointerError, Token};

use rules::Ctx;

/// What validation depends on besides the document.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ValidateOptions {
    /// "Now", against which `expiresAt` is judged. Fix it for reproducible reports.
    pub now: DateTime<Utc>,
}

impl ValidateOptions {
    /// Options judging expiry at `now`.
    pub fn at(now: DateTime<Utc>) -> Self {
        Self { now }
    }
}

impl Default for ValidateOptions {
    /// Options judging expiry at the current time.
    fn default() -> Self {
        Self::at(Utc::now())
    }
}

/// Checks a decoded document against every rule of its version and kind.
///
/// Never stops at the first problem; the same document and options always give the same report.
pub fn validate(doc: &Document, opts: &ValidateOptions) -> Report {
    // An auth-scheme-config document is the body of `PUT .../auth-scheme-configs/{id}`.
    let request = doc.kind() == Kind::AuthSchemeConfig;
    let mut cx = Ctx::new(opts, request);
    match doc {
        Document::V1alpha1Connection(d) => rules::v1alpha1::connection(&mut cx, d),
        Document::V1alpha1ConnectionUpdate(d) => rules::v1alpha1::connection_update(&mut cx, d),
        Document::V1alpha1Environment(d) => rules::v1alpha1::environment(&mut cx, d),
        Document::V1alpha1Credential(d) => rules::v1alpha1::credential(&mut cx, d),
        Document::V1alpha1AuthSchemeConfig(d) => rules::v1alpha1::auth_scheme_config(&mut cx, d),
        Document::V1Connector(d) => rules::v1::connector(&mut cx, d),
        Document::V1ConnectorUpdate(d) => rules::v1::connector_update(&mut cx, d),
        Document::V1Connection(d) => rules::v1::connection(&mut cx, d),
        Document::V1AuthSchemeConfig(d) => rules::v1::auth_scheme_config(&mut cx, d),
        Document::V1Credential(d) => rules::v1::credential(&mut cx, d),
        Document::V2System(d) => rules::v2::system(&mut cx, d),
        Document::V2ConnectionTemplate(d) => rules::v2::connection_template(&mut cx, d),
        Document::V2LinkSystem(d) => rules::v2::link_system(&mut cx, d),
        Document::V2AuthSchemeConfig(d) => rules::v2::auth_scheme_config(&mut cx, d),
        Document::V2Connection(d) => rules::v2::connection(&mut cx, d),
        Document::V2Credential(d) => rules::v2::credential(&mut cx, d),
        Document::V2SystemExport(d) => rules::v2::system_export(&mut cx, d),
        // A kind newer than these rules: nothing is known to check.
        _ => {}
    }
    cx.finish()
}

/// Why [`validate_value`] could not tell what a document is.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum IdentifyError {
    /// Detection failed: not an object, no kind fits, or several fit.
    #[error(transparent)]
    Detect(#[from] DetectError),
    /// The version has no such kind.
    #[error(transparent)]
    NoSuchKind(#[from] NoSuchKind),
    /// The text is not JSON ([`validate_text`]): a syntax error with its line and column.
    #[error("invalid JSON{}: {}", position(.0), .0.message)]
    Json(DecodeError),
}

fn position(error: &DecodeError) -> String {
    match (error.line, error.column) {
        (Some(line), Some(column)) => format!(" at line {line}, column {column}"),
        _ => String::new(),
    }
}

impl IdentifyError {
    /// The error as a message at the document root, for reports that list every document:
    /// `invalid-json` for text that is not JSON, else `unrecognized-document` (`detail` names
    /// the candidates of an ambiguous document).
    pub fn to_message(&self) -> ValidationMessage {
        let code = match self {
            Self::Json(_) => Code::InvalidJson,
            _ => Code::UnrecognizedDocument,
        };
        let message =
            ValidationMessage::new(code, Severity::Error, Pointer::root(), self.to_string());
        match self {
            Self::Detect(DetectError::Ambiguous { candidates }) => candidates
                .iter()
                .fold(message, |m, c| m.with_detail(format!("candidate: {c}"))),
            _ => message,
        }
    }
}

/// A document's version and kind, declared or detected, and what validation found.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Validated {
    /// The document's version.
    pub api_version: ApiVersion,
    /// The document's kind.
    pub kind: Kind,
    /// Every message, in document order.
    pub report: Report,
}

/// Detects the version and kind of a JSON document, decodes it and validates it: see
/// [`validate_value_as`], with nothing known in advance.
pub fn validate_value(value: &Value, opts: &ValidateOptions) -> Result<Validated, IdentifyError> {
    validate_value_as(value, Hint::default(), opts)
}

/// Takes what `hint` gives of a document's version and kind, detects the rest, decodes the
/// document and validates it.
///
/// With both version and kind in the hint, no detection happens; with one, detection is limited
/// to it. A document that does not decode still gives `Ok`: its report holds every decode error
/// (each missing field and wrongly typed value) followed by what the rules find in the rest of
/// it. Only a document whose version and kind cannot be told is an `Err`.
pub fn validate_value_as(
    value: &Value,
    hint: Hint,
    opts: &ValidateOptions,
) -> Result<Validated, IdentifyError> {
    hint.check()?;
    // `read_as` detects and decodes in one go; only a document that fails to decode pays for a
    // second detection, to learn what it was meant to be.
    let (api_version, kind, report) = match Document::read_as_ref(value, hint) {
        Ok(doc) => (doc.api_version(), doc.kind(), validate(&doc, opts)),
        Err(ReadError::Decode(error)) => {
            let (version, kind) = match hint.exact() {
                Some(exact) => exact,
                None => {
                    let found = Document::detect_as(value, hint)?;
                    (found.api_version, found.kind)
                }
            };
            let recovered = decode::recover(error, value, version, kind);
            let mut messages = recovered.messages;
            if let Some(document) = &recovered.document {
                let placeholders = &recovered.placeholders;
                for message in validate(document, opts) {
                    let about_placeholder =
                        placeholders.iter().any(|p| message.path.starts_with(p));
                    let repeated = messages
                        .iter()
                        .any(|m| m.code == message.code && m.path == message.path);
                    if !about_placeholder && !repeated {
                        messages.push(message);
                    }
                }
            }
            (version, kind, Report::from(messages))
        }
        Err(ReadError::NoSuchKind(error)) => return Err(error.into()),
        Err(ReadError::Detect(error)) => return Err(error.into()),
        Err(other) => unreachable!("read_as reports no other error: {other}"),
    };
    Ok(Validated {
        api_version,
        kind,
        report,
    })
}

/// A document whose version and kind could not be told (or text that is not JSON), with every
/// message that could still be given: [`validate_text`] and [`validate_parsed`] report duplicate
/// keys even then.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{error}")]
#[non_exhaustive]
pub struct Unidentified {
    /// Why the document could not be validated.
    pub error: IdentifyError,
    /// Every `duplicate-key` message, then [`IdentifyError::to_message`].
    pub report: Report,
}

/// Validates JSON text: [`validate_parsed`] after
/// [`versori_model::json::from_slice`] (a leading UTF-8 byte order mark is skipped).
///
/// This is the entry point for anything that holds the text: it is the only one that can see a
/// key given twice in one object, which a `serde_json::Value` has already resolved.
pub fn validate_text(
    text: &[u8],
    hint: Hint,
    opts: &ValidateOptions,
) -> Result<Validated, Unidentified> {
    match versori_model::json::from_slice(text) {
        Ok(parsed) => validate_parsed(&parsed.value, &parsed.duplicates, hint, opts),
        Err(error) => {
            let error = IdentifyError::Json(error);
            let report = Report::from(vec![error.to_message()]);
            Err(Unidentified { error, report })
        }
    }
}

/// Validates a document read by [`versori_model::json::from_slice`], given as the
/// [`Parsed`](versori_model::json::Parsed) value and duplicates: every duplicate key is a
/// `duplicate-key` error at its pointer, first, followed by the report of
/// [`validate_value_as`] on the value (which holds each duplicated key's last value).
pub fn validate_parsed(
    value: &Value,
    duplicates: &[Pointer],
    hint: Hint,
    opts: &ValidateOptions,
) -> Result<Validated, Unidentified> {
    let mut messages = duplicate_key_messages(duplicates);
    match validate_value_as(value, hint, opts) {
        Ok(mut validated) => {
            if !messages.is_empty() {
                messages.extend(validated.report);
                validated.report = Report::from(messages);
            }
            Ok(validated)
        }
        Err(error) => {
            messages.push(error.to_message());
            Err(Unidentified {
                error,
                report: Report::from(messages),
            })
        }
    }
}

/// One `duplicate-key` error per pointer (see [`versori_model::json::Parsed::duplicates`]).
pub fn duplicate_key_messages(pointers: &[Pointer]) -> Vec<ValidationMessage> {
    pointers
        .iter()
        .map(|pointer| {
            let text = match pointer.tokens().last() {
                Some(key) => format!(
                    "`{key}` appears more than once in this object; JSON readers disagree on \
                     which value counts (this report reads the last)"
                ),
                None => "a key appears more than once".to_owned(),
            };
            ValidationMessage::new(Code::DuplicateKey, Severity::Error, pointer.clone(), text)
        })
        .collect()
}
