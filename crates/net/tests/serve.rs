//! The login service over the relay. A request is a sign request signed
//! by a session key the account certified (`tessera_wallet::session`).
//! The service co-signs a request with a valid certificate (signature
//! checked by ed25519-dalek; on secp256k1-tr by k256's BIP-340 verifier).
//! It refuses, each with a typed `Refused` naming the reason, while the
//! device's timeout names the service: an expired certificate, another
//! account's certificate, a certificate without the `sign` scope, one from
//! before a refresh (old epoch), a revoked one, a request signed by a key
//! other than the certified one, a replayed request, a request sent from
//! an identity key outside the roster, a message off the allow-list and a
//! request over the rate limit. The service's clock can be injected and
//! does not go back, and it remembers nonces only while their certificate
//! is valid, within bounds.
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
use tessera_core::suites::{Ed25519, Secp256k1Tr};
use tessera_core::{Identifier, Suite};
use tessera_frost::{KeyPackage, PublicKeyPackage};
use tessera_keys::local::{self, KeyPackages};
use tessera_keys::reshare::ReshareConfig;
use tessera_net::relay::{Relay, RelayClient, RelayConfig, RelayHandle, tls};
use tessera_net::serve::{
    Account, AllowAll, AllowList, AuthorizedRequest, Both, CoSignAnswer, CoSignRequest, RateLimit,
    Refused, SIGN_SCOPE, Service, SessionCertificate, SignRequest, inbox_id, open_answer,
    request_frame, request_signature,
};
use tessera_net::{Identity, Roster, Transport};
use tessera_wallet::Error as WalletError;
use tessera_wallet::session::{
    CertificateRequest, RevocationList, SessionKey, SignedAction, Window, unix_now,
};

/// A 2-of-3 account: members 1 (device), 2 (login service), 3 (recovery),
/// made by DKG.
struct Wallet<S: Suite> {
    keys: KeyPackages<S>,
    public: PublicKeyPackage<S>,
}

fn n<S: Suite>(i: u16) -> Identifier<S> {
    Identifier::new(i).unwrap()
}

fn wallet<S: Suite>(rng: &mut ChaCha20Rng) -> Wallet<S> {
    let (keys, public) = local::run_dkg(2, &[n(1), n(2), n(3)], rng).unwrap();
    Wallet { keys, public }
}

impl<S: Suite> Wallet<S> {
    fn key(&self, i: u16) -> &KeyPackage<S> {
        &self.keys[&n(i)]
    }

    /// Every member refreshes its share (new epoch, same key).
    fn refresh(&mut self, rng: &mut ChaCha20Rng) {
        let config = ReshareConfig::refresh(self.public.clone(), &[n(1), n(2), n(3)]).unwrap();
        (self.keys, self.public) = local::run_reshare(&config, &self.keys, rng).unwrap();
    }
}

/// Device and login service certify `key` (FROST signature of the account).
fn certify<S: Suite>(
    account: &Wallet<S>,
    key: &SessionKey<Ed25519>,
    window: Window,
    scopes: &[&str],
    rng: &mut ChaCha20Rng,
) -> SessionCertificate<S> {
    let request =
        CertificateRequest::new(&account.public, &key.public(), window, scopes, rng).unwrap();
    let signature = local::run_signing(
        [account.key(1), account.key(2)],
        &account.public,
        &request.message(),
        rng,
    )
    .unwrap();
    request.certify(signature).unwrap()
}

fn valid_now() -> Window {
    Window::starting(unix_now() - 60, 3600)
}

/// A relay on loopback with a self-signed certificate (returned, PEM).
async fn relay() -> (RelayHandle, String) {
    let (cert, key) = tls::self_signed(&["127.0.0.1"]).unwrap();
    let server = tls::server_config(cert.as_bytes(), key.as_bytes()).unwrap();
    let relay = Relay::start(
        "127.0.0.1:0".parse().unwrap(),
        server,
        RelayConfig::default(),
    )
    .await
    .unwrap();
    (relay, cert)
}

/// The account's three members' identities: the device (1), the login
/// service (2) and the recovery holder (3), in a roster.
fn members<S: Suite>(rng: &mut ChaCha20Rng) -> (Arc<Identity>, Arc<Identity>, Roster<S>) {
    let device = Arc::new(Identity::generate(rng));
    let service = Arc::new(Identity::generate(rng));
    let recovery = Identity::generate(rng);
    let roster = Roster::new([
        (n(1), device.public()),
        (n(2), service.public()),
        (n(3), recovery.public()),
    ])
    .unwrap();
    (device, service, roster)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_service_signs_only_certified_allowed_requests() {
    type S = Ed25519;
    let (relay, cert) = relay().await;
    let mut rng = ChaCha20Rng::seed_from_u64(5);
    let mut alice = wallet::<S>(&mut rng);
    let bob = wallet::<S>(&mut rng);
    let (device, service_id, roster) = members::<S>(&mut rng);
    let outsider = Arc::new(Identity::generate(&mut rng));
    let (device_n, login_n) = (n::<S>(1), n::<S>(2));

    // The device's session key; a certificate made before a refresh.
    let session_key = SessionKey::<Ed25519>::generate(&mut rng);
    let before_refresh = certify(&alice, &session_key, valid_now(), &[SIGN_SCOPE], &mut rng);
    alice.refresh(&mut rng);
    assert_ne!(before_refresh.epoch(), alice.public.epoch());
    let good = certify(&alice, &session_key, valid_now(), &[SIGN_SCOPE], &mut rng);
    let expired = certify(
        &alice,
        &session_key,
        Window::starting(unix_now() - 7200, 3600),
        &[SIGN_SCOPE],
        &mut rng,
    );
    let other_account = certify(&bob, &session_key, valid_now(), &[SIGN_SCOPE], &mut rng);
    let wrong_scope = certify(&alice, &session_key, valid_now(), &["transfer"], &mut rng);
    let revoked = certify(&alice, &session_key, valid_now(), &[SIGN_SCOPE], &mut rng);
    let mut revocations = RevocationList::new();
    revocations.revoke(&revoked);

    let public = alice.public.clone();
    let mut accounts = HashMap::new();
    accounts.insert(
        "alice".to_owned(),
        Account {
            key: alice.key(2).clone(),
            public: public.clone(),
            roster: roster.clone(),
        },
    );
    // Messages must start with "pay:"; at most 2 per account per minute.
    let policy = Both(
        AllowList(vec![b"pay:".to_vec()]),
        RateLimit::new(2, Duration::from_secs(60)),
    );
    let logged = Arc::new(std::sync::Mutex::new(Vec::new()));
    let log = logged.clone();
    let service = Service::new(accounts, Arc::new(policy))
        .with_revocations(&revocations)
        .with_log(Arc::new(move |r: &Refused<S>| {
            log.lock().unwrap().push(r.to_string())
        }));
    let stats = service.stats();
    let server_client =
        RelayClient::new(&relay.url(), cert.as_bytes(), service_id.clone()).unwrap();
    let task = tokio::spawn(service.serve(server_client));
    let client = RelayClient::new(&relay.url(), cert.as_bytes(), device.clone()).unwrap();
    let service_key = service_id.public().ed25519;
    let signers = vec![device_n.as_u16().unwrap(), login_n.as_u16().unwrap()];
    let request = |message: &[u8], nonce: u8| SignRequest {
        account: "alice".into(),
        nonce: [nonce; 32],
        signers: signers.clone(),
        message: message.to_vec(),
    };
    let device_key = alice.key(1).clone();
    let ask = |r: AuthorizedRequest<S>| {
        let (client, public, roster, key) = (
            client.clone(),
            public.clone(),
            roster.clone(),
            device_key.clone(),
        );
        async move {
            tokio::time::timeout(
                Duration::from_secs(30),
                request_signature(
                    &client,
                    &service_key,
                    &key,
                    &public,
                    &roster,
                    &r,
                    Duration::from_secs(2),
                ),
            )
            .await
            .unwrap()
        }
    };
    let mut authorize = |r: SignRequest, c: &SessionCertificate<S>| {
        r.authorize(c.clone(), &session_key, &mut rng).unwrap()
    };

    // A valid certificate: signed, and the signature verifies.
    let first = authorize(request(b"pay: 1 coin", 1), &good);
    let sig = ask(first.clone()).await.unwrap();
    let vk = ed25519_dalek::VerifyingKey::from_bytes(&public.group_key_bytes().try_into().unwrap())
        .unwrap();
    vk.verify_strict(
        b"pay: 1 coin",
        &ed25519_dalek::Signature::from_bytes(&sig.to_standard_bytes().try_into().unwrap()),
    )
    .unwrap();

    // Each of these gets no answer: the device's timeout names the service.
    let refused_ones = [
        authorize(request(b"pay: 2", 2), &expired),
        authorize(request(b"pay: 3", 3), &other_account),
        authorize(request(b"pay: 4", 4), &wrong_scope),
        authorize(request(b"pay: 5", 5), &before_refresh),
        authorize(request(b"pay: 6", 6), &revoked),
    ];
    // Signed by a key other than the certified one.
    let other_key = SessionKey::<Ed25519>::generate(&mut ChaCha20Rng::seed_from_u64(9));
    let bytes = request(b"pay: 7", 7).to_bytes();
    let forged = SignedAction::from_parts(
        good.clone(),
        SIGN_SCOPE,
        &bytes,
        other_key.sign(
            &SignedAction::message_to_sign(&good, SIGN_SCOPE, &bytes),
            &mut ChaCha20Rng::seed_from_u64(10),
        ),
    )
    .unwrap();
    // Off the allow-list.
    let off_list = authorize(request(b"steal everything", 8), &good);
    let mut waiting = tokio::task::JoinSet::new();
    for r in refused_ones
        .into_iter()
        .chain([forged, first.clone(), off_list])
    {
        waiting.spawn(ask(r));
    }
    while let Some(result) = waiting.join_next().await {
        assert_eq!(result.unwrap().unwrap_err().culprits(), vec![login_n]);
    }

    // A valid request sent from an identity key outside the roster.
    let stranger = RelayClient::new(&relay.url(), cert.as_bytes(), outsider.clone()).unwrap();
    let frame = request_frame(
        &outsider,
        &service_key,
        &CoSignRequest {
            authorized: authorize(request(b"pay: 9", 9), &good),
            commitments: vec![
                tessera_frost::round1::commit(alice.key(1), &mut ChaCha20Rng::seed_from_u64(11)).1,
            ],
        },
    )
    .unwrap();
    stranger
        .session(inbox_id(&service_key))
        .send(&[service_key], frame)
        .await
        .unwrap();

    // The second allowed request passes, the third is over the rate limit.
    ask(authorize(request(b"pay: 10", 10), &good))
        .await
        .unwrap();
    let err = ask(authorize(request(b"pay: 11", 11), &good))
        .await
        .unwrap_err();
    assert_eq!(err.culprits(), vec![login_n]);

    let stats = stats.lock().unwrap().clone();
    assert_eq!(stats.accepted, 2, "{stats:?}");
    assert_eq!(stats.signed, 2, "{stats:?}");
    let session_error = |f: fn(&WalletError<S>) -> bool| {
        stats.refused.iter().any(|r| {
            matches!(r, Refused::Session { error, participant: Some(p), account, .. }
                if f(error) && *p == device_n && account == "alice")
        })
    };
    assert!(
        session_error(|e| matches!(e, WalletError::CertificateExpired { .. })),
        "{stats:?}"
    );
    assert!(
        session_error(|e| matches!(e, WalletError::WrongAccount { .. })),
        "{stats:?}"
    );
    assert!(
        session_error(|e| matches!(e, WalletError::WrongScope { .. })),
        "{stats:?}"
    );
    assert!(
        session_error(|e| matches!(e, WalletError::CertificateEpochRevoked { .. })),
        "{stats:?}"
    );
    assert!(
        session_error(|e| matches!(e, WalletError::CertificateRevoked { .. })),
        "{stats:?}"
    );
    assert!(
        session_error(|e| matches!(e, WalletError::InvalidSessionSignature)),
        "{stats:?}"
    );
    let has = |f: &dyn Fn(&Refused<S>) -> bool| stats.refused.iter().filter(|r| f(r)).count();
    assert_eq!(
        has(&|r| matches!(r, Refused::Replay { requester, .. } if *requester == device_n)),
        1,
        "{stats:?}"
    );
    assert_eq!(
        has(&|r| matches!(r, Refused::NotInRoster { account, .. } if account == "alice")),
        1,
        "{stats:?}"
    );
    assert_eq!(
        has(
            &|r| matches!(r, Refused::Policy { reason, requester, .. } if reason.contains("allow-list") && *requester == device_n)
        ),
        1,
        "{stats:?}"
    );
    assert_eq!(
        has(&|r| matches!(r, Refused::Policy { reason, .. } if reason.contains("rate limit"))),
        1,
        "{stats:?}"
    );
    assert_eq!(stats.refused.len(), 10, "{stats:?}");
    // The log hook saw every refusal, as sentences naming the requester.
    let logged = logged.lock().unwrap().clone();
    assert_eq!(logged.len(), 10, "{logged:?}");
    assert!(
        logged
            .iter()
            .filter(|l| !l.contains("not in the account's roster"))
            .all(|l| l.contains(&format!("participant {device_n}"))),
        "{logged:?}"
    );
    task.abort();
    relay.stop().await;
}

/// The service is generic over the suite: a secp256k1-tr account, its
/// co-signature checked by k256's BIP-340 verifier.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_service_signs_for_a_taproot_account() {
    type S = Secp256k1Tr;
    let (relay, cert) = relay().await;
    let mut rng = ChaCha20Rng::seed_from_u64(6);
    let account = wallet::<S>(&mut rng);
    let (device, service_id, roster) = members::<S>(&mut rng);
    let (device_n, login_n) = (n::<S>(1), n::<S>(2));
    let session_key = SessionKey::<Ed25519>::generate(&mut rng);
    let certificate = certify(&account, &session_key, valid_now(), &[SIGN_SCOPE], &mut rng);
    let public = account.public.clone();
    let accounts = HashMap::from([(
        "satoshi".to_owned(),
        Account {
            key: account.key(2).clone(),
            public: public.clone(),
            roster: roster.clone(),
        },
    )]);
    let service = Service::new(accounts, Arc::new(AllowAll));
    let stats = service.stats();
    let task = tokio::spawn(
        service.serve(RelayClient::new(&relay.url(), cert.as_bytes(), service_id.clone()).unwrap()),
    );
    let client = RelayClient::new(&relay.url(), cert.as_bytes(), device.clone()).unwrap();
    let message = b"spend the taproot output".to_vec();
    let request = SignRequest {
        account: "satoshi".into(),
        nonce: [7; 32],
        signers: vec![device_n.as_u16().unwrap(), login_n.as_u16().unwrap()],
        message: message.clone(),
    }
    .authorize(certificate, &session_key, &mut rng)
    .unwrap();
    let signature = tokio::time::timeout(
        Duration::from_secs(30),
        request_signature(
            &client,
            &service_id.public().ed25519,
            account.key(1),
            &public,
            &roster,
            &request,
            Duration::from_secs(2),
        ),
    )
    .await
    .unwrap()
    .unwrap();
    let group = public.group_key_bytes();
    let key = k256::schnorr::VerifyingKey::from_slice(&group[1..]).unwrap();
    let sig = k256::schnorr::Signature::from_slice(&signature.to_standard_bytes()).unwrap();
    key.verify_raw(&message, &sig).unwrap();
    assert_eq!(stats.lock().unwrap().accepted, 1);
    task.abort();
    relay.stop().await;
}

/// The service's clock is injected and never goes back, and its memory of
/// nonces is bounded: a nonce is remembered while its certificate is valid
/// (a second request over the per-account bound of 1 is refused), then
/// forgotten; a clock set back does not revive an expired certificate.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nonces_are_remembered_while_their_certificate_is_valid() {
    use std::sync::atomic::{AtomicU64, Ordering};
    type S = Ed25519;
    let (relay, cert) = relay().await;
    let mut rng = ChaCha20Rng::seed_from_u64(11);
    let account = wallet::<S>(&mut rng);
    let (device, service_id, roster) = members::<S>(&mut rng);
    let (device_n, login_n) = (n::<S>(1), n::<S>(2));
    let t0 = 1_900_000_000;
    let session_key = SessionKey::<Ed25519>::generate(&mut rng);
    let short = certify(
        &account,
        &session_key,
        Window::starting(t0, 100),
        &[SIGN_SCOPE],
        &mut rng,
    );
    let long = certify(
        &account,
        &session_key,
        Window::starting(t0, 1000),
        &[SIGN_SCOPE],
        &mut rng,
    );
    let public = account.public.clone();
    let accounts = HashMap::from([(
        "alice".to_owned(),
        Account {
            key: account.key(2).clone(),
            public: public.clone(),
            roster: roster.clone(),
        },
    )]);
    let now = Arc::new(AtomicU64::new(t0 + 10));
    let clock = now.clone();
    let service = Service::new(accounts, Arc::new(AllowAll))
        .with_clock(Arc::new(move || clock.load(Ordering::SeqCst)))
        .with_replay_limits(1, 10);
    let stats = service.stats();
    let task = tokio::spawn(
        service.serve(RelayClient::new(&relay.url(), cert.as_bytes(), service_id.clone()).unwrap()),
    );
    let client = RelayClient::new(&relay.url(), cert.as_bytes(), device.clone()).unwrap();
    let mut ask = async |nonce: u8, certificate: &SessionCertificate<S>| {
        let request = SignRequest {
            account: "alice".into(),
            nonce: [nonce; 32],
            signers: vec![device_n.as_u16().unwrap(), login_n.as_u16().unwrap()],
            message: b"pay: 1".to_vec(),
        }
        .authorize(certificate.clone(), &session_key, &mut rng)
        .unwrap();
        tokio::time::timeout(
            Duration::from_secs(30),
            request_signature(
                &client,
                &service_id.public().ed25519,
                account.key(1),
                &public,
                &roster,
                &request,
                Duration::from_secs(1),
            ),
        )
        .await
        .unwrap()
    };
    let last_refusal = || stats.lock().unwrap().refused.last().cloned().unwrap();

    ask(1, &short).await.unwrap();
    // Nonce 1 is remembered until t0 + 100: no room for another.
    assert_eq!(ask(2, &long).await.unwrap_err().culprits(), vec![login_n]);
    assert_eq!(
        last_refusal(),
        Refused::TooManyPending {
            requester: device_n,
            account: "alice".into(),
            whose: "the account",
            limit: 1
        }
    );
    // After the short certificate expires it is refused (though the
    // service's cache of verified certificates holds it since its first
    // request: the window is checked on every request), and its nonce is
    // forgotten: the long one may sign again, even with nonce 1.
    now.store(t0 + 101, Ordering::SeqCst);
    assert!(ask(3, &short).await.is_err());
    assert!(matches!(
        last_refusal(),
        Refused::Session { error: WalletError::CertificateExpired { not_after, now }, .. }
            if not_after == t0 + 100 && now == t0 + 101
    ));
    ask(1, &long).await.unwrap();
    // The clock set back: the service still checks at t0 + 101.
    now.store(t0 + 10, Ordering::SeqCst);
    assert!(ask(4, &short).await.is_err());
    assert!(matches!(
        last_refusal(),
        Refused::Session { error: WalletError::CertificateExpired { now, .. }, .. }
            if now == t0 + 101
    ));
    let stats = stats.lock().unwrap().clone();
    assert_eq!((stats.accepted, stats.signed), (2, 2), "{stats:?}");
    assert_eq!(stats.refused.len(), 3, "{stats:?}");
    task.abort();
    relay.stop().await;
}

/// A request for `signers` with `commitments`, authorized by `key` under
/// `certificate`, in a frame signed by `device`.
#[allow(clippy::too_many_arguments)]
fn cosign_frame<S: Suite>(
    device: &Identity,
    service: &tessera_net::Address,
    certificate: &SessionCertificate<S>,
    key: &SessionKey<Ed25519>,
    nonce: u8,
    signers: &[u16],
    commitments: Vec<tessera_frost::SigningCommitments<S>>,
    rng: &mut ChaCha20Rng,
) -> (SignRequest, Vec<u8>) {
    let request = SignRequest {
        account: "alice".into(),
        nonce: [nonce; 32],
        signers: signers.to_vec(),
        message: format!("pay: {nonce}").into_bytes(),
    };
    let authorized = request.authorize(certificate.clone(), key, rng).unwrap();
    let frame = request_frame(
        device,
        service,
        &CoSignRequest {
            authorized,
            commitments,
        },
    )
    .unwrap();
    (request, frame)
}

/// The service's side without a network (`Service::answer`): a signing
/// set it cannot sign for is refused as `Unsignable`, naming the
/// requester (a signer holding no share, a signer listed twice, the
/// service missing, a commitment missing or extra, a commitment that does
/// not decode); a valid request gets
/// one answer whose share, with the device's, aggregates into a signature
/// ed25519-dalek accepts; a share changed in transit is caught by
/// aggregation, which names the service.
#[test]
fn the_service_answers_a_valid_signing_set_in_one_message() {
    type S = Ed25519;
    let mut rng = ChaCha20Rng::seed_from_u64(8);
    let account = wallet::<S>(&mut rng);
    let (device, service_id, roster) = members::<S>(&mut rng);
    let session_key = SessionKey::<Ed25519>::generate(&mut rng);
    let certificate = certify(&account, &session_key, valid_now(), &[SIGN_SCOPE], &mut rng);
    let public = account.public.clone();
    let service = Service::new(
        HashMap::from([(
            "alice".to_owned(),
            Account {
                key: account.key(2).clone(),
                public: public.clone(),
                roster: roster.clone(),
            },
        )]),
        Arc::new(AllowAll),
    );
    let service_key = service_id.public().ed25519;
    let from = device.public().ed25519;
    let commit = |i: u16, rng: &mut ChaCha20Rng| tessera_frost::round1::commit(account.key(i), rng);

    let cases: [(&[u16], usize, &str); 5] = [
        (&[1, 4], 1, "signer 4 holds no share of this key"),
        (&[1, 1, 2], 2, "signer 1 is listed twice"),
        (&[1, 3], 2, "the service is not among the signers"),
        (&[1, 2], 0, "signer 1 has no commitment"),
        (&[1, 2], 2, "more commitments than signers"),
    ];
    for (nonce, (signers, count, what)) in (1u8..).zip(cases) {
        let commitments = (0..count).map(|_| commit(1, &mut rng).1).collect();
        let (_, frame) = cosign_frame(
            &device,
            &service_key,
            &certificate,
            &session_key,
            nonce,
            signers,
            commitments,
            &mut rng,
        );
        let refused = service
            .answer(&service_id, &from, &frame, &mut rng)
            .unwrap_err();
        assert_eq!(
            refused,
            Refused::Unsignable {
                requester: n(1),
                account: "alice".into(),
                what: what.into()
            }
        );
        assert_eq!(refused.culprits(), vec![n(1)]);
    }

    // A commitment that does not decode (its last point's y is not below
    // p): refused once the requester is authenticated, naming it.
    let (_, frame) = cosign_frame(
        &device,
        &service_key,
        &certificate,
        &session_key,
        6,
        &[1, 2],
        vec![commit(1, &mut rng).1],
        &mut rng,
    );
    let (header, body) = tessera_net::envelope::parse(&frame).unwrap();
    let mut payload = tessera_net::envelope::open_broadcast(&header, body)
        .unwrap()
        .to_vec();
    let at = payload.len() - 32;
    payload[at..].copy_from_slice(&[[0xff; 31].as_slice(), &[0x7f]].concat());
    let frame = tessera_net::envelope::seal_broadcast(
        &device,
        tessera_net::envelope::Kind::Broadcast,
        inbox_id(&service_key),
        0,
        &payload,
    )
    .unwrap();
    assert!(matches!(
        service.answer(&service_id, &from, &frame, &mut rng).unwrap_err(),
        Refused::Unsignable { requester, what, .. }
            if requester == n(1) && what.starts_with("signer 1's commitment does not decode")
    ));

    let (nonces, mine) = commit(1, &mut rng);
    let (request, frame) = cosign_frame(
        &device,
        &service_key,
        &certificate,
        &session_key,
        9,
        &[1, 2],
        vec![mine],
        &mut rng,
    );
    let (to, session, answer) = service
        .answer(&service_id, &from, &frame, &mut rng)
        .unwrap();
    assert_eq!((to, session), (from, request.session_id(&roster)));
    // Only the service's signature on the answer frame opens it.
    assert!(open_answer::<S>(&answer, &session, &from).is_none());
    let answer = open_answer::<S>(&answer, &session, &service_key).unwrap();
    let package = tessera_frost::SigningPackage::new(
        public.epoch(),
        std::collections::BTreeMap::from([(n(1), mine), (n(2), answer.commitment)]),
        &request.message,
    );
    let share = tessera_frost::round2::sign(&package, nonces, account.key(1)).unwrap();
    let shares = std::collections::BTreeMap::from([(n(1), share), (n(2), answer.share)]);
    let signature = tessera_frost::aggregate(&package, &shares, &public).unwrap();
    let vk = ed25519_dalek::VerifyingKey::from_bytes(&public.group_key_bytes().try_into().unwrap())
        .unwrap();
    vk.verify_strict(
        &request.message,
        &ed25519_dalek::Signature::from_bytes(&signature.to_standard_bytes().try_into().unwrap()),
    )
    .unwrap();
    // The same frame again is a replay.
    assert!(matches!(
        service.answer(&service_id, &from, &frame, &mut rng),
        Err(Refused::Replay { .. })
    ));
    // A share changed in transit: aggregation names the service.
    let mut tampered = shares;
    tampered.insert(
        n(2),
        tessera_frost::SignatureShare::new(answer.share.value() + tessera_core::Scalar::<S>::ONE),
    );
    assert_eq!(
        tessera_frost::aggregate(&package, &tampered, &public).unwrap_err(),
        tessera_frost::Error::InvalidSignatureShare {
            culprits: vec![n(2)]
        }
    );
}

/// The co-signing messages decode strictly: each valid encoding decodes
/// and re-encodes to itself; a cut, an extra byte or another version is
/// refused.
#[test]
fn cosigning_messages_decode_strictly() {
    type S = Ed25519;
    let mut rng = ChaCha20Rng::seed_from_u64(10);
    let account = wallet::<S>(&mut rng);
    let session_key = SessionKey::<Ed25519>::generate(&mut rng);
    let certificate = certify(&account, &session_key, valid_now(), &[SIGN_SCOPE], &mut rng);
    let authorized = SignRequest {
        account: "alice".into(),
        nonce: [1; 32],
        signers: vec![1, 2],
        message: b"pay: 1".to_vec(),
    }
    .authorize(certificate, &session_key, &mut rng)
    .unwrap();
    let commitment = tessera_frost::round1::commit(account.key(1), &mut rng).1;
    let request = CoSignRequest::<S> {
        authorized,
        commitments: vec![commitment],
    }
    .to_bytes()
    .unwrap();
    let answer = CoSignAnswer::<S> {
        commitment,
        share: tessera_frost::SignatureShare::new(tessera_core::Scalar::<S>::ONE),
    }
    .to_bytes()
    .unwrap();
    let decoded = CoSignRequest::<S>::from_bytes(&request).unwrap();
    assert_eq!(decoded.to_bytes().unwrap(), request);
    assert_eq!(
        CoSignAnswer::<S>::from_bytes(&answer)
            .unwrap()
            .to_bytes()
            .unwrap(),
        answer
    );
    for bytes in [&request, &answer] {
        let mut longer = bytes.clone();
        longer.push(0);
        let mut version = bytes.clone();
        version[0] = 2;
        let mut variants = vec![longer, version];
        variants.extend((0..bytes.len()).map(|cut| bytes[..cut].to_vec()));
        for v in variants {
            assert!(CoSignRequest::<S>::from_bytes(&v).is_err());
            assert!(CoSignAnswer::<S>::from_bytes(&v).is_none());
        }
    }
}

/// The device's side against a service that answers with a wrong share
/// (signed by the service's identity key, so the frame itself is
/// authentic): `request_signature` fails naming the service. An answer
/// signed by another key is ignored (the device then times out naming the
/// service).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_device_names_a_service_whose_share_is_wrong() {
    type S = Ed25519;
    let (relay, cert) = relay().await;
    let mut rng = ChaCha20Rng::seed_from_u64(12);
    let account = wallet::<S>(&mut rng);
    let (device, service_id, roster) = members::<S>(&mut rng);
    let session_key = SessionKey::<Ed25519>::generate(&mut rng);
    let certificate = certify(&account, &session_key, valid_now(), &[SIGN_SCOPE], &mut rng);
    let service = Service::new(
        HashMap::from([(
            "alice".to_owned(),
            Account {
                key: account.key(2).clone(),
                public: account.public.clone(),
                roster: roster.clone(),
            },
        )]),
        Arc::new(AllowAll),
    );
    let service_key = service_id.public().ed25519;
    // The dishonest service: answers as the service would, then adds one
    // to its share (or, with `forge`, signs the frame with another key).
    let server = RelayClient::new(&relay.url(), cert.as_bytes(), service_id.clone()).unwrap();
    let stranger = Arc::new(Identity::generate(&mut rng));
    let dishonest = tokio::spawn(async move {
        let mut inbox = server.session(inbox_id(&service_key));
        for forge in [false, true] {
            let received = inbox.recv().await.unwrap();
            let (to, session, frame) = service
                .answer(
                    &service_id,
                    &received.from,
                    &received.frame,
                    &mut rand::rng(),
                )
                .unwrap();
            let mut answer = open_answer::<S>(&frame, &session, &service_key).unwrap();
            answer.share = tessera_frost::SignatureShare::new(
                answer.share.value() + tessera_core::Scalar::<S>::ONE,
            );
            let signer = if forge { &stranger } else { &service_id };
            let frame = tessera_net::serve::answer_frame(signer, session, &answer).unwrap();
            server.session(session).send(&[to], frame).await.unwrap();
        }
    });
    let client = RelayClient::new(&relay.url(), cert.as_bytes(), device.clone()).unwrap();
    for nonce in [1u8, 2] {
        let request = SignRequest {
            account: "alice".into(),
            nonce: [nonce; 32],
            signers: vec![1, 2],
            message: b"pay: 1".to_vec(),
        }
        .authorize(certificate.clone(), &session_key, &mut rng)
        .unwrap();
        let err = request_signature(
            &client,
            &service_key,
            account.key(1),
            &account.public,
            &roster,
            &request,
            Duration::from_secs(1),
        )
        .await
        .unwrap_err();
        match nonce {
            1 => assert!(
                matches!(
                    &err,
                    tessera_net::Error::Protocol(tessera_frost::Error::InvalidSignatureShare { culprits })
                        if *culprits == vec![n(2)]
                ),
                "{err}"
            ),
            _ => assert!(
                matches!(&err, tessera_net::Error::Timeout { round: 1, culprits } if *culprits == vec![n(2)]),
                "{err}"
            ),
        }
    }
    dishonest.await.unwrap();
    relay.stop().await;
}
