use serde_json::{Map, Value};
use versori_model::{Extra, Secret, Timestamp, v1, v2};

use super::{NEW, OLD};
use crate::cx::{Cx, Restore, to_value};

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

/// v2 `credential` -> v1 `credential`.
pub(crate) fn down_credential(c: v2::Credential, cx: &mut Cx) -> v1::Credential {
    let mut extra = c.extra;
    let mut restore = Restore::take(&mut extra, OLD);
    let Some(kind) = c.credential_type else {
        cx.not_representable("type", "v1 requires a credential type");
        return v1::Credential {
            id: c.id,
            organisation_id: c.organisation_id,
            credential_type: Default::default(),
            name: String::new(),
            usages: None,
            errors: None,
            data: Default::default(),
            expires_at: None,
            extra,
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
    let data = c.data.unwrap_or_default();
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
    let converted = cx.at("data", |cx| down_data(&kind, member, data, cx));
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

fn up_data(
    credential_type: &v1::CredentialType,
    data: v1::CredentialData,
    cx: &mut Cx,
) -> (Option<v2::CredentialType>, Option<v2::CredentialData>) {
    use v1::CredentialData as D;

    let mut keyed = no_members();
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

/// v2 keyed `data` -> the v1 data its `type` names (`member`); `None` when it has none
/// (reported).
fn down_data(
    kind: &v2::CredentialType,
    member: Option<&str>,
    data: v2::CredentialData,
    cx: &mut Cx,
) -> Option<v1::CredentialData> {
    use v2::CredentialType as T;
    let converted = match kind {
        T::None => Some(v1::CredentialData::None(v1::NoneData {
            extra: data.none.unwrap_or_default().extra,
        })),
        T::String => data.string.map(|d| {
            v1::CredentialData::String(v1::StringData {
                value: d.value,
                extra: d.extra,
            })
        }),
        T::Binary => data.binary.map(|d| {
            v1::CredentialData::Binary(v1::BinaryData {
                value_base64: d.value_base64,
                extra: d.extra,
            })
        }),
        T::BasicAuth => data.basic_auth.map(|d| {
            v1::CredentialData::BasicAuth(v1::UsernamePasswordData {
                username: d.username,
                password: d.password,
                extra: d.extra,
            })
        }),
        T::OAuth2Password => data.oauth2_password.map(|d| {
            v1::CredentialData::OAuth2Password(v1::UsernamePasswordData {
                username: d.username,
                password: d.password,
                extra: d.extra,
            })
        }),
        T::Certificate => data.certificate.map(|d| {
            v1::CredentialData::Certificate(v1::CertificateData {
                certificate: d.certificate,
                key: d.key,
                ca: d.ca,
                extra: d.extra,
            })
        }),
        T::OAuth2Code => data.oauth2_code.map(|d| {
            cx.at("oauth2Code", |cx| {
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
            })
        }),
        T::OAuth2Client => data.oauth2_client.map(|d| {
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
        }),
        T::OAuth2Token => data.oauth2_token.map(|d| {
            cx.at("oauth2Token", |cx| {
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

/// Keyed data with no member set yet. Every field is listed, so that a member added to the
/// model stops the build here instead of being left out unnoticed.
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
