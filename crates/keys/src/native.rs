//! Native secret keys: importing a suite's standard private-key form into a
//! scalar, and exporting a scalar back to it.

use ff::Field;
use tessera_core::{SecretScalar, Suite};
use zeroize::Zeroizing;

use crate::error::Error;

/// A suite's native private-key encoding.
///
/// The default (secp256k1, P-256, ristretto255) is the canonical scalar
/// encoding, non-zero: for the SEC1 suites that is the 32-byte big-endian
/// private key that k256 / p256 (and ECDSA wallets) use. Ed25519 departs:
/// its native secret is a 32-byte seed (RFC 8032 §5.1.5).
pub trait NativeKey: Suite {
    /// The secret scalar of a native private key.
    fn secret_from_native(bytes: &[u8]) -> Result<SecretScalar<Self>, Error<Self>> {
        let secret = SecretScalar::<Self>::from_bytes(bytes)?;
        if bool::from(secret.expose().is_zero()) {
            return Err(Error::InvalidNativeKey("private key is zero"));
        }
        Ok(secret)
    }

    /// The native private-key form of `secret`: by default its canonical
    /// scalar encoding (for secp256k1 / P-256 the 32-byte big-endian private
    /// key that k256 / p256 sign ECDSA with).
    fn secret_to_native(secret: &SecretScalar<Self>) -> Zeroizing<Vec<u8>> {
        secret.to_bytes()
    }
}

#[cfg(feature = "secp256k1")]
impl NativeKey for tessera_core::suites::Secp256k1 {}

#[cfg(feature = "p256")]
impl NativeKey for tessera_core::suites::P256 {}

/// The 32-byte big-endian BIP-340 secret key. BIP-340 signers (libsecp256k1,
/// k256's `schnorr::SigningKey`) take it as it is and negate it themselves
/// when its public key has odd Y, as tessera's signers do with their shares.
#[cfg(feature = "secp256k1-tr")]
impl NativeKey for tessera_core::suites::Secp256k1Tr {}

#[cfg(feature = "ristretto255")]
impl NativeKey for tessera_core::suites::Ristretto255 {}

#[cfg(feature = "ed25519")]
impl NativeKey for tessera_core::suites::Ed25519 {
    /// RFC 8032 §5.1.5: the secret scalar is the clamped first half of
    /// SHA-512(seed), reduced modulo the group order (reduction does not
    /// change `s G`).
    fn secret_from_native(bytes: &[u8]) -> Result<SecretScalar<Self>, Error<Self>> {
        use sha2::Digest;
        let seed: &[u8; 32] = bytes
            .try_into()
            .map_err(|_| Error::InvalidNativeKey("an Ed25519 seed is 32 bytes"))?;
        let digest = Zeroizing::new(<[u8; 64]>::from(sha2::Sha512::digest(seed)));
        let mut half = Zeroizing::new([0u8; 32]);
        half.copy_from_slice(digest.get(..32).unwrap_or(&[0u8; 32]));
        let clamped = Zeroizing::new(curve25519_dalek::scalar::clamp_integer(*half));
        Ok(SecretScalar::new(
            curve25519_dalek::Scalar::from_bytes_mod_order(*clamped),
        ))
    }

    /// A 64-byte RFC 8032 *expanded* secret key: the canonical 32-byte
    /// little-endian scalar, then a 32-byte nonce prefix. The seed a key was
    /// imported from cannot be recovered from its scalar, so the prefix is
    /// derived from the scalar: `SHA-512("tessera ed25519 export" ||
    /// scalar)[..32]`, secret and fixed per key.
    ///
    /// With ed25519-dalek's `hazmat` feature, build `ExpandedSecretKey {
    /// scalar: Scalar::from_canonical_bytes(first 32 bytes), hash_prefix:
    /// last 32 bytes }` and sign with `hazmat::raw_sign::<Sha512>`: the
    /// signatures are standard Ed25519 signatures under the group key. Do not
    /// use `ExpandedSecretKey::from_bytes`, which clamps the scalar and so
    /// changes it.
    fn secret_to_native(secret: &SecretScalar<Self>) -> Zeroizing<Vec<u8>> {
        use sha2::Digest;
        let scalar = secret.to_bytes();
        let prefix = Zeroizing::new(<[u8; 64]>::from(
            sha2::Sha512::new()
                .chain_update(b"tessera ed25519 export")
                .chain_update(scalar.as_slice())
                .finalize(),
        ));
        let mut out = Zeroizing::new(Vec::with_capacity(64));
        out.extend_from_slice(&scalar);
        out.extend_from_slice(prefix.get(..32).unwrap_or(&[]));
        out
    }
}
