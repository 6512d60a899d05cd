//! tessera's wire encoding of the BIP 445 messages: the body is exactly the
//! BIP's byte format behind the 3-byte header (pinned here), every message
//! roundtrips, and malformed input is refused with a typed error: another
//! kind, suite or version, trailing or missing bytes, invalid points,
//! non-canonical scalars, unsorted or duplicate signer ids, unknown tweak
//! modes.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use tessera_bitcoin::{
    AggNonce, AggOtherNonce, KeyTweak, NonceInputs, PartialSignature, ParticipantId, PubNonce,
    Signature, SigningRequest, nonce_agg, nonce_gen_internal,
};
use tessera_core::encoding::{FORMAT_VERSION, Wire};
use tessera_core::suites::{P256, Secp256k1};
use tessera_core::{Error, PointError};
use tessera_frost::Epoch;

type S = Secp256k1;

fn pubnonce(seed: u8) -> PubNonce<S> {
    nonce_gen_internal::<S>(&[seed; 32], &NonceInputs::default())
        .unwrap()
        .1
}

#[test]
fn bodies_are_the_bip_formats() {
    let p = pubnonce(1);
    let bytes = Wire::<S>::to_bytes(&p);
    assert_eq!(&bytes[..3], &[FORMAT_VERSION, 3, 0x40]);
    assert_eq!(&bytes[3..], &p.to_bip_bytes());
    assert_eq!(<PubNonce<S> as Wire<S>>::from_bytes(&bytes).unwrap(), p);

    let agg = nonce_agg(&[p, pubnonce(2)]);
    let bytes = Wire::<S>::to_bytes(&agg);
    assert_eq!(&bytes[..3], &[FORMAT_VERSION, 3, 0x41]);
    assert_eq!(&bytes[3..], &agg.to_bip_bytes());
    assert_eq!(<AggNonce<S> as Wire<S>>::from_bytes(&bytes).unwrap(), agg);

    let other = AggOtherNonce::from_agg_nonce(&agg).unwrap();
    let bytes = Wire::<S>::to_bytes(&other);
    assert_eq!(&bytes[..3], &[FORMAT_VERSION, 3, 0x42]);
    assert_eq!(
        <AggOtherNonce<S> as Wire<S>>::from_bytes(&bytes).unwrap(),
        other
    );

    let psig = PartialSignature::<S>::from_bytes(&[7u8; 32]).unwrap();
    let bytes = Wire::<S>::to_bytes(&psig);
    assert_eq!(bytes, [&[FORMAT_VERSION, 3, 0x43][..], &[7u8; 32]].concat());

    let sig = Signature::<S>::from_bytes([9u8; 64]);
    let bytes = Wire::<S>::to_bytes(&sig);
    assert_eq!(bytes, [&[FORMAT_VERSION, 3, 0x44][..], &[9u8; 64]].concat());
    assert_eq!(<Signature<S> as Wire<S>>::from_bytes(&bytes).unwrap(), sig);
}

#[test]
fn an_aggregate_nonce_at_infinity_roundtrips_but_is_no_pubnonce() {
    // p + (-p) in the second half: infinity, 33 zero bytes.
    let p = pubnonce(1);
    let mut neg = p.to_bip_bytes();
    neg[33] ^= 1; // 02 <-> 03 flips the second point's sign
    let neg = PubNonce::<S>::from_bytes(&neg).unwrap();
    let agg = nonce_agg(&[p, neg]);
    assert_eq!(&agg.to_bip_bytes()[33..], &[0u8; 33]);
    let bytes = Wire::<S>::to_bytes(&agg);
    assert_eq!(<AggNonce<S> as Wire<S>>::from_bytes(&bytes).unwrap(), agg);
    let mut as_pubnonce = bytes.clone();
    as_pubnonce[2] = 0x40;
    assert_eq!(
        <PubNonce<S> as Wire<S>>::from_bytes(&as_pubnonce).unwrap_err(),
        Error::InvalidPoint(PointError::Invalid)
    );
    assert!(AggOtherNonce::from_agg_nonce(&agg).is_err());
}

#[test]
fn malformed_messages_are_refused() {
    let bytes = Wire::<S>::to_bytes(&pubnonce(3));
    let decode = |b: &[u8]| <PubNonce<S> as Wire<S>>::from_bytes(b);
    // Header.
    let mut b = bytes.clone();
    b[0] = 9;
    assert!(matches!(decode(&b), Err(Error::UnsupportedVersion { .. })));
    let mut b = bytes.clone();
    b[1] = <P256 as tessera_core::Suite>::ID;
    assert!(matches!(decode(&b), Err(Error::SuiteMismatch { .. })));
    let mut b = bytes.clone();
    b[2] = 0x41;
    assert!(matches!(decode(&b), Err(Error::KindMismatch { .. })));
    // Length.
    assert!(matches!(
        decode(&bytes[..60]),
        Err(Error::UnexpectedEnd { .. })
    ));
    let mut b = bytes.clone();
    b.push(0);
    assert!(matches!(decode(&b), Err(Error::TrailingBytes { count: 1 })));
    // Points: bad tag, x not on the curve, x above the field size.
    let mut b = bytes.clone();
    b[3] = 0x04;
    assert!(matches!(decode(&b), Err(Error::InvalidPoint(_))));
    let mut b = bytes.clone();
    b[3 + 34..3 + 66].copy_from_slice(&[0xff; 32]);
    assert!(matches!(decode(&b), Err(Error::InvalidPoint(_))));
    // A partial signature not below the order.
    let mut psig = vec![FORMAT_VERSION, 3, 0x43];
    psig.extend_from_slice(&[0xff; 32]);
    assert_eq!(
        <PartialSignature<S> as Wire<S>>::from_bytes(&psig).unwrap_err(),
        Error::NonCanonicalScalar
    );
}

fn request() -> SigningRequest<S> {
    SigningRequest {
        epoch: Epoch::from_bytes([5u8; 32]),
        ids: vec![ParticipantId(0), ParticipantId(2), ParticipantId(7)],
        aggnonce: nonce_agg(&[pubnonce(4), pubnonce(5)]),
        tweaks: vec![
            KeyTweak::plain(k256::Scalar::from(3u64)),
            KeyTweak::xonly(k256::Scalar::from(4u64)),
        ],
        message: b"a message of any length".to_vec(),
    }
}

#[test]
fn signing_request_roundtrips_and_refuses_malformed_input() {
    let r = request();
    let bytes = r.to_bytes();
    assert_eq!(&bytes[..3], &[FORMAT_VERSION, 3, 0x45]);
    assert_eq!(SigningRequest::<S>::from_bytes(&bytes).unwrap(), r);

    // Ids start after the header, the epoch and the count.
    let ids_at = 3 + 32 + 4;
    let mut b = bytes.clone();
    b[ids_at + 4..ids_at + 8].copy_from_slice(&0u32.to_be_bytes()); // [0, 0, 7]
    assert!(matches!(
        SigningRequest::<S>::from_bytes(&b),
        Err(Error::DuplicateParticipant { .. })
    ));
    let mut b = bytes.clone();
    b[ids_at + 8..ids_at + 12].copy_from_slice(&1u32.to_be_bytes()); // [0, 2, 1]
    assert!(matches!(
        SigningRequest::<S>::from_bytes(&b),
        Err(Error::UnsortedParticipants { .. })
    ));
    // A hostile id count.
    let mut b = bytes.clone();
    b[ids_at - 4..ids_at].copy_from_slice(&u32::MAX.to_be_bytes());
    assert!(matches!(
        SigningRequest::<S>::from_bytes(&b),
        Err(Error::InvalidLength(_))
    ));
    // An unknown tweak mode.
    let mode_at = ids_at + 12 + 66 + 4 + 32;
    assert_eq!(bytes[mode_at], 0);
    let mut b = bytes.clone();
    b[mode_at] = 2;
    assert!(SigningRequest::<S>::from_bytes(&b).is_err());
    // A tweak not below the order.
    let mut b = bytes.clone();
    b[mode_at - 32..mode_at].copy_from_slice(&[0xff; 32]);
    assert_eq!(
        SigningRequest::<S>::from_bytes(&b).unwrap_err(),
        Error::NonCanonicalScalar
    );
    let mut b = bytes;
    b.push(1);
    assert!(matches!(
        SigningRequest::<S>::from_bytes(&b),
        Err(Error::TrailingBytes { .. })
    ));
}

/// Every message kind of this crate has its name in tessera's tag table, so
/// errors and JSON show it by name.
#[test]
fn every_kind_is_named() {
    for (kind, name) in [
        (<PubNonce<S> as Wire<S>>::KIND, "bip445-pubnonce"),
        (<AggNonce<S> as Wire<S>>::KIND, "bip445-aggnonce"),
        (<AggOtherNonce<S> as Wire<S>>::KIND, "bip445-aggothernonce"),
        (
            <PartialSignature<S> as Wire<S>>::KIND,
            "bip445-partial-signature",
        ),
        (<Signature<S> as Wire<S>>::KIND, "bip340-signature"),
        (
            <SigningRequest<S> as Wire<S>>::KIND,
            "bip445-signing-request",
        ),
    ] {
        assert_eq!(tessera_core::tags::kind_name(kind), Some(name));
    }
}

/// serde goes through the wire decoder: JSON and back gives the same
/// message, and a JSON body with a point off the curve is refused.
#[test]
fn serde_roundtrips_through_the_wire_decoder() {
    let nonce = pubnonce(1);
    let json = serde_json::to_string(&nonce).unwrap();
    assert!(json.contains("\"kind\":\"bip445-pubnonce\""), "{json}");
    let back: PubNonce<S> = serde_json::from_str(&json).unwrap();
    assert_eq!(back.to_bytes(), nonce.to_bytes());
    let body = hex::encode(&nonce.to_bytes()[3..]);
    let broken = json.replace(&body, &format!("04{}", &body[2..]));
    assert!(serde_json::from_str::<PubNonce<S>>(&broken).is_err());
    let request = request();
    let json = serde_json::to_string(&request).unwrap();
    let back: SigningRequest<S> = serde_json::from_str(&json).unwrap();
    assert_eq!(back.to_bytes(), request.to_bytes());
}
