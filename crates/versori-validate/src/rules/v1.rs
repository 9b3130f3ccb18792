//! v1 rules: Connector, ConnectorUpdate, Connection, AuthSchemeConfig, Credential.

use versori_model::v1::*;

use super::Ctx;
use super::common::{self as c, Protocol, Unique, UrlRule};
use super::names as n;
use crate::compat;
use crate::{Code, Severity};

/// The `schemeType`s v1 gives a config shape (the others are kept as unknown configs).
const CONFIG_SHAPES: &[&str] = &[
    "none",
    "api-key",
    "basic-auth",
    "oauth2",
    "hmac",
    "certificate",
];

fn protocol(value: &ProtocolType) -> Protocol {
    match value {
        ProtocolType::Http => Protocol::Http,
        ProtocolType::Bigquery => Protocol::Bigquery,
        _ => Protocol::Unknown,
    }
}

/// A Connector (the system definition with its connections).
pub(crate) fn connector(cx: &mut Ctx, doc: &Connector) {
    c::url_opt(
        cx,
        n::DOCUMENTATION_URL,
        doc.documentation_url.as_ref(),
        UrlRule::Absolute,
    );
    c::url_opt(cx, n::IMAGE_URL, doc.image_url.as_ref(), UrlRule::Absolute);
    c::enum_at(cx, n::PROTOCOL, &doc.protocol);
    auth_scheme_configs(cx, &doc.auth_scheme_configs);
    variables_opt(
        cx,
        n::CONNECTION_VARIABLES,
        doc.connection_variables.as_ref(),
    );
    let mut names = Unique::names("connection name", Severity::Error);
    let mut ids = Unique::ids("connection id");
    cx.each(n::CONNECTIONS, &doc.connections, |cx, _, conn| {
        connection(cx, conn);
        ids.check(cx, &[n::ID], &conn.id);
        names.check(cx, &[n::NAME], &conn.name);
    });
    let views: Vec<_> = doc
        .versions
        .iter()
        .map(|v| c::VersionView {
            name: &v.name,
            is_latest: v.is_latest,
            is_default: v.is_default,
            published: v.published_at.is_some(),
        })
        .collect();
    c::versions(cx, &views, |cx, index| {
        let version = &doc.versions[index];
        c::created_updated(cx, &version.created_at, &version.updated_at);
        if let Some(published) = &version.published_at {
            c::timestamp(cx, n::PUBLISHED_AT, published);
        }
        c::messages(cx, n::MESSAGES, version.messages.as_ref(), false);
        c::extra(cx, &version.extra);
    });
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

/// The configs of a connector: each valid, ids unique, mTLS links resolvable.
fn auth_scheme_configs(cx: &mut Ctx, configs: &[AuthSchemeConfig]) {
    let has_certificate = configs
        .iter()
        .any(|cfg| matches!(cfg, AuthSchemeConfig::Certificate(_)));
    let mut ids = Unique::ids("auth scheme config id");
    cx.each(n::AUTH_SCHEME_CONFIGS, configs, |cx, _, cfg| {
        auth_scheme_config(cx, cfg);
        if let Some(id) = cfg.id() {
            ids.check(cx, &[n::ID], id);
        }
        if let AuthSchemeConfig::OAuth2(body) = cfg {
            c::mtls_link(
                cx,
                body.mtls_enabled,
                body.mtls_credential_id.as_ref(),
                has_certificate,
            );
        }
    });
}

/// A ConnectorUpdate (PUT body).
pub(crate) fn connector_update(cx: &mut Ctx, doc: &ConnectorUpdate) {
    c::enum_at(cx, n::PROTOCOL, &doc.protocol);
    if let Some(ids) = &doc.auth_scheme_config_ids {
        let mut seen = Unique::ids("auth scheme config id");
        cx.each(n::AUTH_SCHEME_CONFIG_IDS, ids, |cx, _, id| {
            seen.check(cx, &[], id)
        });
    }
    c::url_opt(
        cx,
        n::DOCUMENTATION_URL,
        doc.documentation_url.as_ref(),
        UrlRule::Absolute,
    );
    c::url_opt(cx, n::IMAGE_URL, doc.image_url.as_ref(), UrlRule::Absolute);
    variables_opt(
        cx,
        n::CONNECTION_VARIABLES,
        doc.connection_variables.as_ref(),
    );
    c::protocol_fields(
        cx,
        protocol(&doc.protocol),
        doc.base_url.as_ref(),
        doc.dataset_id.as_ref(),
        &[(n::CONNECTION_VARIABLES, doc.connection_variables.is_some())],
    );
    c::extra(cx, &doc.extra);
}

/// A Connection (the credentials of one target of a connector).
pub(crate) fn connection(cx: &mut Ctx, conn: &Connection) {
    cx.at(n::CREDENTIALS, |cx| {
        let creds = &conn.credentials;
        let mut ids = Unique::ids("credential binding id");
        for (key, list) in [(n::ACTION, &creds.action), (n::TRIGGER, &creds.trigger)] {
            cx.each_opt(key, list.as_ref(), |cx, _, binding| {
                ids.check(cx, &[n::ID], &binding.id);
                cx.at(n::AUTH_SCHEME_CONFIG, |cx| {
                    auth_scheme_config(cx, &binding.auth_scheme_config);
                });
                cx.at(n::CREDENTIAL, |cx| {
                    credential(cx, &binding.credential);
                    let scheme = binding.auth_scheme_config.scheme_type();
                    c::compatible(
                        cx,
                        scheme.as_str(),
                        &binding.credential.credential_type,
                        compat::v1::credential_types_for(&scheme),
                    );
                });
                c::extra(cx, &binding.extra);
            });
        }
        c::extra(cx, &creds.extra);
    });
    variables(cx, n::VARIABLES, &conn.variables);
    c::created_updated(cx, &conn.created_at, &conn.updated_at);
    c::extra(cx, &conn.extra);
}

fn variables(cx: &mut Ctx, key: &str, vars: &[ConnectionVariable]) {
    c::variables(cx, key, vars.iter().map(|v| (v.name.as_str(), &v.extra)));
}

fn variables_opt(cx: &mut Ctx, key: &str, vars: Option<&Vec<ConnectionVariable>>) {
    if let Some(vars) = vars {
        variables(cx, key, vars);
    }
}

/// An AuthSchemeConfig.
pub(crate) fn auth_scheme_config(cx: &mut Ctx, cfg: &AuthSchemeConfig) {
    match cfg {
        AuthSchemeConfig::None(body) => {
            c::messages(
                cx,
                n::VALIDATION_MESSAGES,
                body.validation_messages.as_ref(),
                true,
            );
            c::extra(cx, &body.extra);
        }
        AuthSchemeConfig::BasicAuth(body) => {
            c::messages(
                cx,
                n::VALIDATION_MESSAGES,
                body.validation_messages.as_ref(),
                true,
            );
            c::extra(cx, &body.extra);
        }
        AuthSchemeConfig::Certificate(body) => {
            c::messages(
                cx,
                n::VALIDATION_MESSAGES,
                body.validation_messages.as_ref(),
                true,
            );
            c::extra(cx, &body.extra);
        }
        AuthSchemeConfig::ApiKey(body) => {
            c::enum_at(cx, n::IN, &body.location);
            c::messages(
                cx,
                n::VALIDATION_MESSAGES,
                body.validation_messages.as_ref(),
                true,
            );
            c::extra(cx, &body.extra);
        }
        AuthSchemeConfig::Hmac(body) => {
            c::enum_at(cx, n::IN, &body.location);
            c::enum_at(cx, n::ALGORITHM, &body.algorithm);
            c::digest_inputs(cx, &body.digest_inputs);
            c::messages(
                cx,
                n::VALIDATION_MESSAGES,
                body.validation_messages.as_ref(),
                true,
            );
            c::extra(cx, &body.extra);
        }
        AuthSchemeConfig::OAuth2(body) => oauth2(cx, body),
        AuthSchemeConfig::Unknown(_) => {
            let scheme = cfg.scheme_type();
            let text = if scheme.is_known() {
                format!("v1 has no config shape for `{scheme}`")
            } else {
                format!("`{scheme}` is not a documented value")
            };
            cx.report_at(
                n::SCHEME_TYPE,
                Code::UnsupportedValue,
                Severity::Error,
                text,
            )
            .detail
            .push(c::allowed(CONFIG_SHAPES));
        }
    }
}

fn oauth2(cx: &mut Ctx, body: &OAuth2Config) {
    // The client_credentials grant never visits the authorize endpoint: `""` is allowed there,
    // the convention v1 documents for an oauth2-client credential's `authorizeUrl`.
    let authorize = if body.grant.grant_type() == versori_model::v1::GrantType::ClientCredentials {
        UrlRule::OrEmpty
    } else {
        UrlRule::Absolute
    };
    c::url(cx, n::AUTHORIZE_URL, &body.authorize_url, authorize);
    c::url(cx, n::TOKEN_URL, &body.token_url, UrlRule::Absolute);
    c::scopes(
        cx,
        body.scopes.iter().map(|s| (s.name.as_str(), &s.extra)),
        Some(&body.default_scopes),
    );
    c::mtls(
        cx,
        n::MTLS_ENABLED,
        body.mtls_enabled,
        n::MTLS_CREDENTIAL_ID,
        body.mtls_credential_id.as_ref(),
    );
    cx.at(n::GRANT, |cx| match &body.grant {
        Grant::AuthorizationCode(grant) | Grant::Password(grant) => {
            c::grant_credential_pair(
                cx,
                grant.credential_id.as_ref(),
                grant.organisation_id.as_ref(),
            );
            c::secret_opt(cx, n::CLIENT_SECRET, grant.client_secret.as_ref());
            c::extra(cx, &grant.extra);
        }
        Grant::ClientCredentials(grant) => c::extra(cx, &grant.extra),
        Grant::Unknown(_) => c::enum_at(cx, n::GRANT_TYPE, &body.grant.grant_type()),
    });
    c::messages(
        cx,
        n::VALIDATION_MESSAGES,
        body.validation_messages.as_ref(),
        true,
    );
    c::extra(cx, &body.extra);
}

/// A Credential.
pub(crate) fn credential(cx: &mut Ctx, cred: &Credential) {
    c::enum_at(cx, n::TYPE, &cred.credential_type);
    cx.each_opt(n::USAGES, cred.usages.as_ref(), |cx, _, usage| {
        cx.at(n::CONNECTION, |cx| {
            let conn = &usage.connection;
            cx.at(n::CONNECTOR, |cx| {
                let summary = &conn.connector;
                c::enum_at(cx, n::PROTOCOL, &summary.protocol);
                c::created_updated(cx, &summary.created_at, &summary.updated_at);
                c::extra(cx, &summary.extra);
            });
            c::created_updated(cx, &conn.created_at, &conn.updated_at);
            c::extra(cx, &conn.extra);
        });
        c::extra(cx, &usage.extra);
    });
    cx.at(n::DATA, |cx| data(cx, &cred.data));
    c::expires_at(cx, cred.expires_at.as_ref());
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
        CredentialData::BasicAuth(d) | CredentialData::OAuth2Password(d) => {
            c::secret(cx, n::PASSWORD, &d.password);
            c::extra(cx, &d.extra);
        }
        CredentialData::OAuth2Client(d) => {
            c::secret(cx, n::CLIENT_SECRET, &d.client_secret);
            // `""` is the stated value for client_credentials.
            c::url(cx, n::AUTHORIZE_URL, &d.authorize_url, UrlRule::OrEmpty);
            c::url(cx, n::TOKEN_URL, &d.token_url, UrlRule::Absolute);
            c::mtls(
                cx,
                n::MTLS_ENABLED_CREDENTIAL,
                d.mtls_enabled,
                n::MTLS_CREDENTIAL_ID_CREDENTIAL,
                d.mtls_credential_id.as_ref(),
            );
            c::extra(cx, &d.extra);
        }
        CredentialData::OAuth2Code(d) => {
            c::secret(cx, n::CODE, &d.code);
            c::extra(cx, &d.extra);
        }
        CredentialData::OAuth2Token(d) => {
            c::secret_opt(cx, n::ACCESS_TOKEN, d.access_token.as_ref());
            c::secret_opt(cx, n::REFRESH_TOKEN, d.refresh_token.as_ref());
            c::extra(cx, &d.extra);
        }
        CredentialData::Certificate(d) => {
            c::secret(cx, n::KEY, &d.key);
            c::extra(cx, &d.extra);
        }
        // `custom-function`, `jwt-bearer` and unknown types have no data shape in v1.
        CredentialData::Other(_) => {}
    }
}
