//! The async runner over the in-memory transport: DKG 2-of-3 and FROST
//! signing (checked by ed25519-dalek), the same keys as the in-process
//! runner from the same generators, and the faults the runner must name
//! or survive: a silent party, a tampered ciphertext, a non-member, replays,
//! an equivocating broadcaster.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use std::time::Duration;

use rand::SeedableRng;
use rand_chacha::ChaCha20Rng;
use tessera_core::Identifier;
use tessera_core::protocol::local::with_rngs;
use tessera_core::suites::Ed25519;
use tessera_frost::{FrostParty, KeyPackage, PublicKeyPackage, SigningConfig};
use tessera_keys::dkg::DkgOutput;
use tessera_keys::protocol::DkgParty;
use tessera_net::envelope::{self, Kind};
use tessera_net::runner::Reason;
use tessera_net::{Error, Identity, MemoryNetwork, Received, Roster, Session, run};

use common::{Echo, parties, session};

type S = Ed25519;

const LIMIT: Duration = Duration::from_secs(30);

/// Runs a DKG among every identity, each party in its own task.
async fn dkg(
    net: &MemoryNetwork,
    ids: &[Identifier<S>],
    identities: Vec<Identity>,
    session: &Session<S>,
    silent: &[usize],
) -> Vec<Result<tessera_net::Finished<S, DkgOutput<S>>, Error<S, tessera_keys::Error<S>>>> {
    // Every endpoint exists before any party sends.
    let transports: Vec<_> = identities
        .iter()
        .map(|i| net.endpoint(i.public().ed25519))
        .collect();
    let mut tasks = Vec::new();
    for ((i, identity), mut transport) in identities.into_iter().enumerate().zip(transports) {
        if silent.contains(&i) {
            continue;
        }
        let session = session.clone();
        let ids = ids.to_vec();
        tasks.push(tokio::spawn(async move {
            let party = DkgParty::new(ids[i], 2, &ids);
            let mut rng = ChaCha20Rng::seed_from_u64(100 + i as u64);
            run(&session, &identity, party, &mut rng, &mut transport).await
        }));
    }
    let mut out = Vec::new();
    for t in tasks {
        out.push(tokio::time::timeout(LIMIT, t).await.unwrap().unwrap());
    }
    out
}

/// Signs `message` by `signers` (the first coordinates).
async fn sign(
    net: &MemoryNetwork,
    keys: Vec<(KeyPackage<S>, Identity)>,
    public: &PublicKeyPackage<S>,
    roster: &Roster<S>,
    message: &[u8],
) -> tessera_frost::Signature<S> {
    let ids: Vec<Identifier<S>> = keys.iter().map(|(k, _)| k.id()).collect();
    let config = SigningConfig::new(public.clone(), &ids, message, Some(ids[0])).unwrap();
    let session = session("frost-sign", roster, Duration::from_secs(5));
    let transports: Vec<_> = keys
        .iter()
        .map(|(_, i)| net.endpoint(i.public().ed25519))
        .collect();
    let mut tasks = Vec::new();
    for ((i, (key, identity)), mut transport) in keys.into_iter().enumerate().zip(transports) {
        let (session, config) = (session.clone(), config.clone());
        tasks.push(tokio::spawn(async move {
            let party = FrostParty::new(&config, key.id(), Some(&key)).unwrap();
            let mut rng = ChaCha20Rng::seed_from_u64(200 + i as u64);
            run(&session, &identity, party, &mut rng, &mut transport).await
        }));
    }
    let mut signature = None;
    for t in tasks {
        let finished = tokio::time::timeout(LIMIT, t)
            .await
            .unwrap()
            .unwrap()
            .unwrap();
        assert!(finished.refused.is_empty());
        if let Some(s) = finished.output {
            signature = Some(s);
        }
    }
    signature.unwrap()
}

fn dalek_verify(
    public: &PublicKeyPackage<S>,
    message: &[u8],
    signature: &tessera_frost::Signature<S>,
) {
    let key =
        ed25519_dalek::VerifyingKey::from_bytes(&public.group_key_bytes().try_into().unwrap())
            .unwrap();
    let sig =
        ed25519_dalek::Signature::from_bytes(&signature.to_standard_bytes().try_into().unwrap());
    key.verify_strict(message, &sig).unwrap();
}

fn identities_again(seed: u64) -> Vec<Identity> {
    parties::<S>(3, seed).1
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dkg_then_sign_over_memory() {
    let (ids, identities, roster) = parties::<S>(3, 1);
    let net = MemoryNetwork::new();
    let session = session("dkg", &roster, Duration::from_secs(5));
    let results = dkg(&net, &ids, identities, &session, &[]).await;
    let outputs: Vec<_> = results.into_iter().map(|r| r.unwrap()).collect();
    for o in &outputs {
        assert!(o.refused.is_empty());
        assert_eq!(o.output.public, outputs[0].output.public);
        assert_eq!(o.output.transcript, outputs[0].output.transcript);
    }
    let public = outputs[0].output.public.clone();
    let mut identities = identities_again(1);
    let keys: Vec<KeyPackage<S>> = outputs.into_iter().map(|o| o.output.key_package).collect();
    // Device (1) and recovery (3) sign; the service (2) is away.
    let third = identities.pop().unwrap();
    let _second = identities.pop().unwrap();
    let first = identities.pop().unwrap();
    let message = b"over the network";
    let signature = sign(
        &net,
        vec![(keys[0].clone(), first), (keys[2].clone(), third)],
        &public,
        &roster,
        message,
    )
    .await;
    dalek_verify(&public, message, &signature);
}

/// The in-process runner (`tessera_keys::local`, over
/// `tessera_core::protocol::local`) and the network runner drive the same
/// party code: given the same per-party generators, a DKG through the async
/// runner over the in-memory transport ends in exactly the key packages and
/// public key package `local::run_dkg` gives.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_network_runner_gives_what_the_local_runner_gives() {
    let (ids, identities, roster) = parties::<S>(3, 7);
    let (local_keys, local_public) =
        tessera_keys::local::run_dkg(2, &ids, &mut ChaCha20Rng::seed_from_u64(9)).unwrap();
    let net = MemoryNetwork::new();
    let session = session("same-code", &roster, Duration::from_secs(5));
    let transports: Vec<_> = identities
        .iter()
        .map(|i| net.endpoint(i.public().ed25519))
        .collect();
    let dealers = ids.iter().map(|id| DkgParty::new(*id, 2, &ids)).collect();
    let seeded = with_rngs(dealers, &mut ChaCha20Rng::seed_from_u64(9));
    let mut tasks = Vec::new();
    for (((party, mut rng), identity), mut transport) in
        seeded.into_iter().zip(identities).zip(transports)
    {
        let session = session.clone();
        tasks.push(tokio::spawn(async move {
            run(&session, &identity, party, &mut rng, &mut transport).await
        }));
    }
    for t in tasks {
        let out = tokio::time::timeout(LIMIT, t)
            .await
            .unwrap()
            .unwrap()
            .unwrap()
            .output;
        assert_eq!(out.public, local_public);
        assert!(out.key_package == local_keys[&out.key_package.id()]);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_silent_party_is_named_by_the_timeout() {
    let (ids, identities, roster) = parties::<S>(3, 2);
    let net = MemoryNetwork::new();
    let session = session("dkg", &roster, Duration::from_millis(300));
    let results = dkg(&net, &ids, identities, &session, &[2]).await;
    assert_eq!(results.len(), 2);
    for r in results {
        match r {
            Err(e @ Error::Timeout { round: 1, .. }) => assert_eq!(e.culprits(), vec![ids[2]]),
            other => panic!("expected a timeout naming party 3, got {other:?}"),
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_tampered_ciphertext_is_refused_and_its_sender_named() {
    let (ids, identities, roster) = parties::<S>(3, 3);
    let (from, to) = (
        identities[0].public().ed25519,
        identities[1].public().ed25519,
    );
    // Flip one bit in the ciphertext of every private frame from 1 to 2.
    let net = MemoryNetwork::with_tap(move |a, b, mut frame| {
        if *a == from
            && *b == to
            && envelope::parse(&frame).map(|(h, _)| h.kind) == Some(Kind::Private)
        {
            let last = frame.len() - 1;
            frame[last] ^= 1;
        }
        vec![Received { from: *a, frame }]
    });
    let session = session("dkg", &roster, Duration::from_millis(500));
    let results = dkg(&net, &ids, identities, &session, &[]).await;
    // Party 2 refuses the forged share, then times out waiting for party 1's.
    match &results[1] {
        Err(e @ Error::Timeout { round: 2, .. }) => assert_eq!(e.culprits(), vec![ids[0]]),
        other => panic!("expected party 2 to time out on party 1, got {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replays_are_ignored_and_outsiders_refused() {
    let (ids, identities, roster) = parties::<S>(3, 4);
    let outsider = Identity::generate(&mut ChaCha20Rng::seed_from_u64(99));
    let outsider_key = outsider.public().ed25519;
    let session = session("dkg", &roster, Duration::from_secs(5));
    let sid = session.id;
    // Every frame is delivered twice; every party also gets a well-signed
    // broadcast from a key outside the roster.
    let net = MemoryNetwork::with_tap(move |a, _, frame| {
        let junk = envelope::seal_broadcast(&outsider, Kind::Broadcast, sid, 1, b"hello").unwrap();
        vec![
            Received {
                from: *a,
                frame: frame.clone(),
            },
            Received { from: *a, frame },
            Received {
                from: outsider_key,
                frame: junk,
            },
        ]
    });
    let results = dkg(&net, &ids, identities, &session, &[]).await;
    for r in results {
        let finished = r.unwrap();
        assert!(!finished.refused.is_empty());
        for refusal in &finished.refused {
            assert_eq!(refusal.from, outsider_key);
            assert_eq!(refusal.reason, Reason::NotMember);
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_equivocating_broadcaster_is_named_by_the_digests() {
    let (ids, identities, roster) = parties::<S>(3, 5);
    let session = session("echo", &roster, Duration::from_secs(5));
    let sid = session.id;
    // Party 1 signs a different broadcast for party 3 than for party 2.
    let liar = parties::<S>(3, 5).1.remove(0);
    let (liar_key, victim) = (
        identities[0].public().ed25519,
        identities[2].public().ed25519,
    );
    let net = MemoryNetwork::with_tap(move |a, b, frame| {
        if *a == liar_key
            && *b == victim
            && envelope::parse(&frame).map(|(h, _)| h.kind) == Some(Kind::Broadcast)
        {
            let frame = envelope::seal_broadcast(&liar, Kind::Broadcast, sid, 1, b"other").unwrap();
            return vec![Received { from: *a, frame }];
        }
        vec![Received { from: *a, frame }]
    });
    let transports: Vec<_> = identities
        .iter()
        .map(|i| net.endpoint(i.public().ed25519))
        .collect();
    let mut tasks = Vec::new();
    for ((i, identity), mut transport) in identities.into_iter().enumerate().zip(transports) {
        let (session, ids) = (session.clone(), ids.clone());
        tasks.push(tokio::spawn(async move {
            let party = Echo::new(ids[i], &ids, b"value");
            let mut rng = ChaCha20Rng::seed_from_u64(i as u64);
            run(&session, &identity, party, &mut rng, &mut transport).await
        }));
    }
    let mut named = 0;
    for t in tasks {
        match tokio::time::timeout(LIMIT, t).await.unwrap().unwrap() {
            Err(Error::Equivocation { culprit, round: 1 }) => {
                assert_eq!(culprit, ids[0]);
                named += 1;
            }
            other => panic!("expected equivocation by party 1, got {other:?}"),
        }
    }
    // Party 1 itself sees 3's digest disagree with what it sent to 3.
    assert_eq!(named, 3);
}
