//! Which credential types satisfy which auth schemes, one table per version.
//!
//! The tables are the single source of the `incompatible-credential` rule. They follow how the
//! API's own clients pair them (domain.md section 4.5: `api-key` -> `string`, `basic-auth` ->
//! `basic-auth`, oauth2 -> the oauth2 credentials, `none` -> `none`) and the shapes each version
//! defines. A scheme missing from a table (one the API gives no pairing for, or an unknown one)
//! is not checked.

/// The pairing for [v1alpha1](versori_model::v1alpha1).
pub mod v1alpha1 {
    use versori_model::v1alpha1::{AuthSchemeType as S, CredentialType as C};

    /// `(scheme, credential types that satisfy it)`.
    pub const CREDENTIALS_FOR_SCHEME: &[(S, &[C])] = &[
        (S::None, &[C::None]),
        (S::ApiKey, &[C::String]),
        (S::BasicAuth, &[C::BasicAuth]),
        (S::OAuth2, &[C::OAuth2Client, C::OAuth2Token]),
        // The service-account key: a JSON key file, as binary or as a string.
        (S::GoogleServiceAccount, &[C::Binary, C::String]),
        (S::Hmac, &[C::String]),
    ];

    /// The credential types that satisfy `scheme`; `None` when the table has no row for it.
    pub fn credential_types_for(scheme: &S) -> Option<&'static [C]> {
        super::lookup(CREDENTIALS_FOR_SCHEME, scheme)
    }
}

/// The pairing for [v1](versori_model::v1).
pub mod v1 {
    use versori_model::v1::{AuthSchemeType as S, CredentialType as C};

    /// `(scheme, credential types that satisfy it)`.
    pub const CREDENTIALS_FOR_SCHEME: &[(S, &[C])] = &[
        (S::None, &[C::None]),
        (S::ApiKey, &[C::String]),
        (S::BasicAuth, &[C::BasicAuth]),
        (
            S::OAuth2,
            &[
                C::OAuth2Client,
                C::OAuth2Code,
                C::OAuth2Password,
                C::OAuth2Token,
            ],
        ),
        (S::Hmac, &[C::String]),
        (S::Certificate, &[C::Certificate]),
        (S::JwtBearer, &[C::JwtBearer]),
        (S::CustomFunction, &[C::CustomFunction]),
    ];

    /// The credential types that satisfy `scheme`; `None` when the table has no row for it.
    pub fn credential_types_for(scheme: &S) -> Option<&'static [C]> {
        super::lookup(CREDENTIALS_FOR_SCHEME, scheme)
    }
}

/// The pairing for [v2](versori_model::v2).
pub mod v2 {
    use versori_model::v2::{AuthSchemeType as S, CredentialType as C};

    /// `(scheme, credential types that satisfy it)`. `jwt-bearer` and `secret` have no row:
    /// v2 has no credential type the API pairs with them.
    pub const CREDENTIALS_FOR_SCHEME: &[(S, &[C])] = &[
        (S::None, &[C::None]),
        (S::ApiKey, &[C::String]),
        (S::BasicAuth, &[C::BasicAuth]),
        (
            S::OAuth2,
            &[
                C::OAuth2Client,
                C::OAuth2Code,
                C::OAuth2Password,
                C::OAuth2Token,
            ],
        ),
        (S::Hmac, &[C::String]),
        (S::Certificate, &[C::Certificate]),
        (S::OAuth1, &[C::OAuth1, C::OAuth1Token]),
    ];

    /// The credential types that satisfy `scheme`; `None` when the table has no row for it.
    pub fn credential_types_for(scheme: &S) -> Option<&'static [C]> {
        super::lookup(CREDENTIALS_FOR_SCHEME, scheme)
    }
}

fn lookup<S: PartialEq, C>(
    table: &'static [(S, &'static [C])],
    scheme: &S,
) -> Option<&'static [C]> {
    table
        .iter()
        .find(|(row, _)| row == scheme)
        .map(|(_, accepted)| *accepted)
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_row_is_a_documented_scheme_once() {
        fn check<S: PartialEq + std::fmt::Debug, C>(
            table: &[(S, &[C])],
            is_known: impl Fn(&S) -> bool,
        ) {
            for (i, (scheme, accepted)) in table.iter().enumerate() {
                assert!(is_known(scheme), "{scheme:?}");
                assert!(!accepted.is_empty(), "{scheme:?}");
                assert!(
                    table[..i].iter().all(|(other, _)| other != scheme),
                    "{scheme:?} twice"
                );
            }
        }
        check(super::v1alpha1::CREDENTIALS_FOR_SCHEME, |s| s.is_known());
        check(super::v1::CREDENTIALS_FOR_SCHEME, |s| s.is_known());
        check(super::v2::CREDENTIALS_FOR_SCHEME, |s| s.is_known());
    }
}
