//! Non-hardened derivation of threshold keys (`tessera_keys::derive`):
//! on secp256k1 the group xpub and its children are rust-bitcoin's BIP-32
//! public derivation of the same xpub; on every suite, derived shares sign
//! (FROST, and BIP 445 on secp256k1, verified by libsecp256k1) under the
//! derived key, any `t` of them, and shares of another path or of the
//! parent are refused by epoch.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use std::collections::BTreeMap;
use std::str::FromStr;

use bitcoin::bip32::{ChildNumber, Xpub};
use bitcoin::secp256k1::Secp256k1 as Secp;
use group::GroupEncoding;
use proptest::prelude::*;
use tessera_core::identifier::identifiers;
use tessera_core::suites::Secp256k1;
use tessera_core::{Identifier, Scalar, Suite};
use tessera_frost::{KeyPackage, PublicKeyPackage, SigningPackage, round1, round2};
use tessera_keys::derive::{
    Derive, ExtendedPublicKey, HARDENED, derive_key_package, derive_public_key_package,
};
use tessera_keys::{Error, dealer};

use common::{every_subset_signs, rng, try_sign};

/// Every holder derives its own package of `path`; the public package is
/// derived by anyone. Checks that they agree.
fn derive_all<S: Derive>(
    keys: &[KeyPackage<S>],
    public: &PublicKeyPackage<S>,
    xpub: &ExtendedPublicKey<S>,
    path: &[u32],
) -> (BTreeMap<Identifier<S>, KeyPackage<S>>, PublicKeyPackage<S>) {
    let (child_public, child_xpub) = derive_public_key_package(public, xpub, path).unwrap();
    assert_eq!(child_public.group_key(), child_xpub.key());
    let mut derived = BTreeMap::new();
    for key in keys {
        let (child, holder_xpub) = derive_key_package(key, xpub, path).unwrap();
        assert_eq!(holder_xpub, child_xpub);
        assert_eq!(child.group_key(), child_public.group_key());
        assert_eq!(child.epoch(), child_public.epoch());
        assert_eq!(
            child.verifying_share(),
            child_public.verifying_share(&child.id()).unwrap()
        );
        derived.insert(child.id(), child);
    }
    (derived, child_public)
}

/// Any `t` derived shares sign under the derived key; shares of another
/// path, or the parent's, are refused by epoch; hardened indices and a
/// foreign xpub are refused.
fn check_derived_frost<S: Derive>() {
    let mut rng = rng(32);
    let ids = identifiers::<S>(3);
    let out = dealer::keygen::<S, _>(2, &ids, &mut rng).unwrap();
    let xpub = ExtendedPublicKey::of(&out.public);
    let (keys_a, public_a) = derive_all(&out.key_packages, &out.public, &xpub, &[0, 7]);
    every_subset_signs(&keys_a, &public_a, &mut rng);
    assert_ne!(public_a.group_key(), out.public.group_key());

    // The same child in steps: from the child xpub of [0], then [7].
    let (step_keys, _) = derive_all(&out.key_packages, &out.public, &xpub, &[0]);
    let (x0, _) = xpub.derive(&[0]).unwrap();
    let step: Vec<_> = step_keys.values().cloned().collect();
    let (public_steps, _) = derive_public_key_package(
        &derive_public_key_package(&out.public, &xpub, &[0])
            .unwrap()
            .0,
        &x0,
        &[7],
    )
    .unwrap();
    assert_eq!(public_steps.group_key(), public_a.group_key());
    assert_eq!(
        derive_key_package(&step[0], &x0, &[7])
            .unwrap()
            .0
            .group_key(),
        public_a.group_key()
    );

    // Another path: another key and another epoch, never mixed.
    let (keys_b, public_b) = derive_all(&out.key_packages, &out.public, &xpub, &[1]);
    assert_ne!(public_b.epoch(), public_a.epoch());
    let a = &keys_a[&ids[0]];
    let b = &keys_b[&ids[1]];
    let err = try_sign(&[a, b], &public_a, b"mixed paths", &mut rng).unwrap_err();
    assert_eq!(err, tessera_frost::Error::EpochMismatch);
    // The parent's share with a child's package, too.
    let parent = &out.key_packages[1];
    let err = try_sign(&[a, parent], &public_a, b"parent", &mut rng).unwrap_err();
    assert_eq!(err, tessera_frost::Error::EpochMismatch);
    // A signer asked to sign a package of another path refuses.
    let (nonces, commitments) = round1::commit(b, &mut rng);
    let package = SigningPackage::new(public_a.epoch(), [(b.id(), commitments)].into(), b"x");
    assert_eq!(
        round2::sign(&package, nonces, b).unwrap_err(),
        tessera_frost::Error::EpochMismatch
    );

    assert_eq!(
        xpub.derive(&[3, HARDENED]).unwrap_err(),
        Error::HardenedDerivation { index: HARDENED }
    );
    let other = ExtendedPublicKey::<S>::from_group_key(public_b.group_key());
    assert_eq!(
        derive_key_package(&out.key_packages[0], &other, &[0]).unwrap_err(),
        Error::ExtendedKeyMismatch
    );
    // A caller-supplied chain code gives another child of the same key.
    let custom = ExtendedPublicKey::<S>::new(out.public.group_key(), [42u8; 32]);
    assert_ne!(
        custom.derive(&[0, 7]).unwrap().0.key(),
        public_a.group_key()
    );
}

tessera_core::test_all_suites!(check_derived_frost);

fn random_root(seed: u64, chain: Option<[u8; 32]>) -> ExtendedPublicKey<Secp256k1> {
    let key = Secp256k1::mul_base(&Scalar::<Secp256k1>::from(seed));
    match chain {
        Some(c) => ExtendedPublicKey::new(key, c),
        None => ExtendedPublicKey::from_group_key(key),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(40))]

    /// The xpub string, and every child on a random non-hardened path, are
    /// what rust-bitcoin's BIP-32 public derivation gives for the same xpub.
    #[test]
    fn xpub_children_match_rust_bitcoin(
        seed in 1u64..,
        chain in proptest::option::of(any::<[u8; 32]>()),
        path in proptest::collection::vec(0u32..HARDENED, 1..5),
        mainnet in any::<bool>(),
    ) {
        let secp = Secp::verification_only();
        let root = random_root(seed, chain);
        let s = root.to_xpub(mainnet);
        let prefix = if mainnet { "xpub" } else { "tpub" };
        prop_assert!(s.starts_with(prefix));
        let theirs = Xpub::from_str(&s).unwrap();
        prop_assert_eq!(theirs.public_key.serialize().to_vec(), root.key().to_bytes().to_vec());
        let (parsed, parsed_mainnet) = ExtendedPublicKey::<Secp256k1>::from_xpub(&s).unwrap();
        prop_assert_eq!(parsed, root);
        prop_assert_eq!(parsed_mainnet, mainnet);

        let numbers: Vec<ChildNumber> = path.iter().map(|i| ChildNumber::from_normal_idx(*i).unwrap()).collect();
        let their_child = theirs.derive_pub(&secp, &numbers).unwrap();
        let (child, tweak) = root.derive(&path).unwrap();
        prop_assert_eq!(child.to_xpub(mainnet), their_child.to_string());
        prop_assert_eq!(their_child.public_key.serialize().to_vec(), child.key().to_bytes().to_vec());
        prop_assert_eq!(child.key(), root.key() + Secp256k1::mul_base(&tweak));
        prop_assert_eq!(ExtendedPublicKey::<Secp256k1>::from_xpub(&child.to_xpub(mainnet)).unwrap().0, child);
    }
}

#[test]
fn malformed_xpubs_are_refused() {
    let root = random_root(5, None);
    let good = root.to_xpub(true);
    let mut chars: Vec<char> = good.chars().collect();
    chars[20] = if chars[20] == 'a' { 'b' } else { 'a' };
    let tampered: String = chars.into_iter().collect();
    assert!(matches!(
        ExtendedPublicKey::<Secp256k1>::from_xpub(&tampered),
        Err(Error::InvalidExtendedKey(_))
    ));
    // An xprv-version payload is not an xpub.
    let mut data = bs58_decode(&good);
    data[..4].copy_from_slice(&[0x04, 0x88, 0xad, 0xe4]);
    assert!(ExtendedPublicKey::<Secp256k1>::from_xpub(&bs58_encode(&data)).is_err());
    // A key that is not a point.
    let mut data = bs58_decode(&good);
    data[45] = 0x05;
    assert!(ExtendedPublicKey::<Secp256k1>::from_xpub(&bs58_encode(&data)).is_err());
}

fn bs58_decode(s: &str) -> Vec<u8> {
    bitcoin::base58::decode_check(s).unwrap()
}

fn bs58_encode(data: &[u8]) -> String {
    bitcoin::base58::encode_check(data)
}

/// BIP 445 with derived shares: the signature verifies under the derived
/// key for libsecp256k1, for every signer pair.
#[test]
fn bip445_with_derived_shares() {
    use tessera_bitcoin::{
        NonceInputs, SessionContext, SignersContext, aggregate, nonce_agg, nonce_gen, sign_with_key,
    };
    let mut rng = rng(445);
    let ids = identifiers::<Secp256k1>(3);
    let out = dealer::keygen::<Secp256k1, _>(2, &ids, &mut rng).unwrap();
    let xpub = ExtendedPublicKey::of(&out.public);
    let path = [44, 0, 5];
    let (keys, public) = derive_all(&out.key_packages, &out.public, &xpub, &path);
    let msg = [0x5au8; 32];
    for pair in [[0, 1], [0, 2], [1, 2]] {
        let signers = [ids[pair[0]], ids[pair[1]]];
        let ctx = SignersContext::from_public(&public, &signers).unwrap();
        let (secs, pubs): (Vec<_>, Vec<_>) = signers
            .iter()
            .map(|id| nonce_gen(&NonceInputs::for_key(&keys[id]), &mut rng).unwrap())
            .unzip();
        let session = SessionContext::new(&ctx, &nonce_agg(&pubs), &[], &msg).unwrap();
        let psigs: Vec<_> = signers
            .iter()
            .zip(secs)
            .map(|(id, sec)| sign_with_key(sec, &keys[id], &session).unwrap())
            .collect();
        let sig = aggregate(&session, &pubs, &psigs).unwrap();
        let x = session.xonly_pubkey();
        assert_eq!(&x[..], &public.group_key().to_bytes()[1..]);
        let secp = Secp::verification_only();
        let key = bitcoin::secp256k1::XOnlyPublicKey::from_slice(&x).unwrap();
        let sig = bitcoin::secp256k1::schnorr::Signature::from_slice(&sig.to_bytes()).unwrap();
        secp.verify_schnorr(&sig, &bitcoin::secp256k1::Message::from_digest(msg), &key)
            .unwrap();
    }
    // A parent share in a derived session is refused by epoch.
    let ctx = SignersContext::from_public(&public, &ids[..2]).unwrap();
    let (sec, p1) = nonce_gen(&NonceInputs::for_key(&out.key_packages[0]), &mut rng).unwrap();
    let (_, p2) = nonce_gen(&NonceInputs::<Secp256k1>::default(), &mut rng).unwrap();
    let session = SessionContext::new(&ctx, &nonce_agg(&[p1, p2]), &[], &msg).unwrap();
    assert_eq!(
        sign_with_key(sec, &out.key_packages[0], &session).unwrap_err(),
        tessera_bitcoin::Error::EpochMismatch
    );
}
