//! DKG: agreement, signing, blame, equivocation, encodings, message sizes;
//! written once over the suite and instantiated for all four.
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
use proptest::prelude::*;
use tessera_core::encoding::Wire;
use tessera_core::identifier::identifiers;
use tessera_core::suites::{Ed25519, P256, Ristretto255, Secp256k1};
use tessera_core::{Identifier, Point, Scalar, Suite, VssCommitment};
use tessera_keys::Error;
use tessera_keys::dkg::{self, Round1Package, Round2Package, message_sizes};

tessera_core::test_all_suites!(
    check_agreement_and_signing,
    check_blame_bad_proof,
    check_blame_bad_shares,
    check_cancelling_shares_change_nothing,
    check_blame_bad_commitment,
    check_participant_errors,
    check_equivocation_changes_digest,
    check_encodings_and_sizes,
);

fn check_agreement_and_signing<S: Suite>() {
    let config = ProptestConfig {
        cases: 6,
        failure_persistence: None,
        ..ProptestConfig::default()
    };
    proptest!(config, |(t in 2u16..=7, extra in 0u16..=3, seed in any::<u64>())| {
        let n = t + extra;
        let mut rng = rng(seed);
        let ids = identifiers::<S>(n);
        let (keys, public) = tessera_keys::local::run_dkg::<S, _>(t, &ids, &mut rng).unwrap();
        prop_assert_eq!(keys.len(), usize::from(n));
        for key in keys.values() {
            prop_assert_eq!(key.group_key(), public.group_key());
            prop_assert_eq!(key.epoch(), public.epoch());
            prop_assert_eq!(public.verifying_share(&key.id()).unwrap(), key.verifying_share());
        }
        prop_assert!(!bool::from(public.group_key().is_identity()));
        let keys: Vec<_> = keys.values().collect();
        sign_with_some(&keys, &public, usize::from(t), seed);
    });
}

/// Participant 3's proof of knowledge is wrong: everyone names 3.
fn check_blame_bad_proof<S: Suite>() {
    let mut rng = rng(21);
    let ids = identifiers::<S>(4);
    let (secrets1, mut round1) = part1_all::<S>(3, &ids, &mut rng);
    let cheat = ids[2];
    let bytes = round1[&cheat].to_bytes();
    let mut bad = bytes.clone();
    // Replace mu by mu + 1: the last scalar of the encoding.
    let mu_at = bad.len() - S::SCALAR_LEN;
    let mu = tessera_core::encoding::decode_scalar::<S>(&bad[mu_at..]).unwrap() + Scalar::<S>::ONE;
    bad[mu_at..].copy_from_slice(ff::PrimeField::to_repr(&mu).as_ref());
    round1.insert(cheat, Round1Package::from_bytes(&bad).unwrap());
    let mut tr = round2_all(&ids, secrets1, round1);
    for id in ids.iter().filter(|id| **id != cheat) {
        let received = inbox(&tr, id);
        let err = dkg::finish(tr.secrets2.remove(id).unwrap(), &received, &mut rng).unwrap_err();
        assert_eq!(
            err,
            Error::Misbehaviour {
                invalid_commitments: vec![cheat],
                invalid_shares: vec![]
            }
        );
        assert_eq!(err.culprits(), vec![cheat]);
    }
}

/// Participants 1 and 4 send a wrong share to participant 2: 2 names both;
/// the others finish.
fn check_blame_bad_shares<S: Suite>() {
    let mut rng = rng(22);
    let ids = identifiers::<S>(5);
    let mut tr = rounds::<S>(3, &ids, &mut rng);
    let victim = ids[1];
    for cheat in [ids[0], ids[3]] {
        let good = tr.sent[&cheat][&victim].to_bytes();
        let mut bad = good.clone();
        let at = bad.len() - S::SCALAR_LEN;
        let s = tessera_core::encoding::decode_scalar::<S>(&bad[at..]).unwrap() + Scalar::<S>::ONE;
        bad[at..].copy_from_slice(ff::PrimeField::to_repr(&s).as_ref());
        tr.sent
            .get_mut(&cheat)
            .unwrap()
            .insert(victim, Round2Package::from_bytes(&bad).unwrap());
    }
    let received = inbox(&tr, &victim);
    let err = dkg::finish(tr.secrets2.remove(&victim).unwrap(), &received, &mut rng).unwrap_err();
    assert_eq!(
        err,
        Error::Misbehaviour {
            invalid_commitments: vec![],
            invalid_shares: vec![ids[0], ids[3]]
        }
    );
    for id in [ids[2], ids[4]] {
        let received = inbox(&tr, &id);
        dkg::finish(tr.secrets2.remove(&id).unwrap(), &received, &mut rng).unwrap();
    }
}

/// Participants 1 and 4 send participant 2 shares off by `+1` and `-1`:
/// finish checks the shares through their sum, which is right, so 2
/// finishes with the signing share the group commitment gives it (the
/// same key package as with honest shares), and the key signs.
fn check_cancelling_shares_change_nothing<S: Suite>() {
    let mut rng = rng(27);
    let ids = identifiers::<S>(5);
    let mut tr = rounds::<S>(3, &ids, &mut rng);
    let victim = ids[1];
    let honest = inbox(&tr, &victim);
    for (cheat, delta) in [(ids[0], Scalar::<S>::ONE), (ids[3], -Scalar::<S>::ONE)] {
        let mut bad = tr.sent[&cheat][&victim].to_bytes();
        let at = bad.len() - S::SCALAR_LEN;
        let s = tessera_core::encoding::decode_scalar::<S>(&bad[at..]).unwrap() + delta;
        bad[at..].copy_from_slice(ff::PrimeField::to_repr(&s).as_ref());
        tr.sent
            .get_mut(&cheat)
            .unwrap()
            .insert(victim, Round2Package::from_bytes(&bad).unwrap());
    }
    let received = inbox(&tr, &victim);
    assert_ne!(received, honest);
    let secret = tr.secrets2.remove(&victim).unwrap();
    let out = dkg::finish(secret, &received, &mut rng).unwrap();
    let others: Vec<_> = [ids[2], ids[4]]
        .iter()
        .map(|id| {
            let received = inbox(&tr, id);
            dkg::finish(tr.secrets2.remove(id).unwrap(), &received, &mut rng).unwrap()
        })
        .collect();
    assert_eq!(out.public, others[0].public);
    assert_eq!(
        out.public.verifying_share(&victim).unwrap(),
        out.key_package.verifying_share()
    );
    let keys = [
        &out.key_package,
        &others[0].key_package,
        &others[1].key_package,
    ];
    sign_with_some(&keys, &out.public, 3, 27);
}

/// A dealer whose broadcast commitment does not match its polynomial: the
/// shares it sends fail against it (and a changed constant term also breaks
/// the proof).
fn check_blame_bad_commitment<S: Suite>() {
    for coefficient in [0usize, 1] {
        let mut rng = rng(23 + coefficient as u64);
        let ids = identifiers::<S>(3);
        let (secrets1, mut round1) = part1_all::<S>(2, &ids, &mut rng);
        let cheat = ids[0];
        let package = &round1[&cheat];
        let mut points = package.commitment().points().to_vec();
        points[coefficient] += Point::<S>::generator();
        let forged = tamper_commitment(package, VssCommitment::new(points).unwrap());
        round1.insert(cheat, forged);
        let mut tr = round2_all(&ids, secrets1, round1);
        let victim = ids[1];
        let received = inbox(&tr, &victim);
        let err =
            dkg::finish(tr.secrets2.remove(&victim).unwrap(), &received, &mut rng).unwrap_err();
        let proofs = if coefficient == 0 {
            vec![cheat]
        } else {
            vec![]
        };
        assert_eq!(
            err,
            Error::Misbehaviour {
                invalid_commitments: proofs,
                invalid_shares: vec![cheat]
            }
        );
    }
}

/// Re-encodes `package` with another commitment (keeping its proof).
fn tamper_commitment<S: Suite>(
    package: &Round1Package<S>,
    commitment: VssCommitment<S>,
) -> Round1Package<S> {
    let old = package.to_bytes();
    let proof = &old[old.len() - S::POINT_LEN - S::SCALAR_LEN..];
    let mut bytes = old[..3].to_vec();
    bytes.extend_from_slice(&commitment.to_bytes()[3..]);
    bytes.extend_from_slice(proof);
    Round1Package::from_bytes(&bytes).unwrap()
}

fn check_participant_errors<S: Suite>() {
    let mut rng = rng(24);
    let ids = identifiers::<S>(3);
    let stranger = Identifier::<S>::new(77).unwrap();
    // Bad parameters in round 1.
    assert!(dkg::part1(stranger, 2, &ids, &mut rng).is_err());
    assert!(dkg::part1(ids[0], 1, &ids, &mut rng).is_err());
    assert!(dkg::part1(ids[0], 4, &ids, &mut rng).is_err());
    assert!(matches!(
        dkg::part1(ids[0], 2, &[ids[0], ids[1], ids[0]], &mut rng),
        Err(Error::Core(
            tessera_core::Error::DuplicateParticipant { .. }
        ))
    ));
    // Round 2: a missing, an unknown, and a wrong-length package.
    let (mut secrets1, round1) = part1_all::<S>(2, &ids, &mut rng);
    let me = ids[0];
    let mut missing = others(&round1, &me);
    missing.remove(&ids[2]);
    let s = secrets1.remove(&me).unwrap();
    assert_eq!(
        dkg::part2(s, &missing).unwrap_err(),
        Error::MissingParticipant { culprit: ids[2] }
    );
    let (s, _) = dkg::part1(me, 2, &ids, &mut rng).unwrap();
    let mut unknown = others(&round1, &me);
    unknown.insert(stranger, round1[&ids[1]].clone());
    assert_eq!(
        dkg::part2(s, &unknown).unwrap_err(),
        Error::Core(tessera_core::Error::UnknownParticipant { culprit: stranger })
    );
    let (s, _) = dkg::part1(me, 2, &ids, &mut rng).unwrap();
    let (_, long) = dkg::part1(ids[1], 3, &ids, &mut rng).unwrap();
    let mut wrong = others(&round1, &me);
    wrong.insert(ids[1], long);
    assert_eq!(
        dkg::part2(s, &wrong).unwrap_err(),
        Error::Core(tessera_core::Error::WrongCommitmentLength {
            culprit: ids[1],
            found: 3,
            expected: 2
        })
    );
    // Finish: a share addressed to someone else.
    let mut tr = rounds::<S>(2, &ids, &mut rng);
    let mut received = inbox(&tr, &me);
    received.insert(ids[1], tr.sent[&ids[1]][&ids[2]].clone());
    assert_eq!(
        dkg::finish(tr.secrets2.remove(&me).unwrap(), &received, &mut rng).unwrap_err(),
        Error::WrongRecipient { culprit: ids[1] }
    );
}

/// A dealer that broadcasts two different packages (to two parts of the
/// committee), each with matching shares: both parts finish, but their
/// transcript digests (and group keys) differ.
fn check_equivocation_changes_digest<S: Suite>() {
    let mut rng = rng(25);
    let ids = identifiers::<S>(4);
    let (cheat, a, b) = (ids[3], ids[0], ids[1]);
    let (mut secrets1, honest_view) = part1_all::<S>(2, &ids, &mut rng);
    let (alt_secret, alt_package) = dkg::part1(cheat, 2, &ids, &mut rng).unwrap();
    let mut alt_view = honest_view.clone();
    alt_view.insert(cheat, alt_package);

    // The cheat runs round 2 once per view; b saw the alternative one.
    let (_, honest_out) = dkg::part2(
        secrets1.remove(&cheat).unwrap(),
        &others(&honest_view, &cheat),
    )
    .unwrap();
    let (_, alt_out) = dkg::part2(alt_secret, &others(&alt_view, &cheat)).unwrap();
    let mut secrets2 = BTreeMap::new();
    let mut sent = BTreeMap::new();
    for (id, s) in secrets1 {
        let view = if id == b { &alt_view } else { &honest_view };
        let (s2, out) = dkg::part2(s, &others(view, &id)).unwrap();
        secrets2.insert(id, s2);
        sent.insert(id, out);
    }
    let mut outputs = BTreeMap::new();
    for (me, from_cheat) in [(a, &honest_out), (b, &alt_out)] {
        let mut received: BTreeMap<_, _> = sent
            .iter()
            .filter(|(from, _)| **from != me)
            .map(|(from, out)| (*from, out[&me].clone()))
            .collect();
        received.insert(cheat, from_cheat[&me].clone());
        outputs.insert(
            me,
            dkg::finish(secrets2.remove(&me).unwrap(), &received, &mut rng).unwrap(),
        );
    }
    assert_ne!(outputs[&a].transcript, outputs[&b].transcript);
    assert_ne!(
        outputs[&a].public.group_key(),
        outputs[&b].public.group_key()
    );
}

fn check_encodings_and_sizes<S: Suite>() {
    let mut rng = rng(26);
    let ids = identifiers::<S>(4);
    let tr = rounds::<S>(3, &ids, &mut rng);
    let sizes = message_sizes::<S>(3, 4).unwrap();
    for (id, p) in &tr.round1 {
        let bytes = p.to_bytes();
        assert_eq!(bytes.len(), sizes.round1_package);
        assert_eq!(&Round1Package::<S>::from_bytes(&bytes).unwrap(), p);
        let mut long = bytes.clone();
        long.push(0);
        assert!(Round1Package::<S>::from_bytes(&long).is_err());
        for (to, q) in &tr.sent[id] {
            let bytes = q.to_bytes();
            assert_eq!(bytes.len(), sizes.round2_package);
            let back = Round2Package::<S>::from_bytes(&bytes).unwrap();
            assert_eq!((back.sender(), back.recipient()), (*id, *to));
            assert!(
                !format!("{q:?}").contains(&hex::encode(&bytes[bytes.len() - S::SCALAR_LEN..]))
            );
        }
    }
    assert_eq!(
        sizes.total_sent,
        3 * (sizes.round1_package + sizes.round2_package)
    );
}

/// The README's message-size table, row by row.
#[test]
fn readme_message_sizes() {
    let rows = [
        (2, 3, 135, 138, 468, 474),
        (3, 4, 167, 171, 798, 810),
        (67, 100, 2215, 2283, 229_086, 235_818),
    ];
    for (t, n, r1_ed, r1_k, total_ed, total_k) in rows {
        for (sizes, r1, total) in [
            (message_sizes::<Ed25519>(t, n).unwrap(), r1_ed, total_ed),
            (
                message_sizes::<Ristretto255>(t, n).unwrap(),
                r1_ed,
                total_ed,
            ),
            (message_sizes::<Secp256k1>(t, n).unwrap(), r1_k, total_k),
            (message_sizes::<P256>(t, n).unwrap(), r1_k, total_k),
        ] {
            assert_eq!(
                (sizes.round1_package, sizes.round2_package, sizes.total_sent),
                (r1, 99, total)
            );
        }
    }
}
