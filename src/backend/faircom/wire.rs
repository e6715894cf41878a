//! Wire types for FairCom's JSON Action API, decoded tolerantly but without a detour through
//! `serde_json::Value` (a hostile body must not grow many times its size in memory): every answer
//! is read straight into `Envelope<R>`, `R` the typed result the action documents.
//!
//! Doc revisions disagree (the token at top level or in `result`, warnings as `{code,message}` or
//! `{warningCode,warningMessage}`, `result` absent on success), so: camelCase, unknown fields
//! ignored, envelope fields defaulted, `null` read as the default, numbers accepted as JSON numbers
//! or numeric strings, `debugInfo` of an unexpected shape dropped rather than fatal, enum-like
//! values kept as strings (parsed into `model` types on mapping) and timestamps kept as strings
//! (parsed with `model::parse_server_time`, zoneless). What names a package is required.

use std::fmt;

use serde::de::{self, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};
use serde_json::value::RawValue;
use serde_json::Value;

use crate::backend::lenient::nullable;
use crate::model::secret::Secret;
use crate::model::{parse_server_time, CodePackage, CodeStatus, CodeType, PackageId};
use crate::strings::transport as text;

/// A whole number as a JSON number (`3`, `3.0`) or a numeric string; anything else reads as absent
/// (and is skipped without being kept).
fn lenient_int<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    struct Int;
    impl<'de> Visitor<'de> for Int {
        type Value = Option<i64>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str(text::EXPECTED_WHOLE_NUMBER)
        }
        fn visit_i64<E>(self, n: i64) -> Result<Self::Value, E> {
            Ok(Some(n))
        }
        fn visit_u64<E>(self, n: u64) -> Result<Self::Value, E> {
            Ok(i64::try_from(n).ok())
        }
        fn visit_f64<E>(self, f: f64) -> Result<Self::Value, E> {
            Ok((f.fract() == 0.0).then_some(f as i64))
        }
        fn visit_str<E>(self, s: &str) -> Result<Self::Value, E> {
            Ok(s.trim().parse().ok())
        }
        fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_unit<E>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_none<E>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_any(self)
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            while seq.next_element::<IgnoredAny>()?.is_some() {}
            Ok(None)
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
            Ok(None)
        }
    }
    d.deserialize_any(Int)
}

/// `debugInfo` when it is an object (its `warnings` read leniently); `None` (not an error) for
/// anything else, skipped without being kept.
fn lenient_debug_info<'de, D: Deserializer<'de>>(d: D) -> Result<Option<DebugInfo>, D::Error> {
    struct Info;
    impl<'de> Visitor<'de> for Info {
        type Value = Option<DebugInfo>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("debugInfo")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut info = DebugInfo::default();
            while let Some(key) = map.next_key::<String>()? {
                if key == "warnings" {
                    info.warnings = map.next_value::<LenientWarnings>()?.0;
                } else {
                    map.next_value::<IgnoredAny>()?;
                }
            }
            Ok(Some(info))
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            while seq.next_element::<IgnoredAny>()?.is_some() {}
            Ok(None)
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_any(self)
        }
        fn visit_none<E>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_unit<E>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_str<E>(self, _: &str) -> Result<Self::Value, E> {
            Ok(None)
        }
    }
    d.deserialize_any(Info)
}

/// The warnings that are objects; anything else in the list (or instead of it) is skipped.
struct LenientWarnings(Vec<Warning>);

impl<'de> Deserialize<'de> for LenientWarnings {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct List;
        impl<'de> Visitor<'de> for List {
            type Value = LenientWarnings;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(text::EXPECTED_WARNINGS)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut warnings = Vec::new();
                while let Some(warning) = seq.next_element::<Option<Warning>>()? {
                    warnings.extend(warning);
                }
                Ok(LenientWarnings(warnings))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(LenientWarnings(Vec::new()))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(LenientWarnings(Vec::new()))
            }
            fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
                Ok(LenientWarnings(Vec::new()))
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
                Ok(LenientWarnings(Vec::new()))
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
                Ok(LenientWarnings(Vec::new()))
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
                Ok(LenientWarnings(Vec::new()))
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
                Ok(LenientWarnings(Vec::new()))
            }
        }
        d.deserialize_any(List)
    }
}

/// Every response: `errorCode` 0 is success, anything else an error in `errorMessage`. `R` is the
/// action's result as documented (`PackageList`, `LoginResult`); `IgnoredAny` where it is not
/// needed, `Value` only in tests that look at anything.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", bound(deserialize = "R: Deserialize<'de>"))]
pub struct Envelope<R = Value> {
    /// Always present in a FairCom answer; its absence means the body is not one.
    #[serde(default, deserialize_with = "lenient_int")]
    pub error_code: Option<i64>,
    #[serde(default, deserialize_with = "nullable")]
    pub error_message: String,
    /// The action's result; absent on some successes (revert, clone; create and alter undocumented).
    #[serde(default = "none")]
    pub result: Option<R>,
    /// Newer servers echo the session token here on (almost) every response.
    #[serde(default, deserialize_with = "lenient_secret")]
    pub auth_token: Option<Secret>,
    #[serde(default, deserialize_with = "lenient_debug_info")]
    pub debug_info: Option<DebugInfo>,
}

fn none<T>() -> Option<T> {
    None
}

/// A string; anything else reads as absent.
fn lenient_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    struct Text;
    impl<'de> Visitor<'de> for Text {
        type Value = Option<String>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str(text::EXPECTED_STRING)
        }
        fn visit_str<E>(self, s: &str) -> Result<Self::Value, E> {
            Ok(Some(s.to_string()))
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_any(self)
        }
        fn visit_none<E>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_unit<E>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            while seq.next_element::<IgnoredAny>()?.is_some() {}
            Ok(None)
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
            Ok(None)
        }
    }
    d.deserialize_any(Text)
}

/// A session token: a string kept as a `Secret` (so `Debug` masks it and errors scrub it).
fn lenient_secret<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Secret>, D::Error> {
    Ok(lenient_string(d)?.map(Secret::new))
}

/// The `result` of `createSession`: only the token is read.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct LoginResult {
    #[serde(rename = "authToken", default, deserialize_with = "lenient_secret")]
    pub auth_token: Option<Secret>,
}

/// Where a result may hold the session token.
pub trait ResultToken {
    fn auth_token(&self) -> Option<&str>;
}

impl ResultToken for LoginResult {
    fn auth_token(&self) -> Option<&str> {
        self.auth_token.as_ref().map(Secret::expose)
    }
}

impl ResultToken for Value {
    fn auth_token(&self) -> Option<&str> {
        self.get("authToken")?.as_str()
    }
}

impl ResultToken for IgnoredAny {
    fn auth_token(&self) -> Option<&str> {
        None
    }
}

impl<R: ResultToken> Envelope<R> {
    /// `result.authToken` as a string, if there is one.
    pub fn result_auth_token(&self) -> Option<&str> {
        self.result.as_ref()?.auth_token()
    }

    /// The session token of a `createSession` answer: `result.authToken` (every revision has it),
    /// else the top-level `authToken` (newer revisions). Empty strings do not count.
    pub fn session_token(&self) -> Option<&str> {
        self.result_auth_token().filter(|t| !t.is_empty()).or(self
            .auth_token
            .as_ref()
            .map(Secret::expose)
            .filter(|t| !t.is_empty()))
    }
}

impl<R> Envelope<R> {
    /// True when `debugInfo.warnings` carries `code` (newer servers report some errors, such as a
    /// `deleteSession` of an unknown token, as a warning beside `errorCode: 0`).
    pub fn has_warning(&self, code: i64) -> bool {
        self.debug_info
            .as_ref()
            .is_some_and(|info| info.warnings.iter().any(|w| w.code == Some(code)))
    }
}

/// The part of `debugInfo` codedeck reads. (`debugInfo.request`, the request echoed back with
/// `debug:"max"`, holds the token: never read, never kept.)
#[derive(Debug, Clone, Default)]
pub struct DebugInfo {
    pub warnings: Vec<Warning>,
}

/// `{code, message}` (deleteSession docs) or `{warningCode, warningMessage, warningData}` (generic docs).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Warning {
    #[serde(alias = "warningCode", deserialize_with = "lenient_int")]
    pub code: Option<i64>,
    #[serde(alias = "warningMessage", deserialize_with = "nullable")]
    pub message: String,
}

/// `result` of the list and describe actions. `data` is required (an empty list is `[]`).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct PackageList {
    pub data: Vec<Package>,
}

/// One item of `result.data`: a package's current version (list, describe) or a historical one.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Package {
    #[serde(default, deserialize_with = "lenient_int")]
    pub code_id: Option<i64>,
    #[serde(default, deserialize_with = "nullable")]
    pub database_name: String,
    #[serde(default, deserialize_with = "nullable")]
    pub owner_name: String,
    /// Required: a package without its name cannot be told apart.
    pub code_name: String,
    /// Required (a revert names a version); a number or a numeric string.
    #[serde(deserialize_with = "lenient_int")]
    pub code_version: Option<i64>,
    #[serde(default, deserialize_with = "lenient_int")]
    pub cloned_code_id: Option<i64>,
    #[serde(default, deserialize_with = "nullable")]
    pub code_status: String,
    #[serde(default, deserialize_with = "nullable")]
    pub code_language: String,
    #[serde(default, deserialize_with = "nullable")]
    pub code_type: String,
    #[serde(default, deserialize_with = "nullable")]
    pub description: String,
    /// Arbitrary JSON, kept as its text (see `metadata_value`); `None` when absent.
    #[serde(default)]
    pub metadata: Option<Box<RawValue>>,
    #[serde(default, deserialize_with = "nullable")]
    pub created_by: String,
    #[serde(default)]
    pub created_on: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    pub updated_by: String,
    #[serde(default)]
    pub updated_on: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    pub comment: String,
    #[serde(default, deserialize_with = "nullable")]
    pub code_format: String,
    /// Absent in list results.
    #[serde(default)]
    pub code: Option<String>,
}

/// Metadata larger than this is not turned into a `Value` (which takes many times the text's
/// size); a note saying so stands in for it.
pub const METADATA_MAX_BYTES: usize = 1024 * 1024;

/// The metadata as JSON: `null` when absent, a note when too large to hold as a tree.
fn metadata_value(raw: Option<&RawValue>) -> Value {
    match raw {
        None => Value::Null,
        Some(raw) if raw.get().len() > METADATA_MAX_BYTES => {
            Value::String(text::metadata_too_large(raw.get().len()))
        }
        Some(raw) => serde_json::from_str(raw.get()).unwrap_or(Value::Null),
    }
}

impl From<Package> for CodePackage {
    fn from(p: Package) -> Self {
        Self {
            id: PackageId {
                database: p.database_name,
                owner: p.owner_name,
                name: p.code_name,
            },
            code_id: p.code_id.unwrap_or(0),
            version: p
                .code_version
                .and_then(|v| u32::try_from(v).ok())
                .unwrap_or(0),
            cloned_code_id: p.cloned_code_id.unwrap_or(0),
            status: CodeStatus::parse(&p.code_status),
            language: p.code_language,
            code_type: CodeType::parse(&p.code_type),
            description: p.description,
            metadata: metadata_value(p.metadata.as_deref()),
            comment: p.comment,
            code_format: p.code_format,
            code: p.code,
            created_by: p.created_by,
            created_on: p.created_on.as_deref().and_then(parse_server_time),
            updated_by: p.updated_by,
            updated_on: p.updated_on.as_deref().and_then(parse_server_time),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn nulls_strings_for_numbers_odd_debug_info_and_unknown_values_are_tolerated() {
        let envelope: Envelope = serde_json::from_value(json!({
            "errorCode": "0", "errorMessage": null, "result": null, "debugInfo": "verbose",
            "somethingNew": [1, 2]
        }))
        .unwrap();
        assert_eq!(envelope.error_code, Some(0));
        assert!(envelope.result.is_none() && envelope.debug_info.is_none());

        let package: Package = serde_json::from_value(json!({
            "codeId": 7.0, "codeName": "p", "codeVersion": "3", "codeStatus": "retired",
            "codeType": "streamTransform", "description": null, "metadata": null,
            "createdOn": "2024-10-15 19:29:34", "updatedOn": "not a time", "code": null
        }))
        .unwrap();
        let model = CodePackage::from(package);
        assert_eq!((model.code_id, model.version), (7, 3));
        assert_eq!(model.status, CodeStatus::Other("retired".into()));
        assert_eq!(model.code_type, CodeType::Other("streamTransform".into()));
        assert_eq!(model.metadata, Value::Null);
        assert_eq!(
            model.created_on.map(|t| t.to_string()).as_deref(),
            Some("2024-10-15 19:29:34")
        );
        assert!(model.updated_on.is_none() && model.code.is_none());
    }

    #[test]
    fn the_session_token_prefers_result_and_falls_back_to_top_level() {
        let both: Envelope = serde_json::from_value(
            json!({"errorCode": 0, "authToken": "top", "result": {"authToken": "inner"}}),
        )
        .unwrap();
        assert_eq!(both.session_token(), Some("inner"));
        let top: Envelope = serde_json::from_value(
            json!({"errorCode": 0, "authToken": "top", "result": {"authToken": ""}}),
        )
        .unwrap();
        assert_eq!(top.session_token(), Some("top"));
        let none: Envelope = serde_json::from_value(json!({"errorCode": 0})).unwrap();
        assert_eq!(none.session_token(), None);
    }

    #[test]
    fn debug_never_shows_a_session_token_and_huge_metadata_is_not_held_as_a_tree() {
        let envelope: Envelope<LoginResult> = serde_json::from_str(
            r#"{"errorCode":0,"authToken":"wire-test-token-1","result":{"authToken":"wire-test-token-2"}}"#,
        )
        .unwrap();
        assert_eq!(envelope.session_token(), Some("wire-test-token-2"));
        let shown = format!("{envelope:?}");
        assert!(!shown.contains("wire-test-token"), "{shown}");

        let big = format!(
            r#"{{"codeName":"p","codeVersion":1,"metadata":[{}0]}}"#,
            "0,".repeat(METADATA_MAX_BYTES)
        );
        let package: CodePackage = serde_json::from_str::<Package>(&big).unwrap().into();
        assert!(matches!(&package.metadata, Value::String(note) if note.contains("too large")));
    }
}
