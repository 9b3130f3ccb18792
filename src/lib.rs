//! Facade over the Versori workspace crates.
pub use versori_model as model;
