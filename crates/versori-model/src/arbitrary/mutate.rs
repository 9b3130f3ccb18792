//! Mutations of valid documents: the inputs a careless edit, a half-finished migration, another
//! tool or an attacker produce, for properties of everything that reads documents.
//!
//! A mutation takes a document as JSON (a [`Value`], usually a generated valid document's
//! [`Document::to_value`]) and its [`ApiVersion`], changes one thing, and returns a
//! [`Mutation`] record saying what it did and where, so a property can assert that a report
//! names it. [`MutationKind`] lists the family:
//!
//! | kind | what it does | `pointer` |
//! |---|---|---|
//! | `DeleteKey` | removes a key | the removed key |
//! | `RenameKey` | renames a key by one character (`descripton`), never to a field name any version has | the new key (`origin`: the old one) |
//! | `ChangeType` | replaces a value by one of another JSON type (a string may be wrapped in an array, keeping its text) | the value |
//! | `UnknownEnumValue` | replaces an enum value by one no version documents | the value |
//! | `NearMissEnumValue` | replaces an enum value by a near miss of it (`head`, `Header`, `header `) that no version documents | the value |
//! | `RelativeUrl` | replaces a URL by a relative one | the value |
//! | `LongString` | replaces a string by one of 64 KiB or more | the value |
//! | `UnusualString` | replaces a string by unusual Unicode (bidi controls, NUL, combining marks, astral characters, line separators) | the value |
//! | `Number` | replaces a scalar by a huge, negative-zero or fractional number | the value |
//! | `DeepNesting` | adds an unknown key holding arrays nested to within a few levels of serde_json's limit of 128 | the new key |
//! | `DuplicateElement` | appends a copy of an element to its array | the copy |
//! | `DuplicateId` | gives an array element the `id` of an earlier one (in a v2 wrapper, its member's `id`) | the later `id` (`origin`: the earlier) |
//! | `OtherVersionKey` | adds a key that only other versions have (`schemeType` in v2, `templateBaseUrl` in v1) | the new key |
//! | `PreservedGarbage` | puts garbage under `x-versori-preserved` | the reserved key |
//! | `SwapMember` | renames a v2 wrapper's member to another member of the same union | the new member key (`origin`: the old one) |
//! | `DuplicateKey` | text only ([`duplicate_key_text`]): writes a key twice in one object, the earlier with another value | the key |
//!
//! Mutations stay out of the values of unknown keys (`x-...`, whose content no rule reads), of
//! string maps (`tags`, `additionalParams`, whose keys are data) and of v1 credential `data`
//! of a type v1 gives no shape (`custom-function`, `jwt-bearer`: kept verbatim), except
//! `ChangeType`, `DeleteKey` and `Number`, which may hit any value. [`is_opaque`] says whether
//! a pointer is in such a value. The result is always valid JSON that
//! serde_json can read back (nesting stays within its limit).
//!
//! Two ways in: [`sites`] and [`apply`] for one kind at a chosen place (properties that inject
//! particular defects), or a [`Plan`] from [`plan`], which picks a kind and a place from what
//! the document offers ([`mutated`] runs a few plans over a generated document).
//!
//! ```
//! use proptest::strategy::{Strategy, ValueTree};
//! use proptest::test_runner::TestRunner;
//! use versori_model::arbitrary::mutate::{self, MutationKind};
//! use versori_model::ApiVersion;
//!
//! let mut value = serde_json::json!({"schemeType": "api-key", "id": "k", "description": "d",
//!     "name": "X-Key", "in": "header"});
//! let sites = mutate::sites(&value, ApiVersion::V1, MutationKind::NearMissEnumValue);
//! assert_eq!(sites[0].as_str(), "/in");
//! let done = mutate::apply(&mut value, ApiVersion::V1, MutationKind::NearMissEnumValue, &sites[0], 0)
//!     .unwrap();
//! assert_eq!((done.kind, done.pointer.as_str()), (MutationKind::NearMissEnumValue, "/in"));
//! assert_ne!(value["in"], "header");
//!
//! let mut runner = TestRunner::deterministic();
//! let case = mutate::mutated().new_tree(&mut runner).unwrap().current();
//! assert!(!case.mutations.is_empty());
//! ```

use std::collections::BTreeSet;
use std::fmt;

use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::Index;
use serde_json::{Map, Value, json};

use crate::{ApiVersion, Document, Kind, Pointer};

/// What a [`Mutation`] did (see the [module docs](self) for each).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum MutationKind {
    /// Removed a key.
    DeleteKey,
    /// Renamed a key by one character.
    RenameKey,
    /// Replaced a value by one of another JSON type.
    ChangeType,
    /// Replaced an enum value by an undocumented one.
    UnknownEnumValue,
    /// Replaced an enum value by a near miss of it.
    NearMissEnumValue,
    /// Replaced a URL by a relative one.
    RelativeUrl,
    /// Replaced a string by a very long one.
    LongString,
    /// Replaced a string by unusual Unicode.
    UnusualString,
    /// Replaced a scalar by a huge, negative-zero or fractional number.
    Number,
    /// Added an unknown key holding deeply nested arrays.
    DeepNesting,
    /// Appended a copy of an array element.
    DuplicateElement,
    /// Gave an array element the id of an earlier one.
    DuplicateId,
    /// Added a key only other versions have.
    OtherVersionKey,
    /// Put garbage under `x-versori-preserved`.
    PreservedGarbage,
    /// Renamed a v2 wrapper's member to another member.
    SwapMember,
    /// Wrote a key twice in one object (text only).
    DuplicateKey,
}

impl MutationKind {
    /// Every kind that changes a [`Value`] (all but [`MutationKind::DuplicateKey`]).
    pub const ON_VALUES: &'static [Self] = &[
        Self::DeleteKey,
        Self::RenameKey,
        Self::ChangeType,
        Self::UnknownEnumValue,
        Self::NearMissEnumValue,
        Self::RelativeUrl,
        Self::LongString,
        Self::UnusualString,
        Self::Number,
        Self::DeepNesting,
        Self::DuplicateElement,
        Self::DuplicateId,
        Self::OtherVersionKey,
        Self::PreservedGarbage,
        Self::SwapMember,
    ];
}

/// What one mutation did, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Mutation {
    /// What it did.
    pub kind: MutationKind,
    /// Where, in the mutated document (see the [module docs](self) per kind).
    pub pointer: Pointer,
    /// The other place involved: a renamed key's old name, the earlier `id` a duplicate copies.
    pub origin: Option<Pointer>,
    /// A short description, for failure messages (`"in": "header" -> "head"`).
    pub note: String,
}

impl fmt::Display for Mutation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?} at {:?}: {}", self.kind, self.pointer, self.note)
    }
}

/// Keys whose string values (or string array items) are enum values in some version.
pub const ENUM_KEYS: &[&str] = &[
    "protocol",
    "in",
    "algorithm",
    "digestInputs",
    "severity",
    "encoding",
    "location",
    "usages",
    "parameterTransmission",
    "schemeType",
    "grantType",
    "type",
];

/// Keys that hold a URL in some version.
pub const URL_KEYS: &[&str] = &[
    "authorizeUrl",
    "tokenUrl",
    "baseUrl",
    "documentationURL",
    "imageURL",
    "templateBaseUrl",
    "redirectUrl",
    "url",
];

/// Keys whose object values are string maps, not model objects (their keys are data).
pub const MAP_KEYS: &[&str] = &["tags", "additionalParams"];

/// The key under which migration keeps what a version cannot hold.
pub const PRESERVED_KEY: &str = "x-versori-preserved";

/// Every JSON field name of every version's models (from the committed schemas; a test in the
/// workspace keeps it in step). A renamed key never becomes one of these.
pub const FIELD_NAMES: &[&str] = &[
    "$schema",
    "accessToken",
    "action",
    "additionalAuthorizeParams",
    "additionalParamConfigs",
    "additionalParams",
    "additionalTokenParams",
    "algorithm",
    "apiKey",
    "applicationCredential",
    "authSchemeConfig",
    "authSchemeConfigIds",
    "authSchemeConfigs",
    "authorizationCode",
    "authorizeUrl",
    "baseUrl",
    "basicAuth",
    "binary",
    "ca",
    "certificate",
    "clientCredentials",
    "clientId",
    "clientSecret",
    "code",
    "connection",
    "connectionTemplateId",
    "connectionVariables",
    "connections",
    "connector",
    "consumerKey",
    "consumerSecret",
    "createdAt",
    "credential",
    "credentialId",
    "credentials",
    "data",
    "datasetId",
    "defaultScopes",
    "description",
    "detail",
    "digestInputs",
    "documentationURL",
    "domain",
    "dynamic",
    "encoding",
    "environment",
    "environmentId",
    "environmentVariables",
    "environments",
    "errors",
    "expiresAt",
    "flows",
    "grant",
    "grantType",
    "hmac",
    "id",
    "imageURL",
    "in",
    "isDefault",
    "isLatest",
    "key",
    "location",
    "mTLSCredentialId",
    "mTLSEnabled",
    "messages",
    "modifiable",
    "mtlsCredentialId",
    "mtlsEnabled",
    "name",
    "none",
    "oauth1",
    "oauth1Token",
    "oauth2",
    "oauth2Client",
    "oauth2Code",
    "oauth2Password",
    "oauth2Token",
    "oauthToken",
    "oauthVerifier",
    "organisationId",
    "parameterName",
    "parameterTransmission",
    "password",
    "pkce",
    "protocol",
    "public",
    "publishedAt",
    "redirectUrl",
    "refreshToken",
    "required",
    "resourceOwnerAuthorizationEndpoint",
    "schemeType",
    "scopes",
    "severity",
    "signatureMethod",
    "slug",
    "state",
    "string",
    "system",
    "systemId",
    "tags",
    "targetName",
    "tempCredentialEndpoint",
    "templateBaseUrl",
    "text",
    "token",
    "tokenAuth",
    "tokenEndpoint",
    "tokenSecret",
    "tokenType",
    "tokenUrl",
    "trigger",
    "type",
    "updatedAt",
    "url",
    "usages",
    "username",
    "validationMessages",
    "value",
    "valueBase64",
    "variables",
    "versions",
];

/// Field names other versions have and `version` has nowhere (a workspace test checks them
/// against the committed schemas): an unknown key in any object of a `version` document.
pub fn other_version_keys(version: ApiVersion) -> &'static [&'static str] {
    match version {
        ApiVersion::V1alpha1 => &[
            "authSchemeConfigIds",
            "connectionTemplateId",
            "connectionVariables",
            "defaultScopes",
            "documentationURL",
            "domain",
            "grantType",
            "mtlsEnabled",
            "public",
            "systemId",
            "templateBaseUrl",
            "validationMessages",
        ],
        ApiVersion::V1 => &[
            "applicationCredential",
            "clientCredentials",
            "connectionTemplateId",
            "domain",
            "environmentVariables",
            "environments",
            "flows",
            "oauth2Client",
            "systemId",
            "templateBaseUrl",
        ],
        _ => &[
            "authSchemeConfigIds",
            "connectionVariables",
            "documentationURL",
            "environments",
            "flows",
            "grantType",
            "isLatest",
            "protocol",
            "public",
            "schemeType",
            "versions",
        ],
    }
}

/// The member groups of v2 unions: config wrappers, credential data, oauth2 grants.
const V2_MEMBERS: &[&[&str]] = &[
    &[
        "none",
        "apiKey",
        "basicAuth",
        "oauth2",
        "oauth1",
        "hmac",
        "certificate",
    ],
    &[
        "binary",
        "none",
        "string",
        "basicAuth",
        "oauth2Client",
        "oauth2Token",
        "oauth2Code",
        "oauth2Password",
        "certificate",
        "oauth1",
        "oauth1Token",
    ],
    &["authorizationCode", "clientCredentials", "password"],
];

/// Every wire value any open enum of any version documents.
fn documented_values() -> BTreeSet<&'static str> {
    use crate::{v1, v1alpha1, v2};
    [
        v1alpha1::AuthSchemeType::KNOWN_WIRE,
        v1alpha1::ParameterLocation::KNOWN_WIRE,
        v1alpha1::HmacAlgorithm::KNOWN_WIRE,
        v1alpha1::HmacDigestInput::KNOWN_WIRE,
        v1alpha1::CredentialType::KNOWN_WIRE,
        v1alpha1::ProtocolType::KNOWN_WIRE,
        v1::AuthSchemeType::KNOWN_WIRE,
        v1::ParameterLocation::KNOWN_WIRE,
        v1::HmacAlgorithm::KNOWN_WIRE,
        v1::HmacDigestInput::KNOWN_WIRE,
        v1::GrantType::KNOWN_WIRE,
        v1::CredentialType::KNOWN_WIRE,
        v1::ProtocolType::KNOWN_WIRE,
        v2::AuthSchemeType::KNOWN_WIRE,
        v2::ParameterLocation::KNOWN_WIRE,
        v2::HmacAlgorithm::KNOWN_WIRE,
        v2::HmacDigestInput::KNOWN_WIRE,
        v2::HmacEncoding::KNOWN_WIRE,
        v2::GrantType::KNOWN_WIRE,
        v2::ParameterTransmission::KNOWN_WIRE,
        v2::ParameterConfigLocation::KNOWN_WIRE,
        v2::ParameterConfigUsage::KNOWN_WIRE,
        v2::CredentialType::KNOWN_WIRE,
        crate::MessageSeverity::KNOWN_WIRE,
    ]
    .into_iter()
    .flatten()
    .copied()
    .collect()
}

/// One place in the document, as the walk meets it.
struct Place<'a> {
    pointer: Pointer,
    value: &'a Value,
    /// The key this value is held at (the array's key, for an array item).
    key: Option<&'a str>,
    /// Whether this is an array item.
    item: bool,
    /// Containers around the value, the root object counting one.
    depth: usize,
    /// Inside the value of an unknown key or a string map.
    opaque: bool,
}

/// Credential types whose `data` has no shape in `version` (kept verbatim, like an unknown
/// key's value).
fn shapeless_data(version: ApiVersion) -> &'static [&'static str] {
    match version {
        ApiVersion::V1 => &["custom-function", "jwt-bearer"],
        _ => &[],
    }
}

fn walk<'a>(value: &'a Value, version: ApiVersion, out: &mut Vec<Place<'a>>) {
    #[allow(clippy::too_many_arguments)]
    fn go<'a>(
        value: &'a Value,
        shapeless: &[&str],
        pointer: &mut Pointer,
        key: Option<&'a str>,
        item: bool,
        depth: usize,
        opaque: bool,
        out: &mut Vec<Place<'a>>,
    ) {
        out.push(Place {
            pointer: pointer.clone(),
            value,
            key,
            item,
            depth,
            opaque,
        });
        match value {
            Value::Object(map) => {
                let inner_opaque = opaque || key.is_some_and(|k| MAP_KEYS.contains(&k) && !item);
                let shapeless_data = map
                    .get("type")
                    .and_then(Value::as_str)
                    .is_some_and(|t| shapeless.contains(&t));
                for (k, child) in map {
                    let child_opaque =
                        inner_opaque || k.starts_with("x-") || (shapeless_data && k == "data");
                    pointer.with(k.as_str(), |p| {
                        go(
                            child,
                            shapeless,
                            p,
                            Some(k),
                            false,
                            depth + 1,
                            child_opaque,
                            out,
                        )
                    });
                }
            }
            Value::Array(items) => {
                for (index, child) in items.iter().enumerate() {
                    pointer.with(index, |p| {
                        go(child, shapeless, p, key, true, depth + 1, opaque, out)
                    });
                }
            }
            _ => {}
        }
    }
    let shapeless = shapeless_data(version);
    go(
        value,
        shapeless,
        &mut Pointer::root(),
        None,
        false,
        0,
        false,
        out,
    );
}

/// Whether the value at `pointer` (in `value`) is one no rule reads: an unknown key's value
/// (the key itself is reported), a string map's entries, shapeless v1 credential `data`, or
/// anything inside them (see the [module docs](self)).
pub fn is_opaque(value: &Value, version: ApiVersion, pointer: &Pointer) -> bool {
    let mut places = Vec::new();
    walk(value, version, &mut places);
    places
        .iter()
        .find(|p| p.pointer == *pointer)
        .is_some_and(|p| p.opaque)
}

/// Whether `place` is a key of an object (not the root, not an array item).
fn is_key(place: &Place<'_>) -> bool {
    place.key.is_some() && !place.item
}

fn key_of(pointer: &Pointer) -> Option<String> {
    pointer.tokens().last().map(|t| t.into_owned())
}

/// The places where `kind` can be applied to `value`, in the order of a walk over it (keys
/// sorted). For `DuplicateId` and `DuplicateElement` a site is an array; for `DeepNesting`,
/// `OtherVersionKey`, `PreservedGarbage` and `SwapMember` an object; otherwise the value or key
/// itself.
pub fn sites(value: &Value, version: ApiVersion, kind: MutationKind) -> Vec<Pointer> {
    let mut places = Vec::new();
    walk(value, version, &mut places);
    let model = |p: &Place<'_>| !p.opaque;
    let object = |p: &Place<'_>| p.value.is_object() && model(p) && !is_map(p);
    places
        .iter()
        .filter(|p| match kind {
            MutationKind::DeleteKey => is_key(p),
            MutationKind::RenameKey => is_key(p) && model(p),
            MutationKind::ChangeType => !p.pointer.is_root(),
            MutationKind::UnknownEnumValue | MutationKind::NearMissEnumValue => {
                model(p) && p.value.is_string() && p.key.is_some_and(|k| ENUM_KEYS.contains(&k))
            }
            MutationKind::RelativeUrl => {
                model(p)
                    && is_key(p)
                    && p.key.is_some_and(|k| URL_KEYS.contains(&k))
                    && p.value.as_str().is_some_and(|s| s.starts_with("http"))
            }
            MutationKind::LongString | MutationKind::UnusualString => {
                model(p) && p.value.is_string()
            }
            MutationKind::Number => {
                !p.pointer.is_root() && !p.value.is_object() && !p.value.is_array()
            }
            MutationKind::DeepNesting => object(p) && p.depth + 4 < NESTING_LIMIT,
            MutationKind::DuplicateElement => {
                model(p) && p.value.as_array().is_some_and(|a| !a.is_empty())
            }
            MutationKind::DuplicateId => {
                model(p) && p.value.as_array().is_some_and(|a| !id_pairs(a).is_empty())
            }
            MutationKind::OtherVersionKey | MutationKind::PreservedGarbage => object(p),
            MutationKind::SwapMember => {
                version == ApiVersion::V2 && model(p) && swappable(p.value).is_some()
            }
            MutationKind::DuplicateKey => is_key(p),
        })
        .map(|p| p.pointer.clone())
        .collect()
}

fn is_map(place: &Place<'_>) -> bool {
    !place.item && place.key.is_some_and(|k| MAP_KEYS.contains(&k))
}

/// serde_json refuses text nested deeper than this many arrays and objects (128 minus one).
const NESTING_LIMIT: usize = 127;

/// `(earlier, later)` index pairs of elements that have an id (their own, or their v2
/// member's), the ids differing.
fn id_pairs(items: &[Value]) -> Vec<(usize, usize)> {
    let ids: Vec<Option<(Vec<String>, &str)>> = items.iter().map(element_id).collect();
    let mut pairs = Vec::new();
    for later in 1..ids.len() {
        for earlier in 0..later {
            if let (Some((_, a)), Some((_, b))) = (&ids[earlier], &ids[later]) {
                if a != b {
                    pairs.push((earlier, later));
                }
            }
        }
    }
    pairs
}

/// Where an element's id is (tokens below the element) and what it is.
fn element_id(element: &Value) -> Option<(Vec<String>, &str)> {
    let map = element.as_object()?;
    if let Some(Value::String(id)) = map.get("id") {
        return Some((vec!["id".to_owned()], id));
    }
    // A v2 wrapper: `{"type": .., "<member>": {"id": ..}}`.
    map.iter().find_map(|(key, member)| match member.get("id") {
        Some(Value::String(id)) if V2_MEMBERS[0].contains(&key.as_str()) => {
            Some((vec![key.clone(), "id".to_owned()], id.as_str()))
        }
        _ => None,
    })
}

/// For a v2 union object: the object holding the member (itself, or its `data`), the member
/// key and its group.
fn swappable(value: &Value) -> Option<(Option<&'static str>, String, &'static [&'static str])> {
    let map = value.as_object()?;
    map.get("type")?.as_str()?;
    let find = |members: &Map<String, Value>, groups: &[&'static [&'static str]]| {
        groups.iter().find_map(|group| {
            let present: Vec<&String> = members
                .keys()
                .filter(|k| group.contains(&k.as_str()))
                .collect();
            match present.as_slice() {
                [one] if group.len() > 1 => Some(((*one).clone(), *group)),
                _ => None,
            }
        })
    };
    if let Some(Value::Object(data)) = map.get("data") {
        if let Some((member, group)) = find(data, &[V2_MEMBERS[1]]) {
            return Some((Some("data"), member, group));
        }
    }
    find(map, &[V2_MEMBERS[0], V2_MEMBERS[2]]).map(|(member, group)| (None, member, group))
}

/// Applies `kind` at `site` (one of [`sites`]); `variant` chooses among the ways to do it.
/// `None` when `site` is not a place for `kind`.
pub fn apply(
    value: &mut Value,
    version: ApiVersion,
    kind: MutationKind,
    site: &Pointer,
    variant: u32,
) -> Option<Mutation> {
    if !sites(value, version, kind).contains(site) {
        return None;
    }
    let v = variant as usize;
    let record = |pointer: Pointer, note: String| Mutation {
        kind,
        pointer,
        origin: None,
        note,
    };
    match kind {
        MutationKind::DeleteKey => {
            let key = key_of(site)?;
            let parent = value
                .pointer_mut(site.parent()?.as_str())?
                .as_object_mut()?;
            parent.remove(&key)?;
            Some(record(site.clone(), format!("removed `{key}`")))
        }
        MutationKind::RenameKey => {
            let key = key_of(site)?;
            let parent_at = site.parent()?;
            let parent = value.pointer_mut(parent_at.as_str())?.as_object_mut()?;
            let renamed = one_character_off(&key, v, parent)?;
            let held = parent.remove(&key)?;
            parent.insert(renamed.clone(), held);
            Some(Mutation {
                kind,
                pointer: parent_at.join(renamed.as_str()),
                origin: Some(site.clone()),
                note: format!("`{key}` -> `{renamed}`"),
            })
        }
        MutationKind::ChangeType => {
            let slot = value.pointer_mut(site.as_str())?;
            let new = other_type(slot, v);
            let note = format!("{} -> {}", type_name(slot), type_name(&new));
            *slot = new;
            Some(record(site.clone(), note))
        }
        MutationKind::UnknownEnumValue => {
            let slot = value.pointer_mut(site.as_str())?;
            let new = ["zz-undocumented", "FUTURE_VALUE", "kerberos", ""][v % 4];
            let note = format!("{slot} -> \"{new}\"");
            *slot = Value::from(new);
            Some(record(site.clone(), note))
        }
        MutationKind::NearMissEnumValue => {
            let slot = value.pointer_mut(site.as_str())?;
            let old = slot.as_str()?.to_owned();
            let new = near_miss(&old, v)?;
            *slot = Value::from(new.clone());
            Some(record(site.clone(), format!("\"{old}\" -> \"{new}\"")))
        }
        MutationKind::RelativeUrl => {
            let slot = value.pointer_mut(site.as_str())?;
            let new = [
                "/relative/path",
                "example.com/api",
                "//example.com/x",
                "api/v1",
            ][v % 4];
            *slot = Value::from(new);
            Some(record(site.clone(), format!("-> \"{new}\"")))
        }
        MutationKind::LongString => {
            let slot = value.pointer_mut(site.as_str())?;
            let unit = ["a", "é", "😀", "\u{202E}x"][v % 4];
            let new = unit.repeat(65_536 / unit.len() + v % 7);
            *slot = Value::from(new);
            Some(record(
                site.clone(),
                format!("-> {} x {unit:?}", 65_536 / unit.len()),
            ))
        }
        MutationKind::UnusualString => {
            let slot = value.pointer_mut(site.as_str())?;
            let new = UNUSUAL[v % UNUSUAL.len()];
            *slot = Value::from(new);
            Some(record(site.clone(), format!("-> {new:?}")))
        }
        MutationKind::Number => {
            let slot = value.pointer_mut(site.as_str())?;
            let text = NUMBERS[v % NUMBERS.len()];
            let new: Value = serde_json::from_str(text).ok()?;
            let note = format!("{} -> {text}", type_name(slot));
            *slot = new;
            Some(record(site.clone(), note))
        }
        MutationKind::DeepNesting => {
            // The object and everything around it, plus the new arrays: at most the limit.
            let depth = value_depth_at(value, site)?;
            let levels = NESTING_LIMIT - depth - v % 3;
            let mut nested = json!([]);
            for _ in 1..levels {
                nested = Value::Array(vec![nested]);
            }
            let map = value.pointer_mut(site.as_str())?.as_object_mut()?;
            let key = fresh_key(map, "x-deep");
            map.insert(key.clone(), nested);
            Some(record(
                site.join(key.as_str()),
                format!("{levels} nested arrays"),
            ))
        }
        MutationKind::DuplicateElement => {
            let items = value.pointer_mut(site.as_str())?.as_array_mut()?;
            let copy = items[v % items.len()].clone();
            items.push(copy);
            let at = site.join(items.len() - 1);
            Some(record(
                at,
                format!("copy of element {}", v % (items.len() - 1)),
            ))
        }
        MutationKind::DuplicateId => {
            let items = value.pointer_mut(site.as_str())?.as_array_mut()?;
            let pairs = id_pairs(items);
            let (earlier, later) = pairs[v % pairs.len()];
            let (tokens, id) = element_id(&items[earlier])?;
            let id = id.to_owned();
            let (later_tokens, _) = element_id(&items[later])?;
            let slot = Pointer::from_tokens(&later_tokens);
            *items[later].pointer_mut(slot.as_str())? = Value::from(id.clone());
            let mut at = site.join(later);
            let mut origin = site.join(earlier);
            for t in &later_tokens {
                at.push(t.as_str());
            }
            for t in &tokens {
                origin.push(t.as_str());
            }
            Some(Mutation {
                kind,
                pointer: at,
                origin: Some(origin),
                note: format!("id `{id}` again"),
            })
        }
        MutationKind::OtherVersionKey => {
            let keys = other_version_keys(version);
            let map = value.pointer_mut(site.as_str())?.as_object_mut()?;
            let key = keys
                .iter()
                .cycle()
                .skip(v % keys.len())
                .take(keys.len())
                .find(|k| !map.contains_key(**k))?;
            let held = [json!("x"), json!(true), json!([]), json!({})][v % 4].clone();
            map.insert((*key).to_owned(), held);
            Some(record(site.join(*key), format!("added `{key}`")))
        }
        MutationKind::PreservedGarbage => {
            let map = value.pointer_mut(site.as_str())?.as_object_mut()?;
            let garbage = [
                json!({"zz-unknown-owner": {"a": 1}}),
                json!([1, 2, 3]),
                json!("not a stash"),
                json!({"apiKey": 5, "grant": [null]}),
                json!({"schemeType": {"nested": {"deeper": [true]}}}),
                Value::Null,
            ][v % 6]
                .clone();
            map.insert(PRESERVED_KEY.to_owned(), garbage);
            Some(record(site.join(PRESERVED_KEY), "garbage stash".to_owned()))
        }
        MutationKind::SwapMember => {
            let (inner, member, group) = swappable(value.pointer(site.as_str())?)?;
            let container_at = match inner {
                Some(inner) => site.join(inner),
                None => site.clone(),
            };
            let container = value.pointer_mut(container_at.as_str())?.as_object_mut()?;
            let others: Vec<&str> = group
                .iter()
                .copied()
                .filter(|m| *m != member && !container.contains_key(*m))
                .collect();
            let new = *others.get(v % others.len().max(1))?;
            let held = container.remove(&member)?;
            container.insert(new.to_owned(), held);
            Some(Mutation {
                kind,
                pointer: container_at.join(new),
                origin: Some(container_at.join(member.as_str())),
                note: format!("`{member}` -> `{new}`"),
            })
        }
        MutationKind::DuplicateKey => None,
    }
}

/// Strings that break naive handling of text.
const UNUSUAL: &[&str] = &[
    "\u{202E}gnp.exe",
    "a\u{0}b",
    "e\u{301}\u{301}\u{301}",
    "😀\u{1F3FD}",
    "\u{FEFF}bom",
    "line\u{2028}separator",
    "\u{10FFFF}\u{FFFE}",
    "\u{200B}",
    "../../../etc/passwd",
    "${jndi:ldap://x}",
    "<script>alert(1)</script>",
    "\r\n\t\\\"",
    "",
    " ",
];

/// Numbers that are huge, negative zero or fractional.
const NUMBERS: &[&str] = &[
    "18446744073709551621",
    "-18446744073709551621",
    "1e400",
    "-0",
    "0.1",
    "123456789.12345679",
    "340282366920938463463374607431768211457",
    "-1e-400",
];

fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// A value of another JSON type than `value`'s.
fn other_type(value: &Value, variant: usize) -> Value {
    let keep_text = |text: &str| match variant % 3 {
        0 => json!([text]),
        1 => json!({"value": text}),
        _ => json!(12345),
    };
    match value {
        Value::String(text) => keep_text(text),
        Value::Null => [json!("null"), json!(0), json!({})][variant % 3].clone(),
        Value::Bool(_) => [json!("yes"), json!(1), json!([true])][variant % 3].clone(),
        Value::Number(_) => [json!("42"), json!(true), json!([1])][variant % 3].clone(),
        Value::Array(_) => [json!({}), json!("list"), json!(0)][variant % 3].clone(),
        Value::Object(_) => [json!("object"), json!(7), json!(false)][variant % 3].clone(),
    }
}

/// `key` changed by one character (deleted, doubled, swapped with its neighbour, or replaced),
/// never a field name of any version nor a key already in `siblings`.
fn one_character_off(key: &str, variant: usize, siblings: &Map<String, Value>) -> Option<String> {
    let chars: Vec<char> = key.chars().collect();
    let mut candidates = Vec::new();
    for at in 0..chars.len() {
        let mut deleted = chars.clone();
        deleted.remove(at);
        candidates.push(deleted.into_iter().collect::<String>());
        let mut doubled = chars.clone();
        doubled.insert(at, chars[at]);
        candidates.push(doubled.into_iter().collect());
        if at + 1 < chars.len() {
            let mut swapped = chars.clone();
            swapped.swap(at, at + 1);
            candidates.push(swapped.into_iter().collect());
        }
        let mut replaced = chars.clone();
        replaced[at] = if chars[at] == 'x' { 'q' } else { 'x' };
        candidates.push(replaced.into_iter().collect());
    }
    candidates.retain(|c: &String| {
        !c.is_empty()
            && c != key
            && !FIELD_NAMES.contains(&c.as_str())
            && !c.starts_with("x-")
            && !siblings.contains_key(c)
    });
    candidates.dedup();
    if candidates.is_empty() {
        return None;
    }
    Some(candidates.swap_remove(variant % candidates.len()))
}

/// A near miss of `value` that no version documents.
fn near_miss(value: &str, variant: usize) -> Option<String> {
    let documented = documented_values();
    let mut upper_first = value.to_owned();
    if let Some(first) = upper_first.get_mut(0..1) {
        first.make_ascii_uppercase();
    }
    let candidates = [
        value
            .get(..value.len().saturating_sub(1))
            .map(str::to_owned),
        Some(upper_first),
        Some(format!("{value} ")),
        Some(value.to_ascii_uppercase()),
        Some(value.replace('-', "_")),
        Some(format!("{value}s")),
    ];
    let mut found: Vec<String> = candidates
        .into_iter()
        .flatten()
        .filter(|c| !c.is_empty() && c != value && !documented.contains(c.as_str()))
        .collect();
    found.dedup();
    if found.is_empty() {
        return None;
    }
    Some(found.swap_remove(variant % found.len()))
}

/// The number of containers around and including the object at `site` (root object: 1).
fn value_depth_at(value: &Value, site: &Pointer) -> Option<usize> {
    value.pointer(site.as_str())?;
    Some(site.tokens().count() + 1)
}

fn fresh_key(map: &Map<String, Value>, base: &str) -> String {
    let mut key = base.to_owned();
    let mut n = 2;
    while map.contains_key(&key) {
        key = format!("{base}-{n}");
        n += 1;
    }
    key
}

/// The document as JSON text with the key at `site` written twice: first with another value
/// (`variant` picks it: a string, `null`, an object, or the value itself), then with its own.
/// The text reads back (keeping the last value) as the same `Value`.
pub fn duplicate_key_text(
    value: &Value,
    site: &Pointer,
    variant: u32,
) -> Option<(String, Mutation)> {
    let parent = site.parent()?;
    let key = key_of(site)?;
    let held = value.pointer(parent.as_str())?.as_object()?.get(&key)?;
    let earlier = match variant % 4 {
        0 => json!("earlier-value"),
        1 => Value::Null,
        2 => json!({"earlier": [1]}),
        _ => held.clone(),
    };
    let mut out = String::new();
    write_text(
        value,
        &mut Pointer::root(),
        &parent,
        &key,
        &earlier,
        &mut out,
    );
    Some((
        out,
        Mutation {
            kind: MutationKind::DuplicateKey,
            pointer: site.clone(),
            origin: None,
            note: format!("`{key}` written twice"),
        },
    ))
}

fn write_text(
    value: &Value,
    at: &mut Pointer,
    target: &Pointer,
    key: &str,
    earlier: &Value,
    out: &mut String,
) {
    match value {
        Value::Object(map) => {
            out.push('{');
            let mut first = true;
            let mut separate = |out: &mut String| {
                if !std::mem::take(&mut first) {
                    out.push(',');
                }
            };
            for (k, v) in map {
                let name = Value::from(k.as_str()).to_string();
                if at == target && k == key {
                    separate(out);
                    out.push_str(&name);
                    out.push(':');
                    out.push_str(&earlier.to_string());
                }
                separate(out);
                out.push_str(&name);
                out.push(':');
                at.with(k.as_str(), |at| {
                    write_text(v, at, target, key, earlier, out)
                });
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (index, item) in items.iter().enumerate() {
                if index > 0 {
                    out.push(',');
                }
                at.with(index, |at| write_text(item, at, target, key, earlier, out));
            }
            out.push(']');
        }
        scalar => out.push_str(&scalar.to_string()),
    }
}

/// A random mutation: [`Plan::apply`] picks a kind among those the document has a place for,
/// then the place and the way.
#[derive(Clone, Debug)]
pub struct Plan {
    kind: Index,
    site: Index,
    variant: u32,
}

/// Plans of every kind in [`MutationKind::ON_VALUES`].
pub fn plan() -> impl Strategy<Value = Plan> {
    (any::<Index>(), any::<Index>(), any::<u32>()).prop_map(|(kind, site, variant)| Plan {
        kind,
        site,
        variant,
    })
}

impl Plan {
    /// Applies the plan to `value`, choosing among `kinds` that have a place in it; `None` when
    /// none has (a document with no object at all).
    pub fn apply_among(
        &self,
        value: &mut Value,
        version: ApiVersion,
        kinds: &[MutationKind],
    ) -> Option<Mutation> {
        let offered: Vec<(MutationKind, Vec<Pointer>)> = kinds
            .iter()
            .map(|kind| (*kind, sites(value, version, *kind)))
            .filter(|(_, sites)| !sites.is_empty())
            .collect();
        if offered.is_empty() {
            return None;
        }
        let (kind, places) = self.kind.get(&offered);
        let site = self.site.get(places).clone();
        // A site can still refuse (a key with no one-character rename left): try the others.
        let start = places.iter().position(|p| *p == site).unwrap_or(0);
        (0..places.len()).find_map(|i| {
            let site = &places[(start + i) % places.len()];
            apply(value, version, *kind, site, self.variant)
        })
    }

    /// [`Plan::apply_among`] every kind in [`MutationKind::ON_VALUES`].
    pub fn apply(&self, value: &mut Value, version: ApiVersion) -> Option<Mutation> {
        self.apply_among(value, version, MutationKind::ON_VALUES)
    }

    /// The document as text with one key written twice (see [`duplicate_key_text`]).
    pub fn apply_text(&self, value: &Value) -> Option<(String, Mutation)> {
        let places = sites(value, ApiVersion::V1, MutationKind::DuplicateKey);
        if places.is_empty() {
            return None;
        }
        duplicate_key_text(value, self.site.get(&places), self.variant)
    }
}

/// A generated valid document and what was done to it.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Mutated {
    /// The document's version.
    pub api_version: ApiVersion,
    /// The document's kind.
    pub kind: Kind,
    /// The generated document, before any mutation.
    pub original: Document,
    /// The mutated document.
    pub value: Value,
    /// What was done, in order (a later mutation may undo or move an earlier one's work).
    pub mutations: Vec<Mutation>,
}

/// A document of any version and kind with one to three random mutations.
pub fn mutated() -> impl Strategy<Value = Mutated> {
    (super::document(), vec(plan(), 1..=3)).prop_map(|(original, plans)| {
        let mut value = original.to_value().unwrap_or(Value::Null);
        let mutations = plans
            .iter()
            .filter_map(|plan| plan.apply(&mut value, original.api_version()))
            .collect();
        Mutated {
            api_version: original.api_version(),
            kind: original.kind(),
            original,
            value,
            mutations,
        }
    })
}

/// A document of any version and kind as JSON text with one key written twice (at any depth,
/// inside unknown keys' values too), and the record of it.
pub fn with_duplicate_key() -> impl Strategy<Value = (Document, String, Mutation)> {
    (super::document(), plan()).prop_filter_map("a document with a key", |(doc, plan)| {
        let value = doc.to_value().ok()?;
        let (text, mutation) = plan.apply_text(&value)?;
        Some((doc, text, mutation))
    })
}

#[cfg(test)]
mod tests {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;

    use super::*;

    fn v1_oauth2() -> Value {
        json!({"schemeType": "oauth2", "id": "o", "description": "d",
            "authorizeUrl": "https://a.example.com", "tokenUrl": "https://t.example.com",
            "scopes": [{"name": "read"}, {"name": "write"}], "defaultScopes": ["read"],
            "grant": {"grantType": "client_credentials", "clientId": "c"},
            "x-team": {"tags": ["a"], "in": "header"}, "tags": {"k": ["v"]}})
    }

    #[test]
    fn sites_stay_out_of_unknown_values_and_maps() {
        let value = v1_oauth2();
        let renames = sites(&value, ApiVersion::V1, MutationKind::RenameKey);
        assert!(renames.iter().all(|p| !p.as_str().starts_with("/x-team/")));
        assert!(!renames.iter().any(|p| p.as_str() == "/tags/k"));
        let enums = sites(&value, ApiVersion::V1, MutationKind::UnknownEnumValue);
        let enums: Vec<_> = enums.iter().map(Pointer::as_str).collect();
        assert_eq!(enums, ["/grant/grantType", "/schemeType"]);
        let urls = sites(&value, ApiVersion::V1, MutationKind::RelativeUrl);
        assert_eq!(urls.len(), 2);
    }

    #[test]
    fn every_kind_records_where_it_went() {
        let original = v1_oauth2();
        for &kind in MutationKind::ON_VALUES {
            for site in sites(&original, ApiVersion::V1, kind) {
                for variant in 0..4 {
                    let mut value = original.clone();
                    let Some(done) = apply(&mut value, ApiVersion::V1, kind, &site, variant) else {
                        assert_eq!(kind, MutationKind::RenameKey, "{kind:?} at {site}");
                        continue;
                    };
                    assert_ne!(value, original, "{done}");
                    match kind {
                        MutationKind::DeleteKey => {
                            assert!(value.pointer(done.pointer.as_str()).is_none())
                        }
                        _ => assert!(value.pointer(done.pointer.as_str()).is_some(), "{done}"),
                    }
                    // Always JSON that reads back.
                    let text = serde_json::to_string(&value).unwrap();
                    assert_eq!(crate::json::from_str(&text).unwrap().value, value, "{done}");
                }
            }
        }
    }

    #[test]
    fn renames_never_make_a_field_name() {
        let siblings = Map::new();
        for key in FIELD_NAMES {
            for variant in 0..50 {
                if let Some(new) = one_character_off(key, variant, &siblings) {
                    assert!(!FIELD_NAMES.contains(&new.as_str()), "{key} -> {new}");
                }
            }
        }
        assert_eq!(
            one_character_off("in", 0, &siblings).map(|s| s.len() <= 3),
            Some(true)
        );
    }

    #[test]
    fn near_misses_are_undocumented() {
        let documented = documented_values();
        for value in &documented {
            for variant in 0..6 {
                if let Some(miss) = near_miss(value, variant) {
                    assert!(!documented.contains(miss.as_str()), "{value} -> {miss}");
                }
            }
        }
    }

    #[test]
    fn deep_nesting_stays_within_the_parser_limit() {
        let mut value = json!({"a": {"b": {}}});
        let site: Pointer = "/a/b".parse().unwrap();
        for variant in 0..3 {
            let mut value = value.clone();
            let done = apply(
                &mut value,
                ApiVersion::V1,
                MutationKind::DeepNesting,
                &site,
                variant,
            )
            .unwrap();
            let text = serde_json::to_string(&value).unwrap();
            assert!(crate::json::from_str(&text).is_ok(), "{done}");
            // One level more is refused: the nesting is at the limit.
            let deeper = text.replacen("[[", "[[[", 1).replacen("]]", "]]]", 1);
            if variant == 0 {
                assert!(crate::json::from_str(&deeper).is_err());
            }
        }
        value["a"]["b"] = json!([]);
        assert!(sites(&value, ApiVersion::V1, MutationKind::DeepNesting).len() == 2);
    }

    #[test]
    fn duplicate_ids_and_swapped_members_in_v2() {
        let system = json!({"authSchemeConfigs": [
            {"type": "apiKey", "apiKey": {"id": "a", "description": "d", "name": "k", "in": "header"}},
            {"type": "none", "none": {"id": "b", "description": "d"}}
        ]});
        let site: Pointer = "/authSchemeConfigs".parse().unwrap();
        let mut value = system.clone();
        let done = apply(
            &mut value,
            ApiVersion::V2,
            MutationKind::DuplicateId,
            &site,
            0,
        )
        .unwrap();
        assert_eq!(done.pointer.as_str(), "/authSchemeConfigs/1/none/id");
        assert_eq!(
            done.origin.unwrap().as_str(),
            "/authSchemeConfigs/0/apiKey/id"
        );
        assert_eq!(value["authSchemeConfigs"][1]["none"]["id"], "a");

        let swaps = sites(&system, ApiVersion::V2, MutationKind::SwapMember);
        assert_eq!(swaps.len(), 2);
        let mut value = system.clone();
        let done = apply(
            &mut value,
            ApiVersion::V2,
            MutationKind::SwapMember,
            &swaps[0],
            1,
        )
        .unwrap();
        assert_eq!(done.origin.unwrap().as_str(), "/authSchemeConfigs/0/apiKey");
        assert!(value.pointer(done.pointer.as_str()).is_some());
        assert!(sites(&system, ApiVersion::V1, MutationKind::SwapMember).is_empty());
    }

    #[test]
    fn duplicate_key_text_reads_back_with_the_duplicate_named() {
        let value = v1_oauth2();
        for site in sites(&value, ApiVersion::V1, MutationKind::DuplicateKey) {
            for variant in 0..4 {
                let (text, done) = duplicate_key_text(&value, &site, variant).unwrap();
                let parsed = crate::json::from_str(&text).unwrap();
                assert_eq!(parsed.value, value);
                assert_eq!(
                    parsed.duplicates,
                    std::slice::from_ref(&done.pointer),
                    "{text}"
                );
            }
        }
    }

    #[test]
    fn mutated_documents_come_with_their_records() {
        let mut runner = TestRunner::deterministic();
        let mut applied = 0;
        for _ in 0..64 {
            let case = mutated().new_tree(&mut runner).unwrap().current();
            applied += case.mutations.len();
            assert_ne!(case.value, case.original.to_value().unwrap());
        }
        assert!(applied >= 64, "{applied}");
    }
}
