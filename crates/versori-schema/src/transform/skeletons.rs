use schemars::Schema;
use schemars::transform::Transform;
use serde_json::{Map, Value, json};

use super::{definitions, ref_name, walk_schemas_mut};

/// How deep a skeleton goes into nested objects.
const MAX_DEPTH: usize = 6;

/// Adds `defaultSnippets` to every tagged union: one complete skeleton per tag value.
///
/// Completing a value where an auth config, a grant or a credential goes (an item of
/// `authSchemeConfigs`, a credential's place, an empty document of that kind), VS Code offers
/// each snippet by name (`schemeType: api-key`) and inserts the object with its tag and every
/// key that kind requires, recursively, with tab stops on the values to fill in: enums as a
/// choice of their values, strings empty (or their first example), `[]`, `false`, `0`.
///
/// Both forms of tagged union are read: the `oneOf` of self-contained branches of
/// [`TaggedUnionsAsOneOf`](super::TaggedUnionsAsOneOf) and the `if`/`then` entries of
/// [`IfTagThen`](super::IfTagThen). An untagged union decided by keys
/// ([`IfKeysThen`](super::IfKeysThen)) offers the snippets of its branches.
///
/// ```
/// use schemars::json_schema;
/// use schemars::transform::Transform;
/// use versori_schema::transform::SkeletonSnippets;
///
/// let mut schema = json_schema!({
///     "properties": { "schemeType": { "type": "string", "enum": ["api-key"], "enumDescriptions": ["An API key."] } },
///     "oneOf": [{
///         "type": "object",
///         "properties": {
///             "schemeType": { "const": "api-key" },
///             "name": { "type": "string", "examples": ["X-Api-Key"] },
///             "in": { "type": "string", "enum": ["query", "header"] }
///         },
///         "required": ["schemeType", "name", "in"]
///     }]
/// });
/// SkeletonSnippets.transform(&mut schema);
/// assert_eq!(schema.as_value()["defaultSnippets"], serde_json::json!([{
///     "label": "schemeType: api-key",
///     "markdownDescription": "An API key.",
///     "body": { "schemeType": "api-key", "in": "^\"${1|query,header|}\"", "name": "${2:X-Api-Key}" }
/// }]));
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct SkeletonSnippets;

impl Transform for SkeletonSnippets {
    fn transform(&mut self, schema: &mut Schema) {
        let defs = definitions(schema);
        walk_schemas_mut(schema, &mut |object, _| {
            if let Some(snippets) = union_snippets(object, &defs) {
                object.insert("defaultSnippets".into(), Value::Array(snippets));
            }
        });
        let defs = definitions(schema);
        walk_schemas_mut(schema, &mut |object, _| {
            if object.contains_key("defaultSnippets") || !object.contains_key("if") {
                return;
            }
            let gathered: Vec<Value> = ["then", "else"]
                .iter()
                .filter_map(|key| object.get(*key)?.as_object())
                .filter_map(|branch| {
                    let target = match ref_name(branch) {
                        Some(name) => defs.get(name)?.as_object()?,
                        None => branch,
                    };
                    target.get("defaultSnippets")?.as_array().cloned()
                })
                .flatten()
                .collect();
            if !gathered.is_empty() {
                object.insert("defaultSnippets".into(), Value::Array(gathered));
            }
        });
    }
}

/// The snippets of a tagged union (`None`: not one).
fn union_snippets(object: &Map<String, Value>, defs: &Map<String, Value>) -> Option<Vec<Value>> {
    let (tag, cases) = tagged_cases(object)?;
    let described = tag_value_descriptions(object, &tag);
    let snippets = cases
        .into_iter()
        .map(|(value, schemas)| {
            let mut builder = Builder { defs, next: 1 };
            let body = builder.object(&schemas, Some((&tag, &value)), 0);
            let mut snippet = Map::new();
            let shown = value
                .as_str()
                .map(str::to_owned)
                .unwrap_or_else(|| value.to_string());
            snippet.insert("label".into(), format!("{tag}: {shown}").into());
            if let Some(text) = described.iter().find(|(v, _)| *v == value).map(|(_, d)| d) {
                snippet.insert("markdownDescription".into(), text.clone().into());
            }
            snippet.insert("body".into(), body);
            Value::Object(snippet)
        })
        .collect::<Vec<_>>();
    (!snippets.is_empty()).then_some(snippets)
}

/// One tag value and the schemas that apply to an object with that value.
type TagCase<'a> = (Value, Vec<&'a Map<String, Value>>);

/// The tag and, per known value, the schemas that apply to an object with that value.
fn tagged_cases(object: &Map<String, Value>) -> Option<(String, Vec<TagCase<'_>>)> {
    let declared = object.get("properties").and_then(Value::as_object);
    // `oneOf` of self-contained branches, each with its tag's `const`.
    if let Some(branches) = object.get("oneOf").and_then(Value::as_array) {
        let mut tag: Option<&str> = None;
        let mut cases = Vec::new();
        for branch in branches.iter().filter_map(Value::as_object) {
            let found = branch
                .get("properties")
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
                .find_map(|(name, p)| Some((name.as_str(), p.get("const")?.clone())));
            let Some((name, value)) = found else {
                continue;
            };
            if tag.is_some_and(|t| t != name) {
                return None;
            }
            tag = Some(name);
            cases.push((value, vec![branch]));
        }
        if let Some(tag) = tag.filter(|t| declared.is_some_and(|d| d.contains_key(*t))) {
            return Some((tag.to_owned(), cases));
        }
    }
    // `if`/`then` entries on a declared tag.
    let entries = object.get("allOf").and_then(Value::as_array)?;
    let mut tag: Option<&str> = None;
    let mut cases = Vec::new();
    for entry in entries.iter().filter_map(Value::as_object) {
        let Some(condition) = entry.get("if").and_then(Value::as_object) else {
            continue;
        };
        let Some((name, value)) = condition
            .get("properties")
            .and_then(Value::as_object)
            .and_then(|p| p.iter().next())
            .and_then(|(name, p)| Some((name.as_str(), p.get("const")?.clone())))
        else {
            continue;
        };
        if tag.is_some_and(|t| t != name) {
            continue;
        }
        tag = Some(name);
        let mut schemas = vec![object];
        if let Some(then) = entry.get("then").and_then(Value::as_object) {
            schemas.push(then);
        }
        cases.push((value, schemas));
    }
    let tag = tag.filter(|t| declared.is_some_and(|d| d.contains_key(*t)))?;
    Some((tag.to_owned(), cases))
}

/// (value, markdown description) of the tag's documented values.
fn tag_value_descriptions(object: &Map<String, Value>, tag: &str) -> Vec<(Value, String)> {
    let Some(property) = object
        .get("properties")
        .and_then(|p| p.get(tag))
        .and_then(Value::as_object)
    else {
        return Vec::new();
    };
    let holders = std::iter::once(property).chain(
        property
            .get("oneOf")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_object),
    );
    for holder in holders {
        let (Some(values), Some(texts)) = (
            holder.get("enum").and_then(Value::as_array),
            holder
                .get("markdownEnumDescriptions")
                .or_else(|| holder.get("enumDescriptions"))
                .and_then(Value::as_array),
        ) else {
            continue;
        };
        return values
            .iter()
            .zip(texts)
            .filter_map(|(v, t)| {
                Some((v.clone(), t.as_str().filter(|t| !t.is_empty())?.to_owned()))
            })
            .collect();
    }
    Vec::new()
}

struct Builder<'a> {
    defs: &'a Map<String, Value>,
    next: usize,
}

impl<'a> Builder<'a> {
    /// The schema objects a schema stands for: itself, what its `$ref` and plain `allOf`
    /// entries bring (not the `if`/`then` entries, which the caller chooses).
    fn expand(&self, schema: &'a Map<String, Value>, out: &mut Vec<&'a Map<String, Value>>) {
        out.push(schema);
        if let Some(target) = ref_name(schema).and_then(|name| self.defs.get(name)?.as_object()) {
            self.expand(target, out);
        }
        for entry in schema
            .get("allOf")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_object)
        {
            if !entry.contains_key("if") {
                self.expand(entry, out);
            }
        }
    }

    fn placeholder(&mut self, default: Option<&str>) -> Value {
        let n = self.next;
        self.next += 1;
        match default {
            Some(text) => {
                let escaped = text
                    .replace('\\', "\\\\")
                    .replace('$', "\\$")
                    .replace('}', "\\}");
                format!("${{{n}:{escaped}}}").into()
            }
            None => format!("${n}").into(),
        }
    }

    fn object(
        &mut self,
        schemas: &[&'a Map<String, Value>],
        fixed: Option<(&str, &Value)>,
        depth: usize,
    ) -> Value {
        let mut expanded = Vec::new();
        for schema in schemas {
            self.expand(schema, &mut expanded);
        }
        let mut out = Map::new();
        if let Some((tag, value)) = fixed {
            out.insert(tag.to_owned(), value.clone());
        }
        let mut required: Vec<&str> = Vec::new();
        for schema in &expanded {
            for name in schema
                .get("required")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                if let Some(name) = name.as_str().filter(|n| !required.contains(n)) {
                    required.push(name);
                }
            }
        }
        // The files are written with sorted keys, so the tab stops follow that order.
        required.sort_unstable();
        for name in required {
            if out.contains_key(name) {
                continue;
            }
            let property_schemas: Vec<&Map<String, Value>> = expanded
                .iter()
                .filter_map(|s| s.get("properties")?.get(name)?.as_object())
                .collect();
            let value = self.value(&property_schemas, depth + 1);
            out.insert(name.to_owned(), value);
        }
        Value::Object(out)
    }

    fn value(&mut self, schemas: &[&'a Map<String, Value>], depth: usize) -> Value {
        let mut expanded = Vec::new();
        for schema in schemas {
            self.expand(schema, &mut expanded);
        }
        if let Some(value) = expanded.iter().find_map(|s| s.get("const")) {
            return value.clone();
        }
        let values = expanded.iter().find_map(|s| {
            s.get("enum")
                .and_then(Value::as_array)
                .or_else(|| s.get("oneOf")?.as_array()?.first()?.get("enum")?.as_array())
        });
        if let Some(values) = values {
            let words: Option<Vec<&str>> = values.iter().map(Value::as_str).collect();
            if let Some(words) = words.filter(|w| {
                w.iter()
                    .all(|w| !w.contains([',', '|', '"', '\\', '$', '}']))
            }) {
                let n = self.next;
                self.next += 1;
                return format!("^\"${{{n}|{}|}}\"", words.join(",")).into();
            }
            return values.first().cloned().unwrap_or(Value::Null);
        }
        if depth < MAX_DEPTH {
            // A nested tagged union (a grant): its first case.
            for schema in &expanded {
                if let Some((tag, mut cases)) = tagged_cases(schema) {
                    if !cases.is_empty() {
                        let (value, schemas) = cases.swap_remove(0);
                        return self.object(&schemas, Some((&tag, &value)), depth);
                    }
                }
            }
            // A nullable or untagged union: its first branch.
            for schema in &expanded {
                if let Some(first) = schema
                    .get("anyOf")
                    .or_else(|| schema.get("oneOf"))
                    .and_then(Value::as_array)
                    .and_then(|b| b.iter().filter_map(Value::as_object).next())
                {
                    return self.value(&[first], depth + 1);
                }
            }
        }
        let kind = expanded.iter().find_map(|s| match s.get("type") {
            Some(Value::String(t)) => Some(t.as_str()),
            Some(Value::Array(types)) => types
                .iter()
                .filter_map(Value::as_str)
                .find(|t| *t != "null"),
            _ => None,
        });
        match kind {
            Some("object") if depth < MAX_DEPTH => self.object(&expanded, None, depth),
            Some("object") => json!({}),
            Some("array") => json!([]),
            Some("boolean") => json!(false),
            Some("integer" | "number") => json!(0),
            _ if expanded.iter().any(|s| s.contains_key("properties")) && depth < MAX_DEPTH => {
                self.object(&expanded, None, depth)
            }
            _ => {
                let example = expanded
                    .iter()
                    .find_map(|s| s.get("examples")?.as_array()?.first()?.as_str());
                self.placeholder(example)
            }
        }
    }
}
