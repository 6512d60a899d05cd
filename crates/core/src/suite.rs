//! The [`Suite`] trait: one prime-order group, its hash functions and its
//! strict encodings, as a FROST ciphersuite (RFC 9591 §6) defines them.
//!
//! Everything else in tessera is written once, generically over `S: Suite`.

use core::fmt::Debug;

use ff::PrimeField;
use group::{Group, GroupEncoding};
use zeroize::Zeroize;

use crate::error::PointError;
use crate::schnorr::SchnorrVariant;

/// A scalar of suite `S`.
pub type Scalar<S> = <S as Suite>::Scalar;
/// A group element of suite `S`.
pub type Point<S> = <S as Suite>::Point;

/// A prime-order group with the hash functions and encodings of one RFC 9591
/// ciphersuite.
///
/// Implementors provide only what differs between curves: how to decode a
/// point strictly, how to hash to a scalar, how to hash to bytes, and the
/// fastest multi-scalar multiplication the backend offers. The hash functions
/// H1..H5 of RFC 9591 are built from these in [`crate::hash`].
pub trait Suite: Copy + Debug + Default + Eq + Send + Sync + 'static {
    /// The scalar field (integers modulo the group order).
    type Scalar: PrimeField + Zeroize;
    /// The group, of prime order, in the backend's fastest representation.
    type Point: Group<Scalar = Self::Scalar> + GroupEncoding;

    /// How this suite's Schnorr signatures bind `R` and the key:
    /// [`Rfc9591`](crate::schnorr::Rfc9591) for the RFC 9591 suites,
    /// [`Bip340`](crate::schnorr::Bip340) (x-only, even Y) for
    /// `secp256k1-tr`.
    type Schnorr: SchnorrVariant<Self>;

    /// The one-byte tag that identifies this suite in tessera's wire format.
    const ID: u8;
    /// A short, stable name (`"ed25519"`, `"secp256k1"`, ...).
    const NAME: &'static str;
    /// The RFC 9591 context string, e.g. `b"FROST-ED25519-SHA512-v1"`.
    const CONTEXT: &'static [u8];
    /// Length of an encoded scalar (`Ns` in RFC 9591).
    const SCALAR_LEN: usize;
    /// Length of an encoded point (`Ne` in RFC 9591).
    const POINT_LEN: usize;
    /// Whether the scalar encoding is big-endian (SEC1 suites) rather than
    /// little-endian (the 25519 suites). Used to order identifiers as integers.
    const SCALAR_BIG_ENDIAN: bool;

    /// Hashes `parts` (concatenated) to a scalar under the domain separation
    /// tag `CONTEXT || tag`, the way this suite's H1/H2/H3 do.
    fn hash_to_scalar(tag: &[u8], parts: &[&[u8]]) -> Self::Scalar;

    /// Hashes `parts` (concatenated) with the prefix `CONTEXT || tag` to the
    /// suite's digest, the way this suite's H4/H5 do.
    fn hash_to_bytes(tag: &[u8], parts: &[&[u8]]) -> Vec<u8>;

    /// RFC 9591 H2, the challenge hash, over what [`Suite::Schnorr`] says
    /// the challenge covers. Ed25519 departs from `hash_to_scalar(b"chal",
    /// ..)` (it hashes without a context string, for compatibility with
    /// RFC 8032), and so does `secp256k1-tr` (BIP-340's tagged hash
    /// `BIP0340/challenge` reduced modulo the order).
    fn challenge_hash(parts: &[&[u8]]) -> Self::Scalar {
        Self::hash_to_scalar(b"chal", parts)
    }

    /// Decodes a point, rejecting every encoding RFC 9591 §6 says to reject
    /// for this suite: invalid or non-canonical encodings, the identity and,
    /// where the curve has a cofactor, points outside the prime-order subgroup.
    fn decode_point(bytes: &[u8]) -> Result<Self::Point, PointError>;

    /// `scalar * G` using the backend's fixed-base tables.
    fn mul_base(scalar: &Self::Scalar) -> Self::Point {
        Self::Point::mul_by_generator(scalar)
    }

    /// Variable-time multi-scalar multiplication `sum(k_i * P_i)` for public
    /// data, using the backend's native routine.
    fn vartime_msm(terms: &[(Self::Point, Self::Scalar)]) -> Self::Point;

    /// The encodings of `points`, each exactly what `to_bytes` gives.
    /// Encoding a point held in projective coordinates costs a field
    /// inversion; suites whose backend can normalize a batch with one shared
    /// inversion (Montgomery's trick) do so here.
    fn encode_points(points: &[Self::Point]) -> Vec<<Self::Point as GroupEncoding>::Repr> {
        points.iter().map(GroupEncoding::to_bytes).collect()
    }
}
