//! **v1 -> v2: Connector becomes a System exported with its Connections; credentials become one
//! ordered list; unions become `{type, <member>}` wrappers.**
//!
//! Changelog entry (up):
//! - A `connector` becomes a `system-export`: the `system` (`id`, `name`, `domain` derived from
//!   the base URL's host, `templateBaseUrl` = `baseUrl`, the auth configs) and its `connections`,
//!   each with `systemId` set. v2 is HTTP only: a BigQuery connector is `not-representable`.
//! - Connector metadata (`organisationId`, `public`, `documentationURL`, `imageURL`, `tags`),
//!   `connectionVariables`, `versions` and the connector's timestamps have no v2 home.
//! - A connection's `action` and `trigger` credentials merge into one list, actions first; the
//!   roles (and connection `variables`) have no v2 home.
//! - Auth scheme configs re-tag: `schemeType` becomes the wrapper's `type` and the config moves
//!   under its member (`apiKey`, `oauth2`, ...); grants likewise (`authorization_code` becomes
//!   `authorizationCode`). Types with no v1 config shape (`jwt-bearer`, `custom-function`,
//!   `google-service-account`) and unknown types are `not-representable` (v2's `jwt-bearer` has
//!   no member either, and v1 would not take one back).
//! - Credential `data` is keyed by member (`basic-auth` data goes under `basicAuth`); usages have no
//!   v2 home; oauth2-client data loses `authorizeUrl`; a missing oauth2-token `refreshToken`
//!   (required in v2) is written empty with a warning; `custom-function` and `jwt-bearer`
//!   credentials are `not-representable`.
//!
//! Down is the reverse: v2-only fields (`domain` when not the base URL's host, per-connection
//! `baseUrl`, `connectionTemplateId`, `pkce`, hmac `encoding`, token `tokenType`/`expiresAt`,
//! oauth2-code `redirectUrl`/`additionalParams`, members other than the one `type` names) are
//! dropped or, with [`Loss::Preserve`](crate::Loss::Preserve), stashed; so are a grant's unknown
//! keys and members other than the one its `type` names (kept in the v1 grant, which keeps
//! unknown keys); credentials go back to `action` unless a stash says otherwise; oauth1, `secret`
//! and `jwt-bearer` configs, oauth1 credentials and a credential without a `type` (`required`)
//! have no v1 form.

use versori_model::ApiVersion;

/// v1 `connector` <-> v2 `system-export` ([`up_connector`], [`down_system_export`]), and the
/// `domain` derived from the base URL.
mod connector;

/// v1 `connection` <-> v2 `connection` ([`up_connection`], [`down_connection`]) and their
/// credential bindings.
mod connection;

/// Auth scheme configs ([`up_config`], [`down_config`]) and their grants.
mod auth_scheme_config;

/// Credentials ([`up_credential`], [`down_credential`]) and their data.
mod credential;

pub(crate) use auth_scheme_config::{down_config, up_config};
pub(crate) use connection::{down_connection, up_connection};
#[cfg(test)]
pub(crate) use connector::domain_of;
pub(crate) use connector::{down_system_export, up_connector};
pub(crate) use credential::{down_credential, up_credential};

const OLD: ApiVersion = ApiVersion::V1;
const NEW: ApiVersion = ApiVersion::V2;
