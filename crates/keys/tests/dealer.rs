//! Dealer key generation and import of native keys: the group key equals
//! the public key the curve libraries compute, and threshold signatures
//! verify under it.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use common::*;
use group::GroupEncoding;
use tessera_core::identifier::identifiers;
use tessera_core::suites::{Ed25519, P256, Ristretto255, Secp256k1, Secp256k1Tr};
use tessera_core::{Identifier, Suite};
use tessera_frost::Signature;
use tessera_keys::dealer;

fn check_keygen<S: Suite>() {
    let mut rng = rng(31);
    for (t, n) in [(2u16, 3u16), (3, 4), (5, 9)] {
        let ids = identifiers::<S>(n);
        let out = dealer::keygen(t, &ids, &mut rng).unwrap();
        assert_eq!(out.key_packages.len(), usize::from(n));
        assert_eq!(out.public.group_key(), out.commitment.public_key());
        for k in &out.key_packages {
            assert_eq!(
                out.public.verifying_share(&k.id()).unwrap(),
                k.verifying_share()
            );
        }
        let keys: Vec<_> = out.key_packages.iter().collect();
        sign_with_some(&keys, &out.public, usize::from(t), u64::from(n));
    }
    let ids = identifiers::<S>(3);
    assert!(dealer::keygen(1, &ids, &mut rng).is_err());
    assert!(dealer::keygen(4, &ids, &mut rng).is_err());
    let named: Vec<_> = [b"device".as_slice(), b"login", b"recovery"]
        .iter()
        .map(|n| Identifier::<S>::derive(n).unwrap())
        .collect();
    dealer::keygen(2, &named, &mut rng).unwrap();
}

#[test]
fn keygen_ed25519() {
    check_keygen::<Ed25519>();
}
#[test]
fn keygen_ristretto255() {
    check_keygen::<Ristretto255>();
}
#[test]
fn keygen_secp256k1() {
    check_keygen::<Secp256k1>();
}
#[test]
fn keygen_p256() {
    check_keygen::<P256>();
}
#[test]
fn keygen_secp256k1_tr() {
    check_keygen::<Secp256k1Tr>();
}

#[test]
fn import_secp256k1_private_key() {
    let mut rng = rng(32);
    let private =
        hex::decode("c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721").unwrap();
    let expected = k256::SecretKey::from_slice(&private)
        .unwrap()
        .public_key()
        .to_projective();
    let ids = identifiers::<Secp256k1>(3);
    let out = dealer::import::<Secp256k1, _>(&private, 2, &ids, &mut rng).unwrap();
    assert_eq!(out.public.group_key(), expected);
    let keys: Vec<_> = out.key_packages.iter().collect();
    sign_with_some(&keys, &out.public, 2, 1);
    assert!(dealer::import::<Secp256k1, _>(&[0u8; 32], 2, &ids, &mut rng).is_err());
    assert!(dealer::import::<Secp256k1, _>(&[0xffu8; 32], 2, &ids, &mut rng).is_err());
    assert!(dealer::import::<Secp256k1, _>(&private[..31], 2, &ids, &mut rng).is_err());
}

#[test]
fn import_p256_private_key() {
    let mut rng = rng(33);
    let private =
        hex::decode("c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721").unwrap();
    let expected = p256::SecretKey::from_slice(&private)
        .unwrap()
        .public_key()
        .to_projective();
    let ids = identifiers::<P256>(4);
    let out = dealer::import::<P256, _>(&private, 3, &ids, &mut rng).unwrap();
    assert_eq!(out.public.group_key(), expected);
    let keys: Vec<_> = out.key_packages.iter().collect();
    sign_with_some(&keys, &out.public, 3, 2);
}

#[test]
fn import_ed25519_seed() {
    let mut rng = rng(34);
    // RFC 8032 §7.1 TEST 1 secret key and public key.
    let seed =
        hex::decode("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60").unwrap();
    let public =
        hex::decode("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a").unwrap();
    let dalek = ed25519_dalek::SigningKey::from_bytes(&seed.clone().try_into().unwrap());
    assert_eq!(
        dalek.verifying_key().to_bytes().as_slice(),
        public.as_slice()
    );
    let ids = identifiers::<Ed25519>(3);
    let out = dealer::import::<Ed25519, _>(&seed, 2, &ids, &mut rng).unwrap();
    assert_eq!(
        out.public.group_key().to_bytes().as_slice(),
        public.as_slice()
    );
    // A threshold signature verifies as a standard Ed25519 signature.
    let keys: Vec<_> = out.key_packages.iter().collect();
    let sig: Signature<Ed25519> = sign_with_some(&keys, &out.public, 2, 3);
    let sig = ed25519_dalek::Signature::from_bytes(&sig.to_standard_bytes().try_into().unwrap());
    dalek
        .verifying_key()
        .verify_strict(b"signed by some", &sig)
        .unwrap();
    assert!(dealer::import::<Ed25519, _>(&seed[..31], 2, &ids, &mut rng).is_err());
}

/// A BIP-340 secret key (BIP-340 test vector 1's) imported 2-of-3: the x-only
/// group key is the vector's public key, threshold signatures pass
/// libsecp256k1 under it, and the key exported at exit is the imported one,
/// which k256 signs BIP-340 with under the same x-only key.
#[test]
fn import_bip340_secret_key() {
    let mut rng = rng(35);
    let private =
        hex::decode("B7E151628AED2A6ABF7158809CF4F3C762E7160F38B4DA56A784D9045190CFEF").unwrap();
    let x_only =
        hex::decode("DFF1D77F2A671C5F36183726DB2341BE58FEAE1DA2DECED843240F7B502BA659").unwrap();
    let ids = identifiers::<Secp256k1Tr>(3);
    let out = dealer::import::<Secp256k1Tr, _>(&private, 2, &ids, &mut rng).unwrap();
    let group_key = out.public.group_key();
    assert_eq!(
        tessera_frost::bip340::x_only_key::<Secp256k1Tr>(&group_key).as_slice(),
        x_only.as_slice()
    );
    let keys: Vec<_> = out.key_packages.iter().collect();
    let sig: Signature<Secp256k1Tr> = sign_with_some(&keys, &out.public, 2, 4);
    assert!(tessera_peer::libsecp256k1_verifies(
        &x_only,
        b"signed by some",
        &sig.to_standard_bytes()
    ));
    let exported =
        tessera_keys::reconstruct::reconstruct_native(&out.public, &out.key_packages[1..]).unwrap();
    assert_eq!(exported.as_slice(), private.as_slice());
    let single = k256::schnorr::SigningKey::from_slice(&exported).unwrap();
    let single = single.sign_raw(b"exit", &[0u8; 32]).unwrap().to_bytes();
    tessera_frost::bip340::verify::<Secp256k1Tr>(&x_only, b"exit", &single).unwrap();
}
