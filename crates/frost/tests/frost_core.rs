//! Differential test against frost-core 3.0 (the Zcash Foundation's FROST),
//! for all four suites.
//!
//! tessera deals a random key with `shamir::split`; frost-core receives the
//! same signing shares, verifying shares, group key and nonces as bytes
//! (its curve crates are a generation older, so no type is shared). Both
//! sides sign the same message with the same random signer subset, and
//! every signature share and the aggregate signature must be byte-identical,
//! and each side must accept the other's signature.
//!
//! The test body is written once over [`Peer`], which maps a tessera suite
//! to its frost-core ciphersuite.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::collections::{BTreeMap, BTreeSet};

use frost_core::keys::{
    PublicKeyPackage as FPublicKeyPackage, SecretShare as FSecretShare,
    SigningShare as FSigningShare, VerifiableSecretSharingCommitment as FVssCommitment,
};
use frost_core::round1::{Nonce as FNonce, SigningNonces as FSigningNonces};
use frost_core::{
    Identifier as FIdentifier, Signature as FSignature, SigningPackage as FSigningPackage,
};
use rand::seq::SliceRandom;
use rand::{Rng, RngExt, SeedableRng};
use rand_chacha::ChaCha20Rng;
use tessera_core::identifier::identifiers;
use tessera_core::shamir::split;
use tessera_core::suites::{Ed25519, P256, Ristretto255, Secp256k1};
use tessera_core::{Identifier, SecretScalar};
use tessera_frost::{
    KeyPackage, PublicKeyPackage, Signature, SigningNonces, SigningPackage, aggregate, round2,
};
use tessera_peer::{Peer, fid, point_bytes, scalar_bytes, to_frost_key, to_frost_public};

/// One signing session, `t`-of-`n`, on both implementations.
fn differential<S: Peer>(rng: &mut ChaCha20Rng, t: u16, n: u16) {
    let context = format!("{} {t}-of-{n}", S::NAME);

    // tessera deals the key.
    let secret = SecretScalar::<S>::random(rng);
    let ids = identifiers::<S>(n);
    let (shares, commitment) = split(&secret, t, &ids, rng).unwrap();
    let public = PublicKeyPackage::from_commitment(&commitment, &ids).unwrap();
    let keys: BTreeMap<_, _> = shares
        .iter()
        .map(|s| {
            let key = KeyPackage::new(s.id(), s.value().clone(), &public).unwrap();
            (s.id(), key)
        })
        .collect();

    // frost-core receives the same material as bytes.
    let f_public = to_frost_public(&public);
    let group_key = *f_public.verifying_key();
    let f_keys: BTreeMap<_, _> = keys.iter().map(|(id, k)| (*id, to_frost_key(k))).collect();

    // frost-core accepts tessera's dealing: every share verifies against
    // the Feldman commitment and yields the same verifying share and group
    // key, and the public key package it derives is the same.
    let f_commitment = FVssCommitment::<S::C>::deserialize(
        commitment.points().iter().map(|p| point_bytes::<S>(p)),
    )
    .unwrap();
    for share in &shares {
        let f_share = FSecretShare::new(
            fid(&share.id()),
            FSigningShare::deserialize(&share.value().to_bytes()).unwrap(),
            f_commitment.clone(),
        );
        let (verifying_share, verifying_key) = f_share.verify().unwrap();
        assert_eq!(
            verifying_share.serialize().unwrap(),
            point_bytes::<S>(&keys[&share.id()].verifying_share()),
            "{context}"
        );
        assert_eq!(verifying_key, group_key, "{context}");
    }
    let all: BTreeSet<_> = ids.iter().map(fid).collect();
    assert_eq!(
        FPublicKeyPackage::from_commitment(&all, &f_commitment).unwrap(),
        f_public,
        "{context}"
    );

    // A random signer subset of size t..=n.
    let mut signers = ids.clone();
    signers.shuffle(rng);
    signers.truncate(usize::from(rng.random_range(t..=n)));
    signers.sort();

    // Nonces drawn in tessera, handed to frost-core.
    let mut nonces = BTreeMap::new();
    let mut f_nonces = BTreeMap::new();
    for id in &signers {
        let hiding = SecretScalar::<S>::random(rng);
        let binding = SecretScalar::<S>::random(rng);
        let f = FSigningNonces::<S::C>::from_nonces(
            FNonce::deserialize(&hiding.to_bytes()).unwrap(),
            FNonce::deserialize(&binding.to_bytes()).unwrap(),
        );
        let mine = SigningNonces::from_scalars(hiding, binding);
        assert_eq!(
            f.commitments().hiding().serialize().unwrap(),
            point_bytes::<S>(&mine.commitments().hiding()),
            "{context}"
        );
        assert_eq!(
            f.commitments().binding().serialize().unwrap(),
            point_bytes::<S>(&mine.commitments().binding()),
            "{context}"
        );
        f_nonces.insert(fid(id), f);
        nonces.insert(*id, mine);
    }

    let mut message = vec![0u8; rng.random_range(0..100)];
    rng.fill_bytes(&mut message);
    let package = SigningPackage::new(
        public.epoch(),
        nonces.iter().map(|(i, n)| (*i, *n.commitments())).collect(),
        &message,
    );
    let f_package = FSigningPackage::<S::C>::new(
        f_nonces
            .iter()
            .map(|(i, n)| (*i, *n.commitments()))
            .collect(),
        &message,
    );

    // Round two on both sides: byte-identical shares.
    let mut sig_shares = BTreeMap::new();
    let mut f_sig_shares = BTreeMap::new();
    for id in &signers {
        let share = round2::sign(&package, nonces.remove(id).unwrap(), &keys[id]).unwrap();
        let f_id = fid(id);
        let f_share = frost_core::round2::sign(&f_package, &f_nonces[&f_id], &f_keys[id]).unwrap();
        assert_eq!(
            scalar_bytes::<S>(&share.value()),
            f_share.serialize(),
            "{context}: signature share of {id}"
        );
        sig_shares.insert(*id, share);
        f_sig_shares.insert(f_id, f_share);
    }

    // Aggregation on both sides: byte-identical signatures.
    let signature = aggregate(&package, &sig_shares, &public).unwrap();
    let f_signature = frost_core::aggregate(&f_package, &f_sig_shares, &f_public).unwrap();
    let bytes = signature.to_standard_bytes();
    let f_bytes = f_signature.serialize().unwrap();
    assert_eq!(bytes, f_bytes, "{context}: aggregate signature");

    // Each side accepts the other's signature, and not on another message.
    let theirs = Signature::<S>::from_standard_bytes(&f_bytes).unwrap();
    theirs.verify(&public.group_key(), &message).unwrap();
    assert!(
        theirs
            .verify(&public.group_key(), b"another message")
            .is_err()
    );
    let ours = FSignature::<S::C>::deserialize(&bytes).unwrap();
    group_key.verify(&message, &ours).unwrap();
    assert!(group_key.verify(b"another message", &ours).is_err());
}

/// 2-of-3, 3-of-4 and four random `(t, n)` with `2 <= t <= n <= 15`.
fn suite<S: Peer>(seed: u64) {
    let mut rng = ChaCha20Rng::seed_from_u64(seed);
    let mut params = vec![(2, 3), (3, 4)];
    for _ in 0..4 {
        let n = rng.random_range(2..=15u16);
        params.push((rng.random_range(2..=n), n));
    }
    params.push((10, 15));
    for (t, n) in params {
        differential::<S>(&mut rng, t, n);
    }
}

/// `Identifier::derive` is frost-core's `HID`, so both derive the same
/// identifier from a name.
fn derived_identifiers<S: Peer>() {
    for name in [&b"device"[..], b"recovery", b""] {
        assert_eq!(
            Identifier::<S>::derive(name).unwrap().to_bytes().as_ref(),
            FIdentifier::<S::C>::derive(name)
                .unwrap()
                .serialize()
                .as_slice(),
            "{}: derive({name:?})",
            S::NAME
        );
    }
}

#[test]
fn ed25519() {
    suite::<Ed25519>(1);
    derived_identifiers::<Ed25519>();
}

#[test]
fn ristretto255() {
    suite::<Ristretto255>(2);
    derived_identifiers::<Ristretto255>();
}

#[test]
fn secp256k1() {
    suite::<Secp256k1>(3);
    derived_identifiers::<Secp256k1>();
}

#[test]
fn p256() {
    suite::<P256>(4);
    derived_identifiers::<P256>();
}
