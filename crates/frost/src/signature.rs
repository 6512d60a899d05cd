//! Schnorr signatures `(R, z)`: the standard encoding, single verification
//! (RFC 9591 §6 `verify`) and batch verification.

use core::fmt;

use ff::{Field, PrimeField};
use group::{Group, GroupEncoding};
use tessera_core::batch::BatchCheck;
use tessera_core::encoding::{Reader, Wire, Writer, decode_scalar};
use tessera_core::{Point, Scalar, Suite};

use crate::error::Error;
use crate::keys::hex;
use crate::package::challenge;

/// A Schnorr signature: the group commitment `R` and the response `z`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Signature<S: Suite> {
    r: Point<S>,
    z: Scalar<S>,
}

impl<S: Suite> Signature<S> {
    /// A signature from its parts.
    pub fn new(r: Point<S>, z: Scalar<S>) -> Self {
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

    /// The suite's standard signature encoding,
    /// `SerializeElement(R) || SerializeScalar(z)`: for Ed25519 the 64-byte
    /// RFC 8032 signature, for the SEC1 suites 33 + 32 bytes.
    pub fn to_standard_bytes(&self) -> Vec<u8> {
        [self.r.to_bytes().as_ref(), self.z.to_repr().as_ref()].concat()
    }

    /// Decodes the standard encoding strictly (canonical `z`, valid
    /// non-identity `R`, exact length).
    pub fn from_standard_bytes(bytes: &[u8]) -> Result<Self, Error<S>> {
        if bytes.len() != S::POINT_LEN + S::SCALAR_LEN {
            return Err(tessera_core::Error::InvalidLength(bytes.len()).into());
        }
        let (r, z) = bytes.split_at(S::POINT_LEN);
        Ok(Self {
            r: S::decode_point(r).map_err(tessera_core::Error::from)?,
            z: decode_scalar::<S>(z)?,
        })
    }

    /// Verifies the signature on `message` under `group_key`:
    /// `z G == R + c PK` with `c = H2(R || PK || msg)`.
    pub fn verify(&self, group_key: &Point<S>, message: &[u8]) -> Result<(), Error<S>> {
        let c = challenge::<S>(&self.r, group_key.to_bytes().as_ref(), message);
        let check = S::vartime_msm(&[
            (Point::<S>::generator(), self.z),
            (self.r, -Scalar::<S>::ONE),
            (*group_key, -c),
        ]);
        if bool::from(check.is_identity()) {
            Ok(())
        } else {
            Err(Error::InvalidSignature)
        }
    }
}

/// Verifies many `(group key, message, signature)` triples in one MSM with
/// random weights: `sum a_i (z_i G - R_i - c_i PK_i) == 0`. If the batch
/// fails, checks each and returns the positions of every invalid one.
pub fn verify_batch<S: Suite, R: rand_core::CryptoRng + ?Sized>(
    items: &[(Point<S>, &[u8], Signature<S>)],
    rng: &mut R,
) -> Result<(), Error<S>> {
    let mut batch = BatchCheck::<S>::with_capacity(2 * items.len());
    for (pk, msg, sig) in items {
        let c = challenge::<S>(&sig.r, pk.to_bytes().as_ref(), msg);
        // z G - R - c PK == 0
        batch.push(
            &Scalar::<S>::random(&mut *rng),
            &sig.z,
            [(sig.r, -Scalar::<S>::ONE), (*pk, -c)],
        );
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

    fn write_body(&self, w: &mut Writer) {
        w.point(&self.r);
        w.scalar(&self.z);
    }

    fn read_body(r: &mut Reader<'_, S>) -> Result<Self, tessera_core::Error<S>> {
        Ok(Self {
            r: r.point()?,
            z: r.scalar()?,
        })
    }
}

tessera_core::serde_via_wire!(Signature {
    r: Point,
    z: Scalar
});
