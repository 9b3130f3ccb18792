use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use versori_model::{Extra, v1, v2};

use super::{NEW, OLD};
use crate::cx::{Cx, Restore, to_value};

/// v1 `auth-scheme-config` -> v2 wrapper; `None` when it has no v2 form (reported).
pub(crate) fn up_config(config: v1::AuthSchemeConfig, cx: &mut Cx) -> Option<v2::AuthSchemeConfig> {
    use v1::AuthSchemeConfig as C;
    use v2::AuthSchemeType as T;
    // What a preserving down step stashed in the member: the member's own v2-only fields are
    // taken by name below; the rest belongs at the wrapper level (other members, unknown keys).
    let stashed = |extra: &mut Extra| Restore::take(extra, NEW);
    let (mut wrapper, mut restore) = match config {
        C::None(mut c) => {
            let restore = stashed(&mut c.extra);
            let member = base(c.id, c.description, c.validation_messages, c.extra);
            let wrapper = v2::AuthSchemeConfig {
                none: Some(member),
                ..no_members(T::None)
            };
            (wrapper, restore)
        }
        C::BasicAuth(mut c) => {
            let restore = stashed(&mut c.extra);
            let member = base(c.id, c.description, c.validation_messages, c.extra);
            let wrapper = v2::AuthSchemeConfig {
                basic_auth: Some(member),
                ..no_members(T::BasicAuth)
            };
            (wrapper, restore)
        }
        C::Certificate(mut c) => {
            let restore = stashed(&mut c.extra);
            let member = base(c.id, c.description, c.validation_messages, c.extra);
            let wrapper = v2::AuthSchemeConfig {
                certificate: Some(member),
                ..no_members(T::Certificate)
            };
            (wrapper, restore)
        }
        C::ApiKey(mut c) => {
            let restore = stashed(&mut c.extra);
            let member = v2::ApiKeyConfig {
                id: c.id,
                description: c.description,
                name: c.name,
                location: v2::ParameterLocation::from_wire(c.location.as_str()),
                validation_messages: c.validation_messages,
                extra: c.extra,
            };
            let wrapper = v2::AuthSchemeConfig {
                api_key: Some(member),
                ..no_members(T::ApiKey)
            };
            (wrapper, restore)
        }
        C::Hmac(mut c) => {
            let mut restore = stashed(&mut c.extra);
            let member = v2::HmacConfig {
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
            };
            let wrapper = v2::AuthSchemeConfig {
                hmac: Some(member),
                ..no_members(T::Hmac)
            };
            (wrapper, restore)
        }
        C::OAuth2(mut c) => {
            let mut restore = stashed(&mut c.extra);
            let pkce = restore.get("pkce");
            let authorize_url = match restore.value("authorizeUrl") {
                Some(Value::Null) => None,
                _ => Some(c.authorize_url),
            };
            let grant = cx.at("grant", |cx| up_grant(c.grant, cx))?;
            let member = v2::OAuth2Config {
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
            };
            let wrapper = v2::AuthSchemeConfig {
                oauth2: Some(member),
                ..no_members(T::OAuth2)
            };
            (wrapper, restore)
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
            let mut wrapper = v2::AuthSchemeConfig {
                extra,
                ..no_members(T::JwtBearer)
            };
            let rest = restore.drain();
            back_to_wrapper(&mut wrapper, rest);
            return Some(wrapper);
        }
    };
    let rest = restore.drain();
    back_to_wrapper(&mut wrapper, rest);
    Some(wrapper)
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

fn up_grant(grant: v1::Grant, cx: &mut Cx) -> Option<v2::Grant> {
    let credentials = |g: v1::GrantCredentials| v2::GrantCredentials {
        credential_id: g.credential_id,
        organisation_id: g.organisation_id,
        client_id: g.client_id,
        client_secret: g.client_secret,
        extra: g.extra,
    };
    let (grant_type, authorization_code, client_credentials, password) = match grant {
        v1::Grant::AuthorizationCode(g) => (
            v2::GrantType::AuthorizationCode,
            Some(credentials(g)),
            None,
            None,
        ),
        v1::Grant::Password(g) => (v2::GrantType::Password, None, None, Some(credentials(g))),
        v1::Grant::ClientCredentials(g) => (
            v2::GrantType::ClientCredentials,
            None,
            Some(v2::ClientCredentialsGrant { extra: g.extra }),
            None,
        ),
        v1::Grant::Unknown(map) => {
            let tag = map
                .get("grantType")
                .and_then(Value::as_str)
                .unwrap_or_default();
            cx.not_representable("grantType", format!("v2 has no `{tag}` grant"));
            return None;
        }
    };
    Some(v2::Grant {
        grant_type,
        authorization_code,
        client_credentials,
        password,
        extra: Extra::new(),
    })
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
    let named = match &grant_type {
        v2::GrantType::Unknown(other) => {
            cx.not_representable("type", format!("v1 has no `{other}` grant"));
            return None;
        }
        known => known.member().unwrap_or_default(),
    };
    // Members other than the one `type` names: v1 holds one grant.
    for (member, is_set) in [
        ("authorizationCode", authorization_code.is_some()),
        ("clientCredentials", client_credentials.is_some()),
        ("password", password.is_some()),
    ] {
        if is_set && member != named {
            cx.not_representable(
                member,
                "the grant's `type` names another member; v1 holds one grant",
            );
        }
    }
    let converted = match &grant_type {
        v2::GrantType::AuthorizationCode => {
            authorization_code.map(|g| v1::Grant::AuthorizationCode(credentials(g)))
        }
        v2::GrantType::Password => password.map(|g| v1::Grant::Password(credentials(g))),
        v2::GrantType::ClientCredentials => client_credentials
            .map(|g| v1::Grant::ClientCredentials(v1::ClientCredentialsGrant { extra: g.extra })),
        // An undocumented grant type (reported below).
        _ => None,
    };
    if converted.is_none() {
        cx.not_representable(
            "type",
            format!("`type` is `{grant_type}` but its member `{named}` is not set"),
        );
    }
    converted
}

/// Puts wrapper-level fields a preserving down step stashed back where they were: members
/// other than the one `type` names, and unknown keys.
fn back_to_wrapper(wrapper: &mut v2::AuthSchemeConfig, rest: Map<String, Value>) {
    /// Decodes `value` into `member` if it is unset; whether it went in.
    fn fill<T: DeserializeOwned>(member: &mut Option<T>, value: &Value) -> bool {
        if member.is_some() {
            return false;
        }
        *member = serde_json::from_value(value.clone()).ok();
        member.is_some()
    }
    for (field, value) in rest {
        let kept = match field.as_str() {
            "none" => fill(&mut wrapper.none, &value),
            "apiKey" => fill(&mut wrapper.api_key, &value),
            "basicAuth" => fill(&mut wrapper.basic_auth, &value),
            "oauth2" => fill(&mut wrapper.oauth2, &value),
            "oauth1" => fill(&mut wrapper.oauth1, &value),
            "hmac" => fill(&mut wrapper.hmac, &value),
            "certificate" => fill(&mut wrapper.certificate, &value),
            _ => false,
        };
        if !kept {
            wrapper.extra.insert(field, value);
        }
    }
}

/// A wrapper with no member set yet. Every field is listed, so that a member added to the
/// model stops the build here instead of being left out unnoticed.
fn no_members(scheme_type: v2::AuthSchemeType) -> v2::AuthSchemeConfig {
    v2::AuthSchemeConfig {
        scheme_type,
        none: None,
        api_key: None,
        basic_auth: None,
        oauth2: None,
        oauth1: None,
        hmac: None,
        certificate: None,
        extra: Extra::new(),
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
