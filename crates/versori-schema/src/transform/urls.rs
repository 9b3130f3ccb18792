use std::borrow::Cow;

use schemars::Schema;
use schemars::transform::Transform;
use serde_json::Value;

use super::{find_named_mut, walk_schemas_mut};

/// What a URL field accepts, as validation checks it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UrlRule {
    /// An absolute `http`/`https` URL (with `{templated}` parts allowed).
    Absolute,
    /// An absolute `http`/`https` URL, or `""` (which the API gives a meaning).
    AbsoluteOrEmpty,
    /// An absolute `http`/`https` URL, `""`, or a host without a scheme (to which the API adds
    /// `https://`): a v2 connection's `baseUrl`.
    AbsoluteHostOrEmpty,
}

const URL: &str = r"https?://[^\s/?#]+(?:[/?#]\S*)?";
const HOST: &str = r"[^\s/?#:]+(?::[0-9]+)?(?:[/?#]\S*)?";

impl UrlRule {
    /// The `pattern` of the rule.
    pub fn pattern(self) -> String {
        match self {
            Self::Absolute => format!("^{URL}$"),
            Self::AbsoluteOrEmpty => format!("^(?:{URL})?$"),
            Self::AbsoluteHostOrEmpty => format!("^(?:{URL}|{HOST})?$"),
        }
    }

    /// The message an editor shows when the pattern does not match (`patternErrorMessage`).
    pub fn message(self) -> &'static str {
        match self {
            Self::Absolute => "An absolute http(s) URL, such as https://api.example.com/v1.",
            Self::AbsoluteOrEmpty => {
                "An absolute http(s) URL, such as https://api.example.com/v1, or \"\"."
            }
            Self::AbsoluteHostOrEmpty => {
                "An absolute http(s) URL such as https://api.example.com, a host (https:// is added), or \"\"."
            }
        }
    }
}

/// Gives URL fields a `pattern`, so that editors that treat `format` as an annotation only
/// still flag a value that is not a URL.
///
/// Draft 2020-12 makes `format` an annotation unless a validator opts in; the 6.0 release of
/// VS Code's JSON engine does not check it, and some URL fields have no `format` at all (a
/// `baseUrl` that may be `""`). Every `format: uri` string gets the [`UrlRule::Absolute`]
/// pattern, and the fields listed (type name, property, rule) get their rule's pattern, each
/// with a `patternErrorMessage` (VS Code's keyword for the text it shows instead of the regex).
///
/// ```
/// use schemars::json_schema;
/// use schemars::transform::Transform;
/// use versori_schema::transform::{UrlPatterns, UrlRule};
///
/// let mut schema = json_schema!({
///     "title": "Connection",
///     "properties": {
///         "tokenUrl": { "type": "string", "format": "uri" },
///         "baseUrl": { "type": "string" }
///     }
/// });
/// UrlPatterns::new([("Connection", "baseUrl", UrlRule::AbsoluteOrEmpty)]).transform(&mut schema);
/// let properties = &schema.as_value()["properties"];
/// assert_eq!(properties["tokenUrl"]["pattern"], UrlRule::Absolute.pattern());
/// assert_eq!(properties["baseUrl"]["pattern"], UrlRule::AbsoluteOrEmpty.pattern());
/// ```
#[derive(Debug, Clone, Default)]
pub struct UrlPatterns {
    fields: Vec<(Cow<'static, str>, &'static str, UrlRule)>,
}

impl UrlPatterns {
    /// Entries of (type name, property, rule), besides every `format: uri` string.
    pub fn new(
        fields: impl IntoIterator<Item = (impl Into<Cow<'static, str>>, &'static str, UrlRule)>,
    ) -> Self {
        Self {
            fields: fields
                .into_iter()
                .map(|(name, property, rule)| (name.into(), property, rule))
                .collect(),
        }
    }
}

fn set(object: &mut serde_json::Map<String, Value>, rule: UrlRule) {
    object.insert("pattern".into(), rule.pattern().into());
    object.insert("patternErrorMessage".into(), rule.message().into());
}

impl Transform for UrlPatterns {
    fn transform(&mut self, schema: &mut Schema) {
        walk_schemas_mut(schema, &mut |object, _| {
            if object.get("format").and_then(Value::as_str) == Some("uri")
                && !object.contains_key("pattern")
            {
                set(object, UrlRule::Absolute);
            }
        });
        for (name, property, rule) in &self.fields {
            let Some(target) = find_named_mut(schema, name) else {
                continue;
            };
            let field = target
                .get_mut("properties")
                .and_then(|p| p.get_mut(*property))
                .and_then(Value::as_object_mut);
            let Some(field) = field else {
                panic!("UrlPatterns: `{name}` has no property `{property}`");
            };
            set(field, *rule);
        }
    }
}
