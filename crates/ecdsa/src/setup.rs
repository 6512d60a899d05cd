//! The pairwise setup: what every pair of members needs before they can
//! sign ECDSA together, made once per pair and kept.
//!
//! DKLs23 runs, for every ordered pair (Alice, Bob) of signers, a
//! two-party multiplication (the crate's `rvole` module) on an OT extension whose
//! base OTs are done once (its `ot::base` module); and every unordered pair
//! shares a seed for the zero-sharing `F_Zero`. One round makes all of it
//! for a pair `{P, Q}`: each sends the other one [`SetupMessage`] with
//!
//! - its base-OT **sender** key, for the instance where it is Bob (the
//!   OT-extension receiver) and
//! - its base-OT **receiver** values for `KAPPA` (128) OTs with its secret
//!   `Delta` as choices, for the instance where it is Alice;
//!
//! and [`finish`] derives the pair's [`PairSetup`]: `Delta` with one seed
//! per base OT (as Alice), both seeds per base OT (as Bob), and the
//! zero-sharing seed, a Diffie–Hellman value of the two sender keys.
//!
//! **Independent of the key.** The setup depends only on the two members'
//! identifiers, never on their shares: it is made once after key creation
//! (DKG or dealer import) and stays valid through refresh, repair and
//! reshare. After a reshare that brings in new members, only the pairs
//! with a new member need a setup ([`PairwiseSetups::missing`]).
//!
//! **Channels.** Setup messages carry no secret (the base OT is secure
//! against eavesdroppers), but must be authenticated.
//!
//! **Resumable.** Each pair is independent and one round: a party keeps
//! each finished [`PairSetup`] (encoded with [`Wire`], kind `0x50`) and
//! later runs only the pairs it lacks. An unfinished pair ([`SetupRound`]) is
//! consumed by [`finish`] and is not serialisable: an interrupted pair is
//! simply started again.

use core::fmt;
use std::collections::BTreeMap;

use group::GroupEncoding;
use tessera_core::encoding::{Reader, Wire, Writer};
use tessera_core::{Identifier, Point};
use zeroize::Zeroize;

use crate::error::Error;
use crate::hash::digest;
use crate::ot::KAPPA;
use crate::ot::base::{Receiver, Sender};
use crate::ot::extension::{ReceiverSeeds, SenderSeeds};
use crate::rvole::Gadget;
use crate::suite::EcdsaSuite;

/// Wire kinds of this crate (`0x50..=0x6f`): the pair setup state.
pub(crate) const KIND_PAIR_SETUP: u8 = 0x50;
/// Wire kind of [`SetupMessage`].
pub(crate) const KIND_SETUP_MESSAGE: u8 = 0x51;

/// The identifier of a pair's setup session: the suite and both members,
/// lower identifier first.
fn pair_sid<S: EcdsaSuite>(a: &Identifier<S>, b: &Identifier<S>) -> [u8; 32] {
    let (lo, hi) = if a < b { (a, b) } else { (b, a) };
    digest(
        b"setup-pair",
        &[
            S::NAME.as_bytes(),
            AsRef::<[u8]>::as_ref(&lo.to_bytes()),
            AsRef::<[u8]>::as_ref(&hi.to_bytes()),
        ],
    )
}

/// The session of the base OTs of the instance where `alice` is the
/// OT-extension sender (base-OT receiver).
fn instance_sid<S: EcdsaSuite>(
    pair: &[u8; 32],
    alice: &Identifier<S>,
    bob: &Identifier<S>,
) -> [u8; 32] {
    digest(
        b"setup-instance",
        &[
            pair,
            AsRef::<[u8]>::as_ref(&alice.to_bytes()),
            AsRef::<[u8]>::as_ref(&bob.to_bytes()),
        ],
    )
}

/// One member's setup message to the other member of a pair.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SetupMessage<S: EcdsaSuite> {
    from: Identifier<S>,
    to: Identifier<S>,
    sender_key: Point<S>,
    popf: Vec<(Point<S>, Point<S>)>,
}

impl<S: EcdsaSuite> SetupMessage<S> {
    /// The sender.
    pub fn from(&self) -> Identifier<S> {
        self.from
    }

    /// The recipient.
    pub fn to(&self) -> Identifier<S> {
        self.to
    }

    /// Bytes on the wire.
    pub const WIRE_LEN: usize = tessera_core::encoding::HEADER_LEN + 2 * 32 + 33 + 4 + KAPPA * 66;
}

impl<S: EcdsaSuite> Wire<S> for SetupMessage<S> {
    const KIND: u8 = KIND_SETUP_MESSAGE;

    fn write_body(&self, w: &mut Writer) {
        w.identifier(&self.from);
        w.identifier(&self.to);
        w.point(&self.sender_key);
        w.count(self.popf.len());
        for (a, b) in &self.popf {
            w.point(a);
            w.point(b);
        }
    }

    fn read_body(r: &mut Reader<'_, S>) -> Result<Self, tessera_core::Error<S>> {
        let from = r.identifier()?;
        let to = r.identifier()?;
        let sender_key = r.point()?;
        let n = r.count(2 * S::POINT_LEN)?;
        if n != KAPPA {
            return Err(tessera_core::Error::InvalidLength(n));
        }
        let popf = (0..n)
            .map(|_| Ok((r.point()?, r.point()?)))
            .collect::<Result<Vec<_>, tessera_core::Error<S>>>()?;
        Ok(Self {
            from,
            to,
            sender_key,
            popf,
        })
    }
}

/// A member's state between sending its [`SetupMessage`] and receiving the
/// peer's: secret, consumed by [`finish`], neither `Clone` nor serialisable.
pub struct SetupRound<S: EcdsaSuite> {
    me: Identifier<S>,
    peer: Identifier<S>,
    sender: Sender<S>,
    receiver: Receiver<S>,
    delta: [u8; KAPPA / 8],
    sent_digest: [u8; 32],
}

impl<S: EcdsaSuite> Drop for SetupRound<S> {
    fn drop(&mut self) {
        self.delta.zeroize();
    }
}

impl<S: EcdsaSuite> fmt::Debug for SetupRound<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SetupRound")
            .field("me", &self.me)
            .field("peer", &self.peer)
            .finish_non_exhaustive()
    }
}

/// Starts the setup of the pair `{me, peer}`: returns the secret state and
/// the message for `peer`.
pub fn start<S: EcdsaSuite, R: rand_core::CryptoRng + ?Sized>(
    me: Identifier<S>,
    peer: Identifier<S>,
    rng: &mut R,
) -> Result<(SetupRound<S>, SetupMessage<S>), Error<S>> {
    if me == peer {
        return Err(tessera_core::Error::DuplicateParticipant { culprit: me }.into());
    }
    let pair = pair_sid(&me, &peer);
    let (sender, sender_key) = Sender::<S>::new(rng);
    let mut delta = [0u8; KAPPA / 8];
    rng.fill_bytes(&mut delta);
    let (receiver, popf) = Receiver::<S>::new(&instance_sid(&pair, &me, &peer), delta, rng);
    let message = SetupMessage {
        from: me,
        to: peer,
        sender_key,
        popf,
    };
    let sent_digest = digest(b"setup-message", &[&message.to_bytes()]);
    Ok((
        SetupRound {
            me,
            peer,
            sender,
            receiver,
            delta,
            sent_digest,
        },
        message,
    ))
}

/// Finishes the pair's setup with the peer's message.
pub fn finish<S: EcdsaSuite>(
    round: SetupRound<S>,
    message: &SetupMessage<S>,
) -> Result<PairSetup<S>, Error<S>> {
    // The message came over the channel with the peer: a wrong sender or
    // recipient field is the peer's doing, whoever the field names.
    if message.from != round.peer {
        return Err(Error::UnexpectedMessage {
            culprit: round.peer,
        });
    }
    if message.to != round.me || message.popf.len() != KAPPA {
        return Err(Error::Misrouted {
            culprit: round.peer,
        });
    }
    let (me, peer) = (round.me, round.peer);
    let pair = pair_sid(&me, &peer);
    // As Alice (base-OT receiver): the seeds of branch Delta_i.
    let chosen = round
        .receiver
        .finish(&instance_sid(&pair, &me, &peer), &message.sender_key);
    // As Bob (base-OT sender): both seeds of every base OT.
    let both = round
        .sender
        .finish(&instance_sid(&pair, &peer, &me), &message.popf);
    let mut shared = S::point_bytes(&(message.sender_key * round.sender.secret().expose()));
    let zero_seed = digest(b"setup-zero-seed", &[&pair, &shared]);
    shared.zeroize();
    let received_digest = digest(b"setup-message", &[&message.to_bytes()]);
    let (lo, hi) = if me < peer {
        (round.sent_digest, received_digest)
    } else {
        (received_digest, round.sent_digest)
    };
    let transcript = digest(b"setup-transcript", &[&pair, &lo, &hi]);
    Ok(PairSetup {
        me,
        peer,
        transcript,
        zero_seed,
        alice: SenderSeeds {
            delta: round.delta,
            seeds: chosen,
        },
        bob: ReceiverSeeds { seeds: both },
    })
}

/// One member's result of a pair's setup: secret (wiped on drop, never
/// printed), kept as long as both members hold shares of the key, encoded
/// with [`Wire`] (kind `0x50`).
#[derive(Clone)]
pub struct PairSetup<S: EcdsaSuite> {
    me: Identifier<S>,
    peer: Identifier<S>,
    transcript: [u8; 32],
    zero_seed: [u8; 32],
    pub(crate) alice: SenderSeeds,
    pub(crate) bob: ReceiverSeeds,
}

impl<S: EcdsaSuite> PairSetup<S> {
    /// This member.
    pub fn me(&self) -> Identifier<S> {
        self.me
    }

    /// The other member.
    pub fn peer(&self) -> Identifier<S> {
        self.peer
    }

    /// The digest of the pair's setup transcript; both members hold the
    /// same value, and signing messages carry it.
    pub fn transcript(&self) -> &[u8; 32] {
        &self.transcript
    }

    /// The zero-sharing seed of the pair.
    pub(crate) fn zero_seed(&self) -> &[u8; 32] {
        &self.zero_seed
    }

    /// Bytes of the encoding.
    pub const WIRE_LEN: usize =
        tessera_core::encoding::HEADER_LEN + 2 * 32 + 2 + 32 + 32 + 16 + KAPPA * 32 + KAPPA * 64;
}

impl<S: EcdsaSuite> Drop for PairSetup<S> {
    fn drop(&mut self) {
        self.zero_seed.zeroize();
    }
}

impl<S: EcdsaSuite> PartialEq for PairSetup<S> {
    /// Compares the public parts and the secret parts' digest in constant
    /// time (via the encodings).
    fn eq(&self, other: &Self) -> bool {
        use subtle::ConstantTimeEq;
        let (a, b) = (
            zeroize::Zeroizing::new(self.to_bytes()),
            zeroize::Zeroizing::new(other.to_bytes()),
        );
        a.len() == b.len() && bool::from(a.as_slice().ct_eq(b.as_slice()))
    }
}

impl<S: EcdsaSuite> Eq for PairSetup<S> {}

impl<S: EcdsaSuite> fmt::Debug for PairSetup<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PairSetup")
            .field("me", &self.me)
            .field("peer", &self.peer)
            .field("transcript", &hex(&self.transcript))
            .field("seeds", &"<redacted>")
            .finish()
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

impl<S: EcdsaSuite> Wire<S> for PairSetup<S> {
    const KIND: u8 = KIND_PAIR_SETUP;

    fn write_body(&self, w: &mut Writer) {
        w.identifier(&self.me);
        w.identifier(&self.peer);
        w.u16(u16::try_from(KAPPA).unwrap_or(u16::MAX));
        w.raw(&self.transcript);
        w.raw(&self.zero_seed);
        w.raw(&self.alice.delta);
        for seed in &self.alice.seeds {
            w.raw(seed);
        }
        for [s0, s1] in &self.bob.seeds {
            w.raw(s0);
            w.raw(s1);
        }
    }

    fn read_body(r: &mut Reader<'_, S>) -> Result<Self, tessera_core::Error<S>> {
        let me = r.identifier()?;
        let peer = r.identifier()?;
        if me == peer {
            return Err(tessera_core::Error::DuplicateParticipant { culprit: me });
        }
        let kappa = usize::from(r.u16()?);
        if kappa != KAPPA {
            return Err(tessera_core::Error::InvalidLength(kappa));
        }
        let transcript = r.take_array()?;
        let zero_seed = r.take_array()?;
        let delta = r.take_array()?;
        let chosen = (0..KAPPA)
            .map(|_| r.take_array())
            .collect::<Result<Vec<[u8; 32]>, _>>()?;
        let both = (0..KAPPA)
            .map(|_| Ok([r.take_array()?, r.take_array()?]))
            .collect::<Result<Vec<[[u8; 32]; 2]>, tessera_core::Error<S>>>()?;
        Ok(Self {
            me,
            peer,
            transcript,
            zero_seed,
            alice: SenderSeeds {
                delta,
                seeds: chosen,
            },
            bob: ReceiverSeeds { seeds: both },
        })
    }
}

tessera_core::serde_via_wire!(bound = crate::suite::EcdsaSuite; PairSetup, SetupMessage);

/// All of one member's pair setups, by peer, with the multiplication's
/// public gadget (computed once here).
pub struct PairwiseSetups<S: EcdsaSuite> {
    me: Identifier<S>,
    pairs: BTreeMap<Identifier<S>, PairSetup<S>>,
    pub(crate) gadget: Gadget<S>,
}

impl<S: EcdsaSuite> fmt::Debug for PairwiseSetups<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PairwiseSetups")
            .field("me", &self.me)
            .field("peers", &self.pairs.keys().collect::<Vec<_>>())
            .finish_non_exhaustive()
    }
}

impl<S: EcdsaSuite> PairwiseSetups<S> {
    /// No pairs yet for member `me`.
    pub fn new(me: Identifier<S>) -> Self {
        Self {
            me,
            pairs: BTreeMap::new(),
            gadget: Gadget::new(),
        }
    }

    /// This member.
    pub fn me(&self) -> Identifier<S> {
        self.me
    }

    /// Adds (or replaces) the setup of one pair; it must be this member's.
    pub fn insert(&mut self, pair: PairSetup<S>) -> Result<(), Error<S>> {
        if pair.me != self.me {
            return Err(tessera_core::Error::UnknownParticipant { culprit: pair.me }.into());
        }
        self.pairs.insert(pair.peer, pair);
        Ok(())
    }

    /// Drops the setup with a member that left the committee.
    pub fn remove(&mut self, peer: &Identifier<S>) -> Option<PairSetup<S>> {
        self.pairs.remove(peer)
    }

    /// The setup with `peer`.
    pub fn get(&self, peer: &Identifier<S>) -> Result<&PairSetup<S>, Error<S>> {
        self.pairs
            .get(peer)
            .ok_or(Error::MissingSetup { peer: *peer })
    }

    /// The members of `committee` (other than this one) with no setup yet:
    /// the pairs to run after a key is created or reshared.
    pub fn missing(&self, committee: &[Identifier<S>]) -> Vec<Identifier<S>> {
        committee
            .iter()
            .filter(|id| **id != self.me && !self.pairs.contains_key(id))
            .copied()
            .collect()
    }

    /// Every pair setup, by peer.
    pub fn pairs(&self) -> impl Iterator<Item = &PairSetup<S>> {
        self.pairs.values()
    }
}

/// `group_key` as compressed bytes, for transcripts.
pub(crate) fn point_bytes<S: EcdsaSuite>(p: &Point<S>) -> Vec<u8> {
    AsRef::<[u8]>::as_ref(&p.to_bytes()).to_vec()
}
