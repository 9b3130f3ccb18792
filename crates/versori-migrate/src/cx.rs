//! The context a step runs in: where it is in the *source* document, the messages it has
//! written, and whether losses are stashed (`preserve`) or reported (`field-dropped`).

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use versori_model::{ApiVersion, Extra};
use versori_validate::{Code, Pointer, Severity, Token, ValidationMessage};

/// The reserved key under which `preserve` keeps what a target version cannot hold.
///
/// Its value is an object keyed by the version the kept fields belong to
/// (`{"v1": {"public": true}}`), so that a chain of steps never mixes up whose fields are whose;
/// the step back to that version restores them and removes the entry (and the key, once empty).
pub const PRESERVED_KEY: &str = "x-versori-preserved";

/// What a step needs while it converts one document.
pub(crate) struct Cx {
    path: Pointer,
    pub(crate) messages: Vec<ValidationMessage>,
    preserve: bool,
}

impl Cx {
    pub(crate) fn new(preserve: bool) -> Self {
        Self {
            path: Pointer::root(),
            messages: Vec::new(),
            preserve,
        }
    }

    /// Runs `f` one level down, at `token` of the source document.
    pub(crate) fn at<T>(&mut self, token: impl Token, f: impl FnOnce(&mut Self) -> T) -> T {
        self.path.push(token);
        let out = f(self);
        self.path.pop();
        out
    }

    /// The pointer of `field` below the current position.
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

    /// A value the target needs could not be derived; a placeholder was written (warning).
    pub(crate) fn placeholder(&mut self, field: &str, text: impl Into<String>) {
        self.say(Code::Required, Severity::Warning, field, text.into());
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
        if self.preserve {
            stash_insert(stash, owner, field, value);
            self.say(
                Code::FieldPreserved,
                Severity::Info,
                field,
                format!("{why}; kept under `{PRESERVED_KEY}`"),
            );
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
        if self.preserve {
            stash_insert(stash, owner, stash_as, to_value(keys));
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
}

/// Serializes a model value; model types always serialize.
pub(crate) fn to_value<T: Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

/// Stashes `field` for `owner` without a message (bookkeeping a reverse step needs).
pub(crate) fn stash(extra: &mut Extra, owner: ApiVersion, field: &str, value: Value) {
    stash_insert(extra, owner, field, value);
}

/// Takes one stashed field for `owner` out of `extra`, tidying empty stashes away.
pub(crate) fn unstash(extra: &mut Extra, owner: ApiVersion, field: &str) -> Option<Value> {
    let mut restore = Restore::take(extra, owner);
    let value = restore.value(field);
    restore.finish(extra);
    value
}

fn stash_insert(extra: &mut Extra, owner: ApiVersion, field: &str, value: Value) {
    let stash = extra
        .entry(PRESERVED_KEY.to_owned())
        .or_insert_with(|| Value::Object(Map::new()));
    if !stash.is_object() {
        // A foreign value under our reserved key: keep it beside ours rather than lose it.
        let foreign = std::mem::replace(stash, Value::Object(Map::new()));
        if let Value::Object(map) = stash {
            map.insert("foreign".into(), foreign);
        }
    }
    if let Value::Object(map) = stash {
        let own = map
            .entry(owner.as_str().to_owned())
            .or_insert_with(|| Value::Object(Map::new()));
        if let Value::Object(own) = own {
            own.insert(field.to_owned(), value);
        }
    }
}

/// Fields an earlier step stashed for `owner`, taken out of `extra` for restoring.
///
/// Whatever is not taken is put back by [`Restore::finish`], so nothing stashed is lost even
/// when this step does not know the field.
pub(crate) struct Restore {
    owner: ApiVersion,
    fields: Map<String, Value>,
}

impl Restore {
    pub(crate) fn take(extra: &mut Extra, owner: ApiVersion) -> Self {
        let mut fields = Map::new();
        if let Some(Value::Object(stash)) = extra.get_mut(PRESERVED_KEY) {
            if let Some(Value::Object(own)) = stash.remove(owner.as_str()) {
                fields = own;
            }
            if stash.is_empty() {
                extra.remove(PRESERVED_KEY);
            }
        }
        Self { owner, fields }
    }

    /// The stashed JSON of `field`, if any.
    pub(crate) fn value(&mut self, field: &str) -> Option<Value> {
        self.fields.remove(field)
    }

    /// The stashed `field`, decoded; a stash that no longer decodes is left in place.
    pub(crate) fn get<T: DeserializeOwned>(&mut self, field: &str) -> Option<T> {
        let value = self.fields.remove(field)?;
        match serde_json::from_value(value.clone()) {
            Ok(typed) => Some(typed),
            Err(_) => {
                self.fields.insert(field.to_owned(), value);
                None
            }
        }
    }

    /// Takes every remaining stashed field.
    pub(crate) fn drain(&mut self) -> Map<String, Value> {
        std::mem::take(&mut self.fields)
    }

    /// Puts back what was not restored.
    pub(crate) fn finish(self, extra: &mut Extra) {
        for (field, value) in self.fields {
            stash_insert(extra, self.owner, &field, value);
        }
    }
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
        let mut cx = Cx::new(true);
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
        let mut restore = Restore::take(&mut extra, ApiVersion::V1);
        assert_eq!(restore.get::<bool>("public"), Some(true));
        restore.finish(&mut extra);
        assert!(extra.is_empty());
    }

    #[test]
    fn slugs() {
        assert_eq!(slug("Production EU"), "production-eu");
        assert_eq!(slug("  staging__2 "), "staging-2");
    }
}
