//! Ethereum: the EIP-191 `personal_sign` digest, the account address of a
//! secp256k1 group key (through `tessera_keys::address`), and the 65-byte
//! `r || s || v` form `ecrecover` and wallets use.

use sha3::{Digest, Keccak256};
use tessera_core::Point;
use tessera_core::suites::Secp256k1;

use crate::sign::Signature;

/// The EIP-191 version-`0x45` digest `personal_sign` signs:
/// `Keccak-256("\x19Ethereum Signed Message:\n" || len(message) || message)`,
/// the length in decimal ASCII.
pub fn personal_sign_digest(message: &[u8]) -> [u8; 32] {
    let mut h = Keccak256::new();
    h.update(b"\x19Ethereum Signed Message:\n");
    h.update(message.len().to_string().as_bytes());
    h.update(message);
    h.finalize().into()
}

/// The EIP-55 checksummed address of the account whose key is `group_key`.
pub fn address(group_key: &Point<Secp256k1>) -> String {
    tessera_keys::address::eip55(&tessera_keys::address::ethereum_address(group_key))
}

/// The 20-byte address of `group_key`.
pub fn address_bytes(group_key: &Point<Secp256k1>) -> [u8; 20] {
    tessera_keys::address::ethereum_address(group_key)
}

/// `r || s || v` with `v = 27 + y parity`, the encoding of `personal_sign`
/// results and `ecrecover`'s inputs. `None` when the recovery id has its
/// x-reduced bit set (probability about 2^-128), which `v` cannot express.
pub fn rsv(signature: &Signature<Secp256k1>) -> Option<[u8; 65]> {
    let id = signature.recovery_id();
    if id.is_x_reduced() {
        return None;
    }
    let mut out = [0u8; 65];
    let (rs, v) = out.split_at_mut(64);
    rs.copy_from_slice(&signature.to_bytes());
    if let Some(v) = v.first_mut() {
        *v = 27 + u8::from(id.is_y_odd());
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn personal_sign_digest_matches_a_published_value() {
        // `web3.eth.accounts.hashMessage("Hello World")` (web3.js docs).
        assert_eq!(
            hex::encode(personal_sign_digest(b"Hello World")),
            "a1de988600a42c4b4ab089b619297c17d53cffae5d5120d82d8a92d0bb3b78f2"
        );
    }
}
