//! tessera's BIP-340 verifier (`tessera_frost::bip340::verify`, the
//! `secp256k1-tr` suite's signature decoding and verification) against every
//! row of BIP-340's published test vectors: the valid ones are accepted, the
//! invalid ones rejected, and libsecp256k1 and k256 give the same verdicts.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use group::GroupEncoding;
use tessera_core::suites::Secp256k1Tr;
use tessera_core::{SecretScalar, Suite};
use tessera_frost::bip340;
use tessera_peer::{k256_schnorr_verifies, libsecp256k1_verifies};

/// One row of `test-vectors.csv`.
struct Row {
    index: String,
    secret_key: Option<Vec<u8>>,
    public_key: Vec<u8>,
    message: Vec<u8>,
    signature: Vec<u8>,
    valid: bool,
    comment: String,
}

fn rows() -> Vec<Row> {
    include_str!("../../../vectors/bip340/test-vectors.csv")
        .lines()
        .skip(1)
        .filter(|line| !line.trim().is_empty())
        .map(|line| {
            let f: Vec<&str> = line.splitn(8, ',').collect();
            assert_eq!(f.len(), 8, "{line}");
            Row {
                index: f[0].to_string(),
                secret_key: (!f[1].is_empty()).then(|| hex::decode(f[1]).unwrap()),
                public_key: hex::decode(f[2]).unwrap(),
                message: hex::decode(f[4]).unwrap(),
                signature: hex::decode(f[5]).unwrap(),
                valid: match f[6] {
                    "TRUE" => true,
                    "FALSE" => false,
                    other => panic!("verification result {other}"),
                },
                comment: f[7].trim().to_string(),
            }
        })
        .collect()
}

#[test]
fn every_bip340_vector() {
    let rows = rows();
    let (mut accepted, mut rejected) = (0, 0);
    for row in &rows {
        let context = format!("BIP-340 vector {} ({})", row.index, row.comment);
        let ours = bip340::verify::<Secp256k1Tr>(&row.public_key, &row.message, &row.signature);
        assert_eq!(ours.is_ok(), row.valid, "{context}: {ours:?}");
        // The standard verifiers agree with the published verdict.
        assert_eq!(
            libsecp256k1_verifies(&row.public_key, &row.message, &row.signature),
            row.valid,
            "{context}: libsecp256k1"
        );
        assert_eq!(
            k256_schnorr_verifies(&row.public_key, &row.message, &row.signature),
            row.valid,
            "{context}: k256"
        );
        if row.valid {
            accepted += 1;
            // A valid signature fails on another message and with a changed s.
            let other = [row.message.as_slice(), b"!"].concat();
            assert!(
                bip340::verify::<Secp256k1Tr>(&row.public_key, &other, &row.signature).is_err()
            );
            let mut bad = row.signature.clone();
            bad[63] ^= 1;
            assert!(bip340::verify::<Secp256k1Tr>(&row.public_key, &row.message, &bad).is_err());
        } else {
            rejected += 1;
        }
        // Where the secret key is given, its x-only public key is the one
        // listed.
        if let Some(secret) = &row.secret_key {
            let secret = SecretScalar::<Secp256k1Tr>::from_bytes(secret).unwrap();
            let key = Secp256k1Tr::mul_base(secret.expose());
            assert_eq!(
                bip340::x_only_key::<Secp256k1Tr>(&key).as_slice(),
                row.public_key.as_slice(),
                "{context}"
            );
            // lift_x gives the one of `±key` with even Y.
            let lifted = bip340::lift_x::<Secp256k1Tr>(&row.public_key).unwrap();
            assert!(lifted == key || lifted == -key, "{context}");
            assert_eq!(lifted.to_bytes()[0], 0x02, "{context}");
        }
    }
    // All 19 rows of the file: 9 valid, 10 invalid.
    assert_eq!((accepted, rejected), (9, 10));
}

/// Wrong lengths are rejected, not misread.
#[test]
fn wrong_lengths() {
    let row = &rows()[0];
    for (key, sig) in [
        (&row.public_key[1..], &row.signature[..]),
        (&row.public_key[..], &row.signature[1..]),
        (
            &[&row.public_key[..], &[0]].concat()[..],
            &row.signature[..],
        ),
        (
            &row.public_key[..],
            &[&row.signature[..], &[0]].concat()[..],
        ),
    ] {
        assert!(bip340::verify::<Secp256k1Tr>(key, &row.message, sig).is_err());
    }
    bip340::verify::<Secp256k1Tr>(&row.public_key, &row.message, &row.signature).unwrap();
}
