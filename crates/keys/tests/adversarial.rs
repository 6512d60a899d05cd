//! The adversarial catalog: every attack a networked peer, a coordinator or
//! a file can mount on the public API of `tessera-core`, `tessera-frost` and
//! `tessera-keys`, by name, each with the exact typed error and culprit it
//! must end in.
//!
//! Each case runs on all five suites (ed25519, ristretto255, secp256k1,
//! p256, secp256k1-tr) and must end the same way on each. Messages a peer
//! sends arrive as bytes through the `Wire` decoders. The table of cases and
//! outcomes in `ADVERSARIAL.md` at the repository root is generated from
//! [`CATALOG`]; `catalog_table_is_current` fails when it is stale
//! (regenerate with `TESSERA_BLESS=1 cargo test -p tessera-keys --test
//! adversarial`).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::type_complexity
)]

#[path = "adversarial/bip445.rs"]
mod bip445;
mod common;
#[path = "adversarial/ecdsa.rs"]
mod ecdsa;

use std::collections::BTreeMap;
use std::fmt::Debug;

use common::*;
use ff::{Field, PrimeField};
use group::{Group, GroupEncoding};
use tessera_core::encoding::{FORMAT_VERSION, Wire};
use tessera_core::lagrange::lagrange_coefficient;
use tessera_core::suites::{Ed25519, P256, Ristretto255, Secp256k1, Secp256k1Tr};
use tessera_core::{
    Identifier, Point, PointError, Scalar, SecretScalar, SecretShare, Suite, VssCommitment,
};
use tessera_frost::{
    KeyPackage, PublicKeyPackage, Signature, SignatureShare, SigningCommitments, SigningPackage,
    aggregate, round1, round2, verify_batch,
};
use tessera_keys::dkg::{self, Round1Package, Round2Package};
use tessera_keys::reconstruct::reconstruct;
use tessera_keys::repair::{self, RepairCommitments, RepairConfig, RepairDelta, RepairSigma};
use tessera_keys::reshare::{self, ReshareCommitment, ReshareConfig, ReshareShare};
use tessera_keys::{Error, dealer};

type CoreError<S> = tessera_core::Error<S>;
type FrostError<S> = tessera_frost::Error<S>;
type Keys<S> = BTreeMap<Identifier<S>, KeyPackage<S>>;

// ---------------------------------------------------------------------------
// The catalog's machinery.

/// How a case ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Verdict {
    /// Refused with a typed error that names the culprit(s).
    Named,
    /// Refused with a typed error; nobody to name (bytes with no known
    /// sender, or a caller's own mistake).
    Refused,
    /// The protocol completes, but the attack is exposed (e.g. differing
    /// transcript digests).
    Detected,
}

impl Verdict {
    fn label(self) -> &'static str {
        match self {
            Verdict::Named => "refused, culprit named",
            Verdict::Refused => "refused, nobody to name",
            Verdict::Detected => "completes, attack exposed",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Outcome {
    verdict: Verdict,
    detail: String,
}

/// One named case.
struct Case {
    name: &'static str,
    class: &'static str,
    what: &'static str,
    run: fn() -> Outcome,
}

/// An error type that can name culprits.
trait Blames: Debug + PartialEq {
    fn blamed(&self) -> usize;
}

impl<S: Suite> Blames for CoreError<S> {
    fn blamed(&self) -> usize {
        self.culprits().len()
    }
}
impl<S: Suite> Blames for FrostError<S> {
    fn blamed(&self) -> usize {
        self.culprits().len()
    }
}
impl<S: Suite> Blames for Error<S> {
    fn blamed(&self) -> usize {
        self.culprits().len()
    }
}

/// The variant's name, without the `Core(..)` / `Frost(..)` wrappers.
fn variant(debug: &str) -> String {
    let mut s = debug;
    for wrapper in ["Core(", "Frost("] {
        while let Some(rest) = s.strip_prefix(wrapper) {
            s = rest;
        }
    }
    s.split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or_default()
        .to_owned()
}

/// Asserts `got == want` and that `want` names `who`.
fn named<E: Blames>(got: E, want: E, who: &str) -> Outcome {
    assert_eq!(got, want);
    assert!(got.blamed() > 0, "{got:?} names nobody");
    Outcome {
        verdict: Verdict::Named,
        detail: format!("`{}` naming {who}", variant(&format!("{got:?}"))),
    }
}

/// Asserts `got == want` and that it names nobody.
fn refused<E: Blames>(got: E, want: E) -> Outcome {
    assert_eq!(got, want);
    assert_eq!(got.blamed(), 0, "{got:?} blames someone");
    Outcome {
        verdict: Verdict::Refused,
        detail: format!("`{}`", variant(&format!("{got:?}"))),
    }
}

/// Asserts `got == want` for bytes whose sender is unknown at this layer:
/// the identifier an error carries (a duplicate entry) is not a culprit.
fn rejected<E: Blames>(got: E, want: E) -> Outcome {
    assert_eq!(got, want);
    Outcome {
        verdict: Verdict::Refused,
        detail: format!("`{}`", variant(&format!("{got:?}"))),
    }
}

/// Runs a generic case on every suite; all must end alike.
macro_rules! all_suites {
    ($f:ident) => {
        || {
            let outcomes = [
                $f::<Ed25519>(),
                $f::<Ristretto255>(),
                $f::<Secp256k1>(),
                $f::<P256>(),
                $f::<Secp256k1Tr>(),
            ];
            for o in &outcomes[1..] {
                assert_eq!(o, &outcomes[0], "the suites disagree");
            }
            outcomes[0].clone()
        }
    };
}

/// A case of a decoder attack on one message kind, run on every suite.
macro_rules! decoder_case {
    ($name:literal, $kind:ident, $attack:ident, $what:literal) => {
        Case {
            name: $name,
            class: "decoder",
            what: $what,
            run: || {
                let outcomes = [
                    attack::<Ed25519>(Kind::$kind, Attack::$attack),
                    attack::<Ristretto255>(Kind::$kind, Attack::$attack),
                    attack::<Secp256k1>(Kind::$kind, Attack::$attack),
                    attack::<P256>(Kind::$kind, Attack::$attack),
                    attack::<Secp256k1Tr>(Kind::$kind, Attack::$attack),
                ];
                for o in &outcomes[1..] {
                    assert_eq!(o, &outcomes[0], "the suites disagree");
                }
                outcomes[0].clone()
            },
        }
    };
}

macro_rules! case {
    ($name:literal, $class:literal, $f:ident, $what:literal) => {
        Case {
            name: $name,
            class: $class,
            what: $what,
            run: all_suites!($f),
        }
    };
}

fn id<S: Suite>(i: u16) -> Identifier<S> {
    Identifier::new(i).unwrap()
}

fn ids<S: Suite>(n: u16) -> Vec<Identifier<S>> {
    (1..=n).map(id::<S>).collect()
}

/// `n` distinct identifiers, more than `u16` can number.
fn many<S: Suite>(n: u32) -> Vec<Identifier<S>> {
    (0..n)
        .map(|i| Identifier::derive(&i.to_be_bytes()).unwrap())
        .collect()
}

/// A dealt `t`-of-`n` key among identifiers `1..=n`.
fn dealt<S: Suite>(t: u16, n: u16, seed: u64) -> (Keys<S>, PublicKeyPackage<S>) {
    let out = dealer::keygen(t, &ids::<S>(n), &mut rng(seed)).unwrap();
    (
        out.key_packages.into_iter().map(|k| (k.id(), k)).collect(),
        out.public,
    )
}

fn scalar_bytes<S: Suite>(s: &Scalar<S>) -> Vec<u8> {
    s.to_repr().as_ref().to_vec()
}

/// Re-decodes `bytes` with the scalar that ends them replaced by `s`.
fn with_last_scalar<S: Suite, T: Wire<S>>(value: &T, s: &Scalar<S>) -> T {
    let mut bytes = value.to_bytes();
    let at = bytes.len() - S::SCALAR_LEN;
    bytes[at..].copy_from_slice(&scalar_bytes::<S>(s));
    T::from_bytes(&bytes).unwrap()
}

fn last_scalar<S: Suite, T: Wire<S>>(value: &T) -> Scalar<S> {
    let bytes = value.to_bytes();
    tessera_core::encoding::decode_scalar::<S>(&bytes[bytes.len() - S::SCALAR_LEN..]).unwrap()
}

fn plus_one<S: Suite, T: Wire<S>>(value: &T) -> T {
    with_last_scalar(value, &(last_scalar(value) + Scalar::<S>::ONE))
}

// ---------------------------------------------------------------------------
// Decoders: every message kind, every header and length attack.

#[derive(Clone, Copy, Debug)]
enum Kind {
    SecretShare,
    VssCommitment,
    SigningCommitments,
    SigningPackage,
    SignatureShare,
    Signature,
    KeyPackage,
    PublicKeyPackage,
    Round1Package,
    Round2Package,
    ReshareCommitment,
    ReshareShare,
    RepairCommitments,
    RepairDelta,
    RepairSigma,
}

#[derive(Clone, Copy, Debug)]
enum Attack {
    /// Every proper prefix of a valid message.
    Truncate,
    /// A valid message with one byte appended.
    Trailing,
    /// The format-version byte changed.
    Version,
    /// The suite byte changed.
    Suite,
    /// The kind byte changed.
    Kind,
}

/// One honest message of `kind`, from fixed seeds.
fn sample<S: Suite>(kind: Kind) -> Vec<u8> {
    let mut rng = rng(7);
    let (keys, public) = dealt::<S>(2, 3, 7);
    let k1 = &keys[&id(1)];
    match kind {
        Kind::SecretShare => {
            SecretShare::<S>::new(id(1), SecretScalar::random(&mut rng)).to_bytes()
        }
        Kind::VssCommitment => {
            let tr = rounds::<S>(2, &ids(3), &mut rng);
            tr.round1[&id(1)].commitment().to_bytes()
        }
        Kind::Round1Package => rounds::<S>(2, &ids(3), &mut rng).round1[&id(1)].to_bytes(),
        Kind::Round2Package => rounds::<S>(2, &ids(3), &mut rng).sent[&id(1)][&id(2)].to_bytes(),
        Kind::SigningCommitments => round1::commit(k1, &mut rng).1.to_bytes(),
        Kind::SigningPackage | Kind::SignatureShare | Kind::Signature => {
            let (n1, c1) = round1::commit(k1, &mut rng);
            let (n2, c2) = round1::commit(&keys[&id(2)], &mut rng);
            let package =
                SigningPackage::new(public.epoch(), [(id(1), c1), (id(2), c2)].into(), b"m");
            let s1 = round2::sign(&package, n1, k1).unwrap();
            let s2 = round2::sign(&package, n2, &keys[&id(2)]).unwrap();
            match kind {
                Kind::SigningPackage => package.to_bytes(),
                Kind::SignatureShare => s1.to_bytes(),
                _ => aggregate(&package, &[(id(1), s1), (id(2), s2)].into(), &public)
                    .unwrap()
                    .to_bytes(),
            }
        }
        Kind::KeyPackage => k1.to_bytes(),
        Kind::PublicKeyPackage => public.to_bytes(),
        Kind::ReshareCommitment | Kind::ReshareShare => {
            let config = ReshareConfig::refresh(public.clone(), &ids(3)).unwrap();
            let (c, s) = reshare::deal(&config, k1, &mut rng).unwrap();
            match kind {
                Kind::ReshareCommitment => c.to_bytes(),
                _ => s[&id(2)].to_bytes(),
            }
        }
        Kind::RepairCommitments | Kind::RepairDelta | Kind::RepairSigma => {
            let config = RepairConfig::new(public.clone(), &ids(2), id(3)).unwrap();
            let mut commitments = BTreeMap::new();
            let mut deltas = BTreeMap::new();
            for h in ids::<S>(2) {
                let (c, d) = repair::step1(&config, &keys[&h], &mut rng).unwrap();
                commitments.insert(h, c);
                deltas.insert(h, d);
            }
            match kind {
                Kind::RepairCommitments => commitments[&id(1)].to_bytes(),
                Kind::RepairDelta => deltas[&id(1)][&id(2)].to_bytes(),
                _ => {
                    let inbox = deltas
                        .iter()
                        .map(|(f, d)| (*f, d[&id(1)].clone()))
                        .collect();
                    repair::step2(&config, k1, &commitments, &inbox, &mut rng)
                        .unwrap()
                        .to_bytes()
                }
            }
        }
    }
}

fn decode<S: Suite>(kind: Kind, bytes: &[u8]) -> Result<(), CoreError<S>> {
    fn d<S: Suite, T: Wire<S>>(bytes: &[u8]) -> Result<(), CoreError<S>> {
        T::from_bytes(bytes).map(|_| ())
    }
    match kind {
        Kind::SecretShare => d::<S, SecretShare<S>>(bytes),
        Kind::VssCommitment => d::<S, VssCommitment<S>>(bytes),
        Kind::SigningCommitments => d::<S, SigningCommitments<S>>(bytes),
        Kind::SigningPackage => d::<S, SigningPackage<S>>(bytes),
        Kind::SignatureShare => d::<S, SignatureShare<S>>(bytes),
        Kind::Signature => d::<S, Signature<S>>(bytes),
        Kind::KeyPackage => d::<S, KeyPackage<S>>(bytes),
        Kind::PublicKeyPackage => d::<S, PublicKeyPackage<S>>(bytes),
        Kind::Round1Package => d::<S, Round1Package<S>>(bytes),
        Kind::Round2Package => d::<S, Round2Package<S>>(bytes),
        Kind::ReshareCommitment => d::<S, ReshareCommitment<S>>(bytes),
        Kind::ReshareShare => d::<S, ReshareShare<S>>(bytes),
        Kind::RepairCommitments => d::<S, RepairCommitments<S>>(bytes),
        Kind::RepairDelta => d::<S, RepairDelta<S>>(bytes),
        Kind::RepairSigma => d::<S, RepairSigma<S>>(bytes),
    }
}

fn attack<S: Suite>(kind: Kind, attack: Attack) -> Outcome {
    let good = sample::<S>(kind);
    attack_bytes::<S>(&good, &|b| decode::<S>(kind, b), attack)
}

/// A header or length attack on the valid message `good` of a decoder.
fn attack_bytes<S: Suite>(
    good: &[u8],
    decode: &dyn Fn(&[u8]) -> Result<(), CoreError<S>>,
    attack: Attack,
) -> Outcome {
    decode(good).unwrap();
    match attack {
        Attack::Truncate => {
            for len in 0..good.len() {
                match decode(&good[..len]) {
                    Err(CoreError::UnexpectedEnd { .. } | CoreError::InvalidLength(_)) => {}
                    other => panic!("cut to {len} bytes: {other:?}"),
                }
            }
            Outcome {
                verdict: Verdict::Refused,
                detail: "`UnexpectedEnd` (or `InvalidLength` for a count) at every length"
                    .to_owned(),
            }
        }
        Attack::Trailing => {
            let mut long = good.to_vec();
            long.push(0);
            refused(
                decode(&long).unwrap_err(),
                CoreError::TrailingBytes { count: 1 },
            )
        }
        Attack::Version => {
            let mut bad = good.to_vec();
            bad[0] = FORMAT_VERSION + 1;
            refused(
                decode(&bad).unwrap_err(),
                CoreError::UnsupportedVersion {
                    found: FORMAT_VERSION + 1,
                    expected: FORMAT_VERSION,
                },
            )
        }
        Attack::Suite => {
            let mut bad = good.to_vec();
            bad[1] = S::ID ^ 0x80;
            refused(
                decode(&bad).unwrap_err(),
                CoreError::SuiteMismatch {
                    found: S::ID ^ 0x80,
                    expected: S::ID,
                },
            )
        }
        Attack::Kind => {
            let mut bad = good.to_vec();
            let expected = bad[2];
            bad[2] ^= 0x80;
            refused(
                decode(&bad).unwrap_err(),
                CoreError::KindMismatch {
                    found: expected ^ 0x80,
                    expected,
                },
            )
        }
    }
}

// ---------------------------------------------------------------------------
// Decoders: field attacks.

/// All-ones bytes: above the group order in every suite.
fn high_scalar<S: Suite>() -> Vec<u8> {
    vec![0xff; S::SCALAR_LEN]
}

fn identity_bytes<S: Suite>() -> Vec<u8> {
    let mut bytes = Point::<S>::identity().to_bytes().as_ref().to_vec();
    bytes.resize(S::POINT_LEN, 0);
    bytes
}

fn splice(bytes: &[u8], at: usize, with: &[u8]) -> Vec<u8> {
    let mut out = bytes.to_vec();
    out[at..at + with.len()].copy_from_slice(with);
    out
}

fn share_noncanonical<S: Suite>() -> Outcome {
    let good = sample::<S>(Kind::SignatureShare);
    let bad = splice(&good, 3, &high_scalar::<S>());
    refused(
        SignatureShare::<S>::from_bytes(&bad).unwrap_err(),
        CoreError::NonCanonicalScalar,
    )
}

fn round2_noncanonical<S: Suite>() -> Outcome {
    let good = sample::<S>(Kind::Round2Package);
    let bad = splice(&good, good.len() - S::SCALAR_LEN, &high_scalar::<S>());
    refused(
        Round2Package::<S>::from_bytes(&bad).unwrap_err(),
        CoreError::NonCanonicalScalar,
    )
}

fn round2_zero_sender<S: Suite>() -> Outcome {
    let good = sample::<S>(Kind::Round2Package);
    let bad = splice(&good, 3, &vec![0; S::SCALAR_LEN]);
    refused(
        Round2Package::<S>::from_bytes(&bad).unwrap_err(),
        CoreError::ZeroIdentifier,
    )
}

fn secret_share_zero_id<S: Suite>() -> Outcome {
    let good = sample::<S>(Kind::SecretShare);
    let bad = splice(&good, 3, &vec![0; S::SCALAR_LEN]);
    refused(
        SecretShare::<S>::from_bytes(&bad).unwrap_err(),
        CoreError::ZeroIdentifier,
    )
}

fn key_package_noncanonical<S: Suite>() -> Outcome {
    let good = sample::<S>(Kind::KeyPackage);
    // id, commitment, then the signing share, last.
    let at = good.len() - S::SCALAR_LEN;
    let bad = splice(&good, at, &high_scalar::<S>());
    refused(
        KeyPackage::<S>::from_bytes(&bad).unwrap_err(),
        CoreError::NonCanonicalScalar,
    )
}

fn commitments_identity<S: Suite>() -> Outcome {
    let good = sample::<S>(Kind::SigningCommitments);
    let bad = splice(&good, 3, &identity_bytes::<S>());
    refused(
        SigningCommitments::<S>::from_bytes(&bad).unwrap_err(),
        CoreError::InvalidPoint(PointError::Identity),
    )
}

fn commitments_off_curve<S: Suite>() -> Outcome {
    let good = sample::<S>(Kind::SigningCommitments);
    // All-ones is not a point encoding in any suite.
    let bad = splice(&good, 3 + S::POINT_LEN, &vec![0xff; S::POINT_LEN]);
    match SigningCommitments::<S>::from_bytes(&bad).unwrap_err() {
        CoreError::InvalidPoint(PointError::Invalid | PointError::NonCanonical) => {}
        other => panic!("{other:?}"),
    }
    Outcome {
        verdict: Verdict::Refused,
        detail: "`InvalidPoint` (`Invalid` or `NonCanonical`)".to_owned(),
    }
}

fn vss_identity<S: Suite>() -> Outcome {
    let good = sample::<S>(Kind::VssCommitment);
    let bad = splice(&good, 3 + 4 + S::POINT_LEN, &identity_bytes::<S>());
    refused(
        VssCommitment::<S>::from_bytes(&bad).unwrap_err(),
        CoreError::InvalidPoint(PointError::Identity),
    )
}

fn vss_empty<S: Suite>() -> Outcome {
    let bad = [FORMAT_VERSION, S::ID, 0x02, 0, 0, 0, 0];
    refused(
        VssCommitment::<S>::from_bytes(&bad).unwrap_err(),
        CoreError::InvalidLength(0),
    )
}

/// A count of 2^32 - 1 items: refused before any allocation.
fn hostile_count<S: Suite, T: Wire<S> + Debug>(kind: Kind, count_at: usize) -> Outcome {
    let good = sample::<S>(kind);
    let bad = splice(&good, count_at, &[0xff; 4]);
    refused(
        T::from_bytes(&bad).unwrap_err(),
        CoreError::InvalidLength(u32::MAX as usize),
    )
}

fn vss_hostile_count<S: Suite>() -> Outcome {
    hostile_count::<S, VssCommitment<S>>(Kind::VssCommitment, 3)
}

fn round1_hostile_count<S: Suite>() -> Outcome {
    hostile_count::<S, Round1Package<S>>(Kind::Round1Package, 3)
}

fn package_hostile_count<S: Suite>() -> Outcome {
    hostile_count::<S, SigningPackage<S>>(Kind::SigningPackage, 3 + 32)
}

fn public_hostile_count<S: Suite>() -> Outcome {
    // The count of verifying shares, after the 2-point commitment.
    hostile_count::<S, PublicKeyPackage<S>>(Kind::PublicKeyPackage, 3 + 4 + 2 * S::POINT_LEN)
}

fn repair_hostile_count<S: Suite>() -> Outcome {
    hostile_count::<S, RepairCommitments<S>>(Kind::RepairCommitments, 3 + 32 + 2 * S::SCALAR_LEN)
}

fn package_message_hostile_len<S: Suite>() -> Outcome {
    let good = sample::<S>(Kind::SigningPackage);
    // The message "m" is the last field: a 4-byte length and 1 byte.
    let bad = splice(&good, good.len() - 5, &[0xff; 4]);
    refused(
        SigningPackage::<S>::from_bytes(&bad).unwrap_err(),
        CoreError::InvalidLength(u32::MAX as usize),
    )
}

/// The two entries of an encoded signing package, swapped.
fn package_unsorted<S: Suite>() -> Outcome {
    let good = sample::<S>(Kind::SigningPackage);
    let entry = S::SCALAR_LEN + 2 * S::POINT_LEN;
    let start = 3 + 32 + 4;
    let mut bad = good.clone();
    bad[start..start + entry].copy_from_slice(&good[start + entry..start + 2 * entry]);
    bad[start + entry..start + 2 * entry].copy_from_slice(&good[start..start + entry]);
    rejected(
        SigningPackage::<S>::from_bytes(&bad).unwrap_err(),
        CoreError::UnsortedParticipants { culprit: id(1) },
    )
}

fn package_duplicate<S: Suite>() -> Outcome {
    let good = sample::<S>(Kind::SigningPackage);
    let entry = S::SCALAR_LEN + 2 * S::POINT_LEN;
    let start = 3 + 32 + 4;
    let mut bad = good.clone();
    bad[start + entry..start + 2 * entry].copy_from_slice(&good[start..start + entry]);
    rejected(
        SigningPackage::<S>::from_bytes(&bad).unwrap_err(),
        CoreError::DuplicateParticipant { culprit: id(1) },
    )
}

fn public_duplicate<S: Suite>() -> Outcome {
    let good = sample::<S>(Kind::PublicKeyPackage);
    let entry = S::SCALAR_LEN + S::POINT_LEN;
    let start = 3 + 4 + 2 * S::POINT_LEN + 4;
    let mut bad = good.clone();
    bad[start + entry..start + 2 * entry].copy_from_slice(&good[start..start + entry]);
    rejected(
        PublicKeyPackage::<S>::from_bytes(&bad).unwrap_err(),
        CoreError::DuplicateParticipant { culprit: id(1) },
    )
}

fn public_threshold_above_n<S: Suite>() -> Outcome {
    // A commitment of 4 coefficients (the last two repeat the second).
    let good = sample::<S>(Kind::PublicKeyPackage);
    let second = 3 + 4 + S::POINT_LEN..3 + 4 + 2 * S::POINT_LEN;
    let mut bad = splice(&good, 3, &4u32.to_be_bytes());
    for _ in 0..2 {
        let at = second.end;
        let point = good[second.clone()].to_vec();
        bad.splice(at..at, point);
    }
    refused(
        PublicKeyPackage::<S>::from_bytes(&bad).unwrap_err(),
        CoreError::InvalidThreshold { t: 4, n: 3 },
    )
}

fn public_identity_key<S: Suite>() -> Outcome {
    let good = sample::<S>(Kind::PublicKeyPackage);
    // The commitment's constant term is the group key.
    let bad = splice(&good, 3 + 4, &identity_bytes::<S>());
    refused(
        PublicKeyPackage::<S>::from_bytes(&bad).unwrap_err(),
        CoreError::InvalidPoint(PointError::Identity),
    )
}

/// The commitment of `this` (2 points) followed by the verifying shares of
/// `other`: a package whose epoch (the commitment's digest) is this key's
/// and whose content is another key's.
fn spliced_public<S: Suite>(this: &PublicKeyPackage<S>, other: &PublicKeyPackage<S>) -> Vec<u8> {
    let c_len = 3 + 4 + 2 * S::POINT_LEN;
    let mut bytes = this.to_bytes()[..c_len].to_vec();
    bytes.extend_from_slice(&other.to_bytes()[c_len..]);
    bytes
}

fn public_spliced_commitment<S: Suite>() -> Outcome {
    let (_, this) = dealt::<S>(2, 3, 7);
    let (_, other) = dealt::<S>(2, 3, 8);
    refused(
        PublicKeyPackage::<S>::from_bytes(&spliced_public(&this, &other)).unwrap_err(),
        CoreError::InconsistentVerifyingShares,
    )
}

fn public_share_off_commitment<S: Suite>() -> Outcome {
    let good = sample::<S>(Kind::PublicKeyPackage);
    let off = S::mul_base(&Scalar::<S>::from(7u64)).to_bytes();
    let bad = splice(&good, good.len() - S::POINT_LEN, off.as_ref());
    refused(
        PublicKeyPackage::<S>::from_bytes(&bad).unwrap_err(),
        CoreError::InconsistentVerifyingShares,
    )
}

fn key_package_spliced_commitment<S: Suite>() -> Outcome {
    let (keys, _) = dealt::<S>(2, 3, 7);
    let (_, other) = dealt::<S>(2, 3, 8);
    named(
        forge_epoch(&keys[&id(2)], &other).unwrap_err(),
        CoreError::InvalidShares {
            culprits: vec![id(2)],
        },
        "the holder",
    )
}

/// The review's attack: the aggregator's public key package is another
/// key's content under this key's epoch, so the signers' honest shares
/// would fail against it. The package cannot be decoded; the aggregator
/// never reaches the blame.
fn sign_aggregator_spliced_epoch<S: Suite>() -> Outcome {
    let s = session::<S>(49);
    let (_, other) = dealt::<S>(2, 3, 50);
    let bytes = spliced_public(&s.public, &other);
    aggregate(&s.package, &s.shares, &s.public)
        .unwrap()
        .verify(&s.public.group_key(), b"m")
        .unwrap();
    refused(
        PublicKeyPackage::<S>::from_bytes(&bytes).unwrap_err(),
        CoreError::InconsistentVerifyingShares,
    )
}

fn key_package_threshold_one<S: Suite>() -> Outcome {
    let good = sample::<S>(Kind::KeyPackage);
    // A commitment of one coefficient.
    let bad = splice(&good, 3 + S::SCALAR_LEN, &1u32.to_be_bytes());
    refused(
        KeyPackage::<S>::from_bytes(&bad).unwrap_err(),
        CoreError::InvalidThreshold { t: 1, n: 0 },
    )
}

// ---------------------------------------------------------------------------
// DKG.

/// DKG at participant 1 when participant 3's round-1 package (as the
/// others see it) is `tamper1` of all packages, and its share for 1
/// `tamper2` of the honest one.
fn dkg_finish_at_1<S: Suite>(
    tamper1: impl Fn(&BTreeMap<Identifier<S>, Round1Package<S>>) -> Round1Package<S>,
    tamper2: impl Fn(&Round2Package<S>) -> Round2Package<S>,
) -> Result<dkg::DkgOutput<S>, Error<S>> {
    let mut rng = rng(11);
    let all = ids::<S>(3);
    let (mut secrets1, mut round1) = part1_all::<S>(2, &all, &mut rng);
    let bad = tamper1(&round1);
    let honest3 = round1.insert(id(3), bad).unwrap();
    // Participant 3 itself keeps its honest view.
    let s3 = secrets1.remove(&id(3)).unwrap();
    let mut view3 = others(&round1, &id(3));
    view3.insert(id(3), honest3);
    let (_, out3) = dkg::part2(s3, &others(&view3, &id(3))).unwrap();
    let (s1, _) = dkg::part2(secrets1.remove(&id(1)).unwrap(), &others(&round1, &id(1))).unwrap();
    let (_, out2) = dkg::part2(secrets1.remove(&id(2)).unwrap(), &others(&round1, &id(2))).unwrap();
    let inbox: BTreeMap<_, _> = [
        (id(2), out2[&id(1)].clone()),
        (id(3), tamper2(&out3[&id(1)])),
    ]
    .into();
    dkg::finish(s1, &inbox, &mut rng)
}

fn dkg_bad_proof<S: Suite>() -> Outcome {
    let err = dkg_finish_at_1::<S>(|all| plus_one(&all[&id(3)]), Clone::clone).unwrap_err();
    named(
        err,
        Error::Misbehaviour {
            invalid_commitments: vec![id(3)],
            invalid_shares: vec![],
        },
        "the dealer",
    )
}

fn dkg_bad_share<S: Suite>() -> Outcome {
    let err = dkg_finish_at_1::<S>(|all| all[&id(3)].clone(), |p| plus_one(p)).unwrap_err();
    named(
        err,
        Error::Misbehaviour {
            invalid_commitments: vec![],
            invalid_shares: vec![id(3)],
        },
        "the dealer",
    )
}

/// A rushing dealer: its linear coefficient cancels the others', so the
/// group commitment would be degenerate; its proof of knowledge (over the
/// constant term only) is valid, its shares cannot be.
fn dkg_rushing_dealer<S: Suite>() -> Outcome {
    let err = dkg_finish_at_1::<S>(
        |all| {
            let cancel =
                -(all[&id(1)].commitment().points()[1] + all[&id(2)].commitment().points()[1]);
            let mut bytes = all[&id(3)].to_bytes();
            let at = 3 + 4 + S::POINT_LEN;
            bytes[at..at + S::POINT_LEN].copy_from_slice(cancel.to_bytes().as_ref());
            Round1Package::from_bytes(&bytes).unwrap()
        },
        Clone::clone,
    )
    .unwrap_err();
    named(
        err,
        Error::Misbehaviour {
            invalid_commitments: vec![],
            invalid_shares: vec![id(3)],
        },
        "the dealer",
    )
}

fn dkg_wrong_degree<S: Suite>() -> Outcome {
    let mut rng = rng(13);
    let all = ids::<S>(3);
    let (mut secrets1, mut round1) = part1_all::<S>(2, &all, &mut rng);
    let (_, three) = part1_all::<S>(3, &all, &mut rng);
    round1.insert(id(3), three[&id(3)].clone());
    let err = dkg::part2(secrets1.remove(&id(1)).unwrap(), &others(&round1, &id(1))).unwrap_err();
    named(
        err,
        CoreError::WrongCommitmentLength {
            culprit: id(3),
            found: 3,
            expected: 2,
        }
        .into(),
        "the dealer",
    )
}

fn dkg_identity_commitment<S: Suite>() -> Outcome {
    let good = sample::<S>(Kind::Round1Package);
    let bad = splice(&good, 3 + 4 + S::POINT_LEN, &identity_bytes::<S>());
    refused(
        Round1Package::<S>::from_bytes(&bad).unwrap_err(),
        CoreError::InvalidPoint(PointError::Identity),
    )
}

fn dkg_missing_sender<S: Suite>() -> Outcome {
    let mut rng = rng(14);
    let (mut secrets1, round1) = part1_all::<S>(2, &ids(3), &mut rng);
    let mut received = others(&round1, &id(1));
    received.remove(&id(3));
    named(
        dkg::part2(secrets1.remove(&id(1)).unwrap(), &received).unwrap_err(),
        Error::MissingParticipant { culprit: id(3) },
        "the silent participant",
    )
}

fn dkg_extra_sender<S: Suite>() -> Outcome {
    let mut rng = rng(15);
    let (mut secrets1, round1) = part1_all::<S>(2, &ids(3), &mut rng);
    let (_, four) = part1_all::<S>(2, &ids(4), &mut rng);
    let mut received = others(&round1, &id(1));
    received.insert(id(4), four[&id(4)].clone());
    named(
        dkg::part2(secrets1.remove(&id(1)).unwrap(), &received).unwrap_err(),
        CoreError::UnknownParticipant { culprit: id(4) }.into(),
        "the outsider",
    )
}

fn dkg_own_message<S: Suite>() -> Outcome {
    let mut rng = rng(16);
    let (mut secrets1, round1) = part1_all::<S>(2, &ids(3), &mut rng);
    refused(
        dkg::part2(secrets1.remove(&id(1)).unwrap(), &round1).unwrap_err(),
        Error::OwnMessage { me: id(1) },
    )
}

fn dkg_misaddressed<S: Suite>() -> Outcome {
    let mut rng = rng(17);
    let tr = rounds::<S>(2, &ids(3), &mut rng);
    let mut received = inbox(&tr, &id(1));
    // Participant 3's package for participant 2, delivered to 1.
    received.insert(id(3), tr.sent[&id(3)][&id(2)].clone());
    let mut secrets2 = tr.secrets2;
    named(
        dkg::finish(secrets2.remove(&id(1)).unwrap(), &received, &mut rng).unwrap_err(),
        Error::WrongRecipient { culprit: id(3) },
        "the sender",
    )
}

fn dkg_filed_under_other<S: Suite>() -> Outcome {
    let mut rng = rng(18);
    let tr = rounds::<S>(2, &ids(3), &mut rng);
    let mut received = inbox(&tr, &id(1));
    // Participant 3's package filed under participant 2.
    received.insert(id(2), tr.sent[&id(3)][&id(1)].clone());
    let mut secrets2 = tr.secrets2;
    named(
        dkg::finish(secrets2.remove(&id(1)).unwrap(), &received, &mut rng).unwrap_err(),
        Error::WrongRecipient { culprit: id(2) },
        "the channel it came from",
    )
}

/// Dealer 3 broadcasts different round-1 packages to 1 and 2 (and sends
/// each shares that match what it saw): both finish, on different keys,
/// and their transcript digests differ.
fn dkg_equivocation<S: Suite>() -> Outcome {
    let mut rng = rng(19);
    let all = ids::<S>(3);
    let (mut secrets1, round1) = part1_all::<S>(2, &all, &mut rng);
    let (s3b, p3b) = dkg::part1(id(3), 2, &all, &mut rng).unwrap();
    let mut round1_for_2 = round1.clone();
    round1_for_2.insert(id(3), p3b);
    let s3a = secrets1.remove(&id(3)).unwrap();
    let (_, out3a) = dkg::part2(s3a, &others(&round1, &id(3))).unwrap();
    let (_, out3b) = dkg::part2(s3b, &others(&round1, &id(3))).unwrap();
    let (s1, out1) =
        dkg::part2(secrets1.remove(&id(1)).unwrap(), &others(&round1, &id(1))).unwrap();
    let (s2, out2) = dkg::part2(
        secrets1.remove(&id(2)).unwrap(),
        &others(&round1_for_2, &id(2)),
    )
    .unwrap();
    let at1 = dkg::finish(
        s1,
        &[
            (id(2), out2[&id(1)].clone()),
            (id(3), out3a[&id(1)].clone()),
        ]
        .into(),
        &mut rng,
    )
    .unwrap();
    let at2 = dkg::finish(
        s2,
        &[
            (id(1), out1[&id(2)].clone()),
            (id(3), out3b[&id(2)].clone()),
        ]
        .into(),
        &mut rng,
    )
    .unwrap();
    assert_ne!(at1.transcript, at2.transcript);
    assert_ne!(at1.public.group_key(), at2.public.group_key());
    Outcome {
        verdict: Verdict::Detected,
        detail: "transcript digests differ".to_owned(),
    }
}

fn dkg_threshold_one<S: Suite>() -> Outcome {
    refused(
        dkg::part1(id::<S>(1), 1, &ids(3), &mut rng(20)).unwrap_err(),
        CoreError::InvalidThreshold { t: 1, n: 3 }.into(),
    )
}

fn dkg_threshold_above_n<S: Suite>() -> Outcome {
    refused(
        dkg::part1(id::<S>(1), 4, &ids(3), &mut rng(21)).unwrap_err(),
        CoreError::InvalidThreshold { t: 4, n: 3 }.into(),
    )
}

fn dkg_duplicate_participant<S: Suite>() -> Outcome {
    let list = [id::<S>(1), id(2), id(2)];
    named(
        dkg::part1(id::<S>(1), 2, &list, &mut rng(22)).unwrap_err(),
        CoreError::DuplicateParticipant { culprit: id(2) }.into(),
        "the repeated identifier",
    )
}

fn dkg_too_many<S: Suite>() -> Outcome {
    let list = many::<S>(65_536);
    refused(
        dkg::part1(id::<S>(1), 2, &list, &mut rng(23)).unwrap_err(),
        CoreError::InvalidThreshold { t: 2, n: 65_536 }.into(),
    )
}

fn dkg_sizes_overflow<S: Suite>() -> Outcome {
    refused(
        dkg::message_sizes::<S>(usize::MAX, usize::MAX).unwrap_err(),
        CoreError::InvalidThreshold {
            t: usize::MAX,
            n: usize::MAX,
        }
        .into(),
    )
}

// ---------------------------------------------------------------------------
// Signing.

/// Signers 1 and 2 of a dealt 2-of-3 key commit; returns everything.
struct Session<S: Suite> {
    public: PublicKeyPackage<S>,
    package: SigningPackage<S>,
    shares: BTreeMap<Identifier<S>, SignatureShare<S>>,
}

fn session<S: Suite>(seed: u64) -> Session<S> {
    let mut rng = rng(seed);
    let (keys, public) = dealt::<S>(2, 3, seed);
    let (n1, c1) = round1::commit(&keys[&id(1)], &mut rng);
    let (n2, c2) = round1::commit(&keys[&id(2)], &mut rng);
    let package = SigningPackage::new(public.epoch(), [(id(1), c1), (id(2), c2)].into(), b"m");
    let shares = [
        (id(1), round2::sign(&package, n1, &keys[&id(1)]).unwrap()),
        (id(2), round2::sign(&package, n2, &keys[&id(2)]).unwrap()),
    ]
    .into();
    Session {
        public,
        package,
        shares,
    }
}

fn sign_duplicate_signer<S: Suite>() -> Outcome {
    let mut rng = rng(30);
    let (keys, public) = dealt::<S>(2, 3, 30);
    let (_, c1) = round1::commit(&keys[&id(1)], &mut rng);
    let (_, c1b) = round1::commit(&keys[&id(1)], &mut rng);
    named(
        SigningPackage::from_list(public.epoch(), [(id(1), c1), (id(1), c1b)], b"m").unwrap_err(),
        CoreError::DuplicateParticipant { culprit: id(1) }.into(),
        "the signer listed twice",
    )
}

fn sign_unknown_signer<S: Suite>() -> Outcome {
    let mut rng = rng(31);
    let s = session::<S>(31);
    let (other, _) = dealt::<S>(2, 4, 32);
    let (_, c4) = round1::commit(&other[&id(4)], &mut rng);
    let mut commitments = s.package.commitments().clone();
    commitments.insert(id(4), c4);
    let package = SigningPackage::new(s.public.epoch(), commitments, b"m");
    named(
        aggregate(&package, &s.shares, &s.public).unwrap_err(),
        CoreError::UnknownParticipant { culprit: id(4) }.into(),
        "the unknown signer",
    )
}

fn sign_identity_commitment<S: Suite>() -> Outcome {
    refused(
        SigningCommitments::<S>::new(Point::<S>::identity(), Point::<S>::generator()).unwrap_err(),
        CoreError::InvalidPoint(PointError::Identity),
    )
}

fn sign_bad_share<S: Suite>() -> Outcome {
    let s = session::<S>(33);
    let mut shares = s.shares.clone();
    shares.insert(id(2), plus_one(&shares[&id(2)]));
    named(
        aggregate(&s.package, &shares, &s.public).unwrap_err(),
        FrostError::InvalidSignatureShare {
            culprits: vec![id(2)],
        },
        "the signer",
    )
}

fn sign_share_other_message<S: Suite>() -> Outcome {
    let mut rng = rng(34);
    let (keys, public) = dealt::<S>(2, 3, 34);
    let (n1, c1) = round1::commit(&keys[&id(1)], &mut rng);
    let (n2, c2) = round1::commit(&keys[&id(2)], &mut rng);
    let commitments: BTreeMap<_, _> = [(id(1), c1), (id(2), c2)].into();
    let package = SigningPackage::new(public.epoch(), commitments.clone(), b"m");
    // Signer 2 signs "other" over the same commitments.
    let other = SigningPackage::new(public.epoch(), commitments, b"other");
    let shares = [
        (id(1), round2::sign(&package, n1, &keys[&id(1)]).unwrap()),
        (id(2), round2::sign(&other, n2, &keys[&id(2)]).unwrap()),
    ]
    .into();
    named(
        aggregate(&package, &shares, &public).unwrap_err(),
        FrostError::InvalidSignatureShare {
            culprits: vec![id(2)],
        },
        "the signer",
    )
}

fn sign_share_other_key<S: Suite>() -> Outcome {
    let mut rng = rng(35);
    let (keys, public) = dealt::<S>(2, 3, 35);
    let (other_keys, other_public) = dealt::<S>(2, 3, 36);
    let (n1, c1) = round1::commit(&keys[&id(1)], &mut rng);
    // Signer 2 commits and signs with its share of another key.
    let (n2, c2) = round1::commit(&other_keys[&id(2)], &mut rng);
    let commitments: BTreeMap<_, _> = [(id(1), c1), (id(2), c2)].into();
    let package = SigningPackage::new(public.epoch(), commitments.clone(), b"m");
    let theirs = SigningPackage::new(other_public.epoch(), commitments, b"m");
    let shares = [
        (id(1), round2::sign(&package, n1, &keys[&id(1)]).unwrap()),
        (
            id(2),
            round2::sign(&theirs, n2, &other_keys[&id(2)]).unwrap(),
        ),
    ]
    .into();
    named(
        aggregate(&package, &shares, &public).unwrap_err(),
        FrostError::InvalidSignatureShare {
            culprits: vec![id(2)],
        },
        "the signer",
    )
}

fn sign_mixed_epochs<S: Suite>() -> Outcome {
    let mut rng = rng(37);
    let (keys, public) = dealt::<S>(2, 3, 37);
    let (_, other) = dealt::<S>(2, 3, 38);
    let (n1, c1) = round1::commit(&keys[&id(1)], &mut rng);
    let (_, c2) = round1::commit(&keys[&id(2)], &mut rng);
    let package = SigningPackage::new(other.epoch(), [(id(1), c1), (id(2), c2)].into(), b"m");
    let _ = public;
    refused(
        round2::sign(&package, n1, &keys[&id(1)]).unwrap_err(),
        FrostError::EpochMismatch,
    )
}

/// A coordinator sends signer 1 a package for "m" and signer 2 one for
/// "m2": no signature on either message forms, and the share made over the
/// other package fails its check.
fn sign_split_packages<S: Suite>() -> Outcome {
    let mut rng = rng(39);
    let (keys, public) = dealt::<S>(2, 3, 39);
    let (n1, c1) = round1::commit(&keys[&id(1)], &mut rng);
    let (n2, c2) = round1::commit(&keys[&id(2)], &mut rng);
    let commitments: BTreeMap<_, _> = [(id(1), c1), (id(2), c2)].into();
    let p1 = SigningPackage::new(public.epoch(), commitments.clone(), b"m");
    let p2 = SigningPackage::new(public.epoch(), commitments, b"m2");
    let shares = [
        (id(1), round2::sign(&p1, n1, &keys[&id(1)]).unwrap()),
        (id(2), round2::sign(&p2, n2, &keys[&id(2)]).unwrap()),
    ]
    .into();
    named(
        aggregate(&p1, &shares, &public).unwrap_err(),
        FrostError::InvalidSignatureShare {
            culprits: vec![id(2)],
        },
        "the signer whose share is over the other package",
    )
}

fn sign_missing_share<S: Suite>() -> Outcome {
    let s = session::<S>(40);
    let mut shares = s.shares.clone();
    shares.remove(&id(2));
    named(
        aggregate(&s.package, &shares, &s.public).unwrap_err(),
        FrostError::MissingSignatureShare { culprit: id(2) },
        "the silent signer",
    )
}

fn sign_unexpected_share<S: Suite>() -> Outcome {
    let s = session::<S>(41);
    let mut shares = s.shares.clone();
    shares.insert(id(3), shares[&id(1)]);
    named(
        aggregate(&s.package, &shares, &s.public).unwrap_err(),
        FrostError::UnexpectedSignatureShare { culprit: id(3) },
        "the uninvited signer",
    )
}

fn sign_too_few<S: Suite>() -> Outcome {
    let mut rng = rng(42);
    let (keys, public) = dealt::<S>(2, 3, 42);
    let (n1, c1) = round1::commit(&keys[&id(1)], &mut rng);
    let package = SigningPackage::new(public.epoch(), [(id(1), c1)].into(), b"m");
    refused(
        round2::sign(&package, n1, &keys[&id(1)]).unwrap_err(),
        CoreError::TooFewParticipants { needed: 2, got: 1 }.into(),
    )
}

fn sign_missing_own_commitment<S: Suite>() -> Outcome {
    let mut rng = rng(43);
    let (keys, public) = dealt::<S>(2, 3, 43);
    let (n1, _) = round1::commit(&keys[&id(1)], &mut rng);
    let (_, c2) = round1::commit(&keys[&id(2)], &mut rng);
    let (_, c3) = round1::commit(&keys[&id(3)], &mut rng);
    let package = SigningPackage::new(public.epoch(), [(id(2), c2), (id(3), c3)].into(), b"m");
    refused(
        round2::sign(&package, n1, &keys[&id(1)]).unwrap_err(),
        FrostError::MissingOwnCommitment,
    )
}

fn sign_substituted_commitment<S: Suite>() -> Outcome {
    let mut rng = rng(44);
    let (keys, public) = dealt::<S>(2, 3, 44);
    let (n1, _) = round1::commit(&keys[&id(1)], &mut rng);
    let (_, c1b) = round1::commit(&keys[&id(1)], &mut rng);
    let (_, c2) = round1::commit(&keys[&id(2)], &mut rng);
    let package = SigningPackage::new(public.epoch(), [(id(1), c1b), (id(2), c2)].into(), b"m");
    refused(
        round2::sign(&package, n1, &keys[&id(1)]).unwrap_err(),
        FrostError::IncorrectCommitment,
    )
}

fn sign_aggregator_other_epoch<S: Suite>() -> Outcome {
    let s = session::<S>(45);
    let (_, other) = dealt::<S>(2, 3, 46);
    refused(
        aggregate(&s.package, &s.shares, &other).unwrap_err(),
        FrostError::EpochMismatch,
    )
}

fn verify_identity_key<S: Suite>() -> Outcome {
    let s = session::<S>(47);
    let sig = aggregate(&s.package, &s.shares, &s.public).unwrap();
    refused(
        sig.verify(&Point::<S>::identity(), b"m").unwrap_err(),
        CoreError::InvalidPoint(PointError::Identity).into(),
    )
}

fn verify_batch_identity_key<S: Suite>() -> Outcome {
    let s = session::<S>(48);
    let sig = aggregate(&s.package, &s.shares, &s.public).unwrap();
    let items = [
        (s.public.group_key(), &b"m"[..], sig),
        (Point::<S>::identity(), &b"m"[..], sig),
    ];
    refused(
        verify_batch(&items, &mut rng(48)).unwrap_err(),
        FrostError::InvalidSignatures(vec![1]),
    )
}

fn verify_other_message<S: Suite>() -> Outcome {
    let s = session::<S>(49);
    let sig = aggregate(&s.package, &s.shares, &s.public).unwrap();
    refused(
        sig.verify(&s.public.group_key(), b"m2").unwrap_err(),
        FrostError::InvalidSignature,
    )
}

fn lagrange_duplicate<S: Suite>() -> Outcome {
    let set = [id::<S>(1), id(2), id(2)];
    named(
        lagrange_coefficient::<S>(&Scalar::<S>::ZERO, &id(1), &set).unwrap_err(),
        CoreError::DuplicateParticipant { culprit: id(2) },
        "the repeated identifier",
    )
}

fn lagrange_absent<S: Suite>() -> Outcome {
    let set = [id::<S>(1), id(2)];
    named(
        lagrange_coefficient::<S>(&Scalar::<S>::ZERO, &id(3), &set).unwrap_err(),
        CoreError::UnknownParticipant { culprit: id(3) },
        "the absent identifier",
    )
}

// ---------------------------------------------------------------------------
// Reshare (and refresh).

struct Reshare<S: Suite> {
    config: ReshareConfig<S>,
    commitments: BTreeMap<Identifier<S>, ReshareCommitment<S>>,
    private: BTreeMap<Identifier<S>, BTreeMap<Identifier<S>, ReshareShare<S>>>,
}

impl<S: Suite> Reshare<S> {
    fn inbox(&self, to: u16) -> BTreeMap<Identifier<S>, ReshareShare<S>> {
        self.private
            .iter()
            .map(|(from, out)| (*from, out[&id(to)].clone()))
            .collect()
    }

    fn receive(
        &self,
        commitments: &BTreeMap<Identifier<S>, ReshareCommitment<S>>,
        inbox: &BTreeMap<Identifier<S>, ReshareShare<S>>,
    ) -> Result<(KeyPackage<S>, PublicKeyPackage<S>), Error<S>> {
        reshare::receive(&self.config, id(4), commitments, inbox, &mut rng(0))
    }
}

/// Dealers 1, 2, 3 of a dealt 2-of-3 key reshare it 3-of-4 to 1..4.
fn reshare_run<S: Suite>(seed: u64) -> Reshare<S> {
    let mut rng = rng(seed);
    let (keys, public) = dealt::<S>(2, 3, seed);
    let config = ReshareConfig::new(public, &ids(3), &ids(4), 3).unwrap();
    let mut commitments = BTreeMap::new();
    let mut private = BTreeMap::new();
    for d in ids::<S>(3) {
        let (c, s) = reshare::deal(&config, &keys[&d], &mut rng).unwrap();
        commitments.insert(d, c);
        private.insert(d, s);
    }
    Reshare {
        config,
        commitments,
        private,
    }
}

/// Re-encodes a reshare commitment with other points.
fn reshare_with_points<S: Suite>(
    c: &ReshareCommitment<S>,
    points: Vec<Point<S>>,
) -> ReshareCommitment<S> {
    let mut bytes = c.to_bytes()[..3 + 32 + S::SCALAR_LEN].to_vec();
    bytes.extend_from_slice(&VssCommitment::<S>::new(points).unwrap().to_bytes()[3..]);
    ReshareCommitment::from_bytes(&bytes).unwrap()
}

/// Dealer 3's commitment with coefficient `k` replaced by minus the sum of
/// the other dealers' (so the sum of all is the identity there); its
/// constant term stays true, so its own checks pass.
fn rushing<S: Suite>(r: &Reshare<S>, k: usize) -> BTreeMap<Identifier<S>, ReshareCommitment<S>> {
    let mut points = r.commitments[&id(3)].commitment().points().to_vec();
    points[k] = -(r.commitments[&id(1)].commitment().points()[k]
        + r.commitments[&id(2)].commitment().points()[k]);
    let mut bad = r.commitments.clone();
    bad.insert(id(3), reshare_with_points(&r.commitments[&id(3)], points));
    bad
}

fn reshare_rushing_receive<S: Suite>() -> Outcome {
    let r = reshare_run::<S>(50);
    let bad = rushing(&r, 2);
    named(
        r.receive(&bad, &r.inbox(4)).unwrap_err(),
        Error::Misbehaviour {
            invalid_commitments: vec![],
            invalid_shares: vec![id(3)],
        },
        "the rushing dealer",
    )
}

fn reshare_rushing_public<S: Suite>() -> Outcome {
    let r = reshare_run::<S>(51);
    let bad = rushing(&r, 2);
    refused(
        reshare::new_public(&r.config, &bad, &mut rng(51)).unwrap_err(),
        Error::CancellingDealings,
    )
}

fn reshare_rushing_linear<S: Suite>() -> Outcome {
    let r = reshare_run::<S>(52);
    let bad = rushing(&r, 1);
    named(
        r.receive(&bad, &r.inbox(4)).unwrap_err(),
        Error::Misbehaviour {
            invalid_commitments: vec![],
            invalid_shares: vec![id(3)],
        },
        "the rushing dealer",
    )
}

fn reshare_wrong_constant<S: Suite>() -> Outcome {
    let r = reshare_run::<S>(53);
    let mut points = r.commitments[&id(2)].commitment().points().to_vec();
    points[0] += Point::<S>::generator();
    let mut bad = r.commitments.clone();
    bad.insert(id(2), reshare_with_points(&r.commitments[&id(2)], points));
    named(
        r.receive(&bad, &r.inbox(4)).unwrap_err(),
        Error::Misbehaviour {
            invalid_commitments: vec![id(2)],
            invalid_shares: vec![],
        },
        "the dealer",
    )
}

fn reshare_wrong_subshare<S: Suite>() -> Outcome {
    let r = reshare_run::<S>(54);
    let mut inbox = r.inbox(4);
    inbox.insert(id(1), plus_one(&inbox[&id(1)]));
    named(
        r.receive(&r.commitments, &inbox).unwrap_err(),
        Error::Misbehaviour {
            invalid_commitments: vec![],
            invalid_shares: vec![id(1)],
        },
        "the dealer",
    )
}

fn reshare_wrong_degree<S: Suite>() -> Outcome {
    let r = reshare_run::<S>(55);
    let mut points = r.commitments[&id(2)].commitment().points().to_vec();
    points.pop();
    let mut bad = r.commitments.clone();
    bad.insert(id(2), reshare_with_points(&r.commitments[&id(2)], points));
    named(
        r.receive(&bad, &r.inbox(4)).unwrap_err(),
        CoreError::WrongCommitmentLength {
            culprit: id(2),
            found: 2,
            expected: 3,
        }
        .into(),
        "the dealer",
    )
}

/// The same reshare of another key (another epoch), for stale messages.
fn reshare_elsewhere<S: Suite>(seed: u64) -> Reshare<S> {
    reshare_run::<S>(seed + 1000)
}

fn reshare_stale_broadcast<S: Suite>() -> Outcome {
    let r = reshare_run::<S>(56);
    let other = reshare_elsewhere::<S>(56);
    let mut bad = r.commitments.clone();
    bad.insert(id(2), other.commitments[&id(2)].clone());
    named(
        r.receive(&bad, &r.inbox(4)).unwrap_err(),
        Error::WrongEpoch { culprit: id(2) },
        "the dealer",
    )
}

fn reshare_stale_broadcast_public<S: Suite>() -> Outcome {
    let r = reshare_run::<S>(57);
    let other = reshare_elsewhere::<S>(57);
    let mut bad = r.commitments.clone();
    bad.insert(id(2), other.commitments[&id(2)].clone());
    named(
        reshare::new_public(&r.config, &bad, &mut rng(57)).unwrap_err(),
        Error::WrongEpoch { culprit: id(2) },
        "the dealer",
    )
}

fn reshare_stale_subshare<S: Suite>() -> Outcome {
    let r = reshare_run::<S>(58);
    let other = reshare_elsewhere::<S>(58);
    let mut inbox = r.inbox(4);
    inbox.insert(id(3), other.inbox(4)[&id(3)].clone());
    named(
        r.receive(&r.commitments, &inbox).unwrap_err(),
        Error::WrongEpoch { culprit: id(3) },
        "the dealer",
    )
}

/// Dealer 2 sends member 4 a broadcast (and matching sub-share) other
/// than the one member 3 sees: both finish, on different verifying
/// shares, and their reshare transcripts differ.
fn reshare_equivocation<S: Suite>() -> Outcome {
    let mut rng = rng(67);
    let r = reshare_run::<S>(67);
    let (keys, _) = dealt::<S>(2, 3, 67);
    let (c2b, s2b) = reshare::deal(&r.config, &keys[&id(2)], &mut rng).unwrap();
    let mut seen_by_4 = r.commitments.clone();
    seen_by_4.insert(id(2), c2b);
    let mut inbox4 = r.inbox(4);
    inbox4.insert(id(2), s2b[&id(4)].clone());
    let (_, public3) =
        reshare::receive(&r.config, id(3), &r.commitments, &r.inbox(3), &mut rng).unwrap();
    let (_, public4) = reshare::receive(&r.config, id(4), &seen_by_4, &inbox4, &mut rng).unwrap();
    assert_ne!(public3, public4);
    assert_ne!(
        reshare::transcript(&r.commitments),
        reshare::transcript(&seen_by_4)
    );
    Outcome {
        verdict: Verdict::Detected,
        detail: "transcript digests differ".to_owned(),
    }
}

fn reshare_misaddressed<S: Suite>() -> Outcome {
    let r = reshare_run::<S>(59);
    let mut inbox = r.inbox(4);
    inbox.insert(id(1), r.private[&id(1)][&id(2)].clone());
    named(
        r.receive(&r.commitments, &inbox).unwrap_err(),
        Error::WrongRecipient { culprit: id(1) },
        "the dealer",
    )
}

fn reshare_missing_dealer<S: Suite>() -> Outcome {
    let r = reshare_run::<S>(60);
    let mut bad = r.commitments.clone();
    bad.remove(&id(2));
    named(
        r.receive(&bad, &r.inbox(4)).unwrap_err(),
        Error::MissingParticipant { culprit: id(2) },
        "the silent dealer",
    )
}

fn reshare_missing_subshare<S: Suite>() -> Outcome {
    let r = reshare_run::<S>(61);
    let mut inbox = r.inbox(4);
    inbox.remove(&id(1));
    named(
        r.receive(&r.commitments, &inbox).unwrap_err(),
        Error::MissingParticipant { culprit: id(1) },
        "the silent dealer",
    )
}

/// A revoked member's old share cannot deal in the new epoch.
fn reshare_retired_dealer<S: Suite>() -> Outcome {
    let mut rng = rng(62);
    let (keys, public) = dealt::<S>(2, 3, 62);
    let config = ReshareConfig::refresh(public, &ids(2)).unwrap();
    let (new_keys, new_public) =
        tessera_keys::local::run_reshare(&config, &keys, &mut rng).unwrap();
    let _ = new_keys;
    let next = ReshareConfig::refresh(new_public, &ids(2)).unwrap();
    refused(
        reshare::deal(&next, &keys[&id(1)], &mut rng).unwrap_err(),
        Error::EpochMismatch,
    )
}

fn reshare_too_many_members<S: Suite>() -> Outcome {
    let (_, public) = dealt::<S>(2, 3, 63);
    refused(
        ReshareConfig::new(public, &ids(2), &many(65_536), 2).unwrap_err(),
        CoreError::InvalidThreshold { t: 2, n: 65_536 }.into(),
    )
}

fn reshare_too_few_dealers<S: Suite>() -> Outcome {
    let (_, public) = dealt::<S>(2, 3, 64);
    refused(
        ReshareConfig::new(public, &ids(1), &ids(3), 2).unwrap_err(),
        CoreError::TooFewParticipants { needed: 2, got: 1 }.into(),
    )
}

fn reshare_unknown_dealer<S: Suite>() -> Outcome {
    let (_, public) = dealt::<S>(2, 3, 65);
    named(
        ReshareConfig::new(public, &[id(1), id(9)], &ids(3), 2).unwrap_err(),
        CoreError::UnknownParticipant { culprit: id(9) }.into(),
        "the outsider",
    )
}

fn reshare_threshold_one<S: Suite>() -> Outcome {
    let (_, public) = dealt::<S>(2, 3, 66);
    refused(
        ReshareConfig::new(public, &ids(2), &ids(3), 1).unwrap_err(),
        CoreError::InvalidThreshold { t: 1, n: 3 }.into(),
    )
}

// ---------------------------------------------------------------------------
// Repair and enrolment.

struct Repair<S: Suite> {
    keys: Keys<S>,
    config: RepairConfig<S>,
    commitments: BTreeMap<Identifier<S>, RepairCommitments<S>>,
    deltas: BTreeMap<Identifier<S>, BTreeMap<Identifier<S>, RepairDelta<S>>>,
}

impl<S: Suite> Repair<S> {
    fn inbox(&self, to: u16) -> BTreeMap<Identifier<S>, RepairDelta<S>> {
        self.deltas
            .iter()
            .map(|(from, out)| (*from, out[&id(to)].clone()))
            .collect()
    }

    fn step2(
        &self,
        at: u16,
        commitments: &BTreeMap<Identifier<S>, RepairCommitments<S>>,
        inbox: &BTreeMap<Identifier<S>, RepairDelta<S>>,
    ) -> Result<RepairSigma<S>, Error<S>> {
        repair::step2(
            &self.config,
            &self.keys[&id(at)],
            commitments,
            inbox,
            &mut rng(0),
        )
    }

    /// The broadcasts with helper `h`'s last point replaced by the
    /// generator: it no longer splits `h`'s true share.
    fn tampered_broadcast(&self, h: u16) -> BTreeMap<Identifier<S>, RepairCommitments<S>> {
        let mut bytes = self.commitments[&id(h)].to_bytes();
        let at = bytes.len() - S::POINT_LEN;
        let g = Point::<S>::generator().to_bytes();
        bytes[at..].copy_from_slice(g.as_ref());
        let mut bad = self.commitments.clone();
        bad.insert(id(h), RepairCommitments::from_bytes(&bytes).unwrap());
        bad
    }

    fn sigmas(&self) -> BTreeMap<Identifier<S>, RepairSigma<S>> {
        ids::<S>(3)
            .into_iter()
            .enumerate()
            .map(|(i, h)| {
                let at = u16::try_from(i).unwrap() + 1;
                (
                    h,
                    self.step2(at, &self.commitments, &self.inbox(at)).unwrap(),
                )
            })
            .collect()
    }
}

/// Helpers 1, 2, 3 of a dealt 3-of-5 key repair participant 5 (or, with
/// `target`, another).
fn repair_run<S: Suite>(seed: u64, target: u16) -> Repair<S> {
    let mut rng = rng(seed);
    let (keys, public) = dealt::<S>(3, 5, seed);
    let config = RepairConfig::new(public, &ids(3), id(target)).unwrap();
    let mut commitments = BTreeMap::new();
    let mut deltas = BTreeMap::new();
    for h in ids::<S>(3) {
        let (c, d) = repair::step1(&config, &keys[&h], &mut rng).unwrap();
        commitments.insert(h, c);
        deltas.insert(h, d);
    }
    Repair {
        keys,
        config,
        commitments,
        deltas,
    }
}

fn repair_tampered_summand<S: Suite>() -> Outcome {
    let r = repair_run::<S>(70, 5);
    let mut inbox = r.inbox(1);
    inbox.insert(id(2), plus_one(&inbox[&id(2)]));
    named(
        r.step2(1, &r.commitments, &inbox).unwrap_err(),
        Error::Misbehaviour {
            invalid_commitments: vec![],
            invalid_shares: vec![id(2)],
        },
        "the helper",
    )
}

fn repair_tampered_broadcast<S: Suite>() -> Outcome {
    let r = repair_run::<S>(71, 5);
    // Helper 3's broadcast with one point replaced: it no longer splits
    // its true share.
    let bad = r.tampered_broadcast(3);
    named(
        r.step2(1, &bad, &r.inbox(1)).unwrap_err(),
        Error::Misbehaviour {
            invalid_commitments: vec![id(3)],
            invalid_shares: vec![],
        },
        "the helper",
    )
}

/// The target receives a helper's tampered broadcast and every helper's
/// honest sum: the honest sums fail against the tampered broadcast too,
/// but only its author is named (found by the lifecycle fuzz target,
/// `fuzz/findings/lifecycle-repair-step3-names-honest`).
fn repair_tampered_broadcast_at_target<S: Suite>() -> Outcome {
    let r = repair_run::<S>(78, 5);
    let sigmas = r.sigmas();
    let bad = r.tampered_broadcast(3);
    named(
        repair::step3(&r.config, &bad, &sigmas, &mut rng(78)).unwrap_err(),
        Error::Misbehaviour {
            invalid_commitments: vec![id(3)],
            invalid_shares: vec![],
        },
        "the helper",
    )
}

fn repair_tampered_sum<S: Suite>() -> Outcome {
    let r = repair_run::<S>(72, 5);
    let mut sigmas = r.sigmas();
    sigmas.insert(id(1), plus_one(&sigmas[&id(1)]));
    named(
        repair::step3(&r.config, &r.commitments, &sigmas, &mut rng(72)).unwrap_err(),
        Error::Misbehaviour {
            invalid_commitments: vec![],
            invalid_shares: vec![id(1)],
        },
        "the helper",
    )
}

fn repair_broadcast_other_target<S: Suite>() -> Outcome {
    let r = repair_run::<S>(73, 5);
    let other = repair_run::<S>(73, 4);
    let mut bad = r.commitments.clone();
    bad.insert(id(2), other.commitments[&id(2)].clone());
    named(
        r.step2(1, &bad, &r.inbox(1)).unwrap_err(),
        Error::WrongTarget { culprit: id(2) },
        "the helper",
    )
}

fn repair_sum_other_target<S: Suite>() -> Outcome {
    let r = repair_run::<S>(74, 5);
    let other = repair_run::<S>(74, 4);
    let mut sigmas = r.sigmas();
    sigmas.insert(id(3), other.sigmas()[&id(3)].clone());
    named(
        repair::step3(&r.config, &r.commitments, &sigmas, &mut rng(74)).unwrap_err(),
        Error::WrongTarget { culprit: id(3) },
        "the helper",
    )
}

fn repair_stale_broadcast<S: Suite>() -> Outcome {
    let r = repair_run::<S>(75, 5);
    let other = repair_run::<S>(1075, 5);
    let mut bad = r.commitments.clone();
    bad.insert(id(2), other.commitments[&id(2)].clone());
    named(
        r.step2(1, &bad, &r.inbox(1)).unwrap_err(),
        Error::WrongEpoch { culprit: id(2) },
        "the helper",
    )
}

fn repair_stale_summand<S: Suite>() -> Outcome {
    let r = repair_run::<S>(76, 5);
    let other = repair_run::<S>(1076, 5);
    let mut inbox = r.inbox(1);
    inbox.insert(id(3), other.inbox(1)[&id(3)].clone());
    named(
        r.step2(1, &r.commitments, &inbox).unwrap_err(),
        Error::WrongEpoch { culprit: id(3) },
        "the helper",
    )
}

fn repair_stale_sum<S: Suite>() -> Outcome {
    let r = repair_run::<S>(77, 5);
    let other = repair_run::<S>(1077, 5);
    let mut sigmas = r.sigmas();
    sigmas.insert(id(2), other.sigmas()[&id(2)].clone());
    named(
        repair::step3(&r.config, &r.commitments, &sigmas, &mut rng(77)).unwrap_err(),
        Error::WrongEpoch { culprit: id(2) },
        "the helper",
    )
}

fn repair_misaddressed_summand<S: Suite>() -> Outcome {
    let r = repair_run::<S>(78, 5);
    let mut inbox = r.inbox(1);
    inbox.insert(id(2), r.deltas[&id(2)][&id(3)].clone());
    named(
        r.step2(1, &r.commitments, &inbox).unwrap_err(),
        Error::WrongRecipient { culprit: id(2) },
        "the helper",
    )
}

fn repair_missing_helper<S: Suite>() -> Outcome {
    let r = repair_run::<S>(79, 5);
    let mut sigmas = r.sigmas();
    sigmas.remove(&id(2));
    named(
        repair::step3(&r.config, &r.commitments, &sigmas, &mut rng(79)).unwrap_err(),
        Error::MissingParticipant { culprit: id(2) },
        "the silent helper",
    )
}

fn repair_wrong_length<S: Suite>() -> Outcome {
    let r = repair_run::<S>(80, 5);
    // Helper 2's broadcast with one point fewer (count and points rewritten).
    let c = &r.commitments[&id(2)];
    let bytes = c.to_bytes();
    let count_at = 3 + 32 + 2 * S::SCALAR_LEN;
    let mut short = bytes[..bytes.len() - S::POINT_LEN].to_vec();
    short[count_at..count_at + 4].copy_from_slice(&2u32.to_be_bytes());
    let mut bad = r.commitments.clone();
    bad.insert(id(2), RepairCommitments::from_bytes(&short).unwrap());
    named(
        r.step2(1, &bad, &r.inbox(1)).unwrap_err(),
        Error::Misbehaviour {
            invalid_commitments: vec![id(2)],
            invalid_shares: vec![],
        },
        "the helper",
    )
}

fn repair_too_few_helpers<S: Suite>() -> Outcome {
    let (_, public) = dealt::<S>(3, 5, 81);
    refused(
        RepairConfig::new(public, &ids(2), id(5)).unwrap_err(),
        CoreError::TooFewParticipants { needed: 3, got: 2 }.into(),
    )
}

fn repair_target_is_helper<S: Suite>() -> Outcome {
    let (_, public) = dealt::<S>(3, 5, 82);
    refused(
        RepairConfig::new(public, &ids(3), id(3)).unwrap_err(),
        Error::TargetIsHelper { target: id(3) },
    )
}

fn repair_unknown_helper<S: Suite>() -> Outcome {
    let (_, public) = dealt::<S>(3, 5, 83);
    named(
        RepairConfig::new(public, &[id(1), id(2), id(9)], id(5)).unwrap_err(),
        CoreError::UnknownParticipant { culprit: id(9) }.into(),
        "the outsider",
    )
}

// ---------------------------------------------------------------------------
// Reconstruct.

fn reconstruct_other_epoch<S: Suite>() -> Outcome {
    let mut rng = rng(90);
    let (keys, public) = dealt::<S>(2, 3, 90);
    let config = ReshareConfig::refresh(public.clone(), &ids(3)).unwrap();
    let (fresh, fresh_public) = tessera_keys::local::run_reshare(&config, &keys, &mut rng).unwrap();
    named(
        reconstruct(
            &fresh_public,
            &[fresh[&id(1)].clone(), keys[&id(2)].clone()],
        )
        .unwrap_err(),
        Error::WrongEpoch { culprit: id(2) },
        "the holder of the stale share",
    )
}

fn reconstruct_other_key<S: Suite>() -> Outcome {
    let (keys, public) = dealt::<S>(2, 3, 91);
    let (other, _) = dealt::<S>(2, 3, 92);
    named(
        reconstruct(&public, &[keys[&id(1)].clone(), other[&id(3)].clone()]).unwrap_err(),
        Error::WrongEpoch { culprit: id(3) },
        "the holder of the foreign share",
    )
}

fn reconstruct_too_few<S: Suite>() -> Outcome {
    let (keys, public) = dealt::<S>(3, 5, 93);
    refused(
        reconstruct(&public, &[keys[&id(1)].clone(), keys[&id(2)].clone()]).unwrap_err(),
        CoreError::TooFewParticipants { needed: 3, got: 2 }.into(),
    )
}

fn reconstruct_duplicate<S: Suite>() -> Outcome {
    let (keys, public) = dealt::<S>(2, 3, 94);
    named(
        reconstruct(&public, &[keys[&id(1)].clone(), keys[&id(1)].clone()]).unwrap_err(),
        CoreError::DuplicateParticipant { culprit: id(1) }.into(),
        "the repeated holder",
    )
}

/// A revoked share with the new epoch written into its encoding.
fn reconstruct_forged_epoch<S: Suite>() -> Outcome {
    let mut rng = rng(95);
    let (keys, public) = dealt::<S>(2, 3, 95);
    let config = ReshareConfig::refresh(public, &ids(3)).unwrap();
    let (fresh, fresh_public) = tessera_keys::local::run_reshare(&config, &keys, &mut rng).unwrap();
    // The epoch is the digest of the commitment the key package carries:
    // writing the new commitment in puts the share off it, refused on
    // decoding.
    let forged = forge_epoch(&keys[&id(2)], &fresh_public).unwrap_err();
    let _ = fresh;
    named(
        forged,
        CoreError::InvalidShares {
            culprits: vec![id(2)],
        },
        "the holder of the revoked share",
    )
}

// ---------------------------------------------------------------------------
// The catalog.

const CATALOG: &[Case] = &[
    decoder_case!(
        "decode-secret-share-truncated",
        SecretShare,
        Truncate,
        "a Shamir share cut at every length"
    ),
    decoder_case!(
        "decode-secret-share-trailing",
        SecretShare,
        Trailing,
        "a Shamir share with a byte appended"
    ),
    decoder_case!(
        "decode-secret-share-version",
        SecretShare,
        Version,
        "a Shamir share of another format version"
    ),
    decoder_case!(
        "decode-secret-share-suite",
        SecretShare,
        Suite,
        "a Shamir share of another suite"
    ),
    decoder_case!(
        "decode-secret-share-kind",
        SecretShare,
        Kind,
        "a Shamir share with another kind byte"
    ),
    decoder_case!(
        "decode-vss-truncated",
        VssCommitment,
        Truncate,
        "a Feldman commitment cut at every length"
    ),
    decoder_case!(
        "decode-vss-trailing",
        VssCommitment,
        Trailing,
        "a Feldman commitment with a byte appended"
    ),
    decoder_case!(
        "decode-vss-version",
        VssCommitment,
        Version,
        "a Feldman commitment of another format version"
    ),
    decoder_case!(
        "decode-vss-suite",
        VssCommitment,
        Suite,
        "a Feldman commitment of another suite"
    ),
    decoder_case!(
        "decode-vss-kind",
        VssCommitment,
        Kind,
        "a Feldman commitment with another kind byte"
    ),
    decoder_case!(
        "decode-signing-commitments-truncated",
        SigningCommitments,
        Truncate,
        "round-1 signing commitments cut at every length"
    ),
    decoder_case!(
        "decode-signing-commitments-trailing",
        SigningCommitments,
        Trailing,
        "round-1 signing commitments with a byte appended"
    ),
    decoder_case!(
        "decode-signing-commitments-version",
        SigningCommitments,
        Version,
        "round-1 signing commitments of another format version"
    ),
    decoder_case!(
        "decode-signing-commitments-suite",
        SigningCommitments,
        Suite,
        "round-1 signing commitments of another suite"
    ),
    decoder_case!(
        "decode-signing-commitments-kind",
        SigningCommitments,
        Kind,
        "round-1 signing commitments with another kind byte"
    ),
    decoder_case!(
        "decode-signing-package-truncated",
        SigningPackage,
        Truncate,
        "a signing package cut at every length"
    ),
    decoder_case!(
        "decode-signing-package-trailing",
        SigningPackage,
        Trailing,
        "a signing package with a byte appended"
    ),
    decoder_case!(
        "decode-signing-package-version",
        SigningPackage,
        Version,
        "a signing package of another format version"
    ),
    decoder_case!(
        "decode-signing-package-suite",
        SigningPackage,
        Suite,
        "a signing package of another suite"
    ),
    decoder_case!(
        "decode-signing-package-kind",
        SigningPackage,
        Kind,
        "a signing package with another kind byte"
    ),
    decoder_case!(
        "decode-signature-share-truncated",
        SignatureShare,
        Truncate,
        "a signature share cut at every length"
    ),
    decoder_case!(
        "decode-signature-share-trailing",
        SignatureShare,
        Trailing,
        "a signature share with a byte appended"
    ),
    decoder_case!(
        "decode-signature-share-version",
        SignatureShare,
        Version,
        "a signature share of another format version"
    ),
    decoder_case!(
        "decode-signature-share-suite",
        SignatureShare,
        Suite,
        "a signature share of another suite"
    ),
    decoder_case!(
        "decode-signature-share-kind",
        SignatureShare,
        Kind,
        "a signature share with another kind byte"
    ),
    decoder_case!(
        "decode-signature-truncated",
        Signature,
        Truncate,
        "a signature cut at every length"
    ),
    decoder_case!(
        "decode-signature-trailing",
        Signature,
        Trailing,
        "a signature with a byte appended"
    ),
    decoder_case!(
        "decode-signature-version",
        Signature,
        Version,
        "a signature of another format version"
    ),
    decoder_case!(
        "decode-signature-suite",
        Signature,
        Suite,
        "a signature of another suite"
    ),
    decoder_case!(
        "decode-signature-kind",
        Signature,
        Kind,
        "a signature with another kind byte"
    ),
    decoder_case!(
        "decode-key-package-truncated",
        KeyPackage,
        Truncate,
        "a key package file cut at every length"
    ),
    decoder_case!(
        "decode-key-package-trailing",
        KeyPackage,
        Trailing,
        "a key package file with a byte appended"
    ),
    decoder_case!(
        "decode-key-package-version",
        KeyPackage,
        Version,
        "a key package file of another format version"
    ),
    decoder_case!(
        "decode-key-package-suite",
        KeyPackage,
        Suite,
        "a key package file of another suite"
    ),
    decoder_case!(
        "decode-key-package-kind",
        KeyPackage,
        Kind,
        "a key package file with another kind byte"
    ),
    decoder_case!(
        "decode-public-key-package-truncated",
        PublicKeyPackage,
        Truncate,
        "a public key package cut at every length"
    ),
    decoder_case!(
        "decode-public-key-package-trailing",
        PublicKeyPackage,
        Trailing,
        "a public key package with a byte appended"
    ),
    decoder_case!(
        "decode-public-key-package-version",
        PublicKeyPackage,
        Version,
        "a public key package of another format version"
    ),
    decoder_case!(
        "decode-public-key-package-suite",
        PublicKeyPackage,
        Suite,
        "a public key package of another suite"
    ),
    decoder_case!(
        "decode-public-key-package-kind",
        PublicKeyPackage,
        Kind,
        "a public key package with another kind byte"
    ),
    decoder_case!(
        "decode-dkg-round1-truncated",
        Round1Package,
        Truncate,
        "a DKG round-1 package cut at every length"
    ),
    decoder_case!(
        "decode-dkg-round1-trailing",
        Round1Package,
        Trailing,
        "a DKG round-1 package with a byte appended"
    ),
    decoder_case!(
        "decode-dkg-round1-version",
        Round1Package,
        Version,
        "a DKG round-1 package of another format version"
    ),
    decoder_case!(
        "decode-dkg-round1-suite",
        Round1Package,
        Suite,
        "a DKG round-1 package of another suite"
    ),
    decoder_case!(
        "decode-dkg-round1-kind",
        Round1Package,
        Kind,
        "a DKG round-1 package with another kind byte"
    ),
    decoder_case!(
        "decode-dkg-round2-truncated",
        Round2Package,
        Truncate,
        "a DKG round-2 package cut at every length"
    ),
    decoder_case!(
        "decode-dkg-round2-trailing",
        Round2Package,
        Trailing,
        "a DKG round-2 package with a byte appended"
    ),
    decoder_case!(
        "decode-dkg-round2-version",
        Round2Package,
        Version,
        "a DKG round-2 package of another format version"
    ),
    decoder_case!(
        "decode-dkg-round2-suite",
        Round2Package,
        Suite,
        "a DKG round-2 package of another suite"
    ),
    decoder_case!(
        "decode-dkg-round2-kind",
        Round2Package,
        Kind,
        "a DKG round-2 package with another kind byte"
    ),
    decoder_case!(
        "decode-reshare-commitment-truncated",
        ReshareCommitment,
        Truncate,
        "a reshare broadcast cut at every length"
    ),
    decoder_case!(
        "decode-reshare-commitment-trailing",
        ReshareCommitment,
        Trailing,
        "a reshare broadcast with a byte appended"
    ),
    decoder_case!(
        "decode-reshare-commitment-version",
        ReshareCommitment,
        Version,
        "a reshare broadcast of another format version"
    ),
    decoder_case!(
        "decode-reshare-commitment-suite",
        ReshareCommitment,
        Suite,
        "a reshare broadcast of another suite"
    ),
    decoder_case!(
        "decode-reshare-commitment-kind",
        ReshareCommitment,
        Kind,
        "a reshare broadcast with another kind byte"
    ),
    decoder_case!(
        "decode-reshare-share-truncated",
        ReshareShare,
        Truncate,
        "a reshare sub-share cut at every length"
    ),
    decoder_case!(
        "decode-reshare-share-trailing",
        ReshareShare,
        Trailing,
        "a reshare sub-share with a byte appended"
    ),
    decoder_case!(
        "decode-reshare-share-version",
        ReshareShare,
        Version,
        "a reshare sub-share of another format version"
    ),
    decoder_case!(
        "decode-reshare-share-suite",
        ReshareShare,
        Suite,
        "a reshare sub-share of another suite"
    ),
    decoder_case!(
        "decode-reshare-share-kind",
        ReshareShare,
        Kind,
        "a reshare sub-share with another kind byte"
    ),
    decoder_case!(
        "decode-repair-commitments-truncated",
        RepairCommitments,
        Truncate,
        "a repair broadcast cut at every length"
    ),
    decoder_case!(
        "decode-repair-commitments-trailing",
        RepairCommitments,
        Trailing,
        "a repair broadcast with a byte appended"
    ),
    decoder_case!(
        "decode-repair-commitments-version",
        RepairCommitments,
        Version,
        "a repair broadcast of another format version"
    ),
    decoder_case!(
        "decode-repair-commitments-suite",
        RepairCommitments,
        Suite,
        "a repair broadcast of another suite"
    ),
    decoder_case!(
        "decode-repair-commitments-kind",
        RepairCommitments,
        Kind,
        "a repair broadcast with another kind byte"
    ),
    decoder_case!(
        "decode-repair-delta-truncated",
        RepairDelta,
        Truncate,
        "a repair summand cut at every length"
    ),
    decoder_case!(
        "decode-repair-delta-trailing",
        RepairDelta,
        Trailing,
        "a repair summand with a byte appended"
    ),
    decoder_case!(
        "decode-repair-delta-version",
        RepairDelta,
        Version,
        "a repair summand of another format version"
    ),
    decoder_case!(
        "decode-repair-delta-suite",
        RepairDelta,
        Suite,
        "a repair summand of another suite"
    ),
    decoder_case!(
        "decode-repair-delta-kind",
        RepairDelta,
        Kind,
        "a repair summand with another kind byte"
    ),
    decoder_case!(
        "decode-repair-sigma-truncated",
        RepairSigma,
        Truncate,
        "a repair sum cut at every length"
    ),
    decoder_case!(
        "decode-repair-sigma-trailing",
        RepairSigma,
        Trailing,
        "a repair sum with a byte appended"
    ),
    decoder_case!(
        "decode-repair-sigma-version",
        RepairSigma,
        Version,
        "a repair sum of another format version"
    ),
    decoder_case!(
        "decode-repair-sigma-suite",
        RepairSigma,
        Suite,
        "a repair sum of another suite"
    ),
    decoder_case!(
        "decode-repair-sigma-kind",
        RepairSigma,
        Kind,
        "a repair sum with another kind byte"
    ),
    case!(
        "decode-signature-share-non-canonical",
        "decoder",
        share_noncanonical,
        "a signature share >= the group order"
    ),
    case!(
        "decode-dkg-round2-non-canonical",
        "decoder",
        round2_noncanonical,
        "a DKG share >= the group order"
    ),
    case!(
        "decode-key-package-non-canonical",
        "decoder",
        key_package_noncanonical,
        "a key package whose signing share is >= the group order"
    ),
    case!(
        "decode-dkg-round2-zero-sender",
        "decoder",
        round2_zero_sender,
        "a DKG round-2 package from identifier zero"
    ),
    case!(
        "decode-secret-share-zero-id",
        "decoder",
        secret_share_zero_id,
        "a Shamir share at identifier zero (the secret itself)"
    ),
    case!(
        "decode-signing-commitments-identity",
        "decoder",
        commitments_identity,
        "a hiding commitment that is the identity"
    ),
    case!(
        "decode-signing-commitments-off-curve",
        "decoder",
        commitments_off_curve,
        "a binding commitment that is not a point"
    ),
    case!(
        "decode-vss-identity",
        "decoder",
        vss_identity,
        "a Feldman coefficient that is the identity"
    ),
    case!(
        "decode-vss-empty",
        "decoder",
        vss_empty,
        "a Feldman commitment with no coefficients"
    ),
    case!(
        "decode-vss-hostile-count",
        "decoder",
        vss_hostile_count,
        "a Feldman commitment claiming 2^32-1 coefficients"
    ),
    case!(
        "decode-dkg-round1-hostile-count",
        "decoder",
        round1_hostile_count,
        "a DKG round-1 package claiming 2^32-1 coefficients"
    ),
    case!(
        "decode-signing-package-hostile-count",
        "decoder",
        package_hostile_count,
        "a signing package claiming 2^32-1 signers"
    ),
    case!(
        "decode-signing-package-hostile-message",
        "decoder",
        package_message_hostile_len,
        "a signing package claiming a 4 GiB message"
    ),
    case!(
        "decode-public-key-package-hostile-count",
        "decoder",
        public_hostile_count,
        "a public key package claiming 2^32-1 verifying shares"
    ),
    case!(
        "decode-repair-commitments-hostile-count",
        "decoder",
        repair_hostile_count,
        "a repair broadcast claiming 2^32-1 points"
    ),
    case!(
        "decode-signing-package-unsorted",
        "decoder",
        package_unsorted,
        "a signing package with its signers out of order"
    ),
    case!(
        "decode-signing-package-duplicate",
        "decoder",
        package_duplicate,
        "a signing package listing a signer twice"
    ),
    case!(
        "decode-public-key-package-duplicate",
        "decoder",
        public_duplicate,
        "a public key package listing a participant twice"
    ),
    case!(
        "decode-public-key-package-threshold",
        "decoder",
        public_threshold_above_n,
        "a public key package with t > n"
    ),
    case!(
        "decode-public-key-package-identity-key",
        "decoder",
        public_identity_key,
        "a public key package whose group key is the identity"
    ),
    case!(
        "decode-key-package-threshold-one",
        "decoder",
        key_package_threshold_one,
        "a key package with threshold 1"
    ),
    case!(
        "dkg-bad-proof",
        "DKG",
        dkg_bad_proof,
        "a dealer's proof of knowledge does not verify"
    ),
    case!(
        "dkg-inconsistent-share",
        "DKG",
        dkg_bad_share,
        "a dealer's share does not match its commitment"
    ),
    case!(
        "dkg-rushing-dealer",
        "DKG",
        dkg_rushing_dealer,
        "a dealer's linear coefficient cancels the others' (valid proof)"
    ),
    case!(
        "dkg-wrong-degree",
        "DKG",
        dkg_wrong_degree,
        "a dealer commits to a polynomial of degree t instead of t-1"
    ),
    case!(
        "dkg-identity-commitment",
        "DKG",
        dkg_identity_commitment,
        "a dealer's commitment holds the identity"
    ),
    case!(
        "dkg-missing-sender",
        "DKG",
        dkg_missing_sender,
        "a participant sends no round-1 package"
    ),
    case!(
        "dkg-extra-sender",
        "DKG",
        dkg_extra_sender,
        "an outsider sends a round-1 package"
    ),
    case!(
        "dkg-own-message",
        "DKG",
        dkg_own_message,
        "a participant is handed its own round-1 package"
    ),
    case!(
        "dkg-misaddressed",
        "DKG",
        dkg_misaddressed,
        "a round-2 package addressed to another participant"
    ),
    case!(
        "dkg-filed-under-other",
        "DKG",
        dkg_filed_under_other,
        "a round-2 package arriving on another sender's channel"
    ),
    case!(
        "dkg-equivocation",
        "DKG",
        dkg_equivocation,
        "a dealer broadcasts different round-1 packages to different participants"
    ),
    case!("dkg-threshold-one", "DKG", dkg_threshold_one, "t = 1"),
    case!(
        "dkg-threshold-above-n",
        "DKG",
        dkg_threshold_above_n,
        "t > n"
    ),
    case!(
        "dkg-duplicate-participant",
        "DKG",
        dkg_duplicate_participant,
        "a participant listed twice"
    ),
    case!("dkg-too-many", "DKG", dkg_too_many, "65,536 participants"),
    case!(
        "dkg-sizes-overflow",
        "DKG",
        dkg_sizes_overflow,
        "message sizes for t = n = usize::MAX"
    ),
    case!(
        "sign-duplicate-signer",
        "signing",
        sign_duplicate_signer,
        "a signer's commitments listed twice"
    ),
    case!(
        "sign-unknown-signer",
        "signing",
        sign_unknown_signer,
        "a signing package with a signer outside the key"
    ),
    case!(
        "sign-identity-commitment",
        "signing",
        sign_identity_commitment,
        "signing commitments built from the identity"
    ),
    case!(
        "sign-bad-share",
        "signing",
        sign_bad_share,
        "a signature share off by one"
    ),
    case!(
        "sign-share-other-message",
        "signing",
        sign_share_other_message,
        "a share over another message"
    ),
    case!(
        "sign-share-other-key",
        "signing",
        sign_share_other_key,
        "a share made with a share of another key"
    ),
    case!(
        "sign-mixed-epochs",
        "signing",
        sign_mixed_epochs,
        "a signing package of another key epoch reaches a signer"
    ),
    case!(
        "sign-split-packages",
        "signing",
        sign_split_packages,
        "the coordinator sends different packages to different signers"
    ),
    case!(
        "sign-missing-share",
        "signing",
        sign_missing_share,
        "a committed signer sends no share"
    ),
    case!(
        "sign-unexpected-share",
        "signing",
        sign_unexpected_share,
        "a share from a signer not in the package"
    ),
    case!(
        "sign-too-few",
        "signing",
        sign_too_few,
        "a signing package below the threshold"
    ),
    case!(
        "sign-missing-own-commitment",
        "signing",
        sign_missing_own_commitment,
        "a signing package without the signer's commitments"
    ),
    case!(
        "sign-substituted-commitment",
        "signing",
        sign_substituted_commitment,
        "a signing package with the signer's commitments replaced"
    ),
    case!(
        "sign-aggregator-other-epoch",
        "signing",
        sign_aggregator_other_epoch,
        "aggregation against another epoch's public key package"
    ),
    case!(
        "verify-identity-key",
        "signing",
        verify_identity_key,
        "verifying under the identity as group key"
    ),
    case!(
        "verify-batch-identity-key",
        "signing",
        verify_batch_identity_key,
        "batch verification with the identity as one group key"
    ),
    case!(
        "verify-other-message",
        "signing",
        verify_other_message,
        "a valid signature checked against another message"
    ),
    case!(
        "lagrange-duplicate",
        "signing",
        lagrange_duplicate,
        "a Lagrange coefficient over [1, 2, 2]"
    ),
    case!(
        "lagrange-absent",
        "signing",
        lagrange_absent,
        "a Lagrange coefficient of an identifier not in the set"
    ),
    case!(
        "reshare-rushing-dealer",
        "reshare",
        reshare_rushing_receive,
        "a dealer's top coefficient cancels the others' (member's view)"
    ),
    case!(
        "reshare-rushing-dealer-public",
        "reshare",
        reshare_rushing_public,
        "the same, seen by a party without sub-shares"
    ),
    case!(
        "reshare-rushing-dealer-linear",
        "reshare",
        reshare_rushing_linear,
        "a dealer's linear coefficient cancels the others'"
    ),
    case!(
        "reshare-wrong-constant",
        "reshare",
        reshare_wrong_constant,
        "a dealer commits to a constant term other than lambda_i Y_i"
    ),
    case!(
        "reshare-wrong-subshare",
        "reshare",
        reshare_wrong_subshare,
        "a dealer's sub-share does not match its commitment"
    ),
    case!(
        "reshare-wrong-degree",
        "reshare",
        reshare_wrong_degree,
        "a dealer commits to a polynomial of the wrong degree"
    ),
    case!(
        "reshare-stale-broadcast",
        "reshare",
        reshare_stale_broadcast,
        "a dealer's broadcast of another epoch (member's view)"
    ),
    case!(
        "reshare-stale-broadcast-public",
        "reshare",
        reshare_stale_broadcast_public,
        "a dealer's broadcast of another epoch (observer's view)"
    ),
    case!(
        "reshare-stale-subshare",
        "reshare",
        reshare_stale_subshare,
        "a dealer's sub-share of another epoch"
    ),
    case!(
        "reshare-equivocation",
        "reshare",
        reshare_equivocation,
        "a dealer broadcasts different commitments to different members"
    ),
    case!(
        "reshare-misaddressed",
        "reshare",
        reshare_misaddressed,
        "a sub-share addressed to another member"
    ),
    case!(
        "reshare-missing-dealer",
        "reshare",
        reshare_missing_dealer,
        "a dealer sends no broadcast"
    ),
    case!(
        "reshare-missing-subshare",
        "reshare",
        reshare_missing_subshare,
        "a dealer sends no sub-share"
    ),
    case!(
        "reshare-retired-dealer",
        "reshare",
        reshare_retired_dealer,
        "a revoked share tries to deal in the next epoch"
    ),
    case!(
        "reshare-too-many-members",
        "reshare",
        reshare_too_many_members,
        "65,536 new members"
    ),
    case!(
        "reshare-too-few-dealers",
        "reshare",
        reshare_too_few_dealers,
        "fewer dealers than the old threshold"
    ),
    case!(
        "reshare-unknown-dealer",
        "reshare",
        reshare_unknown_dealer,
        "a dealer that holds no share"
    ),
    case!(
        "reshare-threshold-one",
        "reshare",
        reshare_threshold_one,
        "new threshold 1"
    ),
    case!(
        "repair-tampered-summand",
        "repair",
        repair_tampered_summand,
        "a helper's summand does not match its broadcast"
    ),
    case!(
        "repair-tampered-broadcast",
        "repair",
        repair_tampered_broadcast,
        "a helper's broadcast does not split its true share"
    ),
    case!(
        "repair-tampered-broadcast-at-target",
        "repair",
        repair_tampered_broadcast_at_target,
        "the target gets a tampered broadcast and honest sums: only its author is named"
    ),
    case!(
        "repair-tampered-sum",
        "repair",
        repair_tampered_sum,
        "a helper sends the target a wrong sum"
    ),
    case!(
        "repair-broadcast-other-target",
        "repair",
        repair_broadcast_other_target,
        "a helper's broadcast for another target"
    ),
    case!(
        "repair-sum-other-target",
        "repair",
        repair_sum_other_target,
        "a helper's sum for another target"
    ),
    case!(
        "repair-stale-broadcast",
        "repair",
        repair_stale_broadcast,
        "a helper's broadcast of another epoch"
    ),
    case!(
        "repair-stale-summand",
        "repair",
        repair_stale_summand,
        "a helper's summand of another epoch"
    ),
    case!(
        "repair-stale-sum",
        "repair",
        repair_stale_sum,
        "a helper's sum of another epoch"
    ),
    case!(
        "repair-misaddressed-summand",
        "repair",
        repair_misaddressed_summand,
        "a summand addressed to another helper"
    ),
    case!(
        "repair-missing-helper",
        "repair",
        repair_missing_helper,
        "a helper sends the target no sum"
    ),
    case!(
        "repair-wrong-length",
        "repair",
        repair_wrong_length,
        "a helper's broadcast with one point too few"
    ),
    case!(
        "repair-too-few-helpers",
        "repair",
        repair_too_few_helpers,
        "fewer helpers than the threshold"
    ),
    case!(
        "repair-target-is-helper",
        "repair",
        repair_target_is_helper,
        "the target among its own helpers"
    ),
    case!(
        "repair-unknown-helper",
        "repair",
        repair_unknown_helper,
        "a helper that holds no share"
    ),
    case!(
        "reconstruct-other-epoch",
        "reconstruct",
        reconstruct_other_epoch,
        "a share of the previous epoch"
    ),
    case!(
        "reconstruct-other-key",
        "reconstruct",
        reconstruct_other_key,
        "a share of another key"
    ),
    case!(
        "reconstruct-too-few",
        "reconstruct",
        reconstruct_too_few,
        "fewer shares than the threshold"
    ),
    case!(
        "reconstruct-duplicate",
        "reconstruct",
        reconstruct_duplicate,
        "the same share twice"
    ),
    case!(
        "reconstruct-forged-epoch",
        "reconstruct",
        reconstruct_forged_epoch,
        "a revoked share with the new epoch (commitment) written in"
    ),
    case!(
        "decode-public-key-package-spliced-commitment",
        "decoder",
        public_spliced_commitment,
        "another key's verifying shares under this key's commitment (so this key's epoch)"
    ),
    case!(
        "decode-public-key-package-share-off-commitment",
        "decoder",
        public_share_off_commitment,
        "a public key package with one verifying share off its commitment"
    ),
    case!(
        "decode-key-package-spliced-commitment",
        "decoder",
        key_package_spliced_commitment,
        "a key package carrying another key's commitment (so its epoch)"
    ),
    case!(
        "sign-aggregator-spliced-epoch",
        "signing",
        sign_aggregator_spliced_epoch,
        "an aggregator handed another key's package content with this key's epoch"
    ),
];

/// Every case: the generic ones above, then BIP 445's and DKLs23's.
fn catalog() -> Vec<&'static Case> {
    CATALOG
        .iter()
        .chain(bip445::CASES)
        .chain(ecdsa::CASES)
        .collect()
}

// ---------------------------------------------------------------------------
// The tests.

/// Every case's outcome, `Err(name)` for a case that did not end as
/// catalogued. The catalog takes minutes (DKLs23 signing runs), so the two
/// tests below share one run of it.
fn outcomes() -> &'static [Result<Outcome, &'static str>] {
    static RUN: std::sync::OnceLock<Vec<Result<Outcome, &'static str>>> =
        std::sync::OnceLock::new();
    RUN.get_or_init(|| {
        catalog()
            .into_iter()
            .map(|case| std::panic::catch_unwind(case.run).map_err(|_| case.name))
            .collect()
    })
}

#[test]
fn every_case_ends_as_catalogued() {
    let mut names = std::collections::BTreeSet::new();
    for case in catalog() {
        assert!(names.insert(case.name), "duplicate case name {}", case.name);
    }
    let failed: Vec<&str> = outcomes()
        .iter()
        .filter_map(|o| o.as_ref().err().copied())
        .collect();
    assert!(
        failed.is_empty(),
        "cases that did not end as catalogued: {failed:?}"
    );
    assert!(catalog().len() >= 100, "only {} cases", catalog().len());
}

/// `N cases: n1 refused, culprit named; ...` over `outcomes`.
fn summary(outcomes: &[Outcome]) -> String {
    let mut counts: BTreeMap<Verdict, usize> = BTreeMap::new();
    for o in outcomes {
        *counts.entry(o.verdict).or_default() += 1;
    }
    let parts: Vec<String> = counts
        .iter()
        .map(|(v, n)| format!("{n} {}", v.label()))
        .collect();
    format!("{} cases: {}.", outcomes.len(), parts.join("; "))
}

/// The README line after this marker is the catalog's summary.
const README_MARKER: &str =
    "<!-- adversarial-summary (generated by crates/keys/tests/adversarial.rs) -->";

fn table(outcomes: &[Outcome]) -> String {
    let mut out = String::new();
    out.push_str("# Adversarial catalog\n\n");
    out.push_str(
        "Generated by `crates/keys/tests/adversarial.rs` (do not edit by hand; regenerate with\n\
         `TESSERA_BLESS=1 cargo test -p tessera-keys --test adversarial`). Every case runs on\n\
         all five suites (ed25519, ristretto255, secp256k1, p256, secp256k1-tr) through the\n\
         public API, messages as bytes through the `Wire` decoders, and asserts the exact\n\
         typed error and culprit(s).\n\n",
    );
    out.push_str(&summary(outcomes));
    out.push_str("\n\n| case | class | attack | outcome |\n|---|---|---|---|\n");
    for (c, o) in catalog().into_iter().zip(outcomes) {
        out.push_str(&format!(
            "| `{}` | {} | {} | {}: {} |\n",
            c.name,
            c.class,
            c.what,
            o.verdict.label(),
            o.detail
        ));
    }
    out
}

/// `ADVERSARIAL.md` and the README's summary line are generated from the
/// catalog; `TESSERA_BLESS=1` rewrites them.
#[test]
fn catalog_table_is_current() {
    let Some(outcomes) = outcomes()
        .iter()
        .map(|o| o.as_ref().ok().cloned())
        .collect::<Option<Vec<Outcome>>>()
    else {
        panic!("some cases did not end as catalogued: see every_case_ends_as_catalogued");
    };
    let bless = std::env::var_os("TESSERA_BLESS").is_some();
    let stale = "is stale: regenerate it with TESSERA_BLESS=1 cargo test -p tessera-keys --test adversarial";

    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../ADVERSARIAL.md");
    let table = table(&outcomes);
    if bless {
        std::fs::write(path, &table).unwrap();
    }
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    assert!(committed == table, "ADVERSARIAL.md {stale}");

    let readme_path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../README.md");
    let readme = std::fs::read_to_string(readme_path).unwrap();
    let mut lines: Vec<&str> = readme.lines().collect();
    let at = lines
        .iter()
        .position(|l| *l == README_MARKER)
        .expect("the README has the catalog's summary marker")
        + 1;
    let line = summary(&outcomes);
    if bless && lines[at] != line {
        lines[at] = &line;
        std::fs::write(readme_path, lines.join("\n") + "\n").unwrap();
    } else {
        assert!(lines[at] == line, "the README's catalog summary {stale}");
    }
}
