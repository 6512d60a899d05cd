//! Whom each FROST error blames, and what it says, against hand-written
//! culprit lists and messages.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use tessera_core::Identifier;
use tessera_core::suites::Ed25519;
use tessera_frost::Error;

type E = Error<Ed25519>;

fn id(n: u16) -> Identifier<Ed25519> {
    Identifier::new(n).unwrap()
}

#[test]
fn every_error_blames_the_participants_it_names() {
    let cases: Vec<(E, &[u16])> = vec![
        (
            E::Core(tessera_core::Error::DuplicateParticipant { culprit: id(4) }),
            &[4],
        ),
        (E::Core(tessera_core::Error::PublicKeyMismatch), &[]),
        (
            E::InvalidSignatureShare {
                culprits: vec![id(1), id(3)],
            },
            &[1, 3],
        ),
        (E::MissingSignatureShare { culprit: id(2) }, &[2]),
        (E::UnexpectedSignatureShare { culprit: id(5) }, &[5]),
        (E::MissingOwnCommitment, &[]),
        (E::IncorrectCommitment, &[]),
        (E::InconsistentKey("a verifying share is not s G"), &[]),
        (E::EpochMismatch, &[]),
        (E::InvalidSignature, &[]),
        (E::InvalidSignatures(vec![0, 2]), &[]),
    ];
    for (error, expected) in cases {
        let expected: Vec<_> = expected.iter().map(|&n| id(n)).collect();
        assert_eq!(error.culprits(), expected, "{error}");
    }
}

#[test]
fn errors_say_what_went_wrong() {
    for (error, expected) in [
        (
            E::InvalidSignatures(vec![2]),
            "the signature at batch position 2 does not verify",
        ),
        (
            E::InvalidSignatures(vec![0, 3, 5]),
            "the signatures at batch positions 0, 3, 5 do not verify",
        ),
        (
            E::InvalidSignatureShare {
                culprits: vec![id(3)],
            },
            "participant 3 sent a signature share that fails RFC 9591 verification",
        ),
        (
            E::InvalidSignatureShare {
                culprits: vec![id(1), id(3)],
            },
            "participants 1, 3 sent signature shares that fail RFC 9591 verification",
        ),
        (
            E::InvalidSignature,
            "the signature does not verify for this message under this ed25519 key",
        ),
    ] {
        assert_eq!(error.to_string(), expected);
    }
}
