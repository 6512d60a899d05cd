//! FROST(Ed25519, SHA-512), RFC 9591 §6.1.

use curve25519_dalek::traits::{IsIdentity, VartimeMultiscalarMul};
use curve25519_dalek::{EdwardsPoint, Scalar};
use group::GroupEncoding;

use super::{point_repr, prefixed, sha512, sha512_scalar};
use crate::error::PointError;
use crate::schnorr::Rfc9591;
use crate::suite::Suite;

/// Ed25519 with SHA-512. Signatures are standard RFC 8032 Ed25519
/// signatures.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Ed25519;

impl Suite for Ed25519 {
    type Scalar = Scalar;
    type Point = EdwardsPoint;
    type Schnorr = Rfc9591;

    const ID: u8 = 1;
    const NAME: &'static str = "ed25519";
    const CONTEXT: &'static [u8] = b"FROST-ED25519-SHA512-v1";
    const SCALAR_LEN: usize = 32;
    const POINT_LEN: usize = 32;
    const SCALAR_BIG_ENDIAN: bool = false;

    fn hash_to_scalar(tag: &[u8], parts: &[&[u8]]) -> Scalar {
        sha512_scalar(&prefixed(&[Self::CONTEXT, tag], parts))
    }

    fn hash_to_bytes(tag: &[u8], parts: &[&[u8]]) -> Vec<u8> {
        sha512(&prefixed(&[Self::CONTEXT, tag], parts)).to_vec()
    }

    /// RFC 9591 §6.1: H2 is plain SHA-512, as in RFC 8032.
    fn challenge_hash(parts: &[&[u8]]) -> Scalar {
        sha512_scalar(parts)
    }

    fn decode_point(bytes: &[u8]) -> Result<EdwardsPoint, PointError> {
        let repr = point_repr::<EdwardsPoint>(bytes)?;
        let point: EdwardsPoint =
            Option::from(EdwardsPoint::from_bytes(&repr)).ok_or(PointError::Invalid)?;
        if point.compress().as_bytes() != &repr {
            return Err(PointError::NonCanonical);
        }
        if point.is_identity() {
            return Err(PointError::Identity);
        }
        if !point.is_torsion_free() {
            return Err(PointError::NotInSubgroup);
        }
        Ok(point)
    }

    fn mul_base(scalar: &Scalar) -> EdwardsPoint {
        EdwardsPoint::mul_base(scalar)
    }

    /// One field inversion for the batch (`EdwardsPoint::compress_batch_alloc`).
    fn encode_points(points: &[EdwardsPoint]) -> Vec<[u8; 32]> {
        EdwardsPoint::compress_batch_alloc(points)
            .iter()
            .map(|c| c.to_bytes())
            .collect()
    }

    fn vartime_msm(terms: &[(EdwardsPoint, Scalar)]) -> EdwardsPoint {
        crate::msm::parallel(terms, |part: &[(EdwardsPoint, Scalar)]| {
            EdwardsPoint::vartime_multiscalar_mul(
                part.iter().map(|(_, k)| k),
                part.iter().map(|(p, _)| p),
            )
        })
    }
}
