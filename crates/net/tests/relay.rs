//! The relay over TLS on 127.0.0.1, with every party in its own task and
//! its own relay client: DKG 2-of-3, signing, losing the device and
//! resharing to a new one, 2-of-3 -> 3-of-4 with a hardware factor,
//! signing again; on Ed25519 (checked by ed25519-dalek) and secp256k1-tr
//! (BIP-340, checked by k256). Faults: an oversized frame, a relay restart
//! mid-session, a party killed mid-round; and what the relay saw holds no
//! secret share.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use std::collections::BTreeMap;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use rand::SeedableRng;
use rand_chacha::ChaCha20Rng;
use tessera_core::protocol::Protocol;
use tessera_core::suites::{Ed25519, Secp256k1Tr};
use tessera_core::{Identifier, Suite};
use tessera_frost::{FrostParty, KeyPackage, PublicKeyPackage, Signature, SigningConfig};
use tessera_keys::protocol::{DkgParty, ReshareParty};
use tessera_keys::reshare::ReshareConfig;
use tessera_net::relay::{Relay, RelayClient, RelayConfig, RelayHandle, tls};
use tessera_net::{Error, Finished, Identity, Roster, Session, run};

use common::session;

const LIMIT: Duration = Duration::from_secs(60);

struct Net {
    relay: RelayHandle,
    ca: String,
    key: String,
}

async fn start_relay(config: RelayConfig) -> Net {
    let (cert, key) = tls::self_signed(&["127.0.0.1", "localhost"]).unwrap();
    let tls = tls::server_config(cert.as_bytes(), key.as_bytes()).unwrap();
    let relay = Relay::start("127.0.0.1:0".parse().unwrap(), tls, config)
        .await
        .unwrap();
    Net {
        relay,
        ca: cert,
        key,
    }
}

fn client(net: &Net, identity: &Arc<Identity>) -> RelayClient {
    RelayClient::new(&net.relay.url(), net.ca.as_bytes(), identity.clone()).unwrap()
}

/// Runs one party per (identity, party) pair, each in its own task over its
/// own relay client, and collects the results by identifier.
async fn run_all<S, P, F>(
    net: &Net,
    session: &Session<S>,
    parties: Vec<(Arc<Identity>, F)>,
) -> BTreeMap<Identifier<S>, Result<Finished<S, P::Output>, Error<S, P::Error>>>
where
    S: Suite,
    P: Protocol<S> + Send,
    P::Output: Send + 'static,
    P::Error: core::fmt::Display + Send + 'static,
    F: FnOnce() -> P + Send + 'static,
{
    let mut tasks = Vec::new();
    for (i, (identity, make)) in parties.into_iter().enumerate() {
        let mut transport = client(net, &identity).session(session.id);
        let session = session.clone();
        tasks.push(tokio::spawn(async move {
            let party = make();
            let me = party.me();
            let mut rng = ChaCha20Rng::seed_from_u64(1000 + i as u64);
            (
                me,
                run(&session, &identity, party, &mut rng, &mut transport).await,
            )
        }));
    }
    let mut out = BTreeMap::new();
    for t in tasks {
        let (me, r) = tokio::time::timeout(LIMIT, t).await.unwrap().unwrap();
        out.insert(me, r);
    }
    out
}

/// Everyone's identity and the roster of identifiers 1..=n.
fn people<S: Suite>(n: u16, seed: u64) -> (Vec<Identifier<S>>, Vec<Arc<Identity>>, Roster<S>) {
    let (ids, identities, roster) = common::parties::<S>(n, seed);
    (ids, identities.into_iter().map(Arc::new).collect(), roster)
}

async fn dkg<S: Suite>(
    net: &Net,
    ids: &[Identifier<S>],
    identities: &[Arc<Identity>],
    roster: &Roster<S>,
) -> (BTreeMap<Identifier<S>, KeyPackage<S>>, PublicKeyPackage<S>) {
    let session = session("dkg", roster, Duration::from_secs(10));
    let parties = ids
        .iter()
        .zip(identities)
        .map(|(id, identity)| {
            let (id, all) = (*id, ids.to_vec());
            (identity.clone(), move || DkgParty::<S>::new(id, 2, &all))
        })
        .collect();
    let results = run_all(net, &session, parties).await;
    let mut keys = BTreeMap::new();
    let mut public = None;
    for (id, r) in results {
        let finished = r.unwrap();
        assert!(finished.refused.is_empty());
        let out = finished.output;
        if let Some(p) = &public {
            assert_eq!(*p, out.public);
        }
        public = Some(out.public);
        keys.insert(id, out.key_package);
    }
    (keys, public.unwrap())
}

async fn sign<S: Suite>(
    net: &Net,
    keys: &BTreeMap<Identifier<S>, KeyPackage<S>>,
    signers: &[Identifier<S>],
    identities: &BTreeMap<Identifier<S>, Arc<Identity>>,
    roster: &Roster<S>,
    public: &PublicKeyPackage<S>,
    message: &[u8],
) -> Signature<S> {
    let config = SigningConfig::new(public.clone(), signers, message, Some(signers[0])).unwrap();
    let session = session(
        &format!("sign {}", hex::encode(message)),
        roster,
        Duration::from_secs(10),
    );
    let parties = signers
        .iter()
        .map(|id| {
            let (key, config) = (keys[id].clone(), config.clone());
            let make = move || OwnedFrost { key, config };
            (identities[id].clone(), make)
        })
        .collect::<Vec<_>>();
    // FrostParty borrows its key package: run each in a task that owns it.
    let mut tasks = Vec::new();
    for (i, (identity, make)) in parties.into_iter().enumerate() {
        let mut transport = client(net, &identity).session(session.id);
        let session = session.clone();
        tasks.push(tokio::spawn(async move {
            let owned = make();
            let party = FrostParty::new(&owned.config, owned.key.id(), Some(&owned.key)).unwrap();
            let mut rng = ChaCha20Rng::seed_from_u64(2000 + i as u64);
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
        if let Some(s) = finished.output {
            signature = Some(s);
        }
    }
    signature.unwrap()
}

struct OwnedFrost<S: Suite> {
    key: KeyPackage<S>,
    config: SigningConfig<S>,
}

async fn reshare<S: Suite>(
    net: &Net,
    config: &ReshareConfig<S>,
    keys: &BTreeMap<Identifier<S>, KeyPackage<S>>,
    identities: &BTreeMap<Identifier<S>, Arc<Identity>>,
    roster: &Roster<S>,
) -> (BTreeMap<Identifier<S>, KeyPackage<S>>, PublicKeyPackage<S>) {
    let session = session("reshare", roster, Duration::from_secs(10));
    let mut ids: Vec<Identifier<S>> = config
        .dealers()
        .iter()
        .chain(config.members())
        .copied()
        .collect();
    ids.sort();
    ids.dedup();
    let mut tasks = Vec::new();
    for (i, id) in ids.iter().enumerate() {
        let identity = identities[id].clone();
        let mut transport = client(net, &identity).session(session.id);
        let (session, config, key, id) =
            (session.clone(), config.clone(), keys.get(id).cloned(), *id);
        tasks.push(tokio::spawn(async move {
            let party = ReshareParty::new(&config, id, key.as_ref()).unwrap();
            let mut rng = ChaCha20Rng::seed_from_u64(3000 + i as u64);
            (
                id,
                run(&session, &identity, party, &mut rng, &mut transport).await,
            )
        }));
    }
    let mut new_keys = BTreeMap::new();
    let mut public = None;
    for t in tasks {
        let (id, r) = tokio::time::timeout(LIMIT, t).await.unwrap().unwrap();
        let out = r.unwrap().output;
        if let Some(p) = &public {
            assert_eq!(*p, out.public);
        }
        public = Some(out.public);
        if let Some(k) = out.key {
            new_keys.insert(id, k);
        }
    }
    (new_keys, public.unwrap())
}

/// The whole story on one suite; `verify` is the standard verifier.
async fn lifecycle<S: Suite>(verify: impl Fn(&PublicKeyPackage<S>, &[u8], &Signature<S>)) {
    let config = RelayConfig {
        record: true,
        ..RelayConfig::default()
    };
    let net = start_relay(config).await;
    // Identifiers 1 device, 2 login service, 3 recovery, 4 new device,
    // 5 hardware factor.
    let (all, identities, roster) = people::<S>(5, 7);
    let by_id: BTreeMap<_, _> = all
        .iter()
        .copied()
        .zip(identities.iter().cloned())
        .collect();
    let (keys, public) = dkg(&net, &all[..3], &identities[..3], &roster).await;

    // No secret share, in any encoding, crossed the relay in the clear.
    let seen = net.relay.recorded();
    assert!(seen.len() > 1000);
    for key in keys.values() {
        let share = key.signing_share().to_bytes();
        let mut reversed = share.to_vec();
        reversed.reverse();
        for needle in [share.to_vec(), reversed] {
            assert!(!seen.windows(needle.len()).any(|w| w == needle.as_slice()));
        }
    }

    // Device and service sign.
    let m1 = b"first payment";
    let s1 = sign(&net, &keys, &all[..2], &by_id, &roster, &public, m1).await;
    verify(&public, m1, &s1);

    // The device (1) is lost: the service and recovery reshare to {2, 3, 4}.
    let lost = ReshareConfig::new(public.clone(), &all[1..3], &all[1..4], 2).unwrap();
    let (keys, public2) = reshare(&net, &lost, &keys, &by_id, &roster).await;
    assert_eq!(public2.group_key_bytes(), public.group_key_bytes());
    assert_eq!(keys.len(), 3);

    // 2-of-3 -> 3-of-4 with a hardware factor (5).
    let grow = ReshareConfig::new(public2.clone(), &all[2..4], &all[1..5], 3).unwrap();
    let (keys, public3) = reshare(&net, &grow, &keys, &by_id, &roster).await;
    assert_eq!(public3.group_key_bytes(), public.group_key_bytes());
    assert_eq!(keys.len(), 4);

    // Signing again: new device, service, hardware factor.
    let m2 = b"second payment";
    let signers = [all[1], all[3], all[4]];
    let s2 = sign(&net, &keys, &signers, &by_id, &roster, &public3, m2).await;
    verify(&public3, m2, &s2);
    net.relay.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lifecycle_ed25519_over_the_relay() {
    lifecycle::<Ed25519>(|public, message, signature| {
        let key =
            ed25519_dalek::VerifyingKey::from_bytes(&public.group_key_bytes().try_into().unwrap())
                .unwrap();
        let sig = ed25519_dalek::Signature::from_bytes(
            &signature.to_standard_bytes().try_into().unwrap(),
        );
        key.verify_strict(message, &sig).unwrap();
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lifecycle_secp256k1_tr_over_the_relay() {
    lifecycle::<Secp256k1Tr>(|public, message, signature| {
        let group = public.group_key_bytes();
        let key = k256::schnorr::VerifyingKey::from_slice(&group[1..]).unwrap();
        let sig = k256::schnorr::Signature::from_slice(&signature.to_standard_bytes()).unwrap();
        key.verify_raw(message, &sig).unwrap();
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oversized_frames_are_refused_by_the_relay() {
    let config = RelayConfig {
        max_message: 1024,
        ..RelayConfig::default()
    };
    let net = start_relay(config).await;
    let (_, identities, _) = people::<Ed25519>(2, 8);
    let mut a = client(&net, &identities[0]).session([7; 32]);
    let big = vec![0u8; 4096];
    use tessera_net::Transport;
    let err = a
        .send(&[identities[1].public().ed25519], big)
        .await
        .unwrap_err();
    assert!(err.0.contains("413"), "{err}");
    // The relay still serves.
    a.send(&[identities[1].public().ed25519], vec![1, 2, 3])
        .await
        .unwrap();
    let mut b = client(&net, &identities[1]).session([7; 32]);
    let got = b.recv().await.unwrap();
    assert_eq!(got.frame, vec![1, 2, 3]);
    assert_eq!(got.from, identities[0].public().ed25519);
    net.relay.stop().await;
}

/// Runs a 2-of-3 DKG where party 3 starts late, after the relay restarted.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_relay_restart_mid_session_is_survived() {
    let net = start_relay(RelayConfig::default()).await;
    let addr = net.relay.addr();
    let (ids, identities, roster) = people::<Ed25519>(3, 9);
    let session = session("dkg", &roster, Duration::from_secs(20));
    let mut tasks = Vec::new();
    for i in 0..3 {
        let identity = identities[i].clone();
        let mut transport = client(&net, &identity).session(session.id);
        let (session, ids) = (session.clone(), ids.clone());
        tasks.push(tokio::spawn(async move {
            if i == 2 {
                tokio::time::sleep(Duration::from_millis(1500)).await;
            }
            let party = DkgParty::new(ids[i], 2, &ids);
            let mut rng = ChaCha20Rng::seed_from_u64(i as u64);
            run(&session, &identity, party, &mut rng, &mut transport).await
        }));
    }
    // Parties 1 and 2 have sent round 1; restart the relay (its queues and
    // logins are lost) on the same address.
    tokio::time::sleep(Duration::from_millis(700)).await;
    let Net { relay, ca, key } = net;
    relay.stop().await;
    let tls = tls::server_config(ca.as_bytes(), key.as_bytes()).unwrap();
    let relay = Relay::start(addr, tls, RelayConfig::default())
        .await
        .unwrap();
    let mut public = None;
    for t in tasks {
        let finished = tokio::time::timeout(LIMIT, t)
            .await
            .unwrap()
            .unwrap()
            .unwrap();
        if let Some(p) = &public {
            assert_eq!(*p, finished.output.public);
        }
        public = Some(finished.output.public);
    }
    relay.stop().await;
}

/// Party 3 is killed after round 1: the others' round-2 timeout names it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_party_killed_mid_round_is_named() {
    let net = start_relay(RelayConfig::default()).await;
    let (ids, identities, roster) = people::<Ed25519>(3, 10);
    let session = session("dkg", &roster, Duration::from_millis(1500));
    let mut tasks = Vec::new();
    for i in 0..3 {
        let identity = identities[i].clone();
        let inner = client(&net, &identity).session(session.id);
        let mut transport = DiesAfter {
            inner,
            sends: if i == 2 { 1 } else { usize::MAX },
        };
        let (session, ids) = (session.clone(), ids.clone());
        tasks.push(tokio::spawn(async move {
            let party = DkgParty::new(ids[i], 2, &ids);
            let mut rng = ChaCha20Rng::seed_from_u64(i as u64);
            run(&session, &identity, party, &mut rng, &mut transport).await
        }));
    }
    // Party 3 sends its round-1 broadcast, then its process dies before
    // its round-2 messages leave.
    let victim = tasks.pop().unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;
    victim.abort();
    for t in tasks {
        match tokio::time::timeout(LIMIT, t).await.unwrap().unwrap() {
            Err(e @ Error::Timeout { .. }) => assert_eq!(e.culprits(), vec![ids[2]]),
            other => panic!("expected a timeout naming party 3, got {other:?}"),
        }
    }
    net.relay.stop().await;
}

/// Signer 2 of a 2-of-3 signing (coordinator 1) dies after sending its
/// round-1 commitment and restarts with the same session id: it has no
/// round state, so it draws fresh nonces; its new commitment does not match
/// the one in the coordinator's signing package, so it refuses to sign
/// (`IncorrectCommitment`) and never sends a second share for the old
/// commitment. The coordinator gets no share and fails with an error naming
/// party 2 (a timeout, or its conflicting round-1 broadcast).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_signer_restarted_mid_session_never_signs_twice() {
    let net = start_relay(RelayConfig::default()).await;
    let (ids, identities, roster) = people::<Ed25519>(3, 11);
    let (keys, public) = dkg(&net, &ids, &identities, &roster).await;
    let message = b"restart";
    let signers = [ids[0], ids[1]];
    let config = SigningConfig::new(public.clone(), &signers, message, Some(ids[0])).unwrap();
    let session = session("sign restart", &roster, Duration::from_millis(2500));
    let start = |i: usize, sends: usize, seed: u64| {
        let identity = identities[i].clone();
        let inner = client(&net, &identity).session(session.id);
        let mut transport = DiesAfter { inner, sends };
        let (session, config, key) = (session.clone(), config.clone(), keys[&ids[i]].clone());
        tokio::spawn(async move {
            let party = FrostParty::new(&config, key.id(), Some(&key)).unwrap();
            let mut rng = ChaCha20Rng::seed_from_u64(seed);
            run(&session, &identity, party, &mut rng, &mut transport).await
        })
    };
    let coordinator = start(0, usize::MAX, 1);
    // Party 2 sends its commitment, then its process dies (it reads no
    // more either: the coordinator's package stays queued at the relay).
    let first = start(1, 1, 2);
    tokio::time::sleep(Duration::from_millis(500)).await;
    first.abort();
    // Restarted, same identity and session id, no round state.
    let restarted = start(1, usize::MAX, 3);
    let restarted = tokio::time::timeout(LIMIT, restarted)
        .await
        .unwrap()
        .unwrap();
    match restarted {
        Err(Error::Protocol(e)) => assert!(
            e.to_string().contains("commitment"),
            "expected a refusal to sign against another commitment, got {e}"
        ),
        Err(e @ Error::Timeout { .. }) => assert_eq!(e.culprits(), vec![ids[0]]),
        other => panic!("the restarted signer must not sign: {other:?}"),
    }
    match tokio::time::timeout(LIMIT, coordinator)
        .await
        .unwrap()
        .unwrap()
    {
        Err(Error::Protocol(e)) => assert_eq!(e.culprits(), vec![ids[1]], "{e}"),
        Err(e) => assert_eq!(e.culprits(), vec![ids[1]], "{e}"),
        Ok(f) => panic!(
            "the coordinator signed without party 2's share: {:?}",
            f.output
        ),
    }
    net.relay.stop().await;
}

/// A transport whose process "dies" after `sends` frames: every later call
/// (send or receive) hangs until the task is aborted.
struct DiesAfter<T> {
    inner: T,
    sends: usize,
}

impl<T: tessera_net::Transport> tessera_net::Transport for DiesAfter<T> {
    fn send(
        &mut self,
        to: &[tessera_net::Address],
        frame: Vec<u8>,
    ) -> impl Future<Output = Result<(), tessera_net::TransportError>> + Send {
        let alive = self.sends > 0;
        self.sends = self.sends.saturating_sub(1);
        let fut = self.inner.send(to, frame);
        async move {
            if alive {
                fut.await
            } else {
                std::future::pending().await
            }
        }
    }

    fn recv(
        &mut self,
    ) -> impl Future<Output = Result<tessera_net::Received, tessera_net::TransportError>> + Send
    {
        let alive = self.sends > 0;
        let fut = self.inner.recv();
        async move {
            if alive {
                fut.await
            } else {
                std::future::pending().await
            }
        }
    }
}

/// A request and the wait for its answer in one round trip
/// (`send?reply=`); several answers out and the next request in with one
/// (`send-many?reply=`); and a batch that does not fit a recipient's queue
/// is queued not at all.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requests_and_answers_share_round_trips() {
    use tessera_net::Transport;
    let config = RelayConfig {
        max_queue: 2,
        ..RelayConfig::default()
    };
    let net = start_relay(config).await;
    let (_, ids, _) = people::<Ed25519>(3, 9);
    let (a, b, c) = (
        ids[0].public().ed25519,
        ids[1].public().ed25519,
        ids[2].public().ed25519,
    );
    let (inbox, for_a, for_c) = ([1u8; 32], [2u8; 32], [3u8; 32]);
    let short = Duration::from_millis(100);
    let mut ta = client(&net, &ids[0]).session(for_a);
    let mut tb = client(&net, &ids[1]).session(inbox);
    let mut tc = client(&net, &ids[2]).session(for_c);

    // Nothing answers within the wait: the requests are queued all the same.
    ta.send_and_await_reply(inbox, &[b], b"request a".to_vec(), short)
        .await
        .unwrap();
    tc.send_and_await_reply(inbox, &[b], b"request c".to_vec(), short)
        .await
        .unwrap();
    assert!(ta.take_received().is_empty());
    let first = tb.recv().await.unwrap();
    let mut requests = vec![(first.from, first.frame)];
    requests.extend(tb.take_received().into_iter().map(|r| (r.from, r.frame)));
    if requests.len() < 2 {
        let next = tb.recv().await.unwrap();
        requests.push((next.from, next.frame));
    }
    requests.sort();
    let mut expected = vec![(a, b"request a".to_vec()), (c, b"request c".to_vec())];
    expected.sort();
    assert_eq!(requests, expected);
    // Both answers in one request.
    tb.send_many_and_poll(
        vec![
            (for_a, vec![a], b"answer a".to_vec()),
            (for_c, vec![c], b"answer c".to_vec()),
        ],
        short,
    )
    .await
    .unwrap();
    assert_eq!(ta.recv().await.unwrap().frame, b"answer a");
    assert_eq!(tc.recv().await.unwrap().frame, b"answer c");

    // A request whose answer comes back in the same HTTP request.
    let device = tokio::spawn(async move {
        ta.send_and_await_reply(inbox, &[b], b"request 2".to_vec(), LIMIT)
            .await
            .unwrap();
        ta.take_received()
    });
    let request = tb.recv().await.unwrap();
    assert_eq!((request.from, request.frame), (a, b"request 2".to_vec()));
    tb.send_many_and_poll(vec![(for_a, vec![a], b"answer 2".to_vec())], short)
        .await
        .unwrap();
    let received = tokio::time::timeout(LIMIT, device).await.unwrap().unwrap();
    assert_eq!(received.len(), 1);
    assert_eq!(
        (received[0].from, &received[0].frame[..]),
        (b, &b"answer 2"[..])
    );

    // All or none: three frames for one queue of two are refused (429) and
    // none is queued; two are queued.
    let http = RelayClient::http(net.ca.as_bytes()).unwrap();
    let token = client(&net, &ids[1]).login().await.unwrap();
    let entry = |frame: &[u8]| {
        let mut out = for_c.to_vec();
        out.push(1);
        out.extend_from_slice(&c);
        out.extend_from_slice(&u32::try_from(frame.len()).unwrap().to_be_bytes());
        out.extend_from_slice(frame);
        out
    };
    let post = async |body: Vec<u8>| {
        http.post(format!("{}/v1/send-many", net.relay.url()))
            .bearer_auth(&token)
            .body(body)
            .send()
            .await
            .unwrap()
            .status()
    };
    let three = [entry(b"1"), entry(b"2"), entry(b"3")].concat();
    assert_eq!(post(three).await, reqwest::StatusCode::TOO_MANY_REQUESTS);
    let two = [entry(b"4"), entry(b"5")].concat();
    assert_eq!(post(two).await, reqwest::StatusCode::NO_CONTENT);
    let mut got = vec![tc.recv().await.unwrap().frame];
    got.extend(tc.take_received().into_iter().map(|r| r.frame));
    if got.len() < 2 {
        got.push(tc.recv().await.unwrap().frame);
    }
    assert_eq!(got, vec![b"4".to_vec(), b"5".to_vec()]);
    assert!(tc.take_received().is_empty());
    net.relay.stop().await;
}
