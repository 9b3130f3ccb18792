//! The context a step runs in: where it is in the document it reads (the *source* of the step)
//! and in the document it writes (its *output*), the messages it has written, where each output
//! node came from, and whether losses are stashed (`preserve`) or reported (`field-dropped`).

use std::collections::BTreeMap;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use versori_model::{ApiVersion, Extra, Fields};
use versori_validate::{Code, Pointer, Severity, Token, ValidationMessage};

/// The reserved key under which `preserve` keeps what a target version cannot hold.
///
/// Its value is an object keyed by the version the kept fields belong to
/// (`{"v1": {"public": true}}`), so that a chain of steps never mixes up whose fields are whose;
/// the step back to that version restores them and removes the entry (and the key, once empty).
pub const PRESERVED_KEY: &str = "x-versori-preserved";

/// The keys an object of one type knows: its own fields and, for a variant of a tagged union,
/// the union's tag.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Shape {
    fields: &'static [&'static str],
    tag: Option<&'static str>,
}

impl Shape {
    /// The keys of `T`.
    pub(crate) const fn of<T: Fields>() -> Self {
        Self {
            fields: T::FIELDS,
            tag: None,
        }
    }

    /// The keys of `T` as a variant of a union tagged by `tag`.
    pub(crate) const fn tagged<T: Fields>(tag: &'static str) -> Self {
        Self {
            fields: T::FIELDS,
            tag: Some(tag),
        }
    }

    /// An object that keeps every key verbatim (an unknown variant): it knows none.
    pub(crate) const OPEN: Self = Self {
        fields: &[],
        tag: None,
    };

    /// Whether `key` is one of the shape's own keys.
    pub(crate) fn knows(&self, key: &str) -> bool {
        self.tag == Some(key) || self.fields.binary_search(&key).is_ok()
    }
}

/// Where each node of a step's output came from: output pointer -> source pointer, recorded as
/// the step enters each node. A pointer below a recorded one maps through its nearest recorded
/// ancestor, the rest of its tokens unchanged.
#[derive(Clone, Debug, Default)]
pub(crate) struct Provenance(BTreeMap<Pointer, Pointer>);

impl Provenance {
    /// The source pointer of output pointer `out`.
    pub(crate) fn source_of(&self, out: &Pointer) -> Pointer {
        let mut ancestor = out.clone();
        let mut rest: Vec<String> = Vec::new();
        loop {
            if let Some(source) = self.0.get(&ancestor) {
                let mut mapped = source.clone();
                for token in rest.iter().rev() {
                    mapped.push(token.as_str());
                }
                return mapped;
            }
            match ancestor.pop() {
                Some(token) => rest.push(token),
                None => return out.clone(),
            }
        }
    }
}

/// The escaped last token of `pointer` (`""` at the root).
fn last_token(pointer: &Pointer) -> &str {
    let text = pointer.as_str();
    text.rfind('/').map_or("", |at| &text[at + 1..])
}

/// Why a value could not be put under [`PRESERVED_KEY`].
pub(crate) enum NoRoom {
    /// The reserved key (or the version's entry under it) holds something other than an object.
    NotAnObject,
    /// The entry already holds a value of that name.
    Taken,
}

/// What a step needs while it converts one document.
pub(crate) struct Cx {
    path: Pointer,
    out: Pointer,
    pub(crate) messages: Vec<ValidationMessage>,
    pub(crate) provenance: Provenance,
    preserve: bool,
    organisation_id: Option<String>,
    /// The version of the document the step reads.
    source: ApiVersion,
    /// Whether the output position maps to the source position through the nearest recorded
    /// ancestor and the same tokens (so that entering a node with the same token on both sides
    /// needs no record).
    aligned: bool,
}

impl Cx {
    pub(crate) fn new(source: ApiVersion, preserve: bool, organisation_id: Option<String>) -> Self {
        Self {
            path: Pointer::root(),
            out: Pointer::root(),
            messages: Vec::new(),
            provenance: Provenance::default(),
            preserve,
            organisation_id,
            source,
            aligned: true,
        }
    }

    fn record(&mut self) {
        self.provenance
            .0
            .entry(self.out.clone())
            .or_insert_with(|| self.path.clone());
    }

    /// Runs `f` one level down, at `token` of both the source and the output.
    pub(crate) fn at<T>(&mut self, token: impl Token + Copy, f: impl FnOnce(&mut Self) -> T) -> T {
        if !self.aligned {
            return self.at_as(token, token, f);
        }
        // Mapped through the nearest recorded ancestor: nothing to record.
        self.path.push(token);
        self.out.push(token);
        let result = f(self);
        self.path.remove_last();
        self.out.remove_last();
        result
    }

    /// Runs `f` with the output known to map to the source position (after a record).
    fn aligned<T>(&mut self, f: impl FnOnce(&mut Self) -> T) -> T {
        let outer = std::mem::replace(&mut self.aligned, true);
        let result = f(self);
        self.aligned = outer;
        result
    }

    /// Runs `f` at `source` of the source and `out` of the output (a renamed field, a moved
    /// array item).
    pub(crate) fn at_as<T>(
        &mut self,
        source: impl Token,
        out: impl Token,
        f: impl FnOnce(&mut Self) -> T,
    ) -> T {
        self.path.push(source);
        self.out.push(out);
        if self.aligned && last_token(&self.path) == last_token(&self.out) {
            // The same token on both sides: mapped through the nearest recorded ancestor.
            let result = f(self);
            self.path.remove_last();
            self.out.remove_last();
            return result;
        }
        self.record();
        let result = self.aligned(f);
        self.path.remove_last();
        self.out.remove_last();
        result
    }

    /// Runs `f` at `token` of the source; the output stays where it is (the source has a level
    /// the output does not).
    pub(crate) fn at_source<T>(&mut self, token: impl Token, f: impl FnOnce(&mut Self) -> T) -> T {
        self.path.push(token);
        let outer = std::mem::replace(&mut self.aligned, false);
        let result = f(self);
        self.aligned = outer;
        self.path.remove_last();
        result
    }

    /// Runs `f` at `token` of the source, the output staying where it is, and records that the
    /// current output node comes from there (the source wraps the output's node in an object
    /// the output does not have, such as a v2 export's `system`).
    pub(crate) fn at_source_mapped<T>(
        &mut self,
        token: impl Token,
        f: impl FnOnce(&mut Self) -> T,
    ) -> T {
        self.path.push(token);
        self.record();
        let result = self.aligned(f);
        self.path.remove_last();
        result
    }

    /// Runs `f` at `token` of the output; the source stays where it is (the output has a level
    /// the source does not, such as a v2 wrapper's member).
    pub(crate) fn at_output<T>(&mut self, token: impl Token, f: impl FnOnce(&mut Self) -> T) -> T {
        self.out.push(token);
        self.record();
        let result = self.aligned(f);
        self.out.remove_last();
        result
    }

    /// Runs `f` with the output at `out` (a sibling of the current output node, when one
    /// source node becomes several); the source stays where it is.
    pub(crate) fn at_output_path<T>(&mut self, out: Pointer, f: impl FnOnce(&mut Self) -> T) -> T {
        let outer = std::mem::replace(&mut self.out, out);
        self.record();
        let result = self.aligned(f);
        self.out = outer;
        result
    }

    /// Records that the current output node comes from `token` below the current source node
    /// (a v1 config from its v2 wrapper's member), in place of what was recorded for it.
    pub(crate) fn map_here_to(&mut self, token: impl Token) {
        let source = self.path.join(token);
        self.provenance.0.insert(self.out.clone(), source);
    }

    /// Moves what was recorded for the output below `from` (relative to the current output
    /// position) to below `to`: for nodes converted before their place in the output is known
    /// (v2 credential bindings, whose v1 side and index come from a stash).
    pub(crate) fn move_output(&mut self, from: &[&str], to: &[&str]) {
        let below = |tokens: &[&str]| {
            let mut at = self.out.clone();
            for token in tokens {
                at.push(*token);
            }
            at
        };
        let (from, to) = (below(from), below(to));
        let moved: Vec<Pointer> = self
            .provenance
            .0
            .keys()
            .filter(|k| k.starts_with(&from))
            .cloned()
            .collect();
        for key in moved {
            let Some(source) = self.provenance.0.remove(&key) else {
                continue;
            };
            let rest = &key.as_str()[from.as_str().len()..];
            let target: Pointer = format!("{}{rest}", to.as_str())
                .parse()
                .unwrap_or_else(|_| to.clone());
            self.provenance.0.insert(target, source);
        }
    }

    /// The current output position.
    pub(crate) fn out_pointer(&self) -> &Pointer {
        &self.out
    }

    /// Records that the output's `out` field comes from the source's `source` field, for a
    /// field the step converts without entering it.
    pub(crate) fn renamed(&mut self, source: &str, out: &str) {
        let (source, out) = (self.path.join(source), self.out.join(out));
        self.provenance.0.entry(out).or_insert(source);
    }

    /// The pointer of `field` below the current source position.
    pub(crate) fn pointer(&self, field: &str) -> Pointer {
        if field.is_empty() {
            self.path.clone()
        } else {
            self.path.join(field)
        }
    }

    fn say(&mut self, code: Code, severity: Severity, field: &str, text: String) {
        let path = self.pointer(field);
        self.messages
            .push(ValidationMessage::new(code, severity, path, text));
    }

    /// Whether losses are stashed rather than reported.
    pub(crate) fn preserving(&self) -> bool {
        self.preserve
    }

    /// The organisation the caller gave for documents that do not name one
    /// ([`Options::organisation_id`](crate::Options::organisation_id)).
    pub(crate) fn organisation_id(&self) -> Option<&str> {
        self.organisation_id.as_deref()
    }

    /// A value the target needs and the source lacks was derived (info).
    pub(crate) fn derived(&mut self, field: &str, text: impl Into<String>) {
        self.say(Code::Derived, Severity::Info, field, text.into());
    }

    /// A derivation that concerns the containing list or object rather than this value.
    pub(crate) fn derived_at_parent(&mut self, text: impl Into<String>) {
        let path = self.path.parent().unwrap_or_else(Pointer::root);
        self.messages.push(ValidationMessage::new(
            Code::Derived,
            Severity::Info,
            path,
            text.into(),
        ));
    }

    /// Something the target cannot represent at all (error: the document does not migrate).
    pub(crate) fn not_representable(&mut self, field: &str, text: impl Into<String>) {
        self.say(Code::NotRepresentable, Severity::Error, field, text.into());
    }

    /// A value the target needs could not be derived; a placeholder that the way back reads as
    /// the original was written (warning).
    pub(crate) fn placeholder(&mut self, field: &str, text: impl Into<String>) {
        self.say(Code::Required, Severity::Warning, field, text.into());
    }

    /// A value the target requires that nothing gives (error: the document does not migrate).
    pub(crate) fn required(&mut self, field: &str, text: impl Into<String>) {
        self.say(Code::Required, Severity::Error, field, text.into());
    }

    /// A masked secret travels as it is; the target cannot use it (warning).
    pub(crate) fn redacted(&mut self, field: &str) {
        self.say(
            Code::RedactedSecret,
            Severity::Warning,
            field,
            "the secret is masked (\"******\"); it migrates as the mask and must be re-entered"
                .into(),
        );
    }

    /// Puts `value` under `owner`'s entry of the reserved key in `extra`; when there is no room
    /// (a foreign value is in the way), the document cannot be preserved and is refused.
    fn put(&mut self, extra: &mut Extra, owner: ApiVersion, field: &str, value: Value) -> bool {
        match stash_insert(extra, owner, field, value) {
            Ok(()) => true,
            Err(why) => {
                let (at, text) = match why {
                    NoRoom::NotAnObject => (
                        PRESERVED_KEY.to_owned(),
                        format!(
                            "`{field}` must be kept under `{PRESERVED_KEY}`, which holds something other than an object of versions (or an empty one)"
                        ),
                    ),
                    NoRoom::Taken => (
                        PRESERVED_KEY.to_owned(),
                        format!(
                            "`{field}` must be kept under `{PRESERVED_KEY}`/`{owner}`, which already holds a `{field}`"
                        ),
                    ),
                };
                self.not_representable(&at, text);
                false
            }
        }
    }

    /// Stashes `field` for `owner` without a message (bookkeeping a reverse step needs).
    pub(crate) fn stash(
        &mut self,
        extra: &mut Extra,
        owner: ApiVersion,
        field: &str,
        value: Value,
    ) {
        self.put(extra, owner, field, value);
    }

    /// The target has no place for `field` of the current object: with `preserve` it goes into
    /// `stash` (the nearest surviving object's `extra`) under the source version; otherwise it
    /// is reported as `field-dropped`.
    pub(crate) fn lose(
        &mut self,
        stash: &mut Extra,
        owner: ApiVersion,
        field: &str,
        value: Value,
        why: &str,
    ) {
        self.lose_named(stash, owner, field, field, value, why);
    }

    /// [`Cx::lose`] of `field` (reported at its path), stashed as `stash_as`.
    pub(crate) fn lose_named(
        &mut self,
        stash: &mut Extra,
        owner: ApiVersion,
        stash_as: &str,
        field: &str,
        value: Value,
        why: &str,
    ) {
        if self.preserve {
            if self.put(stash, owner, stash_as, value) {
                self.say(
                    Code::FieldPreserved,
                    Severity::Info,
                    field,
                    format!("{why}; kept under `{PRESERVED_KEY}`"),
                );
            }
        } else {
            self.say(Code::FieldDropped, Severity::Warning, field, why.to_owned());
        }
    }

    /// The target has no place for the unknown keys `keys` of the current object: kept
    /// together under `stash_as` with `preserve`, and reported one by one at their own paths
    /// either way (the stash name is bookkeeping, not a path of the input).
    pub(crate) fn lose_keys(
        &mut self,
        stash: &mut Extra,
        owner: ApiVersion,
        stash_as: &str,
        keys: &Extra,
        why: &str,
    ) {
        if keys.is_empty() {
            return;
        }
        if self.preserve && !self.put(stash, owner, stash_as, to_value(keys)) {
            return;
        }
        for key in keys.keys() {
            if self.preserve {
                self.say(
                    Code::FieldPreserved,
                    Severity::Info,
                    key,
                    format!("{why}; kept under `{PRESERVED_KEY}`"),
                );
            } else {
                self.say(Code::FieldDropped, Severity::Warning, key, why.to_owned());
            }
        }
    }

    /// [`Cx::lose`] for a typed value.
    pub(crate) fn lose_typed<T: Serialize>(
        &mut self,
        stash: &mut Extra,
        owner: ApiVersion,
        field: &str,
        value: &T,
        why: &str,
    ) {
        self.lose(stash, owner, field, to_value(value), why);
    }

    /// The unknown keys of the current object, of shape `from` in version `source`, made fit
    /// for the object of shape `into` in version `target` that it becomes: `target`'s stash
    /// taken out and put back ([`Restore`]), and keys `into` knows kept away from it
    /// ([`Cx::fit`]). For an object whose step restores nothing by name.
    pub(crate) fn carry(
        &mut self,
        mut extra: Extra,
        from: Shape,
        into: Shape,
        source: ApiVersion,
        target: ApiVersion,
    ) -> Extra {
        if extra.is_empty() {
            return extra;
        }
        let restore = Restore::take(&mut extra, target, self);
        self.settle(&mut extra, restore, from, into, source);
        extra
    }

    /// [`Cx::fit`] then [`Restore::finish`]: the end of converting an object whose stash was
    /// taken with `restore`.
    pub(crate) fn settle(
        &mut self,
        extra: &mut Extra,
        restore: Restore,
        from: Shape,
        into: Shape,
        source: ApiVersion,
    ) {
        self.fit(extra, into, source);
        restore.finish(extra, self, from, into);
    }

    /// Makes the unknown keys `extra` of the current object (of version `owner`) fit an object
    /// of shape `into`: a key that `into` knows would be written twice, or read back as that
    /// field, so it is kept under [`PRESERVED_KEY`] for `owner` (with `preserve`; the reverse
    /// step puts it back among the unknown keys) or dropped and reported.
    pub(crate) fn fit(&mut self, extra: &mut Extra, into: Shape, owner: ApiVersion) {
        if extra.is_empty() {
            return;
        }
        let clashing: Vec<String> = extra
            .keys()
            .filter(|key| *key != PRESERVED_KEY && into.knows(key))
            .cloned()
            .collect();
        for key in clashing {
            let Some(value) = extra.remove(&key) else {
                continue;
            };
            let why = format!(
                "the unknown key `{key}` is a field of the target's object and would be read back as it"
            );
            self.lose(extra, owner, &key, value, &why);
        }
    }
}

/// Serializes a model value; model types always serialize.
pub(crate) fn to_value<T: Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

/// Takes one stashed field for `owner` out of `extra`, tidying empty stashes away; only a value
/// `accept` takes is removed.
pub(crate) fn unstash(
    extra: &mut Extra,
    owner: ApiVersion,
    field: &str,
    accept: impl Fn(&Value) -> bool,
) -> Option<Value> {
    let Some(Value::Object(stash)) = extra.get_mut(PRESERVED_KEY) else {
        return None;
    };
    let Some(Value::Object(own)) = stash.get_mut(owner.as_str()) else {
        return None;
    };
    if !own.get(field).is_some_and(&accept) {
        return None;
    }
    let value = own.remove(field);
    if own.is_empty() {
        stash.remove(owner.as_str());
    }
    if stash.is_empty() {
        extra.remove(PRESERVED_KEY);
    }
    value
}

fn stash_insert(
    extra: &mut Extra,
    owner: ApiVersion,
    field: &str,
    value: Value,
) -> Result<(), NoRoom> {
    let stash = match extra.entry(PRESERVED_KEY.to_owned()) {
        std::collections::btree_map::Entry::Vacant(slot) => slot.insert(Value::Object(Map::new())),
        // An empty object found under the key would not come back once the way back takes
        // out what this puts in: there is no room that restores exactly.
        std::collections::btree_map::Entry::Occupied(slot)
            if slot.get().as_object().is_some_and(Map::is_empty) =>
        {
            return Err(NoRoom::NotAnObject);
        }
        std::collections::btree_map::Entry::Occupied(slot) => slot.into_mut(),
    };
    let Value::Object(map) = stash else {
        return Err(NoRoom::NotAnObject);
    };
    let own = match map.entry(owner.as_str().to_owned()) {
        serde_json::map::Entry::Vacant(slot) => slot.insert(Value::Object(Map::new())),
        serde_json::map::Entry::Occupied(slot)
            if slot.get().as_object().is_some_and(Map::is_empty) =>
        {
            return Err(NoRoom::NotAnObject);
        }
        serde_json::map::Entry::Occupied(slot) => slot.into_mut(),
    };
    let Value::Object(own) = own else {
        return Err(NoRoom::NotAnObject);
    };
    if own.contains_key(field) {
        return Err(NoRoom::Taken);
    }
    own.insert(field.to_owned(), value);
    Ok(())
}

/// Fields an earlier step stashed for `owner`, taken out of `extra` for restoring.
///
/// Whatever is not taken is dealt with by [`Restore::finish`], so nothing stashed is lost even
/// when this step does not know the field.
pub(crate) struct Restore {
    owner: ApiVersion,
    fields: Map<String, Value>,
    /// An entry for the source's own version, which no step writes, taken aside whole.
    foreign: Option<Value>,
    /// An entry for `owner` that is not an object of fields, taken aside whole.
    odd: Option<Value>,
    /// The object's pointer in the step's source, for messages about what stays stashed.
    at: Pointer,
}

impl Restore {
    /// Takes `owner`'s entry from `extra`, the unknown keys of the object at the current
    /// source position. An entry that is not an object is left where it is.
    ///
    /// An entry for the source's own version is never one a step wrote (a step keeps what the
    /// *other* version cannot hold), and the way back would take it for its own bookkeeping:
    /// it is taken aside too, reported, and kept as it is by [`Restore::finish`].
    pub(crate) fn take(extra: &mut Extra, owner: ApiVersion, cx: &mut Cx) -> Self {
        // Nothing is stashed in most objects: no pointer to make for messages then.
        if !extra.contains_key(PRESERVED_KEY) {
            return Self {
                owner,
                fields: Map::new(),
                foreign: None,
                odd: None,
                at: Pointer::root(),
            };
        }
        let at = cx.pointer("");
        let own = cx.source.as_str();
        let mut fields = Map::new();
        let mut foreign = None;
        let mut odd = None;
        if let Some(Value::Object(stash)) = extra.get_mut(PRESERVED_KEY) {
            let before = stash.len();
            foreign = stash.remove(own);
            match stash.remove(owner.as_str()) {
                Some(Value::Object(taken)) if !taken.is_empty() => fields = taken,
                // Not an object of fields (or an empty one, which no step leaves).
                Some(other) => odd = Some(other),
                None => {}
            }
            // Tidy away only what this took out: an empty object found as it is stays.
            if stash.is_empty() && before > 0 {
                extra.remove(PRESERVED_KEY);
            }
        }
        if odd.is_some() {
            cx.messages.push(ValidationMessage::new(
                Code::InvalidValue,
                Severity::Warning,
                at.join(PRESERVED_KEY).join(owner.as_str()),
                format!(
                    "the `{PRESERVED_KEY}` entry for {owner} is not an object of fields (or is empty); it is kept as it is, and not read"
                ),
            ));
        }
        if foreign.is_some() {
            cx.messages.push(ValidationMessage::new(
                Code::InvalidValue,
                Severity::Warning,
                at.join(PRESERVED_KEY).join(own),
                format!(
                    "a {own} object holds a `{PRESERVED_KEY}` entry for {own} itself, which no migration writes; it is kept as it is, and not read"
                ),
            ));
        }
        Self {
            owner,
            fields,
            foreign,
            odd,
            at,
        }
    }

    /// The stashed JSON of `field`, if any.
    pub(crate) fn value(&mut self, field: &str) -> Option<Value> {
        self.fields.remove(field)
    }

    /// The stashed JSON of `field` if `accept` takes it; anything else stays stashed.
    pub(crate) fn value_if(
        &mut self,
        field: &str,
        accept: impl Fn(&Value) -> bool,
    ) -> Option<Value> {
        if self.fields.get(field).is_some_and(accept) {
            self.fields.remove(field)
        } else {
            None
        }
    }

    /// The stashed fields named `{prefix}/{key}` (keys a step kept aside from an object), as
    /// `(key, stash name)`.
    pub(crate) fn keyed(&self, prefix: &str) -> Vec<(String, String)> {
        self.fields
            .keys()
            .filter_map(|name| {
                let key = name.strip_prefix(prefix)?.strip_prefix('/')?;
                Some((key.to_owned(), name.clone()))
            })
            .collect()
    }

    /// The stashed JSON of `field`, left in place.
    pub(crate) fn peek(&self, field: &str) -> Option<&Value> {
        self.fields.get(field)
    }

    /// Puts a value taken with [`Restore::value`] back.
    pub(crate) fn put_back(&mut self, field: &str, value: Value) {
        self.fields.insert(field.to_owned(), value);
    }

    /// The stashed fields named `{prefix}/{index}` (items a step kept aside from a list),
    /// by index, ascending.
    pub(crate) fn indexed(&self, prefix: &str) -> Vec<(usize, String)> {
        let mut found: Vec<(usize, String)> = self
            .fields
            .keys()
            .filter_map(|key| {
                let digits = key.strip_prefix(prefix)?.strip_prefix('/')?;
                let index: usize = digits.parse().ok()?;
                // Only the spelling a step writes (`3`, not `03` or `+3`).
                (index.to_string() == digits).then(|| (index, key.clone()))
            })
            .collect();
        found.sort();
        found
    }

    /// The stashed `field`, decoded; a stash that does not decode is left in place.
    pub(crate) fn get<T: DeserializeOwned>(&mut self, field: &str) -> Option<T> {
        let value = self.fields.get(field)?;
        let typed = T::deserialize(value).ok()?;
        self.fields.remove(field);
        Some(typed)
    }

    /// The stashed `field`, decoded, unless it is `derived`, what the step makes without it:
    /// the other step stashes a field only where it differs from that, so an entry that does
    /// not is not one it wrote, and stays stashed (for the way back to keep it as it was).
    pub(crate) fn get_unless<T: DeserializeOwned + PartialEq>(
        &mut self,
        field: &str,
        derived: Option<&T>,
    ) -> Option<T> {
        let value = self.fields.get(field)?;
        let typed = T::deserialize(value).ok()?;
        if derived == Some(&typed) {
            return None;
        }
        self.fields.remove(field);
        Some(typed)
    }

    /// Puts back what was not restored, in `extra` of the object being built (of shape
    /// `into`, from an object of shape `from`):
    ///
    /// - a key that `into` does not know and `from` does is an unknown key the other step kept
    ///   away from that field: it goes back among the unknown keys;
    /// - a kept `x-versori-preserved` is what the object had under that key before the other
    ///   step (see below): it goes back as it was;
    /// - anything else does not decode as what it claims to be. It stays stashed, and is
    ///   reported: kept under this step's *source* version as that object's own
    ///   `x-versori-preserved` (with any entry for the source's own version that
    ///   [`Restore::take`] took aside), which the way back puts back as it was. It is never left
    ///   under the target's version on a target-version object, where the way back would read
    ///   it as its own.
    pub(crate) fn finish(self, extra: &mut Extra, cx: &mut Cx, from: Shape, into: Shape) {
        if self.fields.is_empty() && self.foreign.is_none() && self.odd.is_none() {
            return;
        }
        let Self {
            owner,
            fields,
            foreign,
            odd,
            at,
        } = self;
        let mut kept = Map::new();
        for (field, value) in fields {
            if field == PRESERVED_KEY {
                // Only what the other step nests: entries for the two versions of the pair.
                let pair = [owner.as_str(), cx.source.as_str()];
                if let Value::Object(entries) = &value {
                    if entries.keys().all(|k| pair.contains(&k.as_str()))
                        && merge_stash(extra, entries)
                    {
                        continue;
                    }
                }
            } else if !into.knows(&field) && from.knows(&field) && !extra.contains_key(&field) {
                extra.insert(field, value);
                continue;
            }
            cx.messages.push(ValidationMessage::new(
                Code::InvalidValue,
                Severity::Warning,
                at.join(PRESERVED_KEY).join(owner.as_str()).join(field.as_str()),
                format!(
                    "the preserved `{field}` is not something this object takes back as {owner} (it does not decode as that field); it stays under `{PRESERVED_KEY}`"
                ),
            ));
            kept.insert(field, value);
        }
        let mut nested = Map::new();
        if !kept.is_empty() {
            nested.insert(owner.as_str().to_owned(), Value::Object(kept));
        }
        if let Some(odd) = odd {
            nested.insert(owner.as_str().to_owned(), odd);
        }
        if let Some(foreign) = foreign {
            nested.insert(cx.source.as_str().to_owned(), foreign);
        }
        if nested.is_empty() {
            return;
        }
        let source = cx.source;
        if stash_insert(extra, source, PRESERVED_KEY, Value::Object(nested)).is_err() {
            cx.messages.push(ValidationMessage::new(
                Code::NotRepresentable,
                Severity::Error,
                at.join(PRESERVED_KEY),
                format!("what stays under `{PRESERVED_KEY}` cannot be kept there for the way back"),
            ));
        }
    }
}

/// Puts the entries of an `x-versori-preserved` that a step kept back under `extra`'s own;
/// `false` (and nothing changed) when an entry is in the way.
fn merge_stash(extra: &mut Extra, entries: &Map<String, Value>) -> bool {
    let clash = match extra.get(PRESERVED_KEY) {
        None => false,
        Some(Value::Object(stash)) => {
            entries
                .iter()
                .any(|(version, kept)| match (stash.get(version), kept) {
                    (None, _) => false,
                    (Some(Value::Object(have)), Value::Object(kept)) => {
                        kept.keys().any(|k| have.contains_key(k))
                    }
                    _ => true,
                })
        }
        Some(_) => true,
    };
    if clash {
        return false;
    }
    let stash = extra
        .entry(PRESERVED_KEY.to_owned())
        .or_insert_with(|| Value::Object(Map::new()));
    if let Value::Object(stash) = stash {
        for (version, kept) in entries {
            match (stash.get_mut(version), kept) {
                (Some(Value::Object(have)), Value::Object(kept)) => {
                    have.extend(kept.clone());
                }
                _ => {
                    stash.insert(version.clone(), kept.clone());
                }
            }
        }
    }
    true
}

/// The kebab-case slug v1alpha1 derives from an environment name.
pub(crate) fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stash_and_restore_round_trip() {
        let mut extra = Extra::new();
        let mut cx = Cx::new(ApiVersion::V1alpha1, true, None);
        cx.lose(
            &mut extra,
            ApiVersion::V1,
            "public",
            Value::Bool(true),
            "v1alpha1 has no public flag",
        );
        assert_eq!(
            extra[PRESERVED_KEY],
            serde_json::json!({"v1": {"public": true}})
        );
        let mut restore = Restore::take(&mut extra, ApiVersion::V1, &mut cx);
        assert_eq!(restore.get::<bool>("public"), Some(true));
        restore.finish(&mut extra, &mut cx, Shape::OPEN, Shape::OPEN);
        assert!(extra.is_empty());
    }

    #[test]
    fn what_does_not_decode_stays_stashed_and_is_reported() {
        let mut extra = Extra::new();
        extra.insert(
            PRESERVED_KEY.into(),
            serde_json::json!({"v1": {"public": "yes"}}),
        );
        let mut cx = Cx::new(ApiVersion::V1alpha1, true, None);
        let mut restore = Restore::take(&mut extra, ApiVersion::V1, &mut cx);
        assert_eq!(restore.get::<bool>("public"), None);
        restore.finish(&mut extra, &mut cx, Shape::OPEN, Shape::OPEN);
        // Kept for the way back under the source's version, as the object had it.
        assert_eq!(
            extra[PRESERVED_KEY],
            serde_json::json!({"v1alpha1": {PRESERVED_KEY: {"v1": {"public": "yes"}}}})
        );
        let found: Vec<_> = cx
            .messages
            .iter()
            .map(|m| (m.code, m.path.to_string()))
            .collect();
        assert_eq!(
            found,
            [(Code::InvalidValue, "/x-versori-preserved/v1/public".into())]
        );
    }

    #[test]
    fn provenance_maps_through_the_nearest_recorded_ancestor() {
        let mut cx = Cx::new(ApiVersion::V1alpha1, false, None);
        cx.at_as("environments", "connections", |cx| {
            cx.at(0usize, |cx| cx.renamed("slug", "x"));
        });
        let p = &cx.provenance;
        let at = |s: &str| s.parse::<Pointer>().expect("pointer");
        assert_eq!(
            p.source_of(&at("/connections/0/variables/1")).to_string(),
            "/environments/0/variables/1"
        );
        assert_eq!(
            p.source_of(&at("/connections/0/x")).to_string(),
            "/environments/0/slug"
        );
        assert_eq!(p.source_of(&at("/id")).to_string(), "/id");
    }

    #[test]
    fn slugs() {
        assert_eq!(slug("Production EU"), "production-eu");
        assert_eq!(slug("  staging__2 "), "staging-2");
    }
}
