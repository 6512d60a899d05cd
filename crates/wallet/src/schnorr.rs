//! Single-key Schnorr signatures in any suite: the session keys of
//! [`crate::session`] and the independent keys of [`crate::multisig`].
//!
//! A [`SigningKey`] signs the way one FROST signer holding the whole key
//! would: `R = k G`, `c` the suite's challenge over `R`, the key and the
//! message ([`Suite::Schnorr`]: RFC 9591 §4.6, or BIP-340 with x-only keys
//! and nonces of even Y), `z = k + c x`. The result is a
//! [`tessera_frost::Signature`], so it verifies with the same verifier as a
//! threshold signature: for Ed25519 it is a standard RFC 8032 signature
//! (ed25519-dalek's `verify_strict` accepts it), for `secp256k1-tr` a
//! BIP-340 signature.
//!
//! The nonce is hedged: `k = H(x || random || message)` with 32 fresh random
//! bytes, so neither a weak RNG nor a repeated message alone repeats it.
//!
//! `push_equation` adds one signature's verification equation to a
//! [`BatchCheck`] from the encodings already at hand (the key's, the
//! signature's), so that verifying a certificate and the action it
//! authorises takes one multi-scalar multiplication when both are in one
//! suite and re-encodes no point.

use core::fmt;

use ff::Field;
use group::GroupEncoding;
use tessera_core::batch::BatchCheck;
use tessera_core::schnorr::SchnorrVariant;
use tessera_core::{Point, Scalar, SecretScalar, Suite};
use tessera_frost::Signature;
use tessera_keys::NativeKey;
use zeroize::Zeroizing;

use crate::error::Error;

/// A secret Schnorr signing key of suite `S` with its public key. The
/// secret is wiped on drop and never printed.
#[derive(Clone, PartialEq, Eq)]
pub struct SigningKey<S: Suite> {
    secret: SecretScalar<S>,
    public: Point<S>,
}

impl<S: Suite> SigningKey<S> {
    /// A fresh random key.
    pub fn generate<R: rand_core::CryptoRng + ?Sized>(rng: &mut R) -> Self {
        loop {
            let secret = SecretScalar::<S>::random(rng);
            if !bool::from(secret.expose().is_zero()) {
                return Self::from_secret(secret);
            }
        }
    }

    /// The key of a secret scalar (which must not be zero).
    pub fn from_secret(secret: SecretScalar<S>) -> Self {
        let public = S::mul_base(secret.expose());
        Self { secret, public }
    }

    /// The key of a native private key (see [`NativeKey`]): for Ed25519 a
    /// 32-byte RFC 8032 seed (the same key ed25519-dalek derives from it),
    /// for the SEC1 suites the 32-byte big-endian scalar.
    pub fn from_native(bytes: &[u8]) -> Result<Self, Error<S>>
    where
        S: NativeKey,
    {
        Ok(Self::from_secret(
            S::secret_from_native(bytes).map_err(Error::Keys)?,
        ))
    }

    /// The key from its secret scalar's canonical encoding, as
    /// [`SigningKey::to_bytes`] writes it.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, Error<S>> {
        let secret = SecretScalar::<S>::from_bytes(bytes)?;
        if bool::from(secret.expose().is_zero()) {
            return Err(tessera_core::Error::<S>::NonCanonicalScalar.into());
        }
        Ok(Self::from_secret(secret))
    }

    /// The secret scalar's canonical encoding (wiped when dropped).
    pub fn to_bytes(&self) -> Zeroizing<Vec<u8>> {
        self.secret.to_bytes()
    }

    /// The public key.
    pub fn public(&self) -> Point<S> {
        self.public
    }

    /// Signs `message`.
    pub fn sign<R: rand_core::CryptoRng + ?Sized>(
        &self,
        message: &[u8],
        rng: &mut R,
    ) -> Signature<S> {
        let mut key_repr = self.public.to_bytes();
        let key_negated = S::Schnorr::normalize(key_repr.as_mut());
        let mut fresh = Zeroizing::new([0u8; 32]);
        rng.fill_bytes(fresh.as_mut());
        let secret_bytes = self.secret.to_bytes();
        let mut k = SecretScalar::<S>::new(S::hash_to_scalar(
            b"wallet-nonce",
            &[secret_bytes.as_slice(), fresh.as_slice(), message],
        ));
        if bool::from(k.expose().is_zero()) {
            // Probability about 2^-252: draw again from the RNG alone.
            k = SecretScalar::random(rng);
        }
        let r = S::mul_base(k.expose());
        let mut r_repr = r.to_bytes();
        let r_negated = S::Schnorr::normalize(r_repr.as_mut());
        let c = S::Schnorr::challenge(r_repr.as_ref(), key_repr.as_ref(), message);
        let k_eff = SecretScalar::<S>::new(signed(k.expose(), r_negated));
        let x_eff = SecretScalar::<S>::new(signed(self.secret.expose(), key_negated));
        let z = *k_eff.expose() + c * x_eff.expose();
        Signature::new(r, z)
    }
}

impl<S: Suite> fmt::Debug for SigningKey<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SigningKey")
            .field("suite", &S::NAME)
            .field("public", &hex(self.public.to_bytes().as_ref()))
            .field("secret", &"<redacted>")
            .finish()
    }
}

/// `x` or `-x`.
fn signed<F: Field>(x: &F, negate: bool) -> F {
    if negate { -*x } else { *x }
}

/// Lower-case hex.
pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A public key with its canonical encoding, kept so that verification
/// does not encode the point again.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct EncodedKey<S: Suite> {
    pub(crate) point: Point<S>,
    pub(crate) bytes: Vec<u8>,
}

impl<S: Suite> EncodedKey<S> {
    /// Encodes `point` once.
    pub(crate) fn new(point: Point<S>) -> Self {
        Self {
            bytes: point.to_bytes().as_ref().to_vec(),
            point,
        }
    }

    /// Decodes a key strictly, keeping its bytes.
    pub(crate) fn decode(bytes: &[u8]) -> Result<Self, tessera_core::Error<S>> {
        Ok(Self {
            point: tessera_core::encoding::decode_point::<S>(bytes)?,
            bytes: bytes.to_vec(),
        })
    }
}

/// A signature with its standard encoding, kept for the challenge.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct EncodedSignature<S: Suite> {
    pub(crate) signature: Signature<S>,
    pub(crate) bytes: Vec<u8>,
}

impl<S: Suite> EncodedSignature<S> {
    /// Encodes `signature` once.
    pub(crate) fn new(signature: Signature<S>) -> Self {
        Self {
            bytes: signature.to_standard_bytes(),
            signature,
        }
    }

    /// Decodes the suite's standard encoding strictly, keeping its bytes.
    pub(crate) fn decode(bytes: &[u8]) -> Result<Self, tessera_frost::Error<S>> {
        Ok(Self {
            signature: Signature::from_standard_bytes(bytes)?,
            bytes: bytes.to_vec(),
        })
    }

    /// The length of the suite's standard encoding.
    pub(crate) fn len() -> usize {
        <S::Schnorr as SchnorrVariant<S>>::SIGNATURE_POINT_LEN + S::SCALAR_LEN
    }
}

/// Adds `weight * (z G - R' - c P') == 0` to `batch`: the verification
/// equation of `signature` on `message` under `key`, `R'` and `P'` being
/// `R` and the key as the suite's Schnorr variant uses them. The challenge
/// is computed from the kept encodings.
pub(crate) fn push_equation<S: Suite>(
    batch: &mut BatchCheck<S>,
    weight: &Scalar<S>,
    key: &EncodedKey<S>,
    message: &[u8],
    signature: &EncodedSignature<S>,
) {
    let mut key_repr = key.bytes.clone();
    let key_negated = S::Schnorr::normalize(&mut key_repr);
    let r_len = <S::Schnorr as SchnorrVariant<S>>::SIGNATURE_POINT_LEN;
    let r_part = signature.bytes.get(..r_len).unwrap_or_default();
    // The normalized encoding of R: the signature's own bytes for the RFC
    // 9591 suites; for x-only (BIP-340) signatures, whose R has even Y by
    // construction, the even-Y tag in front of x(R).
    let mut r_repr = Vec::with_capacity(S::POINT_LEN);
    if r_len < S::POINT_LEN {
        r_repr.push(0x02);
    }
    r_repr.extend_from_slice(r_part);
    let c = S::Schnorr::challenge(&r_repr, &key_repr, message);
    batch.push(
        weight,
        &signature.signature.z(),
        [
            (signature.signature.r(), -Scalar::<S>::ONE),
            (key.point, -signed(&c, key_negated)),
        ],
    );
}

/// Verifies one signature through [`push_equation`] (one MSM of three
/// terms).
pub(crate) fn verify_one<S: Suite>(
    key: &EncodedKey<S>,
    message: &[u8],
    signature: &EncodedSignature<S>,
) -> bool {
    let mut batch = BatchCheck::<S>::with_capacity(2);
    push_equation(&mut batch, &Scalar::<S>::ONE, key, message, signature);
    batch.verify()
}
