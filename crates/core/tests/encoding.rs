//! The wire encoding's building blocks against bytes written by hand from
//! their specifications: each suite's generator as RFC 9591 serializes it
//! (the published base-point encodings), and the body writer's fields
//! (big-endian integers, u32-length-prefixed byte strings).
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use group::Group;
use tessera_core::encoding::{Reader, Writer, decode_point, encode_point};
use tessera_core::suites::{Ed25519, P256, Ristretto255, Secp256k1, Secp256k1Tr};
use tessera_core::{Error, Identifier, Point, Suite};

/// `encode_point` of the generator is the published encoding of the base
/// point, and decodes back to it.
fn generator_encodes_as<S: Suite>(expected_hex: &str) {
    let g = Point::<S>::generator();
    let bytes = encode_point::<S>(&g);
    assert_eq!(hex::encode(bytes.as_ref()), expected_hex, "{}", S::NAME);
    assert_eq!(decode_point::<S>(bytes.as_ref()).unwrap(), g, "{}", S::NAME);
}

#[test]
fn generators_encode_as_published() {
    // RFC 8032, section 5.1 (B, compressed).
    generator_encodes_as::<Ed25519>(
        "5866666666666666666666666666666666666666666666666666666666666666",
    );
    // RFC 9496, appendix A.1 (the first multiple of the generator).
    generator_encodes_as::<Ristretto255>(
        "e2f2ae0a6abc4e71a884a961c500515f58e30b6aa582dd8db6a65945e08d2d76",
    );
    // SEC 2, section 2.4.1 (G, compressed).
    generator_encodes_as::<Secp256k1>(
        "0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798",
    );
    generator_encodes_as::<Secp256k1Tr>(
        "0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798",
    );
    // SEC 2, section 2.4.2 / FIPS 186-5 (P-256's G, compressed; y is odd).
    generator_encodes_as::<P256>(
        "036b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296",
    );
}

#[test]
fn the_writer_writes_big_endian_fields_and_length_prefixes() {
    let mut w = Writer::default();
    assert_eq!(w.as_bytes(), &[] as &[u8]);
    w.u16(0x0102);
    w.u32(0x0304_0506);
    w.count(7);
    w.bytes(b"ab");
    w.raw(&[0xff]);
    assert_eq!(
        w.as_bytes(),
        &[
            0x01, 0x02, // u16
            0x03, 0x04, 0x05, 0x06, // u32
            0, 0, 0, 7, // count
            0, 0, 0, 2, b'a', b'b', // bytes
            0xff, // raw
        ]
    );
    // The reader takes the same fields back.
    let bytes = w.as_bytes().to_vec();
    let mut r = Reader::<Ed25519>::new(&bytes);
    assert_eq!(r.remaining(), &bytes[..]);
    assert_eq!(r.u16().unwrap(), 0x0102);
    assert_eq!(r.remaining(), &bytes[2..]);
    assert_eq!(r.u32().unwrap(), 0x0304_0506);
    assert_eq!(r.u32().unwrap(), 7);
    assert_eq!(r.bytes().unwrap(), b"ab");
    assert_eq!(r.remaining(), &[0xff]);
    assert_eq!(r.take_array::<1>().unwrap(), [0xff]);
    assert_eq!(r.remaining(), &[] as &[u8]);
    r.finish().unwrap();
}

/// `n` entries (identifier, u16 value) in the given order, as a map's body.
fn entries(ids: &[u16]) -> Vec<u8> {
    let mut w = Writer::default();
    for (i, id) in ids.iter().enumerate() {
        w.identifier(&Identifier::<Ed25519>::new(*id).unwrap());
        w.u16(u16::try_from(i).unwrap());
    }
    w.as_bytes().to_vec()
}

fn read_map(ids: &[u16]) -> Result<Vec<(u16, u16)>, Error<Ed25519>> {
    let bytes = entries(ids);
    let mut r = Reader::<Ed25519>::new(&bytes);
    let map = r.sorted_map(ids.len(), |r| r.u16())?;
    r.finish()?;
    Ok(map
        .into_iter()
        .map(|(id, v)| (id.as_u16().unwrap(), v))
        .collect())
}

/// A map's entries must come in strictly increasing identifier order; the
/// first repeated or out-of-order identifier is named.
#[test]
fn maps_are_read_in_strictly_increasing_order() {
    let id = |i: u16| Identifier::<Ed25519>::new(i).unwrap();
    assert_eq!(read_map(&[1, 2, 7]).unwrap(), vec![(1, 0), (2, 1), (7, 2)]);
    assert_eq!(read_map(&[]).unwrap(), vec![]);
    let refused: [(&[u16], Error<Ed25519>); 4] = [
        (&[1, 1], Error::DuplicateParticipant { culprit: id(1) }),
        (&[2, 3, 3], Error::DuplicateParticipant { culprit: id(3) }),
        (&[2, 1], Error::UnsortedParticipants { culprit: id(1) }),
        (&[1, 5, 3], Error::UnsortedParticipants { culprit: id(3) }),
    ];
    for (ids, error) in refused {
        assert_eq!(read_map(ids).unwrap_err(), error, "{ids:?}");
    }
}
