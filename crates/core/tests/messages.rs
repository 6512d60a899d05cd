//! The error messages users read: suites and kinds by name, culprits named.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use rand::SeedableRng;
use rand_chacha::ChaCha20Rng;
use tessera_core::identifier::identifiers;
use tessera_core::shamir::split;
use tessera_core::suites::{Ed25519, P256, Secp256k1};
use tessera_core::{Error, Identifier, SecretScalar, SecretShare, VssCommitment, Wire};

fn sharing() -> (Vec<SecretShare<Secp256k1>>, VssCommitment<Secp256k1>) {
    let mut rng = ChaCha20Rng::seed_from_u64(1);
    let secret = SecretScalar::<Secp256k1>::random(&mut rng);
    split(&secret, 2, &identifiers::<Secp256k1>(3), &mut rng).unwrap()
}

#[test]
fn another_suite_is_named() {
    let (shares, _) = sharing();
    let err = SecretShare::<P256>::from_bytes(&shares[0].to_bytes()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "the message is encoded for suite secp256k1 (tag 3), but it is being decoded as suite p256 (tag 4)"
    );
    let mut bytes = shares[0].to_bytes();
    bytes[1] = 5;
    assert!(
        SecretShare::<Secp256k1>::from_bytes(&bytes)
            .unwrap_err()
            .to_string()
            .contains("encoded for suite secp256k1-tr (tag 5)")
    );
    bytes[1] = 42;
    let err = SecretShare::<Ed25519>::from_bytes(&bytes).unwrap_err();
    assert_eq!(
        err.to_string(),
        "the message is encoded for suite unknown (tag 42), but it is being decoded as suite ed25519 (tag 1)"
    );
}

#[test]
fn another_kind_is_named() {
    let (shares, _) = sharing();
    let err = VssCommitment::<Secp256k1>::from_bytes(&shares[0].to_bytes()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "the message is of kind secret-share (0x01), but kind vss-commitment (0x02) was expected"
    );
}

#[test]
fn culprits_are_named() {
    let (mut shares, commitment) = sharing();
    let mut rng = ChaCha20Rng::seed_from_u64(2);
    shares[2] = SecretShare::new(shares[2].id(), SecretScalar::random(&mut rng));
    let err = commitment.verify_shares(&shares, &mut rng).unwrap_err();
    assert_eq!(
        err.to_string(),
        "the share of participant 3 does not match the Feldman commitment"
    );
    let two = Error::<Secp256k1>::InvalidShares {
        culprits: identifiers(2),
    };
    assert_eq!(
        two.to_string(),
        "the shares of participants 1, 2 do not match the Feldman commitment"
    );
    let dup = Error::<Secp256k1>::DuplicateParticipant {
        culprit: Identifier::new(7).unwrap(),
    };
    assert_eq!(
        dup.to_string(),
        "participant 7 appears more than once; each participant may appear only once"
    );
}

#[test]
fn malformed_input_says_what_is_wrong() {
    let (shares, _) = sharing();
    let mut bytes = shares[0].to_bytes();
    bytes.push(0);
    assert_eq!(
        SecretShare::<Secp256k1>::from_bytes(&bytes)
            .unwrap_err()
            .to_string(),
        "1 byte follows the encoded value; a message must hold exactly one value"
    );
    let mut bytes = shares[0].to_bytes();
    bytes[3 + 32..].fill(0xff);
    assert_eq!(
        SecretShare::<Secp256k1>::from_bytes(&bytes)
            .unwrap_err()
            .to_string(),
        "a scalar is not in its canonical encoding: it must be 32 bytes and below the group order of secp256k1"
    );
}

/// Identifiers in `Debug` output (what logs and `{:?}` in errors show).
#[test]
fn identifiers_debug_as_their_number() {
    let id = Identifier::<Secp256k1>::new(3).unwrap();
    assert_eq!(format!("{id:?}"), "Identifier(3)");
    assert_eq!(
        format!("{:?}", vec![id, Identifier::new(12).unwrap()]),
        "[Identifier(3), Identifier(12)]"
    );
}

/// Reconstruction from fewer shares than the commitment's threshold is
/// refused as such, before any arithmetic (not reported as a wrong key).
#[test]
fn too_few_shares_are_refused_by_the_commitments_threshold() {
    let (shares, commitment) = sharing();
    let mut rng = ChaCha20Rng::seed_from_u64(2);
    assert_eq!(
        tessera_core::shamir::reconstruct_verified(&commitment, &shares[..1], &mut rng)
            .unwrap_err(),
        Error::TooFewParticipants { needed: 2, got: 1 }
    );
    assert_eq!(commitment.threshold(), 2);
    assert!(
        tessera_core::shamir::reconstruct_verified(&commitment, &shares[..2], &mut rng).is_ok()
    );
}
