//! Tweaking the threshold public key (BIP 445 § "Tweaking the Threshold
//! Public Key"): plain tweaks (BIP-32 derivation) and x-only tweaks
//! (BIP-341 Taproot), accumulated in a Tweak Context `(Q, gacc, tacc)` as
//! *TweakCtxInit* and *ApplyTweak* define it.
//!
//! Tweaks are applied to the public key only; signers fold `gacc` and
//! `tacc` into their partial signatures and the aggregator, so no key
//! package changes. (To give every holder a key package of a derived key
//! instead, see `tessera_keys::derive`.)

use core::marker::PhantomData;

use group::Group;
use k256::{ProjectivePoint, Scalar};

use crate::K256Suite;
use crate::error::Error;
use crate::secp::{cbytes_ext, has_even_y, scalar_checked, sign_of, xonly};

/// One tweak of a session: a scalar and its mode.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KeyTweak<S: K256Suite> {
    value: Scalar,
    xonly: bool,
    _suite: PhantomData<S>,
}

impl<S: K256Suite> KeyTweak<S> {
    /// A plain tweak `Q + t G` (BIP-32 derivation).
    pub fn plain(value: Scalar) -> Self {
        Self {
            value,
            xonly: false,
            _suite: PhantomData,
        }
    }

    /// An x-only tweak `with_even_y(Q) + t G` (BIP-341 Taproot).
    pub fn xonly(value: Scalar) -> Self {
        Self {
            value,
            xonly: true,
            _suite: PhantomData,
        }
    }

    /// A tweak from its 32-byte encoding, refusing any other length and a
    /// value not below the group order.
    pub fn from_bytes(bytes: &[u8], is_xonly: bool) -> Result<Self, Error<S>> {
        if bytes.len() != 32 {
            return Err(Error::InvalidTweakLength(bytes.len()));
        }
        let value = scalar_checked(bytes).ok_or(Error::TweakOutOfRange)?;
        Ok(if is_xonly {
            Self::xonly(value)
        } else {
            Self::plain(value)
        })
    }

    /// BIP 445's two parallel lists `tweak_1..v` and `is_xonly_t_1..v`,
    /// which must have the same length.
    pub fn from_lists(tweaks: &[&[u8]], is_xonly: &[bool]) -> Result<Vec<Self>, Error<S>> {
        if tweaks.len() != is_xonly.len() {
            return Err(Error::LengthMismatch {
                what: "tweak modes per tweak",
                expected: tweaks.len(),
                found: is_xonly.len(),
            });
        }
        tweaks
            .iter()
            .zip(is_xonly)
            .map(|(t, x)| Self::from_bytes(t, *x))
            .collect()
    }

    /// The tweak value.
    pub fn value(&self) -> Scalar {
        self.value
    }

    /// Whether the tweak is x-only.
    pub fn is_xonly(&self) -> bool {
        self.xonly
    }
}

/// A Tweak Context: the tweaked key `Q`, the accumulated sign `gacc` and
/// the accumulated tweak `tacc`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TweakContext<S: K256Suite> {
    q: ProjectivePoint,
    gacc: Scalar,
    tacc: Scalar,
    _suite: PhantomData<S>,
}

impl<S: K256Suite> TweakContext<S> {
    /// *TweakCtxInit*: the untweaked threshold key.
    pub fn new(thresh_pk: ProjectivePoint) -> Self {
        Self {
            q: thresh_pk,
            gacc: Scalar::ONE,
            tacc: Scalar::ZERO,
            _suite: PhantomData,
        }
    }

    /// *ApplyTweak*: fails if the tweaked key is the point at infinity.
    pub fn apply(&self, tweak: &KeyTweak<S>) -> Result<Self, Error<S>> {
        let g = sign_of(!tweak.xonly || has_even_y(&self.q));
        let q = self.q * g + ProjectivePoint::mul_by_generator(&tweak.value);
        if bool::from(q.is_identity()) {
            return Err(Error::TweakToInfinity);
        }
        Ok(Self {
            q,
            gacc: g * self.gacc,
            tacc: tweak.value + g * self.tacc,
            _suite: PhantomData,
        })
    }

    /// Every tweak of `tweaks` applied in order to `thresh_pk`.
    pub fn with_tweaks(
        thresh_pk: ProjectivePoint,
        tweaks: &[KeyTweak<S>],
    ) -> Result<Self, Error<S>> {
        tweaks
            .iter()
            .try_fold(Self::new(thresh_pk), |ctx, tweak| ctx.apply(tweak))
    }

    /// The tweaked key `Q`.
    pub fn point(&self) -> ProjectivePoint {
        self.q
    }

    /// *GetXonlyPubkey*: `xbytes(Q)`.
    pub fn xonly_pubkey(&self) -> [u8; 32] {
        xonly(&self.q).0
    }

    /// *GetPlainPubkey*: `cbytes(Q)`; its first byte's low bit is the
    /// parity a Taproot script-path control block needs.
    pub fn plain_pubkey(&self) -> [u8; 33] {
        cbytes_ext(&self.q)
    }

    /// The accumulated sign `gacc` (1 or -1).
    pub fn gacc(&self) -> Scalar {
        self.gacc
    }

    /// The accumulated tweak `tacc`.
    pub fn tacc(&self) -> Scalar {
        self.tacc
    }
}
