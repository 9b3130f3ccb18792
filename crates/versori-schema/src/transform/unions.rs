use std::borrow::Cow;

use schemars::Schema;
use schemars::transform::{Transform, transform_subschemas};
use serde_json::{Map, Value, json};

use super::{DEFS_REF, find_named_mut, ref_name, required_names};

/// Turns a serde internally tagged enum's `anyOf` into a `oneOf` on its `const` tag, and
/// describes each tag value.
///
/// The v1alpha1/v1 `AuthSchemeConfig` (`schemeType`) and v1 `Grant` (`grantType`) keep an
/// `Unknown` variant that schemars skips; that untagged variant is why schemars falls back to
/// `anyOf`. The tags are distinct constants, so the branches exclude each other and `oneOf`
/// says so (an editor then reports the one branch whose tag matches). Each tag property gets its
/// variant's description, for hover on the tag value.
///
/// With `lenient`, a last branch accepts any tag this release does not know, as serde does
/// (it keeps such an object whole).
///
/// ```
/// use schemars::json_schema;
/// use schemars::transform::Transform;
/// use versori_schema::transform::TaggedUnionsAsOneOf;
///
/// let before = json_schema!({ "anyOf": [
///     { "description": "No auth.", "type": "object",
///       "properties": { "schemeType": { "type": "string", "const": "none" } },
///       "$ref": "#/$defs/NoneConfig", "required": ["schemeType"] }
/// ]});
/// let mut strict = before.clone();
/// TaggedUnionsAsOneOf { lenient: false }.transform(&mut strict);
/// assert_eq!(strict, json_schema!({ "oneOf": [
///     { "description": "No auth.", "type": "object",
///       "properties": { "schemeType": { "type": "string", "const": "none", "description": "No auth." } },
///       "$ref": "#/$defs/NoneConfig", "required": ["schemeType"] }
/// ]}));
///
/// let mut lenient = before;
/// TaggedUnionsAsOneOf { lenient: true }.transform(&mut lenient);
/// assert_eq!(lenient.as_value()["oneOf"][1]["properties"]["schemeType"]["not"], serde_json::json!({ "enum": ["none"] }));
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct TaggedUnionsAsOneOf {
    /// Add a branch for tags this release does not know.
    pub lenient: bool,
}

impl Transform for TaggedUnionsAsOneOf {
    fn transform(&mut self, schema: &mut Schema) {
        if let Some(object) = schema.as_object_mut() {
            if let Some((tag, values)) = internal_tag(object) {
                let mut branches = match object.remove("anyOf") {
                    Some(Value::Array(branches)) => branches,
                    _ => unreachable!("internal_tag checked anyOf"),
                };
                for branch in &mut branches {
                    let description = branch.get("description").cloned();
                    if let (Some(description), Some(Value::Object(property))) = (
                        description,
                        branch.pointer_mut(&format!("/properties/{tag}")),
                    ) {
                        property.entry("description").or_insert(description);
                    }
                }
                if self.lenient {
                    branches.push(unknown_tag_branch(&tag, &values));
                }
                object.insert("oneOf".into(), Value::Array(branches));
            }
        }
        transform_subschemas(self, schema);
    }
}

/// The tag name and values of an `anyOf` whose every branch is an object with one `const`
/// property that it requires.
fn internal_tag(object: &Map<String, Value>) -> Option<(String, Vec<String>)> {
    let branches = object.get("anyOf")?.as_array()?;
    let mut tag: Option<&str> = None;
    let mut values = Vec::new();
    for branch in branches {
        let branch = branch.as_object()?;
        let properties = branch.get("properties")?.as_object()?;
        let [(name, property)] = properties.iter().collect::<Vec<_>>()[..] else {
            return None;
        };
        let value = property.get("const")?.as_str()?;
        if tag.is_some_and(|tag| tag != name) || !required_names(branch).contains(name) {
            return None;
        }
        tag = Some(name);
        values.push(value.to_owned());
    }
    Some((tag?.to_owned(), values))
}

/// The lenient branch for tag values this release does not know.
fn unknown_tag_branch(tag: &str, known: &[String]) -> Value {
    let description = format!(
        "A `{tag}` this release does not know (from a newer API release): read and kept verbatim."
    );
    json!({
        "description": description,
        "type": "object",
        "properties": {
            tag: { "type": "string", "not": { "enum": known }, "description": description }
        },
        "required": [tag]
    })
}

/// One known value of a [`OneOfByTag`] tag and what its branch adds.
#[derive(Debug, Clone)]
struct Case {
    value: String,
    /// Merged into the branch: `properties` entries and `required` names.
    adds: Map<String, Value>,
}

/// Adds a `oneOf` on a sibling `type` tag to a plain struct whose tag decides a member or the
/// shape of `data`.
///
/// The Rust types cannot say it: the v2 wrappers (`AuthSchemeConfig`, `Grant`) have every member
/// optional, the v2 `Credential` keeps `data` as a keyed object with every member optional, and
/// the v1alpha1/v1 `Credential` decodes `data` by `type` in a hand-written `Deserialize` (its
/// `data` schema is an untagged union that `{}` satisfies). Each known tag value gets a branch
/// with its `const` (described from the tag's enum) and its constraint:
///
/// - [`OneOfByTag::member`]: the member the tag names is required, every other member is absent;
/// - [`OneOfByTag::data_member`]: the same inside the `data` object (when `data` is present);
/// - [`OneOfByTag::data_shape`]: `data` has that type's shape (any object for a type with no
///   documented shape), and the untagged `data` union is dropped.
///
/// When the tag itself is optional, a branch accepts a document without it. With `lenient`, a
/// branch accepts tag values this release does not know, without constraining the rest (serde
/// reads them). The named type is skipped in schemas that do not contain it.
///
/// ```
/// use schemars::json_schema;
/// use schemars::transform::Transform;
/// use versori_schema::transform::OneOfByTag;
///
/// let mut schema = json_schema!({
///     "title": "Grant", "type": "object",
///     "properties": {
///         "type": { "type": "string" },
///         "password": { "type": "object" },
///         "clientCredentials": { "type": "object" }
///     },
///     "required": ["type"]
/// });
/// OneOfByTag::member("Grant", "type", [
///     ("password".to_owned(), Some("password".to_owned())),
///     ("clientCredentials".to_owned(), Some("clientCredentials".to_owned())),
/// ], false).transform(&mut schema);
/// assert_eq!(schema.as_value()["oneOf"][0], serde_json::json!({
///     "properties": {
///         "type": { "const": "password", "description": "`type` `password`: set `password`." },
///         "clientCredentials": false
///     },
///     "required": ["type", "password"]
/// }));
/// ```
#[derive(Debug, Clone)]
pub struct OneOfByTag {
    target: Cow<'static, str>,
    tag: &'static str,
    cases: Vec<Case>,
    /// A property whose own schema the branches replace (reduced to its description).
    loosen: Option<&'static str>,
    /// Definitions the branches reference, checked to exist.
    needs: Vec<String>,
    lenient: bool,
}

impl OneOfByTag {
    /// The wrapper `target` has one member per tag value (`None`: the value has no member);
    /// the one the tag names is required and the others must be absent.
    pub fn member(
        target: impl Into<Cow<'static, str>>,
        tag: &'static str,
        cases: impl IntoIterator<Item = (String, Option<String>)>,
        lenient: bool,
    ) -> Self {
        let cases: Vec<_> = cases.into_iter().collect();
        let members = all_members(&cases);
        let cases = cases
            .into_iter()
            .map(|(value, member)| {
                let mut adds = Map::new();
                adds.insert("properties".into(), absent(&members, member.as_deref()));
                if let Some(member) = member {
                    adds.insert("required".into(), json!([member]));
                }
                Case { value, adds }
            })
            .collect();
        Self::new(target, tag, cases, None, Vec::new(), lenient)
    }

    /// As [`OneOfByTag::member`], but the members are inside the object property `holder`
    /// (`data`), which may be absent.
    pub fn data_member(
        target: impl Into<Cow<'static, str>>,
        tag: &'static str,
        holder: &'static str,
        cases: impl IntoIterator<Item = (String, Option<String>)>,
        lenient: bool,
    ) -> Self {
        let cases: Vec<_> = cases.into_iter().collect();
        let members = all_members(&cases);
        let cases = cases
            .into_iter()
            .map(|(value, member)| {
                let mut inner = Map::new();
                inner.insert("properties".into(), absent(&members, member.as_deref()));
                if let Some(member) = &member {
                    inner.insert("required".into(), json!([member]));
                }
                inner.insert(
                    "description".into(),
                    match member {
                        Some(member) => {
                            format!("`{holder}` when `{tag}` is `{value}`: only `{member}` is set.")
                        }
                        None => format!("`{holder}` when `{tag}` is `{value}`: no member is set."),
                    }
                    .into(),
                );
                let mut adds = Map::new();
                adds.insert("properties".into(), json!({ holder: inner }));
                Case { value, adds }
            })
            .collect();
        Self::new(target, tag, cases, None, Vec::new(), lenient)
    }

    /// The property `holder` (`data`) has the shape of the definition each tag value names
    /// (`None`: any object, for a type the API gives no shape).
    pub fn data_shape(
        target: impl Into<Cow<'static, str>>,
        tag: &'static str,
        holder: &'static str,
        cases: impl IntoIterator<Item = (String, Option<Cow<'static, str>>)>,
        lenient: bool,
    ) -> Self {
        let mut needs = Vec::new();
        let cases = cases
            .into_iter()
            .map(|(value, def)| {
                let shape = match def {
                    Some(def) => {
                        needs.push(def.to_string());
                        json!({
                            "$ref": format!("{DEFS_REF}{def}"),
                            "description": format!("`{holder}` when `{tag}` is `{value}`."),
                        })
                    }
                    None => json!({
                        "type": "object",
                        "description": format!(
                            "`{holder}` when `{tag}` is `{value}`: any object (the API gives this type no shape)."
                        ),
                    }),
                };
                let mut adds = Map::new();
                adds.insert("properties".into(), json!({ holder: shape }));
                Case { value, adds }
            })
            .collect();
        Self::new(target, tag, cases, Some(holder), needs, lenient)
    }

    fn new(
        target: impl Into<Cow<'static, str>>,
        tag: &'static str,
        cases: Vec<Case>,
        loosen: Option<&'static str>,
        needs: Vec<String>,
        lenient: bool,
    ) -> Self {
        Self {
            target: target.into(),
            tag,
            cases,
            loosen,
            needs,
            lenient,
        }
    }

    /// The description of each case's tag value, from the tag's enum definition.
    fn value_descriptions(&self, root: &Schema, tag_ref: Option<String>) -> Vec<String> {
        let documented = |value: &str| -> Option<String> {
            let def = root.get("$defs")?.get(tag_ref.as_deref()?)?;
            def.get("oneOf")?
                .as_array()?
                .iter()
                .find(|branch| branch.get("const").and_then(Value::as_str) == Some(value))?
                .get("description")?
                .as_str()
                .map(str::to_owned)
        };
        self.cases
            .iter()
            .map(|case| documented(&case.value).unwrap_or_else(|| self.fallback_description(case)))
            .collect()
    }

    fn fallback_description(&self, case: &Case) -> String {
        let member = case
            .adds
            .get("required")
            .and_then(|r| r.get(0))
            .and_then(Value::as_str);
        match member {
            Some(member) => format!("`{}` `{}`: set `{member}`.", self.tag, case.value),
            None => format!("`{}` `{}`.", self.tag, case.value),
        }
    }
}

/// Every member some case names, in case order.
fn all_members(cases: &[(String, Option<String>)]) -> Vec<String> {
    let mut members: Vec<String> = Vec::new();
    for member in cases.iter().filter_map(|(_, m)| m.as_ref()) {
        if !members.contains(member) {
            members.push(member.clone());
        }
    }
    members
}

/// `properties` marking every member but `keep` as absent (`false`).
fn absent(members: &[String], keep: Option<&str>) -> Value {
    Value::Object(
        members
            .iter()
            .filter(|m| Some(m.as_str()) != keep)
            .map(|m| (m.clone(), Value::Bool(false)))
            .collect(),
    )
}

impl Transform for OneOfByTag {
    fn transform(&mut self, schema: &mut Schema) {
        let tag_ref = find_named_mut(schema, &self.target).map(|target| {
            target
                .get("properties")
                .and_then(|p| p.get(self.tag))
                .and_then(Value::as_object)
                .and_then(ref_name)
                .map(str::to_owned)
        });
        let Some(tag_ref) = tag_ref else {
            return;
        };
        for def in &self.needs {
            assert!(
                schema.get("$defs").and_then(|d| d.get(def)).is_some(),
                "OneOfByTag({}): `$defs/{def}` is missing; was the model type renamed?",
                self.target
            );
        }
        let descriptions = self.value_descriptions(schema, tag_ref);
        let target = find_named_mut(schema, &self.target).expect("found above");
        let tag = self.tag;
        let declared = target
            .get("properties")
            .and_then(Value::as_object)
            .is_some_and(|p| p.contains_key(tag));
        assert!(declared, "OneOfByTag({}): no property `{tag}`", self.target);

        let mut branches: Vec<Value> = self
            .cases
            .iter()
            .zip(descriptions)
            .map(|(case, description)| {
                let mut branch = Map::new();
                let mut properties = Map::new();
                properties.insert(
                    tag.into(),
                    json!({ "const": case.value, "description": description }),
                );
                if let Some(Value::Object(adds)) = case.adds.get("properties") {
                    properties.extend(adds.clone());
                }
                branch.insert("properties".into(), Value::Object(properties));
                let mut required = vec![Value::from(tag)];
                if let Some(Value::Array(more)) = case.adds.get("required") {
                    required.extend(more.iter().cloned());
                }
                branch.insert("required".into(), Value::Array(required));
                Value::Object(branch)
            })
            .collect();
        if !required_names(target).iter().any(|r| r == tag) {
            branches.push(json!({
                "description": format!("Without `{tag}`, nothing ties the other fields to one kind."),
                "not": { "required": [tag] }
            }));
        }
        if self.lenient {
            let known: Vec<String> = self.cases.iter().map(|c| c.value.clone()).collect();
            branches.push(unknown_tag_branch(tag, &known));
        }
        if let Some(loosen) = self.loosen {
            if let Some(Value::Object(property)) =
                target.get_mut("properties").and_then(|p| p.get_mut(loosen))
            {
                property.retain(|key, _| key == "description");
            }
        }
        if target.contains_key("oneOf") {
            let all_of = target
                .entry("allOf")
                .or_insert_with(|| Value::Array(Vec::new()));
            if let Value::Array(all_of) = all_of {
                all_of.push(json!({ "oneOf": branches }));
            }
        } else {
            target.insert("oneOf".into(), Value::Array(branches));
        }
    }
}
