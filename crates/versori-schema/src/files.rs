//! Writing the exported schemas to a directory and checking a directory against a fresh export.

use std::collections::BTreeMap;
use std::fs;
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};

use schemars::Schema;
use serde_json::{Map, Value};

use crate::{LENIENT_DIR, Variant, export_all};

/// The text of a schema file: pretty JSON with keys sorted at every level, and a trailing
/// newline. Byte-identical for identical schemas, whatever `serde_json` features are enabled.
pub fn render(schema: &Schema) -> String {
    let mut text = serde_json::to_string_pretty(&sorted(schema.as_value()))
        .expect("a JSON value always serializes");
    text.push('\n');
    text
}

fn sorted(value: &Value) -> Value {
    match value {
        Value::Object(object) => {
            let ordered: BTreeMap<&String, Value> =
                object.iter().map(|(k, v)| (k, sorted(v))).collect();
            Value::Object(
                ordered
                    .into_iter()
                    .map(|(k, v)| (k.clone(), v))
                    .collect::<Map<_, _>>(),
            )
        }
        Value::Array(items) => Value::Array(items.iter().map(sorted).collect()),
        other => other.clone(),
    }
}

/// A file could not be written.
#[derive(Debug, thiserror::Error)]
#[error("cannot write {}: {source}", path.display())]
pub struct WriteError {
    /// The file (or directory) that failed.
    pub path: PathBuf,
    /// The I/O error.
    #[source]
    pub source: io::Error,
}

/// What [`write_all`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Written {
    /// Files created or changed.
    pub changed: Vec<PathBuf>,
    /// Files that already held exactly the fresh export (left untouched).
    pub unchanged: Vec<PathBuf>,
    /// `*.schema.json` files in the written tree that this release does not produce (left in
    /// place; [`check`] reports them as [`Drift::Extra`]).
    pub stale: Vec<PathBuf>,
}

/// Writes every schema of one variant under `dir`: strict to `dir/<version>/<kind>.schema.json`,
/// lenient to `dir/lenient/<version>/<kind>.schema.json`.
///
/// Each file is written atomically (a temporary file in the same directory, then a rename), and
/// only when its content changes. Files this release does not produce are never deleted; they
/// are listed in [`Written::stale`].
pub fn write_all(dir: impl AsRef<Path>, variant: Variant) -> Result<Written, WriteError> {
    let dir = dir.as_ref();
    let mut written = Written::default();
    let expected = export_all(variant);
    for (relative, schema) in &expected {
        let path = dir.join(relative);
        let text = render(schema);
        if fs::read(&path).is_ok_and(|old| old == text.as_bytes()) {
            written.unchanged.push(path);
            continue;
        }
        write_atomically(&path, text.as_bytes())?;
        written.changed.push(path);
    }
    written.stale = extra_files(dir, variant, &expected)
        .map_err(|(path, source)| WriteError { path, source })?;
    Ok(written)
}

fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    let fail = |path: &Path| {
        let path = path.to_owned();
        move |source| WriteError { path, source }
    };
    let parent = path.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(parent).map_err(fail(parent))?;
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let temporary = parent.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = fs::File::create(&temporary)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        fs::rename(&temporary, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temporary);
    }
    result.map_err(fail(path))
}

/// How a schema directory differs from a fresh export.
#[derive(Debug, thiserror::Error)]
pub enum Drift {
    /// The file's content is not the fresh export's.
    #[error("{}: differs from a fresh export", path.display())]
    Differs {
        /// The file.
        path: PathBuf,
    },
    /// The file is missing.
    #[error("{}: missing", path.display())]
    Missing {
        /// The file that should exist.
        path: PathBuf,
    },
    /// A `*.schema.json` file this release does not produce.
    #[error("{}: not produced by this release", path.display())]
    Extra {
        /// The file.
        path: PathBuf,
    },
    /// The file or directory could not be read.
    #[error("{}: cannot read: {source}", path.display())]
    Unreadable {
        /// The file or directory.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: io::Error,
    },
}

impl Drift {
    /// The file the drift is about.
    pub fn path(&self) -> &Path {
        match self {
            Self::Differs { path }
            | Self::Missing { path }
            | Self::Extra { path }
            | Self::Unreadable { path, .. } => path,
        }
    }

    /// Whether this is an I/O failure rather than a difference.
    pub fn is_io(&self) -> bool {
        matches!(self, Self::Unreadable { .. })
    }
}

/// Compares the schemas of one variant under `dir` (laid out as [`write_all`] writes them) with
/// a fresh export, naming every file that differs, is missing, or is extra (a `*.schema.json`
/// file in the variant's tree that this release does not produce), in path order.
pub fn check(dir: impl AsRef<Path>, variant: Variant) -> Result<(), Vec<Drift>> {
    let dir = dir.as_ref();
    let expected = export_all(variant);
    let mut drifts = Vec::new();
    for (relative, schema) in &expected {
        let path = dir.join(relative);
        match fs::read(&path) {
            Ok(bytes) if bytes == render(schema).as_bytes() => {}
            Ok(_) => drifts.push(Drift::Differs { path }),
            Err(err) if err.kind() == io::ErrorKind::NotFound => {
                drifts.push(Drift::Missing { path })
            }
            Err(source) => drifts.push(Drift::Unreadable { path, source }),
        }
    }
    match extra_files(dir, variant, &expected) {
        Ok(extra) => drifts.extend(extra.into_iter().map(|path| Drift::Extra { path })),
        Err((path, source)) => drifts.push(Drift::Unreadable { path, source }),
    }
    drifts.sort_by(|a, b| a.path().cmp(b.path()));
    if drifts.is_empty() {
        Ok(())
    } else {
        Err(drifts)
    }
}

/// The `*.schema.json` files of a variant's tree that are not in `expected`. The strict tree is
/// `dir` without its `lenient` subdirectory; the lenient tree is `dir/lenient`.
fn extra_files(
    dir: &Path,
    variant: Variant,
    expected: &[(PathBuf, Schema)],
) -> Result<Vec<PathBuf>, (PathBuf, io::Error)> {
    let root = if variant.is_lenient() {
        dir.join(LENIENT_DIR)
    } else {
        dir.to_owned()
    };
    let mut found = Vec::new();
    let skip = (!variant.is_lenient()).then(|| dir.join(LENIENT_DIR));
    collect_schema_files(&root, skip.as_deref(), &mut found)?;
    found.retain(|path| {
        !expected
            .iter()
            .any(|(relative, _)| dir.join(relative) == *path)
    });
    found.sort();
    Ok(found)
}

fn collect_schema_files(
    dir: &Path,
    skip: Option<&Path>,
    out: &mut Vec<PathBuf>,
) -> Result<(), (PathBuf, io::Error)> {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(err) => return Err((dir.to_owned(), err)),
    };
    for entry in entries {
        let entry = entry.map_err(|err| (dir.to_owned(), err))?;
        let path = entry.path();
        let file_type = entry.file_type().map_err(|err| (path.clone(), err))?;
        if file_type.is_dir() {
            if Some(path.as_path()) != skip {
                collect_schema_files(&path, skip, out)?;
            }
        } else if path.to_string_lossy().ends_with(".schema.json") {
            out.push(path);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;

    /// A fresh directory under the system temp dir, removed on drop.
    struct TempDir(PathBuf);

    impl TempDir {
        fn new() -> Self {
            static NEXT: AtomicUsize = AtomicUsize::new(0);
            let path = std::env::temp_dir().join(format!(
                "versori-schema-{}-{}",
                std::process::id(),
                NEXT.fetch_add(1, Ordering::Relaxed)
            ));
            let _ = fs::remove_dir_all(&path);
            fs::create_dir_all(&path).unwrap();
            Self(path)
        }
    }

    impl Drop for TempDir {
        fn drop(&mut self) {
            let _ = fs::remove_dir_all(&self.0);
        }
    }

    fn kinds(drifts: &[Drift]) -> Vec<(&'static str, String)> {
        drifts
            .iter()
            .map(|d| {
                let kind = match d {
                    Drift::Differs { .. } => "differs",
                    Drift::Missing { .. } => "missing",
                    Drift::Extra { .. } => "extra",
                    Drift::Unreadable { .. } => "unreadable",
                };
                (kind, d.path().file_name().unwrap().to_string_lossy().into())
            })
            .collect()
    }

    #[test]
    fn written_files_check_clean_and_rewrite_nothing() {
        let dir = TempDir::new();
        let first = write_all(&dir.0, Variant::Strict).unwrap();
        assert_eq!(first.changed.len(), 17);
        assert!(first.unchanged.is_empty() && first.stale.is_empty());
        check(&dir.0, Variant::Strict).unwrap();
        let second = write_all(&dir.0, Variant::Strict).unwrap();
        assert!(second.changed.is_empty());
        assert_eq!(second.unchanged.len(), 17);
        // The lenient tree is separate: not written yet, so every file is missing.
        let missing = check(&dir.0, Variant::Lenient).unwrap_err();
        assert_eq!(missing.len(), 17);
        assert!(missing.iter().all(|d| matches!(d, Drift::Missing { .. })));
        write_all(&dir.0, Variant::Lenient).unwrap();
        check(&dir.0, Variant::Lenient).unwrap();
        check(&dir.0, Variant::Strict).unwrap();
        let text = fs::read_to_string(dir.0.join("v1/connector.schema.json")).unwrap();
        assert!(text.ends_with("}\n") && !text.ends_with("\n\n"));
        // No temporary files are left behind.
        let leftovers: Vec<_> = fs::read_dir(dir.0.join("v1"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name.starts_with('.'))
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
    }

    #[test]
    fn check_names_every_changed_missing_and_extra_file() {
        let dir = TempDir::new();
        write_all(&dir.0, Variant::Strict).unwrap();
        fs::write(dir.0.join("v1/connector.schema.json"), "{}\n").unwrap();
        fs::remove_file(dir.0.join("v2/system.schema.json")).unwrap();
        fs::create_dir_all(dir.0.join("v3")).unwrap();
        fs::write(dir.0.join("v3/gadget.schema.json"), "{}\n").unwrap();
        fs::write(dir.0.join("README.md"), "not a schema\n").unwrap();
        let drifts = check(&dir.0, Variant::Strict).unwrap_err();
        assert_eq!(
            kinds(&drifts),
            [
                ("differs", "connector.schema.json".to_owned()),
                ("missing", "system.schema.json".to_owned()),
                ("extra", "gadget.schema.json".to_owned()),
            ]
        );
        assert_eq!(
            drifts[0].to_string(),
            format!(
                "{}: differs from a fresh export",
                dir.0.join("v1/connector.schema.json").display()
            )
        );
        // Rewriting repairs the changed and missing files and reports the stale one.
        let written = write_all(&dir.0, Variant::Strict).unwrap();
        assert_eq!(written.changed.len(), 2);
        assert_eq!(written.stale, [dir.0.join("v3/gadget.schema.json")]);
        assert_eq!(check(&dir.0, Variant::Strict).unwrap_err().len(), 1);
    }

    #[test]
    fn strict_and_lenient_trees_do_not_see_each_other() {
        let dir = TempDir::new();
        write_all(&dir.0, Variant::Strict).unwrap();
        write_all(&dir.0, Variant::Lenient).unwrap();
        fs::write(dir.0.join("lenient/v1/extra.schema.json"), "{}\n").unwrap();
        check(&dir.0, Variant::Strict).unwrap();
        let drifts = check(&dir.0, Variant::Lenient).unwrap_err();
        assert_eq!(kinds(&drifts), [("extra", "extra.schema.json".to_owned())]);
    }

    #[test]
    fn rendering_sorts_keys_at_every_level() {
        let schema = Schema::try_from(serde_json::json!({
            "b": 1, "a": { "d": [{ "z": 1, "y": 2 }], "c": 3 }
        }))
        .unwrap();
        assert_eq!(
            render(&schema),
            "{\n  \"a\": {\n    \"c\": 3,\n    \"d\": [\n      {\n        \"y\": 2,\n        \"z\": 1\n      }\n    ]\n  },\n  \"b\": 1\n}\n"
        );
    }
}
