//! Whom each error blames, and what it says: every variant of
//! `tessera_core::Error` against its hand-written culprit list and message.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use tessera_core::protocol::Delivery;
use tessera_core::suites::Ed25519;
use tessera_core::{Error, Identifier, PointError};

type E = Error<Ed25519>;

fn id(n: u16) -> Identifier<Ed25519> {
    Identifier::new(n).unwrap()
}

#[test]
fn every_error_blames_the_participants_it_names() {
    let cases: Vec<(E, &[u16])> = vec![
        (E::NonCanonicalScalar, &[]),
        (E::InvalidPoint(PointError::Identity), &[]),
        (E::ZeroIdentifier, &[]),
        (E::InvalidLength(0), &[]),
        (E::InvalidThreshold { t: 3, n: 2 }, &[]),
        (E::TooFewParticipants { needed: 2, got: 1 }, &[]),
        (E::PublicKeyMismatch, &[]),
        (E::InconsistentVerifyingShares, &[]),
        (E::UnsortedParticipants { culprit: id(4) }, &[]),
        (E::DuplicateParticipant { culprit: id(2) }, &[2]),
        (E::UnknownParticipant { culprit: id(9) }, &[9]),
        (
            E::WrongCommitmentLength {
                culprit: id(3),
                found: 1,
                expected: 2,
            },
            &[3],
        ),
        (
            E::UnexpectedMessage {
                culprit: id(5),
                round: 2,
                delivery: Delivery::Private,
            },
            &[5],
        ),
        (
            E::Equivocation {
                culprit: id(6),
                round: 1,
            },
            &[6],
        ),
        (
            E::MalformedMessage {
                culprit: id(7),
                round: 1,
                reason: Box::new(E::UnknownParticipant { culprit: id(8) }),
            },
            &[7],
        ),
        (
            E::WrongSession {
                culprit: id(1),
                what: "message",
            },
            &[1],
        ),
        (
            E::InvalidShares {
                culprits: vec![id(1), id(3)],
            },
            &[1, 3],
        ),
        (
            E::Timeout {
                round: 2,
                culprits: vec![id(2), id(4)],
            },
            &[2, 4],
        ),
    ];
    for (error, expected) in cases {
        let expected: Vec<_> = expected.iter().map(|&n| id(n)).collect();
        assert_eq!(error.culprits(), expected, "{error}");
    }
}

#[test]
fn errors_say_what_went_wrong_and_whom_they_blame() {
    let cases: Vec<(E, &str)> = vec![
        (
            E::MalformedMessage {
                culprit: id(7),
                round: 1,
                reason: Box::new(E::InvalidPoint(PointError::Identity)),
            },
            "participant 7 sent a round-1 message that does not decode: a point of suite \
             ed25519 was rejected: the point is the identity element, which no key, \
             commitment or nonce may be",
        ),
        (
            E::Timeout {
                round: 2,
                culprits: vec![id(4)],
            },
            "participant 4 sent no message for round 2 in time; the session cannot finish \
             without it",
        ),
        (
            E::Timeout {
                round: 3,
                culprits: vec![id(2), id(4)],
            },
            "participants 2, 4 sent no message for round 3 in time; the session cannot \
             finish without them",
        ),
        (
            E::InvalidShares {
                culprits: vec![id(3)],
            },
            "the share of participant 3 does not match the Feldman commitment",
        ),
        (
            E::InvalidShares {
                culprits: vec![id(1), id(3)],
            },
            "the shares of participants 1, 3 do not match the Feldman commitment",
        ),
        (
            E::UnexpectedMessage {
                culprit: id(5),
                round: 2,
                delivery: Delivery::Private,
            },
            "participant 5 sent a private message for round 2, which this participant does \
             not expect from it",
        ),
        (
            E::UnexpectedMessage {
                culprit: id(5),
                round: 1,
                delivery: Delivery::Broadcast,
            },
            "participant 5 sent a broadcast message for round 1, which this participant \
             does not expect from it",
        ),
        (
            E::WrongSession {
                culprit: id(1),
                what: "message",
            },
            "participant 1 sent a message for another session: its message differs from \
             the one agreed",
        ),
        (
            E::InvalidThreshold { t: 3, n: 2 },
            "the threshold 3-of-2 is not allowed: it needs 1 <= t <= n <= 65535, and t >= 2 \
             for signing keys",
        ),
        (
            E::InvalidThreshold { t: 0, n: 0 },
            "the threshold 0 is not allowed: it needs 1 <= t <= n <= 65535, and t >= 2 for \
             signing keys",
        ),
    ];
    for (error, expected) in cases {
        assert_eq!(error.to_string(), expected);
    }
}
