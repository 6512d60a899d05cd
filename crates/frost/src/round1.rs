//! Round one (RFC 9591 §5.1): nonces and their commitments.
//!
//! Nonces are one-time secrets. [`SigningNonces`] is neither `Clone` nor
//! serializable, and [`crate::round2::sign`] takes it by value, so a nonce
//! pair cannot be used twice. Used once, this compiles:
//!
//! ```
//! # use tessera_frost::{round1, round2, SigningPackage, KeyPackage};
//! # use tessera_core::suites::Ed25519;
//! # fn once(key: &KeyPackage<Ed25519>, pkg: &SigningPackage<Ed25519>) {
//! let (nonces, _commitments) = round1::commit(key, &mut rand::rng());
//! let _ = round2::sign(pkg, nonces, key);
//! # }
//! ```
//!
//! and used twice, it does not:
//!
//! ```compile_fail
//! # use tessera_frost::{round1, round2, SigningPackage, KeyPackage};
//! # use tessera_core::suites::Ed25519;
//! # fn twice(key: &KeyPackage<Ed25519>, pkg: &SigningPackage<Ed25519>) {
//! let (nonces, _commitments) = round1::commit(key, &mut rand::rng());
//! let _ = round2::sign(pkg, nonces, key);
//! let _ = round2::sign(pkg, nonces, key); // error: use of moved value
//! # }
//! ```

use core::fmt;

use group::{Group, GroupEncoding};
use tessera_core::encoding::{Reader, Wire, Writer};
use tessera_core::{Point, PointError, Scalar, SecretScalar, Suite};
use zeroize::Zeroizing;

#[cfg(feature = "test-vectors")]
use crate::error::Error;
use crate::keys::{KeyPackage, hex};

/// Encoded point, cached so commitment lists are never re-encoded.
pub(crate) type Repr<S> = <Point<S> as GroupEncoding>::Repr;

/// RFC 9591 §4.1 `nonce_generate`: `H3(random_bytes || SerializeScalar(secret))`.
fn nonce_generate<S: Suite>(secret: &SecretScalar<S>, random_bytes: &[u8; 32]) -> SecretScalar<S> {
    let secret_bytes = secret.to_bytes();
    let scalar: Scalar<S> = S::hash_to_scalar(b"nonce", &[random_bytes, &secret_bytes]);
    SecretScalar::new(scalar)
}

/// A participant's secret hiding and binding nonces for one signing
/// session, with their public commitments. Consumed by
/// [`crate::round2::sign`]; wiped on drop; not `Clone`.
pub struct SigningNonces<S: Suite> {
    hiding: SecretScalar<S>,
    binding: SecretScalar<S>,
    commitments: SigningCommitments<S>,
}

impl<S: Suite> SigningNonces<S> {
    /// Fresh nonces for `signing_share`, each from 32 random bytes hashed
    /// with the share (RFC 9591 §4.1), so a weak RNG alone does not expose
    /// the share.
    pub fn new<R: rand_core::CryptoRng + ?Sized>(
        signing_share: &SecretScalar<S>,
        rng: &mut R,
    ) -> Self {
        let mut hiding = Zeroizing::new([0u8; 32]);
        let mut binding = Zeroizing::new([0u8; 32]);
        loop {
            rng.fill_bytes(hiding.as_mut());
            rng.fill_bytes(binding.as_mut());
            // A zero nonce (probability about 2^-252) would commit to the
            // identity: draw again.
            if let Ok(nonces) = Self::generate(signing_share, &hiding, &binding) {
                return nonces;
            }
        }
    }

    /// RFC 9591 §4.1 `nonce_generate` for both nonces, from the given
    /// randomness.
    fn generate(
        signing_share: &SecretScalar<S>,
        hiding_randomness: &[u8; 32],
        binding_randomness: &[u8; 32],
    ) -> Result<Self, tessera_core::Error<S>> {
        Self::from_secrets(
            nonce_generate(signing_share, hiding_randomness),
            nonce_generate(signing_share, binding_randomness),
        )
    }

    /// Nonces from given randomness, deterministically (RFC 9591 §4.1 with
    /// `random_bytes` given). **For test vectors only** (feature
    /// `test-vectors`): nonces from reused randomness reveal the signing
    /// share to anyone who sees two signature shares made with them.
    #[cfg(feature = "test-vectors")]
    pub fn from_randomness(
        signing_share: &SecretScalar<S>,
        hiding_randomness: &[u8; 32],
        binding_randomness: &[u8; 32],
    ) -> Result<Self, Error<S>> {
        Ok(Self::generate(
            signing_share,
            hiding_randomness,
            binding_randomness,
        )?)
    }

    /// Nonces from given scalars. **For differential tests and benchmarks
    /// against other implementations only** (feature `test-vectors`): reused
    /// nonces reveal the signing share. Refuses a zero nonce (its commitment
    /// would be the identity).
    #[cfg(feature = "test-vectors")]
    pub fn from_scalars(
        hiding: SecretScalar<S>,
        binding: SecretScalar<S>,
    ) -> Result<Self, Error<S>> {
        Ok(Self::from_secrets(hiding, binding)?)
    }

    fn from_secrets(
        hiding: SecretScalar<S>,
        binding: SecretScalar<S>,
    ) -> Result<Self, tessera_core::Error<S>> {
        let commitments =
            SigningCommitments::new(S::mul_base(hiding.expose()), S::mul_base(binding.expose()))?;
        Ok(Self {
            hiding,
            binding,
            commitments,
        })
    }

    /// The public commitments to these nonces, to send to the coordinator.
    pub fn commitments(&self) -> &SigningCommitments<S> {
        &self.commitments
    }

    pub(crate) fn hiding(&self) -> &SecretScalar<S> {
        &self.hiding
    }

    pub(crate) fn binding(&self) -> &SecretScalar<S> {
        &self.binding
    }
}

impl<S: Suite> fmt::Debug for SigningNonces<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SigningNonces")
            .field("hiding", &self.hiding)
            .field("binding", &self.binding)
            .field("commitments", &self.commitments)
            .finish()
    }
}

/// Round one for one session: fresh nonces and the commitments to publish.
pub fn commit<S: Suite, R: rand_core::CryptoRng + ?Sized>(
    key: &KeyPackage<S>,
    rng: &mut R,
) -> (SigningNonces<S>, SigningCommitments<S>) {
    let nonces = SigningNonces::new(key.signing_share(), rng);
    let commitments = *nonces.commitments();
    (nonces, commitments)
}

/// Preprocessing: `k` nonce pairs ahead of time, so that signing itself is
/// a single round. Publish the commitments; keep each nonce for exactly one
/// session.
pub fn preprocess<S: Suite, R: rand_core::CryptoRng + ?Sized>(
    key: &KeyPackage<S>,
    k: usize,
    rng: &mut R,
) -> (Vec<SigningNonces<S>>, Vec<SigningCommitments<S>>) {
    (0..k).map(|_| commit(key, rng)).unzip()
}

/// The public commitments `(D, E) = (d G, e G)` to a nonce pair, with
/// their encodings cached so that commitment lists are encoded without
/// touching the points again.
#[derive(Clone, Copy)]
pub struct SigningCommitments<S: Suite> {
    hiding: Point<S>,
    binding: Point<S>,
    hiding_repr: Repr<S>,
    binding_repr: Repr<S>,
}

impl<S: Suite> SigningCommitments<S> {
    /// Commitments from two points; refuses the identity (RFC 9591 §5.1:
    /// a signer would sign over a commitment that hides nothing, and the
    /// wire decoder refuses it too).
    pub fn new(hiding: Point<S>, binding: Point<S>) -> Result<Self, tessera_core::Error<S>> {
        if bool::from(hiding.is_identity()) || bool::from(binding.is_identity()) {
            return Err(PointError::Identity.into());
        }
        // Both encodings at once: one shared inversion where the suite's
        // encoding needs affine coordinates.
        let [hiding_repr, binding_repr] =
            <[Repr<S>; 2]>::try_from(S::encode_points(&[hiding, binding]))
                .map_err(|reprs| tessera_core::Error::InvalidLength(reprs.len()))?;
        Ok(Self {
            hiding,
            binding,
            hiding_repr,
            binding_repr,
        })
    }

    /// The hiding commitment `D`.
    pub fn hiding(&self) -> Point<S> {
        self.hiding
    }

    /// The binding commitment `E`.
    pub fn binding(&self) -> Point<S> {
        self.binding
    }

    pub(crate) fn hiding_repr(&self) -> &Repr<S> {
        &self.hiding_repr
    }

    pub(crate) fn binding_repr(&self) -> &Repr<S> {
        &self.binding_repr
    }

    /// Reads the two points, keeping the bytes as their cached encodings
    /// (the decoder accepts only canonical encodings, so they are equal).
    pub(crate) fn read(r: &mut Reader<'_, S>) -> Result<Self, tessera_core::Error<S>> {
        let mut read_one = || -> Result<(Point<S>, Repr<S>), tessera_core::Error<S>> {
            let bytes = r.take(S::POINT_LEN)?;
            let point = S::decode_point(bytes)?;
            let mut repr = Repr::<S>::default();
            repr.as_mut().copy_from_slice(bytes);
            Ok((point, repr))
        };
        let (hiding, hiding_repr) = read_one()?;
        let (binding, binding_repr) = read_one()?;
        Ok(Self {
            hiding,
            binding,
            hiding_repr,
            binding_repr,
        })
    }

    pub(crate) fn write(&self, w: &mut Writer) {
        w.raw(self.hiding_repr.as_ref());
        w.raw(self.binding_repr.as_ref());
    }
}

impl<S: Suite> PartialEq for SigningCommitments<S> {
    fn eq(&self, other: &Self) -> bool {
        self.hiding == other.hiding && self.binding == other.binding
    }
}

impl<S: Suite> Eq for SigningCommitments<S> {}

impl<S: Suite> fmt::Debug for SigningCommitments<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SigningCommitments")
            .field("hiding", &hex::<S>(&self.hiding))
            .field("binding", &hex::<S>(&self.binding))
            .finish()
    }
}

impl<S: Suite> Wire<S> for SigningCommitments<S> {
    const KIND: u8 = 0x10;

    fn write_body(&self, w: &mut Writer) {
        self.write(w);
    }

    fn read_body(r: &mut Reader<'_, S>) -> Result<Self, tessera_core::Error<S>> {
        Self::read(r)
    }
}

tessera_core::serde_via_wire!(SigningCommitments {
    hiding: Point,
    binding: Point,
});
