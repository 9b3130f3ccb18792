use serde_json::{Map, Value};
use versori_model::{Extra, Secret, Timestamp, v1, v2};

use super::{NEW, OLD};
use crate::cx::{Cx, Restore, Shape, to_value};

/// The stash name under which down keeps a key of v2 `data` that v1 has no place for (a member
/// other than the one `type` names, or an unknown key).
fn data_key(key: &str) -> String {
    format!("data/{key}")
}

pub(crate) fn up_credential(c: v1::Credential, cx: &mut Cx) -> v2::Credential {
    let mut extra = c.extra;
    let mut restore = Restore::take(&mut extra, NEW, cx);
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
    // What a preserving down step kept of v2 `data`: other members and unknown keys. Each goes
    // back only if the data still decodes with it (anything else stays stashed, reported).
    if let Some(data) = data.as_mut() {
        // Down wrote a `none` credential without the member as v1's `{}`.
        if data.none.as_ref().is_some_and(|n| n.extra.is_empty())
            && restore
                .value_if(&data_key("none"), Value::is_null)
                .is_some()
        {
            data.none = None;
        }
        let kept: Vec<(String, String)> = restore
            .keyed("data")
            .into_iter()
            .filter(|(key, _)| !data_has(data, key))
            .collect();
        for (key, stash_name) in kept {
            let Some(value) = restore.peek(&stash_name).cloned() else {
                continue;
            };
            let mut json = match to_value(&*data) {
                Value::Object(map) => map,
                _ => Map::new(),
            };
            json.insert(key, value);
            if let Ok(merged) =
                versori_model::de::from_value::<v2::CredentialData>(Value::Object(json))
            {
                *data = merged;
                restore.value(&stash_name);
            }
        }
    }
    // Down writes an absent v2 name as "": read it back as absent (or as stashed).
    let name = match restore.value_if("name", |v| v.as_str() == Some("")) {
        Some(_) if c.name.is_empty() => Some(String::new()),
        Some(marker) => {
            restore.put_back("name", marker);
            Some(c.name)
        }
        None => (!c.name.is_empty()).then_some(c.name),
    };
    let data = match restore.value_if("data", Value::is_null) {
        // Down wrote absent v2 data as a v1 `none` credential's `{}`.
        Some(_) if data.as_ref().is_some_and(is_empty_none) => None,
        Some(marker) => {
            restore.put_back("data", marker);
            data
        }
        None => data,
    };
    cx.settle(
        &mut extra,
        restore,
        Shape::of::<v1::Credential>(),
        Shape::of::<v2::Credential>(),
        OLD,
    );
    v2::Credential {
        id: c.id,
        organisation_id: c.organisation_id,
        credential_type,
        name,
        errors: c.errors,
        data,
        expires_at: c.expires_at,
        extra,
    }
}

/// Whether `data` holds a member or key named `key`.
fn data_has(data: &v2::CredentialData, key: &str) -> bool {
    data.members().contains(&key) || data.extra.contains_key(key)
}

/// `{"none": {}}` and nothing else.
fn is_empty_none(data: &v2::CredentialData) -> bool {
    data.members() == ["none"]
        && data.extra.is_empty()
        && data.none.as_ref().is_some_and(|n| n.extra.is_empty())
}

pub(crate) fn down_credential(c: v2::Credential, cx: &mut Cx) -> v1::Credential {
    let Some(kind) = c.credential_type.clone() else {
        cx.required(
            "type",
            "v1 requires a credential type, and this credential has none",
        );
        // Refused: the value is never used, and nothing of the input is taken apart for it.
        return v1::Credential::default();
    };
    let mut extra = c.extra;
    let mut restore = Restore::take(&mut extra, OLD, cx);
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
    let member = kind.member();
    let had_data = c.data.is_some();
    let data = match c.data {
        Some(data) => data,
        None => {
            if kind == v2::CredentialType::None {
                cx.derived("data", "v1 requires `data`; a `none` credential's is `{}`");
                if cx.preserving() {
                    cx.stash(&mut extra, NEW, "data", Value::Null);
                }
            }
            v2::CredentialData::default()
        }
    };
    if kind == v2::CredentialType::None && had_data && data.none.is_none() {
        // A `none` credential's v1 data is `{}` whether or not v2 had the member.
        cx.derived(
            "data",
            "the v2 data has no `none` member; v1's none data is `{}`",
        );
        if cx.preserving() {
            cx.stash(&mut extra, NEW, &data_key("none"), Value::Null);
        }
    }
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
            cx.lose_named(
                &mut extra,
                NEW,
                &data_key(&field),
                &field,
                value,
                "v1 data holds the one shape its `type` names",
            );
        }
    });
    let converted = cx.at("data", |cx| {
        // v1 `data` is the member `type` names.
        if let Some(member) = member {
            cx.map_here_to(member);
        }
        down_data(&kind, member, data, cx)
    });
    let usages = restore.get("usages");
    cx.settle(
        &mut extra,
        restore,
        Shape::of::<v2::Credential>(),
        Shape::of::<v1::Credential>(),
        NEW,
    );
    v1::Credential {
        id: c.id,
        organisation_id: c.organisation_id,
        credential_type: v1::CredentialType::from_wire(kind.as_str()),
        name,
        usages,
        errors: c.errors,
        data: converted.unwrap_or_default(),
        expires_at: c.expires_at,
        extra,
    }
}

/// [`Cx::carry`] of a v1 data object's unknown keys into its v2 member, at that member.
macro_rules! up_member {
    ($cx:expr, $member:literal, $extra:expr, $from:ty, $into:ty) => {
        $cx.at_output($member, |cx| {
            cx.carry($extra, Shape::of::<$from>(), Shape::of::<$into>(), OLD, NEW)
        })
    };
}

fn up_data(
    credential_type: &v1::CredentialType,
    data: v1::CredentialData,
    cx: &mut Cx,
) -> (Option<v2::CredentialType>, Option<v2::CredentialData>) {
    use v1::CredentialData as D;

    let mut keyed = no_members();
    let kind = match data {
        D::None(d) => {
            keyed.none = Some(v2::NoneData {
                extra: up_member!(cx, "none", d.extra, v1::NoneData, v2::NoneData),
            });
            v2::CredentialType::None
        }
        D::String(d) => {
            keyed.string = Some(v2::StringData {
                value: d.value,
                extra: up_member!(cx, "string", d.extra, v1::StringData, v2::StringData),
            });
            v2::CredentialType::String
        }
        D::Binary(d) => {
            keyed.binary = Some(v2::BinaryData {
                value_base64: d.value_base64,
                extra: up_member!(cx, "binary", d.extra, v1::BinaryData, v2::BinaryData),
            });
            v2::CredentialType::Binary
        }
        D::BasicAuth(d) => {
            keyed.basic_auth = Some(v2::UsernamePasswordData {
                username: d.username,
                password: d.password,
                extra: up_member!(
                    cx,
                    "basicAuth",
                    d.extra,
                    v1::UsernamePasswordData,
                    v2::UsernamePasswordData
                ),
            });
            v2::CredentialType::BasicAuth
        }
        D::OAuth2Password(d) => {
            keyed.oauth2_password = Some(v2::UsernamePasswordData {
                username: d.username,
                password: d.password,
                extra: up_member!(
                    cx,
                    "oauth2Password",
                    d.extra,
                    v1::UsernamePasswordData,
                    v2::UsernamePasswordData
                ),
            });
            v2::CredentialType::OAuth2Password
        }
        D::Certificate(d) => {
            keyed.certificate = Some(v2::CertificateData {
                certificate: d.certificate,
                key: d.key,
                ca: d.ca,
                extra: up_member!(
                    cx,
                    "certificate",
                    d.extra,
                    v1::CertificateData,
                    v2::CertificateData
                ),
            });
            v2::CredentialType::Certificate
        }
        D::OAuth2Code(d) => {
            let mut extra = d.extra;
            let mut inner = Restore::take(&mut extra, NEW, cx);
            let (redirect_url, additional_params) =
                (inner.get("redirectUrl"), inner.get("additionalParams"));
            cx.at_output("oauth2Code", |cx| {
                cx.settle(
                    &mut extra,
                    inner,
                    Shape::of::<v1::OAuth2CodeData>(),
                    Shape::of::<v2::OAuth2CodeData>(),
                    OLD,
                );
            });
            keyed.oauth2_code = Some(v2::OAuth2CodeData {
                code: d.code,
                state: d.state,
                redirect_url,
                additional_params,
                extra,
            });
            v2::CredentialType::OAuth2Code
        }
        D::OAuth2Client(d) => {
            let mut extra = d.extra;
            let inner = Restore::take(&mut extra, NEW, cx);
            if !d.authorize_url.is_empty() {
                cx.lose(
                    &mut extra,
                    OLD,
                    "authorizeUrl",
                    d.authorize_url.clone().into(),
                    "v2 oauth2-client data has no authorizeUrl",
                );
            }
            cx.at_output("oauth2Client", |cx| {
                cx.settle(
                    &mut extra,
                    inner,
                    Shape::of::<v1::OAuth2ClientData>(),
                    Shape::of::<v2::OAuth2ClientData>(),
                    OLD,
                );
            });
            keyed.oauth2_client = Some(v2::OAuth2ClientData {
                client_id: d.client_id,
                client_secret: d.client_secret,
                token_url: d.token_url,
                scopes: d.scopes,
                additional_params: d.additional_params,
                mtls_enabled: d.mtls_enabled,
                mtls_credential_id: d.mtls_credential_id,
                extra,
            });
            v2::CredentialType::OAuth2Client
        }
        D::OAuth2Token(d) => {
            let mut extra = d.extra;
            let mut inner = Restore::take(&mut extra, NEW, cx);
            let (token_type, expires_at) =
                (inner.get("tokenType"), inner.get::<Timestamp>("expiresAt"));
            let refresh_token = d.refresh_token.unwrap_or_else(|| {
                cx.placeholder(
                    "refreshToken",
                    "v2 requires a refresh token and this credential has none; written empty (the way back reads it as absent)",
                );
                Secret::new("")
            });
            cx.at_output("oauth2Token", |cx| {
                cx.settle(
                    &mut extra,
                    inner,
                    Shape::of::<v1::OAuth2TokenData>(),
                    Shape::of::<v2::OAuth2TokenData>(),
                    OLD,
                );
            });
            keyed.oauth2_token = Some(v2::OAuth2TokenData {
                scopes: d.scopes,
                access_token: d.access_token,
                refresh_token,
                token_type,
                expires_at,
                extra,
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

fn down_data(
    kind: &v2::CredentialType,
    member: Option<&str>,
    data: v2::CredentialData,
    cx: &mut Cx,
) -> Option<v1::CredentialData> {
    use v2::CredentialType as T;
    /// [`Cx::carry`] of a v2 member's unknown keys into the v1 data object, at the member.
    macro_rules! carry {
        ($cx:expr, $member:literal, $extra:expr, $from:ty, $into:ty) => {
            $cx.at_source($member, |cx| {
                cx.carry($extra, Shape::of::<$from>(), Shape::of::<$into>(), NEW, OLD)
            })
        };
    }
    let converted = match kind {
        T::None => {
            let d = data.none.unwrap_or_default();
            Some(v1::CredentialData::None(v1::NoneData {
                extra: carry!(cx, "none", d.extra, v2::NoneData, v1::NoneData),
            }))
        }
        T::String => data.string.map(|d| {
            v1::CredentialData::String(v1::StringData {
                value: d.value,
                extra: carry!(cx, "string", d.extra, v2::StringData, v1::StringData),
            })
        }),
        T::Binary => data.binary.map(|d| {
            v1::CredentialData::Binary(v1::BinaryData {
                value_base64: d.value_base64,
                extra: carry!(cx, "binary", d.extra, v2::BinaryData, v1::BinaryData),
            })
        }),
        T::BasicAuth => data.basic_auth.map(|d| {
            v1::CredentialData::BasicAuth(v1::UsernamePasswordData {
                username: d.username,
                password: d.password,
                extra: carry!(
                    cx,
                    "basicAuth",
                    d.extra,
                    v2::UsernamePasswordData,
                    v1::UsernamePasswordData
                ),
            })
        }),
        T::OAuth2Password => data.oauth2_password.map(|d| {
            v1::CredentialData::OAuth2Password(v1::UsernamePasswordData {
                username: d.username,
                password: d.password,
                extra: carry!(
                    cx,
                    "oauth2Password",
                    d.extra,
                    v2::UsernamePasswordData,
                    v1::UsernamePasswordData
                ),
            })
        }),
        T::Certificate => data.certificate.map(|d| {
            v1::CredentialData::Certificate(v1::CertificateData {
                certificate: d.certificate,
                key: d.key,
                ca: d.ca,
                extra: carry!(
                    cx,
                    "certificate",
                    d.extra,
                    v2::CertificateData,
                    v1::CertificateData
                ),
            })
        }),
        T::OAuth2Code => data.oauth2_code.map(|d| {
            cx.at_source("oauth2Code", |cx| {
                let mut extra = d.extra;
                let restore = Restore::take(&mut extra, OLD, cx);
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
                cx.settle(
                    &mut extra,
                    restore,
                    Shape::of::<v2::OAuth2CodeData>(),
                    Shape::of::<v1::OAuth2CodeData>(),
                    NEW,
                );
                v1::CredentialData::OAuth2Code(v1::OAuth2CodeData {
                    code: d.code,
                    state: d.state,
                    extra,
                })
            })
        }),
        T::OAuth2Client => data.oauth2_client.map(|d| {
            cx.at_source("oauth2Client", |cx| {
                let mut extra = d.extra;
                let mut inner = Restore::take(&mut extra, OLD, cx);
                let authorize_url = inner
                    .get_unless::<String>("authorizeUrl", Some(&String::new()))
                    .unwrap_or_default();
                cx.settle(
                    &mut extra,
                    inner,
                    Shape::of::<v2::OAuth2ClientData>(),
                    Shape::of::<v1::OAuth2ClientData>(),
                    NEW,
                );
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
            })
        }),
        T::OAuth2Token => data.oauth2_token.map(|d| {
            cx.at_source("oauth2Token", |cx| {
                let mut extra = d.extra;
                let restore = Restore::take(&mut extra, OLD, cx);
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
                cx.settle(
                    &mut extra,
                    restore,
                    Shape::of::<v2::OAuth2TokenData>(),
                    Shape::of::<v1::OAuth2TokenData>(),
                    NEW,
                );
                let refresh_token =
                    (!d.refresh_token.expose().is_empty()).then_some(d.refresh_token);
                v1::CredentialData::OAuth2Token(v1::OAuth2TokenData {
                    scopes: d.scopes,
                    access_token: d.access_token,
                    refresh_token,
                    extra,
                })
            })
        }),
        // `oauth1`, `oauth1Token` and types newer than this release.
        _ => {
            cx.not_representable("", format!("v1 has no `{kind}` credentials"));
            return None;
        }
    };
    if converted.is_none() {
        cx.not_representable(
            "",
            format!(
                "`type` is `{kind}` but `data` has no `{}` member",
                member.unwrap_or("?")
            ),
        );
    }
    converted
}

fn no_members() -> v2::CredentialData {
    v2::CredentialData {
        binary: None,
        none: None,
        string: None,
        basic_auth: None,
        oauth2_client: None,
        oauth2_token: None,
        oauth2_code: None,
        oauth2_password: None,
        certificate: None,
        oauth1: None,
        oauth1_token: None,
        extra: Extra::new(),
    }
}
