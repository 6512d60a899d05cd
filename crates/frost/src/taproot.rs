//! The BIP-341 Taproot key-path tweak of a shared key, for the x-only suite
//! (`secp256k1-tr`), exactly as the Zcash Foundation's `frost-secp256k1-tr`
//! applies it.
//!
//! A Taproot output commits to an *internal key* `P` and an optional script
//! tree with merkle root `m`: its *output key* is `Q = lift_x(x(P)) + t G`
//! with `t = int(hash_TapTweak(x(P) || m)) mod n` (BIP-341, "Constructing
//! and spending Taproot outputs"; without a script tree, `t =
//! int(hash_TapTweak(x(P)))`, BIP-86's key-only output). Spending by key
//! path is a BIP-340 signature under `x(Q)`.
//!
//! For a shared key this is an affine [`Tweak`], `s -> ±s + t` (the sign
//! makes `P` even first), applied by every holder to its own key package
//! and by anyone to the public key package; the tweaked packages carry a
//! new [`Epoch`](crate::Epoch). Signing with them is ordinary signing:
//!
//! ```
//! # use std::collections::BTreeMap;
//! # use tessera_core::{identifier::identifiers, shamir, suites::Secp256k1Tr, SecretScalar};
//! # use tessera_frost::{aggregate, bip340, round1, round2, KeyPackage, PublicKeyPackage, SigningPackage};
//! # let mut rng = rand::rng();
//! # let ids = identifiers::<Secp256k1Tr>(3);
//! # let (shares, commitment) = shamir::split(&SecretScalar::random(&mut rng), 2, &ids, &mut rng)?;
//! # let public = PublicKeyPackage::from_commitment(&commitment, &ids)?;
//! # let keys: Vec<KeyPackage<Secp256k1Tr>> = shares.iter()
//! #     .map(|s| KeyPackage::new(s.id(), s.value().clone(), &public)).collect::<Result<_, _>>()?;
//! let merkle_root = [7u8; 32]; // or None for a key-only (BIP-86) output
//! let output = public.taproot_tweaked(Some(&merkle_root))?;
//! let signers: Vec<_> = keys[..2].iter()
//!     .map(|k| k.taproot_tweaked(Some(&merkle_root))).collect::<Result<_, _>>()?;
//!
//! let (nonces, commitments): (Vec<_>, BTreeMap<_, _>) = signers.iter()
//!     .map(|k| { let (n, c) = round1::commit(k, &mut rng); (n, (k.id(), c)) }).unzip();
//! let package = SigningPackage::new(output.epoch(), commitments, b"spend");
//! let shares = signers.iter().zip(nonces)
//!     .map(|(k, n)| Ok((k.id(), round2::sign(&package, n, k)?)))
//!     .collect::<Result<BTreeMap<_, _>, tessera_frost::Error<_>>>()?;
//! let signature = aggregate(&package, &shares, &output)?;
//!
//! // A BIP-340 signature under the x-only output key, as Bitcoin checks it.
//! bip340::verify::<Secp256k1Tr>(&output.x_only_key(), b"spend", &signature.to_standard_bytes())?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! `frost-secp256k1-tr` also offers `sign_with_tweak` / `aggregate_with_tweak`,
//! which tweak the packages on the fly: the same bytes come from signing with
//! the tweaked packages here. Its DKG returns the BIP-86-tweaked key (its
//! `post_dkg`); tessera's DKG returns the internal key, and
//! `taproot_tweaked(None)` gives the packages frost-secp256k1-tr's DKG gives.

use group::GroupEncoding;
use tessera_core::schnorr::{Bip340, SchnorrVariant};
use tessera_core::{Point, Suite};

use crate::error::Error;
use crate::keys::{KeyPackage, PublicKeyPackage};
use crate::tweak::Tweak;

/// The Taproot tweak of internal key `internal_key` for a script tree with
/// `merkle_root` (`None`: no script path, BIP-86), as an affine tweak of
/// the shared secret: `s -> s + t` if `internal_key` has even Y, else
/// `s -> -s + t`, with `t = int(hash_TapTweak(x(P) [|| merkle_root])) mod n`.
pub fn tweak<S: Suite<Schnorr = Bip340>>(
    internal_key: &Point<S>,
    merkle_root: Option<&[u8; 32]>,
) -> Tweak<S> {
    let mut repr = internal_key.to_bytes();
    let odd = <Bip340 as SchnorrVariant<S>>::normalize(repr.as_mut());
    let x = <Bip340 as SchnorrVariant<S>>::signature_point(repr.as_ref());
    let parts: &[&[u8]] = match merkle_root {
        Some(root) => &[x, root],
        None => &[x],
    };
    let t = tessera_core::hash::tagged_scalar(b"TapTweak", parts);
    let add = Tweak::add(t);
    if odd { Tweak::negate().then(&add) } else { add }
}

/// The Taproot output key `Q = lift_x(x(P)) + t G` of internal key
/// `internal_key` and `merkle_root`; its x-only key
/// ([`crate::bip340::x_only_key`]) is the output's witness program.
pub fn output_key<S: Suite<Schnorr = Bip340>>(
    internal_key: &Point<S>,
    merkle_root: Option<&[u8; 32]>,
) -> Point<S> {
    tweak::<S>(internal_key, merkle_root).apply_to_point(internal_key)
}

impl<S: Suite<Schnorr = Bip340>> KeyPackage<S> {
    /// This participant's key package for the Taproot output key of this
    /// (internal) key and `merkle_root`: [`KeyPackage::tweaked`] with
    /// [`tweak`]. Matches [`PublicKeyPackage::taproot_tweaked`].
    pub fn taproot_tweaked(&self, merkle_root: Option<&[u8; 32]>) -> Result<Self, Error<S>> {
        self.tweaked(&tweak::<S>(&self.group_key(), merkle_root))
    }
}

impl<S: Suite<Schnorr = Bip340>> PublicKeyPackage<S> {
    /// The public key package of the Taproot output key of this (internal)
    /// key and `merkle_root`: [`PublicKeyPackage::tweaked`] with [`tweak`].
    pub fn taproot_tweaked(&self, merkle_root: Option<&[u8; 32]>) -> Result<Self, Error<S>> {
        self.tweaked(&tweak::<S>(&self.group_key(), merkle_root))
    }
}
