//! Tampering with any field of any message of any round is refused, with
//! the right culprit, and nothing is signed. Messages are tampered with on
//! the wire: decoded bytes with one field replaced by another valid value
//! (a random scalar, a random point, flipped bytes).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::type_complexity
)]

mod common;

use std::collections::BTreeMap;
use std::ops::Range;

use common::{Fixture, rng, sha256};
use ff::Field;
use group::GroupEncoding;
use rand_chacha::ChaCha20Rng;
use tessera_core::suites::{P256, Secp256k1};
use tessera_core::{Identifier, Scalar, Wire};
use tessera_ecdsa::local::inbox;
use tessera_ecdsa::sign::{self, Round1Message, Round2Message, SignatureShare};
use tessera_ecdsa::{EcdsaSuite, Error};

/// How a field is replaced.
#[derive(Clone, Copy, Debug)]
enum Change {
    Flip,
    Scalar,
    Point,
}

/// Which message is tampered with: round 1 or 2 from signer 0 to signer 1,
/// or signer 0's signature share.
#[derive(Clone, Copy, Debug)]
enum Stage {
    Round1,
    Round2,
    Share,
}

fn replace<S: EcdsaSuite>(
    bytes: &mut [u8],
    range: Range<usize>,
    change: Change,
    rng: &mut ChaCha20Rng,
) {
    match change {
        Change::Flip => bytes[range.start] ^= 0x01,
        Change::Scalar => {
            let s = Scalar::<S>::random(&mut *rng);
            bytes[range].copy_from_slice(&S::scalar_bytes(&s));
        }
        Change::Point => {
            let p = S::mul_base(&Scalar::<S>::random(&mut *rng));
            bytes[range].copy_from_slice(p.to_bytes().as_ref());
        }
    }
}

/// Signs with signers 0, 1, 2 of a 3-of-4 key, tampering with one field of
/// one message on the way; returns the first error any signer (or the
/// combiner) reports.
fn run<S: EcdsaSuite>(
    f: &Fixture<S>,
    stage: Stage,
    range: Range<usize>,
    change: Change,
    rng: &mut ChaCha20Rng,
) -> Result<(), Error<S>> {
    let signers = [f.ids[0], f.ids[1], f.ids[2]];
    let (a, b) = (signers[0], signers[1]);
    let session = f.session(&signers, rng);
    let prehash = sha256(b"tamper");
    let mut states = BTreeMap::new();
    let mut sent = BTreeMap::new();
    for id in &signers {
        let (s, out) = sign::round1(&session, &f.keys[id], &f.setups[id], rng)?;
        states.insert(*id, s);
        sent.insert(*id, out);
    }
    if let Stage::Round1 = stage {
        let msg: &mut Round1Message<S> = sent.get_mut(&a).unwrap().get_mut(&b).unwrap();
        let mut bytes = msg.to_bytes();
        replace::<S>(&mut bytes, range.clone(), change, rng);
        *msg = Round1Message::from_bytes(&bytes).expect("the tampered message decodes");
    }
    let mut states2 = BTreeMap::new();
    let mut sent2 = BTreeMap::new();
    for (id, s) in states {
        let (s, out) = sign::round2(
            s,
            &session,
            &f.keys[&id],
            &f.setups[&id],
            &inbox(&sent, &id),
            rng,
        )?;
        states2.insert(id, s);
        sent2.insert(id, out);
    }
    if let Stage::Round2 = stage {
        let msg: &mut Round2Message<S> = sent2.get_mut(&a).unwrap().get_mut(&b).unwrap();
        let mut bytes = msg.to_bytes();
        replace::<S>(&mut bytes, range.clone(), change, rng);
        *msg = Round2Message::from_bytes(&bytes).expect("the tampered message decodes");
    }
    let mut shares = BTreeMap::new();
    for (id, s) in states2 {
        let p = sign::presign(s, &session, &f.setups[&id], &inbox(&sent2, &id))?;
        shares.insert(id, p.sign(&prehash));
    }
    if let Stage::Share = stage {
        let share: &mut SignatureShare<S> = shares.get_mut(&a).unwrap();
        let mut bytes = share.to_bytes();
        replace::<S>(&mut bytes, range, change, rng);
        *share = SignatureShare::from_bytes(&bytes).expect("the tampered share decodes");
    }
    sign::combine(&session, &prehash, &shares).map(|_| ())
}

fn check_tampering<S: EcdsaSuite>() {
    let mut rng = rng(20);
    let f = Fixture::<S>::dkg(3, 4, &mut rng);
    let a = f.ids[0];
    let all = vec![f.ids[0], f.ids[1], f.ids[2]];
    // Honest run: signs.
    {
        let session = f.session(&all, &mut rng);
        let keys: BTreeMap<Identifier<S>, _> =
            all.iter().map(|id| (*id, f.keys[id].clone())).collect();
        tessera_ecdsa::local::sign(&session, &keys, &f.setups, &sha256(b"ok"), &mut rng).unwrap();
    }
    type Check<S> = fn(&Error<S>) -> bool;
    // (stage, field, byte range after the 3-byte header offset, change, expected)
    let h = 3;
    let cases: Vec<(Stage, &str, Range<usize>, Change, Check<S>)> = vec![
        // Round 1.
        (Stage::Round1, "to", h + 32..h + 64, Change::Scalar, |e| {
            matches!(e, Error::Misrouted { .. })
        }),
        (
            Stage::Round1,
            "session",
            h + 64..h + 96,
            Change::Flip,
            |e| matches!(e, Error::Misrouted { .. }),
        ),
        (Stage::Round1, "pair", h + 96..h + 128, Change::Flip, |e| {
            matches!(e, Error::SetupMismatch { .. })
        }),
        (
            Stage::Round1,
            "commitment",
            h + 128..h + 160,
            Change::Flip,
            |e| matches!(e, Error::CommitmentMismatch { .. }),
        ),
        (
            Stage::Round1,
            "ote nonce",
            h + 160..h + 192,
            Change::Flip,
            |e| matches!(e, Error::OtExtensionCheck { .. }),
        ),
        (
            Stage::Round1,
            "ote u",
            h + 192 + 5000..h + 192 + 5001,
            Change::Flip,
            |e| matches!(e, Error::OtExtensionCheck { .. }),
        ),
        (
            Stage::Round1,
            "ote x check",
            h + 192 + 10752..h + 192 + 10753,
            Change::Flip,
            |e| matches!(e, Error::OtExtensionCheck { .. }),
        ),
        (
            Stage::Round1,
            "ote t check",
            h + 192 + 10784 + 100..h + 192 + 10784 + 101,
            Change::Flip,
            |e| matches!(e, Error::OtExtensionCheck { .. }),
        ),
        // Round 2.
        (Stage::Round2, "to", h + 32..h + 64, Change::Scalar, |e| {
            matches!(e, Error::Misrouted { .. })
        }),
        (
            Stage::Round2,
            "session",
            h + 64..h + 96,
            Change::Flip,
            |e| matches!(e, Error::Misrouted { .. }),
        ),
        (
            Stage::Round2,
            "nonce point",
            h + 96..h + 129,
            Change::Point,
            |e| matches!(e, Error::CommitmentMismatch { .. }),
        ),
        (
            Stage::Round2,
            "psi",
            h + 129..h + 161,
            Change::Scalar,
            |e| matches!(e, Error::CommitmentMismatch { .. }),
        ),
        (
            Stage::Round2,
            "opening",
            h + 161..h + 193,
            Change::Flip,
            |e| matches!(e, Error::CommitmentMismatch { .. }),
        ),
        (
            Stage::Round2,
            "key share",
            h + 193..h + 226,
            Change::Point,
            |e| matches!(e, Error::InconsistentKeyShare { .. }),
        ),
        (
            Stage::Round2,
            "gamma u",
            h + 226..h + 259,
            Change::Point,
            |e| matches!(e, Error::InconsistentNonce { .. }),
        ),
        (
            Stage::Round2,
            "gamma v",
            h + 259..h + 292,
            Change::Point,
            |e| matches!(e, Error::InconsistentKeyShare { .. }),
        ),
        (
            Stage::Round2,
            "mult salt",
            h + 292..h + 324,
            Change::Flip,
            |e| matches!(e, Error::MultiplicationCheck { .. }),
        ),
        (
            Stage::Round2,
            "mult a~ (first)",
            h + 324..h + 356,
            Change::Scalar,
            |e| matches!(e, Error::MultiplicationCheck { .. }),
        ),
        (
            Stage::Round2,
            "mult a~ (last)",
            h + 324 + 39904..h + 324 + 39936,
            Change::Scalar,
            |e| matches!(e, Error::MultiplicationCheck { .. }),
        ),
        (
            Stage::Round2,
            "mult eta",
            h + 40260..h + 40292,
            Change::Scalar,
            |e| matches!(e, Error::MultiplicationCheck { .. }),
        ),
        (
            Stage::Round2,
            "mult mu",
            h + 40292..h + 40324,
            Change::Flip,
            |e| matches!(e, Error::MultiplicationCheck { .. }),
        ),
        // Round 3.
        (Stage::Share, "session", h + 32..h + 64, Change::Flip, |e| {
            matches!(e, Error::Misrouted { .. })
        }),
        (Stage::Share, "u", h + 64..h + 96, Change::Scalar, |e| {
            matches!(e, Error::InvalidSignature { .. })
        }),
        (Stage::Share, "w", h + 96..h + 128, Change::Scalar, |e| {
            matches!(e, Error::InvalidSignature { .. })
        }),
        (
            Stage::Share,
            "nonce point seen",
            h + 132 + 32..h + 132 + 65,
            Change::Point,
            |e| matches!(e, Error::Equivocation { .. }),
        ),
    ];
    for (stage, field, range, change, expected) in cases {
        let err = run(&f, stage, range, change, &mut rng).expect_err(field);
        assert!(expected(&err), "{stage:?} {field}: got {err}");
        let culprits = err.culprits();
        assert!(
            culprits.contains(&a),
            "{stage:?} {field}: {err} must name the sender"
        );
        match err {
            Error::InvalidSignature { .. } => assert_eq!(culprits, all, "{field}"),
            Error::Equivocation { .. } => assert!(culprits.len() <= 3, "{field}"),
            _ => assert_eq!(culprits, vec![a], "{stage:?} {field}: only the sender"),
        }
    }
}

#[test]
fn tampering_is_refused_with_its_culprit_secp256k1() {
    check_tampering::<Secp256k1>();
}

#[test]
fn tampering_is_refused_with_its_culprit_p256() {
    check_tampering::<P256>();
}

/// Messages of one pair replayed to another, or of another session, are
/// refused before any OT work.
#[test]
fn misrouted_messages_are_refused() {
    type S = Secp256k1;
    let mut rng = rng(21);
    let f = Fixture::<S>::dkg(2, 3, &mut rng);
    let signers = [f.ids[0], f.ids[1]];
    let session = f.session(&signers, &mut rng);
    let other = f.session(&signers, &mut rng);
    let (s0, _) =
        sign::round1(&session, &f.keys[&f.ids[0]], &f.setups[&f.ids[0]], &mut rng).unwrap();
    let (_, out1) =
        sign::round1(&other, &f.keys[&f.ids[1]], &f.setups[&f.ids[1]], &mut rng).unwrap();
    let err = sign::round2(
        s0,
        &session,
        &f.keys[&f.ids[0]],
        &f.setups[&f.ids[0]],
        &inbox(&BTreeMap::from([(f.ids[1], out1)]), &f.ids[0]),
        &mut rng,
    )
    .unwrap_err();
    assert_eq!(err, Error::Misrouted { culprit: f.ids[1] });
    // A signer whose message is missing is named.
    let (s0, _) =
        sign::round1(&session, &f.keys[&f.ids[0]], &f.setups[&f.ids[0]], &mut rng).unwrap();
    let err = sign::round2(
        s0,
        &session,
        &f.keys[&f.ids[0]],
        &f.setups[&f.ids[0]],
        &BTreeMap::new(),
        &mut rng,
    )
    .unwrap_err();
    assert_eq!(err, Error::MissingMessage { culprit: f.ids[1] });
    // A message filed under the receiver's own identifier is the caller's
    // mistake: the receiver is not blamed.
    let (s0, _) =
        sign::round1(&session, &f.keys[&f.ids[0]], &f.setups[&f.ids[0]], &mut rng).unwrap();
    let (_, out1) =
        sign::round1(&session, &f.keys[&f.ids[1]], &f.setups[&f.ids[1]], &mut rng).unwrap();
    let misfiled = BTreeMap::from([(f.ids[0], out1[&f.ids[0]].clone())]);
    let err = sign::round2(
        s0,
        &session,
        &f.keys[&f.ids[0]],
        &f.setups[&f.ids[0]],
        &misfiled,
        &mut rng,
    )
    .unwrap_err();
    assert_eq!(err, Error::OwnMessage { me: f.ids[0] });
    assert!(err.culprits().is_empty());
}
