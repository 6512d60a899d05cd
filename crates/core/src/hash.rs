//! SHA-256 hash constructions of the SEC1 suites: the building blocks of the
//! RFC 9591 hash functions, `expand_message_xmd` with SHA-256 (RFC 9380
//! §5.3.1) and reduction of a 48-byte big-endian integer modulo the group
//! order (RFC 9380 §5.2, `hash_to_field` with `L = 48`, `count = 1`), both
//! internal; and the BIP-340 [`tagged_hash`] that Bitcoin's constructions
//! use, with [`tagged_scalar`], its reduction to a scalar.

use ff::PrimeField;
use sha2::{Digest, Sha256};

/// SHA-256's input block size in bytes (`s_in_bytes` in RFC 9380).
const SHA256_BLOCK: usize = 64;

/// `expand_message_xmd` (RFC 9380 §5.3.1) with SHA-256, 48 output bytes, and
/// the concatenation of `dst_parts` as domain separation tag.
///
/// Every tessera DST is shorter than 255 bytes, so the long-DST rule does not
/// apply; the message is the concatenation of `msg`.
pub(crate) fn expand_message_xmd_sha256_48(msg: &[&[u8]], dst_parts: &[&[u8]]) -> [u8; 48] {
    let dst_len: usize = dst_parts.iter().map(|p| p.len()).sum();
    let dst_len_byte = u8::try_from(dst_len).unwrap_or(u8::MAX);
    let dst_prime = |h: &mut Sha256| {
        for part in dst_parts {
            h.update(part);
        }
        h.update([dst_len_byte]);
    };

    let mut h0 = Sha256::new();
    h0.update([0u8; SHA256_BLOCK]);
    for part in msg {
        h0.update(part);
    }
    h0.update(48u16.to_be_bytes());
    h0.update([0u8]);
    dst_prime(&mut h0);
    let b0 = h0.finalize();

    let mut h1 = Sha256::new();
    h1.update(b0);
    h1.update([1u8]);
    dst_prime(&mut h1);
    let b1 = h1.finalize();

    let mut h2 = Sha256::new();
    let mixed: [u8; 32] =
        core::array::from_fn(|i| b0.get(i).copied().unwrap_or(0) ^ b1.get(i).copied().unwrap_or(0));
    h2.update(mixed);
    h2.update([2u8]);
    dst_prime(&mut h2);
    let b2 = h2.finalize();

    let mut out = [0u8; 48];
    for (o, b) in out.iter_mut().zip(b1.iter().chain(b2.iter())) {
        *o = *b;
    }
    out
}

/// Interprets 48 big-endian bytes as an integer and reduces it modulo the
/// order of `F`, a 256-bit field whose representation is 32 big-endian bytes
/// (secp256k1, P-256).
///
/// The input is split into three 128-bit limbs, each below the order, and
/// recombined as `(c0 * 2^128 + c1) * 2^128 + c2`.
pub(crate) fn reduce_be48<F: PrimeField>(wide: &[u8; 48]) -> F {
    let limb = |bytes: &[u8]| -> F {
        let mut repr = F::Repr::default();
        let r = repr.as_mut();
        let offset = r.len().saturating_sub(bytes.len());
        for (dst, src) in r.iter_mut().skip(offset).zip(bytes) {
            *dst = *src;
        }
        // A 128-bit value is below every 256-bit order, so this is canonical.
        Option::from(F::from_repr(repr)).unwrap_or(F::ZERO)
    };
    let (c0, rest) = wide.split_at(16);
    let (c1, c2) = rest.split_at(16);
    let two_128 = F::from(1u64 << 32).square().square();
    (limb(c0) * two_128 + limb(c1)) * two_128 + limb(c2)
}

/// BIP-340 tagged hash: `SHA-256(SHA-256(tag) || SHA-256(tag) || parts...)`,
/// the hash behind BIP-340 challenges, BIP-341 Taproot tweaks and BIP 445.
pub fn tagged_hash(tag: &[u8], parts: &[&[u8]]) -> [u8; 32] {
    let tag_hash = Sha256::digest(tag);
    let mut h = Sha256::new();
    h.update(tag_hash);
    h.update(tag_hash);
    for part in parts {
        h.update(part);
    }
    h.finalize().into()
}

/// BIP-340's `int(hash_tag(parts)) mod n`: the [`tagged_hash`] read as a
/// big-endian integer and reduced modulo the order of `F`, a field whose
/// representation is 32 big-endian bytes (secp256k1). BIP-340 challenges
/// and BIP-341 Taproot tweaks are made this way.
pub fn tagged_scalar<F: PrimeField>(tag: &[u8], parts: &[&[u8]]) -> F {
    let digest = tagged_hash(tag, parts);
    let mut wide = [0u8; 48];
    for (w, d) in wide.iter_mut().skip(16).zip(digest) {
        *w = d;
    }
    reduce_be48(&wide)
}
