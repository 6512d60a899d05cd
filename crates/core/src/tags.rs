//! The names of the wire format's one-byte tags: suites ([`Suite::ID`]) and
//! message kinds ([`Wire::KIND`](crate::Wire::KIND)).
//!
//! This is the one mapping between tags and names. Error messages use it to
//! say "suite secp256k1 (tag 3)" rather than "suite 3", and the serde
//! support of [`crate::encoding`] writes suites and kinds by name in
//! human-readable formats. A tag missing here still works everywhere: it
//! prints as "unknown (tag 9)" or "unknown (0x42)".
//!
//! Whoever adds a suite or a message kind adds its name here.
//!
//! [`Suite::ID`]: crate::Suite::ID

use core::fmt;

/// Every suite tag tessera allocates, with the suite's [`Suite::NAME`].
///
/// [`Suite::NAME`]: crate::Suite::NAME
pub const SUITES: &[(u8, &str)] = &[
    (1, "ed25519"),
    (2, "ristretto255"),
    (3, "secp256k1"),
    (4, "p256"),
    // Reserved for FROST(secp256k1, SHA-256)-TR (BIP 340 / Taproot signatures).
    (5, "secp256k1-tr"),
];

/// Every message kind tessera allocates, with its name: `0x01..=0x0f` core,
/// `0x10..=0x1f` FROST, `0x20..=0x3f` key generation and lifecycle,
/// `0x40..=0x4f` BIP 445 (tessera-bitcoin), `0x50..=0x6f` threshold ECDSA
/// (tessera-ecdsa), `0x70..=0x7f` wallet (tessera-wallet).
pub const KINDS: &[(u8, &str)] = &[
    (0x01, "secret-share"),
    (0x02, "vss-commitment"),
    (0x10, "signing-commitments"),
    (0x11, "signing-package"),
    (0x12, "signature-share"),
    (0x13, "signature"),
    (0x14, "key-package"),
    (0x15, "public-key-package"),
    (0x20, "dkg-round1-package"),
    (0x21, "dkg-round2-package"),
    (0x30, "reshare-commitment"),
    (0x31, "reshare-share"),
    (0x32, "repair-commitments"),
    (0x33, "repair-delta"),
    (0x34, "repair-sigma"),
    (0x40, "bip445-pubnonce"),
    (0x41, "bip445-aggnonce"),
    (0x42, "bip445-aggothernonce"),
    (0x43, "bip445-partial-signature"),
    (0x44, "bip340-signature"),
    (0x45, "bip445-signing-request"),
    (0x50, "ecdsa-pair-setup"),
    (0x51, "ecdsa-setup-message"),
    (0x58, "ecdsa-round1"),
    (0x59, "ecdsa-round2"),
    (0x5a, "ecdsa-signature-share"),
    (0x5b, "ecdsa-signature"),
    (0x70, "wallet-certificate"),
    (0x71, "wallet-signed-action"),
    (0x72, "wallet-revocation-list"),
    (0x78, "wallet-keychain"),
];

fn name_of(table: &[(u8, &'static str)], tag: u8) -> Option<&'static str> {
    table.iter().find(|(t, _)| *t == tag).map(|(_, n)| *n)
}

fn tag_of(table: &[(u8, &'static str)], name: &str) -> Option<u8> {
    table.iter().find(|(_, n)| *n == name).map(|(t, _)| *t)
}

/// The name of suite tag `tag`, if tessera allocates it.
pub fn suite_name(tag: u8) -> Option<&'static str> {
    name_of(SUITES, tag)
}

/// The tag of the suite named `name`, if tessera knows it.
pub fn suite_tag(name: &str) -> Option<u8> {
    tag_of(SUITES, name)
}

/// The name of message kind `kind`, if tessera allocates it.
pub fn kind_name(kind: u8) -> Option<&'static str> {
    name_of(KINDS, kind)
}

/// The tag of the message kind named `name`, if tessera knows it.
pub fn kind_tag(name: &str) -> Option<u8> {
    tag_of(KINDS, name)
}

/// A suite tag that displays with its name: `secp256k1 (tag 3)`, or
/// `unknown (tag 9)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SuiteTag(pub u8);

impl fmt::Display for SuiteTag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match suite_name(self.0) {
            Some(name) => write!(f, "{name} (tag {})", self.0),
            None => write!(f, "unknown (tag {})", self.0),
        }
    }
}

/// A message-kind tag that displays with its name: `key-package (0x14)`,
/// or `unknown (0x42)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KindTag(pub u8);

impl fmt::Display for KindTag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match kind_name(self.0) {
            Some(name) => write!(f, "{name} ({:#04x})", self.0),
            None => write!(f, "unknown ({:#04x})", self.0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_and_names_are_unique_and_map_both_ways() {
        for table in [SUITES, KINDS] {
            for (i, (tag, name)) in table.iter().enumerate() {
                assert!(table.iter().skip(i + 1).all(|(t, n)| t != tag && n != name));
                assert_eq!(tag_of(table, name), Some(*tag));
                assert_eq!(name_of(table, *tag), Some(*name));
            }
        }
    }

    #[test]
    fn tags_display_with_names() {
        assert_eq!(SuiteTag(3).to_string(), "secp256k1 (tag 3)");
        assert_eq!(SuiteTag(5).to_string(), "secp256k1-tr (tag 5)");
        assert_eq!(SuiteTag(9).to_string(), "unknown (tag 9)");
        assert_eq!(KindTag(0x14).to_string(), "key-package (0x14)");
        assert_eq!(KindTag(0xee).to_string(), "unknown (0xee)");
    }
}
