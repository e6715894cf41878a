//! Reaching out (issue 19), the I/O half: the clipboard as an OSC 52 sequence written to the
//! terminal (so it works over SSH), wrapped for tmux's passthrough when `$TMUX` is set; and the
//! browser, started without waiting for it.

use std::io::Write;
use std::process::{Command, Stdio};

/// The bytes that set the system clipboard to `text`: OSC 52 (`ESC ] 52 ; c ; BASE64 BEL`). Inside
/// tmux (`in_tmux`) the same sequence follows once more inside tmux's passthrough (`ESC P tmux ;` …
/// `ESC \`, its ESCs doubled): tmux with `set-clipboard on` takes the plain one into its buffer
/// and on to the outer terminal, and with `allow-passthrough on` the wrapped one reaches the
/// outer terminal as is — as lazygit and neovim's osc52 plugins do.
pub fn osc52(text: &str, in_tmux: bool) -> Vec<u8> {
    let plain = format!("\x1b]52;c;{}\x07", base64(text.as_bytes()));
    let mut out = plain.clone().into_bytes();
    if in_tmux {
        out.extend_from_slice(b"\x1bPtmux;");
        out.extend_from_slice(plain.replace('\x1b', "\x1b\x1b").as_bytes());
        out.extend_from_slice(b"\x1b\\");
    }
    out
}

/// Writes the clipboard sequence for `text` to `out` (the terminal), at once.
pub fn copy_to(out: &mut impl Write, text: &str) -> Result<(), String> {
    let in_tmux = std::env::var_os("TMUX").is_some_and(|v| !v.is_empty());
    out.write_all(&osc52(text, in_tmux))
        .and_then(|()| out.flush())
        .map_err(|e| e.to_string())
}

/// Standard base64 with padding (RFC 4648), as OSC 52 wants it.
pub fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for (i, shift) in [18, 12, 6, 0].into_iter().enumerate() {
            if i <= chunk.len() {
                out.push(ALPHABET[((n >> shift) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The browser commands to try, in order: `$BROWSER` (its words, the URL last), then the
/// platform's opener.
fn openers(browser: Option<String>) -> Vec<Vec<String>> {
    let mut out = vec![];
    if let Some(browser) = browser.filter(|b| !b.trim().is_empty()) {
        // `$BROWSER` may list several, separated by `:` (the sensible-browser convention).
        for one in browser.split(':').filter(|b| !b.trim().is_empty()) {
            out.push(one.split_whitespace().map(str::to_string).collect());
        }
    }
    let platform: &[&str] = if cfg!(target_os = "macos") {
        &["open"]
    } else if cfg!(windows) {
        &["explorer"]
    } else {
        &["xdg-open"]
    };
    out.extend(platform.iter().map(|p| vec![(*p).to_string()]));
    out
}

/// Starts a browser on `url` and returns at once (the browser is never waited for; its output is
/// dropped so it cannot scribble on the dashboard). `Err`: no opener could be started, in words.
pub fn open_url(url: &str) -> Result<(), String> {
    let mut last = String::new();
    for opener in openers(std::env::var("BROWSER").ok()) {
        let Some((program, args)) = opener.split_first() else {
            continue;
        };
        let started = Command::new(program)
            .args(args)
            .arg(url)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn();
        match started {
            Ok(mut child) => {
                // Reaped off the loop: an opener that exits leaves no zombie behind.
                std::thread::spawn(move || child.wait());
                return Ok(());
            }
            Err(err) => last = format!("{program}: {err}"),
        }
    }
    Err(last)
}

// Saved test payloads (issue 19): a small file beside the journal, read and written on a blocking
// thread.

/// Where payloads are kept for this connection: the journal's dir, under the tenant's label.
fn payload_place(
    journal: Option<&crate::journal::Journal>,
    backend: &dyn crate::backend::Backend,
) -> Result<(crate::journal::Journal, String), String> {
    let journal = journal.ok_or_else(|| crate::strings::NO_JOURNAL.to_string())?;
    Ok((journal.clone(), backend.connection().label))
}

async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, String> + Send + 'static,
) -> Result<T, String> {
    tokio::task::spawn_blocking(work)
        .await
        .unwrap_or_else(|e| Err(e.to_string()))
}

/// Remembers `payload` as the action's last test event (a failure to write is logged: the test
/// itself goes on).
pub async fn remember_payload(
    journal: Option<&crate::journal::Journal>,
    backend: &dyn crate::backend::Backend,
    action_id: &str,
    payload: &serde_json::Value,
) {
    let Ok((journal, tenant)) = payload_place(journal, backend) else {
        return;
    };
    let (action_id, payload) = (action_id.to_string(), payload.clone());
    let saved = blocking(move || journal.save_payload(&tenant, &action_id, None, &payload)).await;
    if let Err(why) = saved {
        tracing::warn!("test payload not remembered: {why}");
    }
}

pub async fn read_payloads(
    journal: Option<&crate::journal::Journal>,
    backend: &dyn crate::backend::Backend,
    action_id: &str,
) -> Result<crate::journal::payloads::SavedPayloads, String> {
    let (journal, tenant) = payload_place(journal, backend)?;
    let action_id = action_id.to_string();
    blocking(move || journal.payloads(&tenant, &action_id)).await
}

/// What `t` starts from: the payloads saved for the action; none without a journal (the sample
/// then, nothing to say).
pub async fn read_last_payload(
    journal: Option<&crate::journal::Journal>,
    backend: &dyn crate::backend::Backend,
    action_id: &str,
) -> Result<crate::journal::payloads::SavedPayloads, String> {
    if journal.is_none() {
        return Ok(crate::journal::payloads::SavedPayloads::default());
    }
    read_payloads(journal, backend, action_id).await
}

/// Saves the action's last test event under `as_name`: `Ok(as_name)`.
pub async fn save_last_as(
    journal: Option<&crate::journal::Journal>,
    backend: &dyn crate::backend::Backend,
    action_id: &str,
    as_name: &str,
) -> Result<String, String> {
    let (journal, tenant) = payload_place(journal, backend)?;
    let (action_id, as_name) = (action_id.to_string(), as_name.to_string());
    blocking(move || {
        let saved = journal.payloads(&tenant, &action_id)?;
        let last = saved
            .last
            .ok_or_else(|| crate::strings::reach::no_payloads(&action_id))?;
        journal.save_payload(&tenant, &action_id, Some(&as_name), &last)?;
        Ok(as_name)
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc_4648() {
        for (plain, coded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(plain.as_bytes()), coded, "{plain}");
        }
    }

    #[test]
    fn osc52_is_plain_outside_tmux_and_also_wrapped_inside() {
        assert_eq!(osc52("hi", false), b"\x1b]52;c;aGk=\x07".to_vec());
        let inside = String::from_utf8(osc52("hi", true)).unwrap();
        assert_eq!(
            inside,
            "\x1b]52;c;aGk=\x07\x1bPtmux;\x1b\x1b]52;c;aGk=\x07\x1b\\"
        );
    }

    #[test]
    fn browser_comes_first_then_the_platform_opener() {
        let list = openers(Some("firefox --new-tab:lynx".into()));
        assert_eq!(list[0], vec!["firefox", "--new-tab"]);
        assert_eq!(list[1], vec!["lynx"]);
        assert_eq!(list.len(), 3);
        assert_eq!(openers(None).len(), 1);
    }
}
