//! The rules, one module per version, as plain functions over the typed model.
//!
//! Every rule takes a [`Ctx`], which knows where in the document it is. A rule descends with
//! [`Ctx::at`] (one JSON name or array index at a time, always the wire name from [`names`]),
//! reports with [`Ctx::report`], and never returns early: every problem in the document is
//! reported, in the order the walk meets it (the model's field order, arrays in index order).

pub(crate) mod common;
pub(crate) mod names;
pub(crate) mod v1;
pub(crate) mod v1alpha1;
pub(crate) mod v2;

use chrono::{DateTime, Utc};

use crate::{Code, Pointer, Report, Severity, ValidateOptions, ValidationMessage};
use versori_model::Token;

/// Where a rule is in the document, and what it has found so far.
pub(crate) struct Ctx {
    path: Pointer,
    messages: Vec<ValidationMessage>,
    now: DateTime<Utc>,
    /// The document is a request body: read-only fields in it are ignored by the API.
    request: bool,
    /// Inside a payload that creates a credential: a masked secret would be stored as the mask.
    creating: bool,
}

impl Ctx {
    pub(crate) fn new(opts: &ValidateOptions, request: bool) -> Self {
        Self {
            path: Pointer::root(),
            messages: Vec::new(),
            now: opts.now,
            request,
            creating: false,
        }
    }

    /// Runs `f` one level deeper, at `token` (a JSON name or an array index).
    pub(crate) fn at(&mut self, token: impl Token, f: impl FnOnce(&mut Self)) {
        self.path.push(token);
        f(self);
        self.path.remove_last();
    }

    /// Runs `f` on every item of the array at `key`, each at its index.
    pub(crate) fn each<'t, T>(
        &mut self,
        key: &str,
        items: &'t [T],
        mut f: impl FnMut(&mut Self, usize, &'t T),
    ) {
        self.at(key, |cx| {
            for (index, item) in items.iter().enumerate() {
                cx.at(index, |cx| f(cx, index, item));
            }
        });
    }

    /// [`Ctx::each`] for an array that may be absent.
    pub(crate) fn each_opt<'t, T>(
        &mut self,
        key: &str,
        items: Option<&'t Vec<T>>,
        f: impl FnMut(&mut Self, usize, &'t T),
    ) {
        if let Some(items) = items {
            self.each(key, items, f);
        }
    }

    /// Runs `f` at `key` when the value is present.
    pub(crate) fn opt<'t, T>(
        &mut self,
        key: &str,
        value: Option<&'t T>,
        f: impl FnOnce(&mut Self, &'t T),
    ) {
        if let Some(value) = value {
            self.at(key, |cx| f(cx, value));
        }
    }

    /// Runs `f` inside a payload that creates credentials.
    pub(crate) fn creating(&mut self, f: impl FnOnce(&mut Self)) {
        let was = std::mem::replace(&mut self.creating, true);
        f(self);
        self.creating = was;
    }

    /// Reports a problem with the value at the current path.
    pub(crate) fn report(
        &mut self,
        code: Code,
        severity: Severity,
        text: impl Into<String>,
    ) -> &mut ValidationMessage {
        self.messages.push(ValidationMessage::new(
            code,
            severity,
            self.path.clone(),
            text,
        ));
        // Just pushed, so never empty.
        self.messages.last_mut().expect("a message was just pushed")
    }

    /// Reports a problem with the value (or missing key) at `token` below the current path.
    pub(crate) fn report_at(
        &mut self,
        token: impl Token,
        code: Code,
        severity: Severity,
        text: impl Into<String>,
    ) -> &mut ValidationMessage {
        let path = self.path.join(token);
        self.messages
            .push(ValidationMessage::new(code, severity, path, text));
        self.messages.last_mut().expect("a message was just pushed")
    }

    /// Reports a problem at an arbitrary path.
    pub(crate) fn report_path(
        &mut self,
        path: Pointer,
        code: Code,
        severity: Severity,
        text: impl Into<String>,
    ) -> &mut ValidationMessage {
        self.messages
            .push(ValidationMessage::new(code, severity, path, text));
        self.messages.last_mut().expect("a message was just pushed")
    }

    /// The current path.
    pub(crate) fn path(&self) -> &Pointer {
        &self.path
    }

    /// "Now", for `expiresAt`.
    pub(crate) fn now(&self) -> DateTime<Utc> {
        self.now
    }

    /// Whether the document is a request body.
    pub(crate) fn is_request(&self) -> bool {
        self.request
    }

    /// Whether the walk is inside a payload that creates credentials.
    pub(crate) fn is_creating(&self) -> bool {
        self.creating
    }

    /// The messages, in the order they were found.
    pub(crate) fn finish(self) -> Report {
        Report::from(self.messages)
    }
}
