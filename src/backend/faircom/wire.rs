//! Wire types for FairCom's JSON Action API, decoded tolerantly.
//!
//! Doc revisions disagree (the token at top level or in `result`, warnings as `{code,message}` or
//! `{warningCode,warningMessage}`, `result` absent on success), so: camelCase, unknown fields
//! ignored, every field defaulted, `null` read as the default, numbers accepted as JSON numbers or
//! numeric strings, `debugInfo` of an unexpected shape dropped rather than fatal, enum-like values
//! kept as strings (parsed into `model` types on mapping) and timestamps kept as strings (parsed
//! with `model::parse_server_time`, zoneless).

use serde::{Deserialize, Deserializer};
use serde_json::Value;

use crate::backend::lenient::nullable;
use crate::model::{parse_server_time, CodePackage, CodeStatus, CodeType, PackageId};

/// A whole number as a JSON number (`3`, `3.0`) or a numeric string; anything else reads as absent.
fn lenient_int<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    Ok(
        Option::<Value>::deserialize(d)?.and_then(|value| match value {
            Value::Number(n) => n
                .as_i64()
                .or_else(|| n.as_f64().filter(|f| f.fract() == 0.0).map(|f| f as i64)),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        }),
    )
}

/// `debugInfo` when it has the documented shape; `None` (not an error) otherwise.
fn lenient_debug_info<'de, D: Deserializer<'de>>(d: D) -> Result<Option<DebugInfo>, D::Error> {
    Ok(Option::<Value>::deserialize(d)?.and_then(|value| serde_json::from_value(value).ok()))
}

/// Every response: `errorCode` 0 is success, anything else an error in `errorMessage`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Envelope {
    /// Always present in a FairCom answer; its absence means the body is not one.
    #[serde(deserialize_with = "lenient_int")]
    pub error_code: Option<i64>,
    #[serde(deserialize_with = "nullable")]
    pub error_message: String,
    /// The action's result; absent on some successes (revert, clone; create and alter undocumented).
    pub result: Option<Value>,
    /// Newer servers echo the session token here on (almost) every response.
    pub auth_token: Option<String>,
    pub request_id: Option<Value>,
    #[serde(deserialize_with = "lenient_debug_info")]
    pub debug_info: Option<DebugInfo>,
}

impl Envelope {
    /// `result.authToken` as a string, if there is one.
    pub fn result_auth_token(&self) -> Option<&str> {
        self.result.as_ref()?.get("authToken")?.as_str()
    }

    /// The session token of a `createSession` answer: `result.authToken` (every revision has it),
    /// else the top-level `authToken` (newer revisions). Empty strings do not count.
    pub fn session_token(&self) -> Option<&str> {
        self.result_auth_token()
            .filter(|t| !t.is_empty())
            .or(self.auth_token.as_deref().filter(|t| !t.is_empty()))
    }

    /// True when `debugInfo.warnings` carries `code` (newer servers report some errors, such as a
    /// `deleteSession` of an unknown token, as a warning beside `errorCode: 0`).
    pub fn has_warning(&self, code: i64) -> bool {
        self.debug_info
            .as_ref()
            .is_some_and(|info| info.warnings.iter().any(|w| w.code == Some(code)))
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct DebugInfo {
    /// The request echoed back. Never logged or shown: with `debug:"max"` it holds the token.
    pub request: Option<Value>,
    #[serde(deserialize_with = "nullable")]
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

/// `result` of the list and describe actions.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct PackageList {
    #[serde(deserialize_with = "nullable")]
    pub data: Vec<Package>,
}

/// One item of `result.data`: a package's current version (list, describe) or a historical one.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Package {
    #[serde(deserialize_with = "lenient_int")]
    pub code_id: Option<i64>,
    #[serde(deserialize_with = "nullable")]
    pub database_name: String,
    #[serde(deserialize_with = "nullable")]
    pub owner_name: String,
    #[serde(deserialize_with = "nullable")]
    pub code_name: String,
    #[serde(deserialize_with = "lenient_int")]
    pub code_version: Option<i64>,
    #[serde(deserialize_with = "lenient_int")]
    pub cloned_code_id: Option<i64>,
    #[serde(deserialize_with = "nullable")]
    pub code_status: String,
    #[serde(deserialize_with = "nullable")]
    pub code_language: String,
    #[serde(deserialize_with = "nullable")]
    pub code_type: String,
    #[serde(deserialize_with = "nullable")]
    pub description: String,
    /// Arbitrary JSON; `null` when absent.
    pub metadata: Value,
    #[serde(deserialize_with = "nullable")]
    pub created_by: String,
    pub created_on: Option<String>,
    #[serde(deserialize_with = "nullable")]
    pub updated_by: String,
    pub updated_on: Option<String>,
    #[serde(deserialize_with = "nullable")]
    pub comment: String,
    #[serde(deserialize_with = "nullable")]
    pub code_format: String,
    /// Absent in list results.
    pub code: Option<String>,
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
            metadata: p.metadata,
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
}
