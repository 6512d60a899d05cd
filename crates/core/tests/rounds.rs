//! `Rounds`, the inbox every protocol party keeps, driven message by
//! message: who may send what in which round, duplicates ignored,
//! equivocation named, rounds released only when complete.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use rand::SeedableRng;
use rand_chacha::ChaCha20Rng;
use tessera_core::protocol::{Delivery, Expect, Incoming, Rounds, Waiting};
use tessera_core::suites::Secp256k1;
use tessera_core::{Error, Identifier, SecretScalar, SecretShare, Wire};
use zeroize::Zeroizing;

type S = Secp256k1;

fn id(n: u16) -> Identifier<S> {
    Identifier::new(n).unwrap()
}

/// A payload that decodes as a `SecretShare` of `value` for `from`.
fn share(from: u16, value: u64) -> Vec<u8> {
    SecretShare::<S>::new(id(from), SecretScalar::new(value.into())).to_bytes()
}

fn message(from: u16, round: u16, delivery: Delivery, payload: Vec<u8>) -> Incoming<S> {
    Incoming {
        from: id(from),
        round,
        delivery,
        payload: Zeroizing::new(payload),
    }
}

fn waiting(round: u16, from: &[u16]) -> Option<Waiting<S>> {
    Some(Waiting {
        round,
        from: from.iter().map(|&n| id(n)).collect(),
    })
}

/// Party 1's inbox: round 1, broadcasts from 2 and 3; round 2, a broadcast
/// from 3 and private messages from 2 and 3 (given in two pieces, which
/// merge); round 5 expects nothing and is dropped.
fn inbox() -> Rounds<S> {
    Rounds::new(
        id(1),
        [
            Expect::round(1).broadcast_from([id(3), id(2), id(3)]),
            Expect::round(2).private_from([id(2)]),
            Expect::round(5),
            Expect::round(2)
                .broadcast_from([id(3)])
                .private_from([id(3)]),
        ],
    )
}

#[test]
fn messages_from_outside_the_schedule_are_unexpected_and_name_their_sender() {
    let mut rounds = inbox();
    let unexpected = |from: u16, round: u16, delivery| Error::UnexpectedMessage {
        culprit: id(from),
        round,
        delivery,
    };
    for (m, error) in [
        // From itself.
        (
            message(1, 1, Delivery::Broadcast, share(1, 1)),
            unexpected(1, 1, Delivery::Broadcast),
        ),
        // A round nobody sends in, and the dropped empty one.
        (
            message(2, 9, Delivery::Broadcast, share(2, 1)),
            unexpected(2, 9, Delivery::Broadcast),
        ),
        (
            message(2, 5, Delivery::Broadcast, share(2, 1)),
            unexpected(2, 5, Delivery::Broadcast),
        ),
        // Privately where a broadcast is expected, and the reverse.
        (
            message(2, 1, Delivery::Private, share(2, 1)),
            unexpected(2, 1, Delivery::Private),
        ),
        (
            message(2, 2, Delivery::Broadcast, share(2, 1)),
            unexpected(2, 2, Delivery::Broadcast),
        ),
        // A participant the round does not expect.
        (
            message(4, 1, Delivery::Broadcast, share(4, 1)),
            unexpected(4, 1, Delivery::Broadcast),
        ),
    ] {
        assert_eq!(rounds.receive(m).unwrap_err(), error);
    }
    // None of them counted.
    assert!(!rounds.is_ready());
    assert_eq!(rounds.waiting(), waiting(1, &[2, 3]));
}

#[test]
fn a_round_is_released_once_complete_copies_ignored_equivocation_named() {
    let mut rounds = inbox();
    assert!(!rounds.is_ready() && !rounds.is_finished());
    assert_eq!(rounds.waiting(), waiting(1, &[2, 3]));
    assert!(rounds.take().is_none());

    rounds
        .receive(message(2, 1, Delivery::Broadcast, share(2, 20)))
        .unwrap();
    // An identical copy is ignored (it does not count as 3's message).
    rounds
        .receive(message(2, 1, Delivery::Broadcast, share(2, 20)))
        .unwrap();
    assert!(!rounds.is_ready());
    assert_eq!(rounds.waiting(), waiting(1, &[3]));
    // A different second message is equivocation.
    assert_eq!(
        rounds
            .receive(message(2, 1, Delivery::Broadcast, share(2, 21)))
            .unwrap_err(),
        Error::Equivocation {
            culprit: id(2),
            round: 1
        }
    );
    // A message of a later round is kept for later.
    rounds
        .receive(message(3, 2, Delivery::Private, share(3, 32)))
        .unwrap();
    assert!(!rounds.is_ready());
    rounds
        .receive(message(3, 1, Delivery::Broadcast, share(3, 30)))
        .unwrap();
    assert!(rounds.is_ready());

    let first = rounds.take().unwrap();
    assert_eq!(first.round(), 1);
    let broadcasts = first.broadcasts::<SecretShare<S>>().unwrap();
    assert_eq!(
        broadcasts.keys().copied().collect::<Vec<_>>(),
        [id(2), id(3)]
    );
    assert_eq!(*broadcasts[&id(2)].value().expose(), 20u64.into());
    assert_eq!(*broadcasts[&id(3)].value().expose(), 30u64.into());
    assert!(first.privates::<SecretShare<S>>().unwrap().is_empty());

    // Round 2: 3's private message is already in; 3's broadcast and 2's
    // private message are missing.
    assert!(!rounds.is_ready() && !rounds.is_finished());
    assert_eq!(rounds.waiting(), waiting(2, &[2, 3]));
    rounds
        .receive(message(3, 2, Delivery::Broadcast, share(3, 31)))
        .unwrap();
    assert!(!rounds.is_ready());
    assert_eq!(rounds.waiting(), waiting(2, &[2]));
    // A replay of a round already taken is still ignored, or named.
    rounds
        .receive(message(2, 1, Delivery::Broadcast, share(2, 20)))
        .unwrap();
    assert_eq!(
        rounds
            .receive(message(3, 1, Delivery::Broadcast, share(3, 39)))
            .unwrap_err(),
        Error::Equivocation {
            culprit: id(3),
            round: 1
        }
    );
    rounds
        .receive(message(2, 2, Delivery::Private, share(2, 22)))
        .unwrap();
    assert!(rounds.is_ready());

    let second = rounds.take().unwrap();
    assert_eq!(second.round(), 2);
    let (from, only) = second.only_broadcast::<SecretShare<S>>().unwrap();
    assert_eq!((from, *only.value().expose()), (id(3), 31u64.into()));
    let privates = second.privates::<SecretShare<S>>().unwrap();
    assert_eq!(privates.keys().copied().collect::<Vec<_>>(), [id(2), id(3)]);
    assert_eq!(*privates[&id(2)].value().expose(), 22u64.into());
    assert_eq!(*privates[&id(3)].value().expose(), 32u64.into());

    assert!(rounds.is_finished() && !rounds.is_ready());
    assert_eq!(rounds.waiting(), None);
    assert!(rounds.take().is_none());
}

#[test]
fn a_payload_that_does_not_decode_names_its_sender() {
    let mut rounds = Rounds::new(id(1), [Expect::round(3).private_from([id(2), id(4)])]);
    rounds
        .receive(message(2, 3, Delivery::Private, share(2, 1)))
        .unwrap();
    rounds
        .receive(message(4, 3, Delivery::Private, vec![1, 2, 3]))
        .unwrap();
    let received = rounds.take().unwrap();
    let error = received.privates::<SecretShare<S>>().unwrap_err();
    assert!(
        matches!(error, Error::MalformedMessage { culprit, round: 3, .. } if culprit == id(4)),
        "{error:?}"
    );
    // A round without broadcasts has no single broadcast to give.
    assert_eq!(
        received.only_broadcast::<SecretShare<S>>().unwrap_err(),
        Error::TooFewParticipants { needed: 1, got: 0 }
    );
}

#[test]
fn payloads_are_compared_by_digest_not_by_length() {
    let mut rng = ChaCha20Rng::seed_from_u64(2);
    let mut rounds = Rounds::new(id(1), [Expect::round(1).broadcast_from([id(2)])]);
    let a = SecretShare::<S>::new(id(2), SecretScalar::random(&mut rng)).to_bytes();
    let b = SecretShare::<S>::new(id(2), SecretScalar::random(&mut rng)).to_bytes();
    assert_eq!(a.len(), b.len());
    rounds
        .receive(message(2, 1, Delivery::Broadcast, a))
        .unwrap();
    assert_eq!(
        rounds
            .receive(message(2, 1, Delivery::Broadcast, b))
            .unwrap_err(),
        Error::Equivocation {
            culprit: id(2),
            round: 1
        }
    );
}
