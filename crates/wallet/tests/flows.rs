//! The wallet flows end to end, with verdicts from independent verifiers:
//! ed25519-dalek's `verify_strict` for Ed25519 signatures, and k256 / p256
//! ECDSA for keys exported at exit.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use group::GroupEncoding;
use rand::SeedableRng;
use rand_chacha::ChaCha20Rng;
use tessera_core::suites::{Ed25519, P256, Ristretto255, Secp256k1};
use tessera_keys::{NativeAddress, NativeKey};
use tessera_wallet::{Account, Error, story::account_life};

fn rng(seed: u64) -> ChaCha20Rng {
    ChaCha20Rng::seed_from_u64(seed)
}

fn check_story<S: NativeKey + NativeAddress>() {
    let mut lines = Vec::new();
    account_life::<S, _>(&mut rng(1), |l| lines.push(l)).unwrap();
    assert_eq!(lines.len(), 13, "{lines:#?}");
    assert!(lines.iter().any(|l| l.contains("no longer signs")));
    assert!(lines[0].contains(S::ADDRESS_KIND), "{lines:#?}");
    let address = lines[0].split(S::ADDRESS_KIND).nth(1).unwrap();
    let address = address.trim().split(',').next().unwrap();
    assert!(lines[12].ends_with(&format!("address unchanged throughout: {address}")));
}

#[test]
fn story_ed25519() {
    check_story::<Ed25519>();
}
#[test]
fn story_ristretto255() {
    check_story::<Ristretto255>();
}
#[test]
fn story_secp256k1() {
    check_story::<Secp256k1>();
}
#[test]
fn story_p256() {
    check_story::<P256>();
}

/// After every flow, an Ed25519 account signature is a standard Ed25519
/// signature under the unchanged address.
#[test]
fn ed25519_account_signatures_verify_strict() {
    let mut rng = rng(2);
    let mut account =
        Account::<Ed25519>::create(&["device", "login", "recovery"], 2, &mut rng).unwrap();
    let vk = ed25519_dalek::VerifyingKey::from_bytes(&account.group_key().to_bytes()).unwrap();
    let check = |account: &Account<Ed25519>, signers: &[&str], rng: &mut ChaCha20Rng| {
        let sig = account.sign(signers, b"transfer", rng).unwrap();
        let sig =
            ed25519_dalek::Signature::from_bytes(&sig.to_standard_bytes().try_into().unwrap());
        vk.verify_strict(b"transfer", &sig).unwrap();
    };
    check(&account, &["device", "recovery"], &mut rng);
    account.replace("device", "phone", &mut rng).unwrap();
    check(&account, &["phone", "login"], &mut rng);
    account.add_factor("hardware", 3, &mut rng).unwrap();
    check(&account, &["phone", "login", "hardware"], &mut rng);
    account.repair("login", &mut rng).unwrap();
    check(&account, &["recovery", "login", "hardware"], &mut rng);
    account.remove_factor("hardware", 2, &mut rng).unwrap();
    account.refresh(&mut rng).unwrap();
    check(&account, &["phone", "recovery"], &mut rng);
    let mut members = account.members();
    members.sort_unstable();
    assert_eq!(members, vec!["login", "phone", "recovery"]);
    assert_eq!(account.threshold(), 2);
}

/// The exit key of a secp256k1 / P-256 account signs ECDSA that verifies
/// under the account's address.
#[test]
fn exit_keys_sign_ecdsa() {
    use k256::ecdsa::signature::{Signer, Verifier};
    let mut rng = rng(3);
    let mut account =
        Account::<Secp256k1>::create(&["device", "login", "recovery"], 2, &mut rng).unwrap();
    account.replace("device", "phone", &mut rng).unwrap();
    let native = account.exit(&["phone", "recovery"]).unwrap();
    let signing = k256::ecdsa::SigningKey::from_slice(&native).unwrap();
    let sig: k256::ecdsa::Signature = signing.sign(b"exit");
    k256::ecdsa::VerifyingKey::from_affine(account.group_key().to_affine())
        .unwrap()
        .verify(b"exit", &sig)
        .unwrap();

    let account = Account::<P256>::create(&["device", "login", "recovery"], 2, &mut rng).unwrap();
    let native = account.exit(&["device", "recovery"]).unwrap();
    let signing = p256::ecdsa::SigningKey::from_slice(&native).unwrap();
    let sig: p256::ecdsa::Signature = signing.sign(b"exit");
    p256::ecdsa::VerifyingKey::from_affine(account.group_key().to_affine())
        .unwrap()
        .verify(b"exit", &sig)
        .unwrap();
}

#[test]
fn flows_refuse_bad_requests() {
    let mut rng = rng(4);
    assert!(matches!(
        Account::<Ristretto255>::create(&["device", "device", "recovery"], 2, &mut rng),
        Err(Error::DuplicateRole(_))
    ));
    let mut account =
        Account::<Ristretto255>::create(&["device", "login", "recovery"], 2, &mut rng).unwrap();
    assert!(matches!(
        account.sign(&["device", "stranger"], b"m", &mut rng),
        Err(Error::UnknownRole(_))
    ));
    // A signer listed twice is reported as such, not as too few signers.
    assert_eq!(
        account
            .sign(&["device", "device"], b"m", &mut rng)
            .unwrap_err()
            .to_string(),
        Error::<Ristretto255>::DuplicateSigner("device".to_string()).to_string()
    );
    assert!(matches!(
        account.replace("stranger", "phone", &mut rng),
        Err(Error::UnknownRole(_))
    ));
    assert!(matches!(
        account.replace("device", "login", &mut rng),
        Err(Error::DuplicateRole(_))
    ));
    assert!(matches!(
        account.add_factor("hardware", 5, &mut rng),
        Err(Error::Keys(_))
    ));
    assert!(account.sign(&["device"], b"m", &mut rng).is_err());
    assert!(account.exit(&["device"]).is_err());
    // A failed flow leaves the account usable.
    account.sign(&["device", "login"], b"m", &mut rng).unwrap();
}

/// The native-signature stories run to the end (each checks its
/// signatures with a standard verifier: k256 BIP-340, k256 ecrecover,
/// p256 ECDSA).
#[test]
fn native_signature_stories() {
    let mut lines = Vec::new();
    tessera_wallet::story::taproot_account(&mut rng(11), |l| lines.push(l)).unwrap();
    assert_eq!(lines.len(), 5, "{lines:#?}");
    assert!(lines[4].starts_with("P2TR address unchanged throughout: bc1p"));
    lines.clear();
    tessera_wallet::story::ethereum_account(&mut rng(12), |l| lines.push(l)).unwrap();
    assert_eq!(lines.len(), 4, "{lines:#?}");
    assert!(lines[2].contains("hardware-"), "{lines:#?}");
    assert!(!lines[2].contains("device-login"), "{lines:#?}");
    lines.clear();
    tessera_wallet::story::p256_account(&mut rng(13), |l| lines.push(l)).unwrap();
    assert_eq!(lines.len(), 3, "{lines:#?}");
}
