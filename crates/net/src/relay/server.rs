//! The relay service (see the [module documentation](super) for its API).

use std::collections::{HashMap, HashSet, VecDeque};
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
            .route("/v1/send-many", post(send_many))
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
    Query(reply): Query<Reply>,
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
    let reply_to = match reply_session(&reply) {
        Ok(reply_to) => reply_to,
        Err((code, why)) => return status(code, why),
    };
    let entry = match read_entry(shared.config.max_message, &body, 0, false) {
        Ok((recipients, frame, _)) => (sid, recipients, frame),
        Err((code, why)) => return status(code, why),
    };
    queue_then_answer(&shared, from, vec![entry], reply_to, reply.wait_ms).await
}

/// Queues `entries` from `from`, then answers `204`, or with `reply_to`
/// as a receive of that session.
async fn queue_then_answer(
    shared: &Shared,
    from: Address,
    entries: Vec<Outgoing>,
    reply_to: Option<[u8; 32]>,
    wait_ms: Option<u64>,
) -> Response {
    if let Err((code, why)) = enqueue(shared, from, entries) {
        return status(code, why);
    }
    match reply_to {
        Some(reply_to) => deliver(shared, from, reply_to, wait_ms).await,
        None => StatusCode::NO_CONTENT.into_response(),
    }
}

/// Why a request is refused: the status and a short reason.
type Refusal = (StatusCode, &'static str);

/// One frame to queue: its session, its recipients, the frame.
type Outgoing = ([u8; 32], Vec<Address>, Bytes);

/// Reads `count (1 byte) || recipients (32 each)` then the frame: the
/// rest of `body` when `length` is `None`, else `length` bytes. Returns
/// the recipients, the frame and what follows it.
fn read_entry(
    max_message: usize,
    body: &Bytes,
    at: usize,
    length: bool,
) -> Result<(Vec<Address>, Bytes, usize), Refusal> {
    let bad = |what| Err((StatusCode::BAD_REQUEST, what));
    let Some(&count) = body.get(at) else {
        return bad("empty request");
    };
    let count = usize::from(count);
    if count == 0 {
        return bad("no recipient");
    }
    let keys_at = at + 1;
    let frame_at = keys_at + 32 * count;
    let Some(keys) = body.get(keys_at..frame_at) else {
        return bad("truncated recipient list");
    };
    let recipients = keys
        .chunks_exact(32)
        .filter_map(|k| <[u8; 32]>::try_from(k).ok())
        .collect();
    let (frame_at, end) = if length {
        let Some(len) = body
            .get(frame_at..frame_at + 4)
            .and_then(|l| <[u8; 4]>::try_from(l).ok())
        else {
            return bad("truncated frame length");
        };
        let len = usize::try_from(u32::from_be_bytes(len)).unwrap_or(usize::MAX);
        (frame_at + 4, frame_at.saturating_add(4).saturating_add(len))
    } else {
        (frame_at, body.len())
    };
    if end.saturating_sub(frame_at) > max_message {
        return Err((StatusCode::PAYLOAD_TOO_LARGE, "frame too large"));
    }
    if end > body.len() {
        return bad("truncated frame");
    }
    Ok((recipients, body.slice(frame_at..end), end))
}

/// Queues every frame of `entries`, from `from`, or none: refused before
/// anything is queued if a new session would pass the session bound or a
/// recipient's queue its bound.
fn enqueue(shared: &Shared, from: Address, entries: Vec<Outgoing>) -> Result<(), Refusal> {
    let Ok(mut t) = shared.tables.lock() else {
        return Err((StatusCode::INTERNAL_SERVER_ERROR, "relay state poisoned"));
    };
    let mut new_sessions = HashSet::new();
    let mut added: HashMap<([u8; 32], Address), usize> = HashMap::new();
    for (sid, recipients, _) in &entries {
        if !t.sessions.contains_key(sid) {
            new_sessions.insert(*sid);
        }
        for r in recipients {
            *added.entry((*sid, *r)).or_default() += 1;
        }
    }
    if t.sessions.len() + new_sessions.len() > shared.config.max_sessions {
        return Err((StatusCode::SERVICE_UNAVAILABLE, "too many sessions"));
    }
    let full = added.iter().any(|((sid, r), n)| {
        let queued = t
            .sessions
            .get(sid)
            .and_then(|s| s.mailboxes.get(r))
            .map_or(0, |m| m.queue.len());
        queued + n > shared.config.max_queue
    });
    if full {
        return Err((StatusCode::TOO_MANY_REQUESTS, "a recipient's queue is full"));
    }
    for (sid, recipients, frame) in entries {
        let session = t.sessions.entry(sid).or_insert_with(|| SessionBox {
            mailboxes: HashMap::new(),
            last: Instant::now(),
        });
        session.last = Instant::now();
        for r in recipients {
            let mailbox = session.mailboxes.entry(r).or_default();
            mailbox.queue.push_back((from, frame.clone()));
            mailbox.notify.notify_one();
        }
    }
    Ok(())
}

/// `POST /v1/send-many`: several frames, each to its own session and
/// recipients, queued all or none; with `?reply=`, answered as a receive
/// of that session.
async fn send_many(
    State(shared): State<Arc<Shared>>,
    Query(reply): Query<Reply>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    record(&shared, &body);
    let Some(from) = caller(&shared, &headers) else {
        return status(StatusCode::UNAUTHORIZED, "log in first");
    };
    let reply_to = match reply_session(&reply) {
        Ok(reply_to) => reply_to,
        Err((code, why)) => return status(code, why),
    };
    let entries = match parse_many(&body, shared.config.max_message) {
        Ok(entries) => entries,
        Err((code, why)) => return status(code, why),
    };
    queue_then_answer(&shared, from, entries, reply_to, reply.wait_ms).await
}

/// The frames of a `/v1/send-many` body: at least one, each whole, none
/// over `max_message` bytes, nothing after the last.
fn parse_many(body: &Bytes, max_message: usize) -> Result<Vec<Outgoing>, Refusal> {
    let mut entries = Vec::new();
    let mut at = 0;
    while at < body.len() {
        let Some(sid) = body
            .get(at..at.saturating_add(32))
            .and_then(|s| <[u8; 32]>::try_from(s).ok())
        else {
            return Err((StatusCode::BAD_REQUEST, "truncated session id"));
        };
        let (recipients, frame, end) = read_entry(max_message, body, at + 32, true)?;
        entries.push((sid, recipients, frame));
        at = end;
    }
    if entries.is_empty() {
        return Err((StatusCode::BAD_REQUEST, "no frame"));
    }
    Ok(entries)
}

/// The reply session of a send request, if it names one.
fn reply_session(reply: &Reply) -> Result<Option<[u8; 32]>, Refusal> {
    match reply.reply.as_deref().map(session_id) {
        None => Ok(None),
        Some(Some(reply_to)) => Ok(Some(reply_to)),
        Some(None) => Err((
            StatusCode::BAD_REQUEST,
            "a reply session id is 64 hex digits",
        )),
    }
}

/// A send request's optional reply session: after queueing its frame, the
/// relay answers with the caller's frames of that session, waiting up to
/// `wait_ms` as a receive request does.
#[derive(serde::Deserialize)]
struct Reply {
    reply: Option<String>,
    wait_ms: Option<u64>,
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
    deliver(&shared, me, sid, wait.wait_ms).await
}

/// Every frame queued for `me` in session `sid`, waiting up to `wait_ms`
/// (at most [`MAX_WAIT`]) for one if there is none yet: `200` with the
/// frames, `204` without.
async fn deliver(shared: &Shared, me: Address, sid: [u8; 32], wait_ms: Option<u64>) -> Response {
    let wait = Duration::from_millis(wait_ms.unwrap_or(0)).min(MAX_WAIT);
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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]

    use super::*;

    /// `session || count || recipients || u32 length || frame`.
    fn entry(session: u8, recipients: &[u8], frame: &[u8]) -> Vec<u8> {
        let mut out = vec![session; 32];
        out.push(u8::try_from(recipients.len()).unwrap());
        for r in recipients {
            out.extend_from_slice(&[*r; 32]);
        }
        out.extend_from_slice(&u32::try_from(frame.len()).unwrap().to_be_bytes());
        out.extend_from_slice(frame);
        out
    }

    fn refusal(body: &[u8], max: usize) -> StatusCode {
        parse_many(&Bytes::copy_from_slice(body), max)
            .map(|_| ())
            .unwrap_err()
            .0
    }

    /// A send-many body parses to exactly its frames; every cut inside a
    /// frame's entry is refused, a cut between entries is a shorter valid
    /// body; no recipient, an empty body and a frame over the bound are
    /// refused.
    #[test]
    fn send_many_bodies_parse_strictly() {
        let parts = [
            entry(1, &[7], b"first"),
            entry(2, &[7, 8], b""),
            entry(1, &[9], &[0xaa; 300]),
        ];
        let body = parts.concat();
        let parsed = parse_many(&Bytes::from(body.clone()), 1 << 20).unwrap();
        assert_eq!(parsed.len(), 3);
        assert_eq!(
            parsed[0],
            ([1; 32], vec![[7; 32]], Bytes::from_static(b"first"))
        );
        assert_eq!(parsed[1], ([2; 32], vec![[7; 32], [8; 32]], Bytes::new()));
        assert_eq!(parsed[2].2.len(), 300);
        let boundaries: Vec<usize> = parts
            .iter()
            .scan(0, |end, p| {
                *end += p.len();
                Some(*end)
            })
            .collect();
        for cut in 1..body.len() {
            let parsed = parse_many(&Bytes::copy_from_slice(&body[..cut]), 1 << 20);
            match boundaries.iter().position(|b| *b == cut) {
                Some(i) => assert_eq!(parsed.unwrap().len(), i + 1),
                None => assert_eq!(parsed.map(|_| ()).unwrap_err().0, StatusCode::BAD_REQUEST),
            }
        }
        assert_eq!(refusal(b"", 1 << 20), StatusCode::BAD_REQUEST);
        assert_eq!(
            refusal(&entry(1, &[], b"x"), 1 << 20),
            StatusCode::BAD_REQUEST
        );
        assert_eq!(refusal(&body, 299), StatusCode::PAYLOAD_TOO_LARGE);
        // A length that claims more than the body holds.
        let mut long = entry(1, &[7], b"abc");
        let at = 32 + 1 + 32;
        long[at..at + 4].copy_from_slice(&u32::MAX.to_be_bytes());
        assert_eq!(refusal(&long, usize::MAX), StatusCode::BAD_REQUEST);
    }
}
