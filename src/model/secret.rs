//! A string that must never be shown (tokens, client secrets, passwords) and the registry of every
//! such value this process has held, which `secret::scrub` reads to remove them from text. The mask
//! a `Secret` shows (`Display`) and the scrubbing itself live in the `secret` module.

use std::fmt;
use std::sync::{PoisonError, RwLock};

/// Holds a secret value. `Debug` and `Display` print a mask; only `expose` gives the value,
/// and only the HTTP layer calls it. Making one registers its value with the held-secret registry.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        let value = value.into();
        register(&value);
        Self(value)
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

/// What is being typed into a prompt, one key at a time: perhaps a secret's value, so `Debug`
/// shows only its length. Not registered while typed (every prefix of the value would be):
/// [`Typed::to_secret`] makes the one `Secret`, when the value is submitted.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Typed(String);

impl Typed {
    pub fn new(text: &str) -> Self {
        Self(text.to_string())
    }
    pub fn push(&mut self, c: char) {
        self.0.push(c);
    }
    pub fn pop(&mut self) {
        self.0.pop();
    }
    /// The text, for the prompt that shows it (masked or not) and the code that reads it.
    pub fn as_str(&self) -> &str {
        &self.0
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn to_secret(&self) -> Secret {
        Secret::new(self.0.clone())
    }
}

impl fmt::Debug for Typed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Typed({} chars)", self.0.chars().count())
    }
}

/// Secrets may be read from the config file; they are never serialized back out.
impl<'de> serde::Deserialize<'de> for Secret {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(Secret::new)
    }
}

/// Values shorter than this are not registered: a two-letter "secret" would blank words all over
/// an error. (FairCom's default password, `ADMIN`, is five.)
const MIN_SCRUBBED_CHARS: usize = 4;

/// Every secret value codedeck has held in this process, with the forms a server may echo it in
/// (JSON-escaped, form-encoded), longest first. Only grows; a process holds a handful.
static HELD: RwLock<Vec<String>> = RwLock::new(Vec::new());

fn register(value: &str) {
    if value.chars().count() < MIN_SCRUBBED_CHARS {
        return;
    }
    let json = serde_json::to_string(value).unwrap_or_default();
    let json = json.trim_matches('"').to_string();
    let form: String = url::form_urlencoded::byte_serialize(value.as_bytes()).collect();
    let forms = [value.to_string(), json, form];
    let known = |held: &Vec<String>| forms.iter().all(|f| held.contains(f));
    // Tokens are seen again on every answer: usually known already.
    if known(&HELD.read().unwrap_or_else(PoisonError::into_inner)) {
        return;
    }
    let mut held = HELD.write().unwrap_or_else(PoisonError::into_inner);
    for form in forms {
        if !held.contains(&form) {
            held.push(form);
        }
    }
    // Longest first, so a secret containing another is replaced whole.
    held.sort_by_key(|v| std::cmp::Reverse(v.len()));
}

/// Calls `read` with every held value (each form), longest first.
pub fn with_held<R>(read: impl FnOnce(&[String]) -> R) -> R {
    read(&HELD.read().unwrap_or_else(PoisonError::into_inner))
}

/// How many held values contain `needle` (tests: what typing a value registered).
#[cfg(test)]
pub(crate) fn held_containing(needle: &str) -> usize {
    with_held(|held| held.iter().filter(|held| held.contains(needle)).count())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_value() {
        let s = Secret::new("eyJhbGciOi.super-secret");
        assert!(!format!("{s:?}").contains("super-secret"));
        assert_eq!(s.expose(), "eyJhbGciOi.super-secret");
    }

    #[test]
    fn a_typed_value_is_not_remembered_or_shown_until_it_becomes_a_secret() {
        let mut typed = Typed::default();
        for c in "typed-value-Mx40".chars() {
            typed.push(c);
        }
        assert_eq!(format!("{typed:?}"), "Typed(16 chars)");
        assert_eq!(
            held_containing("typed-value-"),
            0,
            "no prefix is remembered"
        );
        let secret = typed.to_secret();
        assert_eq!(secret.expose(), "typed-value-Mx40");
        assert_eq!(held_containing("typed-value-"), 1);
    }
}
