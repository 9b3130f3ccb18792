//! The named schema transforms that [`settings`](crate::settings) composes, each a schemars
//! [`Transform`](schemars::transform::Transform) with its reason and a before/after example.
//!
//! | transform | why |
//! |---|---|
//! | [`TidyDescriptions`] | doc comments read as plain text in an editor's hover, without the API reference's type names |
//! | [`RequireAlwaysWritten`] | a field the model always writes, even as `null`, is required on the wire (`publishedAt`) |
//! | [`NullOnlyWhereRequired`] | an optional field is absent when unset; only required fields may be `null` |
//! | [`DescribeEnumValues`] | enum values as `enum` + `enumDescriptions`, so hover on a key shows the key's text and the value's |
//! | [`TaggedUnionsAsOneOf`] | `schemeType`/`grantType` unions are a `oneOf` of self-contained branches, with every tag value at the union level |
//! | [`IfTagThen`] | a sibling tag decides a member, the shape of `data` or required keys, which the plain structs cannot say |
//! | [`IfKeysThen`] | an untagged union is decided by the keys the model looks at, so editors check the branch the model reads |
//! | [`PruneUnusedDefinitions`] | definitions the other transforms replaced are dropped |
//! | [`AddExamples`] | sample values where a description alone leaves the format unclear |
//! | [`AllowSchemaKey`] | a document may name its schema with `$schema` (editors read it) |
//! | [`UrlPatterns`] | URL fields have a `pattern`, for editors that treat `format` as an annotation |
//! | [`RejectUnknownKeys`] | strict: typos are errors |
//! | [`AcceptUnknownValues`] | lenient: enum values and tags from newer releases are accepted |
//! | [`NoKeywordsBesideRef`] | editors replace a `$ref`'d schema by its target: nothing may sit beside a `$ref` |
//! | [`SkeletonSnippets`] | completion inserts a complete skeleton per auth config, grant and credential type |
//! | [`DescriptionsAtUseSites`] | hover shows a key's own description, not its type's or a branch's |
//! | [`MarkdownDescriptions`] | text with markup is rendered as markdown in hover and completion |
//! | [`RootMetadata`] | every exported file has a stable `$id`, a `title` and a `description` |
//!
//! The JSON engine of VS Code (`vscode-json-languageservice`) is the reference for how the
//! schemas are read in an editor; `tests/editor/` drives it over every example and fixture.
//!
//! The transforms that find a type by name ([`IfTagThen`], [`IfKeysThen`], [`AddExamples`],
//! [`UrlPatterns`], [`RequireAlwaysWritten`]) look at the root schema (whose `title` is still the root type's
//! name while settings transforms run) and at `$defs/<name>`; a type a schema does not contain is
//! skipped, so one settings value serves every kind of a version.

mod defs;
mod descriptions;
mod enums;
mod examples;
mod keys;
mod metadata;
mod nullable;
mod refs;
mod schema_key;
mod skeletons;
mod unions;
mod urls;

pub use defs::PruneUnusedDefinitions;
pub use descriptions::{DescriptionsAtUseSites, MarkdownDescriptions, TidyDescriptions};
pub use enums::{AcceptUnknownValues, DescribeEnumValues};
pub use examples::AddExamples;
pub use keys::RejectUnknownKeys;
pub use metadata::RootMetadata;
pub use nullable::{NullOnlyWhereRequired, RequireAlwaysWritten};
pub use refs::NoKeywordsBesideRef;
pub use schema_key::AllowSchemaKey;
pub use skeletons::SkeletonSnippets;
pub use unions::{IfKeysThen, IfTagThen, TaggedUnionsAsOneOf};
pub use urls::{UrlPatterns, UrlRule};

use schemars::Schema;
use serde_json::{Map, Value};

/// The prefix of a local reference to a definition.
const DEFS_REF: &str = "#/$defs/";

/// The schema of the type `name` inside a root schema: the root itself when its `title` is
/// `name`, else `$defs/<name>`.
fn find_named_mut<'a>(root: &'a mut Schema, name: &str) -> Option<&'a mut Map<String, Value>> {
    let root = root.as_object_mut()?;
    if root.get("title").and_then(Value::as_str) == Some(name) {
        return Some(root);
    }
    root.get_mut("$defs")?.get_mut(name)?.as_object_mut()
}

/// The definition a local `$ref` names (`#/$defs/Name` -> `Name`).
fn ref_name(schema: &Map<String, Value>) -> Option<&str> {
    schema.get("$ref")?.as_str()?.strip_prefix(DEFS_REF)
}

/// The names in a schema's `required` list.
fn required_names(schema: &Map<String, Value>) -> Vec<String> {
    schema
        .get("required")
        .and_then(Value::as_array)
        .map(|names| {
            names
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

/// Adds `name` to a schema's `required` list, keeping the list's order.
fn require(schema: &mut Map<String, Value>, name: &str) {
    let list = schema
        .entry("required")
        .or_insert_with(|| Value::Array(Vec::new()));
    if let Value::Array(names) = list {
        if !names.iter().any(|n| n == name) {
            names.push(name.into());
        }
    }
}

/// Where a subschema sits, for the transforms that treat them differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Position {
    /// The root schema.
    Root,
    /// A `$defs` entry.
    Definition,
    /// An in-place applicator (`allOf`, `anyOf`, `oneOf`, `if`, `then`, `else`, `not`,
    /// `dependentSchemas`): it applies to the same value as its parent.
    InPlace,
    /// The schema of a value inside the parent's (`properties`, `items`,
    /// `additionalProperties`, ...).
    Value,
}

/// Calls `f` with every schema object under `schema` (itself included, as `Root`), parents
/// before children, with its [`Position`].
pub(crate) fn walk_schemas_mut(
    schema: &mut Schema,
    f: &mut dyn FnMut(&mut Map<String, Value>, Position),
) {
    if let Some(object) = schema.as_object_mut() {
        walk_object(object, Position::Root, f);
    }
}

fn walk(
    value: &mut Value,
    position: Position,
    f: &mut dyn FnMut(&mut Map<String, Value>, Position),
) {
    if let Value::Object(object) = value {
        walk_object(object, position, f);
    }
}

fn walk_object(
    object: &mut Map<String, Value>,
    position: Position,
    f: &mut dyn FnMut(&mut Map<String, Value>, Position),
) {
    f(object, position);
    for (key, child) in object.iter_mut() {
        match key.as_str() {
            "$defs" => map_values(child, Position::Definition, f),
            "properties" | "patternProperties" => map_values(child, Position::Value, f),
            "dependentSchemas" => map_values(child, Position::InPlace, f),
            "allOf" | "anyOf" | "oneOf" => array_items(child, Position::InPlace, f),
            "prefixItems" => array_items(child, Position::Value, f),
            "if" | "then" | "else" | "not" => walk(child, Position::InPlace, f),
            "items"
            | "additionalProperties"
            | "unevaluatedProperties"
            | "contains"
            | "propertyNames" => walk(child, Position::Value, f),
            _ => {}
        }
    }
}

fn map_values(
    value: &mut Value,
    position: Position,
    f: &mut dyn FnMut(&mut Map<String, Value>, Position),
) {
    if let Value::Object(map) = value {
        for child in map.values_mut() {
            walk(child, position, f);
        }
    }
}

fn array_items(
    value: &mut Value,
    position: Position,
    f: &mut dyn FnMut(&mut Map<String, Value>, Position),
) {
    if let Value::Array(items) = value {
        for child in items {
            walk(child, position, f);
        }
    }
}

/// A copy of the `$defs` of a root schema (empty when it has none).
pub(crate) fn definitions(root: &Schema) -> Map<String, Value> {
    root.get("$defs")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default()
}

/// Whether a description uses markdown: code spans, emphasis, links or list items.
pub(crate) fn markup(text: &str) -> bool {
    text.contains('`')
        || text.contains("**")
        || text.contains("](")
        || text
            .lines()
            .any(|line| line.starts_with("- ") || line.starts_with("* "))
}
