//! The two ways a suite's Schnorr signatures bind the nonce commitment `R`
//! and the key `P`, written as one small trait, [`SchnorrVariant`], that
//! each [`Suite`] names as its [`Suite::Schnorr`]:
//!
//! - [`Rfc9591`]: the challenge hashes the full encodings of `R` and `P`
//!   (RFC 9591 §4.6), every point stands for itself, and a signature is
//!   `SerializeElement(R) || SerializeScalar(z)` (RFC 9591 §6).
//! - [`Bip340`]: keys and nonce commitments are *x-only* (BIP-340,
//!   "Design" and "Public key conversion"): a point and its negation share
//!   an x-coordinate, and the one with even Y is the one used, so a signer
//!   whose key or group commitment has odd Y negates its secret or nonces;
//!   the challenge hashes the x-coordinates of `R` and `P`; a signature is
//!   the 64 bytes `x(R) || z`. This is FROST as the Zcash Foundation's
//!   `frost-secp256k1-tr` crate runs it for Bitcoin Taproot.
//!
//! The variants work on canonical encodings, which signing computes anyway,
//! so telling a point's parity costs nothing extra.

use core::fmt::Debug;

use crate::error::PointError;
use crate::suite::{Point, Scalar, Suite};

/// How a suite's Schnorr signatures treat the commitment `R` and the key `P`.
/// Signing, aggregation and verification in `tessera-frost` are written once
/// over it.
pub trait SchnorrVariant<S: Suite>: Copy + Debug + Default + Eq + Send + Sync + 'static {
    /// Length of `R`'s part of the standard signature encoding.
    const SIGNATURE_POINT_LEN: usize;

    /// Replaces the canonical encoding of a point by the encoding of the
    /// point this variant uses in its place, and returns whether that is the
    /// point's negation (BIP-340: a point with odd Y stands for its
    /// negation, which has even Y). The signer then negates the matching
    /// secret (its key share, or its nonces).
    fn normalize(encoding: &mut [u8]) -> bool;

    /// The challenge `c` from the normalized encodings of `R` and `P` and
    /// the message.
    fn challenge(r: &[u8], key: &[u8], message: &[u8]) -> Scalar<S>;

    /// `R`'s part of the standard signature encoding, from its normalized
    /// encoding.
    fn signature_point(encoding: &[u8]) -> &[u8];

    /// Decodes `R`'s part of a standard signature encoding strictly.
    fn decode_signature_point(bytes: &[u8]) -> Result<Point<S>, PointError>;
}

/// RFC 9591's Schnorr signatures: `c = H2(SerializeElement(R) ||
/// SerializeElement(P) || msg)` (§4.6, with the suite's H2) and the signature
/// `SerializeElement(R) || SerializeScalar(z)`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Rfc9591;

impl<S: Suite> SchnorrVariant<S> for Rfc9591 {
    const SIGNATURE_POINT_LEN: usize = S::POINT_LEN;

    fn normalize(_encoding: &mut [u8]) -> bool {
        false
    }

    fn challenge(r: &[u8], key: &[u8], message: &[u8]) -> Scalar<S> {
        S::challenge_hash(&[r, key, message])
    }

    fn signature_point(encoding: &[u8]) -> &[u8] {
        encoding
    }

    fn decode_signature_point(bytes: &[u8]) -> Result<Point<S>, PointError> {
        S::decode_point(bytes)
    }
}

/// BIP-340 Schnorr signatures over a suite with compressed SEC1 encodings
/// (`0x02 | 0x03 || x`): x-only keys and nonce commitments with even Y,
/// `c = H2(x(R) || x(P) || msg)` with the suite's H2 (for `secp256k1-tr`,
/// BIP-340's `int(hash_BIP0340/challenge(..)) mod n`), and the 64-byte
/// signature `x(R) || z`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Bip340;

/// SEC1's tag of a compressed point with even Y.
const EVEN: u8 = 0x02;
/// SEC1's tag of a compressed point with odd Y.
const ODD: u8 = 0x03;

/// The x-coordinate of a compressed SEC1 encoding.
fn x_of(encoding: &[u8]) -> &[u8] {
    encoding.get(1..).unwrap_or_default()
}

impl<S: Suite> SchnorrVariant<S> for Bip340 {
    const SIGNATURE_POINT_LEN: usize = S::POINT_LEN - 1;

    fn normalize(encoding: &mut [u8]) -> bool {
        match encoding.first_mut() {
            Some(tag) if *tag == ODD => {
                *tag = EVEN;
                true
            }
            _ => false,
        }
    }

    fn challenge(r: &[u8], key: &[u8], message: &[u8]) -> Scalar<S> {
        S::challenge_hash(&[x_of(r), x_of(key), message])
    }

    fn signature_point(encoding: &[u8]) -> &[u8] {
        x_of(encoding)
    }

    /// BIP-340's `lift_x`: the point with x-coordinate `bytes` and even Y;
    /// rejects a wrong length, `x >= p` and an `x` that is on no point.
    fn decode_signature_point(bytes: &[u8]) -> Result<Point<S>, PointError> {
        if bytes.len() + 1 != S::POINT_LEN {
            return Err(PointError::Invalid);
        }
        let mut encoding = Vec::with_capacity(S::POINT_LEN);
        encoding.push(EVEN);
        encoding.extend_from_slice(bytes);
        S::decode_point(&encoding)
    }
}
