//! Wire-exact serde models of the Versori connection API, in all three versions it has shipped.
//!
//! - [`v1alpha1`]: a *Connection* defines an external system; its *Environments* hold credentials.
//! - [`v1`]: the same tree renamed: *Connector* holds *Connections*.
//! - [`v2`]: a *System* is linked into projects through *ConnectionTemplates*; *Connections* are
//!   organisation-level resources.
//!
//! Every type reads exactly what the API writes and writes it back unchanged: JSON names as the
//! API spells them, unknown keys kept in each object's `extra`, unknown enum values kept in an
//! `Unknown` variant, absent/`null`/`[]` kept distinct where the API gives them different
//! meanings, and secrets in a [`Secret`] that never prints. [`Document`] reads any supported
//! kind, declared or detected from its shape, and [`de`] decodes with a [`Pointer`] to what
//! failed.
//!
//! ```
//! use versori_model::{ApiVersion, Document, Kind};
//!
//! let json = serde_json::json!({
//!     "schemeType": "api-key", "id": "shopify-token", "description": "Admin API token",
//!     "name": "X-Shopify-Access-Token", "in": "header"
//! });
//! let doc = Document::read(json.clone()).unwrap();
//! assert_eq!((doc.api_version(), doc.kind()), (ApiVersion::V1, Kind::AuthSchemeConfig));
//! assert_eq!(doc.to_value().unwrap(), json);
//! ```
#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

#[cfg(feature = "proptest")]
#[cfg_attr(docsrs, doc(cfg(feature = "proptest")))]
pub mod arbitrary;
pub mod common;
pub mod de;
mod fields;
pub mod json;
mod pointer;
pub mod scan;
mod secrets;

pub mod v1;
pub mod v1alpha1;
pub mod v2;

pub use common::{Extra, Message, MessageSeverity, REDACTED, Secret, Timestamp};
pub use de::{DecodeError, DecodeErrorKind};

mod document;
pub use document::{
    ApiVersion, Candidate, DetectError, Document, Hint, Kind, NoSuchKind, ReadError,
};
pub use fields::Fields;
pub use pointer::{Pointer, PointerError, Token};
pub use secrets::secrets;
