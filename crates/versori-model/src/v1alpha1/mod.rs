//! Connect API **v1alpha1** (`/api/connect/v1alpha1`): a **Connection** defines an external
//! system; its **Environments** hold the credentials for each target.
//!
//! Kinds: [`Connection`], [`ConnectionUpdate`], [`Environment`], [`Credential`],
//! [`AuthSchemeConfig`].

mod auth;
mod credential;

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

pub use auth::*;
pub use credential::*;

use crate::common::{Extra, Timestamp, open_enum};
use crate::de;

open_enum! {
    /// ProtocolType: how the platform talks to the external system.
    pub enum ProtocolType {
        /// Over HTTP; the connection has a `baseUrl`.
        Http = "http",
        /// Google BigQuery; the connection has a `datasetId`.
        Bigquery = "bigquery",
    }
}

/// Connection: the definition of an external system (HTTPConnection or BigQueryConnection).
///
/// Both protocol variants share one struct: `protocol` says which, `baseUrl` belongs to `http`
/// and `datasetId` to `bigquery` (validation enforces this). Every connection has at least one
/// environment.
#[derive(Clone, Debug, Default, PartialEq, Serialize, versori_model_derive::DeserializeExtra)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(
    feature = "schemars",
    schemars(
        description = "The definition of an external system, over HTTP or BigQuery. `protocol` says which: `http` requires `baseUrl`, `bigquery` requires `datasetId`. Every connection has at least one environment."
    )
)]
#[serde(rename_all = "camelCase")]
pub struct Connection {
    /// The connection's unique identifier.
    pub id: String,
    /// The organisation that owns the connection.
    pub organisation_id: String,
    /// The user-provided name of the connection.
    pub name: String,
    /// The connection's protocol.
    pub protocol: ProtocolType,
    /// The auth scheme configs the connection supports.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auth_scheme_configs: Option<Vec<AuthSchemeConfig>>,
    /// Default variables initialised in every environment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub environment_variables: Option<Vec<EnvironmentVariable>>,
    /// Every environment of the connection.
    pub environments: Vec<Environment>,
    /// Every version of the connection.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub versions: Option<Vec<ConnectionVersion>>,
    /// When the connection was created.
    pub created_at: Timestamp,
    /// When the connection or any child resource was last updated.
    pub updated_at: Timestamp,
    /// `http` only: the base URL of every HTTP action.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_url: Option<String>,
    /// `bigquery` only: the dataset, as `<project>.<dataset>`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dataset_id: Option<String>,
    /// Keys this release does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// ConnectionSummaryBase: a summary of a connection, whatever its protocol.
#[derive(Clone, Debug, Default, PartialEq, Serialize, versori_model_derive::DeserializeExtra)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct ConnectionSummary {
    /// The connection's identifier.
    pub id: String,
    /// The organisation that owns the connection.
    pub organisation_id: String,
    /// The connection's name.
    pub name: String,
    /// The connection's protocol.
    pub protocol: ProtocolType,
    /// When the connection was created.
    pub created_at: Timestamp,
    /// When the connection or any child resource was last updated.
    pub updated_at: Timestamp,
    /// Keys this release does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Environment: the credentials and variables of one target of a connection.
#[derive(Clone, Debug, Default, PartialEq, Serialize, versori_model_derive::DeserializeExtra)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct Environment {
    /// The environment's identifier; internal (public APIs use the name and connection id).
    pub id: String,
    /// The environment's name; unique within its connection.
    pub name: String,
    /// The action and trigger credentials.
    pub credentials: EnvironmentCredentials,
    /// The environment's variables.
    pub variables: Vec<EnvironmentVariable>,
    /// When the environment was created.
    pub created_at: Timestamp,
    /// When the environment was last updated.
    pub updated_at: Timestamp,
    /// Keys this release does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// EnvironmentCredentials: action and trigger credentials, applied to a request in array order.
#[derive(Clone, Debug, Default, PartialEq, Serialize, versori_model_derive::DeserializeExtra)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct EnvironmentCredentials {
    /// Credentials for outbound actions, applied in order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<Vec<EnvironmentCredential>>,
    /// Credentials for inbound triggers, applied in order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trigger: Option<Vec<EnvironmentCredential>>,
    /// Keys this release does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// EnvironmentCredential: a credential bound to a copy of the auth scheme config it satisfies.
#[derive(Clone, Debug, Default, PartialEq, Serialize, versori_model_derive::DeserializeExtra)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct EnvironmentCredential {
    /// The binding's identifier.
    pub id: String,
    /// The auth scheme config, copied when the environment was created.
    pub auth_scheme_config: AuthSchemeConfig,
    /// The credential.
    pub credential: Credential,
    /// Keys this release does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// EnvironmentVariable: a named string value; used in templates as `{{ env.<name> }}`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, versori_model_derive::DeserializeExtra)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct EnvironmentVariable {
    /// The variable's name.
    pub name: String,
    /// The variable's value.
    pub value: String,
    /// Keys this release does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// ConnectionVersion: a version of a connection.
#[derive(Clone, Debug, Default, PartialEq, Serialize, versori_model_derive::DeserializeExtra)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct ConnectionVersion {
    /// The version's identifier; internal (the name is used externally).
    pub id: String,
    /// The version's name (free-form); `default` and `latest` are reserved.
    #[cfg_attr(feature = "schemars", schemars(extend("not" = { "enum": ["default", "latest"] })))]
    pub name: String,
    /// What changed in this version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Whether this is the newest published version.
    pub is_latest: bool,
    /// Whether this is the default version.
    pub is_default: bool,
    /// When the version was created.
    pub created_at: Timestamp,
    /// When the version was last updated.
    pub updated_at: Timestamp,
    /// When the version was published; `null` for a draft. Required, and written even when null.
    #[serde(deserialize_with = "crate::de::required_nullable")]
    pub published_at: Option<Timestamp>,
    /// Keys this release does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// ConnectionUpdate: the body of `PUT .../connections/{id}`.
///
/// Full replacement: omitted fields are unset. `authSchemeConfigs`, when present, overwrites the
/// list but leaves existing environments alone (they keep their copy); `environments`, when
/// present, overwrites the list with unedited existing or new environments (reorder or replace);
/// `environmentVariables`, when present, overwrites the list in every environment.
#[derive(Clone, Debug, Default, PartialEq, Serialize, versori_model_derive::DeserializeExtra)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct ConnectionUpdate {
    /// The connection's identifier.
    pub id: String,
    /// The organisation that owns the connection.
    pub organisation_id: String,
    /// The connection's name.
    pub name: String,
    /// The connection's protocol.
    pub protocol: ProtocolType,
    /// Replaces the auth scheme configs (existing environments keep their copies).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auth_scheme_configs: Option<Vec<AuthSchemeConfig>>,
    /// Replaces the environments: existing ones unedited, or new ones.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub environments: Option<Vec<EnvironmentUpdateOrCreate>>,
    /// `http` only: the base URL of every HTTP action.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_url: Option<String>,
    /// `http` only: replaces the default variables in every environment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub environment_variables: Option<Vec<EnvironmentVariable>>,
    /// `bigquery` only: the dataset, as `<project>.<dataset>`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dataset_id: Option<String>,
    /// Keys this release does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// EnvironmentUpdateOrCreate: an existing environment (has `id`) or a new one (no `id`).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(untagged)]
pub enum EnvironmentUpdateOrCreate {
    /// An existing environment, by id.
    Update(EnvironmentUpdate),
    /// A new environment.
    Create(EnvironmentCreate),
}

impl Default for EnvironmentUpdateOrCreate {
    fn default() -> Self {
        Self::Create(EnvironmentCreate::default())
    }
}

impl<'de> Deserialize<'de> for EnvironmentUpdateOrCreate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let map = serde_json::Map::<String, Value>::deserialize(deserializer)?;
        if map.contains_key("id") {
            Ok(Self::Update(de::nested(Value::Object(map), &[])?))
        } else {
            Ok(Self::Create(de::nested(Value::Object(map), &[])?))
        }
    }
}

/// EnvironmentUpdate: an existing environment; only the order and auth configs of its
/// credentials and its variables can change (`variables` absent: unchanged; `[]`: all deleted).
#[derive(Clone, Debug, Default, PartialEq, Serialize, versori_model_derive::DeserializeExtra)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct EnvironmentUpdate {
    /// The environment's identifier.
    pub id: String,
    /// The environment's (new) name.
    pub name: String,
    /// Reorders or reconfigures the credentials.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credentials: Option<EnvironmentCredentialsUpdate>,
    /// Absent: unchanged; `[]`: all variables deleted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub variables: Option<Vec<EnvironmentVariable>>,
    /// Keys this release does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// EnvironmentCredentialsUpdate: the new order and auth configs of existing credentials.
#[derive(Clone, Debug, Default, PartialEq, Serialize, versori_model_derive::DeserializeExtra)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct EnvironmentCredentialsUpdate {
    /// Action credentials, in their new order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<Vec<EnvironmentCredentialUpdate>>,
    /// Trigger credentials, in their new order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trigger: Option<Vec<EnvironmentCredentialUpdate>>,
    /// Keys this release does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// EnvironmentCredentialUpdate: reconfigures an existing credential binding. `schemeType` cannot
/// change, and secrets change only through UpdateCredential.
#[derive(Clone, Debug, Default, PartialEq, Serialize, versori_model_derive::DeserializeExtra)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct EnvironmentCredentialUpdate {
    /// The binding's identifier.
    pub id: String,
    /// The (re)configured auth scheme config.
    pub auth_scheme_config: AuthSchemeConfig,
    /// Keys this release does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// EnvironmentCreate: a new environment.
#[derive(Clone, Debug, Default, PartialEq, Serialize, versori_model_derive::DeserializeExtra)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct EnvironmentCreate {
    /// The environment's name.
    pub name: String,
    /// The new environment's credentials.
    pub credentials: EnvironmentCredentialsCreate,
    /// The environment's variables.
    pub variables: Vec<EnvironmentVariable>,
    /// Keys this release does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// EnvironmentCredentialsCreate: the credentials of a new environment.
#[derive(Clone, Debug, Default, PartialEq, Serialize, versori_model_derive::DeserializeExtra)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct EnvironmentCredentialsCreate {
    /// Credentials for outbound actions, applied in order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<Vec<EnvironmentCredentialCreate>>,
    /// Credentials for inbound triggers, applied in order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trigger: Option<Vec<EnvironmentCredentialCreate>>,
    /// Keys this release does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// EnvironmentCredentialCreate: a new credential binding.
#[derive(Clone, Debug, Default, PartialEq, Serialize, versori_model_derive::DeserializeExtra)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct EnvironmentCredentialCreate {
    /// The auth scheme config the credential satisfies.
    pub auth_scheme_config: AuthSchemeConfig,
    /// A new credential, or a reference to an existing one.
    pub credential: CredentialCreateOrReference,
    /// Keys this release does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Error: the body of an error response.
#[derive(Clone, Debug, Default, PartialEq, Serialize, versori_model_derive::DeserializeExtra)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct Error {
    /// A machine-readable error code.
    pub code: String,
    /// A human-readable message.
    pub message: String,
    /// Per-field problems.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fields: Option<Vec<ErrorField>>,
    /// The underlying cause.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cause: Option<String>,
    /// Keys this release does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// ErrorField: a problem with one field of a request.
#[derive(Clone, Debug, Default, PartialEq, Serialize, versori_model_derive::DeserializeExtra)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct ErrorField {
    /// The field's path, e.g. `a.b[0].c`.
    pub field: String,
    /// What is wrong with it.
    pub message: String,
    /// Keys this release does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}
