use std::borrow::Cow;

use schemars::Schema;
use schemars::transform::Transform;
use serde_json::{Map, Value, json};

use super::{DEFS_REF, definitions, find_named_mut, ref_name, required_names, walk_schemas_mut};

/// Turns a serde internally tagged enum's `anyOf` into a `oneOf` of self-contained branches, and
/// declares the tag with every value at the union level.
///
/// The v1alpha1/v1 `AuthSchemeConfig` (`schemeType`) and v1 `Grant` (`grantType`) keep an
/// `Unknown` variant that schemars skips; that untagged variant is why schemars falls back to
/// `anyOf`. Each branch schemars writes is a `$ref` to the variant's body with the tag's `const`
/// beside it. VS Code's JSON engine (`vscode-json-languageservice`) resolves a `$ref` by copying
/// the target over the referencing schema, so the tag beside it is lost: every valid document got
/// "Property schemeType is not allowed", completion offered no tag values and hover on the tag was
/// empty. So:
///
/// - each branch is the body inlined, with the tag's `const` among its `properties` and in its
///   `required`; the tags are distinct constants, so the branches exclude each other and `oneOf`
///   says so (an editor then reports the one branch whose tag matches);
/// - the union declares the tag itself, as a string `enum` of every value with
///   `enumDescriptions` from the variants' docs: completion offers every value whatever has
///   been typed, hover on the tag describes it and its value, and an unknown value is reported
///   on the tag;
/// - with `lenient`, a last branch accepts any tag this release does not know, as serde does (it
///   keeps such an object whole).
///
/// ```
/// use schemars::json_schema;
/// use schemars::transform::Transform;
/// use versori_schema::transform::TaggedUnionsAsOneOf;
///
/// let before = json_schema!({
///     "anyOf": [
///         { "description": "No auth.", "type": "object",
///           "properties": { "schemeType": { "type": "string", "const": "none" } },
///           "$ref": "#/$defs/NoneConfig", "required": ["schemeType"] }
///     ],
///     "$defs": { "NoneConfig": {
///         "description": "The none body.", "type": "object",
///         "properties": { "id": { "type": "string" } }, "required": ["id"]
///     } }
/// });
/// let mut strict = before.clone();
/// TaggedUnionsAsOneOf::new(false).describe_tag("schemeType", "Which scheme.").transform(&mut strict);
/// assert_eq!(strict.as_value()["oneOf"][0], serde_json::json!({
///     "type": "object",
///     "properties": { "schemeType": { "const": "none" }, "id": { "type": "string" } },
///     "required": ["schemeType", "id"]
/// }));
/// assert_eq!(strict.as_value()["properties"]["schemeType"], serde_json::json!({
///     "type": "string", "description": "Which scheme.",
///     "enum": ["none"], "enumDescriptions": ["No auth."]
/// }));
///
/// let mut lenient = before;
/// TaggedUnionsAsOneOf::new(true).transform(&mut lenient);
/// assert_eq!(lenient.as_value()["oneOf"][1]["properties"]["schemeType"]["not"], serde_json::json!({ "enum": ["none"] }));
/// ```
#[derive(Debug, Clone, Default)]
pub struct TaggedUnionsAsOneOf {
    lenient: bool,
    tags: Vec<(&'static str, &'static str)>,
}

impl TaggedUnionsAsOneOf {
    /// With `lenient`, a branch is added for tags this release does not know.
    pub fn new(lenient: bool) -> Self {
        Self {
            lenient,
            tags: Vec::new(),
        }
    }

    /// The description of the tag property `tag` at the union level (hover on the tag).
    #[must_use]
    pub fn describe_tag(mut self, tag: &'static str, description: &'static str) -> Self {
        self.tags.push((tag, description));
        self
    }

    fn tag_description(&self, tag: &str) -> String {
        self.tags
            .iter()
            .find(|(name, _)| *name == tag)
            .map(|(_, text)| (*text).to_owned())
            .unwrap_or_else(|| {
                format!("Which kind of object this is; `{tag}` decides its other fields.")
            })
    }
}

impl Transform for TaggedUnionsAsOneOf {
    fn transform(&mut self, schema: &mut Schema) {
        let defs = definitions(schema);
        walk_schemas_mut(schema, &mut |object, _| {
            let Some((tag, values)) = internal_tag(object) else {
                return;
            };
            let branches = match object.remove("anyOf") {
                Some(Value::Array(branches)) => branches,
                _ => unreachable!("internal_tag checked anyOf"),
            };
            let mut descriptions = Vec::new();
            let mut inlined = Vec::new();
            for branch in branches {
                let Value::Object(branch) = branch else {
                    unreachable!("internal_tag checked the branches")
                };
                descriptions.push(
                    branch
                        .get("description")
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                        .to_owned(),
                );
                inlined.push(Value::Object(self_contained(branch, &tag, &defs)));
            }
            if self.lenient {
                inlined.push(unknown_tag_branch(&tag, &values));
            }
            object.insert("oneOf".into(), Value::Array(inlined));
            let mut property = Map::new();
            property.insert("type".into(), "string".into());
            property.insert("description".into(), self.tag_description(&tag).into());
            property.insert("enum".into(), json!(values));
            if descriptions.iter().any(|d| !d.is_empty()) {
                property.insert("enumDescriptions".into(), json!(descriptions));
            }
            let properties = object
                .entry("properties")
                .or_insert_with(|| Value::Object(Map::new()));
            if let Value::Object(properties) = properties {
                properties.insert(tag.clone(), Value::Object(property));
            }
            super::require(object, &tag);
        });
    }
}

/// A branch with its `$ref`'d body inlined: the tag's `const`, the body's properties and
/// required keys, and the body's other keywords; the branch's description is the tag value's
/// (kept by the caller), the body's description a type-level note that is dropped.
fn self_contained(
    mut branch: Map<String, Value>,
    tag: &str,
    defs: &Map<String, Value>,
) -> Map<String, Value> {
    let body = ref_name(&branch)
        .and_then(|name| defs.get(name))
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    branch.remove("$ref");
    branch.remove("description");
    let mut out = Map::new();
    out.insert("type".into(), "object".into());
    let mut properties = Map::new();
    if let Some(Value::Object(own)) = branch.remove("properties") {
        for (name, mut property) in own {
            if name == tag {
                if let Value::Object(p) = &mut property {
                    p.retain(|key, _| key == "const");
                }
            }
            properties.insert(name, property);
        }
    }
    if let Some(Value::Object(theirs)) = body.get("properties") {
        for (name, property) in theirs {
            properties.entry(name.clone()).or_insert(property.clone());
        }
    }
    out.insert("properties".into(), Value::Object(properties));
    let mut required: Vec<Value> = Vec::new();
    for name in required_names(&branch)
        .into_iter()
        .chain(required_names(&body))
    {
        if !required.iter().any(|r| r == &name) {
            required.push(name.into());
        }
    }
    out.insert("required".into(), Value::Array(required));
    for (key, value) in body {
        if !matches!(
            key.as_str(),
            "type" | "properties" | "required" | "description" | "title"
        ) {
            out.entry(key).or_insert(value);
        }
    }
    for (key, value) in branch {
        if !matches!(key.as_str(), "type" | "required") {
            out.entry(key).or_insert(value);
        }
    }
    out
}

/// The tag name and values of an `anyOf` whose every branch is an object with a `const`
/// property it requires, the same property in every branch.
fn internal_tag(object: &Map<String, Value>) -> Option<(String, Vec<String>)> {
    let branches = object.get("anyOf")?.as_array()?;
    let mut tag: Option<String> = None;
    let mut values = Vec::new();
    for branch in branches {
        let branch = branch.as_object()?;
        let properties = branch.get("properties")?.as_object()?;
        let (name, value) = properties.iter().find_map(|(name, property)| {
            let value = property.get("const")?.as_str()?;
            required_names(branch)
                .contains(name)
                .then(|| (name.clone(), value.to_owned()))
        })?;
        if tag.as_ref().is_some_and(|tag| *tag != name) {
            return None;
        }
        tag = Some(name);
        values.push(value);
    }
    Some((tag?, values))
}

/// The lenient branch for tag values this release does not know.
fn unknown_tag_branch(tag: &str, known: &[String]) -> Value {
    json!({
        "$comment": format!(
            "A `{tag}` this release does not know (from a newer API release): read and kept verbatim."
        ),
        "type": "object",
        "properties": { tag: { "type": "string", "not": { "enum": known } } },
        "required": [tag]
    })
}

/// One known value of an [`IfTagThen`] tag and what holds when the tag has it.
#[derive(Debug, Clone)]
struct Case {
    value: String,
    then: Map<String, Value>,
}

/// Adds `if`/`then` on a sibling tag to a plain struct whose tag decides a member, the shape of
/// `data`, or which other keys are required.
///
/// The Rust types cannot say it: the v2 wrappers (`AuthSchemeConfig`, `Grant`) have every member
/// optional, the v2 `Credential` keeps `data` as a keyed object with every member optional, the
/// v1alpha1/v1 `Credential` decodes `data` by `type` in a hand-written `Deserialize` (its `data`
/// schema is an untagged union that `{}` satisfies), and a connection's `protocol` decides
/// whether `baseUrl` or `datasetId` is required. Each known tag value gets one
/// `{"if": {tag is the value}, "then": ...}` entry in the struct's `allOf`:
///
/// - [`IfTagThen::member`]: the member the tag names is required, every other member is absent
///   ([`IfTagThen::member_optional`]: may be absent too);
/// - [`IfTagThen::data_member`]: the same inside the `data` object (when `data` is present);
/// - [`IfTagThen::data_shape`]: `data` has that type's shape (any object for a type with no
///   documented shape), and the untagged `data` union is dropped;
/// - [`IfTagThen::requires`]: the keys the value needs are required.
///
/// Conditions rather than a `oneOf` of branches, so that an editor reports only what is wrong:
/// without the tag, or with a tag this release does not know, no `then` applies and the only
/// complaint is the tag's own (required, or not one of its values); a lenient schema, whose tag
/// accepts unknown values, accepts the rest as serde reads it. The named type is skipped in
/// schemas that do not contain it.
///
/// ```
/// use schemars::json_schema;
/// use schemars::transform::Transform;
/// use versori_schema::transform::IfTagThen;
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
/// IfTagThen::member("Grant", "type", [
///     ("password".to_owned(), Some("password".to_owned())),
///     ("clientCredentials".to_owned(), Some("clientCredentials".to_owned())),
/// ]).transform(&mut schema);
/// assert_eq!(schema.as_value()["allOf"][0], serde_json::json!({
///     "if": { "properties": { "type": { "const": "password" } }, "required": ["type"] },
///     "then": { "properties": { "clientCredentials": false }, "required": ["password"] }
/// }));
/// ```
#[derive(Debug, Clone)]
pub struct IfTagThen {
    target: Cow<'static, str>,
    tag: &'static str,
    cases: Vec<Case>,
    /// A property whose own schema the cases replace (reduced to its description).
    loosen: Option<&'static str>,
    /// Definitions the cases reference, checked to exist.
    needs: Vec<String>,
}

impl IfTagThen {
    /// The wrapper `target` has one member per tag value (`None`: the value has no member);
    /// the one the tag names is required and the others must be absent.
    pub fn member(
        target: impl Into<Cow<'static, str>>,
        tag: &'static str,
        cases: impl IntoIterator<Item = (String, Option<String>)>,
    ) -> Self {
        Self::members(target, tag, cases, true)
    }

    /// As [`IfTagThen::member`], but the member the tag names may be absent (the v2 grant: a
    /// grant without its member has no settings, which the API accepts and validation warns
    /// about); the others must still be absent.
    pub fn member_optional(
        target: impl Into<Cow<'static, str>>,
        tag: &'static str,
        cases: impl IntoIterator<Item = (String, Option<String>)>,
    ) -> Self {
        Self::members(target, tag, cases, false)
    }

    fn members(
        target: impl Into<Cow<'static, str>>,
        tag: &'static str,
        cases: impl IntoIterator<Item = (String, Option<String>)>,
        required: bool,
    ) -> Self {
        let cases: Vec<_> = cases.into_iter().collect();
        let members = all_members(&cases);
        let cases = cases
            .into_iter()
            .map(|(value, member)| {
                let mut then = Map::new();
                then.insert("properties".into(), absent(&members, member.as_deref()));
                if let (Some(member), true) = (member, required) {
                    then.insert("required".into(), json!([member]));
                }
                Case { value, then }
            })
            .collect();
        Self::new(target, tag, cases, None, Vec::new())
    }

    /// As [`IfTagThen::member`], but the members are inside the object property `holder`
    /// (`data`), which may be absent.
    pub fn data_member(
        target: impl Into<Cow<'static, str>>,
        tag: &'static str,
        holder: &'static str,
        cases: impl IntoIterator<Item = (String, Option<String>)>,
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
                let mut then = Map::new();
                then.insert("properties".into(), json!({ holder: inner }));
                Case { value, then }
            })
            .collect();
        Self::new(target, tag, cases, None, Vec::new())
    }

    /// The property `holder` (`data`) has the shape of the definition each tag value names
    /// (`None`: any object, for a type the API gives no shape).
    pub fn data_shape(
        target: impl Into<Cow<'static, str>>,
        tag: &'static str,
        holder: &'static str,
        cases: impl IntoIterator<Item = (String, Option<Cow<'static, str>>)>,
    ) -> Self {
        let mut needs = Vec::new();
        let cases = cases
            .into_iter()
            .map(|(value, def)| {
                let shape = match def {
                    Some(def) => {
                        needs.push(def.to_string());
                        json!({ "$ref": format!("{DEFS_REF}{def}") })
                    }
                    None => json!({ "type": "object" }),
                };
                let mut then = Map::new();
                then.insert("properties".into(), json!({ holder: shape }));
                Case { value, then }
            })
            .collect();
        Self::new(target, tag, cases, Some(holder), needs)
    }

    /// For each tag value, the keys that become required (`protocol` `http`: `baseUrl`).
    pub fn requires(
        target: impl Into<Cow<'static, str>>,
        tag: &'static str,
        cases: impl IntoIterator<Item = (String, Vec<&'static str>)>,
    ) -> Self {
        let cases = cases
            .into_iter()
            .map(|(value, keys)| {
                let mut then = Map::new();
                then.insert("required".into(), json!(keys));
                Case { value, then }
            })
            .collect();
        Self::new(target, tag, cases, None, Vec::new())
    }

    fn new(
        target: impl Into<Cow<'static, str>>,
        tag: &'static str,
        cases: Vec<Case>,
        loosen: Option<&'static str>,
        needs: Vec<String>,
    ) -> Self {
        Self {
            target: target.into(),
            tag,
            cases,
            loosen,
            needs,
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

impl Transform for IfTagThen {
    fn transform(&mut self, schema: &mut Schema) {
        if find_named_mut(schema, &self.target).is_none() {
            return;
        }
        for def in &self.needs {
            assert!(
                schema.get("$defs").and_then(|d| d.get(def)).is_some(),
                "IfTagThen({}): `$defs/{def}` is missing; was the model type renamed?",
                self.target
            );
        }
        let target = find_named_mut(schema, &self.target).expect("found above");
        let tag = self.tag;
        let declared = target
            .get("properties")
            .and_then(Value::as_object)
            .is_some_and(|p| p.contains_key(tag));
        assert!(declared, "IfTagThen({}): no property `{tag}`", self.target);

        let conditions = self.cases.iter().map(|case| {
            json!({
                "if": { "properties": { tag: { "const": case.value } }, "required": [tag] },
                "then": Value::Object(case.then.clone()),
            })
        });
        if let Some(loosen) = self.loosen {
            if let Some(Value::Object(property)) =
                target.get_mut("properties").and_then(|p| p.get_mut(loosen))
            {
                property.retain(|key, _| key == "description");
            }
        }
        let all_of = target
            .entry("allOf")
            .or_insert_with(|| Value::Array(Vec::new()));
        if let Value::Array(all_of) = all_of {
            all_of.extend(conditions);
        }
    }
}

/// Turns an untagged union that the model tells apart by which keys are present into
/// `if`/`then`/`else`, as the model decides.
///
/// v1alpha1 `EnvironmentUpdateOrCreate` is an existing environment when it has `id`, a new one
/// otherwise; `CredentialCreateOrReference` is a reference when it has `id` and no `type`.
/// schemars writes them as `anyOf`, and an editor reports the errors of whichever branch fits
/// best: a typo inside a new environment was reported against the existing-environment branch
/// ("Property credential is not allowed"). With the condition the model uses, the editor checks
/// (and completes) the one branch the model will read.
///
/// ```
/// use schemars::json_schema;
/// use schemars::transform::Transform;
/// use versori_schema::transform::IfKeysThen;
///
/// let mut schema = json_schema!({ "$defs": { "EnvironmentUpdateOrCreate": {
///     "anyOf": [{ "$ref": "#/$defs/EnvironmentUpdate" }, { "$ref": "#/$defs/EnvironmentCreate" }]
/// } } });
/// IfKeysThen::new("EnvironmentUpdateOrCreate", &["id"], &[], "EnvironmentUpdate", "EnvironmentCreate")
///     .transform(&mut schema);
/// assert_eq!(schema.as_value()["$defs"]["EnvironmentUpdateOrCreate"], serde_json::json!({
///     "if": { "required": ["id"] },
///     "then": { "$ref": "#/$defs/EnvironmentUpdate" },
///     "else": { "$ref": "#/$defs/EnvironmentCreate" }
/// }));
/// ```
#[derive(Debug, Clone)]
pub struct IfKeysThen {
    target: Cow<'static, str>,
    present: Vec<&'static str>,
    absent: Vec<&'static str>,
    then: Cow<'static, str>,
    otherwise: Cow<'static, str>,
}

impl IfKeysThen {
    /// `target` is `then` when every key of `present` is there and none of `absent`, else
    /// `otherwise` (both names of definitions the union's branches reference).
    pub fn new(
        target: impl Into<Cow<'static, str>>,
        present: &[&'static str],
        absent: &[&'static str],
        then: impl Into<Cow<'static, str>>,
        otherwise: impl Into<Cow<'static, str>>,
    ) -> Self {
        Self {
            target: target.into(),
            present: present.to_vec(),
            absent: absent.to_vec(),
            then: then.into(),
            otherwise: otherwise.into(),
        }
    }
}

impl Transform for IfKeysThen {
    fn transform(&mut self, schema: &mut Schema) {
        let Some(target) = find_named_mut(schema, &self.target) else {
            return;
        };
        let branches: Vec<String> = target
            .get("anyOf")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|b| b.as_object().and_then(ref_name).map(str::to_owned))
            .collect();
        for name in [&self.then, &self.otherwise] {
            assert!(
                branches.iter().any(|b| b == name.as_ref()),
                "IfKeysThen({}): no branch `{name}` (branches: {branches:?})",
                self.target
            );
        }
        target.remove("anyOf");
        let mut condition = Map::new();
        condition.insert("required".into(), json!(self.present));
        match self.absent.as_slice() {
            [] => {}
            [one] => {
                condition.insert("not".into(), json!({ "required": [one] }));
            }
            several => {
                let any: Vec<Value> = several.iter().map(|k| json!({ "required": [k] })).collect();
                condition.insert("not".into(), json!({ "anyOf": any }));
            }
        }
        target.insert("if".into(), Value::Object(condition));
        target.insert(
            "then".into(),
            json!({ "$ref": format!("{DEFS_REF}{}", self.then) }),
        );
        target.insert(
            "else".into(),
            json!({ "$ref": format!("{DEFS_REF}{}", self.otherwise) }),
        );
    }
}
