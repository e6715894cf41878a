//! Drives the real binary in a private tmux server, the way a person would: send keys, read the screen.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

/// A tmux session on its own socket, killed on drop.
pub struct Tmux {
    socket: String,
    target: String,
}

/// True when tmux is installed; otherwise prints a notice, or panics under CI (CI always runs these).
pub fn available() -> bool {
    let ok = Command::new("tmux").arg("-V").output().map(|o| o.status.success()).unwrap_or(false);
    if !ok {
        if std::env::var_os("CI").is_some() {
            panic!("tmux is not installed, but CI must run the end-to-end tests (.ci/run installs it)");
        }
        eprintln!("notice: tmux is not installed; skipping the end-to-end test");
    }
    ok
}

impl Tmux {
    /// Starts `program args…` in a detached session of the given size with `env` set.
    pub fn start(name: &str, size: (u16, u16), env: &[(&str, String)], program: &Path, args: &[&str]) -> Self {
        let socket = format!("codedeck-test-{}-{name}", std::process::id());
        let target = "e2e".to_string();
        let mut shell_cmd = String::from("env");
        for (k, v) in env {
            shell_cmd.push_str(&format!(" {k}={}", shell_quote(v)));
        }
        shell_cmd.push_str(&format!(" {}", shell_quote(&program.display().to_string())));
        for a in args {
            shell_cmd.push_str(&format!(" {}", shell_quote(a)));
        }
        let t = Self { socket, target };
        t.tmux(&[
            "-f", "/dev/null", "new-session", "-d", "-s", &t.target, "-x", &size.0.to_string(), "-y",
            &size.1.to_string(), "-e", "TERM=xterm-256color", &shell_cmd,
        ]);
        t.tmux(&["set-option", "-t", &t.target, "remain-on-exit", "on"]);
        t
    }

    fn tmux(&self, args: &[&str]) -> String {
        let out = Command::new("tmux").arg("-L").arg(&self.socket).args(args).output().expect("run tmux");
        assert!(out.status.success(), "tmux {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Sends keys in tmux's key syntax (`Enter`, `Escape`, `C-c`) or literal text with `literal`.
    pub fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", &self.target];
        args.extend_from_slice(keys);
        self.tmux(&args);
    }

    pub fn type_text(&self, text: &str) {
        self.tmux(&["send-keys", "-t", &self.target, "-l", text]);
    }

    /// The visible screen as plain text.
    pub fn screen(&self) -> String {
        self.tmux(&["capture-pane", "-p", "-t", &self.target])
    }

    /// The visible screen with colour escape sequences.
    pub fn screen_with_styles(&self) -> String {
        self.tmux(&["capture-pane", "-p", "-e", "-t", &self.target])
    }

    pub fn format(&self, fmt: &str) -> String {
        self.tmux(&["display-message", "-p", "-t", &self.target, fmt]).trim().to_string()
    }

    /// Waits until the screen satisfies `pred`; panics with the last screen after a generous bound.
    /// (A bound on waiting, not a timing assertion: a slow machine only waits longer.)
    pub fn wait_for(&self, what: &str, pred: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let screen = self.screen();
            if pred(&screen) {
                return screen;
            }
            if Instant::now() > deadline {
                panic!("waited for {what}; the screen was:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    pub fn wait_for_text(&self, text: &str) -> String {
        self.wait_for(&format!("`{text}`"), |s| s.contains(text))
    }

    /// Waits until the program has exited.
    pub fn wait_for_exit(&self) -> i32 {
        let deadline = Instant::now() + Duration::from_secs(30);
        while self.format("#{pane_dead}") != "1" {
            assert!(Instant::now() < deadline, "the program did not exit; screen:\n{}", self.screen());
            std::thread::sleep(Duration::from_millis(100));
        }
        self.format("#{pane_dead_status}").parse().unwrap_or(-1)
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux").arg("-L").arg(&self.socket).arg("kill-server").output();
    }
}

fn shell_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\\''"))
}
