//! End-to-end signing from tessera key packages, checked by independent
//! verifiers: k256 / p256 `ecdsa` (compact and DER), libsecp256k1 (C) with
//! its public-key recovery, ring's P-256, and `ecrecover` (k256's
//! `recover_from_prehash`) giving back the group key and its address.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use common::{Fixture, Verifiers, ring_verify_p256, rng, sha256};
use group::GroupEncoding;
use tessera_core::suites::{P256, Secp256k1};
use tessera_ecdsa::local;
use tessera_ecdsa::sign;

fn check_dkg_2_of_3_every_pair_signs<S: Verifiers>() {
    let mut rng = rng(1);
    let f = Fixture::<S>::dkg(2, 3, &mut rng);
    for signers in [[0, 1], [0, 2], [1, 2]] {
        let set: Vec<_> = signers.iter().map(|i| f.ids[*i]).collect();
        let prehash = sha256(format!("pay 1 to {signers:?}").as_bytes());
        f.sign_and_check(&set, &prehash, &mut rng);
    }
    // All three together also sign (any set of at least t).
    f.sign_and_check(&f.ids, &sha256(b"all three"), &mut rng);
}

#[test]
fn dkg_2_of_3_every_pair_signs_secp256k1() {
    check_dkg_2_of_3_every_pair_signs::<Secp256k1>();
}

#[test]
fn dkg_2_of_3_every_pair_signs_p256() {
    check_dkg_2_of_3_every_pair_signs::<P256>();
}

#[test]
fn ring_verifies_p256_signatures() {
    let mut rng = rng(2);
    let f = Fixture::<P256>::dkg(2, 3, &mut rng);
    for message in [&b"webauthn assertion"[..], b"", &[0xffu8; 300]] {
        let sig = f.sign_and_check(&f.ids[1..], &sha256(message), &mut rng);
        ring_verify_p256(&f.public.group_key(), message, &sig);
    }
}

#[test]
fn ethereum_personal_sign_recovers_the_address() {
    let mut rng = rng(3);
    let f = Fixture::<Secp256k1>::dkg(2, 3, &mut rng);
    let message = b"Sign in to example.org with your tessera account";
    let digest = tessera_ecdsa::eth::personal_sign_digest(message);
    let sig = f.sign_and_check(&f.ids[..2], &digest, &mut rng);
    let rsv = tessera_ecdsa::eth::rsv(&sig).unwrap();
    assert!(rsv[64] == 27 || rsv[64] == 28);
    // ecrecover as Ethereum does it: from (digest, r, s, v) back to a key,
    // then to the address, with k256 only.
    let id = k256::ecdsa::RecoveryId::from_byte(rsv[64] - 27).unwrap();
    let rs = k256::ecdsa::Signature::from_slice(&rsv[..64]).unwrap();
    let key = k256::ecdsa::VerifyingKey::recover_from_prehash(&digest, &rs, id).unwrap();
    let key_point = k256::ProjectivePoint::from(*key.as_affine());
    assert_eq!(key_point, f.public.group_key());
    assert_eq!(
        tessera_ecdsa::eth::address(&key_point),
        tessera_keys::address::eip55(&tessera_keys::address::ethereum_address(
            &f.public.group_key()
        ))
    );
}

/// Keys imported by the dealer from a native private key sign ECDSA that
/// verifies under that key's standard public key (computed by k256 / p256
/// from the private key, not by tessera).
#[test]
fn imported_native_keys_sign_under_their_standard_public_key() {
    let mut rng = rng(4);
    // secp256k1: the key of the first Hardhat/Anvil test account.
    let secret =
        hex::decode("ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80").unwrap();
    let sk = k256::ecdsa::SigningKey::from_slice(&secret).unwrap();
    let standard_pk = sk.verifying_key().to_sec1_bytes();
    let ids = tessera_core::identifier::identifiers::<Secp256k1>(3);
    let dealt = tessera_keys::dealer::import(&secret, 2, &ids, &mut rng).unwrap();
    assert_eq!(
        dealt.public.group_key().to_bytes().as_slice(),
        &*standard_pk
    );
    let keys = dealt
        .key_packages
        .iter()
        .map(|k| (k.id(), k.clone()))
        .collect();
    let setups = local::setup_all(&ids, &mut rng).unwrap();
    let session = sign::SigningSession::new(dealt.public.clone(), &ids[1..], [7; 32]).unwrap();
    let prehash = sha256(b"imported key");
    let sig = local::sign(&session, &keys, &setups, &prehash, &mut rng).unwrap();
    use k256::ecdsa::signature::hazmat::PrehashVerifier;
    sk.verifying_key()
        .verify_prehash(&prehash, &sig.to_ecdsa())
        .unwrap();
    // Its well-known Ethereum address.
    assert_eq!(
        tessera_ecdsa::eth::address(&dealt.public.group_key()),
        "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"
    );

    // P-256: a random native key, checked with p256's own public key.
    let sk = p256::ecdsa::SigningKey::from_slice(&[0x42; 32]).unwrap();
    let ids = tessera_core::identifier::identifiers::<P256>(4);
    let dealt = tessera_keys::dealer::import(&[0x42; 32], 3, &ids, &mut rng).unwrap();
    let keys = dealt
        .key_packages
        .iter()
        .map(|k| (k.id(), k.clone()))
        .collect();
    let setups = local::setup_all(&ids, &mut rng).unwrap();
    let session = sign::SigningSession::new(dealt.public.clone(), &ids[..3], [8; 32]).unwrap();
    let message = b"passkey challenge";
    let sig = local::sign(&session, &keys, &setups, &sha256(message), &mut rng).unwrap();
    use p256::ecdsa::signature::Verifier;
    sk.verifying_key().verify(message, &sig.to_ecdsa()).unwrap();
}

fn check_presignatures_sign_later<S: Verifiers>() {
    let mut rng = rng(5);
    let f = Fixture::<S>::dkg(3, 4, &mut rng);
    let signers = [f.ids[0], f.ids[2], f.ids[3]];
    let session = f.session(&signers, &mut rng);
    // Rounds 1 and 2 without the message.
    let presignatures = local::presign_all(&session, &f.keys, &f.setups, &mut rng).unwrap();
    let r_points: Vec<_> = presignatures.values().map(|p| p.nonce_point()).collect();
    assert!(r_points.windows(2).all(|w| w[0] == w[1]), "one nonce point");
    // The message arrives; one round.
    let prehash = sha256(b"late message");
    let shares = presignatures
        .into_iter()
        .map(|(id, p)| (id, p.sign(&prehash)))
        .collect();
    let sig = sign::combine(&session, &prehash, &shares).unwrap();
    S::check_standard(&f.public.group_key(), &prehash, &sig);
    let (r, _, _) = <S as tessera_ecdsa::EcdsaSuite>::x_scalar(&r_points[0]);
    assert_eq!(sig.r(), r);
}

#[test]
fn presignatures_sign_later_secp256k1() {
    check_presignatures_sign_later::<Secp256k1>();
}

#[test]
fn presignatures_sign_later_p256() {
    check_presignatures_sign_later::<P256>();
}
