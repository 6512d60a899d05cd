//! Bytes each party sends in each DKG round, from the wire format.

use tessera_core::Suite;
use tessera_core::encoding::HEADER_LEN;

/// Bytes one participant sends in a `t`-of-`n` DKG.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MessageSizes {
    /// One round-1 package (broadcast once, to `n - 1` peers).
    pub round1_package: usize,
    /// One round-2 package (sent to each of the `n - 1` peers).
    pub round2_package: usize,
    /// Everything one participant sends: the broadcast counted once per
    /// peer, plus `n - 1` round-2 packages.
    pub total_sent: usize,
}

/// The message sizes of a `t`-of-`n` DKG in suite `S`.
pub fn message_sizes<S: Suite>(t: usize, n: usize) -> MessageSizes {
    // header, u32 count, t points, proof R, proof mu
    let round1_package = HEADER_LEN + 4 + t * S::POINT_LEN + S::POINT_LEN + S::SCALAR_LEN;
    // header, sender, recipient, share
    let round2_package = HEADER_LEN + 3 * S::SCALAR_LEN;
    let peers = n.saturating_sub(1);
    MessageSizes {
        round1_package,
        round2_package,
        total_sent: peers * (round1_package + round2_package),
    }
}
