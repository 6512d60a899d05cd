//! Benchmarks of `tessera-bitcoin` (BIP 445) and of `tessera_keys::derive`.
//!
//! - `bip445-sign/secp256k1`: one signer's second round: the session values
//!   (*GetSessionValues*, from the signers context and the aggregate nonce)
//!   and *Sign*, including the self-check of the partial signature BIP 445
//!   recommends.
//! - `bip445-aggregate/secp256k1`: the coordinator's aggregation of `t`
//!   partial signatures: the session values, *PartialSigAgg* and the
//!   BIP-340 verification of the result (per-signer checks run only on
//!   failure, so not here).
//! - `derive/{suite}`: one holder deriving its key package of one
//!   non-hardened child (BIP-32 on secp256k1, tessera's scheme elsewhere).
//!
//! Names follow `tessera_benches`: group `"{op}/{suite}"`, function
//! `"tessera"`, parameter `"{t}-of-{n}"`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::hint::black_box;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use tessera_benches::{bench_id, config, for_all_suites, group_name, rng};
use tessera_bitcoin::{
    AggNonce, NonceInputs, PartialSignature, PubNonce, SecNonce, SessionContext, SignersContext,
    aggregate, nonce_agg, nonce_gen_internal, sign_with_key,
};
use tessera_core::identifier::identifiers;
use tessera_core::suites::Secp256k1;
use tessera_frost::{KeyPackage, PublicKeyPackage};
use tessera_keys::dealer;
use tessera_keys::derive::{Derive, ExtendedPublicKey, derive_key_package};

/// The `(t, n)` of the BIP 445 benchmarks.
const SIZES: &[(u16, u16)] = &[(2, 3), (3, 4)];

type S = Secp256k1;

/// One `t`-of-`n` session: the first `t` participants sign.
struct Fixture {
    t: u16,
    n: u16,
    keys: Vec<KeyPackage<S>>,
    ctx: SignersContext<S>,
    /// The randomness of each signer's nonce: `nonce_gen_internal` on it
    /// gives the same secret nonce again, fresh for every iteration.
    rands: Vec<[u8; 32]>,
    pubnonces: Vec<PubNonce<S>>,
    aggnonce: AggNonce<S>,
    psigs: Vec<PartialSignature<S>>,
    msg: [u8; 32],
}

impl Fixture {
    fn new(t: u16, n: u16) -> Self {
        let mut rng = rng(445);
        let out = dealer::keygen::<S, _>(t, &identifiers(n), &mut rng).unwrap();
        let keys: Vec<_> = out.key_packages[..usize::from(t)].to_vec();
        let public: PublicKeyPackage<S> = out.public;
        let ids: Vec<_> = keys.iter().map(KeyPackage::id).collect();
        let ctx = SignersContext::from_public(&public, &ids).unwrap();
        let msg = [0x42u8; 32];
        let rands: Vec<[u8; 32]> = (0..t).map(|i| [i as u8 + 1; 32]).collect();
        let pubnonces: Vec<_> = keys
            .iter()
            .zip(&rands)
            .map(|(key, rand)| *secnonce(key, rand).pubnonce())
            .collect();
        let aggnonce = nonce_agg(&pubnonces);
        let session = SessionContext::new(&ctx, &aggnonce, &[], &msg).unwrap();
        let psigs = keys
            .iter()
            .zip(&rands)
            .map(|(key, rand)| sign_with_key(secnonce(key, rand), key, &session).unwrap())
            .collect::<Vec<_>>();
        let sig = aggregate(&session, &pubnonces, &psigs).unwrap();
        sig.verify(&session.xonly_pubkey(), &msg).unwrap();
        Self {
            t,
            n,
            keys,
            ctx,
            rands,
            pubnonces,
            aggnonce,
            psigs,
            msg,
        }
    }
}

/// The secret nonce `key`'s holder draws from `rand` (deterministic).
fn secnonce(key: &KeyPackage<S>, rand: &[u8; 32]) -> SecNonce<S> {
    nonce_gen_internal(rand, &NonceInputs::for_key(key))
        .unwrap()
        .0
}

fn bip445(c: &mut Criterion) {
    let fixtures: Vec<Fixture> = SIZES.iter().map(|(t, n)| Fixture::new(*t, *n)).collect();

    let mut group = c.benchmark_group(group_name::<S>("bip445-sign"));
    for f in &fixtures {
        group.bench_function(bench_id(f.t, f.n), |b| {
            b.iter_batched(
                || secnonce(&f.keys[0], &f.rands[0]),
                |secnonce| {
                    let session =
                        SessionContext::new(&f.ctx, black_box(&f.aggnonce), &[], &f.msg).unwrap();
                    sign_with_key(secnonce, &f.keys[0], &session).unwrap()
                },
                BatchSize::SmallInput,
            );
        });
    }
    group.finish();

    let mut group = c.benchmark_group(group_name::<S>("bip445-aggregate"));
    for f in &fixtures {
        group.bench_function(bench_id(f.t, f.n), |b| {
            b.iter(|| {
                let session =
                    SessionContext::new(&f.ctx, black_box(&f.aggnonce), &[], &f.msg).unwrap();
                aggregate(&session, &f.pubnonces, black_box(&f.psigs)).unwrap()
            });
        });
    }
    group.finish();
}

/// `derive`: one holder's key package of child 5 of the group xpub.
fn derive<S: Derive>(c: &mut Criterion) {
    let mut rng = rng(32);
    let out = dealer::keygen::<S, _>(2, &identifiers(3), &mut rng).unwrap();
    let xpub = ExtendedPublicKey::of(&out.public);
    let key = &out.key_packages[0];
    let mut group = c.benchmark_group(group_name::<S>("derive"));
    group.bench_function(bench_id(2, 3), |b| {
        b.iter(|| derive_key_package(black_box(key), &xpub, &[5]).unwrap());
    });
    group.finish();
}

fn derive_all(c: &mut Criterion) {
    for_all_suites!(derive, c);
}

criterion_group! {
    name = benches;
    config = config();
    targets = bip445, derive_all
}
criterion_main!(benches);
