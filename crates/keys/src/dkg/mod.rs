//! Distributed key generation without a dealer: Pedersen's DKG with a
//! Schnorr proof of knowledge of each dealer's constant term (the KeyGen of
//! the FROST paper, Komlo–Goldberg 2020, Figure 1; frost-core's `dkg`).
//!
//! Every participant runs three steps; the secret state of each step is
//! consumed by the next, so a round cannot be replayed:
//!
//! 1. [`part1`]: choose a random polynomial of degree `t - 1`, broadcast its
//!    Feldman commitment and a proof of knowledge of its constant term
//!    ([`Round1Package`]).
//! 2. [`part2`]: given every other participant's round-1 package, send each
//!    of them its share of this participant's polynomial
//!    ([`Round2Package`]).
//! 3. [`finish`]: given the shares received, verify every proof of knowledge
//!    and every share in one multi-scalar multiplication (falling back to
//!    per-item checks that name every culprit), and derive this
//!    participant's [`KeyPackage`](tessera_frost::KeyPackage), the
//!    [`PublicKeyPackage`](tessera_frost::PublicKeyPackage) and a digest of
//!    the round-1 transcript.
//!
//! **Channels.** Round-1 packages are broadcast: every participant must
//! receive the same package from each dealer. Compare the transcript
//! digests returned by [`finish`] (out of band, or in the first signing
//! session): differing digests reveal an equivocating dealer. Round-2
//! packages carry secret shares and need a confidential, authenticated
//! channel to their recipient.

mod finish;
mod round1;
mod round2;
mod sizes;

pub(crate) use finish::sum_commitments;
pub use finish::{DkgOutput, finish};
pub use round1::{Round1Package, Round1Secret, part1};
pub use round2::{Round2Output, Round2Package, Round2Secret, part2};
pub use sizes::{MessageSizes, message_sizes};

use std::collections::BTreeMap;

use tessera_core::{Identifier, Suite};

use crate::error::Error;

/// Checks that `received` holds exactly one message from every participant
/// other than `me` (not `me`'s own: [`Error::OwnMessage`]), naming the first
/// missing or unexpected sender.
pub(crate) fn check_senders<S: Suite, T>(
    me: &Identifier<S>,
    participants: &[Identifier<S>],
    received: &BTreeMap<Identifier<S>, T>,
) -> Result<(), Error<S>> {
    if received.contains_key(me) {
        return Err(Error::OwnMessage { me: *me });
    }
    let others: Vec<Identifier<S>> = participants.iter().copied().filter(|id| id != me).collect();
    check_exact(&others, received)
}

/// Checks that `received` holds one message from exactly `expected` (sorted),
/// naming the first unexpected or missing sender.
pub(crate) fn check_exact<S: Suite, T>(
    expected: &[Identifier<S>],
    received: &BTreeMap<Identifier<S>, T>,
) -> Result<(), Error<S>> {
    if let Some(id) = received
        .keys()
        .find(|id| expected.binary_search(id).is_err())
    {
        return Err(tessera_core::Error::UnknownParticipant { culprit: *id }.into());
    }
    if let Some(id) = expected.iter().find(|id| !received.contains_key(id)) {
        return Err(Error::MissingParticipant { culprit: *id });
    }
    Ok(())
}
