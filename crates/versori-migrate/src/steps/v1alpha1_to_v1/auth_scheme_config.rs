use serde_json::Value;
use versori_model::{Extra, Message, Pointer, Timestamp, v1, v1alpha1};

use super::{NEW, OLD};
use crate::cx::{Cx, Restore, Shape, to_value};
use crate::steps::{EPOCH, given_organisation};

/// Where a v1alpha1 config sits, which decides what up makes of it.
#[derive(Clone, Copy)]
pub(super) struct ConfigOwner<'a> {
    /// The connector's organisation, which an authorization code grant takes (`None` when
    /// nothing in the document gives it).
    pub(super) organisation_id: Option<&'a str>,
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
            organisation_id: None,
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
    down_config_checked(config, &expected_id, None, FlowsClaim::Any, cx)
}

/// Converts a list of configs, splitting multi-flow oauth2 configs and giving every result a
/// unique id. With `preserve`, a config v1 has no form for (google-service-account) is taken out
/// of the list and handed back with its index, for the owner to keep under the reserved key.
pub(super) fn up_configs(
    list: Vec<v1alpha1::AuthSchemeConfig>,
    org: &str,
    cx: &mut Cx,
) -> (
    Vec<v1::AuthSchemeConfig>,
    Vec<(usize, v1alpha1::AuthSchemeConfig)>,
) {
    let mut out = Vec::new();
    let mut aside = Vec::new();
    let mut used: Vec<String> = Vec::new();
    let count = list.len();
    for (i, config) in list.into_iter().enumerate() {
        if cx.preserving() && super::connection::is_google_service_account(&config) {
            aside.push((i, config));
            continue;
        }
        let at = out.len();
        cx.at_as(i, at, |cx| {
            let owner = ConfigOwner {
                organisation_id: Some(org),
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
    (out, aside)
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
    let org = Some(org);
    let mut twins: Vec<Twin> = Vec::new();
    let mut out = Vec::new();
    let mut used: Vec<String> = Vec::new();
    let mut skip = 0usize;
    let claims: Vec<FlowsClaim> = (0..list.len())
        .map(|i| split_claim(&list, i, &list_ids_before(&list, i), org, cx))
        .collect();
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
        let claim = claims[i];
        let at = out.len();
        cx.at_as(i, at, |cx| {
            if let (FlowsClaim::Split(n), Some(extra)) = (claim, extra_of(&mut config)) {
                crate::cx::unstash(extra, OLD, "splitCount", |_| true);
                skip = n - 1;
            }
            let (derived_base, derived_description) = derived_id(&config);
            let expected_id = unique(&derived_base, &used);
            let original = (
                config.id().unwrap_or_default().to_owned(),
                description_of(&config).unwrap_or_default().to_owned(),
            );
            let Some(converted) = down_config_checked(config, &expected_id, org, claim, cx) else {
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

/// What a v1 oauth2 config's stashed v1alpha1 `flows` may be restored as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum FlowsClaim {
    /// A copy in a credential binding, or a standalone config: the flows hold the grant's flow
    /// (a binding's copy keeps one of several).
    Any,
    /// In a list, not split: the flows are the grant's one flow.
    Single,
    /// In a list, the first of `n` configs a preserving up step split one config into (checked):
    /// the flows are those `n`, the grant's first.
    Split(usize),
}

/// The ids up derives before config `i` of a list, for checking a split's siblings.
fn list_ids_before(list: &[v1::AuthSchemeConfig], i: usize) -> Vec<String> {
    let mut used = Vec::new();
    for config in &list[..i] {
        used.push(unique(&derived_id(config).0, &used));
    }
    used
}

/// The flows, in the order up makes configs of them.
fn flow_names(flows: &v1alpha1::OAuth2Flows) -> Vec<&'static str> {
    let mut names = Vec::new();
    if flows.authorization_code.is_some() {
        names.push("authorizationCode");
    }
    if flows.client_credentials.is_some() {
        names.push("clientCredentials");
    }
    names
}

/// The v1alpha1 flow a v1 grant is.
fn grant_flow(grant: &v1::Grant) -> Option<&'static str> {
    match grant {
        v1::Grant::AuthorizationCode(_) => Some("authorizationCode"),
        v1::Grant::ClientCredentials(_) => Some("clientCredentials"),
        _ => None,
    }
}

/// The stashed v1alpha1 `flows` of a v1 config, if they decode.
fn stashed_flows(config: &v1::OAuth2Config) -> Option<v1alpha1::OAuth2Flows> {
    let flows = config
        .extra
        .get(crate::cx::PRESERVED_KEY)?
        .get(OLD.as_str())?
        .get("flows")?;
    serde::Deserialize::deserialize(flows).ok()
}

/// Whether config `i` of `list` is the first of a split a preserving up step made (its stash
/// says how many configs it became, its stashed `flows` are that many with its grant first, and
/// the configs after it are exactly the siblings up makes), and so whether down folds them back.
/// A `splitCount` that does not hold is not honoured: it stays stashed, and is reported.
fn split_claim(
    list: &[v1::AuthSchemeConfig],
    i: usize,
    used: &[String],
    org: Option<&str>,
    cx: &Cx,
) -> FlowsClaim {
    let v1::AuthSchemeConfig::OAuth2(first) = &list[i] else {
        return FlowsClaim::Single;
    };
    let count = first
        .extra
        .get(crate::cx::PRESERVED_KEY)
        .and_then(|s| s.get(OLD.as_str()))
        .and_then(|s| s.get("splitCount"))
        .and_then(Value::as_u64)
        .and_then(|n| usize::try_from(n).ok());
    let Some(n) = count.filter(|n| *n >= 2) else {
        return FlowsClaim::Single;
    };
    let Some(flows) = stashed_flows(first) else {
        return FlowsClaim::Single;
    };
    let names = flow_names(&flows);
    let config = (
        &first.grant,
        first.authorize_url.as_str(),
        first.token_url.as_str(),
    );
    if names.len() != n || !flows_fit(&flows, config, org, FlowsClaim::Split(n), cx) {
        return FlowsClaim::Single;
    }
    let Some(siblings) = list.get(i + 1..i + n) else {
        return FlowsClaim::Single;
    };
    let mut used = used.to_vec();
    used.push(unique(&derived_id(&list[i]).0, &used));
    for (sibling, name) in siblings.iter().zip(&names[1..]) {
        let Some(grant) = up_flow(
            &flows,
            name,
            org,
            &first.authorize_url,
            &first.token_url,
            cx,
        ) else {
            return FlowsClaim::Single;
        };
        let mut expected = v1::AuthSchemeConfig::OAuth2(v1::OAuth2Config {
            id: String::new(),
            description: String::new(),
            authorize_url: first.authorize_url.clone(),
            token_url: first.token_url.clone(),
            scopes: first.scopes.clone(),
            default_scopes: first.default_scopes.clone(),
            additional_authorize_params: None,
            additional_token_params: None,
            mtls_enabled: None,
            mtls_credential_id: None,
            grant,
            validation_messages: first.validation_messages.clone(),
            extra: Extra::new(),
        });
        let (base, description) = derived_id(&expected);
        let id = unique(&base, &used);
        set_id(&mut expected, id.clone(), description);
        if *sibling != expected {
            return FlowsClaim::Single;
        }
        used.push(id);
    }
    FlowsClaim::Split(n)
}

/// Whether stashed `flows` may stand for the v1 oauth2 `config`, as `claim` says: they hold its
/// grant's flow where `claim` puts it, and up makes exactly its grant of that flow (the grant
/// was not changed since).
fn flows_fit(
    flows: &v1alpha1::OAuth2Flows,
    config: (&v1::Grant, &str, &str),
    org: Option<&str>,
    claim: FlowsClaim,
    cx: &Cx,
) -> bool {
    let (grant, authorize_url, token_url) = config;
    let names = flow_names(flows);
    let Some(flow) = grant_flow(grant) else {
        return false;
    };
    let placed = match claim {
        FlowsClaim::Any => names.contains(&flow),
        FlowsClaim::Single => names == [flow],
        FlowsClaim::Split(n) => names.len() == n && names.first() == Some(&flow),
    };
    // Up keeps `flows` only when the grant alone does not say it all: several flows, or
    // unknown keys of `flows` itself. Any other is not its, and stays stashed.
    let kept_by_up = names.len() > 1 || !flows.extra.is_empty();
    placed
        && kept_by_up
        && up_flow(flows, flow, org, authorize_url, token_url, cx).as_ref() == Some(grant)
}

/// The v1 grant up makes of flow `name` of `flows`, as this migration's up step would (its
/// messages set aside): what a stash's flows are checked against.
fn up_flow(
    flows: &v1alpha1::OAuth2Flows,
    name: &str,
    org: Option<&str>,
    authorize_url: &str,
    token_url: &str,
    cx: &Cx,
) -> Option<v1::Grant> {
    let mut scratch = Cx::new(
        OLD,
        cx.preserving(),
        cx.organisation_id().map(str::to_owned),
    );
    match name {
        "clientCredentials" => {
            let flow = flows.client_credentials.clone()?;
            Some(v1::Grant::ClientCredentials(v1::ClientCredentialsGrant {
                extra: scratch.carry(
                    flow.extra,
                    Shape::of::<v1alpha1::ClientCredentialsFlow>(),
                    Shape::tagged::<v1::ClientCredentialsGrant>("grantType"),
                    OLD,
                    NEW,
                ),
            }))
        }
        "authorizationCode" => {
            let flow = flows.authorization_code.clone()?;
            Some(up_application_credential(
                flow,
                org,
                authorize_url,
                token_url,
                &mut scratch,
            ))
        }
        _ => None,
    }
}

/// The keys a v1alpha1 config knows, as a variant of its union.
fn alpha_shape(config: &v1alpha1::AuthSchemeConfig) -> Shape {
    use v1alpha1::AuthSchemeConfig as A;
    const TAG: &str = "schemeType";
    match config {
        A::None(_) | A::BasicAuth(_) | A::GoogleServiceAccount(_) => {
            Shape::tagged::<v1alpha1::PlaceholderConfig>(TAG)
        }
        A::ApiKey(_) => Shape::tagged::<v1alpha1::ApiKeyConfig>(TAG),
        A::Hmac(_) => Shape::tagged::<v1alpha1::HmacConfig>(TAG),
        A::OAuth2(_) => Shape::tagged::<v1alpha1::OAuth2Config>(TAG),
        A::Unknown(_) => Shape::OPEN,
    }
}

/// The keys a v1 config knows, as a variant of its union.
fn v1_shape(config: &v1::AuthSchemeConfig) -> Shape {
    use v1::AuthSchemeConfig as C;
    const TAG: &str = "schemeType";
    match config {
        C::None(_) => Shape::tagged::<v1::NoneConfig>(TAG),
        C::BasicAuth(_) => Shape::tagged::<v1::BasicAuthConfig>(TAG),
        C::Certificate(_) => Shape::tagged::<v1::CertificateConfig>(TAG),
        C::ApiKey(_) => Shape::tagged::<v1::ApiKeyConfig>(TAG),
        C::Hmac(_) => Shape::tagged::<v1::HmacConfig>(TAG),
        C::OAuth2(_) => Shape::tagged::<v1::OAuth2Config>(TAG),
        C::Unknown(_) => Shape::OPEN,
    }
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
    let from = alpha_shape(&config);
    let mut extra = match &config {
        A::None(c) | A::BasicAuth(c) | A::GoogleServiceAccount(c) => c.extra.clone(),
        A::ApiKey(c) => c.extra.clone(),
        A::Hmac(c) => c.extra.clone(),
        A::OAuth2(c) => c.extra.clone(),
        A::Unknown(_) => Extra::new(),
    };
    let mut restore = Restore::take(&mut extra, NEW, cx);
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
        A::Unknown(map) => {
            let scheme = map
                .get("schemeType")
                .and_then(Value::as_str)
                .unwrap_or_default();
            if v1::AuthSchemeType::from_wire(scheme).is_known() {
                // v1 would read it as its own `scheme` config, which v1alpha1 never said it was.
                cx.not_representable(
                    "schemeType",
                    format!(
                        "`{scheme}` is not a v1alpha1 auth scheme type, and v1 has one of that name"
                    ),
                );
                return Vec::new();
            }
            // Kept whole; an `id` or `description` it has is kept too (down leaves out only
            // the ones up derives, and marks the ones v1 did not have).
            let mut map = map;
            let (no_id, no_description) = with_map_stash(&mut map, cx, |extra, cx| {
                let mut restore = Restore::take(extra, NEW, cx);
                let absent = (
                    restore.value_if("id", Value::is_null).is_some(),
                    restore.value_if("description", Value::is_null).is_some(),
                );
                restore.finish(extra, cx, Shape::OPEN, Shape::OPEN);
                absent
            });
            let restored = Restored {
                id: no_id || map.contains_key("id"),
                description: no_description || map.contains_key("description"),
            };
            return vec![(v1::AuthSchemeConfig::Unknown(map), restored)];
        }
    };
    match out.first_mut() {
        Some(first) => {
            let into = v1_shape(first);
            if let Some(extra) = extra_of(first) {
                cx.settle(extra, restore, from, into, OLD);
            }
        }
        // Nothing was made: the document is refused (reported), and the stash with it.
        None => drop(restore),
    }
    out.into_iter().map(|c| (c, restored)).collect()
}

/// One v1 config -> its v1alpha1 form and the (id, description) up would derive for it.
pub(super) fn down_config(
    config: v1::AuthSchemeConfig,
    org: Option<&str>,
    claim: FlowsClaim,
    cx: &mut Cx,
) -> Option<(v1alpha1::AuthSchemeConfig, (String, String))> {
    use v1::AuthSchemeConfig as C;
    let derived = derived_id(&config);
    let from = v1_shape(&config);
    let carry = |extra: Extra, into: Shape, cx: &mut Cx| cx.carry(extra, from, into, NEW, OLD);
    const TAG: &str = "schemeType";
    let placeholder_shape = Shape::tagged::<v1alpha1::PlaceholderConfig>(TAG);
    let converted = match config {
        C::None(c) => {
            let extra = carry(c.extra, placeholder_shape, cx);
            v1alpha1::AuthSchemeConfig::None(placeholder(extra, c.validation_messages, cx))
        }
        C::BasicAuth(c) => {
            let extra = carry(c.extra, placeholder_shape, cx);
            v1alpha1::AuthSchemeConfig::BasicAuth(placeholder(extra, c.validation_messages, cx))
        }
        C::Certificate(_) => {
            cx.not_representable(
                "schemeType",
                "v1alpha1 has no certificate auth scheme config",
            );
            return None;
        }
        C::ApiKey(c) => {
            let mut extra = carry(c.extra, Shape::tagged::<v1alpha1::ApiKeyConfig>(TAG), cx);
            drop_messages(&mut extra, c.validation_messages, cx);
            v1alpha1::AuthSchemeConfig::ApiKey(v1alpha1::ApiKeyConfig {
                name: c.name,
                location: v1alpha1::ParameterLocation::from_wire(c.location.as_str()),
                extra,
            })
        }
        C::Hmac(c) => {
            let mut extra = carry(c.extra, Shape::tagged::<v1alpha1::HmacConfig>(TAG), cx);
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
        C::OAuth2(c) => v1alpha1::AuthSchemeConfig::OAuth2(down_oauth2(c, org, claim, cx)?),
        C::Unknown(map) => {
            // A type v1 knows (jwt-bearer, custom-function, google-service-account: no v1
            // shape) has no v1alpha1 form that v1 would read back; a type neither knows
            // travels verbatim.
            let scheme = map
                .get("schemeType")
                .and_then(Value::as_str)
                .unwrap_or_default();
            if v1::AuthSchemeType::from_wire(scheme).is_known() {
                cx.not_representable(
                    "schemeType",
                    format!("v1 has no `{scheme}` config shape, so it has no v1alpha1 form"),
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
    org: Option<&str>,
    claim: FlowsClaim,
    cx: &mut Cx,
) -> Option<v1alpha1::AuthSchemeConfig> {
    let (_, expected_description) = derived_id(&config);
    let (id, description) = (
        config.id().map(str::to_owned),
        description_of(&config).map(str::to_owned),
    );
    let (mut converted, _) = down_config(config, org, claim, cx)?;
    lose_identity(
        &mut converted,
        id.as_deref(),
        description.as_deref(),
        (expected_id, &expected_description),
        cx,
    );
    Some(converted)
}

/// Drops (or stashes) a config's `id` and `description`, which v1alpha1 has no place for,
/// unless up would derive them back unchanged (`expected`). An unknown config keeps them as
/// its own keys, and leaves out only the ones up derives.
pub(super) fn lose_identity(
    converted: &mut v1alpha1::AuthSchemeConfig,
    id: Option<&str>,
    description: Option<&str>,
    expected: (&str, &str),
    cx: &mut Cx,
) {
    if let v1alpha1::AuthSchemeConfig::Unknown(map) = converted {
        let preserving = cx.preserving();
        with_map_stash(map, cx, |extra, cx| {
            let restore = Restore::take(extra, OLD, cx);
            restore.finish(extra, cx, Shape::OPEN, Shape::OPEN);
        });
        for (field, expected) in [("id", expected.0), ("description", expected.1)] {
            match map.get(field) {
                // Up derives it back.
                Some(Value::String(value)) if value == expected => {
                    map.remove(field);
                }
                Some(_) => {}
                // Up would derive one; with `preserve` it is told not to.
                None if preserving => {
                    with_map_stash(map, cx, |extra, cx| {
                        cx.stash(extra, NEW, field, Value::Null);
                    });
                }
                None => {}
            }
        }
        return;
    }
    let Some(extra) = alpha_extra(converted) else {
        return;
    };
    if let Some(id) = id.filter(|id| *id != expected.0) {
        cx.lose(extra, NEW, "id", id.into(), "v1alpha1 configs have no id");
    }
    if let Some(description) = description.filter(|d| *d != expected.1) {
        cx.lose(
            extra,
            NEW,
            "description",
            description.into(),
            "v1alpha1 configs have no description",
        );
    }
}

/// Runs `f` on the `x-versori-preserved` of an unknown config (kept whole, so its stash is in
/// the object itself rather than in an `extra`).
fn with_map_stash<T>(
    map: &mut serde_json::Map<String, Value>,
    cx: &mut Cx,
    f: impl FnOnce(&mut Extra, &mut Cx) -> T,
) -> T {
    let mut extra = Extra::new();
    if let Some(stash) = map.remove(crate::cx::PRESERVED_KEY) {
        extra.insert(crate::cx::PRESERVED_KEY.to_owned(), stash);
    }
    let out = f(&mut extra, cx);
    if let Some(stash) = extra.remove(crate::cx::PRESERVED_KEY) {
        map.insert(crate::cx::PRESERVED_KEY.to_owned(), stash);
    }
    out
}

/// `base`'s sibling `n` places further down its list (`/authSchemeConfigs/2` and 1 give
/// `/authSchemeConfigs/3`); `base` itself when it is not in a list.
fn sibling(base: &Pointer, n: usize) -> Pointer {
    if n == 0 {
        return base.clone();
    }
    let mut parent = base.clone();
    match parent.pop().and_then(|last| last.parse::<usize>().ok()) {
        Some(index) => parent.join(index + n),
        None => base.clone(),
    }
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
        cx.stash(&mut extra, OLD, "flows", original_flows.clone());
    }
    if split && cx.preserving() {
        // How many configs down folds back into this one.
        cx.stash(&mut extra, OLD, "splitCount", flows.len().into());
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
    let scopes: Vec<v1::OAuth2Scope> = cx.at("scopes", |cx| {
        c.scopes
            .into_iter()
            .enumerate()
            .map(|(i, s)| cx.at(i, |cx| up_scope(s, cx)))
            .collect()
    });
    let default_scopes: Vec<String> = restore
        .get_unless("defaultScopes", Some(&Vec::new()))
        .unwrap_or_default();
    // The first config made takes what a stash gives back (down folds the others into it).
    let mut additional_authorize_params = restore.get("additionalAuthorizeParams");
    let mut additional_token_params = restore.get("additionalTokenParams");
    let mut mtls_enabled = restore.get("mtlsEnabled");
    let mut mtls_credential_id = restore.get("mtlsCredentialId");
    let (authorize_url, token_url) = (c.authorize_url.clone(), c.token_url.clone());
    let base = cx.out_pointer().clone();
    let mut out = Vec::new();
    for (n, flow) in flows.into_iter().enumerate() {
        let grant = cx.at_output_path(sibling(&base, n), |cx| match flow {
            "clientCredentials" => cx.at_source("flows", |cx| {
                cx.at_source("clientCredentials", |cx| {
                    cx.at_output("grant", |cx| {
                        let flow_extra = c
                            .flows
                            .client_credentials
                            .clone()
                            .map(|f| f.extra)
                            .unwrap_or_default();
                        Some(v1::Grant::ClientCredentials(v1::ClientCredentialsGrant {
                            extra: cx.carry(
                                flow_extra,
                                Shape::of::<v1alpha1::ClientCredentialsFlow>(),
                                Shape::tagged::<v1::ClientCredentialsGrant>("grantType"),
                                OLD,
                                NEW,
                            ),
                        }))
                    })
                })
            }),
            _ => {
                let code = c.flows.authorization_code.clone()?;
                Some(cx.at_source("flows", |cx| {
                    cx.at_source("authorizationCode", |cx| {
                        cx.at_output("grant", |cx| {
                            up_application_credential(code, org, &authorize_url, &token_url, cx)
                        })
                    })
                }))
            }
        });
        let Some(grant) = grant else {
            continue;
        };
        out.push(v1::AuthSchemeConfig::OAuth2(v1::OAuth2Config {
            id: id.clone().unwrap_or_default(),
            description: description.clone().unwrap_or_default(),
            authorize_url: c.authorize_url.clone(),
            token_url: c.token_url.clone(),
            scopes: scopes.clone(),
            default_scopes: default_scopes.clone(),
            additional_authorize_params: additional_authorize_params.take(),
            additional_token_params: additional_token_params.take(),
            mtls_enabled: mtls_enabled.take(),
            mtls_credential_id: mtls_credential_id.take(),
            grant,
            validation_messages: validation_messages.clone(),
            extra: std::mem::take(&mut extra),
        }));
    }
    out
}

fn up_scope(s: v1alpha1::OAuth2Scope, cx: &mut Cx) -> v1::OAuth2Scope {
    v1::OAuth2Scope {
        name: s.name,
        description: s.description,
        extra: cx.carry(
            s.extra,
            Shape::of::<v1alpha1::OAuth2Scope>(),
            Shape::of::<v1::OAuth2Scope>(),
            OLD,
            NEW,
        ),
    }
}

fn down_scope(s: v1::OAuth2Scope, cx: &mut Cx) -> v1alpha1::OAuth2Scope {
    v1alpha1::OAuth2Scope {
        name: s.name,
        description: s.description,
        extra: cx.carry(
            s.extra,
            Shape::of::<v1::OAuth2Scope>(),
            Shape::of::<v1alpha1::OAuth2Scope>(),
            NEW,
            OLD,
        ),
    }
}

fn down_oauth2(
    c: v1::OAuth2Config,
    org: Option<&str>,
    claim: FlowsClaim,
    cx: &mut Cx,
) -> Option<v1alpha1::OAuth2Config> {
    let mut extra = c.extra;
    let mut restore = Restore::take(&mut extra, OLD, cx);
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
    // Stashed flows stand for the grant only if they hold it as `claim` says; anything else
    // stays stashed (and is reported).
    let fitting = restore
        .peek("flows")
        .and_then(|v| <v1alpha1::OAuth2Flows as serde::Deserialize>::deserialize(v).ok())
        .filter(|flows| {
            let config = (&c.grant, c.authorize_url.as_str(), c.token_url.as_str());
            flows_fit(flows, config, org, claim, cx)
        });
    if fitting.is_some() {
        restore.value("flows");
    }
    let flows = match fitting {
        Some(flows) => flows,
        None => cx.at_as("grant", "flows", |cx| match c.grant {
            v1::Grant::ClientCredentials(g) => Some(v1alpha1::OAuth2Flows {
                client_credentials: Some(cx.at_output("clientCredentials", |cx| {
                    v1alpha1::ClientCredentialsFlow {
                        extra: cx.carry(
                            g.extra,
                            Shape::tagged::<v1::ClientCredentialsGrant>("grantType"),
                            Shape::of::<v1alpha1::ClientCredentialsFlow>(),
                            NEW,
                            OLD,
                        ),
                    }
                })),
                authorization_code: None,
                extra: Extra::new(),
            }),
            v1::Grant::AuthorizationCode(g) => Some(v1alpha1::OAuth2Flows {
                authorization_code: Some(cx.at_output("authorizationCode", |cx| {
                    down_application_credential(g, org, &c.authorize_url, &c.token_url, cx)
                })),
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
    let scopes = cx.at("scopes", |cx| {
        c.scopes
            .into_iter()
            .enumerate()
            .map(|(i, s)| cx.at(i, |cx| down_scope(s, cx)))
            .collect()
    });
    cx.settle(
        &mut extra,
        restore,
        Shape::tagged::<v1::OAuth2Config>("schemeType"),
        Shape::tagged::<v1alpha1::OAuth2Config>("schemeType"),
        NEW,
    );
    Some(v1alpha1::OAuth2Config {
        authorize_url: c.authorize_url,
        token_url: c.token_url,
        scopes,
        flows,
        extra,
    })
}

/// `flows.authorizationCode.applicationCredential` -> an authorization_code grant.
fn up_application_credential(
    flow: v1alpha1::AuthorizationCodeFlow,
    org: Option<&str>,
    authorize_url: &str,
    token_url: &str,
    cx: &mut Cx,
) -> v1::Grant {
    let credential = *flow.application_credential;
    let mut extra = flow.extra;
    let mut restore = Restore::take(&mut extra, NEW, cx);

    let (client_id, client_secret) = client_fields(&credential);
    cx.derived(
        "applicationCredential",
        "the application credential becomes the grant's credentialId, organisationId (the connector's), clientId and clientSecret",
    );
    // What down stashes where the grant differs from the credential: its value, `null` for
    // absent; anything but a string or `null` is not that, and stays stashed.
    let text_or_null = |v: &Value| v.is_string() || v.is_null();
    let mut stashed = |field: &str| {
        restore
            .value_if(field, text_or_null)
            .map(|v| v.as_str().map(str::to_owned))
    };
    let credential_id = stashed("credentialId").unwrap_or_else(|| Some(credential.id.clone()));
    let client_id = stashed("clientId").unwrap_or(client_id);
    let client_secret = stashed("clientSecret")
        .map(|s| s.map(versori_model::Secret::new))
        .unwrap_or(client_secret);
    let organisation_id = match restore.value_if("organisationId", text_or_null) {
        Some(Value::String(value)) => Some(value),
        Some(_) => None,
        None => Some(match org {
            Some(org) => org.to_owned(),
            None => given_organisation(
                cx,
                "applicationCredential",
                "a v1 grant takes the organisation of its credential (the connector's)",
            ),
        }),
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
    cx.settle(
        &mut extra,
        restore,
        Shape::of::<v1alpha1::AuthorizationCodeFlow>(),
        Shape::tagged::<v1::GrantCredentials>("grantType"),
        OLD,
    );
    v1::Grant::AuthorizationCode(v1::GrantCredentials { extra, ..grant })
}

/// An authorization_code grant -> the flow with an embedded application credential, restored
/// from a stash when there is one, else rebuilt from the grant.
fn down_application_credential(
    g: v1::GrantCredentials,
    org: Option<&str>,
    authorize_url: &str,
    token_url: &str,
    cx: &mut Cx,
) -> v1alpha1::AuthorizationCodeFlow {
    let mut extra = g.extra.clone();
    let mut restore = Restore::take(&mut extra, OLD, cx);
    let rebuilt = rebuilt_application_credential(&g, authorize_url, token_url);
    let credential = match restore.get_unless("applicationCredential", Some(&rebuilt)) {
        Some(credential) => credential,
        None => {
            cx.derived(
                "credentialId",
                "v1alpha1 embeds the application credential; rebuilt as an oauth2-client credential from the grant",
            );
            rebuilt
        }
    };
    // Up sets both from the embedded credential and the connection; anything else is a loss.
    let org = org.or(cx.organisation_id()).map(str::to_owned);
    if org.is_none() || g.organisation_id != org {
        let value = g.organisation_id.clone().map_or(Value::Null, Value::from);
        cx.lose(
            &mut extra,
            NEW,
            "organisationId",
            value,
            "v1alpha1 takes the grant's organisation from its connection",
        );
    }
    // Up takes these from the embedded credential; where the grant says otherwise, that is a
    // loss (kept as the grant had it, `null` for absent, with `preserve`).
    let (client_id, client_secret) = client_fields(&credential);
    for (field, have, derived) in [
        (
            "credentialId",
            g.credential_id.clone(),
            Some(credential.id.clone()),
        ),
        ("clientId", g.client_id.clone(), client_id),
        (
            "clientSecret",
            g.client_secret.as_ref().map(|s| s.expose().to_owned()),
            client_secret.map(|s| s.expose().to_owned()),
        ),
    ] {
        if have != derived {
            cx.lose(
                &mut extra,
                NEW,
                field,
                have.map_or(Value::Null, Value::from),
                "v1alpha1 embeds the application credential, whose own value up takes instead",
            );
        }
    }
    cx.settle(
        &mut extra,
        restore,
        Shape::tagged::<v1::GrantCredentials>("grantType"),
        Shape::of::<v1alpha1::AuthorizationCodeFlow>(),
        NEW,
    );
    v1alpha1::AuthorizationCodeFlow {
        application_credential: Box::new(credential),
        extra,
    }
}

/// The client id and secret up takes from an application credential.
fn client_fields(
    credential: &v1alpha1::Credential,
) -> (Option<String>, Option<versori_model::Secret>) {
    match &credential.data {
        v1alpha1::CredentialData::OAuth2Client(d) => {
            (Some(d.client_id.clone()), Some(d.client_secret.clone()))
        }
        v1alpha1::CredentialData::OAuth2Token(d) => {
            (Some(d.client_id.clone()), Some(d.client_secret.clone()))
        }
        _ => (None, None),
    }
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
        // Up makes no config of it (kept aside, or refused).
        v1alpha1::AuthSchemeConfig::GoogleServiceAccount(_) => return 0,
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
    if let v1::AuthSchemeConfig::Unknown(map) = config {
        // An unknown config keeps whatever `id` and `description` it has, of whatever type.
        if !restored.id {
            map.insert("id".into(), id.clone().into());
        }
        if !restored.description {
            map.insert("description".into(), description.clone().into());
        }
        if let Some(cx) = cx {
            cx.derived("", derived_text(restored, &id, &description));
        }
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
        cx.derived("", derived_text(restored, &id, &description));
    }
    set_id(config, id, description);
}

/// What [`fill_identity`] says it derived.
fn derived_text(restored: Restored, id: &str, description: &str) -> String {
    match (restored.id, restored.description) {
        (false, false) => {
            format!("v1 requires an `id` and `description`; derived `{id}` / \"{description}\"")
        }
        (true, _) => format!("v1 requires a `description`; derived \"{description}\""),
        (false, true) => format!("v1 requires an `id`; derived `{id}`"),
    }
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
