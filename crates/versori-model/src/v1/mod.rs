//! Connect API **v1** (`/api/connect/v1`): a **Connector** defines an external system and holds
//! its **Connections**, each with the credentials for one target.
//!
//! Kinds: [`Connector`], [`ConnectorUpdate`], [`Connection`], [`AuthSchemeConfig`], [`Credential`].

mod auth;
mod credential;

use std::collections::BTreeMap;

use serde::Serialize;

pub use auth::*;
pub use credential::*;

use crate::common::{Extra, Message, Timestamp, open_enum};

open_enum! {
    /// ProtocolType: how the platform talks to the external system.
    pub enum ProtocolType {
        /// Over HTTP; the connector has a `baseUrl`.
        Http = "http",
        /// Google BigQuery; the connector has a `datasetId`.
        Bigquery = "bigquery",
    }
}

/// Connector: a connector to an external system (HTTPConnector or BigQueryConnector).
///
/// Both protocol variants share one struct: `protocol` says which, `baseUrl` belongs to `http`
/// and `datasetId` to `bigquery` (validation enforces this). The JSON is exactly the wire's.
#[derive(Clone, Debug, Default, PartialEq, Serialize, versori_model_derive::DeserializeExtra)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(
    feature = "schemars",
    schemars(
        description = "A connector to an external system, over HTTP or BigQuery. `protocol` says which: `http` requires `baseUrl`, `bigquery` requires `datasetId`."
    )
)]
#[serde(rename_all = "camelCase")]
pub struct Connector {
    /// The connector's unique identifier.
    pub id: String,
    /// The organisation that owns the connector.
    pub organisation_id: String,
    /// The user-provided name of the connector.
    pub name: String,
    /// Whether the connector is public.
    pub public: bool,
    /// A link to the API's documentation.
    #[serde(
        rename = "documentationURL",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "schemars", schemars(extend("format" = "uri")))]
    pub documentation_url: Option<String>,
    /// The URL of the connector's icon.
    #[serde(rename = "imageURL", default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schemars", schemars(extend("format" = "uri")))]
    pub image_url: Option<String>,
    /// Free-form tags: each key holds a list of values.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<BTreeMap<String, Vec<String>>>,
    /// The connector's protocol.
    pub protocol: ProtocolType,
    /// The auth scheme configs the connector supports.
    pub auth_scheme_configs: Vec<AuthSchemeConfig>,
    /// Default variables initialised in every connection.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connection_variables: Option<Vec<ConnectionVariable>>,
    /// Every connection the connector has.
    pub connections: Vec<Connection>,
    /// Every version the connector has.
    pub versions: Vec<ConnectorVersion>,
    /// When the connector was created.
    pub created_at: Timestamp,
    /// When the connector or any child resource was last updated.
    pub updated_at: Timestamp,
    /// `http` only: the base URL of every HTTP action.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schemars", schemars(extend("format" = "uri")))]
    pub base_url: Option<String>,
    /// `bigquery` only: the dataset, as `<project>.<dataset>`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dataset_id: Option<String>,
    /// Keys this release does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// ConnectorUpdate: the body of `PUT .../connectors/{id}` (UpdateConnector).
///
/// Full replacement: omitted fields are unset. Versions and connections cannot change here;
/// `authSchemeConfigIds` only reorders (absent: untouched); `connectionVariables`, when present,
/// overwrites the list and is applied to every connection.
#[derive(Clone, Debug, Default, PartialEq, Serialize, versori_model_derive::DeserializeExtra)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct ConnectorUpdate {
    /// The connector's identifier.
    pub id: String,
    /// The organisation that owns the connector.
    pub organisation_id: String,
    /// The connector's name.
    pub name: String,
    /// Free-form tags: each key holds a list of values.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<BTreeMap<String, Vec<String>>>,
    /// The connector's protocol.
    pub protocol: ProtocolType,
    /// The ids of the existing auth scheme configs, in the new order (reorder only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auth_scheme_config_ids: Option<Vec<String>>,
    /// Whether the connector is public.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public: Option<bool>,
    /// A link to the API's documentation.
    #[serde(
        rename = "documentationURL",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "schemars", schemars(extend("format" = "uri")))]
    pub documentation_url: Option<String>,
    /// The URL of the connector's icon.
    #[serde(rename = "imageURL", default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schemars", schemars(extend("format" = "uri")))]
    pub image_url: Option<String>,
    /// `http` only: the base URL of every HTTP action.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schemars", schemars(extend("format" = "uri")))]
    pub base_url: Option<String>,
    /// `http` only: overwrites the default variables, applied to every connection.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connection_variables: Option<Vec<ConnectionVariable>>,
    /// `bigquery` only: the dataset, as `<project>.<dataset>`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dataset_id: Option<String>,
    /// Keys this release does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Connection: the action and trigger credentials of one target of a connector, plus its
/// variables.
#[derive(Clone, Debug, Default, PartialEq, Serialize, versori_model_derive::DeserializeExtra)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct Connection {
    /// The connection's identifier; mostly internal (public APIs use the name and connector id).
    pub id: String,
    /// The connection's name; unique within the owning connector.
    pub name: String,
    /// The action and trigger credentials.
    pub credentials: ConnectionCredentials,
    /// The connection's variables.
    pub variables: Vec<ConnectionVariable>,
    /// When the connection was created.
    pub created_at: Timestamp,
    /// When the connection was last updated.
    pub updated_at: Timestamp,
    /// Keys this release does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// ConnectionCredentials: the action and trigger credentials; several in one list are applied
/// to a request in order (e.g. a session token and an API key).
#[derive(Clone, Debug, Default, PartialEq, Serialize, versori_model_derive::DeserializeExtra)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct ConnectionCredentials {
    /// Credentials for outbound actions, applied in order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<Vec<ConnectionCredential>>,
    /// Credentials for inbound triggers, applied in order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trigger: Option<Vec<ConnectionCredential>>,
    /// Keys this release does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// ConnectionCredential: a credential bound to a copy of the auth scheme config it satisfies.
#[derive(Clone, Debug, Default, PartialEq, Serialize, versori_model_derive::DeserializeExtra)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct ConnectionCredential {
    /// The binding's identifier.
    pub id: String,
    /// The auth scheme config (a copy taken when the connection was created).
    pub auth_scheme_config: AuthSchemeConfig,
    /// The credential.
    pub credential: Credential,
    /// Keys this release does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// ConnectionVariable: a named string value used to customise a connection.
#[derive(Clone, Debug, Default, PartialEq, Serialize, versori_model_derive::DeserializeExtra)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct ConnectionVariable {
    /// The variable's name.
    pub name: String,
    /// The variable's value.
    pub value: String,
    /// Keys this release does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// ConnectorVersion: a version of a connector's actions, triggers and definitions.
#[derive(Clone, Debug, Default, PartialEq, Serialize, versori_model_derive::DeserializeExtra)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct ConnectorVersion {
    /// The version's identifier; mostly internal (the name is used externally).
    pub id: String,
    /// The version's name (any scheme, e.g. SemVer); `default` and `latest` are reserved.
    #[cfg_attr(feature = "schemars", schemars(extend("not" = { "enum": ["default", "latest"] })))]
    pub name: String,
    /// What changed in this version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Whether this is the newest published version.
    pub is_latest: bool,
    /// Whether this is the default version (the user's choice, else the latest).
    pub is_default: bool,
    /// When the version was created.
    pub created_at: Timestamp,
    /// When the version or any child resource was last updated.
    pub updated_at: Timestamp,
    /// When the version was published; `null` for a draft. Required, and written even when null.
    #[serde(deserialize_with = "crate::de::required_nullable")]
    pub published_at: Option<Timestamp>,
    /// Messages about the version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub messages: Option<Vec<Message>>,
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
    /// More detail about the error.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub details: Option<String>,
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
