use serde_json::Value;
use versori_model::{Extra, Message, Timestamp, v1, v1alpha1};

use super::{NEW, OLD};
use crate::cx::{Cx, Restore, to_value};
use crate::steps::EPOCH;

/// Where a v1alpha1 config sits, which decides what up makes of it.
#[derive(Clone, Copy)]
pub(super) struct ConfigOwner<'a> {
    /// The connector's organisation, which an authorization code grant takes (`""` when
    /// nothing gives it; a placeholder is reported).
    pub(super) organisation_id: &'a str,
    /// For a copy in a credential binding, the bound credential's type: the copy becomes one
    /// config, for the flow that credential serves. `None` for a connector-level config, whose
    /// flows each become a config.
    pub(super) binding_type: Option<&'a v1alpha1::CredentialType>,
}

impl ConfigOwner<'static> {
    /// A config read on its own: one document holds one config, so it keeps the flow an
    /// oauth2-token credential would be bound to (authorization code), and no organisation.
    fn standalone() -> Self {
        Self {
            organisation_id: "",
            binding_type: Some(&v1alpha1::CredentialType::OAuth2Token),
        }
    }
}

/// The fields of a v1 config that v1alpha1 has no place for, as a preserving down step
/// stashed them.
struct Stashed {
    id: Option<String>,
    description: Option<String>,
    validation_messages: Option<Vec<Message>>,
}

/// A standalone v1alpha1 config -> one v1 config. Several flows cannot all fit one document:
/// the authorization code flow is kept and `flows` as a whole is lost or stashed.
pub(crate) fn up_standalone_config(
    config: v1alpha1::AuthSchemeConfig,
    cx: &mut Cx,
) -> v1::AuthSchemeConfig {
    let produced = up_config(config, &ConfigOwner::standalone(), cx);
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

/// Converts a list of configs, splitting multi-flow oauth2 configs and giving every result a
/// unique id.
pub(super) fn up_configs(
    list: Vec<v1alpha1::AuthSchemeConfig>,
    org: &str,
    cx: &mut Cx,
) -> Vec<v1::AuthSchemeConfig> {
    let mut out = Vec::new();
    let mut used: Vec<String> = Vec::new();
    let count = list.len();
    for (i, config) in list.into_iter().enumerate() {
        cx.at(i, |cx| {
            let owner = ConfigOwner {
                organisation_id: org,
                binding_type: None,
            };
            let produced = up_config(config, &owner, cx);
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

/// A connector-level config as down wrote it, with the id and description up will give it
/// (and so give any binding that holds an identical copy).
pub(crate) struct Twin {
    pub(super) converted: v1alpha1::AuthSchemeConfig,
    /// `(derived kind, id, description)` of each v1 config up makes from it (several when a
    /// preserving up step split its flows).
    pub(super) ids: Vec<(String, String, String)>,
}

/// Down-converts configs and reports the ids/descriptions up would not derive back.
pub(super) fn down_configs(
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

/// One v1alpha1 config -> one v1 config per grant, each flagged `true` when its id and
/// description were restored from a stash. The owner's `binding_type` picks the flow for a
/// binding's copy.
pub(super) fn up_config(
    config: v1alpha1::AuthSchemeConfig,
    owner: &ConfigOwner<'_>,
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
    let stashed = Stashed {
        id: restore.get("id"),
        description: restore.get("description"),
        validation_messages: restore.get("validationMessages"),
    };
    let restored = Restored {
        id: stashed.id.is_some(),
        description: stashed.description.is_some(),
    };
    let base = |extra: Extra| v1::NoneConfig {
        id: stashed.id.clone().unwrap_or_default(),
        description: stashed.description.clone().unwrap_or_default(),
        validation_messages: stashed.validation_messages.clone(),
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
        A::OAuth2(c) => up_oauth2(c, extra, &mut restore, stashed, owner, cx),
        A::Unknown(map) => vec![v1::AuthSchemeConfig::Unknown(map)],
    };
    if let Some(extra) = out.first_mut().and_then(extra_of) {
        restore.finish(extra);
    }
    out.into_iter().map(|c| (c, restored)).collect()
}

/// One v1 config -> its v1alpha1 form and the (id, description) up would derive for it.
pub(super) fn down_config(
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

/// An oauth2 config -> one v1 config per flow (the one a binding's credential serves, for a
/// binding's copy), with the v1-only fields a stash gave back.
fn up_oauth2(
    c: v1alpha1::OAuth2Config,
    mut extra: Extra,
    restore: &mut Restore,
    stashed: Stashed,
    owner: &ConfigOwner<'_>,
    cx: &mut Cx,
) -> Vec<v1::AuthSchemeConfig> {
    let Stashed {
        id,
        description,
        validation_messages,
    } = stashed;
    let ConfigOwner {
        organisation_id: org,
        binding_type,
    } = *owner;
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
                authorization_code: None,
                extra: Extra::new(),
            }),
            v1::Grant::AuthorizationCode(g) => Some(v1alpha1::OAuth2Flows {
                authorization_code: Some(down_application_credential(
                    g,
                    org,
                    &c.authorize_url,
                    &c.token_url,
                    cx,
                )),
                client_credentials: None,
                extra: Extra::new(),
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

/// An authorization_code grant -> the flow with an embedded application credential, restored
/// from a stash when there is one, else rebuilt from the grant.
fn down_application_credential(
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

fn placeholder(
    mut extra: Extra,
    messages: Option<Vec<Message>>,
    cx: &mut Cx,
) -> v1alpha1::PlaceholderConfig {
    drop_messages(&mut extra, messages, cx);
    v1alpha1::PlaceholderConfig { extra }
}

fn drop_messages(extra: &mut Extra, messages: Option<Vec<Message>>, cx: &mut Cx) {
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

/// Whether two configs are the same apart from what a preserving step stashed on them.
pub(super) fn same_config(a: &v1alpha1::AuthSchemeConfig, b: &v1alpha1::AuthSchemeConfig) -> bool {
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
pub(super) fn twin_id(
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
pub(super) fn derived_id(config: &v1::AuthSchemeConfig) -> (String, String) {
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

pub(super) fn description_of(config: &v1::AuthSchemeConfig) -> Option<&str> {
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
pub(super) struct Restored {
    id: bool,
    description: bool,
}

/// Sets the `id` and `description` a stash did not give back; with `cx`, reports them as derived.
pub(super) fn fill_identity(
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

pub(super) fn alpha_extra(config: &mut v1alpha1::AuthSchemeConfig) -> Option<&mut Extra> {
    use v1alpha1::AuthSchemeConfig as A;
    Some(match config {
        A::None(c) | A::BasicAuth(c) | A::GoogleServiceAccount(c) => &mut c.extra,
        A::ApiKey(c) => &mut c.extra,
        A::Hmac(c) => &mut c.extra,
        A::OAuth2(c) => &mut c.extra,
        A::Unknown(_) => return None,
    })
}
