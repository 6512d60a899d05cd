//! Benchmarks of `tessera-frost` against frost-core 3.0, for all four
//! RFC 9591 suites and `secp256k1-tr` (against frost-core with
//! frost-secp256k1-tr's ciphersuite, i.e. frost-secp256k1-tr's `round2::sign`
//! and `aggregate`): round one (one signer's commitment), round two (one
//! signer's share), aggregation (of `t` shares, including the final
//! verification) and verification of a final signature.
//!
//! Both implementations run in the same criterion group on the same inputs:
//! tessera deals the key and draws the nonces, and frost-core receives the
//! shares, verifying shares, group key and nonces as bytes (its curve crates
//! are a generation older, so no type is shared). The signatures of both are
//! checked to be byte-identical before anything is measured.
//!
//! Names follow the convention of `tessera_benches`: group
//! `"{op}/{suite}"`, function `"tessera"` or `"frost-core"`, parameter
//! `"{t}-of-{n}"`. Only `t` of the `n` participants sign.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::collections::BTreeMap;
use std::hint::black_box;
use std::time::Duration;

use criterion::{BatchSize, BenchmarkId, Criterion, criterion_group, criterion_main};
use ff::{Field, PrimeField};
use frost_core::keys::{KeyPackage as FKeyPackage, PublicKeyPackage as FPublicKeyPackage};
use frost_core::round1::{Nonce as FNonce, SigningNonces as FSigningNonces};
use frost_core::round2::SignatureShare as FSignatureShare;
use frost_core::{
    Identifier as FIdentifier, Signature as FSignature, SigningPackage as FSigningPackage,
};
use group::GroupEncoding;
use tessera_benches::rand_chacha::ChaCha20Rng;
use tessera_benches::rand_chacha::rand_core::Rng;
use tessera_benches::{FUNCTION, config, for_all_suites, group_name, param_label, rng};
use tessera_core::identifier::identifiers;
use tessera_core::lagrange::lagrange_coefficients;
use tessera_core::schnorr::SchnorrVariant;
use tessera_core::shamir::split;
use tessera_core::suites::Secp256k1Tr;
use tessera_core::{Identifier, Scalar, SecretScalar};
use tessera_frost::{
    KeyPackage, PublicKeyPackage, Signature, SignatureShare, SigningNonces, SigningPackage,
    aggregate, round1, round2,
};
use tessera_peer::{Peer, Rng06, SeedableRng06, fid, to_frost_key, to_frost_public};

/// The `(t, n)` of every FROST benchmark.
const SIZES: &[(u16, u16)] = &[(2, 3), (3, 4), (7, 10), (67, 100), (667, 1000)];

/// The function name of frost-core's benchmarks.
const FROST_CORE: &str = "frost-core";

/// Everything one `t`-of-`n` signing session needs, on both sides, built
/// once per size outside measurement: the key material of all `n`
/// participants' public side and of the `t` signers, one signer's nonces
/// (as scalars, so fresh copies can be made per iteration), the signing
/// package, all `t` signature shares and the final signature.
struct Fixture<S: Peer> {
    t: u16,
    n: u16,
    message: Vec<u8>,
    // tessera
    key: KeyPackage<S>,
    public: PublicKeyPackage<S>,
    nonce_scalars: (SecretScalar<S>, SecretScalar<S>),
    package: SigningPackage<S>,
    shares: BTreeMap<Identifier<S>, SignatureShare<S>>,
    signature: Signature<S>,
    // frost-core
    f_key: FKeyPackage<S::C>,
    f_public: FPublicKeyPackage<S::C>,
    f_nonces: FSigningNonces<S::C>,
    f_package: FSigningPackage<S::C>,
    f_shares: BTreeMap<FIdentifier<S::C>, FSignatureShare<S::C>>,
    f_signature: FSignature<S::C>,
}

impl<S: Peer> Fixture<S> {
    fn new(t: u16, n: u16, rng: &mut ChaCha20Rng) -> Self {
        let secret = SecretScalar::<S>::random(rng);
        let ids = identifiers::<S>(n);
        let (dealt, commitment) = split(&secret, t, &ids, rng).unwrap();
        let group_key = commitment.public_key();
        // The public key package from the verifying shares `s G`, not from
        // the commitment (n MSMs of t terms, minutes at 667-of-1000 on P-256).
        let public = PublicKeyPackage::new(
            dealt
                .iter()
                .map(|s| (s.id(), S::mul_base(s.value().expose())))
                .collect(),
            group_key,
            t,
        )
        .unwrap();
        let all_keys: Vec<KeyPackage<S>> = dealt
            .iter()
            .map(|s| KeyPackage::new(s.id(), s.value().clone(), &public).unwrap())
            .collect();

        let f_public = to_frost_public(&public);

        // A random subset of t signers.
        let mut signers: Vec<KeyPackage<S>> = all_keys;
        for i in (1..signers.len()).rev() {
            let j = usize::try_from(rng.next_u64() % (i as u64 + 1)).unwrap();
            signers.swap(i, j);
        }
        signers.truncate(usize::from(t));
        signers.sort_by_key(KeyPackage::id);

        let f_keys: Vec<FKeyPackage<S::C>> = signers.iter().map(to_frost_key).collect();

        // Nonces drawn in tessera, handed to frost-core.
        let scalars: Vec<(SecretScalar<S>, SecretScalar<S>)> = signers
            .iter()
            .map(|_| (SecretScalar::random(rng), SecretScalar::random(rng)))
            .collect();
        let nonces: Vec<SigningNonces<S>> = scalars
            .iter()
            .map(|(h, b)| SigningNonces::from_scalars(h.clone(), b.clone()).unwrap())
            .collect();
        let f_nonces: Vec<FSigningNonces<S::C>> = scalars
            .iter()
            .map(|(h, b)| {
                FSigningNonces::from_nonces(
                    FNonce::deserialize(&h.to_bytes()).unwrap(),
                    FNonce::deserialize(&b.to_bytes()).unwrap(),
                )
            })
            .collect();

        let mut message = vec![0u8; 32];
        rng.fill_bytes(&mut message);
        let package = SigningPackage::new(
            public.epoch(),
            signers
                .iter()
                .zip(&nonces)
                .map(|(k, n)| (k.id(), *n.commitments()))
                .collect(),
            &message,
        );
        let f_package = FSigningPackage::new(
            f_keys
                .iter()
                .zip(&f_nonces)
                .map(|(k, n)| (*k.identifier(), *n.commitments()))
                .collect(),
            &message,
        );

        // All t signature shares at once, `z_i = d_i + e_i rho_i + lambda_i c s_i`
        // (signing each with `round2::sign` costs t MSMs of t terms, minutes at
        // 667-of-1000 on P-256); under BIP-340 the nonces count negated when R
        // has odd Y and the shares when the key has. `round2::sign` is checked
        // to agree below, and both aggregations verify the result.
        let rhos = package.binding_factors(&group_key);
        let lambdas = lagrange_coefficients::<S>(&Scalar::<S>::ZERO, &package.signers()).unwrap();
        let r = S::mul_base(
            &scalars
                .iter()
                .zip(&rhos)
                .map(|((d, e), (_, rho))| *d.expose() + *e.expose() * rho)
                .sum(),
        );
        let (mut r_repr, mut key_repr) = (r.to_bytes(), group_key.to_bytes());
        let r_negated = S::Schnorr::normalize(r_repr.as_mut());
        let key_negated = S::Schnorr::normalize(key_repr.as_mut());
        let c = S::Schnorr::challenge(r_repr.as_ref(), key_repr.as_ref(), &message);
        let nonce_sign = if r_negated {
            -Scalar::<S>::ONE
        } else {
            Scalar::<S>::ONE
        };
        let key_c = if key_negated { -c } else { c };
        let shares: BTreeMap<Identifier<S>, SignatureShare<S>> = signers
            .iter()
            .zip(&scalars)
            .zip(rhos.iter().zip(&lambdas))
            .map(|((k, (d, e)), ((_, rho), lambda))| {
                let nonce = *d.expose() + *e.expose() * rho;
                let z = nonce_sign * nonce + *lambda * key_c * k.signing_share().expose();
                (k.id(), SignatureShare::new(z))
            })
            .collect();
        let f_shares: BTreeMap<_, _> = shares
            .iter()
            .map(|(id, z)| {
                (
                    fid(id),
                    FSignatureShare::<S::C>::deserialize(z.value().to_repr().as_ref()).unwrap(),
                )
            })
            .collect();
        let first = signers.first().unwrap();
        let mine = round2::sign(&package, nonces.into_iter().next().unwrap(), first).unwrap();
        assert_eq!(mine, shares[&first.id()]);
        let f_first = f_keys.first().unwrap();
        let theirs =
            frost_core::round2::sign(&f_package, f_nonces.first().unwrap(), f_first).unwrap();
        assert_eq!(theirs, f_shares[f_first.identifier()]);
        let signature = aggregate(&package, &shares, &public).unwrap();
        let f_signature = frost_core::aggregate(&f_package, &f_shares, &f_public).unwrap();
        assert_eq!(
            signature.to_standard_bytes(),
            f_signature.serialize().unwrap(),
            "{} {t}-of-{n}: tessera and frost-core disagree",
            S::NAME
        );

        Self {
            t,
            n,
            message,
            key: signers.swap_remove(0),
            public,
            nonce_scalars: scalars.into_iter().next().unwrap(),
            package,
            shares,
            signature,
            f_key: f_keys.into_iter().next().unwrap(),
            f_public,
            f_nonces: f_nonces.into_iter().next().unwrap(),
            f_package,
            f_shares,
            f_signature,
        }
    }

    fn ids(&self) -> (BenchmarkId, BenchmarkId) {
        let label = param_label(self.t, self.n);
        (
            BenchmarkId::new(FUNCTION, &label),
            BenchmarkId::new(FROST_CORE, &label),
        )
    }
}

/// `frost-round1`: one signer's commitment (nonces from 2 x 32 random
/// bytes hashed with the share, and their two commitments).
fn frost_round1<S: Peer>(c: &mut Criterion, fixtures: &[Fixture<S>]) {
    let mut group = c.benchmark_group(group_name::<S>("frost-round1"));
    let mut ours = rng(11);
    let mut theirs = Rng06::seed_from_u64(11);
    for f in fixtures {
        let (id, f_id) = f.ids();
        group.bench_function(id, |b| {
            b.iter(|| round1::commit(black_box(&f.key), &mut ours));
        });
        group.bench_function(f_id, |b| {
            b.iter(|| frost_core::round1::commit(black_box(f.f_key.signing_share()), &mut theirs));
        });
    }
    group.finish();
}

/// `frost-round2`: one signer's signature share, from the signing package
/// of `t` signers and fresh (identical) nonces made outside measurement.
fn frost_round2<S: Peer>(c: &mut Criterion, fixtures: &[Fixture<S>]) {
    let mut group = c.benchmark_group(group_name::<S>("frost-round2"));
    for f in fixtures {
        let (id, f_id) = f.ids();
        let (hiding, binding) = &f.nonce_scalars;
        group.bench_function(id, |b| {
            b.iter_batched(
                || SigningNonces::from_scalars(hiding.clone(), binding.clone()).unwrap(),
                |nonces| round2::sign(black_box(&f.package), nonces, &f.key).unwrap(),
                BatchSize::SmallInput,
            );
        });
        group.bench_function(f_id, |b| {
            b.iter_batched(
                || f.f_nonces.clone(),
                |nonces| {
                    frost_core::round2::sign(black_box(&f.f_package), &nonces, &f.f_key).unwrap()
                },
                BatchSize::SmallInput,
            );
        });
    }
    group.finish();
}

/// `frost-aggregate`: aggregate `t` shares, including the verification of
/// the final signature.
fn frost_aggregate<S: Peer>(c: &mut Criterion, fixtures: &[Fixture<S>]) {
    let mut group = c.benchmark_group(group_name::<S>("frost-aggregate"));
    for f in fixtures {
        let (id, f_id) = f.ids();
        group.bench_function(id, |b| {
            b.iter(|| aggregate(black_box(&f.package), black_box(&f.shares), &f.public).unwrap());
        });
        group.bench_function(f_id, |b| {
            b.iter(|| {
                frost_core::aggregate(black_box(&f.f_package), black_box(&f.f_shares), &f.f_public)
                    .unwrap()
            });
        });
    }
    group.finish();
}

/// `frost-verify`: verify one final signature under the group key.
fn frost_verify<S: Peer>(c: &mut Criterion, fixtures: &[Fixture<S>]) {
    let mut group = c.benchmark_group(group_name::<S>("frost-verify"));
    for f in fixtures {
        let (id, f_id) = f.ids();
        let group_key = f.public.group_key();
        group.bench_function(id, |b| {
            b.iter(|| {
                black_box(&f.signature)
                    .verify(&group_key, black_box(&f.message))
                    .unwrap();
            });
        });
        let f_group_key = f.f_public.verifying_key();
        group.bench_function(f_id, |b| {
            b.iter(|| {
                f_group_key
                    .verify(black_box(&f.message), black_box(&f.f_signature))
                    .unwrap();
            });
        });
    }
    group.finish();
}

/// All four operations for suite `S`, on key material built once per size.
fn frost_suite<S: Peer>(c: &mut Criterion) {
    let mut rng = rng(u64::from(S::ID));
    let fixtures: Vec<Fixture<S>> = SIZES
        .iter()
        .map(|&(t, n)| Fixture::new(t, n, &mut rng))
        .collect();
    frost_round1(c, &fixtures);
    frost_round2(c, &fixtures);
    frost_aggregate(c, &fixtures);
    frost_verify(c, &fixtures);
}

fn frost_benches(c: &mut Criterion) {
    for_all_suites!(frost_suite, c);
    frost_suite::<Secp256k1Tr>(c);
}

criterion_group! {
    name = benches;
    // No plots: plotters' SVG rendering takes seconds per benchmark, longer
    // than most measurements; the estimates are saved all the same.
    config = config().warm_up_time(Duration::from_secs(1)).without_plots();
    targets = frost_benches
}
criterion_main!(benches);
