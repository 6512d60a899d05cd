//! Helpers shared by the tessera-bitcoin tests: the independent BIP-340
//! verifiers.
#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

use bitcoin::secp256k1::{Message, Secp256k1, XOnlyPublicKey, schnorr};

/// Asserts that `sig` is a valid BIP-340 signature of `msg` under
/// `xonly_pk` for libsecp256k1 (32-byte messages only: the binding's
/// interface) and for k256's BIP-340 verifier (any message length).
pub fn assert_bip340_valid(xonly_pk: &[u8; 32], msg: &[u8], sig: &[u8; 64]) {
    let key = k256::schnorr::VerifyingKey::from_slice(xonly_pk).expect("k256 key");
    let ksig = k256::schnorr::Signature::try_from(sig.as_slice()).expect("k256 signature");
    key.verify_raw(msg, &ksig)
        .expect("k256 BIP-340 verification");
    if let Ok(digest) = <[u8; 32]>::try_from(msg) {
        assert!(
            libsecp_verifies(xonly_pk, &digest, sig),
            "libsecp256k1 verification"
        );
    }
}

/// libsecp256k1's BIP-340 verification of a 32-byte message.
pub fn libsecp_verifies(xonly_pk: &[u8; 32], msg: &[u8; 32], sig: &[u8; 64]) -> bool {
    let secp = Secp256k1::verification_only();
    let key = XOnlyPublicKey::from_slice(xonly_pk).expect("libsecp256k1 key");
    let sig = schnorr::Signature::from_slice(sig).expect("libsecp256k1 signature");
    secp.verify_schnorr(&sig, &Message::from_digest(*msg), &key)
        .is_ok()
}
