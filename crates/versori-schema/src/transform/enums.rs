use schemars::Schema;
use schemars::transform::{Transform, transform_subschemas};
use serde_json::{Value, json};

/// Lenient schemas only: a string enum also accepts values this release does not know.
///
/// Every model enum keeps an unknown value in an `Unknown` variant (validation reports it), and
/// its schema lists only the documented values so that editors complete them and strict schemas
/// flag typos. A document written against a newer API release may carry a newer value; the
/// lenient schema accepts it through one more `oneOf` branch that matches exactly the values
/// not listed, so the documented values keep their descriptions and completion.
///
/// ```
/// use schemars::json_schema;
/// use schemars::transform::Transform;
/// use versori_schema::transform::AcceptUnknownValues;
///
/// let mut schema = json_schema!({
///     "type": "string",
///     "oneOf": [{ "const": "query", "description": "A query parameter." }]
/// });
/// AcceptUnknownValues.transform(&mut schema);
/// assert_eq!(schema, json_schema!({
///     "type": "string",
///     "oneOf": [
///         { "const": "query", "description": "A query parameter." },
///         { "not": { "enum": ["query"] }, "description": "A value this release does not know (from a newer API release): read and kept verbatim." }
///     ]
/// }));
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct AcceptUnknownValues;

const UNKNOWN: &str =
    "A value this release does not know (from a newer API release): read and kept verbatim.";

impl Transform for AcceptUnknownValues {
    fn transform(&mut self, schema: &mut Schema) {
        if let Some(object) = schema.as_object_mut() {
            if object.get("type").and_then(Value::as_str) == Some("string") {
                if let Some(Value::Array(values)) = object.remove("enum") {
                    object.insert(
                        "oneOf".into(),
                        json!([
                            { "enum": values },
                            { "not": { "enum": values }, "description": UNKNOWN }
                        ]),
                    );
                } else if let Some(Value::Array(branches)) = object.get_mut("oneOf") {
                    let known: Option<Vec<Value>> = branches
                        .iter()
                        .map(|b| {
                            b.get("properties")
                                .is_none()
                                .then(|| b.get("const").cloned())
                                .flatten()
                        })
                        .collect();
                    if let Some(known) = known {
                        branches.push(json!({ "not": { "enum": known }, "description": UNKNOWN }));
                    }
                }
            }
        }
        transform_subschemas(self, schema);
    }
}
