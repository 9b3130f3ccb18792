//! The `versori` binary end to end, in one test binary. `BLESS=1` rewrites the golden files.

mod cli;
mod input;
mod verbs;
