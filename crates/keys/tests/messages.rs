//! The error messages of signing and key management: each says what went
//! wrong and names the participant to blame, or says nobody is.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use std::collections::BTreeMap;

use tessera_core::identifier::identifiers;
use tessera_core::suites::Secp256k1;
use tessera_frost::{SignatureShare, SigningPackage, aggregate, round1, round2};
use tessera_keys::repair::RepairConfig;
use tessera_keys::{Error, dkg};

use common::{part1_all, rng};

type S = Secp256k1;

#[test]
fn own_round1_package_is_its_own_error() {
    let mut rng = rng(90);
    let ids = identifiers::<S>(3);
    let (mut secrets, round1) = part1_all::<S>(2, &ids, &mut rng);
    let err = dkg::part2(secrets.remove(&ids[0]).unwrap(), &round1).unwrap_err();
    assert_eq!(err, Error::OwnMessage { me: ids[0] });
    assert_eq!(
        err.to_string(),
        "the messages received include participant 1's own, but this step takes only the other participants' messages: leave out the one from 1"
    );
    assert!(err.culprits().is_empty(), "a usage error blames nobody");
}

#[test]
fn own_round2_package_is_its_own_error() {
    let mut rng = rng(91);
    let ids = identifiers::<S>(3);
    let t = common::rounds::<S>(2, &ids, &mut rng);
    let me = ids[1];
    let mut inbox = common::inbox(&t, &me);
    let mine = t.sent[&ids[0]][&me].clone();
    inbox.insert(me, mine);
    let mut secrets = t.secrets2;
    let err = dkg::finish(secrets.remove(&me).unwrap(), &inbox, &mut rng).unwrap_err();
    assert_eq!(err, Error::OwnMessage { me });
}

#[test]
fn repair_target_among_helpers_is_its_own_error() {
    let mut rng = rng(92);
    let ids = identifiers::<S>(3);
    let (_, public) = tessera_keys::local::run_dkg(2, &ids, &mut rng).unwrap();
    let err = RepairConfig::new(public, &ids[..2], ids[1]).unwrap_err();
    assert_eq!(err, Error::TargetIsHelper { target: ids[1] });
    assert_eq!(
        err.to_string(),
        "participant 2 is both the target of the repair and one of its helpers; the helpers must be other participants"
    );
}

#[test]
fn misbehaviour_names_who_sent_what() {
    let ids = identifiers::<S>(3);
    let both = Error::Misbehaviour {
        invalid_commitments: vec![ids[0]],
        invalid_shares: vec![ids[1], ids[2]],
    };
    assert_eq!(
        both.to_string(),
        "participant 1 sent a commitment or proof that fails its check; participants 2, 3 sent shares that do not match the senders' commitments"
    );
    assert_eq!(both.culprits(), ids);
    let shares = Error::Misbehaviour {
        invalid_commitments: Vec::new(),
        invalid_shares: vec![ids[2]],
    };
    assert_eq!(
        shares.to_string(),
        "participant 3 sent a share that does not match the sender's commitment"
    );
    assert_eq!(
        Error::<S>::MissingParticipant { culprit: ids[1] }.to_string(),
        "participant 2 sent no message, but this step needs one from it"
    );
}

#[test]
fn a_bad_signature_share_names_its_signer() {
    let mut rng = rng(93);
    let ids = identifiers::<S>(3);
    let (keys, public) = tessera_keys::local::run_dkg(2, &ids, &mut rng).unwrap();
    let signers = [&keys[&ids[0]], &keys[&ids[2]]];
    let mut nonces = Vec::new();
    let mut commitments = BTreeMap::new();
    for key in signers {
        let (n, c) = round1::commit(key, &mut rng);
        nonces.push(n);
        commitments.insert(key.id(), c);
    }
    let package = SigningPackage::new(public.epoch(), commitments, b"tx");
    let mut shares = BTreeMap::new();
    for (key, n) in signers.into_iter().zip(nonces) {
        shares.insert(key.id(), round2::sign(&package, n, key).unwrap());
    }
    let bad = SignatureShare::new(shares[&ids[2]].value() + k256::Scalar::ONE);
    shares.insert(ids[2], bad);
    let err = aggregate(&package, &shares, &public).unwrap_err();
    assert_eq!(
        err.to_string(),
        "participant 3 sent a signature share that fails RFC 9591 verification"
    );
    assert_eq!(err.culprits(), [ids[2]]);
    let epoch = tessera_frost::Error::<S>::EpochMismatch;
    assert_eq!(
        epoch.to_string(),
        "the key material or signing package belongs to another key epoch (another sharing of the key); nothing was computed"
    );
}
