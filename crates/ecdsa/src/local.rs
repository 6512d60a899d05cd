//! Every step run among parties held in one process: for tests, benchmarks
//! and demos, and the shortest complete description of who sends what to
//! whom. In a deployment each party runs its own steps and the messages
//! travel over authenticated channels.

use std::collections::BTreeMap;

use tessera_core::Identifier;
use tessera_frost::KeyPackage;

use crate::error::Error;
use crate::setup::{self, PairwiseSetups};
use crate::sign::{self, Presignature, Signature, SigningSession};
use crate::suite::EcdsaSuite;

/// A pair of members.
pub type Pair<S> = (Identifier<S>, Identifier<S>);

/// Every member's pair setups, by member.
pub type Setups<S> = BTreeMap<Identifier<S>, PairwiseSetups<S>>;

/// Runs the pairwise setup of the pair `{a, b}`: returns `a`'s and `b`'s
/// results.
pub fn run_pair<S: EcdsaSuite, R: rand_core::CryptoRng + ?Sized>(
    a: Identifier<S>,
    b: Identifier<S>,
    rng: &mut R,
) -> Result<(setup::PairSetup<S>, setup::PairSetup<S>), Error<S>> {
    let (round_a, to_b) = setup::start(a, b, rng)?;
    let (round_b, to_a) = setup::start(b, a, rng)?;
    Ok((
        setup::finish(round_a, &to_a)?,
        setup::finish(round_b, &to_b)?,
    ))
}

/// Brings `setups` up to date for `members`: adds an entry for every new
/// member and runs the setup of exactly the pairs that have none yet (all
/// pairs the first time; after a reshare, only pairs with a new member).
/// Returns the pairs that were run.
pub fn setup_members<S: EcdsaSuite, R: rand_core::CryptoRng + ?Sized>(
    setups: &mut Setups<S>,
    members: &[Identifier<S>],
    rng: &mut R,
) -> Result<Vec<Pair<S>>, Error<S>> {
    for id in members {
        setups
            .entry(*id)
            .or_insert_with(|| PairwiseSetups::new(*id));
    }
    let mut run = Vec::new();
    for (i, a) in members.iter().enumerate() {
        for b in members.iter().skip(i + 1) {
            let missing = setups
                .get(a)
                .map(|s| !s.missing(&[*b]).is_empty())
                .unwrap_or(true)
                || setups
                    .get(b)
                    .map(|s| !s.missing(&[*a]).is_empty())
                    .unwrap_or(true);
            if !missing {
                continue;
            }
            let (for_a, for_b) = run_pair(*a, *b, rng)?;
            if let Some(s) = setups.get_mut(a) {
                s.insert(for_a)?;
            }
            if let Some(s) = setups.get_mut(b) {
                s.insert(for_b)?;
            }
            run.push((*a, *b));
        }
    }
    Ok(run)
}

/// The pair setups of every member of `members`, from scratch.
pub fn setup_all<S: EcdsaSuite, R: rand_core::CryptoRng + ?Sized>(
    members: &[Identifier<S>],
    rng: &mut R,
) -> Result<Setups<S>, Error<S>> {
    let mut setups = Setups::new();
    setup_members(&mut setups, members, rng)?;
    Ok(setups)
}

/// Runs rounds 1 and 2 for every signer of `session` and returns their
/// presignatures.
pub fn presign_all<S: EcdsaSuite, R: rand_core::CryptoRng + ?Sized>(
    session: &SigningSession<S>,
    keys: &BTreeMap<Identifier<S>, KeyPackage<S>>,
    setups: &Setups<S>,
    rng: &mut R,
) -> Result<BTreeMap<Identifier<S>, Presignature<S>>, Error<S>> {
    let key = |id: &Identifier<S>| keys.get(id).ok_or(Error::MissingMessage { culprit: *id });
    let setup = |id: &Identifier<S>| setups.get(id).ok_or(Error::MissingSetup { peer: *id });
    let mut states = BTreeMap::new();
    let mut sent = BTreeMap::new();
    for id in session.signers() {
        let (state, out) = sign::round1(session, key(id)?, setup(id)?, rng)?;
        states.insert(*id, state);
        sent.insert(*id, out);
    }
    let mut states2 = BTreeMap::new();
    let mut sent2 = BTreeMap::new();
    for (id, state) in states {
        let (state, out) = sign::round2(
            state,
            session,
            key(&id)?,
            setup(&id)?,
            &inbox(&sent, &id),
            rng,
        )?;
        states2.insert(id, state);
        sent2.insert(id, out);
    }
    let mut presignatures = BTreeMap::new();
    for (id, state) in states2 {
        let presignature = sign::presign(state, session, setup(&id)?, &inbox(&sent2, &id))?;
        presignatures.insert(id, presignature);
    }
    Ok(presignatures)
}

/// Signs `prehash` with every signer of `session`: rounds 1 to 3 and the
/// combination.
pub fn sign<S: EcdsaSuite, R: rand_core::CryptoRng + ?Sized>(
    session: &SigningSession<S>,
    keys: &BTreeMap<Identifier<S>, KeyPackage<S>>,
    setups: &Setups<S>,
    prehash: &[u8; 32],
    rng: &mut R,
) -> Result<Signature<S>, Error<S>> {
    let presignatures = presign_all(session, keys, setups, rng)?;
    let shares = presignatures
        .into_iter()
        .map(|(id, p)| (id, p.sign(prehash)))
        .collect();
    sign::combine(session, prehash, &shares)
}

/// What `me` received: the message each sender addressed to it.
pub fn inbox<S: EcdsaSuite, T: Clone>(
    sent: &BTreeMap<Identifier<S>, BTreeMap<Identifier<S>, T>>,
    me: &Identifier<S>,
) -> BTreeMap<Identifier<S>, T> {
    sent.iter()
        .filter_map(|(from, out)| Some((*from, out.get(me)?.clone())))
        .collect()
}
