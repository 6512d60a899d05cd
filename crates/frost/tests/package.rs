//! Signing packages at their edges: a commitment count that the bytes
//! cannot hold is refused by the count itself, before anything is read.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use std::collections::BTreeMap;

use rand::SeedableRng;
use rand_chacha::ChaCha20Rng;
use tessera_core::encoding::Wire;
use tessera_core::suites::Ed25519;
use tessera_core::{Error, SecretScalar};
use tessera_frost::{SigningPackage, round1};

type S = Ed25519;

#[test]
fn a_commitment_count_beyond_the_bytes_is_an_invalid_length() {
    let mut rng = ChaCha20Rng::seed_from_u64(21);
    let (keys, public) = common::deal(&SecretScalar::<S>::random(&mut rng), 2, 3, &mut rng);
    let mut commitments = BTreeMap::new();
    for key in keys.values().take(2) {
        let (_nonces, c) = round1::commit(key, &mut rng);
        commitments.insert(key.id(), c);
    }
    let package = SigningPackage::new(public.epoch(), commitments, b"msg");
    let bytes = package.to_bytes();
    assert_eq!(SigningPackage::<S>::from_bytes(&bytes).unwrap(), package);
    // Header (3 bytes), epoch (32), then the u32 count: 2 entries of an
    // identifier and two points (96 bytes each) and the message (4 + 3)
    // follow it; 3 entries need 288 bytes, more than the 199 there are.
    let at = 3 + 32;
    assert_eq!(bytes[at..at + 4], [0, 0, 0, 2]);
    let mut hostile = bytes.clone();
    hostile[at + 3] = 3;
    assert_eq!(
        SigningPackage::<S>::from_bytes(&hostile).unwrap_err(),
        Error::InvalidLength(3)
    );
}
