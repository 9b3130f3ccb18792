//! Building blocks shared by the per-version strategies: identifiers, names, URLs, secrets,
//! timestamps, messages and `extra` maps.
//!
//! Every strategy here produces values that are valid by the API's rules on their own (absolute
//! `https://` URLs, RFC 3339 UTC timestamps ending in `Z`, secrets that are never the `******`
//! mask, `extra` keys that start with `x-` and so can never be a real field name).

use std::collections::BTreeSet;

use proptest::collection::{btree_map, vec};
use proptest::option;
use proptest::prelude::*;
use proptest::sample::select;
use serde_json::Value;

use crate::common::{Extra, Message, MessageSeverity, Secret, Timestamp};

/// Crockford's base32 alphabet, as ULIDs use it.
const CROCKFORD: &[u8] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// 2020-01-01T00:00:00Z.
const EPOCH_2020: i64 = 1_577_836_800;
/// 2025-06-01T00:00:00Z.
const EPOCH_2025_06: i64 = 1_748_736_000;
/// 2030-01-01T00:00:00Z.
const EPOCH_2030: i64 = 1_893_456_000;
/// 2036-01-01T00:00:00Z.
const EPOCH_2036: i64 = 2_082_758_400;
/// Three years, in seconds.
const THREE_YEARS: i64 = 3 * 365 * 24 * 3600;

/// A ULID-shaped identifier: 26 Crockford base32 characters, the first one `0`-`7`.
pub fn ulid() -> BoxedStrategy<String> {
    "[0-7][0-9A-HJKMNP-TV-Z]{25}".boxed()
}

/// An identifier a client might pick for an auth scheme config: a ULID or a short kebab-case
/// word such as `oauth2-code` or `client` (real responses use both).
pub fn config_id() -> BoxedStrategy<String> {
    prop_oneof![
        2 => ulid(),
        1 => select(vec!["client", "oauth2-code", "primary", "webhook", "api-key", "mtls"])
            .prop_map(str::to_owned),
        1 => "[a-z]{3,8}(-[a-z]{2,6})?",
    ]
    .boxed()
}

/// A human display name, e.g. `Shopify Admin`.
pub fn display_name() -> BoxedStrategy<String> {
    "[A-Z][a-z]{2,9}( [A-Z][a-z]{1,8})?".boxed()
}

/// A short free-text description.
pub fn description() -> BoxedStrategy<String> {
    "[A-Z][a-z]{2,8}( [a-z]{2,8}){0,4}".boxed()
}

/// A variable or parameter name, e.g. `shop_domain`.
pub fn variable_name() -> BoxedStrategy<String> {
    "[a-z][a-z0-9]{1,7}(_[a-z0-9]{1,6})?".boxed()
}

/// A plain string value (variables, usernames, client ids).
pub fn plain_value() -> BoxedStrategy<String> {
    "[A-Za-z0-9._-]{1,16}".boxed()
}

/// An absolute `https://` URL with a host under `example.com` and a short path.
pub fn https_url() -> BoxedStrategy<String> {
    "https://[a-z]{2,10}\\.example\\.com(/[a-z0-9]{1,8}){0,2}".boxed()
}

/// A secret value: never empty and never the `******` mask.
pub fn secret() -> BoxedStrategy<Secret> {
    "[A-Za-z0-9_-]{12,32}".prop_map(Secret::new).boxed()
}

/// A secret holding valid base64 (padded) of 1 to 24 random bytes.
pub fn base64_secret() -> BoxedStrategy<Secret> {
    vec(any::<u8>(), 1..24)
        .prop_map(|bytes| Secret::new(base64(&bytes)))
        .boxed()
}

/// A PEM block with the given label (`CERTIFICATE`, `PRIVATE KEY`, ...) around random bytes.
pub fn pem(label: &'static str) -> BoxedStrategy<String> {
    vec(any::<u8>(), 16..48)
        .prop_map(move |bytes| {
            format!(
                "-----BEGIN {label}-----\n{}\n-----END {label}-----\n",
                base64(&bytes)
            )
        })
        .boxed()
}

/// A BigQuery dataset id, `<project>.<dataset>`.
pub fn dataset_id() -> BoxedStrategy<String> {
    "[a-z][a-z0-9-]{3,12}\\.[a-z][a-z0-9_]{2,12}".boxed()
}

/// A form-encoded parameter string, e.g. `prompt=consent&audience=api`.
pub fn form_params() -> BoxedStrategy<String> {
    vec(("[a-z_]{2,10}", "[a-z0-9]{1,10}"), 1..3)
        .prop_map(|pairs| {
            pairs
                .into_iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join("&")
        })
        .boxed()
}

/// An OAuth 2.0 scope name, e.g. `read_orders` or `crm.objects.read`.
pub fn scope_name() -> BoxedStrategy<String> {
    prop_oneof![
        "[a-z]{3,8}_[a-z]{3,8}",
        "[a-z]{3,6}\\.[a-z]{3,8}\\.(read|write)",
        Just("offline_access".to_owned()),
    ]
    .boxed()
}

/// Standard base64 with padding.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// A span of time, in seconds since the Unix epoch, that a resource and its children live in.
///
/// A top-level resource is created at `start` and last updated at `end`; every child is created
/// and updated inside the window, so `createdAt <= updatedAt` holds everywhere and no child
/// postdates its parent's `updatedAt`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Window {
    /// When the resource was created.
    pub start: i64,
    /// When the resource was last updated (`>= start`).
    pub end: i64,
}

impl Window {
    /// The instant `fraction / u32::MAX` of the way from `from` to `self.end`.
    fn at(self, from: i64, fraction: u32) -> i64 {
        let span = i128::from(self.end - from);
        from + i64::try_from(span * i128::from(fraction) / i128::from(u32::MAX)).unwrap_or(0)
    }

    /// A `(createdAt, updatedAt)` pair inside the window, from two fractions of it.
    pub fn stamps(self, created: u32, updated: u32) -> (Timestamp, Timestamp) {
        let c = self.at(self.start, created);
        let u = self.at(c, updated);
        (timestamp(c), timestamp(u))
    }

    /// The window's own `(createdAt, updatedAt)`.
    pub fn bounds(self) -> (Timestamp, Timestamp) {
        (timestamp(self.start), timestamp(self.end))
    }

    /// The window of a child created and updated at the given fractions of this one.
    pub fn child(self, created: u32, updated: u32) -> Window {
        let start = self.at(self.start, created);
        Window {
            start,
            end: self.at(start, updated),
        }
    }
}

/// A window starting between 2020-01-01 and 2025-06-01 and lasting up to three years.
pub fn window() -> BoxedStrategy<Window> {
    (EPOCH_2020..EPOCH_2025_06, 0..THREE_YEARS)
        .prop_map(|(start, len)| Window {
            start,
            end: start + len,
        })
        .boxed()
}

/// A `(createdAt, updatedAt)` pair inside `window`.
pub fn stamps(window: Window) -> BoxedStrategy<(Timestamp, Timestamp)> {
    (any::<u32>(), any::<u32>())
        .prop_map(move |(c, u)| window.stamps(c, u))
        .boxed()
}

/// A child window inside `window`.
pub fn child_window(window: Window) -> BoxedStrategy<Window> {
    (any::<u32>(), any::<u32>())
        .prop_map(move |(c, u)| window.child(c, u))
        .boxed()
}

/// An RFC 3339 UTC timestamp ending in `Z`, at whole seconds.
pub fn timestamp(secs: i64) -> Timestamp {
    let at = chrono::DateTime::from_timestamp(secs, 0).unwrap_or_default();
    Timestamp::new(at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
}

/// A timestamp in the future: between 2030-01-01 and 2036-01-01 (`expiresAt`).
pub fn future_timestamp() -> BoxedStrategy<Timestamp> {
    (EPOCH_2030..EPOCH_2036).prop_map(timestamp).boxed()
}

/// An unknown key for an `extra` map: always prefixed `x-`, so never a real field name.
pub fn extension_key() -> BoxedStrategy<String> {
    prop_oneof![
        select(vec![
            "x-team", "x-owner", "x-source", "x-note", "x-rank", "x-flags"
        ])
        .prop_map(str::to_owned),
        "x-[a-z]{2,8}",
    ]
    .boxed()
}

/// A small JSON value: a string, number, bool, null, or a small object of those.
pub fn simple_json() -> BoxedStrategy<Value> {
    let leaf = prop_oneof![
        "[a-zA-Z0-9 é]{0,12}".prop_map(Value::from),
        (-1000i64..1000).prop_map(Value::from),
        (-1000i32..1000).prop_map(|n| Value::from(f64::from(n) / 4.0)),
        any::<bool>().prop_map(Value::from),
        Just(Value::Null),
    ]
    .boxed();
    prop_oneof![
        4 => leaf.clone(),
        1 => btree_map("[a-z]{1,6}", leaf, 0..=2)
            .prop_map(|map| Value::Object(map.into_iter().collect())),
    ]
    .boxed()
}

/// An `extra` map: mostly empty, sometimes one or two `x-` keys with small JSON values.
pub fn extra() -> BoxedStrategy<Extra> {
    prop_oneof![
        5 => Just(Extra::new()),
        1 => btree_map(extension_key(), simple_json(), 1..=2),
    ]
    .boxed()
}

/// A wire [`Message`] of severity `info` or `warning` (validation messages a valid document may
/// carry).
pub fn message() -> BoxedStrategy<Message> {
    (
        description(),
        select(vec![MessageSeverity::Info, MessageSeverity::Warning]),
        option::weighted(0.3, vec(description(), 0..3)),
        extra(),
    )
        .prop_map(|(text, severity, detail, extra)| Message {
            text,
            severity,
            detail,
            extra,
        })
        .boxed()
}

/// `validationMessages`: mostly absent, sometimes `[]` or a message or two.
pub fn validation_messages() -> BoxedStrategy<Option<Vec<Message>>> {
    option::weighted(0.25, vec(message(), 0..3)).boxed()
}

/// Credential `errors`: absent (not validated) or `[]` (valid).
pub fn credential_errors() -> BoxedStrategy<Option<Vec<String>>> {
    prop_oneof![Just(None), Just(Some(Vec::new()))].boxed()
}

/// Whether `text` looks like a ULID (26 Crockford base32 characters).
fn is_ulid(text: &str) -> bool {
    text.len() == 26 && text.bytes().all(|b| CROCKFORD.contains(&b))
}

/// `base` changed so it differs for each `n`, keeping a ULID a ULID.
fn bump(base: &str, n: usize) -> String {
    if is_ulid(base) {
        let mut tail = String::new();
        let mut rest = n;
        for _ in 0..4 {
            tail.insert(0, char::from(CROCKFORD[rest % 32]));
            rest /= 32;
        }
        format!("{}{tail}", &base[..22])
    } else {
        format!("{base}-{n}")
    }
}

/// Makes the given strings pairwise distinct, changing later duplicates only (ULIDs stay
/// ULIDs; other strings get a `-N` suffix). Generated arrays use it for ids and names that
/// must be unique, so shrinking can never produce duplicates.
pub fn make_unique<'a>(values: impl IntoIterator<Item = &'a mut String>) {
    let mut seen = BTreeSet::new();
    for value in values {
        if seen.contains(value.as_str()) {
            let base = value.clone();
            let mut n = 2;
            while seen.contains(&bump(&base, n)) {
                n += 1;
            }
            *value = bump(&base, n);
        }
        seen.insert(value.clone());
    }
}

/// Keeps the names in `names` whose mask bit is set (a subset, in order).
pub fn subset(names: &[String], mask: &[bool]) -> Vec<String> {
    names
        .iter()
        .zip(mask.iter().chain(std::iter::repeat(&false)))
        .filter(|(_, keep)| **keep)
        .map(|(name, _)| name.clone())
        .collect()
}

/// The kebab-case slug of a name (`Production EU` -> `production-eu`).
pub fn slug(name: &str) -> String {
    name.split_whitespace()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join("-")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_pads() {
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foob"), "Zm9vYg==");
    }

    #[test]
    fn make_unique_keeps_ulids_ulids() {
        let mut a = "01HQWQ9NRAV5Y50J2M8SAEBH06".to_owned();
        let mut b = a.clone();
        let mut c = "client".to_owned();
        let mut d = "client".to_owned();
        make_unique([&mut a, &mut b, &mut c, &mut d]);
        assert_ne!(a, b);
        assert!(is_ulid(&b));
        assert_eq!(d, "client-2");
    }

    #[test]
    fn timestamps_are_utc_z() {
        assert_eq!(timestamp(EPOCH_2030).as_str(), "2030-01-01T00:00:00Z");
        let w = Window {
            start: EPOCH_2020,
            end: EPOCH_2020 + 100,
        };
        let (c, u) = w.stamps(u32::MAX, u32::MAX);
        assert!(c <= u);
        assert_eq!(u, timestamp(EPOCH_2020 + 100));
    }
}
