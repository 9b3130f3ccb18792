use versori_model::{Extra, Timestamp, v1, v1alpha1};

use super::auth_scheme_config::{
    ConfigOwner, FlowsClaim, Twin, derived_id, description_of, down_config, fill_identity,
    lose_identity, same_config, twin_id, up_config,
};
use super::credential::{CredentialOwner, TokenClient, down_credential, up_credential};
use super::{NEW, OLD};
use crate::cx::{Cx, Restore, Shape, to_value};

/// The v1alpha1 connection an environment belongs to, as [`up_environment`] needs it.
#[derive(Clone, Copy)]
pub(crate) struct EnvironmentOwner<'a> {
    /// The connection's organisation, which v1 credentials and grants require; `None` for a
    /// standalone environment (a credential's usages may still name one).
    pub(super) organisation_id: Option<&'a str>,
    /// The time down gives the credentials, since v1 keeps no credential timestamps: the
    /// connection's creation time, or a standalone environment's own. Credential timestamps
    /// equal to it are not a loss.
    pub(super) created_at: &'a Timestamp,
    /// The connection's auth scheme configs as read.
    pub(super) connection_configs: &'a [v1alpha1::AuthSchemeConfig],
    /// The same configs as up made them: a binding's copy of one takes its id.
    pub(super) connector_configs: &'a [v1::AuthSchemeConfig],
}

impl<'a> EnvironmentOwner<'a> {
    /// An environment read on its own: no organisation and no configs; its credentials are
    /// taken to date from `created_at`, the environment's own creation time.
    pub(crate) fn standalone(created_at: &'a Timestamp) -> Self {
        Self {
            organisation_id: None,
            created_at,
            connection_configs: &[],
            connector_configs: &[],
        }
    }
}

/// The v1 connector a connection belongs to, as [`down_connection`] needs it.
#[derive(Clone, Copy)]
pub(crate) struct ConnectionOwner<'a> {
    /// The connector's organisation (an equal credential `organisationId` is derived back by
    /// up and so is not a loss); `None` for a standalone connection.
    pub(super) organisation_id: Option<&'a str>,
    /// The time that stands in for the credential timestamps v1 does not keep: the
    /// connector's creation time, or a standalone connection's own.
    pub(super) created_at: &'a Timestamp,
    /// The connector-level configs as down wrote them, with the ids up will give them.
    pub(super) connector_configs: &'a [Twin],
}

impl<'a> ConnectionOwner<'a> {
    /// A connection read on its own: no organisation and no connector configs; its
    /// credentials' timestamps become `created_at`, the connection's own creation time.
    pub(crate) fn standalone(created_at: &'a Timestamp) -> Self {
        Self {
            organisation_id: None,
            created_at,
            connector_configs: &[],
        }
    }
}

/// v1alpha1 `environment` -> v1 `connection`, in the connection that `owner` describes.
pub(crate) fn up_environment(
    env: v1alpha1::Environment,
    owner: &EnvironmentOwner<'_>,
    cx: &mut Cx,
) -> v1::Connection {
    let credentials = cx.at("credentials", |cx| {
        let mut extra = env.credentials.extra;
        let restore = Restore::take(&mut extra, NEW, cx);
        let side = |list: Option<Vec<v1alpha1::EnvironmentCredential>>,
                        name: &str,
                        extra: &mut Extra,
                        cx: &mut Cx| {
            list.map(|list| {
                let mut out = Vec::new();
                for (i, b) in list.into_iter().enumerate() {
                    let at = out.len();
                    if cx.preserving() && is_google_service_account(&b.auth_scheme_config) {
                        // v1 has no config for it: the whole binding waits for the way back.
                        cx.at_source(name, |cx| {
                            cx.at_source(i, |cx| {
                                cx.lose_named(
                                    extra,
                                    OLD,
                                    &format!("{name}/{i}"),
                                    "",
                                    to_value(&b),
                                    "v1 has no google-service-account auth scheme config, so this credential binding has no v1 form",
                                );
                            });
                        });
                        continue;
                    }
                    out.push(cx.at(name, |cx| cx.at_as(i, at, |cx| up_binding(b, owner, cx))));
                }
                out
            })
        };
        let action = side(env.credentials.action, "action", &mut extra, cx);
        let trigger = side(env.credentials.trigger, "trigger", &mut extra, cx);
        cx.settle(
            &mut extra,
            restore,
            Shape::of::<v1alpha1::EnvironmentCredentials>(),
            Shape::of::<v1::ConnectionCredentials>(),
            OLD,
        );
        v1::ConnectionCredentials {
            action,
            trigger,
            extra,
        }
    });
    let variables = cx.at("variables", |cx| {
        env.variables
            .into_iter()
            .enumerate()
            .map(|(i, v)| cx.at(i, |cx| up_variable(v, cx)))
            .collect()
    });
    v1::Connection {
        id: env.id,
        name: env.name,
        credentials,
        variables,
        created_at: env.created_at,
        updated_at: env.updated_at,
        extra: cx.carry(
            env.extra,
            Shape::of::<v1alpha1::Environment>(),
            Shape::of::<v1::Connection>(),
            OLD,
            NEW,
        ),
    }
}

/// v1 `connection` -> v1alpha1 `environment`, in the connector that `owner` describes.
pub(crate) fn down_connection(
    c: v1::Connection,
    owner: &ConnectionOwner<'_>,
    cx: &mut Cx,
) -> v1alpha1::Environment {
    let credentials = cx.at("credentials", |cx| {
        let mut extra = c.credentials.extra;
        let mut restore = Restore::take(&mut extra, OLD, cx);
        let side = |list: Option<Vec<v1::ConnectionCredential>>,
                    name: &str,
                    restore: &mut Restore,
                    cx: &mut Cx| {
            let mut list: Option<Vec<v1alpha1::EnvironmentCredential>> = list.map(|list| {
                cx.at(name, |cx| {
                    list.into_iter()
                        .enumerate()
                        .map(|(i, b)| cx.at(i, |cx| down_binding(b, owner, cx)))
                        .collect()
                })
            });
            // Bindings a preserving up step kept aside, back at their places.
            for (i, key) in restore.indexed(name) {
                if let Some(binding) = restore.get::<v1alpha1::EnvironmentCredential>(&key) {
                    let items = list.get_or_insert_with(Vec::new);
                    items.insert(i.min(items.len()), binding);
                }
            }
            list
        };
        let action = side(c.credentials.action, "action", &mut restore, cx);
        let trigger = side(c.credentials.trigger, "trigger", &mut restore, cx);
        cx.settle(
            &mut extra,
            restore,
            Shape::of::<v1::ConnectionCredentials>(),
            Shape::of::<v1alpha1::EnvironmentCredentials>(),
            NEW,
        );
        v1alpha1::EnvironmentCredentials {
            action,
            trigger,
            extra,
        }
    });
    let variables = cx.at("variables", |cx| {
        c.variables
            .into_iter()
            .enumerate()
            .map(|(i, v)| cx.at(i, |cx| down_variable(v, cx)))
            .collect()
    });
    v1alpha1::Environment {
        id: c.id,
        name: c.name,
        credentials,
        variables,
        created_at: c.created_at,
        updated_at: c.updated_at,
        extra: cx.carry(
            c.extra,
            Shape::of::<v1::Connection>(),
            Shape::of::<v1alpha1::Environment>(),
            NEW,
            OLD,
        ),
    }
}

/// Whether a config is one v1 has no form for, which a preserving up step keeps aside whole.
pub(super) fn is_google_service_account(config: &v1alpha1::AuthSchemeConfig) -> bool {
    matches!(config, v1alpha1::AuthSchemeConfig::GoogleServiceAccount(_))
}

fn up_binding(
    b: v1alpha1::EnvironmentCredential,
    owner: &EnvironmentOwner<'_>,
    cx: &mut Cx,
) -> v1::ConnectionCredential {
    let EnvironmentOwner {
        organisation_id,
        created_at,
        connection_configs: source_configs,
        connector_configs: configs,
    } = *owner;
    let credential_type = b.credential.credential_type.clone();
    let org = organisation_id
        .map(str::to_owned)
        .or_else(|| usage_org(&b.credential));
    let auth_scheme_config = cx.at("authSchemeConfig", |cx| {
        // A copy of a connector-level config takes that config's id.
        let twin = source_configs
            .iter()
            .position(|c| same_config(c, &b.auth_scheme_config));
        let config_owner = ConfigOwner {
            organisation_id: org.as_deref(),
            binding_type: Some(&credential_type),
        };
        let produced = up_config(b.auth_scheme_config, &config_owner, cx);
        let Some((mut config, restored)) = produced.into_iter().next() else {
            return v1::AuthSchemeConfig::default();
        };
        match twin.and_then(|i| twin_id(source_configs, configs, i, &config)) {
            Some((id, description)) => fill_identity(&mut config, restored, id, description, None),
            None => {
                let (id, description) = derived_id(&config);
                fill_identity(&mut config, restored, id, description, Some(cx));
            }
        }
        config
    });
    let client = TokenClient::of(&auth_scheme_config);
    let credential_owner = CredentialOwner {
        organisation_id: org.as_deref(),
        created_at,
        token_client: client.as_ref(),
    };
    let credential = cx.at("credential", |cx| {
        up_credential(b.credential, &credential_owner, cx)
    });
    v1::ConnectionCredential {
        id: b.id,
        auth_scheme_config,
        credential,
        extra: cx.carry(
            b.extra,
            Shape::of::<v1alpha1::EnvironmentCredential>(),
            Shape::of::<v1::ConnectionCredential>(),
            OLD,
            NEW,
        ),
    }
}

fn down_binding(
    b: v1::ConnectionCredential,
    owner: &ConnectionOwner<'_>,
    cx: &mut Cx,
) -> v1alpha1::EnvironmentCredential {
    let client = TokenClient::of(&b.auth_scheme_config);
    // The organisation up gives this binding: the owner's, else the credential's usage's.
    let usage_org = b
        .credential
        .usages
        .as_ref()
        .and_then(|u| u.first())
        .map(|u| u.connection.connector.organisation_id.clone());
    let org = owner.organisation_id.map(str::to_owned).or(usage_org);
    let org = org.as_deref();
    let auth_scheme_config = cx.at("authSchemeConfig", |cx| {
        let config = b.auth_scheme_config;
        // Up gives a copy the id of an identical connector-level config, else the derived one.
        let (id, description) = (
            config.id().map(str::to_owned),
            description_of(&config).map(str::to_owned),
        );
        let Some((mut converted, derived)) = down_config(config, org, FlowsClaim::Any, cx) else {
            return v1alpha1::AuthSchemeConfig::default();
        };
        let kind = derived.0.clone();
        let twin = owner
            .connector_configs
            .iter()
            .find(|t| same_config(&t.converted, &converted))
            .and_then(|t| t.ids.iter().find(|(k, _, _)| *k == kind));
        let (expected_id, expected_description) = match twin {
            Some((_, id, description)) => (id.clone(), description.clone()),
            None => derived,
        };
        lose_identity(
            &mut converted,
            id.as_deref(),
            description.as_deref(),
            (&expected_id, &expected_description),
            cx,
        );
        converted
    });
    let credential_owner = CredentialOwner {
        organisation_id: org,
        created_at: owner.created_at,
        token_client: client.as_ref(),
    };
    let credential = cx.at("credential", |cx| {
        down_credential(b.credential, &credential_owner, cx)
    });
    v1alpha1::EnvironmentCredential {
        id: b.id,
        auth_scheme_config,
        credential,
        extra: cx.carry(
            b.extra,
            Shape::of::<v1::ConnectionCredential>(),
            Shape::of::<v1alpha1::EnvironmentCredential>(),
            NEW,
            OLD,
        ),
    }
}

fn usage_org(credential: &v1alpha1::Credential) -> Option<String> {
    credential
        .usages
        .as_ref()?
        .first()
        .map(|u| u.environment.connection.organisation_id.clone())
}

pub(super) fn up_variable(v: v1alpha1::EnvironmentVariable, cx: &mut Cx) -> v1::ConnectionVariable {
    v1::ConnectionVariable {
        name: v.name,
        value: v.value,
        extra: cx.carry(
            v.extra,
            Shape::of::<v1alpha1::EnvironmentVariable>(),
            Shape::of::<v1::ConnectionVariable>(),
            OLD,
            NEW,
        ),
    }
}

pub(super) fn down_variable(
    v: v1::ConnectionVariable,
    cx: &mut Cx,
) -> v1alpha1::EnvironmentVariable {
    v1alpha1::EnvironmentVariable {
        name: v.name,
        value: v.value,
        extra: cx.carry(
            v.extra,
            Shape::of::<v1::ConnectionVariable>(),
            Shape::of::<v1alpha1::EnvironmentVariable>(),
            NEW,
            OLD,
        ),
    }
}
