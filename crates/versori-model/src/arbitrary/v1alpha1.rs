//! Strategies for the v1alpha1 kinds: [`connection`], [`connection_update`], [`environment`],
//! [`credential`] and [`auth_scheme_config`].
//!
//! Bound credentials fit their scheme (api-key and hmac: `string`, basic-auth: `basic-auth`,
//! oauth2: `oauth2-client` or `oauth2-token`, none: `none`); environments bind copies of their
//! connection's configs; every connection has at least one environment and every environment at
//! least one action credential.

use std::collections::BTreeMap;

use proptest::collection::{btree_map, vec};
use proptest::option;
use proptest::prelude::*;
use proptest::sample::select;

use super::common::{
    Window, base64_secret, child_window, credential_errors, dataset_id, description, display_name,
    extra, https_url, make_unique, plain_value, scope_name, secret, slug, stamps, ulid,
    variable_name, window,
};
use crate::v1alpha1::*;

/// Any auth scheme config with a known `schemeType`, including `google-service-account`.
pub fn auth_scheme_config() -> impl Strategy<Value = AuthSchemeConfig> {
    prop_oneof![
        5 => bindable_config(),
        1 => extra().prop_map(|extra| AuthSchemeConfig::GoogleServiceAccount(PlaceholderConfig { extra })),
    ]
}

/// A config an environment can bind a credential to (every known scheme but
/// `google-service-account`, whose credential type the reference leaves open).
fn bindable_config() -> BoxedStrategy<AuthSchemeConfig> {
    prop_oneof![
        extra().prop_map(|extra| AuthSchemeConfig::None(PlaceholderConfig { extra })),
        (api_key_name(), location(), extra()).prop_map(|(name, location, extra)| {
            AuthSchemeConfig::ApiKey(ApiKeyConfig {
                name,
                location,
                extra,
            })
        }),
        extra().prop_map(|extra| AuthSchemeConfig::BasicAuth(PlaceholderConfig { extra })),
        oauth2_config().prop_map(AuthSchemeConfig::OAuth2),
        (
            select(vec![
                "X-Signature",
                "X-Hub-Signature-256",
                "Stripe-Signature",
                "sig"
            ]),
            location(),
            select(HmacAlgorithm::KNOWN.to_vec()),
            digest_inputs(),
            extra(),
        )
            .prop_map(|(name, location, algorithm, digest_inputs, extra)| {
                AuthSchemeConfig::Hmac(HmacConfig {
                    name: name.to_owned(),
                    location,
                    algorithm,
                    digest_inputs,
                    extra,
                })
            }),
    ]
    .boxed()
}

fn api_key_name() -> BoxedStrategy<String> {
    prop_oneof![
        select(vec!["X-Api-Key", "Authorization", "api_key", "token"]).prop_map(str::to_owned),
        "X-[A-Z][a-z]{2,8}-Key",
    ]
    .boxed()
}

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

fn scopes() -> BoxedStrategy<Vec<OAuth2Scope>> {
    vec(
        (scope_name(), option::of(description()), extra()).prop_map(
            |(name, description, extra)| OAuth2Scope {
                name,
                description,
                extra,
            },
        ),
        0..3,
    )
    .prop_map(|mut scopes| {
        make_unique(scopes.iter_mut().map(|s| &mut s.name));
        scopes
    })
    .boxed()
}

fn oauth2_config() -> BoxedStrategy<OAuth2Config> {
    let flow = prop_oneof![Just((true, false)), Just((false, true)), Just((true, true))];
    (
        https_url(),
        https_url(),
        scopes(),
        flow,
        (window(), extra(), extra(), extra()).prop_flat_map(|(w, cc, ac, flows)| {
            (
                credential_of(CredentialType::OAuth2Client, w),
                Just((cc, ac, flows)),
            )
        }),
        extra(),
    )
        .prop_map(
            |(authorize_url, token_url, scopes, (cc, ac), (app, (ccx, acx, fx)), extra)| {
                OAuth2Config {
                    authorize_url,
                    token_url,
                    scopes,
                    flows: OAuth2Flows {
                        client_credentials: cc.then_some(ClientCredentialsFlow { extra: ccx }),
                        authorization_code: ac.then(|| AuthorizationCodeFlow {
                            application_credential: Box::new(app),
                            extra: acx,
                        }),
                        extra: fx,
                    },
                    extra,
                }
            },
        )
        .boxed()
}

/// The credential types that fit a config's scheme.
fn credential_types_for(config: &AuthSchemeConfig) -> Vec<CredentialType> {
    match config {
        AuthSchemeConfig::None(_) => vec![CredentialType::None],
        AuthSchemeConfig::ApiKey(_) | AuthSchemeConfig::Hmac(_) => vec![CredentialType::String],
        AuthSchemeConfig::BasicAuth(_) => vec![CredentialType::BasicAuth],
        AuthSchemeConfig::OAuth2(_) => {
            vec![CredentialType::OAuth2Client, CredentialType::OAuth2Token]
        }
        AuthSchemeConfig::GoogleServiceAccount(_) | AuthSchemeConfig::Unknown(_) => Vec::new(),
    }
}

fn additional_params() -> BoxedStrategy<Option<BTreeMap<String, String>>> {
    option::weighted(
        0.3,
        btree_map(
            select(vec!["audience", "prompt", "access_type", "resource"]).prop_map(str::to_owned),
            "[a-z0-9]{1,10}",
            0..3,
        ),
    )
    .boxed()
}

/// Credential data in the shape `credential_type` calls for.
fn data_of(credential_type: CredentialType) -> BoxedStrategy<CredentialData> {
    match credential_type {
        CredentialType::String => (secret(), extra())
            .prop_map(|(value, extra)| CredentialData::String(StringData { value, extra }))
            .boxed(),
        CredentialType::Binary => (base64_secret(), extra())
            .prop_map(|(value_base64, extra)| {
                CredentialData::Binary(BinaryData {
                    value_base64,
                    extra,
                })
            })
            .boxed(),
        CredentialType::BasicAuth => (plain_value(), secret(), extra())
            .prop_map(|(username, password, extra)| {
                CredentialData::BasicAuth(BasicAuthData {
                    username,
                    password,
                    extra,
                })
            })
            .boxed(),
        CredentialType::OAuth2Client => (
            plain_value(),
            secret(),
            https_url(),
            https_url(),
            option::of(vec(scope_name(), 0..3)),
            additional_params(),
            extra(),
        )
            .prop_map(
                |(client_id, client_secret, authorize_url, token_url, scopes, params, extra)| {
                    CredentialData::OAuth2Client(OAuth2ClientData {
                        client_id,
                        client_secret,
                        authorize_url,
                        token_url,
                        scopes,
                        additional_params: params,
                        extra,
                    })
                },
            )
            .boxed(),
        CredentialType::OAuth2Token => (
            (plain_value(), secret(), https_url(), https_url()),
            vec(scope_name(), 0..3),
            option::of(secret()),
            option::of(secret()),
            additional_params(),
            extra(),
        )
            .prop_map(
                |(
                    (client_id, client_secret, authorize_url, token_url),
                    scopes,
                    access_token,
                    refresh_token,
                    params,
                    extra,
                )| {
                    CredentialData::OAuth2Token(OAuth2TokenData {
                        client_id,
                        client_secret,
                        authorize_url,
                        token_url,
                        scopes,
                        access_token,
                        refresh_token,
                        additional_params: params,
                        extra,
                    })
                },
            )
            .boxed(),
        // `none`, and (never generated) unknown types.
        _ => extra()
            .prop_map(|extra| CredentialData::None(NoneData { extra }))
            .boxed(),
    }
}

fn connection_summary() -> BoxedStrategy<ConnectionSummary> {
    (
        ulid(),
        ulid(),
        display_name(),
        select(ProtocolType::KNOWN.to_vec()),
        window(),
        extra(),
    )
        .prop_map(|(id, organisation_id, name, protocol, w, extra)| {
            let (created_at, updated_at) = w.bounds();
            ConnectionSummary {
                id,
                organisation_id,
                name,
                protocol,
                created_at,
                updated_at,
                extra,
            }
        })
        .boxed()
}

fn usage() -> BoxedStrategy<CredentialUsage> {
    (
        ulid(),
        env_name(),
        connection_summary(),
        window(),
        extra(),
        extra(),
    )
        .prop_map(|(id, name, connection, w, env_extra, extra)| {
            let (created_at, updated_at) = w.bounds();
            CredentialUsage {
                environment: CredentialUsageEnvironment {
                    id,
                    slug: slug(&name),
                    name,
                    connection,
                    created_at,
                    updated_at,
                    extra: env_extra,
                },
                extra,
            }
        })
        .boxed()
}

fn credential_name() -> BoxedStrategy<String> {
    "[A-Z][a-z]{2,8} (key|token|client|login|secret)".boxed()
}

/// A credential of the given type, created and updated inside `w`.
fn credential_of(credential_type: CredentialType, w: Window) -> BoxedStrategy<Credential> {
    (
        ulid(),
        credential_name(),
        option::weighted(0.3, vec(usage(), 0..2)),
        credential_errors(),
        data_of(credential_type.clone()),
        stamps(w),
        extra(),
    )
        .prop_map(
            move |(id, name, usages, errors, data, (created_at, updated_at), extra)| Credential {
                id,
                credential_type: credential_type.clone(),
                name,
                usages,
                errors,
                data,
                created_at,
                updated_at,
                extra,
            },
        )
        .boxed()
}

/// A standalone credential of any known type.
pub fn credential() -> impl Strategy<Value = Credential> {
    (select(CredentialType::KNOWN.to_vec()), window())
        .prop_flat_map(|(credential_type, w)| credential_of(credential_type, w))
}

fn env_name() -> BoxedStrategy<String> {
    prop_oneof![
        select(vec![
            "production",
            "staging",
            "development",
            "Production EU",
            "sandbox"
        ])
        .prop_map(str::to_owned),
        "[a-z]{3,10}( [a-z]{2,6})?",
    ]
    .boxed()
}

fn variables() -> BoxedStrategy<Vec<EnvironmentVariable>> {
    vec(
        (variable_name(), plain_value(), extra())
            .prop_map(|(name, value, extra)| EnvironmentVariable { name, value, extra }),
        0..3,
    )
    .prop_map(|mut vars| {
        make_unique(vars.iter_mut().map(|v| &mut v.name));
        vars
    })
    .boxed()
}

/// A copy of one of `configs` with a fitting credential.
fn binding(configs: Vec<AuthSchemeConfig>, w: Window) -> BoxedStrategy<EnvironmentCredential> {
    select(configs)
        .prop_flat_map(move |config| {
            let types = credential_types_for(&config);
            (
                ulid(),
                Just(config),
                select(types).prop_flat_map(move |t| credential_of(t, w)),
                extra(),
            )
        })
        .prop_map(
            |(id, auth_scheme_config, credential, extra)| EnvironmentCredential {
                id,
                auth_scheme_config,
                credential,
                extra,
            },
        )
        .boxed()
}

/// An environment inside `w` binding copies of `configs` (at least one action credential).
fn environment_in(configs: Vec<AuthSchemeConfig>, w: Window) -> BoxedStrategy<Environment> {
    child_window(w)
        .prop_flat_map(move |cw| {
            (
                ulid(),
                env_name(),
                vec(binding(configs.clone(), cw), 1..3),
                option::of(vec(binding(configs.clone(), cw), 0..3)),
                extra(),
                variables(),
                Just(cw.bounds()),
                extra(),
            )
        })
        .prop_map(
            |(
                id,
                name,
                mut action,
                mut trigger,
                cx,
                variables,
                (created_at, updated_at),
                extra,
            )| {
                make_unique(
                    action
                        .iter_mut()
                        .chain(trigger.iter_mut().flatten())
                        .map(|b| &mut b.id),
                );
                Environment {
                    id,
                    name,
                    credentials: EnvironmentCredentials {
                        action: Some(action),
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

fn bindable_configs() -> BoxedStrategy<Vec<AuthSchemeConfig>> {
    vec(bindable_config(), 1..4).boxed()
}

/// A standalone environment.
pub fn environment() -> impl Strategy<Value = Environment> {
    (bindable_configs(), window()).prop_flat_map(|(configs, w)| environment_in(configs, w))
}

fn version_name() -> BoxedStrategy<String> {
    prop_oneof![
        "v?[0-9]{1,2}\\.[0-9]{1,2}\\.[0-9]{1,2}",
        "20[0-9]{2}-[01][0-9]",
        "(draft|beta|rc)[0-9]?",
    ]
    .boxed()
}

fn versions_in(w: Window) -> BoxedStrategy<Vec<ConnectionVersion>> {
    vec(
        (
            ulid(),
            version_name(),
            option::of(description()),
            child_window(w),
            option::of(any::<u32>()),
            extra(),
        ),
        0..3,
    )
    .prop_map(|raw| {
        let mut versions: Vec<ConnectionVersion> = raw
            .into_iter()
            .map(|(id, name, description, vw, published, extra)| {
                let (created_at, updated_at) = vw.bounds();
                ConnectionVersion {
                    id,
                    name,
                    description,
                    is_latest: false,
                    is_default: false,
                    created_at,
                    updated_at,
                    published_at: published.map(|f| vw.stamps(f, 0).0),
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

/// `(protocol, baseUrl, datasetId)`: `http` with a base URL or `bigquery` with a dataset.
fn location_of_protocol() -> BoxedStrategy<(ProtocolType, Option<String>, Option<String>)> {
    prop_oneof![
        3 => https_url().prop_map(|url| (ProtocolType::Http, Some(url), None)),
        1 => dataset_id().prop_map(|id| (ProtocolType::Bigquery, None, Some(id))),
    ]
    .boxed()
}

/// A connection (system definition) with one to three environments.
pub fn connection() -> impl Strategy<Value = Connection> {
    (bindable_configs(), window())
        .prop_flat_map(|(configs, w)| {
            (
                (ulid(), ulid(), display_name(), location_of_protocol()),
                Just(configs.clone()),
                option::of(variables()),
                vec(environment_in(configs, w), 1..3),
                option::of(versions_in(w)),
                Just(w),
                extra(),
            )
        })
        .prop_map(
            |(
                (id, organisation_id, name, (protocol, base_url, dataset_id)),
                configs,
                environment_variables,
                mut environments,
                versions,
                w,
                extra,
            )| {
                make_unique(environments.iter_mut().map(|e| &mut e.id));
                make_unique(environments.iter_mut().map(|e| &mut e.name));
                let (created_at, updated_at) = w.bounds();
                Connection {
                    id,
                    organisation_id,
                    name,
                    protocol,
                    auth_scheme_configs: Some(configs),
                    environment_variables,
                    environments,
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

fn credential_create(config: &AuthSchemeConfig) -> BoxedStrategy<CredentialCreateOrReference> {
    let create = (
        credential_name(),
        select(credential_types_for(config)).prop_flat_map(|t| (Just(t.clone()), data_of(t))),
        extra(),
    )
        .prop_map(|(name, (credential_type, data), extra)| {
            CredentialCreateOrReference::Create(CredentialCreate {
                name,
                credential_type,
                data,
                extra,
            })
        });
    let reference = (ulid(), extra()).prop_map(|(id, extra)| {
        CredentialCreateOrReference::Reference(InferredReference { id, extra })
    });
    prop_oneof![2 => create, 1 => reference].boxed()
}

fn environment_update_or_create(
    configs: Vec<AuthSchemeConfig>,
) -> BoxedStrategy<EnvironmentUpdateOrCreate> {
    let pick = select(configs);
    let update_binding =
        (ulid(), pick.clone(), extra()).prop_map(|(id, auth_scheme_config, extra)| {
            EnvironmentCredentialUpdate {
                id,
                auth_scheme_config,
                extra,
            }
        });
    let update = (
        ulid(),
        env_name(),
        option::of((
            option::of(vec(update_binding.clone(), 0..3)),
            option::of(vec(update_binding, 0..3)),
            extra(),
        )),
        option::of(variables()),
        extra(),
    )
        .prop_map(|(id, name, credentials, variables, extra)| {
            let credentials = credentials.map(|(mut action, mut trigger, extra)| {
                make_unique(
                    action
                        .iter_mut()
                        .flatten()
                        .chain(trigger.iter_mut().flatten())
                        .map(|b| &mut b.id),
                );
                EnvironmentCredentialsUpdate {
                    action,
                    trigger,
                    extra,
                }
            });
            EnvironmentUpdateOrCreate::Update(EnvironmentUpdate {
                id,
                name,
                credentials,
                variables,
                extra,
            })
        });
    let create_binding = pick
        .prop_flat_map(|config| (credential_create(&config), Just(config), extra()))
        .prop_map(
            |(credential, auth_scheme_config, extra)| EnvironmentCredentialCreate {
                auth_scheme_config,
                credential,
                extra,
            },
        );
    let create = (
        env_name(),
        option::of(vec(create_binding.clone(), 0..3)),
        option::of(vec(create_binding, 0..3)),
        extra(),
        variables(),
        extra(),
    )
        .prop_map(|(name, action, trigger, cx, variables, extra)| {
            EnvironmentUpdateOrCreate::Create(EnvironmentCreate {
                name,
                credentials: EnvironmentCredentialsCreate {
                    action,
                    trigger,
                    extra: cx,
                },
                variables,
                extra,
            })
        });
    prop_oneof![update, create].boxed()
}

/// A ConnectionUpdate (PUT body); `environmentVariables` only for `http`.
pub fn connection_update() -> impl Strategy<Value = ConnectionUpdate> {
    bindable_configs()
        .prop_flat_map(|configs| {
            (
                (ulid(), ulid(), display_name(), location_of_protocol()),
                option::of(Just(configs.clone())),
                option::of(vec(environment_update_or_create(configs), 1..3)),
                option::of(variables()),
                extra(),
            )
        })
        .prop_map(
            |(
                (id, organisation_id, name, (protocol, base_url, dataset_id)),
                auth_scheme_configs,
                mut environments,
                environment_variables,
                extra,
            )| {
                if let Some(envs) = environments.as_mut() {
                    make_unique(envs.iter_mut().map(|e| match e {
                        EnvironmentUpdateOrCreate::Update(u) => &mut u.name,
                        EnvironmentUpdateOrCreate::Create(c) => &mut c.name,
                    }));
                    make_unique(envs.iter_mut().filter_map(|e| match e {
                        EnvironmentUpdateOrCreate::Update(u) => Some(&mut u.id),
                        EnvironmentUpdateOrCreate::Create(_) => None,
                    }));
                }
                let http = protocol == ProtocolType::Http;
                ConnectionUpdate {
                    id,
                    organisation_id,
                    name,
                    protocol,
                    auth_scheme_configs,
                    environments,
                    base_url,
                    environment_variables: environment_variables.filter(|_| http),
                    dataset_id,
                    extra,
                }
            },
        )
}
