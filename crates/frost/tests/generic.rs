//! The generic test suite of `tessera-frost`, instantiated for every
//! suite: signing with any `t` signers, refusal below `t`, identifiable
//! abort, encodings, batch verification, secrets kept out of `Debug`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::collections::BTreeMap;

use ff::Field;
use group::{Group, GroupEncoding};
use proptest::prelude::*;
use rand::SeedableRng;
use rand_chacha::ChaCha20Rng;
use tessera_core::encoding::Wire;
use tessera_core::identifier::identifiers;
use tessera_core::schnorr::SchnorrVariant;
use tessera_core::shamir::split;
use tessera_core::suites::Ed25519;
use tessera_core::{Identifier, Point, Scalar, SecretScalar, Suite};
use tessera_frost::{
    Error, KeyPackage, PublicKeyPackage, Signature, SignatureShare, SigningCommitments,
    SigningNonces, SigningPackage, Tweak, aggregate, round1, round2, sign_and_aggregate,
    verify_batch, verify_signature_share,
};

tessera_core::test_all_suites!(
    check_properties,
    check_identifiable_abort,
    check_signer_refusals,
    check_aggregator_refusals,
    check_preprocessing,
    check_batch_verification,
    check_encodings,
    check_malformed_encodings,
    check_epoch_binding,
    check_debug_redacts_secrets,
    check_tweaks,
    check_sign_and_aggregate,
);

struct Keys<S: Suite> {
    keys: BTreeMap<Identifier<S>, KeyPackage<S>>,
    public: PublicKeyPackage<S>,
}

/// A dealer's `t`-of-`n` key, as KeyPackages and the PublicKeyPackage.
fn deal<S: Suite>(t: u16, n: u16, rng: &mut ChaCha20Rng) -> Keys<S> {
    let ids = identifiers::<S>(n);
    let (shares, commitment) = split(&SecretScalar::<S>::random(rng), t, &ids, rng).unwrap();
    let public = PublicKeyPackage::from_commitment(&commitment, &ids).unwrap();
    // A dealer holding the shares computes the same package more cheaply.
    assert_eq!(
        PublicKeyPackage::from_shares(&commitment, &shares, rng).unwrap(),
        public
    );
    let keys = shares
        .iter()
        .map(|s| {
            (
                s.id(),
                KeyPackage::new(s.id(), s.value().clone(), &public).unwrap(),
            )
        })
        .collect();
    Keys { keys, public }
}

/// Runs rounds one and two for `signers`; returns the package and the shares.
fn sign_with<S: Suite>(
    keys: &Keys<S>,
    signers: &[Identifier<S>],
    message: &[u8],
    rng: &mut ChaCha20Rng,
) -> (
    SigningPackage<S>,
    BTreeMap<Identifier<S>, SignatureShare<S>>,
) {
    let mut nonces = BTreeMap::new();
    let mut commitments = BTreeMap::new();
    for id in signers {
        let (n, c) = round1::commit(&keys.keys[id], rng);
        nonces.insert(*id, n);
        commitments.insert(*id, c);
    }
    let package = SigningPackage::new(keys.public.epoch(), commitments, message);
    let shares = nonces
        .into_iter()
        .map(|(id, n)| (id, round2::sign(&package, n, &keys.keys[&id]).unwrap()))
        .collect();
    (package, shares)
}

/// Length of `R` in the suite's standard signature encoding.
fn signature_point_len<S: Suite>() -> usize {
    <S::Schnorr as SchnorrVariant<S>>::SIGNATURE_POINT_LEN
}

/// The encoding of the key that `key` stands for under the suite's Schnorr
/// variant (itself, or for BIP-340 the even-Y one of `±key`).
fn normalized<S: Suite>(key: &Point<S>) -> Vec<u8> {
    let mut repr = key.to_bytes();
    S::Schnorr::normalize(repr.as_mut());
    repr.as_ref().to_vec()
}

fn rng(seed: u64) -> ChaCha20Rng {
    ChaCha20Rng::seed_from_u64(seed)
}

fn pick<S: Suite>(keys: &Keys<S>, count: usize, seed: u64) -> Vec<Identifier<S>> {
    let mut ids: Vec<_> = keys.keys.keys().copied().collect();
    let mut r = rng(seed);
    for i in (1..ids.len()).rev() {
        let j = usize::try_from(rand::Rng::next_u64(&mut r) % (i as u64 + 1)).unwrap();
        ids.swap(i, j);
    }
    ids.truncate(count);
    ids
}

fn check_properties<S: Suite>() {
    let config = ProptestConfig {
        cases: 12,
        failure_persistence: None,
        ..ProptestConfig::default()
    };
    proptest!(config, |(t in 2u16..=6, extra in 0u16..=3, more in 0usize..=3, seed in any::<u64>())| {
        let n = t + extra;
        let mut rng = rng(seed);
        let keys = deal::<S>(t, n, &mut rng);
        // Any t (or more) signers produce a valid signature.
        let signers = pick(&keys, usize::from(t) + more.min(usize::from(extra)), seed);
        let (package, shares) = sign_with(&keys, &signers, b"message", &mut rng);
        let signature = aggregate(&package, &shares, &keys.public).unwrap();
        prop_assert!(signature.verify(&keys.public.group_key(), b"message").is_ok());
        // A changed message or key fails.
        prop_assert_eq!(signature.verify(&keys.public.group_key(), b"messagf"), Err(Error::InvalidSignature));
        let other_key = keys.public.group_key() + Point::<S>::generator();
        prop_assert_eq!(signature.verify(&other_key, b"message"), Err(Error::InvalidSignature));
        // t - 1 signers are refused by the signer and the aggregator.
        let few = pick(&keys, usize::from(t) - 1, seed ^ 1);
        let (n1, c1) = round1::commit(&keys.keys[&few[0]], &mut rng);
        let small: BTreeMap<_, _> = few.iter().map(|id| {
            if *id == few[0] { (*id, c1) } else { (*id, round1::commit(&keys.keys[id], &mut rng).1) }
        }).collect();
        let small = SigningPackage::new(keys.public.epoch(), small, b"message");
        let refused = round2::sign(&small, n1, &keys.keys[&few[0]]);
        let is_too_few = matches!(refused, Err(Error::Core(tessera_core::Error::TooFewParticipants { .. })));
        prop_assert!(is_too_few);
        // Tampering with a random non-empty subset of shares names exactly that subset.
        let mut bad = shares.clone();
        let tampered: Vec<_> = signers.iter().enumerate().filter(|(i, _)| (seed >> i) & 1 == 1).map(|(_, id)| *id).collect();
        if !tampered.is_empty() {
            for id in &tampered {
                let v = bad[id].value() + Scalar::<S>::ONE;
                bad.insert(*id, SignatureShare::new(v));
            }
            let mut expected = tampered.clone();
            expected.sort();
            prop_assert_eq!(aggregate(&package, &bad, &keys.public), Err(Error::InvalidSignatureShare { culprits: expected }));
        }
    });
}

fn check_identifiable_abort<S: Suite>() {
    let mut rng = rng(11);
    let keys = deal::<S>(3, 5, &mut rng);
    let signers = pick(&keys, 4, 3);
    let (package, mut shares) = sign_with(&keys, &signers, b"abort", &mut rng);
    for id in &signers {
        verify_signature_share(id, &shares[id], &package, &keys.public).unwrap();
    }
    let cheat = signers[2];
    shares.insert(cheat, SignatureShare::new(Scalar::<S>::random(&mut rng)));
    let err = aggregate(&package, &shares, &keys.public).unwrap_err();
    assert_eq!(
        err,
        Error::InvalidSignatureShare {
            culprits: vec![cheat]
        }
    );
    assert_eq!(err.culprits(), vec![cheat]);
    assert!(err.to_string().contains(&cheat.to_string()));
    assert!(verify_signature_share(&cheat, &shares[&cheat], &package, &keys.public).is_err());
    // A public key package for another key: every share is valid, the sum is not.
    let other = deal::<S>(3, 5, &mut rng);
    let (package, shares) = sign_with(&keys, &signers, b"abort", &mut rng);
    assert!(aggregate(&package, &shares, &other.public).is_err());
}

fn check_signer_refusals<S: Suite>() {
    let mut rng = rng(12);
    let keys = deal::<S>(2, 3, &mut rng);
    let ids: Vec<_> = keys.keys.keys().copied().collect();
    let (n1, c1) = round1::commit(&keys.keys[&ids[0]], &mut rng);
    let (_, c2) = round1::commit(&keys.keys[&ids[1]], &mut rng);
    // The coordinator swapped this signer's commitment.
    let (_, forged) = round1::commit(&keys.keys[&ids[0]], &mut rng);
    let package = SigningPackage::new(
        keys.public.epoch(),
        [(ids[0], forged), (ids[1], c2)].into(),
        b"m",
    );
    assert_eq!(
        round2::sign(&package, n1, &keys.keys[&ids[0]]),
        Err(Error::IncorrectCommitment)
    );
    // This signer is not in the package.
    let (n3, _) = round1::commit(&keys.keys[&ids[2]], &mut rng);
    let package = SigningPackage::new(
        keys.public.epoch(),
        [(ids[0], c1), (ids[1], c2)].into(),
        b"m",
    );
    assert_eq!(
        round2::sign(&package, n3, &keys.keys[&ids[2]]),
        Err(Error::MissingOwnCommitment)
    );
    // A list naming a participant twice.
    let dup = SigningPackage::from_list(
        keys.public.epoch(),
        [(ids[0], c1), (ids[1], c2), (ids[0], c1)],
        b"m",
    );
    assert_eq!(
        dup,
        Err(Error::Core(tessera_core::Error::DuplicateParticipant {
            culprit: ids[0]
        }))
    );
}

fn check_aggregator_refusals<S: Suite>() {
    let mut rng = rng(13);
    let keys = deal::<S>(2, 3, &mut rng);
    let ids: Vec<_> = keys.keys.keys().copied().collect();
    let (package, shares) = sign_with(&keys, &ids[..2], b"m", &mut rng);
    // Missing and unexpected shares.
    let mut missing = shares.clone();
    missing.remove(&ids[1]);
    assert_eq!(
        aggregate(&package, &missing, &keys.public),
        Err(Error::MissingSignatureShare { culprit: ids[1] })
    );
    let mut extra = shares.clone();
    extra.insert(ids[2], SignatureShare::new(Scalar::<S>::ONE));
    assert_eq!(
        aggregate(&package, &extra, &keys.public),
        Err(Error::UnexpectedSignatureShare { culprit: ids[2] })
    );
    // A signer unknown to the public key package.
    let stranger = Identifier::<S>::new(99).unwrap();
    let mut commitments = package.commitments().clone();
    commitments.insert(stranger, *package.commitments().values().next().unwrap());
    let package2 = SigningPackage::new(keys.public.epoch(), commitments, b"m");
    assert_eq!(
        aggregate(&package2, &shares, &keys.public),
        Err(Error::Core(tessera_core::Error::UnknownParticipant {
            culprit: stranger
        }))
    );
}

fn check_preprocessing<S: Suite>() {
    let mut rng = rng(14);
    let keys = deal::<S>(2, 3, &mut rng);
    let ids: Vec<_> = keys.keys.keys().copied().collect();
    let (a_nonces, a_commitments) = round1::preprocess(&keys.keys[&ids[0]], 3, &mut rng);
    let (b_nonces, b_commitments) = round1::preprocess(&keys.keys[&ids[2]], 3, &mut rng);
    // Each pre-published commitment pair serves exactly one message.
    for (k, (na, nb)) in a_nonces.into_iter().zip(b_nonces).enumerate() {
        let message = format!("message {k}");
        let package = SigningPackage::new(
            keys.public.epoch(),
            [(ids[0], a_commitments[k]), (ids[2], b_commitments[k])].into(),
            message.as_bytes(),
        );
        let shares: BTreeMap<_, _> = [
            (
                ids[0],
                round2::sign(&package, na, &keys.keys[&ids[0]]).unwrap(),
            ),
            (
                ids[2],
                round2::sign(&package, nb, &keys.keys[&ids[2]]).unwrap(),
            ),
        ]
        .into();
        aggregate(&package, &shares, &keys.public)
            .unwrap()
            .verify(&keys.public.group_key(), message.as_bytes())
            .unwrap();
    }
}

fn check_batch_verification<S: Suite>() {
    let mut rng = rng(15);
    let mut items = Vec::new();
    let messages: Vec<Vec<u8>> = (0..5u8).map(|i| vec![i; 10]).collect();
    for message in &messages {
        let keys = deal::<S>(2, 3, &mut rng);
        let signers = pick(&keys, 2, 1);
        let (package, shares) = sign_with(&keys, &signers, message, &mut rng);
        items.push((
            keys.public.group_key(),
            message.as_slice(),
            aggregate(&package, &shares, &keys.public).unwrap(),
        ));
    }
    verify_batch(&items, &mut rng).unwrap();
    items[1].2 = Signature::new(items[1].2.r(), items[1].2.z() + Scalar::<S>::ONE);
    items[3].1 = b"not the message";
    assert_eq!(
        verify_batch(&items, &mut rng),
        Err(Error::InvalidSignatures(vec![1, 3]))
    );
}

fn check_encodings<S: Suite>() {
    let mut rng = rng(16);
    let keys = deal::<S>(2, 3, &mut rng);
    let ids: Vec<_> = keys.keys.keys().copied().collect();
    let (package, shares) = sign_with(&keys, &ids[1..], b"encode me", &mut rng);
    let signature = aggregate(&package, &shares, &keys.public).unwrap();
    let c = package.commitments()[&ids[1]];
    assert_eq!(
        SigningCommitments::<S>::from_bytes(&c.to_bytes()).unwrap(),
        c
    );
    assert_eq!(
        SigningPackage::<S>::from_bytes(&package.to_bytes()).unwrap(),
        package
    );
    let share = shares[&ids[1]];
    assert_eq!(
        SignatureShare::<S>::from_bytes(&share.to_bytes()).unwrap(),
        share
    );
    assert_eq!(
        Signature::<S>::from_bytes(&signature.to_bytes()).unwrap(),
        signature
    );
    assert_eq!(
        signature.to_standard_bytes().len(),
        signature_point_len::<S>() + S::SCALAR_LEN
    );
    let key = &keys.keys[&ids[0]];
    assert_eq!(&KeyPackage::<S>::from_bytes(&key.to_bytes()).unwrap(), key);
    assert_eq!(
        PublicKeyPackage::<S>::from_bytes(&keys.public.to_bytes()).unwrap(),
        keys.public
    );
    // serde goes through the same encoding.
    let json = serde_json::to_string(&package).unwrap();
    assert_eq!(
        serde_json::from_str::<SigningPackage<S>>(&json).unwrap(),
        package
    );
}

fn check_malformed_encodings<S: Suite>() {
    use tessera_core::Error as Core;
    let mut rng = rng(17);
    let keys = deal::<S>(2, 3, &mut rng);
    let ids: Vec<_> = keys.keys.keys().copied().collect();
    let (package, shares) = sign_with(&keys, &ids[..2], b"m", &mut rng);
    let signature = aggregate(&package, &shares, &keys.public).unwrap();
    let (ns, ne) = (S::SCALAR_LEN, S::POINT_LEN);
    let identity = Point::<S>::identity().to_bytes();

    // Every wire type: trailing byte, truncation, wrong suite, wrong kind.
    type Decode<S> = fn(&[u8]) -> Result<(), tessera_core::Error<S>>;
    let encodings: Vec<(Vec<u8>, Decode<S>)> = vec![
        (package.commitments()[&ids[0]].to_bytes(), |b| {
            SigningCommitments::<S>::from_bytes(b).map(drop)
        }),
        (package.to_bytes(), |b| {
            SigningPackage::<S>::from_bytes(b).map(drop)
        }),
        (shares[&ids[0]].to_bytes(), |b| {
            SignatureShare::<S>::from_bytes(b).map(drop)
        }),
        (signature.to_bytes(), |b| {
            Signature::<S>::from_bytes(b).map(drop)
        }),
        (keys.keys[&ids[0]].to_bytes(), |b| {
            KeyPackage::<S>::from_bytes(b).map(drop)
        }),
        (keys.public.to_bytes(), |b| {
            PublicKeyPackage::<S>::from_bytes(b).map(drop)
        }),
    ];
    for (good, decode) in &encodings {
        decode(good).unwrap();
        let mut long = good.clone();
        long.push(7);
        assert_eq!(decode(&long), Err(Core::TrailingBytes { count: 1 }));
        assert!(decode(&good[..good.len() - 1]).is_err());
        let mut suite = good.clone();
        suite[1] = S::ID % 4 + 1;
        assert!(matches!(decode(&suite), Err(Core::SuiteMismatch { .. })));
        let mut kind = good.clone();
        kind[2] ^= 0x40;
        assert!(matches!(decode(&kind), Err(Core::KindMismatch { .. })));
    }
    // Identity commitment.
    let mut bad = package.commitments()[&ids[0]].to_bytes();
    bad[3..3 + ne].copy_from_slice(identity.as_ref());
    assert_eq!(
        SigningCommitments::<S>::from_bytes(&bad),
        Err(Core::InvalidPoint(tessera_core::PointError::Identity))
    );
    // Non-canonical signature share and signature scalar.
    let mut bad = shares[&ids[0]].to_bytes();
    bad[3..].fill(0xff);
    assert_eq!(
        SignatureShare::<S>::from_bytes(&bad),
        Err(Core::NonCanonicalScalar)
    );
    let mut bad = signature.to_standard_bytes();
    bad[signature_point_len::<S>()..].fill(0xff);
    assert!(Signature::<S>::from_standard_bytes(&bad).is_err());
    assert!(Signature::<S>::from_standard_bytes(&bad[1..]).is_err());
    // Signing package: signers out of order, and a duplicated signer.
    let entry = ns + 2 * ne;
    let good = package.to_bytes();
    let start = 3 + 32 + 4;
    let (first, second) = (start..start + entry, start + entry..start + 2 * entry);
    let mut swapped = good.clone();
    swapped[first.clone()].copy_from_slice(&good[second.clone()]);
    swapped[second.clone()].copy_from_slice(&good[first.clone()]);
    assert_eq!(
        SigningPackage::<S>::from_bytes(&swapped),
        Err(Core::UnsortedParticipants { culprit: ids[0] })
    );
    let mut dup = good.clone();
    dup[second].copy_from_slice(&good[first]);
    assert_eq!(
        SigningPackage::<S>::from_bytes(&dup),
        Err(Core::DuplicateParticipant { culprit: ids[0] })
    );
    // A key package whose commitment has one coefficient (threshold 1).
    let mut bad = keys.keys[&ids[0]].to_bytes();
    bad[3 + ns..3 + ns + 4].copy_from_slice(&1u32.to_be_bytes());
    assert_eq!(
        KeyPackage::<S>::from_bytes(&bad),
        Err(Core::InvalidThreshold { t: 1, n: 0 })
    );
    // A public key package whose threshold (commitment length) exceeds n.
    let good = keys.public.to_bytes();
    let c = keys.public.commitment().points();
    let mut bad = good[..3].to_vec();
    bad.extend_from_slice(&4u32.to_be_bytes());
    for p in [c[0], c[1], c[1], c[1]] {
        bad.extend_from_slice(p.to_bytes().as_ref());
    }
    bad.extend_from_slice(&good[3 + 4 + 2 * ne..]);
    assert!(matches!(
        PublicKeyPackage::<S>::from_bytes(&bad),
        Err(Core::InvalidThreshold { t: 4, n: 3 })
    ));
}

/// The epoch of a key or public key package is the digest of the sharing's
/// commitment, which the package carries: it is recomputed on decoding, so
/// one key's epoch cannot be spliced onto another key's content (the
/// review's attack, which made the aggregator blame honest signers).
fn check_epoch_binding<S: Suite>() {
    use tessera_core::Error as Core;
    use tessera_frost::Epoch;
    let mut rng = rng(19);
    let this = deal::<S>(2, 3, &mut rng);
    let other = deal::<S>(2, 3, &mut rng);
    let ids: Vec<_> = this.keys.keys().copied().collect();
    let ne = S::POINT_LEN;
    let c_len = 4 + 2 * ne;
    // Round trips keep the commitment and recompute the same epoch.
    let decoded = PublicKeyPackage::<S>::from_bytes(&this.public.to_bytes()).unwrap();
    assert_eq!(decoded, this.public);
    assert_eq!(
        decoded.epoch(),
        Epoch::of_commitment(this.public.commitment())
    );
    let key = KeyPackage::<S>::from_bytes(&this.keys[&ids[0]].to_bytes()).unwrap();
    assert_eq!(key.epoch(), this.public.epoch());
    // Another key's verifying shares under this key's commitment (so this
    // key's epoch): refused as inconsistent, before any signing.
    let mut spliced = this.public.to_bytes()[..3 + c_len].to_vec();
    spliced.extend_from_slice(&other.public.to_bytes()[3 + c_len..]);
    assert_eq!(
        PublicKeyPackage::<S>::from_bytes(&spliced),
        Err(Core::InconsistentVerifyingShares)
    );
    // This key's verifying shares under another key's commitment.
    let mut spliced = other.public.to_bytes()[..3 + c_len].to_vec();
    spliced.extend_from_slice(&this.public.to_bytes()[3 + c_len..]);
    assert_eq!(
        PublicKeyPackage::<S>::from_bytes(&spliced),
        Err(Core::InconsistentVerifyingShares)
    );
    // One verifying share moved off the commitment (the last one).
    let mut off = this.public.to_bytes();
    let at = off.len() - ne;
    off[at..].copy_from_slice(S::mul_base(&Scalar::<S>::from(7u64)).to_bytes().as_ref());
    assert_eq!(
        PublicKeyPackage::<S>::from_bytes(&off),
        Err(Core::InconsistentVerifyingShares)
    );
    // A key package whose commitment is another key's: its share is off
    // that commitment, and the identifier is named.
    let ns = S::SCALAR_LEN;
    let mut spliced = this.keys[&ids[1]].to_bytes();
    spliced[3 + ns..3 + ns + c_len].copy_from_slice(&other.public.to_bytes()[3..3 + c_len]);
    assert_eq!(
        KeyPackage::<S>::from_bytes(&spliced),
        Err(Core::InvalidShares {
            culprits: vec![ids[1]]
        })
    );
    // Import without a commitment recovers it: the same package and epoch
    // as the dealer's.
    let imported = PublicKeyPackage::new(
        this.public.verifying_shares().clone(),
        this.public.group_key(),
        2,
    )
    .unwrap();
    assert_eq!(imported, this.public);
    // A 3-of-5 import too, and one whose group key is another key's.
    let wide = deal::<S>(3, 5, &mut rng);
    let imported = PublicKeyPackage::new(
        wide.public.verifying_shares().clone(),
        wide.public.group_key(),
        3,
    )
    .unwrap();
    assert_eq!(imported, wide.public);
    assert_eq!(
        PublicKeyPackage::new(
            wide.public.verifying_shares().clone(),
            other.public.group_key(),
            3,
        ),
        Err(Error::Core(Core::InconsistentVerifyingShares))
    );
    // Enrolment keeps the commitment and refuses a share off it.
    let fresh = Identifier::<S>::new(9).unwrap();
    let partial = PublicKeyPackage::from_commitment(this.public.commitment(), &ids).unwrap();
    let enrolled = partial
        .with_member(fresh, this.public.commitment().evaluate(&fresh))
        .unwrap();
    assert_eq!(enrolled.epoch(), this.public.epoch());
    assert_eq!(
        partial.with_member(fresh, other.public.group_key()),
        Err(Error::Core(Core::InvalidShares {
            culprits: vec![fresh]
        }))
    );
}

fn check_debug_redacts_secrets<S: Suite>() {
    let mut rng = rng(18);
    let keys = deal::<S>(2, 3, &mut rng);
    let key = keys.keys.values().next().unwrap();
    let secret_hex = hex::encode(key.signing_share().to_bytes().as_slice());
    let text = format!("{key:?}");
    assert!(
        text.contains("redacted") && !text.contains(&secret_hex),
        "{text}"
    );
    let nonces = SigningNonces::new(key.signing_share(), &mut rng);
    let text = format!("{nonces:?}");
    assert!(
        text.contains("redacted") && !text.contains(&secret_hex),
        "{text}"
    );
}

/// Ed25519 signatures from tessera are standard RFC 8032 signatures:
/// ed25519-dalek's strict verifier accepts them.
#[test]
fn ed25519_signatures_pass_verify_strict() {
    let mut rng = rng(19);
    for (t, n) in [(2u16, 3u16), (3, 4), (5, 9)] {
        let keys = deal::<Ed25519>(t, n, &mut rng);
        let signers = pick(&keys, usize::from(t), u64::from(n));
        let message = b"wallet transaction";
        let (package, shares) = sign_with(&keys, &signers, message, &mut rng);
        let signature = aggregate(&package, &shares, &keys.public).unwrap();
        let vk =
            ed25519_dalek::VerifyingKey::from_bytes(&keys.public.group_key().to_bytes()).unwrap();
        let sig = ed25519_dalek::Signature::from_bytes(
            &signature.to_standard_bytes().try_into().unwrap(),
        );
        vk.verify_strict(message, &sig).unwrap();
        assert!(vk.verify_strict(b"other", &sig).is_err());
    }
}

/// Affine tweaks: every holder tweaks its own key package, and any `t`
/// tweaked shares sign under the tweaked group key `a Y + b G`, which is
/// checked against the secret reconstructed by plain Shamir interpolation of
/// the tweaked shares (an independent path through `tessera-core`). Tweaked
/// and untweaked material, or two different tweaks, never mix.
fn check_tweaks<S: Suite>() {
    let mut rng = rng(77);
    let keys = deal::<S>(2, 3, &mut rng);
    let a = Scalar::<S>::random(&mut rng);
    let b = Scalar::<S>::random(&mut rng);
    for tweak in [
        Tweak::add(b),
        Tweak::negate(),
        Tweak::affine(a, b).unwrap(),
        Tweak::add(b).then(&Tweak::negate()),
    ] {
        let public = keys.public.tweaked(&tweak).unwrap();
        let tweaked = Keys {
            keys: keys
                .keys
                .iter()
                .map(|(id, k)| (*id, k.tweaked(&tweak).unwrap()))
                .collect(),
            public: public.clone(),
        };
        assert_ne!(public.epoch(), keys.public.epoch());
        // The tweaked packages carry the tweaked commitment and decode.
        assert_eq!(
            public.epoch(),
            tessera_frost::Epoch::of_commitment(public.commitment())
        );
        assert_eq!(
            PublicKeyPackage::from_bytes(&public.to_bytes()).unwrap(),
            public
        );
        for k in tweaked.keys.values() {
            assert_eq!(&KeyPackage::from_bytes(&k.to_bytes()).unwrap(), k);
        }
        // Every tweaked key package matches the tweaked public key package.
        for (id, k) in &tweaked.keys {
            assert_eq!(k.verifying_share(), public.verifying_share(id).unwrap());
            assert_eq!(k.epoch(), public.epoch());
            KeyPackage::new(*id, k.signing_share().clone(), &public).unwrap();
        }
        // The tweaked shares interpolate to a secret whose public key is the
        // tweaked group key.
        let shares: Vec<_> = tweaked
            .keys
            .values()
            .map(|k| tessera_core::SecretShare::new(k.id(), k.signing_share().clone()))
            .collect();
        let secret = tessera_core::shamir::reconstruct(2, &shares[..2]).unwrap();
        assert_eq!(S::mul_base(secret.expose()), public.group_key());
        // Any two tweaked shares sign under it.
        let signers = pick(&tweaked, 2, 5);
        let (package, shares) = sign_with(&tweaked, &signers, b"tweaked", &mut rng);
        let signature = aggregate(&package, &shares, &public).unwrap();
        signature.verify(&public.group_key(), b"tweaked").unwrap();
        // Not under the untweaked key, unless it is the same key to the
        // suite (the negation, for x-only BIP-340 keys).
        if normalized::<S>(&keys.public.group_key()) != normalized::<S>(&public.group_key()) {
            assert!(
                signature
                    .verify(&keys.public.group_key(), b"tweaked")
                    .is_err()
            );
        }
        // A package for the untweaked key is refused by a tweaked signer.
        let id = signers[0];
        let (nonces, commitments) = round1::commit(&tweaked.keys[&id], &mut rng);
        let mut list = BTreeMap::new();
        list.insert(id, commitments);
        for other in &signers[1..] {
            list.insert(*other, round1::commit(&keys.keys[other], &mut rng).1);
        }
        let stale = SigningPackage::new(keys.public.epoch(), list, b"m");
        assert_eq!(
            round2::sign(&stale, nonces, &tweaked.keys[&id]).unwrap_err(),
            Error::EpochMismatch
        );
    }
    // Composition is function composition.
    let (t1, t2) = (Tweak::<S>::affine(a, b).unwrap(), Tweak::add(a));
    let y = keys.public.group_key();
    assert_eq!(
        t1.then(&t2).apply_to_point(&y),
        t2.apply_to_point(&t1.apply_to_point(&y))
    );
    assert!(Tweak::<S>::affine(Scalar::<S>::ZERO, b).is_err());
}

/// A signer that aggregates gets, with the same nonces, the signature that
/// its own `round2::sign` and `aggregate` give; a wrong share of another
/// signer is named; its own share among the others, too few signers, or
/// a public key package of another key are refused.
fn check_sign_and_aggregate<S: Suite>() {
    let mut rng = rng(31);
    let keys = deal::<S>(3, 5, &mut rng);
    let signers = pick(&keys, 3, 4);
    let me = signers[0];
    let key = &keys.keys[&me];
    // The same nonces twice, from the same randomness.
    let mut randomness = [[0u8; 32]; 2];
    rand::Rng::fill_bytes(&mut rng, &mut randomness[0]);
    rand::Rng::fill_bytes(&mut rng, &mut randomness[1]);
    let nonces = || {
        SigningNonces::from_randomness(key.signing_share(), &randomness[0], &randomness[1]).unwrap()
    };
    let mut others = BTreeMap::new();
    let mut commitments = BTreeMap::from([(me, *nonces().commitments())]);
    for id in &signers[1..] {
        let (n, c) = round1::commit(&keys.keys[id], &mut rng);
        others.insert(*id, n);
        commitments.insert(*id, c);
    }
    let package = SigningPackage::new(keys.public.epoch(), commitments, b"co-sign");
    let others: BTreeMap<_, _> = others
        .into_iter()
        .map(|(id, n)| (id, round2::sign(&package, n, &keys.keys[&id]).unwrap()))
        .collect();
    let mut all = others.clone();
    all.insert(me, round2::sign(&package, nonces(), key).unwrap());
    let expected = aggregate(&package, &all, &keys.public).unwrap();
    let found = sign_and_aggregate(&package, nonces(), key, &others, &keys.public).unwrap();
    assert_eq!(found.to_standard_bytes(), expected.to_standard_bytes());
    found.verify(&keys.public.group_key(), b"co-sign").unwrap();

    let cheat = signers[2];
    let mut wrong = others.clone();
    wrong.insert(cheat, SignatureShare::new(Scalar::<S>::random(&mut rng)));
    assert_eq!(
        sign_and_aggregate(&package, nonces(), key, &wrong, &keys.public).unwrap_err(),
        Error::InvalidSignatureShare {
            culprits: vec![cheat]
        }
    );
    assert_eq!(
        sign_and_aggregate(&package, nonces(), key, &all, &keys.public).unwrap_err(),
        Error::UnexpectedSignatureShare { culprit: me }
    );
    let mut missing = others.clone();
    missing.remove(&cheat);
    assert_eq!(
        sign_and_aggregate(&package, nonces(), key, &missing, &keys.public).unwrap_err(),
        Error::MissingSignatureShare { culprit: cheat }
    );
    let other = deal::<S>(3, 5, &mut rng);
    assert!(matches!(
        sign_and_aggregate(&package, nonces(), key, &others, &other.public),
        Err(Error::InconsistentKey(_))
    ));
}
