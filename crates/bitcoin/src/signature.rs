//! Partial-signature aggregation (BIP 445 § "Partial Signature
//! Aggregation") and the BIP-340 signature it produces.

use core::fmt;
use core::marker::PhantomData;

use group::Group;
use k256::{ProjectivePoint, Scalar};
use tessera_core::encoding::{Reader, Wire, Writer};

use crate::K256Suite;
use crate::error::Error;
use crate::nonce::{PubNonce, nonce_agg};
use crate::secp::{scalar_bytes, sign_of};
use crate::session::SessionContext;
use crate::sign::PartialSignature;

/// A BIP-340 Schnorr signature: `xbytes(R) || s`, 64 bytes.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Signature<S: K256Suite> {
    bytes: [u8; 64],
    _suite: PhantomData<S>,
}

impl<S: K256Suite> Signature<S> {
    /// A signature from its 64 bytes (checked only when verified).
    pub fn from_bytes(bytes: [u8; 64]) -> Self {
        Self {
            bytes,
            _suite: PhantomData,
        }
    }

    /// The 64 bytes.
    pub fn to_bytes(&self) -> [u8; 64] {
        self.bytes
    }

    /// BIP-340 verification of this signature on `msg` (any length) under
    /// the x-only public key `xonly_pk`, by k256's BIP-340 verifier.
    pub fn verify(&self, xonly_pk: &[u8; 32], msg: &[u8]) -> Result<(), Error<S>> {
        let key = k256::schnorr::VerifyingKey::from_slice(xonly_pk)
            .map_err(|_| Error::InvalidXonlyKey("not the x-coordinate of a curve point"))?;
        let sig = k256::schnorr::Signature::try_from(self.bytes.as_slice())
            .map_err(|_| Error::InvalidSignature)?;
        key.verify_raw(msg, &sig)
            .map_err(|_| Error::InvalidSignature)
    }
}

impl<S: K256Suite> fmt::Debug for Signature<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Signature(")?;
        self.bytes.iter().try_for_each(|b| write!(f, "{b:02x}"))?;
        f.write_str(")")
    }
}

impl<S: K256Suite> Wire<S> for Signature<S> {
    const KIND: u8 = crate::wire::SIGNATURE;

    fn write_body(&self, w: &mut Writer) {
        w.raw(&self.bytes);
    }

    fn read_body(r: &mut Reader<'_, S>) -> Result<Self, tessera_core::Error<S>> {
        Ok(Self::from_bytes(r.take_array()?))
    }
}

/// *PartialSigAgg*: `xbytes(R) || s1 + ... + su + e g tacc`. It checks
/// nothing beyond the count: use [`aggregate`] to verify and name culprits.
pub fn partial_sig_agg<S: K256Suite>(
    psigs: &[PartialSignature<S>],
    session: &SessionContext<S>,
) -> Result<Signature<S>, Error<S>> {
    let u = session.signers().ids().len();
    if psigs.len() != u {
        return Err(Error::LengthMismatch {
            what: "partial signatures per signer",
            expected: u,
            found: psigs.len(),
        });
    }
    let s: Scalar = psigs.iter().map(PartialSignature::scalar).sum::<Scalar>()
        + session.e() * sign_of(session.q_even()) * session.tweak_context().tacc();
    let mut bytes = [0u8; 64];
    bytes[..32].copy_from_slice(&session.r_xonly());
    bytes[32..].copy_from_slice(&scalar_bytes(&s));
    Ok(Signature::from_bytes(bytes))
}

/// The coordinator's aggregation with identifiable abort: checks that
/// `pubnonces` (one per signer, in list order) aggregate to the session's
/// nonce, aggregates the partial signatures and verifies the result (one
/// multi-scalar multiplication, with the session's `R` and `Q`); only if
/// that fails, verifies every partial signature and names every signer
/// whose one fails ([`Error::InvalidPartialSignatures`]).
pub fn aggregate<S: K256Suite>(
    session: &SessionContext<S>,
    pubnonces: &[PubNonce<S>],
    psigs: &[PartialSignature<S>],
) -> Result<Signature<S>, Error<S>> {
    let ids = session.signers().ids();
    if pubnonces.len() != ids.len() {
        return Err(Error::LengthMismatch {
            what: "public nonces per signer",
            expected: ids.len(),
            found: pubnonces.len(),
        });
    }
    if nonce_agg(pubnonces) != *session.aggnonce() {
        return Err(Error::AggNonceMismatch);
    }
    let signature = partial_sig_agg(psigs, session)?;
    // BIP-340: s G = with_even_y(R) + e with_even_y(Q).
    let mut s_bytes = [0u8; 32];
    s_bytes.copy_from_slice(&signature.bytes[32..]);
    let s = crate::secp::scalar_checked(&s_bytes).ok_or(Error::InvalidSignature)?;
    let q = session.tweak_context().point();
    let check = S::vartime_msm(&[
        (ProjectivePoint::GENERATOR, s),
        (session.r(), -sign_of(session.r_even())),
        (q, -(session.e() * sign_of(session.q_even()))),
    ]);
    if bool::from(check.is_identity()) {
        return Ok(signature);
    }
    let mut signer_indices = Vec::new();
    let mut culprits = Vec::new();
    for (index, ((psig, pubnonce), id)) in psigs.iter().zip(pubnonces).zip(ids).enumerate() {
        if !session.verify_partial(psig, index, pubnonce)? {
            signer_indices.push(index);
            culprits.push(*id);
        }
    }
    if culprits.is_empty() {
        return Err(Error::InvalidSignature);
    }
    Err(Error::InvalidPartialSignatures {
        signer_indices,
        culprits,
    })
}
