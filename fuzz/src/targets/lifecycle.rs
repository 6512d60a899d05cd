//! `lifecycle`: reshare (refresh, revoke, threshold change), repair and
//! reconstruction (tessera-keys) with hostile participants, on a key dealt
//! from a fixed seed.
//!
//! - [`LifeOp::Reshare`]: hostile dealers send each honest party whatever
//!   the input says in place of their broadcast commitment and sub-share;
//!   honest new members run `reshare::receive`, honest dealers outside the
//!   new committee `reshare::new_public`. No error may name an honest
//!   party; the group key never changes; honest parties that received the
//!   same commitments hold the same public key package, and any `t_new`
//!   honest new members reconstruct the original secret.
//! - [`LifeOp::Repair`]: hostile helpers send commitments, summands and
//!   sums; honest helpers run `repair::step2`, an honest target
//!   `repair::step3`. No error may name an honest party, and a repaired (or
//!   enrolled) share must be exactly the share of the original polynomial
//!   at the target.
//! - [`LifeOp::Reconstruct`]: hostile key packages next to the honest
//!   parties' own; `reconstruct` must name no honest party (except one
//!   whose identifier a hostile package claims) and, if it succeeds, return
//!   the original secret.

use std::collections::{BTreeMap, BTreeSet};

use arbitrary::Arbitrary;
use ff::Field;
use tessera_core::encoding::Wire;
use tessera_core::lagrange::lagrange_coefficients;
use tessera_core::{Identifier, Scalar, Suite};
use tessera_frost::PublicKeyPackage;
use tessera_keys::reconstruct::reconstruct;
use tessera_keys::repair::{self, RepairConfig};
use tessera_keys::reshare::{self, ReshareConfig};

use crate::cast::{Cast, Dealt, dealt, id, rng};
use crate::hostile::{Hostile, Pool, deliver, nth};
use crate::oracle::blames_no_honest;
use crate::seed::{Encode, SeedWriter};
use crate::{encode_struct, with_suite};

/// One input of the `lifecycle` target.
#[derive(Arbitrary, Clone, Debug, PartialEq, Eq)]
pub struct LifecycleInput {
    /// The suite (any of the five).
    pub suite: u8,
    /// The cast of the current key ([`Cast::new`]).
    pub shape: u8,
    /// The protocol and what the hostile parties do.
    pub op: LifeOp,
}
encode_struct!(LifecycleInput { suite, shape, op });

/// The protocol and what the hostile parties send.
#[derive(Arbitrary, Clone, Debug, PartialEq, Eq)]
pub enum LifeOp {
    /// A reshare.
    Reshare {
        /// The dealers (a mask over the current participants).
        dealers: u8,
        /// The new committee: bits 0-1 its size `2 + x` (identifiers
        /// `1..`), bits 2-4 its threshold, bit 5 whether new identifiers
        /// are hostile.
        members: u8,
        /// Commitments, in the order (hostile dealer, honest recipient).
        commitments: Vec<Hostile>,
        /// Sub-shares, in the order (hostile dealer, honest new member).
        shares: Vec<Hostile>,
    },
    /// A repair (or an enrolment, target `0`: a new identifier).
    Repair {
        /// The helpers (a mask over the current participants).
        helpers: u8,
        /// The target: participant `target % (n + 1)`, `0` a new one.
        target: u8,
        /// Commitments, in the order (hostile helper, honest recipient).
        commitments: Vec<Hostile>,
        /// Summands, in the order (hostile helper, honest helper).
        deltas: Vec<Hostile>,
        /// Sums to the target, in hostile helper order.
        sigmas: Vec<Hostile>,
    },
    /// A reconstruction: (template key package index, what is sent).
    Reconstruct {
        /// Hostile key packages.
        keys: Vec<(u8, Hostile)>,
    },
}

impl Encode for LifeOp {
    fn encode(&self, w: &mut SeedWriter) {
        match self {
            LifeOp::Reshare {
                dealers,
                members,
                commitments,
                shares,
            } => {
                w.variant(0, 3);
                dealers.encode(w);
                members.encode(w);
                commitments.encode(w);
                shares.encode(w);
            }
            LifeOp::Repair {
                helpers,
                target,
                commitments,
                deltas,
                sigmas,
            } => {
                w.variant(1, 3);
                helpers.encode(w);
                target.encode(w);
                commitments.encode(w);
                deltas.encode(w);
                sigmas.encode(w);
            }
            LifeOp::Reconstruct { keys } => {
                w.variant(2, 3);
                keys.encode(w);
            }
        }
    }
}

/// Runs one input.
pub fn run(input: &LifecycleInput) {
    with_suite!(input.suite, run_suite(input));
}

fn run_suite<S: Suite>(input: &LifecycleInput) {
    let cast = Cast::<S>::new(input.shape);
    let n = u16::try_from(cast.ids.len()).unwrap_or(2);
    let dealt = dealt::<S>(cast.t, n);
    match &input.op {
        LifeOp::Reshare {
            dealers,
            members,
            commitments,
            shares,
        } => run_reshare(&cast, &dealt, *dealers, *members, commitments, shares),
        LifeOp::Repair {
            helpers,
            target,
            commitments,
            deltas,
            sigmas,
        } => run_repair(
            &cast,
            &dealt,
            *helpers,
            *target,
            commitments,
            deltas,
            sigmas,
        ),
        LifeOp::Reconstruct { keys } => run_reconstruct(&cast, &dealt, keys),
    }
}

fn step_rng<S: Suite>(step: &[u8], id: &Identifier<S>) -> rand_chacha::ChaCha20Rng {
    rng(&[step, S::NAME.as_bytes(), id.to_bytes().as_ref()])
}

fn base_pool<S: Suite>(cast: &Cast<S>, dealt: &Dealt<S>) -> Pool<S> {
    let public = &dealt.output.public;
    let mut points: Vec<_> = public.verifying_shares().values().copied().collect();
    points.push(public.group_key());
    let scalars = dealt
        .output
        .key_packages
        .iter()
        .filter(|k| !cast.is_honest(&k.id()))
        .map(|k| *k.signing_share().expose())
        .collect();
    Pool { points, scalars }
}

fn key_of<'a, S: Suite>(
    dealt: &'a Dealt<S>,
    who: &Identifier<S>,
) -> Option<&'a tessera_frost::KeyPackage<S>> {
    dealt.output.key_packages.iter().find(|k| k.id() == *who)
}

fn run_reshare<S: Suite>(
    cast: &Cast<S>,
    dealt: &Dealt<S>,
    dealer_mask: u8,
    shape: u8,
    hostile_commitments: &[Hostile],
    hostile_shares: &[Hostile],
) {
    let old = &dealt.output.public;
    let dealers = cast.subset(dealer_mask);
    let new_n = 2 + u16::from(shape & 3);
    let new_t = 2 + u16::from((shape >> 2) & 7) % (new_n - 1);
    let members: Vec<Identifier<S>> = (1..=new_n).map(id).collect();
    let new_hostile = shape & 0x20 != 0;
    let is_honest =
        |x: &Identifier<S>| cast.is_honest(x) || (!cast.ids.contains(x) && !new_hostile);
    let mut everyone: BTreeSet<Identifier<S>> = dealers.iter().copied().collect();
    everyone.extend(members.iter().copied());
    let honest: Vec<Identifier<S>> = everyone.iter().copied().filter(|x| is_honest(x)).collect();
    let hostile_dealers: Vec<Identifier<S>> =
        dealers.iter().copied().filter(|x| !is_honest(x)).collect();
    let Ok(config) = ReshareConfig::new(old.clone(), &dealers, &members, new_t) else {
        return;
    };

    let mut dealings = BTreeMap::new();
    for d in &dealers {
        let Some(key) = key_of(dealt, d) else { return };
        match reshare::deal(&config, key, &mut step_rng(b"deal", d)) {
            Ok(dealing) => {
                dealings.insert(*d, dealing);
            }
            Err(e) => panic!("{}: an honest dealing fails: {e}", S::NAME),
        }
    }
    let mut pool = base_pool(cast, dealt);
    pool.points.extend(
        dealings
            .values()
            .flat_map(|(c, _)| c.commitment().points().to_vec()),
    );
    let others_c: Vec<Vec<u8>> = dealings.values().map(|(c, _)| c.to_bytes()).collect();
    let others_s: Vec<Vec<u8>> = dealings
        .values()
        .flat_map(|(_, s)| s.values().map(Wire::to_bytes))
        .collect();
    let honest_members: Vec<Identifier<S>> =
        members.iter().copied().filter(|x| is_honest(x)).collect();

    let mut results = Vec::new();
    for (ri, r) in honest.iter().enumerate() {
        let mut commitments = BTreeMap::new();
        let mut shares = BTreeMap::new();
        let member_index = honest_members.iter().position(|m| m == r);
        for (d, (c, s)) in &dealings {
            if is_honest(d) {
                commitments.insert(*d, c.clone());
                if let Some(share) = s.get(r) {
                    shares.insert(*d, share.clone());
                }
                continue;
            }
            let di = hostile_dealers.iter().position(|x| x == d).unwrap_or(0);
            let hostile = nth(hostile_commitments, di * honest.len() + ri);
            if let Some(c) = deliver(c, hostile, &others_c, &pool) {
                commitments.insert(*d, c);
            }
            if let (Some(mi), Some(template)) = (member_index, s.get(r)) {
                let hostile = nth(hostile_shares, di * honest_members.len() + mi);
                if let Some(share) = deliver(template, hostile, &others_s, &pool) {
                    shares.insert(*d, share);
                }
            }
        }
        let mut rng = step_rng(b"reshare receive", r);
        if member_index.is_some() {
            match reshare::receive(&config, *r, &commitments, &shares, &mut rng) {
                Ok((key, public)) => results.push((commitments, public, Some(key))),
                Err(e) => blames_no_honest("reshare::receive", &honest, &e.culprits(), &e),
            }
        } else {
            match reshare::new_public(&config, &commitments, &mut rng) {
                Ok(public) => results.push((commitments, public, None)),
                Err(e) => blames_no_honest("reshare::new_public", &honest, &e.culprits(), &e),
            }
        }
    }

    for (commitments, public, _) in &results {
        assert!(
            public.group_key() == old.group_key(),
            "{}: a reshare changed the group key",
            S::NAME
        );
        let agreeing: Vec<&(_, PublicKeyPackage<S>, _)> = results
            .iter()
            .filter(|(c, _, _)| c == commitments)
            .collect();
        for (_, other, _) in &agreeing {
            assert!(
                other == public,
                "{}: honest parties with the same commitments hold different public key packages",
                S::NAME
            );
        }
        let keys: Vec<_> = agreeing.iter().filter_map(|(_, _, k)| k.clone()).collect();
        if keys.len() >= usize::from(new_t) {
            match reconstruct(public, &keys) {
                Ok(secret) => assert!(
                    secret.expose() == dealt.secret.expose(),
                    "{}: the reshared key is another key",
                    S::NAME
                ),
                Err(e) => panic!(
                    "{}: honest new members' shares do not reconstruct the key: {e}",
                    S::NAME
                ),
            }
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn run_repair<S: Suite>(
    cast: &Cast<S>,
    dealt: &Dealt<S>,
    helper_mask: u8,
    target: u8,
    hostile_commitments: &[Hostile],
    hostile_deltas: &[Hostile],
    hostile_sigmas: &[Hostile],
) {
    let public = &dealt.output.public;
    let n = u16::try_from(cast.ids.len()).unwrap_or(2);
    let target = match u16::from(target) % (n + 1) {
        0 => id::<S>(n + 1),
        i => id::<S>(i),
    };
    let helpers: Vec<Identifier<S>> = cast
        .subset(helper_mask)
        .into_iter()
        .filter(|h| *h != target)
        .collect();
    let Ok(config) = RepairConfig::new(public.clone(), &helpers, target) else {
        return;
    };
    let target_honest = !cast.ids.contains(&target) || cast.is_honest(&target);
    let mut honest: Vec<Identifier<S>> = helpers
        .iter()
        .copied()
        .filter(|h| cast.is_honest(h))
        .collect();
    let honest_helpers = honest.clone();
    if target_honest {
        honest.push(target);
    }
    let hostile_helpers: Vec<Identifier<S>> = helpers
        .iter()
        .copied()
        .filter(|h| !cast.is_honest(h))
        .collect();

    let mut step1 = BTreeMap::new();
    for h in &helpers {
        let Some(key) = key_of(dealt, h) else { return };
        match repair::step1(&config, key, &mut step_rng(b"repair1", h)) {
            Ok(out) => {
                step1.insert(*h, out);
            }
            Err(e) => panic!("{}: an honest repair step 1 fails: {e}", S::NAME),
        }
    }
    let mut pool = base_pool(cast, dealt);
    let others_c: Vec<Vec<u8>> = step1.values().map(|(c, _)| c.to_bytes()).collect();
    let others_d: Vec<Vec<u8>> = step1
        .values()
        .flat_map(|(_, d)| d.values().map(Wire::to_bytes))
        .collect();
    for (c, _) in step1.values() {
        if let Ok(c) = tessera_keys::repair::RepairCommitments::<S>::from_bytes(&c.to_bytes()) {
            pool.points.extend(commitment_points(&c));
        }
    }

    // What honest recipient `r` (index `ri` among the honest) receives.
    let commitments_for = |ri: usize| {
        let mut map = BTreeMap::new();
        for (h, (c, _)) in &step1 {
            if cast.is_honest(h) {
                map.insert(*h, c.clone());
            } else {
                let hi = hostile_helpers.iter().position(|x| x == h).unwrap_or(0);
                let hostile = nth(hostile_commitments, hi * honest.len() + ri);
                if let Some(c) = deliver(c, hostile, &others_c, &pool) {
                    map.insert(*h, c);
                }
            }
        }
        map
    };

    let mut sigmas = BTreeMap::new();
    for (ji, j) in honest_helpers.iter().enumerate() {
        let commitments = commitments_for(ji);
        let mut deltas = BTreeMap::new();
        for (h, (_, d)) in &step1 {
            let Some(template) = d.get(j) else { continue };
            if cast.is_honest(h) {
                deltas.insert(*h, template.clone());
            } else {
                let hi = hostile_helpers.iter().position(|x| x == h).unwrap_or(0);
                let hostile = nth(hostile_deltas, hi * honest_helpers.len() + ji);
                if let Some(d) = deliver(template, hostile, &others_d, &pool) {
                    deltas.insert(*h, d);
                }
            }
        }
        let Some(key) = key_of(dealt, j) else { return };
        match repair::step2(
            &config,
            key,
            &commitments,
            &deltas,
            &mut step_rng(b"repair2", j),
        ) {
            Ok(sigma) => {
                sigmas.insert(*j, sigma);
            }
            Err(e) => {
                blames_no_honest("repair::step2", &honest, &e.culprits(), &e);
                return;
            }
        }
    }
    if !target_honest {
        return;
    }

    // The hostile helpers' sums, as honest ones would be.
    let honest_c: BTreeMap<_, _> = step1.iter().map(|(h, (c, _))| (*h, c.clone())).collect();
    let mut templates = BTreeMap::new();
    for h in &hostile_helpers {
        let deltas: BTreeMap<_, _> = step1
            .iter()
            .filter_map(|(from, (_, d))| Some((*from, d.get(h)?.clone())))
            .collect();
        let Some(key) = key_of(dealt, h) else {
            continue;
        };
        if let Ok(sigma) = repair::step2(
            &config,
            key,
            &honest_c,
            &deltas,
            &mut step_rng(b"repair2", h),
        ) {
            templates.insert(*h, sigma);
        }
    }
    let others_s: Vec<Vec<u8>> = sigmas
        .values()
        .chain(templates.values())
        .map(Wire::to_bytes)
        .collect();
    for (hi, h) in hostile_helpers.iter().enumerate() {
        let Some(template) = templates.get(h) else {
            continue;
        };
        if let Some(s) = deliver(template, nth(hostile_sigmas, hi), &others_s, &pool) {
            sigmas.insert(*h, s);
        }
    }
    let commitments = commitments_for(honest.len() - 1);
    match repair::step3(
        &config,
        &commitments,
        &sigmas,
        &mut step_rng(b"repair3", &target),
    ) {
        Ok((key, _)) => {
            let expected = share_at(dealt, &target);
            assert!(
                *key.signing_share().expose() == expected,
                "{}: repair gave the target a share that is not its share",
                S::NAME
            );
        }
        Err(e) => blames_no_honest("repair::step3", &honest, &e.culprits(), &e),
    }
}

fn commitment_points<S: Suite>(c: &tessera_keys::repair::RepairCommitments<S>) -> Vec<S::Point> {
    // The commitments' points are not exposed: read them off the encoding
    // (header, epoch, helper, target, count, points).
    let bytes = c.to_bytes();
    let start = 3 + 32 + 2 * S::SCALAR_LEN + 4;
    bytes
        .get(start..)
        .unwrap_or_default()
        .chunks_exact(S::POINT_LEN)
        .filter_map(|p| S::decode_point(p).ok())
        .collect()
}

/// The share of the dealt polynomial at `x`.
fn share_at<S: Suite>(dealt: &Dealt<S>, x: &Identifier<S>) -> Scalar<S> {
    let ids: Vec<Identifier<S>> = dealt.output.key_packages.iter().map(|k| k.id()).collect();
    let Ok(lambdas) = lagrange_coefficients::<S>(&x.to_scalar(), &ids) else {
        return Scalar::<S>::ZERO;
    };
    dealt
        .output
        .key_packages
        .iter()
        .zip(lambdas)
        .fold(Scalar::<S>::ZERO, |acc, (k, l)| {
            acc + l * k.signing_share().expose()
        })
}

fn run_reconstruct<S: Suite>(cast: &Cast<S>, dealt: &Dealt<S>, hostile_keys: &[(u8, Hostile)]) {
    let public = &dealt.output.public;
    let all = &dealt.output.key_packages;
    let others: Vec<Vec<u8>> = all.iter().map(Wire::to_bytes).collect();
    let pool = base_pool(cast, dealt);
    let mut keys: Vec<_> = all
        .iter()
        .filter(|k| cast.is_honest(&k.id()))
        .cloned()
        .collect();
    let mut claimed = BTreeSet::new();
    for (which, hostile) in hostile_keys.iter().take(6) {
        let Some(template) = all.get(usize::from(*which) % all.len()) else {
            continue;
        };
        if let Some(k) = deliver(template, hostile, &others, &pool) {
            claimed.insert(k.id());
            keys.push(k);
        }
    }
    let honest: Vec<_> = cast
        .honest
        .iter()
        .copied()
        .filter(|h| !claimed.contains(h))
        .collect();
    match reconstruct(public, &keys) {
        Ok(secret) => assert!(
            secret.expose() == dealt.secret.expose(),
            "{}: reconstruct returned another secret than the key's",
            S::NAME
        ),
        Err(e) => blames_no_honest("reconstruct", &honest, &e.culprits(), &e),
    }
}
