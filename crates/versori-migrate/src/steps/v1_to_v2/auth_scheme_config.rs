use serde::de::DeserializeOwned;
use serde_json::Value;
use versori_model::{Extra, v1, v2};

use super::{NEW, OLD};
use crate::cx::{Cx, Restore, Shape, to_value};

/// The stash name under which down keeps a key of a v2 wrapper (`AuthSchemeConfig`, `Grant`)
/// that v1 has no place for: a member other than the one `type` names, or an unknown key.
fn wrapper_key(key: &str) -> String {
    format!("wrapper/{key}")
}

const SCHEME_TAG: &str = "schemeType";
const GRANT_TAG: &str = "grantType";

pub(crate) fn up_config(config: v1::AuthSchemeConfig, cx: &mut Cx) -> Option<v2::AuthSchemeConfig> {
    use v1::AuthSchemeConfig as C;
    use v2::AuthSchemeType as T;
    // What a preserving down step stashed in the member: the member's own v2-only fields are
    // taken by name below; wrapper-level ones (other members, unknown keys) go back to the
    // wrapper.
    cx.renamed(SCHEME_TAG, "type");
    let (mut wrapper, restore) = match config {
        C::None(mut c) => {
            let restore = Restore::take(&mut c.extra, NEW, cx);
            let member = cx.at_output("none", |cx| {
                base(cx, c.id, c.description, c.validation_messages, c.extra)
            });
            (
                v2::AuthSchemeConfig {
                    none: Some(member),
                    ..no_members(T::None)
                },
                Pending::member(
                    restore,
                    from::<v1::NoneConfig>(),
                    Shape::of::<v2::ConfigBase>(),
                    "none",
                ),
            )
        }
        C::BasicAuth(mut c) => {
            let restore = Restore::take(&mut c.extra, NEW, cx);
            let member = cx.at_output("basicAuth", |cx| {
                base(cx, c.id, c.description, c.validation_messages, c.extra)
            });
            (
                v2::AuthSchemeConfig {
                    basic_auth: Some(member),
                    ..no_members(T::BasicAuth)
                },
                Pending::member(
                    restore,
                    from::<v1::BasicAuthConfig>(),
                    Shape::of::<v2::ConfigBase>(),
                    "basicAuth",
                ),
            )
        }
        C::Certificate(mut c) => {
            let restore = Restore::take(&mut c.extra, NEW, cx);
            let member = cx.at_output("certificate", |cx| {
                base(cx, c.id, c.description, c.validation_messages, c.extra)
            });
            (
                v2::AuthSchemeConfig {
                    certificate: Some(member),
                    ..no_members(T::Certificate)
                },
                Pending::member(
                    restore,
                    from::<v1::CertificateConfig>(),
                    Shape::of::<v2::ConfigBase>(),
                    "certificate",
                ),
            )
        }
        C::ApiKey(mut c) => {
            let restore = Restore::take(&mut c.extra, NEW, cx);
            let mut extra = c.extra;
            cx.at_output("apiKey", |cx| {
                cx.fit(&mut extra, Shape::of::<v2::ApiKeyConfig>(), OLD);
            });
            let member = v2::ApiKeyConfig {
                id: c.id,
                description: c.description,
                name: c.name,
                location: v2::ParameterLocation::from_wire(c.location.as_str()),
                validation_messages: c.validation_messages,
                extra,
            };
            (
                v2::AuthSchemeConfig {
                    api_key: Some(member),
                    ..no_members(T::ApiKey)
                },
                Pending::member(
                    restore,
                    from::<v1::ApiKeyConfig>(),
                    Shape::of::<v2::ApiKeyConfig>(),
                    "apiKey",
                ),
            )
        }
        C::Hmac(mut c) => {
            let mut restore = Restore::take(&mut c.extra, NEW, cx);
            let encoding = restore.get("encoding");
            let mut extra = c.extra;
            cx.at_output("hmac", |cx| {
                cx.fit(&mut extra, Shape::of::<v2::HmacConfig>(), OLD);
            });
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
                encoding,
                validation_messages: c.validation_messages,
                extra,
            };
            (
                v2::AuthSchemeConfig {
                    hmac: Some(member),
                    ..no_members(T::Hmac)
                },
                Pending::member(
                    restore,
                    from::<v1::HmacConfig>(),
                    Shape::of::<v2::HmacConfig>(),
                    "hmac",
                ),
            )
        }
        C::OAuth2(mut c) => {
            let mut restore = Restore::take(&mut c.extra, NEW, cx);
            let pkce = restore.get("pkce");
            let authorize_url = match restore.value_if("authorizeUrl", Value::is_null) {
                Some(_) => None,
                None => Some(c.authorize_url),
            };
            let (grant, scopes, extra) = cx.at_output("oauth2", |cx| {
                let grant = cx.at("grant", |cx| up_grant(c.grant, cx));
                let scopes: Vec<v2::OAuth2Scope> = cx.at("scopes", |cx| {
                    c.scopes
                        .into_iter()
                        .enumerate()
                        .map(|(i, s)| {
                            cx.at(i, |cx| v2::OAuth2Scope {
                                name: s.name,
                                description: s.description,
                                extra: cx.carry(
                                    s.extra,
                                    Shape::of::<v1::OAuth2Scope>(),
                                    Shape::of::<v2::OAuth2Scope>(),
                                    OLD,
                                    NEW,
                                ),
                            })
                        })
                        .collect()
                });
                let mut extra = c.extra;
                cx.fit(&mut extra, Shape::of::<v2::OAuth2Config>(), OLD);
                (grant, scopes, extra)
            });
            let grant = grant?;
            let member = v2::OAuth2Config {
                id: c.id,
                description: c.description,
                authorize_url,
                token_url: c.token_url,
                scopes,
                default_scopes: c.default_scopes,
                additional_authorize_params: c.additional_authorize_params,
                additional_token_params: c.additional_token_params,
                mtls_enabled: c.mtls_enabled,
                mtls_credential_id: c.mtls_credential_id,
                pkce,
                grant,
                validation_messages: c.validation_messages,
                extra,
            };
            (
                v2::AuthSchemeConfig {
                    oauth2: Some(member),
                    ..no_members(T::OAuth2)
                },
                Pending::member(
                    restore,
                    from::<v1::OAuth2Config>(),
                    Shape::of::<v2::OAuth2Config>(),
                    "oauth2",
                ),
            )
        }
        C::Unknown(map) => {
            // A type with no v1 shape (jwt-bearer, custom-function, google-service-account) or
            // one v1 does not know: v2's jwt-bearer has no member either, and v1 would not take
            // it back, so none has a v2 form that migrates back.
            let scheme = map
                .get(SCHEME_TAG)
                .and_then(Value::as_str)
                .unwrap_or_default();
            cx.not_representable(
                SCHEME_TAG,
                format!("`{scheme}` has no v1 config shape, so it has no v2 form to migrate"),
            );
            return None;
        }
    };
    back_to_wrapper(&mut wrapper, restore, cx);
    Some(wrapper)
}

/// `Shape` of a v1 config variant.
const fn from<T: versori_model::Fields>() -> Shape {
    Shape::tagged::<T>(SCHEME_TAG)
}

/// What is left of a config's stash once its member is built: wrapper-level entries go back to
/// the wrapper, the rest is settled in the member's `extra` (`from` the v1 variant, `into` the
/// member).
struct Pending {
    restore: Restore,
    from: Shape,
    into: Shape,
    member: &'static str,
}

impl Pending {
    fn member(restore: Restore, from: Shape, into: Shape, member: &'static str) -> Self {
        Self {
            restore,
            from,
            into,
            member,
        }
    }
}

/// A placeholder member (`none`, `basicAuth`, `certificate`), made at its output position.
fn base(
    cx: &mut Cx,
    id: String,
    description: String,
    messages: Option<Vec<versori_model::Message>>,
    mut extra: Extra,
) -> v2::ConfigBase {
    cx.fit(&mut extra, Shape::of::<v2::ConfigBase>(), OLD);
    v2::ConfigBase {
        id,
        description,
        validation_messages: messages,
        extra,
    }
}

/// The `extra` of `wrapper`'s member `name`.
fn member_extra<'a>(wrapper: &'a mut v2::AuthSchemeConfig, name: &str) -> Option<&'a mut Extra> {
    Some(match name {
        "none" => &mut wrapper.none.as_mut()?.extra,
        "basicAuth" => &mut wrapper.basic_auth.as_mut()?.extra,
        "certificate" => &mut wrapper.certificate.as_mut()?.extra,
        "apiKey" => &mut wrapper.api_key.as_mut()?.extra,
        "hmac" => &mut wrapper.hmac.as_mut()?.extra,
        "oauth2" => &mut wrapper.oauth2.as_mut()?.extra,
        _ => return None,
    })
}

/// Puts what a preserving down step stashed at the wrapper level back where it was (members
/// other than the one `type` names, and unknown keys, each only if it decodes as what it claims
/// and the wrapper does not already have it), then settles the rest of the stash in the member.
fn back_to_wrapper(wrapper: &mut v2::AuthSchemeConfig, pending: Pending, cx: &mut Cx) {
    /// Decodes `value` into `member` if it is unset; whether it went in.
    fn fill<T: DeserializeOwned>(member: &mut Option<T>, value: &Value) -> bool {
        if member.is_some() {
            return false;
        }
        *member = T::deserialize(value).ok();
        member.is_some()
    }
    let Pending {
        mut restore,
        from,
        into,
        member,
    } = pending;
    for (key, name) in restore.keyed("wrapper") {
        let Some(value) = restore.peek(&name).cloned() else {
            continue;
        };
        let kept = match key.as_str() {
            "none" => fill(&mut wrapper.none, &value),
            "apiKey" => fill(&mut wrapper.api_key, &value),
            "basicAuth" => fill(&mut wrapper.basic_auth, &value),
            "oauth2" => fill(&mut wrapper.oauth2, &value),
            "oauth1" => fill(&mut wrapper.oauth1, &value),
            "hmac" => fill(&mut wrapper.hmac, &value),
            "certificate" => fill(&mut wrapper.certificate, &value),
            // An unknown key of the wrapper: never one of its fields, never written twice.
            other
                if !Shape::of::<v2::AuthSchemeConfig>().knows(other)
                    && !wrapper.extra.contains_key(other) =>
            {
                wrapper.extra.insert(key.clone(), value);
                true
            }
            _ => false,
        };
        if kept {
            restore.value(&name);
        }
    }
    match member_extra(wrapper, member) {
        Some(extra) => cx.at_output(member, |cx| restore.finish(extra, cx, from, into)),
        // Every config up makes has its member.
        None => restore.finish(&mut wrapper.extra, cx, Shape::OPEN, Shape::OPEN),
    }
}

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
    // The v1 config is the member `type` names; its tag is the wrapper's `type`.
    if let Some(member) = named {
        cx.map_here_to(member);
    }
    cx.renamed("type", SCHEME_TAG);
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
            cx.lose_named(
                extra,
                NEW,
                &wrapper_key(field),
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
    /// The unknown keys of a v2 member made fit for the v1 variant it becomes, and the v1
    /// stash taken from them (settled once the variant's own losses are in).
    fn taken(cx: &mut Cx, member: &str, mut extra: Extra, into: Shape) -> (Extra, Restore) {
        cx.at_source(member, |cx| {
            let restore = Restore::take(&mut extra, OLD, cx);
            cx.fit(&mut extra, into, NEW);
            (extra, restore)
        })
    }
    let config = match &scheme_type {
        T::None | T::BasicAuth | T::Certificate => {
            let (member, name) = match scheme_type {
                T::None => (none, "none"),
                T::BasicAuth => (basic_auth, "basicAuth"),
                _ => (certificate, "certificate"),
            };
            let Some(c) = member else {
                missing(cx);
                return None;
            };
            let into = match scheme_type {
                T::None => Shape::tagged::<v1::NoneConfig>(SCHEME_TAG),
                T::BasicAuth => Shape::tagged::<v1::BasicAuthConfig>(SCHEME_TAG),
                _ => Shape::tagged::<v1::CertificateConfig>(SCHEME_TAG),
            };
            let from = Shape::of::<v2::ConfigBase>();
            let mut extra = settle_member(cx, name, c.extra, from, into);
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
            let mut extra = settle_member(
                cx,
                "apiKey",
                c.extra,
                Shape::of::<v2::ApiKeyConfig>(),
                Shape::tagged::<v1::ApiKeyConfig>(SCHEME_TAG),
            );
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
            let (mut extra, restore) = taken(
                cx,
                "hmac",
                c.extra,
                Shape::tagged::<v1::HmacConfig>(SCHEME_TAG),
            );
            if let Some(encoding) = &c.encoding {
                cx.at_source("hmac", |cx| {
                    cx.lose_typed(
                        &mut extra,
                        NEW,
                        "encoding",
                        encoding,
                        "v1 hmac configs have no encoding",
                    )
                });
            }
            cx.at_source("hmac", |cx| {
                restore.finish(
                    &mut extra,
                    cx,
                    Shape::of::<v2::HmacConfig>(),
                    Shape::tagged::<v1::HmacConfig>(SCHEME_TAG),
                )
            });
            lose_wrapper_level(&mut extra, cx);
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
            let (mut extra, restore) = taken(
                cx,
                "oauth2",
                c.extra,
                Shape::tagged::<v1::OAuth2Config>(SCHEME_TAG),
            );
            let (grant, scopes) = cx.at_source("oauth2", |cx| {
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
                let grant = cx.at("grant", |cx| down_grant(c.grant, cx));
                let scopes: Vec<v1::OAuth2Scope> = cx.at("scopes", |cx| {
                    c.scopes
                        .into_iter()
                        .enumerate()
                        .map(|(i, s)| {
                            cx.at(i, |cx| v1::OAuth2Scope {
                                name: s.name,
                                description: s.description,
                                extra: cx.carry(
                                    s.extra,
                                    Shape::of::<v2::OAuth2Scope>(),
                                    Shape::of::<v1::OAuth2Scope>(),
                                    NEW,
                                    OLD,
                                ),
                            })
                        })
                        .collect()
                });
                restore.finish(
                    &mut extra,
                    cx,
                    Shape::of::<v2::OAuth2Config>(),
                    Shape::tagged::<v1::OAuth2Config>(SCHEME_TAG),
                );
                (grant, scopes)
            });
            lose_wrapper_level(&mut extra, cx);
            v1::AuthSchemeConfig::OAuth2(v1::OAuth2Config {
                id: c.id,
                description: c.description,
                authorize_url: c.authorize_url.unwrap_or_default(),
                token_url: c.token_url,
                scopes,
                default_scopes: c.default_scopes,
                additional_authorize_params: c.additional_authorize_params,
                additional_token_params: c.additional_token_params,
                mtls_enabled: c.mtls_enabled,
                mtls_credential_id: c.mtls_credential_id,
                grant: grant?,
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

/// [`Cx::carry`] of a v2 member's unknown keys (at the member, in the source) into the v1
/// config it becomes.
fn settle_member(cx: &mut Cx, member: &str, extra: Extra, from: Shape, into: Shape) -> Extra {
    cx.at_source(member, |cx| cx.carry(extra, from, into, NEW, OLD))
}

fn up_grant(grant: v1::Grant, cx: &mut Cx) -> Option<v2::Grant> {
    cx.renamed(GRANT_TAG, "type");
    let credentials = |g: v1::GrantCredentials, member: &str, cx: &mut Cx| {
        let mut extra = g.extra;
        let restore = Restore::take(&mut extra, NEW, cx);
        (
            cx.at_output(member, |cx| {
                cx.fit(&mut extra, Shape::of::<v2::GrantCredentials>(), OLD);
                v2::GrantCredentials {
                    credential_id: g.credential_id,
                    organisation_id: g.organisation_id,
                    client_id: g.client_id,
                    client_secret: g.client_secret,
                    extra,
                }
            }),
            restore,
        )
    };
    let from_credentials = Shape::tagged::<v1::GrantCredentials>(GRANT_TAG);
    let mut wrapper = v2::Grant {
        grant_type: v2::GrantType::ClientCredentials,
        authorization_code: None,
        client_credentials: None,
        password: None,
        extra: Extra::new(),
    };
    let (restore, from, member) = match grant {
        v1::Grant::AuthorizationCode(g) => {
            let (member, restore) = credentials(g, "authorizationCode", cx);
            wrapper.grant_type = v2::GrantType::AuthorizationCode;
            wrapper.authorization_code = Some(member);
            (restore, from_credentials, "authorizationCode")
        }
        v1::Grant::Password(g) => {
            let (member, restore) = credentials(g, "password", cx);
            wrapper.grant_type = v2::GrantType::Password;
            wrapper.password = Some(member);
            (restore, from_credentials, "password")
        }
        v1::Grant::ClientCredentials(g) => {
            let mut extra = g.extra;
            let restore = Restore::take(&mut extra, NEW, cx);
            cx.at_output("clientCredentials", |cx| {
                cx.fit(&mut extra, Shape::of::<v2::ClientCredentialsGrant>(), OLD);
            });
            wrapper.client_credentials = Some(v2::ClientCredentialsGrant { extra });
            (
                restore,
                Shape::tagged::<v1::ClientCredentialsGrant>(GRANT_TAG),
                "clientCredentials",
            )
        }
        v1::Grant::Unknown(map) => {
            let tag = map
                .get(GRANT_TAG)
                .and_then(Value::as_str)
                .unwrap_or_default();
            cx.not_representable(GRANT_TAG, format!("v2 has no `{tag}` grant"));
            return None;
        }
    };
    grant_back_to_wrapper(&mut wrapper, restore, from, member, cx);
    Some(wrapper)
}

/// [`back_to_wrapper`] for a grant: members other than the one `type` names and unknown keys
/// that a preserving down step stashed, back in the grant wrapper.
fn grant_back_to_wrapper(
    wrapper: &mut v2::Grant,
    mut restore: Restore,
    from: Shape,
    member: &str,
    cx: &mut Cx,
) {
    fn fill<T: DeserializeOwned>(slot: &mut Option<T>, value: &Value) -> bool {
        if slot.is_some() {
            return false;
        }
        *slot = T::deserialize(value).ok();
        slot.is_some()
    }
    for (key, name) in restore.keyed("wrapper") {
        let Some(value) = restore.peek(&name).cloned() else {
            continue;
        };
        let kept = match key.as_str() {
            "authorizationCode" => fill(&mut wrapper.authorization_code, &value),
            "clientCredentials" => fill(&mut wrapper.client_credentials, &value),
            "password" => fill(&mut wrapper.password, &value),
            other
                if !Shape::of::<v2::Grant>().knows(other) && !wrapper.extra.contains_key(other) =>
            {
                wrapper.extra.insert(key.clone(), value);
                true
            }
            _ => false,
        };
        if kept {
            restore.value(&name);
        }
    }
    let (into, extra) = match member {
        "authorizationCode" => (
            Shape::of::<v2::GrantCredentials>(),
            wrapper.authorization_code.as_mut().map(|m| &mut m.extra),
        ),
        "password" => (
            Shape::of::<v2::GrantCredentials>(),
            wrapper.password.as_mut().map(|m| &mut m.extra),
        ),
        _ => (
            Shape::of::<v2::ClientCredentialsGrant>(),
            wrapper.client_credentials.as_mut().map(|m| &mut m.extra),
        ),
    };
    if let Some(extra) = extra {
        cx.at_output(member, |cx| restore.finish(extra, cx, from, into));
    }
}

fn down_grant(grant: v2::Grant, cx: &mut Cx) -> Option<v1::Grant> {
    let v2::Grant {
        grant_type,
        authorization_code,
        client_credentials,
        password,
        extra,
    } = grant;
    let named = match &grant_type {
        v2::GrantType::Unknown(other) => {
            cx.not_representable("type", format!("v1 has no `{other}` grant"));
            return None;
        }
        known => known.member().unwrap_or_default(),
    };
    // The v1 grant is the member `type` names; its tag is the wrapper's `type`.
    cx.map_here_to(named);
    cx.renamed("type", GRANT_TAG);
    // Members other than the one `type` names, and unknown keys: v1 holds one grant, so they
    // wait under the reserved key of the grant v1 keeps (or are dropped and reported).
    let mut wrapper_level: Vec<(String, Value)> = [
        (
            "authorizationCode",
            authorization_code.as_ref().map(to_value),
        ),
        (
            "clientCredentials",
            client_credentials.as_ref().map(to_value),
        ),
        ("password", password.as_ref().map(to_value)),
    ]
    .into_iter()
    .filter(|(name, _)| *name != named)
    .filter_map(|(name, value)| Some((name.to_owned(), value?)))
    .collect();
    wrapper_level.extend(extra);
    let credentials = |g: v2::GrantCredentials, member: &str, cx: &mut Cx| {
        let extra = cx.at_source(member, |cx| {
            cx.carry(
                g.extra,
                Shape::of::<v2::GrantCredentials>(),
                Shape::tagged::<v1::GrantCredentials>(GRANT_TAG),
                NEW,
                OLD,
            )
        });
        v1::GrantCredentials {
            credential_id: g.credential_id,
            organisation_id: g.organisation_id,
            client_id: g.client_id,
            client_secret: g.client_secret,
            extra,
        }
    };
    let mut converted = match &grant_type {
        v2::GrantType::AuthorizationCode => authorization_code
            .map(|g| v1::Grant::AuthorizationCode(credentials(g, "authorizationCode", cx))),
        v2::GrantType::Password => {
            password.map(|g| v1::Grant::Password(credentials(g, "password", cx)))
        }
        v2::GrantType::ClientCredentials => client_credentials.map(|g| {
            let extra = cx.at_source("clientCredentials", |cx| {
                cx.carry(
                    g.extra,
                    Shape::of::<v2::ClientCredentialsGrant>(),
                    Shape::tagged::<v1::ClientCredentialsGrant>(GRANT_TAG),
                    NEW,
                    OLD,
                )
            });
            v1::Grant::ClientCredentials(v1::ClientCredentialsGrant { extra })
        }),
        // An undocumented grant type (reported above).
        _ => None,
    };
    let Some(grant) = converted.as_mut() else {
        cx.not_representable(
            "type",
            format!("`type` is `{grant_type}` but its member `{named}` is not set"),
        );
        return None;
    };
    let extra = match grant {
        v1::Grant::AuthorizationCode(g) | v1::Grant::Password(g) => &mut g.extra,
        v1::Grant::ClientCredentials(g) => &mut g.extra,
        v1::Grant::Unknown(_) => return converted,
    };
    for (field, value) in wrapper_level {
        cx.lose_named(
            extra,
            NEW,
            &wrapper_key(&field),
            &field,
            value,
            "a v1 grant holds one grant's settings, not a wrapper with other members or keys",
        );
    }
    converted
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
