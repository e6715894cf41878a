//! Recorded Auth0 traffic (../shared/fixtures/auth0-recordings): go-vcr v2 YAML cassettes and nock
//! JSON arrays, read into one flat shape, plus which Actions endpoint each request hit.

use std::path::{Path, PathBuf};

use serde::Deserialize;

/// One recorded request/response pair.
#[derive(Debug, Clone)]
pub struct Interaction {
    /// File name relative to the recordings folder, for messages.
    pub file: String,
    pub index: usize,
    pub method: String,
    /// Path as recorded (percent-encoded), e.g. `/api/v2/actions/actions`.
    pub path: String,
    /// Decoded query pairs in recorded order.
    pub query: Vec<(String, String)>,
    pub status: u16,
    /// Raw response body (`""` for none).
    pub body: String,
}

impl Interaction {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|e| panic!("{}#{}: body is not JSON: {e}", self.file, self.index))
    }
    pub fn query_value(&self, key: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
    pub fn endpoint(&self) -> Option<Endpoint> {
        classify(&self.method, &self.path)
    }
}

/// The Actions endpoints the client and the conformance test know about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Endpoint {
    ListActions,
    GetAction,
    CreateAction,
    UpdateAction,
    DeployAction,
    ListVersions,
    GetVersion,
    DeployVersion,
    ListTriggers,
    ListBindings,
    PatchBindings,
    GetExecution,
    ListModules,
    GetModule,
    CreateModule,
    UpdateModule,
    RollbackModule,
    ListModuleVersions,
    GetModuleVersion,
    PublishModuleVersion,
    ListModuleActions,
    Token,
}

/// Which endpoint `method path` is, or `None` for anything else (DELETE, test, event streams …).
pub fn classify(method: &str, path: &str) -> Option<Endpoint> {
    use Endpoint::*;
    if path == "/oauth/token" {
        return (method == "POST").then_some(Token);
    }
    let rest = path.strip_prefix("/api/v2/actions/")?;
    let segments: Vec<&str> = rest.split('/').collect();
    let endpoint = match (method, segments.as_slice()) {
        ("GET", ["actions"]) => ListActions,
        ("POST", ["actions"]) => CreateAction,
        ("GET", ["actions", _]) => GetAction,
        ("PATCH", ["actions", _]) => UpdateAction,
        ("POST", ["actions", _, "deploy"]) => DeployAction,
        ("GET", ["actions", _, "versions"]) => ListVersions,
        ("GET", ["actions", _, "versions", _]) => GetVersion,
        ("POST", ["actions", _, "versions", _, "deploy"]) => DeployVersion,
        ("GET", ["triggers"]) => ListTriggers,
        ("GET", ["triggers", _, "bindings"]) => ListBindings,
        ("PATCH", ["triggers", _, "bindings"]) => PatchBindings,
        ("GET", ["executions", _]) => GetExecution,
        ("GET", ["modules"]) => ListModules,
        ("POST", ["modules"]) => CreateModule,
        ("GET", ["modules", _]) => GetModule,
        ("PATCH", ["modules", _]) => UpdateModule,
        ("POST", ["modules", _, "rollback"]) => RollbackModule,
        ("GET", ["modules", _, "versions"]) => ListModuleVersions,
        ("POST", ["modules", _, "versions"]) => PublishModuleVersion,
        ("GET", ["modules", _, "versions", _]) => GetModuleVersion,
        ("GET", ["modules", _, "actions"]) => ListModuleActions,
        _ => return None,
    };
    Some(endpoint)
}

/// Every recording file (`.yaml`, `.json`) under `dir`, sorted, `SOURCES.md` and friends skipped.
pub fn recording_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        for entry in
            std::fs::read_dir(&folder).unwrap_or_else(|e| panic!("{}: {e}", folder.display()))
        {
            let path = entry.expect("dir entry").path();
            if path.is_dir() {
                pending.push(path);
            } else if matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("yaml" | "yml" | "json")
            ) {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

pub fn recordings_dir(shared: &Path) -> PathBuf {
    shared.join("fixtures/auth0-recordings")
}

#[derive(Deserialize)]
struct VcrCassette {
    interactions: Vec<VcrInteraction>,
}

#[derive(Deserialize)]
struct VcrInteraction {
    request: VcrRequest,
    response: VcrResponse,
}

#[derive(Deserialize)]
struct VcrRequest {
    url: String,
    method: String,
}

#[derive(Deserialize)]
struct VcrResponse {
    code: u16,
    #[serde(default)]
    body: String,
}

#[derive(Deserialize)]
struct NockInteraction {
    method: String,
    path: String,
    status: u16,
    #[serde(default)]
    response: serde_json::Value,
}

/// Reads one go-vcr YAML cassette or nock JSON file. Panics (with the file name) on a bad file.
pub fn load(dir: &Path, file: &Path) -> Vec<Interaction> {
    let name = file.strip_prefix(dir).unwrap_or(file).display().to_string();
    let text = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("{name}: {e}"));
    let raw: Vec<(String, String, u16, String)> = if std::path::Path::new(&name)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"))
    {
        let entries: Vec<NockInteraction> =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: not a nock array: {e}"));
        entries
            .into_iter()
            .map(|n| {
                let body = match n.response {
                    serde_json::Value::String(s) => s,
                    serde_json::Value::Null => String::new(),
                    other => other.to_string(),
                };
                (
                    n.method,
                    format!("http://recorded{}", n.path),
                    n.status,
                    body,
                )
            })
            .collect()
    } else {
        let cassette: VcrCassette = serde_yaml::from_str(&text)
            .unwrap_or_else(|e| panic!("{name}: not a go-vcr cassette: {e}"));
        cassette
            .interactions
            .into_iter()
            .map(|i| {
                (
                    i.request.method,
                    i.request.url,
                    i.response.code,
                    i.response.body,
                )
            })
            .collect()
    };
    raw.into_iter()
        .enumerate()
        .map(|(index, (method, url, status, body))| {
            let url = url::Url::parse(&url)
                .unwrap_or_else(|e| panic!("{name}#{index}: bad URL {url}: {e}"));
            Interaction {
                file: name.clone(),
                index,
                method: method.to_ascii_uppercase(),
                path: url.path().to_string(),
                query: url
                    .query_pairs()
                    .map(|(k, v)| (k.into_owned(), v.into_owned()))
                    .collect(),
                status,
                body,
            }
        })
        .collect()
}
