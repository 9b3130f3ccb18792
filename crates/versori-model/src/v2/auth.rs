//! v2 auth scheme configs: a `{type, <member>: {...}}` wrapper, not a oneOf.
//!
//! The model covers both pinned v2 revisions ([C], the revision of the reference page, and the
//! later [C+]): a field is required only where both revisions require it, so documents of
//! either revision read. Validation reports what one revision needs and the document lacks.

use serde::Serialize;

use crate::common::{Extra, Message, Secret, open_enum};

open_enum! {
    /// AuthSchemeType: which member of the wrapper holds the config (kebab-case).
    pub enum AuthSchemeType {
        /// No authentication; member `none`.
        None = "none",
        /// An API key; member `apiKey`.
        ApiKey = "api-key",
        /// HTTP basic authentication; member `basicAuth`.
        BasicAuth = "basic-auth",
        /// OAuth 2.0; member `oauth2`.
        OAuth2 = "oauth2",
        /// An HMAC signature; member `hmac`.
        Hmac = "hmac",
        /// A JWT bearer token; has no member.
        JwtBearer = "jwt-bearer",
        /// A client certificate; member `certificate`.
        Certificate = "certificate",
        /// OAuth 1.0a; member `oauth1`.
        OAuth1 = "oauth1",
        /// A secret; has no member.
        Secret = "secret",
    }
}

impl AuthSchemeType {
    /// The wrapper member that holds a config of this type (`None` for `jwt-bearer`, `secret`
    /// and unknown types, which have no member).
    pub fn member(&self) -> Option<&'static str> {
        Some(match self {
            Self::None => "none",
            Self::ApiKey => "apiKey",
            Self::BasicAuth => "basicAuth",
            Self::OAuth2 => "oauth2",
            Self::Hmac => "hmac",
            Self::Certificate => "certificate",
            Self::OAuth1 => "oauth1",
            Self::JwtBearer | Self::Secret | Self::Unknown(_) => return None,
        })
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
    /// How an HMAC signature is encoded (added in the later v2 revision).
    pub enum HmacEncoding {
        /// Hexadecimal.
        Hex = "hex",
        /// Standard base64.
        Base64 = "base64",
        /// URL-safe base64.
        Base64Url = "base64url",
    }
}

open_enum! {
    /// The OAuth 2.0 grant (camelCase in v2, snake_case `grantType` in v1).
    pub enum GrantType {
        /// The authorization code grant; member `authorizationCode`.
        AuthorizationCode = "authorizationCode",
        /// The client credentials grant; member `clientCredentials`.
        ClientCredentials = "clientCredentials",
        /// The password grant; member `password`.
        Password = "password",
    }
}

impl GrantType {
    /// The grant wrapper member that holds this grant's settings.
    pub fn member(&self) -> Option<&'static str> {
        Some(match self {
            Self::AuthorizationCode => "authorizationCode",
            Self::ClientCredentials => "clientCredentials",
            Self::Password => "password",
            Self::Unknown(_) => return None,
        })
    }
}

open_enum! {
    /// How OAuth 1.0a parameters are sent to an endpoint.
    pub enum ParameterTransmission {
        /// In the Authorization header.
        AuthorizationHeader = "AUTH_STYLE_AUTHORIZATION_HEADER",
        /// In a form-encoded body.
        Form = "AUTH_STYLE_FORM",
        /// In the query string.
        Query = "AUTH_STYLE_QUERY",
    }
}

open_enum! {
    /// Where an additional OAuth 1.0a parameter goes.
    pub enum ParameterConfigLocation {
        /// Not sent.
        Ignore = "LOCATION_IGNORE",
        /// In the request body.
        Body = "LOCATION_BODY",
        /// In a header.
        Header = "LOCATION_HEADER",
        /// In the query string.
        Query = "LOCATION_QUERY",
        /// In the endpoint URL (a `{templated}` part).
        Endpoint = "LOCATION_ENDPOINT",
        /// As a parameter of the Authorization header.
        HeaderParameter = "LOCATION_HEADER_PARAMETER",
    }
}

open_enum! {
    /// Which request an additional OAuth 1.0a parameter is used in.
    pub enum ParameterConfigUsage {
        /// Unspecified.
        Unspecified = "USAGE_UNKNOWN",
        /// The temporary credential request.
        TempCredentialEndpoint = "USAGE_TEMP_CREDENTIAL_ENDPOINT",
        /// The token request.
        TokenRequestEndpoint = "USAGE_TOKEN_REQUEST_ENDPOINT",
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

/// AuthSchemeConfig: how a system implements an auth scheme. `type` names the one member that
/// holds the config (`jwt-bearer` and `secret` have none).
///
/// Every member is optional on the wire, so documents that set the wrong member, or several,
/// still read; validation reports them as `variant-mismatch`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, versori_model_derive::DeserializeExtra)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(
    feature = "schemars",
    schemars(
        description = "How a system implements an auth scheme. `type` names the one member that holds the config (`jwt-bearer` and `secret` have none); no other member may be set."
    )
)]
#[serde(rename_all = "camelCase")]
pub struct AuthSchemeConfig {
    /// Which member holds the config.
    #[serde(rename = "type")]
    pub scheme_type: AuthSchemeType,
    /// The `none` config.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub none: Option<ConfigBase>,
    /// The `api-key` config.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_key: Option<ApiKeyConfig>,
    /// The `basic-auth` config.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub basic_auth: Option<ConfigBase>,
    /// The `oauth2` config.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub oauth2: Option<OAuth2Config>,
    /// The `oauth1` config.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub oauth1: Option<OAuth1Config>,
    /// The `hmac` config.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hmac: Option<HmacConfig>,
    /// The `certificate` config.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certificate: Option<ConfigBase>,
    /// Keys this release does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

impl AuthSchemeConfig {
    /// The members that are set, as `(json name, id)` in wire order.
    pub fn members(&self) -> Vec<(&'static str, &str)> {
        let mut out = Vec::new();
        if let Some(c) = &self.none {
            out.push(("none", c.id.as_str()));
        }
        if let Some(c) = &self.api_key {
            out.push(("apiKey", c.id.as_str()));
        }
        if let Some(c) = &self.basic_auth {
            out.push(("basicAuth", c.id.as_str()));
        }
        if let Some(c) = &self.oauth2 {
            out.push(("oauth2", c.id.as_str()));
        }
        if let Some(c) = &self.oauth1 {
            out.push(("oauth1", c.id.as_str()));
        }
        if let Some(c) = &self.hmac {
            out.push(("hmac", c.id.as_str()));
        }
        if let Some(c) = &self.certificate {
            out.push(("certificate", c.id.as_str()));
        }
        out
    }

    /// The `id` of the member `type` names, when that member is set.
    pub fn id(&self) -> Option<&str> {
        let member = self.scheme_type.member()?;
        self.members()
            .into_iter()
            .find(|(name, _)| *name == member)
            .map(|(_, id)| id)
    }
}

/// AuthSchemeConfigBase: the fields every config has; on its own, the body of the placeholder
/// configs `none`, `basicAuth` and `certificate`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, versori_model_derive::DeserializeExtra)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct ConfigBase {
    /// Generated by the client; only has to be unique within the array that holds the config.
    pub id: String,
    /// Tells apart several configs that share a type.
    pub description: String,
    /// Messages from validating the config. Read-only: the API ignores this field when sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub validation_messages: Option<Vec<Message>>,
    /// Keys this release does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// AuthSchemeConfigAPIKey: the system is called with an API key.
#[derive(Clone, Debug, Default, PartialEq, Serialize, versori_model_derive::DeserializeExtra)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct ApiKeyConfig {
    /// Generated by the client; only has to be unique within the array that holds the config.
    pub id: String,
    /// Tells apart several configs that share a type.
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

/// AuthSchemeConfigHMAC: requests are signed with an HMAC, usually to verify inbound webhooks.
#[derive(Clone, Debug, Default, PartialEq, Serialize, versori_model_derive::DeserializeExtra)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct HmacConfig {
    /// Generated by the client; only has to be unique within the array that holds the config.
    pub id: String,
    /// Tells apart several configs that share a type.
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
    /// How the signature is encoded (required by the later v2 revision, absent before).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encoding: Option<HmacEncoding>,
    /// Messages from validating the config. Read-only: the API ignores this field when sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub validation_messages: Option<Vec<Message>>,
    /// Keys this release does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// AuthSchemeConfigOAuth2: the system is called with OAuth 2.0 using one grant.
#[derive(Clone, Debug, Default, PartialEq, Serialize, versori_model_derive::DeserializeExtra)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct OAuth2Config {
    /// Generated by the client; only has to be unique within the array that holds the config.
    pub id: String,
    /// Tells apart several configs that share a type.
    pub description: String,
    /// Where the user is sent to authorize the application (optional in v2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schemars", schemars(extend("format" = "uri")))]
    pub authorize_url: Option<String>,
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
    /// Whether the authorization code flow uses PKCE.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pkce: Option<bool>,
    /// The grant and its settings.
    pub grant: Grant,
    /// Messages from validating the config. Read-only: the API ignores this field when sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub validation_messages: Option<Vec<Message>>,
    /// Keys this release does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// AuthSchemeConfigOAuth2Grant: `type` names the member that holds the grant's settings.
#[derive(Clone, Debug, Default, PartialEq, Serialize, versori_model_derive::DeserializeExtra)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct Grant {
    /// Which grant, and so which member holds its settings.
    #[serde(rename = "type")]
    pub grant_type: GrantType,
    /// Settings of the authorization code grant.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorization_code: Option<GrantCredentials>,
    /// Settings of the client credentials grant (none are defined).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_credentials: Option<ClientCredentialsGrant>,
    /// Settings of the password grant.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password: Option<GrantCredentials>,
    /// Keys this release does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Settings of the authorizationCode and password grants. `credentialId` and `organisationId`
/// go together: both absent creates a credential for the secret, both present merge-patches it.
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
    /// The organisation owning that credential (may differ from the system's).
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

/// Settings of the clientCredentials grant (none are defined).
#[derive(Clone, Debug, Default, PartialEq, Serialize, versori_model_derive::DeserializeExtra)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct ClientCredentialsGrant {
    /// Keys this release does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// AuthSchemeConfigOAuth1: the system is called with OAuth 1.0a.
#[derive(Clone, Debug, Default, PartialEq, Serialize, versori_model_derive::DeserializeExtra)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct OAuth1Config {
    /// Generated by the client; only has to be unique within the array that holds the config.
    pub id: String,
    /// Tells apart several configs that share a type.
    pub description: String,
    /// The consumer key.
    pub consumer_key: String,
    /// The consumer secret.
    pub consumer_secret: Secret,
    /// The temporary credential request endpoint (optional in the later v2 revision).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub temp_credential_endpoint: Option<Endpoint>,
    /// The resource owner authorization endpoint (optional in the later v2 revision).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_owner_authorization_endpoint: Option<Endpoint>,
    /// The token request endpoint (optional in the later v2 revision).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_endpoint: Option<Endpoint>,
    /// The signature method, e.g. `sha256` or `sha1`.
    #[cfg_attr(feature = "schemars", schemars(extend("enum" = ["sha256", "sha1"])))]
    pub signature_method: String,
    /// The credential holding the token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credential_id: Option<String>,
    /// Connect with `oauth1-token` credentials instead of the browser flow (later v2 revision).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_auth: Option<bool>,
    /// Messages from validating the config. Read-only: the API ignores this field when sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub validation_messages: Option<Vec<Message>>,
    /// Keys this release does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Endpoint: an OAuth 1.0a endpoint.
#[derive(Clone, Debug, Default, PartialEq, Serialize, versori_model_derive::DeserializeExtra)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct Endpoint {
    /// The endpoint's URL; may contain `{templated}` parts.
    pub url: String,
    /// Additional parameters sent to the endpoint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub additional_param_configs: Option<Vec<ParameterConfig>>,
    /// How the OAuth parameters are sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parameter_transmission: Option<ParameterTransmission>,
    /// Keys this release does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// ParameterConfig: an additional parameter of an OAuth 1.0a endpoint.
#[derive(Clone, Debug, Default, PartialEq, Serialize, versori_model_derive::DeserializeExtra)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct ParameterConfig {
    /// The parameter's key.
    pub parameter_name: String,
    /// The name to use in requests instead of `parameterName`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_name: Option<String>,
    /// Where the parameter goes.
    pub location: ParameterConfigLocation,
    /// Which request uses the parameter (a single value, despite the plural name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub usages: Option<ParameterConfigUsage>,
    /// Whether the parameter must be present in requests.
    pub required: bool,
    /// Whether the user may change the parameter.
    pub modifiable: bool,
    /// Keys this release does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}
