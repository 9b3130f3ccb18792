//! JSON Schemas (draft 2020-12) for every kind of every Versori API version, exported from the
//! `versori-model` types with schemars, so that editors can complete, describe and check the
//! documents people write by hand.
//!
//! - [`settings`] is the one schemars configuration: draft 2020-12, deserialize contract, and
//!   the named [`transform`]s, each with its reason and a before/after example.
//! - [`export`] gives one schema, [`export_all`] every schema of a variant with its relative
//!   path, [`write_all`] writes them and [`check`] compares a directory with a fresh export.
//!
//! Two variants of each schema:
//!
//! - **strict** (`<version>/<kind>.schema.json`): objects reject keys they do not declare and
//!   enums reject values they do not list, so typos are red in an editor. The library still
//!   reads such documents (unknown keys stay in `extra`, unknown values in `Unknown`) and
//!   validation reports them;
//! - **lenient** (`lenient/<version>/<kind>.schema.json`): for documents carrying fields or values
//!   newer than this release; it accepts unknown keys, enum values and tags, as serde does, and
//!   checks everything else like the strict one.
//!
//! Every file's `$id` is [`BASE_URI`] followed by its relative path, e.g.
//! `https://schemas.versori.dev/v1/connector.schema.json`. The `$id` names the schema; it is not
//! promised to be downloadable (point editors at the files, see `schemas/README.md`).
//!
//! ```
//! use versori_model::{ApiVersion, Kind};
//! use versori_schema::Variant;
//!
//! let schema = versori_schema::export(ApiVersion::V1, Kind::AuthSchemeConfig, Variant::Strict).unwrap();
//! assert_eq!(schema.as_value()["$id"], "https://schemas.versori.dev/v1/auth-scheme-config.schema.json");
//! assert_eq!(schema.as_value()["oneOf"][0]["properties"]["schemeType"]["const"], "none");
//! ```
#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod catalogue;
mod files;
mod settings;
pub mod transform;

use std::path::PathBuf;

use schemars::{JsonSchema, Schema};
use versori_model::{ApiVersion, Kind, NoSuchKind};

pub use files::{Drift, WriteError, Written, check, render, write_all};
pub use schemars;
pub use settings::settings;

use crate::catalogue::TypeVisitor;
use crate::transform::RootMetadata;

/// The prefix of every schema's `$id`; the relative path of the file follows it.
pub const BASE_URI: &str = "https://schemas.versori.dev/";

/// The subdirectory that holds the lenient schemas.
pub const LENIENT_DIR: &str = "lenient";

/// Which of the two schemas of a kind: strict (typos are errors) or lenient (newer documents
/// read), in the manner of schemars' settings enums.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Variant {
    /// Objects reject keys they do not declare and enums reject values they do not list.
    #[default]
    Strict,
    /// Unknown keys, enum values and tags are accepted, as the library reads them.
    Lenient,
}

impl Variant {
    /// Both variants, strict first.
    pub const ALL: &'static [Self] = &[Self::Strict, Self::Lenient];

    /// Whether this is [`Variant::Lenient`].
    pub const fn is_lenient(self) -> bool {
        matches!(self, Self::Lenient)
    }

    /// `strict` or `lenient`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Strict => "strict",
            Self::Lenient => "lenient",
        }
    }
}

impl std::fmt::Display for Variant {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where the schema of `version` and `kind` lives, relative to the schema directory:
/// `<version>/<kind>.schema.json`, under `lenient/` for the lenient variant.
pub fn relative_path(version: ApiVersion, kind: Kind, variant: Variant) -> PathBuf {
    let mut path = PathBuf::new();
    if variant.is_lenient() {
        path.push(LENIENT_DIR);
    }
    path.push(version.to_string());
    path.push(format!("{kind}.schema.json"));
    path
}

/// The `$id` of the schema of `version` and `kind`.
pub fn schema_id(version: ApiVersion, kind: Kind, variant: Variant) -> String {
    let prefix = if variant.is_lenient() {
        format!("{LENIENT_DIR}/")
    } else {
        String::new()
    };
    format!("{BASE_URI}{prefix}{version}/{kind}.schema.json")
}

/// The schema of one version and kind, strict or lenient.
pub fn export(version: ApiVersion, kind: Kind, variant: Variant) -> Result<Schema, NoSuchKind> {
    struct Generate(ApiVersion, Variant);
    impl TypeVisitor for Generate {
        type Output = Schema;
        fn visit<T: JsonSchema>(self) -> Schema {
            settings(self.0, self.1)
                .into_generator()
                .into_root_schema_for::<T>()
        }
    }
    NoSuchKind::check(version, kind)?;
    let Some(mut schema) = catalogue::visit(version, kind, Generate(version, variant)) else {
        unreachable!("the catalogue has every kind `ApiVersion::kinds` lists ({version} {kind})")
    };
    let type_name = schema
        .get("title")
        .and_then(|t| t.as_str())
        .unwrap_or_default()
        .to_owned();
    let strict_path = relative_path(version, kind, Variant::Strict);
    let strict_path = strict_path.to_string_lossy().replace('\\', "/");
    let (title, note) = if variant.is_lenient() {
        (
            format!("Versori {version} {type_name} (lenient)"),
            format!(
                "Lenient schema of a `{version}` `{kind}` document: as `{strict_path}`, but keys, \
                 enum values and tags this release does not know are accepted, as the library \
                 reads them. For documents written against a newer API release."
            ),
        )
    } else {
        (
            format!("Versori {version} {type_name}"),
            format!(
                "Strict schema of a `{version}` `{kind}` document: keys and enum values this \
                 release does not know are errors (the library still reads them, and validation \
                 reports them). Documents from a newer API release: `{LENIENT_DIR}/{strict_path}`."
            ),
        )
    };
    schemars::transform::Transform::transform(
        &mut RootMetadata {
            id: schema_id(version, kind, variant),
            title,
            note,
        },
        &mut schema,
    );
    Ok(schema)
}

/// Every schema of one variant, with its path relative to the schema directory (see
/// [`relative_path`]), in version order and then each version's kind order.
pub fn export_all(variant: Variant) -> Vec<(PathBuf, Schema)> {
    ApiVersion::ALL
        .iter()
        .flat_map(|version| version.kinds().iter().map(move |kind| (*version, *kind)))
        .map(|(version, kind)| {
            let schema = export(version, kind, variant)
                .unwrap_or_else(|err| panic!("the catalogue lacks a listed kind: {err}"));
            (relative_path(version, kind, variant), schema)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    #[test]
    fn every_listed_kind_exports_and_others_do_not() {
        for version in ApiVersion::ALL.iter().copied() {
            for kind in <Kind as strum::IntoEnumIterator>::iter() {
                let listed = version.kinds().contains(&kind);
                assert_eq!(
                    export(version, kind, Variant::Strict).is_ok(),
                    listed,
                    "{version} {kind}"
                );
            }
        }
        assert!(
            export(ApiVersion::V2, Kind::Environment, Variant::Lenient)
                .unwrap_err()
                .to_string()
                .starts_with("v2 has no kind `environment`")
        );
    }

    #[test]
    fn paths_and_ids_follow_version_and_kind() {
        let strict = relative_path(
            ApiVersion::V1alpha1,
            Kind::ConnectionUpdate,
            Variant::Strict,
        );
        assert_eq!(strict, Path::new("v1alpha1/connection-update.schema.json"));
        let lenient = relative_path(ApiVersion::V2, Kind::SystemExport, Variant::Lenient);
        assert_eq!(lenient, Path::new("lenient/v2/system-export.schema.json"));
        assert_eq!(
            schema_id(ApiVersion::V2, Kind::SystemExport, Variant::Lenient),
            "https://schemas.versori.dev/lenient/v2/system-export.schema.json"
        );
        assert_eq!(export_all(Variant::Strict).len(), 17);
    }

    #[test]
    fn export_is_deterministic() {
        for variant in Variant::ALL.iter().copied() {
            let once: Vec<String> = export_all(variant).iter().map(|(_, s)| render(s)).collect();
            let twice: Vec<String> = export_all(variant).iter().map(|(_, s)| render(s)).collect();
            assert_eq!(once, twice);
        }
    }
}
