//! **v1 -> v2: Connector becomes a System exported with its Connections; credentials become one
//! ordered list; unions become `{type, <member>}` wrappers.**
//!
//! Changelog entry (up):
//! - A `connector` becomes a `system-export`: the `system` (`id`, `name`, `domain` derived from
//!   the base URL's host, `templateBaseUrl` = `baseUrl`, the auth configs) and its `connections`,
//!   each with `systemId` set. v2 is HTTP only: a BigQuery connector is `not-representable`.
//! - Connector metadata (`organisationId`, `public`, `documentationURL`, `imageURL`, `tags`),
//!   `connectionVariables`, `versions` and the connector's timestamps have no v2 home.
//! - A connection's `action` and `trigger` credentials merge into one list, actions first; the
//!   roles (and connection `variables`) have no v2 home.
//! - Auth scheme configs re-tag: `schemeType` becomes the wrapper's `type` and the config moves
//!   under its member (`apiKey`, `oauth2`, ...); grants likewise (`authorization_code` becomes
//!   `authorizationCode`). `jwt-bearer` keeps its type but has no member for `id`/`description`;
//!   `custom-function`, `google-service-account` and unknown types are `not-representable`.
//! - Credential `data` is keyed by member (`basic-auth` data goes under `basicAuth`); usages have no
//!   v2 home; oauth2-client data loses `authorizeUrl`; a missing oauth2-token `refreshToken`
//!   (required in v2) is written empty with a warning; `custom-function` and `jwt-bearer`
//!   credentials are `not-representable`.
//!
//! Down is the reverse: v2-only fields (`domain` when not the base URL's host, per-connection
//! `baseUrl`, `connectionTemplateId`, `pkce`, hmac `encoding`, token `tokenType`/`expiresAt`,
//! oauth2-code `redirectUrl`/`additionalParams`, members other than the one `type` names) are
//! dropped or, with `preserve`, stashed; credentials go back to `action` unless a stash says
//! otherwise; oauth1 configs and credentials and `secret` configs are `not-representable`.

use serde_json::{Map, Value};
use versori_model::{ApiVersion, Extra, Secret, Timestamp, v1, v2};

use crate::cx::{Cx, Restore, to_value};

const OLD: ApiVersion = ApiVersion::V1;
const NEW: ApiVersion = ApiVersion::V2;
const EPOCH: &str = "1970-01-01T00:00:00Z";

/// The host of a base URL (`https://acme.myshopify.com/admin` -> `acme.myshopify.com`), which
/// v2 uses as the system's `domain`.
pub(crate) fn domain_of(base_url: &str) -> String {
    let rest = base_url
        .split_once("://")
        .map_or(base_url, |(_, rest)| rest);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host = authority
        .rsplit_once('@')
        .map_or(authority, |(_, host)| host);
    match host.rsplit_once(':') {
        Some((name, port)) if port.bytes().all(|b| b.is_ascii_digit()) && !name.is_empty() => {
            name.to_owned()
        }
        _ => host.to_owned(),
    }
}

// ---------------------------------------------------------------------------------------------
// Up: v1 -> v2
// ---------------------------------------------------------------------------------------------

/// v1 `connector` -> v2 `system-export`.
pub(crate) fn up_connector(c: v1::Connector, cx: &mut Cx) -> v2::SystemExport {
    let mut extra = c.extra;
    let mut restore = Restore::take(&mut extra, NEW);
    if c.protocol != v1::ProtocolType::Http {
        cx.not_representable(
            "protocol",
            format!(
                "v2 systems are HTTP only; a `{}` connector has no v2 form",
                c.protocol
            ),
        );
    }
    if let Some(dataset) = &c.dataset_id {
        cx.lose(
            &mut extra,
            OLD,
            "datasetId",
            dataset.clone().into(),
            "v2 systems have no dataset",
        );
    }
    let template_base_url = c.base_url.clone().unwrap_or_else(|| {
        cx.placeholder(
            "baseUrl",
            "v2 requires a base URL (templateBaseUrl); left empty",
        );
        String::new()
    });
    let domain = restore.get::<String>("domain").unwrap_or_else(|| {
        cx.derived(
            "baseUrl",
            "v2 requires a `domain`; derived from the base URL's host",
        );
        domain_of(&template_base_url)
    });
    // Down takes the organisation from the first credential (or leaves it empty).
    if first_credential_org(&c.connections).unwrap_or_default() != c.organisation_id {
        cx.lose(
            &mut extra,
            OLD,
            "organisationId",
            c.organisation_id.clone().into(),
            "v2 systems have no organisationId",
        );
    }
    if c.public {
        cx.lose(
            &mut extra,
            OLD,
            "public",
            true.into(),
            "v2 systems have no public flag",
        );
    }
    for (field, value) in [
        ("documentationURL", &c.documentation_url),
        ("imageURL", &c.image_url),
    ] {
        if let Some(value) = value {
            cx.lose(
                &mut extra,
                OLD,
                field,
                value.clone().into(),
                "v2 systems have no such field",
            );
        }
    }
    if let Some(tags) = &c.tags {
        cx.lose_typed(
            &mut extra,
            OLD,
            "tags",
            tags,
            "v2 systems have no tags (labels exist only on create)",
        );
    }
    if let Some(vars) = &c.connection_variables {
        cx.lose_typed(
            &mut extra,
            OLD,
            "connectionVariables",
            vars,
            "v2 has no connection variables",
        );
    }
    if !c.versions.is_empty() {
        cx.lose_typed(
            &mut extra,
            OLD,
            "versions",
            &c.versions,
            "v2 systems are not versioned",
        );
    }
    for (field, value) in [("createdAt", &c.created_at), ("updatedAt", &c.updated_at)] {
        if value.as_str() != EPOCH {
            cx.lose(
                &mut extra,
                OLD,
                field,
                value.as_str().into(),
                "v2 systems have no timestamps",
            );
        }
    }
    let auth_scheme_configs = cx.at("authSchemeConfigs", |cx| {
        c.auth_scheme_configs
            .into_iter()
            .enumerate()
            .filter_map(|(i, config)| cx.at(i, |cx| up_config(config, cx)))
            .collect()
    });
    let system_id = c.id.clone();
    let connections = cx.at("connections", |cx| {
        c.connections
            .into_iter()
            .enumerate()
            .map(|(i, conn)| cx.at(i, |cx| up_connection(conn, Some(&system_id), cx)))
            .collect()
    });
    let export_extra: Extra = restore.get("export").unwrap_or_default();
    let mut system = v2::System {
        id: c.id,
        name: c.name,
        domain,
        auth_scheme_configs,
        template_base_url,
        extra,
    };
    restore.finish(&mut system.extra);
    v2::SystemExport {
        system,
        connections,
        extra: export_extra,
    }
}

fn first_credential_org(connections: &[v1::Connection]) -> Option<&str> {
    connections
        .iter()
        .flat_map(|c| {
            c.credentials
                .action
                .iter()
                .flatten()
                .chain(c.credentials.trigger.iter().flatten())
        })
        .map(|b| b.credential.organisation_id.as_str())
        .next()
}

/// v1 `connection` -> v2 `connection`, linked to `system_id` when it belongs to a connector.
pub(crate) fn up_connection(
    c: v1::Connection,
    system_id: Option<&str>,
    cx: &mut Cx,
) -> v2::Connection {
    let mut extra = c.extra;
    let mut restore = Restore::take(&mut extra, NEW);
    let creds = c.credentials;
    let ids = |list: &Option<Vec<v1::ConnectionCredential>>| {
        list.as_ref().map(|l| {
            l.iter()
                .map(|b| Value::from(b.id.clone()))
                .collect::<Vec<_>>()
        })
    };
    let total =
        creds.action.as_ref().map_or(0, Vec::len) + creds.trigger.as_ref().map_or(0, Vec::len);
    let layout_is_derivable = creds.extra.is_empty()
        && creds.trigger.is_none()
        && (creds.action.is_some() == (total > 0));
    if !layout_is_derivable {
        let mut layout = Map::new();
        layout.insert(
            "action".into(),
            ids(&creds.action).map_or(Value::Null, Value::Array),
        );
        layout.insert(
            "trigger".into(),
            ids(&creds.trigger).map_or(Value::Null, Value::Array),
        );
        layout.extend(creds.extra.clone());
        cx.lose(
            &mut extra,
            OLD,
            "credentials",
            Value::Object(layout),
            "v2 has one ordered credential list (actions first); the action/trigger roles have no v2 home",
        );
    }
    if !c.variables.is_empty() {
        cx.lose_typed(
            &mut extra,
            OLD,
            "variables",
            &c.variables,
            "v2 connections have no variables",
        );
    }
    let mut credentials = Vec::new();
    cx.at("credentials", |cx| {
        for (side, list) in [("action", creds.action), ("trigger", creds.trigger)] {
            cx.at(side, |cx| {
                for (i, b) in list.into_iter().flatten().enumerate() {
                    credentials.push(cx.at(i, |cx| up_binding(b, cx)));
                }
            });
        }
    });
    let mut connection = v2::Connection {
        id: c.id,
        name: c.name,
        credentials,
        base_url: restore.get("baseUrl"),
        created_at: c.created_at,
        updated_at: c.updated_at,
        system_id: system_id
            .map(str::to_owned)
            .or_else(|| restore.get("systemId")),
        connection_template_id: restore.get("connectionTemplateId"),
        extra,
    };
    restore.finish(&mut connection.extra);
    connection
}

fn up_binding(b: v1::ConnectionCredential, cx: &mut Cx) -> v2::ConnectionCredential {
    v2::ConnectionCredential {
        id: b.id,
        auth_scheme_config: cx.at("authSchemeConfig", |cx| up_config(b.auth_scheme_config, cx)),
        credential: Some(cx.at("credential", |cx| up_credential(b.credential, cx))),
        extra: b.extra,
    }
}

fn base(
    id: String,
    description: String,
    messages: Option<Vec<versori_model::Message>>,
    extra: Extra,
) -> v2::ConfigBase {
    v2::ConfigBase {
        id,
        description,
        validation_messages: messages,
        extra,
    }
}

/// v1 `auth-scheme-config` -> v2 wrapper; `None` when it has no v2 form (reported).
pub(crate) fn up_config(config: v1::AuthSchemeConfig, cx: &mut Cx) -> Option<v2::AuthSchemeConfig> {
    use v1::AuthSchemeConfig as C;
    let mut wrapper = v2::AuthSchemeConfig::default();
    // What a preserving down step stashed in the member: the member's own v2-only fields are
    // taken by name below; the rest belongs at the wrapper level (other members, unknown keys).
    let stashed = |extra: &mut Extra| Restore::take(extra, NEW);
    let restore = match config {
        C::None(mut c) => {
            let restore = stashed(&mut c.extra);
            wrapper.scheme_type = v2::AuthSchemeType::None;
            wrapper.none = Some(base(c.id, c.description, c.validation_messages, c.extra));
            restore
        }
        C::BasicAuth(mut c) => {
            let restore = stashed(&mut c.extra);
            wrapper.scheme_type = v2::AuthSchemeType::BasicAuth;
            wrapper.basic_auth = Some(base(c.id, c.description, c.validation_messages, c.extra));
            restore
        }
        C::Certificate(mut c) => {
            let restore = stashed(&mut c.extra);
            wrapper.scheme_type = v2::AuthSchemeType::Certificate;
            wrapper.certificate = Some(base(c.id, c.description, c.validation_messages, c.extra));
            restore
        }
        C::ApiKey(mut c) => {
            let restore = stashed(&mut c.extra);
            wrapper.scheme_type = v2::AuthSchemeType::ApiKey;
            wrapper.api_key = Some(v2::ApiKeyConfig {
                id: c.id,
                description: c.description,
                name: c.name,
                location: v2::ParameterLocation::from_wire(c.location.as_str()),
                validation_messages: c.validation_messages,
                extra: c.extra,
            });
            restore
        }
        C::Hmac(mut c) => {
            let mut restore = stashed(&mut c.extra);
            wrapper.scheme_type = v2::AuthSchemeType::Hmac;
            wrapper.hmac = Some(v2::HmacConfig {
                id: c.id,
                description: c.description,
                name: c.name,
                location: v2::ParameterLocation::from_wire(c.location.as_str()),
                algorithm: v2::HmacAlgorithm::from_wire(c.algorithm.as_str()),
                digest_inputs: c
                    .digest_inputs
                    .iter()
                    .map(|d| v2::HmacDigestInput::from_wire(d.as_str()))
                    .collect(),
                encoding: restore.get("encoding"),
                validation_messages: c.validation_messages,
                extra: c.extra,
            });
            restore
        }
        C::OAuth2(mut c) => {
            let mut restore = stashed(&mut c.extra);
            let pkce = restore.get("pkce");
            let authorize_url = match restore.value("authorizeUrl") {
                Some(Value::Null) => None,
                _ => Some(c.authorize_url),
            };
            let grant = cx.at("grant", |cx| up_grant(c.grant, cx))?;
            wrapper.scheme_type = v2::AuthSchemeType::OAuth2;
            wrapper.oauth2 = Some(v2::OAuth2Config {
                id: c.id,
                description: c.description,
                authorize_url,
                token_url: c.token_url,
                scopes: c
                    .scopes
                    .into_iter()
                    .map(|s| v2::OAuth2Scope {
                        name: s.name,
                        description: s.description,
                        extra: s.extra,
                    })
                    .collect(),
                default_scopes: c.default_scopes,
                additional_authorize_params: c.additional_authorize_params,
                additional_token_params: c.additional_token_params,
                mtls_enabled: c.mtls_enabled,
                mtls_credential_id: c.mtls_credential_id,
                pkce,
                grant,
                validation_messages: c.validation_messages,
                extra: c.extra,
            });
            restore
        }
        C::Unknown(mut map) => {
            let scheme = map
                .get("schemeType")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned();
            if scheme != "jwt-bearer" {
                cx.not_representable(
                    "schemeType",
                    format!("v2 has no `{scheme}` auth scheme config"),
                );
                return None;
            }
            // jwt-bearer has a v2 type but no member: its fields wait in the wrapper's stash.
            map.remove("schemeType");
            wrapper.scheme_type = v2::AuthSchemeType::JwtBearer;
            let mut extra = Extra::new();
            let mut restore = match map.remove(crate::cx::PRESERVED_KEY) {
                Some(stash) => {
                    extra.insert(crate::cx::PRESERVED_KEY.to_owned(), stash);
                    Restore::take(&mut extra, NEW)
                }
                None => Restore::take(&mut extra, NEW),
            };
            for (field, value) in map {
                cx.lose(
                    &mut extra,
                    OLD,
                    &field,
                    value,
                    "a v2 jwt-bearer config has no member to hold it",
                );
            }
            wrapper.extra = extra;
            let rest = restore.drain();
            back_to_wrapper(&mut wrapper, rest);
            return Some(wrapper);
        }
    };
    let mut restore = restore;
    let rest = restore.drain();
    back_to_wrapper(&mut wrapper, rest);
    Some(wrapper)
}

/// Puts wrapper-level fields a preserving down step stashed back where they were: members
/// other than the one `type` names, and unknown keys.
fn back_to_wrapper(wrapper: &mut v2::AuthSchemeConfig, rest: Map<String, Value>) {
    fn decode<T: serde::de::DeserializeOwned>(value: Value) -> Option<T> {
        serde_json::from_value(value).ok()
    }
    for (field, value) in rest {
        let kept = match field.as_str() {
            "none" if wrapper.none.is_none() => {
                decode(value.clone()).map(|m| wrapper.none = Some(m))
            }
            "apiKey" if wrapper.api_key.is_none() => {
                decode(value.clone()).map(|m| wrapper.api_key = Some(m))
            }
            "basicAuth" if wrapper.basic_auth.is_none() => {
                decode(value.clone()).map(|m| wrapper.basic_auth = Some(m))
            }
            "oauth2" if wrapper.oauth2.is_none() => {
                decode(value.clone()).map(|m| wrapper.oauth2 = Some(m))
            }
            "oauth1" if wrapper.oauth1.is_none() => {
                decode(value.clone()).map(|m| wrapper.oauth1 = Some(m))
            }
            "hmac" if wrapper.hmac.is_none() => {
                decode(value.clone()).map(|m| wrapper.hmac = Some(m))
            }
            "certificate" if wrapper.certificate.is_none() => {
                decode(value.clone()).map(|m| wrapper.certificate = Some(m))
            }
            _ => None,
        };
        if kept.is_none() {
            wrapper.extra.insert(field, value);
        }
    }
}

fn up_grant(grant: v1::Grant, cx: &mut Cx) -> Option<v2::Grant> {
    let credentials = |g: v1::GrantCredentials| v2::GrantCredentials {
        credential_id: g.credential_id,
        organisation_id: g.organisation_id,
        client_id: g.client_id,
        client_secret: g.client_secret,
        extra: g.extra,
    };
    Some(match grant {
        v1::Grant::AuthorizationCode(g) => v2::Grant {
            grant_type: v2::GrantType::AuthorizationCode,
            authorization_code: Some(credentials(g)),
            ..Default::default()
        },
        v1::Grant::Password(g) => v2::Grant {
            grant_type: v2::GrantType::Password,
            password: Some(credentials(g)),
            ..Default::default()
        },
        v1::Grant::ClientCredentials(g) => v2::Grant {
            grant_type: v2::GrantType::ClientCredentials,
            client_credentials: Some(v2::ClientCredentialsGrant { extra: g.extra }),
            ..Default::default()
        },
        v1::Grant::Unknown(map) => {
            let tag = map
                .get("grantType")
                .and_then(Value::as_str)
                .unwrap_or_default();
            cx.not_representable("grantType", format!("v2 has no `{tag}` grant"));
            return None;
        }
    })
}

/// v1 `credential` -> v2 `credential`.
pub(crate) fn up_credential(c: v1::Credential, cx: &mut Cx) -> v2::Credential {
    let mut extra = c.extra;
    let mut restore = Restore::take(&mut extra, NEW);
    if let Some(usages) = &c.usages {
        cx.lose_typed(
            &mut extra,
            OLD,
            "usages",
            usages,
            "v2 credentials have no usages",
        );
    }
    let (credential_type, mut data) = cx.at("data", |cx| up_data(&c.credential_type, c.data, cx));
    // What a preserving down step stashed from `data`: other members and unknown keys.
    if let Some(data) = data.as_mut() {
        for (field, value) in restore.drain() {
            let mut json = match to_value(&*data) {
                Value::Object(map) => map,
                _ => Map::new(),
            };
            json.insert(field, value);
            if let Ok(merged) = serde_json::from_value(Value::Object(json)) {
                *data = merged;
            }
        }
    }
    let mut credential = v2::Credential {
        id: c.id,
        organisation_id: c.organisation_id,
        credential_type,
        // Down writes an absent v2 name as "": read it back as absent (or as stashed).
        name: restore
            .get("name")
            .or_else(|| (!c.name.is_empty()).then_some(c.name)),
        errors: c.errors,
        data,
        expires_at: c.expires_at,
        extra,
    };
    restore.finish(&mut credential.extra);
    credential
}

fn up_data(
    credential_type: &v1::CredentialType,
    data: v1::CredentialData,
    cx: &mut Cx,
) -> (Option<v2::CredentialType>, Option<v2::CredentialData>) {
    use v1::CredentialData as D;

    let mut keyed = v2::CredentialData::default();
    let kind = match data {
        D::None(d) => {
            keyed.none = Some(v2::NoneData { extra: d.extra });
            v2::CredentialType::None
        }
        D::String(d) => {
            keyed.string = Some(v2::StringData {
                value: d.value,
                extra: d.extra,
            });
            v2::CredentialType::String
        }
        D::Binary(d) => {
            keyed.binary = Some(v2::BinaryData {
                value_base64: d.value_base64,
                extra: d.extra,
            });
            v2::CredentialType::Binary
        }
        D::BasicAuth(d) => {
            keyed.basic_auth = Some(v2::UsernamePasswordData {
                username: d.username,
                password: d.password,
                extra: d.extra,
            });
            v2::CredentialType::BasicAuth
        }
        D::OAuth2Password(d) => {
            keyed.oauth2_password = Some(v2::UsernamePasswordData {
                username: d.username,
                password: d.password,
                extra: d.extra,
            });
            v2::CredentialType::OAuth2Password
        }
        D::Certificate(d) => {
            keyed.certificate = Some(v2::CertificateData {
                certificate: d.certificate,
                key: d.key,
                ca: d.ca,
                extra: d.extra,
            });
            v2::CredentialType::Certificate
        }
        D::OAuth2Code(mut d) => {
            let mut inner = Restore::take(&mut d.extra, NEW);
            let (redirect_url, additional_params) =
                (inner.get("redirectUrl"), inner.get("additionalParams"));
            inner.finish(&mut d.extra);
            keyed.oauth2_code = Some(v2::OAuth2CodeData {
                code: d.code,
                state: d.state,
                redirect_url,
                additional_params,
                extra: d.extra,
            });
            v2::CredentialType::OAuth2Code
        }
        D::OAuth2Client(mut d) => {
            if !d.authorize_url.is_empty() {
                cx.lose(
                    &mut d.extra,
                    OLD,
                    "authorizeUrl",
                    d.authorize_url.clone().into(),
                    "v2 oauth2-client data has no authorizeUrl",
                );
            }
            keyed.oauth2_client = Some(v2::OAuth2ClientData {
                client_id: d.client_id,
                client_secret: d.client_secret,
                token_url: d.token_url,
                scopes: d.scopes,
                additional_params: d.additional_params,
                mtls_enabled: d.mtls_enabled,
                mtls_credential_id: d.mtls_credential_id,
                extra: d.extra,
            });
            v2::CredentialType::OAuth2Client
        }
        D::OAuth2Token(mut d) => {
            let mut inner = Restore::take(&mut d.extra, NEW);
            let (token_type, expires_at) =
                (inner.get("tokenType"), inner.get::<Timestamp>("expiresAt"));
            inner.finish(&mut d.extra);
            let refresh_token = d.refresh_token.unwrap_or_else(|| {
                cx.placeholder(
                    "refreshToken",
                    "v2 requires a refresh token and this credential has none; written empty",
                );
                Secret::new("")
            });
            keyed.oauth2_token = Some(v2::OAuth2TokenData {
                scopes: d.scopes,
                access_token: d.access_token,
                refresh_token,
                token_type,
                expires_at,
                extra: d.extra,
            });
            v2::CredentialType::OAuth2Token
        }
        D::Other(_) => {
            cx.not_representable("", format!("v2 has no `{credential_type}` credentials"));
            return (
                Some(v2::CredentialType::from_wire(credential_type.as_str())),
                None,
            );
        }
    };
    (Some(kind), Some(keyed))
}

// ---------------------------------------------------------------------------------------------
// Down: v2 -> v1
// ---------------------------------------------------------------------------------------------

/// v2 `system-export` -> v1 `connector`.
pub(crate) fn down_system_export(e: v2::SystemExport, cx: &mut Cx) -> v1::Connector {
    let system = e.system;
    let mut extra = system.extra;
    let mut restore = Restore::take(&mut extra, OLD);
    if !e.extra.is_empty() {
        cx.lose_typed(
            &mut extra,
            NEW,
            "export",
            &e.extra,
            "a v1 connector has no place for keys beside `system`",
        );
    }
    let organisation_id = restore.get::<String>("organisationId").unwrap_or_else(|| {
        let from_credentials = e
            .connections
            .iter()
            .flat_map(|c| &c.credentials)
            .filter_map(|b| b.credential.as_ref())
            .map(|c| c.organisation_id.clone())
            .next();
        match from_credentials {
            Some(org) => {
                cx.derived("system", "v1 requires the connector's organisationId; taken from its first credential");
                org
            }
            None => {
                cx.placeholder("system", "v1 requires the connector's organisationId and nothing in the document gives it; left empty");
                String::new()
            }
        }
    });
    let auth_scheme_configs = cx.at("system", |cx| {
        if system.domain != domain_of(&system.template_base_url) {
            cx.lose(
                &mut extra,
                NEW,
                "domain",
                system.domain.clone().into(),
                "v1 connectors have no domain",
            );
        }
        cx.at("authSchemeConfigs", |cx| {
            system
                .auth_scheme_configs
                .into_iter()
                .enumerate()
                .filter_map(|(i, config)| cx.at(i, |cx| down_config(config, cx)))
                .collect()
        })
    });
    let created_at = restore
        .get::<Timestamp>("createdAt")
        .unwrap_or_else(|| Timestamp::new(EPOCH));
    let updated_at = restore
        .get::<Timestamp>("updatedAt")
        .unwrap_or_else(|| Timestamp::new(EPOCH));
    let connections = cx.at("connections", |cx| {
        e.connections
            .into_iter()
            .enumerate()
            .map(|(i, conn)| cx.at(i, |cx| down_connection(conn, Some(&system.id), cx)))
            .collect()
    });
    let mut connector = v1::Connector {
        id: system.id,
        organisation_id,
        name: system.name,
        public: restore.get("public").unwrap_or(false),
        documentation_url: restore.get("documentationURL"),
        image_url: restore.get("imageURL"),
        tags: restore.get("tags"),
        protocol: v1::ProtocolType::Http,
        auth_scheme_configs,
        connection_variables: restore.get("connectionVariables"),
        connections,
        versions: restore.get("versions").unwrap_or_default(),
        created_at,
        updated_at,
        base_url: Some(system.template_base_url),
        dataset_id: restore.get("datasetId"),
        extra,
    };
    restore.finish(&mut connector.extra);
    connector
}

/// v2 `connection` -> v1 `connection`; `system_id` is the exporting system's id, if any.
pub(crate) fn down_connection(
    c: v2::Connection,
    system_id: Option<&str>,
    cx: &mut Cx,
) -> v1::Connection {
    let mut extra = c.extra;
    let mut restore = Restore::take(&mut extra, OLD);
    if let Some(base_url) = &c.base_url {
        cx.lose(
            &mut extra,
            NEW,
            "baseUrl",
            base_url.clone().into(),
            "v1 connections cannot override the base URL",
        );
    }
    if c.system_id.as_deref() != system_id {
        if let Some(id) = &c.system_id {
            cx.lose(
                &mut extra,
                NEW,
                "systemId",
                id.clone().into(),
                "v1 connections belong to their connector",
            );
        }
    }
    if let Some(id) = &c.connection_template_id {
        cx.lose(
            &mut extra,
            NEW,
            "connectionTemplateId",
            id.clone().into(),
            "v1 has no connection templates",
        );
    }
    let mut bindings: Vec<v1::ConnectionCredential> = Vec::new();
    cx.at("credentials", |cx| {
        for (i, b) in c.credentials.into_iter().enumerate() {
            if let Some(b) = cx.at(i, |cx| down_binding(b, cx)) {
                bindings.push(b);
            }
        }
    });
    let credentials = match restore.get::<Map<String, Value>>("credentials") {
        Some(layout) => relayout(bindings, layout),
        None => {
            if !bindings.is_empty() {
                cx.derived("credentials", "v1 splits credentials into action and trigger; all are taken as action credentials");
            }
            v1::ConnectionCredentials {
                action: (!bindings.is_empty()).then_some(bindings),
                trigger: None,
                extra: Extra::new(),
            }
        }
    };
    let mut connection = v1::Connection {
        id: c.id,
        name: c.name,
        credentials,
        variables: restore.get("variables").unwrap_or_default(),
        created_at: c.created_at,
        updated_at: c.updated_at,
        extra,
    };
    restore.finish(&mut connection.extra);
    connection
}

/// Puts bindings back into the action/trigger layout a preserving up step recorded.
fn relayout(
    bindings: Vec<v1::ConnectionCredential>,
    mut layout: Map<String, Value>,
) -> v1::ConnectionCredentials {
    let mut pool: Vec<Option<v1::ConnectionCredential>> = bindings.into_iter().map(Some).collect();
    let mut side = |ids: Option<Value>| -> Option<Vec<v1::ConnectionCredential>> {
        let Value::Array(ids) = ids? else { return None };
        Some(
            ids.iter()
                .filter_map(Value::as_str)
                .filter_map(|id| {
                    pool.iter_mut()
                        .find(|b| b.as_ref().is_some_and(|b| b.id == id))?
                        .take()
                })
                .collect(),
        )
    };
    let action = side(layout.remove("action"));
    let trigger = side(layout.remove("trigger"));
    let rest: Vec<_> = pool.into_iter().flatten().collect();
    let action = match (action, rest.is_empty()) {
        (action, true) => action,
        (action, false) => Some(action.unwrap_or_default().into_iter().chain(rest).collect()),
    };
    v1::ConnectionCredentials {
        action,
        trigger,
        extra: layout.into_iter().collect(),
    }
}

fn down_binding(b: v2::ConnectionCredential, cx: &mut Cx) -> Option<v1::ConnectionCredential> {
    let config = match b.auth_scheme_config {
        Some(config) => cx.at("authSchemeConfig", |cx| down_config(config, cx)),
        None => {
            cx.not_representable(
                "authSchemeConfig",
                "a v1 credential binding needs its auth scheme config",
            );
            None
        }
    };
    let credential = match b.credential {
        Some(credential) => Some(cx.at("credential", |cx| down_credential(credential, cx))),
        None => {
            cx.not_representable("credential", "a v1 credential binding needs its credential");
            None
        }
    };
    Some(v1::ConnectionCredential {
        id: b.id,
        auth_scheme_config: config?,
        credential: credential?,
        extra: b.extra,
    })
}

/// v2 wrapper -> v1 `auth-scheme-config`; `None` when it has no v1 form (reported).
pub(crate) fn down_config(
    wrapper: v2::AuthSchemeConfig,
    cx: &mut Cx,
) -> Option<v1::AuthSchemeConfig> {
    use v2::AuthSchemeType as T;
    let v2::AuthSchemeConfig {
        scheme_type,
        none,
        api_key,
        basic_auth,
        oauth2,
        oauth1,
        hmac,
        certificate,
        extra: outer,
    } = wrapper;
    let named = scheme_type.member();
    // Wrapper-level fields v1 has no place for: members other than the named one, unknown keys.
    let mut wrapper_level: Vec<(String, Value)> = [
        ("none", none.as_ref().map(to_value)),
        ("apiKey", api_key.as_ref().map(to_value)),
        ("basicAuth", basic_auth.as_ref().map(to_value)),
        ("oauth2", oauth2.as_ref().map(to_value)),
        ("oauth1", oauth1.as_ref().map(to_value)),
        ("hmac", hmac.as_ref().map(to_value)),
        ("certificate", certificate.as_ref().map(to_value)),
    ]
    .into_iter()
    .filter(|(name, _)| Some(*name) != named)
    .filter_map(|(name, value)| Some((name.to_owned(), value?)))
    .collect();
    wrapper_level.extend(outer);
    let lose_wrapper_level = |extra: &mut Extra, cx: &mut Cx| {
        for (field, value) in &wrapper_level {
            cx.lose(
                extra,
                NEW,
                field,
                value.clone(),
                "v1 holds one config, not a wrapper with other members or keys",
            );
        }
    };
    let missing = |cx: &mut Cx| {
        let name = named.unwrap_or("(none)");
        cx.not_representable(
            "type",
            format!("`type` is `{scheme_type}` but its member `{name}` is not set"),
        );
    };
    let config = match &scheme_type {
        T::None | T::BasicAuth | T::Certificate => {
            let member = match scheme_type {
                T::None => none,
                T::BasicAuth => basic_auth,
                _ => certificate,
            };
            let Some(c) = member else {
                missing(cx);
                return None;
            };
            let mut extra = c.extra;
            lose_wrapper_level(&mut extra, cx);
            let (id, description, validation_messages) =
                (c.id, c.description, c.validation_messages);
            match scheme_type {
                T::None => v1::AuthSchemeConfig::None(v1::NoneConfig {
                    id,
                    description,
                    validation_messages,
                    extra,
                }),
                T::BasicAuth => v1::AuthSchemeConfig::BasicAuth(v1::BasicAuthConfig {
                    id,
                    description,
                    validation_messages,
                    extra,
                }),
                _ => v1::AuthSchemeConfig::Certificate(v1::CertificateConfig {
                    id,
                    description,
                    validation_messages,
                    extra,
                }),
            }
        }
        T::ApiKey => {
            let Some(c) = api_key else {
                missing(cx);
                return None;
            };
            let mut extra = c.extra;
            lose_wrapper_level(&mut extra, cx);
            v1::AuthSchemeConfig::ApiKey(v1::ApiKeyConfig {
                id: c.id,
                description: c.description,
                name: c.name,
                location: v1::ParameterLocation::from_wire(c.location.as_str()),
                validation_messages: c.validation_messages,
                extra,
            })
        }
        T::Hmac => {
            let Some(c) = hmac else {
                missing(cx);
                return None;
            };
            let mut extra = c.extra;
            lose_wrapper_level(&mut extra, cx);
            if let Some(encoding) = &c.encoding {
                cx.at("hmac", |cx| {
                    cx.lose_typed(
                        &mut extra,
                        NEW,
                        "encoding",
                        encoding,
                        "v1 hmac configs have no encoding",
                    )
                });
            }
            v1::AuthSchemeConfig::Hmac(v1::HmacConfig {
                id: c.id,
                description: c.description,
                name: c.name,
                location: v1::ParameterLocation::from_wire(c.location.as_str()),
                algorithm: v1::HmacAlgorithm::from_wire(c.algorithm.as_str()),
                digest_inputs: c
                    .digest_inputs
                    .iter()
                    .map(|d| v1::HmacDigestInput::from_wire(d.as_str()))
                    .collect(),
                validation_messages: c.validation_messages,
                extra,
            })
        }
        T::OAuth2 => {
            let Some(c) = oauth2 else {
                missing(cx);
                return None;
            };
            let mut extra = c.extra;
            lose_wrapper_level(&mut extra, cx);
            let grant = cx.at("oauth2", |cx| {
                if let Some(pkce) = c.pkce {
                    cx.lose(
                        &mut extra,
                        NEW,
                        "pkce",
                        pkce.into(),
                        "v1 oauth2 configs have no pkce flag",
                    );
                }
                if c.authorize_url.is_none() {
                    if c.grant.grant_type == v2::GrantType::ClientCredentials {
                        // The authorize endpoint is unused by client credentials.
                        cx.lose(&mut extra, NEW, "authorizeUrl", Value::Null, "v1 requires authorizeUrl; written empty (unused by client credentials)");
                    } else {
                        cx.not_representable("authorizeUrl", "v1 oauth2 configs require an authorizeUrl for this grant, and the v2 config has none");
                    }
                }
                cx.at("grant", |cx| down_grant(c.grant, cx))
            })?;
            v1::AuthSchemeConfig::OAuth2(v1::OAuth2Config {
                id: c.id,
                description: c.description,
                authorize_url: c.authorize_url.unwrap_or_default(),
                token_url: c.token_url,
                scopes: c
                    .scopes
                    .into_iter()
                    .map(|s| v1::OAuth2Scope {
                        name: s.name,
                        description: s.description,
                        extra: s.extra,
                    })
                    .collect(),
                default_scopes: c.default_scopes,
                additional_authorize_params: c.additional_authorize_params,
                additional_token_params: c.additional_token_params,
                mtls_enabled: c.mtls_enabled,
                mtls_credential_id: c.mtls_credential_id,
                grant,
                validation_messages: c.validation_messages,
                extra,
            })
        }
        T::OAuth1 => {
            cx.not_representable("type", "v1 has no oauth1 auth scheme config");
            return None;
        }
        other => {
            cx.not_representable("type", format!("v1 has no `{other}` auth scheme config"));
            return None;
        }
    };
    Some(config)
}

fn down_grant(grant: v2::Grant, cx: &mut Cx) -> Option<v1::Grant> {
    let credentials = |g: v2::GrantCredentials| v1::GrantCredentials {
        credential_id: g.credential_id,
        organisation_id: g.organisation_id,
        client_id: g.client_id,
        client_secret: g.client_secret,
        extra: g.extra,
    };
    let v2::Grant {
        grant_type,
        authorization_code,
        client_credentials,
        password,
        extra,
    } = grant;
    if !extra.is_empty() {
        cx.not_representable(
            "",
            "the grant has keys v1 cannot place (a v1 grant is the member's settings only)",
        );
    }
    let missing = |cx: &mut Cx, member: &str| {
        cx.not_representable(
            "type",
            format!("`type` is `{grant_type}` but its member `{member}` is not set"),
        );
        None
    };
    let others = |cx: &mut Cx, set: &[(&str, bool)]| {
        for (name, is_set) in set {
            if *is_set {
                cx.not_representable(
                    name,
                    "the grant's `type` names another member; v1 holds one grant",
                );
            }
        }
    };
    match grant_type {
        v2::GrantType::AuthorizationCode => {
            others(
                cx,
                &[
                    ("clientCredentials", client_credentials.is_some()),
                    ("password", password.is_some()),
                ],
            );
            match authorization_code {
                Some(g) => Some(v1::Grant::AuthorizationCode(credentials(g))),
                None => missing(cx, "authorizationCode"),
            }
        }
        v2::GrantType::Password => {
            others(
                cx,
                &[
                    ("authorizationCode", authorization_code.is_some()),
                    ("clientCredentials", client_credentials.is_some()),
                ],
            );
            match password {
                Some(g) => Some(v1::Grant::Password(credentials(g))),
                None => missing(cx, "password"),
            }
        }
        v2::GrantType::ClientCredentials => {
            others(
                cx,
                &[
                    ("authorizationCode", authorization_code.is_some()),
                    ("password", password.is_some()),
                ],
            );
            match client_credentials {
                Some(g) => Some(v1::Grant::ClientCredentials(v1::ClientCredentialsGrant {
                    extra: g.extra,
                })),
                None => missing(cx, "clientCredentials"),
            }
        }
        other => {
            cx.not_representable("type", format!("v1 has no `{other}` grant"));
            None
        }
    }
}

/// v2 `credential` -> v1 `credential`.
pub(crate) fn down_credential(c: v2::Credential, cx: &mut Cx) -> v1::Credential {
    use v2::CredentialType as T;
    let mut extra = c.extra;
    let mut restore = Restore::take(&mut extra, OLD);
    let Some(kind) = c.credential_type else {
        cx.not_representable("type", "v1 requires a credential type");
        return v1::Credential {
            id: c.id,
            organisation_id: c.organisation_id,
            extra,
            ..Default::default()
        };
    };
    let name = match c.name {
        Some(name) => {
            if name.is_empty() {
                // Up reads an empty v1 name as an absent v2 one.
                cx.lose(
                    &mut extra,
                    NEW,
                    "name",
                    name.clone().into(),
                    "an empty name reads back as absent",
                );
            }
            name
        }
        None => {
            cx.placeholder("name", "v1 requires a credential name; left empty");
            String::new()
        }
    };
    let mut data = c.data.unwrap_or_default();
    let member = kind.member();
    // Members other than the one `type` names, and unknown keys of `data`, have no v1 place.
    let others: Vec<(String, Value)> = {
        let json = match to_value(&data) {
            Value::Object(map) => map,
            _ => Map::new(),
        };
        json.into_iter()
            .filter(|(key, _)| Some(key.as_str()) != member)
            .collect()
    };
    cx.at("data", |cx| {
        for (field, value) in others {
            cx.lose(
                &mut extra,
                NEW,
                &field,
                value,
                "v1 data holds the one shape its `type` names",
            );
        }
    });
    let converted = cx.at("data", |cx| -> Option<v1::CredentialData> {
        let missing = |cx: &mut Cx| {
            cx.not_representable(
                "",
                format!(
                    "`type` is `{kind}` but `data` has no `{}` member",
                    member.unwrap_or("?")
                ),
            );
            None
        };
        Some(match &kind {
            T::None => v1::CredentialData::None(v1::NoneData {
                extra: data.none.take().unwrap_or_default().extra,
            }),
            T::String => match data.string.take() {
                Some(d) => v1::CredentialData::String(v1::StringData {
                    value: d.value,
                    extra: d.extra,
                }),
                None => return missing(cx),
            },
            T::Binary => match data.binary.take() {
                Some(d) => v1::CredentialData::Binary(v1::BinaryData {
                    value_base64: d.value_base64,
                    extra: d.extra,
                }),
                None => return missing(cx),
            },
            T::BasicAuth => match data.basic_auth.take() {
                Some(d) => v1::CredentialData::BasicAuth(v1::UsernamePasswordData {
                    username: d.username,
                    password: d.password,
                    extra: d.extra,
                }),
                None => return missing(cx),
            },
            T::OAuth2Password => match data.oauth2_password.take() {
                Some(d) => v1::CredentialData::OAuth2Password(v1::UsernamePasswordData {
                    username: d.username,
                    password: d.password,
                    extra: d.extra,
                }),
                None => return missing(cx),
            },
            T::Certificate => match data.certificate.take() {
                Some(d) => v1::CredentialData::Certificate(v1::CertificateData {
                    certificate: d.certificate,
                    key: d.key,
                    ca: d.ca,
                    extra: d.extra,
                }),
                None => return missing(cx),
            },
            T::OAuth2Code => match data.oauth2_code.take() {
                Some(d) => cx.at("oauth2Code", |cx| {
                    let mut extra = d.extra;
                    if let Some(url) = d.redirect_url {
                        cx.lose(
                            &mut extra,
                            NEW,
                            "redirectUrl",
                            url.into(),
                            "v1 oauth2-code data has no redirectUrl",
                        );
                    }
                    if let Some(params) = d.additional_params {
                        cx.lose(
                            &mut extra,
                            NEW,
                            "additionalParams",
                            params.into(),
                            "v1 oauth2-code data has no additionalParams",
                        );
                    }
                    v1::CredentialData::OAuth2Code(v1::OAuth2CodeData {
                        code: d.code,
                        state: d.state,
                        extra,
                    })
                }),
                None => return missing(cx),
            },
            T::OAuth2Client => match data.oauth2_client.take() {
                Some(d) => {
                    let mut extra = d.extra;
                    let mut inner = Restore::take(&mut extra, OLD);
                    let authorize_url = inner.get::<String>("authorizeUrl").unwrap_or_default();
                    inner.finish(&mut extra);
                    v1::CredentialData::OAuth2Client(v1::OAuth2ClientData {
                        client_id: d.client_id,
                        client_secret: d.client_secret,
                        authorize_url,
                        token_url: d.token_url,
                        scopes: d.scopes,
                        additional_params: d.additional_params,
                        mtls_enabled: d.mtls_enabled,
                        mtls_credential_id: d.mtls_credential_id,
                        extra,
                    })
                }
                None => return missing(cx),
            },
            T::OAuth2Token => match data.oauth2_token.take() {
                Some(d) => cx.at("oauth2Token", |cx| {
                    let mut extra = d.extra;
                    if let Some(token_type) = d.token_type {
                        cx.lose(
                            &mut extra,
                            NEW,
                            "tokenType",
                            token_type.into(),
                            "v1 oauth2-token data has no tokenType",
                        );
                    }
                    if let Some(expires) = d.expires_at {
                        cx.lose(
                            &mut extra,
                            NEW,
                            "expiresAt",
                            expires.as_str().into(),
                            "v1 oauth2-token data has no expiresAt",
                        );
                    }
                    let refresh_token =
                        (!d.refresh_token.expose().is_empty()).then_some(d.refresh_token);
                    v1::CredentialData::OAuth2Token(v1::OAuth2TokenData {
                        scopes: d.scopes,
                        access_token: d.access_token,
                        refresh_token,
                        extra,
                    })
                }),
                None => return missing(cx),
            },
            // `oauth1`, `oauth1Token` and types newer than this release.
            _ => {
                cx.not_representable("", format!("v1 has no `{kind}` credentials"));
                return None;
            }
        })
    });
    let usages = restore.get("usages");
    let mut credential = v1::Credential {
        id: c.id,
        organisation_id: c.organisation_id,
        credential_type: v1::CredentialType::from_wire(kind.as_str()),
        name,
        usages,
        errors: c.errors,
        data: converted.unwrap_or_default(),
        expires_at: c.expires_at,
        extra,
    };
    restore.finish(&mut credential.extra);
    credential
}
