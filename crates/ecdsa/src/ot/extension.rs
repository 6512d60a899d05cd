//! Random-OT extension with a malicious-security consistency check: the
//! protocol ROT of Keller, Orsini and Scholl, "Actively Secure OT Extension
//! with Optimal Overhead" (eprint 2015/546, revised version), Figure 10,
//! whose consistency check hashes every column of the extended matrix to
//! `kappa + s` bits (the fix SoftSpokenOT, eprint 2022/192, showed the
//! original row-wise check needs), with the challenge drawn by Fiat–Shamir
//! from the receiver's message as DKLs23 does (no extra round).
//!
//! **Setup** ([`crate::ot::base`], roles reversed): the extension receiver
//! holds both seeds `k_i^0, k_i^1` of each of the [`KAPPA`] base OTs; the
//! extension sender holds a secret `Delta` in `{0,1}^kappa` and `k_i^{Delta_i}`.
//!
//! **Extension** of `m` random OTs with choice bits `x` (one message, from
//! the receiver):
//!
//! 1. The receiver appends 256 random bits to `x` (`x'`, `m + 256` bits),
//!    stretches every seed to a column `t_i^b = PRG(k_i^b, sid, nonce)` and
//!    sends `u_i = t_i^0 ^ t_i^1 ^ x'` for each `i`, with a fresh `nonce`.
//! 2. The sender computes `q_i = PRG(k_i^{Delta_i}) ^ Delta_i u_i =
//!    t_i^0 ^ Delta_i x'`.
//! 3. Consistency check (Figure 10, "Check"): a universal hash `UH` keyed by
//!    `H(sid, nonce, u)` compresses each column; the receiver sends
//!    `x~ = UH(x')` and `t~_i = UH(t_i^0)`, and the sender checks
//!    `UH(q_i) == t~_i ^ Delta_i x~` for every column. A receiver that used
//!    different choice bits in different columns is caught, except with the
//!    probability Figure 10 allows (it may learn a few bits of `Delta` by
//!    the selective failure KOS accounts for). The 256 padding bits make `x~`
//!    uniformly random, so the check reveals nothing about `x`.
//! 4. Transposing, row `j` satisfies `q_j = t_j ^ x_j Delta`. The outputs
//!    are `H(j, q_j)` and `H(j, q_j ^ Delta)` for the sender and
//!    `H(j, t_j)` for the receiver (the correlation-robust hash of Figure 10,
//!    keyed with the session and a fresh salt of the sender).
//!
//! **Universal hash.** Figure 10 multiplies `kappa + s`-bit chunks by
//! random elements of `GF(2^{kappa + s})`. Here `UH(c)` is two independent
//! POLYVAL hashes (GF(2^128)) of the `m` data bits, each masked with 128 of
//! the padding bits: GF(2)-linear, as the check requires, with a 256-bit
//! output (`>= kappa + s = 208`) and collision probability at most
//! `(ceil(m / 128) / 2^128)^2` for any non-zero difference.

use polyval::Polyval;
use polyval::universal_hash::{KeyInit, UniversalHash};
use rand_chacha::ChaCha20Rng;
use rand_core::{Rng, SeedableRng};
use subtle::{Choice, ConstantTimeEq};
use zeroize::{Zeroize, ZeroizeOnDrop};

use super::KAPPA;
use super::bits::{mask, transpose, xor_into, xor_masked};
use crate::hash::{digest, raw_digest};

/// Bytes of padding appended to the choice bits (and output of the
/// universal hash): 256 bits.
pub(crate) const PAD: usize = 32;

/// The extension receiver's setup: both seeds of every base OT.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub(crate) struct ReceiverSeeds {
    pub(crate) seeds: Vec<[[u8; 32]; 2]>,
}

/// The extension sender's setup: `Delta` and the seed of branch `Delta_i`
/// of every base OT.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub(crate) struct SenderSeeds {
    pub(crate) delta: [u8; KAPPA / 8],
    pub(crate) seeds: Vec<[u8; 32]>,
}

/// The receiver's message of one extension.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ExtensionMessage {
    /// The receiver's fresh nonce: the PRG columns are new in every extension.
    pub(crate) nonce: [u8; 32],
    /// The columns `u_i`, [`KAPPA`] of `m / 8 + PAD` bytes each.
    pub(crate) u: Vec<u8>,
    /// `UH(x')`.
    pub(crate) x_check: [u8; PAD],
    /// `UH(t_i^0)` for each column.
    pub(crate) t_check: Vec<[u8; PAD]>,
}

/// The bytes of one column for `m` extended OTs.
pub(crate) const fn column_len(m: usize) -> usize {
    m / 8 + PAD
}

impl ExtensionMessage {
    /// The message's length in bytes on the wire for `m` OTs.
    pub(crate) const fn wire_len(m: usize) -> usize {
        32 + KAPPA * column_len(m) + PAD + KAPPA * PAD
    }

    /// Column `i` of `u`.
    fn column(&self, i: usize, len: usize) -> &[u8] {
        self.u.get(i * len..(i + 1) * len).unwrap_or(&[])
    }
}

/// The PRG stretching base seed `seed` (OT `i`) to a column for this
/// extension.
fn prg_column(sid: &[u8; 32], nonce: &[u8; 32], i: usize, seed: &[u8; 32], len: usize) -> Vec<u8> {
    let idx = u16::try_from(i).unwrap_or(u16::MAX).to_be_bytes();
    let mut key = digest(b"ote-prg", &[sid, nonce, &idx, seed]);
    let mut prg = ChaCha20Rng::from_seed(key);
    key.zeroize();
    let mut column = vec![0u8; len];
    prg.fill_bytes(&mut column);
    column
}

/// The universal hash of the check, keyed from the receiver's columns.
struct CheckHash {
    first: Polyval,
    second: Polyval,
    data_len: usize,
}

impl CheckHash {
    /// Keys `H(sid, nonce, u)` (Fiat–Shamir), returning the hash and the
    /// digest of `u` the message digest builds on.
    fn new(sid: &[u8; 32], nonce: &[u8; 32], u: &[u8], m: usize) -> (Self, [u8; 32]) {
        let u_digest = digest(b"ote-u", &[sid, nonce, u]);
        let keys = digest(b"ote-check-keys", &[&u_digest]);
        let (k1, k2) = keys.split_at(16);
        let hash = Self {
            first: Polyval::new_from_slice(k1)
                .unwrap_or_else(|_| Polyval::new(&Default::default())),
            second: Polyval::new_from_slice(k2)
                .unwrap_or_else(|_| Polyval::new(&Default::default())),
            data_len: m / 8,
        };
        (hash, u_digest)
    }

    /// `UH(column)`: the two POLYVAL hashes of the data bytes, masked with
    /// the padding bytes.
    fn hash(&self, column: &[u8]) -> [u8; PAD] {
        let (data, pad) = column.split_at(self.data_len.min(column.len()));
        let mut first = self.first.clone();
        first.update_padded(data);
        let mut second = self.second.clone();
        second.update_padded(data);
        let mut out = [0u8; PAD];
        let (lo, hi) = out.split_at_mut(16);
        lo.copy_from_slice(first.finalize().as_slice());
        hi.copy_from_slice(second.finalize().as_slice());
        xor_into(&mut out, pad);
        out
    }
}

/// The digest binding a whole extension message (for the multiplication's
/// transcript).
fn message_digest(u_digest: &[u8; 32], x_check: &[u8; PAD], t_check: &[[u8; PAD]]) -> [u8; 32] {
    let t: Vec<u8> = t_check.iter().flatten().copied().collect();
    digest(b"ote-message", &[u_digest, x_check, &t])
}

/// The receiver's rows `t_j` (secret), kept until the sender's salt is known.
#[derive(Zeroize, ZeroizeOnDrop)]
pub(crate) struct ReceiverRows {
    rows: Vec<[u8; 16]>,
    #[zeroize(skip)]
    pub(crate) message_digest: [u8; 32],
}

/// The sender's rows `q_j` and `Delta` (secret).
#[derive(Zeroize, ZeroizeOnDrop)]
pub(crate) struct SenderRows {
    rows: Vec<[u8; 16]>,
    delta: [u8; KAPPA / 8],
    #[zeroize(skip)]
    pub(crate) message_digest: [u8; 32],
}

/// The receiver's side: extends `choices` (`m / 8` bytes, `m` a multiple
/// of 8) into `m` random OTs.
pub(crate) fn receive<R: rand_core::CryptoRng + ?Sized>(
    setup: &ReceiverSeeds,
    sid: &[u8; 32],
    choices: &[u8],
    rng: &mut R,
) -> (ReceiverRows, ExtensionMessage) {
    receive_with(setup, sid, choices, rng, |_, _| {})
}

/// [`receive`], with `tweak(i, x')` applied to the padded choice bits
/// used in column `i` only: the identity for an honest receiver; tests use
/// it to play a receiver that uses inconsistent choice bits.
fn receive_with<R: rand_core::CryptoRng + ?Sized>(
    setup: &ReceiverSeeds,
    sid: &[u8; 32],
    choices: &[u8],
    rng: &mut R,
    tweak: impl Fn(usize, &mut [u8]),
) -> (ReceiverRows, ExtensionMessage) {
    let m = choices.len() * 8;
    let len = column_len(m);
    let mut nonce = [0u8; 32];
    rng.fill_bytes(&mut nonce);
    // x' = x || 256 random bits.
    let mut padded = vec![0u8; len];
    padded.iter_mut().zip(choices).for_each(|(p, c)| *p = *c);
    if let Some(pad) = padded.get_mut(m / 8..) {
        rng.fill_bytes(pad);
    }
    let mut t0 = Vec::with_capacity(KAPPA);
    let mut u = Vec::with_capacity(KAPPA * len);
    for (i, [s0, s1]) in setup.seeds.iter().enumerate().take(KAPPA) {
        let c0 = prg_column(sid, &nonce, i, s0, len);
        let mut c1 = prg_column(sid, &nonce, i, s1, len);
        xor_into(&mut c1, &c0);
        let mut used = padded.clone();
        tweak(i, &mut used);
        xor_into(&mut c1, &used);
        used.zeroize();
        u.extend_from_slice(&c1);
        t0.push(c0);
    }
    let (check, u_digest) = CheckHash::new(sid, &nonce, &u, m);
    let x_check = check.hash(&padded);
    let t_check: Vec<[u8; PAD]> = t0.iter().map(|c| check.hash(c)).collect();
    padded.zeroize();
    let rows = transpose(&t0, m);
    t0.iter_mut().for_each(|c| c.zeroize());
    let message_digest = message_digest(&u_digest, &x_check, &t_check);
    (
        ReceiverRows {
            rows,
            message_digest,
        },
        ExtensionMessage {
            nonce,
            u,
            x_check,
            t_check,
        },
    )
}

/// Why the sender refused an extension message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ExtensionError {
    /// The message has the wrong shape.
    Malformed,
    /// The consistency check failed: the receiver is cheating.
    Check,
}

/// The sender's side: checks the receiver's message and derives its rows
/// for `m` OTs.
pub(crate) fn send(
    setup: &SenderSeeds,
    sid: &[u8; 32],
    message: &ExtensionMessage,
    m: usize,
) -> Result<SenderRows, ExtensionError> {
    let len = column_len(m);
    if message.u.len() != KAPPA * len
        || message.t_check.len() != KAPPA
        || setup.seeds.len() != KAPPA
    {
        return Err(ExtensionError::Malformed);
    }
    let (check, u_digest) = CheckHash::new(sid, &message.nonce, &message.u, m);
    let mut ok = Choice::from(1);
    let mut q = Vec::with_capacity(KAPPA);
    for (i, seed) in setup.seeds.iter().enumerate() {
        let mut column = prg_column(sid, &message.nonce, i, seed, len);
        let delta_mask = mask(&setup.delta, i);
        xor_masked(&mut column, message.column(i, len), delta_mask);
        let mut expected = message.t_check.get(i).copied().unwrap_or_default();
        xor_masked(&mut expected, &message.x_check, delta_mask);
        ok &= check.hash(&column).ct_eq(&expected);
        q.push(column);
    }
    let rows = transpose(&q, m);
    q.iter_mut().for_each(|c| c.zeroize());
    if !bool::from(ok) {
        return Err(ExtensionError::Check);
    }
    Ok(SenderRows {
        rows,
        delta: setup.delta,
        message_digest: message_digest(&u_digest, &message.x_check, &message.t_check),
    })
}

/// The correlation-robust hash of row `j` under `key`: one SHA-256
/// compression.
fn row_hash(key: &[u8; 32], j: usize, row: &[u8; 16]) -> [u8; 32] {
    let idx = u32::try_from(j).unwrap_or(u32::MAX).to_be_bytes();
    raw_digest(&[key, &idx, row])
}

/// The output key of one extension: the session and the sender's fresh salt.
pub(crate) fn output_key(sid: &[u8; 32], salt: &[u8; 32]) -> [u8; 32] {
    digest(b"ote-output", &[sid, salt])
}

impl SenderRows {
    /// The number of OTs.
    pub(crate) fn len(&self) -> usize {
        self.rows.len()
    }

    /// Both outputs of OT `j`: `H(j, q_j)` and `H(j, q_j ^ Delta)`.
    pub(crate) fn outputs(&self, key: &[u8; 32], j: usize) -> [[u8; 32]; 2] {
        let q = self.rows.get(j).copied().unwrap_or_default();
        let mut q1 = q;
        xor_into(&mut q1, &self.delta);
        let out = [row_hash(key, j, &q), row_hash(key, j, &q1)];
        q1.zeroize();
        out
    }
}

impl ReceiverRows {
    /// The number of OTs.
    pub(crate) fn len(&self) -> usize {
        self.rows.len()
    }

    /// The output of OT `j`: `H(j, t_j)`, equal to the sender's output of
    /// branch `x_j`.
    pub(crate) fn output(&self, key: &[u8; 32], j: usize) -> [u8; 32] {
        row_hash(key, j, &self.rows.get(j).copied().unwrap_or_default())
    }
}

#[cfg(test)]
pub(crate) mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;
    use crate::ot::bits::bit;
    use rand::RngExt;

    /// A pair of extension setups as the base OTs would leave them (also
    /// used by the multiplication's tests).
    pub(crate) fn setups(rng: &mut impl rand::Rng) -> (SenderSeeds, ReceiverSeeds) {
        let delta: [u8; 16] = rng.random();
        let seeds: Vec<[[u8; 32]; 2]> = (0..KAPPA).map(|_| [rng.random(), rng.random()]).collect();
        let chosen = seeds
            .iter()
            .enumerate()
            .map(|(i, s)| s[usize::from(bit(&delta, i))])
            .collect();
        (
            SenderSeeds {
                delta,
                seeds: chosen,
            },
            ReceiverSeeds { seeds },
        )
    }

    #[test]
    fn random_ots_are_correct() {
        let mut rng = rand::rng();
        let (sender, receiver) = setups(&mut rng);
        let sid: [u8; 32] = rng.random();
        let m = 416;
        let choices: Vec<u8> = (0..m / 8).map(|_| rng.random()).collect();
        let (r_rows, msg) = receive(&receiver, &sid, &choices, &mut rng);
        assert_eq!(
            msg.u.len() + 32 + 32 + msg.t_check.len() * 32,
            ExtensionMessage::wire_len(m)
        );
        let s_rows = send(&sender, &sid, &msg, m).unwrap();
        assert_eq!(r_rows.message_digest, s_rows.message_digest);
        let key = output_key(&sid, &rng.random());
        for j in 0..m {
            let both = s_rows.outputs(&key, j);
            let x = usize::from(bit(&choices, j));
            assert_eq!(r_rows.output(&key, j), both[x], "OT {j}");
            assert_ne!(r_rows.output(&key, j), both[1 - x], "OT {j}");
        }
    }

    #[test]
    fn chosen_messages_through_random_ots() {
        // OT of chosen messages: the sender masks (m0, m1) with its two
        // outputs; the receiver unmasks exactly the message of its choice.
        let mut rng = rand::rng();
        let (sender, receiver) = setups(&mut rng);
        let sid: [u8; 32] = rng.random();
        let m = 128;
        let choices: Vec<u8> = (0..m / 8).map(|_| rng.random()).collect();
        let (r_rows, msg) = receive(&receiver, &sid, &choices, &mut rng);
        let s_rows = send(&sender, &sid, &msg, m).unwrap();
        let key = output_key(&sid, &[1; 32]);
        for j in 0..m {
            let messages: [[u8; 32]; 2] = [rng.random(), rng.random()];
            let pads = s_rows.outputs(&key, j);
            let mut masked = messages;
            xor_into(&mut masked[0], &pads[0]);
            xor_into(&mut masked[1], &pads[1]);
            let x = usize::from(bit(&choices, j));
            let mut got = masked[x];
            xor_into(&mut got, &r_rows.output(&key, j));
            assert_eq!(got, messages[x]);
            let mut other = masked[1 - x];
            xor_into(&mut other, &r_rows.output(&key, j));
            assert_ne!(other, messages[1 - x]);
        }
    }

    #[test]
    fn cheating_receiver_is_caught() {
        let mut rng = rand::rng();
        let (sender, receiver) = setups(&mut rng);
        let sid: [u8; 32] = rng.random();
        let m = 416;
        let choices: Vec<u8> = (0..m / 8).map(|_| rng.random()).collect();
        let (_, msg) = receive(&receiver, &sid, &choices, &mut rng);
        let len = column_len(m);
        // Any change to u in transit moves the Fiat-Shamir keys: caught.
        for i in [0, 77, KAPPA - 1] {
            let mut bad = msg.clone();
            bad.u[i * len + 3] ^= 0x10;
            assert_eq!(
                send(&sender, &sid, &bad, m).err(),
                Some(ExtensionError::Check)
            );
        }
        // A receiver that uses other choice bits in column i only, and
        // computes its check values to match: caught exactly when
        // Delta_i = 1 (the selective failure Figure 10 bounds).
        let mut caught = 0;
        for i in 0..KAPPA {
            let (_, cheat) = receive_with(&receiver, &sid, &choices, &mut rng, |col, x| {
                if col == i {
                    x[3] ^= 0x10;
                }
            });
            let result = send(&sender, &sid, &cheat, m);
            if bit(&sender.delta, i) == 1 {
                assert_eq!(result.err(), Some(ExtensionError::Check), "column {i}");
                caught += 1;
            } else {
                assert!(result.is_ok(), "column {i}: Delta_i = 0 hides the change");
            }
        }
        let weight: u32 = sender.delta.iter().map(|b| b.count_ones()).sum();
        assert_eq!(caught, weight);
        // Wrong check values are always caught.
        let mut bad = msg.clone();
        bad.t_check[5][0] ^= 1;
        assert_eq!(
            send(&sender, &sid, &bad, m).err(),
            Some(ExtensionError::Check)
        );
        let mut bad = msg.clone();
        bad.x_check[0] ^= 1;
        assert_eq!(
            send(&sender, &sid, &bad, m).err(),
            Some(ExtensionError::Check)
        );
        // Malformed messages are refused before any work.
        let mut short = msg.clone();
        short.u.pop();
        assert_eq!(
            send(&sender, &sid, &short, m).err(),
            Some(ExtensionError::Malformed)
        );
    }

    #[test]
    fn wrong_session_does_not_correlate() {
        let mut rng = rand::rng();
        let (sender, receiver) = setups(&mut rng);
        let m = 128;
        let choices = vec![0u8; m / 8];
        let (_, msg) = receive(&receiver, &[1; 32], &choices, &mut rng);
        // Another session id: the PRG columns and the check keys differ.
        assert_eq!(
            send(&sender, &[2; 32], &msg, m).err(),
            Some(ExtensionError::Check)
        );
    }
}
