//! `tessera --scheme ecdsa` end to end on secp256k1 and P-256: keygen with
//! the pairwise setups stored in the members' files, sign, reshare
//! 2-of-3 -> 3-of-4 (adding a member) and 3-of-4 -> 2-of-3 (removing one),
//! refresh and repair, signing after each. Every signature is checked by
//! the RustCrypto `ecdsa` verifiers of k256 / p256 (SHA-256 of the
//! message), the Ethereum form by k256's public-key recovery from an
//! EIP-191 digest computed here with sha3, and by `tessera verify`. A
//! removed member's old file no longer signs with the new shares.
#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

use std::path::Path;

use serde_json::Value;

mod common;
use common::*;

fn hex_of(v: &Value) -> Vec<u8> {
    hex::decode(v.as_str().unwrap()).unwrap()
}

/// Checks `r || s` with the curve's standard ECDSA verifier (SHA-256 of
/// the message, as `Verifier::verify` hashes it).
fn standard_check(suite: &str, key: &[u8], message: &[u8], signature: &[u8]) {
    use k256::ecdsa::signature::Verifier;
    match suite {
        "secp256k1" => {
            let key = k256::ecdsa::VerifyingKey::from_sec1_bytes(key).unwrap();
            let sig = k256::ecdsa::Signature::from_slice(signature).unwrap();
            // Low s, as Bitcoin and Ethereum require.
            assert!(sig.normalize_s() == sig);
            key.verify(message, &sig).unwrap();
        }
        "p256" => {
            let key = p256::ecdsa::VerifyingKey::from_sec1_bytes(key).unwrap();
            let sig = p256::ecdsa::Signature::from_slice(signature).unwrap();
            key.verify(message, &sig).unwrap();
        }
        other => panic!("{other}"),
    }
}

/// `sign --scheme ecdsa` by `signers`, checked three ways.
fn sign(dir: &Path, suite: &str, signers: &str, message: &str) {
    let d = dir.to_str().unwrap();
    let v = json(&[
        "sign",
        "--dir",
        d,
        "--signers",
        signers,
        "--message",
        message,
        "--scheme",
        "ecdsa",
        "--json",
    ]);
    assert_eq!(v["suite"], suite);
    assert_eq!(v["scheme"], "ecdsa");
    assert_eq!(v["digest"], "sha256");
    let key = hex_of(&v["group_public_key"]);
    let signature = hex_of(&v["signature"]);
    assert_eq!(signature.len(), 64);
    standard_check(suite, &key, &hex::decode(message).unwrap(), &signature);
    let verified = json(&[
        "verify",
        "--scheme",
        "ecdsa",
        "--suite",
        suite,
        "--group-key",
        v["group_public_key"].as_str().unwrap(),
        "--message",
        message,
        "--signature",
        v["signature"].as_str().unwrap(),
        "--json",
    ]);
    assert_eq!(verified["valid"], true);
    // Another message does not verify.
    fails(
        &[
            "verify",
            "--scheme",
            "ecdsa",
            "--suite",
            suite,
            "--group-key",
            v["group_public_key"].as_str().unwrap(),
            "--message",
            "00",
            "--signature",
            v["signature"].as_str().unwrap(),
        ],
        "does not verify",
    );
}

fn life(suite: &str) {
    let dir = temp_dir("ecdsa", suite);
    let d = dir.to_str().unwrap();
    let created = json(&[
        "keygen", "--suite", suite, "--scheme", "ecdsa", "--out", d, "--json",
    ]);
    let key = created["group_public_key"].clone();
    sign(&dir, suite, "device,login", "68656c6c6f");
    sign(&dir, suite, "recovery,device", "");

    // 2-of-3 -> 3-of-4: the pairs with the new member are set up.
    let v = json(&[
        "reshare", "--dir", d, "--to", "3-of-4", "--add", "hardware", "--json",
    ]);
    assert_eq!(v["group_public_key"], key);
    sign(&dir, suite, "hardware,device,login", "01020304");

    // Revoke the device: 3-of-4 -> 2-of-3 without it.
    let old_device = std::fs::read(dir.join("device.tsr")).unwrap();
    let v = json(&[
        "reshare", "--dir", d, "--to", "2-of-3", "--remove", "device", "--json",
    ]);
    assert_eq!(v["group_public_key"], key);
    assert!(!dir.join("device.tsr").exists());
    sign(&dir, suite, "hardware,recovery", "05");
    // The removed member's old file with the new shares: refused.
    std::fs::write(dir.join("device.tsr"), &old_device).unwrap();
    for scheme in ["ecdsa", "frost"] {
        fails(
            &[
                "sign",
                "--dir",
                d,
                "--signers",
                "device,login",
                "--message",
                "05",
                "--scheme",
                scheme,
            ],
            "do not hold shares of one key package",
        );
    }
    std::fs::remove_file(dir.join("device.tsr")).unwrap();

    // Refresh, then lose and repair a member's file: its pairs are set
    // up again.
    json(&["refresh", "--dir", d, "--json"]);
    sign(&dir, suite, "login,recovery", "06");
    std::fs::remove_file(dir.join("login.tsr")).unwrap();
    json(&["repair", "--dir", d, "--member", "login", "--json"]);
    sign(&dir, suite, "login,hardware", "07");
    sign(&dir, suite, "login,recovery", "08");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn ecdsa_life_secp256k1() {
    life("secp256k1");
}

#[test]
fn ecdsa_life_p256() {
    life("p256");
}

/// The Ethereum form: `r || s || v` over the EIP-191 digest, recovered by
/// k256 to the group key and checked by `tessera verify --eth`.
#[test]
fn ethereum_personal_sign() {
    use sha3::{Digest, Keccak256};
    let dir = temp_dir("ecdsa", "eth");
    let d = dir.to_str().unwrap();
    json(&[
        "keygen",
        "--suite",
        "secp256k1",
        "--scheme",
        "ecdsa",
        "--out",
        d,
        "--json",
    ]);
    let message = b"tessera";
    let v = json(&[
        "sign",
        "--dir",
        d,
        "--signers",
        "login,recovery",
        "--message",
        &hex::encode(message),
        "--scheme",
        "ecdsa",
        "--eth",
        "--json",
    ]);
    assert_eq!(v["digest"], "eip191");
    let rsv = hex_of(&v["eth_signature"]);
    assert_eq!(rsv.len(), 65);
    let mut h = Keccak256::new();
    h.update(b"\x19Ethereum Signed Message:\n7tessera");
    let digest: [u8; 32] = h.finalize().into();
    assert_eq!(hex_of(&v["prehash"]), digest);
    let sig = k256::ecdsa::Signature::from_slice(&rsv[..64]).unwrap();
    let id = k256::ecdsa::RecoveryId::from_byte(rsv[64] - 27).unwrap();
    let recovered = k256::ecdsa::VerifyingKey::recover_from_prehash(&digest, &sig, id).unwrap();
    assert_eq!(
        recovered.to_sec1_point(true).as_bytes(),
        hex_of(&v["group_public_key"]).as_slice()
    );
    let verify = |sig: &str| {
        tessera()
            .args([
                "verify",
                "--scheme",
                "ecdsa",
                "--eth",
                "--suite",
                "secp256k1",
                "--group-key",
                v["group_public_key"].as_str().unwrap(),
                "--message",
                &hex::encode(message),
                "--signature",
                sig,
            ])
            .output()
            .unwrap()
            .status
            .success()
    };
    assert!(verify(v["eth_signature"].as_str().unwrap()));
    // The other v recovers another key.
    let mut flipped = rsv.clone();
    flipped[64] ^= 1;
    assert!(!verify(&hex::encode(flipped)));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn ecdsa_refusals_are_one_line() {
    let dir = temp_dir("ecdsa", "refusals");
    let d = dir.to_str().unwrap();
    fails(
        &[
            "keygen", "--suite", "ed25519", "--scheme", "ecdsa", "--out", d,
        ],
        "secp256k1 or p256",
    );
    json(&["keygen", "--suite", "p256", "--out", d, "--json"]);
    // A FROST-only key has no setups.
    fails(
        &[
            "sign",
            "--dir",
            d,
            "--signers",
            "device,login",
            "--message",
            "00",
            "--scheme",
            "ecdsa",
        ],
        "no ECDSA setups",
    );
    fails(
        &[
            "sign",
            "--dir",
            d,
            "--signers",
            "device,login",
            "--message",
            "00",
            "--eth",
        ],
        "--scheme ecdsa",
    );
    fails(
        &[
            "verify",
            "--scheme",
            "ecdsa",
            "--suite",
            "p256",
            "--group-key",
            "00",
            "--message",
            "00",
            "--signature",
            "00",
        ],
        "group key",
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
