//! The login service as a long-running party: it holds one key package per
//! account and co-signs FROST signing requests for them, each after an
//! authentication check and a policy hook.
//!
//! ```text
//!  device (coordinator)                 relay                 service
//!  ── request ─────────────────────────────────────────────────────────
//!  SignRequest, signed by the device's ══▶ inbox of the service ══▶ check: account known,
//!  identity key                                                    requester in its roster
//!                                                                  and a signer, not a replay;
//!                                                                  Policy::allow
//!  ── the signing session (tessera_frost::protocol, device coordinates) ─
//!  FrostParty ◀════════════════ frames of session id(request) ═══▶ FrostParty
//!  output: the signature                                           output: none
//! ```
//!
//! The request is authenticated by the device's identity key, which must
//! be in the account's roster (the wallet's certified session keys
//! (`tessera_wallet::session`) are not wired in yet). A request whose
//! (account, nonce) was seen before is ignored. A refused request gets no
//! answer: the device's runner times out naming the service.

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};
use tessera_core::{Identifier, Suite};
use tessera_frost::{FrostParty, KeyPackage, PublicKeyPackage, SigningConfig};

use crate::envelope::{self, Kind};
use crate::identity::Identity;
use crate::relay::RelayClient;
use crate::roster::Roster;
use crate::runner::{Session, session_id};
use crate::transport::{Address, Transport};

/// What a device asks the service to co-sign.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignRequest {
    /// The account.
    pub account: String,
    /// A fresh random nonce (names the signing session; never reused).
    pub nonce: [u8; 32],
    /// The signers' identifiers (the first coordinates and gets the signature).
    pub signers: Vec<u16>,
    /// The message.
    pub message: Vec<u8>,
}

impl SignRequest {
    /// Its encoding: version 1, account (u16 length), nonce, signers (u16
    /// count, u16 each), message (u32 length).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = vec![1u8];
        let account = self.account.as_bytes();
        out.extend_from_slice(&u16::try_from(account.len()).unwrap_or(0).to_be_bytes());
        out.extend_from_slice(account.get(..usize::from(u16::MAX)).unwrap_or(account));
        out.extend_from_slice(&self.nonce);
        out.extend_from_slice(&u16::try_from(self.signers.len()).unwrap_or(0).to_be_bytes());
        for s in &self.signers {
            out.extend_from_slice(&s.to_be_bytes());
        }
        out.extend_from_slice(&u32::try_from(self.message.len()).unwrap_or(0).to_be_bytes());
        out.extend_from_slice(&self.message);
        out
    }

    /// Decodes [`SignRequest::to_bytes`] strictly (no trailing bytes).
    pub fn from_bytes(bytes: &[u8]) -> Option<Self> {
        let mut r = bytes;
        if take(&mut r, 1)? != [1] {
            return None;
        }
        let n = usize::from(u16::from_be_bytes(take(&mut r, 2)?.try_into().ok()?));
        let account = String::from_utf8(take(&mut r, n)?.to_vec()).ok()?;
        let nonce = take(&mut r, 32)?.try_into().ok()?;
        let count = usize::from(u16::from_be_bytes(take(&mut r, 2)?.try_into().ok()?));
        let mut signers = Vec::with_capacity(count.min(256));
        for _ in 0..count {
            signers.push(u16::from_be_bytes(take(&mut r, 2)?.try_into().ok()?));
        }
        let len = usize::try_from(u32::from_be_bytes(take(&mut r, 4)?.try_into().ok()?)).ok()?;
        let message = take(&mut r, len)?.to_vec();
        r.is_empty().then_some(Self {
            account,
            nonce,
            signers,
            message,
        })
    }

    /// The id of the signing session it asks for.
    pub fn session_id<S: Suite>(&self, roster: &Roster<S>) -> [u8; 32] {
        session_id("serve-sign", roster, &self.to_bytes())
    }
}

fn take<'a>(r: &mut &'a [u8], n: usize) -> Option<&'a [u8]> {
    let head = r.get(..n)?;
    *r = r.get(n..)?;
    Some(head)
}

/// The session id of a service's inbox (where requests go).
pub fn inbox_id(service: &Address) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(b"tessera-net/inbox/v1");
    h.update(service);
    h.finalize().into()
}

/// The request frame a device sends to the service's inbox: signed by the
/// device's identity key.
pub fn request_frame(
    device: &Identity,
    service: &Address,
    request: &SignRequest,
) -> Option<Vec<u8>> {
    envelope::seal_broadcast(
        device,
        Kind::Broadcast,
        inbox_id(service),
        0,
        &request.to_bytes(),
    )
}

/// A policy hook: whether the service may co-sign `request` from
/// `requester` (an authenticated member of the account). `Err` carries the
/// reason.
pub trait Policy: Send + Sync {
    /// Decides.
    fn allow(&self, requester: u16, request: &SignRequest) -> Result<(), String>;
}

/// Allows everything.
#[derive(Clone, Copy, Debug, Default)]
pub struct AllowAll;

impl Policy for AllowAll {
    fn allow(&self, _: u16, _: &SignRequest) -> Result<(), String> {
        Ok(())
    }
}

/// At most `limit` requests per account in any `window`.
#[derive(Debug)]
pub struct RateLimit {
    limit: usize,
    window: Duration,
    seen: Mutex<HashMap<String, VecDeque<Instant>>>,
}

impl RateLimit {
    /// `limit` requests per account per `window`.
    pub fn new(limit: usize, window: Duration) -> Self {
        Self {
            limit,
            window,
            seen: Mutex::new(HashMap::new()),
        }
    }
}

impl Policy for RateLimit {
    fn allow(&self, _: u16, request: &SignRequest) -> Result<(), String> {
        let mut seen = self
            .seen
            .lock()
            .map_err(|_| "rate limiter poisoned".to_owned())?;
        let times = seen.entry(request.account.clone()).or_default();
        let now = Instant::now();
        while times
            .front()
            .is_some_and(|t| now.duration_since(*t) >= self.window)
        {
            times.pop_front();
        }
        if times.len() >= self.limit {
            return Err(format!(
                "account {} is over its rate limit of {} signatures per {:?}",
                request.account, self.limit, self.window
            ));
        }
        times.push_back(now);
        Ok(())
    }
}

/// Only messages that start with one of the given prefixes.
#[derive(Clone, Debug)]
pub struct AllowList(pub Vec<Vec<u8>>);

impl Policy for AllowList {
    fn allow(&self, _: u16, request: &SignRequest) -> Result<(), String> {
        if self.0.iter().any(|p| request.message.starts_with(p)) {
            Ok(())
        } else {
            Err("the message is not on the allow-list".into())
        }
    }
}

/// Both policies must allow.
pub struct Both<A, B>(pub A, pub B);

impl<A: Policy, B: Policy> Policy for Both<A, B> {
    fn allow(&self, requester: u16, request: &SignRequest) -> Result<(), String> {
        self.0.allow(requester, request)?;
        self.1.allow(requester, request)
    }
}

/// One account the service signs for.
#[derive(Clone, Debug)]
pub struct Account<S: Suite> {
    /// The service's key package.
    pub key: KeyPackage<S>,
    /// The account's public key package.
    pub public: PublicKeyPackage<S>,
    /// The account's members' identities (the service's own included).
    pub roster: Roster<S>,
}

/// What the service did, for monitoring and tests.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    /// Requests that passed every check and whose session started.
    pub accepted: usize,
    /// Sessions that ended with the service's share sent.
    pub signed: usize,
    /// Sessions that failed (timeouts, bad messages).
    pub failed: usize,
    /// Requests refused, with the reason.
    pub refused: Vec<String>,
    /// Replayed requests ignored.
    pub replays: usize,
}

/// The login service.
pub struct Service<S: Suite> {
    accounts: HashMap<String, Account<S>>,
    policy: Arc<dyn Policy>,
    round_timeout: Duration,
    stats: Arc<Mutex<Stats>>,
}

impl<S: Suite> Service<S> {
    /// A service for `accounts` behind `policy`.
    pub fn new(
        accounts: HashMap<String, Account<S>>,
        policy: Arc<dyn Policy>,
        round_timeout: Duration,
    ) -> Self {
        Self {
            accounts,
            policy,
            round_timeout,
            stats: Arc::default(),
        }
    }

    /// A handle on its statistics.
    pub fn stats(&self) -> Arc<Mutex<Stats>> {
        self.stats.clone()
    }

    fn note(&self, f: impl FnOnce(&mut Stats)) {
        if let Ok(mut s) = self.stats.lock() {
            f(&mut s);
        }
    }

    /// Serves requests arriving at its inbox on `client`'s relay until the
    /// connection fails for good.
    pub async fn serve(self, client: RelayClient) -> Result<(), crate::TransportError> {
        let me = client.identity().public().ed25519;
        let mut inbox = client.session(inbox_id(&me));
        let service = Arc::new(self);
        let mut seen: HashSet<(String, [u8; 32])> = HashSet::new();
        loop {
            let received = inbox.recv().await?;
            let Some((request, requester)) = service.check(&me, &received.from, &received.frame)
            else {
                continue;
            };
            if !seen.insert((request.account.clone(), request.nonce)) {
                service.note(|s| s.replays += 1);
                continue;
            }
            if let Err(reason) = service.policy.allow(requester, &request) {
                service.note(|s| s.refused.push(reason));
                continue;
            }
            service.note(|s| s.accepted += 1);
            let service = service.clone();
            let client = client.clone();
            tokio::spawn(async move {
                let ok = service.co_sign(&client, request).await;
                service.note(|s| if ok { s.signed += 1 } else { s.failed += 1 });
            });
        }
    }

    /// Authenticates a request frame; returns it and the requester's
    /// identifier.
    fn check(&self, me: &Address, from: &Address, frame: &[u8]) -> Option<(SignRequest, u16)> {
        let refuse = |why: &str| {
            self.note(|s| s.refused.push(why.to_owned()));
            None
        };
        let Some((header, body)) = envelope::parse(frame) else {
            return refuse("a request frame does not parse");
        };
        if header.session != inbox_id(me) || header.from != *from || header.kind != Kind::Broadcast
        {
            return refuse("a request is not addressed to this service's inbox");
        }
        let Some(payload) = envelope::open_broadcast(&header, body) else {
            return refuse("a request's signature does not verify");
        };
        let Some(request) = SignRequest::from_bytes(payload) else {
            return refuse("a request does not decode");
        };
        let Some(account) = self.accounts.get(&request.account) else {
            return refuse("a request names an unknown account");
        };
        let Some(requester) = account.roster.id(from) else {
            return refuse("a request comes from a key outside the account's roster");
        };
        let me_id = account.key.id();
        let Some(number) = requester.as_u16() else {
            return refuse("the requester has no small identifier");
        };
        if requester == me_id || !request.signers.contains(&number) {
            return refuse("the requester is not one of the request's signers");
        }
        Some((request, number))
    }

    /// Runs the service's part of one signing session; `true` when its
    /// share went out and the digest exchange passed.
    async fn co_sign(&self, client: &RelayClient, request: SignRequest) -> bool {
        let Some(account) = self.accounts.get(&request.account) else {
            return false;
        };
        let Some(signers) = request
            .signers
            .iter()
            .map(|n| Identifier::<S>::new(*n))
            .collect::<Option<Vec<_>>>()
        else {
            return false;
        };
        let Some(coordinator) = signers.first().copied() else {
            return false;
        };
        let Ok(config) = SigningConfig::new(
            account.public.clone(),
            &signers,
            &request.message,
            Some(coordinator),
        ) else {
            return false;
        };
        let Ok(party) = FrostParty::new(&config, account.key.id(), Some(&account.key)) else {
            return false;
        };
        let session = Session {
            id: request.session_id(&account.roster),
            roster: account.roster.clone(),
            round_timeout: self.round_timeout,
        };
        let mut transport = client.session(session.id);
        let mut rng = crate::runner::fresh_rng();
        let identity = client.identity().clone();
        crate::runner::run(&session, &identity, party, &mut rng, &mut transport)
            .await
            .is_ok()
    }
}

/// The device's side: sends `request` to the service's inbox and runs its
/// own signing party (as coordinator); returns the signature.
pub async fn request_signature<S: Suite>(
    client: &RelayClient,
    service: &Address,
    key: &KeyPackage<S>,
    public: &PublicKeyPackage<S>,
    roster: &Roster<S>,
    request: &SignRequest,
    round_timeout: Duration,
) -> Result<tessera_frost::Signature<S>, crate::Error<S, tessera_frost::Error<S>>> {
    let signers = request
        .signers
        .iter()
        .map(|n| Identifier::<S>::new(*n))
        .collect::<Option<Vec<_>>>()
        .ok_or_else(|| crate::Error::Identity("a signer identifier is zero".into()))?;
    let coordinator = signers.first().copied();
    let config = SigningConfig::new(public.clone(), &signers, &request.message, coordinator)
        .map_err(crate::Error::Protocol)?;
    let party = FrostParty::new(&config, key.id(), Some(key)).map_err(crate::Error::Protocol)?;
    let frame = request_frame(client.identity(), service, request)
        .ok_or_else(|| crate::Error::Identity("the request is too large".into()))?;
    let session = Session {
        id: request.session_id(roster),
        roster: roster.clone(),
        round_timeout,
    };
    let mut transport = client.session(session.id);
    let mut inbox = client.session(inbox_id(service));
    inbox.send(&[*service], frame).await?;
    let mut rng = crate::runner::fresh_rng();
    let identity = client.identity().clone();
    let finished = crate::runner::run(&session, &identity, party, &mut rng, &mut transport).await?;
    finished
        .output
        .ok_or_else(|| crate::Error::Identity("only the coordinator gets the signature".into()))
}

/// Accounts by name, as loaded from a key store (see the CLI).
pub type Accounts<S> = HashMap<String, Account<S>>;
