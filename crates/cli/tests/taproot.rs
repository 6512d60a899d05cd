//! `tessera sign --taproot` on secp256k1-tr, with and without a script
//! tree: the output key is computed here independently (BIP-341's
//! `taproot_tweak_pubkey` with k256 arithmetic and sha2's SHA-256 tagged
//! hash) and the signature checked by k256's BIP-340 verifier under it,
//! then by `tessera verify --taproot`.
#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

use k256::elliptic_curve::ops::Reduce;
use k256::elliptic_curve::point::AffineCoordinates;
use sha2::{Digest, Sha256};

mod common;
use common::*;

/// BIP-341 `taproot_tweak_pubkey`: the x-only output key.
fn output_key(internal_sec1: &[u8], merkle_root: Option<&[u8; 32]>) -> [u8; 32] {
    let x: [u8; 32] = internal_sec1[1..].try_into().unwrap();
    // lift_x: the point with this x and even y.
    let p = k256::schnorr::VerifyingKey::from_bytes(&x.into()).unwrap();
    let tag = Sha256::digest(b"TapTweak");
    let mut h = Sha256::new();
    h.update(tag);
    h.update(tag);
    h.update(x);
    if let Some(root) = merkle_root {
        h.update(root);
    }
    let t_bytes: [u8; 32] = h.finalize().into();
    let t = <k256::Scalar as Reduce<k256::FieldBytes>>::reduce(&t_bytes.into());
    let q = k256::ProjectivePoint::from(*p.as_affine()) + k256::ProjectivePoint::GENERATOR * t;
    q.to_affine().x().into()
}

fn taproot(merkle_root: Option<[u8; 32]>) {
    let dir = std::env::temp_dir().join(format!(
        "tessera-taproot-{}-{}",
        merkle_root.is_some(),
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    let d = dir.to_str().unwrap();
    json(&["keygen", "--suite", "secp256k1-tr", "--out", d, "--json"]);
    let root_hex = merkle_root.map(hex::encode);
    let msg = "a1b2c3";
    let mut args = vec![
        "sign",
        "--dir",
        d,
        "--signers",
        "device,recovery",
        "--message",
        msg,
        "--taproot",
        "--json",
    ];
    if let Some(root) = &root_hex {
        args.extend(["--merkle-root", root.as_str()]);
    }
    let v = json(&args);
    let internal = hex::decode(v["group_public_key"].as_str().unwrap()).unwrap();
    let q = output_key(&internal, merkle_root.as_ref());
    assert_eq!(v["output_key"], hex::encode(q));
    assert_eq!(v["merkle_root"], serde_json::json!(root_hex));
    let sig = hex::decode(v["signature"].as_str().unwrap()).unwrap();
    let key = k256::schnorr::VerifyingKey::from_bytes(&q.into()).unwrap();
    let signature = k256::schnorr::Signature::try_from(sig.as_slice()).unwrap();
    key.verify_raw(&hex::decode(msg).unwrap(), &signature)
        .unwrap();
    // Not a signature under the internal key.
    let x: [u8; 32] = internal[1..].try_into().unwrap();
    let untweaked = k256::schnorr::VerifyingKey::from_bytes(&x.into()).unwrap();
    assert!(
        untweaked
            .verify_raw(&hex::decode(msg).unwrap(), &signature)
            .is_err()
    );

    let verify = |root: Option<&str>| {
        let mut args = vec![
            "verify",
            "--suite",
            "secp256k1-tr",
            "--taproot",
            "--group-key",
            v["group_public_key"].as_str().unwrap(),
            "--message",
            msg,
            "--signature",
            v["signature"].as_str().unwrap(),
        ];
        if let Some(root) = root {
            args.extend(["--merkle-root", root]);
        }
        tessera().args(&args).output().unwrap().status.success()
    };
    assert!(verify(root_hex.as_deref()));
    // Another script tree (or none) gives another output key.
    let other = hex::encode([7u8; 32]);
    assert!(!verify(if root_hex.is_some() {
        None
    } else {
        Some(&other)
    }));
    // Without --taproot the signature is not one under the group key.
    let plain = tessera()
        .args([
            "verify",
            "--suite",
            "secp256k1-tr",
            "--group-key",
            v["group_public_key"].as_str().unwrap(),
            "--message",
            msg,
            "--signature",
            v["signature"].as_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(!plain.status.success());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn taproot_key_path_bip86() {
    taproot(None);
}

#[test]
fn taproot_with_script_tree() {
    taproot(Some([0x5a; 32]));
}

#[test]
fn taproot_needs_secp256k1_tr() {
    let dir = std::env::temp_dir().join(format!("tessera-taproot-k1-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let d = dir.to_str().unwrap();
    json(&["keygen", "--suite", "secp256k1", "--out", d, "--json"]);
    let output = tessera()
        .args([
            "sign",
            "--dir",
            d,
            "--signers",
            "device,login",
            "--message",
            "00",
            "--taproot",
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
    assert!(stderr.contains("secp256k1-tr"), "{stderr}");
    std::fs::remove_dir_all(&dir).unwrap();
}
