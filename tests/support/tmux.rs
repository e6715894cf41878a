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
    let ok = Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(
            std::env::var_os("CI").is_none(),
            "tmux is not installed, but CI must run the end-to-end tests (.ci/run installs it)"
        );
        eprintln!("notice: tmux is not installed; skipping the end-to-end test");
    }
    ok
}

impl Tmux {
    /// Starts `program args…` in a detached session of the given size with `env` set. The program runs under
    /// a shell that prints its exit status and stays alive, so the terminal it leaves behind can be inspected.
    pub fn start(
        name: &str,
        size: (u16, u16),
        env: &[(&str, String)],
        program: &Path,
        args: &[&str],
    ) -> Self {
        let socket = format!("codedeck-test-{}-{name}", std::process::id());
        let target = "e2e".to_string();
        let mut program_cmd = String::from("env");
        for (k, v) in env {
            program_cmd.push_str(&format!(" {k}={}", shell_quote(v)));
        }
        program_cmd.push_str(&format!(" {}", shell_quote(&program.display().to_string())));
        for a in args {
            program_cmd.push_str(&format!(" {}", shell_quote(a)));
        }
        let shell_cmd = format!("{program_cmd}; echo \"{EXIT_MARKER}$?\"; exec sleep 600");
        let t = Self { socket, target };
        t.tmux(&[
            "-f",
            "/dev/null",
            "new-session",
            "-d",
            "-s",
            &t.target,
            "-x",
            &size.0.to_string(),
            "-y",
            &size.1.to_string(),
            "-e",
            "TERM=xterm-256color",
            &shell_cmd,
        ]);
        t
    }

    fn tmux(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .output()
            .expect("run tmux");
        assert!(
            out.status.success(),
            "tmux {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
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

    /// Runs any tmux command on this server (`set -s set-clipboard on`, `show-buffer`): its stdout.
    pub fn command(&self, args: &[&str]) -> String {
        self.tmux(args)
    }

    /// Appends everything the program writes to its terminal from now on to `file`.
    pub fn record_output(&self, file: &Path) {
        let cat = format!("cat >> {}", shell_quote(&file.display().to_string()));
        self.tmux(&["pipe-pane", "-t", &self.target, "-o", &cat]);
    }

    /// Stops what `record_output` started.
    pub fn stop_recording(&self) {
        self.tmux(&["pipe-pane", "-t", &self.target]);
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
        self.tmux(&["display-message", "-p", "-t", &self.target, fmt])
            .trim()
            .to_string()
    }

    /// Waits until the screen satisfies `pred` and has settled (the same on two captures in a row:
    /// tmux 3.3 has no synchronized output, so a capture can land between two halves of a frame);
    /// panics with the last screen after a generous bound. (A bound on waiting, not a timing
    /// assertion: a slow machine only waits longer.)
    pub fn wait_for(&self, what: &str, pred: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_mins(1);
        loop {
            let screen = self.screen();
            if pred(&screen) {
                std::thread::sleep(Duration::from_millis(50));
                if self.screen() == screen {
                    return screen;
                }
                continue;
            }
            assert!(
                Instant::now() <= deadline,
                "waited for {what}; the screen was:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    pub fn wait_for_text(&self, text: &str) -> String {
        self.wait_for(&format!("`{text}`"), |s| s.contains(text))
    }

    /// Resizes the window, as a user dragging the terminal would.
    pub fn resize(&self, width: u16, height: u16) {
        self.tmux(&[
            "resize-window",
            "-t",
            &self.target,
            "-x",
            &width.to_string(),
            "-y",
            &height.to_string(),
        ]);
    }

    /// Waits until the program has exited and returns its exit status.
    pub fn wait_for_exit(&self) -> i32 {
        let screen = self.wait_for("the program to exit", |s| s.contains(EXIT_MARKER));
        let status = screen
            .lines()
            .find_map(|l| l.split(EXIT_MARKER).nth(1))
            .unwrap_or_default();
        status
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("exit status `{status}`; screen:\n{screen}"))
    }
}

const EXIT_MARKER: &str = "codedeck-e2e-exit=";

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .arg("kill-server")
            .output();
    }
}

fn shell_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\\''"))
}
