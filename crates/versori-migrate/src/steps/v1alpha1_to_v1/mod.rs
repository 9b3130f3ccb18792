//! **v1alpha1 -> v1: Connection becomes Connector, Environment becomes Connection.**
//!
//! Changelog entry (up):
//! - `Connection` is renamed `Connector`, its `environments` become `connections` and
//!   `environmentVariables` become `connectionVariables`; `Environment` is renamed `Connection`.
//! - Auth scheme configs gain `id` and `description`. They are derived from the scheme
//!   (`api-key`, `oauth2-authorization-code`, ...; `-2`, `-3` on repeats) and reported as
//!   `derived`. A config copied into a credential binding takes the id of the identical
//!   connector-level config, so copies stay recognisable as such.
//! - An oauth2 config with several `flows` becomes one config per grant. `applicationCredential`
//!   becomes the grant's `credentialId`, `organisationId` (the connector's), `clientId` and
//!   `clientSecret`. Its other fields have no v1 home.
//! - Credentials gain `organisationId` (the owning connection's) and lose `createdAt`/`updatedAt`;
//!   usages lose the environment `slug`; oauth2-client `additionalParams` changes from a map to a
//!   form-encoded string; oauth2-token loses its client fields.
//! - `google-service-account` configs have no v1 shape: `not-representable`.
//! - New v1 fields take their neutral value: `public: false`, `defaultScopes: []`.
//!
//! Down is the reverse: v1-only fields (`public`, `documentationURL`, `imageURL`, `tags`,
//! config `id`/`description`/`validationMessages`, `defaultScopes`, token params, mTLS,
//! credential `organisationId`/`expiresAt`, version `messages`) are dropped or, with
//! [`Loss::Preserve`](crate::Loss::Preserve), stashed; `password` grants, `certificate` configs
//! and the credential types v1alpha1 lacks are `not-representable`. A dropped value is reported
//! only when the up step would not derive it back unchanged.

use versori_model::ApiVersion;

/// v1alpha1 `connection` <-> v1 `connector` ([`up_connection`], [`down_connector`]), their
/// updates ([`up_connection_update`], [`down_connector_update`]) and versions.
mod connector;

/// v1alpha1 `environment` <-> v1 `connection` ([`up_environment`], [`down_connection`]), their
/// credential bindings and variables.
mod connection;

/// Auth scheme configs, standalone ([`up_standalone_config`], [`down_standalone_config`]) and
/// in lists ([`up_configs`](auth_scheme_config::up_configs),
/// [`down_configs`](auth_scheme_config::down_configs)), oauth2 flows and grants.
mod auth_scheme_config;

/// Credentials ([`up_credential`], [`down_credential`]), their data and usages.
mod credential;

pub(crate) use auth_scheme_config::{down_standalone_config, up_standalone_config};
pub(crate) use connection::{ConnectionOwner, EnvironmentOwner, down_connection, up_environment};
pub(crate) use connector::{
    down_connector, down_connector_update, up_connection, up_connection_update,
};
pub(crate) use credential::{CredentialOwner, down_credential, up_credential};
#[cfg(test)]
pub(crate) use credential::{form_decode, form_encode};

const OLD: ApiVersion = ApiVersion::V1alpha1;
const NEW: ApiVersion = ApiVersion::V1;
