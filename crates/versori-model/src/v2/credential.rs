//! v2 credentials: `data` is a keyed object (`{"basicAuth": {...}}`), one member per type.

use serde::Serialize;

use crate::common::{Extra, Secret, Timestamp, open_enum};

open_enum! {
    /// CredentialType: the kind of credential; names the `data` member that holds it.
    pub enum CredentialType {
        /// No credential is needed; member `none`.
        None = "none",
        /// A single string value; member `string`.
        String = "string",
        /// Binary data, base64-encoded; member `binary`.
        Binary = "binary",
        /// Username and password for basic auth; member `basicAuth`.
        BasicAuth = "basic-auth",
        /// An OAuth 2.0 client; member `oauth2Client`.
        OAuth2Client = "oauth2-client",
        /// OAuth 1.0a verifier state; member `oauth1`.
        OAuth1 = "oauth1",
        /// An authorization code (write-only); member `oauth2Code`.
        OAuth2Code = "oauth2-code",
        /// A resource owner's username and password; member `oauth2Password`.
        OAuth2Password = "oauth2-password",
        /// OAuth 2.0 tokens; member `oauth2Token`.
        OAuth2Token = "oauth2-token",
        /// A client certificate; member `certificate`.
        Certificate = "certificate",
        /// An OAuth 1.0a token and secret (later v2 revision); member `oauth1Token`.
        OAuth1Token = "oauth1-token",
    }
}

impl CredentialType {
    /// The `data` member that holds a credential of this type (`None` for unknown types).
    pub fn member(&self) -> Option<&'static str> {
        Some(match self {
            Self::None => "none",
            Self::String => "string",
            Self::Binary => "binary",
            Self::BasicAuth => "basicAuth",
            Self::OAuth2Client => "oauth2Client",
            Self::OAuth1 => "oauth1",
            Self::OAuth2Code => "oauth2Code",
            Self::OAuth2Password => "oauth2Password",
            Self::OAuth2Token => "oauth2Token",
            Self::Certificate => "certificate",
            Self::OAuth1Token => "oauth1Token",
            Self::Unknown(_) => return None,
        })
    }
}

/// Credential: secret material a connection authenticates with. In v2 only `id` and
/// `organisationId` are required.
#[derive(Clone, Debug, Default, PartialEq, Serialize, versori_model_derive::DeserializeExtra)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct Credential {
    /// The credential's unique identifier.
    pub id: String,
    /// The organisation that owns the credential.
    pub organisation_id: String,
    /// The kind of credential; names the `data` member that holds it.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub credential_type: Option<CredentialType>,
    /// The credential's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Errors from validating the credential. Absent: not validated; `[]`: valid.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub errors: Option<Vec<String>>,
    /// The secret material, in the member `type` names.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<CredentialData>,
    /// When the credential is deleted automatically.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<Timestamp>,
    /// Keys this release does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// CredentialData: one member per credential type; only the one `type` names should be set.
#[derive(Clone, Debug, Default, PartialEq, Serialize, versori_model_derive::DeserializeExtra)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct CredentialData {
    /// `binary`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub binary: Option<BinaryData>,
    /// `none`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub none: Option<NoneData>,
    /// `string`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub string: Option<StringData>,
    /// `basic-auth`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub basic_auth: Option<UsernamePasswordData>,
    /// `oauth2-client`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub oauth2_client: Option<OAuth2ClientData>,
    /// `oauth2-token`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub oauth2_token: Option<OAuth2TokenData>,
    /// `oauth2-code`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub oauth2_code: Option<OAuth2CodeData>,
    /// `oauth2-password`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub oauth2_password: Option<UsernamePasswordData>,
    /// `certificate`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certificate: Option<CertificateData>,
    /// `oauth1`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub oauth1: Option<OAuth1Data>,
    /// `oauth1-token` (later v2 revision).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub oauth1_token: Option<OAuth1TokenData>,
    /// Keys this release does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

impl CredentialData {
    /// The JSON names of the members that are set, in wire order.
    pub fn members(&self) -> Vec<&'static str> {
        [
            ("binary", self.binary.is_some()),
            ("none", self.none.is_some()),
            ("string", self.string.is_some()),
            ("basicAuth", self.basic_auth.is_some()),
            ("oauth2Client", self.oauth2_client.is_some()),
            ("oauth2Token", self.oauth2_token.is_some()),
            ("oauth2Code", self.oauth2_code.is_some()),
            ("oauth2Password", self.oauth2_password.is_some()),
            ("certificate", self.certificate.is_some()),
            ("oauth1", self.oauth1.is_some()),
            ("oauth1Token", self.oauth1_token.is_some()),
        ]
        .into_iter()
        .filter_map(|(name, set)| set.then_some(name))
        .collect()
    }
}

/// CredentialDataNone: no data.
#[derive(Clone, Debug, Default, PartialEq, Serialize, versori_model_derive::DeserializeExtra)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct NoneData {
    /// Keys this release does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// CredentialDataString: a single secret string.
#[derive(Clone, Debug, Default, PartialEq, Serialize, versori_model_derive::DeserializeExtra)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct StringData {
    /// The secret value (redacted in responses).
    pub value: Secret,
    /// Keys this release does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// CredentialDataBinary: binary secret data.
#[derive(Clone, Debug, Default, PartialEq, Serialize, versori_model_derive::DeserializeExtra)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct BinaryData {
    /// The data, base64-encoded (redacted in responses).
    pub value_base64: Secret,
    /// Keys this release does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// CredentialDataBasicAuth / CredentialDataOAuth2Password: a username and password.
#[derive(Clone, Debug, Default, PartialEq, Serialize, versori_model_derive::DeserializeExtra)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct UsernamePasswordData {
    /// The username.
    pub username: String,
    /// The password (redacted in responses).
    pub password: Secret,
    /// Keys this release does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// CredentialDataOAuth2Client: an OAuth 2.0 client (no `authorizeUrl` in v2).
#[derive(Clone, Debug, Default, PartialEq, Serialize, versori_model_derive::DeserializeExtra)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct OAuth2ClientData {
    /// The client identifier.
    pub client_id: String,
    /// The client secret (redacted in responses).
    pub client_secret: Secret,
    /// The token endpoint.
    #[cfg_attr(feature = "schemars", schemars(extend("format" = "uri")))]
    pub token_url: String,
    /// Scopes to request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scopes: Option<Vec<String>>,
    /// Extra token request parameters, form-encoded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub additional_params: Option<String>,
    /// Whether the token endpoint is called over mutual TLS.
    #[serde(
        rename = "mTLSEnabled",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub mtls_enabled: Option<bool>,
    /// The certificate credential used for mTLS.
    #[serde(
        rename = "mTLSCredentialId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub mtls_credential_id: Option<String>,
    /// Keys this release does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// CredentialDataOAuth2Token: OAuth 2.0 tokens; in v2 `refreshToken` is required.
#[derive(Clone, Debug, Default, PartialEq, Serialize, versori_model_derive::DeserializeExtra)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct OAuth2TokenData {
    /// The scopes granted.
    pub scopes: Vec<String>,
    /// The access token (redacted in responses).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_token: Option<Secret>,
    /// The refresh token (redacted in responses).
    pub refresh_token: Secret,
    /// The token type; the API assumes `Bearer` when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_type: Option<String>,
    /// When the access token expires; absent: reused until a request gets 401.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<Timestamp>,
    /// Keys this release does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// CredentialDataOAuth2Code: an authorization code to exchange (write-only).
#[derive(Clone, Debug, Default, PartialEq, Serialize, versori_model_derive::DeserializeExtra)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct OAuth2CodeData {
    /// The authorization code.
    pub code: Secret,
    /// The state issued with the authorization URL.
    pub state: String,
    /// Where the user was sent back to (later v2 revision).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schemars", schemars(extend("format" = "uri")))]
    pub redirect_url: Option<String>,
    /// Extra token request parameters, form-encoded (later v2 revision).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub additional_params: Option<String>,
    /// Keys this release does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// CredentialDataCertificate: a client certificate in PEM.
#[derive(Clone, Debug, Default, PartialEq, Serialize, versori_model_derive::DeserializeExtra)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct CertificateData {
    /// The certificate (PEM).
    pub certificate: String,
    /// The private key (PEM; redacted in responses).
    pub key: Secret,
    /// The certificate authority chain (PEM).
    pub ca: String,
    /// Keys this release does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// CredentialDataOAuth1: the state of an OAuth 1.0a browser flow.
#[derive(Clone, Debug, Default, PartialEq, Serialize, versori_model_derive::DeserializeExtra)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct OAuth1Data {
    /// The flow's state.
    pub state: String,
    /// The OAuth token.
    pub oauth_token: Secret,
    /// The OAuth verifier.
    pub oauth_verifier: Secret,
    /// Keys this release does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// CredentialDataOAuth1Token: an OAuth 1.0a token and secret (later v2 revision).
#[derive(Clone, Debug, Default, PartialEq, Serialize, versori_model_derive::DeserializeExtra)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct OAuth1TokenData {
    /// The token.
    pub token: Secret,
    /// The token secret.
    pub token_secret: Secret,
    /// Extra parameters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub additional_params: Option<Vec<AdditionalParam>>,
    /// Keys this release does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// AdditionalParam: a named parameter with an optional value.
#[derive(Clone, Debug, Default, PartialEq, Serialize, versori_model_derive::DeserializeExtra)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct AdditionalParam {
    /// The parameter's name.
    pub name: String,
    /// The parameter's value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// Keys this release does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}
