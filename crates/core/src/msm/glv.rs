//! The GLV scalar decomposition on secp256k1: `k = k1 + k2 λ (mod n)` with
//! `|k1|, |k2| < 2^128`, where `λ` is the cube root of unity mod `n` for
//! which `λ (x, y) = (β x, y)` (k256's `ProjectivePoint::endomorphism`).
//!
//! The method is Gallant, Lambert and Vanstone (CRYPTO 2001) with the
//! rounding of "Guide to Elliptic Curve Cryptography" (Hankerson, Menezes,
//! Vanstone) §3.5: `c1 = round(k g1 / 2^384)`, `c2 = round(k g2 / 2^384)`,
//! `k2 = c1 (-b1) + c2 (-b2)`, `k1 = k - k2 λ`. The constants `λ`, `-b1`,
//! `-b2`, `g1 = round(2^384 b2 / n)`, `g2 = round(2^384 (-b1) / n)` and the
//! bound `|k1|, |k2| < 2^128` are the published ones of libsecp256k1's
//! `secp256k1_scalar_split_lambda` (`src/scalar_impl.h`, which also proves
//! the bound). k256 0.14 has the same decomposition but does not export it.
//! The tests check `λ P = φ(P)`, `λ^3 = 1` and the split on edge scalars.

use ff::PrimeField;
use k256::Scalar;

/// `λ`, big-endian 32-bit words as libsecp256k1 writes them.
pub(crate) const LAMBDA: [u32; 8] = [
    0x5363_AD4C,
    0xC05C_30E0,
    0xA526_1C02,
    0x8812_645A,
    0x122E_22EA,
    0x2081_6678,
    0xDF02_967C,
    0x1B23_BD72,
];

/// `-b1 mod n`.
const MINUS_B1: [u32; 8] = [
    0,
    0,
    0,
    0,
    0xE443_7ED6,
    0x010E_8828,
    0x6F54_7FA9,
    0x0ABF_E4C3,
];

/// `-b2 mod n`.
const MINUS_B2: [u32; 8] = [
    0xFFFF_FFFF,
    0xFFFF_FFFF,
    0xFFFF_FFFF,
    0xFFFF_FFFE,
    0x8A28_0AC5,
    0x0774_346D,
    0xD765_CDA8,
    0x3DB1_562C,
];

/// `g1 = round(2^384 b2 / n)`.
const G1: [u32; 8] = [
    0x3086_D221,
    0xA7D4_6BCD,
    0xE86C_90E4,
    0x9284_EB15,
    0x3DAA_8A14,
    0x71E8_CA7F,
    0xE893_209A,
    0x45DB_B031,
];

/// `g2 = round(2^384 (-b1) / n)`.
const G2: [u32; 8] = [
    0xE443_7ED6,
    0x010E_8828,
    0x6F54_7FA9,
    0x0ABF_E4C4,
    0x2212_08AC,
    0x9DF5_06C6,
    0x1571_B4AE,
    0x8AC4_7F71,
];

/// The 256-bit number of big-endian words `w` as four little-endian limbs.
fn limbs(w: &[u32; 8]) -> [u64; 4] {
    let mut out = [0u64; 4];
    for (i, limb) in out.iter_mut().enumerate() {
        let hi = w.get(6 - 2 * i).copied().unwrap_or(0);
        let lo = w.get(7 - 2 * i).copied().unwrap_or(0);
        *limb = (u64::from(hi) << 32) | u64::from(lo);
    }
    out
}

/// The scalar of big-endian words `w` (all constants here are below `n`).
pub(crate) fn scalar(w: &[u32; 8]) -> Option<Scalar> {
    let mut bytes = [0u8; 32];
    for (chunk, word) in bytes.chunks_mut(4).zip(w) {
        chunk.copy_from_slice(&word.to_be_bytes());
    }
    Option::from(Scalar::from_repr(bytes.into()))
}

/// `round(a b / 2^384)` for 256-bit `a` and `b` (little-endian limbs); the
/// result is below `2^128`.
fn mul_shift_384(a: &[u64; 4], b: &[u64; 4]) -> u128 {
    let mut product = [0u64; 8];
    for (i, &x) in a.iter().enumerate() {
        let mut carry = 0u128;
        for (j, &y) in b.iter().enumerate() {
            if let Some(slot) = product.get_mut(i + j) {
                let t = u128::from(x) * u128::from(y) + u128::from(*slot) + carry;
                *slot = t as u64;
                carry = t >> 64;
            }
        }
        if let Some(slot) = product.get_mut(i + 4) {
            *slot = carry as u64;
        }
    }
    let [.., l5, l6, l7] = product;
    let high = (u128::from(l7) << 64) | u128::from(l6);
    high + u128::from(l5 >> 63)
}

/// `k` as `(negative, |k|)` when `|k| < 2^128` (as an integer in
/// `(-n/2, n/2)`), else `None`.
fn signed_half(k: &Scalar) -> Option<(bool, u128)> {
    let low = |s: &Scalar| -> Option<u128> {
        let bytes = s.to_repr();
        let (high, low) = bytes.as_slice().split_at(16);
        if high.iter().any(|b| *b != 0) {
            return None;
        }
        Some(u128::from_be_bytes(low.try_into().ok()?))
    };
    low(k)
        .map(|v| (false, v))
        .or_else(|| low(&-*k).map(|v| (true, v)))
}

/// The split `k = k1 + k2 λ (mod n)` as `[(k1 < 0, |k1|), (k2 < 0, |k2|)]`,
/// both magnitudes below `2^128`; `None` only if that published bound
/// failed (it cannot: the caller then falls back to full-length scalars).
pub(crate) fn split(k: &Scalar) -> Option<[(bool, u128); 2]> {
    let repr = k.to_repr();
    let mut words = [0u32; 8];
    for (word, chunk) in words.iter_mut().zip(repr.as_slice().chunks(4)) {
        *word = u32::from_be_bytes(chunk.try_into().ok()?);
    }
    let k_limbs = limbs(&words);
    let c1 = Scalar::from_u128(mul_shift_384(&k_limbs, &limbs(&G1)));
    let c2 = Scalar::from_u128(mul_shift_384(&k_limbs, &limbs(&G2)));
    let k2 = c1 * scalar(&MINUS_B1)? + c2 * scalar(&MINUS_B2)?;
    let k1 = *k - k2 * scalar(&LAMBDA)?;
    Some([signed_half(&k1)?, signed_half(&k2)?])
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use k256::ProjectivePoint;
    use proptest::prelude::*;

    fn from_split(s: [(bool, u128); 2]) -> Scalar {
        let signed = |(neg, v): (bool, u128)| {
            let x = Scalar::from_u128(v);
            if neg { -x } else { x }
        };
        signed(s[0]) + signed(s[1]) * scalar(&LAMBDA).unwrap()
    }

    #[test]
    fn lambda_is_the_endomorphism() {
        let lambda = scalar(&LAMBDA).unwrap();
        assert_eq!(lambda * lambda * lambda, Scalar::ONE);
        assert_ne!(lambda, Scalar::ONE);
        let g = ProjectivePoint::GENERATOR;
        assert_eq!(g * lambda, g.endomorphism());
        let p = g * Scalar::from(0x1234_5678u64);
        assert_eq!(p * lambda, p.endomorphism());
    }

    #[test]
    fn split_edge_scalars() {
        let lambda = scalar(&LAMBDA).unwrap();
        let half = Scalar::from_u128(u128::MAX) + Scalar::ONE; // 2^128
        let mut edges = vec![
            Scalar::ZERO,
            Scalar::ONE,
            -Scalar::ONE, // n - 1
            -Scalar::from(2u64),
            lambda,
            -lambda,
            lambda * lambda,
            half,
            half - Scalar::ONE,
            -half,
            half * lambda,
            (half - Scalar::ONE) * lambda,
            (half - Scalar::ONE) + (half - Scalar::ONE) * lambda,
            -((half - Scalar::ONE) + (half - Scalar::ONE) * lambda),
            Scalar::from(2u64).invert().unwrap(), // (n + 1) / 2
            -Scalar::from(2u64).invert().unwrap(),
            scalar(&MINUS_B1).unwrap(),
            scalar(&MINUS_B2).unwrap(),
        ];
        edges.push(Scalar::from_u128(u128::MAX));
        for k in edges {
            let s = split(&k).unwrap();
            assert_eq!(from_split(s), k, "{k:?}");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2000, failure_persistence: None, ..ProptestConfig::default() })]
        #[test]
        fn split_recombines(bytes in any::<[u8; 32]>()) {
            let k = Option::<Scalar>::from(Scalar::from_repr(bytes.into()))
                .unwrap_or_else(|| Scalar::from_u128(u128::from_be_bytes(bytes[..16].try_into().unwrap())));
            let s = split(&k).unwrap();
            prop_assert_eq!(from_split(s), k);
        }
    }
}
