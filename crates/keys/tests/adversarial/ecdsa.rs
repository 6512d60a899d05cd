//! Threshold ECDSA (tessera-ecdsa, DKLs23) cases: its six wire kinds, the
//! pairwise setup and a signing session among three signers of a 2-of-3
//! key, as the signers exchange them. Each case runs on secp256k1 and P-256.

use super::*;
use tessera_ecdsa::local::{self, Setups};
use tessera_ecdsa::sign::{self, Round1Message, Round2Message};
use tessera_ecdsa::{EcdsaSuite, PairSetup, SetupMessage, SigningSession, setup};

type EcdsaError<S> = tessera_ecdsa::Error<S>;

impl<S: Suite> Blames for EcdsaError<S> {
    fn blamed(&self) -> usize {
        self.culprits().len()
    }
}

macro_rules! ecdsa_suites {
    ($f:ident) => {
        || {
            let outcomes = [$f::<Secp256k1>(), $f::<P256>()];
            assert_eq!(outcomes[0], outcomes[1], "the suites disagree");
            outcomes[0].clone()
        }
    };
}

#[derive(Clone, Copy, Debug)]
enum Msg {
    SetupMessage,
    PairSetup,
    Round1,
    Round2,
    Share,
    Signature,
}

type Sent<S, T> = BTreeMap<Identifier<S>, BTreeMap<Identifier<S>, T>>;

/// A 2-of-3 key, every pair's setup, and a session of all three.
struct Fx<S: EcdsaSuite> {
    keys: Keys<S>,
    public: PublicKeyPackage<S>,
    setups: Setups<S>,
    session: SigningSession<S>,
}

fn fx<S: EcdsaSuite>() -> Fx<S> {
    let (keys, public) = dealt::<S>(2, 3, 23);
    let setups = local::setup_all(&ids::<S>(3), &mut rng(23)).unwrap();
    let session = SigningSession::new(public.clone(), &ids::<S>(3), [0x23; 32]).unwrap();
    Fx {
        keys,
        public,
        setups,
        session,
    }
}

type States1<S> = BTreeMap<Identifier<S>, sign::Round1State<S>>;
type States2<S> = BTreeMap<Identifier<S>, sign::Round2State<S>>;

impl<S: EcdsaSuite> Fx<S> {
    fn round1(&self, session: &SigningSession<S>) -> (States1<S>, Sent<S, Round1Message<S>>) {
        let mut rng = rng(1);
        let mut states = BTreeMap::new();
        let mut sent = BTreeMap::new();
        for i in session.signers() {
            let (s, o) = sign::round1(session, &self.keys[i], &self.setups[i], &mut rng).unwrap();
            states.insert(*i, s);
            sent.insert(*i, o);
        }
        (states, sent)
    }

    /// Round 2 at `me` with `inbox`.
    fn round2_at(
        &self,
        states: &mut States1<S>,
        me: Identifier<S>,
        inbox: &BTreeMap<Identifier<S>, Round1Message<S>>,
    ) -> Result<
        (
            sign::Round2State<S>,
            BTreeMap<Identifier<S>, Round2Message<S>>,
        ),
        EcdsaError<S>,
    > {
        sign::round2(
            states.remove(&me).unwrap(),
            &self.session,
            &self.keys[&me],
            &self.setups[&me],
            inbox,
            &mut rng(2),
        )
    }

    fn round2(&self) -> (States2<S>, Sent<S, Round2Message<S>>) {
        let (mut states, sent) = self.round1(&self.session);
        let mut states2 = BTreeMap::new();
        let mut sent2 = BTreeMap::new();
        for i in ids::<S>(3) {
            let (s, o) = self
                .round2_at(&mut states, i, &local::inbox(&sent, &i))
                .unwrap();
            states2.insert(i, s);
            sent2.insert(i, o);
        }
        (states2, sent2)
    }

    fn shares(&self) -> BTreeMap<Identifier<S>, tessera_ecdsa::SignatureShare<S>> {
        let (mut states, sent) = self.round2();
        ids::<S>(3)
            .into_iter()
            .map(|i| {
                let p = sign::presign(
                    states.remove(&i).unwrap(),
                    &self.session,
                    &self.setups[&i],
                    &local::inbox(&sent, &i),
                )
                .unwrap();
                (i, p.sign(&PREHASH))
            })
            .collect()
    }
}

const PREHASH: [u8; 32] = [0x5a; 32];

/// [`make_sample`], computed once per suite and kind (a signing run at
/// opt-level 1 takes seconds).
fn sample<S: EcdsaSuite>(msg: Msg) -> Vec<u8> {
    use std::sync::{Mutex, OnceLock};
    static CACHE: OnceLock<Mutex<BTreeMap<(u8, u8), Vec<u8>>>> = OnceLock::new();
    let key = (S::ID, msg as u8);
    let cache = CACHE.get_or_init(|| Mutex::new(BTreeMap::new()));
    if let Some(bytes) = cache.lock().unwrap().get(&key) {
        return bytes.clone();
    }
    let bytes = make_sample::<S>(msg);
    cache.lock().unwrap().insert(key, bytes.clone());
    bytes
}

fn make_sample<S: EcdsaSuite>(msg: Msg) -> Vec<u8> {
    let mut rng = rng(3);
    match msg {
        Msg::SetupMessage | Msg::PairSetup => {
            let (round, m) = setup::start::<S, _>(id(1), id(2), &mut rng).unwrap();
            let (_, back) = setup::start::<S, _>(id(2), id(1), &mut rng).unwrap();
            match msg {
                Msg::SetupMessage => m.to_bytes(),
                _ => setup::finish(round, &back).unwrap().to_bytes(),
            }
        }
        Msg::Round1 => {
            let f = fx::<S>();
            f.round1(&f.session).1[&id(1)][&id(2)].to_bytes()
        }
        Msg::Round2 => fx::<S>().round2().1[&id(1)][&id(2)].to_bytes(),
        Msg::Share => fx::<S>().shares()[&id(1)].to_bytes(),
        Msg::Signature => {
            let f = fx::<S>();
            Wire::<S>::to_bytes(&sign::combine(&f.session, &PREHASH, &f.shares()).unwrap())
        }
    }
}

fn decode<S: EcdsaSuite>(msg: Msg, bytes: &[u8]) -> Result<(), CoreError<S>> {
    fn d<S: Suite, T: Wire<S>>(bytes: &[u8]) -> Result<(), CoreError<S>> {
        <T as Wire<S>>::from_bytes(bytes).map(|_| ())
    }
    match msg {
        Msg::SetupMessage => d::<S, SetupMessage<S>>(bytes),
        Msg::PairSetup => d::<S, PairSetup<S>>(bytes),
        Msg::Round1 => d::<S, Round1Message<S>>(bytes),
        Msg::Round2 => d::<S, Round2Message<S>>(bytes),
        Msg::Share => d::<S, tessera_ecdsa::SignatureShare<S>>(bytes),
        Msg::Signature => d::<S, tessera_ecdsa::Signature<S>>(bytes),
    }
}

fn wire_attack<S: EcdsaSuite>(msg: Msg, attack: Attack) -> Outcome {
    let good = sample::<S>(msg);
    if let Attack::Truncate = attack {
        // The first 512 lengths, every 97th, and the last 256: the long
        // messages (up to 40 kB) would take minutes at every length.
        let lengths = (0..good.len()).filter(|l| *l < 512 || l % 97 == 0 || *l + 256 >= good.len());
        for len in lengths {
            match decode::<S>(msg, &good[..len]) {
                Err(CoreError::UnexpectedEnd { .. } | CoreError::InvalidLength(_)) => {}
                other => panic!("{msg:?} cut to {len} bytes: {other:?}"),
            }
        }
        return Outcome {
            verdict: Verdict::Refused,
            detail: "`UnexpectedEnd` (or `InvalidLength` for a count) at every length tried"
                .to_owned(),
        };
    }
    attack_bytes::<S>(&good, &|b| decode::<S>(msg, b), attack)
}

macro_rules! wire_case {
    ($name:literal, $msg:ident, $attack:ident, $what:literal) => {
        Case {
            name: $name,
            class: "ecdsa decoder",
            what: $what,
            run: || {
                let outcomes = [
                    wire_attack::<Secp256k1>(Msg::$msg, Attack::$attack),
                    wire_attack::<P256>(Msg::$msg, Attack::$attack),
                ];
                assert_eq!(outcomes[0], outcomes[1], "the suites disagree");
                outcomes[0].clone()
            },
        }
    };
}

macro_rules! protocol_case {
    ($name:literal, $class:literal, $f:ident, $what:literal) => {
        Case {
            name: $name,
            class: $class,
            what: $what,
            run: ecdsa_suites!($f),
        }
    };
}

/// Re-decodes `value` with `edit` applied to its bytes.
fn edited<S: EcdsaSuite, T: Wire<S>>(value: &T, edit: impl Fn(&mut Vec<u8>)) -> T {
    let mut bytes = value.to_bytes();
    edit(&mut bytes);
    T::from_bytes(&bytes).unwrap()
}

// Field attacks on the decoders.

fn setup_identity_key<S: EcdsaSuite>() -> Outcome {
    let mut b = sample::<S>(Msg::SetupMessage);
    let at = 3 + 64;
    b[at..at + S::POINT_LEN].copy_from_slice(&identity_bytes::<S>());
    rejected(
        decode::<S>(Msg::SetupMessage, &b).unwrap_err(),
        CoreError::InvalidPoint(PointError::Identity),
    )
}

fn share_noncanonical_u<S: EcdsaSuite>() -> Outcome {
    let b = sample::<S>(Msg::Share);
    let b = splice(&b, 3 + 32 + 32, &high_scalar::<S>());
    rejected(
        decode::<S>(Msg::Share, &b).unwrap_err(),
        CoreError::NonCanonicalScalar,
    )
}

fn round2_identity_nonce<S: EcdsaSuite>() -> Outcome {
    let b = sample::<S>(Msg::Round2);
    let b = splice(&b, 3 + 96, &identity_bytes::<S>());
    rejected(
        decode::<S>(Msg::Round2, &b).unwrap_err(),
        CoreError::InvalidPoint(PointError::Identity),
    )
}

// The pairwise setup.

fn setup_own_message<S: EcdsaSuite>() -> Outcome {
    let mut rng = rng(4);
    let (round, mine) = setup::start::<S, _>(id(1), id(2), &mut rng).unwrap();
    let err = setup::finish(round, &mine).unwrap_err();
    named(
        err,
        EcdsaError::UnexpectedMessage { culprit: id(2) },
        "the peer",
    )
}

fn setup_other_pair<S: EcdsaSuite>() -> Outcome {
    let mut rng = rng(5);
    let (round, _) = setup::start::<S, _>(id(1), id(2), &mut rng).unwrap();
    let (_, elsewhere) = setup::start::<S, _>(id(2), id(3), &mut rng).unwrap();
    let err = setup::finish(round, &elsewhere).unwrap_err();
    named(err, EcdsaError::Misrouted { culprit: id(2) }, "the peer")
}

// Signing, round 1 and 2 as signer 2 receives them.

fn round1_inbox<S: EcdsaSuite>(
    edit: impl Fn(&mut BTreeMap<Identifier<S>, Round1Message<S>>, &Sent<S, Round1Message<S>>),
) -> EcdsaError<S> {
    let f = fx::<S>();
    let (mut states, sent) = f.round1(&f.session);
    let mut inbox = local::inbox(&sent, &id(2));
    edit(&mut inbox, &sent);
    f.round2_at(&mut states, id(2), &inbox)
        .map(|_| ())
        .unwrap_err()
}

fn r1_missing<S: EcdsaSuite>() -> Outcome {
    let err = round1_inbox::<S>(|inbox, _| {
        inbox.remove(&id(3));
    });
    named(
        err,
        EcdsaError::MissingMessage { culprit: id(3) },
        "the silent signer",
    )
}

fn r1_own<S: EcdsaSuite>() -> Outcome {
    let err = round1_inbox::<S>(|inbox, sent| {
        inbox.insert(id(2), sent[&id(2)][&id(1)].clone());
    });
    refused(err, EcdsaError::OwnMessage { me: id(2) })
}

fn r1_misrouted<S: EcdsaSuite>() -> Outcome {
    // Signer 1's message for signer 3, delivered to signer 2.
    let err = round1_inbox::<S>(|inbox, sent| {
        inbox.insert(id(1), sent[&id(1)][&id(3)].clone());
    });
    named(err, EcdsaError::Misrouted { culprit: id(1) }, "the sender")
}

fn r1_filed_under_other<S: EcdsaSuite>() -> Outcome {
    // Signer 3's message filed under signer 1.
    let err = round1_inbox::<S>(|inbox, _| {
        let m = inbox[&id(3)].clone();
        inbox.insert(id(1), m);
    });
    named(
        err,
        EcdsaError::UnexpectedMessage { culprit: id(1) },
        "the sender",
    )
}

fn r1_other_session<S: EcdsaSuite>() -> Outcome {
    let f = fx::<S>();
    let other = SigningSession::new(f.public.clone(), &ids::<S>(3), [0x24; 32]).unwrap();
    let (_, sent_other) = f.round1(&other);
    let (mut states, sent) = f.round1(&f.session);
    let mut inbox = local::inbox(&sent, &id(2));
    inbox.insert(id(1), sent_other[&id(1)][&id(2)].clone());
    let err = f
        .round2_at(&mut states, id(2), &inbox)
        .map(|_| ())
        .unwrap_err();
    named(err, EcdsaError::Misrouted { culprit: id(1) }, "the sender")
}

fn r1_tampered_ot<S: EcdsaSuite>() -> Outcome {
    // A byte of the OT-extension matrix flipped: header, ids, session,
    // pair, commitment, OT nonce, then the matrix.
    let err = round1_inbox::<S>(|inbox, _| {
        let m = edited::<S, _>(&inbox[&id(1)], |b| b[3 + 5 * 32 + 32 + 7] ^= 1);
        inbox.insert(id(1), m);
    });
    named(
        err,
        EcdsaError::OtExtensionCheck { culprit: id(1) },
        "the sender",
    )
}

fn r1_unknown_sender<S: EcdsaSuite>() -> Outcome {
    let err = round1_inbox::<S>(|inbox, _| {
        let m = inbox[&id(1)].clone();
        inbox.insert(id(4), m);
    });
    named(
        err,
        EcdsaError::UnexpectedMessage { culprit: id(4) },
        "the non-signer",
    )
}

fn round2_inbox<S: EcdsaSuite>(
    edit: impl Fn(&mut BTreeMap<Identifier<S>, Round2Message<S>>, &Sent<S, Round2Message<S>>),
) -> EcdsaError<S> {
    let f = fx::<S>();
    let (mut states, sent) = f.round2();
    let mut inbox = local::inbox(&sent, &id(2));
    edit(&mut inbox, &sent);
    sign::presign(
        states.remove(&id(2)).unwrap(),
        &f.session,
        &f.setups[&id(2)],
        &inbox,
    )
    .map(|_| ())
    .unwrap_err()
}

fn r2_tampered_nonce<S: EcdsaSuite>() -> Outcome {
    let err = round2_inbox::<S>(|inbox, _| {
        let g = Point::<S>::generator().to_bytes();
        let m = edited::<S, _>(&inbox[&id(1)], |b| {
            b[3 + 96..3 + 96 + S::POINT_LEN].copy_from_slice(g.as_ref());
        });
        inbox.insert(id(1), m);
    });
    named(
        err,
        EcdsaError::CommitmentMismatch { culprit: id(1) },
        "the sender",
    )
}

fn r2_tampered_multiplication<S: EcdsaSuite>() -> Outcome {
    // The last byte: the multiplication's consistency check value.
    let err = round2_inbox::<S>(|inbox, _| {
        let m = edited::<S, _>(&inbox[&id(1)], |b| {
            let last = b.len() - 1;
            b[last] ^= 1;
        });
        inbox.insert(id(1), m);
    });
    named(
        err,
        EcdsaError::MultiplicationCheck { culprit: id(1) },
        "the sender",
    )
}

fn r2_missing<S: EcdsaSuite>() -> Outcome {
    let err = round2_inbox::<S>(|inbox, _| {
        inbox.remove(&id(1));
    });
    named(
        err,
        EcdsaError::MissingMessage { culprit: id(1) },
        "the silent signer",
    )
}

fn r2_misrouted<S: EcdsaSuite>() -> Outcome {
    let err = round2_inbox::<S>(|inbox, sent| {
        inbox.insert(id(1), sent[&id(1)][&id(3)].clone());
    });
    named(err, EcdsaError::Misrouted { culprit: id(1) }, "the sender")
}

// Combining the signature shares.

fn combine_with_suite<S: EcdsaSuite>(
    edit: impl Fn(&mut BTreeMap<Identifier<S>, tessera_ecdsa::SignatureShare<S>>),
) -> EcdsaError<S> {
    let f = fx::<S>();
    let mut shares = f.shares();
    edit(&mut shares);
    sign::combine(&f.session, &PREHASH, &shares).unwrap_err()
}

fn share_tampered<S: EcdsaSuite>() -> Outcome {
    let err = combine_with_suite::<S>(|shares| {
        let s = edited::<S, _>(&shares[&id(1)], |b| {
            let at = 3 + 64 + S::SCALAR_LEN + S::SCALAR_LEN - 1;
            b[at] ^= 1;
        });
        shares.insert(id(1), s);
    });
    named(
        err,
        EcdsaError::InvalidSignature {
            culprits: ids::<S>(3),
        },
        "every signer (DKLs23 does not check the last round's shares one by one)",
    )
}

fn share_equivocation<S: EcdsaSuite>() -> Outcome {
    // Signer 1 reports another nonce point for signer 3.
    let err = combine_with_suite::<S>(|shares| {
        let g = Point::<S>::generator().to_bytes();
        let s = edited::<S, _>(&shares[&id(1)], |b| {
            let last = b.len() - S::POINT_LEN;
            b[last..].copy_from_slice(g.as_ref());
        });
        shares.insert(id(1), s);
    });
    named(
        err,
        EcdsaError::Equivocation {
            sender: id(3),
            culprits: vec![id(1), id(2), id(3)],
        },
        "the sender and both reporters",
    )
}

fn share_filed_under_other<S: EcdsaSuite>() -> Outcome {
    let err = combine_with_suite::<S>(|shares| {
        let s = shares[&id(3)].clone();
        shares.insert(id(1), s);
    });
    named(
        err,
        EcdsaError::UnexpectedMessage { culprit: id(1) },
        "the sender",
    )
}

fn share_missing<S: EcdsaSuite>() -> Outcome {
    let err = combine_with_suite::<S>(|shares| {
        shares.remove(&id(3));
    });
    named(
        err,
        EcdsaError::MissingMessage { culprit: id(3) },
        "the silent signer",
    )
}

// Sessions and key material.

fn session_duplicate_signer<S: EcdsaSuite>() -> Outcome {
    let (_, public) = dealt::<S>(2, 3, 23);
    let err = SigningSession::new(public, &[id(1), id(1)], [0; 32]).unwrap_err();
    rejected(
        err,
        EcdsaError::Core(CoreError::DuplicateParticipant { culprit: id(1) }),
    )
}

fn session_too_few<S: EcdsaSuite>() -> Outcome {
    let (_, public) = dealt::<S>(2, 3, 23);
    let err = SigningSession::new(public, &[id(1)], [0; 32]).unwrap_err();
    refused(
        err,
        EcdsaError::Core(CoreError::TooFewParticipants { needed: 2, got: 1 }),
    )
}

fn key_other_epoch<S: EcdsaSuite>() -> Outcome {
    let f = fx::<S>();
    let (other, _) = dealt::<S>(2, 3, 24);
    let err = sign::round1(&f.session, &other[&id(1)], &f.setups[&id(1)], &mut rng(7))
        .map(|_| ())
        .unwrap_err();
    refused(err, EcdsaError::EpochMismatch)
}

fn missing_setup<S: EcdsaSuite>() -> Outcome {
    let mut f = fx::<S>();
    f.setups.get_mut(&id(1)).unwrap().remove(&id(3));
    let err = sign::round1(&f.session, &f.keys[&id(1)], &f.setups[&id(1)], &mut rng(8))
        .map(|_| ())
        .unwrap_err();
    refused(err, EcdsaError::MissingSetup { peer: id(3) })
}

pub const CASES: &[Case] = &[
    wire_case!(
        "ecdsa-setup-truncated",
        SetupMessage,
        Truncate,
        "a setup message cut short"
    ),
    wire_case!(
        "ecdsa-setup-trailing",
        SetupMessage,
        Trailing,
        "a setup message with a byte appended"
    ),
    wire_case!(
        "ecdsa-setup-version",
        SetupMessage,
        Version,
        "a setup message of another format version"
    ),
    wire_case!(
        "ecdsa-setup-suite",
        SetupMessage,
        Suite,
        "a setup message of another suite"
    ),
    wire_case!(
        "ecdsa-setup-kind",
        SetupMessage,
        Kind,
        "another kind of message as a setup message"
    ),
    wire_case!(
        "ecdsa-pair-setup-truncated",
        PairSetup,
        Truncate,
        "a stored pair setup cut short"
    ),
    wire_case!(
        "ecdsa-pair-setup-trailing",
        PairSetup,
        Trailing,
        "a stored pair setup with a byte appended"
    ),
    wire_case!(
        "ecdsa-pair-setup-version",
        PairSetup,
        Version,
        "a stored pair setup of another format version"
    ),
    wire_case!(
        "ecdsa-pair-setup-suite",
        PairSetup,
        Suite,
        "a stored pair setup of another suite"
    ),
    wire_case!(
        "ecdsa-pair-setup-kind",
        PairSetup,
        Kind,
        "another kind of message as a pair setup"
    ),
    wire_case!(
        "ecdsa-round1-truncated",
        Round1,
        Truncate,
        "a round-1 message cut short"
    ),
    wire_case!(
        "ecdsa-round1-trailing",
        Round1,
        Trailing,
        "a round-1 message with a byte appended"
    ),
    wire_case!(
        "ecdsa-round1-version",
        Round1,
        Version,
        "a round-1 message of another format version"
    ),
    wire_case!(
        "ecdsa-round1-suite",
        Round1,
        Suite,
        "a round-1 message of another suite"
    ),
    wire_case!(
        "ecdsa-round1-kind",
        Round1,
        Kind,
        "another kind of message as a round-1 message"
    ),
    wire_case!(
        "ecdsa-round2-truncated",
        Round2,
        Truncate,
        "a round-2 message cut short"
    ),
    wire_case!(
        "ecdsa-round2-trailing",
        Round2,
        Trailing,
        "a round-2 message with a byte appended"
    ),
    wire_case!(
        "ecdsa-round2-version",
        Round2,
        Version,
        "a round-2 message of another format version"
    ),
    wire_case!(
        "ecdsa-round2-suite",
        Round2,
        Suite,
        "a round-2 message of another suite"
    ),
    wire_case!(
        "ecdsa-round2-kind",
        Round2,
        Kind,
        "another kind of message as a round-2 message"
    ),
    wire_case!(
        "ecdsa-share-truncated",
        Share,
        Truncate,
        "a signature share cut at every length"
    ),
    wire_case!(
        "ecdsa-share-trailing",
        Share,
        Trailing,
        "a signature share with a byte appended"
    ),
    wire_case!(
        "ecdsa-share-version",
        Share,
        Version,
        "a signature share of another format version"
    ),
    wire_case!(
        "ecdsa-share-suite",
        Share,
        Suite,
        "a signature share of another suite"
    ),
    wire_case!(
        "ecdsa-share-kind",
        Share,
        Kind,
        "another kind of message as a signature share"
    ),
    wire_case!(
        "ecdsa-signature-truncated",
        Signature,
        Truncate,
        "a signature cut at every length"
    ),
    wire_case!(
        "ecdsa-signature-trailing",
        Signature,
        Trailing,
        "a signature with a byte appended"
    ),
    wire_case!(
        "ecdsa-signature-version",
        Signature,
        Version,
        "a signature of another format version"
    ),
    wire_case!(
        "ecdsa-signature-suite",
        Signature,
        Suite,
        "a signature of another suite"
    ),
    wire_case!(
        "ecdsa-signature-kind",
        Signature,
        Kind,
        "another kind of message as a signature"
    ),
    protocol_case!(
        "ecdsa-setup-identity-key",
        "ecdsa decoder",
        setup_identity_key,
        "a setup message whose OT key is the identity"
    ),
    protocol_case!(
        "ecdsa-share-noncanonical",
        "ecdsa decoder",
        share_noncanonical_u,
        "a signature share with a scalar not below the order"
    ),
    protocol_case!(
        "ecdsa-round2-identity-nonce",
        "ecdsa decoder",
        round2_identity_nonce,
        "a round-2 message whose nonce point is the identity"
    ),
    protocol_case!(
        "ecdsa-setup-own-message",
        "ecdsa setup",
        setup_own_message,
        "the peer sends back the party's own setup message"
    ),
    protocol_case!(
        "ecdsa-setup-other-pair",
        "ecdsa setup",
        setup_other_pair,
        "the peer's setup message for another pair"
    ),
    protocol_case!(
        "ecdsa-r1-missing",
        "ecdsa signing",
        r1_missing,
        "a signer sends no round-1 message"
    ),
    protocol_case!(
        "ecdsa-r1-own-message",
        "ecdsa signing",
        r1_own,
        "a signer's own round-1 message in its inbox"
    ),
    protocol_case!(
        "ecdsa-r1-misrouted",
        "ecdsa signing",
        r1_misrouted,
        "a round-1 message for another signer"
    ),
    protocol_case!(
        "ecdsa-r1-filed-under-other",
        "ecdsa signing",
        r1_filed_under_other,
        "a round-1 message filed under another sender"
    ),
    protocol_case!(
        "ecdsa-r1-other-session",
        "ecdsa signing",
        r1_other_session,
        "a round-1 message of another session"
    ),
    protocol_case!(
        "ecdsa-r1-tampered-ot",
        "ecdsa signing",
        r1_tampered_ot,
        "a round-1 OT-extension message with one bit flipped"
    ),
    protocol_case!(
        "ecdsa-r1-unknown-sender",
        "ecdsa signing",
        r1_unknown_sender,
        "a round-1 message from outside the session"
    ),
    protocol_case!(
        "ecdsa-r2-tampered-nonce",
        "ecdsa signing",
        r2_tampered_nonce,
        "a round-2 nonce point other than the committed one"
    ),
    protocol_case!(
        "ecdsa-r2-tampered-multiplication",
        "ecdsa signing",
        r2_tampered_multiplication,
        "a round-2 multiplication reply with one bit flipped"
    ),
    protocol_case!(
        "ecdsa-r2-missing",
        "ecdsa signing",
        r2_missing,
        "a signer sends no round-2 message"
    ),
    protocol_case!(
        "ecdsa-r2-misrouted",
        "ecdsa signing",
        r2_misrouted,
        "a round-2 message for another signer"
    ),
    protocol_case!(
        "ecdsa-share-tampered",
        "ecdsa signing",
        share_tampered,
        "a signature share with one bit flipped"
    ),
    protocol_case!(
        "ecdsa-share-equivocation",
        "ecdsa signing",
        share_equivocation,
        "a signer reports another signer's nonce point differently"
    ),
    protocol_case!(
        "ecdsa-share-filed-under-other",
        "ecdsa signing",
        share_filed_under_other,
        "a signature share filed under another sender"
    ),
    protocol_case!(
        "ecdsa-share-missing",
        "ecdsa signing",
        share_missing,
        "a signer sends no signature share"
    ),
    protocol_case!(
        "ecdsa-session-duplicate-signer",
        "ecdsa signing",
        session_duplicate_signer,
        "the same signer twice in a session"
    ),
    protocol_case!(
        "ecdsa-session-too-few",
        "ecdsa signing",
        session_too_few,
        "fewer signers than the threshold"
    ),
    protocol_case!(
        "ecdsa-key-other-epoch",
        "ecdsa signing",
        key_other_epoch,
        "a signer's key package of another key"
    ),
    protocol_case!(
        "ecdsa-missing-setup",
        "ecdsa signing",
        missing_setup,
        "a signer without the pairwise setup with a co-signer"
    ),
];
