//! FROST's public values at their edges: preprocessing, commitment
//! equality, and `Debug` of commitments, shares and signatures (hex of the
//! encodings).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use group::{Group, GroupEncoding};
use rand::SeedableRng;
use rand_chacha::ChaCha20Rng;
use tessera_core::suites::Ed25519;
use tessera_core::{Point, Scalar, SecretScalar, Suite};
use tessera_frost::{KeyPackage, Signature, SignatureShare, SigningCommitments, round1};

type S = Ed25519;

/// Participant 1's key package of a dealer's 2-of-2 key.
fn key(rng: &mut ChaCha20Rng) -> KeyPackage<S> {
    let (mut keys, _) = common::deal(&SecretScalar::<S>::random(rng), 2, 2, rng);
    keys.pop_first().unwrap().1
}

#[test]
fn preprocessing_gives_k_fresh_pairs() {
    let mut rng = ChaCha20Rng::seed_from_u64(31);
    let key = key(&mut rng);
    let (nonces, commitments) = round1::preprocess(&key, 3, &mut rng);
    assert_eq!((nonces.len(), commitments.len()), (3, 3));
    for (n, c) in nonces.iter().zip(&commitments) {
        assert_eq!(n.commitments(), c);
    }
    assert!(commitments[0] != commitments[1] && commitments[1] != commitments[2]);
}

#[test]
fn commitments_are_equal_only_when_both_points_are() {
    let g = Point::<S>::generator();
    let c = |h: u64, b: u64| {
        SigningCommitments::<S>::new(g * Scalar::<S>::from(h), g * Scalar::<S>::from(b)).unwrap()
    };
    assert!(c(1, 2) == c(1, 2));
    assert!(c(1, 2) != c(1, 3));
    assert!(c(1, 2) != c(3, 2));
    // Debug shows both encodings in hex: B = RFC 8032's base point.
    let b = "5866666666666666666666666666666666666666666666666666666666666666";
    assert_eq!(
        format!("{:?}", c(1, 1)),
        format!("SigningCommitments {{ hiding: \"{b}\", binding: \"{b}\" }}")
    );
    assert_eq!(hex::encode(g.to_bytes()), b);
}

#[test]
fn a_signature_share_debugs_as_its_scalar() {
    let share = SignatureShare::<S>::new(Scalar::<S>::from(0x0102u64));
    // Ed25519 scalars are little-endian.
    let mut le = [0u8; 32];
    le[0] = 2;
    le[1] = 1;
    assert_eq!(
        format!("{share:?}"),
        format!("SignatureShare({})", hex::encode(le))
    );
    assert_eq!(S::SCALAR_LEN, 32);
}

#[test]
fn a_signature_debugs_as_its_two_encodings() {
    let signature = Signature::<S>::new(Point::<S>::generator(), Scalar::<S>::from(3u64));
    let b = "5866666666666666666666666666666666666666666666666666666666666666";
    let mut z = [0u8; 32];
    z[0] = 3;
    assert_eq!(
        format!("{signature:?}"),
        format!("Signature {{ r: \"{b}\", z: \"{}\" }}", hex::encode(z))
    );
}
