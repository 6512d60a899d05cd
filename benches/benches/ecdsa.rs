//! Benchmarks of `tessera-ecdsa` (DKLs23) against 0xCarbon's `dkls23` 0.6,
//! on secp256k1 and P-256, in the same criterion groups:
//!
//! - `ecdsa-setup/{suite}`, parameter `2-of-2`: the pairwise setup of one
//!   pair of members, both members' work, both multiplication directions
//!   (tessera: base OTs and zero-sharing seed; dkls23: `MulSender` /
//!   `MulReceiver` initialisation of both directions, its zero-sharing seed
//!   exchange left out as negligible);
//! - `ecdsa-sign-party/{suite}`: one signer's total across all rounds of a
//!   `t`-of-`n` signing (round 1, round 2, the checks, its share, and the
//!   combination with verification), the other signers run outside the
//!   measurement;
//! - `ecdsa-sign/{suite}`: the whole signing, every signer and the
//!   combination.
//!
//! Both sides start from dealt keys (tessera: `tessera_keys::dealer`,
//! dkls23: its `re_key` dealer) with their pairwise state ready. Names
//! follow `tessera_benches`: group `"{op}/{suite}"`, function `"tessera"`
//! or `"dkls23"`, parameter `"{t}-of-{n}"`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::collections::BTreeMap;
use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use dkls23::SignSession;
use dkls23::curve::DklsCurve;
use dkls23::protocols::re_key::re_key;
use dkls23::protocols::signing::SignData;
use dkls23::protocols::{Parameters, Party, PartyIndex};
use dkls23::utilities::multiplication::{MulReceiver, MulSender};
use tessera_benches::rand_chacha::ChaCha20Rng;
use tessera_benches::rand_chacha::rand_core::Rng;
use tessera_benches::{FUNCTION, config, group_name, param_label, rng};
use tessera_core::identifier::identifiers;
use tessera_core::suites::{P256, Secp256k1};
use tessera_core::{Identifier, Scalar, SecretScalar};
use tessera_ecdsa::local::{self, Setups, inbox};
use tessera_ecdsa::{EcdsaSuite, SigningSession, sign};
use tessera_frost::KeyPackage;

/// The `(t, n)` of the signing benchmarks.
const SIZES: &[(u16, u16)] = &[(2, 3), (3, 4), (7, 10)];

/// The function name of dkls23's benchmarks.
const DKLS23: &str = "dkls23";

/// A tessera suite and the dkls23 curve of the same group.
trait Peer: EcdsaSuite {
    type D: DklsCurve;

    /// The same secret scalar as dkls23's type (through its encoding).
    fn to_dkls(
        secret: &Scalar<Self>,
    ) -> <Self::D as k256::elliptic_curve::CurveArithmetic>::Scalar {
        use ff::PrimeField;
        let mut repr = <<Self::D as k256::elliptic_curve::CurveArithmetic>::Scalar as PrimeField>::Repr::default();
        AsMut::<[u8]>::as_mut(&mut repr).copy_from_slice(&Self::scalar_bytes(secret));
        Option::from(
            <<Self::D as k256::elliptic_curve::CurveArithmetic>::Scalar as PrimeField>::from_repr(
                repr,
            ),
        )
        .unwrap()
    }
}

impl Peer for Secp256k1 {
    type D = k256::Secp256k1;
}

impl Peer for P256 {
    type D = p256::NistP256;
}

/// Everything a `t`-of-`n` signing needs on both sides, from one secret.
struct Fixture<S: Peer> {
    t: u16,
    n: u16,
    signers: Vec<Identifier<S>>,
    keys: BTreeMap<Identifier<S>, KeyPackage<S>>,
    public: tessera_frost::PublicKeyPackage<S>,
    setups: Setups<S>,
    parties: Vec<Party<S::D>>,
}

impl<S: Peer> Fixture<S> {
    fn new(t: u16, n: u16, rng: &mut ChaCha20Rng) -> Self {
        let secret = SecretScalar::<S>::random(rng);
        let ids = identifiers::<S>(n);
        let dealt = tessera_keys::dealer::split_secret(&secret, t, &ids, rng).unwrap();
        let signers = ids[..usize::from(t)].to_vec();
        let keys = dealt
            .key_packages
            .iter()
            .filter(|k| signers.contains(&k.id()))
            .map(|k| (k.id(), k.clone()))
            .collect();
        let setups = local::setup_all(&signers, rng).unwrap();
        let params = Parameters::new(u8::try_from(t).unwrap(), u8::try_from(n).unwrap()).unwrap();
        let (parties, _) = re_key::<S::D>(
            &params,
            &[7; 32],
            &S::to_dkls(secret.expose()),
            None,
            |_| String::new(),
        );
        Self {
            t,
            n,
            signers,
            keys,
            public: dealt.public,
            setups,
            parties,
        }
    }

    fn session(&self, rng: &mut ChaCha20Rng) -> SigningSession<S> {
        let mut sid = [0u8; 32];
        rng.fill_bytes(&mut sid);
        SigningSession::new(self.public.clone(), &self.signers, sid).unwrap()
    }

    fn ids(&self) -> (BenchmarkId, BenchmarkId) {
        let label = param_label(self.t, self.n);
        (
            BenchmarkId::new(FUNCTION, &label),
            BenchmarkId::new(DKLS23, &label),
        )
    }

    /// A whole tessera signing; returns the time spent by the first signer
    /// (its rounds and the combination).
    fn tessera_sign(&self, rng: &mut ChaCha20Rng) -> Duration {
        let session = self.session(rng);
        let prehash = [0x5a; 32];
        let first = self.signers[0];
        let mut mine = Duration::ZERO;
        let mut timed = |id: &Identifier<S>, f: &mut dyn FnMut()| {
            let t0 = Instant::now();
            f();
            if *id == first {
                mine += t0.elapsed();
            }
        };
        let mut states = BTreeMap::new();
        let mut sent = BTreeMap::new();
        for id in &self.signers {
            timed(id, &mut || {
                let (s, out) =
                    sign::round1(&session, &self.keys[id], &self.setups[id], rng).unwrap();
                states.insert(*id, s);
                sent.insert(*id, out);
            });
        }
        let mut states2 = BTreeMap::new();
        let mut sent2 = BTreeMap::new();
        for id in &self.signers {
            let s = states.remove(id).unwrap();
            let received = inbox(&sent, id);
            let mut s = Some(s);
            timed(id, &mut || {
                let (s2, out) = sign::round2(
                    s.take().unwrap(),
                    &session,
                    &self.keys[id],
                    &self.setups[id],
                    &received,
                    rng,
                )
                .unwrap();
                states2.insert(*id, s2);
                sent2.insert(*id, out);
            });
        }
        let mut shares = BTreeMap::new();
        for id in &self.signers {
            let received = inbox(&sent2, id);
            let mut s = states2.remove(id);
            timed(id, &mut || {
                let p = sign::presign(s.take().unwrap(), &session, &self.setups[id], &received)
                    .unwrap();
                shares.insert(*id, p.sign(&prehash));
            });
        }
        timed(&first, &mut || {
            black_box(sign::combine(&session, &prehash, &shares).unwrap());
        });
        mine
    }

    /// A whole dkls23 signing; returns the time spent by party 1 (its four
    /// phases, the last combining and verifying).
    fn dkls23_sign(&self) -> Duration {
        let executing: Vec<u8> = (1..=u8::try_from(self.t).unwrap()).collect();
        let mut mine = Duration::ZERO;
        let mut sessions = BTreeMap::new();
        let mut tx1 = Vec::new();
        for &i in &executing {
            let counterparties = executing
                .iter()
                .filter(|&&j| j != i)
                .map(|&j| PartyIndex::new(j).unwrap())
                .collect();
            let data = SignData {
                sign_id: vec![1; 32],
                counterparties,
                message_hash: [0x5a; 32],
            };
            let t0 = Instant::now();
            let (s, out) = SignSession::new(&self.parties[usize::from(i - 1)], data).unwrap();
            if i == 1 {
                mine += t0.elapsed();
            }
            sessions.insert(i, s);
            tx1.extend(out);
        }
        let mut tx2 = Vec::new();
        for &i in &executing {
            let pi = PartyIndex::new(i).unwrap();
            let msgs: Vec<_> = tx1
                .iter()
                .filter(|m| m.parties.receiver == pi)
                .cloned()
                .collect();
            let t0 = Instant::now();
            let out = sessions.get_mut(&i).unwrap().phase2(&msgs).unwrap();
            if i == 1 {
                mine += t0.elapsed();
            }
            tx2.extend(out);
        }
        let mut broadcasts = Vec::new();
        for &i in &executing {
            let pi = PartyIndex::new(i).unwrap();
            let msgs: Vec<_> = tx2
                .iter()
                .filter(|m| m.parties.receiver == pi)
                .cloned()
                .collect();
            let t0 = Instant::now();
            let b = sessions.get_mut(&i).unwrap().phase3(&msgs).unwrap();
            if i == 1 {
                mine += t0.elapsed();
            }
            broadcasts.push(b);
        }
        let session = sessions.remove(&1).unwrap();
        let t0 = Instant::now();
        black_box(session.phase4(&broadcasts, true).unwrap());
        mine += t0.elapsed();
        mine
    }
}

/// `ecdsa-setup`: one pair's setup, both members, both directions.
fn ecdsa_setup<S: Peer>(c: &mut Criterion) {
    let mut group = c.benchmark_group(group_name::<S>("ecdsa-setup"));
    let mut ours = rng(41);
    let ids = identifiers::<S>(2);
    let label = param_label(2, 2);
    group.bench_function(BenchmarkId::new(FUNCTION, &label), |b| {
        b.iter(|| local::run_pair(ids[0], ids[1], &mut ours).unwrap());
    });
    group.bench_function(BenchmarkId::new(DKLS23, &label), |b| {
        b.iter(|| {
            for (alice, bob) in [(1u8, 2u8), (2, 1)] {
                let sid = [alice, bob, 0x33];
                let (ot_sender, dlog_proof, nonce) = MulReceiver::<S::D>::init_phase1(&sid);
                let (ot_receiver, correlation, vec_r, enc_proofs) =
                    MulSender::<S::D>::init_phase1(&sid);
                let sender = MulSender::<S::D>::init_phase2(
                    &ot_receiver,
                    &sid,
                    correlation,
                    &vec_r,
                    &dlog_proof,
                    &nonce,
                )
                .unwrap();
                let receiver = MulReceiver::<S::D>::init_phase2(
                    &ot_sender,
                    &sid,
                    &ot_receiver.seed,
                    &enc_proofs,
                    &nonce,
                )
                .unwrap();
                black_box((sender, receiver));
            }
        });
    });
    group.finish();
}

/// `ecdsa-sign-party` and `ecdsa-sign`.
fn ecdsa_sign<S: Peer>(c: &mut Criterion) {
    let mut setup_rng = rng(u64::from(S::ID) + 40);
    let fixtures: Vec<Fixture<S>> = SIZES
        .iter()
        .map(|&(t, n)| Fixture::new(t, n, &mut setup_rng))
        .collect();
    // Both sides sign correctly before anything is measured.
    let mut ours = rng(42);
    for f in &fixtures {
        f.tessera_sign(&mut ours);
        f.dkls23_sign();
    }

    let mut group = c.benchmark_group(group_name::<S>("ecdsa-sign-party"));
    for f in &fixtures {
        let (id, d_id) = f.ids();
        group.bench_function(id, |b| {
            b.iter_custom(|iters| (0..iters).map(|_| f.tessera_sign(&mut ours)).sum());
        });
        group.bench_function(d_id, |b| {
            b.iter_custom(|iters| (0..iters).map(|_| f.dkls23_sign()).sum());
        });
    }
    group.finish();

    let mut group = c.benchmark_group(group_name::<S>("ecdsa-sign"));
    for f in &fixtures {
        let (id, d_id) = f.ids();
        let prehash = [0x5a; 32];
        group.bench_function(id, |b| {
            b.iter(|| {
                let session = f.session(&mut ours);
                local::sign(&session, &f.keys, &f.setups, &prehash, &mut ours).unwrap()
            });
        });
        group.bench_function(d_id, |b| b.iter(|| f.dkls23_sign()));
    }
    group.finish();
}

fn ecdsa_benches(c: &mut Criterion) {
    ecdsa_setup::<Secp256k1>(c);
    ecdsa_setup::<P256>(c);
    ecdsa_sign::<Secp256k1>(c);
    ecdsa_sign::<P256>(c);
}

criterion_group! {
    name = benches;
    config = config();
    targets = ecdsa_benches
}
criterion_main!(benches);
