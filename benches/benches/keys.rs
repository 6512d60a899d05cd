//! Benchmarks of `tessera-keys` against frost-core 3.0, for all four
//! suites: key generation (DKG rounds and a whole party's DKG, the trusted
//! dealer) and the key lifecycle (refresh, repair, reshare, reconstruct).
//!
//! Names follow the convention of `tessera_benches`: group
//! `"{op}/{suite}"`, function `"tessera"` or `"frost-core"`, parameter
//! `"{t}-of-{n}"` (for reshare `"{t}-of-{n}->{t'}-of-{n'}"`).
//!
//! Both implementations run in the same group on the same inputs, prepared
//! outside measurement: tessera makes the key material and the other DKG
//! parties' messages, and frost-core receives them as bytes (its curve
//! crates are a generation older, so no type is shared); frost-core draws
//! its randomness from a rand_core 0.6 ChaCha20. Every protocol is run
//! once, and its result checked, before anything is measured.
//!
//! What is measured:
//!
//! * `dkg-part1`, `dkg-part2`, `dkg-finish`: one party's step, given the
//!   other parties' messages. The steps do not split the work the same way:
//!   frost-core's `part2` verifies the `n - 1` proofs of knowledge while
//!   tessera's `part2` only checks the senders and commitment lengths and
//!   verifies the proofs (batched with the shares) in `finish` (frost-core's
//!   `part3`). Compare the parts with that in mind; **`dkg-party-total`**
//!   (one party's `part1` + `part2` + `finish`/`part3`, given the other
//!   parties' round-1 packages and the round-2 packages addressed to it) is
//!   the like-for-like comparison.
//! * `dealer-keygen`: split a fresh key into `n` key packages and the public
//!   key package. tessera's `dealer::keygen` computes every verifying share
//!   from the Feldman commitment and checks each key package against it;
//!   frost-core's `generate_with_dealer` returns secret shares, which become
//!   key packages by `KeyPackage::try_from` (which verifies each share
//!   against the commitment), so that is included on frost-core's side.
//! * `refresh`: all `n` members refresh, whole protocol with every party
//!   simulated in one process. tessera: `local::run_reshare` with
//!   `ReshareConfig::refresh`. frost-core: its DKG-based refresh
//!   (`refresh_dkg_part1` / `refresh_dkg_part2` / `refresh_dkg_shares` for
//!   every party), the closest to tessera's, which has no dealer either;
//!   frost-core's refresh verifies each received share on its own and no
//!   proof of knowledge, tessera's also checks every dealer's constant term
//!   against its verifying share.
//! * `repair`: repair one lost share with `t` helpers, whole protocol.
//!   tessera's `local::run_repair` is verifiable (commitments to every
//!   summand, checked by every helper and the target); frost-core's
//!   `repair_share_part1/2/3` is the plain Laing–Stinson protocol.
//! * `reshare`: tessera only (frost-core cannot change the threshold or the
//!   committee), whole protocol: `2-of-3->3-of-4` (three holders deal to
//!   themselves and a new member), `3-of-4->2-of-3` (three holders deal to
//!   themselves, the fourth is removed), `2-of-3->2-of-3` (two holders deal
//!   to themselves and a new member replacing the third).
//! * `reconstruct`: the key from `t` key packages. tessera also checks each
//!   share against its verifying share and the result against the group key.
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
use frost_core::Ciphersuite;
use frost_core::keys::dkg as fdkg;
use frost_core::keys::refresh as frefresh;
use frost_core::keys::repairable as frepair;
use frost_core::keys::{
    IdentifierList, KeyPackage as FKeyPackage, PublicKeyPackage as FPublicKeyPackage,
};
use frost_core::{Identifier as FIdentifier, VerifyingKey as FVerifyingKey};
use rand_chacha_06::ChaCha20Rng as ChaCha20Rng06;
use rand_chacha_06::rand_core::SeedableRng as _;
use tessera_benches::rand_chacha::ChaCha20Rng;
use tessera_benches::{FUNCTION, bench_id, config, for_all_suites, group_name, param_label, rng};
use tessera_core::Identifier;
use tessera_core::identifier::identifiers;
use tessera_frost::PublicKeyPackage;
use tessera_keys::reconstruct::reconstruct;
use tessera_keys::repair::RepairConfig;
use tessera_keys::reshare::ReshareConfig;
use tessera_keys::{dealer, dkg, local};
use tessera_peer::{FId, FKeys, Keys, Peer, fid, frost_round1, frost_round2, to_frost, without};

/// The `(t, n)` of the DKG and dealer benchmarks.
const KEYGEN_SIZES: &[(u16, u16)] = &[(2, 3), (3, 4), (7, 10), (67, 100)];

/// The `(t, n)` of the refresh and repair benchmarks.
const LIFECYCLE_SIZES: &[(u16, u16)] = &[(2, 3), (3, 4)];

/// The `(t, n)` of the reconstruct benchmarks.
const RECONSTRUCT_SIZES: &[(u16, u16)] = &[(2, 3), (3, 4), (67, 100)];

/// The function name of frost-core's benchmarks.
const FROST_CORE: &str = "frost-core";

fn frost_id(t: u16, n: u16) -> BenchmarkId {
    BenchmarkId::new(FROST_CORE, param_label(t, n))
}

/// What `me` received: the message each other sender addressed to it.
fn inbox<K: Ord + Copy, V: Clone>(sent: &BTreeMap<K, BTreeMap<K, V>>, me: &K) -> BTreeMap<K, V> {
    sent.iter()
        .filter(|(from, _)| *from != me)
        .map(|(from, out)| (*from, out[me].clone()))
        .collect()
}

// ---------------------------------------------------------------------------
// DKG and dealer

/// One `t`-of-`n` DKG seen by participant `me` (the first identifier): the
/// other parties' round-1 packages and the round-2 packages they address to
/// `me`. They are made by tessera and handed to frost-core as bytes, so both
/// sides process the very same messages (frost-core verifies tessera's
/// proofs of knowledge and shares while the fixture is built).
struct DkgFixture<S: Peer> {
    t: u16,
    n: u16,
    ids: Vec<Identifier<S>>,
    me: Identifier<S>,
    others1: BTreeMap<Identifier<S>, dkg::Round1Package<S>>,
    inbox: BTreeMap<Identifier<S>, dkg::Round2Package<S>>,
    f_me: FId<S>,
    f_others1: BTreeMap<FId<S>, fdkg::round1::Package<S::C>>,
    f_inbox: BTreeMap<FId<S>, fdkg::round2::Package<S::C>>,
    /// `me`'s state after frost-core's `part2` (its `part3` borrows it).
    f_secret2: fdkg::round2::SecretPackage<S::C>,
}

impl<S: Peer> DkgFixture<S> {
    fn new(t: u16, n: u16, rng: &mut ChaCha20Rng, rng06: &mut ChaCha20Rng06) -> Self {
        let ids = identifiers::<S>(n);
        let me = ids[0];

        // Everyone's round 1, the others' round 2.
        let mut secrets1 = BTreeMap::new();
        let mut round1 = BTreeMap::new();
        for id in &ids {
            let (secret, package) = dkg::part1(*id, t, &ids, rng).unwrap();
            secrets1.insert(*id, secret);
            round1.insert(*id, package);
        }
        let mut my_secret1 = None;
        let mut inbox = BTreeMap::new();
        for (id, secret) in secrets1 {
            if id == me {
                my_secret1 = Some(secret);
                continue;
            }
            let (_, out) = dkg::part2(secret, &without(&round1, &id)).unwrap();
            inbox.insert(id, out[&me].clone());
        }
        let others1 = without(&round1, &me);
        let (secret2, _) = dkg::part2(my_secret1.unwrap(), &others1).unwrap();
        let out = dkg::finish(secret2, &inbox, rng).unwrap();
        assert_eq!(out.public.verifying_shares().len(), usize::from(n));

        // The same messages for frost-core, and `me`'s frost-core state.
        let f_me = fid(&me);
        let f_others1: BTreeMap<_, _> = others1
            .iter()
            .map(|(id, p)| (fid(id), frost_round1(p)))
            .collect();
        let f_inbox: BTreeMap<_, _> = inbox
            .iter()
            .map(|(id, p)| (fid(id), frost_round2(p)))
            .collect();
        let (f_secret1, _) = fdkg::part1::<S::C, _>(f_me, n, t, &mut *rng06).unwrap();
        let (f_secret2, _) = fdkg::part2(f_secret1, &f_others1).unwrap();
        let (_, f_public) = fdkg::part3(&f_secret2, &f_others1, &f_inbox).unwrap();
        assert_eq!(f_public.verifying_shares().len(), usize::from(n));

        Self {
            t,
            n,
            ids,
            me,
            others1,
            inbox,
            f_me,
            f_others1,
            f_inbox,
            f_secret2,
        }
    }
}

/// `dkg-part1`: one party's polynomial, commitment and proof of knowledge.
fn dkg_part1<S: Peer>(c: &mut Criterion, fixtures: &[DkgFixture<S>]) {
    let mut group = c.benchmark_group(group_name::<S>("dkg-part1"));
    let mut ours = rng(21);
    let mut theirs = ChaCha20Rng06::seed_from_u64(21);
    for f in fixtures {
        group.bench_function(bench_id(f.t, f.n), |b| {
            b.iter(|| dkg::part1(black_box(f.me), f.t, &f.ids, &mut ours).unwrap());
        });
        group.bench_function(frost_id(f.t, f.n), |b| {
            b.iter(|| fdkg::part1::<S::C, _>(black_box(f.f_me), f.n, f.t, &mut theirs).unwrap());
        });
    }
    group.finish();
}

/// `dkg-part2`: one party's shares for the `n - 1` others, from a fresh
/// round-1 state made outside measurement. frost-core's also verifies the
/// `n - 1` proofs of knowledge (tessera's does that in `finish`).
fn dkg_part2<S: Peer>(c: &mut Criterion, fixtures: &[DkgFixture<S>]) {
    let mut group = c.benchmark_group(group_name::<S>("dkg-part2"));
    let mut ours = rng(22);
    let mut theirs = ChaCha20Rng06::seed_from_u64(22);
    for f in fixtures {
        group.bench_function(bench_id(f.t, f.n), |b| {
            b.iter_batched(
                || dkg::part1(f.me, f.t, &f.ids, &mut ours).unwrap().0,
                |secret| dkg::part2(secret, black_box(&f.others1)).unwrap(),
                BatchSize::SmallInput,
            );
        });
        group.bench_function(frost_id(f.t, f.n), |b| {
            b.iter_batched(
                || {
                    fdkg::part1::<S::C, _>(f.f_me, f.n, f.t, &mut theirs)
                        .unwrap()
                        .0
                },
                |secret| fdkg::part2(secret, black_box(&f.f_others1)).unwrap(),
                BatchSize::SmallInput,
            );
        });
    }
    group.finish();
}

/// `dkg-finish`: one party's last step, from a fresh round-2 state made
/// outside measurement (tessera's `finish` consumes it): verify the `n - 1`
/// shares received (and, in tessera, the `n - 1` proofs of knowledge),
/// derive the key package and the public key package. frost-core's `part3`.
fn dkg_finish<S: Peer>(c: &mut Criterion, fixtures: &[DkgFixture<S>]) {
    let mut group = c.benchmark_group(group_name::<S>("dkg-finish"));
    let mut setup = rng(23);
    let mut ours = rng(24);
    for f in fixtures {
        group.bench_function(bench_id(f.t, f.n), |b| {
            b.iter_batched(
                || {
                    let secret = dkg::part1(f.me, f.t, &f.ids, &mut setup).unwrap().0;
                    dkg::part2(secret, &f.others1).unwrap().0
                },
                |secret| dkg::finish(secret, black_box(&f.inbox), &mut ours).unwrap(),
                BatchSize::SmallInput,
            );
        });
        group.bench_function(frost_id(f.t, f.n), |b| {
            b.iter(|| {
                fdkg::part3(
                    black_box(&f.f_secret2),
                    black_box(&f.f_others1),
                    black_box(&f.f_inbox),
                )
                .unwrap()
            });
        });
    }
    group.finish();
}

/// `dkg-party-total`: one party's whole DKG, `part1` + `part2` +
/// `finish` (frost-core: `part1` + `part2` + `part3`), given the others'
/// messages. The fair comparison of the DKG, whatever step each
/// implementation does its checks in.
fn dkg_party_total<S: Peer>(c: &mut Criterion, fixtures: &[DkgFixture<S>]) {
    let mut group = c.benchmark_group(group_name::<S>("dkg-party-total"));
    let mut ours = rng(25);
    let mut theirs = ChaCha20Rng06::seed_from_u64(25);
    for f in fixtures {
        group.bench_function(bench_id(f.t, f.n), |b| {
            b.iter(|| {
                let (secret, package) = dkg::part1(f.me, f.t, &f.ids, &mut ours).unwrap();
                black_box(package);
                let (secret, sent) = dkg::part2(secret, black_box(&f.others1)).unwrap();
                black_box(sent);
                dkg::finish(secret, black_box(&f.inbox), &mut ours).unwrap()
            });
        });
        group.bench_function(frost_id(f.t, f.n), |b| {
            b.iter(|| {
                let (secret, package) =
                    fdkg::part1::<S::C, _>(f.f_me, f.n, f.t, &mut theirs).unwrap();
                black_box(package);
                let (secret, sent) = fdkg::part2(secret, black_box(&f.f_others1)).unwrap();
                black_box(sent);
                fdkg::part3(&secret, &f.f_others1, black_box(&f.f_inbox)).unwrap()
            });
        });
    }
    group.finish();
}

/// frost-core's trusted dealer, up to key packages: `generate_with_dealer`,
/// then `KeyPackage::try_from` (which verifies the share against the
/// commitment) for each of the `n` secret shares.
fn frost_dealer<C: Ciphersuite>(
    t: u16,
    n: u16,
    rng: &mut ChaCha20Rng06,
) -> (
    BTreeMap<FIdentifier<C>, FKeyPackage<C>>,
    FPublicKeyPackage<C>,
) {
    let (shares, public) =
        frost_core::keys::generate_with_dealer::<C, _>(n, t, IdentifierList::Default, rng).unwrap();
    let keys = shares
        .into_iter()
        .map(|(id, share)| (id, FKeyPackage::try_from(share).unwrap()))
        .collect();
    (keys, public)
}

/// `dealer-keygen`: a fresh key split into `n` key packages and the public
/// key package.
fn dealer_keygen<S: Peer>(c: &mut Criterion, fixtures: &[DkgFixture<S>]) {
    let mut group = c.benchmark_group(group_name::<S>("dealer-keygen"));
    let mut ours = rng(26);
    let mut theirs = ChaCha20Rng06::seed_from_u64(26);
    for f in fixtures {
        group.bench_function(bench_id(f.t, f.n), |b| {
            b.iter(|| dealer::keygen::<S, _>(f.t, black_box(&f.ids), &mut ours).unwrap());
        });
        group.bench_function(frost_id(f.t, f.n), |b| {
            b.iter(|| frost_dealer::<S::C>(f.t, black_box(f.n), &mut theirs));
        });
    }
    group.finish();
}

// ---------------------------------------------------------------------------
// Lifecycle

/// A `t`-of-`n` key dealt by tessera (identifiers `1..=n`), and the same key
/// packages in frost-core, from bytes.
struct KeyFixture<S: Peer> {
    t: u16,
    n: u16,
    ids: Vec<Identifier<S>>,
    keys: Keys<S>,
    public: PublicKeyPackage<S>,
    f_keys: FKeys<S>,
    f_public: FPublicKeyPackage<S::C>,
}

impl<S: Peer> KeyFixture<S> {
    fn new(t: u16, n: u16, rng: &mut ChaCha20Rng) -> Self {
        let ids = identifiers::<S>(n);
        let out = dealer::keygen::<S, _>(t, &ids, rng).unwrap();
        let public = out.public;
        let keys: Keys<S> = out.key_packages.into_iter().map(|k| (k.id(), k)).collect();
        let (f_keys, f_public) = to_frost(&keys, &public);
        Self {
            t,
            n,
            ids,
            keys,
            public,
            f_keys,
            f_public,
        }
    }
}

type FRefreshInput<C> = BTreeMap<FIdentifier<C>, (FKeyPackage<C>, FPublicKeyPackage<C>)>;

/// frost-core's DKG-based refresh for every party: `refresh_dkg_part1`,
/// `refresh_dkg_part2`, `refresh_dkg_shares`. Each party's old key package
/// and public key package are consumed.
fn frost_refresh<C: Ciphersuite>(
    t: u16,
    old: FRefreshInput<C>,
    rng: &mut ChaCha20Rng06,
) -> FRefreshInput<C> {
    let n = u16::try_from(old.len()).unwrap();
    let mut secrets1 = BTreeMap::new();
    let mut round1 = BTreeMap::new();
    for id in old.keys() {
        let (secret, package) = frefresh::refresh_dkg_part1::<C, _>(*id, n, t, &mut *rng).unwrap();
        secrets1.insert(*id, secret);
        round1.insert(*id, package);
    }
    let mut secrets2 = BTreeMap::new();
    let mut sent = BTreeMap::new();
    for (id, secret) in secrets1 {
        let (secret2, out) = frefresh::refresh_dkg_part2(secret, &without(&round1, &id)).unwrap();
        secrets2.insert(id, secret2);
        sent.insert(id, out);
    }
    old.into_iter()
        .map(|(id, (key, public))| {
            let refreshed = frefresh::refresh_dkg_shares(
                &secrets2[&id],
                &without(&round1, &id),
                &inbox(&sent, &id),
                public,
                key,
            )
            .unwrap();
            (id, refreshed)
        })
        .collect()
}

/// `refresh`: all `n` members refresh, the whole protocol.
fn refresh<S: Peer>(c: &mut Criterion, fixtures: &[KeyFixture<S>]) {
    let mut group = c.benchmark_group(group_name::<S>("refresh"));
    let mut ours = rng(31);
    let mut theirs = ChaCha20Rng06::seed_from_u64(31);
    for f in fixtures {
        let config = ReshareConfig::refresh(f.public.clone(), &f.ids).unwrap();
        let f_old = || -> FRefreshInput<S::C> {
            f.f_keys
                .iter()
                .map(|(id, k)| (*id, (k.clone(), f.f_public.clone())))
                .collect()
        };
        // Both give new shares of the same key.
        let (new_keys, new_public) = local::run_reshare(&config, &f.keys, &mut ours).unwrap();
        assert_ne!(new_public.epoch(), f.public.epoch());
        let chosen: Vec<_> = new_keys.values().take(usize::from(f.t)).cloned().collect();
        reconstruct(&new_public, &chosen).unwrap();
        let refreshed = frost_refresh::<S::C>(f.t, f_old(), &mut theirs);
        let chosen: Vec<_> = refreshed
            .values()
            .take(usize::from(f.t))
            .map(|(k, _)| k.clone())
            .collect();
        let key = frost_core::keys::reconstruct(&chosen).unwrap();
        assert_eq!(FVerifyingKey::from(&key), *f.f_public.verifying_key());
        assert_ne!(
            chosen[0].signing_share(),
            f.f_keys[chosen[0].identifier()].signing_share()
        );

        group.bench_function(bench_id(f.t, f.n), |b| {
            b.iter(|| local::run_reshare(black_box(&config), &f.keys, &mut ours).unwrap());
        });
        group.bench_function(frost_id(f.t, f.n), |b| {
            b.iter_batched(
                f_old,
                |old| frost_refresh::<S::C>(f.t, old, &mut theirs),
                BatchSize::SmallInput,
            );
        });
    }
    group.finish();
}

/// frost-core's repair of `target` by `helpers`: `repair_share_part1` at
/// every helper, `repair_share_part2` at every helper, `repair_share_part3`
/// at the target.
fn frost_repair<C: Ciphersuite>(
    keys: &BTreeMap<FIdentifier<C>, FKeyPackage<C>>,
    public: &FPublicKeyPackage<C>,
    helpers: &[FIdentifier<C>],
    target: FIdentifier<C>,
    rng: &mut ChaCha20Rng06,
) -> FKeyPackage<C> {
    let deltas: BTreeMap<_, _> = helpers
        .iter()
        .map(|h| {
            let out = frepair::repair_share_part1(helpers, &keys[h], &mut *rng, target).unwrap();
            (*h, out)
        })
        .collect();
    let sigmas: Vec<_> = helpers
        .iter()
        .map(|j| {
            let received: Vec<_> = helpers.iter().map(|i| deltas[i][j]).collect();
            frepair::repair_share_part2(&received)
        })
        .collect();
    frepair::repair_share_part3(&sigmas, target, public).unwrap()
}

/// `repair`: the last member's share repaired by the first `t`, the whole
/// protocol.
fn repair<S: Peer>(c: &mut Criterion, fixtures: &[KeyFixture<S>]) {
    let mut group = c.benchmark_group(group_name::<S>("repair"));
    let mut ours = rng(32);
    let mut theirs = ChaCha20Rng06::seed_from_u64(32);
    for f in fixtures {
        let target = *f.ids.last().unwrap();
        let helpers = &f.ids[..usize::from(f.t)];
        let config = RepairConfig::new(f.public.clone(), helpers, target).unwrap();
        let f_target = fid(&target);
        let f_helpers: Vec<_> = helpers.iter().map(fid).collect();
        let (key, _) = local::run_repair(&config, &f.keys, &mut ours).unwrap();
        assert_eq!(key, f.keys[&target]);
        let f_key = frost_repair(&f.f_keys, &f.f_public, &f_helpers, f_target, &mut theirs);
        assert_eq!(f_key, f.f_keys[&f_target]);

        group.bench_function(bench_id(f.t, f.n), |b| {
            b.iter(|| local::run_repair(black_box(&config), &f.keys, &mut ours).unwrap());
        });
        group.bench_function(frost_id(f.t, f.n), |b| {
            b.iter(|| {
                frost_repair(
                    black_box(&f.f_keys),
                    &f.f_public,
                    &f_helpers,
                    f_target,
                    &mut theirs,
                )
            });
        });
    }
    group.finish();
}

/// `reshare` (tessera only): see the module documentation for who deals to
/// whom.
fn reshare<S: Peer>(c: &mut Criterion) {
    let mut group = c.benchmark_group(group_name::<S>("reshare"));
    let mut setup = rng(33);
    let mut ours = rng(34);
    let ids = identifiers::<S>(4);
    // (label, old t, old n, dealers, members, new t)
    let cases: [(&str, u16, u16, Vec<_>, Vec<_>, u16); 3] = [
        (
            "2-of-3->3-of-4",
            2,
            3,
            ids[..3].to_vec(),
            ids[..4].to_vec(),
            3,
        ),
        (
            "3-of-4->2-of-3",
            3,
            4,
            ids[..3].to_vec(),
            ids[..3].to_vec(),
            2,
        ),
        (
            "2-of-3->2-of-3",
            2,
            3,
            ids[..2].to_vec(),
            vec![ids[0], ids[1], ids[3]],
            2,
        ),
    ];
    for (label, t, n, dealers, members, new_t) in cases {
        let old = KeyFixture::<S>::new(t, n, &mut setup);
        let config = ReshareConfig::new(old.public.clone(), &dealers, &members, new_t).unwrap();
        let (keys, public) = local::run_reshare(&config, &old.keys, &mut ours).unwrap();
        assert_eq!(public.group_key(), old.public.group_key());
        assert_eq!(public.threshold(), new_t);
        let chosen: Vec<_> = keys.values().take(usize::from(new_t)).cloned().collect();
        reconstruct(&public, &chosen).unwrap();

        group.bench_function(BenchmarkId::new(FUNCTION, label), |b| {
            b.iter(|| local::run_reshare(black_box(&config), &old.keys, &mut ours).unwrap());
        });
    }
    group.finish();
}

/// `reconstruct`: the key from the first `t` key packages.
fn reconstruct_bench<S: Peer>(c: &mut Criterion, fixtures: &[KeyFixture<S>]) {
    let mut group = c.benchmark_group(group_name::<S>("reconstruct"));
    for f in fixtures {
        let chosen: Vec<_> = f.keys.values().take(usize::from(f.t)).cloned().collect();
        let f_chosen: Vec<_> = f.f_keys.values().take(usize::from(f.t)).cloned().collect();
        assert_eq!(
            *reconstruct(&f.public, &chosen).unwrap().to_bytes(),
            frost_core::keys::reconstruct(&f_chosen)
                .unwrap()
                .serialize()
        );

        group.bench_function(bench_id(f.t, f.n), |b| {
            b.iter(|| reconstruct(black_box(&f.public), black_box(&chosen)).unwrap());
        });
        group.bench_function(frost_id(f.t, f.n), |b| {
            b.iter(|| frost_core::keys::reconstruct(black_box(&f_chosen)).unwrap());
        });
    }
    group.finish();
}

/// Every benchmark of suite `S`.
fn keys_suite<S: Peer>(c: &mut Criterion) {
    let mut rng = rng(u64::from(S::ID));
    let mut rng06 = ChaCha20Rng06::seed_from_u64(u64::from(S::ID));
    let dkg: Vec<DkgFixture<S>> = KEYGEN_SIZES
        .iter()
        .map(|&(t, n)| DkgFixture::new(t, n, &mut rng, &mut rng06))
        .collect();
    dkg_part1(c, &dkg);
    dkg_part2(c, &dkg);
    dkg_finish(c, &dkg);
    dkg_party_total(c, &dkg);
    dealer_keygen(c, &dkg);
    drop(dkg);

    let lifecycle: Vec<KeyFixture<S>> = LIFECYCLE_SIZES
        .iter()
        .map(|&(t, n)| KeyFixture::new(t, n, &mut rng))
        .collect();
    refresh(c, &lifecycle);
    repair(c, &lifecycle);
    reshare::<S>(c);
    let whole: Vec<KeyFixture<S>> = RECONSTRUCT_SIZES
        .iter()
        .map(|&(t, n)| KeyFixture::new(t, n, &mut rng))
        .collect();
    reconstruct_bench(c, &whole);
}

fn keys_benches(c: &mut Criterion) {
    for_all_suites!(keys_suite, c);
}

criterion_group! {
    name = benches;
    // Shorter than `config()`'s 0.5 s + 2 s, so that the 57 benchmarks per
    // suite (some of 0.1-1 s per iteration at 67-of-100) run in about 10
    // minutes on two cores.
    config = config()
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_millis(1500));
    targets = keys_benches
}
criterion_main!(benches);
