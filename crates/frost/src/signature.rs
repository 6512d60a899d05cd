//! Schnorr signatures `(R, z)`: the standard encoding, single verification
//! (RFC 9591 §6 `verify`; BIP-340 `Verify` for the x-only suite) and batch
//! verification.

use core::fmt;

use ff::{Field, PrimeField};
use group::{Group, GroupEncoding};
use tessera_core::batch::BatchCheck;
use tessera_core::encoding::{Reader, Wire, Writer, decode_scalar};
use tessera_core::schnorr::SchnorrVariant;
use tessera_core::{Point, PointError, Scalar, Suite};

use crate::error::Error;
use crate::keys::hex;
use crate::package::signed_one;

/// A Schnorr signature: the group commitment `R` and the response `z`.
///
/// Under an x-only [`Suite::Schnorr`] variant (BIP-340), `R` is always the
/// one of `±R` with even Y: the signature encodes only its x-coordinate.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Signature<S: Suite> {
    r: Point<S>,
    z: Scalar<S>,
}

impl<S: Suite> Signature<S> {
    /// A signature from its parts. Under an x-only variant (BIP-340), `r`
    /// is replaced by its even-Y negation where it has odd Y, as the
    /// signature's encoding would.
    pub fn new(r: Point<S>, z: Scalar<S>) -> Self {
        let mut repr = r.to_bytes();
        let r = if S::Schnorr::normalize(repr.as_mut()) {
            -r
        } else {
            r
        };
        Self { r, z }
    }

    /// A signature whose `r` is already normalized.
    pub(crate) fn from_normalized(r: Point<S>, z: Scalar<S>) -> Self {
        Self { r, z }
    }

    /// The commitment `R`.
    pub fn r(&self) -> Point<S> {
        self.r
    }

    /// The response `z`.
    pub fn z(&self) -> Scalar<S> {
        self.z
    }

    /// The suite's standard signature encoding: for the RFC 9591 suites
    /// `SerializeElement(R) || SerializeScalar(z)` (for Ed25519 the 64-byte
    /// RFC 8032 signature, for the SEC1 suites 33 + 32 bytes); for
    /// `secp256k1-tr` the 64-byte BIP-340 signature `x(R) || z`.
    pub fn to_standard_bytes(&self) -> Vec<u8> {
        let repr = self.r.to_bytes();
        [
            S::Schnorr::signature_point(repr.as_ref()),
            self.z.to_repr().as_ref(),
        ]
        .concat()
    }

    /// Decodes the standard encoding strictly (exact length, valid
    /// non-identity `R`, for BIP-340 an x-coordinate below `p` on the
    /// curve, and canonical `z`).
    pub fn from_standard_bytes(bytes: &[u8]) -> Result<Self, Error<S>> {
        let r_len = <S::Schnorr as SchnorrVariant<S>>::SIGNATURE_POINT_LEN;
        if bytes.len() != r_len + S::SCALAR_LEN {
            return Err(tessera_core::Error::InvalidLength(bytes.len()).into());
        }
        let (r, z) = bytes.split_at(r_len);
        Ok(Self {
            r: S::Schnorr::decode_signature_point(r).map_err(tessera_core::Error::from)?,
            z: decode_scalar::<S>(z)?,
        })
    }

    /// `R'` and the term `(P, -c)` of `P'`, where `R'` and `P'` are `R`
    /// and the key as the suite's variant uses them (BIP-340: their even-Y
    /// negations where needed), and `c` their challenge. Both encodings
    /// come from one [`Suite::encode_points`] call (one shared inversion).
    fn parts(&self, group_key: &Point<S>, message: &[u8]) -> (Point<S>, (Point<S>, Scalar<S>)) {
        let mut reprs = S::encode_points(&[*group_key, self.r]).into_iter();
        let (mut key_repr, mut r_repr) = (
            reprs.next().unwrap_or_else(|| group_key.to_bytes()),
            reprs.next().unwrap_or_else(|| self.r.to_bytes()),
        );
        let key_negated = S::Schnorr::normalize(key_repr.as_mut());
        let r_negated = S::Schnorr::normalize(r_repr.as_mut());
        let c = S::Schnorr::challenge(r_repr.as_ref(), key_repr.as_ref(), message);
        let r = if r_negated { -self.r } else { self.r };
        (r, (*group_key, -c * signed_one::<S>(key_negated)))
    }

    /// The terms of `z G - R' - c P' == 0` (see [`Self::parts`]).
    fn terms(&self, group_key: &Point<S>, message: &[u8]) -> [(Point<S>, Scalar<S>); 2] {
        let (r, key_term) = self.parts(group_key, message);
        [(r, -Scalar::<S>::ONE), key_term]
    }

    /// Verifies the signature on `message` under `group_key`: `z G == R +
    /// c PK`, with `c = H2(R || PK || msg)` (RFC 9591), or for
    /// `secp256k1-tr` BIP-340 verification under the x-only key of
    /// `group_key` (either of `±PK` verifies the same signatures). The
    /// check is a two-term MSM `z G - c PK` compared with `R`.
    ///
    /// Refuses the identity as `group_key` (under it, `z G == R` holds for
    /// any message): [`tessera_core::Error::InvalidPoint`].
    pub fn verify(&self, group_key: &Point<S>, message: &[u8]) -> Result<(), Error<S>> {
        if bool::from(group_key.is_identity()) {
            return Err(tessera_core::Error::from(PointError::Identity).into());
        }
        let (r, key_term) = self.parts(group_key, message);
        if S::vartime_msm(&[(Point::<S>::generator(), self.z), key_term]) == r {
            Ok(())
        } else {
            Err(Error::InvalidSignature)
        }
    }
}

/// Verifies many `(group key, message, signature)` triples in one MSM with
/// random weights: `sum a_i (z_i G - R_i - c_i PK_i) == 0`. If the batch
/// fails, checks each and returns the positions of every invalid one. An
/// item whose key is the identity is invalid (see [`Signature::verify`]):
/// its position is returned without any arithmetic.
pub fn verify_batch<S: Suite, R: rand_core::CryptoRng + ?Sized>(
    items: &[(Point<S>, &[u8], Signature<S>)],
    rng: &mut R,
) -> Result<(), Error<S>> {
    let identity_keys: Vec<usize> = items
        .iter()
        .enumerate()
        .filter(|(_, (pk, _, _))| bool::from(pk.is_identity()))
        .map(|(i, _)| i)
        .collect();
    if !identity_keys.is_empty() {
        return Err(Error::InvalidSignatures(identity_keys));
    }
    let mut batch = BatchCheck::<S>::with_capacity(2 * items.len());
    for (pk, msg, sig) in items {
        batch.push(&Scalar::<S>::random(&mut *rng), &sig.z, sig.terms(pk, msg));
    }
    if batch.verify() {
        return Ok(());
    }
    let bad: Vec<usize> = items
        .iter()
        .enumerate()
        .filter(|(_, (pk, msg, sig))| sig.verify(pk, msg).is_err())
        .map(|(i, _)| i)
        .collect();
    Err(Error::InvalidSignatures(bad))
}

impl<S: Suite> fmt::Debug for Signature<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let z: String = self
            .z
            .to_repr()
            .as_ref()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        f.debug_struct("Signature")
            .field("r", &hex::<S>(&self.r))
            .field("z", &z)
            .finish()
    }
}

impl<S: Suite> Wire<S> for Signature<S> {
    const KIND: u8 = 0x13;

    /// The standard encoding ([`Signature::to_standard_bytes`]).
    fn write_body(&self, w: &mut Writer) {
        w.raw(&self.to_standard_bytes());
    }

    fn read_body(r: &mut Reader<'_, S>) -> Result<Self, tessera_core::Error<S>> {
        let point = r.take(<S::Schnorr as SchnorrVariant<S>>::SIGNATURE_POINT_LEN)?;
        Ok(Self {
            r: S::Schnorr::decode_signature_point(point)?,
            z: r.scalar()?,
        })
    }
}

tessera_core::serde_via_wire!(Signature {
    r: SignaturePoint,
    z: Scalar
});
