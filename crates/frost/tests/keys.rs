//! Key and public key packages at their edges, against values written out
//! by hand: thresholds outside `2..=n`, a member added twice, the group
//! key's standard encoding, and how epochs print.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use std::collections::BTreeMap;

use group::{Group, GroupEncoding};
use rand::SeedableRng;
use rand_chacha::ChaCha20Rng;
use tessera_core::encoding::Wire;
use tessera_core::identifier::identifiers;
use tessera_core::suites::Ed25519;
use tessera_core::{Point, Scalar, SecretScalar};
use tessera_frost::{Epoch, Error, KeyPackage, PublicKeyPackage};

type S = Ed25519;

/// A 2-of-3 dealer sharing of the secret 1 (group key = the base point).
fn sharing() -> (Vec<KeyPackage<S>>, PublicKeyPackage<S>) {
    let one = SecretScalar::<S>::new(Scalar::<S>::from(1u64));
    let (keys, public) = common::deal(&one, 2, 3, &mut ChaCha20Rng::seed_from_u64(9));
    (keys.into_values().collect(), public)
}

fn invalid_threshold(t: usize, n: usize) -> Error<S> {
    Error::Core(tessera_core::Error::InvalidThreshold { t, n })
}

#[test]
fn the_group_key_encodes_as_rfc_8032_says() {
    let (keys, public) = sharing();
    // RFC 8032's base point B, encoded.
    let b = "5866666666666666666666666666666666666666666666666666666666666666";
    assert_eq!(hex::encode(public.group_key_bytes()), b);
    for key in &keys {
        assert_eq!(hex::encode(key.group_key_bytes()), b);
        assert_eq!(key.group_key(), Point::<S>::generator());
        let debug = format!("{key:?}");
        assert!(
            debug.contains(&format!("group_key: \"{b}\""))
                && debug.contains("signing_share: SecretScalar(<redacted>)")
                && debug.contains("threshold: 2"),
            "{debug}"
        );
    }
}

#[test]
fn thresholds_outside_two_to_n_are_refused() {
    let (_, public) = sharing();
    let shares = public.verifying_shares().clone();
    let key = public.group_key();
    for t in [0u16, 1, 4] {
        assert_eq!(
            PublicKeyPackage::new(shares.clone(), key, t).unwrap_err(),
            invalid_threshold(usize::from(t), 3),
            "t = {t}"
        );
    }
    // A 2-of-n commitment given one participant.
    let ids = identifiers::<S>(1);
    assert_eq!(
        PublicKeyPackage::from_commitment(public.commitment(), &ids).unwrap_err(),
        invalid_threshold(2, 1)
    );
    // The boundary itself is fine.
    let two: BTreeMap<_, _> = shares.into_iter().take(2).collect();
    assert_eq!(PublicKeyPackage::new(two, key, 2).unwrap().group_key(), key);
}

#[test]
fn a_member_added_again_must_bring_the_same_verifying_share() {
    let (keys, public) = sharing();
    let id = keys[0].id();
    let own = public.verifying_share(&id).unwrap();
    assert_eq!(public.with_member(id, own).unwrap(), public);
    assert_eq!(
        public
            .with_member(id, own + Point::<S>::generator())
            .unwrap_err(),
        Error::Core(tessera_core::Error::DuplicateParticipant { culprit: id })
    );
}

#[test]
fn epochs_print_their_first_eight_bytes() {
    let mut bytes = [0u8; 32];
    for (i, b) in bytes.iter_mut().enumerate() {
        *b = u8::try_from(i).unwrap().wrapping_mul(0x11);
    }
    let epoch = Epoch::from_bytes(bytes);
    assert_eq!(epoch.to_string(), "0011223344556677");
    assert_eq!(format!("{epoch:?}"), "Epoch(0011223344556677)");
}

#[test]
fn verifying_shares_off_the_commitment_are_refused_even_when_their_errors_cancel() {
    let (keys, public) = sharing();
    let e = Point::<S>::generator() * Scalar::<S>::from(5u64);
    // Errors e, -2e, e on participants 1, 2, 3: their sum and their first
    // moment (sum of id * error) are both zero, so a check weighing the
    // shares 1, 1 + r, 1 + 2r would pass them; the powers 1, r, r^2 of a
    // weight hashed from the package do not.
    let mut forged = public.to_bytes();
    for (key, error) in keys.iter().zip([e, -e.double(), e]) {
        let y = public.verifying_share(&key.id()).unwrap();
        let (old, new) = (y.to_bytes(), (y + error).to_bytes());
        let at = forged
            .windows(old.len())
            .position(|w| w == old.as_slice())
            .unwrap();
        forged[at..at + old.len()].copy_from_slice(&new);
    }
    assert_ne!(forged, public.to_bytes());
    assert_eq!(
        PublicKeyPackage::<S>::from_bytes(&forged).unwrap_err(),
        tessera_core::Error::InconsistentVerifyingShares
    );
}
