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
        let token = self.token().await.map_err(Failure::Retry)?;
        let count = u8::try_from(to.len())
            .map_err(|_| Failure::Fatal(TransportError("at most 255 recipients".into())))?;
        let mut body = Vec::with_capacity(1 + 32 * to.len() + frame.len());
        body.push(count);
        for r in to {
            body.extend_from_slice(r);
        }
        body.extend_from_slice(frame);
        let response = self
            .http
            .post(format!(
                "{}/v1/sessions/{}/send",
                self.base,
                hex::encode(session)
            ))
            .bearer_auth(token)
            .body(body)
            .send()
            .await
            .map_err(|e| {
                Failure::Retry(TransportError(format!("sending to the relay failed: {e}")))
            })?;
        self.check(response.status()).await
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
