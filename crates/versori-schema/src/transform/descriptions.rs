use schemars::Schema;
use schemars::transform::Transform;
use serde_json::Value;

use super::{Position, markup, walk_schemas_mut};

/// Joins the soft-wrapped lines of doc comments, turns rustdoc links into code spans, and drops
/// the API reference's type name that opens a type's doc comment.
///
/// schemars copies doc comments verbatim, so a description keeps the line breaks of the source
/// and rustdoc's intra-doc link brackets. Editors show `description` in hover and completion,
/// where both are noise. Paragraph breaks (blank lines) and list items stay.
///
/// The model's type docs open with the name the API reference gives the type
/// (`AuthSchemeConfigAPIKey: the connector sends an API key`), which ties rustdoc to the
/// reference but means nothing to someone editing the JSON: on type-level descriptions (the
/// root, `$defs` entries, union branches) that name is dropped. Property descriptions are left
/// as written (`Absent: unchanged` is not a type name).
///
/// ```
/// use schemars::json_schema;
/// use schemars::transform::Transform;
/// use versori_schema::transform::TidyDescriptions;
///
/// let mut schema = json_schema!({
///     "description": "A config, tagged by\n`schemeType`; see [`Grant`].\n\nSecond paragraph.",
///     "properties": { "id": { "description": "Absent: unset\nhere." } },
///     "$defs": { "Key": { "description": "AuthSchemeConfigAPIKey: the connector\nsends a key." } }
/// });
/// TidyDescriptions.transform(&mut schema);
/// assert_eq!(schema, json_schema!({
///     "description": "A config, tagged by `schemeType`; see `Grant`.\n\nSecond paragraph.",
///     "properties": { "id": { "description": "Absent: unset here." } },
///     "$defs": { "Key": { "description": "The connector sends a key." } }
/// }));
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct TidyDescriptions;

impl Transform for TidyDescriptions {
    fn transform(&mut self, schema: &mut Schema) {
        walk_schemas_mut(schema, &mut |object, position| {
            if let Some(Value::String(text)) = object.get_mut("description") {
                *text = tidy(text);
                if position != Position::Value {
                    if let Some(stripped) = without_type_name(text) {
                        *text = stripped;
                    }
                }
            }
        });
    }
}

/// Keeps descriptions where an editor shows them: on properties, items and the root. A type's
/// own description (a `$defs` entry) and those of in-place subschemas (`oneOf` branches,
/// `allOf`, `if`/`then`/`else`) become `$comment`s.
///
/// An editor's hover shows the description of the innermost schema that applies to the value,
/// and resolving a `$ref` brings the target's description with it: hover on `in` said "A
/// request header." and hover on a grant said which grant schemars' branch was, never what the
/// property is. With descriptions only at the use sites, hover on a key shows the key's own
/// description (and, for an enum, the value's, from `enumDescriptions`). The text stays in the
/// file as `$comment` for people reading the schema. The entries of a map (`tags`,
/// `additionalParams`) are described by the map's description.
///
/// ```
/// use schemars::json_schema;
/// use schemars::transform::Transform;
/// use versori_schema::transform::DescriptionsAtUseSites;
///
/// let mut schema = json_schema!({
///     "description": "The document.",
///     "properties": { "grant": { "description": "The grant.", "allOf": [{ "$ref": "#/$defs/Grant" }] } },
///     "$defs": { "Grant": { "description": "A grant.", "oneOf": [{ "description": "Password.", "type": "object" }] } }
/// });
/// DescriptionsAtUseSites.transform(&mut schema);
/// assert_eq!(schema, json_schema!({
///     "description": "The document.",
///     "properties": { "grant": { "description": "The grant.", "allOf": [{ "$ref": "#/$defs/Grant" }] } },
///     "$defs": { "Grant": { "$comment": "A grant.", "oneOf": [{ "$comment": "Password.", "type": "object" }] } }
/// }));
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct DescriptionsAtUseSites;

impl Transform for DescriptionsAtUseSites {
    fn transform(&mut self, schema: &mut Schema) {
        walk_schemas_mut(schema, &mut |object, position| {
            // A map's entries (free-form keys) are described by the map.
            if let (Some(Value::String(text)), Some(Value::Object(entries))) = (
                object.get("description"),
                object.get("additionalProperties"),
            ) {
                if !entries.contains_key("description") {
                    let text = text.clone();
                    if let Some(Value::Object(entries)) = object.get_mut("additionalProperties") {
                        entries.insert("description".into(), text.into());
                    }
                }
            }
            if matches!(position, Position::Definition | Position::InPlace) {
                let description = object.remove("description");
                object.remove("markdownDescription");
                object.remove("title");
                if let Some(description) = description {
                    object.entry("$comment").or_insert(description);
                }
            }
        });
    }
}

/// Adds `markdownDescription` where a description has markup (code spans, lists, emphasis).
///
/// VS Code renders `description` as plain text, escaping every backtick, so
/// `` `schemeType` `http` `` showed with its backticks; `markdownDescription` is rendered as
/// markdown in hover and completion. `description` stays for every other tool.
///
/// ```
/// use schemars::json_schema;
/// use schemars::transform::Transform;
/// use versori_schema::transform::MarkdownDescriptions;
///
/// let mut schema = json_schema!({ "properties": {
///     "a": { "description": "`http` only." },
///     "b": { "description": "Plain." }
/// } });
/// MarkdownDescriptions.transform(&mut schema);
/// assert_eq!(schema.as_value()["properties"]["a"]["markdownDescription"], "`http` only.");
/// assert!(schema.as_value()["properties"]["b"].get("markdownDescription").is_none());
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct MarkdownDescriptions;

impl Transform for MarkdownDescriptions {
    fn transform(&mut self, schema: &mut Schema) {
        walk_schemas_mut(schema, &mut |object, _| {
            let Some(text) = object.get("description").and_then(Value::as_str) else {
                return;
            };
            if markup(text) && !object.contains_key("markdownDescription") {
                let text = text.to_owned();
                object.insert("markdownDescription".into(), text.into());
            }
        });
    }
}

/// The text without a leading `TypeName: ` (or `Name / Name: `), its next letter capitalised;
/// `None` when it does not open with one.
pub(crate) fn without_type_name(text: &str) -> Option<String> {
    let (head, rest) = text.split_once(": ")?;
    let is_name = |name: &str| {
        name.starts_with(|c: char| c.is_ascii_uppercase())
            && name.chars().all(|c| c.is_ascii_alphanumeric())
            && name.chars().any(|c| c.is_ascii_lowercase())
    };
    if !head.split(" / ").all(is_name) {
        return None;
    }
    let mut chars = rest.chars();
    let first = chars.next().filter(|c| c.is_lowercase())?;
    Some(first.to_uppercase().chain(chars).collect())
}

/// Unwraps soft line breaks inside paragraphs and rustdoc links (`` [`X`] `` -> `` `X` ``).
pub(crate) fn tidy(text: &str) -> String {
    let unlinked = text.replace("[`", "`").replace("`]", "`");
    unlinked
        .split("\n\n")
        .map(|paragraph| {
            let mut out = String::new();
            for line in paragraph.lines().map(str::trim) {
                if line.is_empty() {
                    continue;
                }
                if !out.is_empty() {
                    out.push(if is_list_item(line) { '\n' } else { ' ' });
                }
                out.push_str(line);
            }
            out
        })
        .filter(|paragraph| !paragraph.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

fn is_list_item(line: &str) -> bool {
    line.starts_with("- ")
        || line.starts_with("* ")
        || line
            .split_once(". ")
            .is_some_and(|(n, _)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::{tidy, without_type_name};

    #[test]
    fn drops_only_a_leading_type_name() {
        assert_eq!(
            without_type_name("CredentialDataBasicAuth / CredentialDataOAuth2Password: a pair."),
            Some("A pair.".to_owned())
        );
        assert_eq!(
            without_type_name("Connection: the credentials."),
            Some("The credentials.".to_owned())
        );
        assert_eq!(without_type_name("`http` only: the base URL."), None);
        assert_eq!(without_type_name("The id: unique."), None);
        assert_eq!(without_type_name("HTTP: Upper."), None);
    }

    #[test]
    fn keeps_list_items_and_paragraphs() {
        assert_eq!(
            tidy("Rules:\n- one\n  continued\n- two\n\n1. first\n2. second"),
            "Rules:\n- one continued\n- two\n\n1. first\n2. second"
        );
    }
}
