use schemars::Schema;
use schemars::transform::{Transform, transform_subschemas};
use serde_json::{Map, Value, json};

use super::markup;

/// Documented enum values as one `enum`, with `enumDescriptions` (and
/// `markdownEnumDescriptions` where the text has markup).
///
/// The model writes a documented string enum as a `oneOf` of `const`s, each with its
/// description (schemars' own convention). An editor's hover shows the description of the
/// innermost schema that has one, so hovering the key of such a property showed the *value's*
/// text ("A request header.") instead of the property's ("Where the key is placed on the
/// request."). VS Code's keywords say both: the property keeps its description, and the value's
/// goes into `enumDescriptions`, which completion shows beside each value and hover appends
/// (`` `header`: A request header. ``).
///
/// ```
/// use schemars::json_schema;
/// use schemars::transform::Transform;
/// use versori_schema::transform::DescribeEnumValues;
///
/// let mut schema = json_schema!({
///     "type": "string",
///     "oneOf": [{ "const": "query", "description": "A query parameter." },
///               { "const": "header", "description": "A `header`." }]
/// });
/// DescribeEnumValues.transform(&mut schema);
/// assert_eq!(schema, json_schema!({
///     "type": "string",
///     "enum": ["query", "header"],
///     "enumDescriptions": ["A query parameter.", "A `header`."],
///     "markdownEnumDescriptions": ["A query parameter.", "A `header`."]
/// }));
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct DescribeEnumValues;

impl Transform for DescribeEnumValues {
    fn transform(&mut self, schema: &mut Schema) {
        if let Some(object) = schema.as_object_mut() {
            if object.get("type").and_then(Value::as_str) == Some("string") {
                if let Some((values, descriptions)) = documented_values(object) {
                    object.remove("oneOf");
                    object.insert("enum".into(), Value::Array(values));
                    if descriptions.iter().any(|d| markup(d)) {
                        object.insert("markdownEnumDescriptions".into(), json!(descriptions));
                    }
                    object.insert("enumDescriptions".into(), json!(descriptions));
                }
            }
        }
        transform_subschemas(self, schema);
    }
}

/// The values and descriptions of a `oneOf` whose every branch is a bare `const`.
fn documented_values(object: &Map<String, Value>) -> Option<(Vec<Value>, Vec<String>)> {
    let branches = object.get("oneOf")?.as_array()?;
    let mut values = Vec::new();
    let mut descriptions = Vec::new();
    for branch in branches {
        let branch = branch.as_object()?;
        if branch
            .keys()
            .any(|key| key != "const" && key != "description")
        {
            return None;
        }
        values.push(branch.get("const")?.clone());
        descriptions.push(
            branch
                .get("description")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned(),
        );
    }
    Some((values, descriptions))
}

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
///     "enum": ["query"],
///     "enumDescriptions": ["A query parameter."]
/// });
/// AcceptUnknownValues.transform(&mut schema);
/// assert_eq!(schema, json_schema!({
///     "type": "string",
///     "oneOf": [
///         { "enum": ["query"], "enumDescriptions": ["A query parameter."] },
///         { "not": { "enum": ["query"] }, "$comment": "A value this release does not know (from a newer API release): read and kept verbatim." }
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
                    let mut known = Map::new();
                    known.insert("enum".into(), Value::Array(values.clone()));
                    for key in ["enumDescriptions", "markdownEnumDescriptions"] {
                        if let Some(descriptions) = object.remove(key) {
                            known.insert(key.into(), descriptions);
                        }
                    }
                    object.insert(
                        "oneOf".into(),
                        json!([known, { "not": { "enum": values }, "$comment": UNKNOWN }]),
                    );
                }
            }
        }
        transform_subschemas(self, schema);
    }
}
