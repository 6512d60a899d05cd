//! `tessera` key commands end to end, on every suite: keygen -> sign ->
//! verify -> reshare 2-of-3 -> 3-of-4 -> sign -> refresh -> repair ->
//! reconstruct, with store files on disk and the password from an
//! environment variable. The JSON of each command is checked against its
//! committed JSON Schema (`crates/cli/schema`, the README's tables); the
//! signatures are checked by `tessera verify` and, for Ed25519 and
//! secp256k1-tr, by ed25519-dalek and k256's BIP-340 verifier. Bad input
//! gives a non-zero exit and one line on stderr.
#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

use serde_json::Value;

mod common;
use common::*;

fn is_hex(v: &Value, len: Option<usize>) -> bool {
    v.as_str()
        .is_some_and(|s| hex::decode(s).is_ok_and(|b| len.is_none_or(|l| b.len() == l)))
}

/// The `account` object (keygen, refresh, reshare, repair).
fn check_account(v: &Value, suite: &str, threshold: &str, members: usize) {
    assert_eq!(v["suite"], suite, "{v}");
    assert_eq!(v["threshold"], threshold, "{v}");
    assert_eq!(v["members"].as_array().unwrap().len(), members, "{v}");
    assert!(is_hex(&v["group_public_key"], None), "{v}");
    assert!(v["address"].is_string(), "{v}");
    assert!(is_hex(&v["epoch"], Some(8)), "{v}");
    assert!(v["dir"].is_string(), "{v}");
    assert_eq!(v.as_object().unwrap().len(), 7, "{v}");
}

/// The `sign` object.
fn check_sign(v: &Value, suite: &str, threshold: u64, signers: &[&str], key: &Value, msg: &str) {
    // R is compressed in the SEC1 suites, x-only in BIP-340.
    let len = if matches!(suite, "secp256k1" | "p256") {
        65
    } else {
        64
    };
    assert_eq!(v["suite"], suite);
    assert_eq!(v["threshold"], threshold);
    assert_eq!(v["signers"], serde_json::json!(signers));
    assert_eq!(&v["group_public_key"], key);
    assert_eq!(v["message"], msg);
    assert!(is_hex(&v["signature"], Some(len)), "{v}");
    assert_eq!(v.as_object().unwrap().len(), 6, "{v}");
}

fn verify(suite: &str, key: &Value, msg: &str, sig: &Value) {
    let v = json(&[
        "verify",
        "--suite",
        suite,
        "--group-key",
        key.as_str().unwrap(),
        "--message",
        msg,
        "--signature",
        sig.as_str().unwrap(),
        "--json",
    ]);
    assert_eq!(v, serde_json::json!({"suite": suite, "valid": true}));
}

/// Standard verifiers where one is at hand in this crate's tests.
fn standard_check(suite: &str, key: &Value, msg: &str, sig: &Value) {
    let key = hex::decode(key.as_str().unwrap()).unwrap();
    let msg = hex::decode(msg).unwrap();
    let sig = hex::decode(sig.as_str().unwrap()).unwrap();
    match suite {
        "ed25519" => {
            let key = ed25519_dalek::VerifyingKey::from_bytes(&key.try_into().unwrap()).unwrap();
            key.verify_strict(
                &msg,
                &ed25519_dalek::Signature::from_bytes(&sig.try_into().unwrap()),
            )
            .unwrap();
        }
        "secp256k1-tr" => {
            let x: [u8; 32] = key[1..].try_into().unwrap();
            let key = k256::schnorr::VerifyingKey::from_bytes(&x.into()).unwrap();
            let sig = k256::schnorr::Signature::try_from(sig.as_slice()).unwrap();
            key.verify_raw(&msg, &sig).unwrap();
        }
        _ => {}
    }
}

fn life(suite: &str) {
    let dir = temp_dir("cli", suite);
    let d = dir.to_str().unwrap();
    let created = json(&[
        "keygen",
        "--suite",
        suite,
        "--threshold",
        "2-of-3",
        "--members",
        "device,login,recovery",
        "--out",
        d,
        "--json",
    ]);
    check_account(&created, suite, "2-of-3", 3);
    let key = created["group_public_key"].clone();
    for name in ["device", "login", "recovery"] {
        assert!(dir.join(format!("{name}.tsr")).exists());
    }
    let msg = "7472616e73666572203120746f20626f62";
    let signed = json(&[
        "sign",
        "--dir",
        d,
        "--signers",
        "device,login",
        "--message",
        msg,
        "--json",
    ]);
    check_sign(&signed, suite, 2, &["device", "login"], &key, msg);
    verify(suite, &key, msg, &signed["signature"]);
    standard_check(suite, &key, msg, &signed["signature"]);

    // 2-of-3 -> 3-of-4 with a hardware factor; same key.
    let reshared = json(&[
        "reshare", "--dir", d, "--to", "3-of-4", "--add", "hardware", "--json",
    ]);
    check_account(&reshared, suite, "3-of-4", 4);
    assert_eq!(reshared["group_public_key"], key);
    assert_eq!(reshared["address"], created["address"]);
    assert_ne!(reshared["epoch"], created["epoch"]);
    let signed = json(&[
        "sign",
        "--dir",
        d,
        "--signers",
        "device,login,hardware",
        "--message",
        msg,
        "--json",
    ]);
    check_sign(
        &signed,
        suite,
        3,
        &["device", "login", "hardware"],
        &key,
        msg,
    );
    verify(suite, &key, msg, &signed["signature"]);
    standard_check(suite, &key, msg, &signed["signature"]);
    fails(
        &[
            "sign",
            "--dir",
            d,
            "--signers",
            "device,login",
            "--message",
            msg,
        ],
        "error: ",
    );

    // Refresh; lose and repair the hardware file.
    let refreshed = json(&["refresh", "--dir", d, "--json"]);
    assert_eq!(refreshed["group_public_key"], key);
    assert_ne!(refreshed["epoch"], reshared["epoch"]);
    std::fs::remove_file(dir.join("hardware.tsr")).unwrap();
    fails(
        &["refresh", "--dir", d],
        "holds 3 of the 4 members' store files",
    );
    let repaired = json(&["repair", "--dir", d, "--member", "hardware", "--json"]);
    assert_eq!(repaired["group_public_key"], key);
    assert_eq!(repaired["epoch"], refreshed["epoch"]);
    let signed = json(&[
        "sign",
        "--dir",
        d,
        "--signers",
        "hardware,recovery,login",
        "--message",
        msg,
        "--json",
    ]);
    verify(suite, &key, msg, &signed["signature"]);

    // Reconstruct: without --export no secret; with it, the secret's
    // public key is the group key (checked by standard libraries where at hand).
    let quiet = json(&[
        "reconstruct",
        "--dir",
        d,
        "--holders",
        "device,login,recovery",
        "--json",
    ]);
    assert_eq!(quiet["secret_key"], Value::Null);
    assert_eq!(quiet["group_public_key"], key);
    let exported = json(&[
        "reconstruct",
        "--dir",
        d,
        "--holders",
        "device,login,recovery",
        "--export",
        "--json",
    ]);
    assert_eq!(exported.as_object().unwrap().len(), 5);
    let secret = hex::decode(exported["secret_key"].as_str().unwrap()).unwrap();
    let public = hex::decode(key.as_str().unwrap()).unwrap();
    match suite {
        "ed25519" => {
            // Scalar || prefix; the scalar times the base point is the key.
            let scalar: [u8; 32] = secret[..32].try_into().unwrap();
            let scalar = curve25519_dalek::Scalar::from_canonical_bytes(scalar).unwrap();
            assert_eq!(
                curve25519_dalek::EdwardsPoint::mul_base(&scalar)
                    .compress()
                    .to_bytes()
                    .as_slice(),
                public
            );
        }
        "secp256k1" | "secp256k1-tr" => {
            use k256::elliptic_curve::sec1::ToSec1Point;
            let sk = k256::SecretKey::from_slice(&secret).unwrap();
            let pk = sk.public_key().to_sec1_point(true);
            if suite == "secp256k1" {
                assert_eq!(pk.as_bytes(), public.as_slice());
            } else {
                // BIP-340 keys are x-only: the same x coordinate.
                assert_eq!(&pk.as_bytes()[1..], &public[1..]);
            }
        }
        _ => assert!(!secret.is_empty()),
    }
    fails(
        &["reconstruct", "--dir", d, "--holders", "device,login"],
        "error: ",
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn life_ed25519() {
    life("ed25519");
}
#[test]
fn life_ristretto255() {
    life("ristretto255");
}
#[test]
fn life_secp256k1() {
    life("secp256k1");
}
#[test]
fn life_p256() {
    life("p256");
}
#[test]
fn life_secp256k1_tr() {
    life("secp256k1-tr");
}

#[test]
fn bad_input_fails_with_one_line() {
    let dir = temp_dir("cli", "bad");
    let d = dir.to_str().unwrap();
    fails(
        &["keygen", "--suite", "rsa", "--out", d],
        "unknown suite 'rsa'",
    );
    fails(
        &[
            "keygen",
            "--suite",
            "ed25519",
            "--threshold",
            "1-of-3",
            "--out",
            d,
        ],
        "invalid threshold",
    );
    fails(
        &[
            "keygen",
            "--suite",
            "ed25519",
            "--threshold",
            "2-of-4",
            "--out",
            d,
        ],
        "needs 4 members",
    );
    fails(
        &["sign", "--dir", d, "--signers", "a,b", "--message", "00"],
        "cannot read directory",
    );
    json(&["keygen", "--suite", "p256", "--out", d, "--json"]);
    fails(
        &["keygen", "--suite", "p256", "--out", d],
        "never overwrites",
    );
    fails(
        &[
            "sign",
            "--dir",
            d,
            "--signers",
            "device,login",
            "--message",
            "zz",
        ],
        "not valid hex",
    );
    let output = tessera()
        .env("TESSERA_PASSWORD", "wrong")
        .args([
            "sign",
            "--dir",
            d,
            "--signers",
            "device,login",
            "--message",
            "00",
        ])
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("wrong password"), "{stderr}");
    assert_eq!(stderr.trim_end().lines().count(), 1);
    // A flipped byte in a store file.
    let file = dir.join("device.tsr");
    let mut bytes = std::fs::read(&file).unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 1;
    std::fs::write(&file, bytes).unwrap();
    fails(
        &[
            "sign",
            "--dir",
            d,
            "--signers",
            "device,login",
            "--message",
            "00",
        ],
        "tampered",
    );
    fails(
        &[
            "verify",
            "--suite",
            "ed25519",
            "--group-key",
            "00",
            "--message",
            "00",
            "--signature",
            "00",
        ],
        "does not decode",
    );
    std::fs::remove_dir_all(&dir).unwrap();
    // clap's own usage errors exit non-zero too.
    let output = tessera().args(["no-such-command"]).output().unwrap();
    assert!(!output.status.success());
}

#[test]
fn help_is_complete() {
    let output = tessera().arg("--help").output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    for command in [
        "keygen",
        "sign",
        "verify",
        "refresh",
        "reshare",
        "repair",
        "reconstruct",
        "sizes",
        "demo",
    ] {
        assert!(stdout.contains(command), "{stdout}");
        let output = tessera().args([command, "--help"]).output().unwrap();
        assert!(output.status.success(), "{command}");
    }
}
