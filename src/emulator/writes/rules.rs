//! The checks every write route shares: names, code, dependencies and secrets against Auth0's limits
//! (the emulator's own copy, `emulator::limits`), runtimes, module pins' UUIDs and what a build of the
//! dependencies fails with. Refusals are worded as Auth0's schema validator words them.

use chrono::{DateTime, Utc};

use super::WriteError;
use crate::emulator::limits::{
    MAX_ACTION_CODE_BYTES, MAX_DEPENDENCIES, MAX_DEPENDENCY_VERSION_CHARS,
    MAX_MODULE_API_VERSION_CHARS, MAX_MODULE_CODE_CHARS, MAX_NAME_CHARS, MAX_SECRETS,
    MAX_SECRET_VALUE_CHARS,
};
use crate::emulator::store::{BuildErr, Dep, SecretRec, TriggerRec};

/// A secret as a write lists it. The value itself never gets past the HTTP layer: only its length
/// (for the 4 096 limit) and whether one was sent, so nothing the emulator keeps can hold it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecretWrite {
    pub name: String,
    /// Characters of the value sent; `None`: listed by name only (keep the stored secret).
    pub value_chars: Option<usize>,
}

impl SecretWrite {
    pub fn new(name: &str, value: Option<&str>) -> Self {
        Self {
            name: name.to_string(),
            value_chars: value.map(|v| v.chars().count()),
        }
    }
}

// Schema refusals in the wording of Auth0's validator ("Payload validation error: 'String is too
// long (N chars), maximum M' on property code."); only the module code one is documented by the
// seed limits, the phrasing of the others follows it (wording ours).
fn too_long(property: &str, chars: usize, max: usize) -> WriteError {
    WriteError::InvalidBody(format!(
        "'String is too long ({chars} chars), maximum {max}' on property {property}."
    ))
}

fn too_many(property: &str, count: usize, max: usize) -> WriteError {
    WriteError::InvalidBody(format!(
        "'Array is too long ({count}), maximum {max}' on property {property}."
    ))
}

fn too_short(property: &str) -> WriteError {
    WriteError::InvalidBody(format!(
        "'String is too short (0 chars), minimum 1' on property {property}."
    ))
}

pub(super) fn check_name(name: &str) -> Result<(), WriteError> {
    let chars = name.chars().count();
    if name.trim().is_empty() {
        return Err(too_short("name"));
    }
    if chars > MAX_NAME_CHARS {
        return Err(too_long("name", chars, MAX_NAME_CHARS));
    }
    Ok(())
}

/// REC wording (alexkappa/terraform-provider-auth0#485).
pub(super) fn check_runtime(trigger: &TriggerRec, runtime: &str) -> Result<(), WriteError> {
    if trigger.runtimes.contains(&runtime) {
        Ok(())
    } else {
        Err(WriteError::BadRequest(
            "runtime is not supported".to_string(),
        ))
    }
}

/// Actions: 100 KB of code, in bytes (Auth0's documented limit; wording ours).
pub(super) fn check_action_code(code: &str) -> Result<(), WriteError> {
    if code.len() > MAX_ACTION_CODE_BYTES {
        return Err(WriteError::InvalidBody(format!(
            "'Code is too large ({} bytes), maximum {MAX_ACTION_CODE_BYTES} bytes (100 KB)' on property code.",
            code.len()
        )));
    }
    Ok(())
}

/// A module's `api_version`: the schema's `maxLength`, in characters.
pub(super) fn check_api_version(api_version: Option<&str>) -> Result<(), WriteError> {
    if let Some(api_version) = api_version {
        let chars = api_version.chars().count();
        if chars > MAX_MODULE_API_VERSION_CHARS {
            return Err(too_long("api_version", chars, MAX_MODULE_API_VERSION_CHARS));
        }
    }
    Ok(())
}

/// Modules: the schema's `maxLength`, in characters.
pub(super) fn check_module_code(code: &str) -> Result<(), WriteError> {
    let chars = code.chars().count();
    if chars > MAX_MODULE_CODE_CHARS {
        return Err(too_long("code", chars, MAX_MODULE_CODE_CHARS));
    }
    Ok(())
}

pub(super) fn check_dependencies(dependencies: &[Dep]) -> Result<(), WriteError> {
    if dependencies.len() > MAX_DEPENDENCIES {
        return Err(too_many(
            "dependencies",
            dependencies.len(),
            MAX_DEPENDENCIES,
        ));
    }
    for (i, d) in dependencies.iter().enumerate() {
        let (name, version) = (d.name.chars().count(), d.version.chars().count());
        if name > MAX_NAME_CHARS {
            return Err(too_long(
                &format!("dependencies[{i}].name"),
                name,
                MAX_NAME_CHARS,
            ));
        }
        if version > MAX_DEPENDENCY_VERSION_CHARS {
            return Err(too_long(
                &format!("dependencies[{i}].version"),
                version,
                MAX_DEPENDENCY_VERSION_CHARS,
            ));
        }
    }
    Ok(())
}

/// Wording ours: Auth0's answer to a value-less secret is not recorded (reference §10.3).
pub fn secret_needs_value(name: &str) -> String {
    format!(
        "Secret '{name}' has no value. Only a secret that already exists can be listed by name \
         alone (to keep its value); a new secret needs a value."
    )
}

/// Wording ours.
pub fn secret_twice(name: &str) -> String {
    format!("Secret '{name}' is listed more than once.")
}

/// The secret list after a write that lists `listed`: it REPLACES the list (REC: `[]` clears it).
/// An entry with a value is (re)set now; one without keeps the stored secret of that name as it
/// is (its `updated_at` too), and is refused if there is none.
pub(super) fn replace_secrets(
    stored: &[SecretRec],
    listed: &[SecretWrite],
    now: DateTime<Utc>,
) -> Result<Vec<SecretRec>, WriteError> {
    if listed.len() > MAX_SECRETS {
        return Err(too_many("secrets", listed.len(), MAX_SECRETS));
    }
    let mut secrets: Vec<SecretRec> = Vec::with_capacity(listed.len());
    for (i, entry) in listed.iter().enumerate() {
        let name_chars = entry.name.chars().count();
        if entry.name.is_empty() {
            return Err(too_short(&format!("secrets[{i}].name")));
        }
        if name_chars > MAX_NAME_CHARS {
            return Err(too_long(
                &format!("secrets[{i}].name"),
                name_chars,
                MAX_NAME_CHARS,
            ));
        }
        if secrets.iter().any(|s| s.name == entry.name) {
            return Err(WriteError::BadRequest(secret_twice(&entry.name)));
        }
        let kept = match entry.value_chars {
            Some(chars) if chars > MAX_SECRET_VALUE_CHARS => {
                return Err(too_long(
                    &format!("secrets[{i}].value"),
                    chars,
                    MAX_SECRET_VALUE_CHARS,
                ))
            }
            Some(_) => SecretRec {
                name: entry.name.clone(),
                updated_at: now,
            },
            None => stored
                .iter()
                .find(|s| s.name == entry.name)
                .cloned()
                .ok_or_else(|| WriteError::BadRequest(secret_needs_value(&entry.name)))?,
        };
        secrets.push(kept);
    }
    Ok(secrets)
}

/// 8-4-4-4-12 hex digits.
pub(super) fn is_uuid(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    parts.len() == 5
        && parts
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(p, n)| p.len() == n && p.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// `1.2.3`, `1.2.3-beta.1`, `1.2.3+build`.
fn is_exact_version(version: &str) -> bool {
    let core = version.split(['-', '+']).next().unwrap_or("");
    let parts: Vec<&str> = core.split('.').collect();
    parts.len() == 3
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
}

/// What a build of these dependencies fails with. The emulator has no npm registry, so its rule is
/// the one it can check offline: a version must be exact (`4.17.21`) or `latest`; anything else
/// is not found, like Auth0's build of `crypto@17.7.1` ending `failed` (REC terraform TestAccAction).
pub fn build_errors(dependencies: &[Dep]) -> Vec<BuildErr> {
    dependencies
        .iter()
        .filter(|d| d.version != "latest" && !is_exact_version(&d.version))
        .map(|d| BuildErr {
            id: "dependency_install_failed".to_string(),
            msg: format!(
                "npm ERR! code ETARGET\nnpm ERR! notarget No matching version found for {}@{}.",
                d.name, d.version
            ),
            url: None,
        })
        .collect()
}
