//! Weighted threshold keys (a member of weight `w` holds `w` shares) and
//! Sequence-style multisig (independent keys with weights). Signatures of
//! the weighted key are ordinary signatures under the group key: checked
//! by ed25519-dalek (`verify_strict`) for Ed25519 and by libsecp256k1 and
//! k256 (BIP-340) for secp256k1-tr, and by FROST's verifier on every suite.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use group::GroupEncoding;
use rand::SeedableRng;
use rand_chacha::ChaCha20Rng;
use tessera_core::Suite;
use tessera_core::suites::{Ed25519, Secp256k1Tr};
use tessera_wallet::Error;
use tessera_wallet::multisig::{Config, Member, MultisigSignature, MultisigWallet, signature_len};
use tessera_wallet::schnorr::SigningKey;
use tessera_wallet::weighted::WeightedAccount;

fn rng(seed: u64) -> ChaCha20Rng {
    ChaCha20Rng::seed_from_u64(seed)
}

/// Weights device 2, login 1, recovery 1, threshold 3: any set of weight 3
/// signs, any set below is refused with the weights in the error.
fn weighted_signs_by_weight<S: Suite>() {
    let mut rng = rng(1);
    let account =
        WeightedAccount::<S>::create(&[("device", 2), ("login", 1), ("recovery", 1)], 3, &mut rng)
            .unwrap();
    assert_eq!(account.threshold(), 3);
    assert_eq!(account.weight("device").unwrap(), 2);
    assert_eq!(account.keys_of("device").unwrap().len(), 2);
    assert_eq!(account.public().verifying_shares().len(), 4);
    for signers in [
        &["device", "login"][..],
        &["device", "recovery"],
        &["login", "device"],
        &["device", "login", "recovery"],
    ] {
        let signature = account.sign(signers, b"pay", &mut rng).unwrap();
        signature.verify(&account.group_key(), b"pay").unwrap();
        assert!(signature.verify(&account.group_key(), b"other").is_err());
    }
    for (signers, have) in [
        (&["login", "recovery"][..], 2),
        (&["device"], 2),
        (&["login"], 1),
    ] {
        assert_eq!(
            account.sign(signers, b"pay", &mut rng).unwrap_err(),
            Error::NotEnoughWeight { have, need: 3 }
        );
    }
    assert!(matches!(
        account.sign(&["device", "device"], b"pay", &mut rng),
        Err(Error::DuplicateRole(_))
    ));
    assert!(matches!(
        account.sign(&["device", "hacker"], b"pay", &mut rng),
        Err(Error::UnknownRole(_))
    ));
    // Bad configurations.
    for (members, threshold) in [
        (&[("a", 0), ("b", 2)][..], 2),
        (&[("a", 1), ("b", 1)], 1),
        (&[("a", 1), ("b", 1)], 3),
    ] {
        assert!(matches!(
            WeightedAccount::<S>::create(members, threshold, &mut rng),
            Err(Error::InvalidWeights(_))
        ));
    }
    assert!(matches!(
        WeightedAccount::<S>::create(&[("a", 1), ("a", 1)], 2, &mut rng),
        Err(Error::DuplicateRole(_))
    ));
}

tessera_core::test_all_suites!(weighted_signs_by_weight, multisig_model);

#[test]
fn weighted_ed25519_signatures_verify_strict() {
    let mut rng = rng(2);
    let account =
        WeightedAccount::<Ed25519>::create(&[("a", 3), ("b", 1), ("c", 1)], 4, &mut rng).unwrap();
    let key = ed25519_dalek::VerifyingKey::from_bytes(&account.group_key().to_bytes()).unwrap();
    for signers in [&["a", "b"][..], &["a", "c"]] {
        let signature = account.sign(signers, b"weighted", &mut rng).unwrap();
        let bytes: [u8; 64] = signature.to_standard_bytes().try_into().unwrap();
        key.verify_strict(b"weighted", &ed25519_dalek::Signature::from_bytes(&bytes))
            .unwrap();
    }
    assert_eq!(
        account
            .sign(&["b", "c"], b"weighted", &mut rng)
            .unwrap_err(),
        Error::NotEnoughWeight { have: 2, need: 4 }
    );
}

#[test]
fn weighted_taproot_signatures_are_bip340() {
    let mut rng = rng(3);
    let account =
        WeightedAccount::<Secp256k1Tr>::create(&[("a", 2), ("b", 1), ("c", 1)], 3, &mut rng)
            .unwrap();
    let x_only = tessera_frost::bip340::x_only_key::<Secp256k1Tr>(&account.group_key());
    let signature = account
        .sign(&["a", "c"], b"spend", &mut rng)
        .unwrap()
        .to_standard_bytes();
    assert!(tessera_peer::libsecp256k1_verifies(
        &x_only, b"spend", &signature
    ));
    assert!(tessera_peer::k256_schnorr_verifies(
        &x_only, b"spend", &signature
    ));
}

/// Sequence's model: 2-of-3 independent keys; k signatures carried with
/// the whole configuration; a lost key replaced by the other two.
fn multisig_model<S: Suite>() {
    let mut rng = rng(4);
    let keys: Vec<SigningKey<S>> = (0..3).map(|_| SigningKey::generate(&mut rng)).collect();
    let names = ["session", "guard", "torus"];
    let members = names
        .iter()
        .zip(&keys)
        .map(|(n, k)| Member::new(n, k.public(), 1))
        .collect();
    let mut wallet = MultisigWallet::new(Config::new(2, members).unwrap());
    let signature = wallet
        .sign(
            &[("session", &keys[0]), ("guard", &keys[1])],
            b"pay",
            &mut rng,
        )
        .unwrap();
    wallet.verify(b"pay", &signature).unwrap();
    let bytes = signature.to_bytes();
    assert_eq!(bytes.len(), signature_len::<S>(3, 2));
    let decoded = MultisigSignature::<S>::from_bytes(&bytes).unwrap();
    assert_eq!(decoded.signatures(), 2);
    wallet.verify(b"pay", &decoded).unwrap();
    assert!(matches!(
        wallet.verify(b"other", &decoded),
        Err(Error::InvalidMemberSignature(_))
    ));
    for len in 0..bytes.len() {
        assert!(MultisigSignature::<S>::from_bytes(&bytes[..len]).is_err());
    }
    // A flipped byte in a member's signature: that member is named.
    let mut bad = bytes.clone();
    let last = bad.len() - 1;
    bad[last - 2] ^= 1;
    if let Ok(bad) = MultisigSignature::<S>::from_bytes(&bad) {
        assert!(wallet.verify(b"pay", &bad).is_err());
    }
    // Below the threshold; a key that is not the member's.
    assert_eq!(
        wallet
            .sign(&[("torus", &keys[2])], b"pay", &mut rng)
            .unwrap_err(),
        Error::NotEnoughWeight { have: 1, need: 2 }
    );
    assert_eq!(
        wallet
            .sign(
                &[("session", &keys[1]), ("guard", &keys[1])],
                b"pay",
                &mut rng
            )
            .unwrap_err(),
        Error::InvalidMemberSignature("session".into())
    );
    // Another configuration's signature is refused.
    let other = MultisigWallet::new(
        Config::new(
            1,
            vec![
                Member::new("session", keys[0].public(), 1),
                Member::new("guard", keys[1].public(), 1),
            ],
        )
        .unwrap(),
    );
    let theirs = other
        .sign(&[("session", &keys[0])], b"pay", &mut rng)
        .unwrap();
    assert_eq!(
        wallet.verify(b"pay", &theirs).unwrap_err(),
        Error::WrongConfiguration
    );
    // Replace the lost session key: guard + torus sign the new
    // configuration; the image hash changes; the new key signs, the old
    // one no longer counts.
    let before = wallet.image_hash();
    let new_key = SigningKey::<S>::generate(&mut rng);
    wallet
        .replace(
            "session",
            "new-session",
            new_key.public(),
            &[("guard", &keys[1]), ("torus", &keys[2])],
            &mut rng,
        )
        .unwrap();
    assert_ne!(wallet.image_hash(), before);
    let signature = wallet
        .sign(
            &[("new-session", &new_key), ("torus", &keys[2])],
            b"pay",
            &mut rng,
        )
        .unwrap();
    wallet.verify(b"pay", &signature).unwrap();
    assert!(matches!(
        wallet.sign(
            &[("session", &keys[0]), ("torus", &keys[2])],
            b"pay",
            &mut rng
        ),
        Err(Error::UnknownRole(_))
    ));
    // Signatures made under the old configuration are refused.
    let old = MultisigWallet::new(
        Config::new(
            2,
            names
                .iter()
                .zip(&keys)
                .map(|(n, k)| Member::new(n, k.public(), 1))
                .collect(),
        )
        .unwrap(),
    );
    let stale = old
        .sign(
            &[("session", &keys[0]), ("guard", &keys[1])],
            b"pay",
            &mut rng,
        )
        .unwrap();
    assert_eq!(
        wallet.verify(b"pay", &stale).unwrap_err(),
        Error::WrongConfiguration
    );
}
