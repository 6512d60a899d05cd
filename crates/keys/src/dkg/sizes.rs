//! Bytes each party sends in each DKG round, from the wire format.

use tessera_core::Suite;
use tessera_core::encoding::HEADER_LEN;

use crate::error::Error;

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

/// The message sizes of a `t`-of-`n` DKG in suite `S`. Fails with
/// [`tessera_core::Error::InvalidThreshold`] unless `1 <= t <= n <= 65535`
/// (the DKG's own bound, which also keeps every size far from overflow).
pub fn message_sizes<S: Suite>(t: usize, n: usize) -> Result<MessageSizes, Error<S>> {
    if t == 0 || t > n || n > usize::from(u16::MAX) {
        return Err(tessera_core::Error::InvalidThreshold { t, n }.into());
    }
    let overflow = || Error::Core(tessera_core::Error::InvalidThreshold { t, n });
    // header, u32 count, t points, proof R, proof mu
    let round1_package = t
        .checked_mul(S::POINT_LEN)
        .and_then(|points| points.checked_add(HEADER_LEN + 4 + S::POINT_LEN + S::SCALAR_LEN))
        .ok_or_else(overflow)?;
    // header, sender, recipient, share
    let round2_package = HEADER_LEN + 3 * S::SCALAR_LEN;
    let peers = n - 1;
    let total_sent = round1_package
        .checked_add(round2_package)
        .and_then(|each| each.checked_mul(peers))
        .ok_or_else(overflow)?;
    Ok(MessageSizes {
        round1_package,
        round2_package,
        total_sent,
    })
}
