//! The workspace's cross-crate tests, in one binary (one link instead of seven).
//!
//! Regenerate every committed golden file and schema with `BLESS=1 cargo test -p versori --test
//! it` and review the diff.

mod exact_numbers;
mod fast_path;
mod fixtures_roundtrip;
mod migrate_golden;
mod migrate_props;
mod migrate_regressions;
mod mutation_props;
mod reproducers;
mod roundtrip_props;
mod schema_export;
mod validate_props;
mod validate_rules;

/// Whether the run should rewrite committed golden files and schemas instead of comparing.
pub(crate) fn bless() -> bool {
    std::env::var_os("BLESS").is_some_and(|v| v == "1")
}
