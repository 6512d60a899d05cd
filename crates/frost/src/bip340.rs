//! BIP-340 public keys and verification for the x-only suite
//! (`secp256k1-tr`): the 32-byte x-only form of a group key, BIP-340's
//! `lift_x`, and `Verify(pk, m, sig)` on bytes, as Bitcoin runs it.
//!
//! [`verify`] is [`Signature::from_standard_bytes`] followed by
//! [`Signature::verify`]: decoding `x(R)` with `lift_x` rejects `r >= p`
//! and an `r` on no point, decoding `s` rejects `s >= n`, and verification
//! checks `s G == R + e P` with `R` and `P` of even Y, which is BIP-340's
//! check that `R' = s G - e P` has even Y and `x(R') == r` (BIP-340,
//! "Verification").

use tessera_core::schnorr::{Bip340, SchnorrVariant};
use tessera_core::{Point, Suite};

use crate::error::Error;
use crate::keys::PublicKeyPackage;
use crate::signature::Signature;

/// The x-only public key of `key` (BIP-340 `bytes(P)`): its 32-byte
/// x-coordinate. `key` and `-key` have the same x-only key.
pub fn x_only_key<S: Suite<Schnorr = Bip340>>(key: &Point<S>) -> [u8; 32] {
    use group::GroupEncoding;
    let repr = key.to_bytes();
    let mut out = [0u8; 32];
    out.iter_mut()
        .zip(repr.as_ref().iter().skip(1))
        .for_each(|(o, b)| *o = *b);
    out
}

/// BIP-340 `lift_x`: the point of even Y with x-coordinate `x_only_key`;
/// rejects a wrong length, `x >= p` and an `x` on no point.
pub fn lift_x<S: Suite<Schnorr = Bip340>>(x_only_key: &[u8]) -> Result<Point<S>, Error<S>> {
    <Bip340 as SchnorrVariant<S>>::decode_signature_point(x_only_key)
        .map_err(|e| Error::Core(tessera_core::Error::from(e)))
}

/// BIP-340 `Verify(pk, m, sig)`: the 64-byte `signature` on `message` (of
/// any length) under the 32-byte x-only key `x_only_key`. Returns
/// [`Error::InvalidSignature`] for a signature that does not verify, and a
/// decoding error for a key or signature that does not decode.
pub fn verify<S: Suite<Schnorr = Bip340>>(
    x_only_key: &[u8],
    message: &[u8],
    signature: &[u8],
) -> Result<(), Error<S>> {
    let key = lift_x::<S>(x_only_key)?;
    Signature::<S>::from_standard_bytes(signature)?.verify(&key, message)
}

impl<S: Suite<Schnorr = Bip340>> PublicKeyPackage<S> {
    /// The x-only public key of the group key ([`x_only_key`]): what
    /// BIP-340 verifiers take, and for a Taproot output key the witness
    /// program of the output.
    pub fn x_only_key(&self) -> [u8; 32] {
        x_only_key::<S>(&self.group_key())
    }
}
