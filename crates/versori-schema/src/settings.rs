//! [`settings`]: the schemars settings every export of a version uses, and the per-version
//! tables its transforms take from the model.

use std::borrow::Cow;

use schemars::JsonSchema;
use schemars::generate::SchemaSettings;
use serde_json::Value;
use versori_model::{ApiVersion, Timestamp, v1, v1alpha1, v2};

use crate::Variant;
use crate::catalogue::{self, TypeVisitor};
use crate::transform::{
    AcceptUnknownValues, AddExamples, AllowSchemaKey, DescribeEnumValues, DescriptionsAtUseSites,
    IfKeysThen, IfTagThen, MarkdownDescriptions, NoKeywordsBesideRef, NullOnlyWhereRequired,
    PruneUnusedDefinitions, RejectUnknownKeys, RequireAlwaysWritten, SkeletonSnippets,
    TaggedUnionsAsOneOf, TidyDescriptions, UrlPatterns, UrlRule,
};

/// The schemars settings for the kinds of `version`: draft 2020-12, deserialize contract (the
/// schemas describe documents to be read), and the [transforms](crate::transform) in this order:
///
/// 1. [`TidyDescriptions`];
/// 2. [`RequireAlwaysWritten`] for every kind of the version, then [`NullOnlyWhereRequired`],
///    and [`AddExamples`] (before the unions inline the types it names);
/// 3. [`DescribeEnumValues`], [`TaggedUnionsAsOneOf`] (`schemeType`, `grantType`), then
///    [`IfTagThen`] for the version's `type`-keyed types (v1alpha1/v1 `Credential` and
///    `CredentialCreate` `data`; v2 `AuthSchemeConfig`, `Grant` and `Credential` members) and
///    for `protocol` (`http` requires `baseUrl`, `bigquery` `datasetId`), [`IfKeysThen`] for the
///    v1alpha1 unions told apart by keys, then [`PruneUnusedDefinitions`];
/// 4. [`AllowSchemaKey`], [`UrlPatterns`];
/// 5. strict: [`RejectUnknownKeys`]; lenient: [`AcceptUnknownValues`] (unknown keys stay allowed,
///    as schemars renders the flattened `extra` maps);
/// 6. for editors: [`NoKeywordsBesideRef`], [`SkeletonSnippets`], [`DescriptionsAtUseSites`],
///    [`MarkdownDescriptions`], and [`PruneUnusedDefinitions`] again (inlined definitions).
///
/// [`export`](crate::export) adds only the file's [`RootMetadata`](crate::transform::RootMetadata).
pub fn settings(version: ApiVersion, variant: Variant) -> SchemaSettings {
    let lenient = variant.is_lenient();
    let mut settings = SchemaSettings::draft2020_12()
        .for_deserialize()
        .with_transform(TidyDescriptions)
        .with_transform(always_written(version))
        .with_transform(NullOnlyWhereRequired)
        .with_transform(examples(version))
        .with_transform(DescribeEnumValues)
        .with_transform(
            TaggedUnionsAsOneOf::new(lenient)
                .describe_tag(
                    "schemeType",
                    "Which auth scheme the config implements; it decides the config's other fields.",
                )
                .describe_tag(
                    "grantType",
                    "Which OAuth 2.0 grant; it decides the grant's other fields.",
                ),
        );
    for transform in conditions(version) {
        settings = settings.with_transform(transform);
    }
    for transform in decided_by_keys(version) {
        settings = settings.with_transform(transform);
    }
    settings = settings
        .with_transform(PruneUnusedDefinitions)
        .with_transform(AllowSchemaKey)
        .with_transform(urls(version));
    settings = if lenient {
        settings.with_transform(AcceptUnknownValues)
    } else {
        settings.with_transform(RejectUnknownKeys)
    };
    settings
        .with_transform(NoKeywordsBesideRef)
        .with_transform(SkeletonSnippets)
        .with_transform(DescriptionsAtUseSites)
        .with_transform(MarkdownDescriptions)
        .with_transform(PruneUnusedDefinitions)
}

/// [`RequireAlwaysWritten`] built from the serialize-contract schemas of every kind of `version`.
fn always_written(version: ApiVersion) -> RequireAlwaysWritten {
    struct Written;
    impl TypeVisitor for Written {
        type Output = RequireAlwaysWritten;
        fn visit<T: JsonSchema>(self) -> RequireAlwaysWritten {
            RequireAlwaysWritten::for_type::<T>()
        }
    }
    version
        .kinds()
        .iter()
        .filter_map(|kind| catalogue::visit(version, *kind, Written))
        .fold(RequireAlwaysWritten::default(), RequireAlwaysWritten::merge)
}

/// The `type`-keyed unions of `version`, with their cases from the model's own tables, and the
/// keys each `protocol` requires (as validation requires them).
fn conditions(version: ApiVersion) -> Vec<IfTagThen> {
    match version {
        ApiVersion::V1alpha1 => {
            let cases = || {
                v1alpha1::CredentialType::KNOWN
                    .iter()
                    .map(|t| (t.as_str().to_owned(), Some(v1alpha1_data(t))))
            };
            let protocols = || {
                use v1alpha1::ProtocolType as P;
                [P::Http, P::Bigquery]
                    .iter()
                    .map(|p| (p.as_str().to_owned(), protocol_requires(p.as_str())))
                    .collect::<Vec<_>>()
            };
            vec![
                IfTagThen::data_shape("Credential", "type", "data", cases()),
                IfTagThen::data_shape("CredentialCreate", "type", "data", cases()),
                IfTagThen::requires(v1alpha1::Connection::schema_name(), "protocol", protocols()),
                IfTagThen::requires(
                    v1alpha1::ConnectionUpdate::schema_name(),
                    "protocol",
                    protocols(),
                ),
            ]
        }
        ApiVersion::V1 => {
            let cases = || {
                v1::CredentialType::KNOWN
                    .iter()
                    .map(|t| (t.as_str().to_owned(), v1_data(t)))
            };
            let protocols = || {
                use v1::ProtocolType as P;
                [P::Http, P::Bigquery]
                    .iter()
                    .map(|p| (p.as_str().to_owned(), protocol_requires(p.as_str())))
                    .collect::<Vec<_>>()
            };
            vec![
                IfTagThen::data_shape("Credential", "type", "data", cases()),
                IfTagThen::data_shape("CredentialCreate", "type", "data", cases()),
                IfTagThen::requires(v1::Connector::schema_name(), "protocol", protocols()),
                IfTagThen::requires(v1::ConnectorUpdate::schema_name(), "protocol", protocols()),
            ]
        }
        ApiVersion::V2 => vec![
            IfTagThen::member(
                "AuthSchemeConfig",
                "type",
                v2::AuthSchemeType::KNOWN
                    .iter()
                    .map(|t| (t.as_str().to_owned(), t.member().map(str::to_owned))),
            ),
            // A grant without its member has no settings: validation warns, the API accepts it.
            IfTagThen::member_optional(
                "Grant",
                "type",
                v2::GrantType::KNOWN
                    .iter()
                    .map(|t| (t.as_str().to_owned(), t.member().map(str::to_owned))),
            ),
            IfTagThen::data_member(
                "Credential",
                "type",
                "data",
                v2::CredentialType::KNOWN
                    .iter()
                    .map(|t| (t.as_str().to_owned(), t.member().map(str::to_owned))),
            ),
        ],
        // A version newer than this release has no unions known to it.
        _ => Vec::new(),
    }
}

/// The keys a v1alpha1/v1 `protocol` requires: `baseUrl` for `http`, `datasetId` for
/// `bigquery`.
fn protocol_requires(protocol: &str) -> Vec<&'static str> {
    match protocol {
        "http" => vec!["baseUrl"],
        "bigquery" => vec!["datasetId"],
        other => unreachable!("`{other}` is not a known protocol"),
    }
}

/// The untagged unions of `version` that the model tells apart by the keys present.
fn decided_by_keys(version: ApiVersion) -> Vec<IfKeysThen> {
    match version {
        ApiVersion::V1alpha1 => vec![
            // `v1alpha1::EnvironmentUpdateOrCreate::deserialize`: an `id` makes it an update.
            IfKeysThen::new(
                v1alpha1::EnvironmentUpdateOrCreate::schema_name(),
                &["id"],
                &[],
                v1alpha1::EnvironmentUpdate::schema_name(),
                v1alpha1::EnvironmentCreate::schema_name(),
            ),
            // `v1alpha1::CredentialCreateOrReference::deserialize`: `id` without `type` is a
            // reference.
            IfKeysThen::new(
                v1alpha1::CredentialCreateOrReference::schema_name(),
                &["id"],
                &["type"],
                v1alpha1::InferredReference::schema_name(),
                v1alpha1::CredentialCreate::schema_name(),
            ),
        ],
        // v1, v2, and versions newer than this release: none.
        _ => Vec::new(),
    }
}

/// The URL fields without `format: uri` of `version`, with the rule validation checks them by
/// (see [`UrlPatterns`]).
fn urls(version: ApiVersion) -> UrlPatterns {
    match version {
        ApiVersion::V1alpha1 => UrlPatterns::new([
            (
                v1alpha1::Connection::schema_name(),
                "baseUrl",
                UrlRule::Absolute,
            ),
            (
                v1alpha1::ConnectionUpdate::schema_name(),
                "baseUrl",
                UrlRule::Absolute,
            ),
        ]),
        ApiVersion::V1 => UrlPatterns::new([(
            v1::OAuth2ClientData::schema_name(),
            "authorizeUrl",
            UrlRule::AbsoluteOrEmpty,
        )]),
        ApiVersion::V2 => UrlPatterns::new([
            (
                v2::Connection::schema_name(),
                "baseUrl",
                UrlRule::AbsoluteHostOrEmpty,
            ),
            (
                v2::System::schema_name(),
                "templateBaseUrl",
                UrlRule::Absolute,
            ),
            (
                v2::ConnectionTemplate::schema_name(),
                "templateBaseUrl",
                UrlRule::Absolute,
            ),
            (v2::Endpoint::schema_name(), "url", UrlRule::Absolute),
        ]),
        _ => UrlPatterns::new(std::iter::empty::<(&'static str, &'static str, UrlRule)>()),
    }
}

/// The `data` type of a v1alpha1 credential type, as `v1alpha1::CredentialData::decode` reads it.
fn v1alpha1_data(credential_type: &v1alpha1::CredentialType) -> Cow<'static, str> {
    use v1alpha1::CredentialType as T;
    match credential_type {
        T::None => v1alpha1::NoneData::schema_name(),
        T::String => v1alpha1::StringData::schema_name(),
        T::Binary => v1alpha1::BinaryData::schema_name(),
        T::BasicAuth => v1alpha1::BasicAuthData::schema_name(),
        T::OAuth2Client => v1alpha1::OAuth2ClientData::schema_name(),
        T::OAuth2Token => v1alpha1::OAuth2TokenData::schema_name(),
        other => unreachable!("`{other}` is not a known credential type"),
    }
}

/// The `data` type of a v1 credential type, as `v1::CredentialData::decode` reads it (`None`:
/// the API gives the type no data shape, any object is kept).
fn v1_data(credential_type: &v1::CredentialType) -> Option<Cow<'static, str>> {
    use v1::CredentialType as T;
    Some(match credential_type {
        T::None => v1::NoneData::schema_name(),
        T::String => v1::StringData::schema_name(),
        T::Binary => v1::BinaryData::schema_name(),
        T::BasicAuth | T::OAuth2Password => v1::UsernamePasswordData::schema_name(),
        T::OAuth2Client => v1::OAuth2ClientData::schema_name(),
        T::OAuth2Code => v1::OAuth2CodeData::schema_name(),
        T::OAuth2Token => v1::OAuth2TokenData::schema_name(),
        T::Certificate => v1::CertificateData::schema_name(),
        T::CustomFunction | T::JwtBearer => return None,
        other => unreachable!("`{other}` is not a known credential type"),
    })
}

/// The examples of `version`'s types (see [`AddExamples`]).
fn examples(version: ApiVersion) -> AddExamples {
    fn strings(values: &[&str]) -> Vec<Value> {
        values.iter().map(|v| Value::from(*v)).collect()
    }
    let timestamp = (
        Timestamp::schema_name(),
        None,
        strings(&["2024-05-01T09:00:00Z"]),
    );
    let dataset = strings(&["my-project.analytics"]);
    let api_key_name = strings(&["X-Api-Key", "Authorization"]);
    let hmac_name = strings(&["X-Hub-Signature-256", "Stripe-Signature"]);
    let version_name = strings(&["1.0.0", "2024-05"]);
    let authorize_params = strings(&["prompt=consent&access_type=offline"]);
    let token_params = strings(&["audience=https%3A%2F%2Fapi.example.com"]);
    let mut entries: Vec<(Cow<'static, str>, Option<&'static str>, Vec<Value>)> = vec![timestamp];
    let mut add = |name: Cow<'static, str>, property: &'static str, examples: &Vec<Value>| {
        entries.push((name, Some(property), examples.clone()));
    };
    match version {
        ApiVersion::V1alpha1 => {
            add(v1alpha1::Connection::schema_name(), "datasetId", &dataset);
            add(
                v1alpha1::ConnectionUpdate::schema_name(),
                "datasetId",
                &dataset,
            );
            add(v1alpha1::ApiKeyConfig::schema_name(), "name", &api_key_name);
            add(v1alpha1::HmacConfig::schema_name(), "name", &hmac_name);
            add(
                v1alpha1::ConnectionVersion::schema_name(),
                "name",
                &version_name,
            );
        }
        ApiVersion::V1 => {
            add(v1::Connector::schema_name(), "datasetId", &dataset);
            add(v1::ConnectorUpdate::schema_name(), "datasetId", &dataset);
            add(v1::ApiKeyConfig::schema_name(), "name", &api_key_name);
            add(v1::HmacConfig::schema_name(), "name", &hmac_name);
            add(v1::ConnectorVersion::schema_name(), "name", &version_name);
            add(
                v1::OAuth2Config::schema_name(),
                "additionalAuthorizeParams",
                &authorize_params,
            );
            add(
                v1::OAuth2Config::schema_name(),
                "additionalTokenParams",
                &token_params,
            );
            add(
                v1::OAuth2ClientData::schema_name(),
                "additionalParams",
                &token_params,
            );
            add(
                v1::OAuth2ClientData::schema_name(),
                "authorizeUrl",
                &strings(&["https://login.example.com/oauth2/authorize", ""]),
            );
        }
        ApiVersion::V2 => {
            let domain = strings(&["shopify", "api.example.com"]);
            add(v2::System::schema_name(), "domain", &domain);
            add(v2::ConnectionTemplate::schema_name(), "domain", &domain);
            add(
                v2::Connection::schema_name(),
                "baseUrl",
                &strings(&["https://eu.api.example.com", ""]),
            );
            add(v2::ApiKeyConfig::schema_name(), "name", &api_key_name);
            add(v2::HmacConfig::schema_name(), "name", &hmac_name);
            add(
                v2::OAuth2Config::schema_name(),
                "additionalAuthorizeParams",
                &authorize_params,
            );
            add(
                v2::OAuth2Config::schema_name(),
                "additionalTokenParams",
                &token_params,
            );
            add(
                v2::OAuth2ClientData::schema_name(),
                "additionalParams",
                &token_params,
            );
            add(
                v2::OAuth2TokenData::schema_name(),
                "tokenType",
                &strings(&["Bearer"]),
            );
        }
        _ => {}
    }
    AddExamples::new(entries)
}
