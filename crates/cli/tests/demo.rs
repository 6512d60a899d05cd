//! Runs the `tessera` binary end to end.
#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

use std::process::{Command, Output};

use k256::elliptic_curve::sec1::ToSec1Point;
use sha3::{Digest, Keccak256};

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
    for (tag, step) in [
        ("secp256k1-tr", "BIP-340 signature verified by k256"),
        ("secp256k1-tr", "hardware added, 3-of-4"),
        ("secp256k1-tr", "P2TR address unchanged throughout: bc1p"),
        (
            "secp256k1 ecdsa",
            "signed by device + login with threshold ECDSA",
        ),
        ("secp256k1 ecdsa", "ECDSA setup only for the new pairs"),
        (
            "secp256k1 ecdsa",
            "signed by device + login + hardware: k256 ecrecover",
        ),
        ("p256 ecdsa", "verified by p256"),
    ] {
        let tag = format!("[{tag}] ");
        assert!(
            stdout
                .lines()
                .any(|l| l.starts_with(&tag) && l.contains(step)),
            "no '{step}' for {tag}:\n{stdout}"
        );
    }
    assert!(
        stdout.contains("native signatures passed: BIP-340 (Taproot), Ethereum ECDSA, P-256 ECDSA"),
        "{stdout}"
    );
    check_addresses(&stdout);
}

/// The text after `prefix` on the line of `suite` that has it, up to `end`.
fn field<'a>(stdout: &'a str, suite: &str, prefix: &str, end: &str) -> &'a str {
    let tag = format!("[{suite}] ");
    let line = stdout
        .lines()
        .filter_map(|l| l.strip_prefix(&tag))
        .find(|l| l.contains(prefix))
        .unwrap_or_else(|| panic!("no '{prefix}' for {suite}:\n{stdout}"));
    let rest = &line[line.find(prefix).unwrap() + prefix.len()..];
    rest.split(end).next().unwrap()
}

/// Each suite's printed address is its group key in the platform's form,
/// computed here independently: Ethereum from k256's uncompressed point and
/// sha3's Keccak-256 with the EIP-55 checksum, base58 with bs58.
fn check_addresses(stdout: &str) {
    let key = |suite| hex::decode(field(stdout, suite, "group key ", " ")).unwrap();

    let address = field(stdout, "secp256k1", "Ethereum address ", ",");
    let public = k256::PublicKey::from_sec1_bytes(&key("secp256k1")).unwrap();
    let uncompressed = public.to_sec1_point(false);
    let lower = hex::encode(&Keccak256::digest(&uncompressed.as_bytes()[1..])[12..]);
    assert_eq!(address.len(), 42, "{address}");
    assert_eq!(address.to_ascii_lowercase(), format!("0x{lower}"));
    // EIP-55: a letter is upper-case where the nibble of Keccak-256 of the
    // lower-case hex address is 8 or more.
    let checksum = Keccak256::digest(lower.as_bytes());
    for (i, c) in address[2..].chars().enumerate() {
        let nibble = (checksum[i / 2] >> if i % 2 == 0 { 4 } else { 0 }) & 0x0f;
        if c.is_ascii_alphabetic() {
            assert_eq!(c.is_ascii_uppercase(), nibble >= 8, "{address} at {i}");
        }
    }
    assert!(stdout.contains(&format!(
        "[secp256k1] address unchanged throughout: {address}"
    )));

    let base58 = field(stdout, "ed25519", "base58 public key ", ",");
    assert_eq!(bs58::decode(base58).into_vec().unwrap(), key("ed25519"));
    for (suite, what) in [
        ("p256", "P-256 compressed public key (hex) "),
        ("ristretto255", "ristretto255 public key (hex) "),
    ] {
        assert_eq!(
            hex::decode(field(stdout, suite, what, ",")).unwrap(),
            key(suite)
        );
    }
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
    // Threshold ECDSA, as in crates/ecdsa/README.md's message-size table.
    for row in [
        "| 2 | 15075 | 40327 | 265 | 55667 |",
        "| 3 | 30150 | 80654 | 660 | 111464 |",
        "| 7 | 90450 | 241962 | 3540 | 335952 |",
    ] {
        assert!(stdout.contains(row), "{row} missing:\n{stdout}");
    }
    assert!(
        stdout.contains("pairwise setup 8552 bytes each way, 12437 bytes stored per pair"),
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

/// `tessera simulate` on one given network: the DKG 2-of-3 row takes at
/// least its two one-way trips through the relay (each RTT / 2), and every
/// session ends.
#[test]
fn simulate_runs_every_session_on_the_given_network() {
    let output = tessera(&[
        "simulate",
        "--max-dkg-n",
        "4",
        "--rtt-ms",
        "80",
        "--mbit",
        "10",
    ]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(!stdout.contains("failed"), "{stdout}");
    let row = stdout
        .lines()
        .find(|l| l.starts_with("| DKG | 2-of-3 | 80 ms, 10 Mbit/s |"))
        .unwrap_or_else(|| panic!("no DKG 2-of-3 row:\n{stdout}"));
    let end: f64 = row.split('|').nth(4).unwrap().trim().parse().unwrap();
    assert!(end >= 80.0, "{row}");
    // DKG and refresh stop at 4 parties; signing runs at 67-of-100 too.
    assert!(!stdout.contains("| DKG | 67-of-100"), "{stdout}");
    assert!(
        stdout.contains("| FROST signing (coordinator) | 67-of-100 |"),
        "{stdout}"
    );
}
