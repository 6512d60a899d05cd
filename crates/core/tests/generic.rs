//! The generic test suite of `tessera-core`: each `check_*` function is
//! written once over `S: Suite` and instantiated for every suite.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use ff::{Field, PrimeField};
use group::{Group, GroupEncoding};
use proptest::prelude::*;
use rand::SeedableRng;
use rand_chacha::ChaCha20Rng;
use tessera_core::encoding::{FORMAT_VERSION, Wire};
use tessera_core::identifier::identifiers;
use tessera_core::lagrange::{lagrange_coefficient, lagrange_coefficients};
use tessera_core::polynomial::SecretPolynomial;
use tessera_core::shamir::{reconstruct, reconstruct_verified, split};
use tessera_core::suites::{Ed25519, P256, Secp256k1, Secp256k1Tr};
use tessera_core::vss::{ShareCheck, batch_verify};
use tessera_core::{
    Error, Identifier, Point, PointError, Scalar, SecretScalar, SecretShare, Suite, VssCommitment,
};

tessera_core::test_all_suites!(
    check_split_reconstruct,
    check_vss_single_and_batched,
    check_batch_verify_many_dealers,
    check_lagrange_errors,
    check_identifiers,
    check_encoding_roundtrip,
    check_malformed_encodings,
    check_debug_redacts_secrets,
    check_serde_roundtrip,
    check_msm_matches_naive,
    check_encode_points,
    check_properties,
);

fn rng(seed: u64) -> ChaCha20Rng {
    ChaCha20Rng::seed_from_u64(seed)
}

fn check_split_reconstruct<S: Suite>() {
    let mut rng = rng(1);
    let secret = SecretScalar::<S>::random(&mut rng);
    let ids = identifiers::<S>(5);
    let (shares, commitment) = split(&secret, 3, &ids, &mut rng).unwrap();
    assert_eq!(commitment.public_key(), S::mul_base(secret.expose()));
    assert_eq!(reconstruct(3, &shares[1..4]).unwrap(), secret);
    assert_eq!(reconstruct(3, &shares).unwrap(), secret);
    assert_eq!(
        reconstruct_verified(&commitment, &shares[..3], &mut rng).unwrap(),
        secret
    );
    // Two shares of a 3-of-5 sharing interpolate to something else.
    assert_ne!(reconstruct(2, &shares[..2]).unwrap(), secret);
    assert!(matches!(
        reconstruct(3, &shares[..2]),
        Err(Error::TooFewParticipants { needed: 3, got: 2 })
    ));
    // Bad parameters.
    assert!(matches!(
        split(&secret, 0, &ids, &mut rng),
        Err(Error::InvalidThreshold { .. })
    ));
    assert!(matches!(
        split(&secret, 6, &ids, &mut rng),
        Err(Error::InvalidThreshold { .. })
    ));
    let dup = [ids[0], ids[1], ids[0]];
    assert!(
        matches!(split(&secret, 2, &dup, &mut rng), Err(Error::DuplicateParticipant { culprit }) if culprit == ids[0])
    );
    // A wrong share is named by the verified reconstruction.
    let mut bad = shares.clone();
    bad[1] = SecretShare::new(
        ids[1],
        SecretScalar::new(*bad[1].value().expose() + Scalar::<S>::ONE),
    );
    match reconstruct_verified(&commitment, &bad, &mut rng) {
        Err(Error::InvalidShares { culprits }) => assert_eq!(culprits, vec![ids[1]]),
        other => panic!("expected InvalidShares, got {other:?}"),
    }
}

fn check_vss_single_and_batched<S: Suite>() {
    let mut rng = rng(2);
    let secret = SecretScalar::<S>::random(&mut rng);
    let ids = identifiers::<S>(7);
    let (mut shares, commitment) = split(&secret, 4, &ids, &mut rng).unwrap();
    for share in &shares {
        commitment.verify_share(share).unwrap();
        // The public verifying share matches the secret share.
        assert_eq!(
            commitment.evaluate(&share.id()),
            S::mul_base(share.value().expose())
        );
    }
    commitment.verify_shares(&shares, &mut rng).unwrap();
    // Identifiers derived from names take the MSM path of `evaluate`.
    let named: Vec<_> = [b"device".as_slice(), b"login", b"recovery"]
        .iter()
        .map(|n| Identifier::<S>::derive(n).unwrap())
        .collect();
    let (named_shares, named_commitment) = split(&secret, 2, &named, &mut rng).unwrap();
    for share in &named_shares {
        assert!(share.id().as_u16().is_none());
        assert_eq!(
            named_commitment.evaluate(&share.id()),
            S::mul_base(share.value().expose())
        );
    }
    // Tamper with shares 2 and 5: both named, nobody else.
    for i in [2usize, 5] {
        let v = *shares[i].value().expose() + Scalar::<S>::from(7u64);
        shares[i] = SecretShare::new(ids[i], SecretScalar::new(v));
    }
    match commitment.verify_shares(&shares, &mut rng) {
        Err(Error::InvalidShares { culprits }) => assert_eq!(culprits, vec![ids[2], ids[5]]),
        other => panic!("expected InvalidShares, got {other:?}"),
    }
    assert!(commitment.verify_share(&shares[2]).is_err());
    // A tampered commitment fails every share.
    let mut points = commitment.points().to_vec();
    points[1] += Point::<S>::generator();
    let tampered = VssCommitment::<S>::new(points).unwrap();
    assert!(tampered.verify_share(&shares[0]).is_err());
}

fn check_batch_verify_many_dealers<S: Suite>() {
    let mut rng = rng(3);
    let ids = identifiers::<S>(4);
    let me = ids[2];
    // Four dealers, each sharing its own secret 3-of-4; `me` receives one share from each.
    let dealt: Vec<(VssCommitment<S>, SecretShare<S>)> = ids
        .iter()
        .map(|_| {
            let s = SecretScalar::<S>::random(&mut rng);
            let (shares, c) = split(&s, 3, &ids, &mut rng).unwrap();
            (c, shares[2].clone())
        })
        .collect();
    let checks: Vec<_> = dealt
        .iter()
        .zip(&ids)
        .map(|((c, s), dealer)| ShareCheck {
            culprit: *dealer,
            commitment: c,
            share: s,
        })
        .collect();
    batch_verify(&checks, &mut rng).unwrap();
    let bad = SecretShare::new(
        me,
        SecretScalar::new(*dealt[3].1.value().expose() + Scalar::<S>::ONE),
    );
    let mut checks = checks;
    checks[3].share = &bad;
    match batch_verify(&checks, &mut rng) {
        Err(Error::InvalidShares { culprits }) => assert_eq!(culprits, vec![ids[3]]),
        other => panic!("expected InvalidShares, got {other:?}"),
    }
}

fn check_lagrange_errors<S: Suite>() {
    let ids = identifiers::<S>(4);
    let zero = Scalar::<S>::ZERO;
    // RFC 9591 §4.2 on {1, 3}: lambda_1 = 3/2, lambda_3 = -1/2.
    let set = [ids[0], ids[2]];
    let half = Scalar::<S>::from(2u64).invert().unwrap();
    assert_eq!(
        lagrange_coefficient::<S>(&zero, &ids[0], &set).unwrap(),
        Scalar::<S>::from(3u64) * half
    );
    assert_eq!(
        lagrange_coefficient::<S>(&zero, &ids[2], &set).unwrap(),
        -half
    );
    assert_eq!(
        lagrange_coefficients::<S>(&zero, &set).unwrap(),
        vec![Scalar::<S>::from(3u64) * half, -half]
    );
    // All coefficients agree with the one-at-a-time formula, at 0 and elsewhere.
    let x = Scalar::<S>::from(9u64);
    let all = lagrange_coefficients::<S>(&x, &ids).unwrap();
    for (id, l) in ids.iter().zip(&all) {
        assert_eq!(lagrange_coefficient::<S>(&x, id, &ids).unwrap(), *l);
    }
    // At one of the points, that point has coefficient 1.
    let at_two = lagrange_coefficients::<S>(&ids[1].to_scalar(), &ids).unwrap();
    assert_eq!(at_two[1], Scalar::<S>::ONE);
    assert!(matches!(
        lagrange_coefficients::<S>(&zero, &[ids[0], ids[1], ids[0]]),
        Err(Error::DuplicateParticipant { culprit }) if culprit == ids[0]
    ));
    assert!(matches!(
        lagrange_coefficient::<S>(&zero, &ids[3], &set),
        Err(Error::UnknownParticipant { culprit }) if culprit == ids[3]
    ));
    assert!(matches!(
        lagrange_coefficients::<S>(&zero, &[]),
        Err(Error::TooFewParticipants { .. })
    ));
}

fn check_identifiers<S: Suite>() {
    assert!(Identifier::<S>::new(0).is_none());
    let device = Identifier::<S>::derive(b"device").unwrap();
    let recovery = Identifier::<S>::derive(b"recovery").unwrap();
    assert_ne!(device, recovery);
    assert_eq!(device, Identifier::<S>::derive(b"device").unwrap());
    // Integer order, whatever the encoding's endianness.
    let a = Identifier::<S>::new(255).unwrap();
    let b = Identifier::<S>::new(256).unwrap();
    assert!(a < b);
    assert_eq!(b.as_u16(), Some(256));
    assert_eq!(b.to_string(), "256");
    let zero = vec![0u8; S::SCALAR_LEN];
    assert!(matches!(
        Identifier::<S>::from_bytes(&zero),
        Err(Error::ZeroIdentifier)
    ));
    assert_eq!(
        Identifier::<S>::from_bytes(device.to_bytes().as_ref()).unwrap(),
        device
    );
}

fn check_encoding_roundtrip<S: Suite>() {
    let mut rng = rng(4);
    let secret = SecretScalar::<S>::random(&mut rng);
    let (shares, commitment) = split(&secret, 3, &identifiers::<S>(4), &mut rng).unwrap();
    let bytes = commitment.to_bytes();
    assert_eq!(bytes.len(), 3 + 4 + 3 * S::POINT_LEN);
    assert_eq!(&bytes[..3], &[FORMAT_VERSION, S::ID, 0x02]);
    assert_eq!(VssCommitment::<S>::from_bytes(&bytes).unwrap(), commitment);
    let share_bytes = shares[0].to_bytes();
    assert_eq!(share_bytes.len(), 3 + 2 * S::SCALAR_LEN);
    assert_eq!(
        SecretShare::<S>::from_bytes(&share_bytes).unwrap(),
        shares[0]
    );
}

/// A point encoding of the right length that is not on the curve.
fn off_curve<S: Suite>() -> Vec<u8> {
    for i in 0u32.. {
        let mut bytes = vec![0u8; S::POINT_LEN];
        let digest = S::hash_to_bytes(b"off-curve test", &[&i.to_be_bytes()]);
        let n = bytes.len();
        bytes[n - 32..].copy_from_slice(&digest[..32]);
        if S::POINT_LEN == 33 {
            bytes[0] = 0x02;
        } else {
            bytes[31] &= 0x7f;
        }
        if S::decode_point(&bytes) == Err(PointError::Invalid) {
            return bytes;
        }
    }
    unreachable!()
}

fn check_malformed_encodings<S: Suite>() {
    let mut rng = rng(5);
    let (shares, commitment) = split(
        &SecretScalar::<S>::random(&mut rng),
        2,
        &identifiers::<S>(3),
        &mut rng,
    )
    .unwrap();
    let good = commitment.to_bytes();
    let point_at = |i: usize| 3 + 4 + i * S::POINT_LEN;

    // Non-canonical scalar: all-ones is above every group order.
    let mut bad = shares[0].to_bytes();
    let off = 3 + S::SCALAR_LEN;
    bad[off..].fill(0xff);
    assert_eq!(
        SecretShare::<S>::from_bytes(&bad),
        Err(Error::NonCanonicalScalar)
    );
    // Zero identifier.
    let mut bad = shares[0].to_bytes();
    bad[3..3 + S::SCALAR_LEN].fill(0);
    assert_eq!(
        SecretShare::<S>::from_bytes(&bad),
        Err(Error::ZeroIdentifier)
    );
    // Off-curve point.
    let mut bad = good.clone();
    bad[point_at(1)..point_at(2)].copy_from_slice(&off_curve::<S>());
    assert_eq!(
        VssCommitment::<S>::from_bytes(&bad),
        Err(Error::InvalidPoint(PointError::Invalid))
    );
    // Identity point.
    let mut bad = good.clone();
    bad[point_at(0)..point_at(1)].copy_from_slice(Point::<S>::identity().to_bytes().as_ref());
    assert_eq!(
        VssCommitment::<S>::from_bytes(&bad),
        Err(Error::InvalidPoint(PointError::Identity))
    );
    let zeros = vec![0u8; S::POINT_LEN];
    assert!(S::decode_point(&zeros).is_err());
    // Wrong length: truncated, and a count the input cannot hold.
    let share = shares[0].to_bytes();
    assert_eq!(
        SecretShare::<S>::from_bytes(&share[..share.len() - 1]),
        Err(Error::UnexpectedEnd { needed: 1 })
    );
    assert!(matches!(
        VssCommitment::<S>::from_bytes(&good[..good.len() - 1]),
        Err(Error::InvalidLength(2))
    ));
    let mut bad = good.clone();
    bad[3..7].copy_from_slice(&u32::MAX.to_be_bytes());
    assert!(matches!(
        VssCommitment::<S>::from_bytes(&bad),
        Err(Error::InvalidLength(_))
    ));
    let mut bad = good.clone();
    bad[3..7].copy_from_slice(&0u32.to_be_bytes());
    bad.truncate(7);
    assert!(matches!(
        VssCommitment::<S>::from_bytes(&bad),
        Err(Error::InvalidLength(0))
    ));
    assert!(matches!(
        VssCommitment::<S>::from_bytes(&[]),
        Err(Error::UnexpectedEnd { needed: 3 })
    ));
    assert_eq!(
        S::decode_point(&good[point_at(0)..point_at(0) + S::POINT_LEN - 1]),
        Err(PointError::Invalid)
    );
    // Trailing bytes.
    let mut bad = good.clone();
    bad.push(0);
    assert_eq!(
        VssCommitment::<S>::from_bytes(&bad),
        Err(Error::TrailingBytes { count: 1 })
    );
    // Wrong suite, version, kind.
    let mut bad = good.clone();
    bad[1] = S::ID % 4 + 1;
    assert!(matches!(
        VssCommitment::<S>::from_bytes(&bad),
        Err(Error::SuiteMismatch { .. })
    ));
    let mut bad = good.clone();
    bad[0] = FORMAT_VERSION + 1;
    assert!(matches!(
        VssCommitment::<S>::from_bytes(&bad),
        Err(Error::UnsupportedVersion { .. })
    ));
    assert!(matches!(
        SecretShare::<S>::from_bytes(&good),
        Err(Error::KindMismatch {
            found: 0x02,
            expected: 0x01
        })
    ));
}

/// SEC1 encodings other than compressed (tags 0x02 / 0x03) are rejected,
/// including the "compact" tag 0x05 that the RustCrypto backends accept.
fn check_sec1_tags<S: Suite>() {
    let mut rng = rng(9);
    let p = S::mul_base(&Scalar::<S>::random(&mut rng));
    let good = p.to_bytes();
    for tag in [0x00u8, 0x01, 0x04, 0x05, 0x06, 0x07, 0xff] {
        let mut bad = good.as_ref().to_vec();
        bad[0] = tag;
        assert!(S::decode_point(&bad).is_err(), "tag {tag:#04x} accepted");
    }
    assert_eq!(S::decode_point(good.as_ref()).unwrap(), p);
}

#[test]
fn secp256k1_rejects_other_sec1_tags() {
    check_sec1_tags::<Secp256k1>();
}

#[test]
fn p256_rejects_other_sec1_tags() {
    check_sec1_tags::<P256>();
}

#[test]
fn secp256k1_tr_rejects_other_sec1_tags() {
    check_sec1_tags::<Secp256k1Tr>();
}

#[test]
fn ed25519_rejects_small_order_and_non_canonical_points() {
    use curve25519_dalek::constants::{ED25519_BASEPOINT_POINT, EIGHT_TORSION};
    for t in &EIGHT_TORSION[1..] {
        let bytes = t.compress().to_bytes();
        assert_eq!(
            Ed25519::decode_point(&bytes),
            Err(PointError::NotInSubgroup)
        );
        // Mixed order: a prime-order point plus torsion.
        let mixed = (ED25519_BASEPOINT_POINT + t).compress().to_bytes();
        assert_eq!(
            Ed25519::decode_point(&mixed),
            Err(PointError::NotInSubgroup)
        );
    }
    // y = p + 1 decodes (to the identity) but is not canonical.
    let mut y = [0xffu8; 32];
    y[0] = 0xee;
    y[31] = 0x7f;
    assert_eq!(Ed25519::decode_point(&y), Err(PointError::NonCanonical));
    // x = 0 with the sign bit set.
    let mut neg_zero = [0u8; 32];
    neg_zero[0] = 1;
    neg_zero[31] = 0x80;
    assert_eq!(
        Ed25519::decode_point(&neg_zero),
        Err(PointError::NonCanonical)
    );
    // The identity's canonical encoding.
    let mut id = [0u8; 32];
    id[0] = 1;
    assert_eq!(Ed25519::decode_point(&id), Err(PointError::Identity));
    assert!(Ed25519::decode_point(&ED25519_BASEPOINT_POINT.compress().to_bytes()).is_ok());
}

/// `decode_point` on Ed25519 against its definition written with dalek
/// alone: decompress, re-encode to the same bytes, not the identity,
/// `is_torsion_free`. On every non-canonical `y` (`p..2^255`) with both
/// signs, on every small-order point with both signs, and on random prime
/// order points, with and without each torsion component and each sign.
#[test]
fn ed25519_decode_point_matches_its_definition() {
    use curve25519_dalek::constants::{ED25519_BASEPOINT_POINT, EIGHT_TORSION};
    use curve25519_dalek::edwards::CompressedEdwardsY;
    use curve25519_dalek::traits::IsIdentity;
    fn reference(bytes: &[u8; 32]) -> Result<(), PointError> {
        let point = CompressedEdwardsY(*bytes)
            .decompress()
            .ok_or(PointError::Invalid)?;
        if point.compress().to_bytes() != *bytes {
            return Err(PointError::NonCanonical);
        }
        if IsIdentity::is_identity(&point) {
            return Err(PointError::Identity);
        }
        if !point.is_torsion_free() {
            return Err(PointError::NotInSubgroup);
        }
        Ok(())
    }
    let mut samples: Vec<[u8; 32]> = Vec::new();
    for low in 0xedu8..=0xff {
        let mut y = [0xffu8; 32];
        y[0] = low;
        y[31] = 0x7f;
        samples.push(y);
    }
    let mut rng = rng(7);
    let mut points: Vec<_> = EIGHT_TORSION.to_vec();
    for _ in 0..64 {
        let p = ED25519_BASEPOINT_POINT * Scalar::<Ed25519>::random(&mut rng);
        points.push(p);
        points.extend(EIGHT_TORSION[1..].iter().map(|t| p + t));
    }
    samples.extend(points.iter().map(|p| p.compress().to_bytes()));
    // Random bytes: mostly not on the curve.
    for _ in 0..256 {
        // A scalar's bytes, with a random top byte (scalars stop at 2^253).
        let mut b = Scalar::<Ed25519>::random(&mut rng).to_bytes();
        b[31] = Scalar::<Ed25519>::random(&mut rng).to_bytes()[0];
        samples.push(b);
    }
    for bytes in samples {
        for sign in [0u8, 0x80] {
            let mut b = bytes;
            b[31] = (b[31] & 0x7f) | sign;
            assert_eq!(
                Ed25519::decode_point(&b).map(|_| ()),
                reference(&b),
                "{}",
                hex::encode(b)
            );
        }
    }
}

fn check_debug_redacts_secrets<S: Suite>() {
    let mut rng = rng(6);
    let secret = SecretScalar::<S>::random(&mut rng);
    let hex_secret = hex::encode(secret.expose().to_repr().as_ref());
    let (shares, _) = split(&secret, 2, &identifiers::<S>(3), &mut rng).unwrap();
    let polynomial = SecretPolynomial::random(&secret, 3, &mut rng).unwrap();
    let share_hex = hex::encode(shares[0].value().expose().to_repr().as_ref());
    for (text, hidden) in [
        (format!("{secret:?}"), &hex_secret),
        (format!("{:?}", shares[0]), &share_hex),
        (format!("{polynomial:?}"), &hex_secret),
    ] {
        assert!(text.contains("redacted"), "{text}");
        assert!(!text.contains(hidden.as_str()), "{text}");
        // Neither the hex nor the scalar's own Debug form leaks.
        assert!(!text.contains(&format!("{:?}", secret.expose())), "{text}");
    }
}

fn check_serde_roundtrip<S: Suite>() {
    let mut rng = rng(7);
    let (shares, commitment) = split(
        &SecretScalar::<S>::random(&mut rng),
        2,
        &identifiers::<S>(3),
        &mut rng,
    )
    .unwrap();
    let json = serde_json::to_string(&commitment).unwrap();
    let points: Vec<String> = commitment
        .points()
        .iter()
        .map(|p| format!("\"{}\"", hex::encode(p.to_bytes())))
        .collect();
    assert_eq!(
        json,
        format!(
            r#"{{"version":{},"suite":"{}","kind":"vss-commitment","coefficients":[{}]}}"#,
            FORMAT_VERSION,
            S::NAME,
            points.join(",")
        )
    );
    assert_eq!(
        serde_json::from_str::<VssCommitment<S>>(&json).unwrap(),
        commitment
    );
    let json = serde_json::to_string(&shares[1]).unwrap();
    assert_eq!(
        serde_json::from_str::<SecretShare<S>>(&json).unwrap(),
        shares[1]
    );
    // Deserialization applies the strict decoder: the identity is refused.
    let identity = hex::encode(Point::<S>::identity().to_bytes());
    let json = format!(
        r#"{{"version":{},"suite":"{}","kind":"vss-commitment","coefficients":["{identity}"]}}"#,
        FORMAT_VERSION,
        S::NAME
    );
    let err = serde_json::from_str::<VssCommitment<S>>(&json).unwrap_err();
    assert!(
        err.to_string()
            .contains(&Error::<S>::InvalidPoint(PointError::Identity).to_string()),
        "{err}"
    );
}

fn check_msm_matches_naive<S: Suite>() {
    let mut rng = rng(8);
    // Sizes on both sides of every backend's switch to Pippenger's method,
    // with zero, one, minus-one scalars and repeated points mixed in.
    for n in [0usize, 1, 2, 5, 33, 127, 128, 200, 384, 600] {
        let mut terms: Vec<(Point<S>, Scalar<S>)> = (0..n)
            .map(|_| (Point::<S>::random(&mut rng), Scalar::<S>::random(&mut rng)))
            .collect();
        if n > 4 {
            terms[0].1 = Scalar::<S>::ZERO;
            terms[1].1 = Scalar::<S>::ONE;
            terms[2].1 = -Scalar::<S>::ONE;
            terms[3].0 = terms[4].0;
        }
        let naive: Point<S> = terms.iter().map(|(p, k)| *p * k).sum();
        assert_eq!(S::vartime_msm(&terms), naive);
    }
    let k = Scalar::<S>::random(&mut rng);
    assert_eq!(S::mul_base(&k), Point::<S>::generator() * k);
}

/// The batched encoding gives exactly `to_bytes` of each point, the
/// identity and the generator included, at sizes 0, 1 and many.
fn check_encode_points<S: Suite>() {
    let mut rng = rng(9);
    for n in [0usize, 1, 2, 17] {
        let mut points: Vec<Point<S>> = (0..n).map(|_| Point::<S>::random(&mut rng)).collect();
        if n > 2 {
            points[0] = Point::<S>::identity();
            points[1] = Point::<S>::generator();
            points[2] = points[2].double();
        }
        let one_by_one: Vec<_> = points.iter().map(GroupEncoding::to_bytes).collect();
        let batch = S::encode_points(&points);
        assert_eq!(batch.len(), n);
        for (a, b) in batch.iter().zip(&one_by_one) {
            assert_eq!(a.as_ref(), b.as_ref());
        }
    }
}

fn check_properties<S: Suite>() {
    let config = ProptestConfig {
        cases: 24,
        failure_persistence: None,
        ..ProptestConfig::default()
    };
    let strategy = (1u16..=8, 0u16..=4, any::<u64>(), any::<u64>());
    proptest!(config, |((t, extra, seed, pick) in strategy)| {
        let n = t + extra;
        let mut rng = rng(seed);
        let secret = SecretScalar::<S>::random(&mut rng);
        let ids = identifiers::<S>(n);
        let (shares, commitment) = split(&secret, t, &ids, &mut rng).unwrap();
        // Any t-subset reconstructs the secret.
        let mut subset = shares.clone();
        let mut pick_rng = rng_from(pick);
        shuffle(&mut subset, &mut pick_rng);
        subset.truncate(usize::from(t));
        prop_assert_eq!(reconstruct(t, &subset).unwrap(), secret.clone());
        // Honest shares verify singly and batched.
        for s in &shares {
            prop_assert!(commitment.verify_share(s).is_ok());
        }
        prop_assert!(commitment.verify_shares(&shares, &mut rng).is_ok());
        // Tampering a random non-empty set: the batch names exactly that set.
        let tampered: Vec<usize> = (0..shares.len()).filter(|i| (pick >> (i % 64)) & 1 == 1).collect();
        if !tampered.is_empty() {
            let mut bad = shares.clone();
            for &i in &tampered {
                bad[i] = SecretShare::new(ids[i], SecretScalar::new(*bad[i].value().expose() + Scalar::<S>::ONE));
            }
            let expected: Vec<_> = tampered.iter().map(|&i| ids[i]).collect();
            prop_assert_eq!(commitment.verify_shares(&bad, &mut rng), Err(Error::InvalidShares { culprits: expected }));
        }
        // Encodings roundtrip.
        prop_assert_eq!(VssCommitment::<S>::from_bytes(&commitment.to_bytes()).unwrap(), commitment);
    });
}

fn rng_from(seed: u64) -> ChaCha20Rng {
    ChaCha20Rng::seed_from_u64(seed ^ 0x5eed)
}

fn shuffle<T>(items: &mut [T], rng: &mut ChaCha20Rng) {
    use rand::RngExt;
    for i in (1..items.len()).rev() {
        let j = rng.random_range(0..=i);
        items.swap(i, j);
    }
}
