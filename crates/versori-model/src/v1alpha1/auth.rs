//! v1alpha1 auth scheme configs, tagged by `schemeType`. This version has no `id`,
//! `description` or `validationMessages` on a config.

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};

use crate::common::{Extra, open_enum};
use crate::de;

use super::Credential;

open_enum! {
    /// AuthSchemeType: the kind of authentication a config implements (kebab-case).
    pub enum AuthSchemeType {
        /// No authentication.
        None = "none",
        /// An API key sent in a query parameter, header or cookie.
        ApiKey = "api-key",
        /// HTTP basic authentication.
        BasicAuth = "basic-auth",
        /// OAuth 2.0.
        OAuth2 = "oauth2",
        /// A Google service account; the credential lives on the environment.
        GoogleServiceAccount = "google-service-account",
        /// An HMAC signature.
        Hmac = "hmac",
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

/// AuthSchemeConfig: how a connection implements an auth scheme, tagged by `schemeType`.
///
/// A `schemeType` this release does not know is kept whole in [`AuthSchemeConfig::Unknown`].
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(
    feature = "schemars",
    schemars(
        description = "How a connection implements an auth scheme. `schemeType` says which scheme and decides the other fields."
    )
)]
#[serde(tag = "schemeType")]
pub enum AuthSchemeConfig {
    /// No authentication is needed; a placeholder.
    #[serde(rename = "none")]
    None(PlaceholderConfig),
    /// An API key in a query parameter, header or cookie.
    #[serde(rename = "api-key")]
    ApiKey(ApiKeyConfig),
    /// HTTP basic authentication; a placeholder.
    #[serde(rename = "basic-auth")]
    BasicAuth(PlaceholderConfig),
    /// OAuth 2.0 with one or more flows.
    #[serde(rename = "oauth2")]
    OAuth2(OAuth2Config),
    /// A Google service account; a placeholder (the credential is on the environment).
    #[serde(rename = "google-service-account")]
    GoogleServiceAccount(PlaceholderConfig),
    /// An HMAC signature.
    #[serde(rename = "hmac")]
    Hmac(HmacConfig),
    /// A config whose `schemeType` this release does not know, kept verbatim (tag included).
    #[serde(untagged)]
    #[cfg_attr(feature = "schemars", schemars(skip))]
    Unknown(Map<String, Value>),
}

impl Default for AuthSchemeConfig {
    fn default() -> Self {
        Self::None(PlaceholderConfig::default())
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
            "google-service-account" => Self::GoogleServiceAccount(body.decode()?),
            "hmac" => Self::Hmac(body.decode()?),
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
            Self::GoogleServiceAccount(_) => AuthSchemeType::GoogleServiceAccount,
            Self::Hmac(_) => AuthSchemeType::Hmac,
            Self::Unknown(map) => AuthSchemeType::from_wire(
                map.get("schemeType").and_then(Value::as_str).unwrap_or(""),
            ),
        }
    }
}

/// The body of a config with nothing to configure (`none`, `basic-auth`, `google-service-account`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, versori_model_derive::DeserializeExtra)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct PlaceholderConfig {
    /// Keys this release does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// AuthSchemeConfigAPIKey: the connection sends an API key credential.
#[derive(Clone, Debug, Default, PartialEq, Serialize, versori_model_derive::DeserializeExtra)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct ApiKeyConfig {
    /// The query parameter, header or cookie name that carries the key.
    pub name: String,
    /// Where the key is placed on the request.
    #[serde(rename = "in")]
    pub location: ParameterLocation,
    /// Keys this release does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// AuthSchemeConfigHMAC: requests are signed with an HMAC.
#[derive(Clone, Debug, Default, PartialEq, Serialize, versori_model_derive::DeserializeExtra)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct HmacConfig {
    /// The query parameter, header or cookie name that carries the signature.
    pub name: String,
    /// Where the signature is placed on the request.
    #[serde(rename = "in")]
    pub location: ParameterLocation,
    /// The hashing algorithm.
    pub algorithm: HmacAlgorithm,
    /// The request parts hashed, in the order they are fed to the hash function.
    pub digest_inputs: Vec<HmacDigestInput>,
    /// Keys this release does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// AuthSchemeConfigOAuth2: OAuth 2.0 with one or more flows.
#[derive(Clone, Debug, Default, PartialEq, Serialize, versori_model_derive::DeserializeExtra)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct OAuth2Config {
    /// Where the user is sent to authorize the application.
    #[cfg_attr(feature = "schemars", schemars(extend("format" = "uri")))]
    pub authorize_url: String,
    /// Where the application obtains access tokens.
    #[cfg_attr(feature = "schemars", schemars(extend("format" = "uri")))]
    pub token_url: String,
    /// Every scope the application supports; the user picks which to request.
    pub scopes: Vec<OAuth2Scope>,
    /// The flows offered; at least one must be set, and when several are the user picks one
    /// while configuring the environment.
    pub flows: OAuth2Flows,
    /// Keys this release does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// AuthSchemeConfigOAuth2Flows: the OAuth 2.0 flows a config offers.
#[derive(Clone, Debug, Default, PartialEq, Serialize, versori_model_derive::DeserializeExtra)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct OAuth2Flows {
    /// The client credentials flow; the client id and secret are in the environment's credential.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_credentials: Option<ClientCredentialsFlow>,
    /// The authorization code flow.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorization_code: Option<AuthorizationCodeFlow>,
    /// Keys this release does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// AuthSchemeConfigOAuth2ClientCredentials: an empty placeholder.
#[derive(Clone, Debug, Default, PartialEq, Serialize, versori_model_derive::DeserializeExtra)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct ClientCredentialsFlow {
    /// Keys this release does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// AuthSchemeConfigOAuth2AuthorizationCode: the authorization code flow.
#[derive(Clone, Debug, Default, PartialEq, Serialize, versori_model_derive::DeserializeExtra)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct AuthorizationCodeFlow {
    /// The application's client id and secret, used with each environment's token to refresh it.
    pub application_credential: Box<Credential>,
    /// Keys this release does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}
