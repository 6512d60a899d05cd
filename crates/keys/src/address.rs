//! Each suite's group key shown the way its platform shows a public key, so
//! that a wallet can display the account it controls:
//!
//! | suite | [`NativeAddress::address`] |
//! |-------|----------------------------|
//! | secp256k1 | Ethereum address: the last 20 bytes of Keccak-256 of the uncompressed key, EIP-55 checksummed (`0x7E5F…5Bdf`) |
//! | Ed25519 | the 32-byte public key in base58, as Solana shows accounts |
//! | P-256 | the 33-byte compressed SEC1 key in hex (WebAuthn/passkey keys have no address form) |
//! | ristretto255 | the 32-byte encoding in hex |
//! | secp256k1-tr | the 32-byte BIP-340 x-only public key in hex |
//!
//! Encodings come from well-kept crates (`sha3` for Keccak-256, `bs58` for
//! base58); nothing here is a hand-written codec.

use group::GroupEncoding;
use tessera_core::{Point, Suite};

/// A suite's native, human-facing form of a public key.
pub trait NativeAddress: Suite {
    /// What the address is, e.g. `"Ethereum address"`.
    const ADDRESS_KIND: &'static str;

    /// The group key in the platform's form.
    fn address(group_key: &Point<Self>) -> String;
}

#[cfg(feature = "secp256k1")]
impl NativeAddress for tessera_core::suites::Secp256k1 {
    const ADDRESS_KIND: &'static str = "Ethereum address";

    fn address(group_key: &Point<Self>) -> String {
        eip55(&ethereum_address(group_key))
    }
}

#[cfg(feature = "ed25519")]
impl NativeAddress for tessera_core::suites::Ed25519 {
    const ADDRESS_KIND: &'static str = "Solana-style base58 public key";

    fn address(group_key: &Point<Self>) -> String {
        bs58::encode(group_key.to_bytes()).into_string()
    }
}

#[cfg(feature = "p256")]
impl NativeAddress for tessera_core::suites::P256 {
    const ADDRESS_KIND: &'static str = "P-256 compressed public key (hex)";

    fn address(group_key: &Point<Self>) -> String {
        hex(group_key.to_bytes().as_ref())
    }
}

#[cfg(feature = "ristretto255")]
impl NativeAddress for tessera_core::suites::Ristretto255 {
    const ADDRESS_KIND: &'static str = "ristretto255 public key (hex)";

    fn address(group_key: &Point<Self>) -> String {
        hex(group_key.to_bytes().as_ref())
    }
}

#[cfg(feature = "secp256k1-tr")]
impl NativeAddress for tessera_core::suites::Secp256k1Tr {
    const ADDRESS_KIND: &'static str = "BIP-340 x-only public key (hex)";

    fn address(group_key: &Point<Self>) -> String {
        hex(&tessera_frost::bip340::x_only_key::<Self>(group_key))
    }
}

/// Lower-case hex.
fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The 20-byte Ethereum address of a secp256k1 public key: the last 20 bytes
/// of Keccak-256 of the 64-byte uncompressed point `x || y` (Ethereum Yellow
/// Paper, appendix F).
#[cfg(feature = "secp256k1")]
pub fn ethereum_address(key: &k256::ProjectivePoint) -> [u8; 20] {
    use k256::elliptic_curve::sec1::ToSec1Point;
    use sha3::Digest;
    let uncompressed = key.to_affine().to_sec1_point(false);
    // 0x04 || x || y; the identity has no such encoding and hashes as empty.
    let xy = uncompressed.as_bytes().get(1..).unwrap_or_default();
    let digest = sha3::Keccak256::digest(xy);
    let mut out = [0u8; 20];
    out.iter_mut()
        .zip(digest.iter().skip(12))
        .for_each(|(o, d)| *o = *d);
    out
}

/// EIP-55 mixed-case checksum encoding of an address, with `0x`: a hex
/// letter is upper-case when the matching nibble of Keccak-256 of the
/// lower-case hex address is 8 or more.
#[cfg(feature = "secp256k1")]
pub fn eip55(address: &[u8; 20]) -> String {
    use sha3::Digest;
    let lower = hex(address);
    let digest = sha3::Keccak256::digest(lower.as_bytes());
    let nibble = |i: usize| {
        let byte = digest.get(i / 2).copied().unwrap_or(0);
        if i % 2 == 0 { byte >> 4 } else { byte & 0x0f }
    };
    let mut out = String::with_capacity(42);
    out.push_str("0x");
    for (i, c) in lower.chars().enumerate() {
        out.push(if nibble(i) >= 8 {
            c.to_ascii_uppercase()
        } else {
            c
        });
    }
    out
}
