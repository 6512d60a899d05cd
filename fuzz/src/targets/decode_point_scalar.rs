//! The strict decoders of single values: `Suite::decode_point`,
//! `encoding::decode_scalar`, `Identifier::from_bytes` and
//! `Signature::from_standard_bytes`. Whatever they accept must re-encode to
//! exactly the input (so each value has one encoding), must not be the
//! identity (points) or zero (identifiers), and must decode again to an
//! equal value.
//!
//! Input: `[suite selector] [bytes...]`. Every decoder runs on the whole of
//! `bytes` (which also tests length checks) and on its prefix of the
//! decoder's exact length, when `bytes` is that long.

use crate::with_suite;
use ff::{Field, PrimeField};
use group::{Group, GroupEncoding};
use tessera_core::encoding::{Wire, decode_point, decode_scalar};
use tessera_core::{Identifier, Suite};
use tessera_frost::Signature;

/// `input` and, if different, its prefix of `len` bytes.
fn candidates(input: &[u8], len: usize) -> impl Iterator<Item = &[u8]> {
    let prefix = input.get(..len).filter(|p| p.len() != input.len());
    core::iter::once(input).chain(prefix)
}

fn check_point<S: Suite>(bytes: &[u8]) {
    let decoded = S::decode_point(bytes);
    // The core helper must agree with the suite's decoder.
    assert_eq!(
        decoded.is_ok(),
        decode_point::<S>(bytes).is_ok(),
        "{}: decode_point helpers disagree on {}",
        S::NAME,
        hex::encode(bytes)
    );
    let Ok(point) = decoded else { return };
    assert!(
        !bool::from(point.is_identity()),
        "{}: decoded the identity from {}",
        S::NAME,
        hex::encode(bytes)
    );
    let encoded = point.to_bytes();
    assert!(
        encoded.as_ref() == bytes,
        "{}: non-canonical point accepted\n input:      {}\n re-encoded: {}",
        S::NAME,
        hex::encode(bytes),
        hex::encode(encoded.as_ref())
    );
    let again = S::decode_point(encoded.as_ref());
    assert!(
        again == Ok(point),
        "{}: point does not round-trip: {}",
        S::NAME,
        hex::encode(bytes)
    );
}

fn check_scalar<S: Suite>(bytes: &[u8]) {
    let Ok(scalar) = decode_scalar::<S>(bytes) else {
        return;
    };
    let encoded = scalar.to_repr();
    assert!(
        encoded.as_ref() == bytes,
        "{}: non-canonical scalar accepted\n input:      {}\n re-encoded: {}",
        S::NAME,
        hex::encode(bytes),
        hex::encode(encoded.as_ref())
    );
    assert!(
        decode_scalar::<S>(encoded.as_ref()) == Ok(scalar),
        "{}: scalar does not round-trip: {}",
        S::NAME,
        hex::encode(bytes)
    );
}

fn check_identifier<S: Suite>(bytes: &[u8]) {
    let Ok(id) = Identifier::<S>::from_bytes(bytes) else {
        return;
    };
    assert!(
        !bool::from(id.to_scalar().is_zero()),
        "{}: zero identifier accepted",
        S::NAME
    );
    let encoded = id.to_bytes();
    assert!(
        encoded.as_ref() == bytes,
        "{}: non-canonical identifier accepted\n input:      {}\n re-encoded: {}",
        S::NAME,
        hex::encode(bytes),
        hex::encode(encoded.as_ref())
    );
    assert!(
        Identifier::<S>::from_bytes(encoded.as_ref()) == Ok(id),
        "{}: identifier does not round-trip: {}",
        S::NAME,
        hex::encode(bytes)
    );
    // Small identifiers print as integers and are the ones `new` makes.
    if let Some(n) = id.as_u16() {
        assert!(
            Identifier::<S>::new(n) == Some(id),
            "{}: as_u16 of {} is {n}, but Identifier::new({n}) differs",
            S::NAME,
            hex::encode(bytes)
        );
    }
}

fn check_signature<S: Suite>(bytes: &[u8]) {
    let Ok(signature) = Signature::<S>::from_standard_bytes(bytes) else {
        return;
    };
    let encoded = signature.to_standard_bytes();
    assert!(
        encoded == bytes,
        "{}: non-canonical signature accepted\n input:      {}\n re-encoded: {}",
        S::NAME,
        hex::encode(bytes),
        hex::encode(&encoded)
    );
    assert!(
        Signature::<S>::from_standard_bytes(&encoded) == Ok(signature),
        "{}: signature does not round-trip: {}",
        S::NAME,
        hex::encode(bytes)
    );
    // The wire encoding carries the same two fields.
    let wire = Wire::<S>::to_bytes(&signature);
    assert!(
        <Signature<S> as Wire<S>>::from_bytes(&wire) == Ok(signature),
        "{}: signature wire encoding does not round-trip: {}",
        S::NAME,
        hex::encode(&wire)
    );
}

fn check<S: Suite>(bytes: &[u8]) {
    for b in candidates(bytes, S::POINT_LEN) {
        check_point::<S>(b);
    }
    for b in candidates(bytes, S::SCALAR_LEN) {
        check_scalar::<S>(b);
        check_identifier::<S>(b);
    }
    for b in candidates(bytes, S::POINT_LEN + S::SCALAR_LEN) {
        check_signature::<S>(b);
    }
}

/// The target: `[suite selector] [input...]`.
pub fn run(data: &[u8]) {
    let Some((&suite, rest)) = data.split_first() else {
        return;
    };
    with_suite!(suite, check(rest));
}
