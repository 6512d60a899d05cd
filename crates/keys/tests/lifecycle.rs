//! Key lifecycle: reshare to new thresholds and committees, refresh and
//! revoke, repair and enrol, reconstruct and export; blame for every kind of
//! cheating. Written once over the suite, instantiated for all four.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use std::collections::BTreeMap;

use common::*;
use ff::Field;
use group::Group;
use tessera_core::encoding::Wire;
use tessera_core::suites::{Ed25519, P256, Secp256k1};
use tessera_core::{Identifier, Point, Scalar, SecretScalar, Suite, VssCommitment};
use tessera_frost::{KeyPackage, PublicKeyPackage, SigningPackage, round1, round2};
use tessera_keys::repair::{self, RepairConfig};
use tessera_keys::reshare::{self, ReshareCommitment, ReshareConfig, ReshareShare};
use tessera_keys::{Error, dealer, reconstruct::reconstruct};

tessera_core::test_all_suites!(
    check_reshare_cases,
    check_refresh_revokes,
    check_repair_and_enrol,
    check_reshare_blame,
    check_repair_blame,
    check_reconstruct,
    check_lifecycle_encodings,
);

type Keys<S> = BTreeMap<Identifier<S>, KeyPackage<S>>;

/// A dealt 2-of-3 wallet key: device, login, recovery.
fn wallet<S: Suite>(rng: &mut rand_chacha::ChaCha20Rng) -> (Keys<S>, PublicKeyPackage<S>) {
    let ids: Vec<_> = ["device", "login", "recovery"]
        .iter()
        .map(|n| named::<S>(n))
        .collect();
    let out = dealer::keygen(2, &ids, rng).unwrap();
    (
        out.key_packages.into_iter().map(|k| (k.id(), k)).collect(),
        out.public,
    )
}

fn pick<S: Suite>(keys: &Keys<S>, names: &[&str]) -> Keys<S> {
    names
        .iter()
        .map(|n| (named::<S>(n), keys[&named::<S>(n)].clone()))
        .collect()
}

fn ids<S: Suite>(names: &[&str]) -> Vec<Identifier<S>> {
    names.iter().map(|n| named::<S>(n)).collect()
}

fn check_reshare_cases<S: Suite>() {
    let mut rng = rng(41);
    let (keys, public) = wallet::<S>(&mut rng);
    let key = public.group_key();

    // 2-of-3 -> 3-of-4: a hardware factor joins.
    let config = ReshareConfig::new(
        public.clone(),
        &ids(&["device", "login"]),
        &ids(&["device", "login", "recovery", "hardware"]),
        3,
    )
    .unwrap();
    let (keys4, public4) = run_reshare(&config, &keys, &mut rng);
    assert_eq!(
        (public4.group_key(), public4.threshold(), keys4.len()),
        (key, 3, 4)
    );
    assert_ne!(public4.epoch(), public.epoch());
    every_subset_signs(&keys4, &public4, &mut rng);

    // 3-of-4 -> 2-of-3: the hardware factor leaves.
    let config = ReshareConfig::new(
        public4.clone(),
        &ids(&["login", "recovery", "hardware"]),
        &ids(&["device", "login", "recovery"]),
        2,
    )
    .unwrap();
    let (keys3, public3) = run_reshare(&config, &keys4, &mut rng);
    assert_eq!((public3.group_key(), public3.threshold()), (key, 2));
    every_subset_signs(&keys3, &public3, &mut rng);

    // 2-of-3 -> 2-of-3 with the device replaced (lost device, new device).
    let config = ReshareConfig::new(
        public3.clone(),
        &ids(&["login", "recovery"]),
        &ids(&["device-2", "login", "recovery"]),
        2,
    )
    .unwrap();
    let (keys_new, public_new) = run_reshare(&config, &keys3, &mut rng);
    assert_eq!(public_new.group_key(), key);
    assert!(public_new.verifying_share(&named::<S>("device")).is_err());
    every_subset_signs(&keys_new, &public_new, &mut rng);

    // n grows (2-of-3 -> 2-of-5) and shrinks (3-of-5 -> 2-of-2).
    let five = ids::<S>(&["a", "b", "c", "d", "e"]);
    let config =
        ReshareConfig::new(public_new.clone(), &ids(&["login", "recovery"]), &five, 3).unwrap();
    let (keys5, public5) = run_reshare(&config, &keys_new, &mut rng);
    every_subset_signs(&keys5, &public5, &mut rng);
    let config = ReshareConfig::new(public5.clone(), &five[1..4], &five[..2], 2).unwrap();
    let (keys2, public2) = run_reshare(&config, &keys5, &mut rng);
    assert_eq!(public2.group_key(), key);
    every_subset_signs(&keys2, &public2, &mut rng);

    // Bad configurations.
    assert!(
        ReshareConfig::new(
            public.clone(),
            &ids(&["device"]),
            &ids(&["device", "login"]),
            2
        )
        .is_err()
    );
    assert!(
        ReshareConfig::new(
            public.clone(),
            &ids(&["device", "stranger"]),
            &ids(&["device", "login"]),
            2
        )
        .is_err()
    );
    assert!(
        ReshareConfig::new(
            public.clone(),
            &ids(&["device", "login"]),
            &ids(&["device", "login"]),
            3
        )
        .is_err()
    );
}

/// Refresh among login and recovery revokes the device: its old share is
/// refused by the epoch check, and even with a forged epoch it does not
/// combine with the new shares.
fn check_refresh_revokes<S: Suite>() {
    let mut rng = rng(42);
    let (keys, public) = wallet::<S>(&mut rng);
    let config = ReshareConfig::refresh(public.clone(), &ids(&["login", "recovery"])).unwrap();
    let (fresh, fresh_public) = run_reshare(&config, &keys, &mut rng);
    assert_eq!(
        (fresh_public.group_key(), fresh_public.threshold()),
        (public.group_key(), 2)
    );
    every_subset_signs(&fresh, &fresh_public, &mut rng);
    for name in ["login", "recovery"] {
        assert_ne!(
            fresh[&named::<S>(name)].signing_share(),
            keys[&named::<S>(name)].signing_share()
        );
    }
    let old_device = &keys[&named::<S>("device")];
    let new_login = &fresh[&named::<S>("login")];

    // The epoch check refuses the old share before any arithmetic: in
    // signing, and in reconstruction.
    let (n_old, c_old) = round1::commit(old_device, &mut rng);
    let (_, c_new) = round1::commit(new_login, &mut rng);
    let package = SigningPackage::new(
        fresh_public.epoch(),
        [(old_device.id(), c_old), (new_login.id(), c_new)].into(),
        b"m",
    );
    assert_eq!(
        round2::sign(&package, n_old, old_device),
        Err(tessera_frost::Error::EpochMismatch)
    );
    assert_eq!(
        reconstruct(&fresh_public, &[old_device.clone(), new_login.clone()]),
        Err(Error::WrongEpoch {
            culprit: old_device.id()
        })
    );

    // With a forged epoch (the new key's commitment written into its
    // encoding), the revoked device's key package does not decode: its
    // share is off that commitment, and its holder is named.
    assert_eq!(
        forge_epoch(old_device, &fresh_public)
            .unwrap_err()
            .culprits(),
        vec![old_device.id()]
    );

    // A full refresh (device stays): the pre-refresh share with the new
    // commitment (epoch) written in is refused the same way.
    let config =
        ReshareConfig::refresh(public.clone(), &ids(&["device", "login", "recovery"])).unwrap();
    let (fresh3, fresh3_public) = run_reshare(&config, &keys, &mut rng);
    every_subset_signs(&fresh3, &fresh3_public, &mut rng);
    assert_eq!(
        forge_epoch(old_device, &fresh3_public)
            .unwrap_err()
            .culprits(),
        vec![old_device.id()]
    );
}

/// The device loses its share; login and recovery repair it without anyone
/// learning the key: the repaired share is the lost one. A hardware factor
/// is enrolled at a new identifier the same way, with the same epoch.
fn check_repair_and_enrol<S: Suite>() {
    let mut rng = rng(43);
    let (keys, public) = wallet::<S>(&mut rng);
    let device = named::<S>("device");
    let helpers = pick(&keys, &["login", "recovery"]);
    let config = RepairConfig::new(public.clone(), &ids(&["login", "recovery"]), device).unwrap();
    let (repaired, public_after) = run_repair(&config, &helpers, &mut rng);
    assert_eq!(&repaired, &keys[&device]);
    assert_eq!(public_after, public);

    let hardware = named::<S>("hardware");
    let config =
        RepairConfig::new(public.clone(), &ids(&["device", "recovery"]), hardware).unwrap();
    let (enrolled, public_enrolled) = run_repair(&config, &keys, &mut rng);
    assert_eq!(public_enrolled.epoch(), public.epoch());
    assert_eq!(public_enrolled.verifying_shares().len(), 4);
    assert_eq!(
        public_enrolled.verifying_share(&hardware).unwrap(),
        enrolled.verifying_share()
    );
    let mut all = keys.clone();
    all.insert(hardware, enrolled);
    every_subset_signs(&all, &public_enrolled, &mut rng);

    assert!(RepairConfig::new(public.clone(), &ids(&["login"]), device).is_err());
    assert!(RepairConfig::new(public.clone(), &ids(&["login", "device"]), device).is_err());
}

/// A reshare dealer that commits to a wrong constant term, and one that
/// sends a wrong sub-share, are named.
fn check_reshare_blame<S: Suite>() {
    let mut rng = rng(44);
    let (keys, public) = wallet::<S>(&mut rng);
    let dealers = ids::<S>(&["device", "login", "recovery"]);
    let members = ids::<S>(&["device", "login", "recovery", "hardware"]);
    let config = ReshareConfig::new(public.clone(), &dealers, &members, 3).unwrap();
    let mut commitments = BTreeMap::new();
    let mut private = BTreeMap::new();
    for d in &dealers {
        let (c, s) = reshare::deal(&config, &keys[d], &mut rng).unwrap();
        commitments.insert(*d, c);
        private.insert(*d, s);
    }
    // One dealer commits to another constant term.
    let cheat = dealers[1];
    let mut bad = commitments.clone();
    let mut points = bad[&cheat].commitment().points().to_vec();
    points[0] += Point::<S>::generator();
    bad.insert(
        cheat,
        with_commitment(&bad[&cheat], VssCommitment::new(points).unwrap()),
    );
    let err = reshare::new_public(&config, &bad, &mut rng).unwrap_err();
    assert_eq!(
        err,
        Error::Misbehaviour {
            invalid_commitments: vec![cheat],
            invalid_shares: vec![]
        }
    );

    // Another dealer sends a wrong sub-share to the hardware factor.
    let liar = dealers[2];
    let hardware = named::<S>("hardware");
    let mut inbox: BTreeMap<_, _> = private
        .iter()
        .map(|(from, out)| (*from, out[&hardware].clone()))
        .collect();
    inbox.insert(liar, add_one(&inbox[&liar]));
    let err = reshare::receive(&config, hardware, &commitments, &inbox, &mut rng).unwrap_err();
    assert_eq!(
        err,
        Error::Misbehaviour {
            invalid_commitments: vec![],
            invalid_shares: vec![liar]
        }
    );
    assert_eq!(err.culprits(), vec![liar]);

    // Messages of another epoch are refused.
    let (other_keys, other_public) = wallet::<S>(&mut rng);
    let other = ReshareConfig::new(other_public, &dealers, &members, 3).unwrap();
    let (c, _) = reshare::deal(&other, &other_keys[&cheat], &mut rng).unwrap();
    let mut mixed = commitments.clone();
    mixed.insert(cheat, c);
    assert_eq!(
        reshare::new_public(&config, &mixed, &mut rng),
        Err(Error::WrongEpoch { culprit: cheat })
    );
    assert_eq!(
        reshare::deal(&config, &other_keys[&cheat], &mut rng).unwrap_err(),
        Error::EpochMismatch
    );
}

/// Re-encodes a reshare commitment with another Feldman commitment.
fn with_commitment<S: Suite>(
    c: &ReshareCommitment<S>,
    commitment: VssCommitment<S>,
) -> ReshareCommitment<S> {
    let mut bytes = c.to_bytes()[..3 + 32 + S::SCALAR_LEN].to_vec();
    bytes.extend_from_slice(&commitment.to_bytes()[3..]);
    ReshareCommitment::from_bytes(&bytes).unwrap()
}

/// Adds one to the scalar that ends an encoding.
fn add_one_bytes<S: Suite>(bytes: &mut [u8]) {
    let at = bytes.len() - S::SCALAR_LEN;
    let v = tessera_core::encoding::decode_scalar::<S>(&bytes[at..]).unwrap() + Scalar::<S>::ONE;
    bytes[at..].copy_from_slice(ff::PrimeField::to_repr(&v).as_ref());
}

fn add_one<S: Suite>(share: &ReshareShare<S>) -> ReshareShare<S> {
    let mut bytes = share.to_bytes();
    add_one_bytes::<S>(&mut bytes);
    ReshareShare::from_bytes(&bytes).unwrap()
}

/// Tampered repair messages: a wrong summand, a wrong sum, a broadcast that
/// does not split the true share; each names its sender.
fn check_repair_blame<S: Suite>() {
    let mut rng = rng(45);
    let ids5: Vec<Identifier<S>> = (1..=5).map(|i| Identifier::new(i).unwrap()).collect();
    let out = dealer::keygen(3, &ids5, &mut rng).unwrap();
    let keys: Keys<S> = out.key_packages.into_iter().map(|k| (k.id(), k)).collect();
    let helpers = &ids5[..3];
    let config = RepairConfig::new(out.public.clone(), helpers, ids5[4]).unwrap();
    let mut commitments = BTreeMap::new();
    let mut deltas = BTreeMap::new();
    for h in helpers {
        let (c, d) = repair::step1(&config, &keys[h], &mut rng).unwrap();
        commitments.insert(*h, c);
        deltas.insert(*h, d);
    }
    let inbox = |to: &Identifier<S>| -> BTreeMap<_, _> {
        deltas
            .iter()
            .map(|(from, out)| (*from, out[to].clone()))
            .collect()
    };

    // Helper 2 sends helper 1 a summand it did not commit to.
    let mut bad = inbox(&helpers[0]);
    let mut bytes = bad[&helpers[1]].to_bytes();
    add_one_bytes::<S>(&mut bytes);
    bad.insert(helpers[1], repair::RepairDelta::from_bytes(&bytes).unwrap());
    let err = repair::step2(&config, &keys[&helpers[0]], &commitments, &bad, &mut rng).unwrap_err();
    assert_eq!(
        err,
        Error::Misbehaviour {
            invalid_commitments: vec![],
            invalid_shares: vec![helpers[1]]
        }
    );

    // Helper 3 broadcasts commitments that do not split its true share (and
    // so the summand it sent no longer matches them either).
    let mut bad_commitments = commitments.clone();
    let (c_other, _) = repair::step1(&config, &keys[&helpers[1]], &mut rng).unwrap();
    let mut bytes = c_other.to_bytes();
    let id_at = 3 + 32;
    bytes[id_at..id_at + S::SCALAR_LEN].copy_from_slice(helpers[2].to_bytes().as_ref());
    bad_commitments.insert(
        helpers[2],
        repair::RepairCommitments::from_bytes(&bytes).unwrap(),
    );
    let err = repair::step2(
        &config,
        &keys[&helpers[0]],
        &bad_commitments,
        &inbox(&helpers[0]),
        &mut rng,
    )
    .unwrap_err();
    assert_eq!(
        err,
        Error::Misbehaviour {
            invalid_commitments: vec![helpers[2]],
            invalid_shares: vec![helpers[2]]
        }
    );

    // Helper 1 sends the target a wrong sum.
    let mut sigmas = BTreeMap::new();
    for h in helpers {
        sigmas.insert(
            *h,
            repair::step2(&config, &keys[h], &commitments, &inbox(h), &mut rng).unwrap(),
        );
    }
    let mut bytes = sigmas[&helpers[0]].to_bytes();
    add_one_bytes::<S>(&mut bytes);
    let mut bad_sigmas = sigmas.clone();
    bad_sigmas.insert(helpers[0], repair::RepairSigma::from_bytes(&bytes).unwrap());
    let err = repair::step3(&config, &commitments, &bad_sigmas, &mut rng).unwrap_err();
    assert_eq!(
        err,
        Error::Misbehaviour {
            invalid_commitments: vec![],
            invalid_shares: vec![helpers[0]]
        }
    );
    let (key, _) = repair::step3(&config, &commitments, &sigmas, &mut rng).unwrap();
    assert_eq!(&key, &keys[&ids5[4]]);
}

fn check_reconstruct<S: Suite>() {
    let mut rng = rng(46);
    let secret = SecretScalar::<S>::random(&mut rng);
    let ids5: Vec<Identifier<S>> = (1..=5).map(|i| Identifier::new(i).unwrap()).collect();
    let out = dealer::split_secret(&secret, 3, &ids5, &mut rng).unwrap();
    let keys = out.key_packages;
    assert_eq!(reconstruct(&out.public, &keys[..3]).unwrap(), secret);
    assert_eq!(reconstruct(&out.public, &keys[1..]).unwrap(), secret);
    assert!(matches!(
        reconstruct(&out.public, &keys[..2]),
        Err(Error::Core(tessera_core::Error::TooFewParticipants {
            needed: 3,
            got: 2
        }))
    ));
    let dup = [keys[0].clone(), keys[1].clone(), keys[0].clone()];
    assert_eq!(
        reconstruct(&out.public, &dup).unwrap_err().culprits(),
        vec![keys[0].id()]
    );
    // A share of another key at the same identifier, with this key's
    // commitment (epoch) written in: refused on decoding, its holder named.
    let other = dealer::keygen(3, &ids5, &mut rng).unwrap();
    assert_eq!(
        forge_epoch(&other.key_packages[1], &out.public)
            .unwrap_err()
            .culprits(),
        vec![keys[1].id()]
    );
}

fn check_lifecycle_encodings<S: Suite>() {
    let mut rng = rng(47);
    let (keys, public) = wallet::<S>(&mut rng);
    let config = ReshareConfig::refresh(public.clone(), &ids(&["login", "recovery"])).unwrap();
    let (c, shares) = reshare::deal(&config, &keys[&named::<S>("login")], &mut rng).unwrap();
    assert_eq!(
        ReshareCommitment::<S>::from_bytes(&c.to_bytes()).unwrap(),
        c
    );
    let mut long = c.to_bytes();
    long.push(1);
    assert!(ReshareCommitment::<S>::from_bytes(&long).is_err());
    for s in shares.values() {
        let bytes = s.to_bytes();
        assert_eq!(&ReshareShare::<S>::from_bytes(&bytes).unwrap(), s);
        let text = format!("{s:?}");
        assert!(
            text.contains("redacted")
                && !text.contains(&hex::encode(&bytes[bytes.len() - S::SCALAR_LEN..]))
        );
        let mut long = bytes.clone();
        long.push(1);
        assert!(ReshareShare::<S>::from_bytes(&long).is_err());
    }
}

/// A 3-of-5 key reconstructed from shares 2, 4, 5 and exported natively.
fn reconstructed<S: tessera_keys::NativeKey>(
    seed: u64,
) -> (PublicKeyPackage<S>, zeroize::Zeroizing<Vec<u8>>) {
    let mut rng = rng(seed);
    let ids5: Vec<Identifier<S>> = (1..=5).map(|i| Identifier::new(i).unwrap()).collect();
    let out = dealer::keygen(3, &ids5, &mut rng).unwrap();
    let keys = [
        out.key_packages[1].clone(),
        out.key_packages[3].clone(),
        out.key_packages[4].clone(),
    ];
    let native = tessera_keys::reconstruct::reconstruct_native(&out.public, &keys).unwrap();
    (out.public, native)
}

#[test]
fn exported_secp256k1_key_signs_ecdsa() {
    use k256::ecdsa::signature::{Signer, Verifier};
    let (public, native) = reconstructed::<Secp256k1>(48);
    let signing = k256::ecdsa::SigningKey::from_slice(&native).unwrap();
    let signature: k256::ecdsa::Signature = signing.sign(b"exit transaction");
    let verifying = k256::ecdsa::VerifyingKey::from_affine(public.group_key().to_affine()).unwrap();
    verifying.verify(b"exit transaction", &signature).unwrap();
    assert!(verifying.verify(b"other transaction", &signature).is_err());
}

#[test]
fn exported_p256_key_signs_ecdsa() {
    use p256::ecdsa::signature::{Signer, Verifier};
    let (public, native) = reconstructed::<P256>(49);
    let signing = p256::ecdsa::SigningKey::from_slice(&native).unwrap();
    let signature: p256::ecdsa::Signature = signing.sign(b"exit transaction");
    let verifying = p256::ecdsa::VerifyingKey::from_affine(public.group_key().to_affine()).unwrap();
    verifying.verify(b"exit transaction", &signature).unwrap();
}

#[test]
fn exported_ed25519_key_signs_standard_ed25519() {
    use ed25519_dalek::hazmat::{ExpandedSecretKey, raw_sign};
    let (public, native) = reconstructed::<Ed25519>(50);
    assert_eq!(native.len(), 64);
    let scalar =
        curve25519_dalek::Scalar::from_canonical_bytes(native[..32].try_into().unwrap()).unwrap();
    let esk = ExpandedSecretKey {
        scalar,
        hash_prefix: native[32..].try_into().unwrap(),
    };
    let vk = ed25519_dalek::VerifyingKey::from_bytes(&group::GroupEncoding::to_bytes(
        &public.group_key(),
    ))
    .unwrap();
    let signature = raw_sign::<sha2::Sha512>(&esk, b"exit transaction", &vk);
    vk.verify_strict(b"exit transaction", &signature).unwrap();
}
