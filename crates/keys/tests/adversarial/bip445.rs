//! BIP 445 (tessera-bitcoin) cases: its six wire kinds, and a signing
//! session as a coordinator and signers would exchange it. Each case runs
//! on both suites over secp256k1 (`secp256k1`, `secp256k1-tr`).

use super::*;
use tessera_bitcoin::{
    AggNonce, AggOtherNonce, K256Suite, NonceInputs, PartialSignature, ParticipantId, PubNonce,
    SecNonce, SessionContext, SignersContext, SigningRequest, nonce_agg, nonce_gen, sign_with_key,
};

type BtcError<S> = tessera_bitcoin::Error<S>;

impl<S: Suite> Blames for BtcError<S> {
    fn blamed(&self) -> usize {
        self.culprits().len()
    }
}

macro_rules! k256_suites {
    ($e:expr) => {
        || {
            let outcomes = [$e(Secp256k1::ID), $e(Secp256k1Tr::ID)];
            assert_eq!(outcomes[0], outcomes[1], "the suites disagree");
            outcomes[0].clone()
        }
    };
}

/// Runs `f::<S>` for the suite with tag `tag`.
macro_rules! on {
    ($f:ident) => {
        |tag: u8| {
            if tag == Secp256k1::ID {
                $f::<Secp256k1>()
            } else {
                $f::<Secp256k1Tr>()
            }
        }
    };
}

#[derive(Clone, Copy, Debug)]
enum Msg {
    PubNonce,
    AggNonce,
    AggOtherNonce,
    PartialSignature,
    Signature,
    SigningRequest,
}

/// One honest session among signers 1 and 3 of a 2-of-3 dealt key.
struct Session<S: K256Suite> {
    keys: Keys<S>,
    public: PublicKeyPackage<S>,
    signers: Vec<Identifier<S>>,
    secnonces: Vec<SecNonce<S>>,
    pubnonces: Vec<PubNonce<S>>,
    session: SessionContext<S>,
}

fn session<S: K256Suite>() -> Session<S> {
    let (keys, public) = dealt::<S>(2, 3, 445);
    let mut rng = rng(445);
    let signers = vec![id::<S>(1), id::<S>(3)];
    let ctx = SignersContext::from_public(&public, &signers).unwrap();
    let msg = [0x45u8; 32];
    let mut secnonces = Vec::new();
    let mut pubnonces = Vec::new();
    for i in &signers {
        let mut inputs = NonceInputs::for_key(&keys[i]);
        inputs.msg = Some(&msg);
        let (sec, pubnonce) = nonce_gen(&inputs, &mut rng).unwrap();
        secnonces.push(sec);
        pubnonces.push(pubnonce);
    }
    let session = SessionContext::new(&ctx, &nonce_agg(&pubnonces), &[], &msg).unwrap();
    Session {
        keys,
        public,
        signers,
        secnonces,
        pubnonces,
        session,
    }
}

impl<S: K256Suite> Session<S> {
    /// Every signer's partial signature.
    fn sign_all(&mut self) -> Vec<PartialSignature<S>> {
        let secnonces = std::mem::take(&mut self.secnonces);
        self.signers
            .iter()
            .zip(secnonces)
            .map(|(i, sec)| sign_with_key(sec, &self.keys[i], &self.session).unwrap())
            .collect()
    }
}

fn sample<S: K256Suite>(msg: Msg) -> Vec<u8> {
    let mut s = session::<S>();
    match msg {
        Msg::PubNonce => Wire::<S>::to_bytes(&s.pubnonces[0]),
        Msg::AggNonce => Wire::<S>::to_bytes(s.session.aggnonce()),
        Msg::AggOtherNonce => Wire::<S>::to_bytes(
            &AggOtherNonce::from_agg_nonce(&nonce_agg(&s.pubnonces[1..])).unwrap(),
        ),
        Msg::PartialSignature => Wire::<S>::to_bytes(&s.sign_all()[0]),
        Msg::Signature => {
            let psigs = s.sign_all();
            Wire::<S>::to_bytes(
                &tessera_bitcoin::aggregate(&s.session, &s.pubnonces, &psigs).unwrap(),
            )
        }
        Msg::SigningRequest => s.session.request().unwrap().to_bytes(),
    }
}

fn decode<S: K256Suite>(msg: Msg, bytes: &[u8]) -> Result<(), CoreError<S>> {
    fn d<S: Suite, T: Wire<S>>(bytes: &[u8]) -> Result<(), CoreError<S>> {
        <T as Wire<S>>::from_bytes(bytes).map(|_| ())
    }
    match msg {
        Msg::PubNonce => d::<S, PubNonce<S>>(bytes),
        Msg::AggNonce => d::<S, AggNonce<S>>(bytes),
        Msg::AggOtherNonce => d::<S, AggOtherNonce<S>>(bytes),
        Msg::PartialSignature => d::<S, PartialSignature<S>>(bytes),
        Msg::Signature => d::<S, tessera_bitcoin::Signature<S>>(bytes),
        Msg::SigningRequest => d::<S, SigningRequest<S>>(bytes),
    }
}

fn wire_attack<S: K256Suite>(msg: Msg, attack: Attack) -> Outcome {
    attack_bytes::<S>(&sample::<S>(msg), &|b| decode::<S>(msg, b), attack)
}

macro_rules! wire_case {
    ($name:literal, $msg:ident, $attack:ident, $what:literal) => {
        Case {
            name: $name,
            class: "bip445 decoder",
            what: $what,
            run: k256_suites!(|tag: u8| if tag == Secp256k1::ID {
                wire_attack::<Secp256k1>(Msg::$msg, Attack::$attack)
            } else {
                wire_attack::<Secp256k1Tr>(Msg::$msg, Attack::$attack)
            }),
        }
    };
}

macro_rules! protocol_case {
    ($name:literal, $f:ident, $what:literal) => {
        Case {
            name: $name,
            class: "bip445 signing",
            what: $what,
            run: k256_suites!(on!($f)),
        }
    };
}

// Field attacks on the decoders.

fn pubnonce_bad_tag<S: K256Suite>() -> Outcome {
    let mut b = sample::<S>(Msg::PubNonce);
    b[3] = 0x04;
    rejected(
        decode::<S>(Msg::PubNonce, &b).unwrap_err(),
        CoreError::InvalidPoint(PointError::Invalid),
    )
}

fn pubnonce_off_curve<S: K256Suite>() -> Outcome {
    let mut b = sample::<S>(Msg::PubNonce);
    b[3 + 34..3 + 66].copy_from_slice(&[0xff; 32]);
    rejected(
        decode::<S>(Msg::PubNonce, &b).unwrap_err(),
        CoreError::InvalidPoint(PointError::Invalid),
    )
}

fn pubnonce_infinity<S: K256Suite>() -> Outcome {
    let mut b = sample::<S>(Msg::PubNonce);
    b[3 + 33..3 + 66].fill(0);
    rejected(
        decode::<S>(Msg::PubNonce, &b).unwrap_err(),
        CoreError::InvalidPoint(PointError::Invalid),
    )
}

fn psig_noncanonical<S: K256Suite>() -> Outcome {
    let mut b = sample::<S>(Msg::PartialSignature);
    b[3..].fill(0xff);
    rejected(
        decode::<S>(Msg::PartialSignature, &b).unwrap_err(),
        CoreError::NonCanonicalScalar,
    )
}

/// The signing request's ids start after the header and the 32-byte epoch,
/// behind a count.
fn request_ids<S: K256Suite>(edit: impl Fn(&mut Vec<u8>, usize)) -> CoreError<S> {
    let mut b = sample::<S>(Msg::SigningRequest);
    // header, epoch, u32 count: ids follow, 4 bytes each.
    edit(&mut b, 3 + 32 + 4);
    decode::<S>(Msg::SigningRequest, &b).unwrap_err()
}

fn request_duplicate_ids<S: K256Suite>() -> Outcome {
    let err = request_ids::<S>(|b, at| {
        let first: [u8; 4] = b[at..at + 4].try_into().unwrap();
        b[at + 4..at + 8].copy_from_slice(&first);
    });
    let want = CoreError::DuplicateParticipant {
        culprit: ParticipantId(0).to_identifier().unwrap(),
    };
    rejected(err, want)
}

fn request_unsorted_ids<S: K256Suite>() -> Outcome {
    let err = request_ids::<S>(|b, at| {
        let first: [u8; 4] = b[at..at + 4].try_into().unwrap();
        let second: [u8; 4] = b[at + 4..at + 8].try_into().unwrap();
        b[at..at + 4].copy_from_slice(&second);
        b[at + 4..at + 8].copy_from_slice(&first);
    });
    let want = CoreError::UnsortedParticipants {
        culprit: ParticipantId(0).to_identifier().unwrap(),
    };
    rejected(err, want)
}

// The protocol, as a coordinator and signers exchange it.

fn tampered_partial_signature<S: K256Suite>() -> Outcome {
    let mut s = session::<S>();
    let mut psigs = s.sign_all();
    let mut bytes = psigs[1].to_bip_bytes();
    bytes[31] ^= 1;
    psigs[1] = PartialSignature::from_bytes(&bytes).unwrap();
    let err = tessera_bitcoin::aggregate(&s.session, &s.pubnonces, &psigs).unwrap_err();
    named(
        err,
        BtcError::InvalidPartialSignatures {
            signer_indices: vec![1],
            culprits: vec![ParticipantId(2)],
        },
        "signer 3",
    )
}

fn partial_signature_other_message<S: K256Suite>() -> Outcome {
    let mut s = session::<S>();
    let other = SessionContext::new(
        &SignersContext::from_public(&s.public, &s.signers).unwrap(),
        s.session.aggnonce(),
        &[],
        b"another message",
    )
    .unwrap();
    let secnonces = std::mem::take(&mut s.secnonces);
    let mut psigs = Vec::new();
    for (k, (i, sec)) in s.signers.iter().zip(secnonces).enumerate() {
        let ctx = if k == 0 { &s.session } else { &other };
        psigs.push(sign_with_key(sec, &s.keys[i], ctx).unwrap());
    }
    let err = tessera_bitcoin::aggregate(&s.session, &s.pubnonces, &psigs).unwrap_err();
    named(
        err,
        BtcError::InvalidPartialSignatures {
            signer_indices: vec![1],
            culprits: vec![ParticipantId(2)],
        },
        "signer 3",
    )
}

fn substituted_pubnonce<S: K256Suite>() -> Outcome {
    let mut s = session::<S>();
    let psigs = s.sign_all();
    let mut pubnonces = s.pubnonces.clone();
    pubnonces[0] = pubnonces[1];
    let err = tessera_bitcoin::aggregate(&s.session, &pubnonces, &psigs).unwrap_err();
    refused(err, BtcError::AggNonceMismatch)
}

fn missing_partial_signature<S: K256Suite>() -> Outcome {
    let mut s = session::<S>();
    let psigs = s.sign_all();
    let err = tessera_bitcoin::aggregate(&s.session, &s.pubnonces, &psigs[..1]).unwrap_err();
    refused(
        err,
        BtcError::LengthMismatch {
            what: "partial signatures per signer",
            expected: 2,
            found: 1,
        },
    )
}

fn duplicate_signer<S: K256Suite>() -> Outcome {
    let (_, public) = dealt::<S>(2, 3, 445);
    let err = SignersContext::from_public(&public, &[id::<S>(1), id::<S>(1)]).unwrap_err();
    rejected(
        err,
        BtcError::DuplicateParticipant {
            id: ParticipantId(0),
        },
    )
}

fn unknown_signer<S: K256Suite>() -> Outcome {
    let (_, public) = dealt::<S>(2, 3, 445);
    let err = SignersContext::from_public(&public, &[id::<S>(1), id::<S>(4)]).unwrap_err();
    named(
        err,
        BtcError::UnknownParticipant { culprit: id(4) },
        "the unknown signer",
    )
}

fn request_other_epoch<S: K256Suite>() -> Outcome {
    let s = session::<S>();
    let mut request = s.session.request().unwrap();
    request.epoch = tessera_frost::Epoch::from_bytes([7; 32]);
    let err = SessionContext::from_request(&s.public, &request).unwrap_err();
    refused(err, BtcError::EpochMismatch)
}

fn request_unknown_signer<S: K256Suite>() -> Outcome {
    let s = session::<S>();
    let mut request = s.session.request().unwrap();
    request.ids = vec![ParticipantId(0), ParticipantId(9)];
    let err = SessionContext::from_request(&s.public, &request).unwrap_err();
    named(
        err,
        BtcError::UnknownParticipant {
            culprit: ParticipantId(9).to_identifier().unwrap(),
        },
        "the unknown signer",
    )
}

fn key_of_other_epoch<S: K256Suite>() -> Outcome {
    let mut s = session::<S>();
    let (other_keys, _) = dealt::<S>(2, 3, 446);
    let sec = s.secnonces.remove(0);
    let err = sign_with_key(sec, &other_keys[&id(1)], &s.session).unwrap_err();
    refused(err, BtcError::EpochMismatch)
}

fn non_signer_signs<S: K256Suite>() -> Outcome {
    let mut s = session::<S>();
    let sec = s.secnonces.remove(0);
    let err = sign_with_key(sec, &s.keys[&id(2)], &s.session).unwrap_err();
    refused(err, BtcError::PubshareNotInSigners)
}

pub const CASES: &[Case] = &[
    wire_case!(
        "bip445-pubnonce-truncated",
        PubNonce,
        Truncate,
        "a public nonce cut at every length"
    ),
    wire_case!(
        "bip445-pubnonce-trailing",
        PubNonce,
        Trailing,
        "a public nonce with a byte appended"
    ),
    wire_case!(
        "bip445-pubnonce-version",
        PubNonce,
        Version,
        "a public nonce of another format version"
    ),
    wire_case!(
        "bip445-pubnonce-suite",
        PubNonce,
        Suite,
        "a public nonce of another suite"
    ),
    wire_case!(
        "bip445-pubnonce-kind",
        PubNonce,
        Kind,
        "another kind of message as a public nonce"
    ),
    wire_case!(
        "bip445-aggnonce-truncated",
        AggNonce,
        Truncate,
        "an aggregate nonce cut at every length"
    ),
    wire_case!(
        "bip445-aggnonce-trailing",
        AggNonce,
        Trailing,
        "an aggregate nonce with a byte appended"
    ),
    wire_case!(
        "bip445-aggnonce-version",
        AggNonce,
        Version,
        "an aggregate nonce of another format version"
    ),
    wire_case!(
        "bip445-aggnonce-suite",
        AggNonce,
        Suite,
        "an aggregate nonce of another suite"
    ),
    wire_case!(
        "bip445-aggnonce-kind",
        AggNonce,
        Kind,
        "another kind of message as an aggregate nonce"
    ),
    wire_case!(
        "bip445-aggothernonce-truncated",
        AggOtherNonce,
        Truncate,
        "the other signers' aggregate nonce cut at every length"
    ),
    wire_case!(
        "bip445-aggothernonce-trailing",
        AggOtherNonce,
        Trailing,
        "the other signers' aggregate nonce with a byte appended"
    ),
    wire_case!(
        "bip445-aggothernonce-version",
        AggOtherNonce,
        Version,
        "the other signers' aggregate nonce of another format version"
    ),
    wire_case!(
        "bip445-aggothernonce-suite",
        AggOtherNonce,
        Suite,
        "the other signers' aggregate nonce of another suite"
    ),
    wire_case!(
        "bip445-aggothernonce-kind",
        AggOtherNonce,
        Kind,
        "another kind of message as the other signers' aggregate nonce"
    ),
    wire_case!(
        "bip445-psig-truncated",
        PartialSignature,
        Truncate,
        "a partial signature cut at every length"
    ),
    wire_case!(
        "bip445-psig-trailing",
        PartialSignature,
        Trailing,
        "a partial signature with a byte appended"
    ),
    wire_case!(
        "bip445-psig-version",
        PartialSignature,
        Version,
        "a partial signature of another format version"
    ),
    wire_case!(
        "bip445-psig-suite",
        PartialSignature,
        Suite,
        "a partial signature of another suite"
    ),
    wire_case!(
        "bip445-psig-kind",
        PartialSignature,
        Kind,
        "another kind of message as a partial signature"
    ),
    wire_case!(
        "bip445-signature-truncated",
        Signature,
        Truncate,
        "a BIP-340 signature cut at every length"
    ),
    wire_case!(
        "bip445-signature-trailing",
        Signature,
        Trailing,
        "a BIP-340 signature with a byte appended"
    ),
    wire_case!(
        "bip445-signature-version",
        Signature,
        Version,
        "a BIP-340 signature of another format version"
    ),
    wire_case!(
        "bip445-signature-suite",
        Signature,
        Suite,
        "a BIP-340 signature of another suite"
    ),
    wire_case!(
        "bip445-signature-kind",
        Signature,
        Kind,
        "another kind of message as a BIP-340 signature"
    ),
    wire_case!(
        "bip445-request-truncated",
        SigningRequest,
        Truncate,
        "a signing request cut at every length"
    ),
    wire_case!(
        "bip445-request-trailing",
        SigningRequest,
        Trailing,
        "a signing request with a byte appended"
    ),
    wire_case!(
        "bip445-request-version",
        SigningRequest,
        Version,
        "a signing request of another format version"
    ),
    wire_case!(
        "bip445-request-suite",
        SigningRequest,
        Suite,
        "a signing request of another suite"
    ),
    wire_case!(
        "bip445-request-kind",
        SigningRequest,
        Kind,
        "another kind of message as a signing request"
    ),
    Case {
        name: "bip445-pubnonce-bad-tag",
        class: "bip445 decoder",
        what: "a public nonce point with an uncompressed tag",
        run: k256_suites!(on!(pubnonce_bad_tag)),
    },
    Case {
        name: "bip445-pubnonce-off-curve",
        class: "bip445 decoder",
        what: "a public nonce point with x above the field size",
        run: k256_suites!(on!(pubnonce_off_curve)),
    },
    Case {
        name: "bip445-pubnonce-infinity",
        class: "bip445 decoder",
        what: "a public nonce with a point at infinity",
        run: k256_suites!(on!(pubnonce_infinity)),
    },
    Case {
        name: "bip445-psig-noncanonical",
        class: "bip445 decoder",
        what: "a partial signature not below the group order",
        run: k256_suites!(on!(psig_noncanonical)),
    },
    Case {
        name: "bip445-request-duplicate-ids",
        class: "bip445 decoder",
        what: "a signing request naming a signer twice",
        run: k256_suites!(on!(request_duplicate_ids)),
    },
    Case {
        name: "bip445-request-unsorted-ids",
        class: "bip445 decoder",
        what: "a signing request with unsorted signer ids",
        run: k256_suites!(on!(request_unsorted_ids)),
    },
    protocol_case!(
        "bip445-tampered-psig",
        tampered_partial_signature,
        "a signer's partial signature with one bit flipped"
    ),
    protocol_case!(
        "bip445-psig-other-message",
        partial_signature_other_message,
        "a signer signs another message than the session's"
    ),
    protocol_case!(
        "bip445-substituted-pubnonce",
        substituted_pubnonce,
        "a public nonce replaced after aggregation"
    ),
    protocol_case!(
        "bip445-missing-psig",
        missing_partial_signature,
        "a signer sends no partial signature"
    ),
    protocol_case!(
        "bip445-duplicate-signer",
        duplicate_signer,
        "the same signer twice in the signer set"
    ),
    protocol_case!(
        "bip445-unknown-signer",
        unknown_signer,
        "a signer that holds no share"
    ),
    protocol_case!(
        "bip445-request-other-epoch",
        request_other_epoch,
        "a signing request for another key epoch"
    ),
    protocol_case!(
        "bip445-request-unknown-signer",
        request_unknown_signer,
        "a signing request naming a signer that holds no share"
    ),
    protocol_case!(
        "bip445-key-other-epoch",
        key_of_other_epoch,
        "a signer's key package of another key"
    ),
    protocol_case!(
        "bip445-non-signer-signs",
        non_signer_signs,
        "a key holder outside the signer set signs"
    ),
];
