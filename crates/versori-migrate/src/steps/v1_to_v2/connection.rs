use serde_json::{Map, Value};
use versori_model::{Extra, v1, v2};

use super::auth_scheme_config::{down_config, up_config};
use super::credential::{down_credential, up_credential};
use super::{NEW, OLD};
use crate::cx::{Cx, Restore};

/// v1 `connection` -> v2 `connection`, linked to `system_id` when it belongs to a connector.
pub(crate) fn up_connection(
    c: v1::Connection,
    system_id: Option<&str>,
    cx: &mut Cx,
) -> v2::Connection {
    let mut extra = c.extra;
    let mut restore = Restore::take(&mut extra, NEW);
    let creds = c.credentials;
    let ids = |list: &Option<Vec<v1::ConnectionCredential>>| {
        list.as_ref().map(|l| {
            l.iter()
                .map(|b| Value::from(b.id.clone()))
                .collect::<Vec<_>>()
        })
    };
    let total =
        creds.action.as_ref().map_or(0, Vec::len) + creds.trigger.as_ref().map_or(0, Vec::len);
    let layout_is_derivable = creds.extra.is_empty()
        && creds.trigger.is_none()
        && (creds.action.is_some() == (total > 0));
    if !layout_is_derivable {
        let mut layout = Map::new();
        layout.insert(
            "action".into(),
            ids(&creds.action).map_or(Value::Null, Value::Array),
        );
        layout.insert(
            "trigger".into(),
            ids(&creds.trigger).map_or(Value::Null, Value::Array),
        );
        layout.extend(creds.extra.clone());
        cx.lose(
            &mut extra,
            OLD,
            "credentials",
            Value::Object(layout),
            "v2 has one ordered credential list (actions first); the action/trigger roles have no v2 home",
        );
    }
    if !c.variables.is_empty() {
        cx.lose_typed(
            &mut extra,
            OLD,
            "variables",
            &c.variables,
            "v2 connections have no variables",
        );
    }
    let mut credentials = Vec::new();
    cx.at("credentials", |cx| {
        for (side, list) in [("action", creds.action), ("trigger", creds.trigger)] {
            cx.at(side, |cx| {
                for (i, b) in list.into_iter().flatten().enumerate() {
                    credentials.push(cx.at(i, |cx| up_binding(b, cx)));
                }
            });
        }
    });
    let mut connection = v2::Connection {
        id: c.id,
        name: c.name,
        credentials,
        base_url: restore.get("baseUrl"),
        created_at: c.created_at,
        updated_at: c.updated_at,
        system_id: system_id
            .map(str::to_owned)
            .or_else(|| restore.get("systemId")),
        connection_template_id: restore.get("connectionTemplateId"),
        extra,
    };
    restore.finish(&mut connection.extra);
    connection
}

/// v2 `connection` -> v1 `connection`; `system_id` is the exporting system's id, if any.
pub(crate) fn down_connection(
    c: v2::Connection,
    system_id: Option<&str>,
    cx: &mut Cx,
) -> v1::Connection {
    let mut extra = c.extra;
    let mut restore = Restore::take(&mut extra, OLD);
    if let Some(base_url) = &c.base_url {
        cx.lose(
            &mut extra,
            NEW,
            "baseUrl",
            base_url.clone().into(),
            "v1 connections cannot override the base URL",
        );
    }
    if c.system_id.as_deref() != system_id {
        if let Some(id) = &c.system_id {
            cx.lose(
                &mut extra,
                NEW,
                "systemId",
                id.clone().into(),
                "v1 connections belong to their connector",
            );
        }
    }
    if let Some(id) = &c.connection_template_id {
        cx.lose(
            &mut extra,
            NEW,
            "connectionTemplateId",
            id.clone().into(),
            "v1 has no connection templates",
        );
    }
    let mut bindings: Vec<v1::ConnectionCredential> = Vec::new();
    cx.at("credentials", |cx| {
        for (i, b) in c.credentials.into_iter().enumerate() {
            if let Some(b) = cx.at(i, |cx| down_binding(b, cx)) {
                bindings.push(b);
            }
        }
    });
    let credentials = match restore.get::<Map<String, Value>>("credentials") {
        Some(layout) => relayout(bindings, layout),
        None => {
            if !bindings.is_empty() {
                cx.derived("credentials", "v1 splits credentials into action and trigger; all are taken as action credentials");
            }
            v1::ConnectionCredentials {
                action: (!bindings.is_empty()).then_some(bindings),
                trigger: None,
                extra: Extra::new(),
            }
        }
    };
    let mut connection = v1::Connection {
        id: c.id,
        name: c.name,
        credentials,
        variables: restore.get("variables").unwrap_or_default(),
        created_at: c.created_at,
        updated_at: c.updated_at,
        extra,
    };
    restore.finish(&mut connection.extra);
    connection
}

fn up_binding(b: v1::ConnectionCredential, cx: &mut Cx) -> v2::ConnectionCredential {
    v2::ConnectionCredential {
        id: b.id,
        auth_scheme_config: cx.at("authSchemeConfig", |cx| up_config(b.auth_scheme_config, cx)),
        credential: Some(cx.at("credential", |cx| up_credential(b.credential, cx))),
        extra: b.extra,
    }
}

fn down_binding(b: v2::ConnectionCredential, cx: &mut Cx) -> Option<v1::ConnectionCredential> {
    let config = match b.auth_scheme_config {
        Some(config) => cx.at("authSchemeConfig", |cx| down_config(config, cx)),
        None => {
            cx.not_representable(
                "authSchemeConfig",
                "a v1 credential binding needs its auth scheme config",
            );
            None
        }
    };
    let credential = match b.credential {
        Some(credential) => Some(cx.at("credential", |cx| down_credential(credential, cx))),
        None => {
            cx.not_representable("credential", "a v1 credential binding needs its credential");
            None
        }
    };
    Some(v1::ConnectionCredential {
        id: b.id,
        auth_scheme_config: config?,
        credential: credential?,
        extra: b.extra,
    })
}

/// Puts bindings back into the action/trigger layout a preserving up step recorded.
fn relayout(
    bindings: Vec<v1::ConnectionCredential>,
    mut layout: Map<String, Value>,
) -> v1::ConnectionCredentials {
    let mut pool: Vec<Option<v1::ConnectionCredential>> = bindings.into_iter().map(Some).collect();
    let mut side = |ids: Option<Value>| -> Option<Vec<v1::ConnectionCredential>> {
        let Value::Array(ids) = ids? else { return None };
        Some(
            ids.iter()
                .filter_map(Value::as_str)
                .filter_map(|id| {
                    pool.iter_mut()
                        .find(|b| b.as_ref().is_some_and(|b| b.id == id))?
                        .take()
                })
                .collect(),
        )
    };
    let action = side(layout.remove("action"));
    let trigger = side(layout.remove("trigger"));
    let rest: Vec<_> = pool.into_iter().flatten().collect();
    let action = match (action, rest.is_empty()) {
        (action, true) => action,
        (action, false) => Some(action.unwrap_or_default().into_iter().chain(rest).collect()),
    };
    v1::ConnectionCredentials {
        action,
        trigger,
        extra: layout.into_iter().collect(),
    }
}
