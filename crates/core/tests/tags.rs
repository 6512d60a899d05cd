//! The tag tables against the wire format's allocations, written out here
//! by hand: suite and kind names both ways, and how tags print.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use tessera_core::tags::{KindTag, SuiteTag, kind_name, kind_tag, suite_name, suite_tag};

#[test]
fn suites_are_named_both_ways() {
    for (tag, name) in [
        (1, "ed25519"),
        (2, "ristretto255"),
        (3, "secp256k1"),
        (4, "p256"),
        (5, "secp256k1-tr"),
    ] {
        assert_eq!(suite_name(tag), Some(name), "tag {tag}");
        assert_eq!(suite_tag(name), Some(tag), "{name}");
    }
    for tag in [0, 6, 9, 255] {
        assert_eq!(suite_name(tag), None, "tag {tag}");
    }
    for name in ["", "Ed25519", "secp256r1", "key-package"] {
        assert_eq!(suite_tag(name), None, "{name:?}");
    }
}

#[test]
fn kinds_are_named_both_ways() {
    for (tag, name) in [
        (0x01, "secret-share"),
        (0x02, "vss-commitment"),
        (0x10, "signing-commitments"),
        (0x14, "key-package"),
        (0x15, "public-key-package"),
        (0x21, "dkg-round2-package"),
        (0x34, "repair-sigma"),
        (0x45, "bip445-signing-request"),
        (0x5b, "ecdsa-signature"),
        (0x78, "wallet-keychain"),
    ] {
        assert_eq!(kind_name(tag), Some(name), "kind {tag:#04x}");
        assert_eq!(kind_tag(name), Some(tag), "{name}");
    }
    for tag in [0x00, 0x03, 0x16, 0x7f, 0xff] {
        assert_eq!(kind_name(tag), None, "kind {tag:#04x}");
    }
    for name in ["", "ed25519", "Key-Package", "key package"] {
        assert_eq!(kind_tag(name), None, "{name:?}");
    }
    // Every allocated kind reads back as itself.
    for tag in 0..=u8::MAX {
        if let Some(name) = kind_name(tag) {
            assert_eq!(kind_tag(name), Some(tag), "{name}");
        }
    }
}

#[test]
fn tags_print_with_their_names() {
    assert_eq!(SuiteTag(3).to_string(), "secp256k1 (tag 3)");
    assert_eq!(SuiteTag(9).to_string(), "unknown (tag 9)");
    assert_eq!(KindTag(0x14).to_string(), "key-package (0x14)");
    assert_eq!(KindTag(0x42).to_string(), "bip445-aggothernonce (0x42)");
    assert_eq!(KindTag(0x0e).to_string(), "unknown (0x0e)");
}
