//! Taproot outputs and their addresses: the BIP-341 key-path tweak of an
//! internal key, with an optional script tree (its Merkle root, built from
//! [`tap_leaf_hash`] and [`tap_branch_hash`]), and the P2TR address of the
//! output key (segwit v1, bech32m, BIP-350), encoded by the `bech32` crate.
//!
//! For a threshold key, the internal key is the group key (or a derived
//! child, see `tessera_keys::derive`); the signers sign for the output key
//! by passing [`TaprootOutput::key_tweak`] to their BIP 445 session as an
//! x-only tweak.
//!
//! BIP 445 warns that a key-generation protocol must produce a
//! Taproot-safe threshold key: one committed to an unspendable script path
//! (BIP-341), so that nobody can have hidden a script path in the key. A
//! key from a tessera dealer or DKG has no script path of its own;
//! committing to an empty script tree (`merkle_root = None`) gives the
//! standard key-path-only output.

use bech32::Hrp;
use group::Group;
use k256::{ProjectivePoint, Scalar};

use crate::K256Suite;
use crate::secp::{lift_x, scalar_checked, xonly};
use crate::tweak::KeyTweak;

/// A Bitcoin network, for the address prefix.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Network {
    /// Mainnet (`bc1p...`).
    Bitcoin,
    /// Testnet (`tb1p...`).
    Testnet,
    /// Signet (`tb1p...`, as testnet).
    Signet,
    /// Regtest (`bcrt1p...`).
    Regtest,
}

impl Network {
    /// The bech32 human-readable part of its segwit addresses.
    pub fn hrp(self) -> Hrp {
        match self {
            Network::Bitcoin => bech32::hrp::BC,
            Network::Testnet | Network::Signet => bech32::hrp::TB,
            Network::Regtest => bech32::hrp::BCRT,
        }
    }
}

/// The BIP-341 leaf hash of a script: `hash_TapLeaf(leaf_version ||
/// compact_size(len(script)) || script)`; leaf version `0xc0` is tapscript.
pub fn tap_leaf_hash(leaf_version: u8, script: &[u8]) -> [u8; 32] {
    let len = script.len() as u64;
    let compact: Vec<u8> = match len {
        0..=0xfc => vec![len as u8],
        0xfd..=0xffff => [&[0xfd][..], &(len as u16).to_le_bytes()].concat(),
        0x1_0000..=0xffff_ffff => [&[0xfe][..], &(len as u32).to_le_bytes()].concat(),
        _ => [&[0xff][..], &len.to_le_bytes()].concat(),
    };
    tessera_core::hash::tagged_hash(b"TapLeaf", &[&[leaf_version], &compact, script])
}

/// The BIP-341 branch hash of two child hashes: `hash_TapBranch` of the two,
/// smaller first.
pub fn tap_branch_hash(a: &[u8; 32], b: &[u8; 32]) -> [u8; 32] {
    let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
    tessera_core::hash::tagged_hash(b"TapBranch", &[lo, hi])
}

/// A Taproot output: the internal key, the script tree's Merkle root (if
/// any), the key-path tweak `t = hash_TapTweak(xonly(P) || root)` and the
/// output key `Q = lift_x(xonly(P)) + t G` (BIP-341 `taproot_tweak_pubkey`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TaprootOutput {
    internal_key: [u8; 32],
    merkle_root: Option<[u8; 32]>,
    tweak: Scalar,
    output_key: [u8; 32],
    output_parity: bool,
}

impl TaprootOutput {
    /// The output committing to `merkle_root` (`None`: key path only) of
    /// the internal key `internal_key` (its x-coordinate is what counts).
    /// `None` if the internal key is the identity, or (with negligible
    /// probability) the tweak is not below the group order or the output
    /// key is infinity.
    pub fn new(internal_key: &ProjectivePoint, merkle_root: Option<[u8; 32]>) -> Option<Self> {
        if bool::from(internal_key.is_identity()) {
            return None;
        }
        let (x, _) = xonly(internal_key);
        let root: &[u8] = merkle_root.as_ref().map_or(&[], |r| r.as_slice());
        let tweak = scalar_checked(&tessera_core::hash::tagged_hash(b"TapTweak", &[&x, root]))?;
        let output = lift_x(&x)? + ProjectivePoint::mul_by_generator(&tweak);
        if bool::from(output.is_identity()) {
            return None;
        }
        let (output_key, even) = xonly(&output);
        Some(Self {
            internal_key: x,
            merkle_root,
            tweak,
            output_key,
            output_parity: !even,
        })
    }

    /// The x-only internal key.
    pub fn internal_key(&self) -> [u8; 32] {
        self.internal_key
    }

    /// The script tree's Merkle root, if any.
    pub fn merkle_root(&self) -> Option<[u8; 32]> {
        self.merkle_root
    }

    /// The x-only output key (the witness program).
    pub fn output_key(&self) -> [u8; 32] {
        self.output_key
    }

    /// Whether the output key has an odd y (the parity bit of a
    /// script-path control block).
    pub fn output_parity(&self) -> bool {
        self.output_parity
    }

    /// The tweak to pass to a BIP 445 session (x-only) so that the
    /// threshold signature verifies under the output key.
    pub fn key_tweak<S: K256Suite>(&self) -> KeyTweak<S> {
        KeyTweak::xonly(self.tweak)
    }

    /// The P2TR address of the output key.
    pub fn address(&self, network: Network) -> String {
        p2tr(&self.output_key, network)
    }
}

/// The P2TR address (segwit v1, bech32m) of an x-only output key.
pub fn p2tr(output_key: &[u8; 32], network: Network) -> String {
    // A 32-byte version-1 program under a standard prefix always encodes:
    // bech32 fails only for other program lengths or over-long strings.
    bech32::segwit::encode_v1(network.hrp(), output_key).unwrap_or_default()
}

/// The network and x-only output key of a P2TR address; `None` for any
/// other address or an invalid string.
pub fn parse_p2tr(address: &str) -> Option<(Network, [u8; 32])> {
    let (hrp, version, program) = bech32::segwit::decode(address).ok()?;
    if version != bech32::segwit::VERSION_1 {
        return None;
    }
    let network = if hrp == bech32::hrp::BC {
        Network::Bitcoin
    } else if hrp == bech32::hrp::TB {
        Network::Testnet
    } else if hrp == bech32::hrp::BCRT {
        Network::Regtest
    } else {
        return None;
    };
    Some((network, program.try_into().ok()?))
}
