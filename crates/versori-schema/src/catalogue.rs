//! The one table from (version, kind) to the model type whose schema is exported.

use schemars::JsonSchema;
use versori_model::{ApiVersion, Kind, v1, v1alpha1, v2};

/// Something done with the model type of one version and kind.
pub(crate) trait TypeVisitor {
    /// What the visit produces.
    type Output;
    /// Called with the model type.
    fn visit<T: JsonSchema>(self) -> Self::Output;
}

macro_rules! catalogue {
    ($( ($version:ident, $kind:ident) => $ty:ty, )+) => {
        /// Calls `visitor` with the model type of `version` and `kind` (`None`: no such kind).
        pub(crate) fn visit<V: TypeVisitor>(
            version: ApiVersion,
            kind: Kind,
            visitor: V,
        ) -> Option<V::Output> {
            match (version, kind) {
                $( (ApiVersion::$version, Kind::$kind) => Some(visitor.visit::<$ty>()), )+
                _ => None,
            }
        }
    };
}

catalogue! {
    (V1alpha1, Connection) => v1alpha1::Connection,
    (V1alpha1, ConnectionUpdate) => v1alpha1::ConnectionUpdate,
    (V1alpha1, Environment) => v1alpha1::Environment,
    (V1alpha1, Credential) => v1alpha1::Credential,
    (V1alpha1, AuthSchemeConfig) => v1alpha1::AuthSchemeConfig,
    (V1, Connector) => v1::Connector,
    (V1, ConnectorUpdate) => v1::ConnectorUpdate,
    (V1, Connection) => v1::Connection,
    (V1, AuthSchemeConfig) => v1::AuthSchemeConfig,
    (V1, Credential) => v1::Credential,
    (V2, System) => v2::System,
    (V2, ConnectionTemplate) => v2::ConnectionTemplate,
    (V2, LinkSystem) => v2::LinkSystem,
    (V2, AuthSchemeConfig) => v2::AuthSchemeConfig,
    (V2, Connection) => v2::Connection,
    (V2, Credential) => v2::Credential,
    (V2, SystemExport) => v2::SystemExport,
}
