//! The four RFC 9591 ciphersuites and `secp256k1-tr` (FROST with BIP-340
//! signatures), each behind its Cargo feature.
//!
//! Each suite file holds only what differs between curves; the hashing
//! helpers the suites share are below.

#[cfg(feature = "ed25519")]
mod ed25519;
#[cfg(feature = "ristretto255")]
mod ristretto255;
#[cfg(any(feature = "secp256k1", feature = "p256", feature = "secp256k1-tr"))]
mod sec1;

#[cfg(feature = "ed25519")]
pub use ed25519::Ed25519;
#[cfg(feature = "ristretto255")]
pub use ristretto255::Ristretto255;
#[cfg(feature = "p256")]
pub use sec1::P256;
#[cfg(feature = "secp256k1")]
pub use sec1::Secp256k1;
#[cfg(feature = "secp256k1-tr")]
pub use sec1::Secp256k1Tr;

use group::GroupEncoding;

use crate::error::PointError;

/// Copies `bytes` into the point representation of `G`, or `Invalid` when
/// the length differs.
fn point_repr<G: GroupEncoding>(bytes: &[u8]) -> Result<G::Repr, PointError> {
    let mut repr = G::Repr::default();
    if repr.as_ref().len() != bytes.len() {
        return Err(PointError::Invalid);
    }
    repr.as_mut().copy_from_slice(bytes);
    Ok(repr)
}

/// SHA-512 of the concatenated parts (the 25519 suites' hash).
#[cfg(any(feature = "ed25519", feature = "ristretto255"))]
fn sha512(parts: &[&[u8]]) -> [u8; 64] {
    use sha2::Digest;
    let mut h = sha2::Sha512::new();
    for p in parts {
        h.update(p);
    }
    h.finalize().into()
}

/// SHA-512 reduced modulo the 25519 group order as a little-endian integer.
#[cfg(any(feature = "ed25519", feature = "ristretto255"))]
fn sha512_scalar(parts: &[&[u8]]) -> curve25519_dalek::Scalar {
    curve25519_dalek::Scalar::from_bytes_mod_order_wide(&sha512(parts))
}

/// `[a..., b...]` without allocation beyond one small vector.
fn prefixed<'a>(prefix: &[&'a [u8]], parts: &[&'a [u8]]) -> Vec<&'a [u8]> {
    prefix.iter().chain(parts).copied().collect()
}

/// SHA-256 of the concatenated parts (the SEC1 suites' H4/H5).
#[cfg(any(feature = "secp256k1", feature = "p256", feature = "secp256k1-tr"))]
fn sha256(parts: &[&[u8]]) -> [u8; 32] {
    use sha2::Digest;
    let mut h = sha2::Sha256::new();
    for p in parts {
        h.update(p);
    }
    h.finalize().into()
}

/// `hash_to_field` with `expand_message_xmd(SHA-256)`, `L = 48`, one element,
/// DST = `context || tag` (the SEC1 suites' H1/H2/H3).
#[cfg(any(feature = "secp256k1", feature = "p256", feature = "secp256k1-tr"))]
fn xmd_scalar<F: ff::PrimeField>(context: &[u8], tag: &[u8], parts: &[&[u8]]) -> F {
    let wide = crate::hash::expand_message_xmd_sha256_48(parts, &[context, tag]);
    crate::hash::reduce_be48(&wide)
}

/// Decodes a SEC1 compressed point (RFC 9591 §6.4, §6.5): the backend
/// rejects bad tags and off-curve or out-of-range coordinates; the all-zero
/// encoding, which the backend maps to the identity, is rejected here, and so
/// is every tag but 0x02 / 0x03 (the backend also accepts SEC1's "compact"
/// tag 0x05, which is not RFC 9591's compressed encoding).
#[cfg(any(feature = "secp256k1", feature = "p256", feature = "secp256k1-tr"))]
fn sec1_decode<G: group::Group + GroupEncoding>(bytes: &[u8]) -> Result<G, PointError> {
    let repr = point_repr::<G>(bytes)?;
    let point: G = Option::from(G::from_bytes(&repr)).ok_or(PointError::Invalid)?;
    if bool::from(point.is_identity()) {
        return Err(PointError::Identity);
    }
    if !matches!(bytes.first(), Some(0x02 | 0x03)) {
        return Err(PointError::NonCanonical);
    }
    Ok(point)
}

/// The RustCrypto backends' variable-time linear combination (wNAF; GLV on
/// secp256k1) below `pippenger_from` terms, Pippenger's method with affine
/// buckets from there on (see [`crate::msm`]; should it ever report an
/// internal inconsistency, the linear combination instead), or the identity
/// for no terms; split across threads by [`crate::msm::parallel`].
#[cfg(any(feature = "secp256k1", feature = "p256", feature = "secp256k1-tr"))]
fn sec1_msm<C: crate::msm::Coordinates>(
    terms: &[(C::ProjectivePoint, C::Scalar)],
    pippenger_from: usize,
) -> C::ProjectivePoint {
    use elliptic_curve::ops::LinearCombination;
    if terms.is_empty() {
        return <C::ProjectivePoint as group::Group>::identity();
    }
    crate::msm::parallel(terms, |part: &[(C::ProjectivePoint, C::Scalar)]| {
        if part.len() >= pippenger_from {
            if let Some(sum) = crate::msm::pippenger::<C>(part, true) {
                return sum;
            }
        }
        C::ProjectivePoint::lincomb_vartime(part)
    })
}
