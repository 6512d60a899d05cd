//! The curves ECDSA is signed on: tessera's SEC1 suites, tied to their
//! RustCrypto curve types so the standard ECDSA types, hash-to-curve and
//! the scalar reductions of the `elliptic-curve` crate can be used
//! generically.
//!
//! Everything in this crate is written once over [`EcdsaSuite`]; the two
//! implementations below only name each suite's curve (and the one bound
//! the `ecdsa` crate's DER encoder needs, which cannot be stated generically).

use elliptic_curve::point::AffineCoordinates;
use elliptic_curve::scalar::IsHigh;
use elliptic_curve::{CurveArithmetic, FieldBytes};
use ff::{Field, PrimeField};
use group::{Curve as _, GroupEncoding};
use hash2curve::GroupDigest;
use tessera_core::{Point, Scalar, Suite};

/// A tessera suite whose group is a short-Weierstrass curve with standard
/// ECDSA: secp256k1 (Ethereum, Bitcoin) and P-256 (WebAuthn, passkeys).
pub trait EcdsaSuite:
    Suite<
        Scalar = <Self::Curve as CurveArithmetic>::Scalar,
        Point = <Self::Curve as CurveArithmetic>::ProjectivePoint,
    >
{
    /// The RustCrypto curve (`k256::Secp256k1`, `p256::NistP256`).
    type Curve: ecdsa::EcdsaCurve + CurveArithmetic + GroupDigest;

    /// The ASN.1 DER encoding of a signature (the `ecdsa` crate's encoder).
    fn der_encode(signature: &ecdsa::Signature<Self::Curve>) -> Vec<u8>;

    /// `r`: the x-coordinate of `point` reduced modulo the group order, with
    /// the recovery bits of `point`: whether its y-coordinate is odd and
    /// whether the x-coordinate was at least the order (SEC 1 §4.1.3).
    fn x_scalar(point: &Point<Self>) -> (Scalar<Self>, bool, bool) {
        let affine = point.to_affine();
        let x: FieldBytes<Self::Curve> = affine.x();
        let r = <Scalar<Self> as elliptic_curve::ops::Reduce<FieldBytes<Self::Curve>>>::reduce(&x);
        let reduced = r.to_repr() != x;
        (r, bool::from(affine.y_is_odd()), reduced)
    }

    /// The message scalar of a 32-byte prehash (SEC 1 §4.1.3 step 5: the
    /// leftmost 256 bits, reduced modulo the order).
    fn prehash_scalar(prehash: &[u8; 32]) -> Scalar<Self> {
        let mut bytes = FieldBytes::<Self::Curve>::default();
        bytes.copy_from_slice(prehash);
        <Scalar<Self> as elliptic_curve::ops::Reduce<FieldBytes<Self::Curve>>>::reduce(&bytes)
    }

    /// Whether `s` is in the upper half of the scalar range (BIP 62 "high s").
    fn is_high(s: &Scalar<Self>) -> bool {
        bool::from(s.is_high())
    }

    /// RFC 9380 `hash_to_curve` with this curve's `_XMD:SHA-256_SSWU_RO_`
    /// suite; `None` only if the domain separation tag were too long.
    fn hash_to_point(dst: &[u8], msg: &[&[u8]]) -> Option<Point<Self>> {
        <Self::Curve as GroupDigest>::hash_from_bytes(msg, &[dst]).ok()
    }

    /// The compressed SEC1 encoding of a point, 33 bytes.
    fn point_bytes(point: &Point<Self>) -> [u8; 33] {
        let mut out = [0u8; 33];
        out.iter_mut()
            .zip(AsRef::<[u8]>::as_ref(&point.to_bytes()))
            .for_each(|(o, b)| *o = *b);
        out
    }

    /// The 32-byte big-endian encoding of a scalar.
    fn scalar_bytes(scalar: &Scalar<Self>) -> [u8; 32] {
        let mut out = [0u8; 32];
        out.iter_mut()
            .zip(AsRef::<[u8]>::as_ref(&scalar.to_repr()))
            .for_each(|(o, b)| *o = *b);
        out
    }

    /// A scalar from 32 big-endian bytes, `None` unless canonical.
    fn scalar_from_bytes(bytes: &[u8; 32]) -> Option<Scalar<Self>> {
        let mut repr = <Scalar<Self> as PrimeField>::Repr::default();
        AsMut::<[u8]>::as_mut(&mut repr).copy_from_slice(bytes);
        Option::from(Scalar::<Self>::from_repr(repr))
    }

    /// Zero, for sums.
    fn zero() -> Scalar<Self> {
        Scalar::<Self>::ZERO
    }
}

impl EcdsaSuite for tessera_core::suites::Secp256k1 {
    type Curve = k256::Secp256k1;

    fn der_encode(signature: &ecdsa::Signature<Self::Curve>) -> Vec<u8> {
        signature.to_der().as_bytes().to_vec()
    }
}

impl EcdsaSuite for tessera_core::suites::P256 {
    type Curve = p256::NistP256;

    fn der_encode(signature: &ecdsa::Signature<Self::Curve>) -> Vec<u8> {
        signature.to_der().as_bytes().to_vec()
    }
}
