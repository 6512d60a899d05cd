//! The secp256k1 encodings and conversions BIP 445 is written in (its
//! "Notation" section): compressed points with and without the all-zero
//! encoding of infinity, x-only keys, even-y normalisation, and the three
//! ways of reading 32 bytes as a scalar.

use ff::PrimeField;
use group::{Group, GroupEncoding};
use k256::elliptic_curve::ops::Reduce;
use k256::{FieldBytes, ProjectivePoint, Scalar};

/// `cbytes_ext(P)`: the 33-byte compressed encoding, all zeros for infinity.
pub(crate) fn cbytes_ext(point: &ProjectivePoint) -> [u8; 33] {
    let mut out = [0u8; 33];
    if !bool::from(point.is_identity()) {
        out.copy_from_slice(point.to_bytes().as_ref());
    }
    out
}

/// `cpoint(b)`: decodes a 33-byte compressed point (tag 0x02 or 0x03, `x`
/// below the field size, on the curve); `None` for anything else.
pub(crate) fn cpoint(bytes: &[u8]) -> Option<ProjectivePoint> {
    if bytes.len() != 33 || !matches!(bytes.first(), Some(0x02 | 0x03)) {
        return None;
    }
    let mut repr = <ProjectivePoint as GroupEncoding>::Repr::default();
    AsMut::<[u8]>::as_mut(&mut repr).copy_from_slice(bytes);
    let point: ProjectivePoint = Option::from(ProjectivePoint::from_bytes(&repr))?;
    (!bool::from(point.is_identity())).then_some(point)
}

/// `cpoint_ext(b)`: as [`cpoint`], and 33 zero bytes decode to infinity.
pub(crate) fn cpoint_ext(bytes: &[u8]) -> Option<ProjectivePoint> {
    if bytes.len() == 33 && bytes.iter().all(|b| *b == 0) {
        return Some(ProjectivePoint::IDENTITY);
    }
    cpoint(bytes)
}

/// `lift_x(x)`: the point with x-coordinate `x` and even y, if any.
pub(crate) fn lift_x(x: &[u8; 32]) -> Option<ProjectivePoint> {
    let mut bytes = [0u8; 33];
    bytes[0] = 0x02;
    bytes[1..].copy_from_slice(x);
    cpoint(&bytes)
}

/// The x-coordinate (`xbytes`) and whether y is even, of a point that is
/// not infinity (infinity gives zeros and "even").
pub(crate) fn xonly(point: &ProjectivePoint) -> ([u8; 32], bool) {
    let c = cbytes_ext(point);
    let mut x = [0u8; 32];
    x.copy_from_slice(&c[1..]);
    (x, c[0] != 0x03)
}

/// `has_even_y(P)`.
pub(crate) fn has_even_y(point: &ProjectivePoint) -> bool {
    xonly(point).1
}

/// `Scalar(1)` if `even`, `Scalar(-1)` otherwise.
pub(crate) fn sign_of(even: bool) -> Scalar {
    if even { Scalar::ONE } else { -Scalar::ONE }
}

/// `scalar_from_bytes_checked`: `None` unless the value is below the order.
pub(crate) fn scalar_checked(bytes: &[u8]) -> Option<Scalar> {
    let arr: [u8; 32] = bytes.try_into().ok()?;
    Option::from(Scalar::from_repr(FieldBytes::from(arr)))
}

/// `scalar_from_bytes_nonzero_checked`: `None` for zero or out of range.
pub(crate) fn scalar_nonzero_checked(bytes: &[u8]) -> Option<Scalar> {
    scalar_checked(bytes).filter(|s| !bool::from(ff::Field::is_zero(s)))
}

/// `scalar_from_bytes_wrapping`: the value modulo the order.
pub(crate) fn scalar_wrapping(bytes: &[u8; 32]) -> Scalar {
    <Scalar as Reduce<FieldBytes>>::reduce(&FieldBytes::from(*bytes))
}

/// `scalar_to_bytes`.
pub(crate) fn scalar_bytes(s: &Scalar) -> [u8; 32] {
    let mut out = [0u8; 32];
    out.copy_from_slice(s.to_repr().as_ref());
    out
}

/// `xor_bytes(a, b)` of two 32-byte strings.
pub(crate) fn xor32(a: &[u8; 32], b: &[u8; 32]) -> [u8; 32] {
    core::array::from_fn(|i| a.get(i).copied().unwrap_or(0) ^ b.get(i).copied().unwrap_or(0))
}

/// `hash_tag(parts...)` read as a scalar modulo the order.
pub(crate) fn hash_scalar(tag: &[u8], parts: &[&[u8]]) -> Scalar {
    scalar_wrapping(&tessera_core::hash::tagged_hash(tag, parts))
}
