use schemars::Schema;
use schemars::transform::Transform;

/// Gives an exported file its stable `$id`, its `title` and its `description`.
///
/// schemars titles a root schema with the Rust type's name, which is ambiguous across versions
/// (three `Credential`s) and says nothing of strictness. The `$id` lets tools cache and refer to
/// the file by one name wherever it is stored; the description keeps the type's own and adds a
/// paragraph saying which variant of the schema this is (and, where the text has markup, the
/// same as `markdownDescription`, for editors). Applied by [`export`](crate::export), which
/// knows the version and kind.
///
/// ```
/// use schemars::json_schema;
/// use schemars::transform::Transform;
/// use versori_schema::transform::RootMetadata;
///
/// let mut schema = json_schema!({ "title": "Credential", "description": "A credential.\n\nMore." });
/// RootMetadata {
///     id: "https://example.test/v1/credential.schema.json".into(),
///     title: "Versori v1 credential".into(),
///     note: "Strict: see `lenient/`.".into(),
/// }
/// .transform(&mut schema);
/// assert_eq!(schema, json_schema!({
///     "$id": "https://example.test/v1/credential.schema.json",
///     "title": "Versori v1 credential",
///     "description": "A credential.\n\nMore.\n\nStrict: see `lenient/`.",
///     "markdownDescription": "A credential.\n\nMore.\n\nStrict: see `lenient/`."
/// }));
/// ```
#[derive(Debug, Clone, Default)]
pub struct RootMetadata {
    /// The `$id`.
    pub id: String,
    /// The `title`.
    pub title: String,
    /// A paragraph appended to the type's own description.
    pub note: String,
}

impl Transform for RootMetadata {
    fn transform(&mut self, schema: &mut Schema) {
        let description = match schema.get("description").and_then(|d| d.as_str()) {
            Some(own) if !own.is_empty() => format!("{own}\n\n{}", self.note),
            _ => self.note.clone(),
        };
        schema.insert("$id".into(), self.id.clone().into());
        schema.insert("title".into(), self.title.clone().into());
        if super::markup(&description) {
            schema.insert("markdownDescription".into(), description.clone().into());
        } else {
            schema.remove("markdownDescription");
        }
        schema.insert("description".into(), description.into());
    }
}
