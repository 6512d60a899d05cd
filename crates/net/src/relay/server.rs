//! The relay service (see the [module documentation](super) for its API).

use std::collections::{HashMap, VecDeque};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use tokio::sync::Notify;
use tokio::time::Instant;

use super::{CHALLENGE_TTL, LOGIN_DOMAIN, MAX_WAIT};
use crate::error::TransportError;
use crate::identity::verify_ed25519;
use crate::transport::Address;

/// The relay's bounds.
#[derive(Clone, Debug)]
pub struct RelayConfig {
    /// The largest frame accepted (larger: `413`).
    pub max_message: usize,
    /// The most frames queued for one recipient of one session (more: `429`).
    pub max_queue: usize,
    /// The most sessions kept at once (more: `503`).
    pub max_sessions: usize,
    /// A session without traffic for this long is dropped with its queues.
    pub idle_timeout: Duration,
    /// How long a login token stays valid.
    pub token_ttl: Duration,
    /// Keep a copy of every request body received (tests that inspect what
    /// the relay saw).
    pub record: bool,
}

impl Default for RelayConfig {
    fn default() -> Self {
        Self {
            max_message: 1 << 20,
            max_queue: 1024,
            max_sessions: 100_000,
            idle_timeout: Duration::from_secs(300),
            token_ttl: Duration::from_secs(3600),
            record: false,
        }
    }
}

#[derive(Default)]
struct Mailbox {
    queue: VecDeque<(Address, Bytes)>,
    notify: Arc<Notify>,
}

struct SessionBox {
    mailboxes: HashMap<Address, Mailbox>,
    last: Instant,
}

#[derive(Default)]
struct Tables {
    challenges: HashMap<[u8; 32], Instant>,
    tokens: HashMap<[u8; 32], (Address, Instant)>,
    sessions: HashMap<[u8; 32], SessionBox>,
}

struct Shared {
    config: RelayConfig,
    tables: Mutex<Tables>,
    recorded: Mutex<Vec<u8>>,
}

/// The relay service.
pub struct Relay;

/// A running relay: its address, what it recorded, and a way to stop it.
pub struct RelayHandle {
    addr: SocketAddr,
    handle: axum_server::Handle<SocketAddr>,
    shared: Arc<Shared>,
    task: tokio::task::JoinHandle<()>,
}

impl RelayHandle {
    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Its base URL (`https://127.0.0.1:PORT`).
    pub fn url(&self) -> String {
        format!("https://{}", self.addr)
    }

    /// Every request body received so far (when [`RelayConfig::record`]).
    pub fn recorded(&self) -> Vec<u8> {
        self.shared
            .recorded
            .lock()
            .map(|r| r.clone())
            .unwrap_or_default()
    }

    /// Stops the relay now (connections are closed; queued frames are lost)
    /// and waits for it.
    pub async fn stop(self) {
        self.handle.shutdown();
        let _ = self.task.await;
    }
}

impl Relay {
    /// Starts a relay on `addr` with TLS `tls`; returns once it listens.
    pub async fn start(
        addr: SocketAddr,
        tls: rustls::ServerConfig,
        config: RelayConfig,
    ) -> Result<RelayHandle, TransportError> {
        let shared = Arc::new(Shared {
            config,
            tables: Mutex::new(Tables::default()),
            recorded: Mutex::new(Vec::new()),
        });
        let limit = shared.config.max_message + 8 * 1024;
        let app = Router::new()
            .route("/v1/challenge", post(challenge))
            .route("/v1/login", post(login))
            .route("/v1/sessions/{id}/send", post(send))
            .route("/v1/sessions/{id}/recv", get(recv))
            .layer(DefaultBodyLimit::max(limit))
            .with_state(shared.clone());
        let handle = axum_server::Handle::new();
        let tls = axum_server::tls_rustls::RustlsConfig::from_config(Arc::new(tls));
        let server = axum_server::bind_rustls(addr, tls).handle(handle.clone());
        let task = tokio::spawn(async move {
            let _ = server.serve(app.into_make_service()).await;
        });
        let Some(addr) = handle.listening().await else {
            return Err(TransportError(format!(
                "the relay cannot listen on {addr} (is the port in use?)"
            )));
        };
        let sweeper = Arc::downgrade(&shared);
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(Duration::from_millis(500));
            loop {
                tick.tick().await;
                let Some(shared) = sweeper.upgrade() else {
                    return;
                };
                sweep(&shared);
            }
        });
        Ok(RelayHandle {
            addr,
            handle,
            shared,
            task,
        })
    }
}

/// Drops expired challenges, tokens and idle sessions.
fn sweep(shared: &Shared) {
    let now = Instant::now();
    let Ok(mut t) = shared.tables.lock() else {
        return;
    };
    t.challenges
        .retain(|_, at| now.duration_since(*at) < CHALLENGE_TTL);
    let ttl = shared.config.token_ttl;
    t.tokens.retain(|_, (_, at)| now.duration_since(*at) < ttl);
    let idle = shared.config.idle_timeout;
    t.sessions.retain(|_, s| now.duration_since(s.last) < idle);
}

fn status(code: StatusCode, text: &'static str) -> Response {
    (code, text).into_response()
}

fn random32() -> [u8; 32] {
    let mut out = [0u8; 32];
    rand::fill(&mut out[..]);
    out
}

fn record(shared: &Shared, body: &[u8]) {
    if shared.config.record
        && let Ok(mut r) = shared.recorded.lock()
    {
        r.extend_from_slice(body);
    }
}

async fn challenge(State(shared): State<Arc<Shared>>) -> Response {
    let nonce = random32();
    match shared.tables.lock() {
        Ok(mut t) => {
            if t.challenges.len() >= shared.config.max_sessions {
                return status(StatusCode::SERVICE_UNAVAILABLE, "too many pending logins");
            }
            t.challenges.insert(nonce, Instant::now());
        }
        Err(_) => return status(StatusCode::INTERNAL_SERVER_ERROR, "relay state poisoned"),
    }
    nonce.to_vec().into_response()
}

async fn login(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    record(&shared, &body);
    let (Some(key), Some(nonce), Some(sig)) = (body.get(..32), body.get(32..64), body.get(64..))
    else {
        return status(
            StatusCode::BAD_REQUEST,
            "a login is key, challenge, signature",
        );
    };
    let (Ok(key), Ok(nonce)) = (<[u8; 32]>::try_from(key), <[u8; 32]>::try_from(nonce)) else {
        return status(
            StatusCode::BAD_REQUEST,
            "a login is key, challenge, signature",
        );
    };
    let Ok(mut t) = shared.tables.lock() else {
        return status(StatusCode::INTERNAL_SERVER_ERROR, "relay state poisoned");
    };
    // Single use, whatever the outcome.
    let Some(issued) = t.challenges.remove(&nonce) else {
        return status(StatusCode::UNAUTHORIZED, "unknown or used challenge");
    };
    if issued.elapsed() >= CHALLENGE_TTL {
        return status(StatusCode::UNAUTHORIZED, "expired challenge");
    }
    let mut message = LOGIN_DOMAIN.to_vec();
    message.extend_from_slice(&nonce);
    if !verify_ed25519(&key, &message, sig) {
        return status(StatusCode::UNAUTHORIZED, "bad login signature");
    }
    let token = random32();
    t.tokens.insert(token, (key, Instant::now()));
    token.to_vec().into_response()
}

/// The caller's key, from its bearer token.
fn caller(shared: &Shared, headers: &HeaderMap) -> Option<Address> {
    let value = headers.get("authorization")?.to_str().ok()?;
    let token = hex::decode(value.strip_prefix("Bearer ")?).ok()?;
    let token = <[u8; 32]>::try_from(token.as_slice()).ok()?;
    let t = shared.tables.lock().ok()?;
    t.tokens.get(&token).map(|(key, _)| *key)
}

fn session_id(text: &str) -> Option<[u8; 32]> {
    <[u8; 32]>::try_from(hex::decode(text).ok()?.as_slice()).ok()
}

async fn send(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    record(&shared, &body);
    let Some(from) = caller(&shared, &headers) else {
        return status(StatusCode::UNAUTHORIZED, "log in first");
    };
    let Some(sid) = session_id(&id) else {
        return status(StatusCode::BAD_REQUEST, "a session id is 64 hex digits");
    };
    let Some(&count) = body.first() else {
        return status(StatusCode::BAD_REQUEST, "empty request");
    };
    let count = usize::from(count);
    let frame_at = 1 + 32 * count;
    let (Some(keys), Some(_)) = (body.get(1..frame_at), body.get(frame_at..)) else {
        return status(StatusCode::BAD_REQUEST, "truncated recipient list");
    };
    if count == 0 {
        return status(StatusCode::BAD_REQUEST, "no recipient");
    }
    let frame = body.slice(frame_at..);
    if frame.len() > shared.config.max_message {
        return status(StatusCode::PAYLOAD_TOO_LARGE, "frame too large");
    }
    let Ok(mut t) = shared.tables.lock() else {
        return status(StatusCode::INTERNAL_SERVER_ERROR, "relay state poisoned");
    };
    if !t.sessions.contains_key(&sid) && t.sessions.len() >= shared.config.max_sessions {
        return status(StatusCode::SERVICE_UNAVAILABLE, "too many sessions");
    }
    let session = t.sessions.entry(sid).or_insert_with(|| SessionBox {
        mailboxes: HashMap::new(),
        last: Instant::now(),
    });
    session.last = Instant::now();
    let recipients: Vec<Address> = keys
        .chunks_exact(32)
        .filter_map(|k| <[u8; 32]>::try_from(k).ok())
        .collect();
    // All or nothing: refuse before queueing anything.
    if recipients.iter().any(|r| {
        session
            .mailboxes
            .get(r)
            .is_some_and(|m| m.queue.len() >= shared.config.max_queue)
    }) {
        return status(StatusCode::TOO_MANY_REQUESTS, "a recipient's queue is full");
    }
    for r in recipients {
        let mailbox = session.mailboxes.entry(r).or_default();
        mailbox.queue.push_back((from, frame.clone()));
        mailbox.notify.notify_one();
    }
    StatusCode::NO_CONTENT.into_response()
}

#[derive(serde::Deserialize)]
struct Wait {
    wait_ms: Option<u64>,
}

async fn recv(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    Query(wait): Query<Wait>,
    headers: HeaderMap,
) -> Response {
    let Some(me) = caller(&shared, &headers) else {
        return status(StatusCode::UNAUTHORIZED, "log in first");
    };
    let Some(sid) = session_id(&id) else {
        return status(StatusCode::BAD_REQUEST, "a session id is 64 hex digits");
    };
    let wait = Duration::from_millis(wait.wait_ms.unwrap_or(0)).min(MAX_WAIT);
    let deadline = Instant::now() + wait;
    loop {
        let notify = {
            let Ok(mut t) = shared.tables.lock() else {
                return status(StatusCode::INTERNAL_SERVER_ERROR, "relay state poisoned");
            };
            let session = t.sessions.entry(sid).or_insert_with(|| SessionBox {
                mailboxes: HashMap::new(),
                last: Instant::now(),
            });
            session.last = Instant::now();
            let mailbox = session.mailboxes.entry(me).or_default();
            if !mailbox.queue.is_empty() {
                let mut out = Vec::new();
                while let Some((from, frame)) = mailbox.queue.pop_front() {
                    out.extend_from_slice(&from);
                    out.extend_from_slice(
                        &u32::try_from(frame.len()).unwrap_or(u32::MAX).to_be_bytes(),
                    );
                    out.extend_from_slice(&frame);
                }
                return out.into_response();
            }
            mailbox.notify.clone()
        };
        if tokio::time::timeout_at(deadline, notify.notified())
            .await
            .is_err()
        {
            return StatusCode::NO_CONTENT.into_response();
        }
    }
}
