//! One module per adjacent pair of versions, each with `up` and `down` over the typed models.
//! A module's doc comment is its changelog entry.
//!
//! Inside a pair, one file per kind (`connector`, `connection`, `auth_scheme_config`,
//! `credential`), each `up_X` beside its `down_X`.

pub mod v1_to_v2;
pub mod v1alpha1_to_v1;

use versori_model::{ApiVersion, Document, Kind};

use crate::cx::Cx;

/// The timestamp written where an older version requires one and nothing in the newer
/// document gives it.
pub(crate) const EPOCH: &str = "1970-01-01T00:00:00Z";

/// The organisation the caller gave for a document that names none (reported as derived); a
/// `required` error without one.
pub(crate) fn given_organisation(cx: &mut Cx, field: &str, needs: &str) -> String {
    match cx.organisation_id().map(str::to_owned) {
        Some(org) => {
            cx.derived(
                field,
                format!("{needs}, which nothing in the document gives; the organisation given for the migration is used"),
            );
            org
        }
        None => {
            cx.required(
                field,
                format!("{needs}, which nothing in the document gives; give one for the migration (--organisation-id)"),
            );
            String::new()
        }
    }
}

/// The kind has no counterpart in the next version.
pub(crate) struct NoCounterpart(pub Kind);

/// Moves `doc` one version up (`v1alpha1 -> v1`, `v1 -> v2`).
pub(crate) fn up(doc: Document, cx: &mut Cx) -> Result<Document, NoCounterpart> {
    use v1_to_v2 as b;
    use v1alpha1_to_v1 as a;
    Ok(match doc {
        Document::V1alpha1Connection(c) => Document::V1Connector(a::up_connection(c, cx)),
        Document::V1alpha1ConnectionUpdate(u) => {
            Document::V1ConnectorUpdate(a::up_connection_update(u, cx))
        }
        Document::V1alpha1Environment(e) => {
            let created = e.created_at.clone();
            let owner = a::EnvironmentOwner::standalone(&created);
            Document::V1Connection(a::up_environment(e, &owner, cx))
        }
        Document::V1alpha1Credential(c) => {
            Document::V1Credential(a::up_credential(c, &a::CredentialOwner::standalone(), cx))
        }
        Document::V1alpha1AuthSchemeConfig(c) => {
            Document::V1AuthSchemeConfig(a::up_standalone_config(c, cx))
        }
        Document::V1Connector(c) => Document::V2SystemExport(b::up_connector(c, cx)),
        Document::V1Connection(c) => Document::V2Connection(b::up_connection(c, None, cx)),
        Document::V1Credential(c) => Document::V2Credential(b::up_credential(c, cx)),
        Document::V1AuthSchemeConfig(c) => {
            Document::V2AuthSchemeConfig(b::up_config(c, cx).unwrap_or_default())
        }
        other => return Err(NoCounterpart(other.kind())),
    })
}

/// Moves `doc` one version down (`v2 -> v1`, `v1 -> v1alpha1`).
pub(crate) fn down(doc: Document, cx: &mut Cx) -> Result<Document, NoCounterpart> {
    use v1_to_v2 as b;
    use v1alpha1_to_v1 as a;
    Ok(match doc {
        Document::V2SystemExport(e) => Document::V1Connector(b::down_system_export(e, cx)),
        Document::V2Connection(c) => Document::V1Connection(b::down_connection(c, None, cx)),
        Document::V2Credential(c) => Document::V1Credential(b::down_credential(c, cx)),
        Document::V2AuthSchemeConfig(c) => {
            Document::V1AuthSchemeConfig(b::down_config(c, cx).unwrap_or_default())
        }
        Document::V1Connector(c) => Document::V1alpha1Connection(a::down_connector(c, cx)),
        Document::V1ConnectorUpdate(u) => {
            Document::V1alpha1ConnectionUpdate(a::down_connector_update(u, cx))
        }
        Document::V1Connection(c) => {
            let created = c.created_at.clone();
            let owner = a::ConnectionOwner::standalone(&created);
            Document::V1alpha1Environment(a::down_connection(c, &owner, cx))
        }
        Document::V1Credential(c) => Document::V1alpha1Credential(a::down_credential(
            c,
            &a::CredentialOwner::standalone(),
            cx,
        )),
        Document::V1AuthSchemeConfig(c) => {
            Document::V1alpha1AuthSchemeConfig(a::down_standalone_config(c, cx).unwrap_or_default())
        }
        other => return Err(NoCounterpart(other.kind())),
    })
}

/// The version one step from `from` towards `to`.
pub(crate) fn next(from: ApiVersion, to: ApiVersion) -> ApiVersion {
    let index = ApiVersion::ALL.iter().position(|v| *v == from).unwrap_or(0);
    if to > from {
        ApiVersion::ALL[index + 1]
    } else {
        ApiVersion::ALL[index - 1]
    }
}
