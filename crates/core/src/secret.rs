//! Secret scalars: zeroized on drop, redacted in `Debug`, compared in
//! constant time.

use core::fmt;

use ff::PrimeField;
use subtle::{Choice, ConstantTimeEq};
use zeroize::{Zeroize, ZeroizeOnDrop};

use crate::error::Error;
use crate::suite::{Scalar, Suite};

/// A secret scalar: a key, a share, a polynomial coefficient.
///
/// It is wiped when dropped, its `Debug` output never shows the value, and
/// `==` runs in constant time.
#[derive(Clone)]
pub struct SecretScalar<S: Suite>(Scalar<S>);

impl<S: Suite> SecretScalar<S> {
    /// Wraps a scalar that is secret.
    pub fn new(scalar: Scalar<S>) -> Self {
        Self(scalar)
    }

    /// A uniformly random secret.
    pub fn random<R: rand_core::CryptoRng + ?Sized>(rng: &mut R) -> Self {
        Self(<Scalar<S> as ff::Field>::random(rng))
    }

    /// The secret value. Callers must not copy it into long-lived storage
    /// that is not itself zeroized.
    pub fn expose(&self) -> &Scalar<S> {
        &self.0
    }

    /// Decodes a canonical scalar encoding.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, Error<S>> {
        crate::encoding::decode_scalar::<S>(bytes).map(Self)
    }

    /// The scalar encoding. The returned buffer is wiped when dropped.
    pub fn to_bytes(&self) -> zeroize::Zeroizing<Vec<u8>> {
        let mut repr = self.0.to_repr();
        let out = zeroize::Zeroizing::new(repr.as_ref().to_vec());
        repr.as_mut().zeroize();
        out
    }
}

impl<S: Suite> Zeroize for SecretScalar<S> {
    fn zeroize(&mut self) {
        self.0.zeroize();
    }
}

impl<S: Suite> Drop for SecretScalar<S> {
    fn drop(&mut self) {
        self.zeroize();
    }
}

impl<S: Suite> ZeroizeOnDrop for SecretScalar<S> {}

impl<S: Suite> ConstantTimeEq for SecretScalar<S> {
    fn ct_eq(&self, other: &Self) -> Choice {
        self.0.ct_eq(&other.0)
    }
}

impl<S: Suite> PartialEq for SecretScalar<S> {
    fn eq(&self, other: &Self) -> bool {
        self.ct_eq(other).into()
    }
}

impl<S: Suite> Eq for SecretScalar<S> {}

impl<S: Suite> fmt::Debug for SecretScalar<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretScalar(<redacted>)")
    }
}
