use std::collections::BTreeSet;

use schemars::Schema;
use schemars::transform::{RecursiveTransform, Transform};
use serde_json::Value;

use super::ref_name;

/// Strict schemas only: objects reject keys they do not declare, so an editor flags typos.
///
/// Every model struct flattens an `extra` map that keeps unknown keys (the library reads such
/// documents and validation warns), which schemars renders as `additionalProperties: true`.
/// This transform turns that into rejection:
///
/// - a plain object gets `additionalProperties: false`;
/// - an object *composed into another schema* (the body a `schemeType` branch reaches through
///   `$ref`, beside the branch's own `schemeType` property) cannot, because
///   `additionalProperties` sees only its own `properties` and would reject the tag. Its
///   `additionalProperties` is removed, and every schema that references it gets
///   `unevaluatedProperties: false` instead, which sees the keys declared by the `$ref` target
///   and by its own `properties` together.
///
/// Maps with typed values (`tags`, `additionalParams`) keep their `additionalProperties` schema.
///
/// ```
/// use schemars::json_schema;
/// use schemars::transform::Transform;
/// use versori_schema::transform::RejectUnknownKeys;
///
/// let mut schema = json_schema!({
///     "oneOf": [{
///         "type": "object",
///         "properties": { "schemeType": { "const": "api-key" } },
///         "$ref": "#/$defs/ApiKeyConfig",
///         "required": ["schemeType"]
///     }],
///     "$defs": {
///         "ApiKeyConfig": {
///             "type": "object",
///             "properties": { "name": { "type": "string" }, "scopes": { "$ref": "#/$defs/Scope" } },
///             "additionalProperties": true
///         },
///         "Scope": { "type": "object", "properties": { "name": { "type": "string" } }, "additionalProperties": true }
///     }
/// });
/// RejectUnknownKeys.transform(&mut schema);
/// assert_eq!(schema, json_schema!({
///     "oneOf": [{
///         "type": "object",
///         "properties": { "schemeType": { "const": "api-key" } },
///         "$ref": "#/$defs/ApiKeyConfig",
///         "required": ["schemeType"],
///         "unevaluatedProperties": false
///     }],
///     "$defs": {
///         "ApiKeyConfig": {
///             "type": "object",
///             "properties": { "name": { "type": "string" }, "scopes": { "$ref": "#/$defs/Scope" } }
///         },
///         "Scope": { "type": "object", "properties": { "name": { "type": "string" } }, "additionalProperties": false }
///     }
/// }));
/// ```
///
/// # Panics
///
/// If a composed definition has an `additionalProperties` schema other than `true` (a typed
/// map cannot be closed by `unevaluatedProperties`).
#[derive(Debug, Clone, Copy, Default)]
pub struct RejectUnknownKeys;

impl Transform for RejectUnknownKeys {
    fn transform(&mut self, schema: &mut Schema) {
        let mut composed = BTreeSet::new();
        RecursiveTransform(|s: &mut Schema| {
            if let Some(object) = s.as_object() {
                if object.contains_key("properties") {
                    if let Some(name) = ref_name(object) {
                        composed.insert(name.to_owned());
                    }
                }
            }
        })
        .transform(schema);

        if let Some(Value::Object(defs)) = schema.get_mut("$defs") {
            for name in &composed {
                let Some(Value::Object(def)) = defs.get_mut(name) else {
                    continue;
                };
                match def.remove("additionalProperties") {
                    None | Some(Value::Bool(true)) => {}
                    Some(other) => panic!(
                        "RejectUnknownKeys: `$defs/{name}` is composed but has additionalProperties {other}"
                    ),
                }
            }
        }

        RecursiveTransform(|s: &mut Schema| {
            let Some(object) = s.as_object_mut() else {
                return;
            };
            if ref_name(object).is_some_and(|name| composed.contains(name)) {
                object.insert("unevaluatedProperties".into(), false.into());
            }
            if object.get("additionalProperties") == Some(&Value::Bool(true)) {
                object.insert("additionalProperties".into(), false.into());
            }
        })
        .transform(schema);
    }
}
