use std::collections::BTreeMap;
use std::sync::LazyLock;

use serde_json::Value;
use versori_model::{Secret, Timestamp, v1, v1alpha1};

use super::{NEW, OLD};
use crate::cx::{Cx, Restore, Shape, slug, to_value};
use crate::steps::{EPOCH, given_organisation};

/// What a credential's owner tells both steps about it.
#[derive(Clone, Copy)]
pub(crate) struct CredentialOwner<'a> {
    /// The owning connection's (connector's) organisation. Up gives it to the credential (or,
    /// without one, the organisation of the credential's first usage); down reports an
    /// `organisationId` that differs from it as lost.
    pub(super) organisation_id: Option<&'a str>,
    /// The time that stands in for the credential timestamps v1 does not keep: the owner's
    /// creation time, or the epoch for a standalone credential. Down writes it as `createdAt`
    /// and `updatedAt`; up counts timestamps equal to it as no loss.
    pub(super) created_at: &'a Timestamp,
    /// The client fields of the oauth2 config the credential is bound to, which v1alpha1
    /// oauth2-token data repeats.
    pub(super) token_client: Option<&'a TokenClient>,
}

/// The epoch as a timestamp, for [`CredentialOwner::standalone`].
static EPOCH_TIMESTAMP: LazyLock<Timestamp> = LazyLock::new(|| Timestamp::new(EPOCH));

impl CredentialOwner<'static> {
    /// A credential read on its own: no organisation, no bound config, dated from the epoch.
    pub(crate) fn standalone() -> Self {
        Self {
            organisation_id: None,
            created_at: &EPOCH_TIMESTAMP,
            token_client: None,
        }
    }
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

/// v1alpha1 `credential` -> v1 `credential`, owned as `owner` says.
pub(crate) fn up_credential(
    c: v1alpha1::Credential,
    owner: &CredentialOwner<'_>,
    cx: &mut Cx,
) -> v1::Credential {
    let CredentialOwner {
        organisation_id: org,
        created_at: owner_created,
        token_client: client,
    } = *owner;
    let mut extra = c.extra;
    let mut restore = Restore::take(&mut extra, NEW, cx);
    let usage_org = c
        .usages
        .as_ref()
        .and_then(|u| u.first())
        .map(|u| u.environment.connection.organisation_id.clone());
    // Down stashes an organisation only where it is not the one up derives.
    let derivable = org
        .map(str::to_owned)
        .or_else(|| usage_org.clone())
        .or_else(|| cx.organisation_id().map(str::to_owned));
    let organisation_id = match restore.get_unless::<String>("organisationId", derivable.as_ref()) {
        Some(org) => org,
        None => match org.map(str::to_owned).or(usage_org) {
            Some(org) => {
                cx.derived(
                    "organisationId",
                    "v1 requires the credential's organisation; taken from its connection",
                );
                org
            }
            None => given_organisation(
                cx,
                "organisationId",
                "v1 requires the credential's organisation",
            ),
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
    let credential_type = v1::CredentialType::from_wire(c.credential_type.as_str());
    if !c.credential_type.is_known() && has_shape(&credential_type) {
        // v1 would read this data as its own shape for the type, which v1alpha1 never said it was.
        cx.not_representable(
            "type",
            format!("`{credential_type}` is not a v1alpha1 credential type, and v1 gives it a data shape of its own"),
        );
    }
    let data = cx.at("data", |cx| up_data(c.data, client, cx));
    let expires_at = restore.get("expiresAt");
    cx.settle(
        &mut extra,
        restore,
        Shape::of::<v1alpha1::Credential>(),
        Shape::of::<v1::Credential>(),
        OLD,
    );
    v1::Credential {
        id: c.id,
        organisation_id,
        credential_type,
        name: c.name,
        usages,
        errors: c.errors,
        data,
        expires_at,
        extra,
    }
}

/// Whether v1 decodes a credential's `data` by a shape of its own for this type.
fn has_shape(credential_type: &v1::CredentialType) -> bool {
    use v1::CredentialType as T;
    !matches!(
        credential_type,
        T::CustomFunction | T::JwtBearer | T::Unknown(_)
    )
}

/// v1 `credential` -> v1alpha1 `credential`, owned as `owner` says.
pub(crate) fn down_credential(
    c: v1::Credential,
    owner: &CredentialOwner<'_>,
    cx: &mut Cx,
) -> v1alpha1::Credential {
    let CredentialOwner {
        organisation_id: org,
        created_at: created,
        token_client: client,
    } = *owner;
    use v1::CredentialType as T;
    let mut extra = c.extra;
    let mut restore = Restore::take(&mut extra, OLD, cx);
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
    // Up takes it from the owner, the usages, or the organisation given for the migration.
    let derivable = org.or(usage_org).or(cx.organisation_id());
    if derivable != Some(c.organisation_id.as_str()) {
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
        restore.get_unless::<Timestamp>(field, Some(created)).unwrap_or_else(|| {
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
    cx.settle(
        &mut extra,
        restore,
        Shape::of::<v1::Credential>(),
        Shape::of::<v1alpha1::Credential>(),
        NEW,
    );
    v1alpha1::Credential {
        id: c.id,
        credential_type,
        name: c.name,
        usages,
        errors: c.errors,
        data,
        created_at,
        updated_at,
        extra,
    }
}

fn up_usage(u: v1alpha1::CredentialUsage, cx: &mut Cx) -> v1::CredentialUsage {
    let connection = cx.at_as("environment", "connection", |cx| {
        let env = u.environment;
        let mut extra = env.extra;
        let restore = Restore::take(&mut extra, NEW, cx);
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
        let connector = cx.at_as("connection", "connector", |cx| v1::ConnectorSummary {
            extra: cx.carry(
                summary.extra,
                Shape::of::<v1alpha1::ConnectionSummary>(),
                Shape::of::<v1::ConnectorSummary>(),
                OLD,
                NEW,
            ),
            id: summary.id,
            organisation_id: summary.organisation_id,
            name: summary.name,
            protocol: v1::ProtocolType::from_wire(summary.protocol.as_str()),
            created_at: summary.created_at,
            updated_at: summary.updated_at,
        });
        cx.settle(
            &mut extra,
            restore,
            Shape::of::<v1alpha1::CredentialUsageEnvironment>(),
            Shape::of::<v1::CredentialUsageConnection>(),
            OLD,
        );
        v1::CredentialUsageConnection {
            id: env.id,
            name: env.name,
            connector,
            created_at: env.created_at,
            updated_at: env.updated_at,
            extra,
        }
    });
    v1::CredentialUsage {
        connection,
        extra: cx.carry(
            u.extra,
            Shape::of::<v1alpha1::CredentialUsage>(),
            Shape::of::<v1::CredentialUsage>(),
            OLD,
            NEW,
        ),
    }
}

fn down_usage(u: v1::CredentialUsage, cx: &mut Cx) -> v1alpha1::CredentialUsage {
    let environment = cx.at_as("connection", "environment", |cx| {
        let conn = u.connection;
        let mut extra = conn.extra;
        let mut restore = Restore::take(&mut extra, OLD, cx);
        let summary = conn.connector;
        let slug = restore
            .get_unless::<String>("slug", Some(&slug(&conn.name)))
            .unwrap_or_else(|| slug(&conn.name));
        let connection = cx.at_as("connector", "connection", |cx| {
            v1alpha1::ConnectionSummary {
                extra: cx.carry(
                    summary.extra,
                    Shape::of::<v1::ConnectorSummary>(),
                    Shape::of::<v1alpha1::ConnectionSummary>(),
                    NEW,
                    OLD,
                ),
                id: summary.id,
                organisation_id: summary.organisation_id,
                name: summary.name,
                protocol: v1alpha1::ProtocolType::from_wire(summary.protocol.as_str()),
                created_at: summary.created_at,
                updated_at: summary.updated_at,
            }
        });
        cx.settle(
            &mut extra,
            restore,
            Shape::of::<v1::CredentialUsageConnection>(),
            Shape::of::<v1alpha1::CredentialUsageEnvironment>(),
            NEW,
        );
        v1alpha1::CredentialUsageEnvironment {
            id: conn.id,
            name: conn.name,
            slug,
            connection,
            created_at: conn.created_at,
            updated_at: conn.updated_at,
            extra,
        }
    });
    v1alpha1::CredentialUsage {
        environment,
        extra: cx.carry(
            u.extra,
            Shape::of::<v1::CredentialUsage>(),
            Shape::of::<v1alpha1::CredentialUsage>(),
            NEW,
            OLD,
        ),
    }
}

/// [`Cx::carry`] for the `data` of a credential going up, from `$from` to `$into`.
macro_rules! up_extra {
    ($cx:expr, $extra:expr, $from:ty, $into:ty) => {
        $cx.carry($extra, Shape::of::<$from>(), Shape::of::<$into>(), OLD, NEW)
    };
}

/// [`Cx::carry`] for the `data` of a credential going down, from `$from` to `$into`.
macro_rules! down_extra {
    ($cx:expr, $extra:expr, $from:ty, $into:ty) => {
        $cx.carry($extra, Shape::of::<$from>(), Shape::of::<$into>(), NEW, OLD)
    };
}

fn up_data(
    data: v1alpha1::CredentialData,
    client: Option<&TokenClient>,
    cx: &mut Cx,
) -> v1::CredentialData {
    use v1alpha1::CredentialData as D;

    match data {
        D::None(d) => v1::CredentialData::None(v1::NoneData {
            extra: up_extra!(cx, d.extra, v1alpha1::NoneData, v1::NoneData),
        }),
        D::String(d) => v1::CredentialData::String(v1::StringData {
            value: d.value,
            extra: up_extra!(cx, d.extra, v1alpha1::StringData, v1::StringData),
        }),
        D::Binary(d) => v1::CredentialData::Binary(v1::BinaryData {
            value_base64: d.value_base64,
            extra: up_extra!(cx, d.extra, v1alpha1::BinaryData, v1::BinaryData),
        }),
        D::BasicAuth(d) => v1::CredentialData::BasicAuth(v1::UsernamePasswordData {
            username: d.username,
            password: d.password,
            extra: up_extra!(
                cx,
                d.extra,
                v1alpha1::BasicAuthData,
                v1::UsernamePasswordData
            ),
        }),
        D::OAuth2Client(d) => {
            let mut extra = d.extra;
            let mut restore = Restore::take(&mut extra, NEW, cx);
            let authorize_url = restore
                .get_unless("authorizeUrl", Some(&d.authorize_url))
                .unwrap_or(d.authorize_url);
            let encoded = d.additional_params.map(|params| form_encode(&params));
            let additional_params = restore
                .get_unless("additionalParams", encoded.as_ref())
                .or(encoded);
            let (mtls_enabled, mtls_credential_id) =
                (restore.get("mTLSEnabled"), restore.get("mTLSCredentialId"));
            cx.settle(
                &mut extra,
                restore,
                Shape::of::<v1alpha1::OAuth2ClientData>(),
                Shape::of::<v1::OAuth2ClientData>(),
                OLD,
            );
            v1::CredentialData::OAuth2Client(v1::OAuth2ClientData {
                client_id: d.client_id,
                client_secret: d.client_secret,
                authorize_url,
                token_url: d.token_url,
                scopes: d.scopes,
                additional_params,
                mtls_enabled,
                mtls_credential_id,
                extra,
            })
        }
        D::OAuth2Token(d) => {
            let mut extra = d.extra;
            let restore = Restore::take(&mut extra, NEW, cx);
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
            cx.settle(
                &mut extra,
                restore,
                Shape::of::<v1alpha1::OAuth2TokenData>(),
                Shape::of::<v1::OAuth2TokenData>(),
                OLD,
            );
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

fn down_data(
    data: v1::CredentialData,
    client: Option<&TokenClient>,
    cx: &mut Cx,
) -> v1alpha1::CredentialData {
    use v1::CredentialData as D;
    match data {
        D::None(d) => v1alpha1::CredentialData::None(v1alpha1::NoneData {
            extra: down_extra!(cx, d.extra, v1::NoneData, v1alpha1::NoneData),
        }),
        D::String(d) => v1alpha1::CredentialData::String(v1alpha1::StringData {
            value: d.value,
            extra: down_extra!(cx, d.extra, v1::StringData, v1alpha1::StringData),
        }),
        D::Binary(d) => v1alpha1::CredentialData::Binary(v1alpha1::BinaryData {
            value_base64: d.value_base64,
            extra: down_extra!(cx, d.extra, v1::BinaryData, v1alpha1::BinaryData),
        }),
        D::BasicAuth(d) => v1alpha1::CredentialData::BasicAuth(v1alpha1::BasicAuthData {
            username: d.username,
            password: d.password,
            extra: down_extra!(
                cx,
                d.extra,
                v1::UsernamePasswordData,
                v1alpha1::BasicAuthData
            ),
        }),
        D::OAuth2Client(d) => {
            let mut extra = d.extra;
            let restore = Restore::take(&mut extra, OLD, cx);
            // v1 allows "" (client credentials); v1alpha1 requires a URL.
            let bound = client
                .map(|c| c.authorize_url.clone())
                .filter(|u| !u.is_empty());
            let authorize_url = match bound {
                _ if !d.authorize_url.is_empty() => d.authorize_url.clone(),
                Some(url) => {
                    if cx.preserving() {
                        cx.stash(&mut extra, NEW, "authorizeUrl", "".into());
                    }
                    cx.derived(
                        "authorizeUrl",
                        "v1alpha1 requires an authorizeUrl; taken from the bound oauth2 config",
                    );
                    url
                }
                None => {
                    cx.not_representable(
                        "authorizeUrl",
                        "v1alpha1 requires an authorizeUrl, and this credential's is empty",
                    );
                    String::new()
                }
            };
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
            cx.settle(
                &mut extra,
                restore,
                Shape::of::<v1::OAuth2ClientData>(),
                Shape::of::<v1alpha1::OAuth2ClientData>(),
                NEW,
            );
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
            let mut restore = Restore::take(&mut extra, OLD, cx);
            let text = |field: &str, restore: &mut Restore, cx: &mut Cx| {
                let derived = client.and_then(|c| c.expected(field));
                if let Some(value) = restore.get_unless::<String>(field, derived.as_ref()) {
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
            let additional_params = restore.get("additionalParams");
            cx.settle(
                &mut extra,
                restore,
                Shape::of::<v1::OAuth2TokenData>(),
                Shape::of::<v1alpha1::OAuth2TokenData>(),
                NEW,
            );
            v1alpha1::CredentialData::OAuth2Token(v1alpha1::OAuth2TokenData {
                client_id,
                client_secret,
                authorize_url,
                token_url,
                scopes: d.scopes,
                access_token: d.access_token,
                refresh_token: d.refresh_token,
                additional_params,
                extra,
            })
        }
        D::OAuth2Code(_) | D::OAuth2Password(_) | D::Certificate(_) => {
            // The type was already reported as not representable; keep the data verbatim.
            v1alpha1::CredentialData::Other(to_value(&data))
        }
        D::Other(value) => v1alpha1::CredentialData::Other(value),
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
