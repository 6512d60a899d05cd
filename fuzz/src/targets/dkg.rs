//! `dkg`: the DKG (tessera-keys `dkg`) with hostile participants.
//!
//! Every participant runs `part1` from a fixed seed; hostile participants
//! then send each honest participant whatever the input says in place of
//! their round-1 broadcast (a different one to each: equivocation) and of
//! their round-2 share, and identifiers that are not participants may send
//! both. Each honest participant runs `part2` and `finish`.
//!
//! Checked: no error names an honest participant; honest participants
//! that finish with the same transcript digest hold the same public key
//! package, and any `t` of them reconstruct a key whose public key is the
//! group key. (If one honest participant aborts in `part2`, the DKG stops
//! there, as it would on a network.)

use std::collections::BTreeMap;

use arbitrary::Arbitrary;
use tessera_core::encoding::Wire;
use tessera_core::{Identifier, Suite};
use tessera_keys::dkg::{self, DkgOutput, Round1Package, Round2Package};
use tessera_keys::reconstruct::reconstruct;

use crate::cast::{Cast, rng};
use crate::hostile::{Hostile, Pool, deliver, nth};
use crate::oracle::blames_no_honest;
use crate::{encode_struct, with_suite};

/// One input of the `dkg` target.
#[derive(Arbitrary, Clone, Debug, PartialEq, Eq)]
pub struct DkgInput {
    /// The suite (any of the five).
    pub suite: u8,
    /// The cast ([`Cast::new`]).
    pub shape: u8,
    /// Round-1 packages from hostile to honest participants, in the order
    /// (hostile sender, honest recipient) of their identifiers.
    pub round1: Vec<Hostile>,
    /// Round-2 packages, in the same order.
    pub round2: Vec<Hostile>,
    /// Messages from identifiers that are not participants: (identifier,
    /// (round-1 package, round-2 package)), the same to every honest one.
    pub extra: Vec<(u8, (Hostile, Hostile))>,
}
encode_struct!(DkgInput {
    suite,
    shape,
    round1,
    round2,
    extra
});

/// Runs one input.
pub fn run(input: &DkgInput) {
    with_suite!(input.suite, run_suite(input));
}

fn step_rng<S: Suite>(step: &[u8], id: &Identifier<S>) -> rand_chacha::ChaCha20Rng {
    rng(&[step, S::NAME.as_bytes(), id.to_bytes().as_ref()])
}

fn run_suite<S: Suite>(input: &DkgInput) {
    let cast = Cast::<S>::new(input.shape);
    let honest = &cast.honest;
    let mut secrets = BTreeMap::new();
    let mut broadcasts: BTreeMap<Identifier<S>, Round1Package<S>> = BTreeMap::new();
    for i in &cast.ids {
        let Ok((secret, package)) = dkg::part1(*i, cast.t, &cast.ids, &mut step_rng(b"dkg1", i))
        else {
            panic!("{}: honest part1 fails", S::NAME);
        };
        secrets.insert(*i, secret);
        broadcasts.insert(*i, package);
    }
    let pool = Pool::<S> {
        points: broadcasts
            .values()
            .flat_map(|p| p.commitment().points().to_vec())
            .collect(),
        scalars: Vec::new(),
    };
    let others1: Vec<Vec<u8>> = broadcasts.values().map(Wire::to_bytes).collect();
    let extras: Vec<(Identifier<S>, &Hostile, &Hostile)> = input
        .extra
        .iter()
        .take(3)
        .filter_map(|(i, (r1, r2))| {
            let x = Identifier::<S>::new(u16::from(*i))?;
            (!cast.ids.contains(&x)).then_some((x, r1, r2))
        })
        .collect();
    let first_hostile = cast.hostile[0];

    // Round 1: what each honest participant receives.
    let mut round2_states = BTreeMap::new();
    for (hi, h) in honest.iter().enumerate() {
        let mut inbox = BTreeMap::new();
        for (ai, a) in cast.hostile.iter().enumerate() {
            let hostile = nth(&input.round1, ai * honest.len() + hi);
            if let Some(p) = deliver(&broadcasts[a], hostile, &others1, &pool) {
                inbox.insert(*a, p);
            }
        }
        for other in honest.iter().filter(|o| *o != h) {
            inbox.insert(*other, broadcasts[other].clone());
        }
        for (x, r1, _) in &extras {
            if let Some(p) = deliver(&broadcasts[&first_hostile], r1, &others1, &pool) {
                inbox.insert(*x, p);
            }
        }
        let Some(secret) = secrets.remove(h) else {
            return;
        };
        match dkg::part2(secret, &inbox) {
            Ok(state) => {
                round2_states.insert(*h, state);
            }
            Err(e) => {
                blames_no_honest("dkg::part2", honest, &e.culprits(), &e);
                return;
            }
        }
    }

    // The hostile participants' round-2 packages as honest ones would be.
    let mut sent: BTreeMap<Identifier<S>, BTreeMap<Identifier<S>, Round2Package<S>>> =
        BTreeMap::new();
    for a in &cast.hostile {
        let Some(secret) = secrets.remove(a) else {
            continue;
        };
        let inbox: BTreeMap<_, _> = broadcasts
            .iter()
            .filter(|(i, _)| *i != a)
            .map(|(i, p)| (*i, p.clone()))
            .collect();
        if let Ok((_, out)) = dkg::part2(secret, &inbox) {
            sent.insert(*a, out);
        }
    }
    let mut states = BTreeMap::new();
    for (h, (state, out)) in round2_states {
        states.insert(h, state);
        sent.insert(h, out);
    }
    let others2: Vec<Vec<u8>> = sent
        .values()
        .flat_map(|out| out.values().map(Wire::to_bytes))
        .collect();

    // Round 2 and finish.
    let mut outputs: Vec<DkgOutput<S>> = Vec::new();
    for (hi, h) in honest.iter().enumerate() {
        let mut inbox = BTreeMap::new();
        for (from, out) in &sent {
            let Some(template) = out.get(h) else { continue };
            if cast.is_honest(from) {
                inbox.insert(*from, template.clone());
                continue;
            }
            let ai = cast.hostile.iter().position(|a| a == from).unwrap_or(0);
            let hostile = nth(&input.round2, ai * honest.len() + hi);
            if let Some(p) = deliver(template, hostile, &others2, &pool) {
                inbox.insert(*from, p);
            }
        }
        if let Some(template) = sent.get(&first_hostile).and_then(|out| out.get(h)) {
            for (x, _, r2) in &extras {
                if let Some(p) = deliver(template, r2, &others2, &pool) {
                    inbox.insert(*x, p);
                }
            }
        }
        let Some(state) = states.remove(h) else {
            return;
        };
        match dkg::finish(state, &inbox, &mut step_rng(b"dkg finish", h)) {
            Ok(out) => outputs.push(out),
            Err(e) => blames_no_honest("dkg::finish", honest, &e.culprits(), &e),
        }
    }

    // Honest participants that saw the same broadcasts agree, and hold a
    // sharing of the group key.
    for out in &outputs {
        let agreeing: Vec<&DkgOutput<S>> = outputs
            .iter()
            .filter(|o| o.transcript == out.transcript)
            .collect();
        for o in &agreeing {
            assert!(
                o.public == out.public,
                "{}: honest participants with the same transcript hold different public key packages",
                S::NAME
            );
        }
        if agreeing.len() >= usize::from(cast.t) {
            let keys: Vec<_> = agreeing.iter().map(|o| o.key_package.clone()).collect();
            if let Err(e) = reconstruct(&out.public, &keys) {
                panic!(
                    "{}: the honest participants' DKG shares do not reconstruct the group key: {e}",
                    S::NAME
                );
            }
        }
    }
}
