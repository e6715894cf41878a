//! Reaching out from the command line (issue 19): shell completions and the man page, generated
//! from the clap definitions, run as the real binary.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code stops at the line that failed

use std::process::{Command, Output};

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_codedeck"));
    c.env_remove("CODEDECK_CONFIG")
        .env("XDG_CONFIG_HOME", "/nonexistent/codedeck-test-config-home");
    c
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("run codedeck")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn the_bash_completion_script_loads_in_bash() {
    let out = run(&["completions", "bash"]);
    assert!(out.status.success(), "{out:?}");
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("codedeck.bash");
    std::fs::write(&script, &out.stdout).unwrap();
    let Ok(check) = Command::new("bash").arg("-n").arg(&script).output() else {
        assert!(std::env::var_os("CI").is_none(), "bash is needed in CI");
        eprintln!("SKIP: no bash here");
        return;
    };
    assert!(check.status.success(), "bash -n: {check:?}");
    // Sourced, it registers the completion function for `codedeck`.
    let loaded = Command::new("bash")
        .arg("-c")
        .arg(format!(
            "source {} && complete -p codedeck",
            script.display()
        ))
        .output()
        .unwrap();
    assert!(loaded.status.success(), "{loaded:?}");
    assert!(stdout(&loaded).contains("codedeck"), "{loaded:?}");
}

#[test]
fn every_shell_gets_a_script() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let out = run(&["completions", shell]);
        assert!(out.status.success(), "{shell}: {out:?}");
        assert!(stdout(&out).contains("codedeck"), "{shell}");
    }
    let out = run(&["completions", "tcsh"]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "an unknown shell is a usage error"
    );
}

#[test]
fn codedeck_man_prints_a_roff_page() {
    let out = run(&["man"]);
    assert!(out.status.success(), "{out:?}");
    let page = stdout(&out);
    assert!(page.contains(".TH codedeck 1"), "{page}");
    assert!(page.contains(".SH NAME"), "{page}");
    assert!(page.contains(".SH SUBCOMMANDS"), "{page}");
    assert!(page.contains("completions"), "{page}");
}
