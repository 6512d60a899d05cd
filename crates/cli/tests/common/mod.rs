//! What every end-to-end test of the `tessera` binary needs: the command
//! with a password in its environment, a fresh directory, and runs that
//! expect one JSON line (checked against its committed schema) or one error
//! line.
#![allow(dead_code)]

use std::fmt::Debug;
use std::path::PathBuf;

use assert_cmd::Command;
use serde_json::Value;

mod schema;

/// The password every test's store files use.
pub const PASSWORD: &str = "correct horse battery";

/// The `tessera` binary, the password in `TESSERA_PASSWORD`.
pub fn tessera() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tessera"));
    cmd.env("TESSERA_PASSWORD", PASSWORD);
    cmd
}

/// A fresh directory for the test `name` of the file `file`.
pub fn temp_dir(file: &str, name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tessera-{file}-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

/// Runs `args`, expects success and one JSON line, valid under the schema
/// of its command (`crates/cli/schema/`).
pub fn json<A: AsRef<str> + Debug>(args: &[A]) -> Value {
    let args: Vec<&str> = args.iter().map(AsRef::as_ref).collect();
    let output = tessera().args(&args).output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{args:?}: {stderr}");
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    let value: Value = serde_json::from_str(&stdout).unwrap();
    schema::check(&args, &value);
    value
}

/// Runs `args`, expects failure with one line on stderr containing `what`.
pub fn fails<A: AsRef<str> + Debug>(args: &[A], what: &str) {
    let output = tessera()
        .args(args.iter().map(AsRef::as_ref))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "{args:?} succeeded");
    assert_eq!(stderr.trim_end().lines().count(), 1, "{args:?}: {stderr}");
    assert!(stderr.contains(what), "{args:?}: {stderr}");
}
