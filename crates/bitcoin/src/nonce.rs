//! Nonces (BIP 445 § "Nonce Generation" and § "Nonce Aggregation").
//!
//! A [`SecNonce`] is a one-time secret: it is neither `Clone` nor
//! serialisable, it is wiped on drop, and [`crate::sign()`] consumes it, so
//! it cannot be used twice. Used once, this compiles:
//!
//! ```
//! # use tessera_bitcoin::{nonce_gen, sign, NonceInputs, ParticipantId, SessionContext};
//! # use tessera_core::{SecretScalar, suites::Secp256k1};
//! # fn once(share: &SecretScalar<Secp256k1>, session: &SessionContext<Secp256k1>) {
//! let (secnonce, _pubnonce) = nonce_gen::<Secp256k1, _>(&NonceInputs::default(), &mut rand::rng()).unwrap();
//! let _ = sign(secnonce, share, ParticipantId(0), session);
//! # }
//! ```
//!
//! and used twice, it does not:
//!
//! ```compile_fail,E0382
//! # use tessera_bitcoin::{nonce_gen, sign, NonceInputs, ParticipantId, SessionContext};
//! # use tessera_core::{SecretScalar, suites::Secp256k1};
//! # fn twice(share: &SecretScalar<Secp256k1>, session: &SessionContext<Secp256k1>) {
//! let (secnonce, _pubnonce) = nonce_gen::<Secp256k1, _>(&NonceInputs::default(), &mut rand::rng()).unwrap();
//! let _ = sign(secnonce, share, ParticipantId(0), session);
//! let _ = sign(secnonce, share, ParticipantId(0), session); // error: use of moved value
//! # }
//! ```
//!
//! nor can it be cloned:
//!
//! ```compile_fail,E0599
//! # use tessera_bitcoin::{nonce_gen, NonceInputs};
//! # use tessera_core::suites::Secp256k1;
//! let (secnonce, _pubnonce) = nonce_gen::<Secp256k1, _>(&NonceInputs::default(), &mut rand::rng()).unwrap();
//! let copy = secnonce.clone(); // error: no method `clone`
//! ```

use core::fmt;
use core::marker::PhantomData;

use k256::{ProjectivePoint, Scalar};
use tessera_core::encoding::{Reader, Wire, Writer};
use tessera_core::{PointError, SecretScalar};
use tessera_frost::KeyPackage;
use zeroize::Zeroizing;

use crate::K256Suite;
use crate::error::{Contribution, Error};
use crate::secp::{
    cbytes_ext, cpoint, cpoint_ext, scalar_bytes, scalar_nonzero_checked, scalar_wrapping, xor32,
};

/// Tag of the hash that whitens the randomness before it meets the share.
pub(crate) const TAG_AUX: &[u8] = b"BIP0445/aux";
/// Tag of the nonce hash.
const TAG_NONCE: &[u8] = b"BIP0445/nonce";

/// A signer's secret nonce `(k1, k2)` for one session. Consumed by
/// [`crate::sign()`]; wiped on drop; not `Clone`, not serialisable.
pub struct SecNonce<S: K256Suite> {
    k1: SecretScalar<S>,
    k2: SecretScalar<S>,
    pubnonce: PubNonce<S>,
}

impl<S: K256Suite> SecNonce<S> {
    /// A secret nonce from BIP 445's 64-byte `secnonce` serialisation,
    /// refusing a zero or out-of-range half (a nonce wiped after use is all
    /// zeros). **For test vectors only**: a secret nonce must live in memory
    /// from generation to signing, never be stored or loaded.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, Error<S>> {
        let (a, b) = bytes.split_at(bytes.len().min(32));
        let k1 = scalar_nonzero_checked(a).ok_or(Error::InvalidSecNonce { half: 1 })?;
        let k2 = scalar_nonzero_checked(b).ok_or(Error::InvalidSecNonce { half: 2 })?;
        Ok(Self::from_scalars(k1, k2))
    }

    pub(crate) fn from_scalars(k1: Scalar, k2: Scalar) -> Self {
        let pubnonce = PubNonce::from_points(
            ProjectivePoint::mul_by_generator(&k1),
            ProjectivePoint::mul_by_generator(&k2),
        );
        Self {
            k1: SecretScalar::new(k1),
            k2: SecretScalar::new(k2),
            pubnonce,
        }
    }

    /// The public nonce of this secret nonce.
    pub fn pubnonce(&self) -> &PubNonce<S> {
        &self.pubnonce
    }

    pub(crate) fn k1(&self) -> &Scalar {
        self.k1.expose()
    }

    pub(crate) fn k2(&self) -> &Scalar {
        self.k2.expose()
    }
}

impl<S: K256Suite> fmt::Debug for SecNonce<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SecNonce")
            .field("k1", &self.k1)
            .field("k2", &self.k2)
            .finish_non_exhaustive()
    }
}

/// A signer's public nonce `(R1, R2)`: BIP 445's 66-byte `pubnonce`, two
/// compressed points. The encoding is kept, so lists hash without
/// re-encoding.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct PubNonce<S: K256Suite> {
    r1: ProjectivePoint,
    r2: ProjectivePoint,
    bytes: [u8; 66],
    _suite: PhantomData<S>,
}

/// Decodes the two halves of a 66-byte nonce encoding with `decode`;
/// `Err(half)` names the half that failed (0 or 1).
fn decode_halves(
    bytes: &[u8],
    decode: fn(&[u8]) -> Option<ProjectivePoint>,
) -> Result<(ProjectivePoint, ProjectivePoint), usize> {
    let half = |j: usize| -> Result<ProjectivePoint, usize> {
        bytes.get(33 * j..33 * (j + 1)).and_then(decode).ok_or(j)
    };
    let r1 = half(0)?;
    let r2 = half(1)?;
    if bytes.len() != 66 {
        return Err(1);
    }
    Ok((r1, r2))
}

fn encode_halves(r1: &ProjectivePoint, r2: &ProjectivePoint) -> [u8; 66] {
    let mut bytes = [0u8; 66];
    bytes[..33].copy_from_slice(&cbytes_ext(r1));
    bytes[33..].copy_from_slice(&cbytes_ext(r2));
    bytes
}

impl<S: K256Suite> PubNonce<S> {
    fn from_points(r1: ProjectivePoint, r2: ProjectivePoint) -> Self {
        Self {
            r1,
            r2,
            bytes: encode_halves(&r1, &r2),
            _suite: PhantomData,
        }
    }

    /// Decodes one public nonce; an invalid one is an invalid
    /// [`Contribution::PubNonce`] with no position.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, Error<S>> {
        let (r1, r2) = decode_halves(bytes, cpoint)
            .map_err(|_| Error::contribution(Contribution::PubNonce, None, None))?;
        Ok(Self::from_points(r1, r2))
    }

    /// Decodes the public nonces of a session as *NonceAgg* does: every
    /// first half, then every second half, blaming the position of the
    /// first that fails (so every honest party blames the same signer).
    pub fn decode_list(list: &[&[u8]]) -> Result<Vec<Self>, Error<S>> {
        for j in 0..2 {
            for (index, bytes) in list.iter().enumerate() {
                if bytes.get(33 * j..33 * (j + 1)).and_then(cpoint).is_none() {
                    return Err(Error::contribution(
                        Contribution::PubNonce,
                        Some(index),
                        None,
                    ));
                }
            }
        }
        list.iter()
            .enumerate()
            .map(|(index, bytes)| {
                Self::from_bytes(bytes)
                    .map_err(|_| Error::contribution(Contribution::PubNonce, Some(index), None))
            })
            .collect()
    }

    /// The 66-byte BIP 445 encoding.
    pub fn to_bip_bytes(&self) -> [u8; 66] {
        self.bytes
    }

    /// `R1` and `R2`.
    pub fn points(&self) -> (ProjectivePoint, ProjectivePoint) {
        (self.r1, self.r2)
    }
}

/// The coordinator's aggregate nonce: BIP 445's 66-byte `aggnonce`, where
/// either half may be the point at infinity (33 zero bytes).
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct AggNonce<S: K256Suite> {
    r1: ProjectivePoint,
    r2: ProjectivePoint,
    bytes: [u8; 66],
    _suite: PhantomData<S>,
}

impl<S: K256Suite> AggNonce<S> {
    fn from_points(r1: ProjectivePoint, r2: ProjectivePoint) -> Self {
        Self {
            r1,
            r2,
            bytes: encode_halves(&r1, &r2),
            _suite: PhantomData,
        }
    }

    /// Decodes an aggregate nonce; an invalid one blames the coordinator
    /// ([`Contribution::AggNonce`]).
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, Error<S>> {
        let (r1, r2) = decode_halves(bytes, cpoint_ext)
            .map_err(|_| Error::contribution(Contribution::AggNonce, None, None))?;
        Ok(Self::from_points(r1, r2))
    }

    /// The 66-byte BIP 445 encoding.
    pub fn to_bip_bytes(&self) -> [u8; 66] {
        self.bytes
    }

    /// `R1` and `R2` (either may be the identity).
    pub fn points(&self) -> (ProjectivePoint, ProjectivePoint) {
        (self.r1, self.r2)
    }
}

/// The aggregate of the other signers' public nonces, which the coordinator
/// gives a deterministic signer (BIP 445's `aggothernonce`). It is combined
/// with the signer's own nonce by *NonceAgg*, so, unlike an [`AggNonce`],
/// neither half may be infinity.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct AggOtherNonce<S: K256Suite>(PubNonce<S>);

impl<S: K256Suite> AggOtherNonce<S> {
    /// Decodes it; an invalid one blames the coordinator
    /// ([`Contribution::AggOtherNonce`]).
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, Error<S>> {
        PubNonce::from_bytes(bytes)
            .map(Self)
            .map_err(|_| Error::contribution(Contribution::AggOtherNonce, None, None))
    }

    /// The aggregate of the other signers' nonces, as the coordinator
    /// computes it; fails (blaming the aggregate) if a half is infinity.
    pub fn from_agg_nonce(agg: &AggNonce<S>) -> Result<Self, Error<S>> {
        Self::from_bytes(&agg.bytes)
    }

    /// The 66-byte BIP 445 encoding.
    pub fn to_bip_bytes(&self) -> [u8; 66] {
        self.0.bytes
    }

    pub(crate) fn as_pubnonce(&self) -> &PubNonce<S> {
        &self.0
    }
}

macro_rules! nonce_debug {
    ($($ty:ident),+) => {$(
        impl<S: K256Suite> fmt::Debug for $ty<S> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, concat!(stringify!($ty), "("))?;
                self.to_bip_bytes().iter().try_for_each(|b| write!(f, "{b:02x}"))?;
                write!(f, ")")
            }
        }
    )+};
}
nonce_debug!(PubNonce, AggNonce, AggOtherNonce);

/// *NonceAgg* on decoded public nonces: the sums of the first and of the
/// second halves. (Decoding, with BIP 445's blame, is
/// [`PubNonce::decode_list`].)
pub fn nonce_agg<S: K256Suite>(pubnonces: &[PubNonce<S>]) -> AggNonce<S> {
    let r1 = pubnonces.iter().map(|p| p.r1).sum();
    let r2 = pubnonces.iter().map(|p| p.r2).sum();
    AggNonce::from_points(r1, r2)
}

/// The optional inputs of *NonceGen*, its defence in depth against a bad
/// random generator: provide whatever is known when the nonce is drawn.
#[derive(Clone, Copy, Default)]
pub struct NonceInputs<'a, S: K256Suite> {
    /// The signer's secret share.
    pub secshare: Option<&'a SecretScalar<S>>,
    /// The signer's public share.
    pub pubshare: Option<ProjectivePoint>,
    /// The x-only threshold public key (after tweaks, if known).
    pub thresh_pk_xonly: Option<&'a [u8; 32]>,
    /// The message.
    pub msg: Option<&'a [u8]>,
    /// Any other data that may differ between sessions (session id,
    /// counter, time).
    pub extra_in: Option<&'a [u8]>,
}

impl<'a, S: K256Suite> NonceInputs<'a, S> {
    /// The inputs a key package provides: its secret and public share.
    pub fn for_key(key: &'a KeyPackage<S>) -> Self {
        Self {
            secshare: Some(key.signing_share()),
            pubshare: Some(key.verifying_share()),
            thresh_pk_xonly: None,
            msg: None,
            extra_in: None,
        }
    }
}

/// *NonceGen* with the random bytes `rand` given (BIP 445's
/// `nonce_gen_internal`, for test vectors): deterministic in its inputs.
/// Use [`nonce_gen`], which draws `rand` from a random generator.
pub fn nonce_gen_internal<S: K256Suite>(
    rand: &[u8; 32],
    inputs: &NonceInputs<'_, S>,
) -> Result<(SecNonce<S>, PubNonce<S>), Error<S>> {
    let mut rand_ = Zeroizing::new(*rand);
    if let Some(share) = inputs.secshare {
        let share_bytes = Zeroizing::new(scalar_bytes(share.expose()));
        *rand_ = xor32(
            &share_bytes,
            &tessera_core::hash::tagged_hash(TAG_AUX, &[rand]),
        );
    }
    let pubshare = inputs.pubshare.as_ref().map(cbytes_ext);
    let pubshare: &[u8] = pubshare.as_ref().map_or(&[], |p| p.as_slice());
    let thresh: &[u8] = inputs.thresh_pk_xonly.map_or(&[], |x| x.as_slice());
    let mut msg_prefixed = Vec::new();
    match inputs.msg {
        None => msg_prefixed.push(0u8),
        Some(m) => {
            msg_prefixed.push(1u8);
            msg_prefixed.extend_from_slice(&(m.len() as u64).to_be_bytes());
            msg_prefixed.extend_from_slice(m);
        }
    }
    let extra = inputs.extra_in.unwrap_or(&[]);
    let extra_len = u32::try_from(extra.len()).map_err(|_| Error::ExtraInputTooLong)?;
    // Lengths of at most 33 bytes fit the one-byte prefixes.
    let pubshare_len = [pubshare.len() as u8];
    let thresh_len = [thresh.len() as u8];
    let extra_len = extra_len.to_be_bytes();
    let k = |i: u8| {
        let digest = tessera_core::hash::tagged_hash(
            TAG_NONCE,
            &[
                rand_.as_slice(),
                &pubshare_len,
                pubshare,
                &thresh_len,
                thresh,
                &msg_prefixed,
                &extra_len,
                extra,
                &[i],
            ],
        );
        scalar_wrapping(&digest)
    };
    let (k1, k2) = (k(0), k(1));
    if bool::from(ff::Field::is_zero(&k1)) || bool::from(ff::Field::is_zero(&k2)) {
        return Err(Error::ZeroHash);
    }
    let secnonce = SecNonce::from_scalars(k1, k2);
    let pubnonce = secnonce.pubnonce;
    Ok((secnonce, pubnonce))
}

/// *NonceGen*: a fresh secret nonce and its public nonce, from 32 bytes of
/// `rng` hashed with the optional `inputs`.
pub fn nonce_gen<S: K256Suite, R: rand_core::CryptoRng + ?Sized>(
    inputs: &NonceInputs<'_, S>,
    rng: &mut R,
) -> Result<(SecNonce<S>, PubNonce<S>), Error<S>> {
    let mut rand = Zeroizing::new([0u8; 32]);
    rng.fill_bytes(rand.as_mut());
    nonce_gen_internal(&rand, inputs)
}

/// Reads 66 bytes as two points with `decode` for the wire format.
fn read_halves<S: K256Suite>(
    r: &mut Reader<'_, S>,
    decode: fn(&[u8]) -> Option<ProjectivePoint>,
) -> Result<(ProjectivePoint, ProjectivePoint), tessera_core::Error<S>> {
    let bytes = r.take(66)?;
    decode_halves(bytes, decode).map_err(|_| PointError::Invalid.into())
}

impl<S: K256Suite> Wire<S> for PubNonce<S> {
    const KIND: u8 = crate::wire::PUB_NONCE;

    fn write_body(&self, w: &mut Writer) {
        w.raw(&self.bytes);
    }

    fn read_body(r: &mut Reader<'_, S>) -> Result<Self, tessera_core::Error<S>> {
        let (r1, r2) = read_halves(r, cpoint)?;
        Ok(Self::from_points(r1, r2))
    }
}

impl<S: K256Suite> Wire<S> for AggNonce<S> {
    const KIND: u8 = crate::wire::AGG_NONCE;

    fn write_body(&self, w: &mut Writer) {
        w.raw(&self.bytes);
    }

    fn read_body(r: &mut Reader<'_, S>) -> Result<Self, tessera_core::Error<S>> {
        let (r1, r2) = read_halves(r, cpoint_ext)?;
        Ok(Self::from_points(r1, r2))
    }
}

impl<S: K256Suite> Wire<S> for AggOtherNonce<S> {
    const KIND: u8 = crate::wire::AGG_OTHER_NONCE;

    fn write_body(&self, w: &mut Writer) {
        w.raw(&self.0.bytes);
    }

    fn read_body(r: &mut Reader<'_, S>) -> Result<Self, tessera_core::Error<S>> {
        let (r1, r2) = read_halves(r, cpoint)?;
        Ok(Self(PubNonce::from_points(r1, r2)))
    }
}
