//! The Session Context of BIP 445 (§ "Session Context"): everything the
//! second round needs, computed once by *GetSessionValues* — the tweaked
//! key `Q` with `gacc` and `tacc`, the nonce coefficient `b`, the final
//! nonce `R` and the BIP-340 challenge `e` — and the coordinator's
//! [`SigningRequest`] that carries it to the signers.

use group::Group;
use k256::{ProjectivePoint, Scalar};
use tessera_core::encoding::{Reader, Wire, Writer};
use tessera_frost::{Epoch, PublicKeyPackage};

use crate::K256Suite;
use crate::error::Error;
use crate::id::ParticipantId;
use crate::nonce::{AggNonce, PubNonce};
use crate::secp::{hash_scalar, sign_of, xonly};
use crate::sign::PartialSignature;
use crate::signers::SignersContext;
use crate::tweak::{KeyTweak, TweakContext};

/// Tag of the nonce-coefficient hash.
const TAG_NONCECOEF: &[u8] = b"BIP0445/noncecoef";
/// BIP-340's challenge tag.
pub(crate) const TAG_CHALLENGE: &[u8] = b"BIP0340/challenge";

/// A signing session: the signers, the aggregate nonce, the tweaks and the
/// message, with the values *GetSessionValues* derives from them.
#[derive(Clone, Debug)]
pub struct SessionContext<S: K256Suite> {
    signers: SignersContext<S>,
    aggnonce: AggNonce<S>,
    tweaks: Vec<KeyTweak<S>>,
    msg: Vec<u8>,
    tweak_ctx: TweakContext<S>,
    q_xonly: [u8; 32],
    q_even: bool,
    b: Scalar,
    r: ProjectivePoint,
    r_xonly: [u8; 32],
    r_even: bool,
    e: Scalar,
}

impl<S: K256Suite> SessionContext<S> {
    /// *GetSessionValues*: applies the tweaks (failing if one is out of
    /// range or sends the key to infinity), computes `b`, `R` (the
    /// generator if `R1 + b R2` is infinity, so that a bad aggregate nonce
    /// is caught by partial-signature verification with blame) and `e`.
    pub fn new(
        signers: &SignersContext<S>,
        aggnonce: &AggNonce<S>,
        tweaks: &[KeyTweak<S>],
        msg: &[u8],
    ) -> Result<Self, Error<S>> {
        let tweak_ctx = TweakContext::with_tweaks(signers.thresh_pk(), tweaks)?;
        let (q_xonly, q_even) = xonly(&tweak_ctx.point());
        let ser_ids = signers.ser_ids();
        // The prefix is the byte length of the serialised ids, `4 u`: so the
        // reference implementation computes it, and the vectors only pass
        // with it (the text of the BIP at f7de456 says `bytes(4, u)`).
        let u = signers.ids().len();
        let prefix = u32::try_from(ser_ids.len())
            .map_err(|_| Error::InvalidSignerCount {
                u,
                t: signers.t(),
                n: signers.n(),
            })?
            .to_be_bytes();
        let agg_bytes = aggnonce.to_bip_bytes();
        let b = hash_scalar(
            TAG_NONCECOEF,
            &[&prefix, ser_ids, &agg_bytes, &q_xonly, msg],
        );
        if bool::from(b.is_zero()) {
            return Err(Error::ZeroHash);
        }
        let (r1, r2) = aggnonce.points();
        let r_ = S::vartime_msm(&[(r1, Scalar::ONE), (r2, b)]);
        let r = if bool::from(r_.is_identity()) {
            ProjectivePoint::GENERATOR
        } else {
            r_
        };
        let (r_xonly, r_even) = xonly(&r);
        let e = hash_scalar(TAG_CHALLENGE, &[&r_xonly, &q_xonly, msg]);
        if bool::from(e.is_zero()) {
            return Err(Error::ZeroHash);
        }
        Ok(Self {
            signers: signers.clone(),
            aggnonce: *aggnonce,
            tweaks: tweaks.to_vec(),
            msg: msg.to_vec(),
            tweak_ctx,
            q_xonly,
            q_even,
            b,
            r,
            r_xonly,
            r_even,
            e,
        })
    }

    /// The session a signer builds from the coordinator's request and its
    /// own public key package: refuses a request of another key epoch.
    pub fn from_request(
        public: &PublicKeyPackage<S>,
        request: &SigningRequest<S>,
    ) -> Result<Self, Error<S>> {
        if request.epoch != public.epoch() {
            return Err(Error::EpochMismatch);
        }
        let ids = request
            .ids
            .iter()
            .map(|id| id.to_identifier().ok_or(Error::SignerNotInSigners(*id)))
            .collect::<Result<Vec<_>, _>>()?;
        let signers = SignersContext::from_public(public, &ids)?;
        Self::new(
            &signers,
            &request.aggnonce,
            &request.tweaks,
            &request.message,
        )
    }

    /// The coordinator's request for this session, to send to every signer.
    /// `None` for a signers context not built from a public key package
    /// (it has no epoch).
    pub fn request(&self) -> Option<SigningRequest<S>> {
        let epoch = self.signers.epoch()?;
        let mut ids = self.signers.ids().to_vec();
        ids.sort();
        Some(SigningRequest {
            epoch,
            ids,
            aggnonce: self.aggnonce,
            tweaks: self.tweaks.clone(),
            message: self.msg.clone(),
        })
    }

    /// The signers context.
    pub fn signers(&self) -> &SignersContext<S> {
        &self.signers
    }

    /// The aggregate nonce.
    pub fn aggnonce(&self) -> &AggNonce<S> {
        &self.aggnonce
    }

    /// The message.
    pub fn message(&self) -> &[u8] {
        &self.msg
    }

    /// The tweak context after all tweaks: the key the signature verifies
    /// under is its [`TweakContext::xonly_pubkey`].
    pub fn tweak_context(&self) -> &TweakContext<S> {
        &self.tweak_ctx
    }

    /// The x-only public key the final signature verifies under.
    pub fn xonly_pubkey(&self) -> [u8; 32] {
        self.q_xonly
    }

    /// `g * gacc`: the sign each signer's share takes (BIP 445 §
    /// "Negation of the Secret Share when Signing").
    pub(crate) fn share_sign(&self) -> Scalar {
        sign_of(self.q_even) * self.tweak_ctx.gacc()
    }

    pub(crate) fn b(&self) -> Scalar {
        self.b
    }

    pub(crate) fn e(&self) -> Scalar {
        self.e
    }

    pub(crate) fn r(&self) -> ProjectivePoint {
        self.r
    }

    pub(crate) fn r_even(&self) -> bool {
        self.r_even
    }

    pub(crate) fn r_xonly(&self) -> [u8; 32] {
        self.r_xonly
    }

    pub(crate) fn q_even(&self) -> bool {
        self.q_even
    }

    /// *PartialSigVerifyInternal*: whether `psig` is the partial signature
    /// of participant `my_id` with public nonce `pubnonce` and public share
    /// `pubshare` in this session.
    pub fn partial_sig_verify_internal(
        &self,
        psig: &PartialSignature<S>,
        my_id: ParticipantId,
        pubnonce: &PubNonce<S>,
        pubshare: &ProjectivePoint,
    ) -> bool {
        let share_bytes = crate::secp::cbytes_ext(pubshare);
        if !self.signers.pubshare_bytes().contains(&share_bytes) {
            return false;
        }
        let Some(index) = self.signers.position(my_id) else {
            return false;
        };
        let (r1, r2) = pubnonce.points();
        let lambda = self.signers.lambda(index);
        // s G == ±(R1 + b R2) + e λ g' P, checked as one MSM equal to zero.
        let nonce_sign = sign_of(self.r_even);
        let check = S::vartime_msm(&[
            (ProjectivePoint::GENERATOR, psig.scalar()),
            (r1, -nonce_sign),
            (r2, -nonce_sign * self.b),
            (*pubshare, -(self.e * lambda * self.share_sign())),
        ]);
        bool::from(check.is_identity())
    }

    /// Verifies the partial signature of the signer at `index` of the signer
    /// list, whose public nonce is `pubnonce`.
    pub fn verify_partial(
        &self,
        psig: &PartialSignature<S>,
        index: usize,
        pubnonce: &PubNonce<S>,
    ) -> Result<bool, Error<S>> {
        let u = self.signers.ids().len();
        let (Some(id), Some(share)) = (
            self.signers.ids().get(index),
            self.signers.pubshares().get(index),
        ) else {
            return Err(Error::SignerIndexOutOfRange { index, u });
        };
        Ok(self.partial_sig_verify_internal(psig, *id, pubnonce, share))
    }
}

/// *PartialSigVerify*: whether `psig` is the partial signature of the signer
/// at position `i`, given every signer's public nonce (decoded with
/// [`PubNonce::decode_list`]), the signers, the tweaks and the message.
pub fn partial_sig_verify<S: K256Suite>(
    psig: &PartialSignature<S>,
    pubnonces: &[PubNonce<S>],
    signers: &SignersContext<S>,
    tweaks: &[KeyTweak<S>],
    msg: &[u8],
    i: usize,
) -> Result<bool, Error<S>> {
    let u = signers.ids().len();
    if pubnonces.len() != u {
        return Err(Error::LengthMismatch {
            what: "public nonces per signer",
            expected: u,
            found: pubnonces.len(),
        });
    }
    let aggnonce = crate::nonce::nonce_agg(pubnonces);
    let session = SessionContext::new(signers, &aggnonce, tweaks, msg)?;
    let pubnonce = pubnonces
        .get(i)
        .ok_or(Error::SignerIndexOutOfRange { index: i, u })?;
    session.verify_partial(psig, i, pubnonce)
}

/// The coordinator's second-round message to the signers: the key epoch,
/// the signer ids (sorted), the aggregate nonce, the tweaks and the message.
/// Each signer rebuilds the [`SessionContext`] from it and its own public
/// key package ([`SessionContext::from_request`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SigningRequest<S: K256Suite> {
    /// The key epoch.
    pub epoch: Epoch,
    /// The signers' ids, strictly increasing.
    pub ids: Vec<ParticipantId>,
    /// The aggregate nonce.
    pub aggnonce: AggNonce<S>,
    /// The tweaks, in order.
    pub tweaks: Vec<KeyTweak<S>>,
    /// The message.
    pub message: Vec<u8>,
}

impl<S: K256Suite> Wire<S> for SigningRequest<S> {
    const KIND: u8 = crate::wire::SIGNING_REQUEST;

    fn write_body(&self, w: &mut Writer) {
        w.raw(self.epoch.as_bytes());
        w.count(self.ids.len());
        for id in &self.ids {
            w.u32(id.0);
        }
        self.aggnonce.write_body(w);
        w.count(self.tweaks.len());
        for t in &self.tweaks {
            w.scalar(&t.value());
            w.raw(&[u8::from(t.is_xonly())]);
        }
        w.bytes(&self.message);
    }

    fn read_body(r: &mut Reader<'_, S>) -> Result<Self, tessera_core::Error<S>> {
        let epoch = Epoch::from_bytes(r.take_array()?);
        let n = r.count(4)?;
        let mut ids: Vec<ParticipantId> = Vec::with_capacity(n);
        for _ in 0..n {
            let id = ParticipantId(r.u32()?);
            if let Some(last) = ids.last().filter(|last| **last >= id) {
                let culprit = id
                    .to_identifier()
                    .ok_or(tessera_core::Error::InvalidLength(id.0 as usize))?;
                return Err(if *last == id {
                    tessera_core::Error::DuplicateParticipant { culprit }
                } else {
                    tessera_core::Error::UnsortedParticipants { culprit }
                });
            }
            ids.push(id);
        }
        let aggnonce = AggNonce::read_body(r)?;
        let v = r.count(33)?;
        let mut tweaks = Vec::with_capacity(v);
        for _ in 0..v {
            let value = r.scalar()?;
            let [mode] = r.take_array::<1>()?;
            tweaks.push(match mode {
                0 => KeyTweak::plain(value),
                1 => KeyTweak::xonly(value),
                other => return Err(tessera_core::Error::InvalidLength(usize::from(other))),
            });
        }
        let message = r.bytes()?.to_vec();
        Ok(Self {
            epoch,
            ids,
            aggnonce,
            tweaks,
            message,
        })
    }
}
