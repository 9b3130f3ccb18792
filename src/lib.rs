#![doc = include_str!("../README.md")]
#![deny(missing_docs)]

/// Wire-exact serde models of every version (the `versori-model` crate).
pub use versori_model as model;
