use schemars::Schema;
use schemars::transform::{Transform, transform_subschemas};
use serde_json::Value;

/// Joins the soft-wrapped lines of doc comments and turns rustdoc links into code spans.
///
/// schemars copies doc comments verbatim, so a description keeps the line breaks of the source
/// and rustdoc's intra-doc link brackets. Editors show `description` as plain text in hover
/// and completion, where both are noise. Paragraph breaks (blank lines) and list items stay.
///
/// ```
/// use schemars::json_schema;
/// use schemars::transform::Transform;
/// use versori_schema::transform::TidyDescriptions;
///
/// let mut schema = json_schema!({
///     "description": "A config, tagged by\n`schemeType`; see [`Grant`].\n\nSecond paragraph.",
///     "properties": { "id": { "description": "The\nid." } }
/// });
/// TidyDescriptions.transform(&mut schema);
/// assert_eq!(schema, json_schema!({
///     "description": "A config, tagged by `schemeType`; see `Grant`.\n\nSecond paragraph.",
///     "properties": { "id": { "description": "The id." } }
/// }));
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct TidyDescriptions;

impl Transform for TidyDescriptions {
    fn transform(&mut self, schema: &mut Schema) {
        if let Some(Value::String(text)) = schema.get_mut("description") {
            *text = tidy(text);
        }
        transform_subschemas(self, schema);
    }
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
    use super::tidy;

    #[test]
    fn keeps_list_items_and_paragraphs() {
        assert_eq!(
            tidy("Rules:\n- one\n  continued\n- two\n\n1. first\n2. second"),
            "Rules:\n- one continued\n- two\n\n1. first\n2. second"
        );
    }
}
