//! Benchmarks of the login service's work per co-signing request, without
//! I/O ([`Service::answer`]): authenticate the frame, the session
//! certificate and the session signature, check the signing set and the
//! replay memory, commit, sign, and seal the answer. `tessera party load`
//! measures the same service end to end over HTTPS with its devices and
//! relay in one process; this bench is its cryptographic floor.
//!
//! Group `serve-answer/ed25519` (2-of-3), functions:
//!
//! * `cached-certificate`: the device's session certificate was seen
//!   before (the service's cache of verified certificates holds it, as on
//!   every request of a device but its first);
//! * `fresh-certificate`: no cache (`with_certificate_cache(0)`): the
//!   certificate is decoded and its signature verified on every request.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use criterion::{BatchSize, BenchmarkId, Criterion, criterion_group, criterion_main};
use tessera_benches::{config, rng};
use tessera_core::Identifier;
use tessera_core::suites::Ed25519;
use tessera_frost::round1;
use tessera_net::identity::Identity;
use tessera_net::roster::Roster;
use tessera_net::serve::{
    Account, AllowAll, CoSignRequest, SIGN_SCOPE, Service, SignRequest, request_frame,
};
use tessera_wallet::session::{CertificateRequest, SessionKey, Window, unix_now};

fn serve_answer(c: &mut Criterion) {
    let mut group = c.benchmark_group("serve-answer/ed25519");
    let mut r = rng(11);
    let ids: Vec<Identifier<Ed25519>> = (1..=3).filter_map(Identifier::new).collect();
    let (mut keys, public) = tessera_keys::local::run_dkg::<Ed25519, _>(2, &ids, &mut r).unwrap();
    let device_key = keys.remove(&ids[0]).unwrap();
    let service_key = keys.remove(&ids[1]).unwrap();
    let (device, identity, recovery) = (
        Identity::generate(&mut r),
        Identity::generate(&mut r),
        Identity::generate(&mut r),
    );
    let roster = Roster::new([
        (ids[0], device.public()),
        (ids[1], identity.public()),
        (ids[2], recovery.public()),
    ])
    .unwrap();
    let session_key = SessionKey::<Ed25519>::generate(&mut r);
    let request = CertificateRequest::new(
        &public,
        &session_key.public(),
        Window::starting(unix_now() - 60, 24 * 3600),
        &[SIGN_SCOPE],
        &mut r,
    )
    .unwrap();
    let signature = tessera_keys::local::run_signing(
        [&device_key, &service_key],
        &public,
        &request.message(),
        &mut r,
    )
    .unwrap();
    let certificate = request.certify(signature).unwrap();
    let from = device.public().ed25519;
    let service_address = identity.public().ed25519;
    // A fresh request frame (new nonce, new commitment) for each answer.
    let mut frames = rng(12);
    let mut frame = || {
        let mut nonce = [0u8; 32];
        rand::Rng::fill_bytes(&mut frames, &mut nonce);
        let authorized = SignRequest {
            account: "alice".into(),
            nonce,
            signers: vec![1, 2],
            message: b"transfer 1 to bob".to_vec(),
        }
        .authorize(certificate.clone(), &session_key, &mut frames)
        .unwrap();
        let (_nonces, commitment) = round1::commit(&device_key, &mut frames);
        let request = CoSignRequest {
            authorized,
            commitments: vec![commitment],
        };
        request_frame(&device, &service_address, &request).unwrap()
    };
    for (name, capacity) in [("cached-certificate", 16), ("fresh-certificate", 0)] {
        let account = Account {
            key: service_key.clone(),
            public: public.clone(),
            roster: roster.clone(),
        };
        let service = Service::new(
            HashMap::from([("alice".to_owned(), account)]),
            Arc::new(AllowAll),
        )
        .with_certificate_cache(capacity)
        .with_replay_limits(usize::MAX, usize::MAX);
        let mut answers = rng(13);
        service
            .answer(&identity, &from, &frame(), &mut answers)
            .ok();
        group.bench_function(BenchmarkId::new(name, "2-of-3"), |b| {
            b.iter_batched(
                &mut frame,
                |f| service.answer(&identity, &from, &f, &mut answers).unwrap(),
                BatchSize::SmallInput,
            );
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = config()
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_millis(2000));
    targets = serve_answer
}
criterion_main!(benches);
