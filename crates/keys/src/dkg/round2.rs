//! DKG round 2: one secret share per recipient.

use core::fmt;
use std::collections::BTreeMap;

use tessera_core::encoding::{Reader, Wire, Writer};
use tessera_core::{Identifier, SecretScalar, Suite};

use super::check_senders;
use super::round1::{Round1Package, Round1Secret};
use crate::error::Error;

/// A dealer's share for one recipient: `f_sender(recipient)`. Secret: send
/// it only over a confidential, authenticated channel.
#[derive(Clone, PartialEq, Eq)]
pub struct Round2Package<S: Suite> {
    pub(crate) sender: Identifier<S>,
    pub(crate) recipient: Identifier<S>,
    pub(crate) share: SecretScalar<S>,
}

impl<S: Suite> Round2Package<S> {
    /// Who dealt the share.
    pub fn sender(&self) -> Identifier<S> {
        self.sender
    }

    /// Whom the share is for.
    pub fn recipient(&self) -> Identifier<S> {
        self.recipient
    }
}

impl<S: Suite> fmt::Debug for Round2Package<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Round2Package")
            .field("sender", &self.sender)
            .field("recipient", &self.recipient)
            .field("share", &self.share)
            .finish()
    }
}

/// A participant's secret state after round 2; consumed by [`super::finish`].
pub struct Round2Secret<S: Suite> {
    pub(crate) me: Identifier<S>,
    pub(crate) threshold: u16,
    pub(crate) participants: Vec<Identifier<S>>,
    pub(crate) own_share: SecretScalar<S>,
    pub(crate) round1: BTreeMap<Identifier<S>, Round1Package<S>>,
}

impl<S: Suite> fmt::Debug for Round2Secret<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Round2Secret")
            .field("me", &self.me)
            .field("threshold", &self.threshold)
            .field("own_share", &self.own_share)
            .finish_non_exhaustive()
    }
}

/// What round 2 returns: the state to keep and one package per recipient.
pub type Round2Output<S> = (Round2Secret<S>, BTreeMap<Identifier<S>, Round2Package<S>>);

/// Round 2: given the round-1 package of every other participant, returns
/// the secret state to keep and one package per other participant.
///
/// Checks that exactly the other participants sent a package and that each
/// commitment has `t` coefficients; proofs are verified, batched, in
/// [`super::finish`].
pub fn part2<S: Suite>(
    secret: Round1Secret<S>,
    received: &BTreeMap<Identifier<S>, Round1Package<S>>,
) -> Result<Round2Output<S>, Error<S>> {
    check_senders(&secret.me, &secret.participants, received)?;
    let t = usize::from(secret.threshold);
    for (id, package) in received {
        if package.commitment.threshold() != t {
            return Err(tessera_core::Error::WrongCommitmentLength {
                culprit: *id,
                found: package.commitment.threshold(),
                expected: t,
            }
            .into());
        }
    }
    let outgoing = received
        .keys()
        .map(|to| {
            let package = Round2Package {
                sender: secret.me,
                recipient: *to,
                share: secret.polynomial.evaluate(to),
            };
            (*to, package)
        })
        .collect();
    let mut round1 = received.clone();
    round1.insert(secret.me, secret.package.clone());
    let state = Round2Secret {
        me: secret.me,
        threshold: secret.threshold,
        own_share: secret.polynomial.evaluate(&secret.me),
        participants: secret.participants,
        round1,
    };
    Ok((state, outgoing))
}

impl<S: Suite> Wire<S> for Round2Package<S> {
    const KIND: u8 = 0x21;

    fn write_body(&self, w: &mut Writer) {
        w.identifier(&self.sender);
        w.identifier(&self.recipient);
        w.scalar(self.share.expose());
    }

    fn read_body(r: &mut Reader<'_, S>) -> Result<Self, tessera_core::Error<S>> {
        Ok(Self {
            sender: r.identifier()?,
            recipient: r.identifier()?,
            share: SecretScalar::new(r.scalar()?),
        })
    }
}

tessera_core::serde_via_wire!(Round2Package {
    sender: Identifier,
    recipient: Identifier,
    share: Scalar,
});
