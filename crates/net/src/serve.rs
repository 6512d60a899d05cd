//! The login service as a long-running party: it holds one key package per
//! account and co-signs FROST signing requests for them, each after an
//! authentication check and a policy hook.
//!
//! ```text
//!  device (coordinator)                 relay                 service
//!  ── request ─────────────────────────────────────────────────────────
//!  SignRequest signed by the session  ══▶ inbox of the service ══▶ check: frame, account,
//!  key + its certificate, in a frame                               certificate (account key,
//!  signed by the identity key                                      window, scope "sign", epoch,
//!                                                                  revocation list), session
//!                                                                  signature, requester in the
//!                                                                  roster and a signer, not a
//!                                                                  replay; Policy::allow
//!  ── the signing session (tessera_frost::protocol, device coordinates) ─
//!  FrostParty ◀════════════════ frames of session id(request) ═══▶ FrostParty
//!  output: the signature                                           output: none
//! ```
//!
//! **Authentication.** A request is a [`SignRequest`] signed by a session
//! key the account certified ([`tessera_wallet::session`]: the account's
//! threshold key signs a certificate binding its group key, key epoch,
//! the session key, a validity window and scopes). The service verifies
//! the certificate against the account's group key in its store, its
//! window against the service's clock, the scope [`SIGN_SCOPE`], its epoch
//! against the account's current epoch (a refresh or reshare revokes
//! every earlier certificate) and an optional [`RevocationList`], then the
//! session signature on the request ([`Verifier::verify_action`]: both
//! Ed25519 equations in one multi-scalar multiplication when the account
//! is Ed25519). The frame carrying it is also signed by the device's
//! identity key, which must be in the account's roster and among the
//! request's signers: the signing session runs between identity keys
//! (Noise channels, signed broadcasts), so the service co-signs only with
//! the member that sent the request. A request authenticated by the
//! identity key alone (the interim rule before session keys existed) is
//! no longer accepted: an identity key is long-lived and not scoped,
//! while a session certificate expires, is scoped to signing and dies
//! with the next refresh.
//!
//! Every refusal is a typed [`Refused`] that names the requester as far
//! as it is known, kept in [`Stats::refused`] and passed to the log hook
//! ([`Service::with_log`]). A refused request gets no answer: the
//! device's runner times out naming the service.
//!
//! **Replays.** A request whose (account, nonce) was seen before is
//! refused as a replay. The service remembers each nonce until the
//! certificate that authorized it expires ([`crate::replays`]), within
//! bounds per account and in total ([`Service::with_replay_limits`]); a
//! request over a bound is refused, nothing remembered is forgotten early.
//! Certificates are checked against a clock that never goes back
//! ([`Service::with_clock`] injects one), so a system clock set back does
//! not revive an expired certificate whose nonces were forgotten.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};
use tessera_core::suites::Ed25519;
use tessera_core::{Identifier, Suite};
use tessera_frost::{FrostParty, KeyPackage, PublicKeyPackage, SigningConfig};
use tessera_wallet::session::{
    Certificate, RevocationList, SessionKey, SignedAction, Verifier, unix_now,
};

use crate::envelope::{self, Kind};
use crate::identity::Identity;
use crate::relay::RelayClient;
use crate::replays::{self, Replays};
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

/// The scope a session certificate must grant for the login service to
/// co-sign with it.
pub const SIGN_SCOPE: &str = "sign";

/// A session certificate the login service accepts: the account's
/// threshold key certifies an Ed25519 session key
/// ([`tessera_wallet::session`]).
pub type SessionCertificate<S> = Certificate<S, Ed25519>;

/// A [`SignRequest`] signed by a certified session key under
/// [`SIGN_SCOPE`], with its certificate: what a device sends.
pub type AuthorizedRequest<S> = SignedAction<S, Ed25519>;

impl SignRequest {
    /// The request signed by the session key `key` that `certificate`
    /// certifies, under [`SIGN_SCOPE`].
    pub fn authorize<S: Suite, R: rand_core::CryptoRng + ?Sized>(
        &self,
        certificate: SessionCertificate<S>,
        key: &SessionKey<Ed25519>,
        rng: &mut R,
    ) -> Result<AuthorizedRequest<S>, tessera_wallet::Error<S>> {
        SignedAction::sign(certificate, key, SIGN_SCOPE, &self.to_bytes(), rng)
    }
}

/// The request frame a device sends to the service's inbox: the
/// authorized request (certificate, request, session signature) in a
/// broadcast frame signed by the device's identity key (the key the relay
/// and the signing session know it by).
pub fn request_frame<S: Suite>(
    device: &Identity,
    service: &Address,
    request: &AuthorizedRequest<S>,
) -> Option<Vec<u8>> {
    envelope::seal_broadcast(
        device,
        Kind::Broadcast,
        inbox_id(service),
        0,
        &request.to_bytes(),
    )
}

/// Why the service refused a request. Every refusal names the requester
/// as far as it is known: its roster identifier once the account is known
/// and the sending key is in its roster, the sending identity key (hex
/// prefix) before.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Refused<S: Suite> {
    /// The frame does not parse, is not for this service's inbox, or its
    /// identity-key signature does not verify.
    #[error(
        "refused a request frame from key {from}: {what}; the sender must sign its request frame with its identity key and send it to this service's inbox"
    )]
    BadFrame {
        /// The sending identity key (hex prefix).
        from: String,
        /// What is wrong.
        what: &'static str,
    },
    /// The authorized request or the request in it does not decode.
    #[error(
        "refused a request from key {from}: it does not decode ({what}); the device must send a sign request signed by its session key with the certificate"
    )]
    Malformed {
        /// The sending identity key (hex prefix).
        from: String,
        /// What did not decode.
        what: String,
    },
    /// The request names an account this service does not serve.
    #[error(
        "refused a request from key {from}: this service serves no account '{account}'; check the account name"
    )]
    UnknownAccount {
        /// The sending identity key (hex prefix).
        from: String,
        /// The account named.
        account: String,
    },
    /// The session certificate or the session signature does not check
    /// out: another account's certificate, outside its validity window,
    /// without the [`SIGN_SCOPE`] scope, revoked (listed, or issued before
    /// the account's current key epoch), forged, or the request not signed
    /// by the certified session key.
    #[error("refused a request from {requester} for account '{account}': {error}")]
    Session {
        /// The requester (`participant N` or `key <hex prefix>`).
        requester: String,
        /// The requester's identifier, when its key is in the roster.
        participant: Option<Identifier<S>>,
        /// The account.
        account: String,
        /// The certificate check that failed.
        error: tessera_wallet::Error<S>,
    },
    /// The sending identity key is not in the account's roster.
    #[error(
        "refused a request from key {from} for account '{account}': the key is not in the account's roster; a device signs its requests with the identity key the roster lists"
    )]
    NotInRoster {
        /// The sending identity key (hex prefix).
        from: String,
        /// The account.
        account: String,
    },
    /// The requester is the service itself or not among the request's
    /// signers.
    #[error(
        "refused a request from participant {requester} for account '{account}': the requester must be one of the request's signers (and not this service)"
    )]
    NotASigner {
        /// The requester.
        requester: Identifier<S>,
        /// The account.
        account: String,
    },
    /// The (account, nonce) pair was seen before.
    #[error(
        "refused a request from participant {requester} for account '{account}': it replays an earlier request (same nonce); send a new request with a fresh nonce"
    )]
    Replay {
        /// The requester.
        requester: Identifier<S>,
        /// The account.
        account: String,
    },
    /// Remembering the request's nonce would pass a bound: the account's
    /// (`whose` = "the account") or the service's ("the service") number of
    /// nonces under certificates that are still valid.
    #[error(
        "refused a request from participant {requester} for account '{account}': {whose} already has {limit} requests under certificates still valid, whose nonces the service must remember until they expire; certify shorter-lived session keys, or wait for certificates to expire"
    )]
    TooManyPending {
        /// The requester.
        requester: Identifier<S>,
        /// The account.
        account: String,
        /// "the account" or "the service".
        whose: &'static str,
        /// The bound.
        limit: usize,
    },
    /// The policy hook said no.
    #[error("refused a request from participant {requester} for account '{account}': {reason}")]
    Policy {
        /// The requester.
        requester: Identifier<S>,
        /// The account.
        account: String,
        /// The policy's reason.
        reason: String,
    },
}

impl<S: Suite> Refused<S> {
    /// The account members this refusal names (none when the requester
    /// is not a known member).
    pub fn culprits(&self) -> Vec<Identifier<S>> {
        match self {
            Refused::Session {
                participant: Some(p),
                ..
            } => vec![*p],
            Refused::NotASigner { requester, .. }
            | Refused::Replay { requester, .. }
            | Refused::TooManyPending { requester, .. }
            | Refused::Policy { requester, .. } => vec![*requester],
            _ => Vec::new(),
        }
    }
}

/// The first 8 bytes of an identity key, in hex, to name it in logs.
fn short(key: &Address) -> String {
    hex::encode(key.get(..8).unwrap_or(key))
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
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stats<S: Suite> {
    /// Requests that passed every check and whose session started.
    pub accepted: usize,
    /// Sessions that ended with the service's share sent.
    pub signed: usize,
    /// Sessions that failed (timeouts, bad messages).
    pub failed: usize,
    /// Requests refused, with the reason (replays included).
    pub refused: Vec<Refused<S>>,
}

impl<S: Suite> Default for Stats<S> {
    fn default() -> Self {
        Self {
            accepted: 0,
            signed: 0,
            failed: 0,
            refused: Vec::new(),
        }
    }
}

/// Where the service reports each refusal (the CLI prints them).
pub type RefusalLog<S> = Arc<dyn Fn(&Refused<S>) + Send + Sync>;

/// How many refusals [`Stats::refused`] keeps (the oldest are dropped).
pub const MAX_KEPT_REFUSALS: usize = 1024;

/// The time in seconds since the UNIX epoch (the service's clock).
pub type Clock = Arc<dyn Fn() -> u64 + Send + Sync>;

/// The login service.
pub struct Service<S: Suite> {
    accounts: HashMap<String, Account<S>>,
    verifiers: HashMap<String, Verifier<S>>,
    policy: Arc<dyn Policy>,
    round_timeout: Duration,
    stats: Arc<Mutex<Stats<S>>>,
    log: Option<RefusalLog<S>>,
    clock: Clock,
    replays: Mutex<Replays>,
}

impl<S: Suite> Service<S> {
    /// A service for `accounts` behind `policy`. A request must carry a
    /// session certificate of its account, valid now, granting
    /// [`SIGN_SCOPE`] and issued at the account's current key epoch (so a
    /// refresh or reshare revokes every earlier certificate).
    pub fn new(
        accounts: HashMap<String, Account<S>>,
        policy: Arc<dyn Policy>,
        round_timeout: Duration,
    ) -> Self {
        let verifiers = accounts
            .iter()
            .map(|(name, a)| {
                (
                    name.clone(),
                    Verifier::new(a.public.group_key()).revoke_by_epoch(a.public.epoch()),
                )
            })
            .collect();
        Self {
            accounts,
            verifiers,
            policy,
            round_timeout,
            stats: Arc::default(),
            log: None,
            clock: Arc::new(unix_now),
            replays: Mutex::new(Replays::default()),
        }
    }

    /// Checks certificates against `clock` instead of the system clock
    /// (the service never lets its time go back: it uses the latest time
    /// the clock has given).
    pub fn with_clock(mut self, clock: Clock) -> Self {
        self.clock = clock;
        self
    }

    /// Remembers at most `per_account` unexpired request nonces per account
    /// and `total` in all (defaults [`replays::DEFAULT_PER_ACCOUNT`] and
    /// [`replays::DEFAULT_TOTAL`]); a request over a bound is refused with
    /// [`Refused::TooManyPending`].
    pub fn with_replay_limits(mut self, per_account: usize, total: usize) -> Self {
        self.replays = Mutex::new(Replays::new(per_account, total));
        self
    }

    /// The time to check certificates at: the clock, never earlier than a
    /// time it gave before.
    fn now(&self) -> u64 {
        let clock = (self.clock)();
        self.replays().now(clock)
    }

    /// The nonce memory (a panic elsewhere while it was held leaves it
    /// consistent: every update is a single insertion or removal).
    fn replays(&self) -> std::sync::MutexGuard<'_, Replays> {
        self.replays
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Records the request's nonce until `expires`; the refusal if it is a
    /// replay or over a bound.
    fn record(
        &self,
        request: &SignRequest,
        requester: Identifier<S>,
        expires: u64,
    ) -> Result<(), Refused<S>> {
        let Err(refusal) = self
            .replays()
            .record(&request.account, request.nonce, expires)
        else {
            return Ok(());
        };
        let account = request.account.clone();
        Err(match refusal {
            replays::Refusal::Replay => Refused::Replay { requester, account },
            replays::Refusal::AccountFull { limit } => Refused::TooManyPending {
                requester,
                account,
                whose: "the account",
                limit,
            },
            replays::Refusal::ServiceFull { limit } => Refused::TooManyPending {
                requester,
                account,
                whose: "the service",
                limit,
            },
        })
    }

    /// Also refuses the certificates of `list` (any account).
    pub fn with_revocations(mut self, list: &RevocationList<S>) -> Self {
        for verifier in self.verifiers.values_mut() {
            *verifier = verifier.clone().with_revocations(list.clone());
        }
        self
    }

    /// Reports every refusal to `log` as well.
    pub fn with_log(mut self, log: RefusalLog<S>) -> Self {
        self.log = Some(log);
        self
    }

    /// A handle on its statistics.
    pub fn stats(&self) -> Arc<Mutex<Stats<S>>> {
        self.stats.clone()
    }

    fn note(&self, f: impl FnOnce(&mut Stats<S>)) {
        if let Ok(mut s) = self.stats.lock() {
            f(&mut s);
        }
    }

    fn refuse(&self, why: Refused<S>) {
        if let Some(log) = &self.log {
            log(&why);
        }
        self.note(|s| {
            if s.refused.len() >= MAX_KEPT_REFUSALS {
                s.refused.remove(0);
            }
            s.refused.push(why);
        });
    }

    /// Serves requests arriving at its inbox on `client`'s relay until the
    /// connection fails for good.
    pub async fn serve(self, client: RelayClient) -> Result<(), crate::TransportError> {
        let me = client.identity().public().ed25519;
        let mut inbox = client.session(inbox_id(&me));
        let service = Arc::new(self);
        loop {
            let received = inbox.recv().await?;
            let checked = service
                .check(&me, &received.from, &received.frame)
                .and_then(|(request, requester, expires)| {
                    service.record(&request, requester, expires)?;
                    Ok((request, requester))
                });
            let (request, requester) = match checked {
                Ok(checked) => checked,
                Err(why) => {
                    service.refuse(why);
                    continue;
                }
            };
            if let Some(number) = requester.as_u16() {
                if let Err(reason) = service.policy.allow(number, &request) {
                    service.refuse(Refused::Policy {
                        requester,
                        account: request.account,
                        reason,
                    });
                    continue;
                }
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

    /// Authenticates a request frame, in this order: the frame (identity
    /// key signature, this inbox), the encoding, the account, the session
    /// certificate (account, window, scope, revocation, epoch) and the
    /// session signature, the sender's place in the roster and among the
    /// signers. Returns the request, the requester's identifier and the
    /// last second of the certificate's validity.
    fn check(
        &self,
        me: &Address,
        from: &Address,
        frame: &[u8],
    ) -> Result<(SignRequest, Identifier<S>, u64), Refused<S>> {
        let bad_frame = |what| Refused::BadFrame {
            from: short(from),
            what,
        };
        let (header, body) = envelope::parse(frame).ok_or(bad_frame("it does not parse"))?;
        if header.session != inbox_id(me) || header.from != *from || header.kind != Kind::Broadcast
        {
            return Err(bad_frame("it is not addressed to this service's inbox"));
        }
        let payload = envelope::open_broadcast(&header, body)
            .ok_or(bad_frame("its identity-key signature does not verify"))?;
        let malformed = |what: String| Refused::Malformed {
            from: short(from),
            what,
        };
        let authorized = AuthorizedRequest::<S>::from_bytes(payload)
            .map_err(|e| malformed(format!("authorized request: {e}")))?;
        let request = SignRequest::from_bytes(authorized.action())
            .ok_or_else(|| malformed("sign request".into()))?;
        let (Some(account), Some(verifier)) = (
            self.accounts.get(&request.account),
            self.verifiers.get(&request.account),
        ) else {
            return Err(Refused::UnknownAccount {
                from: short(from),
                account: request.account,
            });
        };
        let member = account.roster.id(from);
        if let Err(error) = verifier.verify_action(&authorized, self.now(), Some(SIGN_SCOPE)) {
            return Err(Refused::Session {
                requester: member.map_or_else(
                    || format!("key {}", short(from)),
                    |p| format!("participant {p}"),
                ),
                participant: member,
                account: request.account,
                error,
            });
        }
        let Some(requester) = member else {
            return Err(Refused::NotInRoster {
                from: short(from),
                account: request.account,
            });
        };
        let is_signer = requester
            .as_u16()
            .is_some_and(|n| request.signers.contains(&n));
        if requester == account.key.id() || !is_signer {
            return Err(Refused::NotASigner {
                requester,
                account: request.account,
            });
        }
        let expires = authorized.certificate().window().not_after;
        Ok((request, requester, expires))
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

/// The device's side: sends `request` (a [`SignRequest`] signed by the
/// device's certified session key, see [`SignRequest::authorize`]) to the
/// service's inbox and runs its own signing party (as coordinator);
/// returns the signature.
pub async fn request_signature<S: Suite>(
    client: &RelayClient,
    service: &Address,
    key: &KeyPackage<S>,
    public: &PublicKeyPackage<S>,
    roster: &Roster<S>,
    request: &AuthorizedRequest<S>,
    round_timeout: Duration,
) -> Result<tessera_frost::Signature<S>, crate::Error<S, tessera_frost::Error<S>>> {
    let inner = SignRequest::from_bytes(request.action())
        .ok_or_else(|| crate::Error::Identity("the signed action is not a sign request".into()))?;
    let signers = inner
        .signers
        .iter()
        .map(|n| Identifier::<S>::new(*n))
        .collect::<Option<Vec<_>>>()
        .ok_or_else(|| crate::Error::Identity("a signer identifier is zero".into()))?;
    let coordinator = signers.first().copied();
    let config = SigningConfig::new(public.clone(), &signers, &inner.message, coordinator)
        .map_err(crate::Error::Protocol)?;
    let party = FrostParty::new(&config, key.id(), Some(key)).map_err(crate::Error::Protocol)?;
    let frame = request_frame(client.identity(), service, request)
        .ok_or_else(|| crate::Error::Identity("the request is too large".into()))?;
    let session = Session {
        id: inner.session_id(roster),
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
