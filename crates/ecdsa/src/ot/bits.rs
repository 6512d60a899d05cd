//! Bit strings and the bit-matrix transpose of the OT extension.
//!
//! Bit `j` of a byte string is bit `j % 8` (least significant first) of
//! byte `j / 8`, everywhere in this crate.

use subtle::Choice;

/// Bit `j` of `bytes` (0 past the end).
pub(crate) fn bit(bytes: &[u8], j: usize) -> u8 {
    bytes.get(j / 8).map_or(0, |b| (b >> (j % 8)) & 1)
}

/// Bit `j` of `bytes` as a constant-time choice.
pub(crate) fn choice(bytes: &[u8], j: usize) -> Choice {
    Choice::from(bit(bytes, j))
}

/// `dst ^= src` (up to the shorter length).
pub(crate) fn xor_into(dst: &mut [u8], src: &[u8]) {
    dst.iter_mut().zip(src).for_each(|(d, s)| *d ^= s);
}

/// `dst ^= src & mask` with `mask` all ones or all zeros.
pub(crate) fn xor_masked(dst: &mut [u8], src: &[u8], mask: u8) {
    dst.iter_mut().zip(src).for_each(|(d, s)| *d ^= s & mask);
}

/// `0xff` if bit `j` of `bytes` is set, `0x00` otherwise, without a branch.
pub(crate) fn mask(bytes: &[u8], j: usize) -> u8 {
    0u8.wrapping_sub(bit(bytes, j))
}

/// Transposes an 8x8 bit matrix held in a `u64` whose byte `i` is row `i`
/// (bit `j` of the byte is column `j`).
fn transpose8(mut x: u64) -> u64 {
    let t = (x ^ (x >> 7)) & 0x00AA_00AA_00AA_00AA;
    x ^= t ^ (t << 7);
    let t = (x ^ (x >> 14)) & 0x0000_CCCC_0000_CCCC;
    x ^= t ^ (t << 14);
    let t = (x ^ (x >> 28)) & 0x0000_0000_F0F0_F0F0;
    x ^= t ^ (t << 28);
    x
}

/// The rows of the bit matrix whose columns are `columns` (128 of them,
/// each at least `m / 8` bytes): row `j` is the 128-bit string whose bit `i`
/// is bit `j` of column `i`, for `j < m` (`m` a multiple of 8).
pub(crate) fn transpose(columns: &[Vec<u8>], m: usize) -> Vec<[u8; 16]> {
    let mut rows = vec![[0u8; 16]; m];
    for (group, cols) in columns.chunks(8).enumerate().take(16) {
        for r in 0..m / 8 {
            let mut word = [0u8; 8];
            for (w, col) in word.iter_mut().zip(cols) {
                *w = col.get(r).copied().unwrap_or(0);
            }
            let t = transpose8(u64::from_le_bytes(word)).to_le_bytes();
            for (b, byte) in t.iter().enumerate() {
                if let Some(row) = rows.get_mut(8 * r + b) {
                    if let Some(slot) = row.get_mut(group) {
                        *slot = *byte;
                    }
                }
            }
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;
    use rand::RngExt;

    #[test]
    fn transpose_matches_the_definition() {
        let mut rng = rand::rng();
        let m = 416;
        let columns: Vec<Vec<u8>> = (0..128)
            .map(|_| (0..m / 8 + 5).map(|_| rng.random()).collect())
            .collect();
        let rows = transpose(&columns, m);
        assert_eq!(rows.len(), m);
        for (j, row) in rows.iter().enumerate() {
            for (i, col) in columns.iter().enumerate() {
                assert_eq!(bit(row, i), bit(col, j), "row {j} column {i}");
            }
        }
    }

    #[test]
    fn masks_follow_bits() {
        let bytes = [0b0000_0101u8];
        assert_eq!(mask(&bytes, 0), 0xff);
        assert_eq!(mask(&bytes, 1), 0);
        assert_eq!(mask(&bytes, 2), 0xff);
        assert_eq!(bit(&bytes, 9), 0);
    }
}
