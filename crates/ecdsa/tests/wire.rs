//! Encodings: every wire type roundtrips, hostile bytes are refused with a
//! typed error, secrets never print.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use common::{Fixture, rng, sha256};
use tessera_core::suites::{P256, Secp256k1};
use tessera_core::{Error as CoreError, Wire};
use tessera_ecdsa::sizes::message_sizes;
use tessera_ecdsa::{Error, PairSetup, SetupMessage, Signature, setup};

#[test]
fn pair_setups_roundtrip_and_stay_secret() {
    let mut rng = rng(30);
    let ids = tessera_core::identifier::identifiers::<Secp256k1>(2);
    let (round, message) = setup::start(ids[0], ids[1], &mut rng).unwrap();
    let (round_b, message_b) = setup::start(ids[1], ids[0], &mut rng).unwrap();
    let bytes = message.to_bytes();
    assert_eq!(bytes.len(), SetupMessage::<Secp256k1>::WIRE_LEN);
    assert_eq!(SetupMessage::from_bytes(&bytes).unwrap(), message);
    let pair = setup::finish(round, &message_b).unwrap();
    let other = setup::finish(round_b, &message).unwrap();
    assert_eq!(pair.transcript(), other.transcript());
    let bytes = pair.to_bytes();
    assert_eq!(bytes.len(), PairSetup::<Secp256k1>::WIRE_LEN);
    assert_eq!(PairSetup::from_bytes(&bytes).unwrap(), pair);
    // serde goes through the same encoding.
    let json = serde_json::to_string(&pair).unwrap();
    assert_eq!(
        serde_json::from_str::<PairSetup<Secp256k1>>(&json).unwrap(),
        pair
    );
    // Debug shows no seed.
    let debug = format!("{pair:?}");
    assert!(debug.contains("redacted"));
    assert!(!debug.contains(&hex::encode(&bytes[3 + 64 + 2 + 32..3 + 64 + 2 + 64])));
    // Hostile bytes.
    assert!(matches!(
        PairSetup::<Secp256k1>::from_bytes(&bytes[..bytes.len() - 1]),
        Err(CoreError::UnexpectedEnd { .. })
    ));
    let mut long = bytes.clone();
    long.push(0);
    assert!(matches!(
        PairSetup::<Secp256k1>::from_bytes(&long),
        Err(CoreError::TrailingBytes { .. })
    ));
    assert!(matches!(
        PairSetup::<P256>::from_bytes(&bytes),
        Err(CoreError::SuiteMismatch { .. })
    ));
    let mut same = bytes.clone();
    same.copy_within(3..35, 35); // peer = me
    assert!(matches!(
        PairSetup::<Secp256k1>::from_bytes(&same),
        Err(CoreError::DuplicateParticipant { .. })
    ));
    let mut kappa = bytes.clone();
    kappa[3 + 64] ^= 1;
    assert!(matches!(
        PairSetup::<Secp256k1>::from_bytes(&kappa),
        Err(CoreError::InvalidLength(_))
    ));
    // A setup message with an off-curve / identity point is refused.
    let mut bad = message.to_bytes();
    bad[3 + 64..3 + 97].copy_from_slice(&[0u8; 33]);
    assert!(SetupMessage::<Secp256k1>::from_bytes(&bad).is_err());
    // A message for someone else is refused by finish.
    let (round, _) = setup::start(ids[0], ids[1], &mut rng).unwrap();
    let (_, wrong) = setup::start(ids[0], ids[1], &mut rng).unwrap();
    assert!(setup::finish(round, &wrong).is_err());
}

/// Found by the `ecdsa` fuzz target: a peer that sends back the honest
/// party's own setup message (or another pair's) made `finish` name the
/// sender field, i.e. the honest party itself. The message came from the
/// peer, so the peer is the culprit, whatever the fields say.
#[test]
fn a_setup_message_with_wrong_fields_blames_the_peer() {
    let mut rng = rng(32);
    let ids = tessera_core::identifier::identifiers::<Secp256k1>(3);
    let (me, peer, third) = (ids[0], ids[1], ids[2]);
    let blamed = |message: &SetupMessage<Secp256k1>, rng: &mut _| {
        let (round, _) = setup::start(me, peer, rng).unwrap();
        let error = setup::finish(round, message).unwrap_err();
        assert!(
            matches!(
                error,
                Error::UnexpectedMessage { .. } | Error::Misrouted { .. }
            ),
            "{error}"
        );
        error.culprits()
    };
    // My own message, sent back (from: me).
    let (_, mine) = setup::start(me, peer, &mut rng).unwrap();
    assert_eq!(blamed(&mine, &mut rng), vec![peer]);
    // A third party's message to me (from: third).
    let (_, theirs) = setup::start(third, me, &mut rng).unwrap();
    assert_eq!(blamed(&theirs, &mut rng), vec![peer]);
    // The peer's message for someone else (to: third).
    let (_, elsewhere) = setup::start(peer, third, &mut rng).unwrap();
    assert_eq!(blamed(&elsewhere, &mut rng), vec![peer]);
}

#[test]
fn signatures_roundtrip_and_refuse_non_canonical_forms() {
    let mut rng = rng(31);
    let f = Fixture::<P256>::dkg(2, 2, &mut rng);
    let sig = f.sign_and_check(&f.ids, &sha256(b"wire"), &mut rng);
    let bytes = sig.to_bytes();
    let wire = sig.to_bytes();
    assert_eq!(bytes, wire);
    let encoded = Wire::<P256>::to_bytes(&sig);
    assert_eq!(Signature::<P256>::from_bytes(&encoded).unwrap(), sig);
    // High s is not the canonical form.
    let mut high = encoded.clone();
    let s = -sig.s();
    high[35..67].copy_from_slice(&<P256 as tessera_ecdsa::EcdsaSuite>::scalar_bytes(&s));
    assert_eq!(
        Signature::<P256>::from_bytes(&high),
        Err(CoreError::NonCanonicalScalar)
    );
    // Zero r, an invalid recovery id.
    let mut zero = encoded.clone();
    zero[3..35].fill(0);
    assert!(Signature::<P256>::from_bytes(&zero).is_err());
    let mut v = encoded.clone();
    v[67] = 9;
    assert!(Signature::<P256>::from_bytes(&v).is_err());
    // from_parts normalises a high s and flips the parity with it.
    let again =
        Signature::<P256>::from_parts(sig.r(), -sig.s(), sig.recovery_id().to_byte() ^ 1).unwrap();
    assert_eq!(again, sig);
}

#[test]
fn message_sizes_match_the_encodings() {
    let sizes = message_sizes::<Secp256k1>(3);
    assert_eq!(sizes.setup_message, SetupMessage::<Secp256k1>::WIRE_LEN);
    assert_eq!(sizes.round1_total, 2 * sizes.round1_message);
    let mut rng = rng(32);
    let f = Fixture::<Secp256k1>::dkg(3, 3, &mut rng);
    let session = f.session(&f.ids, &mut rng);
    let id = f.ids[0];
    let (state, out) =
        tessera_ecdsa::sign::round1(&session, &f.keys[&id], &f.setups[&id], &mut rng).unwrap();
    for m in out.values() {
        assert_eq!(m.to_bytes().len(), sizes.round1_message);
    }
    drop(state);
    let presignatures =
        tessera_ecdsa::local::presign_all(&session, &f.keys, &f.setups, &mut rng).unwrap();
    let share = presignatures.into_values().next().unwrap().sign(&[1; 32]);
    assert_eq!(share.to_bytes().len(), sizes.signature_share);
    // Round-2 sizes via an actual run.
    let mut states = std::collections::BTreeMap::new();
    let mut sent = std::collections::BTreeMap::new();
    for id in &f.ids {
        let (s, o) =
            tessera_ecdsa::sign::round1(&session, &f.keys[id], &f.setups[id], &mut rng).unwrap();
        states.insert(*id, s);
        sent.insert(*id, o);
    }
    let (_, out2) = tessera_ecdsa::sign::round2(
        states.remove(&id).unwrap(),
        &session,
        &f.keys[&id],
        &f.setups[&id],
        &tessera_ecdsa::local::inbox(&sent, &id),
        &mut rng,
    )
    .unwrap();
    for m in out2.values() {
        assert_eq!(m.to_bytes().len(), sizes.round2_message);
    }
}

/// The table of the crate README.
#[test]
fn readme_size_table() {
    let s = message_sizes::<P256>(2);
    assert_eq!((s.setup_message, s.pair_setup), (8552, 12437));
    for (t, share, total) in [(2, 265, 55_667), (3, 330, 111_464), (7, 590, 335_952)] {
        let s = message_sizes::<Secp256k1>(t);
        assert_eq!(
            (s.round1_message, s.round2_message, s.signature_share),
            (15_075, 40_327, share)
        );
        assert_eq!(
            s.round1_total + s.round2_total + s.round3_total,
            total,
            "t = {t}"
        );
        assert_eq!(message_sizes::<P256>(t), s);
    }
}

/// Every message kind of this crate has its name in tessera's tag table, so
/// errors and JSON show it by name.
#[test]
fn every_kind_is_named() {
    use tessera_ecdsa::sign::{Round1Message, Round2Message};
    type S = Secp256k1;
    for (kind, name) in [
        (<PairSetup<S> as Wire<S>>::KIND, "ecdsa-pair-setup"),
        (<SetupMessage<S> as Wire<S>>::KIND, "ecdsa-setup-message"),
        (<Round1Message<S> as Wire<S>>::KIND, "ecdsa-round1"),
        (<Round2Message<S> as Wire<S>>::KIND, "ecdsa-round2"),
        (
            <tessera_ecdsa::SignatureShare<S> as Wire<S>>::KIND,
            "ecdsa-signature-share",
        ),
        (<Signature<S> as Wire<S>>::KIND, "ecdsa-signature"),
    ] {
        assert_eq!(tessera_core::tags::kind_name(kind), Some(name));
    }
}
