use serde_json::Value;
use versori_model::{Extra, Timestamp, v1, v2};

use super::auth_scheme_config::{down_config, up_config};
use super::connection::{down_connection, up_connection};
use super::{NEW, OLD};
use crate::cx::{Cx, Restore, Shape};
use crate::steps::{EPOCH, given_organisation};

/// v1 `connector` -> v2 `system-export`.
pub(crate) fn up_connector(c: v1::Connector, cx: &mut Cx) -> v2::SystemExport {
    let mut extra = c.extra;
    let mut restore = Restore::take(&mut extra, NEW, cx);
    if c.protocol != v1::ProtocolType::Http {
        cx.not_representable(
            "protocol",
            format!(
                "v2 systems are HTTP only; a `{}` connector has no v2 form",
                c.protocol
            ),
        );
    }
    if let Some(dataset) = &c.dataset_id {
        cx.lose(
            &mut extra,
            OLD,
            "datasetId",
            dataset.clone().into(),
            "v2 systems have no dataset",
        );
    }
    let template_base_url = match c.base_url.clone() {
        Some(url) => url,
        None => {
            cx.placeholder(
                "baseUrl",
                "v2 requires a base URL (templateBaseUrl); left empty (the way back reads it as absent)",
            );
            if cx.preserving() {
                cx.stash(&mut extra, OLD, "baseUrl", Value::Null);
            }
            String::new()
        }
    };
    let derived_domain = domain_of(&template_base_url);
    let domain = restore
        .get_unless::<String>("domain", Some(&derived_domain))
        .unwrap_or_else(|| {
            cx.derived(
                "baseUrl",
                "v2 requires a `domain`; derived from the base URL's host",
            );
            domain_of(&template_base_url)
        });
    // Down takes the organisation from the first credential (or leaves it empty).
    let derivable = first_credential_org(&c.connections).or(cx.organisation_id());
    if derivable != Some(c.organisation_id.as_str()) {
        cx.lose(
            &mut extra,
            OLD,
            "organisationId",
            c.organisation_id.clone().into(),
            "v2 systems have no organisationId",
        );
    }
    if c.public {
        cx.lose(
            &mut extra,
            OLD,
            "public",
            true.into(),
            "v2 systems have no public flag",
        );
    }
    for (field, value) in [
        ("documentationURL", &c.documentation_url),
        ("imageURL", &c.image_url),
    ] {
        if let Some(value) = value {
            cx.lose(
                &mut extra,
                OLD,
                field,
                value.clone().into(),
                "v2 systems have no such field",
            );
        }
    }
    if let Some(tags) = &c.tags {
        cx.lose_typed(
            &mut extra,
            OLD,
            "tags",
            tags,
            "v2 systems have no tags (labels exist only on create)",
        );
    }
    if let Some(vars) = &c.connection_variables {
        cx.lose_typed(
            &mut extra,
            OLD,
            "connectionVariables",
            vars,
            "v2 has no connection variables",
        );
    }
    if !c.versions.is_empty() {
        cx.lose_typed(
            &mut extra,
            OLD,
            "versions",
            &c.versions,
            "v2 systems are not versioned",
        );
    }
    for (field, value) in [("createdAt", &c.created_at), ("updatedAt", &c.updated_at)] {
        if value.as_str() != EPOCH {
            cx.lose(
                &mut extra,
                OLD,
                field,
                value.as_str().into(),
                "v2 systems have no timestamps",
            );
        }
    }
    let system_id = c.id.clone();
    let connections = cx.at("connections", |cx| {
        c.connections
            .into_iter()
            .enumerate()
            .map(|(i, conn)| cx.at(i, |cx| up_connection(conn, Some(&system_id), cx)))
            .collect()
    });
    // Keys a preserving down step kept from beside `system`; never `system` or `connections`.
    let export_extra: Extra = restore
        .value_if("export", |v| {
            v.as_object().is_some_and(|keys| {
                !keys.is_empty()
                    && keys
                        .keys()
                        .all(|k| !Shape::of::<v2::SystemExport>().knows(k))
            })
        })
        .and_then(|v| versori_model::de::from_value(v).ok())
        .unwrap_or_default();
    let system = cx.at_output("system", |cx| {
        cx.renamed("baseUrl", "templateBaseUrl");
        let auth_scheme_configs = cx.at("authSchemeConfigs", |cx| {
            let mut out = Vec::new();
            for (i, config) in c.auth_scheme_configs.into_iter().enumerate() {
                let at = out.len();
                if let Some(config) = cx.at_as(i, at, |cx| up_config(config, cx)) {
                    out.push(config);
                }
            }
            out
        });
        cx.settle(
            &mut extra,
            restore,
            Shape::of::<v1::Connector>(),
            Shape::of::<v2::System>(),
            OLD,
        );
        v2::System {
            id: c.id,
            name: c.name,
            domain,
            auth_scheme_configs,
            template_base_url,
            extra,
        }
    });
    v2::SystemExport {
        system,
        connections,
        extra: export_extra,
    }
}

/// v2 `system-export` -> v1 `connector`.
pub(crate) fn down_system_export(e: v2::SystemExport, cx: &mut Cx) -> v1::Connector {
    let system = e.system;
    let mut extra = system.extra;
    let mut restore = cx.at_source("system", |cx| Restore::take(&mut extra, OLD, cx));
    cx.lose_keys(
        &mut extra,
        NEW,
        "export",
        &e.extra,
        "a v1 connector has no place for keys beside `system`",
    );
    let from_credentials = e
        .connections
        .iter()
        .flat_map(|c| &c.credentials)
        .filter_map(|b| b.credential.as_ref())
        .map(|c| c.organisation_id.clone())
        .next();
    // Up stashes the organisation only where it is not the one down derives.
    let derivable = from_credentials
        .clone()
        .or_else(|| cx.organisation_id().map(str::to_owned));
    let stashed = restore.get_unless::<String>("organisationId", derivable.as_ref());
    let organisation_id = stashed.unwrap_or_else(|| {
        // Said of `/system/organisationId`: the key the system lacks.
        cx.at_source("system", |cx| match from_credentials {
            Some(org) => {
                cx.derived(
                    "organisationId",
                    "v1 requires the connector's organisationId; taken from its first credential",
                );
                org
            }
            None => given_organisation(
                cx,
                "organisationId",
                "v1 requires the connector's organisationId",
            ),
        })
    });
    let auth_scheme_configs = cx.at_source_mapped("system", |cx| {
        cx.renamed("templateBaseUrl", "baseUrl");
        if system.domain != domain_of(&system.template_base_url) {
            cx.lose(
                &mut extra,
                NEW,
                "domain",
                system.domain.clone().into(),
                "v1 connectors have no domain",
            );
        }
        cx.at("authSchemeConfigs", |cx| {
            let mut out = Vec::new();
            for (i, config) in system.auth_scheme_configs.into_iter().enumerate() {
                let at = out.len();
                if let Some(config) = cx.at_as(i, at, |cx| down_config(config, cx)) {
                    out.push(config);
                }
            }
            out
        })
    });
    let epoch = Timestamp::new(EPOCH);
    let created_at = restore
        .get_unless::<Timestamp>("createdAt", Some(&epoch))
        .unwrap_or_else(|| epoch.clone());
    let updated_at = restore
        .get_unless::<Timestamp>("updatedAt", Some(&epoch))
        .unwrap_or_else(|| epoch.clone());
    let connections = cx.at("connections", |cx| {
        e.connections
            .into_iter()
            .enumerate()
            .map(|(i, conn)| cx.at(i, |cx| down_connection(conn, Some(&system.id), cx)))
            .collect()
    });
    let public = restore.get_unless("public", Some(&false)).unwrap_or(false);
    let (documentation_url, image_url, tags) = (
        restore.get("documentationURL"),
        restore.get("imageURL"),
        restore.get("tags"),
    );
    let connection_variables = restore.get("connectionVariables");
    let versions = restore
        .get_unless("versions", Some(&Vec::new()))
        .unwrap_or_default();
    let dataset_id = restore.get("datasetId");
    // Up wrote an absent v1 base URL as an empty template.
    let base_url = match restore.value_if("baseUrl", Value::is_null) {
        Some(_) if system.template_base_url.is_empty() => None,
        Some(marker) => {
            restore.put_back("baseUrl", marker);
            Some(system.template_base_url)
        }
        None => Some(system.template_base_url),
    };
    cx.at_source("system", |cx| {
        cx.settle(
            &mut extra,
            restore,
            Shape::of::<v2::System>(),
            Shape::of::<v1::Connector>(),
            NEW,
        )
    });
    v1::Connector {
        id: system.id,
        organisation_id,
        name: system.name,
        public,
        documentation_url,
        image_url,
        tags,
        protocol: v1::ProtocolType::Http,
        auth_scheme_configs,
        connection_variables,
        connections,
        versions,
        created_at,
        updated_at,
        base_url,
        dataset_id,
        extra,
    }
}

fn first_credential_org(connections: &[v1::Connection]) -> Option<&str> {
    connections
        .iter()
        .flat_map(|c| {
            c.credentials
                .action
                .iter()
                .flatten()
                .chain(c.credentials.trigger.iter().flatten())
        })
        .map(|b| b.credential.organisation_id.as_str())
        .next()
}

/// The host of a base URL (`https://acme.myshopify.com/admin` -> `acme.myshopify.com`), which
/// v2 uses as the system's `domain`.
pub(crate) fn domain_of(base_url: &str) -> String {
    let rest = base_url
        .split_once("://")
        .map_or(base_url, |(_, rest)| rest);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host = authority
        .rsplit_once('@')
        .map_or(authority, |(_, host)| host);
    match host.rsplit_once(':') {
        Some((name, port)) if port.bytes().all(|b| b.is_ascii_digit()) && !name.is_empty() => {
            name.to_owned()
        }
        _ => host.to_owned(),
    }
}
