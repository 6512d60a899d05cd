//! A load run of the login service: one process holds a relay, a
//! [`Service`] serving many 2-of-3 Ed25519 accounts and the devices of
//! those accounts, and fires a bounded burst of concurrent signing
//! requests over loopback HTTPS. Each device holds a session key its
//! account certified (scope `sign`) and signs its requests with it. Reports latency percentiles, signatures
//! per second and the process's peak resident memory (relay, service and
//! devices together: an upper bound for the service alone).

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use tessera_core::Identifier;
use tessera_core::suites::Ed25519;
use tessera_wallet::session::{CertificateRequest, SessionKey, Window, unix_now};
use tokio::task::JoinSet;

use crate::identity::Identity;
use crate::relay::{Relay, RelayClient, RelayConfig, tls};
use crate::roster::Roster;
use crate::serve::{Account, AllowAll, SIGN_SCOPE, Service, SignRequest, request_signature};

/// A finished request: its latency, the group key, the message and the
/// signature.
type Signed = (
    Duration,
    Vec<u8>,
    Vec<u8>,
    tessera_frost::Signature<Ed25519>,
);

/// What to run.
#[derive(Clone, Copy, Debug)]
pub struct LoadConfig {
    /// Accounts the service serves.
    pub accounts: usize,
    /// Signing requests in the burst.
    pub requests: usize,
    /// Requests in flight at once.
    pub concurrency: usize,
}

/// What a load run measured.
#[derive(Clone, Debug)]
pub struct LoadReport {
    /// The configuration.
    pub config: LoadConfig,
    /// Signatures made and verified (by the device's aggregation during
    /// the burst, then by ed25519-dalek's strict verifier after it).
    pub signed: usize,
    /// Requests that failed.
    pub failed: usize,
    /// Wall time of the burst.
    pub wall: Duration,
    /// Median end-to-end latency (request authorized and sent to the
    /// signature aggregated and verified by the device).
    pub p50: Duration,
    /// 99th percentile latency.
    pub p99: Duration,
    /// Signatures per second over the burst.
    pub per_second: f64,
    /// The process's peak resident set (Linux `VmHWM`), KiB.
    pub peak_rss_kib: Option<u64>,
    /// Time to create the accounts and start everything.
    pub setup: Duration,
}

/// Peak resident set of this process in KiB (Linux only).
pub fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Runs the load (call inside a multi-threaded tokio runtime).
pub async fn run(config: LoadConfig) -> Result<LoadReport, String> {
    let started = Instant::now();
    let (cert, key) = tls::self_signed(&["127.0.0.1"]).map_err(|e| e.to_string())?;
    let server = tls::server_config(cert.as_bytes(), key.as_bytes()).map_err(|e| e.to_string())?;
    let relay_config = RelayConfig {
        max_queue: 1 << 16,
        ..RelayConfig::default()
    };
    let addr = "127.0.0.1:0"
        .parse()
        .map_err(|_| "bad address".to_owned())?;
    let relay = Relay::start(addr, server, relay_config)
        .await
        .map_err(|e| e.to_string())?;
    let url = relay.url();
    let mut rng = rand::rng();
    let service_identity = Arc::new(Identity::generate(&mut rng));
    let recovery = Identity::generate(&mut rng).public();
    let ids: Vec<Identifier<Ed25519>> = (1..=3).filter_map(Identifier::new).collect();
    let (Some(&device_id), Some(&service_id), Some(&recovery_id)) =
        (ids.first(), ids.get(1), ids.get(2))
    else {
        return Err("identifiers".into());
    };
    let window = Window::starting(unix_now().saturating_sub(60), 3600);
    let mut accounts = HashMap::new();
    let mut devices = Vec::new();
    for i in 0..config.accounts {
        let (mut keys, public) = tessera_keys::local::run_dkg::<Ed25519, _>(2, &ids, &mut rng)
            .map_err(|e| e.to_string())?;
        let mut member = |id| keys.remove(id).ok_or("a key package is missing");
        let (device_key, service_key) = (member(&device_id)?, member(&service_id)?);
        let device = Arc::new(Identity::generate(&mut rng));
        let roster = Roster::new([
            (device_key.id(), device.public()),
            (service_key.id(), service_identity.public()),
            (recovery_id, recovery),
        ])
        .ok_or("roster")?;
        // The device's session key, certified by device and login for an
        // hour, scope "sign".
        let session_key = SessionKey::<Ed25519>::generate(&mut rng);
        let certificate = CertificateRequest::new(
            &public,
            &session_key.public(),
            window,
            &[SIGN_SCOPE],
            &mut rng,
        )
        .map_err(|e| e.to_string())?;
        let signature = tessera_keys::local::run_signing(
            [&device_key, &service_key],
            &public,
            &certificate.message(),
            &mut rng,
        )
        .map_err(|e| e.to_string())?;
        let certificate = certificate.certify(signature).map_err(|e| e.to_string())?;
        let signers = vec![1, 2];
        let name = format!("account-{i}");
        accounts.insert(
            name.clone(),
            Account {
                key: service_key,
                public: public.clone(),
                roster: roster.clone(),
            },
        );
        let credential = (certificate, session_key, signers);
        devices.push((name, device, device_key, public.clone(), roster, credential));
    }
    let service = Service::new(accounts, Arc::new(AllowAll));
    let stats = service.stats();
    let service_client = RelayClient::new(&url, cert.as_bytes(), service_identity.clone())
        .map_err(|e| e.to_string())?;
    let service_task = tokio::spawn(service.serve(service_client));
    // Device clients share one HTTP connection pool.
    let http = RelayClient::http(cert.as_bytes()).map_err(|e| e.to_string())?;
    let devices: Vec<_> = devices
        .into_iter()
        .map(|(name, identity, key, public, roster, credential)| {
            (
                name,
                RelayClient::with_http(http.clone(), &url, identity),
                key,
                public,
                roster,
                credential,
            )
        })
        .collect();
    let devices = Arc::new(devices);
    let setup = started.elapsed();

    // At most `concurrency` requests in flight; each result is collected
    // as soon as its request ends, so finished requests hold no memory.
    let concurrency = config.concurrency.max(1);
    let service_key = service_identity.public().ed25519;
    let burst = Instant::now();
    let mut running = JoinSet::new();
    let mut done = Vec::with_capacity(config.requests);
    let mut failed = 0;
    let mut collect = |finished: Option<Result<Option<Signed>, _>>| match finished {
        Some(Ok(Some(d))) => done.push(d),
        _ => failed += 1,
    };
    for r in 0..config.requests {
        if running.len() >= concurrency {
            collect(running.join_next().await);
        }
        let devices = devices.clone();
        running.spawn(async move {
            let (name, client, key, public, roster, (certificate, session_key, signers)) =
                devices.get(r % devices.len())?;
            let mut nonce = [0u8; 32];
            rand::fill(&mut nonce[..]);
            let message = format!("transfer #{r}").into_bytes();
            let request = SignRequest {
                account: name.clone(),
                nonce,
                signers: signers.clone(),
                message: message.clone(),
            };
            let t = Instant::now();
            let request = request
                .authorize(certificate.clone(), session_key, &mut rand::rng())
                .ok()?;
            let signature = request_signature(
                client,
                &service_key,
                key,
                public,
                roster,
                &request,
                Duration::from_secs(10),
            )
            .await
            .ok()?;
            Some((t.elapsed(), public.group_key_bytes(), message, signature))
        });
    }
    while !running.is_empty() {
        collect(running.join_next().await);
    }
    let wall = burst.elapsed();
    // The standard verifier checks every signature after the burst (the
    // device's aggregation already verified each one inside it).
    let mut latencies = Vec::with_capacity(done.len());
    for (latency, key, message, signature) in done {
        let verified = <[u8; 32]>::try_from(key.as_slice())
            .ok()
            .and_then(|k| ed25519_dalek::VerifyingKey::from_bytes(&k).ok())
            .zip(<[u8; 64]>::try_from(signature.to_standard_bytes().as_slice()).ok())
            .is_some_and(|(vk, sig)| {
                vk.verify_strict(&message, &ed25519_dalek::Signature::from_bytes(&sig))
                    .is_ok()
            });
        if verified {
            latencies.push(latency);
        } else {
            failed += 1;
        }
    }
    service_task.abort();
    let _ = stats;
    relay.stop().await;
    latencies.sort();
    let pick = |q: f64| {
        let n = latencies.len();
        if n == 0 {
            return Duration::ZERO;
        }
        let i = ((n as f64 - 1.0) * q).round() as usize;
        latencies.get(i.min(n - 1)).copied().unwrap_or_default()
    };
    Ok(LoadReport {
        config,
        signed: latencies.len(),
        failed,
        wall,
        p50: pick(0.5),
        p99: pick(0.99),
        per_second: latencies.len() as f64 / wall.as_secs_f64().max(1e-9),
        peak_rss_kib: peak_rss_kib(),
        setup,
    })
}
