//! v1alpha1 credentials: a standalone resource (`/o/{org}/credentials`), its `data` shaped by
//! the sibling `type`.

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

use crate::common::{Extra, Secret, Timestamp, open_enum};
use crate::de;

use super::ConnectionSummary;

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
        /// An OAuth 2.0 client and its endpoints.
        OAuth2Client = "oauth2-client",
        /// OAuth 2.0 tokens with their client.
        OAuth2Token = "oauth2-token",
    }
}

/// Credential: secret material an environment authenticates with.
///
/// `data` is decoded by `type` (basic-auth data and `{}` fit several shapes).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(
    feature = "schemars",
    schemars(
        description = "Secret material an environment authenticates with. `type` decides the shape of `data`."
    )
)]
#[serde(rename_all = "camelCase")]
pub struct Credential {
    /// The credential's unique identifier.
    pub id: String,
    /// The kind of credential; decides the shape of `data`.
    #[serde(rename = "type")]
    pub credential_type: CredentialType,
    /// The credential's name.
    pub name: String,
    /// Environments using this credential. Absent: usages were not loaded; `[]`: unused.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub usages: Option<Vec<CredentialUsage>>,
    /// Errors from validating the credential. Absent: not validated; `[]`: valid.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub errors: Option<Vec<String>>,
    /// The secret material, shaped by `type`.
    pub data: CredentialData,
    /// When the credential was created.
    pub created_at: Timestamp,
    /// When the credential was last updated.
    pub updated_at: Timestamp,
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
            #[serde(rename = "type")]
            credential_type: CredentialType,
            name: String,
            #[serde(default)]
            usages: Option<Vec<CredentialUsage>>,
            #[serde(default)]
            errors: Option<Vec<String>>,
            data: Value,
            created_at: Timestamp,
            updated_at: Timestamp,
            #[serde(flatten)]
            extra: Extra,
        }
        let wire = Wire::deserialize(deserializer)?;
        Ok(Self {
            data: CredentialData::decode(&wire.credential_type, wire.data)?,
            id: wire.id,
            credential_type: wire.credential_type,
            name: wire.name,
            usages: wire.usages,
            errors: wire.errors,
            created_at: wire.created_at,
            updated_at: wire.updated_at,
            extra: wire.extra,
        })
    }
}

/// CredentialCreate: a new credential, as sent when creating an environment.
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

/// CredentialCreateOrReference: a new credential, or a reference to an existing one by `id`.
///
/// Told apart by shape: an object with `id` and no `type` is a reference.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(untagged)]
#[allow(clippy::large_enum_variant)] // variants stay unboxed so users can build and match them directly
pub enum CredentialCreateOrReference {
    /// A new credential.
    Create(CredentialCreate),
    /// An existing credential.
    Reference(InferredReference),
}

impl Default for CredentialCreateOrReference {
    fn default() -> Self {
        Self::Create(CredentialCreate::default())
    }
}

impl<'de> Deserialize<'de> for CredentialCreateOrReference {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let map = serde_json::Map::<String, Value>::deserialize(deserializer)?;
        if map.contains_key("id") && !map.contains_key("type") {
            Ok(Self::Reference(de::nested(Value::Object(map), &[])?))
        } else {
            Ok(Self::Create(de::nested(Value::Object(map), &[])?))
        }
    }
}

/// InferredReference: a reference to an existing resource whose type comes from context.
#[derive(Clone, Debug, Default, PartialEq, Serialize, versori_model_derive::DeserializeExtra)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct InferredReference {
    /// The referenced resource's identifier.
    pub id: String,
    /// Keys this release does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
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
    BasicAuth(BasicAuthData),
    /// `oauth2-client`: client id and secret plus the OAuth 2.0 endpoints.
    OAuth2Client(OAuth2ClientData),
    /// `oauth2-token`: tokens with their client and endpoints.
    OAuth2Token(OAuth2TokenData),
    /// Data of a type this release does not know, kept verbatim.
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
            CredentialType::OAuth2Token => Self::OAuth2Token(de::nested(data, AT)?),
            CredentialType::Unknown(_) => Self::Other(data),
        })
    }
}

/// CredentialDataNone: no data; a placeholder.
#[derive(Clone, Debug, Default, PartialEq, Serialize, versori_model_derive::DeserializeExtra)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct NoneData {
    /// Keys this release does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// CredentialDataString: a single UTF-8 secret.
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

/// CredentialDataBasicAuth: a username and password.
#[derive(Clone, Debug, Default, PartialEq, Serialize, versori_model_derive::DeserializeExtra)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct BasicAuthData {
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
    /// The authorization endpoint.
    #[cfg_attr(feature = "schemars", schemars(extend("format" = "uri")))]
    pub authorize_url: String,
    /// The token endpoint.
    #[cfg_attr(feature = "schemars", schemars(extend("format" = "uri")))]
    pub token_url: String,
    /// Scopes to request; only needed for client_credentials.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scopes: Option<Vec<String>>,
    /// Extra parameters, as a map (a form-encoded string from v1 on).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub additional_params: Option<BTreeMap<String, String>>,
    /// Keys this release does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// CredentialDataOAuth2Token: OAuth 2.0 tokens with their client; only `scopes` is shown in
/// responses.
#[derive(Clone, Debug, Default, PartialEq, Serialize, versori_model_derive::DeserializeExtra)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct OAuth2TokenData {
    /// The client identifier.
    pub client_id: String,
    /// The client secret (redacted in responses).
    pub client_secret: Secret,
    /// The authorization endpoint.
    #[cfg_attr(feature = "schemars", schemars(extend("format" = "uri")))]
    pub authorize_url: String,
    /// The token endpoint.
    #[cfg_attr(feature = "schemars", schemars(extend("format" = "uri")))]
    pub token_url: String,
    /// The scopes consented to.
    pub scopes: Vec<String>,
    /// The access token (redacted in responses).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_token: Option<Secret>,
    /// The refresh token (redacted in responses).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<Secret>,
    /// Extra parameters, as a map.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub additional_params: Option<BTreeMap<String, String>>,
    /// Keys this release does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// CredentialUsage: one environment that uses a credential.
#[derive(Clone, Debug, Default, PartialEq, Serialize, versori_model_derive::DeserializeExtra)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct CredentialUsage {
    /// The environment using the credential.
    pub environment: CredentialUsageEnvironment,
    /// Keys this release does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// CredentialUsageEnvironment: an environment using a credential, with its connection's summary.
#[derive(Clone, Debug, Default, PartialEq, Serialize, versori_model_derive::DeserializeExtra)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct CredentialUsageEnvironment {
    /// The environment's identifier.
    pub id: String,
    /// The environment's name.
    pub name: String,
    /// The kebab-case form of the name.
    pub slug: String,
    /// The connection the environment belongs to.
    pub connection: ConnectionSummary,
    /// When the environment was created.
    pub created_at: Timestamp,
    /// When the environment was last updated.
    pub updated_at: Timestamp,
    /// Keys this release does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}
