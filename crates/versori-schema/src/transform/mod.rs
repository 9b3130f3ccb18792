//! The named schema transforms that [`settings`](crate::settings) composes, each a schemars
//! [`Transform`](schemars::transform::Transform) with its reason and a before/after example.
//!
//! | transform | why |
//! |---|---|
//! | [`TidyDescriptions`] | doc comments read as plain text in an editor's hover |
//! | [`RequireAlwaysWritten`] | a field the model always writes, even as `null`, is required on the wire (`publishedAt`) |
//! | [`NullOnlyWhereRequired`] | an optional field is absent when unset; only required fields may be `null` |
//! | [`TaggedUnionsAsOneOf`] | `schemeType`/`grantType` unions are `oneOf` with `const` tags, not `anyOf` |
//! | [`OneOfByTag`] | a sibling `type` decides a member or the shape of `data`, which the plain structs cannot say |
//! | [`PruneUnusedDefinitions`] | definitions the other transforms replaced are dropped |
//! | [`AddExamples`] | sample values where a description alone leaves the format unclear |
//! | [`AllowSchemaKey`] | a document may name its schema with `$schema` (editors read it) |
//! | [`RejectUnknownKeys`] | strict: typos are errors; `unevaluatedProperties` where keys are composed |
//! | [`AcceptUnknownValues`] | lenient: enum values and tags from newer releases are accepted |
//! | [`RootMetadata`] | every exported file has a stable `$id`, a `title` and a `description` |
//!
//! The transforms that find a type by name ([`OneOfByTag`], [`AddExamples`],
//! [`RequireAlwaysWritten`]) look at the root schema (whose `title` is still the root type's
//! name while settings transforms run) and at `$defs/<name>`; a type a schema does not contain is
//! skipped, so one settings value serves every kind of a version.

mod defs;
mod descriptions;
mod enums;
mod examples;
mod keys;
mod metadata;
mod nullable;
mod schema_key;
mod unions;

pub use defs::PruneUnusedDefinitions;
pub use descriptions::TidyDescriptions;
pub use enums::AcceptUnknownValues;
pub use examples::AddExamples;
pub use keys::RejectUnknownKeys;
pub use metadata::RootMetadata;
pub use nullable::{NullOnlyWhereRequired, RequireAlwaysWritten};
pub use schema_key::AllowSchemaKey;
pub use unions::{OneOfByTag, TaggedUnionsAsOneOf};

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
