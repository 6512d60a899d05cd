//! The relay's client: log in by signing a challenge, send frames, long-poll
//! for frames; and the [`Transport`] of one session over it.
//!
//! A relay that restarts loses its tokens and queues. The client notices
//! (its token is refused, or the connection fails), logs in again, and
//! sends again every frame it sent in the session; recipients drop the
//! copies they already have (identical frames are ignored by the runner).

use std::collections::VecDeque;
use std::sync::Arc;
use std::time::Duration;

use reqwest::StatusCode;
use tokio::sync::Mutex;

use super::LOGIN_DOMAIN;
use crate::error::TransportError;
use crate::identity::Identity;
use crate::transport::{Address, Received, Transport};

/// How many times a request is tried before the transport gives up.
const ATTEMPTS: u32 = 40;

/// A logged-in connection to a relay, shared by the sessions of one party.
#[derive(Clone)]
pub struct RelayClient {
    http: reqwest::Client,
    base: String,
    identity: Arc<Identity>,
    token: Arc<Mutex<Option<String>>>,
    /// Bumped by every fresh login: a session that sees it change resends.
    epoch: Arc<std::sync::atomic::AtomicU64>,
}

impl RelayClient {
    /// A client of the relay at `base` (`https://host:port`) trusting only
    /// the certificates of `ca_pem`, as `identity`. It logs in lazily.
    pub fn new(base: &str, ca_pem: &[u8], identity: Arc<Identity>) -> Result<Self, TransportError> {
        Ok(Self::with_http(Self::http(ca_pem)?, base, identity))
    }

    /// An HTTPS client (connection pool) trusting only the certificates of
    /// `ca_pem`, to share between several [`RelayClient`]s.
    pub fn http(ca_pem: &[u8]) -> Result<reqwest::Client, TransportError> {
        let tls = super::tls::client_config(ca_pem)?;
        reqwest::Client::builder()
            .use_preconfigured_tls(tls)
            .pool_max_idle_per_host(256)
            .timeout(super::MAX_WAIT + Duration::from_secs(10))
            .connect_timeout(Duration::from_secs(5))
            .build()
            .map_err(|e| TransportError(format!("cannot build the HTTP client: {e}")))
    }

    /// A client of the relay at `base` over `http`, as `identity`.
    pub fn with_http(http: reqwest::Client, base: &str, identity: Arc<Identity>) -> Self {
        Self {
            http,
            base: base.trim_end_matches('/').to_owned(),
            identity,
            token: Arc::new(Mutex::new(None)),
            epoch: Arc::new(std::sync::atomic::AtomicU64::new(0)),
        }
    }

    /// The identity it logs in as.
    pub fn identity(&self) -> &Arc<Identity> {
        &self.identity
    }

    /// Logs in (challenge, signature), replacing any earlier token.
    pub async fn login(&self) -> Result<String, TransportError> {
        let nonce = self
            .http
            .post(format!("{}/v1/challenge", self.base))
            .send()
            .await
            .map_err(|e| TransportError(format!("cannot reach the relay at {}: {e}", self.base)))?
            .bytes()
            .await
            .map_err(|e| TransportError(format!("the relay's challenge was cut off: {e}")))?;
        let mut message = LOGIN_DOMAIN.to_vec();
        message.extend_from_slice(&nonce);
        let mut body = self.identity.public().ed25519.to_vec();
        body.extend_from_slice(&nonce);
        body.extend_from_slice(&self.identity.sign(&message));
        let response = self
            .http
            .post(format!("{}/v1/login", self.base))
            .body(body)
            .send()
            .await
            .map_err(|e| TransportError(format!("cannot reach the relay at {}: {e}", self.base)))?;
        if !response.status().is_success() {
            return Err(TransportError(format!(
                "the relay refused the login ({})",
                response.status()
            )));
        }
        let token = response
            .bytes()
            .await
            .map_err(|e| TransportError(format!("the relay's token was cut off: {e}")))?;
        let token = hex::encode(token);
        *self.token.lock().await = Some(token.clone());
        self.epoch.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        Ok(token)
    }

    async fn token(&self) -> Result<String, TransportError> {
        if let Some(t) = self.token.lock().await.clone() {
            return Ok(t);
        }
        self.login().await
    }

    fn epoch(&self) -> u64 {
        self.epoch.load(std::sync::atomic::Ordering::SeqCst)
    }

    /// Posts one frame for `to` in `session` (no retry).
    async fn post(&self, session: &[u8; 32], to: &[Address], frame: &[u8]) -> Result<(), Failure> {
        self.post_and_poll(session, to, frame, None)
            .await
            .map(|_| ())
    }

    /// Posts one frame for `to` in `session` and, with `reply` = (session,
    /// wait), long-polls that session in the same HTTP request: the frames
    /// for this client that arrive there within the wait (no retry).
    async fn post_and_poll(
        &self,
        session: &[u8; 32],
        to: &[Address],
        frame: &[u8],
        reply: Option<(&[u8; 32], Duration)>,
    ) -> Result<Vec<Received>, Failure> {
        let mut body = Vec::with_capacity(1 + 32 * to.len() + frame.len());
        push_recipients(&mut body, to)?;
        body.extend_from_slice(frame);
        let path = format!("/v1/sessions/{}/send", hex::encode(session));
        self.post_body(path, reply, body).await
    }

    /// Posts `body` to `path` on the relay, with the query of `reply` when
    /// given; the frames of the answer (none without `reply`).
    async fn post_body(
        &self,
        path: String,
        reply: Option<(&[u8; 32], Duration)>,
        body: Vec<u8>,
    ) -> Result<Vec<Received>, Failure> {
        let token = self.token().await.map_err(Failure::Retry)?;
        let mut url = format!("{}{path}", self.base);
        if let Some((reply, wait)) = reply {
            url.push_str(&format!(
                "?reply={}&wait_ms={}",
                hex::encode(reply),
                wait.as_millis()
            ));
        }
        let response = self
            .http
            .post(url)
            .bearer_auth(token)
            .body(body)
            .send()
            .await
            .map_err(|e| {
                Failure::Retry(TransportError(format!("sending to the relay failed: {e}")))
            })?;
        self.check(response.status()).await?;
        if reply.is_none() {
            return Ok(Vec::new());
        }
        self.frames(response).await
    }

    async fn check(&self, status: StatusCode) -> Result<(), Failure> {
        match status {
            s if s.is_success() => Ok(()),
            StatusCode::UNAUTHORIZED => {
                *self.token.lock().await = None;
                Err(Failure::Retry(TransportError(
                    "the relay forgot our login".into(),
                )))
            }
            StatusCode::TOO_MANY_REQUESTS | StatusCode::SERVICE_UNAVAILABLE => Err(Failure::Retry(
                TransportError(format!("the relay is busy ({status})")),
            )),
            s => Err(Failure::Fatal(TransportError(format!(
                "the relay refused the request ({s})"
            )))),
        }
    }

    /// Long-polls for the frames of `session` (up to `wait`).
    async fn poll(&self, session: &[u8; 32], wait: Duration) -> Result<Vec<Received>, Failure> {
        let token = self.token().await.map_err(Failure::Retry)?;
        let response = self
            .http
            .get(format!(
                "{}/v1/sessions/{}/recv?wait_ms={}",
                self.base,
                hex::encode(session),
                wait.as_millis()
            ))
            .bearer_auth(token)
            .send()
            .await
            .map_err(|e| {
                Failure::Retry(TransportError(format!("polling the relay failed: {e}")))
            })?;
        self.check(response.status()).await?;
        self.frames(response).await
    }

    /// Posts several frames, each to its own session and recipients, in one
    /// request (`/v1/send-many`), and long-polls `reply` = (session, wait)
    /// in the same request (no retry).
    async fn post_many_and_poll(
        &self,
        frames: &[Outgoing],
        reply: (&[u8; 32], Duration),
    ) -> Result<Vec<Received>, Failure> {
        let mut body = Vec::new();
        for (session, to, frame) in frames {
            let len = u32::try_from(frame.len())
                .map_err(|_| Failure::Fatal(TransportError("a frame is too large".into())))?;
            body.extend_from_slice(session);
            push_recipients(&mut body, to)?;
            body.extend_from_slice(&len.to_be_bytes());
            body.extend_from_slice(frame);
        }
        self.post_body("/v1/send-many".into(), Some(reply), body)
            .await
    }

    /// The frames of a receive answer.
    async fn frames(&self, response: reqwest::Response) -> Result<Vec<Received>, Failure> {
        let body = response.bytes().await.map_err(|e| {
            Failure::Retry(TransportError(format!(
                "the relay's answer was cut off: {e}"
            )))
        })?;
        parse_batch(&body).ok_or_else(|| {
            Failure::Fatal(TransportError("the relay's answer does not parse".into()))
        })
    }

    /// A transport for `session`.
    pub fn session(&self, session: [u8; 32]) -> RelayTransport {
        RelayTransport {
            client: self.clone(),
            session,
            pending: VecDeque::new(),
            sent: Vec::new(),
            epoch: self.epoch(),
        }
    }
}

enum Failure {
    /// Worth trying again (after logging in again, or a pause).
    Retry(TransportError),
    /// Not.
    Fatal(TransportError),
}

/// Appends a recipient list: its count (one byte) and the keys.
fn push_recipients(body: &mut Vec<u8>, to: &[Address]) -> Result<(), Failure> {
    let count = u8::try_from(to.len())
        .map_err(|_| Failure::Fatal(TransportError("at most 255 recipients".into())))?;
    body.push(count);
    for r in to {
        body.extend_from_slice(r);
    }
    Ok(())
}

fn parse_batch(mut body: &[u8]) -> Option<Vec<Received>> {
    let mut out = Vec::new();
    while !body.is_empty() {
        let from: [u8; 32] = body.get(..32)?.try_into().ok()?;
        let len = usize::try_from(u32::from_be_bytes(body.get(32..36)?.try_into().ok()?)).ok()?;
        let frame = body.get(36..36 + len)?.to_vec();
        body = body.get(36 + len..)?;
        out.push(Received { from, frame });
    }
    Some(out)
}

/// One session's [`Transport`] over a [`RelayClient`].
pub struct RelayTransport {
    client: RelayClient,
    session: [u8; 32],
    pending: VecDeque<Received>,
    sent: Vec<(Vec<Address>, Vec<u8>)>,
    epoch: u64,
}

impl RelayTransport {
    /// If the client logged in again since this session last looked (the
    /// relay may have restarted and lost its queues), sends everything
    /// again.
    async fn resend_if_relogged(&mut self) -> Result<(), Failure> {
        let epoch = self.client.epoch();
        if epoch == self.epoch {
            return Ok(());
        }
        self.epoch = epoch;
        for (to, frame) in &self.sent {
            self.client.post(&self.session, to, frame).await?;
        }
        Ok(())
    }
}

/// A frame to send: its session, its recipients, the frame.
pub type Outgoing = ([u8; 32], Vec<Address>, Vec<u8>);

impl RelayTransport {
    /// The frames already received and not yet returned by
    /// [`Transport::recv`], without waiting.
    pub fn take_received(&mut self) -> Vec<Received> {
        self.pending.drain(..).collect()
    }

    /// Sends `frames`, each to its own session and recipients, and waits in
    /// the same HTTP request up to `wait` (at most [`super::MAX_WAIT`]) for
    /// frames of this transport's session, which the next
    /// [`Transport::recv`] or [`RelayTransport::take_received`] calls
    /// return: a service answers several requests and asks for the next in
    /// one round trip to the relay. The relay queues all the frames or
    /// none. If the request fails each frame is sent again on its own,
    /// with the retries of [`Transport::send`]; the error is the first of
    /// those that failed.
    pub async fn send_many_and_poll(
        &mut self,
        frames: Vec<Outgoing>,
        wait: Duration,
    ) -> Result<(), TransportError> {
        if frames.is_empty() {
            return Ok(());
        }
        match self
            .client
            .post_many_and_poll(&frames, (&self.session, wait))
            .await
        {
            Ok(received) => {
                self.pending.extend(received);
                Ok(())
            }
            Err(_) => {
                let mut first = Ok(());
                for (session, to, frame) in frames {
                    let sent = self.client.session(session).send(&to, frame).await;
                    if first.is_ok() {
                        first = sent;
                    }
                }
                first
            }
        }
    }

    /// Sends `frame` to `to` in another session, `session` (a service's
    /// inbox), and waits in the same HTTP request up to `wait` (at most
    /// [`super::MAX_WAIT`]) for frames of this transport's session, which
    /// the next [`Transport::recv`] calls return: a request and its answer
    /// in one round trip to the relay, where a send then a receive take
    /// two. If that request fails the frame is sent again on its own, with
    /// the retries of [`Transport::send`] (a recipient may then get it
    /// twice, as after a relay restart).
    pub async fn send_and_await_reply(
        &mut self,
        session: [u8; 32],
        to: &[Address],
        frame: Vec<u8>,
        wait: Duration,
    ) -> Result<(), TransportError> {
        let reply = (&self.session, wait);
        match self
            .client
            .post_and_poll(&session, to, &frame, Some(reply))
            .await
        {
            Ok(frames) => {
                self.pending.extend(frames);
                Ok(())
            }
            Err(Failure::Fatal(e)) => Err(e),
            Err(Failure::Retry(_)) => self.client.session(session).send(to, frame).await,
        }
    }
}

async fn pause(attempt: u32) {
    tokio::time::sleep(Duration::from_millis(50 * u64::from(attempt.min(10)))).await;
}

impl Transport for RelayTransport {
    async fn send(&mut self, to: &[Address], frame: Vec<u8>) -> Result<(), TransportError> {
        let mut last = None;
        for attempt in 0..ATTEMPTS {
            match self.resend_if_relogged().await {
                Ok(()) => {}
                Err(Failure::Fatal(e)) => return Err(e),
                Err(Failure::Retry(e)) => {
                    last = Some(e);
                    pause(attempt).await;
                    continue;
                }
            }
            match self.client.post(&self.session, to, &frame).await {
                Ok(()) => {
                    self.sent.push((to.to_vec(), frame));
                    return Ok(());
                }
                Err(Failure::Fatal(e)) => return Err(e),
                Err(Failure::Retry(e)) => {
                    last = Some(e);
                    pause(attempt).await;
                }
            }
        }
        Err(last.unwrap_or_else(|| TransportError("the relay is unreachable".into())))
    }

    async fn recv(&mut self) -> Result<Received, TransportError> {
        let mut attempt = 0;
        loop {
            if let Some(r) = self.pending.pop_front() {
                return Ok(r);
            }
            if let Err(Failure::Fatal(e)) = self.resend_if_relogged().await {
                return Err(e);
            }
            match self
                .client
                .poll(&self.session, Duration::from_secs(5))
                .await
            {
                Ok(batch) => {
                    attempt = 0;
                    self.pending.extend(batch);
                }
                Err(Failure::Fatal(e)) => return Err(e),
                Err(Failure::Retry(_)) => {
                    // Keep trying: the runner's round timeout bounds the wait.
                    attempt += 1;
                    pause(attempt).await;
                }
            }
        }
    }
}
