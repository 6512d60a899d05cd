//! Runs the `tessera` binary end to end.
#![allow(clippy::panic)]

use std::process::{Command, Output};

fn tessera(args: &[&str]) -> Output {
    match Command::new(env!("CARGO_BIN_EXE_tessera"))
        .args(args)
        .output()
    {
        Ok(output) => output,
        Err(e) => panic!("cannot run tessera: {e}"),
    }
}

#[test]
fn demo_succeeds_for_all_four_suites() {
    let output = tessera(&["demo"]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "demo failed: {}\nstdout:\n{stdout}\nstderr:\n{stderr}",
        output.status
    );
    for suite in ["ed25519", "ristretto255", "secp256k1", "p256"] {
        assert!(
            stdout.contains(&format!("[{suite}] public key ")),
            "no public key line for {suite}:\n{stdout}"
        );
        assert!(
            stdout.contains(&format!(
                "[{suite}] tampered recovery share rejected; culprit named: recovery"
            )),
            "no tamper line for {suite}:\n{stdout}"
        );
    }
    assert!(stdout.contains("all 4 suites passed"), "{stdout}");
}

#[test]
fn help_prints_usage() {
    for flag in ["--help", "-h", "help"] {
        let output = tessera(&[flag]);
        assert!(output.status.success());
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(stdout.contains("Usage:"), "{stdout}");
        assert!(stdout.contains("demo"), "{stdout}");
    }
}

#[test]
fn bad_usage_fails_with_a_message() {
    for args in [&[][..], &["frobnicate"][..], &["demo", "extra"][..]] {
        let output = tessera(args);
        assert!(!output.status.success(), "{args:?} succeeded");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("Usage:"), "{args:?}: {stderr}");
    }
}
