//! Text that must differ per stage (client ids, domains, URLs), so that it neither counts as a
//! difference nor travels from one stage to the other unchanged: the target profile's literal
//! `replace` pairs, and a0deploy's keyword markers (`##KEY##`, `@@KEY@@`) from an
//! `AUTH0_KEYWORD_REPLACE_MAPPINGS` file. Applied to code going from A to B.

use std::borrow::Cow;

use serde_json::Value;

use crate::strings::stages as text;

/// a0deploy's keyword mappings: KEY → value, in the order the file lists them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Keywords(Vec<(String, Value)>);

/// Why a keywords file was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeywordsError(pub String);

impl std::fmt::Display for KeywordsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for KeywordsError {}

impl Keywords {
    /// The mappings from a0deploy's JSON: the `AUTH0_KEYWORD_REPLACE_MAPPINGS` object itself, or a
    /// whole a0deploy `config.json` holding it. Each value is a string or an array (numbers,
    /// booleans and objects are taken too, as a0deploy does).
    pub fn parse(json: &str) -> Result<Self, KeywordsError> {
        let value: Value = serde_json::from_str(json)
            .map_err(|e| KeywordsError(text::keywords_not_json(&e.to_string())))?;
        let Value::Object(mut top) = value else {
            return Err(KeywordsError(text::KEYWORDS_NOT_AN_OBJECT.to_string()));
        };
        let mappings = match top.remove(KEYWORDS_KEY) {
            Some(Value::Object(inner)) => inner,
            Some(_) => return Err(KeywordsError(text::KEYWORDS_NOT_AN_OBJECT.to_string())),
            None => top,
        };
        let mut pairs = Vec::with_capacity(mappings.len());
        for (key, value) in mappings {
            if value.is_null() {
                return Err(KeywordsError(text::keyword_without_value(&key)));
            }
            pairs.push((key, value));
        }
        Ok(Self(pairs))
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `##KEY##` becomes the value as text (an array joined with commas, as JavaScript prints
    /// it), `@@KEY@@` its JSON encoding. Unknown keys stay as written.
    fn apply(&self, code: &str) -> String {
        let mut out = code.to_string();
        for (key, value) in &self.0 {
            let literal = format!("##{key}##");
            if out.contains(&literal) {
                out = out.replace(&literal, &as_text(value));
            }
            let encoded = format!("@@{key}@@");
            if out.contains(&encoded) {
                out = out.replace(&encoded, &value.to_string());
            }
        }
        out
    }
}

/// The key of a0deploy's config that holds the mappings.
pub const KEYWORDS_KEY: &str = "AUTH0_KEYWORD_REPLACE_MAPPINGS";

/// A value as JavaScript's `String(value)` prints it.
fn as_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(as_text).collect::<Vec<_>>().join(","),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// Everything that rewrites code on its way from one stage to the other.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Mapping {
    /// (text in A, text in B), first match wins.
    pairs: Vec<(String, String)>,
    keywords: Keywords,
}

impl Mapping {
    /// Literal pairs (text in A → text in B), in priority order.
    pub fn new(pairs: Vec<(String, String)>) -> Self {
        Self {
            pairs: pairs
                .into_iter()
                .filter(|(from, _)| !from.is_empty())
                .collect(),
            keywords: Keywords::default(),
        }
    }

    /// From A to B: B's `replace` pairs as written (they say what B calls A's text), then A's
    /// read backwards (what A calls B's text, for a comparison from production to development).
    pub fn between(from_replace: &[(String, String)], to_replace: &[(String, String)]) -> Self {
        let backwards = from_replace.iter().map(|(a, b)| (b.clone(), a.clone()));
        Self::new(to_replace.iter().cloned().chain(backwards).collect())
    }

    pub fn with_keywords(mut self, keywords: Keywords) -> Self {
        self.keywords = keywords;
        self
    }

    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty() && self.keywords.is_empty()
    }

    /// The pairs, in priority order.
    pub fn pairs(&self) -> &[(String, String)] {
        &self.pairs
    }

    /// A's code as B should hold it: the pairs in one pass (at each place the first pair that
    /// matches wins, and replaced text is not looked at again, so `a → b`, `b → c` never makes
    /// `c` of an `a`), then the keyword markers.
    pub fn apply<'a>(&self, code: &'a str) -> Cow<'a, str> {
        let mut out = Cow::Borrowed(code);
        if !self.pairs.is_empty()
            && self
                .pairs
                .iter()
                .any(|(from, _)| code.contains(from.as_str()))
        {
            out = Cow::Owned(self.replace_pairs(code));
        }
        if !self.keywords.is_empty() && (out.contains("##") || out.contains("@@")) {
            let replaced = self.keywords.apply(&out);
            if replaced != *out {
                out = Cow::Owned(replaced);
            }
        }
        out
    }

    fn replace_pairs(&self, code: &str) -> String {
        let mut out = String::with_capacity(code.len());
        let mut rest = code;
        while let Some(c) = rest.chars().next() {
            let matched = self
                .pairs
                .iter()
                .find(|(from, _)| rest.starts_with(from.as_str()));
            if let Some((from, to)) = matched {
                out.push_str(to);
                rest = &rest[from.len()..];
            } else {
                out.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(a, b)| ((*a).to_string(), (*b).to_string()))
            .collect()
    }

    #[test]
    fn pairs_replace_literally_in_one_pass_the_first_written_winning() {
        let m = Mapping::new(pairs(&[
            ("dev.example.com", "example.com"),
            ("example.com", "WRONG"),
            ("a", "b"),
            ("b", "c"),
        ]));
        assert_eq!(
            m.apply("https://dev.example.com/x + example.com: a b"),
            "https://example.com/x + WRONG: b c"
        );
        // Regex characters are text.
        let m = Mapping::new(pairs(&[("a.b*", "X")]));
        assert_eq!(m.apply("a.b* ab aab"), "X ab aab");
        assert!(matches!(m.apply("nothing here"), Cow::Borrowed(_)));
        // Non-ASCII text around and in the pairs.
        let m = Mapping::new(pairs(&[("é", "e"), ("", "never")]));
        assert_eq!(m.apply("café → éa"), "cafe → ea");
    }

    #[test]
    fn between_reads_the_source_stages_pairs_backwards() {
        let prod = pairs(&[("dev.example.com", "example.com")]);
        let to_prod = Mapping::between(&[], &prod);
        assert_eq!(to_prod.apply("dev.example.com"), "example.com");
        let to_dev = Mapping::between(&prod, &[]);
        assert_eq!(
            to_dev.apply("https://example.com"),
            "https://dev.example.com"
        );
        assert!(Mapping::between(&[], &[]).is_empty());
    }

    #[test]
    fn keyword_markers_become_text_or_json() {
        let k = Keywords::parse(
            r#"{"DOMAIN": "example.com", "ORIGINS": ["https://a", "https://b"], "RETRIES": 3}"#,
        )
        .unwrap();
        let m = Mapping::default().with_keywords(k);
        let code = "const d = '##DOMAIN##'; const o = @@ORIGINS@@; const s = @@DOMAIN@@; \
                    const t = '##ORIGINS##'; const r = ##RETRIES##; const u = '##UNKNOWN##';";
        assert_eq!(
            m.apply(code),
            "const d = 'example.com'; const o = [\"https://a\",\"https://b\"]; \
             const s = \"example.com\"; const t = 'https://a,https://b'; const r = 3; \
             const u = '##UNKNOWN##';"
        );
        assert!(matches!(m.apply("no markers"), Cow::Borrowed(_)));
    }

    #[test]
    fn keywords_come_from_the_mappings_object_or_a_whole_a0deploy_config() {
        let whole = Keywords::parse(
            r#"{"AUTH0_DOMAIN": "x", "AUTH0_KEYWORD_REPLACE_MAPPINGS": {"ENV": "prod"}}"#,
        )
        .unwrap();
        assert_eq!(whole, Keywords(vec![("ENV".into(), Value::from("prod"))]));
        assert!(Keywords::parse("[1]").unwrap_err().0.contains("object"));
        assert!(Keywords::parse("{").unwrap_err().0.contains("JSON"));
        assert!(Keywords::parse(r#"{"K": null}"#)
            .unwrap_err()
            .0
            .contains("`K`"));
    }

    #[test]
    fn pairs_go_first_then_markers_whose_values_are_final() {
        let m = Mapping::new(pairs(&[("dev.example.com", "example.com")]))
            .with_keywords(Keywords::parse(r#"{"HOST": "dev.example.com"}"#).unwrap());
        assert_eq!(
            m.apply("dev.example.com ##HOST##"),
            "example.com dev.example.com"
        );
    }
}
