//! v2 rules: System, ConnectionTemplate, LinkSystem, AuthSchemeConfig, Connection, Credential,
//! SystemExport.
//!
//! v2 was pinned at two revisions (2025-12, "C", and 2026-04, "C+"); the model reads both. Where
//! one revision requires a field the document lacks, the rules say so with `revision-required`:
//! a warning when the later revision needs it, info when only the earlier one did.

use versori_model::v2::*;

use super::Ctx;
use super::common::{self as c, Unique, UrlRule};
use super::names as n;
use crate::compat;
use crate::{Code, Severity};

/// The signature methods the later revision documents for oauth1.
const SIGNATURE_METHODS: &[&str] = &["sha256", "sha1"];

/// A System.
pub(crate) fn system(cx: &mut Ctx, doc: &System) {
    auth_scheme_configs(cx, &doc.auth_scheme_configs);
    c::url(
        cx,
        n::TEMPLATE_BASE_URL,
        &doc.template_base_url,
        UrlRule::Absolute,
    );
    c::extra(cx, &doc.extra);
}

/// A ConnectionTemplate.
pub(crate) fn connection_template(cx: &mut Ctx, doc: &ConnectionTemplate) {
    auth_scheme_configs(cx, &doc.auth_scheme_configs);
    c::url(
        cx,
        n::TEMPLATE_BASE_URL,
        &doc.template_base_url,
        UrlRule::Absolute,
    );
    c::extra(cx, &doc.extra);
}

/// A LinkSystem request body.
pub(crate) fn link_system(cx: &mut Ctx, doc: &LinkSystem) {
    c::extra(cx, &doc.extra);
}

/// The configs of a system or template: each valid, ids unique, mTLS links resolvable.
fn auth_scheme_configs(cx: &mut Ctx, configs: &[AuthSchemeConfig]) {
    let has_certificate = configs
        .iter()
        .any(|cfg| cfg.scheme_type == AuthSchemeType::Certificate && cfg.certificate.is_some());
    let mut ids = Unique::ids("auth scheme config id");
    cx.each(n::AUTH_SCHEME_CONFIGS, configs, |cx, _, cfg| {
        auth_scheme_config(cx, cfg);
        if let (Some(member), Some(id)) = (cfg.scheme_type.member(), cfg.id()) {
            ids.check(cx, &[member, n::ID], id);
        }
        if let (AuthSchemeType::OAuth2, Some(body)) = (&cfg.scheme_type, &cfg.oauth2) {
            cx.at(n::OAUTH2, |cx| {
                c::mtls_link(
                    cx,
                    body.mtls_enabled,
                    body.mtls_credential_id.as_ref(),
                    has_certificate,
                );
            });
        }
    });
}

/// `tag` (at `tag_key`) names `expected`, the one member of `set` that should be present (the
/// members sit in the object at `members_at`, or beside the tag). Reports the named member
/// missing (at the tag, with `missing` as severity) and every other member that is set (at that
/// member, an error).
fn members_match(
    cx: &mut Ctx,
    tag_key: &str,
    tag: &str,
    expected: Option<&str>,
    (members_at, set): (Option<&str>, &[&str]),
    missing: Severity,
) {
    if let Some(expected) = expected {
        if !set.contains(&expected) {
            cx.report_at(
                tag_key,
                Code::VariantMismatch,
                missing,
                format!("`{tag_key}` is `{tag}` but its member `{expected}` is absent"),
            )
            .detail
            .push(format!("expected member: {expected}"));
        }
    }
    for member in set {
        if Some(*member) != expected {
            let text = match expected {
                Some(expected) => format!(
                    "`{member}` is set but `{tag_key}` `{tag}` names `{expected}`; only that member may be set"
                ),
                None => format!("`{member}` is set but `{tag_key}` `{tag}` has no member"),
            };
            let mut path = cx.path().clone();
            if let Some(members_at) = members_at {
                path.push(members_at);
            }
            path.push(*member);
            cx.report_path(path, Code::VariantMismatch, Severity::Error, text);
        }
    }
}

/// An AuthSchemeConfig wrapper: `type` names exactly the member that is set.
pub(crate) fn auth_scheme_config(cx: &mut Ctx, cfg: &AuthSchemeConfig) {
    c::enum_at(cx, n::TYPE, &cfg.scheme_type);
    if cfg.scheme_type.is_known() {
        let set: Vec<&str> = cfg.members().into_iter().map(|(name, _)| name).collect();
        members_match(
            cx,
            n::TYPE,
            cfg.scheme_type.as_str(),
            cfg.scheme_type.member(),
            (None, &set),
            Severity::Error,
        );
    }
    cx.opt(n::NONE, cfg.none.as_ref(), config_base);
    cx.opt(n::API_KEY, cfg.api_key.as_ref(), |cx, body| {
        c::enum_at(cx, n::IN, &body.location);
        c::messages(
            cx,
            n::VALIDATION_MESSAGES,
            body.validation_messages.as_ref(),
            true,
        );
        c::extra(cx, &body.extra);
    });
    cx.opt(n::BASIC_AUTH, cfg.basic_auth.as_ref(), config_base);
    cx.opt(n::OAUTH2, cfg.oauth2.as_ref(), oauth2);
    cx.opt(n::OAUTH1, cfg.oauth1.as_ref(), oauth1);
    cx.opt(n::HMAC, cfg.hmac.as_ref(), hmac);
    cx.opt(n::CERTIFICATE, cfg.certificate.as_ref(), config_base);
    c::extra(cx, &cfg.extra);
}

fn config_base(cx: &mut Ctx, body: &ConfigBase) {
    c::messages(
        cx,
        n::VALIDATION_MESSAGES,
        body.validation_messages.as_ref(),
        true,
    );
    c::extra(cx, &body.extra);
}

fn hmac(cx: &mut Ctx, body: &HmacConfig) {
    c::enum_at(cx, n::IN, &body.location);
    c::enum_at(cx, n::ALGORITHM, &body.algorithm);
    c::digest_inputs(cx, &body.digest_inputs);
    match &body.encoding {
        Some(encoding) => c::enum_at(cx, n::ENCODING, encoding),
        None => {
            cx.report_at(
                n::ENCODING,
                Code::RevisionRequired,
                Severity::Warning,
                "the 2026-04 revision of v2 requires `encoding` (hex, base64 or base64url)",
            );
        }
    }
    c::messages(
        cx,
        n::VALIDATION_MESSAGES,
        body.validation_messages.as_ref(),
        true,
    );
    c::extra(cx, &body.extra);
}

fn oauth2(cx: &mut Ctx, body: &OAuth2Config) {
    match &body.authorize_url {
        Some(url) => c::url(cx, n::AUTHORIZE_URL, url, UrlRule::Absolute),
        None if body.grant.grant_type == GrantType::AuthorizationCode => {
            cx.report_at(
                n::AUTHORIZE_URL,
                Code::Required,
                Severity::Warning,
                "the authorization code grant sends the user to `authorizeUrl`, which is absent",
            );
        }
        None => {}
    }
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
    cx.at(n::GRANT, |cx| {
        let grant = &body.grant;
        c::enum_at(cx, n::TYPE, &grant.grant_type);
        if grant.grant_type.is_known() {
            let set: Vec<&str> = [
                (n::AUTHORIZATION_CODE, grant.authorization_code.is_some()),
                (n::CLIENT_CREDENTIALS, grant.client_credentials.is_some()),
                (n::PASSWORD, grant.password.is_some()),
            ]
            .into_iter()
            .filter_map(|(name, set)| set.then_some(name))
            .collect();
            // A grant without its member has no settings, which the API can live with.
            members_match(
                cx,
                n::TYPE,
                grant.grant_type.as_str(),
                grant.grant_type.member(),
                (None, &set),
                Severity::Warning,
            );
        }
        for (key, settings) in [
            (n::AUTHORIZATION_CODE, &grant.authorization_code),
            (n::PASSWORD, &grant.password),
        ] {
            cx.opt(key, settings.as_ref(), |cx, settings| {
                c::grant_credential_pair(
                    cx,
                    settings.credential_id.as_ref(),
                    settings.organisation_id.as_ref(),
                );
                c::secret_opt(cx, n::CLIENT_SECRET, settings.client_secret.as_ref());
                c::extra(cx, &settings.extra);
            });
        }
        cx.opt(
            n::CLIENT_CREDENTIALS,
            grant.client_credentials.as_ref(),
            |cx, settings| {
                c::extra(cx, &settings.extra);
            },
        );
        c::extra(cx, &grant.extra);
    });
    c::messages(
        cx,
        n::VALIDATION_MESSAGES,
        body.validation_messages.as_ref(),
        true,
    );
    c::extra(cx, &body.extra);
}

fn oauth1(cx: &mut Ctx, body: &OAuth1Config) {
    c::secret(cx, n::CONSUMER_SECRET, &body.consumer_secret);
    for (key, endpoint) in [
        (n::TEMP_CREDENTIAL_ENDPOINT, &body.temp_credential_endpoint),
        (
            n::RESOURCE_OWNER_AUTHORIZATION_ENDPOINT,
            &body.resource_owner_authorization_endpoint,
        ),
        (n::TOKEN_ENDPOINT, &body.token_endpoint),
    ] {
        match endpoint {
            Some(endpoint) => cx.at(key, |cx| {
                c::url(cx, n::URL, &endpoint.url, UrlRule::Absolute);
                cx.each_opt(
                    n::ADDITIONAL_PARAM_CONFIGS,
                    endpoint.additional_param_configs.as_ref(),
                    |cx, _, param| {
                        c::enum_at(cx, n::LOCATION, &param.location);
                        if let Some(usages) = &param.usages {
                            c::enum_at(cx, n::USAGES, usages);
                        }
                        c::extra(cx, &param.extra);
                    },
                );
                if let Some(transmission) = &endpoint.parameter_transmission {
                    c::enum_at(cx, n::PARAMETER_TRANSMISSION, transmission);
                }
                c::extra(cx, &endpoint.extra);
            }),
            None => {
                cx.report_at(
                    key,
                    Code::RevisionRequired,
                    Severity::Info,
                    format!(
                        "the 2025-12 revision of v2 requires `{key}`; the 2026-04 revision does not"
                    ),
                );
            }
        }
    }
    if !SIGNATURE_METHODS.contains(&body.signature_method.as_str()) {
        cx.report_at(
            n::SIGNATURE_METHOD,
            Code::UnsupportedValue,
            Severity::Warning,
            format!(
                "`{}` is not a documented signature method",
                body.signature_method
            ),
        )
        .detail
        .push(c::allowed(SIGNATURE_METHODS));
    }
    c::messages(
        cx,
        n::VALIDATION_MESSAGES,
        body.validation_messages.as_ref(),
        true,
    );
    c::extra(cx, &body.extra);
}

/// A Connection: a flat list of credential bindings.
pub(crate) fn connection(cx: &mut Ctx, conn: &Connection) {
    let mut ids = Unique::ids("credential binding id");
    cx.each(n::CREDENTIALS, &conn.credentials, |cx, _, binding| {
        ids.check(cx, &[n::ID], &binding.id);
        cx.opt(
            n::AUTH_SCHEME_CONFIG,
            binding.auth_scheme_config.as_ref(),
            auth_scheme_config,
        );
        cx.opt(n::CREDENTIAL, binding.credential.as_ref(), |cx, cred| {
            credential(cx, cred);
            if let (Some(cfg), Some(cred_type)) =
                (&binding.auth_scheme_config, &cred.credential_type)
            {
                c::compatible(
                    cx,
                    cfg.scheme_type.as_str(),
                    cred_type,
                    compat::v2::credential_types_for(&cfg.scheme_type),
                );
            }
        });
        c::extra(cx, &binding.extra);
    });
    if let Some(base_url) = &conn.base_url {
        connection_base_url(cx, base_url);
    }
    c::created_updated(cx, &conn.created_at, &conn.updated_at);
    c::extra(cx, &conn.extra);
}

/// A connection's `baseUrl`: `""` means no override (stated); on create the API adds `https://`
/// when the scheme is missing and drops everything after the host (stated).
fn connection_base_url(cx: &mut Ctx, base_url: &str) {
    if base_url.is_empty() {
        return;
    }
    match c::check_url(base_url) {
        Ok(()) => {}
        Err(problem) => {
            if !base_url.contains("://") && c::check_url(&format!("https://{base_url}")).is_ok() {
                cx.report_at(
                    n::BASE_URL,
                    Code::Normalized,
                    Severity::Info,
                    "`baseUrl` has no scheme; the API adds `https://` when it creates the connection",
                );
            } else {
                cx.report_at(
                    n::BASE_URL,
                    Code::InvalidUrl,
                    problem.severity,
                    format!(
                        "`baseUrl` is not an absolute http(s) URL: {}",
                        problem.reason
                    ),
                );
            }
            return;
        }
    }
    // Valid, so it parses (templates aside: those keep their path as written).
    let Ok(parsed) = url::Url::parse(base_url) else {
        return;
    };
    if !matches!(parsed.path(), "" | "/") || parsed.query().is_some() || parsed.fragment().is_some()
    {
        cx.report_at(
            n::BASE_URL,
            Code::Normalized,
            Severity::Info,
            "the API keeps only the scheme and host of `baseUrl` when it creates the connection",
        );
    }
}

/// A Credential: `type` names the one `data` member that is set.
pub(crate) fn credential(cx: &mut Ctx, cred: &Credential) {
    if let Some(cred_type) = &cred.credential_type {
        c::enum_at(cx, n::TYPE, cred_type);
    }
    if let Some(data) = &cred.data {
        let set = data.members();
        match &cred.credential_type {
            Some(cred_type) if cred_type.is_known() => members_match(
                cx,
                n::TYPE,
                cred_type.as_str(),
                cred_type.member(),
                (Some(n::DATA), &set),
                Severity::Error,
            ),
            Some(_) => {}
            None if !set.is_empty() => {
                cx.report_at(
                    n::TYPE,
                    Code::Required,
                    Severity::Warning,
                    "`data` is set but `type`, which names its member, is absent",
                );
            }
            None => {}
        }
        cx.at(n::DATA, |cx| credential_data(cx, data));
    }
    c::expires_at(cx, cred.expires_at.as_ref());
    c::extra(cx, &cred.extra);
}

fn credential_data(cx: &mut Ctx, data: &CredentialData) {
    cx.opt(n::BINARY, data.binary.as_ref(), |cx, d| {
        c::secret(cx, n::VALUE_BASE64, &d.value_base64);
        c::extra(cx, &d.extra);
    });
    cx.opt(n::NONE, data.none.as_ref(), |cx, d| c::extra(cx, &d.extra));
    cx.opt(n::STRING, data.string.as_ref(), |cx, d| {
        c::secret(cx, n::VALUE, &d.value);
        c::extra(cx, &d.extra);
    });
    for (key, member) in [
        (n::BASIC_AUTH, &data.basic_auth),
        (n::OAUTH2_PASSWORD, &data.oauth2_password),
    ] {
        cx.opt(key, member.as_ref(), |cx, d| {
            c::secret(cx, n::PASSWORD, &d.password);
            c::extra(cx, &d.extra);
        });
    }
    cx.opt(n::OAUTH2_CLIENT, data.oauth2_client.as_ref(), |cx, d| {
        c::secret(cx, n::CLIENT_SECRET, &d.client_secret);
        c::url(cx, n::TOKEN_URL, &d.token_url, UrlRule::Absolute);
        c::mtls(
            cx,
            n::MTLS_ENABLED_CREDENTIAL,
            d.mtls_enabled,
            n::MTLS_CREDENTIAL_ID_CREDENTIAL,
            d.mtls_credential_id.as_ref(),
        );
        c::extra(cx, &d.extra);
    });
    cx.opt(n::OAUTH2_TOKEN, data.oauth2_token.as_ref(), |cx, d| {
        c::secret_opt(cx, n::ACCESS_TOKEN, d.access_token.as_ref());
        c::secret(cx, n::REFRESH_TOKEN, &d.refresh_token);
        // The access token's expiry passes routinely (it is refreshed), so only its form counts.
        if let Some(expires_at) = &d.expires_at {
            c::timestamp(cx, n::EXPIRES_AT, expires_at);
        }
        c::extra(cx, &d.extra);
    });
    cx.opt(n::OAUTH2_CODE, data.oauth2_code.as_ref(), |cx, d| {
        c::secret(cx, n::CODE, &d.code);
        c::url_opt(
            cx,
            n::REDIRECT_URL,
            d.redirect_url.as_ref(),
            UrlRule::Absolute,
        );
        c::extra(cx, &d.extra);
    });
    cx.opt(n::CERTIFICATE, data.certificate.as_ref(), |cx, d| {
        c::secret(cx, n::KEY, &d.key);
        c::extra(cx, &d.extra);
    });
    cx.opt(n::OAUTH1, data.oauth1.as_ref(), |cx, d| {
        c::secret(cx, n::OAUTH_TOKEN, &d.oauth_token);
        c::secret(cx, n::OAUTH_VERIFIER, &d.oauth_verifier);
        c::extra(cx, &d.extra);
    });
    cx.opt(n::OAUTH1_TOKEN, data.oauth1_token.as_ref(), |cx, d| {
        c::secret(cx, n::TOKEN, &d.token);
        c::secret(cx, n::TOKEN_SECRET, &d.token_secret);
        cx.each_opt(
            n::ADDITIONAL_PARAMS,
            d.additional_params.as_ref(),
            |cx, _, param| {
                c::extra(cx, &param.extra);
            },
        );
        c::extra(cx, &d.extra);
    });
    c::extra(cx, &data.extra);
}

/// A SystemExport: the system, and connections that point at it.
pub(crate) fn system_export(cx: &mut Ctx, doc: &SystemExport) {
    cx.at(n::SYSTEM, |cx| system(cx, &doc.system));
    let config_ids: Vec<&str> = doc
        .system
        .auth_scheme_configs
        .iter()
        .filter_map(AuthSchemeConfig::id)
        .collect();
    // v2 leaves the scope of connection names open; within one system they should differ.
    let mut names = Unique::names("connection name", Severity::Warning);
    let mut ids = Unique::ids("connection id");
    cx.each(n::CONNECTIONS, &doc.connections, |cx, _, conn| {
        connection(cx, conn);
        ids.check(cx, &[n::ID], &conn.id);
        names.check(cx, &[n::NAME], &conn.name);
        match &conn.system_id {
            Some(system_id) if *system_id != doc.system.id => {
                cx.report_at(
                    n::SYSTEM_ID,
                    Code::DanglingReference,
                    Severity::Error,
                    format!("`systemId` `{system_id}` is not the exported system's id"),
                )
                .detail
                .push(format!("system id: {}", doc.system.id));
            }
            Some(_) => {}
            None => {
                cx.report_at(
                    n::SYSTEM_ID,
                    Code::Required,
                    Severity::Warning,
                    "an exported connection names its system in `systemId`",
                );
            }
        }
        cx.each(n::CREDENTIALS, &conn.credentials, |cx, _, binding| {
            let Some(cfg) = &binding.auth_scheme_config else {
                return;
            };
            let (Some(member), Some(id)) = (cfg.scheme_type.member(), cfg.id()) else {
                return;
            };
            if !config_ids.contains(&id) {
                // A connection keeps its copy when the system's config is deleted (stated for
                // v1), so this may be history rather than a mistake.
                cx.at(n::AUTH_SCHEME_CONFIG, |cx| {
                    cx.at(member, |cx| {
                        cx.report_at(
                            n::ID,
                            Code::DanglingReference,
                            Severity::Warning,
                            format!("the system has no auth scheme config `{id}`"),
                        );
                    });
                });
            }
        });
    });
    c::extra(cx, &doc.extra);
}
