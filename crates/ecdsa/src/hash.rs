//! The symmetric primitives of this crate, each from a well-kept crate:
//!
//! - SHA-256 (`sha2`, with SHA-NI where the CPU has it): every transcript
//!   hash, commitment, Fiat–Shamir challenge, key derivation and the
//!   correlation-robust hash of the OT extension;
//! - ChaCha20 (`rand_chacha`): the PRG that stretches 32-byte seeds (base-OT
//!   seeds into OT-extension columns, OT outputs into scalars);
//! - POLYVAL (`polyval`, GF(2^128) with CLMUL where available): the
//!   universal hash of the OT-extension consistency check
//!   ([`crate::ot::extension`]).
//!
//! Every hash input is domain-separated by a tag and length-prefixed part by
//! part, so no two different inputs of any protocol step collide.

use rand_chacha::ChaCha20Rng;
use rand_core::{Rng, SeedableRng};
use sha2::{Digest, Sha256};
use tessera_core::Scalar;

use crate::suite::EcdsaSuite;

/// The domain of every hash of this crate, followed by the step's tag.
const DOMAIN: &[u8] = b"tessera-ecdsa-v1";

/// SHA-256 of `DOMAIN || len(tag) || tag || (len(part) || part)*`.
pub(crate) fn digest(tag: &[u8], parts: &[&[u8]]) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(DOMAIN);
    h.update(len_prefix(tag.len()));
    h.update(tag);
    for part in parts {
        h.update(len_prefix(part.len()));
        h.update(part);
    }
    h.finalize().into()
}

/// An 8-byte big-endian length.
fn len_prefix(len: usize) -> [u8; 8] {
    u64::try_from(len).unwrap_or(u64::MAX).to_be_bytes()
}

/// SHA-256 of the raw concatenation of `parts` (no framing): for fixed-size
/// inputs on hot paths, where one compression must suffice.
pub(crate) fn raw_digest(parts: &[&[u8]]) -> [u8; 32] {
    let mut h = Sha256::new();
    for part in parts {
        h.update(part);
    }
    h.finalize().into()
}

/// A stream of uniformly random scalars drawn from a 32-byte seed with
/// ChaCha20. Each scalar is the first 32-byte block of the stream that
/// encodes an integer below the group order (rejection sampling: on
/// secp256k1 a block is rejected with probability below 2^-127, on P-256
/// below 2^-32; only whether a block was rejected could show in timing).
pub(crate) struct ScalarStream(ChaCha20Rng);

impl ScalarStream {
    /// The stream of `seed`.
    pub(crate) fn new(seed: [u8; 32]) -> Self {
        Self(ChaCha20Rng::from_seed(seed))
    }

    /// The next scalar.
    pub(crate) fn next<S: EcdsaSuite>(&mut self) -> Scalar<S> {
        loop {
            let mut bytes = [0u8; 32];
            self.0.fill_bytes(&mut bytes);
            let scalar = S::scalar_from_bytes(&bytes);
            zeroize::Zeroize::zeroize(&mut bytes);
            if let Some(s) = scalar {
                return s;
            }
        }
    }
}

/// A uniformly random scalar derived from `tag` and `parts`.
pub(crate) fn hash_to_scalar<S: EcdsaSuite>(tag: &[u8], parts: &[&[u8]]) -> Scalar<S> {
    ScalarStream::new(digest(tag, parts)).next::<S>()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;

    #[test]
    fn framing_separates_parts() {
        assert_ne!(digest(b"t", &[b"ab", b"c"]), digest(b"t", &[b"a", b"bc"]));
        assert_ne!(digest(b"t", &[b"abc"]), digest(b"u", &[b"abc"]));
        assert_eq!(digest(b"t", &[b"abc"]), digest(b"t", &[b"abc"]));
    }

    #[test]
    fn scalar_streams_are_deterministic() {
        use tessera_core::suites::P256;
        let a = ScalarStream::new([7; 32]).next::<P256>();
        let b = ScalarStream::new([7; 32]).next::<P256>();
        let c = ScalarStream::new([8; 32]).next::<P256>();
        assert_eq!(a, b);
        assert_ne!(a, c);
    }
}
