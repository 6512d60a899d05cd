//! Benchmarks of `tessera-wallet`: Sequence-style multisig beside the
//! threshold key (`reports/multisig-vs-threshold.md` reads these), session
//! certificates, and the encrypted share store.
//!
//! Groups (`"{op}/{suite}"`, function, parameter):
//!
//! * `multisig-verify/{suite}`: verifying one wallet signature, 2-of-3
//!   and 3-of-4. `sequence`: a [`MultisigSignature`] with `t` member
//!   signatures (image hash rebuilt, `t` single verifications);
//!   `threshold`: one FROST signature under the group key.
//! * `key-replacement/{suite}` (2-of-3): replacing a lost key.
//!   `sequence`: the other members sign the configuration update and it
//!   is verified as the chain would; `threshold`: the reshare to the
//!   remaining members and a new one (`Account::replace`, every party
//!   simulated in one process).
//! * `session-verify/{suite}`: `certificate+action`: a signed action
//!   verified by the account's certificate and the session signature
//!   (same suite: one batched MSM); `two-plain`: two plain signature
//!   verifications of the suite (the target is within 1.2x of it).
//! * `store/secp256k1`: `open` and `save` of a member's store file with
//!   the default Argon2id parameters (19 MiB, 2 passes, 1 lane).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::time::Duration;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use tessera_benches::{config, for_all_suites, group_name, param_label, rng};
use tessera_core::Suite;
use tessera_core::suites::Secp256k1;
use tessera_wallet::Account;
use tessera_wallet::multisig::{Config, Member, MultisigSignature, MultisigWallet};
use tessera_wallet::schnorr::SigningKey;
use tessera_wallet::session::{SessionKey, SignedAction, Verifier, Window};
use tessera_wallet::store::{self, KdfParams, Keychain, Password};

const NAMES: [&str; 4] = ["device", "login", "recovery", "hardware"];
const MESSAGE: &[u8] = b"transfer 1 to bob, nonce 7";

fn multisig_verify<S: Suite>(c: &mut Criterion) {
    let mut group = c.benchmark_group(group_name::<S>("multisig-verify"));
    for (t, n) in [(2u16, 3u16), (3, 4)] {
        let mut r = rng(u64::from(n));
        let names = &NAMES[..usize::from(n)];
        let keys: Vec<SigningKey<S>> = names.iter().map(|_| SigningKey::generate(&mut r)).collect();
        let members = names
            .iter()
            .zip(&keys)
            .map(|(name, k)| Member::new(name, k.public(), 1))
            .collect();
        let wallet = MultisigWallet::new(Config::new(t, members).unwrap());
        let signers: Vec<(&str, &SigningKey<S>)> = names
            .iter()
            .copied()
            .zip(&keys)
            .take(usize::from(t))
            .collect();
        let signature = wallet.sign(&signers, MESSAGE, &mut r).unwrap();
        let bytes = signature.to_bytes();
        wallet.verify(MESSAGE, &signature).unwrap();
        group.bench_function(BenchmarkId::new("sequence", param_label(t, n)), |b| {
            b.iter(|| {
                // From the bytes a transaction carries, as a chain would.
                let signature = MultisigSignature::<S>::from_bytes(&bytes).unwrap();
                wallet.verify(MESSAGE, &signature).unwrap();
            });
        });

        let account = Account::<S>::create(names, t, &mut r).unwrap();
        let signature = account
            .sign(&names[..usize::from(t)], MESSAGE, &mut r)
            .unwrap();
        let standard = signature.to_standard_bytes();
        let key = account.group_key();
        group.bench_function(BenchmarkId::new("threshold", param_label(t, n)), |b| {
            b.iter(|| {
                let signature =
                    tessera_frost::Signature::<S>::from_standard_bytes(&standard).unwrap();
                signature.verify(&key, MESSAGE).unwrap();
            });
        });
    }
    group.finish();
}

fn key_replacement<S: Suite>(c: &mut Criterion) {
    let mut group = c.benchmark_group(group_name::<S>("key-replacement"));
    let mut r = rng(5);
    let names = &NAMES[..3];
    let keys: Vec<SigningKey<S>> = names.iter().map(|_| SigningKey::generate(&mut r)).collect();
    let members: Vec<Member<S>> = names
        .iter()
        .zip(&keys)
        .map(|(name, k)| Member::new(name, k.public(), 1))
        .collect();
    let new_key = SigningKey::<S>::generate(&mut r);
    let param = param_label(2, 3);
    group.bench_function(BenchmarkId::new("sequence", &param), |b| {
        b.iter_batched(
            || MultisigWallet::new(Config::new(2, members.clone()).unwrap()),
            |mut wallet| {
                wallet
                    .replace(
                        "device",
                        "new-device",
                        new_key.public(),
                        &[("login", &keys[1]), ("recovery", &keys[2])],
                        &mut rng(6),
                    )
                    .unwrap()
            },
            criterion::BatchSize::SmallInput,
        );
    });
    let account = Account::<S>::create(names, 2, &mut r).unwrap();
    group.bench_function(BenchmarkId::new("threshold", &param), |b| {
        b.iter_batched(
            || {
                Account::<S>::from_keychains(
                    names.iter().map(|n| account.keychain(n).unwrap()).collect(),
                )
                .unwrap()
            },
            |mut account| {
                account
                    .replace("device", "new-device", &mut rng(7))
                    .unwrap()
            },
            criterion::BatchSize::SmallInput,
        );
    });
    group.finish();
}

fn session_verify<S: tessera_wallet::session::SessionSuite>(c: &mut Criterion) {
    let mut group = c.benchmark_group(group_name::<S>("session-verify"));
    let mut r = rng(8);
    let now = 1_800_000_000;
    let account = Account::<S>::create(&NAMES[..3], 2, &mut r).unwrap();
    let key = SessionKey::<S>::generate(&mut r);
    let certificate = account
        .certify_session::<S, _>(
            &["device", "login"],
            &key.public(),
            Window::starting(now, 3600),
            &["transfer"],
            &mut r,
        )
        .unwrap();
    let action = SignedAction::sign(certificate, &key, "transfer", MESSAGE, &mut r).unwrap();
    let verifier = Verifier::new(account.group_key());
    verifier
        .verify_action(&action, now, Some("transfer"))
        .unwrap();
    group.bench_function(BenchmarkId::new("certificate+action", "2-of-3"), |b| {
        b.iter(|| {
            verifier
                .verify_action(&action, now, Some("transfer"))
                .unwrap()
        });
    });
    // Two plain signatures of the suite on messages of the same lengths.
    let a = SigningKey::<S>::generate(&mut r);
    let cert_message = vec![7u8; action.certificate().to_bytes().len()];
    let sig_a = a.sign(&cert_message, &mut r);
    let sig_b = key.sign(MESSAGE, &mut r);
    let (pa, pb) = (a.public(), key.public());
    group.bench_function(BenchmarkId::new("two-plain", "2-of-3"), |b| {
        b.iter(|| {
            sig_a.verify(&pa, &cert_message).unwrap();
            sig_b.verify(&pb, MESSAGE).unwrap();
        });
    });
    group.finish();
}

fn store_benches(c: &mut Criterion) {
    let mut group = c.benchmark_group(group_name::<Secp256k1>("store"));
    let mut r = rng(9);
    let account = Account::<Secp256k1>::create(&NAMES[..3], 2, &mut r).unwrap();
    let chain: Keychain<Secp256k1> = account.keychain("device").unwrap();
    let password = Password::new::<Secp256k1>("correct horse battery staple".into()).unwrap();
    let dir = std::env::temp_dir().join(format!("tessera-bench-store-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("device.tsr");
    store::save(&path, &chain, &password, KdfParams::OWASP, &mut r).unwrap();
    group.bench_function(BenchmarkId::new("open", "owasp"), |b| {
        b.iter(|| store::load::<Secp256k1>(&path, &password).unwrap());
    });
    group.bench_function(BenchmarkId::new("save", "owasp"), |b| {
        b.iter(|| store::save(&path, &chain, &password, KdfParams::OWASP, &mut r).unwrap());
    });
    group.finish();
    let _ = std::fs::remove_dir_all(&dir);
}

fn wallet_benches(c: &mut Criterion) {
    for_all_suites!(multisig_verify, c);
    multisig_verify::<tessera_core::suites::Secp256k1Tr>(c);
    for_all_suites!(key_replacement, c);
    key_replacement::<tessera_core::suites::Secp256k1Tr>(c);
    session_verify::<tessera_core::suites::Ed25519>(c);
    session_verify::<tessera_core::suites::P256>(c);
    store_benches(c);
}

criterion_group! {
    name = benches;
    config = config()
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_millis(1500));
    targets = wallet_benches
}
criterion_main!(benches);
