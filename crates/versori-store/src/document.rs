//! The work on one stored value, without a database: parse, migrate or validate, serialize.
//!
//! This calls versori-migrate and versori-validate exactly as `versori migrate` and
//! `versori validate` do for a document read from an NDJSON file (same hint, same options,
//! the same `normalized` infos for a same-version migration, the same compact serialization),
//! so a row's result equals the file result for the same document: one migration, two front
//! ends. The CLI's tests compare the two on every bundled example.

use serde_json::Value;
use versori_migrate::{MigrateError, MigratedJson, Options, migrate_json};
use versori_model::{ApiVersion, Document, Hint, Kind};
use versori_validate::{
    Code, Pointer, Severity, ValidateOptions, Validated, ValidationMessage, validate_parsed,
    validate_value_as,
};

/// A stored value parsed as a document: a JSON object, and where it repeats a key.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Stored {
    /// The object (a repeated key holds its last value, as every JSON reader but this one
    /// would silently take).
    pub value: Value,
    /// Where a key appears a second time in one object (the later key's pointer). Only `json`
    /// and `text` columns can hold such a value: PostgreSQL keeps only the last of a repeated
    /// key in `jsonb`.
    pub duplicates: Vec<Pointer>,
}

/// A stored value parsed as a document (see [`Stored`]), or why it is not one.
///
/// SQL `NULL`, text that is not JSON, and JSON that is not an object are all `invalid-json`
/// (an error at the root): there is no document to work on, and the row is left as it is. The
/// text is read as the file CLI reads a line (a leading byte order mark skipped, repeated keys
/// recorded).
pub fn parse_stored(text: Option<&str>) -> Result<Stored, ValidationMessage> {
    let invalid = |text: String| {
        ValidationMessage::new(Code::InvalidJson, Severity::Error, Pointer::root(), text)
    };
    let Some(text) = text else {
        return Err(invalid("the column is NULL: there is no document".into()));
    };
    match versori_model::json::from_str(text) {
        Ok(parsed) if parsed.value.is_object() => Ok(Stored {
            value: parsed.value,
            duplicates: parsed.duplicates,
        }),
        Ok(_) => Err(invalid("the value is JSON but not an object".into())),
        // serde_json's message gives line and column, never the text itself.
        Err(_) => Err(invalid(match serde_json::from_str::<Value>(text) {
            Err(err) => format!("the value is not JSON: {err}"),
            Ok(_) => "the value is not JSON".to_owned(),
        })),
    }
}

/// [`migrate_value`] for a parsed stored value: a value that repeats a key is refused, as
/// `versori migrate` refuses it (readers disagree on which value counts, so migrating either
/// one would pass off a guess as the document), with what validation says of it.
pub fn migrate_stored(
    stored: &Stored,
    to: ApiVersion,
    hint: Hint,
    options: &Options,
    already_at_target: bool,
) -> MigratedValue {
    if stored.duplicates.is_empty() {
        return migrate_value(&stored.value, to, hint, options, already_at_target);
    }
    let refused = versori_migrate::refuse_repeated_keys(&stored.value, &stored.duplicates, hint);
    MigratedValue {
        api_version: refused.api_version,
        kind: refused.kind,
        output: Err(refused.reason),
        messages: refused.messages,
    }
}

/// What migrating one document produced.
#[derive(Clone, Debug, PartialEq)]
pub struct MigratedValue {
    /// The document's version, declared or detected (`None` when it could not be told).
    pub api_version: Option<ApiVersion>,
    /// The document's kind, declared or detected.
    pub kind: Option<Kind>,
    /// The migrated document, or why there is none.
    pub output: Result<Output, String>,
    /// Every message, in document order, as `versori migrate --report` lists them.
    pub messages: Vec<ValidationMessage>,
}

/// A migrated document.
#[derive(Clone, Debug, PartialEq)]
pub struct Output {
    /// As compact JSON: what `versori migrate` writes for an NDJSON line, without the newline.
    pub text: String,
    /// As the typed document.
    pub document: Document,
}

impl Output {
    /// Whether the migrated document equals `value` as JSON. Cheap when they differ: equal
    /// values serialize to the same number of bytes (the same serializer writes both, only the
    /// key order differs), so the JSON value is built only when the lengths agree.
    pub fn equals(&self, value: &Value) -> bool {
        compact_len(value) == self.text.len() && self.document.to_value().is_ok_and(|v| v == *value)
    }
}

/// The length of `value` as compact JSON, without building the text.
fn compact_len(value: &Value) -> usize {
    struct Count(usize);
    impl std::io::Write for Count {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0 += buf.len();
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut count = Count(0);
    match serde_json::to_writer(&mut count, value) {
        Ok(()) => count.0,
        Err(_) => usize::MAX,
    }
}

impl MigratedValue {
    /// Whether the migrated document has an `error` message.
    pub fn has_errors(&self) -> bool {
        self.messages.iter().any(|m| m.severity == Severity::Error)
    }
}

/// Migrates one document as `versori migrate --to to [--from V] [--kind K]` does with `options`.
///
/// `already_at_target`: when the hint does not fit the document but the document reads as the
/// target version, treat it as a document a previous run already migrated (a same-version
/// migration) rather than refusing it. The store sets it for in-place runs, where a rerun finds
/// its own earlier output under a `--from`/`--kind` that described the original; the file CLI
/// never needs it.
pub fn migrate_value(
    value: &Value,
    to: ApiVersion,
    hint: Hint,
    options: &Options,
    already_at_target: bool,
) -> MigratedValue {
    let document = match Document::read_as(value.clone(), hint) {
        Ok(document) => document,
        Err(_) => {
            let earlier_output = (already_at_target && !hint.is_empty())
                .then(|| Document::read_as(value.clone(), Hint::default().version(to)).ok())
                .flatten();
            match earlier_output {
                Some(document) => document,
                None => return unreadable(value, hint),
            }
        }
    };
    let (api_version, kind) = (Some(document.api_version()), Some(document.kind()));
    let same_version = document.api_version() == to;
    // The text is the one the migration's read-back check already wrote.
    let migrated = migrate_json(document, to, options)
        .map(|MigratedJson { migrated, json, .. }| (migrated, json));
    match migrated {
        Ok((mut done, text)) => {
            if same_version {
                // As the file CLI does: a same-version migration checks that the typed round
                // trip loses nothing, and says where the written JSON differs from what was read.
                let written = done.document.to_value().unwrap_or(Value::Null);
                let mut paths = Vec::new();
                differences(value, &written, Pointer::root(), &mut paths);
                for path in paths {
                    done.report.push(ValidationMessage::new(
                        Code::Normalized,
                        Severity::Info,
                        path,
                        "the typed round trip writes this differently (see the README's normalisation list)",
                    ));
                }
            }
            let output = Ok(Output {
                text,
                document: done.document,
            });
            MigratedValue {
                api_version,
                kind,
                output,
                messages: done.report.into_messages(),
            }
        }
        Err(err) => {
            let messages = match &err {
                MigrateError::Refused { report, .. } => report.messages().to_vec(),
                _ => vec![ValidationMessage::new(
                    Code::NotRepresentable,
                    Severity::Error,
                    Pointer::root(),
                    err.to_string(),
                )],
            };
            MigratedValue {
                api_version,
                kind,
                output: Err(versori_migrate::rejection_reason(
                    &messages,
                    &err.to_string(),
                )),
                messages,
            }
        }
    }
}

/// A document that does not read: say why in the terms `versori validate` would.
fn unreadable(value: &Value, hint: Hint) -> MigratedValue {
    let opts = ValidateOptions::default();
    let (api_version, kind, messages) = match validate_value_as(value, hint, &opts) {
        Ok(validated) => (
            Some(validated.api_version),
            Some(validated.kind),
            validated.report.into_messages(),
        ),
        Err(input) => (hint.api_version, hint.kind, vec![input.to_message()]),
    };
    MigratedValue {
        api_version,
        kind,
        output: Err(versori_migrate::unread_reason(&messages, api_version, kind)),
        messages,
    }
}

/// What validating one document produced: the `versori validate --format json` record's
/// `apiVersion`, `kind` and `messages`.
#[derive(Clone, Debug, PartialEq)]
pub struct ValidatedValue {
    /// The document's version (`None` when it could not be told).
    pub api_version: Option<ApiVersion>,
    /// The document's kind.
    pub kind: Option<Kind>,
    /// Every message, in document order.
    pub messages: Vec<ValidationMessage>,
}

/// Validates one stored value as `versori validate [--api-version V] [--kind K]` does a
/// document from a file.
pub fn validate_stored(
    text: Option<&str>,
    hint: Hint,
    options: &ValidateOptions,
) -> ValidatedValue {
    let stored = match parse_stored(text) {
        Ok(stored) => stored,
        Err(message) => {
            return ValidatedValue {
                api_version: None,
                kind: None,
                messages: vec![message],
            };
        }
    };
    // Repeated keys are reported first, beside what validation finds (as in `versori validate`).
    match validate_parsed(&stored.value, &stored.duplicates, hint, options) {
        Ok(Validated {
            api_version,
            kind,
            report,
            ..
        }) => ValidatedValue {
            api_version: Some(api_version),
            kind: Some(kind),
            messages: report.into_messages(),
        },
        Err(unidentified) => ValidatedValue {
            api_version: None,
            kind: None,
            messages: unidentified.report.into_messages(),
        },
    }
}

/// The pointers at which two JSON values differ (a missing key, a different scalar or length);
/// the same walk as the file CLI's, so the `normalized` infos agree.
fn differences(a: &Value, b: &Value, at: Pointer, out: &mut Vec<Pointer>) {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for key in x.keys().chain(y.keys().filter(|k| !x.contains_key(*k))) {
                match (x.get(key), y.get(key)) {
                    (Some(p), Some(q)) => differences(p, q, at.join(key.as_str()), out),
                    _ => out.push(at.join(key.as_str())),
                }
            }
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            for (i, (p, q)) in x.iter().zip(y).enumerate() {
                differences(p, q, at.join(i), out);
            }
        }
        _ if a != b => out.push(at),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const V1_CREDENTIAL: &str = r#"{"id":"c1","organisationId":"o","type":"string","name":"key","data":{"value":"s3cret"}}"#;

    #[test]
    fn values_that_are_not_documents_are_invalid_json() {
        for text in [None, Some("{not json"), Some("[1,2]"), Some("42")] {
            let err = parse_stored(text).unwrap_err();
            assert_eq!((err.code, err.path.is_root()), (Code::InvalidJson, true));
            assert!(!err.text.contains("not json"), "never quotes the value");
        }
        assert!(parse_stored(Some(V1_CREDENTIAL)).is_ok());
    }

    #[test]
    fn a_repeated_key_is_refused_and_reported_as_the_file_cli_does() {
        // A `json` or `text` column keeps what `jsonb` would have dropped silently.
        let text = r#"{"id":"c1","organisationId":"o","type":"string","name":"key","name":"other","data":{"value":"s3cret"}}"#;
        let stored = parse_stored(Some(text)).unwrap();
        assert_eq!(stored.duplicates, [Pointer::root().join("name")]);
        let done = migrate_stored(
            &stored,
            ApiVersion::V2,
            Hint::default(),
            &Options::default(),
            false,
        );
        let reason = done.output.expect_err("refused");
        assert!(reason.contains("/name"), "{reason}");
        assert_eq!(
            (done.messages[0].code, done.messages[0].path.as_str()),
            (Code::DuplicateKey, "/name")
        );
        let validated = validate_stored(Some(text), Hint::default(), &ValidateOptions::default());
        assert_eq!(validated.messages[0].code, Code::DuplicateKey);
        // Without the repeat, the same document migrates.
        let once = parse_stored(Some(V1_CREDENTIAL)).unwrap();
        assert!(once.duplicates.is_empty());
        let done = migrate_stored(
            &once,
            ApiVersion::V2,
            Hint::default(),
            &Options::default(),
            false,
        );
        assert!(done.output.is_ok());
    }

    #[test]
    fn migrates_and_serializes_compactly() {
        let value = parse_stored(Some(V1_CREDENTIAL)).unwrap().value;
        let done = migrate_value(
            &value,
            ApiVersion::V2,
            Hint::default(),
            &Options::default(),
            false,
        );
        let output = done.output.unwrap();
        assert!(!output.text.contains('\n'));
        let value: Value = serde_json::from_str(&output.text).unwrap();
        assert_eq!(value["data"]["string"]["value"], "s3cret");
        assert!(output.equals(&value));
        assert!(!output.equals(&serde_json::json!({"id": "c1"})));
        assert_eq!(done.api_version, Some(ApiVersion::V1));
    }

    #[test]
    fn a_rerun_reads_its_own_output_under_the_original_hint() {
        let value = parse_stored(Some(V1_CREDENTIAL)).unwrap().value;
        let hint = Hint::default().version(ApiVersion::V1);
        let first = migrate_value(&value, ApiVersion::V2, hint, &Options::default(), true);
        let v2: Value = serde_json::from_str(&first.output.unwrap().text).unwrap();
        let again = migrate_value(&v2, ApiVersion::V2, hint, &Options::default(), true);
        assert_eq!(again.api_version, Some(ApiVersion::V2));
        assert!(
            again.output.unwrap().equals(&v2),
            "a same-version migration changes nothing"
        );
        // Without the flag (the file CLI), the hint decides.
        let refused = migrate_value(&v2, ApiVersion::V2, hint, &Options::default(), false);
        assert!(refused.output.is_err());
    }
}
