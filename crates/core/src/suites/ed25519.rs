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

    /// Canonical, not the identity, in the prime-order subgroup (RFC 9591
    /// §6.1). dalek's decompression accepts two kinds of non-canonical
    /// encodings, both refused here from the bytes, without encoding the
    /// point again (an inversion): `y >= p`, which it reduces, and the sign
    /// bit set on `x = 0`, which it ignores. Subgroup membership is
    /// `l P == 0`, checked as `(l - 1) P == -P` (`l - 1` is a scalar, `l`
    /// is not) in variable time: the point is public.
    fn decode_point(bytes: &[u8]) -> Result<EdwardsPoint, PointError> {
        let repr = point_repr::<EdwardsPoint>(bytes)?;
        let point: EdwardsPoint =
            Option::from(EdwardsPoint::from_bytes(&repr)).ok_or(PointError::Invalid)?;
        // x = 0 only at (0, 1) and (0, -1), the points with 2 P = 0.
        let sign = repr.as_ref().last().is_some_and(|b| b & 0x80 != 0);
        if !y_is_canonical(repr.as_ref()) || (sign && (point + point).is_identity()) {
            return Err(PointError::NonCanonical);
        }
        if point.is_identity() {
            return Err(PointError::Identity);
        }
        let minus_one = -Scalar::ONE;
        if EdwardsPoint::vartime_double_scalar_mul_basepoint(&minus_one, &point, &Scalar::ZERO)
            != -point
        {
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

/// Whether the `y` of an encoded Edwards point (little-endian, the top bit
/// being `x`'s sign) is below `p = 2^255 - 19`: the values from `p` to
/// `2^255 - 1` are `0xed..=0xff`, then thirty `0xff`, then `0x7f`.
fn y_is_canonical(bytes: &[u8]) -> bool {
    let (Some(&low), Some(&high), Some(middle)) = (bytes.first(), bytes.last(), bytes.get(1..31))
    else {
        return false;
    };
    !(high & 0x7f == 0x7f && middle.iter().all(|b| *b == 0xff) && low >= 0xed)
}
