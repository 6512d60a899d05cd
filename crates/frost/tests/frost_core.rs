//! Differential test against frost-core 3.0 (the Zcash Foundation's FROST),
//! for the four RFC 9591 suites, and against frost-secp256k1-tr 3.0 for
//! `secp256k1-tr`, plain and for Taproot outputs (with and without a
//! script merkle root).
//!
//! tessera deals a random key with `shamir::split`; frost-core receives the
//! same signing shares, verifying shares, group key and nonces as bytes
//! (its curve crates are a generation older, so no type is shared). Both
//! sides sign the same message with the same random signer subset, and
//! every signature share and the aggregate signature must be byte-identical,
//! and each side must accept the other's signature. For a Taproot output,
//! tessera signs with its tweaked key packages (`taproot_tweaked`) and
//! frost-secp256k1-tr with `sign_with_tweak` / `aggregate_with_tweak` from
//! the untweaked ones; `secp256k1-tr` signatures must also pass
//! libsecp256k1's and k256's BIP-340 verifiers under the x-only key.
//!
//! The test body is written once over [`Peer`], which maps a tessera suite
//! to its frost-core ciphersuite, and [`Target`], what is signed for.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::collections::{BTreeMap, BTreeSet};

use frost_core::keys::{
    KeyPackage as FKeyPackage, PublicKeyPackage as FPublicKeyPackage, SecretShare as FSecretShare,
    SigningShare as FSigningShare, VerifiableSecretSharingCommitment as FVssCommitment,
};
use frost_core::round1::{Nonce as FNonce, SigningNonces as FSigningNonces};
use frost_core::round2::SignatureShare as FSignatureShare;
use frost_core::{
    Identifier as FIdentifier, Signature as FSignature, SigningPackage as FSigningPackage,
    VerifyingKey as FVerifyingKey,
};
use rand::seq::SliceRandom;
use rand::{Rng, RngExt, SeedableRng};
use rand_chacha::ChaCha20Rng;
use tessera_core::identifier::identifiers;
use tessera_core::shamir::split;
use tessera_core::suites::{Ed25519, P256, Ristretto255, Secp256k1, Secp256k1Tr};
use tessera_core::{Identifier, SecretScalar, Suite};
use tessera_frost::{
    KeyPackage, PublicKeyPackage, Signature, SigningNonces, SigningPackage, aggregate, round2,
};
use tessera_peer::{
    Peer, fid, k256_schnorr_verifies, libsecp256k1_verifies, point_bytes, scalar_bytes,
    to_frost_key, to_frost_public,
};

/// What a session signs for, on both sides.
trait Target<S: Peer> {
    /// A label for failure messages.
    fn label(&self) -> String;
    /// tessera's key package for the target, from the dealt one.
    fn key(&self, key: &KeyPackage<S>) -> KeyPackage<S>;
    /// tessera's public key package for the target, from the dealt one.
    fn public(&self, public: &PublicKeyPackage<S>) -> PublicKeyPackage<S>;
    /// frost-core's round two, from the dealt key package.
    fn frost_sign(
        &self,
        package: &FSigningPackage<S::C>,
        nonces: &FSigningNonces<S::C>,
        key: &FKeyPackage<S::C>,
    ) -> FSignatureShare<S::C>;
    /// frost-core's aggregation, from the dealt public key package.
    fn frost_aggregate(
        &self,
        package: &FSigningPackage<S::C>,
        shares: &BTreeMap<FIdentifier<S::C>, FSignatureShare<S::C>>,
        public: &FPublicKeyPackage<S::C>,
    ) -> FSignature<S::C>;
    /// frost-core's verifying key for the target, from the dealt public key
    /// package.
    fn frost_verifying_key(&self, public: &FPublicKeyPackage<S::C>) -> FVerifyingKey<S::C>;
}

/// The dealt key itself.
struct Plain;

impl<S: Peer> Target<S> for Plain {
    fn label(&self) -> String {
        String::new()
    }
    fn key(&self, key: &KeyPackage<S>) -> KeyPackage<S> {
        key.clone()
    }
    fn public(&self, public: &PublicKeyPackage<S>) -> PublicKeyPackage<S> {
        public.clone()
    }
    fn frost_sign(
        &self,
        package: &FSigningPackage<S::C>,
        nonces: &FSigningNonces<S::C>,
        key: &FKeyPackage<S::C>,
    ) -> FSignatureShare<S::C> {
        frost_core::round2::sign(package, nonces, key).unwrap()
    }
    fn frost_aggregate(
        &self,
        package: &FSigningPackage<S::C>,
        shares: &BTreeMap<FIdentifier<S::C>, FSignatureShare<S::C>>,
        public: &FPublicKeyPackage<S::C>,
    ) -> FSignature<S::C> {
        frost_core::aggregate(package, shares, public).unwrap()
    }
    fn frost_verifying_key(&self, public: &FPublicKeyPackage<S::C>) -> FVerifyingKey<S::C> {
        *public.verifying_key()
    }
}

/// The Taproot output key of the dealt key with this script merkle root
/// (`None`: BIP-86, no script path).
struct Taproot(Option<[u8; 32]>);

impl Target<Secp256k1Tr> for Taproot {
    fn label(&self) -> String {
        match self.0 {
            None => " taproot (no script tree)".into(),
            Some(root) => format!(" taproot (merkle root {})", hex::encode(&root[..4])),
        }
    }
    fn key(&self, key: &KeyPackage<Secp256k1Tr>) -> KeyPackage<Secp256k1Tr> {
        key.taproot_tweaked(self.0.as_ref()).unwrap()
    }
    fn public(&self, public: &PublicKeyPackage<Secp256k1Tr>) -> PublicKeyPackage<Secp256k1Tr> {
        public.taproot_tweaked(self.0.as_ref()).unwrap()
    }
    fn frost_sign(
        &self,
        package: &frost_secp256k1_tr::SigningPackage,
        nonces: &frost_secp256k1_tr::round1::SigningNonces,
        key: &frost_secp256k1_tr::keys::KeyPackage,
    ) -> frost_secp256k1_tr::round2::SignatureShare {
        frost_secp256k1_tr::round2::sign_with_tweak(
            package,
            nonces,
            key,
            self.0.as_ref().map(|r| &r[..]),
        )
        .unwrap()
    }
    fn frost_aggregate(
        &self,
        package: &frost_secp256k1_tr::SigningPackage,
        shares: &BTreeMap<
            frost_secp256k1_tr::Identifier,
            frost_secp256k1_tr::round2::SignatureShare,
        >,
        public: &frost_secp256k1_tr::keys::PublicKeyPackage,
    ) -> frost_secp256k1_tr::Signature {
        frost_secp256k1_tr::aggregate_with_tweak(
            package,
            shares,
            public,
            self.0.as_ref().map(|r| &r[..]),
        )
        .unwrap()
    }
    fn frost_verifying_key(
        &self,
        public: &frost_secp256k1_tr::keys::PublicKeyPackage,
    ) -> frost_secp256k1_tr::VerifyingKey {
        use frost_secp256k1_tr::keys::Tweak;
        *public.clone().tweak(self.0.as_ref()).verifying_key()
    }
}

/// Checks with the standard verifiers a suite's signatures must pass:
/// libsecp256k1's and k256's BIP-340 verifiers for `secp256k1-tr` (the
/// RFC 9591 suites' have their own tests, or no standard verifier).
fn standard_verifiers<S: Suite>(public: &PublicKeyPackage<S>, message: &[u8], signature: &[u8]) {
    if S::ID != Secp256k1Tr::ID {
        return;
    }
    // The x-only key: the SEC1 encoding without its tag.
    let x_only = &point_bytes::<S>(&public.group_key())[1..];
    assert!(libsecp256k1_verifies(x_only, message, signature));
    assert!(k256_schnorr_verifies(x_only, message, signature));
    assert!(!libsecp256k1_verifies(
        x_only,
        b"another message",
        signature
    ));
    assert!(!k256_schnorr_verifies(
        x_only,
        b"another message",
        signature
    ));
}

/// One signing session, `t`-of-`n`, on both implementations.
fn differential<S: Peer>(rng: &mut ChaCha20Rng, t: u16, n: u16, target: &dyn Target<S>) {
    let context = format!("{} {t}-of-{n}{}", S::NAME, target.label());

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

    // What is signed for: tessera's packages for the target; frost-core
    // keeps the dealt ones (and tweaks them on the fly where it does). Both
    // agree on the target's key.
    let public = target.public(&public);
    let keys: BTreeMap<_, _> = keys.iter().map(|(id, k)| (*id, target.key(k))).collect();
    let target_key = target.frost_verifying_key(&f_public);
    assert_eq!(
        point_bytes::<S>(&public.group_key()),
        target_key.serialize().unwrap(),
        "{context}: the target's key"
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
        let mine = SigningNonces::from_scalars(hiding, binding).unwrap();
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
        let f_share = target.frost_sign(&f_package, &f_nonces[&f_id], &f_keys[id]);
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
    let f_signature = target.frost_aggregate(&f_package, &f_sig_shares, &f_public);
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
    target_key.verify(&message, &ours).unwrap();
    assert!(target_key.verify(b"another message", &ours).is_err());
    standard_verifiers(&public, &message, &bytes);
}

/// 2-of-3, 3-of-4, four random `(t, n)` with `2 <= t <= n <= 15`, and
/// 10-of-15, each signing for `target`.
fn suite_for<S: Peer>(seed: u64, target: &dyn Target<S>) {
    let mut rng = ChaCha20Rng::seed_from_u64(seed);
    let mut params = vec![(2, 3), (3, 4)];
    for _ in 0..4 {
        let n = rng.random_range(2..=15u16);
        params.push((rng.random_range(2..=n), n));
    }
    params.push((10, 15));
    for (t, n) in params {
        differential::<S>(&mut rng, t, n, target);
    }
}

/// Every size, signing for the dealt key.
fn suite<S: Peer>(seed: u64) {
    suite_for::<S>(seed, &Plain);
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

#[test]
fn secp256k1_tr() {
    suite::<Secp256k1Tr>(5);
    derived_identifiers::<Secp256k1Tr>();
}

/// frost-secp256k1-tr's `sign_with_tweak` / `aggregate_with_tweak` against
/// tessera's Taproot-tweaked packages, without and with a script tree.
#[test]
fn secp256k1_tr_taproot() {
    suite_for::<Secp256k1Tr>(6, &Taproot(None));
    suite_for::<Secp256k1Tr>(7, &Taproot(Some([0x5a; 32])));
    let mut root = [0u8; 32];
    ChaCha20Rng::seed_from_u64(8).fill_bytes(&mut root);
    suite_for::<Secp256k1Tr>(8, &Taproot(Some(root)));
}
