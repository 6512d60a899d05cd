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
        for step in [
            "created 2-of-3 by DKG",
            "the lost device's share no longer signs",
            "hardware factor added: 3-of-4",
            "two signers are refused at 3-of-4",
            "exit without the login service",
            "address unchanged throughout",
        ] {
            assert!(
                stdout.contains(&format!("[{suite}] {step}")),
                "no '{step}' for {suite}:\n{stdout}"
            );
        }
    }
    assert!(stdout.contains("all 4 suites passed"), "{stdout}");
}

#[test]
fn vss_demo_names_the_tampered_share() {
    let output = tessera(&["vss-demo"]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}");
    for suite in ["ed25519", "ristretto255", "secp256k1", "p256"] {
        assert!(
            stdout.contains(&format!(
                "[{suite}] tampered recovery share rejected; culprit named: recovery"
            )),
            "no tamper line for {suite}:\n{stdout}"
        );
    }
}

#[test]
fn sizes_match_the_readme_table() {
    let output = tessera(&["sizes"]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success());
    assert!(
        stdout.contains("| ed25519 | 67-of-100 | 2215 | 99 | 229086 |"),
        "{stdout}"
    );
    assert!(
        stdout.contains("| secp256k1 | 2-of-3 | 138 | 99 | 474 |"),
        "{stdout}"
    );
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
    for args in [
        &[][..],
        &["frobnicate"][..],
        &["demo", "extra"][..],
        &["sizes", "x"][..],
    ] {
        let output = tessera(args);
        assert!(!output.status.success(), "{args:?} succeeded");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("Usage:"), "{args:?}: {stderr}");
    }
}
