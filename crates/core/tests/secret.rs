//! `SecretScalar`: its encoding against hand-written bytes, wiping,
//! comparison both ways, and a `Debug` that shows nothing.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use rand::SeedableRng;
use rand_chacha::ChaCha20Rng;
use tessera_core::suites::{Ed25519, Secp256k1};
use tessera_core::{Scalar, SecretScalar};
use zeroize::Zeroize;

#[test]
fn secrets_encode_in_the_suites_byte_order() {
    // 0x0102 is little-endian on Ed25519 (RFC 8032), big-endian on
    // secp256k1 (SEC 1).
    let mut le = [0u8; 32];
    le[0] = 0x02;
    le[1] = 0x01;
    let mut be = [0u8; 32];
    be[31] = 0x02;
    be[30] = 0x01;
    let ed = SecretScalar::<Ed25519>::new(Scalar::<Ed25519>::from(0x0102u64));
    let k1 = SecretScalar::<Secp256k1>::new(Scalar::<Secp256k1>::from(0x0102u64));
    assert_eq!(ed.to_bytes().as_slice(), le);
    assert_eq!(k1.to_bytes().as_slice(), be);
    assert_eq!(
        *SecretScalar::<Ed25519>::from_bytes(&le).unwrap().expose(),
        Scalar::<Ed25519>::from(0x0102u64)
    );
    assert_eq!(
        *SecretScalar::<Secp256k1>::from_bytes(&be).unwrap().expose(),
        Scalar::<Secp256k1>::from(0x0102u64)
    );
    // The group order itself is not a canonical scalar.
    let order_be =
        hex::decode("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141").unwrap();
    assert!(SecretScalar::<Secp256k1>::from_bytes(&order_be).is_err());
}

#[test]
fn random_secrets_are_fresh() {
    let mut rng = ChaCha20Rng::seed_from_u64(3);
    let a = SecretScalar::<Ed25519>::random(&mut rng);
    let b = SecretScalar::<Ed25519>::random(&mut rng);
    assert_ne!(*a.expose(), Scalar::<Ed25519>::from(0u64));
    assert_ne!(*a.expose(), *b.expose());
}

#[test]
fn secrets_compare_by_value_both_ways() {
    let one = SecretScalar::<Secp256k1>::new(Scalar::<Secp256k1>::from(1u64));
    let also_one = SecretScalar::<Secp256k1>::new(Scalar::<Secp256k1>::from(1u64));
    let two = SecretScalar::<Secp256k1>::new(Scalar::<Secp256k1>::from(2u64));
    assert!(one == also_one);
    assert!(one != two);
    assert!(bool::from(subtle::ConstantTimeEq::ct_eq(&one, &also_one)));
    assert!(!bool::from(subtle::ConstantTimeEq::ct_eq(&one, &two)));
}

#[test]
fn zeroize_wipes_the_value() {
    let mut s = SecretScalar::<Ed25519>::new(Scalar::<Ed25519>::from(7u64));
    s.zeroize();
    assert_eq!(*s.expose(), Scalar::<Ed25519>::from(0u64));
}

#[test]
fn debug_shows_no_digit_of_the_secret() {
    let s = SecretScalar::<Ed25519>::new(Scalar::<Ed25519>::from(0x0102u64));
    assert_eq!(format!("{s:?}"), "SecretScalar(<redacted>)");
}
