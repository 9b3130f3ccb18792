//! v1 auth scheme configs: how a connector authenticates, tagged by `schemeType`.

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};

use crate::common::{Extra, Message, Secret, open_enum};
use crate::de;

open_enum! {
    /// AuthSchemeType: the kind of authentication a config or credential implements (kebab-case).
    pub enum AuthSchemeType {
        /// No authentication.
        None = "none",
        /// An API key sent in a query parameter, header or cookie.
        ApiKey = "api-key",
        /// HTTP basic authentication.
        BasicAuth = "basic-auth",
        /// OAuth 2.0.
        OAuth2 = "oauth2",
        /// A Google service account (no config shape in v1).
        GoogleServiceAccount = "google-service-account",
        /// An HMAC signature, mostly to verify inbound webhooks.
        Hmac = "hmac",
        /// A signed JWT bearer token (no config shape in v1).
        JwtBearer = "jwt-bearer",
        /// A custom function that produces credentials (no config shape in v1).
        CustomFunction = "custom-function",
        /// A client certificate (mTLS).
        Certificate = "certificate",
    }
}

open_enum! {
    /// Where an API key or HMAC signature is placed on the request.
    pub enum ParameterLocation {
        /// A query parameter.
        Query = "query",
        /// A request header.
        Header = "header",
        /// A cookie.
        Cookie = "cookie",
    }
}

open_enum! {
    /// The hashing algorithm of an HMAC signature.
    pub enum HmacAlgorithm {
        /// SHA-1.
        Sha1 = "sha1",
        /// SHA-256.
        Sha256 = "sha256",
        /// SHA-512.
        Sha512 = "sha512",
    }
}

open_enum! {
    /// A part of the HTTP request fed into an HMAC signature.
    pub enum HmacDigestInput {
        /// The request body.
        Body = "body",
        /// The request URL.
        Url = "url",
    }
}

open_enum! {
    /// The OAuth 2.0 grant a config uses (`grantType`, snake_case on the wire).
    pub enum GrantType {
        /// The authorization code grant (browser redirect).
        AuthorizationCode = "authorization_code",
        /// The client credentials grant.
        ClientCredentials = "client_credentials",
        /// The resource owner password grant.
        Password = "password",
    }
}

/// An OAuth 2.0 scope an application supports.
#[derive(Clone, Debug, Default, PartialEq, Serialize, versori_model_derive::DeserializeExtra)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct OAuth2Scope {
    /// The scope's name, as the target application spells it.
    pub name: String,
    /// A human-friendly explanation of the scope, e.g. for a tooltip.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Keys this release does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// AuthSchemeConfig: how a connector implements an auth scheme (configuration only, never the
/// credential itself), tagged by `schemeType`.
///
/// A `schemeType` this release does not know, or one v1 gives no config shape
/// (`google-service-account`, `jwt-bearer`, `custom-function`), is kept whole in
/// [`AuthSchemeConfig::Unknown`].
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(
    feature = "schemars",
    schemars(
        description = "How a connector implements an auth scheme (configuration only, never the credential itself). `schemeType` says which scheme and decides the other fields; v1 gives `google-service-account`, `jwt-bearer` and `custom-function` no config shape."
    )
)]
#[serde(tag = "schemeType")]
#[allow(clippy::large_enum_variant)] // variants stay unboxed so users can build and match them directly
pub enum AuthSchemeConfig {
    /// No authentication is needed; a placeholder.
    #[serde(rename = "none")]
    None(NoneConfig),
    /// An API key in a query parameter, header or cookie.
    #[serde(rename = "api-key")]
    ApiKey(ApiKeyConfig),
    /// HTTP basic authentication; a placeholder.
    #[serde(rename = "basic-auth")]
    BasicAuth(BasicAuthConfig),
    /// OAuth 2.0 with one grant.
    #[serde(rename = "oauth2")]
    OAuth2(OAuth2Config),
    /// An HMAC signature, usually to verify inbound webhook triggers.
    #[serde(rename = "hmac")]
    Hmac(HmacConfig),
    /// A client certificate; a placeholder.
    #[serde(rename = "certificate")]
    Certificate(CertificateConfig),
    /// A config whose `schemeType` has no shape here, kept verbatim (tag included).
    #[serde(untagged)]
    #[cfg_attr(feature = "schemars", schemars(skip))]
    Unknown(Map<String, Value>),
}

impl Default for AuthSchemeConfig {
    fn default() -> Self {
        Self::None(NoneConfig::default())
    }
}

impl<'de> Deserialize<'de> for AuthSchemeConfig {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        de::union(deserializer)
    }
}

impl de::Union for AuthSchemeConfig {
    const TAG: &'static str = "schemeType";

    fn variant<'de, B: de::Body<'de>>(tag: &str, body: B) -> Result<Self, B::Error> {
        Ok(match tag {
            "none" => Self::None(body.decode()?),
            "api-key" => Self::ApiKey(body.decode()?),
            "basic-auth" => Self::BasicAuth(body.decode()?),
            "oauth2" => Self::OAuth2(body.decode()?),
            "hmac" => Self::Hmac(body.decode()?),
            "certificate" => Self::Certificate(body.decode()?),
            _ => Self::Unknown(body.into_map()?),
        })
    }
}

impl AuthSchemeConfig {
    /// The `schemeType` tag.
    pub fn scheme_type(&self) -> AuthSchemeType {
        match self {
            Self::None(_) => AuthSchemeType::None,
            Self::ApiKey(_) => AuthSchemeType::ApiKey,
            Self::BasicAuth(_) => AuthSchemeType::BasicAuth,
            Self::OAuth2(_) => AuthSchemeType::OAuth2,
            Self::Hmac(_) => AuthSchemeType::Hmac,
            Self::Certificate(_) => AuthSchemeType::Certificate,
            Self::Unknown(map) => AuthSchemeType::from_wire(
                map.get("schemeType").and_then(Value::as_str).unwrap_or(""),
            ),
        }
    }

    /// The client-generated `id`, unique within the containing array (`None` for an unknown
    /// variant without a string `id`).
    pub fn id(&self) -> Option<&str> {
        match self {
            Self::None(c) => Some(&c.id),
            Self::ApiKey(c) => Some(&c.id),
            Self::BasicAuth(c) => Some(&c.id),
            Self::OAuth2(c) => Some(&c.id),
            Self::Hmac(c) => Some(&c.id),
            Self::Certificate(c) => Some(&c.id),
            Self::Unknown(map) => map.get("id").and_then(Value::as_str),
        }
    }
}

macro_rules! config_base_doc {
    () => {
        "ID is generated by the client and only has to be unique within the array that holds the config."
    };
}

/// AuthSchemeConfigNone: a placeholder config with `schemeType` `none`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, versori_model_derive::DeserializeExtra)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct NoneConfig {
    #[doc = config_base_doc!()]
    pub id: String,
    /// Tells apart several configs that share a `schemeType`.
    pub description: String,
    /// Messages from validating the config. Read-only: the API ignores this field when sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub validation_messages: Option<Vec<Message>>,
    /// Keys this release does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// AuthSchemeConfigBasicAuth: a placeholder config with `schemeType` `basic-auth`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, versori_model_derive::DeserializeExtra)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct BasicAuthConfig {
    #[doc = config_base_doc!()]
    pub id: String,
    /// Tells apart several configs that share a `schemeType`.
    pub description: String,
    /// Messages from validating the config. Read-only: the API ignores this field when sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub validation_messages: Option<Vec<Message>>,
    /// Keys this release does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// AuthSchemeConfigCertificate: a placeholder config with `schemeType` `certificate`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, versori_model_derive::DeserializeExtra)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct CertificateConfig {
    #[doc = config_base_doc!()]
    pub id: String,
    /// Tells apart several configs that share a `schemeType`.
    pub description: String,
    /// Messages from validating the config. Read-only: the API ignores this field when sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub validation_messages: Option<Vec<Message>>,
    /// Keys this release does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// AuthSchemeConfigAPIKey: the connector sends an API key credential.
#[derive(Clone, Debug, Default, PartialEq, Serialize, versori_model_derive::DeserializeExtra)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct ApiKeyConfig {
    #[doc = config_base_doc!()]
    pub id: String,
    /// Tells apart several configs that share a `schemeType`.
    pub description: String,
    /// The query parameter, header or cookie name that carries the key.
    pub name: String,
    /// Where the key is placed on the request.
    #[serde(rename = "in")]
    pub location: ParameterLocation,
    /// Messages from validating the config. Read-only: the API ignores this field when sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub validation_messages: Option<Vec<Message>>,
    /// Keys this release does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// AuthSchemeConfigHMAC: requests are signed with an HMAC; mostly used to verify that an inbound
/// webhook trigger comes from an allowed sender.
#[derive(Clone, Debug, Default, PartialEq, Serialize, versori_model_derive::DeserializeExtra)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct HmacConfig {
    #[doc = config_base_doc!()]
    pub id: String,
    /// Tells apart several configs that share a `schemeType`.
    pub description: String,
    /// The query parameter, header or cookie name that carries the signature.
    pub name: String,
    /// Where the signature is placed on the request.
    #[serde(rename = "in")]
    pub location: ParameterLocation,
    /// The hashing algorithm.
    pub algorithm: HmacAlgorithm,
    /// The request parts hashed, in the order they are fed to the hash function.
    pub digest_inputs: Vec<HmacDigestInput>,
    /// Messages from validating the config. Read-only: the API ignores this field when sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub validation_messages: Option<Vec<Message>>,
    /// Keys this release does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// AuthSchemeConfigOAuth2: the connector authenticates with OAuth 2.0 using one grant.
#[derive(Clone, Debug, Default, PartialEq, Serialize, versori_model_derive::DeserializeExtra)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct OAuth2Config {
    #[doc = config_base_doc!()]
    pub id: String,
    /// Tells apart several configs that share a `schemeType`.
    pub description: String,
    /// Where the user is sent to authorize the application.
    #[cfg_attr(feature = "schemars", schemars(extend("format" = "uri")))]
    pub authorize_url: String,
    /// Where the application obtains access tokens.
    #[cfg_attr(feature = "schemars", schemars(extend("format" = "uri")))]
    pub token_url: String,
    /// Every scope the application supports; the user picks which to request when connecting.
    pub scopes: Vec<OAuth2Scope>,
    /// Scopes requested by default when connecting (each should be one of `scopes`).
    pub default_scopes: Vec<String>,
    /// URL-encoded query string appended to the authorize URL; only UI defaults.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub additional_authorize_params: Option<String>,
    /// Form-encoded parameters sent in the token request body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub additional_token_params: Option<String>,
    /// Whether the token endpoint is called over mutual TLS.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mtls_enabled: Option<bool>,
    /// The certificate credential for mTLS; when unset and `mtlsEnabled` is true the API links a
    /// matching certificate config automatically.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mtls_credential_id: Option<String>,
    /// The grant and its settings.
    pub grant: Grant,
    /// Messages from validating the config. Read-only: the API ignores this field when sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub validation_messages: Option<Vec<Message>>,
    /// Keys this release does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// The OAuth 2.0 grant of an [`OAuth2Config`], tagged by `grantType`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(tag = "grantType")]
pub enum Grant {
    /// The authorization_code grant.
    #[serde(rename = "authorization_code")]
    AuthorizationCode(GrantCredentials),
    /// The client_credentials grant: the client id and secret are supplied when connecting.
    #[serde(rename = "client_credentials")]
    ClientCredentials(ClientCredentialsGrant),
    /// The password grant.
    #[serde(rename = "password")]
    Password(GrantCredentials),
    /// A `grantType` this release does not know, kept verbatim (tag included).
    #[serde(untagged)]
    #[cfg_attr(feature = "schemars", schemars(skip))]
    Unknown(Map<String, Value>),
}

impl Default for Grant {
    fn default() -> Self {
        Self::ClientCredentials(ClientCredentialsGrant::default())
    }
}

impl<'de> Deserialize<'de> for Grant {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        de::union(deserializer)
    }
}

impl de::Union for Grant {
    const TAG: &'static str = "grantType";

    fn variant<'de, B: de::Body<'de>>(tag: &str, body: B) -> Result<Self, B::Error> {
        Ok(match tag {
            "authorization_code" => Self::AuthorizationCode(body.decode()?),
            "client_credentials" => Self::ClientCredentials(body.decode()?),
            "password" => Self::Password(body.decode()?),
            _ => Self::Unknown(body.into_map()?),
        })
    }
}

impl Grant {
    /// The `grantType` tag.
    pub fn grant_type(&self) -> GrantType {
        match self {
            Self::AuthorizationCode(_) => GrantType::AuthorizationCode,
            Self::ClientCredentials(_) => GrantType::ClientCredentials,
            Self::Password(_) => GrantType::Password,
            Self::Unknown(map) => {
                GrantType::from_wire(map.get("grantType").and_then(Value::as_str).unwrap_or(""))
            }
        }
    }
}

/// Settings of the authorization_code and password grants.
///
/// Update rule (stated): with `credentialId` and `organisationId` both absent a new credential
/// is created for the secret; with both present the credential is updated by JSON Merge Patch
/// (absent properties unchanged); any other combination is rejected.
#[derive(Clone, Debug, Default, PartialEq, Serialize, versori_model_derive::DeserializeExtra)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(
    feature = "schemars",
    schemars(extend("dependentRequired" = {
        "credentialId": ["organisationId"],
        "organisationId": ["credentialId"]
    }))
)]
#[serde(rename_all = "camelCase")]
pub struct GrantCredentials {
    /// The credential holding the client id and secret.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credential_id: Option<String>,
    /// The organisation owning that credential (may differ from the connector's, for configs
    /// imported from Versori's public library).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation_id: Option<String>,
    /// The OAuth 2.0 client identifier; not sensitive.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    /// The OAuth 2.0 client secret; sensitive and never displayed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_secret: Option<Secret>,
    /// Keys this release does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Settings of the client_credentials grant (none are defined).
#[derive(Clone, Debug, Default, PartialEq, Serialize, versori_model_derive::DeserializeExtra)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct ClientCredentialsGrant {
    /// Keys this release does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}
