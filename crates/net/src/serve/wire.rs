//! What the device and the service exchange: the [`SignRequest`] a
//! session key authorizes, and the co-signing exchange around it, one
//! request and one answer.
//!
//! | frame | sent by, to | session, round | payload |
//! |---|---|---|---|
//! | request | device, the service's inbox ([`inbox_id`]) | inbox, 0 | [`CoSignRequest`] |
//! | answer | service, the device | [`SignRequest::session_id`], 1 | [`CoSignAnswer`] |
//!
//! Both are broadcast frames signed by the sender's identity key
//! ([`crate::envelope`]). Nothing in them is secret: FROST commitments and
//! signature shares are public values.
//!
//! **Why one round trip suffices.** FROST's first round exists so that
//! every signer's nonce is fixed before the signing package is; a signer
//! that draws its nonce after seeing everyone else's commitments and signs
//! at once behaves exactly as an honest signer in round two of RFC 9591
//! (a fresh nonce, used once, for a package holding its own commitment),
//! while the others committed before seeing its commitment, which takes
//! nothing from them. So the device sends its commitment with the request
//! and the service, committing last, answers with its commitment and its
//! share in one message. A replayed request draws a fresh nonce again, so
//! no nonce is ever used twice (and the service refuses replays anyway).

use tessera_core::Suite;
use tessera_core::encoding::Wire;
use tessera_core::suites::Ed25519;
use tessera_frost::{SignatureShare, SigningCommitments};
use tessera_wallet::session::{Certificate, SessionKey, SignedAction};

use crate::envelope::{self, Kind};
use crate::identity::Identity;
use crate::roster::Roster;
use crate::runner::session_id;
use crate::transport::Address;
use sha2::{Digest, Sha256};

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

/// What a device sends to the service's inbox: the authorized request and
/// the FROST commitments of every signer but the service, in the order of
/// the request's signers.
#[derive(Clone, Debug)]
pub struct CoSignRequest<S: Suite> {
    /// The request, its certificate and its session signature.
    pub authorized: AuthorizedRequest<S>,
    /// One commitment per signer other than the service.
    pub commitments: Vec<SigningCommitments<S>>,
}

impl<S: Suite> CoSignRequest<S> {
    /// Its encoding: version 1, the authorized request (`u32` length and
    /// bytes), the commitments (`u16` count; `u32` length and bytes each).
    pub fn to_bytes(&self) -> Option<Vec<u8>> {
        let mut out = vec![1u8];
        put(&mut out, &self.authorized.to_bytes())?;
        out.extend_from_slice(&u16::try_from(self.commitments.len()).ok()?.to_be_bytes());
        for c in &self.commitments {
            put(&mut out, &c.to_bytes())?;
        }
        Some(out)
    }

    /// Decodes [`CoSignRequest::to_bytes`] strictly; the error says which
    /// part did not decode.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, String> {
        let (authorized, commitments) = Self::split(bytes)?;
        let authorized = AuthorizedRequest::<S>::from_bytes(authorized)
            .map_err(|e| format!("authorized request: {e}"))?;
        let commitments = commitments
            .into_iter()
            .map(|c| SigningCommitments::<S>::from_bytes(c).map_err(|e| format!("commitment: {e}")))
            .collect::<Result<_, _>>()?;
        Ok(Self {
            authorized,
            commitments,
        })
    }

    /// The encoding's parts, their lengths checked but nothing decoded:
    /// the authorized request's bytes and each commitment's. The service
    /// decodes the commitments (a subgroup check per point) only once the
    /// request is authenticated and the signing set checked, so that a
    /// frame listing thousands of commitments costs a stranger's CPU, not
    /// the service's.
    pub fn split(bytes: &[u8]) -> Result<(&[u8], Vec<&[u8]>), String> {
        let mut r = bytes;
        if take(&mut r, 1) != Some(&[1][..]) {
            return Err("unknown co-signing request version".into());
        }
        let authorized = get(&mut r).ok_or("truncated authorized request")?;
        let count = take(&mut r, 2)
            .and_then(|c| c.try_into().ok())
            .map(u16::from_be_bytes)
            .ok_or("truncated commitment count")?;
        let mut commitments = Vec::with_capacity(usize::from(count).min(256));
        for _ in 0..count {
            commitments.push(get(&mut r).ok_or("truncated commitment")?);
        }
        if !r.is_empty() {
            return Err("trailing bytes".into());
        }
        Ok((authorized, commitments))
    }
}

/// The service's answer: its commitment, drawn after the request arrived,
/// and its signature share for the package the request and that
/// commitment make.
#[derive(Clone, Debug)]
pub struct CoSignAnswer<S: Suite> {
    /// The service's commitment.
    pub commitment: SigningCommitments<S>,
    /// The service's signature share.
    pub share: SignatureShare<S>,
}

impl<S: Suite> CoSignAnswer<S> {
    /// Its encoding: version 1, the commitment and the share (`u32` length
    /// and bytes each).
    pub fn to_bytes(&self) -> Option<Vec<u8>> {
        let mut out = vec![1u8];
        put(&mut out, &self.commitment.to_bytes())?;
        put(&mut out, &self.share.to_bytes())?;
        Some(out)
    }

    /// Decodes [`CoSignAnswer::to_bytes`] strictly.
    pub fn from_bytes(bytes: &[u8]) -> Option<Self> {
        let mut r = bytes;
        if take(&mut r, 1)? != [1] {
            return None;
        }
        let commitment = SigningCommitments::<S>::from_bytes(get(&mut r)?).ok()?;
        let share = SignatureShare::<S>::from_bytes(get(&mut r)?).ok()?;
        r.is_empty().then_some(Self { commitment, share })
    }
}

/// The request frame a device sends to the service's inbox: the
/// co-signing request in a broadcast frame signed by the device's identity
/// key (the key the relay and the account's roster know it by).
pub fn request_frame<S: Suite>(
    device: &Identity,
    service: &Address,
    request: &CoSignRequest<S>,
) -> Option<Vec<u8>> {
    envelope::seal_broadcast(
        device,
        Kind::Broadcast,
        inbox_id(service),
        0,
        &request.to_bytes()?,
    )
}

/// The answer frame: the service's [`CoSignAnswer`] in the request's
/// session, round 1, signed by the service's identity key.
pub fn answer_frame<S: Suite>(
    service: &Identity,
    session: [u8; 32],
    answer: &CoSignAnswer<S>,
) -> Option<Vec<u8>> {
    envelope::seal_broadcast(service, Kind::Broadcast, session, 1, &answer.to_bytes()?)
}

/// The answer in `frame` if it is a broadcast from `service` in `session`,
/// round 1, whose signature verifies and whose payload decodes.
pub fn open_answer<S: Suite>(
    frame: &[u8],
    session: &[u8; 32],
    service: &Address,
) -> Option<CoSignAnswer<S>> {
    let (header, body) = envelope::parse(frame)?;
    if header.kind != Kind::Broadcast
        || header.session != *session
        || header.round != 1
        || header.from != *service
    {
        return None;
    }
    CoSignAnswer::from_bytes(envelope::open_broadcast(&header, body)?)
}

/// Appends `u32` length and bytes.
fn put(out: &mut Vec<u8>, bytes: &[u8]) -> Option<()> {
    out.extend_from_slice(&u32::try_from(bytes.len()).ok()?.to_be_bytes());
    out.extend_from_slice(bytes);
    Some(())
}

/// Reads what [`put`] wrote.
fn get<'a>(r: &mut &'a [u8]) -> Option<&'a [u8]> {
    let len = u32::from_be_bytes(take(r, 4)?.try_into().ok()?);
    take(r, usize::try_from(len).ok()?)
}
