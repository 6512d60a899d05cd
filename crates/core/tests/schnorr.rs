//! The two Schnorr variants on hand-written encodings: RFC 9591 leaves
//! points as they are, BIP-340 makes them x-only with even Y.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use tessera_core::schnorr::{Bip340, Rfc9591, SchnorrVariant};
use tessera_core::suites::{Ed25519, Secp256k1};

#[test]
fn rfc9591_uses_every_point_as_it_is() {
    let encoding: Vec<u8> = (1..=32).collect();
    let mut normalized = encoding.clone();
    assert!(!<Rfc9591 as SchnorrVariant<Ed25519>>::normalize(
        &mut normalized
    ));
    assert_eq!(normalized, encoding);
    assert_eq!(
        <Rfc9591 as SchnorrVariant<Ed25519>>::signature_point(&encoding),
        encoding.as_slice()
    );
    assert_eq!(
        <Rfc9591 as SchnorrVariant<Ed25519>>::SIGNATURE_POINT_LEN,
        32
    );
}

#[test]
fn bip340_uses_the_even_point_and_its_x_coordinate() {
    let x: Vec<u8> = (1..=32).collect();
    for (tag, negated) in [(0x02u8, false), (0x03, true)] {
        let mut encoding = vec![tag];
        encoding.extend_from_slice(&x);
        assert_eq!(
            <Bip340 as SchnorrVariant<Secp256k1>>::normalize(&mut encoding),
            negated,
            "tag {tag:#04x}"
        );
        assert_eq!(encoding[0], 0x02, "tag {tag:#04x}");
        assert_eq!(&encoding[1..], x.as_slice());
        assert_eq!(
            <Bip340 as SchnorrVariant<Secp256k1>>::signature_point(&encoding),
            x.as_slice()
        );
    }
    assert_eq!(
        <Bip340 as SchnorrVariant<Secp256k1>>::SIGNATURE_POINT_LEN,
        32
    );
}
