//! Platform API **v2** (`/api/v2`): a **System** (organisation-level) is linked into a project
//! environment as a **ConnectionTemplate**; **Connections** are organisation-level resources.
//!
//! Kinds: [`System`], [`ConnectionTemplate`], [`LinkSystem`], [`AuthSchemeConfig`],
//! [`Connection`], [`Credential`], and [`SystemExport`] (a system with its connections, the v2
//! form of a v1 connector).
//!
//! Pinned revisions: the platform API of 2025-12 (the reference page's) and its 2026-04
//! successor. Where they differ the model takes the more permissive of the two.

mod auth;
mod credential;

use serde::Serialize;

pub use auth::*;
pub use credential::*;

use crate::common::{Extra, Timestamp};

/// System: an external system the organisation integrates with.
#[derive(Clone, Debug, Default, PartialEq, Serialize, versori_model_derive::DeserializeExtra)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct System {
    /// The system's unique identifier.
    pub id: String,
    /// The system's name.
    pub name: String,
    /// The system's domain, e.g. `shopify` or a host name.
    pub domain: String,
    /// The auth scheme configs the system supports.
    pub auth_scheme_configs: Vec<AuthSchemeConfig>,
    /// The base URL of requests; connections may override it.
    pub template_base_url: String,
    /// Keys this release does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// ConnectionTemplate: a system linked into a project environment.
#[derive(Clone, Debug, Default, PartialEq, Serialize, versori_model_derive::DeserializeExtra)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct ConnectionTemplate {
    /// The system's id (not the template's; see `connectionTemplateId`).
    pub id: String,
    /// The template's own id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connection_template_id: Option<String>,
    /// The name integration code uses to refer to the connection.
    pub name: String,
    /// The system's domain.
    pub domain: String,
    /// Whether connections are per end user (dynamic) rather than static.
    pub dynamic: bool,
    /// The auth scheme configs of the template, applied in order.
    pub auth_scheme_configs: Vec<AuthSchemeConfig>,
    /// The base URL of requests.
    pub template_base_url: String,
    /// Keys this release does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// LinkSystem: the body of `POST .../projects/{id}/connection-templates`, which links a system
/// into a project environment.
#[derive(Clone, Debug, Default, PartialEq, Serialize, versori_model_derive::DeserializeExtra)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct LinkSystem {
    /// The system to link.
    pub system_id: String,
    /// How the SDK refers to the system.
    pub name: String,
    /// The project environment to link the system to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub environment_id: Option<String>,
    /// Whether connections are per end user; false when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dynamic: Option<bool>,
    /// Keys this release does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Connection: an organisation-level set of credentials for a system, static or per end user.
#[derive(Clone, Debug, Default, PartialEq, Serialize, versori_model_derive::DeserializeExtra)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct Connection {
    /// The connection's identifier.
    pub id: String,
    /// The connection's name.
    pub name: String,
    /// The credentials, one flat list applied in order (no action/trigger split).
    pub credentials: Vec<ConnectionCredential>,
    /// Overrides the system's base URL; `""` means no override.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_url: Option<String>,
    /// When the connection was created.
    pub created_at: Timestamp,
    /// When the connection was last updated.
    pub updated_at: Timestamp,
    /// The system the connection belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub system_id: Option<String>,
    /// The template the connection was created against.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connection_template_id: Option<String>,
    /// Keys this release does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// ConnectionCredential: a credential bound to the auth scheme config it satisfies.
#[derive(Clone, Debug, Default, PartialEq, Serialize, versori_model_derive::DeserializeExtra)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct ConnectionCredential {
    /// The binding's identifier.
    pub id: String,
    /// The auth scheme config.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auth_scheme_config: Option<AuthSchemeConfig>,
    /// The credential.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credential: Option<Credential>,
    /// Keys this release does not know, kept verbatim.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A system together with its connections: the v2 form of a v1 connector, since v2 keeps
/// connections as separate resources. Each connection's `systemId` is the system's id.
#[derive(Clone, Debug, Default, PartialEq, Serialize, versori_model_derive::DeserializeExtra)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
pub struct SystemExport {
    /// The system.
    pub system: System,
    /// The system's connections.
    pub connections: Vec<Connection>,
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
