//! The JSON names of each model type's own fields ([`Fields`]), for tools that move unknown keys
//! between types (a migration must not let an unknown key of one version become a known field of
//! the next).

/// A model type's own fields, by their JSON names.
///
/// `FIELDS` lists the keys the type reads and writes itself, sorted; not the keys of its
/// flattened `extra` (those are unknown by definition), and not the tag of the union the type is
/// a variant of (`schemeType`, `grantType`): the union knows its tag, the variant does not. A
/// test compares every list with the type's JSON Schema, so a field added to a type without
/// being added here fails the build's tests.
///
/// ```
/// use versori_model::{Fields, v1};
///
/// assert!(v1::Connector::is_field("public"));
/// assert!(!v1::Connector::is_field("x-team"));
/// ```
pub trait Fields {
    /// The JSON names of the type's own fields, sorted.
    const FIELDS: &'static [&'static str];

    /// Whether `key` is one of [`Fields::FIELDS`].
    fn is_field(key: &str) -> bool {
        Self::FIELDS.binary_search(&key).is_ok()
    }
}

macro_rules! fields {
    ($($ty:ty => [$($field:literal),* $(,)?];)+) => {
        $(impl Fields for $ty {
            const FIELDS: &'static [&'static str] = &[$($field),*];
        })+

        /// Every type's name, its list, and (with schemars) its schema's property names.
        #[cfg(all(test, feature = "schemars"))]
        fn every_list() -> Vec<(&'static str, &'static [&'static str], Vec<String>)> {
            vec![$((
                stringify!($ty),
                <$ty as Fields>::FIELDS,
                {
                    let schema = serde_json::to_value(schemars::schema_for!($ty)).unwrap_or_default();
                    let mut keys: Vec<String> = schema
                        .get("properties")
                        .and_then(serde_json::Value::as_object)
                        .map(|p| p.keys().cloned().collect())
                        .unwrap_or_default();
                    keys.sort();
                    keys
                },
            )),+]
        }
    };
}

fields! {
    crate::v1::ApiKeyConfig => ["description", "id", "in", "name", "validationMessages"];
    crate::v1::BasicAuthConfig => ["description", "id", "validationMessages"];
    crate::v1::BinaryData => ["valueBase64"];
    crate::v1::CertificateConfig => ["description", "id", "validationMessages"];
    crate::v1::CertificateData => ["ca", "certificate", "key"];
    crate::v1::ClientCredentialsGrant => [];
    crate::v1::Connection => ["createdAt", "credentials", "id", "name", "updatedAt", "variables"];
    crate::v1::ConnectionCredential => ["authSchemeConfig", "credential", "id"];
    crate::v1::ConnectionCredentials => ["action", "trigger"];
    crate::v1::ConnectionVariable => ["name", "value"];
    crate::v1::Connector => ["authSchemeConfigs", "baseUrl", "connectionVariables", "connections", "createdAt", "datasetId", "documentationURL", "id", "imageURL", "name", "organisationId", "protocol", "public", "tags", "updatedAt", "versions"];
    crate::v1::ConnectorSummary => ["createdAt", "id", "name", "organisationId", "protocol", "updatedAt"];
    crate::v1::ConnectorUpdate => ["authSchemeConfigIds", "baseUrl", "connectionVariables", "datasetId", "documentationURL", "id", "imageURL", "name", "organisationId", "protocol", "public", "tags"];
    crate::v1::ConnectorVersion => ["createdAt", "description", "id", "isDefault", "isLatest", "messages", "name", "publishedAt", "updatedAt"];
    crate::v1::Credential => ["data", "errors", "expiresAt", "id", "name", "organisationId", "type", "usages"];
    crate::v1::CredentialCreate => ["data", "name", "type"];
    crate::v1::CredentialUsage => ["connection"];
    crate::v1::CredentialUsageConnection => ["connector", "createdAt", "id", "name", "updatedAt"];
    crate::v1::Error => ["code", "details", "fields", "message"];
    crate::v1::ErrorField => ["field", "message"];
    crate::v1::GrantCredentials => ["clientId", "clientSecret", "credentialId", "organisationId"];
    crate::v1::HmacConfig => ["algorithm", "description", "digestInputs", "id", "in", "name", "validationMessages"];
    crate::v1::NoneConfig => ["description", "id", "validationMessages"];
    crate::v1::NoneData => [];
    crate::v1::OAuth2ClientData => ["additionalParams", "authorizeUrl", "clientId", "clientSecret", "mTLSCredentialId", "mTLSEnabled", "scopes", "tokenUrl"];
    crate::v1::OAuth2CodeData => ["code", "state"];
    crate::v1::OAuth2Config => ["additionalAuthorizeParams", "additionalTokenParams", "authorizeUrl", "defaultScopes", "description", "grant", "id", "mtlsCredentialId", "mtlsEnabled", "scopes", "tokenUrl", "validationMessages"];
    crate::v1::OAuth2Scope => ["description", "name"];
    crate::v1::OAuth2TokenData => ["accessToken", "refreshToken", "scopes"];
    crate::v1::StringData => ["value"];
    crate::v1::UsernamePasswordData => ["password", "username"];
    crate::v1alpha1::ApiKeyConfig => ["in", "name"];
    crate::v1alpha1::AuthorizationCodeFlow => ["applicationCredential"];
    crate::v1alpha1::BasicAuthData => ["password", "username"];
    crate::v1alpha1::BinaryData => ["valueBase64"];
    crate::v1alpha1::ClientCredentialsFlow => [];
    crate::v1alpha1::Connection => ["authSchemeConfigs", "baseUrl", "createdAt", "datasetId", "environmentVariables", "environments", "id", "name", "organisationId", "protocol", "updatedAt", "versions"];
    crate::v1alpha1::ConnectionSummary => ["createdAt", "id", "name", "organisationId", "protocol", "updatedAt"];
    crate::v1alpha1::ConnectionUpdate => ["authSchemeConfigs", "baseUrl", "datasetId", "environmentVariables", "environments", "id", "name", "organisationId", "protocol"];
    crate::v1alpha1::ConnectionVersion => ["createdAt", "description", "id", "isDefault", "isLatest", "name", "publishedAt", "updatedAt"];
    crate::v1alpha1::Credential => ["createdAt", "data", "errors", "id", "name", "type", "updatedAt", "usages"];
    crate::v1alpha1::CredentialCreate => ["data", "name", "type"];
    crate::v1alpha1::CredentialUsage => ["environment"];
    crate::v1alpha1::CredentialUsageEnvironment => ["connection", "createdAt", "id", "name", "slug", "updatedAt"];
    crate::v1alpha1::Environment => ["createdAt", "credentials", "id", "name", "updatedAt", "variables"];
    crate::v1alpha1::EnvironmentCreate => ["credentials", "name", "variables"];
    crate::v1alpha1::EnvironmentCredential => ["authSchemeConfig", "credential", "id"];
    crate::v1alpha1::EnvironmentCredentialCreate => ["authSchemeConfig", "credential"];
    crate::v1alpha1::EnvironmentCredentialUpdate => ["authSchemeConfig", "id"];
    crate::v1alpha1::EnvironmentCredentials => ["action", "trigger"];
    crate::v1alpha1::EnvironmentCredentialsCreate => ["action", "trigger"];
    crate::v1alpha1::EnvironmentCredentialsUpdate => ["action", "trigger"];
    crate::v1alpha1::EnvironmentUpdate => ["credentials", "id", "name", "variables"];
    crate::v1alpha1::EnvironmentVariable => ["name", "value"];
    crate::v1alpha1::Error => ["cause", "code", "fields", "message"];
    crate::v1alpha1::ErrorField => ["field", "message"];
    crate::v1alpha1::HmacConfig => ["algorithm", "digestInputs", "in", "name"];
    crate::v1alpha1::InferredReference => ["id"];
    crate::v1alpha1::NoneData => [];
    crate::v1alpha1::OAuth2ClientData => ["additionalParams", "authorizeUrl", "clientId", "clientSecret", "scopes", "tokenUrl"];
    crate::v1alpha1::OAuth2Config => ["authorizeUrl", "flows", "scopes", "tokenUrl"];
    crate::v1alpha1::OAuth2Flows => ["authorizationCode", "clientCredentials"];
    crate::v1alpha1::OAuth2Scope => ["description", "name"];
    crate::v1alpha1::OAuth2TokenData => ["accessToken", "additionalParams", "authorizeUrl", "clientId", "clientSecret", "refreshToken", "scopes", "tokenUrl"];
    crate::v1alpha1::PlaceholderConfig => [];
    crate::v1alpha1::StringData => ["value"];
    crate::v2::AdditionalParam => ["name", "value"];
    crate::v2::ApiKeyConfig => ["description", "id", "in", "name", "validationMessages"];
    crate::v2::AuthSchemeConfig => ["apiKey", "basicAuth", "certificate", "hmac", "none", "oauth1", "oauth2", "type"];
    crate::v2::BinaryData => ["valueBase64"];
    crate::v2::CertificateData => ["ca", "certificate", "key"];
    crate::v2::ClientCredentialsGrant => [];
    crate::v2::ConfigBase => ["description", "id", "validationMessages"];
    crate::v2::Connection => ["baseUrl", "connectionTemplateId", "createdAt", "credentials", "id", "name", "systemId", "updatedAt"];
    crate::v2::ConnectionCredential => ["authSchemeConfig", "credential", "id"];
    crate::v2::ConnectionTemplate => ["authSchemeConfigs", "connectionTemplateId", "domain", "dynamic", "id", "name", "templateBaseUrl"];
    crate::v2::Credential => ["data", "errors", "expiresAt", "id", "name", "organisationId", "type"];
    crate::v2::CredentialData => ["basicAuth", "binary", "certificate", "none", "oauth1", "oauth1Token", "oauth2Client", "oauth2Code", "oauth2Password", "oauth2Token", "string"];
    crate::v2::Endpoint => ["additionalParamConfigs", "parameterTransmission", "url"];
    crate::v2::Error => ["code", "details", "fields", "message"];
    crate::v2::ErrorField => ["field", "message"];
    crate::v2::Grant => ["authorizationCode", "clientCredentials", "password", "type"];
    crate::v2::GrantCredentials => ["clientId", "clientSecret", "credentialId", "organisationId"];
    crate::v2::HmacConfig => ["algorithm", "description", "digestInputs", "encoding", "id", "in", "name", "validationMessages"];
    crate::v2::LinkSystem => ["dynamic", "environmentId", "name", "systemId"];
    crate::v2::NoneData => [];
    crate::v2::OAuth1Config => ["consumerKey", "consumerSecret", "credentialId", "description", "id", "resourceOwnerAuthorizationEndpoint", "signatureMethod", "tempCredentialEndpoint", "tokenAuth", "tokenEndpoint", "validationMessages"];
    crate::v2::OAuth1Data => ["oauthToken", "oauthVerifier", "state"];
    crate::v2::OAuth1TokenData => ["additionalParams", "token", "tokenSecret"];
    crate::v2::OAuth2ClientData => ["additionalParams", "clientId", "clientSecret", "mTLSCredentialId", "mTLSEnabled", "scopes", "tokenUrl"];
    crate::v2::OAuth2CodeData => ["additionalParams", "code", "redirectUrl", "state"];
    crate::v2::OAuth2Config => ["additionalAuthorizeParams", "additionalTokenParams", "authorizeUrl", "defaultScopes", "description", "grant", "id", "mtlsCredentialId", "mtlsEnabled", "pkce", "scopes", "tokenUrl", "validationMessages"];
    crate::v2::OAuth2Scope => ["description", "name"];
    crate::v2::OAuth2TokenData => ["accessToken", "expiresAt", "refreshToken", "scopes", "tokenType"];
    crate::v2::ParameterConfig => ["location", "modifiable", "parameterName", "required", "targetName", "usages"];
    crate::v2::StringData => ["value"];
    crate::v2::System => ["authSchemeConfigs", "domain", "id", "name", "templateBaseUrl"];
    crate::v2::SystemExport => ["connections", "system"];
    crate::v2::UsernamePasswordData => ["password", "username"];
    crate::common::Message => ["detail", "severity", "text"];
}

#[cfg(all(test, feature = "schemars"))]
mod tests {
    use super::*;

    #[test]
    fn every_list_is_sorted_and_matches_the_schema() {
        for (name, fields, schema) in every_list() {
            assert!(fields.windows(2).all(|w| w[0] < w[1]), "{name}: not sorted");
            assert_eq!(
                fields,
                schema.as_slice(),
                "{name}: FIELDS differs from its schema"
            );
        }
    }
}
