//! `proptest` strategies for every top-level kind of every version (feature `proptest`).
//!
//! Every generated value is a **valid** document by the API's rules, so property tests of
//! validation, schemas and migration can reuse them:
//!
//! - required fields are filled; timestamps are RFC 3339 UTC ending in `Z` with
//!   `createdAt <= updatedAt` (children inside their parent's span); `expiresAt` is in 2030 or
//!   later; `publishedAt` is `null` or a timestamp;
//! - URLs are absolute `https://`; ids and names are unique within their arrays; version names
//!   are never `default` or `latest`;
//! - oauth2 `defaultScopes` are a subset of `scopes`; grant `credentialId`/`organisationId` come
//!   in pairs; `mtlsCredentialId` only with `mtlsEnabled: true`; v1alpha1 `flows` has a flow;
//! - v2 wrappers, grants and credential `data` set exactly the member their `type` names;
//! - credentials bound to a config have a type that fits its scheme;
//! - `http` documents have a `baseUrl` and no `datasetId`, `bigquery` the reverse;
//! - enum values are known ones; secrets are never `******`;
//! - `extra` maps are mostly empty, sometimes one or two `x-` keys with small JSON values.
//!
//! Arrays hold at most three elements so property tests stay fast.
//!
//! [`mutate`] breaks generated documents in the ways real input is broken (deleted and
//! misspelt keys, wrong types, near-miss enum values, odd strings and numbers, deep nesting,
//! duplicated elements and ids, other versions' fields, garbage stashes, swapped v2 members,
//! duplicate keys in the text), each mutation recorded with where it went.
//!
//! ```
//! use proptest::strategy::{Strategy, ValueTree};
//! use proptest::test_runner::TestRunner;
//! use versori_model::arbitrary;
//!
//! let mut runner = TestRunner::deterministic();
//! let connector = arbitrary::v1::connector().new_tree(&mut runner).unwrap().current();
//! assert!(connector.created_at <= connector.updated_at);
//! ```

use proptest::prelude::*;
use proptest::strategy::Union;

use crate::{ApiVersion, Document, Kind};

pub mod common;
pub mod mutate;
pub mod v1;
pub mod v1alpha1;
pub mod v2;

/// Documents of one version and kind (`None` when the version has no such kind).
pub fn document_of(version: ApiVersion, kind: Kind) -> Option<BoxedStrategy<Document>> {
    use ApiVersion::{V1, V1alpha1, V2};
    use Document as D;
    Some(match (version, kind) {
        (V1alpha1, Kind::Connection) => v1alpha1::connection()
            .prop_map(D::V1alpha1Connection)
            .boxed(),
        (V1alpha1, Kind::ConnectionUpdate) => v1alpha1::connection_update()
            .prop_map(D::V1alpha1ConnectionUpdate)
            .boxed(),
        (V1alpha1, Kind::Environment) => v1alpha1::environment()
            .prop_map(D::V1alpha1Environment)
            .boxed(),
        (V1alpha1, Kind::Credential) => v1alpha1::credential()
            .prop_map(D::V1alpha1Credential)
            .boxed(),
        (V1alpha1, Kind::AuthSchemeConfig) => v1alpha1::auth_scheme_config()
            .prop_map(D::V1alpha1AuthSchemeConfig)
            .boxed(),
        (V1, Kind::Connector) => v1::connector().prop_map(D::V1Connector).boxed(),
        (V1, Kind::ConnectorUpdate) => v1::connector_update()
            .prop_map(D::V1ConnectorUpdate)
            .boxed(),
        (V1, Kind::Connection) => v1::connection().prop_map(D::V1Connection).boxed(),
        (V1, Kind::AuthSchemeConfig) => v1::auth_scheme_config()
            .prop_map(D::V1AuthSchemeConfig)
            .boxed(),
        (V1, Kind::Credential) => v1::credential().prop_map(D::V1Credential).boxed(),
        (V2, Kind::System) => v2::system().prop_map(D::V2System).boxed(),
        (V2, Kind::ConnectionTemplate) => v2::connection_template()
            .prop_map(D::V2ConnectionTemplate)
            .boxed(),
        (V2, Kind::LinkSystem) => v2::link_system().prop_map(D::V2LinkSystem).boxed(),
        (V2, Kind::AuthSchemeConfig) => v2::auth_scheme_config()
            .prop_map(D::V2AuthSchemeConfig)
            .boxed(),
        (V2, Kind::Connection) => v2::connection().prop_map(D::V2Connection).boxed(),
        (V2, Kind::Credential) => v2::credential().prop_map(D::V2Credential).boxed(),
        (V2, Kind::SystemExport) => v2::system_export().prop_map(D::V2SystemExport).boxed(),
        _ => return None,
    })
}

/// A document of any supported version and kind, each kind equally likely.
pub fn document() -> impl Strategy<Value = Document> {
    Union::new(ApiVersion::ALL.iter().flat_map(|version| {
        version
            .kinds()
            .iter()
            .filter_map(|kind| document_of(*version, *kind))
    }))
}
