//! Bytes each party sends, per step, from the wire format (every length is
//! fixed: the sizes do not depend on the suite's encodings beyond 32-byte
//! scalars and 33-byte points, the same for secp256k1 and P-256).

use crate::setup::{PairSetup, SetupMessage};
use crate::sign::{Round1Message, Round2Message, SignatureShare};
use crate::suite::EcdsaSuite;

/// Bytes one party sends (and stores) in the pairwise setup and in one
/// signing session with `t` signers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MessageSizes {
    /// One setup message (to the other member of a pair).
    pub setup_message: usize,
    /// One stored pair setup.
    pub pair_setup: usize,
    /// One round-1 message (to each of the `t - 1` other signers).
    pub round1_message: usize,
    /// One round-2 message (to each of the `t - 1` other signers).
    pub round2_message: usize,
    /// The signature share (broadcast once; counted once per peer below).
    pub signature_share: usize,
    /// Round 1: `t - 1` round-1 messages.
    pub round1_total: usize,
    /// Round 2: `t - 1` round-2 messages.
    pub round2_total: usize,
    /// Round 3: the signature share sent to each of the `t - 1` others.
    pub round3_total: usize,
}

/// The message sizes of a signing session with `t` signers in suite `S`.
pub fn message_sizes<S: EcdsaSuite>(t: usize) -> MessageSizes {
    let peers = t.saturating_sub(1);
    let share = SignatureShare::<S>::wire_len(t);
    MessageSizes {
        setup_message: SetupMessage::<S>::WIRE_LEN,
        pair_setup: PairSetup::<S>::WIRE_LEN,
        round1_message: Round1Message::<S>::WIRE_LEN,
        round2_message: Round2Message::<S>::WIRE_LEN,
        signature_share: share,
        round1_total: peers * Round1Message::<S>::WIRE_LEN,
        round2_total: peers * Round2Message::<S>::WIRE_LEN,
        round3_total: peers * share,
    }
}
