//! P2TR addresses and BIP-341 tweaks against rust-bitcoin's (an
//! independent implementation), on mainnet and testnet, with and without a
//! script tree.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use bitcoin::hashes::Hash;
use bitcoin::key::Secp256k1;
use bitcoin::secp256k1::XOnlyPublicKey;
use bitcoin::taproot::{LeafVersion, TapLeafHash, TapNodeHash};
use bitcoin::{Address, KnownHrp, ScriptBuf};
use group::GroupEncoding;
use proptest::prelude::*;
use tessera_bitcoin::address::{
    Network, TaprootOutput, p2tr, parse_p2tr, tap_branch_hash, tap_leaf_hash,
};

fn point(seed: u64) -> k256::ProjectivePoint {
    k256::ProjectivePoint::mul_by_generator(&k256::Scalar::from(seed))
}

fn theirs(internal: &k256::ProjectivePoint, root: Option<[u8; 32]>, hrp: KnownHrp) -> String {
    let secp = Secp256k1::verification_only();
    let x = XOnlyPublicKey::from_slice(&internal.to_bytes()[1..]).unwrap();
    Address::p2tr(&secp, x, root.map(TapNodeHash::from_byte_array), hrp).to_string()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    #[test]
    fn p2tr_matches_rust_bitcoin(seed in 1u64.., root in proptest::option::of(any::<[u8; 32]>())) {
        let internal = point(seed);
        let out = TaprootOutput::new(&internal, root).unwrap();
        prop_assert_eq!(out.address(Network::Bitcoin), theirs(&internal, root, KnownHrp::Mainnet));
        prop_assert_eq!(out.address(Network::Testnet), theirs(&internal, root, KnownHrp::Testnets));
        prop_assert_eq!(out.address(Network::Regtest), theirs(&internal, root, KnownHrp::Regtest));
        prop_assert_eq!(parse_p2tr(&out.address(Network::Bitcoin)), Some((Network::Bitcoin, out.output_key())));
        // The output key is the key rust-bitcoin tweaks to.
        let secp = Secp256k1::verification_only();
        let x = XOnlyPublicKey::from_slice(&internal.to_bytes()[1..]).unwrap();
        let (tweaked, parity) = bitcoin::key::TapTweak::tap_tweak(x, &secp, root.map(TapNodeHash::from_byte_array));
        prop_assert_eq!(tweaked.to_x_only_public_key().serialize(), out.output_key());
        prop_assert_eq!(parity == bitcoin::secp256k1::Parity::Odd, out.output_parity());
    }
}

#[test]
fn script_tree_hashes_match_rust_bitcoin() {
    let scripts: Vec<Vec<u8>> = vec![
        vec![0x51],                                         // OP_TRUE
        vec![0x00; 300],                                    // long enough for a 3-byte compact size
        vec![0x20; 33].into_iter().chain([0xac]).collect(), // push 32 + CHECKSIG shape
    ];
    let ours: Vec<[u8; 32]> = scripts.iter().map(|s| tap_leaf_hash(0xc0, s)).collect();
    for (s, h) in scripts.iter().zip(&ours) {
        let leaf =
            TapLeafHash::from_script(&ScriptBuf::from_bytes(s.clone()), LeafVersion::TapScript);
        assert_eq!(leaf.to_byte_array(), *h);
    }
    let branch = tap_branch_hash(&ours[0], &ours[1]);
    let their_branch = TapNodeHash::from_node_hashes(
        TapNodeHash::from_byte_array(ours[0]),
        TapNodeHash::from_byte_array(ours[1]),
    );
    assert_eq!(branch, their_branch.to_byte_array());
    assert_eq!(tap_branch_hash(&ours[1], &ours[0]), branch);
    let internal = point(7);
    let out = TaprootOutput::new(&internal, Some(branch)).unwrap();
    assert_eq!(
        out.address(Network::Testnet),
        theirs(&internal, Some(branch), KnownHrp::Testnets)
    );
}

/// BIP-350 / BIP-86 known answer: the P2TR address of the first BIP-86
/// test key (internal key `cc8a4bc6...`, no script tree).
#[test]
fn bip86_known_address() {
    let x =
        hex::decode("cc8a4bc64d897bddc5fbc2f670f7a8ba0b386779106cf1223c6fc5d7cd6fc115").unwrap();
    let internal = k256::ProjectivePoint::from_bytes(
        &<[u8; 33]>::try_from([&[0x02u8][..], &x].concat())
            .unwrap()
            .into(),
    )
    .unwrap();
    let out = TaprootOutput::new(&internal, None).unwrap();
    assert_eq!(
        out.address(Network::Bitcoin),
        "bc1p5cyxnuxmeuwuvkwfem96lqzszd02n6xdcjrs20cac6yqjjwudpxqkedrcr"
    );
    assert_eq!(
        p2tr(&out.output_key(), Network::Bitcoin),
        out.address(Network::Bitcoin)
    );
}

#[test]
fn identity_and_foreign_addresses_are_refused() {
    assert!(TaprootOutput::new(&k256::ProjectivePoint::IDENTITY, None).is_none());
    // A v0 (P2WPKH) address is not P2TR.
    assert_eq!(
        parse_p2tr("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"),
        None
    );
    assert_eq!(parse_p2tr("not an address"), None);
}
