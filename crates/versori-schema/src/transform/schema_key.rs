use schemars::Schema;
use schemars::transform::Transform;
use serde_json::{Value, json};

/// Lets a document name its schema with a top-level `$schema` key.
///
/// Editors pick a schema from a document's `$schema` key (`"$schema":
/// "../schemas/v1/connector.schema.json"`), but a strict schema rejects every key the model does
/// not declare, that one included. This transform declares `$schema` on the root object and on
/// each branch of a root union (a closed `oneOf` branch checks its keys with
/// `additionalProperties`, which does not see the root's `properties`). Apply it to root
/// schemas only (settings transforms are).
///
/// ```
/// use schemars::json_schema;
/// use schemars::transform::Transform;
/// use versori_schema::transform::AllowSchemaKey;
///
/// let mut schema = json_schema!({ "type": "object", "properties": { "id": { "type": "string" } } });
/// AllowSchemaKey.transform(&mut schema);
/// assert_eq!(schema.as_value()["properties"]["$schema"]["format"], "uri-reference");
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct AllowSchemaKey;

impl Transform for AllowSchemaKey {
    fn transform(&mut self, schema: &mut Schema) {
        let key = json!({
            "type": "string",
            "format": "uri-reference",
            "description": "The JSON Schema this document follows, for editors. Not part of the API: \
                remove it before sending the document.",
        });
        let Some(root) = schema.as_object_mut() else {
            return;
        };
        if let Some(Value::Object(properties)) = root.get_mut("properties") {
            properties.insert("$schema".into(), key.clone());
        }
        for branch in root
            .get_mut("oneOf")
            .and_then(Value::as_array_mut)
            .into_iter()
            .flatten()
        {
            if let Some(Value::Object(properties)) = branch.get_mut("properties") {
                properties.insert("$schema".into(), key.clone());
            }
        }
    }
}
