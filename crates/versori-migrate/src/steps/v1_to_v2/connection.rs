use serde_json::{Map, Value};
use versori_model::{Extra, v1, v2};

use super::auth_scheme_config::{down_config, up_config};
use super::credential::{down_credential, up_credential};
use super::{NEW, OLD};
use crate::cx::{Cx, Restore, Shape};

/// v1 `connection` -> v2 `connection`, linked to `system_id` when it belongs to a connector.
pub(crate) fn up_connection(
    c: v1::Connection,
    system_id: Option<&str>,
    cx: &mut Cx,
) -> v2::Connection {
    let mut extra = c.extra;
    let mut restore = Restore::take(&mut extra, NEW, cx);
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
            cx.at_source(side, |cx| {
                for (i, b) in list.into_iter().flatten().enumerate() {
                    let at = credentials.len();
                    credentials.push(cx.at_as(i, at, |cx| up_binding(b, cx)));
                }
            });
        }
    });
    let base_url = restore.get("baseUrl");
    // Down keeps a `systemId` other than its system's (or one of a standalone connection).
    // Down keeps a `systemId` only where it is not its system's.
    let export_id = system_id.map(Value::from).unwrap_or(Value::Null);
    let kept = |v: &Value| (v.is_string() || v.is_null()) && *v != export_id;
    let system_id = match restore.value_if("systemId", kept) {
        Some(Value::String(id)) => Some(id),
        Some(_) => None,
        None => system_id.map(str::to_owned),
    };
    let connection_template_id = restore.get("connectionTemplateId");
    cx.settle(
        &mut extra,
        restore,
        Shape::of::<v1::Connection>(),
        Shape::of::<v2::Connection>(),
        OLD,
    );
    v2::Connection {
        id: c.id,
        name: c.name,
        credentials,
        base_url,
        created_at: c.created_at,
        updated_at: c.updated_at,
        system_id,
        connection_template_id,
        extra,
    }
}

/// v2 `connection` -> v1 `connection`; `system_id` is the exporting system's id, if any.
pub(crate) fn down_connection(
    c: v2::Connection,
    system_id: Option<&str>,
    cx: &mut Cx,
) -> v1::Connection {
    let mut extra = c.extra;
    let mut restore = Restore::take(&mut extra, OLD, cx);
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
        // Up gives an exported connection its system's id: any other (or none) is a loss.
        let (value, why) = match &c.system_id {
            Some(id) => (
                Value::from(id.clone()),
                "v1 connections belong to their connector",
            ),
            None => (
                Value::Null,
                "the connection has no systemId; v1 connections belong to their connector, so it comes back with the system's",
            ),
        };
        cx.lose(&mut extra, NEW, "systemId", value, why);
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
    // Converted at a provisional output place; their v1 side and index are known only once
    // the layout is (see `place`).
    let mut bindings: Vec<(usize, v1::ConnectionCredential)> = Vec::new();
    cx.at("credentials", |cx| {
        for (i, b) in c.credentials.into_iter().enumerate() {
            if let Some(b) = cx.at_as(i, pending(i).as_str(), |cx| down_binding(b, cx)) {
                bindings.push((i, b));
            }
        }
    });
    // The action/trigger layout up recorded: both lists (or `null`), naming every binding once.
    let ids: Vec<&str> = bindings.iter().map(|(_, b)| b.id.as_str()).collect();
    let layout = restore
        .value_if("credentials", |v| layout_fits(v, &ids))
        .and_then(|v| match v {
            Value::Object(map) => Some(map),
            _ => None,
        });
    let credentials = match layout {
        Some(layout) => relayout(bindings, layout, cx),
        None => {
            if !bindings.is_empty() {
                cx.derived("credentials", "v1 splits credentials into action and trigger; all are taken as action credentials");
            }
            for (at, (i, _)) in bindings.iter().enumerate() {
                place(cx, *i, "action", at);
            }
            v1::ConnectionCredentials {
                action: (!bindings.is_empty())
                    .then(|| bindings.into_iter().map(|(_, b)| b).collect()),
                trigger: None,
                extra: Extra::new(),
            }
        }
    };
    let variables = restore
        .get_unless("variables", Some(&Vec::new()))
        .unwrap_or_default();
    cx.settle(
        &mut extra,
        restore,
        Shape::of::<v2::Connection>(),
        Shape::of::<v1::Connection>(),
        NEW,
    );
    v1::Connection {
        id: c.id,
        name: c.name,
        credentials,
        variables,
        created_at: c.created_at,
        updated_at: c.updated_at,
        extra,
    }
}

fn up_binding(b: v1::ConnectionCredential, cx: &mut Cx) -> v2::ConnectionCredential {
    v2::ConnectionCredential {
        id: b.id,
        auth_scheme_config: cx.at("authSchemeConfig", |cx| up_config(b.auth_scheme_config, cx)),
        credential: Some(cx.at("credential", |cx| up_credential(b.credential, cx))),
        extra: cx.carry(
            b.extra,
            Shape::of::<v1::ConnectionCredential>(),
            Shape::of::<v2::ConnectionCredential>(),
            OLD,
            NEW,
        ),
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
    let extra = cx.carry(
        b.extra,
        Shape::of::<v2::ConnectionCredential>(),
        Shape::of::<v1::ConnectionCredential>(),
        NEW,
        OLD,
    );
    Some(v1::ConnectionCredential {
        id: b.id,
        auth_scheme_config: config?,
        credential: credential?,
        extra,
    })
}

/// The provisional output token of v2 binding `i` (never a v1 key: it holds a NUL).
fn pending(i: usize) -> String {
    format!("\u{0}{i}")
}

/// Moves what binding `i` (v2 `credentials/i`) recorded to its place in v1, `credentials/side/at`.
fn place(cx: &mut Cx, i: usize, side: &str, at: usize) {
    let at = at.to_string();
    cx.move_output(&["credentials", &pending(i)], &["credentials", side, &at]);
}

/// Whether `layout` is one up records for bindings with `ids`: `action` and `trigger` both
/// there, each `null` or a list of ids, every id named once between them.
fn layout_fits(layout: &Value, ids: &[&str]) -> bool {
    let Value::Object(map) = layout else {
        return false;
    };
    let mut named: Vec<&str> = Vec::new();
    for side in ["action", "trigger"] {
        match map.get(side) {
            Some(Value::Null) => {}
            Some(Value::Array(list)) => {
                for id in list {
                    match id.as_str() {
                        Some(id) => named.push(id),
                        None => return false,
                    }
                }
            }
            _ => return false,
        }
    }
    // The layout up would not record: every binding an action, in order, nothing else.
    let derivable = map.len() == 2
        && map["trigger"].is_null()
        && match &map["action"] {
            Value::Array(list) => {
                !list.is_empty()
                    && list
                        .iter()
                        .map(Value::as_str)
                        .eq(ids.iter().map(|i| Some(*i)))
            }
            _ => ids.is_empty(),
        };
    let mut want = ids.to_vec();
    want.sort_unstable();
    named.sort_unstable();
    named == want && !derivable
}

/// Puts bindings (with their index in the v2 list) back into the action/trigger layout a
/// preserving up step recorded, and records where each went.
fn relayout(
    bindings: Vec<(usize, v1::ConnectionCredential)>,
    mut layout: Map<String, Value>,
    cx: &mut Cx,
) -> v1::ConnectionCredentials {
    let mut pool: Vec<Option<(usize, v1::ConnectionCredential)>> =
        bindings.into_iter().map(Some).collect();
    let mut listed = |ids: Option<Value>| -> Option<Vec<(usize, v1::ConnectionCredential)>> {
        let Value::Array(ids) = ids? else { return None };
        Some(
            ids.iter()
                .filter_map(Value::as_str)
                .filter_map(|id| {
                    pool.iter_mut()
                        .find(|b| b.as_ref().is_some_and(|(_, b)| b.id == id))?
                        .take()
                })
                .collect(),
        )
    };
    let action = listed(layout.remove("action"));
    let trigger = listed(layout.remove("trigger"));
    let rest: Vec<_> = pool.into_iter().flatten().collect();
    let action = match (action, rest.is_empty()) {
        (action, true) => action,
        (action, false) => Some(action.unwrap_or_default().into_iter().chain(rest).collect()),
    };
    let mut side = |name: &str, list: Option<Vec<(usize, v1::ConnectionCredential)>>| {
        list.map(|list| {
            for (at, (i, _)) in list.iter().enumerate() {
                place(cx, *i, name, at);
            }
            list.into_iter().map(|(_, b)| b).collect()
        })
    };
    let action = side("action", action);
    let trigger = side("trigger", trigger);
    v1::ConnectionCredentials {
        action,
        trigger,
        extra: layout.into_iter().collect(),
    }
}
