//! v1alpha1 rules: Connection, ConnectionUpdate, Environment, Credential, AuthSchemeConfig.

use versori_model::v1alpha1::*;

use super::Ctx;
use super::common::{self as c, Protocol, Unique, UrlRule};
use super::names as n;
use crate::compat;
use crate::{Code, Severity};

fn protocol(value: &ProtocolType) -> Protocol {
    match value {
        ProtocolType::Http => Protocol::Http,
        ProtocolType::Bigquery => Protocol::Bigquery,
        _ => Protocol::Unknown,
    }
}

/// A Connection (the system definition).
pub(crate) fn connection(cx: &mut Ctx, doc: &Connection) {
    c::enum_at(cx, n::PROTOCOL, &doc.protocol);
    cx.each_opt(
        n::AUTH_SCHEME_CONFIGS,
        doc.auth_scheme_configs.as_ref(),
        |cx, _, cfg| {
            auth_scheme_config(cx, cfg);
        },
    );
    variables_opt(
        cx,
        n::ENVIRONMENT_VARIABLES,
        doc.environment_variables.as_ref(),
    );
    if doc.environments.is_empty() {
        cx.report_at(
            n::ENVIRONMENTS,
            Code::Empty,
            Severity::Error,
            "a connection has at least one environment",
        );
    }
    let mut names = Unique::names("environment name", Severity::Error);
    let mut ids = Unique::ids("environment id");
    cx.each(n::ENVIRONMENTS, &doc.environments, |cx, _, env| {
        environment(cx, env);
        ids.check(cx, &[n::ID], &env.id);
        names.check(cx, &[n::NAME], &env.name);
    });
    if let Some(versions) = &doc.versions {
        let views: Vec<_> = versions
            .iter()
            .map(|v| c::VersionView {
                name: &v.name,
                is_latest: v.is_latest,
                is_default: v.is_default,
                published: v.published_at.is_some(),
            })
            .collect();
        c::versions(cx, &views, |cx, index| {
            let version = &versions[index];
            c::created_updated(cx, &version.created_at, &version.updated_at);
            if let Some(published) = &version.published_at {
                c::timestamp(cx, n::PUBLISHED_AT, published);
            }
            c::extra(cx, &version.extra);
        });
    }
    c::created_updated(cx, &doc.created_at, &doc.updated_at);
    c::protocol_fields(
        cx,
        protocol(&doc.protocol),
        doc.base_url.as_ref(),
        doc.dataset_id.as_ref(),
        &[],
    );
    c::extra(cx, &doc.extra);
}

/// A ConnectionUpdate (PUT body).
pub(crate) fn connection_update(cx: &mut Ctx, doc: &ConnectionUpdate) {
    c::enum_at(cx, n::PROTOCOL, &doc.protocol);
    cx.each_opt(
        n::AUTH_SCHEME_CONFIGS,
        doc.auth_scheme_configs.as_ref(),
        |cx, _, cfg| {
            auth_scheme_config(cx, cfg);
        },
    );
    if let Some(environments) = &doc.environments {
        if environments.is_empty() {
            cx.report_at(
                n::ENVIRONMENTS,
                Code::Empty,
                Severity::Error,
                "`environments` replaces the list, and a connection has at least one environment",
            );
        }
        let mut names = Unique::names("environment name", Severity::Error);
        let mut ids = Unique::ids("environment id");
        cx.each(n::ENVIRONMENTS, environments, |cx, _, env| match env {
            EnvironmentUpdateOrCreate::Update(env) => {
                environment_update(cx, env);
                ids.check(cx, &[n::ID], &env.id);
                names.check(cx, &[n::NAME], &env.name);
            }
            EnvironmentUpdateOrCreate::Create(env) => {
                environment_create(cx, env);
                names.check(cx, &[n::NAME], &env.name);
            }
        });
    }
    variables_opt(
        cx,
        n::ENVIRONMENT_VARIABLES,
        doc.environment_variables.as_ref(),
    );
    c::protocol_fields(
        cx,
        protocol(&doc.protocol),
        doc.base_url.as_ref(),
        doc.dataset_id.as_ref(),
        &[(
            n::ENVIRONMENT_VARIABLES,
            doc.environment_variables.is_some(),
        )],
    );
    c::extra(cx, &doc.extra);
}

fn environment_update(cx: &mut Ctx, env: &EnvironmentUpdate) {
    cx.opt(n::CREDENTIALS, env.credentials.as_ref(), |cx, creds| {
        let mut ids = Unique::ids("credential binding id");
        for (key, list) in [(n::ACTION, &creds.action), (n::TRIGGER, &creds.trigger)] {
            cx.each_opt(key, list.as_ref(), |cx, _, binding| {
                ids.check(cx, &[n::ID], &binding.id);
                cx.at(n::AUTH_SCHEME_CONFIG, |cx| {
                    auth_scheme_config(cx, &binding.auth_scheme_config);
                });
                c::extra(cx, &binding.extra);
            });
        }
        c::extra(cx, &creds.extra);
    });
    variables_opt(cx, n::VARIABLES, env.variables.as_ref());
    c::extra(cx, &env.extra);
}

fn environment_create(cx: &mut Ctx, env: &EnvironmentCreate) {
    cx.at(n::CREDENTIALS, |cx| {
        let creds = &env.credentials;
        for (key, list) in [(n::ACTION, &creds.action), (n::TRIGGER, &creds.trigger)] {
            cx.each_opt(key, list.as_ref(), |cx, _, binding| {
                cx.at(n::AUTH_SCHEME_CONFIG, |cx| {
                    auth_scheme_config(cx, &binding.auth_scheme_config);
                });
                cx.at(n::CREDENTIAL, |cx| match &binding.credential {
                    CredentialCreateOrReference::Create(credential) => {
                        cx.creating(|cx| credential_create(cx, credential));
                        compatible(cx, &binding.auth_scheme_config, &credential.credential_type);
                    }
                    CredentialCreateOrReference::Reference(reference) => {
                        c::extra(cx, &reference.extra);
                    }
                });
                c::extra(cx, &binding.extra);
            });
        }
        c::extra(cx, &creds.extra);
    });
    variables(cx, n::VARIABLES, &env.variables);
    c::extra(cx, &env.extra);
}

/// An Environment (the credentials of one target).
pub(crate) fn environment(cx: &mut Ctx, env: &Environment) {
    cx.at(n::CREDENTIALS, |cx| {
        let creds = &env.credentials;
        let mut ids = Unique::ids("credential binding id");
        for (key, list) in [(n::ACTION, &creds.action), (n::TRIGGER, &creds.trigger)] {
            cx.each_opt(key, list.as_ref(), |cx, _, binding| {
                ids.check(cx, &[n::ID], &binding.id);
                cx.at(n::AUTH_SCHEME_CONFIG, |cx| {
                    auth_scheme_config(cx, &binding.auth_scheme_config);
                });
                cx.at(n::CREDENTIAL, |cx| {
                    credential(cx, &binding.credential);
                    compatible(
                        cx,
                        &binding.auth_scheme_config,
                        &binding.credential.credential_type,
                    );
                });
                c::extra(cx, &binding.extra);
            });
        }
        c::extra(cx, &creds.extra);
    });
    variables(cx, n::VARIABLES, &env.variables);
    c::created_updated(cx, &env.created_at, &env.updated_at);
    c::extra(cx, &env.extra);
}

fn compatible(cx: &mut Ctx, config: &AuthSchemeConfig, credential_type: &CredentialType) {
    let scheme = config.scheme_type();
    c::compatible(
        cx,
        scheme.as_str(),
        credential_type,
        compat::v1alpha1::credential_types_for(&scheme),
    );
}

fn variables(cx: &mut Ctx, key: &str, vars: &[EnvironmentVariable]) {
    c::variables(cx, key, vars.iter().map(|v| (v.name.as_str(), &v.extra)));
}

fn variables_opt(cx: &mut Ctx, key: &str, vars: Option<&Vec<EnvironmentVariable>>) {
    if let Some(vars) = vars {
        variables(cx, key, vars);
    }
}

/// An AuthSchemeConfig.
pub(crate) fn auth_scheme_config(cx: &mut Ctx, cfg: &AuthSchemeConfig) {
    match cfg {
        AuthSchemeConfig::None(body)
        | AuthSchemeConfig::BasicAuth(body)
        | AuthSchemeConfig::GoogleServiceAccount(body) => c::extra(cx, &body.extra),
        AuthSchemeConfig::ApiKey(body) => {
            c::enum_at(cx, n::IN, &body.location);
            c::extra(cx, &body.extra);
        }
        AuthSchemeConfig::Hmac(body) => {
            c::enum_at(cx, n::IN, &body.location);
            c::enum_at(cx, n::ALGORITHM, &body.algorithm);
            c::digest_inputs(cx, &body.digest_inputs);
            c::extra(cx, &body.extra);
        }
        AuthSchemeConfig::OAuth2(body) => oauth2(cx, body),
        AuthSchemeConfig::Unknown(_) => {
            c::enum_at(cx, n::SCHEME_TYPE, &cfg.scheme_type());
        }
    }
}

fn oauth2(cx: &mut Ctx, body: &OAuth2Config) {
    // Only the authorization code flow visits the authorize endpoint: with client credentials
    // alone, `""` is allowed (as in v1).
    let authorize =
        if body.flows.authorization_code.is_none() && body.flows.client_credentials.is_some() {
            UrlRule::OrEmpty
        } else {
            UrlRule::Absolute
        };
    c::url(cx, n::AUTHORIZE_URL, &body.authorize_url, authorize);
    c::url(cx, n::TOKEN_URL, &body.token_url, UrlRule::Absolute);
    c::scopes(
        cx,
        body.scopes.iter().map(|s| (s.name.as_str(), &s.extra)),
        None,
    );
    cx.at(n::FLOWS, |cx| {
        let flows = &body.flows;
        if flows.client_credentials.is_none() && flows.authorization_code.is_none() {
            cx.report(
                Code::Empty,
                Severity::Error,
                "`flows` sets no flow; set `clientCredentials`, `authorizationCode` or both",
            );
        }
        cx.opt(
            n::CLIENT_CREDENTIALS,
            flows.client_credentials.as_ref(),
            |cx, flow| {
                c::extra(cx, &flow.extra);
            },
        );
        cx.opt(
            n::AUTHORIZATION_CODE,
            flows.authorization_code.as_ref(),
            |cx, flow| {
                cx.at(n::APPLICATION_CREDENTIAL, |cx| {
                    let app = &flow.application_credential;
                    credential(cx, app);
                    // The application credential holds the OAuth client id and secret.
                    if app.credential_type.is_known()
                        && app.credential_type != CredentialType::OAuth2Client
                    {
                        cx.report_at(
                            n::TYPE,
                            Code::IncompatibleCredential,
                            Severity::Error,
                            format!(
                                "the application credential must be `oauth2-client`, not `{}`",
                                app.credential_type
                            ),
                        );
                    }
                });
                c::extra(cx, &flow.extra);
            },
        );
        c::extra(cx, &flows.extra);
    });
    c::extra(cx, &body.extra);
}

/// A Credential.
pub(crate) fn credential(cx: &mut Ctx, cred: &Credential) {
    c::enum_at(cx, n::TYPE, &cred.credential_type);
    cx.each_opt(n::USAGES, cred.usages.as_ref(), |cx, _, usage| {
        cx.at(n::ENVIRONMENT, |cx| {
            let env = &usage.environment;
            cx.at(n::CONNECTION, |cx| {
                let summary = &env.connection;
                c::enum_at(cx, n::PROTOCOL, &summary.protocol);
                c::created_updated(cx, &summary.created_at, &summary.updated_at);
                c::extra(cx, &summary.extra);
            });
            c::created_updated(cx, &env.created_at, &env.updated_at);
            c::extra(cx, &env.extra);
        });
        c::extra(cx, &usage.extra);
    });
    cx.at(n::DATA, |cx| data(cx, &cred.data));
    c::created_updated(cx, &cred.created_at, &cred.updated_at);
    c::extra(cx, &cred.extra);
}

fn credential_create(cx: &mut Ctx, cred: &CredentialCreate) {
    c::enum_at(cx, n::TYPE, &cred.credential_type);
    cx.at(n::DATA, |cx| data(cx, &cred.data));
    c::extra(cx, &cred.extra);
}

fn data(cx: &mut Ctx, data: &CredentialData) {
    match data {
        CredentialData::None(d) => c::extra(cx, &d.extra),
        CredentialData::String(d) => {
            c::secret(cx, n::VALUE, &d.value);
            c::extra(cx, &d.extra);
        }
        CredentialData::Binary(d) => {
            c::secret(cx, n::VALUE_BASE64, &d.value_base64);
            c::extra(cx, &d.extra);
        }
        CredentialData::BasicAuth(d) => {
            c::secret(cx, n::PASSWORD, &d.password);
            c::extra(cx, &d.extra);
        }
        CredentialData::OAuth2Client(d) => {
            c::secret(cx, n::CLIENT_SECRET, &d.client_secret);
            c::url(cx, n::AUTHORIZE_URL, &d.authorize_url, UrlRule::Absolute);
            c::url(cx, n::TOKEN_URL, &d.token_url, UrlRule::Absolute);
            c::extra(cx, &d.extra);
        }
        CredentialData::OAuth2Token(d) => {
            c::secret(cx, n::CLIENT_SECRET, &d.client_secret);
            c::url(cx, n::AUTHORIZE_URL, &d.authorize_url, UrlRule::Absolute);
            c::url(cx, n::TOKEN_URL, &d.token_url, UrlRule::Absolute);
            c::secret_opt(cx, n::ACCESS_TOKEN, d.access_token.as_ref());
            c::secret_opt(cx, n::REFRESH_TOKEN, d.refresh_token.as_ref());
            c::extra(cx, &d.extra);
        }
        // An unknown type: its `type` is reported, and its data has no shape to check.
        CredentialData::Other(_) => {}
    }
}
