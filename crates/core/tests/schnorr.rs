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

#[test]
fn bip340_lifts_an_x_coordinate_to_the_even_point() {
    use group::{Group, GroupEncoding};
    use tessera_core::{Point, PointError};
    type S = Secp256k1;
    let lift = <Bip340 as SchnorrVariant<S>>::decode_signature_point;
    // The generator's x-coordinate (SEC 2); its Y is even, so lift_x(x(G)) = G.
    let gx =
        hex::decode("79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798").unwrap();
    assert_eq!(lift(&gx), Ok(Point::<S>::generator()));
    // -G has odd Y (G's is even), so lift_x(x(-G)) = G as well.
    let minus_g = -Point::<S>::generator();
    let encoded = minus_g.to_bytes();
    let encoded: &[u8] = encoded.as_ref();
    assert_eq!(encoded[0], 0x03);
    assert_eq!(lift(&encoded[1..]), Ok(Point::<S>::generator()));
    // BIP-340 test vector 5's public key: not the x-coordinate of any point.
    let off_curve =
        hex::decode("eefdea4cdb677750a420fee807eacf21eb9898ae79b9768766e4faa04a2d4a34").unwrap();
    assert!(lift(&off_curve).is_err());
    // x = p (BIP-340 test vector 14's key): not below the field order.
    let p =
        hex::decode("fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc30").unwrap();
    assert!(lift(&p).is_err());
    // Wrong lengths: 31 and 33 bytes, and a full compressed encoding.
    assert_eq!(lift(&gx[1..]), Err(PointError::Invalid));
    let mut long = gx.clone();
    long.push(0);
    assert_eq!(lift(&long), Err(PointError::Invalid));
    let mut compressed = vec![0x02];
    compressed.extend_from_slice(&gx);
    assert_eq!(lift(&compressed), Err(PointError::Invalid));
}
