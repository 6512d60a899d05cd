//! The SEC1 suites, FROST(secp256k1, SHA-256) (RFC 9591 §6.5),
//! FROST(P-256, SHA-256) (RFC 9591 §6.4) and FROST(secp256k1, SHA-256) with
//! BIP-340 signatures (`secp256k1-tr`, the ciphersuite of the Zcash
//! Foundation's `frost-secp256k1-tr`): one construction over two RustCrypto
//! curves, written once in [`sec1_suite!`] and instantiated three times.
//! All use compressed SEC1 points, big-endian scalars, SHA-256, and
//! `hash_to_field` with `expand_message_xmd` for H1 and H3 (and H2, except
//! `secp256k1-tr`, whose H2 is BIP-340's challenge hash).

use super::{prefixed, sec1_decode, sec1_msm, sha256, xmd_scalar};
use crate::error::PointError;
use crate::suite::Suite;

/// Defines a SEC1 suite: its type, backend crate and curve, wire tag, name, RFC 9591
/// context string, from how many terms Pippenger's method beats the
/// backend's wNAF linear combination (measured on x86-64, see
/// [`crate::msm`]), its Schnorr variant, and optionally its own H2.
macro_rules! sec1_suite {
    (
        $(#[$doc:meta])*
        $suite:ident, feature = $feature:literal, backend = $backend:ident, curve = $curve:ident, id = $id:literal,
        name = $name:literal, context = $context:literal, pippenger_from = $pippenger_from:literal,
        schnorr = $schnorr:ty $(, challenge_hash = $challenge_hash:path)?
    ) => {
        $(#[$doc])*
        #[cfg(feature = $feature)]
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
        pub struct $suite;

        #[cfg(feature = $feature)]
        impl Suite for $suite {
            type Scalar = ::$backend::Scalar;
            type Point = ::$backend::ProjectivePoint;
            type Schnorr = $schnorr;

            const ID: u8 = $id;
            const NAME: &'static str = $name;
            const CONTEXT: &'static [u8] = $context;
            const SCALAR_LEN: usize = 32;
            const POINT_LEN: usize = 33;
            const SCALAR_BIG_ENDIAN: bool = true;

            fn hash_to_scalar(tag: &[u8], parts: &[&[u8]]) -> Self::Scalar {
                xmd_scalar(Self::CONTEXT, tag, parts)
            }

            fn hash_to_bytes(tag: &[u8], parts: &[&[u8]]) -> Vec<u8> {
                sha256(&prefixed(&[Self::CONTEXT, tag], parts)).to_vec()
            }

            $(
                fn challenge_hash(parts: &[&[u8]]) -> Self::Scalar {
                    $challenge_hash(parts)
                }
            )?

            fn decode_point(bytes: &[u8]) -> Result<Self::Point, PointError> {
                sec1_decode(bytes)
            }

            fn vartime_msm(terms: &[(Self::Point, Self::Scalar)]) -> Self::Point {
                sec1_msm::<::$backend::$curve>(terms, $pippenger_from)
            }

            /// To affine coordinates with one shared field inversion
            /// (`CurveGroup::batch_normalize`), then compressed SEC1.
            fn encode_points(points: &[Self::Point]) -> Vec<::$backend::CompressedPoint> {
                use ::elliptic_curve::CurveGroup as _;
                use ::group::GroupEncoding as _;
                let mut affine = vec![::$backend::AffinePoint::IDENTITY; points.len()];
                Self::Point::batch_normalize(points, &mut affine);
                affine.iter().map(|p| p.to_bytes()).collect()
            }
        }
    };
}

sec1_suite!(
    /// secp256k1 with SHA-256 and hash-to-field per RFC 9380.
    Secp256k1, feature = "secp256k1", backend = k256, curve = Secp256k1, id = 3,
    name = "secp256k1", context = b"FROST-secp256k1-SHA256-v1", pippenger_from = 32,
    schnorr = crate::schnorr::Rfc9591
);

sec1_suite!(
    /// P-256 with SHA-256 and hash-to-field per RFC 9380.
    P256, feature = "p256", backend = p256, curve = NistP256, id = 4,
    name = "p256", context = b"FROST-P256-SHA256-v1", pippenger_from = 32,
    schnorr = crate::schnorr::Rfc9591
);

sec1_suite!(
    /// secp256k1 with SHA-256 and BIP-340 Schnorr signatures: FROST as the
    /// Zcash Foundation's `frost-secp256k1-tr` runs it, byte for byte. H1,
    /// H3, H4 and H5 are RFC 9591's with the context string
    /// `FROST-secp256k1-SHA256-TR-v1`; H2 is BIP-340's challenge hash; keys
    /// and group commitments are x-only with even Y ([`Bip340`](crate::schnorr::Bip340)), and
    /// signatures are the 64-byte BIP-340 signatures Bitcoin verifies.
    Secp256k1Tr, feature = "secp256k1-tr", backend = k256, curve = Secp256k1, id = 5,
    name = "secp256k1-tr", context = b"FROST-secp256k1-SHA256-TR-v1", pippenger_from = 32,
    schnorr = crate::schnorr::Bip340, challenge_hash = bip340_challenge
);

/// BIP-340's challenge hash: `int(hash_BIP0340/challenge(parts)) mod n`.
#[cfg(feature = "secp256k1-tr")]
fn bip340_challenge(parts: &[&[u8]]) -> k256::Scalar {
    crate::hash::tagged_scalar(b"BIP0340/challenge", parts)
}
