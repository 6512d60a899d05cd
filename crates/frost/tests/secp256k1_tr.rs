//! What is particular to `secp256k1-tr`: BIP-341 Taproot output keys
//! against BIP-86's published vector and libsecp256k1's tweak; any `t`
//! shares sign, plain and for a Taproot output, and the signatures pass
//! libsecp256k1's and k256's BIP-340 verifiers under the x-only (output)
//! key, and the key the shares interpolate to signs single-handed under
//! it; material of another tweak or epoch is refused with a typed error;
//! signatures are 64 bytes on the wire.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::collections::BTreeMap;

use group::GroupEncoding;
use proptest::prelude::*;
use rand::{Rng, RngExt, SeedableRng};
use rand_chacha::ChaCha20Rng;
use sha2::{Digest, Sha256};
use tessera_core::encoding::Wire;
use tessera_core::identifier::identifiers;
use tessera_core::shamir::{reconstruct, split};
use tessera_core::suites::Secp256k1Tr;
use tessera_core::{Identifier, SecretScalar, SecretShare, Suite};
use tessera_frost::{
    Error, KeyPackage, PublicKeyPackage, Signature, SignatureShare, SigningPackage, aggregate,
    bip340, round1, round2, taproot, verify_signature_share,
};
use tessera_peer::{k256_schnorr_verifies, libsecp256k1_verifies};

type S = Secp256k1Tr;

struct Keys {
    keys: BTreeMap<Identifier<S>, KeyPackage<S>>,
    public: PublicKeyPackage<S>,
}

impl Keys {
    fn deal(t: u16, n: u16, rng: &mut ChaCha20Rng) -> Self {
        let ids = identifiers::<S>(n);
        let (shares, commitment) = split(&SecretScalar::<S>::random(rng), t, &ids, rng).unwrap();
        let public = PublicKeyPackage::from_commitment(&commitment, &ids).unwrap();
        let keys = shares
            .iter()
            .map(|s| {
                let key = KeyPackage::new(s.id(), s.value().clone(), &public).unwrap();
                (s.id(), key)
            })
            .collect();
        Self { keys, public }
    }

    /// The packages of the Taproot output key for `merkle_root`.
    fn taproot(&self, merkle_root: Option<&[u8; 32]>) -> Self {
        Self {
            keys: self
                .keys
                .iter()
                .map(|(id, k)| (*id, k.taproot_tweaked(merkle_root).unwrap()))
                .collect(),
            public: self.public.taproot_tweaked(merkle_root).unwrap(),
        }
    }

    /// Rounds one and two for `signers`.
    fn sign(
        &self,
        signers: &[Identifier<S>],
        message: &[u8],
        rng: &mut ChaCha20Rng,
    ) -> (
        SigningPackage<S>,
        BTreeMap<Identifier<S>, SignatureShare<S>>,
    ) {
        let (nonces, commitments): (Vec<_>, BTreeMap<_, _>) = signers
            .iter()
            .map(|id| {
                let (n, c) = round1::commit(&self.keys[id], rng);
                (n, (*id, c))
            })
            .unzip();
        let package = SigningPackage::new(self.public.epoch(), commitments, message);
        let shares = signers
            .iter()
            .zip(nonces)
            .map(|(id, n)| (*id, round2::sign(&package, n, &self.keys[id]).unwrap()))
            .collect();
        (package, shares)
    }
}

/// `count` of the `n` identifiers, chosen at random, sorted.
fn pick(keys: &Keys, count: usize, rng: &mut ChaCha20Rng) -> Vec<Identifier<S>> {
    let mut ids: Vec<_> = keys.keys.keys().copied().collect();
    for i in (1..ids.len()).rev() {
        ids.swap(i, rng.random_range(0..=i));
    }
    ids.truncate(count);
    ids.sort();
    ids
}

/// BIP-341's tweak `int(hash_TapTweak(x || merkle_root))`, computed here
/// with plain SHA-256 (independently of tessera's tagged hash).
fn tap_tweak(x_only: &[u8], merkle_root: Option<&[u8; 32]>) -> [u8; 32] {
    let tag = Sha256::digest(b"TapTweak");
    let mut h = Sha256::new();
    h.update(tag);
    h.update(tag);
    h.update(x_only);
    if let Some(root) = merkle_root {
        h.update(root);
    }
    h.finalize().into()
}

/// BIP-86's first receiving key (m/86'/0'/0'/0/0 of the "abandon ... about"
/// seed): internal x-only key and Taproot output key, from the BIP's test
/// vectors. The internal key has odd Y, so the even-Y step matters.
#[test]
fn bip86_output_key() {
    let internal =
        hex::decode("cc8a4bc64d897bddc5fbc2f670f7a8ba0b386779106cf1223c6fc5d7cd6fc115").unwrap();
    let output =
        hex::decode("a60869f0dbcf1dc659c9cecbaf8050135ea9e8cdc487053f1dc6880949dc684c").unwrap();
    let lifted = bip340::lift_x::<S>(&internal).unwrap();
    // Either point with that x is the same internal key.
    for key in [lifted, -lifted] {
        let q = taproot::output_key::<S>(&key, None);
        assert_eq!(bip340::x_only_key::<S>(&q).as_slice(), output.as_slice());
    }
}

/// Output keys of random internal keys (of both parities), with and without
/// a merkle root, are libsecp256k1's `XOnlyPublicKey::add_tweak` of the
/// independently computed TapTweak.
#[test]
fn output_keys_match_libsecp256k1() {
    let mut rng = ChaCha20Rng::seed_from_u64(41);
    let mut parities = [0usize; 2];
    for i in 0..40 {
        let key = S::mul_base(SecretScalar::<S>::random(&mut rng).expose());
        parities[usize::from(key.to_bytes()[0] == 0x03)] += 1;
        let mut root = [0u8; 32];
        rng.fill_bytes(&mut root);
        let root = (i % 2 == 1).then_some(root);
        let x = bip340::x_only_key::<S>(&key);
        let tweak = secp256k1::Scalar::from_be_bytes(tap_tweak(&x, root.as_ref())).unwrap();
        let (theirs, parity) = secp256k1::XOnlyPublicKey::from_byte_array(x)
            .unwrap()
            .add_tweak(&tweak)
            .unwrap();
        let ours = taproot::output_key::<S>(&key, root.as_ref());
        assert_eq!(bip340::x_only_key::<S>(&ours), theirs.to_byte_array());
        assert_eq!(ours.to_bytes()[0] == 0x03, parity == secp256k1::Parity::Odd);
    }
    assert!(parities[0] > 0 && parities[1] > 0, "{parities:?}");
}

/// The checks every signature here must pass: tessera's BIP-340 verifier,
/// libsecp256k1 and k256, under the x-only key of `public`; and not on
/// another message.
fn verifies_everywhere(public: &PublicKeyPackage<S>, message: &[u8], signature: &Signature<S>) {
    let x_only = bip340::x_only_key::<S>(&public.group_key());
    let bytes = signature.to_standard_bytes();
    assert_eq!(bytes.len(), 64);
    signature.verify(&public.group_key(), message).unwrap();
    bip340::verify::<S>(&x_only, message, &bytes).unwrap();
    assert!(libsecp256k1_verifies(&x_only, message, &bytes));
    assert!(k256_schnorr_verifies(&x_only, message, &bytes));
    assert!(!libsecp256k1_verifies(&x_only, b"other", &bytes));
    assert!(bip340::verify::<S>(&x_only, b"other", &bytes).is_err());
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, failure_persistence: None, ..ProptestConfig::default() })]

    /// Any `t` (or more) of `n` shares sign for the key itself, for its
    /// BIP-86 output and for an output with a script tree; the secret the
    /// (tweaked) shares interpolate to signs BIP-340 single-handed (k256)
    /// under the same x-only key.
    #[test]
    fn any_t_sign(t in 2u16..=6, extra in 0u16..=4, more in 0u16..=4, kind in 0u8..3, seed in any::<u64>()) {
        let mut rng = ChaCha20Rng::seed_from_u64(seed);
        let n = t + extra;
        let dealt = Keys::deal(t, n, &mut rng);
        let mut root = [0u8; 32];
        rng.fill_bytes(&mut root);
        let keys = match kind {
            0 => dealt,
            1 => dealt.taproot(None),
            _ => dealt.taproot(Some(&root)),
        };
        let signers = pick(&keys, usize::from(t + more.min(extra)), &mut rng);
        let mut message = vec![0u8; rng.random_range(0..80)];
        rng.fill_bytes(&mut message);
        let (package, shares) = keys.sign(&signers, &message, &mut rng);
        let signature = aggregate(&package, &shares, &keys.public).unwrap();
        verifies_everywhere(&keys.public, &message, &signature);

        let shares: Vec<_> = signers
            .iter()
            .map(|id| SecretShare::new(*id, keys.keys[id].signing_share().clone()))
            .collect();
        let secret = reconstruct(t, &shares).unwrap();
        prop_assert_eq!(S::mul_base(secret.expose()), keys.public.group_key());
        let single = k256::schnorr::SigningKey::from_slice(&secret.to_bytes()).unwrap();
        let aux = [7u8; 32];
        let single = single.sign_raw(&message, &aux).unwrap().to_bytes();
        let x_only = bip340::x_only_key::<S>(&keys.public.group_key());
        prop_assert!(bip340::verify::<S>(&x_only, &message, &single).is_ok());
    }
}

/// Material of another tweak or epoch is refused with a typed error: by a
/// signer, by the aggregator, by share verification and by key-package
/// construction; a share made under one tweak is named as invalid when
/// aggregated for another.
#[test]
fn other_tweak_is_refused() {
    let mut rng = ChaCha20Rng::seed_from_u64(42);
    let plain = Keys::deal(2, 3, &mut rng);
    let a = plain.taproot(Some(&[1; 32]));
    let b = plain.taproot(Some(&[2; 32]));
    let bip86 = plain.taproot(None);
    let epochs = [
        plain.public.epoch(),
        a.public.epoch(),
        b.public.epoch(),
        bip86.public.epoch(),
    ];
    for (i, x) in epochs.iter().enumerate() {
        for y in &epochs[i + 1..] {
            assert_ne!(x, y);
        }
    }
    let ids = pick(&plain, 2, &mut rng);
    let (me, other) = (ids[0], ids[1]);

    // A signer of output A refuses packages of the internal key and of B.
    for wrong in [&plain, &b] {
        let (nonces, mine) = round1::commit(&a.keys[&me], &mut rng);
        let theirs = round1::commit(&wrong.keys[&other], &mut rng).1;
        let package = SigningPackage::new(
            wrong.public.epoch(),
            [(me, mine), (other, theirs)].into(),
            b"m",
        );
        assert_eq!(
            round2::sign(&package, nonces, &a.keys[&me]),
            Err(Error::EpochMismatch)
        );
    }

    // Signed for A: the aggregator and share verification refuse B's and the
    // internal key's public key packages.
    let (package, shares) = a.sign(&ids, b"m", &mut rng);
    for wrong in [&plain.public, &b.public, &bip86.public] {
        assert_eq!(
            aggregate(&package, &shares, wrong),
            Err(Error::EpochMismatch)
        );
        assert_eq!(
            verify_signature_share(&me, &shares[&me], &package, wrong),
            Err(Error::EpochMismatch)
        );
    }
    aggregate(&package, &shares, &a.public).unwrap();

    // The same commitments and message for B: a share made under A is named.
    let package_b = SigningPackage::new(b.public.epoch(), package.commitments().clone(), b"m");
    assert_eq!(
        aggregate(&package_b, &shares, &b.public),
        Err(Error::InvalidSignatureShare {
            culprits: ids.clone()
        })
    );
    let mut mixed = shares.clone();
    let (package_b, shares_b) = b.sign(&ids, b"m", &mut rng);
    mixed.insert(other, shares_b[&other]);
    mixed.insert(me, shares[&me]);
    assert_eq!(
        aggregate(&package_b, &mixed, &b.public),
        Err(Error::InvalidSignatureShare { culprits: vec![me] })
    );

    // A share of A is not a share of B or of the internal key.
    for wrong in [&plain.public, &b.public] {
        assert!(matches!(
            KeyPackage::new(me, a.keys[&me].signing_share().clone(), wrong),
            Err(Error::InconsistentKey(_))
        ));
    }
}

/// Wire and standard encodings: 64-byte signatures (`x(R) || z`) that
/// decode back; `R` and `-R` make the same signature; an `x(R)` on no
/// point, `x >= p` and `z >= n` are rejected.
#[test]
fn signature_encodings() {
    let mut rng = ChaCha20Rng::seed_from_u64(43);
    let keys = Keys::deal(2, 3, &mut rng);
    let ids = pick(&keys, 2, &mut rng);
    let (package, shares) = keys.sign(&ids, b"wire", &mut rng);
    let signature = aggregate(&package, &shares, &keys.public).unwrap();
    let standard = signature.to_standard_bytes();
    let wire = signature.to_bytes();
    assert_eq!(wire.len(), 3 + 64);
    assert_eq!(&wire[3..], standard.as_slice());
    assert_eq!(wire[1], S::ID);
    assert_eq!(Signature::<S>::from_bytes(&wire).unwrap(), signature);
    assert_eq!(
        Signature::<S>::from_standard_bytes(&standard).unwrap(),
        signature
    );
    assert_eq!(signature.r().to_bytes()[0], 0x02);
    assert_eq!(
        Signature::<S>::new(-signature.r(), signature.z()),
        signature
    );

    let mut bad = standard.clone();
    bad[..32].fill(0xff); // x >= p
    assert!(Signature::<S>::from_standard_bytes(&bad).is_err());
    let mut bad = standard.clone();
    bad[32..].fill(0xff); // z >= n
    assert!(Signature::<S>::from_standard_bytes(&bad).is_err());
    // An x on no point (the first such small x; libsecp256k1 agrees).
    let no_point = (0u8..=255)
        .map(|x| {
            let mut bytes = [0u8; 32];
            bytes[31] = x;
            bytes
        })
        .find(|x| bip340::lift_x::<S>(x).is_err())
        .unwrap();
    assert!(secp256k1::XOnlyPublicKey::from_byte_array(no_point).is_err());
    let mut bad = standard.clone();
    bad[..32].copy_from_slice(&no_point);
    assert!(Signature::<S>::from_standard_bytes(&bad).is_err());
    let mut bad = wire.clone();
    bad[3..35].fill(0xff);
    assert!(Signature::<S>::from_bytes(&bad).is_err());
    assert!(Signature::<S>::from_bytes(&wire[..wire.len() - 1]).is_err());
}
