//! The key protocols' and FROST's parties ([`tessera_core::protocol`])
//! through the in-memory runner: the adapters compute exactly what the
//! protocol steps compute when called directly, on every suite; faults
//! (silence, equivocation, tampering, duplicates, misaddressed messages)
//! give typed errors naming the sender; the delivery order does not change
//! the results.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use common::*;
use proptest::prelude::*;
use rand::SeedableRng;
use rand_chacha::ChaCha20Rng;
use tessera_core::identifier::identifiers;
use tessera_core::protocol::faults::{Envelope, Intercept, NoFaults, Shuffle, Silence};
use tessera_core::protocol::local::{Outcome, run_with};
use tessera_core::protocol::simulation::{Compute, Link, Model, simulate};
use tessera_core::protocol::{Delivery, Protocol};
use tessera_core::suites::{Ed25519, Secp256k1};
use tessera_core::{Identifier, Suite, test_all_suites};
use tessera_frost::{FrostParty, KeyPackage, PublicKeyPackage, Signature, SigningConfig};
use tessera_keys::dkg::{self, DkgOutput};
use tessera_keys::error::Error;
use tessera_keys::local;
use tessera_keys::protocol::DkgParty;
use tessera_keys::repair::RepairConfig;
use tessera_keys::reshare::ReshareConfig;

/// Per-party generators seeded from `seed`, in identifier order.
fn party_rngs<S: Suite>(ids: &[Identifier<S>], seed: u64) -> BTreeMap<Identifier<S>, ChaCha20Rng> {
    let mut master = rng(seed);
    ids.iter()
        .map(|id| (*id, ChaCha20Rng::from_rng(&mut master)))
        .collect()
}

fn dkg_parties<S: Suite>(
    t: u16,
    ids: &[Identifier<S>],
    seed: u64,
) -> Vec<(DkgParty<S>, ChaCha20Rng)> {
    party_rngs(ids, seed)
        .into_iter()
        .map(|(id, r)| (DkgParty::new(id, t, ids), r))
        .collect()
}

/// The DKG computed by calling its three steps directly, each party with
/// the generator the runner gives it.
fn dkg_direct<S: Suite>(
    t: u16,
    ids: &[Identifier<S>],
    seed: u64,
) -> BTreeMap<Identifier<S>, DkgOutput<S>> {
    let mut rngs = party_rngs(ids, seed);
    let mut secrets1 = BTreeMap::new();
    let mut round1 = BTreeMap::new();
    for id in ids {
        let (s, p) = dkg::part1(*id, t, ids, rngs.get_mut(id).unwrap()).unwrap();
        secrets1.insert(*id, s);
        round1.insert(*id, p);
    }
    let transcript = round2_all(ids, secrets1, round1);
    let mut outputs = BTreeMap::new();
    for (id, secret) in transcript.secrets2.into_iter().collect::<Vec<_>>() {
        let received = inbox(
            &Transcript {
                ids: transcript.ids.clone(),
                secrets2: BTreeMap::new(),
                round1: transcript.round1.clone(),
                sent: transcript.sent.clone(),
            },
            &id,
        );
        let out = dkg::finish(secret, &received, rngs.get_mut(&id).unwrap()).unwrap();
        outputs.insert(id, out);
    }
    outputs
}

fn assert_same_dkg<S: Suite>(
    a: &BTreeMap<Identifier<S>, DkgOutput<S>>,
    b: &BTreeMap<Identifier<S>, DkgOutput<S>>,
) {
    assert_eq!(a.len(), b.len());
    for (id, x) in a {
        let y = &b[id];
        assert!(x.key_package == y.key_package, "key package of {id}");
        assert_eq!(x.public, y.public);
        assert_eq!(x.transcript, y.transcript);
    }
}

/// The runner's DKG is the direct DKG, share for share.
fn dkg_matches_direct<S: Suite>() {
    for (t, n) in [(2u16, 3u16), (3, 4)] {
        let ids = identifiers::<S>(n);
        let outcome = run_with(dkg_parties(t, &ids, 7), &mut NoFaults);
        let outputs = outcome.into_result().unwrap();
        assert_same_dkg(&outputs, &dkg_direct(t, &ids, 7));
        // And the key signs (verified against the group key).
        let keys: Vec<&KeyPackage<S>> = outputs.values().map(|o| &o.key_package).collect();
        let public = &outputs[&ids[0]].public;
        let sig = try_sign(&keys[..usize::from(t)], public, b"runner", &mut rng(1)).unwrap();
        sig.verify(&public.group_key(), b"runner").unwrap();
    }
}

/// FROST through the runner, with and without a coordinator, and with a
/// coordinator that does not sign: every arrangement gives a signature that
/// verifies, and the signers' shares are those of the direct steps.
fn frost_arrangements<S: Suite>() {
    let ids = identifiers::<S>(4);
    let (keys, public) = local::run_dkg(3, &ids, &mut rng(0)).unwrap();
    let signers: Vec<Identifier<S>> = ids[1..].to_vec();
    let message = b"frost through the runner";
    let outsider = Identifier::<S>::new(9).unwrap();
    for coordinator in [Some(signers[0]), None, Some(outsider)] {
        let config = SigningConfig::new(public.clone(), &signers, message, coordinator).unwrap();
        let mut parties: Vec<(FrostParty<S>, ChaCha20Rng)> = signers
            .iter()
            .map(|id| {
                (
                    FrostParty::new(&config, *id, Some(&keys[id])).unwrap(),
                    rng(u64::from(id.as_u16().unwrap())),
                )
            })
            .collect();
        if coordinator == Some(outsider) {
            parties.push((FrostParty::new(&config, outsider, None).unwrap(), rng(99)));
        }
        let outputs = run_with(parties, &mut NoFaults).into_result().unwrap();
        let signatures: Vec<&Signature<S>> = outputs.values().flatten().collect();
        match coordinator {
            Some(_) => assert_eq!(signatures.len(), 1),
            None => assert_eq!(signatures.len(), signers.len()),
        }
        for sig in &signatures {
            sig.verify(&public.group_key(), message).unwrap();
            assert_eq!(*sig, signatures[0]);
        }
        // The same nonces and shares as the direct steps.
        let mut direct_keys: Vec<&KeyPackage<S>> = signers.iter().map(|id| &keys[id]).collect();
        direct_keys.sort_by_key(|k| k.id());
        let direct = direct_signature(&direct_keys, &public, message);
        assert_eq!(*signatures[0], direct);
    }
}

/// Signs with round 1, round 2 and aggregate called directly, each signer
/// with the generator `frost_arrangements` gives it.
fn direct_signature<S: Suite>(
    keys: &[&KeyPackage<S>],
    public: &PublicKeyPackage<S>,
    message: &[u8],
) -> Signature<S> {
    let mut nonces = BTreeMap::new();
    let mut commitments = BTreeMap::new();
    for k in keys {
        let mut r = rng(u64::from(k.id().as_u16().unwrap()));
        let (n, c) = tessera_frost::round1::commit(k, &mut r);
        nonces.insert(k.id(), n);
        commitments.insert(k.id(), c);
    }
    let package = tessera_frost::SigningPackage::new(public.epoch(), commitments, message);
    let mut shares = BTreeMap::new();
    for k in keys {
        let n = nonces.remove(&k.id()).unwrap();
        shares.insert(k.id(), tessera_frost::round2::sign(&package, n, k).unwrap());
    }
    tessera_frost::aggregate(&package, &shares, public).unwrap()
}

/// Reshare (2-of-3 to 3-of-4) and repair through `local`, which runs them
/// through the runner: the group key is kept and the new shares sign.
fn reshare_and_repair<S: Suite>() {
    let ids = identifiers::<S>(3);
    let (keys, public) = local::run_dkg(2, &ids, &mut rng(3)).unwrap();
    let members = identifiers::<S>(4);
    let config = ReshareConfig::new(public.clone(), &ids[..2], &members, 3).unwrap();
    let (new_keys, new_public) = local::run_reshare(&config, &keys, &mut rng(4)).unwrap();
    assert_eq!(new_public.group_key(), public.group_key());
    assert_eq!(new_keys.len(), 4);
    let sig =
        local::run_signing(new_keys.values().take(3), &new_public, b"m", &mut rng(5)).unwrap();
    sig.verify(&public.group_key(), b"m").unwrap();

    let repair = RepairConfig::new(new_public.clone(), &members[..3], members[3]).unwrap();
    let (key, repaired_public) = local::run_repair(&repair, &new_keys, &mut rng(6)).unwrap();
    assert!(key == new_keys[&members[3]]);
    assert_eq!(repaired_public, new_public);
}

test_all_suites!(dkg_matches_direct, frost_arrangements, reshare_and_repair);

// ---- faults ---------------------------------------------------------------

fn ids3() -> Vec<Identifier<Secp256k1>> {
    identifiers::<Secp256k1>(3)
}

/// The error `party` reported.
fn error_of<S: Suite, O>(outcome: &Outcome<S, O, Error<S>>, party: Identifier<S>) -> &Error<S> {
    outcome
        .error_of(&party)
        .unwrap_or_else(|| panic!("{party} did not fail"))
}

#[test]
fn silenced_party_is_named_by_every_waiting_party() {
    let ids = ids3();
    let silent = ids[2];
    let mut faults = Silence(BTreeSet::from([silent]));
    let outcome = run_with(dkg_parties(2, &ids, 1), &mut faults);
    assert!(outcome.outputs.is_empty());
    for id in &ids[..2] {
        let err = error_of(&outcome, *id);
        assert!(
            matches!(
                err,
                Error::Core(tessera_core::Error::Timeout { round: 1, culprits }) if *culprits == vec![silent]
            ),
            "{err:?}"
        );
        assert_eq!(err.culprits(), vec![silent]);
        assert!(err.to_string().contains("sent no message for round 1"));
    }
}

#[test]
fn silence_in_round_two_names_the_party_at_waiting_for() {
    // Party 3 drops everything it sends privately: the others have its
    // round-1 broadcast and wait for its share.
    let ids = ids3();
    let quiet = ids[2];
    let mut faults = Intercept(|e: Envelope<Secp256k1>| {
        if e.message.from == quiet && e.message.delivery == Delivery::Private {
            vec![]
        } else {
            vec![e]
        }
    });
    let outcome = run_with(dkg_parties(2, &ids, 2), &mut faults);
    for id in &ids[..2] {
        assert!(matches!(
            error_of(&outcome, *id),
            Error::Core(tessera_core::Error::Timeout { round: 2, culprits }) if *culprits == vec![quiet]
        ));
    }
    // And waiting_for says the same before the runner gives up.
    let mut party = DkgParty::new(ids[0], 2, &ids);
    party.proceed(&mut rng(1)).unwrap();
    let waiting = party.waiting_for().unwrap();
    assert_eq!(waiting.round, 1);
    assert_eq!(waiting.from, ids[1..].to_vec());
}

#[test]
fn equivocation_is_named() {
    let ids = ids3();
    let liar = ids[0];
    let victim = ids[1];
    let mut faults = Intercept(|e: Envelope<Secp256k1>| {
        if e.message.from == liar && e.to == victim && e.message.round == 1 {
            let mut other = e.clone();
            other.message.payload.push(0);
            vec![e, other]
        } else {
            vec![e]
        }
    });
    let outcome = run_with(dkg_parties(2, &ids, 3), &mut faults);
    let err = error_of(&outcome, victim);
    assert!(
        matches!(err, Error::Core(tessera_core::Error::Equivocation { culprit, round: 1 }) if *culprit == liar),
        "{err:?}"
    );
}

#[test]
fn duplicates_are_ignored() {
    let ids = ids3();
    let mut faults = Intercept(|e: Envelope<Secp256k1>| vec![e.clone(), e]);
    let outputs = run_with(dkg_parties(2, &ids, 4), &mut faults)
        .into_result()
        .unwrap();
    assert_same_dkg(&outputs, &dkg_direct(2, &ids, 4));
}

#[test]
fn tampered_broadcast_names_its_sender() {
    let ids = ids3();
    let sender = ids[1];
    // A round-1 package cut short does not decode.
    let mut faults = Intercept(|mut e: Envelope<Secp256k1>| {
        if e.message.from == sender && e.message.round == 1 {
            e.message.payload.pop();
        }
        vec![e]
    });
    let outcome = run_with(dkg_parties(2, &ids, 5), &mut faults);
    for id in [ids[0], ids[2]] {
        let err = error_of(&outcome, id);
        assert!(
            matches!(err, Error::Core(tessera_core::Error::MalformedMessage { culprit, round: 1, .. }) if *culprit == sender),
            "{err:?}"
        );
        assert_eq!(err.culprits(), vec![sender]);
    }
}

#[test]
fn tampered_share_names_its_sender() {
    // A round-2 share changed to another valid scalar: it decodes, and the
    // recipient's Feldman check names the dealer.
    let ids = ids3();
    let sender = ids[0];
    let victim = ids[2];
    let mut faults = Intercept(|mut e: Envelope<Secp256k1>| {
        if e.message.from == sender && e.to == victim && e.message.round == 2 {
            // secp256k1 scalars are big-endian: the last byte is the
            // lowest; flipping its low bit keeps the scalar canonical.
            let last = e.message.payload.len() - 1;
            e.message.payload[last] ^= 1;
        }
        vec![e]
    });
    let outcome = run_with(dkg_parties(2, &ids, 6), &mut faults);
    let err = error_of(&outcome, victim);
    assert_eq!(err.culprits(), vec![sender], "{err:?}");
    assert!(outcome.outputs.contains_key(&ids[1]));
}

#[test]
fn misaddressed_message_is_unexpected() {
    // FROST with a coordinator: signer 3's commitments go to signer 2
    // instead of the coordinator (signer 1).
    let ids = identifiers::<Ed25519>(3);
    let (keys, public) = local::run_dkg(2, &ids, &mut rng(0)).unwrap();
    let config = SigningConfig::new(public, &ids, b"m", Some(ids[0])).unwrap();
    let parties: Vec<_> = ids
        .iter()
        .map(|id| {
            (
                FrostParty::new(&config, *id, Some(&keys[id])).unwrap(),
                rng(1),
            )
        })
        .collect();
    let (from, wrong) = (ids[2], ids[1]);
    let mut faults = Intercept(|mut e: Envelope<Ed25519>| {
        if e.message.from == from && e.message.round == 1 {
            e.to = wrong;
        }
        vec![e]
    });
    let outcome = run_with(parties, &mut faults);
    let err = outcome.error_of(&wrong).unwrap();
    assert!(
        matches!(
            err,
            tessera_frost::Error::Core(tessera_core::Error::UnexpectedMessage {
                culprit,
                round: 1,
                delivery: Delivery::Private
            }) if *culprit == from
        ),
        "{err:?}"
    );
    // The coordinator, still waiting, names the sender it never heard.
    let err = outcome.error_of(&ids[0]).unwrap();
    assert_eq!(err.culprits(), vec![from]);
}

#[test]
fn broadcast_sent_privately_is_unexpected() {
    let ids = ids3();
    let sender = ids[1];
    let mut faults = Intercept(|mut e: Envelope<Secp256k1>| {
        if e.message.from == sender && e.message.round == 1 {
            e.message.delivery = Delivery::Private;
        }
        vec![e]
    });
    let outcome = run_with(dkg_parties(2, &ids, 8), &mut faults);
    let err = error_of(&outcome, ids[0]);
    assert!(
        matches!(err, Error::Core(tessera_core::Error::UnexpectedMessage { culprit, round: 1, delivery: Delivery::Private }) if *culprit == sender),
        "{err:?}"
    );
}

#[test]
fn coordinator_names_a_bad_signature_share() {
    let ids = identifiers::<Secp256k1>(3);
    let (keys, public) = local::run_dkg(2, &ids, &mut rng(0)).unwrap();
    let config = SigningConfig::new(public, &ids, b"m", Some(ids[0])).unwrap();
    let parties: Vec<_> = ids
        .iter()
        .map(|id| {
            (
                FrostParty::new(&config, *id, Some(&keys[id])).unwrap(),
                rng(2),
            )
        })
        .collect();
    let cheat = ids[2];
    let mut faults = Intercept(|mut e: Envelope<Secp256k1>| {
        if e.message.from == cheat && e.message.round == 3 {
            let last = e.message.payload.len() - 1;
            e.message.payload[last] ^= 1;
        }
        vec![e]
    });
    let outcome = run_with(parties, &mut faults);
    let err = outcome.error_of(&ids[0]).unwrap();
    assert_eq!(err.culprits(), vec![cheat], "{err:?}");
}

#[test]
fn signer_refuses_a_package_for_another_message() {
    let ids = identifiers::<Secp256k1>(3);
    let (keys, public) = local::run_dkg(2, &ids, &mut rng(0)).unwrap();
    let honest = SigningConfig::new(public.clone(), &ids, b"agreed", Some(ids[0])).unwrap();
    let forged = SigningConfig::new(public, &ids, b"something else", Some(ids[0])).unwrap();
    let parties: Vec<_> = ids
        .iter()
        .map(|id| {
            let config = if *id == ids[0] { &forged } else { &honest };
            (
                FrostParty::new(config, *id, Some(&keys[id])).unwrap(),
                rng(3),
            )
        })
        .collect();
    let outcome = run_with(parties, &mut NoFaults);
    for id in &ids[1..] {
        let err = outcome.error_of(id).unwrap();
        assert!(
            matches!(err, tessera_frost::Error::Core(tessera_core::Error::WrongSession { culprit, what: "message" }) if *culprit == ids[0]),
            "{err:?}"
        );
    }
}

#[test]
fn broadcast_recipients_are_the_other_participants() {
    let ids = ids3();
    let mut seen = Vec::new();
    let mut faults = Intercept(|e: Envelope<Secp256k1>| {
        seen.push((e.message.from, e.to, e.message.round));
        vec![e]
    });
    run_with(dkg_parties(2, &ids, 9), &mut faults)
        .into_result()
        .unwrap();
    // 3 broadcasts fanned out to 2 each, then 6 private shares.
    assert_eq!(seen.len(), 12);
    assert!(seen.iter().all(|(from, to, _)| from != to));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(16))]

    /// Delivering messages in any order (later rounds overtaking earlier
    /// ones) gives the same outputs as in-order delivery.
    #[test]
    fn reordering_does_not_change_outputs(seed in any::<u64>(), order in any::<u64>(), n in 3u16..=5) {
        let ids = identifiers::<Ed25519>(n);
        let t = n - 1;
        let in_order = run_with(dkg_parties(t, &ids, seed), &mut NoFaults).into_result().unwrap();
        let mut shuffle = Shuffle(rng(order));
        let shuffled = run_with(dkg_parties(t, &ids, seed), &mut shuffle).into_result().unwrap();
        assert_same_dkg(&in_order, &shuffled);

        // FROST coordinator-less, where round-2 shares may overtake
        // round-1 commitments.
        let out = &in_order[&ids[0]];
        let keys: BTreeMap<_, _> = in_order.iter().map(|(id, o)| (*id, &o.key_package)).collect();
        let signers = &ids[..usize::from(t)];
        let config = SigningConfig::new(out.public.clone(), signers, b"order", None).unwrap();
        let parties = |s: u64| -> Vec<_> {
            let mut r = rng(s);
            signers.iter().map(|id| (FrostParty::new(&config, *id, Some(keys[id])).unwrap(), ChaCha20Rng::from_rng(&mut r))).collect()
        };
        let a = run_with(parties(seed), &mut NoFaults).into_result().unwrap();
        let b = run_with(parties(seed), &mut Shuffle(rng(order ^ 1))).into_result().unwrap();
        prop_assert_eq!(a.len(), b.len());
        for (id, sig) in &a {
            prop_assert_eq!(sig, &b[id]);
        }
    }
}

// ---- latency model --------------------------------------------------------

/// A network-only model (no compute time): every leg `rtt / 4`, so one
/// party-to-party trip through the relay is `rtt / 2`.
fn network_only<S: Suite>(rtt_ms: u64, bits_per_second: u64) -> Model<S> {
    let mut model = Model::new(Link::with_rtt(
        Duration::from_millis(rtt_ms),
        bits_per_second,
    ));
    model.compute = Compute::Ignored;
    model
}

#[test]
fn simulated_dkg_takes_two_trips_and_gives_the_runner_s_keys() {
    let ids = identifiers::<Ed25519>(3);
    // 10 Gbit/s: transmission is a few hundred nanoseconds per message.
    let (outcome, timeline) = simulate(dkg_parties(2, &ids, 1), &network_only(50, 10_000_000_000));
    let outputs = outcome.into_result().unwrap();
    assert_same_dkg(&outputs, &dkg_direct(2, &ids, 1));
    assert!(
        timeline.end >= Duration::from_millis(50),
        "{:?}",
        timeline.end
    );
    assert!(
        timeline.end < Duration::from_millis(51),
        "{:?}",
        timeline.end
    );
    // 3 broadcasts to 2 recipients, 6 private shares.
    assert_eq!(timeline.messages, 12);
}

#[test]
fn simulated_bandwidth_adds_transmission_time() {
    let ids = identifiers::<Ed25519>(3);
    let fast = simulate(dkg_parties(2, &ids, 2), &network_only(50, 10_000_000_000)).1;
    let slow = simulate(dkg_parties(2, &ids, 2), &network_only(50, 10_000)).1;
    // At 10 kbit/s every message of a few hundred bytes takes tens of ms.
    assert!(
        slow.end > fast.end + Duration::from_millis(100),
        "{:?}",
        slow.end
    );
    assert_eq!(fast.uploaded, slow.uploaded);
}

#[test]
fn simulated_frost_coordinator_takes_three_trips_without_two() {
    let ids = identifiers::<Secp256k1>(3);
    let (keys, public) = local::run_dkg(2, &ids, &mut rng(0)).unwrap();
    let model = network_only(40, 10_000_000_000);
    for (coordinator, trips) in [(Some(ids[0]), 3u32), (None, 2)] {
        let config = SigningConfig::new(public.clone(), &ids, b"m", coordinator).unwrap();
        let parties = ids
            .iter()
            .map(|id| {
                (
                    FrostParty::new(&config, *id, Some(&keys[id])).unwrap(),
                    rng(1),
                )
            })
            .collect();
        let (outcome, timeline) = simulate(parties, &model);
        let outputs = outcome.into_result().unwrap();
        assert!(outputs.values().flatten().count() >= 1);
        let expected = Duration::from_millis(20) * trips;
        assert!(
            timeline.end >= expected,
            "{coordinator:?}: {:?}",
            timeline.end
        );
        assert!(
            timeline.end < expected + Duration::from_millis(1),
            "{:?}",
            timeline.end
        );
    }
}

#[test]
fn simulated_silence_is_a_timeout() {
    let ids = identifiers::<Ed25519>(3);
    let mut parties = dkg_parties(2, &ids, 3);
    parties.pop();
    let (outcome, _) = simulate(parties, &network_only(50, 10_000_000_000));
    let err = outcome.error_of(&ids[0]).unwrap();
    assert_eq!(err.culprits(), vec![ids[2]]);
}

/// A clock that advances 1 ms at every reading: a step (read before and
/// after) costs exactly 1 ms of compute.
fn ticking_clock() -> Duration {
    static TICKS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    Duration::from_millis(TICKS.fetch_add(1, std::sync::atomic::Ordering::Relaxed))
}

#[test]
fn simulated_compute_is_read_from_the_model_s_clock() {
    let ids = identifiers::<Ed25519>(3);
    let mut model = network_only::<Ed25519>(0, 10_000_000_000);
    model.compute = Compute::Measured;
    model.clock = ticking_clock;
    let (outcome, timeline) = simulate(dkg_parties(2, &ids, 4), &model);
    outcome.into_result().unwrap();
    // Round 1, round 2 and finish are three steps in a row for every
    // party: at least 3 ms each, in whole milliseconds.
    for id in &ids {
        let spent = timeline.compute[id];
        assert!(spent >= Duration::from_millis(3), "{id:?}: {spent:?}");
        assert_eq!(spent.subsec_nanos() % 1_000_000, 0, "{spent:?}");
    }
    assert!(
        timeline.end >= Duration::from_millis(3),
        "{:?}",
        timeline.end
    );
}
