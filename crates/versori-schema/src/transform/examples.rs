use std::borrow::Cow;

use schemars::Schema;
use schemars::transform::Transform;
use serde_json::Value;

use super::find_named_mut;

/// Adds `examples` to named types or their properties.
///
/// Editors offer `examples` as completions and show them in hover. They help where the
/// description alone leaves the format open: a timestamp's shape, a dataset id's
/// `<project>.<dataset>`, the `""` that a URL-ish field may legitimately hold, a form-encoded
/// parameter string. The model has no `#[schemars(example)]` attributes, so the examples live in
/// the per-version table of [`settings`](crate::settings).
///
/// ```
/// use schemars::json_schema;
/// use schemars::transform::Transform;
/// use versori_schema::transform::AddExamples;
///
/// let mut schema = json_schema!({
///     "title": "Connector",
///     "properties": { "datasetId": { "type": "string" } }
/// });
/// AddExamples::new([("Connector", Some("datasetId"), vec!["my-project.analytics".into()])])
///     .transform(&mut schema);
/// assert_eq!(schema.as_value()["properties"]["datasetId"]["examples"], serde_json::json!(["my-project.analytics"]));
/// ```
#[derive(Debug, Clone, Default)]
pub struct AddExamples {
    entries: Vec<(Cow<'static, str>, Option<&'static str>, Vec<Value>)>,
}

impl AddExamples {
    /// Entries of (type name, property or `None` for the type itself, examples).
    pub fn new(
        entries: impl IntoIterator<
            Item = (
                impl Into<Cow<'static, str>>,
                Option<&'static str>,
                Vec<Value>,
            ),
        >,
    ) -> Self {
        Self {
            entries: entries
                .into_iter()
                .map(|(name, property, examples)| (name.into(), property, examples))
                .collect(),
        }
    }
}

impl Transform for AddExamples {
    fn transform(&mut self, schema: &mut Schema) {
        for (name, property, examples) in &self.entries {
            let Some(target) = find_named_mut(schema, name) else {
                continue;
            };
            let target = match property {
                None => Some(target),
                Some(property) => target
                    .get_mut("properties")
                    .and_then(|p| p.get_mut(*property))
                    .and_then(Value::as_object_mut),
            };
            if let Some(target) = target {
                target.insert("examples".into(), Value::Array(examples.clone()));
            }
        }
    }
}
