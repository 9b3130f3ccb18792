#![doc = include_str!("../README.md")]
#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

/// Migration between API versions (the `versori-migrate` crate).
pub use versori_migrate as migrate;
/// Wire-exact serde models of every version (the `versori-model` crate).
pub use versori_model as model;
/// JSON Schemas of every version and kind, exported from the models (the `versori-schema` crate).
pub use versori_schema as schema;
/// Documents stored in PostgreSQL: validate and migrate them in place (the `versori-store`
/// crate; feature `store`).
#[cfg(feature = "store")]
#[cfg_attr(docsrs, doc(cfg(feature = "store")))]
pub use versori_store as store;
pub use versori_validate as validate;
