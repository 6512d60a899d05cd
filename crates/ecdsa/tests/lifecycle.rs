//! The wallet's key through its lifecycle, driven by `tessera_keys::local`:
//! ECDSA keeps signing under the same group key after refresh, a 2-of-3 ->
//! 3-of-4 reshare and back, repair and member replacement; the pairwise
//! setup never depends on the shares, so only pairs with a new member are
//! set up again. Any `t` sign, `t - 1` cannot.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use std::collections::BTreeMap;

use common::{Fixture, Verifiers, rng, sha256};
use proptest::prelude::*;
use tessera_core::Identifier;
use tessera_core::suites::{P256, Secp256k1};
use tessera_ecdsa::{Error, PairSetup, local, sign};
use tessera_frost::{KeyPackage, PublicKeyPackage};
use tessera_keys::repair::RepairConfig;
use tessera_keys::reshare::ReshareConfig;

/// Every pair setup, as bytes, by (member, peer).
fn snapshot<S: tessera_ecdsa::EcdsaSuite>(
    setups: &local::Setups<S>,
) -> BTreeMap<(Identifier<S>, Identifier<S>), Vec<u8>> {
    use tessera_core::Wire;
    setups
        .iter()
        .flat_map(|(me, s)| {
            s.pairs()
                .map(move |p: &PairSetup<S>| ((*me, p.peer()), p.to_bytes()))
        })
        .collect()
}

fn check_lifecycle<S: Verifiers>() {
    let mut rng = rng(10);
    let mut f = Fixture::<S>::dkg(2, 3, &mut rng);
    let group_key = f.public.group_key();
    f.sign_and_check(&f.ids[..2], &sha256(b"before"), &mut rng);

    // Refresh: new shares, same members, same setups.
    let before = snapshot(&f.setups);
    let config = ReshareConfig::refresh(f.public.clone(), &f.ids).unwrap();
    let (keys, public) = tessera_keys::local::run_reshare(&config, &f.keys, &mut rng).unwrap();
    assert_ne!(public.epoch(), f.public.epoch());
    (f.keys, f.public) = (keys, public);
    let run = local::setup_members(&mut f.setups, &f.ids, &mut rng).unwrap();
    assert!(run.is_empty(), "refresh needs no new pair setup");
    assert_eq!(snapshot(&f.setups), before);
    f.sign_and_check(&[f.ids[0], f.ids[2]], &sha256(b"after refresh"), &mut rng);

    // 2-of-3 -> 3-of-4: member 4 (a hardware factor) joins.
    let four = Identifier::<S>::new(4).unwrap();
    let members: Vec<_> = f.ids.iter().copied().chain([four]).collect();
    let config = ReshareConfig::new(f.public.clone(), &f.ids[..2], &members, 3).unwrap();
    let (keys, public) = tessera_keys::local::run_reshare(&config, &f.keys, &mut rng).unwrap();
    (f.keys, f.public) = (keys, public);
    let run = local::setup_members(&mut f.setups, &members, &mut rng).unwrap();
    let expected: Vec<_> = f.ids.iter().map(|id| (*id, four)).collect();
    assert_eq!(
        run, expected,
        "only the pairs with the new member are set up"
    );
    let after = snapshot(&f.setups);
    for (pair, bytes) in &before {
        assert_eq!(after.get(pair), Some(bytes), "old pairs are untouched");
    }
    f.ids = members;
    assert_eq!(f.public.group_key(), group_key);
    f.sign_and_check(&[f.ids[0], f.ids[1], four], &sha256(b"3-of-4"), &mut rng);
    f.sign_and_check(&f.ids[1..], &sha256(b"3-of-4 other"), &mut rng);
    // Two of four cannot.
    assert!(matches!(
        sign::SigningSession::new(f.public.clone(), &f.ids[..2], [0; 32]),
        Err(Error::Core(tessera_core::Error::TooFewParticipants { .. }))
    ));

    // Repair: member 2 loses its share and gets it back from 1, 3 and 4.
    let two = f.ids[1];
    let config = RepairConfig::new(f.public.clone(), &[f.ids[0], f.ids[2], four], two).unwrap();
    let (key, public) = tessera_keys::local::run_repair(&config, &f.keys, &mut rng).unwrap();
    assert_eq!(public.epoch(), f.public.epoch());
    f.keys.insert(two, key);
    f.sign_and_check(&[two, f.ids[2], four], &sha256(b"after repair"), &mut rng);

    // 3-of-4 -> 2-of-3 without the hardware factor.
    let three: Vec<_> = f.ids[..3].to_vec();
    let config = ReshareConfig::new(f.public.clone(), &f.ids[1..], &three, 2).unwrap();
    let (keys, public) = tessera_keys::local::run_reshare(&config, &f.keys, &mut rng).unwrap();
    (f.keys, f.public) = (keys, public);
    for s in f.setups.values_mut() {
        s.remove(&four);
    }
    f.setups.remove(&four);
    assert!(
        local::setup_members(&mut f.setups, &three, &mut rng)
            .unwrap()
            .is_empty()
    );
    f.ids = three;
    f.sign_and_check(&[f.ids[0], f.ids[2]], &sha256(b"back to 2-of-3"), &mut rng);

    // Member replacement: the device (1) is lost and replaced by 5.
    let five = Identifier::<S>::new(5).unwrap();
    let members = vec![f.ids[1], f.ids[2], five];
    let config = ReshareConfig::new(f.public.clone(), &f.ids[1..], &members, 2).unwrap();
    let (keys, public) = tessera_keys::local::run_reshare(&config, &f.keys, &mut rng).unwrap();
    let old_keys = std::mem::replace(&mut f.keys, keys);
    f.public = public;
    let run = local::setup_members(&mut f.setups, &members, &mut rng).unwrap();
    assert_eq!(run, vec![(f.ids[1], five), (f.ids[2], five)]);
    f.sign_and_check(&[five, f.ids[2]], &sha256(b"new device"), &mut rng);
    assert_eq!(f.public.group_key(), group_key);

    // The lost device's old share is of another epoch: refused.
    let mut mixed = f.keys.clone();
    mixed.insert(f.ids[0], old_keys[&f.ids[0]].clone());
    let session = sign::SigningSession::new(f.public.clone(), &[f.ids[1], f.ids[2]], [1; 32]);
    let session = session.unwrap();
    let err = sign::round1(
        &session,
        &old_keys[&f.ids[1]],
        &f.setups[&f.ids[1]],
        &mut rng,
    );
    assert!(matches!(err, Err(Error::EpochMismatch)));
}

#[test]
fn lifecycle_secp256k1() {
    check_lifecycle::<Secp256k1>();
}

#[test]
fn lifecycle_p256() {
    check_lifecycle::<P256>();
}

/// `t - 1` shares cannot sign even when every check on the signer count
/// is bypassed: with a public key package that claims threshold `t - 1`
/// (and key packages made to match it), the shares interpolate to another
/// key and the signers' key shares do not add up to the group key.
fn check_t_minus_one_cannot_sign<S: Verifiers>(t: u16, n: u16) {
    let mut rng = rng(11);
    let f = Fixture::<S>::dkg(t, n, &mut rng);
    let forged = PublicKeyPackage::new(
        f.public.verifying_shares().clone(),
        f.public.group_key(),
        t - 1,
    );
    let Ok(forged) = forged else {
        // t - 1 < 2: tessera_frost refuses a 1-of-n package outright.
        return;
    };
    let keys: BTreeMap<_, _> = f
        .keys
        .iter()
        .map(|(id, k)| {
            (
                *id,
                KeyPackage::new(*id, k.signing_share().clone(), &forged).unwrap(),
            )
        })
        .collect();
    let signers = &f.ids[..usize::from(t - 1)];
    let session = sign::SigningSession::new(forged, signers, [3; 32]).unwrap();
    let err = local::sign(&session, &keys, &f.setups, &sha256(b"x"), &mut rng).unwrap_err();
    assert!(matches!(err, Error::KeyShareSum { .. }), "{err}");
}

#[test]
fn t_minus_one_cannot_sign() {
    check_t_minus_one_cannot_sign::<Secp256k1>(3, 4);
    check_t_minus_one_cannot_sign::<P256>(3, 5);
    check_t_minus_one_cannot_sign::<Secp256k1>(2, 3);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(6))]

    /// Any set of at least `t` of `n` members signs, on either suite.
    #[test]
    fn any_t_of_n_sign(t in 2u16..=4, extra in 0u16..=2, seed in any::<u64>(), p256 in any::<bool>()) {
        let n = t + extra;
        fn run<S: Verifiers>(t: u16, n: u16, seed: u64) {
            let mut rng = rng(seed);
            let f = Fixture::<S>::dkg(t, n, &mut rng);
            let mut ids = f.ids.clone();
            // A random subset of size t..=n.
            let k = usize::from(t) + usize::try_from(seed % u64::from(n - t + 1)).unwrap();
            for i in (1..ids.len()).rev() {
                let j = usize::try_from((seed >> 8).wrapping_mul(i as u64 + 7) % (i as u64 + 1)).unwrap();
                ids.swap(i, j);
            }
            ids.truncate(k);
            f.sign_and_check(&ids, &sha256(&seed.to_be_bytes()), &mut rng);
        }
        if p256 { run::<P256>(t, n, seed) } else { run::<Secp256k1>(t, n, seed) }
    }
}
