use schemars::Schema;
use schemars::transform::Transform;
use serde_json::{Map, Value, json};

use super::{Position, definitions, ref_name, walk_schemas_mut};

/// Leaves no keyword beside a `$ref`: scalar definitions are inlined where they are used, and
/// other references that carry sibling keywords are wrapped in an `allOf`.
///
/// Draft 2020-12 applies a `$ref` beside its siblings, but VS Code's JSON engine
/// (`vscode-json-languageservice`, also inside the editors that embed its server) resolves a
/// `$ref` by copying the target's keywords over the referencing schema: a property's own
/// `description` gave way to its type's (hover on `createdAt` explained the Rust `Timestamp`
/// type, 70-odd secrets said how `Debug` prints them). So:
///
/// - a **scalar** definition (no `properties`, `items` or `$ref` inside: enums, `Secret`,
///   `Timestamp`) is copied into each place that references it, the place's own keywords
///   winning. Where the place is a property (or array item) with its own description, a
///   non-enum scalar's description, which says what format the value has, is added to it as a
///   second paragraph; an enum's values already carry theirs (`enumDescriptions`);
/// - any other `$ref` with siblings becomes `{"allOf": [{"$ref": ...}], <siblings>}`.
///
/// Definitions that are no longer referenced are dropped by a later
/// [`PruneUnusedDefinitions`](super::PruneUnusedDefinitions).
///
/// ```
/// use schemars::json_schema;
/// use schemars::transform::Transform;
/// use versori_schema::transform::NoKeywordsBesideRef;
///
/// let mut schema = json_schema!({
///     "properties": {
///         "createdAt": { "$ref": "#/$defs/Timestamp", "description": "When it was created." },
///         "grant": { "$ref": "#/$defs/Grant", "description": "The grant." }
///     },
///     "$defs": {
///         "Timestamp": { "type": "string", "format": "date-time", "description": "RFC 3339." },
///         "Grant": { "type": "object", "properties": { "clientId": { "type": "string" } } }
///     }
/// });
/// NoKeywordsBesideRef.transform(&mut schema);
/// assert_eq!(schema.as_value()["properties"], serde_json::json!({
///     "createdAt": { "type": "string", "format": "date-time", "description": "When it was created.\n\nRFC 3339." },
///     "grant": { "allOf": [{ "$ref": "#/$defs/Grant" }], "description": "The grant." }
/// }));
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct NoKeywordsBesideRef;

/// Keywords that are not schema content (a `$ref` may keep them beside it).
const NOTES: [&str; 1] = ["$comment"];

impl Transform for NoKeywordsBesideRef {
    fn transform(&mut self, schema: &mut Schema) {
        let defs = definitions(schema);
        walk_schemas_mut(schema, &mut |object, position| {
            let Some(name) = ref_name(object).map(str::to_owned) else {
                return;
            };
            let Some(Value::Object(target)) = defs.get(&name) else {
                return;
            };
            if is_scalar(target) {
                inline(object, target, position);
            } else if object
                .keys()
                .any(|key| key != "$ref" && !NOTES.contains(&key.as_str()))
            {
                let reference = object.remove("$ref").expect("ref_name found it");
                let mut all_of = vec![json!({ "$ref": reference })];
                if let Some(Value::Array(more)) = object.remove("allOf") {
                    all_of.extend(more);
                }
                object.insert("allOf".into(), Value::Array(all_of));
            }
        });
    }
}

/// Whether a definition holds no object or array structure and no reference.
fn is_scalar(def: &Map<String, Value>) -> bool {
    fn structured(value: &Value) -> bool {
        match value {
            Value::Object(object) => object.iter().any(|(key, value)| {
                matches!(
                    key.as_str(),
                    "properties" | "items" | "$ref" | "prefixItems"
                ) || (key == "type"
                    && (value == "object"
                        || value == "array"
                        || value
                            .as_array()
                            .is_some_and(|t| t.iter().any(|t| t == "object" || t == "array"))))
                    || structured(value)
            }),
            Value::Array(items) => items.iter().any(structured),
            _ => false,
        }
    }
    !structured(&Value::Object(def.clone()))
}

/// Replaces a `$ref` to a scalar definition by the definition's keywords.
fn inline(site: &mut Map<String, Value>, target: &Map<String, Value>, position: Position) {
    site.remove("$ref");
    let own = site
        .get("description")
        .and_then(Value::as_str)
        .map(str::to_owned);
    let theirs = target.get("description").and_then(Value::as_str);
    let is_enum = target.contains_key("enum") || target.contains_key("oneOf");
    for (key, value) in target {
        if !matches!(
            key.as_str(),
            "description" | "markdownDescription" | "title" | "$comment"
        ) {
            site.entry(key.clone()).or_insert_with(|| value.clone());
        }
    }
    if position != Position::Value {
        return;
    }
    let description = match (own, theirs) {
        (Some(own), Some(theirs)) if !is_enum && !own.contains(theirs) => {
            Some(format!("{own}\n\n{theirs}"))
        }
        (None, Some(theirs)) => Some(theirs.to_owned()),
        _ => None,
    };
    if let Some(description) = description {
        site.insert("description".into(), description.into());
    }
}
