use serde_json::Value;
use versori_model::{Extra, v1, v1alpha1};

use super::auth_scheme_config::{down_configs, up_configs};
use super::connection::{
    ConnectionOwner, EnvironmentOwner, down_connection, down_variable, up_environment, up_variable,
};
use super::{NEW, OLD};
use crate::cx::{Cx, Restore, Shape, to_value};

/// v1alpha1 `connection` -> v1 `connector`.
pub(crate) fn up_connection(c: v1alpha1::Connection, cx: &mut Cx) -> v1::Connector {
    let mut extra = c.extra;
    let mut restore = Restore::take(&mut extra, NEW, cx);
    let org = c.organisation_id;
    for (field, empty) in [
        (
            "authSchemeConfigs",
            c.auth_scheme_configs.as_ref().is_some_and(Vec::is_empty),
        ),
        ("versions", c.versions.as_ref().is_some_and(Vec::is_empty)),
    ] {
        if empty {
            if cx.preserving() {
                cx.stash(&mut extra, OLD, field, Value::Array(Vec::new()));
            }
            cx.derived(field, "an empty list means the same as an absent one here; v1 requires the list, and the way back leaves it out");
        }
    }
    let source_configs = c.auth_scheme_configs.unwrap_or_default();
    let (configs, aside) = cx.at("authSchemeConfigs", |cx| {
        up_configs(source_configs.clone(), &org, cx)
    });
    // Configs v1 has no form for wait under the reserved key, by their index.
    for (i, config) in aside {
        cx.at_source("authSchemeConfigs", |cx| {
            cx.at_source(i, |cx| {
                cx.lose_named(
                    &mut extra,
                    OLD,
                    &format!("authSchemeConfigs/{i}"),
                    "",
                    to_value(&config),
                    "v1 has no google-service-account auth scheme config",
                );
            });
        });
    }
    let public = restore
        .get_unless::<bool>("public", Some(&false))
        .unwrap_or_else(|| {
            cx.derived(
                "public",
                "v1 requires `public`; v1alpha1 has no such flag, so it is false",
            );
            false
        });
    let connections = cx.at_as("environments", "connections", |cx| {
        c.environments
            .into_iter()
            .enumerate()
            .map(|(i, env)| {
                cx.at(i, |cx| {
                    let owner = EnvironmentOwner {
                        organisation_id: Some(&org),
                        created_at: &c.created_at,
                        connection_configs: &source_configs,
                        connector_configs: &configs,
                    };
                    up_environment(env, &owner, cx)
                })
            })
            .collect()
    });
    let versions = cx.at("versions", |cx| {
        c.versions
            .unwrap_or_default()
            .into_iter()
            .enumerate()
            .map(|(i, v)| cx.at(i, |cx| up_version(v, cx)))
            .collect()
    });
    let connection_variables = c.environment_variables.map(|vars| {
        cx.at_as("environmentVariables", "connectionVariables", |cx| {
            vars.into_iter()
                .enumerate()
                .map(|(i, v)| cx.at(i, |cx| up_variable(v, cx)))
                .collect()
        })
    });
    let (documentation_url, image_url, tags) = (
        restore.get("documentationURL"),
        restore.get("imageURL"),
        restore.get("tags"),
    );
    cx.settle(
        &mut extra,
        restore,
        Shape::of::<v1alpha1::Connection>(),
        Shape::of::<v1::Connector>(),
        OLD,
    );
    v1::Connector {
        id: c.id,
        organisation_id: org,
        name: c.name,
        public,
        documentation_url,
        image_url,
        tags,
        protocol: v1::ProtocolType::from_wire(c.protocol.as_str()),
        auth_scheme_configs: configs,
        connection_variables,
        connections,
        versions,
        created_at: c.created_at,
        updated_at: c.updated_at,
        base_url: c.base_url,
        dataset_id: c.dataset_id,
        extra,
    }
}

/// v1 `connector` -> v1alpha1 `connection`.
pub(crate) fn down_connector(c: v1::Connector, cx: &mut Cx) -> v1alpha1::Connection {
    let mut extra = c.extra;
    let mut restore = Restore::take(&mut extra, OLD, cx);
    if c.public {
        cx.lose(
            &mut extra,
            NEW,
            "public",
            true.into(),
            "v1alpha1 connections have no public flag",
        );
    }
    lose_links(cx, &mut extra, c.documentation_url, c.image_url);
    if let Some(tags) = &c.tags {
        cx.lose_typed(
            &mut extra,
            NEW,
            "tags",
            tags,
            "v1alpha1 connections have no tags",
        );
    }
    if c.connections.is_empty() {
        cx.not_representable(
            "connections",
            "a v1alpha1 connection needs at least one environment, and this connector has no connections",
        );
    }
    let (configs, twins) = cx.at("authSchemeConfigs", |cx| {
        down_configs(c.auth_scheme_configs, &c.organisation_id, cx)
    });
    let environments = cx.at_as("connections", "environments", |cx| {
        c.connections
            .into_iter()
            .enumerate()
            .map(|(i, conn)| {
                cx.at(i, |cx| {
                    let owner = ConnectionOwner {
                        organisation_id: Some(&c.organisation_id),
                        created_at: &c.created_at,
                        connector_configs: &twins,
                    };
                    down_connection(conn, &owner, cx)
                })
            })
            .collect()
    });
    let versions: Vec<_> = cx.at("versions", |cx| {
        c.versions
            .into_iter()
            .enumerate()
            .map(|(i, v)| cx.at(i, |cx| down_version(v, cx)))
            .collect()
    });
    // Up marks an empty list it was given with `[]` (nothing else).
    let empty = |v: &Value| v.as_array().is_some_and(Vec::is_empty);
    let mut auth_scheme_configs = if configs.is_empty() {
        restore
            .value_if("authSchemeConfigs", empty)
            .map(|_| Vec::new())
    } else {
        Some(configs)
    };
    // Configs a preserving up step kept aside, back at their places.
    for (i, key) in restore.indexed("authSchemeConfigs") {
        if let Some(config) = restore.get::<v1alpha1::AuthSchemeConfig>(&key) {
            let list = auth_scheme_configs.get_or_insert_with(Vec::new);
            list.insert(i.min(list.len()), config);
        }
    }
    let versions = if versions.is_empty() {
        restore.value_if("versions", empty).map(|_| Vec::new())
    } else {
        Some(versions)
    };
    let environment_variables = c.connection_variables.map(|vars| {
        cx.at_as("connectionVariables", "environmentVariables", |cx| {
            vars.into_iter()
                .enumerate()
                .map(|(i, v)| cx.at(i, |cx| down_variable(v, cx)))
                .collect()
        })
    });
    cx.settle(
        &mut extra,
        restore,
        Shape::of::<v1::Connector>(),
        Shape::of::<v1alpha1::Connection>(),
        NEW,
    );
    v1alpha1::Connection {
        id: c.id,
        organisation_id: c.organisation_id,
        name: c.name,
        protocol: v1alpha1::ProtocolType::from_wire(c.protocol.as_str()),
        auth_scheme_configs,
        environment_variables,
        environments,
        versions,
        created_at: c.created_at,
        updated_at: c.updated_at,
        base_url: c.base_url,
        dataset_id: c.dataset_id,
        extra,
    }
}

/// v1alpha1 `connection-update` -> v1 `connector-update`.
pub(crate) fn up_connection_update(
    u: v1alpha1::ConnectionUpdate,
    cx: &mut Cx,
) -> v1::ConnectorUpdate {
    let mut extra = u.extra;
    let mut restore = Restore::take(&mut extra, NEW, cx);
    if let Some(configs) = &u.auth_scheme_configs {
        cx.lose_typed(
            &mut extra,
            OLD,
            "authSchemeConfigs",
            configs,
            "UpdateConnector cannot replace auth scheme configs (v1 edits them one by one)",
        );
    }
    if let Some(envs) = &u.environments {
        cx.lose_typed(
            &mut extra,
            OLD,
            "environments",
            envs,
            "UpdateConnector cannot change connections (v1 updates them one by one)",
        );
    }
    let (tags, auth_scheme_config_ids, public, documentation_url, image_url) = (
        restore.get("tags"),
        restore.get("authSchemeConfigIds"),
        restore.get("public"),
        restore.get("documentationURL"),
        restore.get("imageURL"),
    );
    let connection_variables = u.environment_variables.map(|vars| {
        cx.at_as("environmentVariables", "connectionVariables", |cx| {
            vars.into_iter()
                .enumerate()
                .map(|(i, v)| cx.at(i, |cx| up_variable(v, cx)))
                .collect()
        })
    });
    cx.settle(
        &mut extra,
        restore,
        Shape::of::<v1alpha1::ConnectionUpdate>(),
        Shape::of::<v1::ConnectorUpdate>(),
        OLD,
    );
    v1::ConnectorUpdate {
        id: u.id,
        organisation_id: u.organisation_id,
        name: u.name,
        tags,
        protocol: v1::ProtocolType::from_wire(u.protocol.as_str()),
        auth_scheme_config_ids,
        public,
        documentation_url,
        image_url,
        base_url: u.base_url,
        connection_variables,
        dataset_id: u.dataset_id,
        extra,
    }
}

/// v1 `connector-update` -> v1alpha1 `connection-update`.
pub(crate) fn down_connector_update(
    u: v1::ConnectorUpdate,
    cx: &mut Cx,
) -> v1alpha1::ConnectionUpdate {
    let mut extra = u.extra;
    let mut restore = Restore::take(&mut extra, OLD, cx);
    if let Some(tags) = &u.tags {
        cx.lose_typed(&mut extra, NEW, "tags", tags, "v1alpha1 has no tags");
    }
    if let Some(ids) = &u.auth_scheme_config_ids {
        cx.lose_typed(
            &mut extra,
            NEW,
            "authSchemeConfigIds",
            ids,
            "v1alpha1 configs have no ids to reorder by",
        );
    }
    if let Some(public) = u.public {
        cx.lose(
            &mut extra,
            NEW,
            "public",
            public.into(),
            "v1alpha1 connections have no public flag",
        );
    }
    lose_links(cx, &mut extra, u.documentation_url, u.image_url);
    let (auth_scheme_configs, environments) = (
        restore.get("authSchemeConfigs"),
        restore.get("environments"),
    );
    let environment_variables = u.connection_variables.map(|vars| {
        cx.at_as("connectionVariables", "environmentVariables", |cx| {
            vars.into_iter()
                .enumerate()
                .map(|(i, v)| cx.at(i, |cx| down_variable(v, cx)))
                .collect()
        })
    });
    cx.settle(
        &mut extra,
        restore,
        Shape::of::<v1::ConnectorUpdate>(),
        Shape::of::<v1alpha1::ConnectionUpdate>(),
        NEW,
    );
    v1alpha1::ConnectionUpdate {
        id: u.id,
        organisation_id: u.organisation_id,
        name: u.name,
        protocol: v1alpha1::ProtocolType::from_wire(u.protocol.as_str()),
        auth_scheme_configs,
        environments,
        base_url: u.base_url,
        environment_variables,
        dataset_id: u.dataset_id,
        extra,
    }
}

/// A v1 connector's documentation and image links, which v1alpha1 has no place for.
fn lose_links(
    cx: &mut Cx,
    extra: &mut Extra,
    documentation_url: Option<String>,
    image_url: Option<String>,
) {
    for (field, value) in [
        ("documentationURL", documentation_url),
        ("imageURL", image_url),
    ] {
        if let Some(value) = value {
            cx.lose(
                extra,
                NEW,
                field,
                value.into(),
                "v1alpha1 connections have no such field",
            );
        }
    }
}

fn up_version(v: v1alpha1::ConnectionVersion, cx: &mut Cx) -> v1::ConnectorVersion {
    let mut extra = v.extra;
    let mut restore = Restore::take(&mut extra, NEW, cx);
    let messages = restore.get("messages");
    cx.settle(
        &mut extra,
        restore,
        Shape::of::<v1alpha1::ConnectionVersion>(),
        Shape::of::<v1::ConnectorVersion>(),
        OLD,
    );
    v1::ConnectorVersion {
        id: v.id,
        name: v.name,
        description: v.description,
        is_latest: v.is_latest,
        is_default: v.is_default,
        created_at: v.created_at,
        updated_at: v.updated_at,
        published_at: v.published_at,
        messages,
        extra,
    }
}

fn down_version(v: v1::ConnectorVersion, cx: &mut Cx) -> v1alpha1::ConnectionVersion {
    let mut extra = v.extra;
    let restore = Restore::take(&mut extra, OLD, cx);
    if let Some(messages) = &v.messages {
        cx.lose_typed(
            &mut extra,
            NEW,
            "messages",
            messages,
            "v1alpha1 versions have no messages",
        );
    }
    cx.settle(
        &mut extra,
        restore,
        Shape::of::<v1::ConnectorVersion>(),
        Shape::of::<v1alpha1::ConnectionVersion>(),
        NEW,
    );
    v1alpha1::ConnectionVersion {
        id: v.id,
        name: v.name,
        description: v.description,
        is_latest: v.is_latest,
        is_default: v.is_default,
        created_at: v.created_at,
        updated_at: v.updated_at,
        published_at: v.published_at,
        extra,
    }
}
