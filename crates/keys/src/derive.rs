//! Non-hardened derivation of threshold keys: every holder derives its key
//! package of a child key, alone, with no interaction and no secret beyond
//! its own share.
//!
//! A child key is the parent plus a tweak computed from public data only
//! (the parent public key, a chain code and the index): `Y_child = Y + τ G`.
//! Shifting every share by the same `τ` shifts the shared secret by `τ`
//! ([`tessera_frost::Tweak`]), so each holder maps its [`KeyPackage`] and
//! everyone maps the [`PublicKeyPackage`] (verifying shares and group key)
//! with [`Tweak::add`]. The result is an ordinary key package of the child
//! key, for FROST, BIP 445 or threshold ECDSA alike. Its epoch is the digest
//! of the child's commitment (the parent's with `τ G` added to its constant
//! term, `τ` the path's total tweak), so shares of two different paths (or
//! of a path and the parent) are never combined.
//!
//! # Schemes
//!
//! - **secp256k1: BIP-32 public derivation** (`CKDpub`): `I =
//!   HMAC-SHA512(chain code, serP(K) || ser32(i))`, tweak `IL`, child chain
//!   code `IR`. The group's [`ExtendedPublicKey`] serialises as a standard
//!   `xpub` / `tpub` and derives the same child public keys as any BIP-32
//!   wallet.
//! - **Every other suite (Ed25519, ristretto255, P-256): tessera's own
//!   additive derivation**, not BIP-32 and not SLIP-10 (whose Ed25519
//!   derivation is hardened only): tweak `H1'(c || Y || i)` and child chain
//!   code `H4'(c || Y || i)`, the suite's own RFC 9591 hashes under the
//!   tags `"derive"` and `"derive-chain"` (so the domain is separated by
//!   the suite's context string too). Nothing outside tessera derives the
//!   same keys.
//!
//! Only non-hardened indices (below 2^31) exist here: hardened derivation
//! needs the private key, which no holder has.
//!
//! # The chain code
//!
//! The chain code is fixed when the key is created. By default
//! ([`ExtendedPublicKey::of`]) it is derived from the group key,
//! `tagged_hash("tessera/bip32/chain-code", cbytes(Y))` on secp256k1 and the
//! suite's hash under the tag `"chaincode"` elsewhere, so it needs no change
//! to the key-package format and survives refresh, reshare, repair and
//! enrolment (all keep the group key). A caller-supplied chain code (an
//! imported wallet's, or random bytes stored with the public key package)
//! is taken by [`ExtendedPublicKey::new`].
//!
//! What this does and does not hide:
//!
//! - Safe: the tweaks are hashes of public data, the re-randomised keys of
//!   FROST's security analysis (Goldberg–Kate, *re-randomized FROST*,
//!   eprint 2024/436; BIP 445 cites it), so signing under child keys is as
//!   unforgeable as under the parent. No share, and no set of fewer than
//!   `t` shares, reveals more about the key than before.
//! - Not hidden: with the default chain code, **anyone who knows the group
//!   public key knows the xpub**, and can compute every child key and link
//!   every child address to the group. Publishing the group key equals
//!   publishing the xpub. Use a secret, random chain code where child
//!   addresses must not be linkable by someone who learns the group key.
//! - As in BIP-32, a **child private key together with the xpub reveals the
//!   parent private key** (`x = x_child - τ`). Reconstructing or exporting
//!   a derived key (`reconstruct`) therefore exports the parent key too, to
//!   anyone who knows the chain code: with the default chain code, to
//!   everyone.

use core::fmt;

use group::{Group, GroupEncoding};
use tessera_core::{Point, Scalar, Suite};
use tessera_frost::{KeyPackage, PublicKeyPackage, Tweak};

use crate::error::Error;

/// The first index of hardened derivation (2^31).
pub const HARDENED: u32 = 1 << 31;

/// A suite's non-hardened derivation scheme. The provided methods are
/// tessera's own scheme, so `impl Derive for MySuite {}` gives any suite
/// derivation; the secp256k1 suites override them with BIP-32 (see
/// [`bip32`]).
pub trait Derive: Suite {
    /// Whether this is BIP-32 (secp256k1) rather than tessera's own scheme.
    const BIP32: bool = false;

    /// The chain code tessera uses when none is supplied, a function of the
    /// group key only: the suite's hash under the tag `"chaincode"`.
    fn default_chain_code(group_key: &Point<Self>) -> [u8; 32] {
        first32(&Self::hash_to_bytes(
            b"chaincode",
            &[group_key.to_bytes().as_ref()],
        ))
    }

    /// One non-hardened step: the tweak and the child chain code of index
    /// `index` (below 2^31) of `(parent, chain_code)`; `None` when that
    /// child is invalid (negligible probability). Tessera's scheme: tweak
    /// `hash_to_scalar("derive", c || Y || i)`, chain code the first 32
    /// bytes of `hash_to_bytes("derive-chain", c || Y || i)`.
    fn child_tweak(
        parent: &Point<Self>,
        chain_code: &[u8; 32],
        index: u32,
    ) -> Option<(Scalar<Self>, [u8; 32])> {
        let key = parent.to_bytes();
        let idx = index.to_be_bytes();
        let parts: [&[u8]; 3] = [chain_code, key.as_ref(), &idx];
        let tweak = Self::hash_to_scalar(b"derive", &parts);
        let chain = first32(&Self::hash_to_bytes(b"derive-chain", &parts));
        let child = *parent + Self::mul_base(&tweak);
        (!bool::from(child.is_identity())).then_some((tweak, chain))
    }

    /// The key fingerprint a child's extended key records for its parent:
    /// the first 4 bytes of the suite's hash under the tag `"fingerprint"`.
    fn fingerprint(key: &Point<Self>) -> [u8; 4] {
        let h = Self::hash_to_bytes(b"fingerprint", &[key.to_bytes().as_ref()]);
        let mut out = [0u8; 4];
        out.iter_mut().zip(&h).for_each(|(o, b)| *o = *b);
        out
    }
}

/// The first 32 bytes of `bytes` (zero-padded).
fn first32(bytes: &[u8]) -> [u8; 32] {
    let mut out = [0u8; 32];
    out.iter_mut().zip(bytes).for_each(|(o, b)| *o = *b);
    out
}

#[cfg(feature = "ed25519")]
impl Derive for tessera_core::suites::Ed25519 {}
#[cfg(feature = "ristretto255")]
impl Derive for tessera_core::suites::Ristretto255 {}
#[cfg(feature = "p256")]
impl Derive for tessera_core::suites::P256 {}

/// BIP-32 on every suite over secp256k1: `impl Derive` of such a suite is
/// `BIP32 = true` and three calls into this module, as for `Secp256k1`.
#[cfg(feature = "secp256k1")]
pub mod bip32 {
    use ff::PrimeField;
    use group::{Group, GroupEncoding};
    use hmac::{Hmac, KeyInit, Mac};
    use k256::{ProjectivePoint, Scalar};
    use ripemd::Digest as _;

    /// The version bytes of a mainnet `xpub`.
    pub const XPUB_MAINNET: [u8; 4] = [0x04, 0x88, 0xb2, 0x1e];
    /// The version bytes of a testnet `tpub`.
    pub const XPUB_TESTNET: [u8; 4] = [0x04, 0x35, 0x87, 0xcf];

    /// BIP-32 `CKDpub` for a non-hardened `index`: `IL` (the tweak) and
    /// `IR` (the child chain code); `None` if `IL` is not below the order
    /// or the child is infinity.
    pub fn ckd_pub(
        parent: &ProjectivePoint,
        chain_code: &[u8; 32],
        index: u32,
    ) -> Option<(Scalar, [u8; 32])> {
        let mut mac = Hmac::<sha2::Sha512>::new_from_slice(chain_code).ok()?;
        mac.update(AsRef::<[u8]>::as_ref(&parent.to_bytes()));
        mac.update(&index.to_be_bytes());
        let i = mac.finalize().into_bytes();
        let (il, ir) = i.split_at(32);
        let il: [u8; 32] = il.try_into().ok()?;
        let tweak: Scalar = Option::from(Scalar::from_repr(il.into()))?;
        let child = *parent + ProjectivePoint::mul_by_generator(&tweak);
        if bool::from(child.is_identity()) {
            return None;
        }
        Some((tweak, ir.try_into().ok()?))
    }

    /// The BIP-32 fingerprint: the first 4 bytes of
    /// `RIPEMD-160(SHA-256(serP(K)))`.
    pub fn fingerprint(key: &ProjectivePoint) -> [u8; 4] {
        let encoded = key.to_bytes();
        let sha = <sha2::Sha256 as sha2::Digest>::digest(AsRef::<[u8]>::as_ref(&encoded));
        let h = ripemd::Ripemd160::digest(sha);
        let mut out = [0u8; 4];
        out.iter_mut().zip(h.iter()).for_each(|(o, b)| *o = *b);
        out
    }

    /// tessera's default chain code of a secp256k1 group key:
    /// `tagged_hash("tessera/bip32/chain-code", cbytes(Y))`.
    pub fn default_chain_code(group_key: &ProjectivePoint) -> [u8; 32] {
        tessera_core::hash::tagged_hash(
            b"tessera/bip32/chain-code",
            &[AsRef::<[u8]>::as_ref(&group_key.to_bytes())],
        )
    }

    /// BIP-32 for a suite over secp256k1. `secp256k1-tr` derives exactly as
    /// `secp256k1` (BIP-86 wallets derive on the full key, then take the
    /// child's x-only key as the Taproot internal key).
    macro_rules! bip32_derive {
        ($($suite:ty),+) => {$(
            impl super::Derive for $suite {
                const BIP32: bool = true;

                fn default_chain_code(group_key: &ProjectivePoint) -> [u8; 32] {
                    default_chain_code(group_key)
                }

                fn child_tweak(
                    parent: &ProjectivePoint,
                    chain_code: &[u8; 32],
                    index: u32,
                ) -> Option<(Scalar, [u8; 32])> {
                    ckd_pub(parent, chain_code, index)
                }

                fn fingerprint(key: &ProjectivePoint) -> [u8; 4] {
                    fingerprint(key)
                }
            }
        )+};
    }

    bip32_derive!(tessera_core::suites::Secp256k1);
    #[cfg(feature = "secp256k1-tr")]
    bip32_derive!(tessera_core::suites::Secp256k1Tr);
}

/// An extended public key: a public key, its chain code, and (for the
/// BIP-32 serialisation) its depth, parent fingerprint and child number.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct ExtendedPublicKey<S: Suite> {
    key: Point<S>,
    chain_code: [u8; 32],
    depth: u8,
    parent_fingerprint: [u8; 4],
    child_number: u32,
}

impl<S: Derive> ExtendedPublicKey<S> {
    /// The root extended key of `key` with a caller-supplied chain code (an
    /// imported wallet's, or random bytes kept with the key).
    pub fn new(key: Point<S>, chain_code: [u8; 32]) -> Self {
        Self {
            key,
            chain_code,
            depth: 0,
            parent_fingerprint: [0; 4],
            child_number: 0,
        }
    }

    /// The root extended key of a group key with tessera's default chain
    /// code (a function of the group key, see the module docs).
    pub fn from_group_key(key: Point<S>) -> Self {
        Self::new(key, S::default_chain_code(&key))
    }

    /// The root extended key of a public key package's group key, with the
    /// default chain code.
    pub fn of(public: &PublicKeyPackage<S>) -> Self {
        Self::from_group_key(public.group_key())
    }

    /// The public key.
    pub fn key(&self) -> Point<S> {
        self.key
    }

    /// The chain code.
    pub fn chain_code(&self) -> &[u8; 32] {
        &self.chain_code
    }

    /// The depth (0 for a root).
    pub fn depth(&self) -> u8 {
        self.depth
    }

    /// The index this key was derived at (0 for a root).
    pub fn child_number(&self) -> u32 {
        self.child_number
    }

    /// The parent's fingerprint (zeros for a root).
    pub fn parent_fingerprint(&self) -> [u8; 4] {
        self.parent_fingerprint
    }

    /// The child at a non-hardened `index`, with the tweak that leads to it.
    pub fn child(&self, index: u32) -> Result<(Self, Scalar<S>), Error<S>> {
        if index >= HARDENED {
            return Err(Error::HardenedDerivation { index });
        }
        let (tweak, chain_code) = S::child_tweak(&self.key, &self.chain_code, index)
            .ok_or(Error::InvalidChild { index })?;
        let child = Self {
            key: self.key + S::mul_base(&tweak),
            chain_code,
            depth: self.depth.saturating_add(1),
            parent_fingerprint: S::fingerprint(&self.key),
            child_number: index,
        };
        Ok((child, tweak))
    }

    /// The descendant at `path` (non-hardened indices, from this key), with
    /// the sum of the tweaks along it: the descendant key is `key + τ G`.
    pub fn derive(&self, path: &[u32]) -> Result<(Self, Scalar<S>), Error<S>> {
        path.iter()
            .try_fold((*self, Scalar::<S>::from(0u64)), |(xpub, total), index| {
                let (child, tweak) = xpub.child(*index)?;
                Ok((child, total + tweak))
            })
    }
}

impl<S: Suite> fmt::Debug for ExtendedPublicKey<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let hex = |b: &[u8]| b.iter().map(|x| format!("{x:02x}")).collect::<String>();
        f.debug_struct("ExtendedPublicKey")
            .field("key", &hex(self.key.to_bytes().as_ref()))
            .field("chain_code", &hex(&self.chain_code))
            .field("depth", &self.depth)
            .field("child_number", &self.child_number)
            .finish()
    }
}

/// Every holder's step: the key package of the descendant of `xpub` (whose
/// key must be `key`'s group key) at the non-hardened `path`. The derived
/// package has its own epoch (that of the tweaked commitment).
pub fn derive_key_package<S: Derive>(
    key: &KeyPackage<S>,
    xpub: &ExtendedPublicKey<S>,
    path: &[u32],
) -> Result<(KeyPackage<S>, ExtendedPublicKey<S>), Error<S>> {
    if xpub.key() != key.group_key() {
        return Err(Error::ExtendedKeyMismatch);
    }
    let (child, tweak) = xpub.derive(path)?;
    Ok((key.tweaked(&Tweak::add(tweak))?, child))
}

/// The public key package of the descendant of `xpub` (whose key must be
/// `public`'s group key) at the non-hardened `path`, matching
/// [`derive_key_package`] of every holder.
pub fn derive_public_key_package<S: Derive>(
    public: &PublicKeyPackage<S>,
    xpub: &ExtendedPublicKey<S>,
    path: &[u32],
) -> Result<(PublicKeyPackage<S>, ExtendedPublicKey<S>), Error<S>> {
    if xpub.key() != public.group_key() {
        return Err(Error::ExtendedKeyMismatch);
    }
    let (child, tweak) = xpub.derive(path)?;
    Ok((public.tweaked(&Tweak::add(tweak))?, child))
}

#[cfg(feature = "secp256k1")]
impl<S> ExtendedPublicKey<S>
where
    S: Derive + Suite<Scalar = k256::Scalar, Point = k256::ProjectivePoint>,
{
    /// The standard BIP-32 serialisation (base58check): `xpub...` with
    /// `mainnet`, `tpub...` otherwise.
    pub fn to_xpub(&self, mainnet: bool) -> String {
        let version = if mainnet {
            bip32::XPUB_MAINNET
        } else {
            bip32::XPUB_TESTNET
        };
        let mut data = Vec::with_capacity(78);
        data.extend_from_slice(&version);
        data.push(self.depth);
        data.extend_from_slice(&self.parent_fingerprint);
        data.extend_from_slice(&self.child_number.to_be_bytes());
        data.extend_from_slice(&self.chain_code);
        data.extend_from_slice(AsRef::<[u8]>::as_ref(&self.key.to_bytes()));
        bs58::encode(data).with_check().into_string()
    }

    /// Parses an `xpub` / `tpub`: checks the checksum, the version, the
    /// length, and the key (a valid compressed point, not infinity).
    /// Returns the key and whether it is a mainnet key.
    pub fn from_xpub(s: &str) -> Result<(Self, bool), Error<S>> {
        let data = bs58::decode(s)
            .with_check(None)
            .into_vec()
            .map_err(|_| Error::InvalidExtendedKey("not base58check"))?;
        let data: [u8; 78] = data
            .try_into()
            .map_err(|_| Error::InvalidExtendedKey("not 78 bytes"))?;
        let (version, rest) = data.split_at(4);
        let mainnet = match version {
            v if v == bip32::XPUB_MAINNET => true,
            v if v == bip32::XPUB_TESTNET => false,
            _ => return Err(Error::InvalidExtendedKey("not an xpub or tpub version")),
        };
        let (depth, rest) = rest.split_at(1);
        let (fingerprint, rest) = rest.split_at(4);
        let (number, rest) = rest.split_at(4);
        let (chain_code, key) = rest.split_at(32);
        let key = S::decode_point(key)
            .map_err(|_| Error::InvalidExtendedKey("the key is not a valid compressed point"))?;
        let field = |b: &[u8]| -> Result<[u8; 4], Error<S>> {
            b.try_into()
                .map_err(|_| Error::InvalidExtendedKey("truncated"))
        };
        let xpub = Self {
            key,
            chain_code: chain_code
                .try_into()
                .map_err(|_| Error::InvalidExtendedKey("truncated"))?,
            depth: depth.first().copied().unwrap_or(0),
            parent_fingerprint: field(fingerprint)?,
            child_number: u32::from_be_bytes(field(number)?),
        };
        if xpub.depth == 0 && (xpub.parent_fingerprint != [0; 4] || xpub.child_number != 0) {
            return Err(Error::InvalidExtendedKey("a root key with a parent"));
        }
        Ok((xpub, mainnet))
    }
}
