//! v1 credentials: the secret material a connection authenticates with, its `data` shaped by
//! the sibling `type`.

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

use crate::common::{Extra, Secret, Timestamp, open_enum};
use crate::de;

use super::ProtocolType;

open_enum! {
    /// CredentialType: the kind of credential, which decides the shape of its `data`.
    pub enum CredentialType {
        /// No credential is needed.
        None = "none",
        /// A single string value, e.g. an API key.
        String = "string",
        /// Binary data, base64-encoded.
        Binary = "binary",
        /// A username and password for HTTP basic auth.
        BasicAuth = "basic-auth",
        /// An OAuth 2.0 client id and secret.
        OAuth2Client = "oauth2-client",
        /// An authorization code to exchange for a token (write-only: reads back as `oauth2-token`).
        OAuth2Code = "oauth2-code",
        /// A resource owner's username and password for the password grant.
        OAuth2Password = "oauth2-password",
        /// OAuth 2.0 access and refresh tokens.
        OAuth2Token = "oauth2-token",
        /// A custom function (no data shape in v1).
        CustomFunction = "custom-function",
        /// A client certificate, key and CA (PEM).
        Certificate = "certificate",
        /// A JWT bearer (no data shape in v1).
        JwtBearer = "jwt-bearer",
    }
}

/// A credential: its type, name and secret data.
///
/// `data` is decoded by `type` (never by guessing: basic-auth and oauth2-password data have the
/// same shape, and `{}` fits anything).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(
    feature = "schemars",
    schemars(
        description = "A credential: its type, name and secret data. `type` decides the shape of `data`."
    )
)]
#[serde(rename_all = "camelCase")]
pub struct Credential {
    /// The credential's unique identifier.
    pub id: String,
    /// The organisation that owns the credential.
    pub organisation_id: String,
    /// The kind of credential; decides the shape of `data`.
    #[serde(rename = "type")]
    pub credential_type: CredentialType,
    /// The credential's name.
    pub name: String,
    /// Connections using this credential. Absent: usages were not loaded; `[]`: unused.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub usages: Option<Vec<CredentialUsage>>,
    /// Errors from validating the credential. Absent: not validated; `[]`: valid.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub errors: Option<Vec<String>>,
    /// The secret material, shaped by `type`.
    pub data: CredentialData,
    /// When the credential is deleted automatically (deletion events carry reason "expired").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<Timestamp>,
    /// Keys this release does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

impl<'de> Deserialize<'de> for Credential {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(versori_model_derive::DeserializeExtra)]
        #[serde(rename_all = "camelCase")]
        struct Wire {
            id: String,
            organisation_id: String,
            #[serde(rename = "type")]
            credential_type: CredentialType,
            name: String,
            #[serde(default)]
            usages: Option<Vec<CredentialUsage>>,
            #[serde(default)]
            errors: Option<Vec<String>>,
            data: Value,
            #[serde(default)]
            expires_at: Option<Timestamp>,
            #[serde(flatten)]
            extra: Extra,
        }
        let wire = Wire::deserialize(deserializer)?;
        Ok(Self {
            data: CredentialData::decode(&wire.credential_type, wire.data)?,
            id: wire.id,
            organisation_id: wire.organisation_id,
            credential_type: wire.credential_type,
            name: wire.name,
            usages: wire.usages,
            errors: wire.errors,
            expires_at: wire.expires_at,
            extra: wire.extra,
        })
    }
}

/// CredentialCreate: a credential as sent when creating a connection.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct CredentialCreate {
    /// The credential's name.
    pub name: String,
    /// The kind of credential; decides the shape of `data`.
    #[serde(rename = "type")]
    pub credential_type: CredentialType,
    /// The secret material, shaped by `type`.
    pub data: CredentialData,
    /// Keys this release does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

impl<'de> Deserialize<'de> for CredentialCreate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(versori_model_derive::DeserializeExtra)]
        struct Wire {
            name: String,
            #[serde(rename = "type")]
            credential_type: CredentialType,
            data: Value,
            #[serde(flatten)]
            extra: Extra,
        }
        let wire = Wire::deserialize(deserializer)?;
        Ok(Self {
            data: CredentialData::decode(&wire.credential_type, wire.data)?,
            name: wire.name,
            credential_type: wire.credential_type,
            extra: wire.extra,
        })
    }
}

/// A credential's `data`, one shape per [`CredentialType`] (untagged on the wire).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(untagged)]
pub enum CredentialData {
    /// `none`: no data.
    None(NoneData),
    /// `string`: one value.
    String(StringData),
    /// `binary`: base64 data.
    Binary(BinaryData),
    /// `basic-auth`: username and password.
    BasicAuth(UsernamePasswordData),
    /// `oauth2-client`: client id and secret plus the OAuth 2.0 endpoints.
    OAuth2Client(OAuth2ClientData),
    /// `oauth2-code`: an authorization code and state (write-only).
    OAuth2Code(OAuth2CodeData),
    /// `oauth2-password`: the resource owner's username and password.
    OAuth2Password(UsernamePasswordData),
    /// `oauth2-token`: the tokens.
    OAuth2Token(OAuth2TokenData),
    /// `certificate`: PEM certificate, key and CA.
    Certificate(CertificateData),
    /// Data of a type with no shape in v1 (`custom-function`, `jwt-bearer`) or an unknown type,
    /// kept verbatim.
    Other(Value),
}

impl Default for CredentialData {
    fn default() -> Self {
        Self::None(NoneData::default())
    }
}

impl CredentialData {
    /// Decodes `data` in the shape `credential_type` calls for; errors point below `/data`.
    pub(crate) fn decode<E: serde::de::Error>(
        credential_type: &CredentialType,
        data: Value,
    ) -> Result<Self, E> {
        const AT: &[&str] = &["data"];
        Ok(match credential_type {
            CredentialType::None => Self::None(de::nested(data, AT)?),
            CredentialType::String => Self::String(de::nested(data, AT)?),
            CredentialType::Binary => Self::Binary(de::nested(data, AT)?),
            CredentialType::BasicAuth => Self::BasicAuth(de::nested(data, AT)?),
            CredentialType::OAuth2Client => Self::OAuth2Client(de::nested(data, AT)?),
            CredentialType::OAuth2Code => Self::OAuth2Code(de::nested(data, AT)?),
            CredentialType::OAuth2Password => Self::OAuth2Password(de::nested(data, AT)?),
            CredentialType::OAuth2Token => Self::OAuth2Token(de::nested(data, AT)?),
            CredentialType::Certificate => Self::Certificate(de::nested(data, AT)?),
            CredentialType::CustomFunction
            | CredentialType::JwtBearer
            | CredentialType::Unknown(_) => Self::Other(data),
        })
    }
}

/// CredentialDataNone: no data; a placeholder so every type has the same interface.
#[derive(Clone, Debug, Default, PartialEq, Serialize, versori_model_derive::DeserializeExtra)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct NoneData {
    /// Keys this release does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// CredentialDataString: a single secret string, e.g. an API key.
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

/// CredentialDataOAuth2Client: an OAuth 2.0 client and its endpoints.
#[derive(Clone, Debug, Default, PartialEq, Serialize, versori_model_derive::DeserializeExtra)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct OAuth2ClientData {
    /// The client identifier.
    pub client_id: String,
    /// The client secret (redacted in responses).
    pub client_secret: Secret,
    /// The authorization endpoint; `""` for client_credentials.
    pub authorize_url: String,
    /// The token endpoint.
    #[cfg_attr(feature = "schemars", schemars(extend("format" = "uri")))]
    pub token_url: String,
    /// Scopes to request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scopes: Option<Vec<String>>,
    /// Extra token request parameters, form-encoded (a map in v1alpha1).
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

/// CredentialDataOAuth2Code: an authorization code to exchange; write-only (reads back as an
/// `oauth2-token` credential).
#[derive(Clone, Debug, Default, PartialEq, Serialize, versori_model_derive::DeserializeExtra)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct OAuth2CodeData {
    /// The authorization code.
    pub code: Secret,
    /// The state issued with the authorization URL.
    pub state: String,
    /// Keys this release does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// CredentialDataOAuth2Token: OAuth 2.0 tokens; only `scopes` is shown in responses.
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
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<Secret>,
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

/// CredentialUsage: one connection that uses a credential.
#[derive(Clone, Debug, Default, PartialEq, Serialize, versori_model_derive::DeserializeExtra)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct CredentialUsage {
    /// The connection using the credential, with a summary of its connector.
    pub connection: CredentialUsageConnection,
    /// Keys this release does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// CredentialUsageConnection: a connection using a credential and its connector's summary.
#[derive(Clone, Debug, Default, PartialEq, Serialize, versori_model_derive::DeserializeExtra)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct CredentialUsageConnection {
    /// The connection's identifier (mostly internal).
    pub id: String,
    /// The connection's name.
    pub name: String,
    /// The connector the connection belongs to.
    pub connector: ConnectorSummary,
    /// When the connection was created.
    pub created_at: Timestamp,
    /// When the connection was last updated.
    pub updated_at: Timestamp,
    /// Keys this release does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// ConnectorSummaryBase: a summary of a connector, whatever its protocol.
#[derive(Clone, Debug, Default, PartialEq, Serialize, versori_model_derive::DeserializeExtra)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct ConnectorSummary {
    /// The connector's identifier.
    pub id: String,
    /// The organisation that owns the connector.
    pub organisation_id: String,
    /// The connector's name.
    pub name: String,
    /// The connector's protocol.
    pub protocol: ProtocolType,
    /// When the connector was created.
    pub created_at: Timestamp,
    /// When the connector or any child resource was last updated.
    pub updated_at: Timestamp,
    /// Keys this release does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}
