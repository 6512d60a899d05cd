//! Combining the signature shares (DKLs23 Protocol 3.6, step 10) and the
//! resulting standard ECDSA signature.

use std::collections::BTreeMap;

use ff::Field;
use group::{Group, GroupEncoding};
use tessera_core::encoding::{Reader, Wire, Writer};
use tessera_core::{Identifier, Point, Scalar};

use super::SigningSession;
use super::messages::SignatureShare;
use crate::error::Error;
use crate::suite::EcdsaSuite;

/// A standard ECDSA signature `(r, s)`, `s` normalised to the lower half
/// (BIP 62 / Ethereum's EIP-2 rule; P-256 verifiers accept either), with
/// its recovery id.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Signature<S: EcdsaSuite> {
    r: Scalar<S>,
    s: Scalar<S>,
    recovery_id: ecdsa::RecoveryId,
    standard: ecdsa::Signature<S::Curve>,
}

impl<S: EcdsaSuite> Signature<S> {
    /// The signature from its scalars, normalising `s` (and flipping the
    /// recovery id's y parity with it). Fails on a zero scalar or an invalid
    /// recovery id.
    pub fn from_parts(r: Scalar<S>, s: Scalar<S>, recovery_id: u8) -> Result<Self, Error<S>> {
        let id = ecdsa::RecoveryId::from_byte(recovery_id)
            .ok_or(tessera_core::Error::InvalidLength(usize::from(recovery_id)))?;
        Self::normalised(r, s, id.is_y_odd(), id.is_x_reduced())
            .ok_or_else(|| tessera_core::Error::NonCanonicalScalar.into())
    }

    /// `(r, s)` with `s` made low; `None` if a scalar is zero.
    fn normalised(r: Scalar<S>, s: Scalar<S>, y_odd: bool, x_reduced: bool) -> Option<Self> {
        let high = S::is_high(&s);
        let s = if high { -s } else { s };
        let standard = ecdsa::Signature::from_scalars(
            ff::PrimeField::to_repr(&r),
            ff::PrimeField::to_repr(&s),
        )
        .ok()?;
        Some(Self {
            r,
            s,
            recovery_id: ecdsa::RecoveryId::new(y_odd ^ high, x_reduced),
            standard,
        })
    }

    /// `r`.
    pub fn r(&self) -> Scalar<S> {
        self.r
    }

    /// `s` (low).
    pub fn s(&self) -> Scalar<S> {
        self.s
    }

    /// The recovery id: the parity of the nonce point's y-coordinate (for
    /// the low `s`) and whether its x-coordinate exceeded the order.
    pub fn recovery_id(&self) -> ecdsa::RecoveryId {
        self.recovery_id
    }

    /// The 64-byte compact encoding `r || s` (big-endian), as the `ecdsa`
    /// crate's `Signature::to_bytes` gives it.
    pub fn to_bytes(&self) -> [u8; 64] {
        let mut out = [0u8; 64];
        let (r, s) = out.split_at_mut(32);
        r.copy_from_slice(&S::scalar_bytes(&self.r));
        s.copy_from_slice(&S::scalar_bytes(&self.s));
        out
    }

    /// The signature as the `ecdsa` crate's type (as `k256::ecdsa::Signature`
    /// or `p256::ecdsa::Signature`).
    pub fn to_ecdsa(&self) -> ecdsa::Signature<S::Curve> {
        self.standard
    }

    /// The ASN.1 DER encoding (X.509, WebAuthn), by the `ecdsa` crate.
    pub fn to_der(&self) -> Vec<u8> {
        S::der_encode(&self.to_ecdsa())
    }

    /// Verifies the signature of the 32-byte `prehash` under `public_key`
    /// (SEC 1 §4.1.4).
    pub fn verify(&self, public_key: &Point<S>, prehash: &[u8; 32]) -> bool {
        verify::<S>(public_key, prehash, &self.r, &self.s)
    }
}

/// ECDSA verification: `x(H(m)/s G + r/s Y) mod q == r`.
pub(crate) fn verify<S: EcdsaSuite>(
    public_key: &Point<S>,
    prehash: &[u8; 32],
    r: &Scalar<S>,
    s: &Scalar<S>,
) -> bool {
    let Some(s_inv) = Option::<Scalar<S>>::from(s.invert()) else {
        return false;
    };
    if bool::from(r.is_zero()) {
        return false;
    }
    let m = S::prehash_scalar(prehash);
    let x = S::vartime_msm(&[
        (Point::<S>::generator(), m * s_inv),
        (*public_key, *r * s_inv),
    ]);
    if bool::from(x.is_identity()) {
        return false;
    }
    S::x_scalar(&x).0 == *r
}

impl<S: EcdsaSuite> Wire<S> for Signature<S> {
    const KIND: u8 = 0x5b;

    fn write_body(&self, w: &mut Writer) {
        w.scalar(&self.r);
        w.scalar(&self.s);
        w.raw(&[self.recovery_id.to_byte()]);
    }

    /// Decoding refuses a zero scalar, a high `s` (non-canonical here) and
    /// an invalid recovery id.
    fn read_body(r: &mut Reader<'_, S>) -> Result<Self, tessera_core::Error<S>> {
        let rr = r.scalar()?;
        let s = r.scalar()?;
        let [v] = r.take_array::<1>()?;
        let id = ecdsa::RecoveryId::from_byte(v)
            .ok_or(tessera_core::Error::InvalidLength(usize::from(v)))?;
        if S::is_high(&s) {
            return Err(tessera_core::Error::NonCanonicalScalar);
        }
        Self::normalised(rr, s, id.is_y_odd(), id.is_x_reduced())
            .ok_or(tessera_core::Error::NonCanonicalScalar)
    }
}

tessera_core::serde_via_wire!(bound = crate::suite::EcdsaSuite; Signature);

/// Step 10: combines every signer's [`SignatureShare`] into the signature
/// of `prehash`, `s = sum w_i / sum u_i`, normalised to low `s` and
/// verified under the group key. Anyone holding the shares can combine.
///
/// Errors: a share missing, unexpected or of another session (named);
/// signers that reported different nonce points for the same signer
/// ([`Error::Equivocation`], naming the sender and both reporters); an
/// invalid result ([`Error::InvalidSignature`], naming every signer: DKLs23
/// does not check the last round's shares one by one).
pub fn combine<S: EcdsaSuite>(
    session: &SigningSession<S>,
    prehash: &[u8; 32],
    shares: &BTreeMap<Identifier<S>, SignatureShare<S>>,
) -> Result<Signature<S>, Error<S>> {
    let signers = session.signers();
    for (from, share) in shares {
        if signers.binary_search(from).is_err() || share.from != *from {
            return Err(Error::UnexpectedMessage { culprit: *from });
        }
        if share.session != *session.digest() {
            return Err(Error::Misrouted { culprit: *from });
        }
        if share.nonce_points.len() != signers.len()
            || share.nonce_points.keys().zip(signers).any(|(a, b)| a != b)
        {
            return Err(Error::Misrouted { culprit: *from });
        }
    }
    if let Some(id) = signers.iter().find(|id| !shares.contains_key(id)) {
        return Err(Error::MissingMessage { culprit: *id });
    }
    // Every signer must have seen the same nonce point from every signer.
    let mut views = shares.iter();
    let Some((reference_id, reference)) = views.next() else {
        return Err(tessera_core::Error::TooFewParticipants { needed: 1, got: 0 }.into());
    };
    for (reporter, share) in views {
        for ((sender, a), b) in reference
            .nonce_points
            .iter()
            .zip(share.nonce_points.values())
        {
            if AsRef::<[u8]>::as_ref(&a.to_bytes()) != AsRef::<[u8]>::as_ref(&b.to_bytes()) {
                let mut culprits = vec![*sender, *reference_id, *reporter];
                culprits.sort();
                culprits.dedup();
                return Err(Error::Equivocation {
                    sender: *sender,
                    culprits,
                });
            }
        }
    }
    let big_r: Point<S> = reference.nonce_points.values().copied().sum();
    if bool::from(big_r.is_identity()) {
        return Err(Error::Degenerate);
    }
    let (r, y_odd, x_reduced) = S::x_scalar(&big_r);
    let (sum_w, sum_u) = shares
        .values()
        .fold((S::zero(), S::zero()), |(w, u), share| {
            (w + share.w, u + share.u)
        });
    let invalid = || Error::InvalidSignature {
        culprits: signers.to_vec(),
    };
    let u_inv = Option::<Scalar<S>>::from(sum_u.invert()).ok_or_else(invalid)?;
    let s = sum_w * u_inv;
    if bool::from(s.is_zero()) {
        return Err(invalid());
    }
    let signature = Signature::normalised(r, s, y_odd, x_reduced).ok_or_else(invalid)?;
    if !signature.verify(&session.public().group_key(), prehash) {
        return Err(invalid());
    }
    Ok(signature)
}
