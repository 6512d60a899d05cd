//! FROST(ristretto255, SHA-512), RFC 9591 §6.2.

use curve25519_dalek::traits::{IsIdentity, VartimeMultiscalarMul};
use curve25519_dalek::{RistrettoPoint, Scalar};
use group::GroupEncoding;

use super::{point_repr, prefixed, sha512, sha512_scalar};
use crate::error::PointError;
use crate::schnorr::Rfc9591;
use crate::suite::Suite;

/// ristretto255 with SHA-512: a prime-order group, so no subgroup checks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Ristretto255;

impl Suite for Ristretto255 {
    type Scalar = Scalar;
    type Point = RistrettoPoint;
    type Schnorr = Rfc9591;

    const ID: u8 = 2;
    const NAME: &'static str = "ristretto255";
    const CONTEXT: &'static [u8] = b"FROST-RISTRETTO255-SHA512-v1";
    const SCALAR_LEN: usize = 32;
    const POINT_LEN: usize = 32;
    const SCALAR_BIG_ENDIAN: bool = false;

    fn hash_to_scalar(tag: &[u8], parts: &[&[u8]]) -> Scalar {
        sha512_scalar(&prefixed(&[Self::CONTEXT, tag], parts))
    }

    fn hash_to_bytes(tag: &[u8], parts: &[&[u8]]) -> Vec<u8> {
        sha512(&prefixed(&[Self::CONTEXT, tag], parts)).to_vec()
    }

    /// Ristretto decoding accepts only canonical encodings, so every
    /// rejection other than the identity is `Invalid`.
    fn decode_point(bytes: &[u8]) -> Result<RistrettoPoint, PointError> {
        let repr = point_repr::<RistrettoPoint>(bytes)?;
        let point: RistrettoPoint =
            Option::from(RistrettoPoint::from_bytes(&repr)).ok_or(PointError::Invalid)?;
        if point.is_identity() {
            return Err(PointError::Identity);
        }
        Ok(point)
    }

    fn mul_base(scalar: &Scalar) -> RistrettoPoint {
        RistrettoPoint::mul_base(scalar)
    }

    fn vartime_msm(terms: &[(RistrettoPoint, Scalar)]) -> RistrettoPoint {
        crate::msm::parallel(terms, |part: &[(RistrettoPoint, Scalar)]| {
            RistrettoPoint::vartime_multiscalar_mul(
                part.iter().map(|(_, k)| k),
                part.iter().map(|(p, _)| p),
            )
        })
    }
}
