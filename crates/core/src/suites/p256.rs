//! FROST(P-256, SHA-256), RFC 9591 §6.4.

use ::p256::{ProjectivePoint, Scalar};

use super::{prefixed, sec1_decode, sec1_msm, sha256, xmd_scalar};
use crate::error::PointError;
use crate::suite::Suite;

/// From how many terms Pippenger's method beats the backend's wNAF
/// linear combination (measured on x86-64; see [`crate::msm`]).
const PIPPENGER_FROM: usize = 384;

/// P-256 with SHA-256 and hash-to-field per RFC 9380.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct P256;

impl Suite for P256 {
    type Scalar = Scalar;
    type Point = ProjectivePoint;

    const ID: u8 = 4;
    const NAME: &'static str = "p256";
    const CONTEXT: &'static [u8] = b"FROST-P256-SHA256-v1";
    const SCALAR_LEN: usize = 32;
    const POINT_LEN: usize = 33;
    const SCALAR_BIG_ENDIAN: bool = true;

    fn hash_to_scalar(tag: &[u8], parts: &[&[u8]]) -> Scalar {
        xmd_scalar(Self::CONTEXT, tag, parts)
    }

    fn hash_to_bytes(tag: &[u8], parts: &[&[u8]]) -> Vec<u8> {
        sha256(&prefixed(&[Self::CONTEXT, tag], parts)).to_vec()
    }

    fn decode_point(bytes: &[u8]) -> Result<ProjectivePoint, PointError> {
        sec1_decode(bytes)
    }

    fn vartime_msm(terms: &[(ProjectivePoint, Scalar)]) -> ProjectivePoint {
        sec1_msm(terms, PIPPENGER_FROM)
    }
}
