use schemars::Schema;
use schemars::transform::{RecursiveTransform, Transform};
use serde_json::Value;

use super::ref_name;

/// Strict schemas only: objects reject keys they do not declare, so an editor flags typos.
///
/// Every model struct flattens an `extra` map that keeps unknown keys (the library reads such
/// documents and validation warns), which schemars renders as `additionalProperties: true`.
/// This transform turns that into `additionalProperties: false`. Maps with typed values
/// (`tags`, `additionalParams`) keep their `additionalProperties` schema.
///
/// The tagged unions' branches are self-contained (see
/// [`TaggedUnionsAsOneOf`](super::TaggedUnionsAsOneOf)), so no object declares its keys in two
/// places; a `$ref` beside `properties` would be a body composed into another schema, which
/// `additionalProperties` (seeing only its own `properties`) would break, and which editors do
/// not read (they drop keywords beside a `$ref`). It panics instead.
///
/// ```
/// use schemars::json_schema;
/// use schemars::transform::Transform;
/// use versori_schema::transform::RejectUnknownKeys;
///
/// let mut schema = json_schema!({
///     "type": "object",
///     "properties": { "name": { "type": "string" }, "tags": { "type": "object", "additionalProperties": { "type": "string" } } },
///     "additionalProperties": true
/// });
/// RejectUnknownKeys.transform(&mut schema);
/// assert_eq!(schema, json_schema!({
///     "type": "object",
///     "properties": { "name": { "type": "string" }, "tags": { "type": "object", "additionalProperties": { "type": "string" } } },
///     "additionalProperties": false
/// }));
/// ```
///
/// # Panics
///
/// If a schema has both `$ref` and `properties`.
#[derive(Debug, Clone, Copy, Default)]
pub struct RejectUnknownKeys;

impl Transform for RejectUnknownKeys {
    fn transform(&mut self, schema: &mut Schema) {
        RecursiveTransform(|s: &mut Schema| {
            let Some(object) = s.as_object_mut() else {
                return;
            };
            if let Some(name) = ref_name(object) {
                assert!(
                    !object.contains_key("properties"),
                    "RejectUnknownKeys: properties beside a $ref to `{name}`: compose with allOf"
                );
            }
            if object.get("additionalProperties") == Some(&Value::Bool(true)) {
                object.insert("additionalProperties".into(), false.into());
            }
        })
        .transform(schema);
    }
}
