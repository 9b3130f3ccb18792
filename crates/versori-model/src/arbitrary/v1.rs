//! Strategies for the v1 kinds: [`connector`], [`connector_update`], [`connection`],
//! [`auth_scheme_config`] and [`credential`].
//!
//! Config ids are unique within each array; oauth2 `defaultScopes` are a subset of `scopes`;
//! grant `credentialId`/`organisationId` come in pairs; `mtlsCredentialId` is set only with
//! `mtlsEnabled: true`. Connections bind copies of their connector's configs, each with a
//! credential whose type fits the scheme (and, for oauth2, the grant).

use std::collections::BTreeMap;

use proptest::collection::{btree_map, vec};
use proptest::option;
use proptest::prelude::*;
use proptest::sample::select;
use serde_json::json;

use super::common::{
    Window, base64_secret, child_window, config_id, credential_errors, dataset_id, description,
    display_name, extra, form_params, future_timestamp, https_url, make_unique, message, pem,
    plain_value, scope_name, secret, subset, ulid, validation_messages, variable_name, window,
};
use crate::v1::*;

fn location() -> BoxedStrategy<ParameterLocation> {
    select(ParameterLocation::KNOWN.to_vec()).boxed()
}

fn digest_inputs() -> BoxedStrategy<Vec<HmacDigestInput>> {
    use HmacDigestInput::{Body, Url};
    select(vec![
        vec![Body],
        vec![Url],
        vec![Body, Url],
        vec![Url, Body],
    ])
    .boxed()
}

fn api_key_name() -> BoxedStrategy<String> {
    prop_oneof![
        select(vec!["X-Api-Key", "Authorization", "api_key", "token"]).prop_map(str::to_owned),
        "X-[A-Z][a-z]{2,8}-Key",
    ]
    .boxed()
}

fn scopes_and_defaults() -> BoxedStrategy<(Vec<OAuth2Scope>, Vec<String>)> {
    (
        vec(
            (scope_name(), option::of(description()), extra()).prop_map(
                |(name, description, extra)| OAuth2Scope {
                    name,
                    description,
                    extra,
                },
            ),
            0..3,
        ),
        vec(any::<bool>(), 3),
    )
        .prop_map(|(mut scopes, mask)| {
            make_unique(scopes.iter_mut().map(|s| &mut s.name));
            let names: Vec<String> = scopes.iter().map(|s| s.name.clone()).collect();
            let defaults = subset(&names, &mask);
            (scopes, defaults)
        })
        .boxed()
}

/// `(mtlsEnabled, mtlsCredentialId)`: the id only, and always, when enabled (so nothing
/// depends on the API linking a certificate config by itself).
fn mtls() -> BoxedStrategy<(Option<bool>, Option<String>)> {
    prop_oneof![
        3 => Just((None, None)),
        1 => Just((Some(false), None)),
        1 => ulid().prop_map(|id| (Some(true), Some(id))),
    ]
    .boxed()
}

fn grant_credentials() -> BoxedStrategy<GrantCredentials> {
    (
        option::of((ulid(), ulid())),
        option::of(plain_value()),
        option::of(secret()),
        extra(),
    )
        .prop_map(|(pair, client_id, client_secret, extra)| {
            let (credential_id, organisation_id) = pair.unzip();
            GrantCredentials {
                credential_id,
                organisation_id,
                client_id,
                client_secret,
                extra,
            }
        })
        .boxed()
}

fn grant() -> BoxedStrategy<Grant> {
    prop_oneof![
        grant_credentials().prop_map(Grant::AuthorizationCode),
        extra().prop_map(|extra| Grant::ClientCredentials(ClientCredentialsGrant { extra })),
        grant_credentials().prop_map(Grant::Password),
    ]
    .boxed()
}

fn oauth2_config() -> BoxedStrategy<OAuth2Config> {
    (
        (config_id(), description(), https_url(), https_url()),
        scopes_and_defaults(),
        (option::of(form_params()), option::of(form_params())),
        mtls(),
        grant(),
        validation_messages(),
        extra(),
    )
        .prop_map(
            |(
                (id, description, authorize_url, token_url),
                (scopes, default_scopes),
                (additional_authorize_params, additional_token_params),
                (mtls_enabled, mtls_credential_id),
                grant,
                validation_messages,
                extra,
            )| OAuth2Config {
                id,
                description,
                authorize_url,
                token_url,
                scopes,
                default_scopes,
                additional_authorize_params,
                additional_token_params,
                mtls_enabled,
                mtls_credential_id,
                grant,
                validation_messages,
                extra,
            },
        )
        .boxed()
}

/// Any auth scheme config with a shape in v1 (`none`, `api-key`, `basic-auth`, `oauth2`,
/// `hmac`, `certificate`), as a PUT body: without the read-only `validationMessages` (configs
/// inside connectors and connections carry them sometimes).
pub fn auth_scheme_config() -> impl Strategy<Value = AuthSchemeConfig> {
    any_config().prop_map(|mut config| {
        match &mut config {
            AuthSchemeConfig::None(c) => c.validation_messages = None,
            AuthSchemeConfig::ApiKey(c) => c.validation_messages = None,
            AuthSchemeConfig::BasicAuth(c) => c.validation_messages = None,
            AuthSchemeConfig::OAuth2(c) => c.validation_messages = None,
            AuthSchemeConfig::Hmac(c) => c.validation_messages = None,
            AuthSchemeConfig::Certificate(c) => c.validation_messages = None,
            AuthSchemeConfig::Unknown(_) => {}
        }
        config
    })
}

/// Any config with a shape in v1, sometimes with `validationMessages`.
fn any_config() -> BoxedStrategy<AuthSchemeConfig> {
    let base = || (config_id(), description(), validation_messages(), extra());
    prop_oneof![
        1 => base().prop_map(|(id, description, validation_messages, extra)| {
            AuthSchemeConfig::None(NoneConfig {
                id,
                description,
                validation_messages,
                extra,
            })
        }),
        1 => (base(), api_key_name(), location()).prop_map(
            |((id, description, validation_messages, extra), name, location)| {
                AuthSchemeConfig::ApiKey(ApiKeyConfig {
                    id,
                    description,
                    name,
                    location,
                    validation_messages,
                    extra,
                })
            }
        ),
        1 => base().prop_map(|(id, description, validation_messages, extra)| {
            AuthSchemeConfig::BasicAuth(BasicAuthConfig {
                id,
                description,
                validation_messages,
                extra,
            })
        }),
        2 => oauth2_config().prop_map(AuthSchemeConfig::OAuth2),
        1 => (
            base(),
            select(vec!["X-Signature", "X-Hub-Signature-256", "Stripe-Signature", "sig"]),
            location(),
            select(HmacAlgorithm::KNOWN.to_vec()),
            digest_inputs(),
        )
            .prop_map(
                |((id, description, validation_messages, extra), name, location, algorithm, digest_inputs)| {
                    AuthSchemeConfig::Hmac(HmacConfig {
                        id,
                        description,
                        name: name.to_owned(),
                        location,
                        algorithm,
                        digest_inputs,
                        validation_messages,
                        extra,
                    })
                }
            ),
        1 => base().prop_map(|(id, description, validation_messages, extra)| {
            AuthSchemeConfig::Certificate(CertificateConfig {
                id,
                description,
                validation_messages,
                extra,
            })
        }),
    ]
    .boxed()
}

/// A list of configs with unique ids.
fn configs(sizes: std::ops::Range<usize>) -> BoxedStrategy<Vec<AuthSchemeConfig>> {
    vec(any_config(), sizes)
        .prop_map(|mut configs| {
            make_unique(configs.iter_mut().filter_map(config_id_mut));
            configs
        })
        .boxed()
}

fn config_id_mut(config: &mut AuthSchemeConfig) -> Option<&mut String> {
    match config {
        AuthSchemeConfig::None(c) => Some(&mut c.id),
        AuthSchemeConfig::ApiKey(c) => Some(&mut c.id),
        AuthSchemeConfig::BasicAuth(c) => Some(&mut c.id),
        AuthSchemeConfig::OAuth2(c) => Some(&mut c.id),
        AuthSchemeConfig::Hmac(c) => Some(&mut c.id),
        AuthSchemeConfig::Certificate(c) => Some(&mut c.id),
        AuthSchemeConfig::Unknown(_) => None,
    }
}

/// The credential types that fit a config (oauth2: by grant).
fn credential_types_for(config: &AuthSchemeConfig) -> Vec<CredentialType> {
    use CredentialType as T;
    match config {
        AuthSchemeConfig::None(_) => vec![T::None],
        AuthSchemeConfig::ApiKey(_) | AuthSchemeConfig::Hmac(_) => vec![T::String],
        AuthSchemeConfig::BasicAuth(_) => vec![T::BasicAuth],
        AuthSchemeConfig::Certificate(_) => vec![T::Certificate],
        AuthSchemeConfig::OAuth2(c) => match c.grant {
            Grant::ClientCredentials(_) => vec![T::OAuth2Client, T::OAuth2Token],
            Grant::AuthorizationCode(_) => vec![T::OAuth2Token, T::OAuth2Code],
            Grant::Password(_) => vec![T::OAuth2Password, T::OAuth2Token],
            Grant::Unknown(_) => vec![T::OAuth2Token],
        },
        AuthSchemeConfig::Unknown(_) => Vec::new(),
    }
}

fn username_password() -> BoxedStrategy<UsernamePasswordData> {
    (plain_value(), secret(), extra())
        .prop_map(|(username, password, extra)| UsernamePasswordData {
            username,
            password,
            extra,
        })
        .boxed()
}

/// Credential data in the shape `credential_type` calls for (`custom-function` and
/// `jwt-bearer`, which have no shape in v1, get a plausible object kept verbatim).
fn data_of(credential_type: &CredentialType) -> BoxedStrategy<CredentialData> {
    use CredentialType as T;
    match credential_type {
        T::String => (secret(), extra())
            .prop_map(|(value, extra)| CredentialData::String(StringData { value, extra }))
            .boxed(),
        T::Binary => (base64_secret(), extra())
            .prop_map(|(value_base64, extra)| {
                CredentialData::Binary(BinaryData {
                    value_base64,
                    extra,
                })
            })
            .boxed(),
        T::BasicAuth => username_password()
            .prop_map(CredentialData::BasicAuth)
            .boxed(),
        T::OAuth2Password => username_password()
            .prop_map(CredentialData::OAuth2Password)
            .boxed(),
        T::OAuth2Client => (
            (plain_value(), secret(), https_url(), https_url()),
            option::of(vec(scope_name(), 0..3)),
            option::of(form_params()),
            mtls(),
            extra(),
        )
            .prop_map(
                |(
                    (client_id, client_secret, authorize_url, token_url),
                    scopes,
                    additional_params,
                    (mtls_enabled, mtls_credential_id),
                    extra,
                )| {
                    CredentialData::OAuth2Client(OAuth2ClientData {
                        client_id,
                        client_secret,
                        authorize_url,
                        token_url,
                        scopes,
                        additional_params,
                        mtls_enabled,
                        mtls_credential_id,
                        extra,
                    })
                },
            )
            .boxed(),
        T::OAuth2Code => (secret(), "[A-Za-z0-9]{16,24}", extra())
            .prop_map(|(code, state, extra)| {
                CredentialData::OAuth2Code(OAuth2CodeData { code, state, extra })
            })
            .boxed(),
        T::OAuth2Token => (
            vec(scope_name(), 0..3),
            option::of(secret()),
            option::of(secret()),
            extra(),
        )
            .prop_map(|(scopes, access_token, refresh_token, extra)| {
                CredentialData::OAuth2Token(OAuth2TokenData {
                    scopes,
                    access_token,
                    refresh_token,
                    extra,
                })
            })
            .boxed(),
        T::Certificate => (
            pem("CERTIFICATE"),
            pem("PRIVATE KEY"),
            pem("CERTIFICATE"),
            extra(),
        )
            .prop_map(|(certificate, key, ca, extra)| {
                CredentialData::Certificate(CertificateData {
                    certificate,
                    key: key.into(),
                    ca,
                    extra,
                })
            })
            .boxed(),
        T::CustomFunction => (ulid(), 1u32..120)
            .prop_map(|(function_id, timeout)| {
                CredentialData::Other(json!({
                    "functionId": function_id,
                    "settings": { "timeoutSeconds": timeout },
                }))
            })
            .boxed(),
        T::JwtBearer => (
            select(vec!["HS256", "HS384", "HS512", "RS256"]),
            base64_secret(),
            select(vec!["Bearer", "JWT"]),
        )
            .prop_map(|(algorithm, secret, prefix)| {
                CredentialData::Other(json!({
                    "algorithm": algorithm,
                    "secret": secret.expose(),
                    "payload": "{\"sub\":\"integration\"}",
                    "expiresIn": "1h",
                    "authorizationHeaderPrefix": prefix,
                }))
            })
            .boxed(),
        // `none`, and (never generated) unknown types.
        _ => extra()
            .prop_map(|extra| CredentialData::None(NoneData { extra }))
            .boxed(),
    }
}

fn protocol() -> BoxedStrategy<ProtocolType> {
    select(ProtocolType::KNOWN.to_vec()).boxed()
}

fn usage() -> BoxedStrategy<CredentialUsage> {
    (
        (ulid(), connection_name(), window()),
        (
            ulid(),
            ulid(),
            display_name(),
            protocol(),
            window(),
            extra(),
        ),
        extra(),
        extra(),
    )
        .prop_map(
            |((id, name, w), (cid, org, cname, protocol, cw, cx), connection_extra, extra)| {
                let (created_at, updated_at) = w.bounds();
                let (c_created, c_updated) = cw.bounds();
                CredentialUsage {
                    connection: CredentialUsageConnection {
                        id,
                        name,
                        connector: ConnectorSummary {
                            id: cid,
                            organisation_id: org,
                            name: cname,
                            protocol,
                            created_at: c_created,
                            updated_at: c_updated,
                            extra: cx,
                        },
                        created_at,
                        updated_at,
                        extra: connection_extra,
                    },
                    extra,
                }
            },
        )
        .boxed()
}

fn credential_name() -> BoxedStrategy<String> {
    "[A-Z][a-z]{2,8} (key|token|client|login|secret|certificate)".boxed()
}

fn credential_of(credential_type: CredentialType) -> BoxedStrategy<Credential> {
    (
        ulid(),
        ulid(),
        credential_name(),
        option::weighted(0.3, vec(usage(), 0..2)),
        credential_errors(),
        data_of(&credential_type),
        option::weighted(0.3, future_timestamp()),
        extra(),
    )
        .prop_map(
            move |(id, organisation_id, name, usages, errors, data, expires_at, extra)| {
                Credential {
                    id,
                    organisation_id,
                    credential_type: credential_type.clone(),
                    name,
                    usages,
                    errors,
                    data,
                    expires_at,
                    extra,
                }
            },
        )
        .boxed()
}

/// A standalone credential of any known type (`custom-function` and `jwt-bearer` rarely).
pub fn credential() -> impl Strategy<Value = Credential> {
    use CredentialType as T;
    let common = select(vec![
        T::None,
        T::String,
        T::Binary,
        T::BasicAuth,
        T::OAuth2Client,
        T::OAuth2Code,
        T::OAuth2Password,
        T::OAuth2Token,
        T::Certificate,
    ]);
    prop_oneof![
        8 => common,
        1 => select(vec![T::CustomFunction, T::JwtBearer]),
    ]
    .prop_flat_map(credential_of)
}

fn connection_name() -> BoxedStrategy<String> {
    prop_oneof![
        select(vec![
            "production",
            "staging",
            "development",
            "Acme Ltd",
            "sandbox"
        ])
        .prop_map(str::to_owned),
        "[a-z]{3,10}( [a-z]{2,6})?",
    ]
    .boxed()
}

fn variables() -> BoxedStrategy<Vec<ConnectionVariable>> {
    vec(
        (variable_name(), plain_value(), extra())
            .prop_map(|(name, value, extra)| ConnectionVariable { name, value, extra }),
        0..3,
    )
    .prop_map(|mut vars| {
        make_unique(vars.iter_mut().map(|v| &mut v.name));
        vars
    })
    .boxed()
}

/// A copy of one of `configs` with a fitting credential.
fn binding(configs: Vec<AuthSchemeConfig>) -> BoxedStrategy<ConnectionCredential> {
    select(configs)
        .prop_flat_map(|config| {
            let types = credential_types_for(&config);
            (
                ulid(),
                Just(config),
                select(types).prop_flat_map(credential_of),
                extra(),
            )
        })
        .prop_map(
            |(id, auth_scheme_config, credential, extra)| ConnectionCredential {
                id,
                auth_scheme_config,
                credential,
                extra,
            },
        )
        .boxed()
}

/// A connection inside `w` binding copies of `configs` (no credentials when `configs` is empty).
fn connection_in(configs: Vec<AuthSchemeConfig>, w: Window) -> BoxedStrategy<Connection> {
    let bindings = if configs.is_empty() {
        Just(None).boxed()
    } else {
        option::of(vec(binding(configs), 0..3)).boxed()
    };
    (
        ulid(),
        connection_name(),
        (bindings.clone(), bindings, extra()),
        variables(),
        child_window(w),
        extra(),
    )
        .prop_map(
            |(id, name, (mut action, mut trigger, cx), variables, cw, extra)| {
                make_unique(
                    action
                        .iter_mut()
                        .flatten()
                        .chain(trigger.iter_mut().flatten())
                        .map(|b| &mut b.id),
                );
                let (created_at, updated_at) = cw.bounds();
                Connection {
                    id,
                    name,
                    credentials: ConnectionCredentials {
                        action,
                        trigger,
                        extra: cx,
                    },
                    variables,
                    created_at,
                    updated_at,
                    extra,
                }
            },
        )
        .boxed()
}

/// A standalone connection (its bindings' configs have unique ids).
pub fn connection() -> impl Strategy<Value = Connection> {
    (configs(1..4), window()).prop_flat_map(|(configs, w)| connection_in(configs, w))
}

fn version_name() -> BoxedStrategy<String> {
    prop_oneof![
        "v?[0-9]{1,2}\\.[0-9]{1,2}\\.[0-9]{1,2}",
        "20[0-9]{2}-[01][0-9]",
        "(draft|beta|rc)[0-9]?",
    ]
    .boxed()
}

fn versions_in(w: Window) -> BoxedStrategy<Vec<ConnectorVersion>> {
    vec(
        (
            ulid(),
            version_name(),
            option::of(description()),
            child_window(w),
            option::of(any::<u32>()),
            option::weighted(0.3, vec(message(), 0..2)),
            extra(),
        ),
        0..3,
    )
    .prop_map(|raw| {
        let mut versions: Vec<ConnectorVersion> = raw
            .into_iter()
            .map(|(id, name, description, vw, published, messages, extra)| {
                let (created_at, updated_at) = vw.bounds();
                ConnectorVersion {
                    id,
                    name,
                    description,
                    is_latest: false,
                    is_default: false,
                    created_at,
                    updated_at,
                    published_at: published.map(|f| vw.stamps(f, 0).0),
                    messages,
                    extra,
                }
            })
            .collect();
        make_unique(versions.iter_mut().map(|v| &mut v.id));
        make_unique(versions.iter_mut().map(|v| &mut v.name));
        if let Some(latest) = versions
            .iter_mut()
            .filter(|v| v.published_at.is_some())
            .max_by(|a, b| a.published_at.cmp(&b.published_at))
        {
            latest.is_latest = true;
            latest.is_default = true;
        }
        versions
    })
    .boxed()
}

fn location_of_protocol() -> BoxedStrategy<(ProtocolType, Option<String>, Option<String>)> {
    prop_oneof![
        3 => https_url().prop_map(|url| (ProtocolType::Http, Some(url), None)),
        1 => dataset_id().prop_map(|id| (ProtocolType::Bigquery, None, Some(id))),
    ]
    .boxed()
}

fn tags() -> BoxedStrategy<Option<BTreeMap<String, Vec<String>>>> {
    option::weighted(
        0.4,
        btree_map(
            select(vec!["category", "team", "region", "tier"]).prop_map(str::to_owned),
            vec("[a-z]{3,10}", 1..3),
            0..3,
        ),
    )
    .boxed()
}

fn icon_url() -> BoxedStrategy<String> {
    https_url()
        .prop_map(|url| format!("{url}/icon.png"))
        .boxed()
}

/// A connector: configs with unique ids, connections with unique names binding copies of them,
/// versions with unique names (never `default`/`latest`).
pub fn connector() -> impl Strategy<Value = Connector> {
    (configs(0..4), window())
        .prop_flat_map(|(configs, w)| {
            (
                (ulid(), ulid(), display_name(), any::<bool>()),
                (option::of(https_url()), option::of(icon_url()), tags()),
                location_of_protocol(),
                Just(configs.clone()),
                option::of(variables()),
                vec(connection_in(configs, w), 0..3),
                versions_in(w),
                Just(w),
                extra(),
            )
        })
        .prop_map(
            |(
                (id, organisation_id, name, public),
                (documentation_url, image_url, tags),
                (protocol, base_url, dataset_id),
                auth_scheme_configs,
                connection_variables,
                mut connections,
                versions,
                w,
                extra,
            )| {
                make_unique(connections.iter_mut().map(|c| &mut c.id));
                make_unique(connections.iter_mut().map(|c| &mut c.name));
                let (created_at, updated_at) = w.bounds();
                Connector {
                    id,
                    organisation_id,
                    name,
                    public,
                    documentation_url,
                    image_url,
                    tags,
                    protocol,
                    auth_scheme_configs,
                    connection_variables,
                    connections,
                    versions,
                    created_at,
                    updated_at,
                    base_url,
                    dataset_id,
                    extra,
                }
            },
        )
}

/// A ConnectorUpdate (PUT body); `connectionVariables` only for `http`.
pub fn connector_update() -> impl Strategy<Value = ConnectorUpdate> {
    (
        (ulid(), ulid(), display_name(), tags()),
        location_of_protocol(),
        option::of(vec(config_id(), 0..4)),
        option::of(any::<bool>()),
        (option::of(https_url()), option::of(icon_url())),
        option::of(variables()),
        extra(),
    )
        .prop_map(
            |(
                (id, organisation_id, name, tags),
                (protocol, base_url, dataset_id),
                mut auth_scheme_config_ids,
                public,
                (documentation_url, image_url),
                connection_variables,
                extra,
            )| {
                if let Some(ids) = auth_scheme_config_ids.as_mut() {
                    make_unique(ids.iter_mut());
                }
                let http = protocol == ProtocolType::Http;
                ConnectorUpdate {
                    id,
                    organisation_id,
                    name,
                    tags,
                    protocol,
                    auth_scheme_config_ids,
                    public,
                    documentation_url,
                    image_url,
                    base_url,
                    connection_variables: connection_variables.filter(|_| http),
                    dataset_id,
                    extra,
                }
            },
        )
}
