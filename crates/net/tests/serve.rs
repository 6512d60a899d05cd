//! The login service over the relay: it co-signs an authenticated,
//! allowed request (signature checked by ed25519-dalek); it refuses a
//! message off the allow-list, a request over the rate limit, a request
//! from a key outside the account's roster, and ignores a replayed one.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use rand::SeedableRng;
use rand_chacha::ChaCha20Rng;
use tessera_core::Identifier;
use tessera_core::suites::Ed25519;
use tessera_net::relay::{Relay, RelayClient, RelayConfig, tls};
use tessera_net::serve::{
    Account, AllowList, Both, RateLimit, Service, SignRequest, inbox_id, request_frame,
    request_signature,
};
use tessera_net::{Identity, Roster, Transport};

type S = Ed25519;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_service_signs_what_its_policy_allows() {
    let (cert, key) = tls::self_signed(&["127.0.0.1"]).unwrap();
    let server = tls::server_config(cert.as_bytes(), key.as_bytes()).unwrap();
    let relay = Relay::start(
        "127.0.0.1:0".parse().unwrap(),
        server,
        RelayConfig::default(),
    )
    .await
    .unwrap();
    let mut rng = ChaCha20Rng::seed_from_u64(5);
    let ids: Vec<Identifier<S>> = (1..=3).map(|i| Identifier::new(i).unwrap()).collect();
    let device = Arc::new(Identity::generate(&mut rng));
    let service_id = Arc::new(Identity::generate(&mut rng));
    let recovery = Identity::generate(&mut rng);
    let outsider = Arc::new(Identity::generate(&mut rng));
    let roster = Roster::new([
        (ids[0], device.public()),
        (ids[1], service_id.public()),
        (ids[2], recovery.public()),
    ])
    .unwrap();
    let dealt = tessera_keys::dealer::keygen::<S, _>(2, &ids, &mut rng).unwrap();
    let public = dealt.public.clone();
    let mut accounts = HashMap::new();
    accounts.insert(
        "alice".to_owned(),
        Account {
            key: dealt.key_packages[1].clone(),
            public: public.clone(),
            roster: roster.clone(),
        },
    );
    // Messages must start with "pay:"; at most 2 per account per minute.
    let policy = Both(
        AllowList(vec![b"pay:".to_vec()]),
        RateLimit::new(2, Duration::from_secs(60)),
    );
    let service = Service::new(accounts, Arc::new(policy), Duration::from_secs(2));
    let stats = service.stats();
    let server_client =
        RelayClient::new(&relay.url(), cert.as_bytes(), service_id.clone()).unwrap();
    let task = tokio::spawn(service.serve(server_client));
    let client = RelayClient::new(&relay.url(), cert.as_bytes(), device.clone()).unwrap();
    let service_key = service_id.public().ed25519;
    let request = |message: &[u8], nonce: u8| SignRequest {
        account: "alice".into(),
        nonce: [nonce; 32],
        signers: vec![1, 2],
        message: message.to_vec(),
    };
    let ask = |r: SignRequest| {
        let (client, public, roster, key) = (
            client.clone(),
            public.clone(),
            roster.clone(),
            dealt.key_packages[0].clone(),
        );
        async move {
            request_signature(
                &client,
                &service_key,
                &key,
                &public,
                &roster,
                &r,
                Duration::from_secs(2),
            )
            .await
        }
    };

    // Allowed: signed, and the signature verifies.
    let sig = tokio::time::timeout(Duration::from_secs(30), ask(request(b"pay: 1 coin", 1)))
        .await
        .unwrap()
        .unwrap();
    let vk = ed25519_dalek::VerifyingKey::from_bytes(&public.group_key_bytes().try_into().unwrap())
        .unwrap();
    vk.verify_strict(
        b"pay: 1 coin",
        &ed25519_dalek::Signature::from_bytes(&sig.to_standard_bytes().try_into().unwrap()),
    )
    .unwrap();

    // Off the allow-list: no answer, the device's timeout names the service.
    let err = tokio::time::timeout(
        Duration::from_secs(30),
        ask(request(b"steal everything", 2)),
    )
    .await
    .unwrap()
    .unwrap_err();
    assert_eq!(err.culprits(), vec![ids[1]]);

    // A replay of the first request (same nonce) is ignored.
    let frame = request_frame(&device, &service_key, &request(b"pay: 1 coin", 1)).unwrap();
    let mut inbox = client.session(inbox_id(&service_key));
    inbox.send(&[service_key], frame).await.unwrap();

    // A request signed by a key outside the roster is refused.
    let stranger = RelayClient::new(&relay.url(), cert.as_bytes(), outsider.clone()).unwrap();
    let frame = request_frame(&outsider, &service_key, &request(b"pay: 2 coins", 3)).unwrap();
    stranger
        .session(inbox_id(&service_key))
        .send(&[service_key], frame)
        .await
        .unwrap();

    // The second allowed request passes, the third is over the rate limit.
    tokio::time::timeout(Duration::from_secs(30), ask(request(b"pay: 3 coins", 4)))
        .await
        .unwrap()
        .unwrap();
    let err = tokio::time::timeout(Duration::from_secs(30), ask(request(b"pay: 4 coins", 5)))
        .await
        .unwrap()
        .unwrap_err();
    assert_eq!(err.culprits(), vec![ids[1]]);

    let stats = stats.lock().unwrap().clone();
    assert_eq!(stats.accepted, 2, "{stats:?}");
    assert_eq!(stats.replays, 1, "{stats:?}");
    assert!(
        stats.refused.iter().any(|r| r.contains("allow-list")),
        "{stats:?}"
    );
    assert!(
        stats
            .refused
            .iter()
            .any(|r| r.contains("outside the account's roster")),
        "{stats:?}"
    );
    assert!(
        stats.refused.iter().any(|r| r.contains("rate limit")),
        "{stats:?}"
    );
    task.abort();
    relay.stop().await;
}
