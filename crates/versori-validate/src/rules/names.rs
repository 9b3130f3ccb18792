//! The JSON names rules descend by and report at, exactly as the API spells them.
//!
//! Paths are built from these, never from Rust field names; a test checks that each one is a
//! property of some model type's schema, so a typo cannot slip in.

pub(crate) const ACCESS_TOKEN: &str = "accessToken";
pub(crate) const ACTION: &str = "action";
pub(crate) const ADDITIONAL_PARAMS: &str = "additionalParams";
pub(crate) const ADDITIONAL_PARAM_CONFIGS: &str = "additionalParamConfigs";
pub(crate) const ALGORITHM: &str = "algorithm";
pub(crate) const API_KEY: &str = "apiKey";
pub(crate) const APPLICATION_CREDENTIAL: &str = "applicationCredential";
pub(crate) const AUTHORIZATION_CODE: &str = "authorizationCode";
pub(crate) const AUTHORIZE_URL: &str = "authorizeUrl";
pub(crate) const AUTH_SCHEME_CONFIG: &str = "authSchemeConfig";
pub(crate) const AUTH_SCHEME_CONFIGS: &str = "authSchemeConfigs";
pub(crate) const AUTH_SCHEME_CONFIG_IDS: &str = "authSchemeConfigIds";
pub(crate) const BASE_URL: &str = "baseUrl";
pub(crate) const BASIC_AUTH: &str = "basicAuth";
pub(crate) const BINARY: &str = "binary";
pub(crate) const CERTIFICATE: &str = "certificate";
pub(crate) const CLIENT_CREDENTIALS: &str = "clientCredentials";
pub(crate) const CLIENT_SECRET: &str = "clientSecret";
pub(crate) const CODE: &str = "code";
pub(crate) const CONNECTION: &str = "connection";
pub(crate) const CONNECTIONS: &str = "connections";
pub(crate) const CONNECTION_VARIABLES: &str = "connectionVariables";
pub(crate) const CONNECTOR: &str = "connector";
pub(crate) const CONSUMER_SECRET: &str = "consumerSecret";
pub(crate) const CREATED_AT: &str = "createdAt";
pub(crate) const CREDENTIAL: &str = "credential";
pub(crate) const CREDENTIALS: &str = "credentials";
pub(crate) const CREDENTIAL_ID: &str = "credentialId";
pub(crate) const DATA: &str = "data";
pub(crate) const DATASET_ID: &str = "datasetId";
pub(crate) const DEFAULT_SCOPES: &str = "defaultScopes";
pub(crate) const DIGEST_INPUTS: &str = "digestInputs";
pub(crate) const DOCUMENTATION_URL: &str = "documentationURL";
pub(crate) const ENCODING: &str = "encoding";
pub(crate) const ENVIRONMENT: &str = "environment";
pub(crate) const ENVIRONMENTS: &str = "environments";
pub(crate) const ENVIRONMENT_VARIABLES: &str = "environmentVariables";
pub(crate) const EXPIRES_AT: &str = "expiresAt";
pub(crate) const FLOWS: &str = "flows";
pub(crate) const GRANT: &str = "grant";
pub(crate) const GRANT_TYPE: &str = "grantType";
pub(crate) const HMAC: &str = "hmac";
pub(crate) const ID: &str = "id";
pub(crate) const IMAGE_URL: &str = "imageURL";
pub(crate) const IN: &str = "in";
pub(crate) const IS_DEFAULT: &str = "isDefault";
pub(crate) const IS_LATEST: &str = "isLatest";
pub(crate) const KEY: &str = "key";
pub(crate) const LOCATION: &str = "location";
pub(crate) const MESSAGES: &str = "messages";
pub(crate) const MTLS_CREDENTIAL_ID: &str = "mtlsCredentialId";
pub(crate) const MTLS_CREDENTIAL_ID_CREDENTIAL: &str = "mTLSCredentialId";
pub(crate) const MTLS_ENABLED: &str = "mtlsEnabled";
pub(crate) const MTLS_ENABLED_CREDENTIAL: &str = "mTLSEnabled";
pub(crate) const NAME: &str = "name";
pub(crate) const NONE: &str = "none";
pub(crate) const OAUTH1: &str = "oauth1";
pub(crate) const OAUTH1_TOKEN: &str = "oauth1Token";
pub(crate) const OAUTH2: &str = "oauth2";
pub(crate) const OAUTH2_CLIENT: &str = "oauth2Client";
pub(crate) const OAUTH2_CODE: &str = "oauth2Code";
pub(crate) const OAUTH2_PASSWORD: &str = "oauth2Password";
pub(crate) const OAUTH2_TOKEN: &str = "oauth2Token";
pub(crate) const OAUTH_TOKEN: &str = "oauthToken";
pub(crate) const OAUTH_VERIFIER: &str = "oauthVerifier";
pub(crate) const ORGANISATION_ID: &str = "organisationId";
pub(crate) const PARAMETER_TRANSMISSION: &str = "parameterTransmission";
pub(crate) const PASSWORD: &str = "password";
pub(crate) const PROTOCOL: &str = "protocol";
pub(crate) const PUBLISHED_AT: &str = "publishedAt";
pub(crate) const REDIRECT_URL: &str = "redirectUrl";
pub(crate) const REFRESH_TOKEN: &str = "refreshToken";
pub(crate) const RESOURCE_OWNER_AUTHORIZATION_ENDPOINT: &str = "resourceOwnerAuthorizationEndpoint";
pub(crate) const SCHEME_TYPE: &str = "schemeType";
pub(crate) const SCOPES: &str = "scopes";
pub(crate) const SEVERITY: &str = "severity";
pub(crate) const SIGNATURE_METHOD: &str = "signatureMethod";
pub(crate) const STRING: &str = "string";
pub(crate) const SYSTEM: &str = "system";
pub(crate) const SYSTEM_ID: &str = "systemId";
pub(crate) const TEMPLATE_BASE_URL: &str = "templateBaseUrl";
pub(crate) const TEMP_CREDENTIAL_ENDPOINT: &str = "tempCredentialEndpoint";
pub(crate) const TOKEN: &str = "token";
pub(crate) const TOKEN_ENDPOINT: &str = "tokenEndpoint";
pub(crate) const TOKEN_SECRET: &str = "tokenSecret";
pub(crate) const TOKEN_URL: &str = "tokenUrl";
pub(crate) const TRIGGER: &str = "trigger";
pub(crate) const TYPE: &str = "type";
pub(crate) const UPDATED_AT: &str = "updatedAt";
pub(crate) const URL: &str = "url";
pub(crate) const USAGES: &str = "usages";
pub(crate) const VALIDATION_MESSAGES: &str = "validationMessages";
pub(crate) const VALUE: &str = "value";
pub(crate) const VALUE_BASE64: &str = "valueBase64";
pub(crate) const VARIABLES: &str = "variables";
pub(crate) const VERSIONS: &str = "versions";

/// Every name above, for the test.
#[cfg(test)]
pub(crate) const ALL: &[&str] = &[
    ACCESS_TOKEN,
    ACTION,
    ADDITIONAL_PARAMS,
    ADDITIONAL_PARAM_CONFIGS,
    ALGORITHM,
    API_KEY,
    APPLICATION_CREDENTIAL,
    AUTHORIZATION_CODE,
    AUTHORIZE_URL,
    AUTH_SCHEME_CONFIG,
    AUTH_SCHEME_CONFIGS,
    AUTH_SCHEME_CONFIG_IDS,
    BASE_URL,
    BASIC_AUTH,
    BINARY,
    CERTIFICATE,
    CLIENT_CREDENTIALS,
    CLIENT_SECRET,
    CODE,
    CONNECTION,
    CONNECTIONS,
    CONNECTION_VARIABLES,
    CONNECTOR,
    CONSUMER_SECRET,
    CREATED_AT,
    CREDENTIAL,
    CREDENTIALS,
    CREDENTIAL_ID,
    DATA,
    DATASET_ID,
    DEFAULT_SCOPES,
    DIGEST_INPUTS,
    DOCUMENTATION_URL,
    ENCODING,
    ENVIRONMENT,
    ENVIRONMENTS,
    ENVIRONMENT_VARIABLES,
    EXPIRES_AT,
    FLOWS,
    GRANT,
    GRANT_TYPE,
    HMAC,
    ID,
    IMAGE_URL,
    IN,
    IS_DEFAULT,
    IS_LATEST,
    KEY,
    LOCATION,
    MESSAGES,
    MTLS_CREDENTIAL_ID,
    MTLS_CREDENTIAL_ID_CREDENTIAL,
    MTLS_ENABLED,
    MTLS_ENABLED_CREDENTIAL,
    NAME,
    NONE,
    OAUTH1,
    OAUTH1_TOKEN,
    OAUTH2,
    OAUTH2_CLIENT,
    OAUTH2_CODE,
    OAUTH2_PASSWORD,
    OAUTH2_TOKEN,
    OAUTH_TOKEN,
    OAUTH_VERIFIER,
    ORGANISATION_ID,
    PARAMETER_TRANSMISSION,
    PASSWORD,
    PROTOCOL,
    PUBLISHED_AT,
    REDIRECT_URL,
    REFRESH_TOKEN,
    RESOURCE_OWNER_AUTHORIZATION_ENDPOINT,
    SCHEME_TYPE,
    SCOPES,
    SEVERITY,
    SIGNATURE_METHOD,
    STRING,
    SYSTEM,
    SYSTEM_ID,
    TEMPLATE_BASE_URL,
    TEMP_CREDENTIAL_ENDPOINT,
    TOKEN,
    TOKEN_ENDPOINT,
    TOKEN_SECRET,
    TOKEN_URL,
    TRIGGER,
    TYPE,
    UPDATED_AT,
    URL,
    USAGES,
    VALIDATION_MESSAGES,
    VALUE,
    VALUE_BASE64,
    VARIABLES,
    VERSIONS,
];

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use serde_json::Value;
    use versori_model::ApiVersion;

    fn property_names(value: &Value, out: &mut BTreeSet<String>) {
        match value {
            Value::Object(map) => {
                if let Some(Value::Object(properties)) = map.get("properties") {
                    out.extend(properties.keys().cloned());
                }
                map.values().for_each(|v| property_names(v, out));
            }
            Value::Array(items) => items.iter().for_each(|v| property_names(v, out)),
            _ => {}
        }
    }

    #[test]
    fn every_name_is_a_property_of_the_model() {
        let mut known = BTreeSet::new();
        for version in ApiVersion::ALL {
            for kind in version.kinds() {
                let schema =
                    versori_schema::export(*version, *kind, versori_schema::Variant::Strict)
                        .expect("every kind has a schema");
                property_names(schema.as_value(), &mut known);
            }
        }
        for name in super::ALL {
            assert!(
                known.contains(*name),
                "`{name}` is no property of any model type"
            );
        }
    }
}
