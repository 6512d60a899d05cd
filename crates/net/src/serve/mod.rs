//! The login service as a long-running party: it holds one key package per
//! account and co-signs FROST signing requests for them, each after an
//! authentication check and a policy hook, in one round trip.
//!
//! ```text
//!  device                                relay                  service
//!  commit (d, e), (D, E)
//!  CoSignRequest: the SignRequest    ══▶ inbox of the service ══▶ check: frame, account,
//!  signed by the session key, its                                 certificate (account key,
//!  certificate and (D, E), in a                                   window, scope "sign", epoch,
//!  frame signed by the identity key                               revocation list), session
//!                                                                 signature, requester in the
//!                                                                 roster and a signer, signing
//!                                                                 set, not a replay;
//!                                                                 Policy::allow; commit, sign
//!  sign, aggregate (the service's   ◀══ session id(request) ◀══  CoSignAnswer: commitment and
//!  share checked if the sum fails)                                share, in a signed frame
//! ```
//!
//! Why one round trip is enough for FROST is in [`wire`]: the service
//! commits last, after the device, and signs at once.
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
//! is Ed25519). A certificate seen before is taken from a bounded cache
//! of verified certificates ([`Service::with_certificate_cache`]): its
//! claims are checked again, its points are not decoded and its signature
//! is not verified again. The frame carrying it is also signed by the
//! device's identity key, which must be in the account's roster and among the
//! request's signers, and the answer goes to that key: the service
//! co-signs only with the member that sent the request. The signing set
//! is checked before anything is signed: distinct members of the key, the
//! service among them, at least the threshold, one commitment for each
//! signer but the service ([`Refused::Unsignable`]). A request authenticated by the
//! identity key alone (the interim rule before session keys existed) is
//! no longer accepted: an identity key is long-lived and not scoped,
//! while a session certificate expires, is scoped to signing and dies
//! with the next refresh.
//!
//! Every refusal is a typed [`Refused`] that names the requester as far
//! as it is known, kept in [`Stats::refused`] and passed to the log hook
//! ([`Service::with_log`]). A refused request gets no answer: the
//! device times out naming the service.
//!
//! **Replays.** A request whose (account, nonce) was seen before is
//! refused as a replay. The service remembers each nonce until the
//! certificate that authorized it expires ([`crate::replays`]), within
//! bounds per account and in total ([`Service::with_replay_limits`]); a
//! request over a bound is refused, nothing remembered is forgotten early.
//! Certificates are checked against a clock that never goes back
//! ([`Service::with_clock`] injects one), so a system clock set back does
//! not revive an expired certificate whose nonces were forgotten.

mod device;
mod policy;
pub mod wire;

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};

use tessera_core::encoding::Wire;
use tessera_core::suites::Ed25519;
use tessera_core::{Identifier, Suite};
use tessera_frost::{
    KeyPackage, PublicKeyPackage, SigningCommitments, SigningPackage, round1, round2,
};
use tessera_wallet::session::{RevocationList, VerifiedCertificates, Verifier, unix_now};

pub use device::request_signature;
pub use policy::{AllowAll, AllowList, Both, Policy, RateLimit};
pub use wire::{
    AuthorizedRequest, CoSignAnswer, CoSignRequest, SIGN_SCOPE, SessionCertificate, SignRequest,
    answer_frame, inbox_id, open_answer, request_frame,
};

use crate::envelope::{self, Kind};
use crate::identity::Identity;
use crate::relay::RelayClient;
use crate::replays::{self, Replays};
use crate::roster::Roster;
use crate::transport::{Address, Transport};

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
    /// The signing set cannot be signed for: a signer that holds no share
    /// of the key or is listed twice, the service missing, fewer signers
    /// than the threshold, commitments that do not match the signers.
    #[error(
        "refused a request from participant {requester} for account '{account}': {what}; list distinct members of the key, this service among them, and one commitment for each signer but the service"
    )]
    Unsignable {
        /// The requester.
        requester: Identifier<S>,
        /// The account.
        account: String,
        /// What is wrong.
        what: String,
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
            | Refused::Unsignable { requester, .. }
            | Refused::Policy { requester, .. } => vec![*requester],
            _ => Vec::new(),
        }
    }
}

/// The first 8 bytes of an identity key, in hex, to name it in logs.
fn short(key: &Address) -> String {
    hex::encode(key.get(..8).unwrap_or(key))
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
    stats: Arc<Mutex<Stats<S>>>,
    log: Option<RefusalLog<S>>,
    clock: Clock,
    replays: Mutex<Replays>,
    certificates: VerifiedCertificates<S, Ed25519>,
}

/// How long the service's request to the relay that carries its answers
/// waits for the next requests.
const POLL_WAIT: std::time::Duration = std::time::Duration::from_secs(5);

/// How many verified session certificates a [`Service`] keeps by default
/// (about 1.5 KiB each): one per device of a thousand accounts, eight times
/// over.
pub const DEFAULT_CERTIFICATE_CACHE: usize = 8192;

impl<S: Suite> Service<S> {
    /// A service for `accounts` behind `policy`. A request must carry a
    /// session certificate of its account, valid now, granting
    /// [`SIGN_SCOPE`] and issued at the account's current key epoch (so a
    /// refresh or reshare revokes every earlier certificate).
    pub fn new(accounts: HashMap<String, Account<S>>, policy: Arc<dyn Policy>) -> Self {
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
            stats: Arc::default(),
            log: None,
            clock: Arc::new(unix_now),
            replays: Mutex::new(Replays::default()),
            certificates: VerifiedCertificates::new(DEFAULT_CERTIFICATE_CACHE),
        }
    }

    /// Keeps at most `capacity` verified session certificates (default
    /// [`DEFAULT_CERTIFICATE_CACHE`]; 0 verifies every certificate on every
    /// request). A request whose certificate is kept costs one signature
    /// verification and two point decodings fewer (the certificate's
    /// points and its account signature were checked when it was first
    /// seen); its window, scope, epoch and revocation are checked every
    /// time ([`VerifiedCertificates`]).
    pub fn with_certificate_cache(mut self, capacity: usize) -> Self {
        self.certificates = VerifiedCertificates::new(capacity);
        self
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

    /// Logs a refusal ([`Service::with_log`]) and keeps it in
    /// [`Stats::refused`].
    pub fn refuse(&self, why: Refused<S>) {
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
    /// connection fails for good. The requests at hand are checked and
    /// answered in parallel, one task each (see [`Service::answer`]); their
    /// answers go out and the next requests come in with one request to
    /// the relay ([`RelayTransport::send_many_and_poll`]).
    ///
    /// [`RelayTransport::send_many_and_poll`]: crate::relay::RelayTransport::send_many_and_poll
    pub async fn serve(self, client: RelayClient) -> Result<(), crate::TransportError> {
        let me = client.identity().public().ed25519;
        let mut inbox = client.session(inbox_id(&me));
        let service = Arc::new(self);
        loop {
            let mut requests = inbox.take_received();
            if requests.is_empty() {
                requests.push(inbox.recv().await?);
                requests.extend(inbox.take_received());
            }
            let tasks: Vec<_> = requests
                .into_iter()
                .map(|received| {
                    let service = service.clone();
                    let identity = client.identity().clone();
                    tokio::spawn(async move {
                        let answered = service.answer(
                            &identity,
                            &received.from,
                            &received.frame,
                            &mut rand::rng(),
                        );
                        match answered {
                            Ok((to, session, frame)) => Some((session, vec![to], frame)),
                            Err(why) => {
                                service.refuse(why);
                                None
                            }
                        }
                    })
                })
                .collect();
            let mut answers = Vec::with_capacity(tasks.len());
            for task in tasks {
                if let Ok(Some(answer)) = task.await {
                    answers.push(answer);
                }
            }
            let count = answers.len();
            let sent = inbox.send_many_and_poll(answers, POLL_WAIT).await;
            service.note(|s| {
                if sent.is_ok() {
                    s.signed += count;
                } else {
                    s.failed += count;
                }
            });
        }
    }

    /// The whole of the service's work on one request frame, without I/O:
    /// authenticates it (frame, certificate, session signature, roster,
    /// signing set: see the module docs), remembers its nonce, asks the
    /// policy, then draws the service's nonces, signs the package made of
    /// the request's commitments and its own, and returns the recipient,
    /// the session and the answer frame ([`CoSignAnswer`]) to send. A
    /// refusal is returned, not logged: the caller passes it to
    /// [`Service::refuse`] (as [`Service::serve`] does).
    pub fn answer<R: rand_core::CryptoRng + ?Sized>(
        &self,
        identity: &Identity,
        from: &Address,
        frame: &[u8],
        rng: &mut R,
    ) -> Result<(Address, [u8; 32], Vec<u8>), Refused<S>> {
        let me = identity.public().ed25519;
        let checked = self.check(&me, from, frame)?;
        self.record(&checked.request, checked.requester, checked.expires)?;
        let request = checked.request;
        let requester = checked.requester;
        if let Some(number) = requester.as_u16() {
            self.policy
                .allow(number, &request)
                .map_err(|reason| Refused::Policy {
                    requester,
                    account: request.account.clone(),
                    reason,
                })?;
        }
        self.note(|s| s.accepted += 1);
        let Some(account) = self.accounts.get(&request.account) else {
            return Err(Refused::UnknownAccount {
                from: short(from),
                account: request.account,
            });
        };
        let cannot = |what: String| Refused::Unsignable {
            requester,
            account: request.account.clone(),
            what,
        };
        let (nonces, commitment) = round1::commit(&account.key, rng);
        let mut commitments = checked.commitments;
        commitments.insert(account.key.id(), commitment);
        let package = SigningPackage::new(account.public.epoch(), commitments, &request.message);
        let share = round2::sign(&package, nonces, &account.key)
            .map_err(|e| cannot(format!("signing failed: {e}")))?;
        let session = request.session_id(&account.roster);
        let frame = answer_frame(identity, session, &CoSignAnswer { commitment, share })
            .ok_or_else(|| cannot("the answer does not fit a frame".into()))?;
        Ok((*from, session, frame))
    }

    /// Authenticates a request frame, in this order: the frame (identity
    /// key signature, this inbox), the encoding, the account, the session
    /// certificate (account, window, scope, revocation, epoch) and the
    /// session signature, the sender's place in the roster and among the
    /// signers, then the signing set: distinct members of the key, the
    /// service among them, one commitment for each of the others.
    fn check(&self, me: &Address, from: &Address, frame: &[u8]) -> Result<Checked<S>, Refused<S>> {
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
        let (authorized, commitments) = CoSignRequest::<S>::split(payload).map_err(malformed)?;
        let authorized = AuthorizedRequest::<S>::from_bytes_cached(authorized, &self.certificates)
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
        if let Err(error) = verifier.verify_action_cached(
            &authorized,
            self.now(),
            Some(SIGN_SCOPE),
            &self.certificates,
        ) {
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
        let commitments =
            signing_set(account, &request, &commitments).map_err(|what| Refused::Unsignable {
                requester,
                account: request.account.clone(),
                what,
            })?;
        let expires = authorized.certificate().window().not_after;
        Ok(Checked {
            request,
            requester,
            expires,
            commitments,
        })
    }
}

/// A request that passed [`Service::check`].
struct Checked<S: Suite> {
    request: SignRequest,
    requester: Identifier<S>,
    /// The last second of its certificate's validity.
    expires: u64,
    /// The commitments of the signers other than the service.
    commitments: BTreeMap<Identifier<S>, SigningCommitments<S>>,
}

/// The commitments of `request`'s signers other than the service, by
/// signer, after checking the set: every signer a distinct member of the
/// key, the service one of them, at least the threshold, and exactly one
/// commitment for each of the others, in the request's order. Each
/// commitment is decoded when its signer has been checked, so a list
/// longer than the key's members is refused before it costs anything.
fn signing_set<S: Suite>(
    account: &Account<S>,
    request: &SignRequest,
    commitments: &[&[u8]],
) -> Result<BTreeMap<Identifier<S>, SigningCommitments<S>>, String> {
    let me = account.key.id();
    let mut others = BTreeMap::new();
    let mut has_me = false;
    let mut commitments = commitments.iter();
    for n in &request.signers {
        let id = Identifier::<S>::new(*n).ok_or("a signer identifier is zero")?;
        if account.public.verifying_share(&id).is_err() {
            return Err(format!("signer {id} holds no share of this key"));
        }
        if id == me {
            if has_me {
                return Err(format!("signer {id} is listed twice"));
            }
            has_me = true;
            continue;
        }
        let bytes = commitments
            .next()
            .ok_or_else(|| format!("signer {id} has no commitment"))?;
        if others.contains_key(&id) {
            return Err(format!("signer {id} is listed twice"));
        }
        let c = SigningCommitments::<S>::from_bytes(bytes)
            .map_err(|e| format!("signer {id}'s commitment does not decode: {e}"))?;
        others.insert(id, c);
    }
    if commitments.next().is_some() {
        return Err("more commitments than signers".into());
    }
    if !has_me {
        return Err("the service is not among the signers".into());
    }
    let threshold = usize::from(account.key.threshold());
    if others.len() + 1 < threshold {
        return Err(format!(
            "{} signers, fewer than the threshold {threshold}",
            others.len() + 1
        ));
    }
    Ok(others)
}

/// Accounts by name, as loaded from a key store (see the CLI).
pub type Accounts<S> = HashMap<String, Account<S>>;
