//! The `versori` binary end to end, in one test binary. `BLESS=1` rewrites the golden files.

mod cli;
mod migrate_verb;
mod verbs;
