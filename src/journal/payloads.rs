//! Saved test payloads (issue 19): the last event each action was tested with, and events saved
//! under a name, per tenant and action, in `test-payloads.json` beside the journal (readable by the
//! owner only). Payloads are the user's data, but a held secret never reaches the file: the text is
//! scrubbed before it is written.

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde::{Deserialize, Serialize};

use super::{create_private_dir, private_options, Journal};

/// The payloads of one action.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SavedPayloads {
    /// The event of the last test run.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last: Option<serde_json::Value>,
    /// When the last test run was (`t` says "last payload, 3 min ago").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_at: Option<crate::model::Timestamp>,
    /// Events saved under a name (`T`, then "save the last as…").
    #[serde(default)]
    pub named: BTreeMap<String, serde_json::Value>,
}

/// tenant → action id → its payloads.
type PayloadFile = BTreeMap<String, BTreeMap<String, SavedPayloads>>;

impl Journal {
    pub fn payloads_path(&self) -> std::path::PathBuf {
        self.dir.join("test-payloads.json")
    }

    fn read_payload_file(&self) -> Result<PayloadFile, String> {
        match std::fs::read_to_string(self.payloads_path()) {
            Ok(text) => serde_json::from_str(&text).map_err(|e| e.to_string()),
            Err(err) if err.kind() == io::ErrorKind::NotFound => Ok(PayloadFile::new()),
            Err(err) => Err(err.to_string()),
        }
    }

    fn write_payload_file(&self, file: &PayloadFile) -> Result<(), String> {
        let write = || -> io::Result<()> {
            create_private_dir(&self.dir)?;
            let text = serde_json::to_string_pretty(file).map_err(io::Error::other)?;
            // Written whole beside, then moved over: a crash leaves the old file or the new one.
            let path = self.payloads_path();
            let fresh = path.with_extension("json.new");
            let mut out = private_options().write(true).truncate(true).open(&fresh)?;
            out.write_all(text.as_bytes())?;
            out.sync_data()?;
            std::fs::rename(&fresh, &path)
        };
        write().map_err(|e| e.to_string())
    }

    /// The payloads saved for this action on this tenant (none: empty).
    pub fn payloads(&self, tenant: &str, action_id: &str) -> Result<SavedPayloads, String> {
        let file = self.read_payload_file()?;
        Ok(file
            .get(tenant)
            .and_then(|actions| actions.get(action_id))
            .cloned()
            .unwrap_or_default())
    }

    /// Remembers `payload` as the action's last (`name: None`) or under `name`, scrubbed of held
    /// secrets.
    pub fn save_payload(
        &self,
        tenant: &str,
        action_id: &str,
        name: Option<&str>,
        payload: &serde_json::Value,
    ) -> Result<(), String> {
        let payload = scrubbed(payload)?;
        let mut file = self.read_payload_file()?;
        let saved = file
            .entry(tenant.to_string())
            .or_default()
            .entry(action_id.to_string())
            .or_default();
        match name {
            None => {
                saved.last = Some(payload);
                saved.last_at = Some(chrono::Utc::now());
            }
            Some(name) => {
                saved.named.insert(name.to_string(), payload);
            }
        }
        self.write_payload_file(&file)
    }
}

/// The payload with every held secret replaced (a secret inside a JSON string keeps it valid).
fn scrubbed(payload: &serde_json::Value) -> Result<serde_json::Value, String> {
    let text = serde_json::to_string(payload).map_err(|e| e.to_string())?;
    let clean = crate::secret::scrub_held(&text);
    serde_json::from_str(&clean).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn last_and_named_payloads_are_kept_per_tenant_and_action() {
        let dir = tempfile::tempdir().unwrap();
        let journal = Journal::at(dir.path());
        let event = serde_json::json!({"user": {"email": "a@example.com"}});
        journal.save_payload("t1", "act_1", None, &event).unwrap();
        journal
            .save_payload("t1", "act_1", Some("admin"), &serde_json::json!({"x": 1}))
            .unwrap();
        let saved = journal.payloads("t1", "act_1").unwrap();
        assert_eq!(saved.last, Some(event));
        assert_eq!(saved.named.keys().collect::<Vec<_>>(), vec!["admin"]);
        assert_eq!(
            journal.payloads("t2", "act_1").unwrap(),
            SavedPayloads::default()
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(journal.payloads_path())
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600, "owner only");
        }
    }

    #[test]
    fn a_held_secret_never_reaches_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let journal = Journal::at(dir.path());
        // Holding a value registers it (as reading a token or typing a secret does).
        let _held = crate::model::secret::Secret::new("hunter2-payload-secret");
        let event = serde_json::json!({"token": "hunter2-payload-secret"});
        journal.save_payload("t", "a", None, &event).unwrap();
        let text = std::fs::read_to_string(journal.payloads_path()).unwrap();
        assert!(!text.contains("hunter2-payload-secret"), "{text}");
    }
}
