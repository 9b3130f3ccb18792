//! [`Document`]: any supported kind of any version, read by declared version and kind or by
//! detecting them from the document's shape.

use std::fmt;

use serde::Serialize;
use serde_json::Value;

use crate::de::{self, DecodeError};
use crate::{v1, v1alpha1, v2};

/// An API version, ordered by release: `v1alpha1 < v1 < v2`.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    strum::EnumString,
    strum::Display,
    strum::EnumIter,
    strum::IntoStaticStr,
    strum::VariantNames,
    Serialize,
    serde::Deserialize,
)]
#[strum(serialize_all = "lowercase")]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum ApiVersion {
    /// Connect API v1alpha1: Connection -> Environments.
    V1alpha1,
    /// Connect API v1: Connector -> Connections.
    V1,
    /// Platform API v2: System, ConnectionTemplate, Connection.
    V2,
}

impl ApiVersion {
    /// Every version, oldest first.
    pub const ALL: &'static [Self] = &[Self::V1alpha1, Self::V1, Self::V2];

    /// The version as `apiVersion` fields spell it (`v1alpha1`, `v1`, `v2`).
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// The kinds this version has.
    pub fn kinds(self) -> &'static [Kind] {
        use Kind::*;
        match self {
            Self::V1alpha1 => &[
                Connection,
                ConnectionUpdate,
                Environment,
                Credential,
                AuthSchemeConfig,
            ],
            Self::V1 => &[
                Connector,
                ConnectorUpdate,
                Connection,
                AuthSchemeConfig,
                Credential,
            ],
            Self::V2 => &[
                System,
                ConnectionTemplate,
                LinkSystem,
                AuthSchemeConfig,
                Connection,
                Credential,
                SystemExport,
            ],
        }
    }
}

/// A kind of document, by its kebab-case name (`auth-scheme-config`). What a kind means depends
/// on the version: a v1alpha1 `connection` defines a system, a v1 or v2 `connection` holds
/// credentials.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    strum::EnumString,
    strum::Display,
    strum::EnumIter,
    strum::IntoStaticStr,
    strum::VariantNames,
    Serialize,
    serde::Deserialize,
)]
#[strum(serialize_all = "kebab-case")]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Kind {
    /// v1alpha1 Connection (a system definition); v1 and v2 Connection (a credential holder).
    Connection,
    /// v1alpha1 ConnectionUpdate (PUT body).
    ConnectionUpdate,
    /// v1alpha1 Environment.
    Environment,
    /// Credential (every version).
    Credential,
    /// AuthSchemeConfig (every version).
    AuthSchemeConfig,
    /// v1 Connector.
    Connector,
    /// v1 ConnectorUpdate (PUT body).
    ConnectorUpdate,
    /// v2 System.
    System,
    /// v2 ConnectionTemplate.
    ConnectionTemplate,
    /// v2 LinkSystem (POST connection-templates body).
    LinkSystem,
    /// v2 system with its connections: `{"system": {...}, "connections": [...]}`.
    SystemExport,
}

impl Kind {
    /// Every kind, in declaration order.
    pub const ALL: &'static [Self] = &[
        Self::Connection,
        Self::ConnectionUpdate,
        Self::Environment,
        Self::Credential,
        Self::AuthSchemeConfig,
        Self::Connector,
        Self::ConnectorUpdate,
        Self::System,
        Self::ConnectionTemplate,
        Self::LinkSystem,
        Self::SystemExport,
    ];

    /// The kind's kebab-case name, e.g. `auth-scheme-config`.
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

macro_rules! documents {
    ($( $variant:ident => $version:ident, $kind:ident, $ty:ty,
        required [$($req:literal),*], known [$($known:literal),*]; )+) => {
        /// A document of one supported kind and version.
        ///
        /// Non-exhaustive: kinds and versions the API adds become variants in minor releases.
        #[derive(Clone, Debug, PartialEq, Serialize)]
        #[serde(untagged)]
        #[allow(clippy::large_enum_variant)]
        #[non_exhaustive]
        pub enum Document {
            $(
                #[doc = concat!("`", stringify!($version), "` `", stringify!($kind), "`.")]
                $variant($ty),
            )+
        }

        impl Document {
            /// The document's API version.
            pub fn api_version(&self) -> ApiVersion {
                match self { $(Self::$variant(_) => ApiVersion::$version,)+ }
            }

            /// The document's kind.
            pub fn kind(&self) -> Kind {
                match self { $(Self::$variant(_) => Kind::$kind,)+ }
            }

            /// Decodes `value` as the given version and kind.
            pub fn decode(version: ApiVersion, kind: Kind, value: Value) -> Result<Self, ReadError> {
                match (version, kind) {
                    $((ApiVersion::$version, Kind::$kind) => {
                        // Path tracking costs; `from_value` pays for it only to locate an error.
                        de::from_value::<$ty>(value).map(Self::$variant).map_err(ReadError::Decode)
                    })+
                    _ => Err(ReadError::NoSuchKind(NoSuchKind { version, kind })),
                }
            }

            /// Decodes JSON text as the given version and kind, straight from the text (no
            /// `Value`); `None` when it does not decode (the ordinary path says why).
            pub(crate) fn decode_str(version: ApiVersion, kind: Kind, text: &str) -> Option<Self> {
                match (version, kind) {
                    $((ApiVersion::$version, Kind::$kind) => {
                        serde_json::from_str::<$ty>(text).ok().map(Self::$variant)
                    })+
                    _ => None,
                }
            }

            /// [`Document::decode`] from a borrowed value; the error carries no pointer.
            fn decode_ref(version: ApiVersion, kind: Kind, value: &Value) -> Result<Self, ()> {
                match (version, kind) {
                    $((ApiVersion::$version, Kind::$kind) => {
                        <$ty as serde::Deserialize>::deserialize(de::Exact(value)).map(Self::$variant).map_err(drop)
                    })+
                    _ => Err(()),
                }
            }
        }

        /// The shape table detection works from: (version, kind, required keys, known keys).
        const SHAPES: &[(ApiVersion, Kind, &[&str], &[&str])] = &[
            $((ApiVersion::$version, Kind::$kind, &[$($req),*], &[$($req,)* $($known),*]),)+
        ];
    };
}

documents! {
    V1alpha1Connection => V1alpha1, Connection, v1alpha1::Connection,
        required ["id", "organisationId", "name", "protocol", "environments", "createdAt", "updatedAt"],
        known ["authSchemeConfigs", "environmentVariables", "versions", "baseUrl", "datasetId"];
    V1alpha1ConnectionUpdate => V1alpha1, ConnectionUpdate, v1alpha1::ConnectionUpdate,
        required ["id", "organisationId", "name", "protocol"],
        known ["authSchemeConfigs", "environments", "baseUrl", "environmentVariables", "datasetId"];
    V1alpha1Environment => V1alpha1, Environment, v1alpha1::Environment,
        required ["id", "name", "credentials", "variables", "createdAt", "updatedAt"],
        known [];
    V1alpha1Credential => V1alpha1, Credential, v1alpha1::Credential,
        required ["id", "type", "name", "data", "createdAt", "updatedAt"],
        known ["usages", "errors"];
    V1alpha1AuthSchemeConfig => V1alpha1, AuthSchemeConfig, v1alpha1::AuthSchemeConfig,
        required ["schemeType"],
        known ["name", "in", "authorizeUrl", "tokenUrl", "scopes", "flows", "algorithm", "digestInputs"];
    V1Connector => V1, Connector, v1::Connector,
        required ["id", "organisationId", "name", "public", "protocol", "authSchemeConfigs",
                  "connections", "versions", "createdAt", "updatedAt"],
        known ["documentationURL", "imageURL", "tags", "connectionVariables", "baseUrl", "datasetId"];
    V1ConnectorUpdate => V1, ConnectorUpdate, v1::ConnectorUpdate,
        required ["id", "organisationId", "name", "protocol"],
        known ["tags", "authSchemeConfigIds", "public", "documentationURL", "imageURL", "baseUrl",
               "connectionVariables", "datasetId"];
    V1Connection => V1, Connection, v1::Connection,
        required ["id", "name", "credentials", "variables", "createdAt", "updatedAt"],
        known [];
    V1AuthSchemeConfig => V1, AuthSchemeConfig, v1::AuthSchemeConfig,
        required ["schemeType", "id", "description"],
        known ["validationMessages", "name", "in", "algorithm", "digestInputs", "authorizeUrl",
               "tokenUrl", "scopes", "defaultScopes", "additionalAuthorizeParams",
               "additionalTokenParams", "mtlsEnabled", "mtlsCredentialId", "grant"];
    V1Credential => V1, Credential, v1::Credential,
        required ["id", "organisationId", "type", "name", "data"],
        known ["usages", "errors", "expiresAt"];
    V2System => V2, System, v2::System,
        required ["id", "name", "domain", "authSchemeConfigs", "templateBaseUrl"],
        known [];
    V2ConnectionTemplate => V2, ConnectionTemplate, v2::ConnectionTemplate,
        required ["id", "name", "domain", "dynamic", "authSchemeConfigs", "templateBaseUrl"],
        known ["connectionTemplateId"];
    V2LinkSystem => V2, LinkSystem, v2::LinkSystem,
        required ["systemId", "name"],
        known ["environmentId", "dynamic"];
    V2AuthSchemeConfig => V2, AuthSchemeConfig, v2::AuthSchemeConfig,
        required ["type"],
        known ["none", "apiKey", "basicAuth", "oauth2", "oauth1", "hmac", "certificate"];
    V2Connection => V2, Connection, v2::Connection,
        required ["id", "name", "credentials", "createdAt", "updatedAt"],
        known ["baseUrl", "systemId", "connectionTemplateId"];
    V2Credential => V2, Credential, v2::Credential,
        required ["id", "organisationId"],
        known ["type", "name", "errors", "data", "expiresAt"];
    V2SystemExport => V2, SystemExport, v2::SystemExport,
        required ["system", "connections"],
        known [];
}

/// A version and kind that do not go together (`v2` has no `environment`): the one error
/// every crate of the workspace reports for it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, thiserror::Error)]
#[error("{version} has no kind `{kind}` (its kinds: {})", list_kinds(*version))]
#[non_exhaustive]
pub struct NoSuchKind {
    /// The version asked for.
    pub version: ApiVersion,
    /// The kind asked for.
    pub kind: Kind,
}

impl NoSuchKind {
    /// Checks that `version` has `kind`.
    ///
    /// ```
    /// use versori_model::{ApiVersion, Kind, NoSuchKind};
    ///
    /// assert!(NoSuchKind::check(ApiVersion::V1, Kind::Connector).is_ok());
    /// let err = NoSuchKind::check(ApiVersion::V2, Kind::Environment).unwrap_err();
    /// assert_eq!(err.to_string(), "v2 has no kind `environment` (its kinds: system, \
    ///     connection-template, link-system, auth-scheme-config, connection, credential, system-export)");
    /// ```
    pub fn check(version: ApiVersion, kind: Kind) -> Result<(), Self> {
        if version.kinds().contains(&kind) {
            Ok(())
        } else {
            Err(Self { version, kind })
        }
    }
}

/// What a caller already knows about a document: its version, its kind, both or neither.
/// Detection fills in the rest ([`Document::read_as`], [`Document::detect_as`]).
///
/// Built in kube's style, `Default` plus `#[must_use]` setters:
///
/// ```
/// use versori_model::{ApiVersion, Hint, Kind};
///
/// let hint = Hint::default().version(ApiVersion::V1).kind(Kind::Connector);
/// assert_eq!((hint.api_version, hint.kind), (Some(ApiVersion::V1), Some(Kind::Connector)));
/// assert!(Hint::default().is_empty());
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Hint {
    /// The version, if known.
    pub api_version: Option<ApiVersion>,
    /// The kind, if known.
    pub kind: Option<Kind>,
}

impl Hint {
    /// The hint with the version set.
    #[must_use]
    pub fn version(mut self, version: ApiVersion) -> Self {
        self.api_version = Some(version);
        self
    }

    /// The hint with the kind set.
    #[must_use]
    pub fn kind(mut self, kind: Kind) -> Self {
        self.kind = Some(kind);
        self
    }

    /// The hint with the version set or cleared.
    #[must_use]
    pub fn maybe_version(mut self, version: Option<ApiVersion>) -> Self {
        self.api_version = version;
        self
    }

    /// The hint with the kind set or cleared.
    #[must_use]
    pub fn maybe_kind(mut self, kind: Option<Kind>) -> Self {
        self.kind = kind;
        self
    }

    /// Whether nothing is known.
    pub fn is_empty(&self) -> bool {
        self.api_version.is_none() && self.kind.is_none()
    }

    /// Both version and kind, when both are known.
    pub fn exact(&self) -> Option<(ApiVersion, Kind)> {
        self.api_version.zip(self.kind)
    }

    /// Checks that a hint with both parts names a kind its version has; a hint with only one
    /// part always passes (detection narrows it). Callers check once, before reading many
    /// documents, so that an impossible pair is one usage error rather than one per document.
    pub fn check(&self) -> Result<(), NoSuchKind> {
        match self.exact() {
            Some((version, kind)) => NoSuchKind::check(version, kind),
            None => Ok(()),
        }
    }

    fn admits(&self, version: ApiVersion, kind: Kind) -> bool {
        self.api_version.is_none_or(|want| want == version)
            && self.kind.is_none_or(|want| want == kind)
    }
}

/// Why a document could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ReadError {
    /// The version and kind could not be told from the shape.
    #[error(transparent)]
    Detect(#[from] DetectError),
    /// The version has no such kind.
    #[error(transparent)]
    NoSuchKind(#[from] NoSuchKind),
    /// The document does not decode as its version and kind (or, read from text, is not
    /// JSON: a [`DecodeErrorKind::Syntax`](crate::DecodeErrorKind::Syntax) error).
    #[error(transparent)]
    Decode(#[from] DecodeError),
    /// Read from text, the document has a key twice in one object ([`Document::read_json`]).
    #[error(transparent)]
    DuplicateKey(#[from] crate::json::DuplicateKeys),
}

fn list_kinds(version: ApiVersion) -> String {
    version
        .kinds()
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// A version and kind that a document's shape could be.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Candidate {
    /// The version.
    pub api_version: ApiVersion,
    /// The kind.
    pub kind: Kind,
}

impl fmt::Display for Candidate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.api_version, self.kind)
    }
}

/// Why detection could not settle on one version and kind.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DetectError {
    /// The document is not a JSON object.
    #[error("the document is not a JSON object")]
    NotAnObject,
    /// No kind (within the version and kind asked for) has the document's required keys.
    #[error(
        "not a recognised document: its keys ({}) fit {}",
        keys.join(", "),
        scope(*hint)
    )]
    Unrecognised {
        /// The document's top-level keys.
        keys: Vec<String>,
        /// What detection was limited to.
        hint: Hint,
    },
    /// Several kinds fit equally well.
    #[error(
        "ambiguous document: it fits {}; give its version and kind to choose",
        candidates.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
    )]
    Ambiguous {
        /// The kinds that fit.
        candidates: Vec<Candidate>,
    },
}

fn scope(hint: Hint) -> String {
    match (hint.api_version, hint.kind) {
        (None, None) => "no kind".to_owned(),
        (Some(v), None) => format!("no kind of {v}"),
        (None, Some(k)) => format!("no version's {k}"),
        (Some(v), Some(k)) => format!("no {v} {k}"),
    }
}

impl Document {
    /// Reads a document, detecting its version and kind from its shape (see
    /// [`Document::detect`]); an ambiguous shape is an error naming the candidates.
    pub fn read(value: Value) -> Result<Self, ReadError> {
        Self::read_as(value, Hint::default())
    }

    /// Reads a document, detecting whatever of version and kind `hint` does not give.
    ///
    /// With both given, this is [`Document::decode`]. Otherwise the shape decides within the
    /// hint (see [`Document::detect_as`]).
    ///
    /// ```
    /// use versori_model::{ApiVersion, Document, Hint, Kind};
    ///
    /// let environment = serde_json::json!({"id": "e", "name": "prod", "credentials": {},
    ///     "variables": [], "createdAt": "2024-01-01T00:00:00Z", "updatedAt": "2024-01-01T00:00:00Z"});
    /// // A v1alpha1 environment and a v1 connection have the same shape...
    /// assert!(Document::read(environment.clone()).is_err());
    /// // ...and the version settles it.
    /// let doc = Document::read_as(environment, Hint::default().version(ApiVersion::V1alpha1)).unwrap();
    /// assert_eq!(doc.kind(), Kind::Environment);
    /// ```
    pub fn read_as(value: Value, hint: Hint) -> Result<Self, ReadError> {
        match hint.exact() {
            Some((version, kind)) => Self::decode(version, kind, value),
            None => match Self::detect_and_decode(&value, hint)? {
                (_, Some(doc)) => Ok(doc),
                (found, None) => Self::decode(found.api_version, found.kind, value),
            },
        }
    }

    /// [`Document::read_as`] from a borrowed value: nothing is copied unless the document fails
    /// to decode (then the value is decoded again, owned, to locate the error).
    pub fn read_as_ref(value: &Value, hint: Hint) -> Result<Self, ReadError> {
        let found = match hint.exact() {
            Some((version, kind)) => Candidate {
                api_version: version,
                kind,
            },
            None => match Self::detect_and_decode(value, hint)? {
                (_, Some(doc)) => return Ok(doc),
                (found, None) => found,
            },
        };
        match Self::decode_ref(found.api_version, found.kind, value) {
            Ok(doc) => Ok(doc),
            Err(()) => Self::decode(found.api_version, found.kind, value.clone()),
        }
    }

    /// Reads a document from JSON text: [`Document::read_as`] after
    /// [`json::from_slice`](crate::json::from_slice), refusing a document in which a key appears
    /// twice in one object (readers disagree on which value counts, so no reading of it can be
    /// trusted). A leading UTF-8 byte order mark is skipped; numbers keep their exact value.
    ///
    /// ```
    /// use versori_model::{Document, Hint, ReadError};
    ///
    /// let text = br#"{"schemeType": "none", "id": "a", "description": "b"}"#;
    /// assert!(Document::read_json(text, Hint::default()).is_ok());
    /// let twice = br#"{"schemeType": "none", "id": "a", "id": "b", "description": "c"}"#;
    /// let err = Document::read_json(twice, Hint::default()).unwrap_err();
    /// assert!(matches!(&err, ReadError::DuplicateKey(d) if d.pointers[0].as_str() == "/id"));
    /// ```
    pub fn read_json(text: &[u8], hint: Hint) -> Result<Self, ReadError> {
        let value = crate::json::from_slice(text)?.into_unique()?;
        Self::read_as(value, hint)
    }

    /// Detects a document's version and kind from its shape.
    ///
    /// 1. Candidates are the kinds whose required top-level keys the document has.
    /// 2. The candidates with the fewest top-level keys they do not know win (the shape decides:
    ///    a document broken as its own kind is still that kind, and decoding will say what is
    ///    wrong).
    /// 3. Among those, the ones the document decodes as are preferred.
    /// 4. Remaining ties are broken only by a documented deep difference (a credential's `data`
    ///    being keyed by v2 member names or not); otherwise the document is ambiguous.
    pub fn detect(value: &Value) -> Result<Candidate, DetectError> {
        Self::detect_as(value, Hint::default())
    }

    /// [`Document::detect`] limited to what `hint` gives (a version, a kind, or both: with
    /// both, the document must still have that kind's required keys).
    pub fn detect_as(value: &Value, hint: Hint) -> Result<Candidate, DetectError> {
        Self::detect_in_value(value, hint).map(|(found, _)| found)
    }

    /// Detection that also hands back the decoded document when the winner decoded, so
    /// callers that go on to decode do not do it twice.
    fn detect_and_decode(
        value: &Value,
        hint: Hint,
    ) -> Result<(Candidate, Option<Self>), DetectError> {
        match Self::detect_in_value(value, hint)? {
            // A shape that needed no decoding to win (or a winner that did not decode).
            (found, None) => Ok((
                found,
                Self::decode_ref(found.api_version, found.kind, value).ok(),
            )),
            decoded => Ok(decoded),
        }
    }

    /// [`Document::choose`] over a value's keys, decoding from the value.
    fn detect_in_value(
        value: &Value,
        hint: Hint,
    ) -> Result<(Candidate, Option<Self>), DetectError> {
        let Value::Object(map) = value else {
            return Err(DetectError::NotAnObject);
        };
        let keys: Vec<&str> = map.keys().map(String::as_str).collect();
        let facts = || {
            Some(CredentialFacts {
                credential_type: map.get("type").and_then(Value::as_str),
                data: match map.get("data") {
                    None => DataFacts::Absent,
                    Some(Value::Object(data)) => {
                        DataFacts::Object(data.keys().map(String::as_str).collect())
                    }
                    Some(_) => DataFacts::Other,
                },
            })
        };
        Self::choose(
            &keys,
            hint,
            |v, k| Self::decode_ref(v, k, value).ok(),
            facts,
        )
        .unwrap_or_else(|| unreachable!("the facts of a value are always known"))
    }

    /// The steps of [`Document::detect`] over a document's top-level `keys` (unique), decoding
    /// candidates with `decode` only where the shape ties, and looking at `facts` only where a
    /// v1 and a v2 credential still tie. The winner's decoded document is handed back when it
    /// was decoded. `None` when `facts` cannot say (the caller must take the ordinary path).
    pub(crate) fn choose<'k>(
        keys: &[&'k str],
        hint: Hint,
        decode: impl FnMut(ApiVersion, Kind) -> Option<Self>,
        facts: impl FnOnce() -> Option<CredentialFacts<'k>>,
    ) -> Option<Result<(Candidate, Option<Self>), DetectError>> {
        // The document's keys as a set over every key the shape table names, plus a count of
        // the ones it does not name (a root `$schema`, an editor's schema association, belongs
        // to no kind and counts for none).
        let masks = shape_masks();
        let mut present = 0u128;
        let mut unnamed = 0u32;
        for key in keys {
            match masks.bit(key) {
                Some(bit) => present |= bit,
                None if *key != "$schema" => unnamed += 1,
                None => {}
            }
        }
        let viable: Vec<_> = SHAPES
            .iter()
            .zip(&masks.shapes)
            .filter(|((v, k, _, _), (required, _))| {
                hint.admits(*v, *k) && present & required == *required
            })
            .collect();
        if viable.is_empty() {
            return Some(Err(DetectError::Unrecognised {
                keys: keys.iter().map(|key| (*key).to_owned()).collect(),
                hint,
            }));
        }
        // The shape decides first: the kinds that know the most of the document's keys. A
        // document that is broken as its own kind must not pass for a looser kind that happens
        // to decode (an invalid connector is a connector, not a connection-update).
        let unknown = |known: u128| unnamed + (present & !known).count_ones();
        let fewest = viable
            .iter()
            .map(|(_, (_, known))| unknown(*known))
            .min()
            .unwrap_or(0);
        let closest: Vec<Candidate> = viable
            .iter()
            .filter(|(_, (_, known))| unknown(*known) == fewest)
            .map(|((api_version, kind, _, _), _)| Candidate {
                api_version: *api_version,
                kind: *kind,
            })
            .collect();
        if let [one] = closest.as_slice() {
            return Some(Ok((*one, None)));
        }
        if closest.len() == 2 && break_tie_applies(&closest) {
            return Self::settle_credential_tie(&closest, decode, facts);
        }
        Self::decode_tie(closest, decode, facts)
    }

    /// A tie of exactly a v1 and a v2 credential: when the facts pick one, it is decoded
    /// first, and the other only if the pick does not decode. This is what the general rule of
    /// [`Document::choose`] gives (the facts break a tie between two decoding candidates, and
    /// between two failing ones, the same way), with one decode instead of two. `None` when the
    /// facts cannot be read.
    fn settle_credential_tie<'k>(
        closest: &[Candidate],
        mut decode: impl FnMut(ApiVersion, Kind) -> Option<Self>,
        facts: impl FnOnce() -> Option<CredentialFacts<'k>>,
    ) -> Option<Result<(Candidate, Option<Self>), DetectError>> {
        let facts = facts()?;
        let mut pick = closest.to_vec();
        break_tie(&facts, &mut pick);
        let (winner, other) = match pick.as_slice() {
            [winner] if *winner == closest[0] => (closest[0], closest[1]),
            [winner] => (*winner, closest[0]),
            // Both readings stay consistent: decoding decides, or nothing does.
            _ => return Self::decode_tie(closest.to_vec(), decode, || Some(facts)),
        };
        Some(Ok(match decode(winner.api_version, winner.kind) {
            Some(doc) => (winner, Some(doc)),
            None => match decode(other.api_version, other.kind) {
                Some(doc) => (other, Some(doc)),
                None => (winner, None),
            },
        }))
    }

    /// Steps 3 and 4 of [`Document::detect`] over the equally close `closest`.
    fn decode_tie<'k>(
        closest: Vec<Candidate>,
        mut decode: impl FnMut(ApiVersion, Kind) -> Option<Self>,
        facts: impl FnOnce() -> Option<CredentialFacts<'k>>,
    ) -> Option<Result<(Candidate, Option<Self>), DetectError>> {
        // Among equally close shapes, the ones the document decodes as are preferred; only these
        // few are decoded (and the winner's decode is handed back to the caller).
        let mut decoded: Vec<(Candidate, Self)> = closest
            .iter()
            .filter_map(|c| decode(c.api_version, c.kind).map(|doc| (*c, doc)))
            .collect();
        let mut best: Vec<Candidate> = if decoded.is_empty() {
            closest
        } else {
            decoded.iter().map(|(c, _)| *c).collect()
        };
        if best.len() > 1 && break_tie_applies(&best) {
            break_tie(&facts()?, &mut best);
        }
        Some(match best.as_slice() {
            [one] => {
                let doc = decoded
                    .iter()
                    .position(|(c, _)| c == one)
                    .map(|at| decoded.swap_remove(at).1);
                Ok((*one, doc))
            }
            _ => Err(DetectError::Ambiguous { candidates: best }),
        })
    }

    /// The document as a JSON value (exactly what serializing it writes).
    pub fn to_value(&self) -> Result<Value, serde_json::Error> {
        serde_json::to_value(self)
    }

    /// The pointer of every [`Secret`](crate::Secret) in the document (keys in sorted order): what
    /// must never appear in a log or a report. Secrets inside values the model does not type
    /// (unknown keys, the body of an unknown variant) are not known to be secrets and are not
    /// listed.
    ///
    /// ```
    /// use versori_model::{Document, Hint};
    ///
    /// let doc = Document::read(serde_json::json!({"id": "c", "organisationId": "o",
    ///     "type": "basic-auth", "name": "n", "data": {"username": "u", "password": "p4ss"}}))
    ///     .unwrap();
    /// let at: Vec<_> = doc.secret_pointers().iter().map(|p| p.to_string()).collect();
    /// assert_eq!(at, ["/data/password"]);
    /// ```
    pub fn secret_pointers(&self) -> Vec<crate::Pointer> {
        crate::secrets(self).into_iter().map(|(at, _)| at).collect()
    }
}

/// The shape table as bit sets over every key it names, so that detection tests a document's
/// keys against each shape with two mask operations instead of comparing strings.
struct ShapeMasks {
    /// Per entry of `SHAPES`, in order: (required keys, known keys).
    shapes: Vec<(u128, u128)>,
    /// `keys` by hash (open addressing): (key, its bit), `None` for a free slot.
    slots: Vec<Option<(&'static str, u128)>>,
}

impl ShapeMasks {
    /// The bit of `key`, when the table names it: one hash and (mostly) one comparison.
    fn bit(&self, key: &str) -> Option<u128> {
        let mask = self.slots.len() - 1;
        let mut at = hash(key) & mask;
        loop {
            match self.slots[at] {
                None => return None,
                Some((name, bit)) if name == key => return Some(bit),
                Some(_) => at = (at + 1) & mask,
            }
        }
    }
}

/// FNV-1a: cheap, and good enough for a table of a few dozen names.
fn hash(key: &str) -> usize {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in key.bytes() {
        hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
    }
    hash as usize
}

/// Every key the shape table names, sorted: a key's bit in [`ShapeMasks`] is its index here.
fn table_keys() -> Vec<&'static str> {
    let mut keys: Vec<&'static str> = SHAPES
        .iter()
        .flat_map(|(_, _, required, known)| required.iter().chain(known.iter()).copied())
        .collect();
    keys.sort_unstable();
    keys.dedup();
    keys
}

fn shape_masks() -> &'static ShapeMasks {
    static MASKS: std::sync::OnceLock<ShapeMasks> = std::sync::OnceLock::new();
    MASKS.get_or_init(|| {
        let keys = table_keys();
        // Checked by a test: the table names fewer keys than a mask has bits.
        debug_assert!(keys.len() <= 128, "{} keys", keys.len());
        let set = |names: &[&str]| {
            names
                .iter()
                .filter_map(|name| keys.binary_search(name).ok())
                .fold(0u128, |set, at| set | 1u128 << at)
        };
        let shapes = SHAPES
            .iter()
            .map(|(_, _, required, known)| (set(required), set(known)))
            .collect();
        // At most half full, so that a probe ends soon.
        let mut slots = vec![None; (keys.len() * 2).next_power_of_two()];
        let mask = slots.len() - 1;
        for (index, key) in keys.iter().enumerate() {
            let mut at = hash(key) & mask;
            while slots[at].is_some() {
                at = (at + 1) & mask;
            }
            slots[at] = Some((*key, 1u128 << index));
        }
        ShapeMasks { shapes, slots }
    })
}

/// What the tie between a v1 and a v2 credential is broken by (see [`break_tie`]), read from a
/// `Value` or from the text.
pub(crate) struct CredentialFacts<'a> {
    /// The top-level `type`, when it is a string.
    pub(crate) credential_type: Option<&'a str>,
    /// What the top-level `data` is.
    pub(crate) data: DataFacts<'a>,
}

/// The shape of a credential's top-level `data`.
pub(crate) enum DataFacts<'a> {
    /// There is no `data`.
    Absent,
    /// An object with these keys.
    Object(Vec<&'a str>),
    /// Something other than an object.
    Other,
}

const V1_CREDENTIAL: Candidate = Candidate {
    api_version: ApiVersion::V1,
    kind: Kind::Credential,
};
const V2_CREDENTIAL: Candidate = Candidate {
    api_version: ApiVersion::V2,
    kind: Kind::Credential,
};

/// Whether `best` holds the one tie [`break_tie`] can break.
fn break_tie_applies(best: &[Candidate]) -> bool {
    best.contains(&V1_CREDENTIAL) && best.contains(&V2_CREDENTIAL)
}

/// v1 and v2 credentials share their required keys, so a tie between them is broken by what
/// only one version allows: a `type` the other version does not have (`custom-function` is v1
/// only, `oauth1` v2 only), and the shape of `data`: v2 keys it by member name and the member
/// its `type` names must be there (`{"basicAuth": {...}}`, unknown keys beside it allowed);
/// v1 puts the fields straight in `data`, so it is not keyed by that member. When both readings
/// stay consistent the document remains ambiguous.
fn break_tie(facts: &CredentialFacts<'_>, best: &mut Vec<Candidate>) {
    if !break_tie_applies(best) {
        return;
    }
    let credential_type = facts.credential_type;
    let member = credential_type.and_then(|t| v2::CredentialType::from_wire(t).member());
    let keyed = |data: &[&str]| member.is_some_and(|m| data.contains(&m));
    let v2_fits = credential_type.is_none_or(|t| v2::CredentialType::from_wire(t).is_known())
        && match &facts.data {
            DataFacts::Absent => true,
            DataFacts::Object(data) => member.is_none() || keyed(data),
            DataFacts::Other => false,
        };
    let v1_fits = credential_type.is_some_and(|t| v1::CredentialType::from_wire(t).is_known())
        && matches!(&facts.data, DataFacts::Object(data) if !keyed(data));
    match (v1_fits, v2_fits) {
        (true, false) => best.retain(|c| *c != V2_CREDENTIAL),
        (false, true) => best.retain(|c| *c != V1_CREDENTIAL),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn detect(value: Value) -> Result<(ApiVersion, Kind), DetectError> {
        Document::detect(&value).map(|c| (c.api_version, c.kind))
    }

    #[test]
    fn the_shape_table_fits_its_masks() {
        let masks = shape_masks();
        let keys = table_keys();
        assert!(keys.len() <= 128, "{} keys", keys.len());
        for ((_, _, required, known), (required_set, known_set)) in SHAPES.iter().zip(&masks.shapes)
        {
            assert_eq!(required_set.count_ones() as usize, required.len());
            // `known` lists the required keys too.
            assert_eq!(known_set & required_set, *required_set);
            assert_eq!(known_set.count_ones() as usize, known.len());
        }
        for (index, key) in keys.iter().enumerate() {
            assert_eq!(masks.bit(key), Some(1u128 << index), "{key}");
        }
        for other in ["", "$schema", "ids", "Id", "x-versori-preserved"] {
            assert_eq!(masks.bit(other), None, "{other}");
        }
    }

    #[test]
    fn tells_auth_scheme_config_versions_apart() {
        use ApiVersion::*;
        assert_eq!(
            detect(json!({"schemeType": "none"})),
            Ok((V1alpha1, Kind::AuthSchemeConfig))
        );
        assert_eq!(
            detect(json!({"schemeType": "none", "id": "a", "description": "b"})),
            Ok((V1, Kind::AuthSchemeConfig))
        );
        assert_eq!(
            detect(json!({"type": "none", "none": {"id": "a", "description": "b"}})),
            Ok((V2, Kind::AuthSchemeConfig))
        );
    }

    #[test]
    fn tells_connection_from_connector() {
        let base = json!({"id": "c", "organisationId": "o", "name": "n", "protocol": "http",
            "baseUrl": "https://x.test", "createdAt": "2024-01-01T00:00:00Z",
            "updatedAt": "2024-01-01T00:00:00Z"});
        let mut alpha = base.clone();
        alpha["environments"] = json!([]);
        assert_eq!(detect(alpha), Ok((ApiVersion::V1alpha1, Kind::Connection)));
        let mut v1 = base;
        for (key, value) in [
            ("connections", json!([])),
            ("versions", json!([])),
            ("authSchemeConfigs", json!([])),
            ("public", json!(false)),
        ] {
            v1[key] = value;
        }
        assert_eq!(detect(v1), Ok((ApiVersion::V1, Kind::Connector)));
    }

    #[test]
    fn ambiguous_shapes_name_their_candidates() {
        let update = json!({"id": "c", "organisationId": "o", "name": "n", "protocol": "http"});
        match detect(update) {
            Err(DetectError::Ambiguous { candidates }) => {
                let kinds: Vec<_> = candidates.iter().map(|c| c.kind).collect();
                assert_eq!(kinds, vec![Kind::ConnectionUpdate, Kind::ConnectorUpdate]);
            }
            other => panic!("expected ambiguity, got {other:?}"),
        }
        let env = json!({"id": "e", "name": "prod", "credentials": {}, "variables": [],
            "createdAt": "2024-01-01T00:00:00Z", "updatedAt": "2024-01-01T00:00:00Z"});
        assert!(matches!(
            detect(env.clone()),
            Err(DetectError::Ambiguous { .. })
        ));
        let read = Document::read_as(env, Hint::default().version(ApiVersion::V1alpha1)).unwrap();
        assert_eq!(read.kind(), Kind::Environment);
    }

    #[test]
    fn credential_data_shape_breaks_the_v1_v2_tie() {
        let v1 = json!({"id": "c", "organisationId": "o", "type": "string", "name": "key",
            "data": {"value": "s3cret"}});
        assert_eq!(detect(v1), Ok((ApiVersion::V1, Kind::Credential)));
        let v2 = json!({"id": "c", "organisationId": "o", "type": "string", "name": "key",
            "data": {"string": {"value": "s3cret"}}});
        assert_eq!(detect(v2), Ok((ApiVersion::V2, Kind::Credential)));
        // Unknown keys beside the member do not make a v2 credential look like v1.
        let v2_extra = json!({"id": "c", "organisationId": "o", "type": "none", "name": "n",
            "data": {"none": {}, "x-team": ""}});
        assert_eq!(detect(v2_extra), Ok((ApiVersion::V2, Kind::Credential)));
    }

    #[test]
    fn a_broken_document_keeps_its_kind() {
        // `public` has the wrong type: still a v1 connector, not a looser kind that decodes.
        let broken = json!({"id": "c", "organisationId": "o", "name": "n", "public": "no",
            "protocol": "http", "baseUrl": "https://x.example.com", "authSchemeConfigs": [],
            "connections": [], "versions": [], "createdAt": "2024-01-01T00:00:00Z",
            "updatedAt": "2024-01-01T00:00:00Z"});
        assert_eq!(
            detect(broken.clone()),
            Ok((ApiVersion::V1, Kind::Connector))
        );
        assert!(matches!(Document::read(broken), Err(ReadError::Decode(_))));
    }

    #[test]
    fn published_at_is_required_but_nullable() {
        let draft = json!({"id": "v", "name": "1.0", "isLatest": false, "isDefault": false,
            "createdAt": "2024-01-01T00:00:00Z", "updatedAt": "2024-01-01T00:00:00Z", "publishedAt": null});
        let version: v1::ConnectorVersion = de::from_value(draft.clone()).unwrap();
        assert_eq!(serde_json::to_value(&version).unwrap(), draft);
        let mut absent = draft;
        absent.as_object_mut().unwrap().remove("publishedAt");
        let err = de::from_value::<v1::ConnectorVersion>(absent).unwrap_err();
        assert_eq!(
            (err.pointer.as_str(), err.kind),
            ("/publishedAt", de::DecodeErrorKind::Missing)
        );
    }

    #[test]
    fn decode_errors_never_quote_string_values() {
        // serde quotes a wrongly typed string with double quotes (`string "..."`); a secret in
        // the wrong place must not reach the error text.
        let doc = json!({"schemeType": "oauth2", "id": "o", "description": "d",
            "authorizeUrl": "https://a.test", "tokenUrl": "https://t.test", "scopes": [],
            "defaultScopes": [], "mtlsEnabled": "hunter2 \"quoted\" secret"});
        let err = de::from_value::<v1::AuthSchemeConfig>(doc).unwrap_err();
        let text = err.to_string();
        assert!(
            !text.contains("hunter2") && !text.contains("secret"),
            "{text}"
        );
        assert_eq!(err.pointer.as_str(), "/mtlsEnabled");
    }

    #[test]
    fn decode_errors_never_quote_input_values() {
        let doc = json!({"schemeType": "oauth2", "id": "o", "description": "d",
            "authorizeUrl": "https://a.test", "tokenUrl": "https://t.test", "scopes": [],
            "defaultScopes": [], "grant": {"grantType": "password", "clientSecret": 123456789}});
        let err = de::from_value::<v1::AuthSchemeConfig>(doc).unwrap_err();
        assert_eq!(err.pointer.as_str(), "/grant/clientSecret");
        assert!(!err.to_string().contains("123456789"), "{err}");
    }

    #[test]
    fn unrecognised_and_non_objects() {
        assert_eq!(detect(json!([1])), Err(DetectError::NotAnObject));
        assert!(matches!(
            detect(json!({"hello": 1})),
            Err(DetectError::Unrecognised { .. })
        ));
    }

    /// Numbers that serde's buffering (flatten, tagged and untagged unions) would change or
    /// refuse when a document is read from a `Value`: `-0` became `0`, an integer beyond 64 bits
    /// failed to decode ("u128 is not supported").
    const AWKWARD: &str = "[18446744073709551621, -18446744073709551621, 123456789.12345679, \
        1e400, -0, 0.1, -0.0, 1.10, 340282366920938463463374607431768211457]";
    const AWKWARD_WRITTEN: &str = "[18446744073709551621,-18446744073709551621,\
        123456789.12345679,1e+400,-0,0.1,-0.0,1.10,340282366920938463463374607431768211457]";

    #[test]
    fn numbers_in_unknown_keys_survive_every_union_style() {
        let n = AWKWARD;
        let documents = [
            // A plain struct with a flattened `extra`.
            (
                ApiVersion::V1,
                Kind::Connection,
                format!(
                    r#"{{"id": "c", "name": "n",
                "credentials": {{"x-n": {n}}}, "variables": [], "createdAt": "2024-01-01T00:00:00Z",
                "updatedAt": "2024-01-01T00:00:00Z", "x-n": {n}}}"#
                ),
            ),
            // Internally tagged (`schemeType`, `grantType`), read whole then by variant.
            (
                ApiVersion::V1,
                Kind::AuthSchemeConfig,
                format!(
                    r#"{{"schemeType": "oauth2",
                "id": "o", "description": "d", "authorizeUrl": "https://a.test",
                "tokenUrl": "https://t.test", "scopes": [{{"name": "s", "x-n": {n}}}],
                "defaultScopes": [], "grant": {{"grantType": "client_credentials", "x-n": {n}}},
                "x-n": {n}}}"#
                ),
            ),
            // An unknown tag keeps the whole object.
            (
                ApiVersion::V1,
                Kind::AuthSchemeConfig,
                format!(
                    r#"{{"schemeType": "kerberos",
                "id": "k", "description": "d", "x-n": {n}}}"#
                ),
            ),
            // Credential data decoded by the sibling `type` (untagged on the wire).
            (
                ApiVersion::V1,
                Kind::Credential,
                format!(
                    r#"{{"id": "c", "organisationId": "o",
                "type": "basic-auth", "name": "n", "data": {{"username": "u", "password": "p",
                "x-n": {n}}}, "x-n": {n}}}"#
                ),
            ),
            // v2 wrappers.
            (
                ApiVersion::V2,
                Kind::AuthSchemeConfig,
                format!(
                    r#"{{"type": "apiKey",
                "apiKey": {{"id": "k", "description": "d", "name": "X-Key", "in": "header",
                "x-n": {n}}}, "x-n": {n}}}"#
                ),
            ),
            // v1alpha1 environments in an update: with an id or without (untagged).
            (
                ApiVersion::V1alpha1,
                Kind::ConnectionUpdate,
                format!(
                    r#"{{"id": "c",
                "organisationId": "o", "name": "n", "protocol": "http",
                "baseUrl": "https://x.test", "environments": [{{"id": "e", "name": "p",
                "x-n": {n}}}, {{"name": "new", "credentials": {{}}, "variables": [],
                "x-n": {n}}}], "x-n": {n}}}"#
                ),
            ),
        ];
        for (version, kind, text) in documents {
            let expected = text.matches("x-n").count();
            // Through a Value (what `Document::read` and the CLI do)...
            let value = crate::json::from_str(&text).unwrap().value;
            let doc = Document::read_as(value.clone(), Hint::default().version(version).kind(kind))
                .unwrap_or_else(|e| panic!("{version} {kind}: {e}"));
            let written = serde_json::to_string(&doc).unwrap();
            assert_eq!(
                written.matches(AWKWARD_WRITTEN).count(),
                expected,
                "{written}"
            );
            assert_eq!(doc.to_value().unwrap(), value);
            // ...and straight from the text into the typed struct.
            let typed = match (version, kind) {
                (ApiVersion::V1, Kind::Connection) => {
                    serde_json::to_string(&de::from_str::<v1::Connection>(&text).unwrap())
                }
                (ApiVersion::V1, Kind::AuthSchemeConfig) => {
                    serde_json::to_string(&de::from_str::<v1::AuthSchemeConfig>(&text).unwrap())
                }
                (ApiVersion::V1, Kind::Credential) => {
                    serde_json::to_string(&de::from_str::<v1::Credential>(&text).unwrap())
                }
                (ApiVersion::V2, Kind::AuthSchemeConfig) => {
                    serde_json::to_string(&de::from_str::<v2::AuthSchemeConfig>(&text).unwrap())
                }
                _ => serde_json::to_string(
                    &de::from_str::<v1alpha1::ConnectionUpdate>(&text).unwrap(),
                ),
            }
            .unwrap();
            assert_eq!(typed, written);
        }
    }

    #[test]
    fn from_value_keeps_numbers_and_words_type_errors_truly() {
        let value = crate::json::from_str(&format!(
            r#"{{"name": "n", "value": "v", "x-n": {AWKWARD}}}"#
        ))
        .unwrap()
        .value;
        let variable: v1::ConnectionVariable = de::from_value(value.clone()).unwrap();
        assert_eq!(serde_json::to_value(&variable).unwrap(), value);
        // A float where a string belongs is "a number", not serde_json's internal map.
        let wrong = serde_json::json!({"name": 1.5, "value": "v"});
        let err = de::from_value::<v1::ConnectionVariable>(wrong).unwrap_err();
        assert_eq!(err.kind, de::DecodeErrorKind::InvalidType);
        assert!(!err.message.contains("map"), "{}", err.message);
    }

    #[test]
    fn decode_errors_point_inside_tagged_unions() {
        let doc = json!({"schemeType": "oauth2", "id": "o", "description": "d",
            "authorizeUrl": "https://a.test", "tokenUrl": "https://t.test", "scopes": [],
            "defaultScopes": [], "grant": {"grantType": "password", "clientId": 7}});
        let err = de::from_value::<v1::AuthSchemeConfig>(doc).unwrap_err();
        assert_eq!(err.pointer.as_str(), "/grant/clientId");
        assert_eq!(err.kind, de::DecodeErrorKind::InvalidType);

        let cred = json!({"id": "c", "organisationId": "o", "type": "basic-auth", "name": "n",
            "data": {"username": "u"}});
        let err = de::from_value::<v1::Credential>(cred).unwrap_err();
        assert_eq!(err.pointer.as_str(), "/data/password");
        assert_eq!(err.kind, de::DecodeErrorKind::Missing);

        let text = "{\n  \"id\": \"c\",\n  \"name\": 5\n}";
        let err = de::from_str::<v1::ConnectionVariable>(text).unwrap_err();
        assert_eq!((err.pointer.as_str(), err.line), ("/name", Some(3)));
    }
}
