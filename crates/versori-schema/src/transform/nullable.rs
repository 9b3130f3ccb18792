use std::collections::{BTreeMap, BTreeSet};

use schemars::transform::{Transform, transform_subschemas};
use schemars::{JsonSchema, Schema};
use serde_json::{Map, Value, json};

use super::{find_named_mut, require, required_names};

/// Removes `null` from the schema of every optional property.
///
/// schemars renders every `Option<T>` as "`T` or `null`", because serde reads `null` as `None`.
/// On the wire an unset optional field is *absent*: the models never write `null` for one, so an
/// editor should not offer it. Required properties keep `null` where the API makes them nullable
/// (`publishedAt`, see [`RequireAlwaysWritten`]). A `null` written by hand still reads (as
/// unset), so this is one of the places where the schema is stricter than serde.
///
/// ```
/// use schemars::json_schema;
/// use schemars::transform::Transform;
/// use versori_schema::transform::NullOnlyWhereRequired;
///
/// let mut schema = json_schema!({
///     "type": "object",
///     "properties": {
///         "errors": { "type": ["array", "null"], "items": { "type": "string" } },
///         "expiresAt": { "description": "d", "anyOf": [{ "$ref": "#/$defs/Timestamp" }, { "type": "null" }] },
///         "publishedAt": { "anyOf": [{ "$ref": "#/$defs/Timestamp" }, { "type": "null" }] }
///     },
///     "required": ["publishedAt"]
/// });
/// NullOnlyWhereRequired.transform(&mut schema);
/// assert_eq!(schema, json_schema!({
///     "type": "object",
///     "properties": {
///         "errors": { "type": "array", "items": { "type": "string" } },
///         "expiresAt": { "description": "d", "$ref": "#/$defs/Timestamp" },
///         "publishedAt": { "anyOf": [{ "$ref": "#/$defs/Timestamp" }, { "type": "null" }] }
///     },
///     "required": ["publishedAt"]
/// }));
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct NullOnlyWhereRequired;

impl Transform for NullOnlyWhereRequired {
    fn transform(&mut self, schema: &mut Schema) {
        if let Some(object) = schema.as_object_mut() {
            let required = required_names(object);
            if let Some(Value::Object(properties)) = object.get_mut("properties") {
                for (name, property) in properties.iter_mut() {
                    if !required.contains(name) {
                        if let Value::Object(property) = property {
                            drop_null(property);
                        }
                    }
                }
            }
        }
        transform_subschemas(self, schema);
    }
}

/// Removes the `null` alternative of a property schema, unwrapping a lone remaining `anyOf`
/// branch into the property itself.
fn drop_null(property: &mut Map<String, Value>) {
    if let Some(Value::Array(types)) = property.get_mut("type") {
        types.retain(|t| t != "null");
        if let [only] = types.as_slice() {
            let only = only.clone();
            property.insert("type".into(), only);
        }
    }
    let null = json!({ "type": "null" });
    let Some(Value::Array(branches)) = property.get_mut("anyOf") else {
        return;
    };
    branches.retain(|branch| *branch != null);
    let only = match branches.as_slice() {
        [Value::Object(only)] => only.clone(),
        _ => return,
    };
    if only
        .keys()
        .all(|key| key == "anyOf" || !property.contains_key(key))
    {
        property.remove("anyOf");
        property.extend(only);
    }
}

/// Makes a nullable property required when the model always writes it, even as `null`.
///
/// schemars' deserialize contract (the right one for documents people write) never requires an
/// `Option` field, since serde reads a missing one as `None`. But a field without
/// `skip_serializing_if` is always on the wire: the API documents `publishedAt` as *required and
/// nullable* (`null` for a draft). This transform takes that fact from the model itself: it is
/// built from the type's **serialize**-contract schema ([`RequireAlwaysWritten::for_type`]), and
/// requires each property that is required there and nullable here. serde still reads a
/// document without the field.
///
/// ```
/// use schemars::json_schema;
/// use schemars::transform::Transform;
/// use versori_schema::transform::RequireAlwaysWritten;
///
/// let written = json_schema!({
///     "title": "Version",
///     "properties": { "name": { "type": "string" }, "publishedAt": { "type": ["string", "null"] } },
///     "required": ["name", "publishedAt"]
/// });
/// let mut schema = json_schema!({
///     "title": "Version",
///     "properties": { "name": { "type": "string" }, "publishedAt": { "type": ["string", "null"] } },
///     "required": ["name"]
/// });
/// RequireAlwaysWritten::from_serialize_schema(&written).transform(&mut schema);
/// assert_eq!(schema.as_value()["required"], serde_json::json!(["name", "publishedAt"]));
/// ```
#[derive(Debug, Clone, Default)]
pub struct RequireAlwaysWritten {
    /// Type name -> properties the serialize contract requires.
    written: BTreeMap<String, BTreeSet<String>>,
}

impl RequireAlwaysWritten {
    /// Built from `T`'s serialize-contract schema.
    pub fn for_type<T: JsonSchema>() -> Self {
        let written = schemars::generate::SchemaSettings::draft2020_12()
            .for_serialize()
            .into_generator()
            .into_root_schema_for::<T>();
        Self::from_serialize_schema(&written)
    }

    /// Both sets of facts (the same type name means the same type within one version).
    #[must_use]
    pub fn merge(mut self, other: Self) -> Self {
        for (name, written) in other.written {
            self.written.entry(name).or_default().extend(written);
        }
        self
    }

    /// Built from a serialize-contract root schema (its root `title` names the root type).
    pub fn from_serialize_schema(written: &Schema) -> Self {
        let mut out = BTreeMap::new();
        let Some(root) = written.as_object() else {
            return Self { written: out };
        };
        let mut record = |name: &str, schema: &Map<String, Value>| {
            let required: BTreeSet<String> = required_names(schema).into_iter().collect();
            if !required.is_empty() {
                out.insert(name.to_owned(), required);
            }
        };
        if let Some(title) = root.get("title").and_then(Value::as_str) {
            record(title, root);
        }
        if let Some(Value::Object(defs)) = root.get("$defs") {
            for (name, def) in defs {
                if let Value::Object(def) = def {
                    record(name, def);
                }
            }
        }
        Self { written: out }
    }
}

impl Transform for RequireAlwaysWritten {
    fn transform(&mut self, schema: &mut Schema) {
        for (name, written) in &self.written {
            let Some(target) = find_named_mut(schema, name) else {
                continue;
            };
            let required = required_names(target);
            let nullable: Vec<String> = target
                .get("properties")
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
                .filter(|(property, value)| {
                    written.contains(*property)
                        && !required.contains(property)
                        && allows_null(value)
                })
                .map(|(property, _)| property.clone())
                .collect();
            for property in nullable {
                require(target, &property);
            }
        }
    }
}

fn allows_null(schema: &Value) -> bool {
    match schema.get("type") {
        Some(Value::String(t)) if t == "null" => return true,
        Some(Value::Array(types)) if types.iter().any(|t| t == "null") => return true,
        _ => {}
    }
    schema
        .get("anyOf")
        .and_then(Value::as_array)
        .is_some_and(|branches| branches.iter().any(allows_null))
}
