//! Signing (BIP 445 § "Signing" and § "Deterministic and Stateless Signing
//! for a Single Signer"): a signer's partial signature
//! `s = k1 + b k2 + e λ d`, with the nonce and share signs that make the
//! aggregate a BIP-340 signature under the x-only (tweaked) key.

use core::marker::PhantomData;

use k256::Scalar;
use tessera_core::encoding::{Reader, Wire, Writer};
use tessera_core::{SecretScalar, Suite};
use tessera_frost::KeyPackage;
use zeroize::Zeroizing;

use crate::K256Suite;
use crate::error::{Contribution, Error};
use crate::id::ParticipantId;
use crate::nonce::{AggOtherNonce, PubNonce, SecNonce, TAG_AUX, nonce_agg};
use crate::secp::{cbytes_ext, scalar_bytes, scalar_checked, scalar_wrapping, sign_of, xor32};
use crate::session::SessionContext;
use crate::signers::SignersContext;
use crate::tweak::{KeyTweak, TweakContext};

/// Tag of the deterministic nonce hash.
const TAG_DETERMINISTIC_NONCE: &[u8] = b"BIP0445/deterministic/nonce";

/// A signer's partial signature: BIP 445's 32-byte `psig`, a scalar below
/// the group order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PartialSignature<S: K256Suite> {
    s: Scalar,
    _suite: PhantomData<S>,
}

impl<S: K256Suite> PartialSignature<S> {
    fn new(s: Scalar) -> Self {
        Self {
            s,
            _suite: PhantomData,
        }
    }

    /// Decodes one partial signature; a value not below the order is an
    /// invalid [`Contribution::PartialSignature`] with no position.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, Error<S>> {
        scalar_checked(bytes)
            .map(Self::new)
            .ok_or(Error::contribution(
                Contribution::PartialSignature,
                None,
                None,
            ))
    }

    /// Decodes the partial signatures of a session, blaming the position of
    /// the first invalid one (as *PartialSigAgg* does).
    pub fn decode_list(list: &[&[u8]]) -> Result<Vec<Self>, Error<S>> {
        list.iter()
            .enumerate()
            .map(|(index, bytes)| {
                scalar_checked(bytes)
                    .map(Self::new)
                    .ok_or(Error::contribution(
                        Contribution::PartialSignature,
                        Some(index),
                        None,
                    ))
            })
            .collect()
    }

    /// The 32-byte BIP 445 encoding.
    pub fn to_bip_bytes(&self) -> [u8; 32] {
        scalar_bytes(&self.s)
    }

    pub(crate) fn scalar(&self) -> Scalar {
        self.s
    }
}

impl<S: K256Suite> Wire<S> for PartialSignature<S> {
    const KIND: u8 = crate::wire::PARTIAL_SIGNATURE;

    fn write_body(&self, w: &mut Writer) {
        w.scalar(&self.s);
    }

    fn read_body(r: &mut Reader<'_, S>) -> Result<Self, tessera_core::Error<S>> {
        Ok(Self::new(r.scalar()?))
    }
}

/// *Sign*: the partial signature of participant `my_id` holding `secshare`,
/// consuming its secret nonce. Checks, in BIP 445's order, the share (non-
/// zero), that its public share and `my_id` are among the signers (and, a
/// tessera addition, at the same position), and verifies the result before
/// releasing it.
pub fn sign<S: K256Suite>(
    secnonce: SecNonce<S>,
    secshare: &SecretScalar<S>,
    my_id: ParticipantId,
    session: &SessionContext<S>,
) -> Result<PartialSignature<S>, Error<S>> {
    let nonce_sign = sign_of(session.r_even());
    let d_ = secshare.expose();
    if bool::from(ff::Field::is_zero(d_)) {
        return Err(Error::InvalidSecretShare);
    }
    let pubshare = <S as Suite>::mul_base(d_);
    let pubshare_bytes = cbytes_ext(&pubshare);
    let signers = session.signers();
    let Some(share_index) = signers
        .pubshare_bytes()
        .iter()
        .position(|p| *p == pubshare_bytes)
    else {
        return Err(Error::PubshareNotInSigners);
    };
    let index = signers
        .position(my_id)
        .ok_or(Error::SignerNotInSigners(my_id))?;
    if index != share_index && signers.pubshare_bytes().get(index) != Some(&pubshare_bytes) {
        return Err(Error::PubshareMisplaced(my_id));
    }
    let lambda = signers.lambda(index);
    let d = Zeroizing::new(session.share_sign() * d_);
    let s = nonce_sign * secnonce.k1()
        + session.b() * nonce_sign * secnonce.k2()
        + session.e() * lambda * *d;
    let psig = PartialSignature::new(s);
    if !session.partial_sig_verify_internal(&psig, my_id, secnonce.pubnonce(), &pubshare) {
        return Err(Error::SelfCheckFailed);
    }
    Ok(psig)
}

/// [`sign`] with a tessera key package: the participant id is the key's
/// identifier minus one, and a session whose signers were built from a
/// public key package of another epoch is refused.
pub fn sign_with_key<S: K256Suite>(
    secnonce: SecNonce<S>,
    key: &KeyPackage<S>,
    session: &SessionContext<S>,
) -> Result<PartialSignature<S>, Error<S>> {
    if session
        .signers()
        .epoch()
        .is_some_and(|epoch| epoch != key.epoch())
    {
        return Err(Error::EpochMismatch);
    }
    let my_id = ParticipantId::from_identifier(&key.id())?;
    sign(secnonce, key.signing_share(), my_id, session)
}

/// *DeterministicSign*: for the one signer that contributes its nonce last
/// (or a sole signer, with `aggothernonce` omitted). Its nonce is derived
/// from its share, the signer set, the other signers' aggregate nonce, the
/// tweaked key and the message (and `aux_rand`, if any), so it needs no
/// randomness and keeps no state; it returns its public nonce and partial
/// signature together. It must never be used by two signers of a session.
#[allow(clippy::too_many_arguments)]
pub fn deterministic_sign<S: K256Suite>(
    secshare: &SecretScalar<S>,
    my_id: ParticipantId,
    aggothernonce: Option<&AggOtherNonce<S>>,
    signers: &SignersContext<S>,
    tweaks: &[KeyTweak<S>],
    msg: &[u8],
    aux_rand: Option<&[u8; 32]>,
) -> Result<(PubNonce<S>, PartialSignature<S>), Error<S>> {
    let share_bytes = Zeroizing::new(scalar_bytes(secshare.expose()));
    let secshare_ = match aux_rand {
        Some(aux) => Zeroizing::new(xor32(
            &share_bytes,
            &tessera_core::hash::tagged_hash(TAG_AUX, &[aux]),
        )),
        None => share_bytes,
    };
    let tweaked = TweakContext::with_tweaks(signers.thresh_pk(), tweaks)?.xonly_pubkey();
    let other_bytes = aggothernonce.map(AggOtherNonce::to_bip_bytes);
    let other: &[u8] = other_bytes.as_ref().map_or(&[], |b| b.as_slice());
    let u = u32::try_from(signers.ids().len())
        .map_err(|_| Error::InvalidSignerCount {
            u: signers.ids().len(),
            t: signers.t(),
            n: signers.n(),
        })?
        .to_be_bytes();
    let msg_len = (msg.len() as u64).to_be_bytes();
    let id_bytes = my_id.to_bytes();
    let k = |i: u8| {
        scalar_wrapping(&tessera_core::hash::tagged_hash(
            TAG_DETERMINISTIC_NONCE,
            &[
                secshare_.as_slice(),
                &id_bytes,
                &u,
                signers.ser_ids(),
                other,
                &tweaked,
                &msg_len,
                msg,
                &[i],
            ],
        ))
    };
    let (k1, k2) = (k(0), k(1));
    let secnonce = SecNonce::from_bytes(&[scalar_bytes(&k1), scalar_bytes(&k2)].concat())
        .map_err(|_| Error::ZeroHash)?;
    let pubnonce = *secnonce.pubnonce();
    let aggnonce = match aggothernonce {
        Some(o) => nonce_agg(&[pubnonce, *o.as_pubnonce()]),
        None => crate::nonce::AggNonce::from_bytes(&pubnonce.to_bip_bytes())?,
    };
    let session = SessionContext::new(signers, &aggnonce, tweaks, msg)?;
    let psig = sign(secnonce, secshare, my_id, &session)?;
    Ok((pubnonce, psig))
}
