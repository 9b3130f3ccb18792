use std::collections::BTreeSet;

use schemars::Schema;
use schemars::transform::Transform;
use serde_json::Value;

use super::DEFS_REF;

/// Drops the `$defs` entries nothing references any more.
///
/// [`IfTagThen::data_shape`](super::IfTagThen::data_shape) replaces the untagged
/// `CredentialData` union with one shape per credential `type`,
/// [`TaggedUnionsAsOneOf`](super::TaggedUnionsAsOneOf) inlines the union branches' bodies and
/// [`NoKeywordsBesideRef`](super::NoKeywordsBesideRef) the scalar definitions; their
/// definitions would otherwise stay in the file, offering an editor schemas no document uses.
///
/// ```
/// use schemars::json_schema;
/// use schemars::transform::Transform;
/// use versori_schema::transform::PruneUnusedDefinitions;
///
/// let mut schema = json_schema!({
///     "properties": { "data": { "$ref": "#/$defs/StringData" } },
///     "$defs": {
///         "StringData": { "properties": { "value": { "$ref": "#/$defs/Secret" } } },
///         "Secret": { "type": "string" },
///         "CredentialData": { "anyOf": [{ "$ref": "#/$defs/StringData" }] }
///     }
/// });
/// PruneUnusedDefinitions.transform(&mut schema);
/// let defs = schema.as_value()["$defs"].as_object().unwrap();
/// assert_eq!(defs.keys().collect::<Vec<_>>(), ["Secret", "StringData"]);
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct PruneUnusedDefinitions;

impl Transform for PruneUnusedDefinitions {
    fn transform(&mut self, schema: &mut Schema) {
        let Some(Value::Object(defs)) = schema.remove("$defs") else {
            return;
        };
        let mut used = BTreeSet::new();
        let mut pending = Vec::new();
        collect_refs(schema.as_value(), &mut pending);
        while let Some(name) = pending.pop() {
            if used.insert(name.clone()) {
                if let Some(def) = defs.get(&name) {
                    collect_refs(def, &mut pending);
                }
            }
        }
        let kept: serde_json::Map<String, Value> = defs
            .into_iter()
            .filter(|(name, _)| used.contains(name))
            .collect();
        if !kept.is_empty() {
            schema.insert("$defs".into(), Value::Object(kept));
        }
    }
}

/// Every definition a `$ref` anywhere under `value` names.
fn collect_refs(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(object) => {
            for (key, value) in object {
                match (key.as_str(), value) {
                    ("$ref", Value::String(r)) => {
                        if let Some(name) = r.strip_prefix(DEFS_REF) {
                            out.push(name.to_owned());
                        }
                    }
                    _ => collect_refs(value, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|item| collect_refs(item, out)),
        _ => {}
    }
}
