//! Strategies for the v2 kinds: [`system`], [`connection_template`], [`link_system`],
//! [`auth_scheme_config`], [`connection`], [`credential`] and [`system_export`].
//!
//! Wrappers set exactly the member their `type` names (none for `jwt-bearer` and `secret`), grants
//! exactly the member their `type` names, and credential `data` exactly the member its `type`
//! names. In a [`system_export`] every connection's `systemId` is the system's id and every bound
//! config is a copy of one of the system's configs.

use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;
use proptest::sample::select;

use super::common::{
    Window, base64_secret, config_id, credential_errors, description, display_name, extra,
    form_params, future_timestamp, https_url, make_unique, pem, plain_value, scope_name, secret,
    subset, ulid, validation_messages, variable_name, window,
};
use crate::v2::*;

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

fn config_base() -> BoxedStrategy<ConfigBase> {
    (config_id(), description(), validation_messages(), extra())
        .prop_map(|(id, description, validation_messages, extra)| ConfigBase {
            id,
            description,
            validation_messages,
            extra,
        })
        .boxed()
}

fn api_key_config() -> BoxedStrategy<ApiKeyConfig> {
    (
        config_base(),
        prop_oneof![
            select(vec!["X-Api-Key", "Authorization", "api_key", "token"]).prop_map(str::to_owned),
            "X-[A-Z][a-z]{2,8}-Key",
        ],
        location(),
    )
        .prop_map(|(base, name, location)| ApiKeyConfig {
            id: base.id,
            description: base.description,
            name,
            location,
            validation_messages: base.validation_messages,
            extra: base.extra,
        })
        .boxed()
}

fn hmac_config() -> BoxedStrategy<HmacConfig> {
    (
        config_base(),
        select(vec![
            "X-Signature",
            "X-Hub-Signature-256",
            "Stripe-Signature",
            "sig",
        ]),
        location(),
        select(HmacAlgorithm::KNOWN.to_vec()),
        digest_inputs(),
        select(HmacEncoding::KNOWN.to_vec()),
    )
        .prop_map(
            |(base, name, location, algorithm, digest_inputs, encoding)| HmacConfig {
                id: base.id,
                description: base.description,
                name: name.to_owned(),
                location,
                algorithm,
                digest_inputs,
                encoding: Some(encoding),
                validation_messages: base.validation_messages,
                extra: base.extra,
            },
        )
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
    (
        select(GrantType::KNOWN.to_vec()),
        grant_credentials(),
        extra(),
        extra(),
    )
        .prop_map(|(grant_type, settings, cc_extra, extra)| {
            let mut grant = Grant {
                grant_type: grant_type.clone(),
                extra,
                ..Grant::default()
            };
            match grant_type {
                GrantType::AuthorizationCode => grant.authorization_code = Some(settings),
                GrantType::Password => grant.password = Some(settings),
                _ => {
                    grant.client_credentials = Some(ClientCredentialsGrant { extra: cc_extra });
                }
            }
            grant
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

fn oauth2_config() -> BoxedStrategy<OAuth2Config> {
    (
        (
            config_id(),
            description(),
            option::of(https_url()),
            https_url(),
        ),
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
        ),
        (option::of(form_params()), option::of(form_params())),
        mtls(),
        option::of(any::<bool>()),
        grant(),
        validation_messages(),
        extra(),
    )
        .prop_map(
            |(
                (id, description, authorize_url, token_url),
                (mut scopes, mask),
                (additional_authorize_params, additional_token_params),
                (mtls_enabled, mtls_credential_id),
                pkce,
                grant,
                validation_messages,
                extra,
            )| {
                make_unique(scopes.iter_mut().map(|s| &mut s.name));
                let names: Vec<String> = scopes.iter().map(|s| s.name.clone()).collect();
                let code = grant.grant_type == GrantType::AuthorizationCode;
                OAuth2Config {
                    id,
                    description,
                    // The browser flow needs somewhere to send the user.
                    authorize_url: if code {
                        authorize_url.or_else(|| Some(token_url.replace("token", "authorize")))
                    } else {
                        authorize_url
                    },
                    token_url,
                    default_scopes: subset(&names, &mask),
                    scopes,
                    additional_authorize_params,
                    additional_token_params,
                    mtls_enabled,
                    mtls_credential_id,
                    pkce: pkce.filter(|_| code),
                    grant,
                    validation_messages,
                    extra,
                }
            },
        )
        .boxed()
}

fn parameter_config() -> BoxedStrategy<ParameterConfig> {
    (
        variable_name(),
        option::of(variable_name()),
        select(ParameterConfigLocation::KNOWN.to_vec()),
        option::of(select(ParameterConfigUsage::KNOWN.to_vec())),
        any::<bool>(),
        any::<bool>(),
        extra(),
    )
        .prop_map(
            |(parameter_name, target_name, location, usages, required, modifiable, extra)| {
                ParameterConfig {
                    parameter_name,
                    target_name,
                    location,
                    usages,
                    required,
                    modifiable,
                    extra,
                }
            },
        )
        .boxed()
}

fn endpoint() -> BoxedStrategy<Endpoint> {
    (
        https_url(),
        option::weighted(0.3, vec(parameter_config(), 0..3)),
        option::of(select(ParameterTransmission::KNOWN.to_vec())),
        extra(),
    )
        .prop_map(
            |(url, mut additional_param_configs, parameter_transmission, extra)| {
                if let Some(params) = additional_param_configs.as_mut() {
                    make_unique(params.iter_mut().map(|p| &mut p.parameter_name));
                }
                Endpoint {
                    url,
                    additional_param_configs,
                    parameter_transmission,
                    extra,
                }
            },
        )
        .boxed()
}

fn oauth1_config() -> BoxedStrategy<OAuth1Config> {
    (
        config_base(),
        (plain_value(), secret()),
        (endpoint(), endpoint(), endpoint()),
        select(vec!["sha256", "sha1"]),
        option::of(ulid()),
        option::of(any::<bool>()),
    )
        .prop_map(
            |(
                base,
                (consumer_key, consumer_secret),
                (temp, owner, token),
                method,
                credential_id,
                token_auth,
            )| {
                OAuth1Config {
                    id: base.id,
                    description: base.description,
                    consumer_key,
                    consumer_secret,
                    temp_credential_endpoint: Some(temp),
                    resource_owner_authorization_endpoint: Some(owner),
                    token_endpoint: Some(token),
                    signature_method: method.to_owned(),
                    credential_id,
                    token_auth,
                    validation_messages: base.validation_messages,
                    extra: base.extra,
                }
            },
        )
        .boxed()
}

fn wrapper(scheme_type: AuthSchemeType, extra: crate::Extra) -> AuthSchemeConfig {
    AuthSchemeConfig {
        scheme_type,
        extra,
        ..AuthSchemeConfig::default()
    }
}

/// A config with a member (every known type but `jwt-bearer` and `secret`): one a connection
/// can bind a credential to, with an `id`.
fn member_config() -> BoxedStrategy<AuthSchemeConfig> {
    use AuthSchemeType as T;
    prop_oneof![
        1 => (config_base(), extra()).prop_map(|(c, x)| AuthSchemeConfig {
            none: Some(c),
            ..wrapper(T::None, x)
        }),
        1 => (api_key_config(), extra()).prop_map(|(c, x)| AuthSchemeConfig {
            api_key: Some(c),
            ..wrapper(T::ApiKey, x)
        }),
        1 => (config_base(), extra()).prop_map(|(c, x)| AuthSchemeConfig {
            basic_auth: Some(c),
            ..wrapper(T::BasicAuth, x)
        }),
        2 => (oauth2_config(), extra()).prop_map(|(c, x)| AuthSchemeConfig {
            oauth2: Some(c),
            ..wrapper(T::OAuth2, x)
        }),
        1 => (hmac_config(), extra()).prop_map(|(c, x)| AuthSchemeConfig {
            hmac: Some(c),
            ..wrapper(T::Hmac, x)
        }),
        1 => (config_base(), extra()).prop_map(|(c, x)| AuthSchemeConfig {
            certificate: Some(c),
            ..wrapper(T::Certificate, x)
        }),
        1 => (oauth1_config(), extra()).prop_map(|(c, x)| AuthSchemeConfig {
            oauth1: Some(c),
            ..wrapper(T::OAuth1, x)
        }),
    ]
    .boxed()
}

/// Any auth scheme config of a known type, including the member-less `jwt-bearer` and `secret`,
/// as a PUT body: without the read-only `validationMessages` (configs inside systems, templates
/// and connections carry them sometimes).
pub fn auth_scheme_config() -> impl Strategy<Value = AuthSchemeConfig> {
    prop_oneof![
        8 => member_config().prop_map(|mut config| {
            strip_validation_messages(&mut config);
            config
        }),
        1 => (select(vec![AuthSchemeType::JwtBearer, AuthSchemeType::Secret]), extra())
            .prop_map(|(t, x)| wrapper(t, x)),
    ]
}

fn strip_validation_messages(config: &mut AuthSchemeConfig) {
    if let Some(c) = config.none.as_mut() {
        c.validation_messages = None;
    }
    if let Some(c) = config.api_key.as_mut() {
        c.validation_messages = None;
    }
    if let Some(c) = config.basic_auth.as_mut() {
        c.validation_messages = None;
    }
    if let Some(c) = config.oauth2.as_mut() {
        c.validation_messages = None;
    }
    if let Some(c) = config.oauth1.as_mut() {
        c.validation_messages = None;
    }
    if let Some(c) = config.hmac.as_mut() {
        c.validation_messages = None;
    }
    if let Some(c) = config.certificate.as_mut() {
        c.validation_messages = None;
    }
}

fn member_id_mut(config: &mut AuthSchemeConfig) -> Option<&mut String> {
    if let Some(c) = config.none.as_mut() {
        Some(&mut c.id)
    } else if let Some(c) = config.api_key.as_mut() {
        Some(&mut c.id)
    } else if let Some(c) = config.basic_auth.as_mut() {
        Some(&mut c.id)
    } else if let Some(c) = config.oauth2.as_mut() {
        Some(&mut c.id)
    } else if let Some(c) = config.oauth1.as_mut() {
        Some(&mut c.id)
    } else if let Some(c) = config.hmac.as_mut() {
        Some(&mut c.id)
    } else {
        config.certificate.as_mut().map(|c| &mut c.id)
    }
}

/// Configs with members and unique ids.
fn configs(sizes: std::ops::Range<usize>) -> BoxedStrategy<Vec<AuthSchemeConfig>> {
    vec(member_config(), sizes)
        .prop_map(|mut configs| {
            make_unique(configs.iter_mut().filter_map(member_id_mut));
            configs
        })
        .boxed()
}

/// The credential types that fit a config (oauth2: by grant; oauth1: by `tokenAuth`).
fn credential_types_for(config: &AuthSchemeConfig) -> Vec<CredentialType> {
    use CredentialType as T;
    match &config.scheme_type {
        AuthSchemeType::None => vec![T::None],
        AuthSchemeType::ApiKey | AuthSchemeType::Hmac => vec![T::String],
        AuthSchemeType::BasicAuth => vec![T::BasicAuth],
        AuthSchemeType::Certificate => vec![T::Certificate],
        AuthSchemeType::OAuth2 => match config.oauth2.as_ref().map(|c| &c.grant.grant_type) {
            Some(GrantType::ClientCredentials) => vec![T::OAuth2Client, T::OAuth2Token],
            Some(GrantType::AuthorizationCode) => vec![T::OAuth2Token, T::OAuth2Code],
            Some(GrantType::Password) => vec![T::OAuth2Password, T::OAuth2Token],
            _ => vec![T::OAuth2Token],
        },
        AuthSchemeType::OAuth1 => {
            if config.oauth1.as_ref().and_then(|c| c.token_auth) == Some(true) {
                vec![T::OAuth1Token]
            } else {
                vec![T::OAuth1]
            }
        }
        _ => Vec::new(),
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

/// `data` holding exactly the member `credential_type` names.
fn data_of(credential_type: &CredentialType) -> BoxedStrategy<CredentialData> {
    use CredentialType as T;
    let with = |extra: crate::Extra| CredentialData {
        extra,
        ..CredentialData::default()
    };
    let x = extra;
    match credential_type {
        T::String => (secret(), extra(), x())
            .prop_map(move |(value, e, x)| CredentialData {
                string: Some(StringData { value, extra: e }),
                ..with(x)
            })
            .boxed(),
        T::Binary => (base64_secret(), extra(), x())
            .prop_map(move |(value_base64, e, x)| CredentialData {
                binary: Some(BinaryData {
                    value_base64,
                    extra: e,
                }),
                ..with(x)
            })
            .boxed(),
        T::BasicAuth => (username_password(), x())
            .prop_map(move |(d, x)| CredentialData {
                basic_auth: Some(d),
                ..with(x)
            })
            .boxed(),
        T::OAuth2Password => (username_password(), x())
            .prop_map(move |(d, x)| CredentialData {
                oauth2_password: Some(d),
                ..with(x)
            })
            .boxed(),
        T::OAuth2Client => (
            (plain_value(), secret(), https_url()),
            option::of(vec(scope_name(), 0..3)),
            option::of(form_params()),
            mtls(),
            extra(),
            x(),
        )
            .prop_map(
                move |(
                    (client_id, client_secret, token_url),
                    scopes,
                    additional_params,
                    (mtls_enabled, mtls_credential_id),
                    e,
                    x,
                )| CredentialData {
                    oauth2_client: Some(OAuth2ClientData {
                        client_id,
                        client_secret,
                        token_url,
                        scopes,
                        additional_params,
                        mtls_enabled,
                        mtls_credential_id,
                        extra: e,
                    }),
                    ..with(x)
                },
            )
            .boxed(),
        T::OAuth2Token => (
            vec(scope_name(), 0..3),
            option::of(secret()),
            secret(),
            option::of(Just("Bearer".to_owned())),
            option::of(future_timestamp()),
            extra(),
            x(),
        )
            .prop_map(
                move |(scopes, access_token, refresh_token, token_type, expires_at, e, x)| {
                    CredentialData {
                        oauth2_token: Some(OAuth2TokenData {
                            scopes,
                            access_token,
                            refresh_token,
                            token_type,
                            expires_at,
                            extra: e,
                        }),
                        ..with(x)
                    }
                },
            )
            .boxed(),
        T::OAuth2Code => (
            secret(),
            "[A-Za-z0-9]{16,24}",
            option::of(https_url()),
            option::of(form_params()),
            extra(),
            x(),
        )
            .prop_map(
                move |(code, state, redirect_url, additional_params, e, x)| CredentialData {
                    oauth2_code: Some(OAuth2CodeData {
                        code,
                        state,
                        redirect_url,
                        additional_params,
                        extra: e,
                    }),
                    ..with(x)
                },
            )
            .boxed(),
        T::Certificate => (
            pem("CERTIFICATE"),
            pem("PRIVATE KEY"),
            pem("CERTIFICATE"),
            extra(),
            x(),
        )
            .prop_map(move |(certificate, key, ca, e, x)| CredentialData {
                certificate: Some(CertificateData {
                    certificate,
                    key: key.into(),
                    ca,
                    extra: e,
                }),
                ..with(x)
            })
            .boxed(),
        T::OAuth1 => ("[A-Za-z0-9]{16,24}", secret(), secret(), extra(), x())
            .prop_map(
                move |(state, oauth_token, oauth_verifier, e, x)| CredentialData {
                    oauth1: Some(OAuth1Data {
                        state,
                        oauth_token,
                        oauth_verifier,
                        extra: e,
                    }),
                    ..with(x)
                },
            )
            .boxed(),
        T::OAuth1Token => (
            secret(),
            secret(),
            option::of(vec(
                (variable_name(), option::of(plain_value()), extra())
                    .prop_map(|(name, value, extra)| AdditionalParam { name, value, extra }),
                0..3,
            )),
            extra(),
            x(),
        )
            .prop_map(
                move |(token, token_secret, additional_params, e, x)| CredentialData {
                    oauth1_token: Some(OAuth1TokenData {
                        token,
                        token_secret,
                        additional_params,
                        extra: e,
                    }),
                    ..with(x)
                },
            )
            .boxed(),
        // `none`, and (never generated) unknown types.
        _ => (extra(), x())
            .prop_map(move |(e, x)| CredentialData {
                none: Some(NoneData { extra: e }),
                ..with(x)
            })
            .boxed(),
    }
}

fn credential_name() -> BoxedStrategy<String> {
    "[A-Z][a-z]{2,8} (key|token|client|login|secret|certificate)".boxed()
}

/// A credential whose `type` and `data` are `credential_type` and its member (or, when
/// `None`, both absent).
fn credential_of(credential_type: Option<CredentialType>) -> BoxedStrategy<Credential> {
    let data = match &credential_type {
        Some(t) => data_of(t).prop_map(Some).boxed(),
        None => Just(None).boxed(),
    };
    (
        ulid(),
        ulid(),
        option::weighted(0.9, credential_name()),
        credential_errors(),
        data,
        option::weighted(0.3, future_timestamp()),
        extra(),
    )
        .prop_map(
            move |(id, organisation_id, name, errors, data, expires_at, extra)| Credential {
                id,
                organisation_id,
                credential_type: credential_type.clone(),
                name,
                errors,
                data,
                expires_at,
                extra,
            },
        )
        .boxed()
}

/// A standalone credential of any known type (rarely one with neither `type` nor `data`).
pub fn credential() -> impl Strategy<Value = Credential> {
    prop_oneof![
        9 => select(CredentialType::KNOWN.to_vec()).prop_map(Some),
        1 => Just(None),
    ]
    .prop_flat_map(credential_of)
}

/// A binding of one of `configs` (copied) with a fitting credential; sometimes only one of the
/// two (both are optional in v2). With no configs, a credential alone.
fn binding(configs: Vec<AuthSchemeConfig>) -> BoxedStrategy<ConnectionCredential> {
    let pair = if configs.is_empty() {
        select(CredentialType::KNOWN.to_vec())
            .prop_flat_map(|t| credential_of(Some(t)))
            .prop_map(|c| (None, Some(c)))
            .boxed()
    } else {
        select(configs)
            .prop_flat_map(|config| {
                let types = credential_types_for(&config);
                (
                    Just(config),
                    select(types).prop_flat_map(|t| credential_of(Some(t))),
                    0u8..6,
                )
            })
            .prop_map(|(config, credential, shape)| match shape {
                0 => (Some(config), None),
                1 => (None, Some(credential)),
                _ => (Some(config), Some(credential)),
            })
            .boxed()
    };
    (ulid(), pair, extra())
        .prop_map(
            |(id, (auth_scheme_config, credential), extra)| ConnectionCredential {
                id,
                auth_scheme_config,
                credential,
                extra,
            },
        )
        .boxed()
}

fn connection_name() -> BoxedStrategy<String> {
    prop_oneof![
        select(vec![
            "production",
            "staging",
            "Acme Ltd",
            "sandbox",
            "eu-west"
        ])
        .prop_map(str::to_owned),
        "[a-z]{3,10}( [a-z]{2,6})?",
    ]
    .boxed()
}

/// A connection inside `w` binding copies of `configs`; `system_id` set when given.
fn connection_in(
    configs: Vec<AuthSchemeConfig>,
    w: Window,
    system_id: Option<String>,
) -> BoxedStrategy<Connection> {
    let system_id = match system_id {
        Some(id) => Just(Some(id)).boxed(),
        None => option::of(ulid()).boxed(),
    };
    (
        ulid(),
        connection_name(),
        vec(binding(configs), 0..3),
        // Scheme and host only: the API drops any path when it creates the connection.
        option::of("https://[a-z]{2,10}\\.example\\.com"),
        super::common::stamps(w),
        system_id,
        option::of(ulid()),
        extra(),
    )
        .prop_map(
            |(
                id,
                name,
                mut credentials,
                base_url,
                (created_at, updated_at),
                system_id,
                connection_template_id,
                extra,
            )| {
                make_unique(credentials.iter_mut().map(|c| &mut c.id));
                Connection {
                    id,
                    name,
                    credentials,
                    base_url,
                    created_at,
                    updated_at,
                    system_id,
                    connection_template_id,
                    extra,
                }
            },
        )
        .boxed()
}

/// A standalone connection.
pub fn connection() -> impl Strategy<Value = Connection> {
    (configs(0..3), window()).prop_flat_map(|(configs, w)| connection_in(configs, w, None))
}

fn domain() -> BoxedStrategy<String> {
    prop_oneof![
        select(vec!["shopify", "salesforce", "hubspot", "xero"]).prop_map(str::to_owned),
        "api\\.[a-z]{3,10}\\.example\\.com",
    ]
    .boxed()
}

/// A system with up to three configs (unique ids).
pub fn system() -> impl Strategy<Value = System> {
    (
        ulid(),
        display_name(),
        domain(),
        configs(0..4),
        https_url(),
        extra(),
    )
        .prop_map(
            |(id, name, domain, auth_scheme_configs, template_base_url, extra)| System {
                id,
                name,
                domain,
                auth_scheme_configs,
                template_base_url,
                extra,
            },
        )
}

fn sdk_name() -> BoxedStrategy<String> {
    "[a-z][a-z0-9]{2,10}(_[a-z0-9]{2,6})?".boxed()
}

/// A connection template (a system linked into a project environment).
pub fn connection_template() -> impl Strategy<Value = ConnectionTemplate> {
    (
        ulid(),
        option::of(ulid()),
        sdk_name(),
        domain(),
        any::<bool>(),
        configs(0..4),
        https_url(),
        extra(),
    )
        .prop_map(
            |(
                id,
                connection_template_id,
                name,
                domain,
                dynamic,
                auth_scheme_configs,
                template_base_url,
                extra,
            )| ConnectionTemplate {
                id,
                connection_template_id,
                name,
                domain,
                dynamic,
                auth_scheme_configs,
                template_base_url,
                extra,
            },
        )
}

/// A LinkSystem body.
pub fn link_system() -> impl Strategy<Value = LinkSystem> {
    (
        ulid(),
        sdk_name(),
        option::of(ulid()),
        option::of(any::<bool>()),
        extra(),
    )
        .prop_map(
            |(system_id, name, environment_id, dynamic, extra)| LinkSystem {
                system_id,
                name,
                environment_id,
                dynamic,
                extra,
            },
        )
}

/// A system with its connections: each connection's `systemId` is the system's id, each bound
/// config a copy of one of the system's, connection names and ids unique.
pub fn system_export() -> impl Strategy<Value = SystemExport> {
    (system(), window())
        .prop_flat_map(|(system, w)| {
            let connection = connection_in(
                system.auth_scheme_configs.clone(),
                w,
                Some(system.id.clone()),
            );
            (Just(system), vec(connection, 0..3), extra())
        })
        .prop_map(|(system, mut connections, extra)| {
            make_unique(connections.iter_mut().map(|c| &mut c.id));
            make_unique(connections.iter_mut().map(|c| &mut c.name));
            SystemExport {
                system,
                connections,
                extra,
            }
        })
}
