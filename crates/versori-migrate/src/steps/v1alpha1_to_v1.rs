//! **v1alpha1 -> v1: Connection becomes Connector, Environment becomes Connection.**
//!
//! Changelog entry (up):
//! - `Connection` is renamed `Connector`, its `environments` become `connections` and
//!   `environmentVariables` become `connectionVariables`; `Environment` is renamed `Connection`.
//! - Auth scheme configs gain `id` and `description`. They are derived from the scheme
//!   (`api-key`, `oauth2-authorization-code`, ...; `-2`, `-3` on repeats) and reported as
//!   `derived`. A config copied into a credential binding takes the id of the identical
//!   connector-level config, so copies stay recognisable as such.
//! - An oauth2 config with several `flows` becomes one config per grant. `applicationCredential`
//!   becomes the grant's `credentialId`, `organisationId` (the connector's), `clientId` and
//!   `clientSecret`. Its other fields have no v1 home.
//! - Credentials gain `organisationId` (the owning connection's) and lose `createdAt`/`updatedAt`;
//!   usages lose the environment `slug`; oauth2-client `additionalParams` changes from a map to a
//!   form-encoded string; oauth2-token loses its client fields.
//! - `google-service-account` configs have no v1 shape: `not-representable`.
//! - New v1 fields take their neutral value: `public: false`, `defaultScopes: []`.
//!
//! Down is the reverse: v1-only fields (`public`, `documentationURL`, `imageURL`, `tags`,
//! config `id`/`description`/`validationMessages`, `defaultScopes`, token params, mTLS,
//! credential `organisationId`/`expiresAt`, version `messages`) are dropped or, with
//! `preserve`, stashed; `password` grants, `certificate` configs and the credential types
//! v1alpha1 lacks are `not-representable`. A dropped value is reported only when the up step
//! would not derive it back unchanged.

use std::collections::BTreeMap;

use serde_json::Value;
use versori_model::{ApiVersion, Extra, Secret, Timestamp, v1, v1alpha1};

use crate::cx::{Cx, Restore, slug, to_value};

const OLD: ApiVersion = ApiVersion::V1alpha1;
const NEW: ApiVersion = ApiVersion::V1;
/// The timestamp written where v1alpha1 requires one and nothing in the v1 document gives it.
pub(crate) const EPOCH: &str = "1970-01-01T00:00:00Z";

// ---------------------------------------------------------------------------------------------
// Up: v1alpha1 -> v1
// ---------------------------------------------------------------------------------------------

/// v1alpha1 `connection` -> v1 `connector`.
pub(crate) fn up_connection(c: v1alpha1::Connection, cx: &mut Cx) -> v1::Connector {
    let mut extra = c.extra;
    let mut restore = Restore::take(&mut extra, NEW);
    let org = c.organisation_id;
    for (field, empty) in [
        (
            "authSchemeConfigs",
            c.auth_scheme_configs.as_ref().is_some_and(Vec::is_empty),
        ),
        ("versions", c.versions.as_ref().is_some_and(Vec::is_empty)),
    ] {
        if empty {
            if cx.preserving() {
                crate::cx::stash(&mut extra, OLD, field, Value::Array(Vec::new()));
            }
            cx.derived(field, "an empty list means the same as an absent one here; v1 requires the list, and the way back leaves it out");
        }
    }
    let source_configs = c.auth_scheme_configs.unwrap_or_default();
    let configs = cx.at("authSchemeConfigs", |cx| {
        up_configs(source_configs.clone(), &org, cx)
    });
    let public = restore.get::<bool>("public").unwrap_or_else(|| {
        cx.derived(
            "public",
            "v1 requires `public`; v1alpha1 has no such flag, so it is false",
        );
        false
    });
    let connections = cx.at("environments", |cx| {
        c.environments
            .into_iter()
            .enumerate()
            .map(|(i, env)| {
                cx.at(i, |cx| {
                    up_environment(
                        env,
                        Some(&org),
                        &c.created_at,
                        &source_configs,
                        &configs,
                        cx,
                    )
                })
            })
            .collect()
    });
    let versions = cx.at("versions", |cx| {
        c.versions
            .unwrap_or_default()
            .into_iter()
            .enumerate()
            .map(|(i, v)| cx.at(i, |_| up_version(v)))
            .collect()
    });
    let connector = v1::Connector {
        id: c.id,
        organisation_id: org,
        name: c.name,
        public,
        documentation_url: restore.get("documentationURL"),
        image_url: restore.get("imageURL"),
        tags: restore.get("tags"),
        protocol: v1::ProtocolType::from_wire(c.protocol.as_str()),
        auth_scheme_configs: configs,
        connection_variables: c
            .environment_variables
            .map(|vars| vars.into_iter().map(up_variable).collect()),
        connections,
        versions,
        created_at: c.created_at,
        updated_at: c.updated_at,
        base_url: c.base_url,
        dataset_id: c.dataset_id,
        extra,
    };
    finish(restore, connector)
}

fn finish(restore: Restore, mut connector: v1::Connector) -> v1::Connector {
    restore.finish(&mut connector.extra);
    connector
}

/// v1alpha1 `connection-update` -> v1 `connector-update`.
pub(crate) fn up_connection_update(
    u: v1alpha1::ConnectionUpdate,
    cx: &mut Cx,
) -> v1::ConnectorUpdate {
    let mut extra = u.extra;
    let mut restore = Restore::take(&mut extra, NEW);
    if let Some(configs) = &u.auth_scheme_configs {
        cx.lose_typed(
            &mut extra,
            OLD,
            "authSchemeConfigs",
            configs,
            "UpdateConnector cannot replace auth scheme configs (v1 edits them one by one)",
        );
    }
    if let Some(envs) = &u.environments {
        cx.lose_typed(
            &mut extra,
            OLD,
            "environments",
            envs,
            "UpdateConnector cannot change connections (v1 updates them one by one)",
        );
    }
    let mut update = v1::ConnectorUpdate {
        id: u.id,
        organisation_id: u.organisation_id,
        name: u.name,
        tags: restore.get("tags"),
        protocol: v1::ProtocolType::from_wire(u.protocol.as_str()),
        auth_scheme_config_ids: restore.get("authSchemeConfigIds"),
        public: restore.get("public"),
        documentation_url: restore.get("documentationURL"),
        image_url: restore.get("imageURL"),
        base_url: u.base_url,
        connection_variables: u
            .environment_variables
            .map(|vars| vars.into_iter().map(up_variable).collect()),
        dataset_id: u.dataset_id,
        extra,
    };
    restore.finish(&mut update.extra);
    update
}

/// v1alpha1 `environment` -> v1 `connection`. `org` is the owning connection's organisation,
/// when known; `owner_created` is the time down would give credentials (which v1 keeps no
/// timestamps for); `source_configs`/`configs` are the connector's configs before and after,
/// used to give config copies the id of the connector-level config they copy.
pub(crate) fn up_environment(
    env: v1alpha1::Environment,
    org: Option<&str>,
    owner_created: &Timestamp,
    source_configs: &[v1alpha1::AuthSchemeConfig],
    configs: &[v1::AuthSchemeConfig],
    cx: &mut Cx,
) -> v1::Connection {
    let credentials = cx.at("credentials", |cx| {
        let mut extra = env.credentials.extra;
        let side = |list: Option<Vec<v1alpha1::EnvironmentCredential>>, name: &str, cx: &mut Cx| {
            list.map(|list| {
                cx.at(name, |cx| {
                    list.into_iter()
                        .enumerate()
                        .map(|(i, b)| {
                            cx.at(i, |cx| {
                                up_binding(b, org, owner_created, source_configs, configs, cx)
                            })
                        })
                        .collect()
                })
            })
        };
        let action = side(env.credentials.action, "action", cx);
        let trigger = side(env.credentials.trigger, "trigger", cx);
        v1::ConnectionCredentials {
            action,
            trigger,
            extra: std::mem::take(&mut extra),
        }
    });
    v1::Connection {
        id: env.id,
        name: env.name,
        credentials,
        variables: env.variables.into_iter().map(up_variable).collect(),
        created_at: env.created_at,
        updated_at: env.updated_at,
        extra: env.extra,
    }
}

fn up_binding(
    b: v1alpha1::EnvironmentCredential,
    org: Option<&str>,
    owner_created: &Timestamp,
    source_configs: &[v1alpha1::AuthSchemeConfig],
    configs: &[v1::AuthSchemeConfig],
    cx: &mut Cx,
) -> v1::ConnectionCredential {
    let credential_type = b.credential.credential_type.clone();
    let org = org
        .map(str::to_owned)
        .or_else(|| usage_org(&b.credential))
        .unwrap_or_default();
    let auth_scheme_config = cx.at("authSchemeConfig", |cx| {
        // A copy of a connector-level config takes that config's id.
        let twin = source_configs
            .iter()
            .position(|c| same_config(c, &b.auth_scheme_config));
        let produced = up_config(b.auth_scheme_config, &org, Some(&credential_type), cx);
        let Some((mut config, restored)) = produced.into_iter().next() else {
            return v1::AuthSchemeConfig::default();
        };
        match twin.and_then(|i| twin_id(source_configs, configs, i, &config)) {
            Some((id, description)) => fill_identity(&mut config, restored, id, description, None),
            None => {
                let (id, description) = derived_id(&config);
                fill_identity(&mut config, restored, id, description, Some(cx));
            }
        }
        config
    });
    let credential = cx.at("credential", |cx| {
        up_credential(
            b.credential,
            Some(&org),
            owner_created,
            TokenClient::of(&auth_scheme_config).as_ref(),
            cx,
        )
    });
    v1::ConnectionCredential {
        id: b.id,
        auth_scheme_config,
        credential,
        extra: b.extra,
    }
}

/// Whether two configs are the same apart from what a preserving step stashed on them.
fn same_config(a: &v1alpha1::AuthSchemeConfig, b: &v1alpha1::AuthSchemeConfig) -> bool {
    let strip = |config: &v1alpha1::AuthSchemeConfig| {
        let mut value = to_value(config);
        if let Value::Object(map) = &mut value {
            map.remove(crate::cx::PRESERVED_KEY);
        }
        value
    };
    strip(a) == strip(b)
}

/// The id and description of the connector-level config(s) made from `source_configs[index]`
/// with the given scheme type.
fn twin_id(
    source_configs: &[v1alpha1::AuthSchemeConfig],
    configs: &[v1::AuthSchemeConfig],
    index: usize,
    copy: &v1::AuthSchemeConfig,
) -> Option<(String, String)> {
    let produced_before: usize = source_configs[..index].iter().map(flow_count).sum();
    let kind = derived_id(copy).0;
    (produced_before..produced_before + flow_count(&source_configs[index]))
        .filter_map(|i| configs.get(i))
        .find(|c| derived_id(c).0 == kind)
        .and_then(|c| Some((c.id()?.to_owned(), description_of(c)?.to_owned())))
}

fn flow_count(config: &v1alpha1::AuthSchemeConfig) -> usize {
    match config {
        v1alpha1::AuthSchemeConfig::OAuth2(o) => {
            usize::from(o.flows.authorization_code.is_some())
                + usize::from(o.flows.client_credentials.is_some())
        }
        _ => 1,
    }
    .max(1)
}

fn usage_org(credential: &v1alpha1::Credential) -> Option<String> {
    credential
        .usages
        .as_ref()?
        .first()
        .map(|u| u.environment.connection.organisation_id.clone())
}

/// Converts a list of configs, splitting multi-flow oauth2 configs and giving every result a
/// unique id.
fn up_configs(
    list: Vec<v1alpha1::AuthSchemeConfig>,
    org: &str,
    cx: &mut Cx,
) -> Vec<v1::AuthSchemeConfig> {
    let mut out = Vec::new();
    let mut used: Vec<String> = Vec::new();
    let count = list.len();
    for (i, config) in list.into_iter().enumerate() {
        cx.at(i, |cx| {
            let produced = up_config(config, org, None, cx);
            if produced.len() > 1 && !cx.preserving() {
                // The list changes shape: this config becomes several and later ones shift.
                let mut list_cx_note = format!(
                    "config {i} becomes {} configs (one per grant)",
                    produced.len()
                );
                if i + 1 < count {
                    list_cx_note.push_str("; the configs after it move down the list");
                }
                cx.derived_at_parent(list_cx_note);
            }
            for (mut config, restored) in produced {
                let (base, description) = derived_id(&config);
                let id = unique(&base, &used);
                fill_identity(&mut config, restored, id, description, Some(cx));
                if let Some(id) = config.id() {
                    used.push(id.to_owned());
                }
                out.push(config);
            }
        });
    }
    out
}

fn unique(base: &str, used: &[String]) -> String {
    if !used.iter().any(|u| u == base) {
        return base.to_owned();
    }
    (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|id| !used.contains(id))
        .unwrap_or_default()
}

/// The id (before de-duplication) and description up derives for a config.
fn derived_id(config: &v1::AuthSchemeConfig) -> (String, String) {
    use v1::AuthSchemeConfig as C;
    match config {
        C::None(_) => ("none".into(), "No authentication".into()),
        C::BasicAuth(_) => ("basic-auth".into(), "HTTP basic authentication".into()),
        C::Certificate(_) => ("certificate".into(), "Client certificate".into()),
        C::ApiKey(c) => (
            "api-key".into(),
            format!("API key in {} `{}`", c.location, c.name),
        ),
        C::Hmac(c) => (
            "hmac".into(),
            format!(
                "HMAC-{} signature in {} `{}`",
                c.algorithm, c.location, c.name
            ),
        ),
        C::OAuth2(c) => match c.grant.grant_type() {
            v1::GrantType::AuthorizationCode => (
                "oauth2-authorization-code".into(),
                "OAuth 2.0 authorization code".into(),
            ),
            v1::GrantType::ClientCredentials => (
                "oauth2-client-credentials".into(),
                "OAuth 2.0 client credentials".into(),
            ),
            other => (format!("oauth2-{other}"), format!("OAuth 2.0 {other}")),
        },
        C::Unknown(map) => {
            let scheme = map
                .get("schemeType")
                .and_then(Value::as_str)
                .unwrap_or("unknown")
                .to_owned();
            (scheme.clone(), scheme)
        }
    }
}

fn description_of(config: &v1::AuthSchemeConfig) -> Option<&str> {
    use v1::AuthSchemeConfig as C;
    Some(match config {
        C::None(c) => &c.description,
        C::BasicAuth(c) => &c.description,
        C::Certificate(c) => &c.description,
        C::ApiKey(c) => &c.description,
        C::Hmac(c) => &c.description,
        C::OAuth2(c) => &c.description,
        C::Unknown(map) => return map.get("description").and_then(Value::as_str),
    })
}

fn set_id(config: &mut v1::AuthSchemeConfig, id: String, description: String) {
    use v1::AuthSchemeConfig as C;
    let (slot_id, slot_description) = match config {
        C::None(c) => (&mut c.id, &mut c.description),
        C::BasicAuth(c) => (&mut c.id, &mut c.description),
        C::Certificate(c) => (&mut c.id, &mut c.description),
        C::ApiKey(c) => (&mut c.id, &mut c.description),
        C::Hmac(c) => (&mut c.id, &mut c.description),
        C::OAuth2(c) => (&mut c.id, &mut c.description),
        C::Unknown(map) => {
            map.insert("id".into(), id.into());
            map.insert("description".into(), description.into());
            return;
        }
    };
    *slot_id = id;
    *slot_description = description;
}

/// Which of a config's `id` and `description` a stash gave back.
#[derive(Clone, Copy, Debug)]
struct Restored {
    id: bool,
    description: bool,
}

/// Sets the `id` and `description` a stash did not give back; with `cx`, reports them as derived.
fn fill_identity(
    config: &mut v1::AuthSchemeConfig,
    restored: Restored,
    id: String,
    description: String,
    cx: Option<&mut Cx>,
) {
    if restored.id && restored.description {
        return;
    }
    let id = if restored.id {
        config.id().unwrap_or_default().to_owned()
    } else {
        id
    };
    let description = if restored.description {
        description_of(config).unwrap_or_default().to_owned()
    } else {
        description
    };
    if let Some(cx) = cx {
        cx.derived(
            "",
            format!("v1 requires an `id` and `description`; derived `{id}` / \"{description}\""),
        );
    }
    set_id(config, id, description);
}

/// One v1alpha1 config -> one v1 config per grant, each flagged `true` when its id and
/// description were restored from a stash. `binding_type` picks the flow for a binding's copy.
fn up_config(
    config: v1alpha1::AuthSchemeConfig,
    org: &str,
    binding_type: Option<&v1alpha1::CredentialType>,
    cx: &mut Cx,
) -> Vec<(v1::AuthSchemeConfig, Restored)> {
    use v1alpha1::AuthSchemeConfig as A;
    let mut extra = match &config {
        A::None(c) | A::BasicAuth(c) | A::GoogleServiceAccount(c) => c.extra.clone(),
        A::ApiKey(c) => c.extra.clone(),
        A::Hmac(c) => c.extra.clone(),
        A::OAuth2(c) => c.extra.clone(),
        A::Unknown(_) => Extra::new(),
    };
    let mut restore = Restore::take(&mut extra, NEW);
    let id: Option<String> = restore.get("id");
    let description: Option<String> = restore.get("description");
    let validation_messages = restore.get("validationMessages");
    let restored = Restored {
        id: id.is_some(),
        description: description.is_some(),
    };
    let base = |extra: Extra| v1::NoneConfig {
        id: id.clone().unwrap_or_default(),
        description: description.clone().unwrap_or_default(),
        validation_messages: validation_messages.clone(),
        extra,
    };
    let mut out = match config {
        A::None(_) => vec![v1::AuthSchemeConfig::None(base(extra))],
        A::BasicAuth(_) => {
            let b = base(extra);
            vec![v1::AuthSchemeConfig::BasicAuth(v1::BasicAuthConfig {
                id: b.id,
                description: b.description,
                validation_messages: b.validation_messages,
                extra: b.extra,
            })]
        }
        A::ApiKey(c) => {
            let b = base(extra);
            vec![v1::AuthSchemeConfig::ApiKey(v1::ApiKeyConfig {
                id: b.id,
                description: b.description,
                name: c.name,
                location: v1::ParameterLocation::from_wire(c.location.as_str()),
                validation_messages: b.validation_messages,
                extra: b.extra,
            })]
        }
        A::Hmac(c) => {
            let b = base(extra);
            vec![v1::AuthSchemeConfig::Hmac(v1::HmacConfig {
                id: b.id,
                description: b.description,
                name: c.name,
                location: v1::ParameterLocation::from_wire(c.location.as_str()),
                algorithm: v1::HmacAlgorithm::from_wire(c.algorithm.as_str()),
                digest_inputs: c
                    .digest_inputs
                    .iter()
                    .map(|d| v1::HmacDigestInput::from_wire(d.as_str()))
                    .collect(),
                validation_messages: b.validation_messages,
                extra: b.extra,
            })]
        }
        A::GoogleServiceAccount(_) => {
            cx.not_representable(
                "schemeType",
                "v1 has no google-service-account auth scheme config",
            );
            return Vec::new();
        }
        A::OAuth2(c) => up_oauth2(
            c,
            extra,
            &mut restore,
            id.clone(),
            description.clone(),
            validation_messages,
            org,
            binding_type,
            cx,
        ),
        A::Unknown(map) => vec![v1::AuthSchemeConfig::Unknown(map)],
    };
    if let Some(extra) = out.first_mut().and_then(extra_of) {
        restore.finish(extra);
    }
    out.into_iter().map(|c| (c, restored)).collect()
}

/// The `extra` of a config (unknown configs keep their whole object and have none).
fn extra_of(config: &mut v1::AuthSchemeConfig) -> Option<&mut Extra> {
    use v1::AuthSchemeConfig as C;
    Some(match config {
        C::None(c) => &mut c.extra,
        C::BasicAuth(c) => &mut c.extra,
        C::Certificate(c) => &mut c.extra,
        C::ApiKey(c) => &mut c.extra,
        C::Hmac(c) => &mut c.extra,
        C::OAuth2(c) => &mut c.extra,
        C::Unknown(_) => return None,
    })
}

#[allow(clippy::too_many_arguments)]
fn up_oauth2(
    c: v1alpha1::OAuth2Config,
    mut extra: Extra,
    restore: &mut Restore,
    id: Option<String>,
    description: Option<String>,
    validation_messages: Option<Vec<versori_model::Message>>,
    org: &str,
    binding_type: Option<&v1alpha1::CredentialType>,
    cx: &mut Cx,
) -> Vec<v1::AuthSchemeConfig> {
    let mut flows: Vec<&str> = Vec::new();
    if c.flows.authorization_code.is_some() {
        flows.push("authorizationCode");
    }
    if c.flows.client_credentials.is_some() {
        flows.push("clientCredentials");
    }
    if flows.is_empty() {
        cx.not_representable(
            "flows",
            "an oauth2 config needs at least one flow to become a v1 grant",
        );
        return Vec::new();
    }
    let original_flows = to_value(&c.flows);
    let split = binding_type.is_none() && flows.len() > 1;
    if !c.flows.extra.is_empty() || binding_type.is_some() && flows.len() > 1 {
        // Unknown keys of `flows`, or flows a binding cannot hold: the object has no v1 home.
        cx.lose(
            &mut extra,
            OLD,
            "flows",
            original_flows.clone(),
            "v1 holds one grant per config, not a `flows` object",
        );
    } else if split && cx.preserving() {
        crate::cx::stash(&mut extra, OLD, "flows", original_flows.clone());
    }
    if split && cx.preserving() {
        // How many configs down folds back into this one.
        crate::cx::stash(&mut extra, OLD, "splitCount", flows.len().into());
    }
    // A binding's copy becomes one config: the flow its credential serves.
    if let Some(kind) = binding_type {
        if flows.len() > 1 {
            let keep = if *kind == v1alpha1::CredentialType::OAuth2Client {
                "clientCredentials"
            } else {
                "authorizationCode"
            };
            flows = vec![keep];
        }
    } else if split {
        cx.derived("flows", "several flows become one v1 config per grant");
    }
    let scopes: Vec<v1::OAuth2Scope> = c
        .scopes
        .into_iter()
        .map(|s| v1::OAuth2Scope {
            name: s.name,
            description: s.description,
            extra: s.extra,
        })
        .collect();
    let default_scopes: Vec<String> = restore.get("defaultScopes").unwrap_or_default();
    let (authorize_url, token_url) = (c.authorize_url.clone(), c.token_url.clone());
    let mut out = Vec::new();
    for flow in flows {
        let grant = match flow {
            "clientCredentials" => v1::Grant::ClientCredentials(v1::ClientCredentialsGrant {
                extra: c
                    .flows
                    .client_credentials
                    .clone()
                    .map(|f| f.extra)
                    .unwrap_or_default(),
            }),
            _ => {
                let Some(code) = c.flows.authorization_code.clone() else {
                    continue;
                };
                cx.at("flows", |cx| {
                    cx.at("authorizationCode", |cx| {
                        up_application_credential(code, org, &authorize_url, &token_url, cx)
                    })
                })
            }
        };
        out.push(v1::AuthSchemeConfig::OAuth2(v1::OAuth2Config {
            id: id.clone().unwrap_or_default(),
            description: description.clone().unwrap_or_default(),
            authorize_url: c.authorize_url.clone(),
            token_url: c.token_url.clone(),
            scopes: scopes.clone(),
            default_scopes: default_scopes.clone(),
            additional_authorize_params: restore.get("additionalAuthorizeParams"),
            additional_token_params: restore.get("additionalTokenParams"),
            mtls_enabled: restore.get("mtlsEnabled"),
            mtls_credential_id: restore.get("mtlsCredentialId"),
            grant,
            validation_messages: validation_messages.clone(),
            extra: std::mem::take(&mut extra),
        }));
    }
    out
}

/// A standalone v1alpha1 config -> one v1 config. Several flows cannot all fit one document:
/// the authorization code flow is kept and `flows` as a whole is lost or stashed.
pub(crate) fn up_standalone_config(
    config: v1alpha1::AuthSchemeConfig,
    cx: &mut Cx,
) -> v1::AuthSchemeConfig {
    let produced = up_config(config, "", Some(&v1alpha1::CredentialType::OAuth2Token), cx);
    let Some((mut config, restored)) = produced.into_iter().next() else {
        return v1::AuthSchemeConfig::default();
    };
    let (id, description) = derived_id(&config);
    fill_identity(&mut config, restored, id, description, Some(cx));
    config
}

/// A standalone v1 config -> its v1alpha1 form; `None` when it has none (reported).
pub(crate) fn down_standalone_config(
    config: v1::AuthSchemeConfig,
    cx: &mut Cx,
) -> Option<v1alpha1::AuthSchemeConfig> {
    let (expected_id, _) = derived_id(&config);
    down_config_checked(config, &expected_id, "", cx)
}

/// `flows.authorizationCode.applicationCredential` -> an authorization_code grant.
fn up_application_credential(
    flow: v1alpha1::AuthorizationCodeFlow,
    org: &str,
    authorize_url: &str,
    token_url: &str,
    cx: &mut Cx,
) -> v1::Grant {
    let credential = *flow.application_credential;
    let mut extra = flow.extra;
    let mut restore = Restore::take(&mut extra, NEW);

    let (client_id, client_secret) = match &credential.data {
        v1alpha1::CredentialData::OAuth2Client(d) => {
            (Some(d.client_id.clone()), Some(d.client_secret.clone()))
        }
        v1alpha1::CredentialData::OAuth2Token(d) => {
            (Some(d.client_id.clone()), Some(d.client_secret.clone()))
        }
        _ => (None, None),
    };
    if org.is_empty() {
        cx.placeholder(
            "applicationCredential",
            "the grant's organisationId is the connector's, which a standalone config does not give; left empty",
        );
    }
    cx.derived(
        "applicationCredential",
        "the application credential becomes the grant's credentialId, organisationId (the connector's), clientId and clientSecret",
    );
    // A stashed `null` means the v1 grant had no such field.
    let stashed = |restore: &mut Restore, field: &str, derived: String| match restore.value(field) {
        Some(Value::Null) => None,
        Some(Value::String(value)) => Some(value),
        _ => Some(derived),
    };
    let credential_id = stashed(&mut restore, "credentialId", credential.id.clone());
    let organisation_id = stashed(&mut restore, "organisationId", org.to_owned());
    let client_id = match restore.value("clientId") {
        Some(Value::Null) => None,
        _ => client_id,
    };
    let client_secret = match restore.value("clientSecret") {
        Some(Value::Null) => None,
        _ => client_secret,
    };
    let grant = v1::GrantCredentials {
        credential_id,
        organisation_id,
        client_id,
        client_secret,
        extra: Extra::new(),
    };
    let rebuilt = rebuilt_application_credential(&grant, authorize_url, token_url);
    if credential != rebuilt {
        cx.lose_typed(
            &mut extra,
            OLD,
            "applicationCredential",
            &credential,
            "a v1 grant references its credential; the embedded credential's other fields have no v1 home",
        );
    }
    restore.finish(&mut extra);
    v1::Grant::AuthorizationCode(v1::GrantCredentials { extra, ..grant })
}

fn up_variable(v: v1alpha1::EnvironmentVariable) -> v1::ConnectionVariable {
    v1::ConnectionVariable {
        name: v.name,
        value: v.value,
        extra: v.extra,
    }
}

fn up_version(v: v1alpha1::ConnectionVersion) -> v1::ConnectorVersion {
    let mut extra = v.extra;
    let mut restore = Restore::take(&mut extra, NEW);
    let mut version = v1::ConnectorVersion {
        id: v.id,
        name: v.name,
        description: v.description,
        is_latest: v.is_latest,
        is_default: v.is_default,
        created_at: v.created_at,
        updated_at: v.updated_at,
        published_at: v.published_at,
        messages: restore.get("messages"),
        extra,
    };
    restore.finish(&mut version.extra);
    version
}

/// The client fields v1alpha1 oauth2-token data repeats from the oauth2 config it is bound to,
/// as down derives them from a v1 config (and so as up need not keep them).
#[derive(Clone, Debug, Default)]
pub(crate) struct TokenClient {
    client_id: Option<String>,
    client_secret: Option<Secret>,
    authorize_url: String,
    token_url: String,
}

impl TokenClient {
    /// From the v1 oauth2 config a credential is bound to.
    pub(crate) fn of(config: &v1::AuthSchemeConfig) -> Option<Self> {
        let v1::AuthSchemeConfig::OAuth2(c) = config else {
            return None;
        };
        let (client_id, client_secret) = match &c.grant {
            v1::Grant::AuthorizationCode(g) | v1::Grant::Password(g) => {
                (g.client_id.clone(), g.client_secret.clone())
            }
            _ => (None, None),
        };
        Some(Self {
            client_id,
            client_secret,
            authorize_url: c.authorize_url.clone(),
            token_url: c.token_url.clone(),
        })
    }

    /// The value down writes for `field` (a missing client secret becomes the API's mask).
    fn expected(&self, field: &str) -> Option<String> {
        match field {
            "clientId" => self.client_id.clone(),
            "clientSecret" => Some(
                self.client_secret
                    .as_ref()
                    .map_or(versori_model::REDACTED, Secret::expose)
                    .to_owned(),
            ),
            "authorizeUrl" => Some(self.authorize_url.clone()),
            "tokenUrl" => Some(self.token_url.clone()),
            _ => None,
        }
    }
}

/// v1alpha1 `credential` -> v1 `credential`. `org` is the owning connection's organisation.
///
/// `owner_created` is the timestamp down gives credentials (the owner's creation time, or the
/// epoch for a standalone credential); timestamps equal to it are not a loss.
pub(crate) fn up_credential(
    c: v1alpha1::Credential,
    org: Option<&str>,
    owner_created: &Timestamp,
    client: Option<&TokenClient>,
    cx: &mut Cx,
) -> v1::Credential {
    let mut extra = c.extra;
    let mut restore = Restore::take(&mut extra, NEW);
    let organisation_id = match restore.get::<String>("organisationId") {
        Some(org) => org,
        None => match org.map(str::to_owned).or_else(|| {
            c.usages
                .as_ref()?
                .first()
                .map(|u| u.environment.connection.organisation_id.clone())
        }) {
            Some(org) => {
                cx.derived(
                    "organisationId",
                    "v1 requires the credential's organisation; taken from its connection",
                );
                org
            }
            None => {
                cx.placeholder("organisationId", "v1 requires the credential's organisation and nothing in the document gives it; left empty");
                String::new()
            }
        },
    };
    for (field, value) in [("createdAt", &c.created_at), ("updatedAt", &c.updated_at)] {
        if value != owner_created {
            cx.lose(
                &mut extra,
                OLD,
                field,
                value.as_str().into(),
                "v1 credentials have no timestamps",
            );
        }
    }
    let usages = c.usages.map(|usages| {
        cx.at("usages", |cx| {
            usages
                .into_iter()
                .enumerate()
                .map(|(i, u)| cx.at(i, |cx| up_usage(u, cx)))
                .collect()
        })
    });
    let data = cx.at("data", |cx| up_data(c.data, client, cx));
    let mut credential = v1::Credential {
        id: c.id,
        organisation_id,
        credential_type: v1::CredentialType::from_wire(c.credential_type.as_str()),
        name: c.name,
        usages,
        errors: c.errors,
        data,
        expires_at: restore.get("expiresAt"),
        extra,
    };
    restore.finish(&mut credential.extra);
    credential
}

fn up_usage(u: v1alpha1::CredentialUsage, cx: &mut Cx) -> v1::CredentialUsage {
    cx.at("environment", |cx| {
        let env = u.environment;
        let mut extra = env.extra;
        if env.slug != slug(&env.name) {
            cx.lose(
                &mut extra,
                OLD,
                "slug",
                env.slug.into(),
                "v1 connection summaries have no slug",
            );
        }
        let summary = env.connection;
        v1::CredentialUsage {
            connection: v1::CredentialUsageConnection {
                id: env.id,
                name: env.name,
                connector: v1::ConnectorSummary {
                    id: summary.id,
                    organisation_id: summary.organisation_id,
                    name: summary.name,
                    protocol: v1::ProtocolType::from_wire(summary.protocol.as_str()),
                    created_at: summary.created_at,
                    updated_at: summary.updated_at,
                    extra: summary.extra,
                },
                created_at: env.created_at,
                updated_at: env.updated_at,
                extra,
            },
            extra: u.extra,
        }
    })
}

fn up_data(
    data: v1alpha1::CredentialData,
    client: Option<&TokenClient>,
    cx: &mut Cx,
) -> v1::CredentialData {
    use v1alpha1::CredentialData as D;

    match data {
        D::None(d) => v1::CredentialData::None(v1::NoneData { extra: d.extra }),
        D::String(d) => v1::CredentialData::String(v1::StringData {
            value: d.value,
            extra: d.extra,
        }),
        D::Binary(d) => v1::CredentialData::Binary(v1::BinaryData {
            value_base64: d.value_base64,
            extra: d.extra,
        }),
        D::BasicAuth(d) => v1::CredentialData::BasicAuth(v1::UsernamePasswordData {
            username: d.username,
            password: d.password,
            extra: d.extra,
        }),
        D::OAuth2Client(d) => {
            let mut extra = d.extra;
            let mut restore = Restore::take(&mut extra, NEW);
            let mut out = v1::OAuth2ClientData {
                client_id: d.client_id,
                client_secret: d.client_secret,
                authorize_url: restore.get("authorizeUrl").unwrap_or(d.authorize_url),
                token_url: d.token_url,
                scopes: d.scopes,
                additional_params: restore
                    .get("additionalParams")
                    .or_else(|| d.additional_params.map(|params| form_encode(&params))),
                mtls_enabled: restore.get("mTLSEnabled"),
                mtls_credential_id: restore.get("mTLSCredentialId"),
                extra,
            };
            restore.finish(&mut out.extra);
            v1::CredentialData::OAuth2Client(out)
        }
        D::OAuth2Token(d) => {
            let mut extra = d.extra;
            for (field, value) in [
                ("clientId", d.client_id),
                ("clientSecret", d.client_secret.expose().to_owned()),
                ("authorizeUrl", d.authorize_url),
                ("tokenUrl", d.token_url),
            ] {
                // What down derives from the bound config is not a loss.
                let derived = client.and_then(|c| c.expected(field)).unwrap_or_default();
                if value != derived {
                    cx.lose(
                        &mut extra,
                        OLD,
                        field,
                        value.into(),
                        "v1 oauth2-token data has no client fields",
                    );
                }
            }
            if let Some(params) = d.additional_params {
                cx.lose_typed(
                    &mut extra,
                    OLD,
                    "additionalParams",
                    &params,
                    "v1 oauth2-token data has no additionalParams",
                );
            }
            v1::CredentialData::OAuth2Token(v1::OAuth2TokenData {
                scopes: d.scopes,
                access_token: d.access_token,
                refresh_token: d.refresh_token,
                extra,
            })
        }
        D::Other(value) => v1::CredentialData::Other(value),
    }
}

/// `{"a": "1", "b": "x y"}` -> `a=1&b=x+y` (application/x-www-form-urlencoded, keys sorted).
pub(crate) fn form_encode(params: &BTreeMap<String, String>) -> String {
    fn enc(s: &str) -> String {
        s.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'*' => {
                    (b as char).to_string()
                }
                b' ' => "+".to_owned(),
                other => format!("%{other:02X}"),
            })
            .collect()
    }
    params
        .iter()
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// The inverse of [`form_encode`]; `None` when the text is not form-encoded pairs.
pub(crate) fn form_decode(text: &str) -> Option<BTreeMap<String, String>> {
    fn dec(s: &str) -> Option<String> {
        let mut bytes = Vec::new();
        let mut it = s.bytes();
        while let Some(b) = it.next() {
            match b {
                b'+' => bytes.push(b' '),
                b'%' => {
                    let hex = [it.next()?, it.next()?];
                    bytes.push(u8::from_str_radix(std::str::from_utf8(&hex).ok()?, 16).ok()?);
                }
                other => bytes.push(other),
            }
        }
        String::from_utf8(bytes).ok()
    }
    if text.is_empty() {
        return Some(BTreeMap::new());
    }
    text.split('&')
        .map(|pair| {
            let (k, v) = pair.split_once('=')?;
            Some((dec(k)?, dec(v)?))
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Down: v1 -> v1alpha1
// ---------------------------------------------------------------------------------------------

/// A v1 connector's documentation and image links, which v1alpha1 has no place for.
fn lose_links(
    cx: &mut Cx,
    extra: &mut Extra,
    documentation_url: Option<String>,
    image_url: Option<String>,
) {
    for (field, value) in [
        ("documentationURL", documentation_url),
        ("imageURL", image_url),
    ] {
        if let Some(value) = value {
            cx.lose(
                extra,
                NEW,
                field,
                value.into(),
                "v1alpha1 connections have no such field",
            );
        }
    }
}

/// v1 `connector` -> v1alpha1 `connection`.
pub(crate) fn down_connector(c: v1::Connector, cx: &mut Cx) -> v1alpha1::Connection {
    let mut extra = c.extra;
    let mut restore = Restore::take(&mut extra, OLD);
    if c.public {
        cx.lose(
            &mut extra,
            NEW,
            "public",
            true.into(),
            "v1alpha1 connections have no public flag",
        );
    }
    lose_links(cx, &mut extra, c.documentation_url, c.image_url);
    if let Some(tags) = &c.tags {
        cx.lose_typed(
            &mut extra,
            NEW,
            "tags",
            tags,
            "v1alpha1 connections have no tags",
        );
    }
    if c.connections.is_empty() {
        cx.not_representable(
            "connections",
            "a v1alpha1 connection needs at least one environment, and this connector has no connections",
        );
    }
    let (configs, twins) = cx.at("authSchemeConfigs", |cx| {
        down_configs(c.auth_scheme_configs, &c.organisation_id, cx)
    });
    let environments = cx.at("connections", |cx| {
        c.connections
            .into_iter()
            .enumerate()
            .map(|(i, conn)| {
                cx.at(i, |cx| {
                    down_connection(conn, Some((&c.organisation_id, &c.created_at)), &twins, cx)
                })
            })
            .collect()
    });
    let versions: Vec<_> = cx.at("versions", |cx| {
        c.versions
            .into_iter()
            .enumerate()
            .map(|(i, v)| cx.at(i, |cx| down_version(v, cx)))
            .collect()
    });
    let mut connection = v1alpha1::Connection {
        id: c.id,
        organisation_id: c.organisation_id,
        name: c.name,
        protocol: v1alpha1::ProtocolType::from_wire(c.protocol.as_str()),
        auth_scheme_configs: if configs.is_empty() {
            restore.get("authSchemeConfigs")
        } else {
            Some(configs)
        },
        environment_variables: c
            .connection_variables
            .map(|vars| vars.into_iter().map(down_variable).collect()),
        environments,
        versions: if versions.is_empty() {
            restore.get("versions")
        } else {
            Some(versions)
        },
        created_at: c.created_at,
        updated_at: c.updated_at,
        base_url: c.base_url,
        dataset_id: c.dataset_id,
        extra,
    };
    restore.finish(&mut connection.extra);
    connection
}

/// v1 `connector-update` -> v1alpha1 `connection-update`.
pub(crate) fn down_connector_update(
    u: v1::ConnectorUpdate,
    cx: &mut Cx,
) -> v1alpha1::ConnectionUpdate {
    let mut extra = u.extra;
    let mut restore = Restore::take(&mut extra, OLD);
    if let Some(tags) = &u.tags {
        cx.lose_typed(&mut extra, NEW, "tags", tags, "v1alpha1 has no tags");
    }
    if let Some(ids) = &u.auth_scheme_config_ids {
        cx.lose_typed(
            &mut extra,
            NEW,
            "authSchemeConfigIds",
            ids,
            "v1alpha1 configs have no ids to reorder by",
        );
    }
    if let Some(public) = u.public {
        cx.lose(
            &mut extra,
            NEW,
            "public",
            public.into(),
            "v1alpha1 connections have no public flag",
        );
    }
    lose_links(cx, &mut extra, u.documentation_url, u.image_url);
    let mut update = v1alpha1::ConnectionUpdate {
        id: u.id,
        organisation_id: u.organisation_id,
        name: u.name,
        protocol: v1alpha1::ProtocolType::from_wire(u.protocol.as_str()),
        auth_scheme_configs: restore.get("authSchemeConfigs"),
        environments: restore.get("environments"),
        base_url: u.base_url,
        environment_variables: u
            .connection_variables
            .map(|vars| vars.into_iter().map(down_variable).collect()),
        dataset_id: u.dataset_id,
        extra,
    };
    restore.finish(&mut update.extra);
    update
}

/// v1 `connection` -> v1alpha1 `environment`. `owner` is the connector's organisation and
/// creation time, when known (v1alpha1 credentials need timestamps v1 does not keep).
pub(crate) fn down_connection(
    c: v1::Connection,
    owner: Option<(&str, &Timestamp)>,
    connector_configs: &[Twin],
    cx: &mut Cx,
) -> v1alpha1::Environment {
    let created = owner
        .map(|(_, t)| t.clone())
        .unwrap_or_else(|| c.created_at.clone());
    let credentials = cx.at("credentials", |cx| {
        let side = |list: Option<Vec<v1::ConnectionCredential>>, name: &str, cx: &mut Cx| {
            list.map(|list| {
                cx.at(name, |cx| {
                    list.into_iter()
                        .enumerate()
                        .map(|(i, b)| {
                            cx.at(i, |cx| {
                                down_binding(
                                    b,
                                    owner.map(|(o, _)| o),
                                    &created,
                                    connector_configs,
                                    cx,
                                )
                            })
                        })
                        .collect()
                })
            })
        };
        let action = side(c.credentials.action, "action", cx);
        let trigger = side(c.credentials.trigger, "trigger", cx);
        v1alpha1::EnvironmentCredentials {
            action,
            trigger,
            extra: c.credentials.extra,
        }
    });
    v1alpha1::Environment {
        id: c.id,
        name: c.name,
        credentials,
        variables: c.variables.into_iter().map(down_variable).collect(),
        created_at: c.created_at,
        updated_at: c.updated_at,
        extra: c.extra,
    }
}

fn down_binding(
    b: v1::ConnectionCredential,
    org: Option<&str>,
    created: &Timestamp,
    connector_configs: &[Twin],
    cx: &mut Cx,
) -> v1alpha1::EnvironmentCredential {
    let client = TokenClient::of(&b.auth_scheme_config);
    // The organisation up gives this binding: the owner's, else the credential's usage's.
    let usage_org = b
        .credential
        .usages
        .as_ref()
        .and_then(|u| u.first())
        .map(|u| u.connection.connector.organisation_id.clone());
    let org = org.map(str::to_owned).or(usage_org);
    let org = org.as_deref();
    let auth_scheme_config = cx.at("authSchemeConfig", |cx| {
        let config = b.auth_scheme_config;
        // Up gives a copy the id of an identical connector-level config, else the derived one.
        let (id, description) = (
            config.id().map(str::to_owned),
            description_of(&config).map(str::to_owned),
        );
        let Some((mut converted, derived)) = down_config(config, org.unwrap_or_default(), cx)
        else {
            return v1alpha1::AuthSchemeConfig::default();
        };
        let kind = derived.0.clone();
        let twin = connector_configs
            .iter()
            .find(|t| same_config(&t.converted, &converted))
            .and_then(|t| t.ids.iter().find(|(k, _, _)| *k == kind));
        let (expected_id, expected_description) = match twin {
            Some((_, id, description)) => (id.clone(), description.clone()),
            None => derived,
        };
        if let Some(extra) = alpha_extra(&mut converted) {
            if id.as_ref().is_some_and(|id| *id != expected_id) {
                cx.lose(extra, NEW, "id", id.into(), "v1alpha1 configs have no id");
            }
            if description
                .as_ref()
                .is_some_and(|d| *d != expected_description)
            {
                cx.lose(
                    extra,
                    NEW,
                    "description",
                    description.into(),
                    "v1alpha1 configs have no description",
                );
            }
        }
        converted
    });
    let credential = cx.at("credential", |cx| {
        down_credential(b.credential, org, created, client.as_ref(), cx)
    });
    v1alpha1::EnvironmentCredential {
        id: b.id,
        auth_scheme_config,
        credential,
        extra: b.extra,
    }
}

/// Down-converts configs and reports the ids/descriptions up would not derive back.
/// A connector-level config as down wrote it, with the id and description up will give it
/// (and so give any binding that holds an identical copy).
pub(crate) struct Twin {
    converted: v1alpha1::AuthSchemeConfig,
    /// `(derived kind, id, description)` of each v1 config up makes from it (several when a
    /// preserving up step split its flows).
    ids: Vec<(String, String, String)>,
}

fn down_configs(
    list: Vec<v1::AuthSchemeConfig>,
    org: &str,
    cx: &mut Cx,
) -> (Vec<v1alpha1::AuthSchemeConfig>, Vec<Twin>) {
    let mut twins: Vec<Twin> = Vec::new();
    let mut out = Vec::new();
    let mut used: Vec<String> = Vec::new();
    let mut skip = 0usize;
    for (i, mut config) in list.into_iter().enumerate() {
        if skip > 0 {
            // Split off a multi-flow v1alpha1 config by a preserving up step: the first
            // config of the split restores the whole `flows`; up gives this one its id back.
            skip -= 1;
            // Up derived the sibling's id in the same sequence, so it counts as used.
            used.push(unique(&derived_id(&config).0, &used));
            if let Some(twin) = twins.last_mut() {
                let id = (
                    config.id().unwrap_or_default().to_owned(),
                    description_of(&config).unwrap_or_default().to_owned(),
                );
                twin.ids.push((derived_id(&config).0, id.0, id.1));
            }
            continue;
        }
        cx.at(i, |cx| {
            if let Some(extra) = extra_of(&mut config) {
                if let Some(n) =
                    crate::cx::unstash(extra, OLD, "splitCount").and_then(|v| v.as_u64())
                {
                    skip = usize::try_from(n).unwrap_or(1).saturating_sub(1);
                }
            }
            let (derived_base, derived_description) = derived_id(&config);
            let expected_id = unique(&derived_base, &used);
            let original = (
                config.id().unwrap_or_default().to_owned(),
                description_of(&config).unwrap_or_default().to_owned(),
            );
            let Some(converted) = down_config_checked(config, &expected_id, org, cx) else {
                return;
            };
            // Up restores the original id from a stash, else derives this one.
            let (up_id, up_description) = if cx.preserving() {
                original
            } else {
                (expected_id.clone(), derived_description)
            };
            twins.push(Twin {
                converted: converted.clone(),
                ids: vec![(derived_base.clone(), up_id, up_description)],
            });
            used.push(expected_id);
            out.push(converted);
        });
    }
    (out, twins)
}

fn down_config_checked(
    config: v1::AuthSchemeConfig,
    expected_id: &str,
    org: &str,
    cx: &mut Cx,
) -> Option<v1alpha1::AuthSchemeConfig> {
    let (_, expected_description) = derived_id(&config);
    let (id, description) = (
        config.id().map(str::to_owned),
        description_of(&config).map(str::to_owned),
    );
    let (mut converted, _) = down_config(config, org, cx)?;
    let Some(extra) = alpha_extra(&mut converted) else {
        return Some(converted);
    };
    if let Some(id) = &id {
        if id != expected_id {
            cx.lose(
                extra,
                NEW,
                "id",
                id.clone().into(),
                "v1alpha1 configs have no id",
            );
        }
    }
    if let Some(description) = &description {
        if *description != expected_description {
            cx.lose(
                extra,
                NEW,
                "description",
                description.clone().into(),
                "v1alpha1 configs have no description",
            );
        }
    }
    Some(converted)
}

fn alpha_extra(config: &mut v1alpha1::AuthSchemeConfig) -> Option<&mut Extra> {
    use v1alpha1::AuthSchemeConfig as A;
    Some(match config {
        A::None(c) | A::BasicAuth(c) | A::GoogleServiceAccount(c) => &mut c.extra,
        A::ApiKey(c) => &mut c.extra,
        A::Hmac(c) => &mut c.extra,
        A::OAuth2(c) => &mut c.extra,
        A::Unknown(_) => return None,
    })
}

/// One v1 config -> its v1alpha1 form and the (id, description) up would derive for it.
fn down_config(
    config: v1::AuthSchemeConfig,
    org: &str,
    cx: &mut Cx,
) -> Option<(v1alpha1::AuthSchemeConfig, (String, String))> {
    use v1::AuthSchemeConfig as C;
    let derived = derived_id(&config);
    let converted = match config {
        C::None(c) => {
            v1alpha1::AuthSchemeConfig::None(placeholder(c.extra, c.validation_messages, cx))
        }
        C::BasicAuth(c) => {
            v1alpha1::AuthSchemeConfig::BasicAuth(placeholder(c.extra, c.validation_messages, cx))
        }
        C::Certificate(_) => {
            cx.not_representable(
                "schemeType",
                "v1alpha1 has no certificate auth scheme config",
            );
            return None;
        }
        C::ApiKey(c) => {
            let mut extra = c.extra;
            drop_messages(&mut extra, c.validation_messages, cx);
            v1alpha1::AuthSchemeConfig::ApiKey(v1alpha1::ApiKeyConfig {
                name: c.name,
                location: v1alpha1::ParameterLocation::from_wire(c.location.as_str()),
                extra,
            })
        }
        C::Hmac(c) => {
            let mut extra = c.extra;
            drop_messages(&mut extra, c.validation_messages, cx);
            v1alpha1::AuthSchemeConfig::Hmac(v1alpha1::HmacConfig {
                name: c.name,
                location: v1alpha1::ParameterLocation::from_wire(c.location.as_str()),
                algorithm: v1alpha1::HmacAlgorithm::from_wire(c.algorithm.as_str()),
                digest_inputs: c
                    .digest_inputs
                    .iter()
                    .map(|d| v1alpha1::HmacDigestInput::from_wire(d.as_str()))
                    .collect(),
                extra,
            })
        }
        C::OAuth2(c) => v1alpha1::AuthSchemeConfig::OAuth2(down_oauth2(c, org, cx)?),
        C::Unknown(map) => {
            // A type v1 knows (jwt-bearer, custom-function, ...) but v1alpha1 does not has no
            // v1alpha1 form; a type neither knows travels verbatim.
            let scheme = map
                .get("schemeType")
                .and_then(Value::as_str)
                .unwrap_or_default();
            if v1::AuthSchemeType::from_wire(scheme).is_known()
                && !v1alpha1::AuthSchemeType::from_wire(scheme).is_known()
            {
                cx.not_representable(
                    "schemeType",
                    format!("v1alpha1 has no `{scheme}` auth scheme config"),
                );
                return None;
            }
            v1alpha1::AuthSchemeConfig::Unknown(map)
        }
    };
    Some((converted, derived))
}

fn placeholder(
    mut extra: Extra,
    messages: Option<Vec<versori_model::Message>>,
    cx: &mut Cx,
) -> v1alpha1::PlaceholderConfig {
    drop_messages(&mut extra, messages, cx);
    v1alpha1::PlaceholderConfig { extra }
}

fn drop_messages(extra: &mut Extra, messages: Option<Vec<versori_model::Message>>, cx: &mut Cx) {
    if let Some(messages) = messages {
        cx.lose_typed(
            extra,
            NEW,
            "validationMessages",
            &messages,
            "v1alpha1 configs have no validationMessages",
        );
    }
}

fn down_oauth2(c: v1::OAuth2Config, org: &str, cx: &mut Cx) -> Option<v1alpha1::OAuth2Config> {
    let mut extra = c.extra;
    let mut restore = Restore::take(&mut extra, OLD);
    drop_messages(&mut extra, c.validation_messages, cx);
    if !c.default_scopes.is_empty() {
        cx.lose_typed(
            &mut extra,
            NEW,
            "defaultScopes",
            &c.default_scopes,
            "v1alpha1 has no default scopes",
        );
    }
    for (field, value) in [
        (
            "additionalAuthorizeParams",
            c.additional_authorize_params.map(Value::from),
        ),
        (
            "additionalTokenParams",
            c.additional_token_params.map(Value::from),
        ),
        ("mtlsEnabled", c.mtls_enabled.map(Value::from)),
        ("mtlsCredentialId", c.mtls_credential_id.map(Value::from)),
    ] {
        if let Some(value) = value {
            cx.lose(
                &mut extra,
                NEW,
                field,
                value,
                "v1alpha1 oauth2 configs have no such field",
            );
        }
    }
    let flows = match restore.get::<v1alpha1::OAuth2Flows>("flows") {
        Some(flows) => flows,
        None => cx.at("grant", |cx| match c.grant {
            v1::Grant::ClientCredentials(g) => Some(v1alpha1::OAuth2Flows {
                client_credentials: Some(v1alpha1::ClientCredentialsFlow { extra: g.extra }),
                ..Default::default()
            }),
            v1::Grant::AuthorizationCode(g) => Some(v1alpha1::OAuth2Flows {
                authorization_code: Some(down_grant_credentials(
                    g,
                    org,
                    &c.authorize_url,
                    &c.token_url,
                    cx,
                )),
                ..Default::default()
            }),
            v1::Grant::Password(_) => {
                cx.not_representable("grantType", "v1alpha1 has no password grant");
                None
            }
            v1::Grant::Unknown(_) => {
                cx.not_representable("grantType", "this grant type has no v1alpha1 flow");
                None
            }
        })?,
    };
    let mut config = v1alpha1::OAuth2Config {
        authorize_url: c.authorize_url,
        token_url: c.token_url,
        scopes: c
            .scopes
            .into_iter()
            .map(|s| v1alpha1::OAuth2Scope {
                name: s.name,
                description: s.description,
                extra: s.extra,
            })
            .collect(),
        flows,
        extra,
    };
    restore.finish(&mut config.extra);
    Some(config)
}

/// An authorization_code grant -> the flow with an embedded application credential, restored
/// from a stash when there is one, else rebuilt from the grant.
fn down_grant_credentials(
    g: v1::GrantCredentials,
    org: &str,
    authorize_url: &str,
    token_url: &str,
    cx: &mut Cx,
) -> v1alpha1::AuthorizationCodeFlow {
    let mut extra = g.extra.clone();
    let mut restore = Restore::take(&mut extra, OLD);
    let credential = match restore.get::<v1alpha1::Credential>("applicationCredential") {
        Some(credential) => credential,
        None => {
            cx.derived(
                "credentialId",
                "v1alpha1 embeds the application credential; rebuilt as an oauth2-client credential from the grant",
            );
            rebuilt_application_credential(&g, authorize_url, token_url)
        }
    };
    // Up sets both from the embedded credential and the connection; anything else is a loss.
    if g.organisation_id.as_deref() != Some(org) {
        let value = g.organisation_id.clone().map_or(Value::Null, Value::from);
        cx.lose(
            &mut extra,
            NEW,
            "organisationId",
            value,
            "v1alpha1 takes the grant's organisation from its connection",
        );
    }
    for (field, absent) in [
        ("clientId", g.client_id.is_none()),
        ("clientSecret", g.client_secret.is_none()),
    ] {
        if absent {
            cx.lose(
                &mut extra,
                NEW,
                field,
                Value::Null,
                "v1alpha1 embeds a credential that always has this field, so it comes back set",
            );
        }
    }
    if g.credential_id.is_none() {
        cx.lose(
            &mut extra,
            NEW,
            "credentialId",
            Value::Null,
            "v1alpha1 always embeds the application credential, so it comes back with an id",
        );
    }
    let mut flow = v1alpha1::AuthorizationCodeFlow {
        application_credential: Box::new(credential),
        extra,
    };
    restore.finish(&mut flow.extra);
    flow
}

/// The application credential down rebuilds from an authorization_code grant when no stash
/// holds the original (and which up therefore need not keep).
fn rebuilt_application_credential(
    g: &v1::GrantCredentials,
    authorize_url: &str,
    token_url: &str,
) -> v1alpha1::Credential {
    v1alpha1::Credential {
        id: g.credential_id.clone().unwrap_or_default(),
        credential_type: v1alpha1::CredentialType::OAuth2Client,
        name: String::new(),
        usages: None,
        errors: None,
        data: v1alpha1::CredentialData::OAuth2Client(v1alpha1::OAuth2ClientData {
            client_id: g.client_id.clone().unwrap_or_default(),
            client_secret: g.client_secret.clone().unwrap_or_default(),
            authorize_url: authorize_url.to_owned(),
            token_url: token_url.to_owned(),
            scopes: None,
            additional_params: None,
            extra: Extra::new(),
        }),
        created_at: Timestamp::new(EPOCH),
        updated_at: Timestamp::new(EPOCH),
        extra: Extra::new(),
    }
}

fn down_variable(v: v1::ConnectionVariable) -> v1alpha1::EnvironmentVariable {
    v1alpha1::EnvironmentVariable {
        name: v.name,
        value: v.value,
        extra: v.extra,
    }
}

fn down_version(v: v1::ConnectorVersion, cx: &mut Cx) -> v1alpha1::ConnectionVersion {
    let mut extra = v.extra;
    if let Some(messages) = &v.messages {
        cx.lose_typed(
            &mut extra,
            NEW,
            "messages",
            messages,
            "v1alpha1 versions have no messages",
        );
    }
    v1alpha1::ConnectionVersion {
        id: v.id,
        name: v.name,
        description: v.description,
        is_latest: v.is_latest,
        is_default: v.is_default,
        created_at: v.created_at,
        updated_at: v.updated_at,
        published_at: v.published_at,
        extra,
    }
}

/// v1 `credential` -> v1alpha1 `credential`. `org` is the owning connector's organisation (an
/// equal `organisationId` is derived back by up and so is not a loss); `created` stands in
/// for the timestamps v1 does not keep.
pub(crate) fn down_credential(
    c: v1::Credential,
    org: Option<&str>,
    created: &Timestamp,
    client: Option<&TokenClient>,
    cx: &mut Cx,
) -> v1alpha1::Credential {
    use v1::CredentialType as T;
    let mut extra = c.extra;
    let mut restore = Restore::take(&mut extra, OLD);
    let credential_type = match &c.credential_type {
        T::None | T::String | T::Binary | T::BasicAuth | T::OAuth2Client | T::OAuth2Token => {
            v1alpha1::CredentialType::from_wire(c.credential_type.as_str())
        }
        T::Unknown(other) => v1alpha1::CredentialType::Unknown(other.clone()),
        other => {
            cx.not_representable("type", format!("v1alpha1 has no `{other}` credentials"));
            v1alpha1::CredentialType::Unknown(other.to_string())
        }
    };
    let usage_org = c
        .usages
        .as_ref()
        .and_then(|u| u.first())
        .map(|u| u.connection.connector.organisation_id.as_str());
    if org.or(usage_org).unwrap_or_default() != c.organisation_id {
        cx.lose(
            &mut extra,
            NEW,
            "organisationId",
            c.organisation_id.clone().into(),
            "v1alpha1 credentials have no organisationId",
        );
    }
    if let Some(expires) = &c.expires_at {
        cx.lose(
            &mut extra,
            NEW,
            "expiresAt",
            expires.as_str().into(),
            "v1alpha1 credentials do not expire",
        );
    }
    let timestamp = |field: &str, restore: &mut Restore, cx: &mut Cx| {
        restore.get::<Timestamp>(field).unwrap_or_else(|| {
            cx.derived(field, format!("v1alpha1 requires `{field}`; v1 does not keep it, so the owner's creation time is used"));
            created.clone()
        })
    };
    let created_at = timestamp("createdAt", &mut restore, cx);
    let updated_at = timestamp("updatedAt", &mut restore, cx);
    let usages = c.usages.map(|usages| {
        cx.at("usages", |cx| {
            usages
                .into_iter()
                .enumerate()
                .map(|(i, u)| cx.at(i, |cx| down_usage(u, cx)))
                .collect()
        })
    });
    let data = cx.at("data", |cx| down_data(c.data, client, cx));
    let mut credential = v1alpha1::Credential {
        id: c.id,
        credential_type,
        name: c.name,
        usages,
        errors: c.errors,
        data,
        created_at,
        updated_at,
        extra,
    };
    restore.finish(&mut credential.extra);
    credential
}

fn down_usage(u: v1::CredentialUsage, cx: &mut Cx) -> v1alpha1::CredentialUsage {
    cx.at("connection", |_| {
        let conn = u.connection;
        let mut extra = conn.extra;
        let mut restore = Restore::take(&mut extra, OLD);
        let summary = conn.connector;
        let slug = restore
            .get::<String>("slug")
            .unwrap_or_else(|| slug(&conn.name));
        let mut env = v1alpha1::CredentialUsageEnvironment {
            id: conn.id,
            name: conn.name,
            slug,
            connection: v1alpha1::ConnectionSummary {
                id: summary.id,
                organisation_id: summary.organisation_id,
                name: summary.name,
                protocol: v1alpha1::ProtocolType::from_wire(summary.protocol.as_str()),
                created_at: summary.created_at,
                updated_at: summary.updated_at,
                extra: summary.extra,
            },
            created_at: conn.created_at,
            updated_at: conn.updated_at,
            extra,
        };
        restore.finish(&mut env.extra);
        v1alpha1::CredentialUsage {
            environment: env,
            extra: u.extra,
        }
    })
}

fn down_data(
    data: v1::CredentialData,
    client: Option<&TokenClient>,
    cx: &mut Cx,
) -> v1alpha1::CredentialData {
    use v1::CredentialData as D;
    match data {
        D::None(d) => v1alpha1::CredentialData::None(v1alpha1::NoneData { extra: d.extra }),
        D::String(d) => v1alpha1::CredentialData::String(v1alpha1::StringData {
            value: d.value,
            extra: d.extra,
        }),
        D::Binary(d) => v1alpha1::CredentialData::Binary(v1alpha1::BinaryData {
            value_base64: d.value_base64,
            extra: d.extra,
        }),
        D::BasicAuth(d) => v1alpha1::CredentialData::BasicAuth(v1alpha1::BasicAuthData {
            username: d.username,
            password: d.password,
            extra: d.extra,
        }),
        D::OAuth2Client(d) => {
            let mut extra = d.extra;
            let mut restore = Restore::take(&mut extra, OLD);
            // v1 allows "" (client credentials); v1alpha1 requires a URL.
            let authorize_url = match restore.get::<String>("authorizeUrl") {
                Some(url) => url,
                None if !d.authorize_url.is_empty() => d.authorize_url.clone(),
                None => {
                    match client
                        .map(|c| c.authorize_url.clone())
                        .filter(|u| !u.is_empty())
                    {
                        Some(url) => {
                            if cx.preserving() {
                                crate::cx::stash(&mut extra, NEW, "authorizeUrl", "".into());
                            }
                            cx.derived("authorizeUrl", "v1alpha1 requires an authorizeUrl; taken from the bound oauth2 config");
                            url
                        }
                        None => {
                            cx.not_representable(
                                "authorizeUrl",
                                "v1alpha1 requires an authorizeUrl, and this credential's is empty",
                            );
                            String::new()
                        }
                    }
                }
            };
            restore.finish(&mut extra);
            for (field, value) in [
                ("mTLSEnabled", d.mtls_enabled.map(Value::from)),
                ("mTLSCredentialId", d.mtls_credential_id.map(Value::from)),
            ] {
                if let Some(value) = value {
                    cx.lose(
                        &mut extra,
                        NEW,
                        field,
                        value,
                        "v1alpha1 oauth2-client data has no mTLS fields",
                    );
                }
            }
            let additional_params = d.additional_params.and_then(|text| match form_decode(&text) {
                Some(map) if form_encode(&map) == text => Some(map),
                _ => {
                    cx.lose(&mut extra, NEW, "additionalParams", text.into(), "v1alpha1 keeps additionalParams as a map, and this text does not read back as one unchanged");
                    None
                }
            });
            v1alpha1::CredentialData::OAuth2Client(v1alpha1::OAuth2ClientData {
                client_id: d.client_id,
                client_secret: d.client_secret,
                authorize_url,
                token_url: d.token_url,
                scopes: d.scopes,
                additional_params,
                extra,
            })
        }
        D::OAuth2Token(d) => {
            let mut extra = d.extra;
            let mut restore = Restore::take(&mut extra, OLD);
            let text = |field: &str, restore: &mut Restore, cx: &mut Cx| {
                if let Some(value) = restore.get::<String>(field) {
                    return value;
                }
                match client.and_then(|c| c.expected(field)) {
                    Some(value) => {
                        if value == versori_model::REDACTED {
                            cx.redacted(field);
                        } else {
                            cx.derived(field, format!("v1alpha1 oauth2-token data repeats `{field}`; taken from the bound oauth2 config"));
                        }
                        value
                    }
                    None => {
                        cx.not_representable(field, format!("v1alpha1 oauth2-token data requires `{field}`; v1 keeps none and nothing in the document gives it"));
                        String::new()
                    }
                }
            };
            let client_id = text("clientId", &mut restore, cx);
            let client_secret = Secret::new(text("clientSecret", &mut restore, cx));
            let authorize_url = text("authorizeUrl", &mut restore, cx);
            let token_url = text("tokenUrl", &mut restore, cx);
            let mut out = v1alpha1::OAuth2TokenData {
                client_id,
                client_secret,
                authorize_url,
                token_url,
                scopes: d.scopes,
                access_token: d.access_token,
                refresh_token: d.refresh_token,
                additional_params: restore.get("additionalParams"),
                extra,
            };
            restore.finish(&mut out.extra);
            v1alpha1::CredentialData::OAuth2Token(out)
        }
        D::OAuth2Code(_) | D::OAuth2Password(_) | D::Certificate(_) => {
            // The type was already reported as not representable; keep the data verbatim.
            v1alpha1::CredentialData::Other(to_value(&data))
        }
        D::Other(value) => v1alpha1::CredentialData::Other(value),
    }
}
