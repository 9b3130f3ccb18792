//! Rules every version shares: unknown keys, open enums, URLs, timestamps, secrets, uniqueness,
//! scopes, protocol-specific fields and credential compatibility.

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset};
use versori_model::{Extra, Message, Secret, Timestamp};

use super::Ctx;
use super::names as n;
use crate::Pointer;
use crate::{Code, Severity};

/// The key migration keeps fields the target version cannot hold under (`--preserve`).
pub(crate) const PRESERVED_KEY: &str = "x-versori-preserved";

/// A string enum of the model with an `Unknown(String)` catch-all.
pub(crate) trait OpenEnum {
    /// The value as written.
    fn wire(&self) -> &str;
    /// Whether the API documents the value.
    fn known(&self) -> bool;
    /// Every documented value.
    fn allowed() -> &'static [&'static str];
}

macro_rules! open_enums {
    ($($ty:path),+ $(,)?) => {$(
        impl OpenEnum for $ty {
            fn wire(&self) -> &str { self.as_str() }
            fn known(&self) -> bool { self.is_known() }
            fn allowed() -> &'static [&'static str] { <$ty>::KNOWN_WIRE }
        }
    )+};
}

open_enums!(
    versori_model::MessageSeverity,
    versori_model::v1alpha1::ProtocolType,
    versori_model::v1alpha1::AuthSchemeType,
    versori_model::v1alpha1::ParameterLocation,
    versori_model::v1alpha1::HmacAlgorithm,
    versori_model::v1alpha1::HmacDigestInput,
    versori_model::v1alpha1::CredentialType,
    versori_model::v1::ProtocolType,
    versori_model::v1::AuthSchemeType,
    versori_model::v1::ParameterLocation,
    versori_model::v1::HmacAlgorithm,
    versori_model::v1::HmacDigestInput,
    versori_model::v1::GrantType,
    versori_model::v1::CredentialType,
    versori_model::v2::AuthSchemeType,
    versori_model::v2::ParameterLocation,
    versori_model::v2::HmacAlgorithm,
    versori_model::v2::HmacDigestInput,
    versori_model::v2::HmacEncoding,
    versori_model::v2::GrantType,
    versori_model::v2::ParameterTransmission,
    versori_model::v2::ParameterConfigLocation,
    versori_model::v2::ParameterConfigUsage,
    versori_model::v2::CredentialType,
);

/// `allowed: a, b, c`, the detail line of `unsupported-value`.
pub(crate) fn allowed(values: &[&str]) -> String {
    format!("allowed: {}", values.join(", "))
}

/// Reports an undocumented enum value at `key`.
pub(crate) fn enum_at<E: OpenEnum>(cx: &mut Ctx, key: &str, value: &E) {
    cx.at(key, |cx| enum_here(cx, value));
}

/// Reports an undocumented enum value at the current path.
pub(crate) fn enum_here<E: OpenEnum>(cx: &mut Ctx, value: &E) {
    if !value.known() {
        cx.report(
            Code::UnsupportedValue,
            Severity::Error,
            format!("`{}` is not a documented value", value.wire()),
        )
        .detail
        .push(allowed(E::allowed()));
    }
}

/// The key an editor reads to pick a document's JSON Schema; allowed at the root of any document.
pub(crate) const SCHEMA_KEY: &str = "$schema";

/// Reports every key of `extra` (keys the model does not know) by name, never by value; a root
/// `$schema` is an editor's schema association and is not reported.
pub(crate) fn extra(cx: &mut Ctx, extra: &Extra) {
    for key in extra.keys() {
        if key == SCHEMA_KEY && cx.path().is_root() {
            // An editor's schema association (`"$schema": "...schema.json"`); see schemas/README.md.
            continue;
        }
        if key == PRESERVED_KEY {
            cx.report_at(
                key,
                Code::UnknownField,
                Severity::Info,
                format!(
                    "`{PRESERVED_KEY}` holds fields a migration preserved; the API does not know it"
                ),
            );
        } else {
            cx.report_at(
                key,
                Code::UnknownField,
                Severity::Warning,
                format!("unknown field `{key}`"),
            );
        }
    }
}

/// The `validationMessages`/`messages` of a resource: read-only in a request, each a [`Message`].
pub(crate) fn messages(cx: &mut Ctx, key: &str, messages: Option<&Vec<Message>>, read_only: bool) {
    let Some(messages) = messages else { return };
    if read_only && cx.is_request() {
        cx.report_at(
            key,
            Code::ReadOnlyIgnored,
            Severity::Info,
            format!("`{key}` is read-only; the API ignores it in a request"),
        );
    }
    cx.each(key, messages, |cx, _, message| {
        enum_at(cx, n::SEVERITY, &message.severity);
        extra(cx, &message.extra);
    });
}

/// Parses the timestamp at `key`, reporting `invalid-date-time` when it is not RFC 3339.
pub(crate) fn timestamp(
    cx: &mut Ctx,
    key: &str,
    value: &Timestamp,
) -> Option<DateTime<FixedOffset>> {
    match value.parse() {
        Ok(parsed) => Some(parsed),
        Err(_) => {
            cx.report_at(
                key,
                Code::InvalidDateTime,
                Severity::Error,
                format!("`{key}` is not an RFC 3339 date-time"),
            )
            .detail
            .push("e.g. 2024-03-01T10:00:00Z".to_owned());
            None
        }
    }
}

/// `createdAt` and `updatedAt`: both RFC 3339, and `updatedAt` not before `createdAt`.
pub(crate) fn created_updated(cx: &mut Ctx, created: &Timestamp, updated: &Timestamp) {
    let created = timestamp(cx, n::CREATED_AT, created);
    let updated = timestamp(cx, n::UPDATED_AT, updated);
    if let (Some(created), Some(updated)) = (created, updated) {
        if updated < created {
            cx.report_at(
                n::UPDATED_AT,
                Code::TimestampOrder,
                Severity::Warning,
                "`updatedAt` is before `createdAt`",
            )
            .detail
            .push(format!("createdAt: {}", created.to_rfc3339()));
        }
    }
}

/// A credential's `expiresAt`: RFC 3339, and a warning when it has passed (the API deletes the
/// credential then).
pub(crate) fn expires_at(cx: &mut Ctx, value: Option<&Timestamp>) {
    let Some(value) = value else { return };
    if let Some(at) = timestamp(cx, n::EXPIRES_AT, value) {
        if at <= cx.now() {
            cx.report_at(
                n::EXPIRES_AT,
                Code::Expired,
                Severity::Warning,
                "the credential has expired; the API deletes a credential at `expiresAt`",
            );
        }
    }
}

/// A secret at `key`: reported when it holds the API's mask. Never shows the value.
pub(crate) fn secret(cx: &mut Ctx, key: &str, value: &Secret) {
    if value.is_redacted() {
        if cx.is_creating() {
            cx.report_at(
                key,
                Code::RedactedSecret,
                Severity::Warning,
                format!("`{key}` holds the `******` mask; creating with it stores the mask as the secret"),
            );
        } else {
            cx.report_at(
                key,
                Code::RedactedSecret,
                Severity::Info,
                format!(
                    "`{key}` holds the `******` mask, not the secret; it cannot be copied as is"
                ),
            );
        }
    }
}

/// [`secret`] for an optional secret.
pub(crate) fn secret_opt(cx: &mut Ctx, key: &str, value: Option<&Secret>) {
    if let Some(value) = value {
        secret(cx, key, value);
    }
}

/// What a URL field accepts besides an absolute http(s) URL.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum UrlRule {
    /// Only an absolute http(s) URL.
    Absolute,
    /// An absolute http(s) URL, or `""` (which the API gives a meaning).
    OrEmpty,
}

/// Why a URL is not acceptable, and how seriously.
pub(crate) struct UrlProblem {
    pub(crate) severity: Severity,
    pub(crate) reason: &'static str,
}

/// Checks an absolute http(s) URL. `{templated}` and `{{ templated }}` parts are replaced by a
/// placeholder before parsing, so `https://{tenant}.example.com` is accepted.
pub(crate) fn check_url(value: &str) -> Result<(), UrlProblem> {
    let error = |reason| UrlProblem {
        severity: Severity::Error,
        reason,
    };
    if value.is_empty() {
        return Err(error("it is empty"));
    }
    let substituted = substitute_templates(value).ok_or(error("a `{` template is not closed"))?;
    if plainly_valid(&substituted) {
        return Ok(());
    }
    if substituted.chars().any(char::is_whitespace) {
        return Err(error("it contains whitespace"));
    }
    let parsed = url::Url::parse(&substituted).map_err(|err| match err {
        url::ParseError::RelativeUrlWithoutBase => error("it is not absolute (no scheme)"),
        url::ParseError::EmptyHost => error("it has no host"),
        url::ParseError::InvalidPort => error("its port is not valid"),
        _ => error("it does not parse as a URL"),
    })?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(error("its scheme is not http or https"));
    }
    if parsed.host_str().is_none_or(str::is_empty) {
        return Err(error("it has no host"));
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(UrlProblem {
            severity: Severity::Warning,
            reason: "it embeds credentials; keep them in a credential instead",
        });
    }
    Ok(())
}

/// The common case, decided without a full parse: `http(s)://`, a host name of ASCII letters,
/// digits, `-` and `.` whose last label does not start with a digit (so not an IPv4 address,
/// which the URL parser checks), an optional numeric port, then printable ASCII. Anything else
/// goes to the `url` crate, so this only ever accepts what it would accept.
fn plainly_valid(value: &str) -> bool {
    let Some(rest) = value
        .strip_prefix("https://")
        .or_else(|| value.strip_prefix("http://"))
    else {
        return false;
    };
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(end);
    let (host, port) = match authority.split_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (authority, None),
    };
    let last_label = host.trim_end_matches('.').rsplit('.').next().unwrap_or("");
    !host.is_empty()
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.')
        && last_label
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_alphabetic())
        && port.is_none_or(|port| {
            !port.is_empty()
                && port.bytes().all(|b| b.is_ascii_digit())
                && port.parse::<u16>().is_ok()
        })
        && tail.bytes().all(|b| b.is_ascii_graphic())
}

/// Replaces every `{...}` and `{{...}}` with `x`; `None` when a brace is not closed.
fn substitute_templates(value: &str) -> Option<std::borrow::Cow<'_, str>> {
    if !value.contains(['{', '}']) {
        return Some(value.into());
    }
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open..];
        let close = if after.starts_with("{{") {
            after.find("}}").map(|at| at + 2)
        } else {
            after.find('}').map(|at| at + 1)
        }?;
        out.push('x');
        rest = &after[close..];
    }
    if rest.contains('}') {
        return None;
    }
    out.push_str(rest);
    Some(out.into())
}

/// A URL field at `key`.
pub(crate) fn url(cx: &mut Ctx, key: &str, value: &str, rule: UrlRule) {
    if rule == UrlRule::OrEmpty && value.is_empty() {
        return;
    }
    if let Err(problem) = check_url(value) {
        cx.report_at(
            key,
            Code::InvalidUrl,
            problem.severity,
            format!("`{key}` is not an absolute http(s) URL: {}", problem.reason),
        );
    }
}

/// [`url()`] for an optional field.
pub(crate) fn url_opt(cx: &mut Ctx, key: &str, value: Option<&String>, rule: UrlRule) {
    if let Some(value) = value {
        url(cx, key, value, rule);
    }
}

/// Tracks values that must be unique in a list, reporting each later use of a value at the
/// field that holds it, with where it was first used in `detail`.
pub(crate) struct Unique<'a> {
    code: Code,
    severity: Severity,
    what: &'static str,
    first: BTreeMap<&'a str, Pointer>,
}

impl<'a> Unique<'a> {
    /// Unique ids (`duplicate-id`, an error).
    pub(crate) fn ids(what: &'static str) -> Self {
        Self::new(Code::DuplicateId, Severity::Error, what)
    }

    /// Unique names (`duplicate-name`, with the given severity).
    pub(crate) fn names(what: &'static str, severity: Severity) -> Self {
        Self::new(Code::DuplicateName, severity, what)
    }

    fn new(code: Code, severity: Severity, what: &'static str) -> Self {
        Self {
            code,
            severity,
            what,
            first: BTreeMap::new(),
        }
    }

    /// Checks `value`, held at `field` (a path of JSON names) below the current path.
    pub(crate) fn check(&mut self, cx: &mut Ctx, field: &[&str], value: &'a str) {
        let mut path = cx.path().clone();
        for token in field {
            path.push(*token);
        }
        match self.first.get(value) {
            Some(first) => {
                let detail = format!("first used at {first}");
                cx.report_path(
                    path,
                    self.code,
                    self.severity,
                    format!("{} `{value}` is used twice", self.what),
                )
                .detail
                .push(detail);
            }
            None => {
                self.first.insert(value, path);
            }
        }
    }
}

/// Variables (`{name, value}`): names unique in the list (a warning: templates would see only one).
pub(crate) fn variables<'a>(
    cx: &mut Ctx,
    key: &str,
    variables: impl IntoIterator<Item = (&'a str, &'a Extra)>,
) {
    let variables: Vec<_> = variables.into_iter().collect();
    let mut names = Unique::names("variable name", Severity::Warning);
    cx.each(key, &variables, |cx, _, (name, rest)| {
        names.check(cx, &[n::NAME], name);
        extra(cx, rest);
    });
}

/// OAuth 2.0 `scopes` (names unique) and `defaultScopes` (each one of `scopes`).
pub(crate) fn scopes<'a>(
    cx: &mut Ctx,
    scopes: impl IntoIterator<Item = (&'a str, &'a Extra)>,
    default_scopes: Option<&[String]>,
) {
    let scopes: Vec<_> = scopes.into_iter().collect();
    let mut names = Unique::names("scope", Severity::Warning);
    cx.each(n::SCOPES, &scopes, |cx, _, (name, rest)| {
        names.check(cx, &[n::NAME], name);
        extra(cx, rest);
    });
    let Some(default_scopes) = default_scopes else {
        return;
    };
    cx.each(n::DEFAULT_SCOPES, default_scopes, |cx, _, scope| {
        if !scopes.iter().any(|(name, _)| name == scope) {
            cx.report(
                Code::UndeclaredScope,
                Severity::Warning,
                format!("default scope `{scope}` is not among `scopes`"),
            );
        }
    });
}

/// The protocol of a v1alpha1 connection or v1 connector, for [`protocol_fields`].
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Protocol {
    Http,
    Bigquery,
    Unknown,
}

/// `baseUrl` belongs to (and is required by) `http`, `datasetId` to `bigquery`; `http_only`
/// names further fields that only `http` has, with whether they are set.
pub(crate) fn protocol_fields(
    cx: &mut Ctx,
    protocol: Protocol,
    base_url: Option<&String>,
    dataset_id: Option<&String>,
    http_only: &[(&str, bool)],
) {
    let ignored = |cx: &mut Ctx, key: &str, owner: &str| {
        cx.report_at(
            key,
            Code::IgnoredField,
            Severity::Warning,
            format!("`{key}` belongs to `{owner}`; this document's protocol ignores it"),
        );
    };
    match protocol {
        Protocol::Http => match base_url {
            Some(base_url) => url(cx, n::BASE_URL, base_url, UrlRule::Absolute),
            None => {
                cx.report_at(
                    n::BASE_URL,
                    Code::Required,
                    Severity::Error,
                    "`baseUrl` is required when `protocol` is `http`",
                );
            }
        },
        Protocol::Bigquery => {
            if base_url.is_some() {
                ignored(cx, n::BASE_URL, "http");
            }
        }
        Protocol::Unknown => url_opt(cx, n::BASE_URL, base_url, UrlRule::Absolute),
    }
    match protocol {
        Protocol::Bigquery => match dataset_id {
            Some(dataset_id) => {
                let parts: Vec<_> = dataset_id.split('.').collect();
                if parts.len() != 2 || parts.iter().any(|part| part.is_empty()) {
                    cx.report_at(
                        n::DATASET_ID,
                        Code::InvalidValue,
                        Severity::Warning,
                        "`datasetId` should be `<project>.<dataset>`",
                    );
                }
            }
            None => {
                cx.report_at(
                    n::DATASET_ID,
                    Code::Required,
                    Severity::Error,
                    "`datasetId` is required when `protocol` is `bigquery`",
                );
            }
        },
        Protocol::Http if dataset_id.is_some() => ignored(cx, n::DATASET_ID, "bigquery"),
        _ => {}
    }
    if protocol == Protocol::Bigquery {
        for (key, set) in http_only {
            if *set {
                ignored(cx, key, "http");
            }
        }
    }
}

/// The oauth2 grant settings rule (stated): `credentialId` and `organisationId` are both set
/// (merge-patch the credential) or both absent (create one); anything else is rejected.
pub(crate) fn grant_credential_pair(
    cx: &mut Ctx,
    credential_id: Option<&String>,
    organisation_id: Option<&String>,
) {
    let missing = match (credential_id, organisation_id) {
        (Some(_), None) => (n::ORGANISATION_ID, n::CREDENTIAL_ID),
        (None, Some(_)) => (n::CREDENTIAL_ID, n::ORGANISATION_ID),
        _ => return,
    };
    cx.report_at(
        missing.0,
        Code::Required,
        Severity::Error,
        format!(
            "`{}` is required when `{}` is set (both or neither)",
            missing.0, missing.1
        ),
    );
}

/// `mtlsCredentialId` (or `mTLSCredentialId`) has no effect unless mTLS is enabled.
pub(crate) fn mtls(
    cx: &mut Ctx,
    enabled_key: &str,
    enabled: Option<bool>,
    id_key: &str,
    id: Option<&String>,
) {
    if id.is_some() && enabled != Some(true) {
        cx.report_at(
            id_key,
            Code::IgnoredField,
            Severity::Warning,
            format!("`{id_key}` has no effect unless `{enabled_key}` is true"),
        );
    }
}

/// An OAuth 2.0 config with mTLS enabled and no `mtlsCredentialId` relies on the API linking a
/// `certificate` config automatically; in a list without one there is nothing to link.
pub(crate) fn mtls_link(
    cx: &mut Ctx,
    mtls_enabled: Option<bool>,
    mtls_credential_id: Option<&String>,
    has_certificate: bool,
) {
    if mtls_enabled == Some(true) && mtls_credential_id.is_none() && !has_certificate {
        cx.report_at(
            n::MTLS_ENABLED,
            Code::DanglingReference,
            Severity::Warning,
            "mTLS is enabled without `mtlsCredentialId` and there is no `certificate` config to link",
        );
    }
}

/// A credential bound to a config: its type must be one the scheme accepts (the tables are in
/// [`crate::compat`]); `accepted` is `None` for a scheme the tables do not cover.
pub(crate) fn compatible<C: OpenEnum + PartialEq>(
    cx: &mut Ctx,
    scheme: &str,
    credential_type: &C,
    accepted: Option<&[C]>,
) {
    let Some(accepted) = accepted else { return };
    if credential_type.known() && !accepted.contains(credential_type) {
        let wires: Vec<&str> = accepted.iter().map(OpenEnum::wire).collect();
        cx.report_at(
            n::TYPE,
            Code::IncompatibleCredential,
            Severity::Error,
            format!(
                "a `{}` credential cannot satisfy a `{scheme}` auth scheme",
                credential_type.wire()
            ),
        )
        .detail
        .push(allowed(&wires));
    }
}

/// HMAC `digestInputs`: documented values, and at least one (a signature over nothing proves
/// nothing).
pub(crate) fn digest_inputs<E: OpenEnum>(cx: &mut Ctx, inputs: &[E]) {
    if inputs.is_empty() {
        cx.report_at(
            n::DIGEST_INPUTS,
            Code::Empty,
            Severity::Warning,
            "`digestInputs` is empty, so the signature covers nothing",
        );
    }
    cx.each(n::DIGEST_INPUTS, inputs, |cx, _, input| {
        enum_here(cx, input)
    });
}

/// Version names the API reserves.
pub(crate) const RESERVED_VERSION_NAMES: &[&str] = &["default", "latest"];

/// What the version rules need of a v1alpha1 ConnectionVersion or v1 ConnectorVersion.
pub(crate) struct VersionView<'a> {
    pub(crate) name: &'a str,
    pub(crate) is_latest: bool,
    pub(crate) is_default: bool,
    pub(crate) published: bool,
}

/// `versions`: names unique and not reserved; one `isLatest` (a published version) and one
/// `isDefault` at most. `item` checks the rest of the version at `index`.
pub(crate) fn versions(
    cx: &mut Ctx,
    views: &[VersionView<'_>],
    mut item: impl FnMut(&mut Ctx, usize),
) {
    let mut names = Unique::names("version name", Severity::Error);
    let mut latest: Option<Pointer> = None;
    let mut default: Option<Pointer> = None;
    cx.each(n::VERSIONS, views, |cx, index, version| {
        if RESERVED_VERSION_NAMES.contains(&version.name) {
            cx.report_at(
                n::NAME,
                Code::ReservedName,
                Severity::Error,
                format!("`{}` is a reserved version name", version.name),
            )
            .detail
            .push(format!("reserved: {}", RESERVED_VERSION_NAMES.join(", ")));
        }
        names.check(cx, &[n::NAME], version.name);
        if version.is_latest && !version.published {
            cx.report_at(
                n::IS_LATEST,
                Code::InvalidValue,
                Severity::Warning,
                "a draft (`publishedAt` null) cannot be the latest version, the newest published one",
            );
        }
        for (flag, set, first) in [
            (n::IS_LATEST, version.is_latest, &mut latest),
            (n::IS_DEFAULT, version.is_default, &mut default),
        ] {
            if !set {
                continue;
            }
            let here = cx.path().join(flag);
            match first {
                Some(first) => {
                    let detail = format!("also set at {first}");
                    cx.report_path(
                        here,
                        Code::Conflict,
                        Severity::Warning,
                        format!("more than one version has `{flag}` set"),
                    )
                    .detail
                    .push(detail);
                }
                None => *first = Some(here),
            }
        }
        item(cx, index);
    });
}

/// Names a value's JSON type for messages ("a string", "an object").
pub(crate) fn json_type(value: &serde_json::Value) -> &'static str {
    use serde_json::Value;
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        for good in [
            "https://api.example.com",
            "http://localhost:8080/x?y=1",
            "https://{tenant}.example.com/oauth/{{ env.version }}/token",
            "https://{{ env.host }}",
        ] {
            assert!(check_url(good).is_ok(), "{good}");
        }
        for bad in [
            "",
            "api.example.com",
            "/relative",
            "ftp://example.com",
            "https://",
            " https://example.com",
            "https://example.com/{open",
            "https://exa mple.com",
            "mailto:someone@example.com",
        ] {
            let problem = check_url(bad).unwrap_err();
            assert_eq!(problem.severity, Severity::Error, "{bad}");
        }
        let creds = check_url("https://user:hunter2@example.com").unwrap_err();
        assert_eq!(creds.severity, Severity::Warning);
        for bad in ["https://1.2.3.999", "https://example.com:99999"] {
            assert!(check_url(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_fast_path_never_accepts_what_the_parser_rejects() {
        for candidate in [
            "https://api.example.com",
            "http://localhost:8080/x?y=1#z",
            "https://a..b",
            "https://-x-.example",
            "https://example.com:",
            "https://example.com:0/",
            "https://example.com/a%zz",
            "https://x.example.com/p/{q}",
            "https://1.2.3.4",
            "https://example.123",
        ] {
            if plainly_valid(candidate) {
                let parsed = url::Url::parse(candidate);
                assert!(parsed.is_ok(), "{candidate}");
            }
        }
    }
}
