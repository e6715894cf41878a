//! Writing actions and modules: the service's limits, checked before anything is sent, and what a new
//! action starts from (template code, a realistic test event per trigger). Pure but for the two
//! calls every draft change makes (read the draft again, send the change); shared by the dashboard,
//! the CLI and the emulator.

use serde_json::{json, Value};

use crate::backend::Backend;
use crate::model::BackendResult;
use crate::model::{Action, Dependency, DraftChange, DraftState, SecretInput};
use crate::strings::authoring as s;

// The limits live in `model::limits`; these names stay for the callers not yet moved.
pub use crate::model::limits::{
    MAX_ACTION_CODE_BYTES, MAX_DEPENDENCIES, MAX_DEPENDENCY_VERSION_CHARS, MAX_MODULE_CODE_CHARS,
    MAX_NAME_CHARS, MAX_SECRETS, MAX_SECRET_VALUE_CHARS,
};

/// Whose code: the limits differ (a shared contract: it lives in `model`).
pub use crate::model::Owner;

/// The draft as the service has it now: compared with the one a change was made from, it says
/// whether another client changed it meanwhile.
pub async fn read_draft(
    backend: &dyn Backend,
    owner: Owner,
    id: &str,
) -> BackendResult<DraftState> {
    Ok(match owner {
        Owner::Action => DraftState::of_action(&backend.get_action(id).await?),
        Owner::Module => DraftState::of_module(&backend.get_module(id).await?),
    })
}

/// Sends a draft change (never retried); an action comes back as the service now has it.
pub async fn send_draft_change(
    backend: &dyn Backend,
    owner: Owner,
    id: &str,
    change: &DraftChange,
) -> BackendResult<Option<Action>> {
    Ok(match owner {
        Owner::Action => Some(backend.update_action(id, change).await?),
        Owner::Module => {
            backend.update_module(id, change).await?;
            None
        }
    })
}

/// Refuses code the service would refuse, in words, before it is sent.
pub fn check_code(owner: Owner, code: &str) -> Result<(), String> {
    match owner {
        Owner::Action if code.len() > MAX_ACTION_CODE_BYTES => {
            Err(s::action_code_too_long(code.len()))
        }
        Owner::Module => {
            let chars = code.chars().count();
            if chars > MAX_MODULE_CODE_CHARS {
                Err(s::module_code_too_long(chars))
            } else {
                Ok(())
            }
        }
        Owner::Action => Ok(()),
    }
}

/// A module's or action's name: not empty, at most 255 characters, no control characters.
pub fn check_name(name: &str) -> Result<(), String> {
    let name_chars = name.chars().count();
    if name.trim().is_empty() {
        return Err(s::NAME_EMPTY.to_string());
    }
    if name_chars > MAX_NAME_CHARS {
        return Err(s::name_too_long(name_chars));
    }
    if name.chars().any(char::is_control) {
        return Err(s::NAME_CONTROL.to_string());
    }
    Ok(())
}

/// `lodash@4.17.21`, `@scope/pkg@1.2.3`: the version follows the LAST `@` that is not the first
/// character.
pub fn parse_dependency(text: &str) -> Result<Dependency, String> {
    let text = text.trim();
    let split = text
        .char_indices()
        .skip(1)
        .filter(|(_, c)| *c == '@')
        .map(|(i, _)| i)
        .last();
    let Some(at) = split else {
        return Err(s::dependency_needs_version(text));
    };
    let (name, version) = (&text[..at], &text[at + 1..]);
    if name.is_empty() || version.is_empty() || name.contains(char::is_whitespace) {
        return Err(s::dependency_needs_version(text));
    }
    Ok(Dependency {
        name: name.to_string(),
        version: version.to_string(),
    })
}

pub fn check_dependencies(dependencies: &[Dependency]) -> Result<(), String> {
    if dependencies.len() > MAX_DEPENDENCIES {
        return Err(s::too_many_dependencies(dependencies.len()));
    }
    for (i, d) in dependencies.iter().enumerate() {
        if d.name.chars().count() > MAX_NAME_CHARS
            || d.version.chars().count() > MAX_DEPENDENCY_VERSION_CHARS
        {
            return Err(s::dependency_too_long(&d.name));
        }
        if dependencies[..i].iter().any(|e| e.name == d.name) {
            return Err(s::dependency_twice(&d.name));
        }
    }
    Ok(())
}

/// The secret list as it will be sent: at most 30, names unique and valid, values within 4 096
/// characters. (The values are checked, never shown.)
pub fn check_secrets(secrets: &[SecretInput]) -> Result<(), String> {
    if secrets.len() > MAX_SECRETS {
        return Err(s::too_many_secrets(secrets.len()));
    }
    for (i, secret) in secrets.iter().enumerate() {
        if !is_secret_name(&secret.name) {
            return Err(s::secret_name_invalid(&secret.name));
        }
        if secrets[..i].iter().any(|e| e.name == secret.name) {
            return Err(s::secret_twice(&secret.name));
        }
        if let Some(value) = &secret.value {
            let chars = value.expose().chars().count();
            if chars == 0 {
                return Err(s::secret_value_empty(&secret.name));
            }
            if chars > MAX_SECRET_VALUE_CHARS {
                return Err(s::secret_value_too_long(&secret.name));
            }
        }
    }
    Ok(())
}

/// What `owner`'s API accepts of a secret list being sent. An action's secret listed by name alone
/// keeps its value; a module's cannot (its schema requires `value`): when a module's secrets change,
/// every secret it keeps needs its value again.
pub fn check_secrets_sendable(owner: Owner, secrets: &[SecretInput]) -> Result<(), String> {
    let without: Vec<&str> = secrets
        .iter()
        .filter(|s| s.value.is_none())
        .map(|s| s.name.as_str())
        .collect();
    match owner {
        Owner::Module if !without.is_empty() => Err(s::module_secrets_need_values(&without)),
        _ => Ok(()),
    }
}

/// Secret names are read as `event.secrets.NAME`: letters, digits, `_` and `-`, 1–255 characters.
pub fn is_secret_name(name: &str) -> bool {
    !name.is_empty()
        && name.chars().count() <= MAX_NAME_CHARS
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// The exported handler a trigger calls, as Auth0's templates name it.
fn handler(trigger_id: &str) -> Option<(&'static str, &'static str)> {
    Some(match trigger_id {
        "post-login" => ("onExecutePostLogin", "event, api"),
        "credentials-exchange" => ("onExecuteCredentialsExchange", "event, api"),
        "pre-user-registration" => ("onExecutePreUserRegistration", "event, api"),
        "post-user-registration" => ("onExecutePostUserRegistration", "event, api"),
        "post-change-password" => ("onExecutePostChangePassword", "event, api"),
        "send-phone-message" => ("onExecuteSendPhoneMessage", "event, api"),
        "custom-phone-provider" => ("onExecuteCustomPhoneProvider", "event, api"),
        "custom-email-provider" => ("onExecuteCustomEmailProvider", "event, api"),
        "password-reset-post-challenge" => ("onExecutePostChallenge", "event, api"),
        "custom-token-exchange" => ("onExecuteCustomTokenExchange", "event, api"),
        "login-post-identifier" | "signup-post-identifier" => {
            ("onExecutePostIdentifier", "event, api")
        }
        "password-hash-migration" => ("onExecutePasswordHashMigration", "event, api"),
        "event-stream" => ("onExecuteEventStream", "event, api"),
        _ => return None,
    })
}

/// What a new action's code starts as: the trigger's handler, empty, with a pointer to the docs.
pub fn template(trigger_id: &str) -> String {
    match handler(trigger_id) {
        Some((name, args)) => s::handler_template(trigger_id, name, args),
        None => s::unknown_handler_template(trigger_id),
    }
}

fn user() -> Value {
    json!({
        "user_id": "auth0|5f7c8ec7c33c6c004bbafe82",
        "email": "jane.doe@example.com",
        "email_verified": true,
        "name": "Jane Doe",
        "given_name": "Jane",
        "family_name": "Doe",
        "nickname": "jane",
        "picture": "https://s.gravatar.com/avatar/jane.png",
        "created_at": "2024-05-01T09:12:44.000Z",
        "updated_at": "2026-11-30T17:03:10.000Z",
        "last_password_reset": "2026-10-02T08:00:00.000Z",
        "app_metadata": {},
        "user_metadata": { "locale": "en" },
        "identities": [{
            "provider": "auth0",
            "connection": "Username-Password-Authentication",
            "user_id": "5f7c8ec7c33c6c004bbafe82",
            "isSocial": false
        }]
    })
}

fn request() -> Value {
    json!({
        "ip": "203.0.113.42",
        "method": "POST",
        "hostname": "example.eu.auth0.com",
        "language": "en",
        "user_agent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36",
        "geoip": {
            "cityName": "Berlin",
            "continentCode": "EU",
            "countryCode": "DE",
            "countryCode3": "DEU",
            "countryName": "Germany",
            "latitude": 52.52,
            "longitude": 13.405,
            "timeZone": "Europe/Berlin"
        },
        "query": {},
        "body": {}
    })
}

fn client() -> Value {
    json!({
        "client_id": "Ab3kP9qRstUvWxYz01234567",
        "name": "My App",
        "metadata": {}
    })
}

fn tenant() -> Value {
    json!({ "id": "example" })
}

/// A realistic event for a trigger, prefilled in the test payload editor (the shapes of Auth0's
/// "Test" tab; the values are made up).
pub fn sample_event(trigger_id: &str) -> Value {
    match trigger_id {
        "post-login" => json!({
            "user": user(),
            "request": request(),
            "client": client(),
            "connection": {
                "id": "con_fpe5kj482KO1eOzQ",
                "name": "Username-Password-Authentication",
                "strategy": "auth0",
                "metadata": {}
            },
            "organization": null,
            "stats": { "logins_count": 12 },
            "authentication": {
                "methods": [{ "name": "pwd", "timestamp": "2026-12-01T09:00:00.000Z" }]
            },
            "authorization": { "roles": [] },
            "resource_server": { "identifier": "https://api.example.com" },
            "transaction": {
                "acr_values": [],
                "locale": "en",
                "protocol": "oidc-basic-profile",
                "requested_scopes": ["openid", "profile", "email"],
                "ui_locales": []
            },
            "tenant": tenant(),
            "secrets": {}
        }),
        "credentials-exchange" => json!({
            "accessToken": { "customClaims": {}, "scope": ["read:things"] },
            "client": client(),
            "request": request(),
            "resource_server": { "id": "5f9a6b2c1d3e4f0012345678", "identifier": "https://api.example.com" },
            "tenant": tenant(),
            "transaction": { "requested_scopes": ["read:things"] },
            "secrets": {}
        }),
        "pre-user-registration" => json!({
            "user": {
                "email": "jane.doe@example.com",
                "name": "Jane Doe",
                "app_metadata": {},
                "user_metadata": {}
            },
            "connection": { "id": "con_fpe5kj482KO1eOzQ", "name": "Username-Password-Authentication", "strategy": "auth0", "metadata": {} },
            "client": client(),
            "request": request(),
            "transaction": { "locale": "en", "protocol": "oidc-basic-profile", "requested_scopes": ["openid"], "ui_locales": [] },
            "tenant": tenant(),
            "secrets": {}
        }),
        "post-user-registration" | "post-change-password" => json!({
            "user": user(),
            "connection": { "id": "con_fpe5kj482KO1eOzQ", "name": "Username-Password-Authentication", "strategy": "auth0", "metadata": {} },
            "request": request(),
            "transaction": { "locale": "en" },
            "tenant": tenant(),
            "secrets": {}
        }),
        "send-phone-message" | "custom-phone-provider" => json!({
            "message_options": {
                "action": "enrollment",
                "code": "123456",
                "message_type": "sms",
                "recipient": "+4915112345678",
                "text": "Your verification code is 123456"
            },
            "user": user(),
            "client": client(),
            "request": request(),
            "tenant": tenant(),
            "secrets": {}
        }),
        "custom-email-provider" => json!({
            "notification": {
                "message_type": "verify_email",
                "from": "no-reply@example.com",
                "to": "jane.doe@example.com",
                "subject": "Verify your email",
                "html": "<p>Verify your email</p>",
                "text": "Verify your email"
            },
            "user": user(),
            "client": client(),
            "request": request(),
            "tenant": tenant(),
            "secrets": {}
        }),
        _ => json!({
            "user": user(),
            "client": client(),
            "request": request(),
            "tenant": tenant(),
            "secrets": {}
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::secret::Secret;

    fn secret(name: &str, value: Option<&str>) -> SecretInput {
        SecretInput {
            name: name.to_string(),
            value: value.map(Secret::new),
        }
    }

    #[test]
    fn code_limits_differ_for_actions_and_modules() {
        assert!(check_code(Owner::Module, &"a".repeat(MAX_MODULE_CODE_CHARS)).is_ok());
        let err = check_code(Owner::Module, &"a".repeat(MAX_MODULE_CODE_CHARS + 1)).unwrap_err();
        assert!(err.contains("65536"), "{err}");
        // Characters, not bytes, for modules: 65 536 two-byte characters still fit.
        assert!(check_code(Owner::Module, &"é".repeat(MAX_MODULE_CODE_CHARS)).is_ok());
        assert!(check_code(Owner::Action, &"a".repeat(MAX_ACTION_CODE_BYTES)).is_ok());
        let err = check_code(Owner::Action, &"a".repeat(MAX_ACTION_CODE_BYTES + 1)).unwrap_err();
        assert!(err.contains("100 KB"), "{err}");
    }

    #[test]
    fn dependencies_parse_with_scopes_and_are_limited() {
        assert_eq!(
            parse_dependency("@auth0/auth0-spa-js@2.1.3").unwrap(),
            Dependency {
                name: "@auth0/auth0-spa-js".into(),
                version: "2.1.3".into()
            }
        );
        assert_eq!(parse_dependency(" lodash@4.17.21 ").unwrap().name, "lodash");
        for bad in ["lodash", "@scope/pkg", "lodash@", "@1.0.0", "lo dash@1.0.0"] {
            assert!(parse_dependency(bad).is_err(), "{bad}");
        }
        let deps: Vec<Dependency> = (0..=MAX_DEPENDENCIES)
            .map(|i| parse_dependency(&format!("pkg{i}@1.0.0")).unwrap())
            .collect();
        assert!(check_dependencies(&deps[..MAX_DEPENDENCIES]).is_ok());
        assert!(check_dependencies(&deps).unwrap_err().contains("11"));
        let twice = [deps[0].clone(), deps[0].clone()];
        assert!(check_dependencies(&twice).unwrap_err().contains("pkg0"));
    }

    #[test]
    fn secrets_are_limited_and_checked_without_showing_values() {
        let many: Vec<SecretInput> = (0..=MAX_SECRETS)
            .map(|i| secret(&format!("S{i}"), Some("v")))
            .collect();
        assert!(check_secrets(&many[..MAX_SECRETS]).is_ok());
        assert!(check_secrets(&many).unwrap_err().contains("31"));
        assert!(check_secrets(&[secret("bad name", Some("v"))]).is_err());
        assert!(check_secrets(&[secret("K", Some("v")), secret("K", None)]).is_err());
        let long = "x".repeat(MAX_SECRET_VALUE_CHARS + 1);
        let err = check_secrets(&[secret("API_KEY", Some(&long))]).unwrap_err();
        assert!(err.contains("API_KEY") && !err.contains("xxx"), "{err}");
        assert!(check_secrets(&[secret("API_KEY", Some(""))]).is_err());
        assert!(check_secrets(&[secret("KEEP_ME", None)]).is_ok());
    }

    #[test]
    fn a_module_cannot_keep_a_secret_by_name_alone() {
        let list = [secret("KEEP", None), secret("NEW", Some("v"))];
        assert!(check_secrets_sendable(Owner::Action, &list).is_ok());
        let err = check_secrets_sendable(Owner::Module, &list).unwrap_err();
        assert!(err.contains("KEEP") && !err.contains("NEW,"), "{err}");
        assert!(check_secrets_sendable(Owner::Module, &list[1..]).is_ok());
    }

    #[test]
    fn names_are_checked() {
        assert!(check_name("Add roles").is_ok());
        assert!(check_name("  ").is_err());
        assert!(check_name(&"n".repeat(MAX_NAME_CHARS + 1)).is_err());
        assert!(check_name("a\tb").is_err());
    }

    #[test]
    fn templates_export_the_trigger_handler() {
        assert!(template("post-login").contains("exports.onExecutePostLogin = async (event, api)"));
        assert!(template("credentials-exchange").contains("onExecuteCredentialsExchange"));
        assert!(template("mcp-tool").contains("mcp-tool"));
    }

    #[test]
    fn sample_events_look_like_the_trigger_event() {
        let login = sample_event("post-login");
        assert_eq!(login["user"]["email"], "jane.doe@example.com");
        assert!(login["request"]["ip"].is_string());
        assert!(sample_event("credentials-exchange")["accessToken"].is_object());
        assert!(sample_event("send-phone-message")["message_options"]["recipient"].is_string());
        assert!(sample_event("anything-new")["user"].is_object());
    }
}
