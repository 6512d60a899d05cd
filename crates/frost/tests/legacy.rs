//! `legacy::upgrade_v1` on the version 1 golden key (tessera-wallet's
//! frozen files), and on edits of it that only one check can catch: the key
//! package of another group key, threshold or epoch, an epoch stored by an
//! importer, and a share count the bytes cannot hold.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use tessera_core::suites::Ed25519;
use tessera_frost::legacy::upgrade_v1;
use tessera_frost::{Epoch, Error};

type S = Ed25519;

const KEY: &str = include_str!("../../wallet/tests/golden/v1/ed25519/key-package.hex");
const PUBLIC: &str = include_str!("../../wallet/tests/golden/v1/ed25519/public-key-package.hex");

fn golden() -> (Vec<u8>, Vec<u8>) {
    (
        hex::decode(KEY.trim()).unwrap(),
        hex::decode(PUBLIC.trim()).unwrap(),
    )
}

// Version 1 layouts (header of 3 bytes first).
// Key package: identifier (32), threshold (2), epoch (32), share (32), group key (32).
const KEY_THRESHOLD: usize = 3 + 32;
const KEY_EPOCH: usize = KEY_THRESHOLD + 2;
const KEY_GROUP: usize = KEY_EPOCH + 32 + 32;
// Public key package: epoch (32), threshold (2), group key (32), count (4), shares.
const PUBLIC_EPOCH: usize = 3;
const PUBLIC_COUNT: usize = 3 + 32 + 2 + 32;

fn another_key_package() -> Error<S> {
    Error::InconsistentKey("the version 1 key package belongs to another public key package")
}

#[test]
fn a_key_made_by_tessera_upgrades_with_its_epoch() {
    let (key, public) = golden();
    let upgraded = upgrade_v1::<S>(&key, &public).unwrap();
    assert_eq!(upgraded.epoch_changed, None);
    assert_eq!(
        upgraded.public.epoch().as_bytes()[..],
        public[PUBLIC_EPOCH..PUBLIC_EPOCH + 32]
    );
    assert_eq!(upgraded.public.threshold(), 2);
    assert_eq!(upgraded.public.verifying_shares().len(), 3);
    assert_eq!(upgraded.key.group_key(), upgraded.public.group_key());
}

#[test]
fn a_key_package_of_another_group_key_threshold_or_epoch_is_refused() {
    let (key, public) = golden();
    let mut threshold = key.clone();
    threshold[KEY_THRESHOLD + 1] = 3;
    let mut epoch = key.clone();
    epoch[KEY_EPOCH] ^= 1;
    let mut group = key.clone();
    // RFC 8032's base point: a valid point, not this key.
    group[KEY_GROUP..].copy_from_slice(
        &hex::decode("5866666666666666666666666666666666666666666666666666666666666666").unwrap(),
    );
    assert_ne!(group, key);
    for (what, edited) in [
        ("threshold", threshold),
        ("epoch", epoch),
        ("group key", group),
    ] {
        assert_eq!(
            upgrade_v1::<S>(&edited, &public).unwrap_err(),
            another_key_package(),
            "{what}"
        );
    }
}

#[test]
fn an_epoch_an_importer_stored_is_replaced_and_reported() {
    let (mut key, mut public) = golden();
    let stored = [0x5a; 32];
    key[KEY_EPOCH..KEY_EPOCH + 32].copy_from_slice(&stored);
    public[PUBLIC_EPOCH..PUBLIC_EPOCH + 32].copy_from_slice(&stored);
    let upgraded = upgrade_v1::<S>(&key, &public).unwrap();
    assert_eq!(upgraded.epoch_changed, Some(Epoch::from_bytes(stored)));
    assert_ne!(upgraded.public.epoch(), Epoch::from_bytes(stored));
}

#[test]
fn a_share_count_beyond_the_bytes_is_an_invalid_length() {
    let (key, mut public) = golden();
    assert_eq!(public[PUBLIC_COUNT..PUBLIC_COUNT + 4], [0, 0, 0, 3]);
    public[PUBLIC_COUNT + 3] = 4;
    assert_eq!(
        upgrade_v1::<S>(&key, &public).unwrap_err(),
        Error::Core(tessera_core::Error::InvalidLength(4))
    );
}
