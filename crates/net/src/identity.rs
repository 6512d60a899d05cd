//! Long-term party identities: an Ed25519 key that signs broadcasts and
//! authenticates to the relay, and an X25519 key that Noise private
//! messages are encrypted to, both derived from one 32-byte secret seed.
//!
//! The X25519 key is derived from the seed with a domain-separated hash
//! rather than converted from the Ed25519 key, so signing and key exchange
//! never share a key (see ed25519-dalek's note on `to_scalar_bytes` and
//! ePrint 2021/509).
//!
//! # Identity file (version 1)
//!
//! | offset | size | field                           |
//! |--------|------|---------------------------------|
//! | 0      | 8    | magic `b"TSSRID\0\x01"` (version 1) |
//! | 8      | 32   | the secret seed                 |
//!
//! The file is written with mode 0600 on Unix; its bytes are wiped from
//! memory after use. A [`PublicIdentity`] (64 bytes: Ed25519 key, X25519
//! key) is what others put in their roster; its text form is 128 hex
//! digits.

use core::fmt;
use std::path::Path;

use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use sha2::{Digest, Sha512};
use zeroize::{Zeroize, Zeroizing};

use crate::error::TransportError;

/// The identity file's magic and version.
pub const IDENTITY_MAGIC: [u8; 8] = *b"TSSRID\x00\x01";

/// A party's long-term secret identity. Wiped on drop; its `Debug` prints
/// the public part only.
pub struct Identity {
    seed: Zeroizing<[u8; 32]>,
    signing: SigningKey,
    x25519: Zeroizing<[u8; 32]>,
    public: PublicIdentity,
}

/// The public half of an [`Identity`]: what the relay authenticates and
/// what the other parties list in their roster.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PublicIdentity {
    /// The Ed25519 verifying key (signatures, relay address).
    pub ed25519: [u8; 32],
    /// The X25519 public key (Noise static key).
    pub x25519: [u8; 32],
}

impl Identity {
    /// A fresh identity from `rng`.
    pub fn generate<R: rand_core::CryptoRng + ?Sized>(rng: &mut R) -> Self {
        let mut seed = Zeroizing::new([0u8; 32]);
        rng.fill_bytes(seed.as_mut());
        Self::from_seed(seed)
    }

    /// The identity of a seed.
    pub fn from_seed(seed: Zeroizing<[u8; 32]>) -> Self {
        let signing = SigningKey::from_bytes(&seed);
        let mut h = Sha512::new();
        h.update(b"tessera-net/x25519/v1");
        h.update(seed.as_ref());
        let mut wide = h.finalize();
        let mut x = Zeroizing::new([0u8; 32]);
        x.copy_from_slice(wide.get(..32).unwrap_or(&[0u8; 32]));
        wide.as_mut_slice().zeroize();
        let x_public = curve25519_dalek::MontgomeryPoint::mul_base_clamped(*x).to_bytes();
        let public = PublicIdentity {
            ed25519: signing.verifying_key().to_bytes(),
            x25519: x_public,
        };
        Self {
            seed,
            signing,
            x25519: x,
            public,
        }
    }

    /// The public identity.
    pub fn public(&self) -> PublicIdentity {
        self.public
    }

    /// Signs `message` with the Ed25519 key.
    pub fn sign(&self, message: &[u8]) -> [u8; 64] {
        self.signing.sign(message).to_bytes()
    }

    /// The X25519 secret key (Noise static key).
    pub(crate) fn x25519_secret(&self) -> &[u8; 32] {
        &self.x25519
    }

    /// The identity file's bytes.
    pub fn to_file_bytes(&self) -> Zeroizing<Vec<u8>> {
        let mut out = Zeroizing::new(Vec::with_capacity(40));
        out.extend_from_slice(&IDENTITY_MAGIC);
        out.extend_from_slice(self.seed.as_ref());
        out
    }

    /// Decodes an identity file (exact length, known magic and version).
    pub fn from_file_bytes(bytes: &[u8]) -> Result<Self, TransportError> {
        if bytes.len() != 40 || bytes.get(..8) != Some(&IDENTITY_MAGIC[..]) {
            return Err(TransportError(
                "not a tessera identity file (version 1): expected 40 bytes starting with the identity magic"
                    .into(),
            ));
        }
        let mut seed = Zeroizing::new([0u8; 32]);
        seed.copy_from_slice(bytes.get(8..).unwrap_or(&[0u8; 32]));
        Ok(Self::from_seed(seed))
    }

    /// Reads an identity file.
    pub fn load(path: &Path) -> Result<Self, TransportError> {
        let bytes = Zeroizing::new(std::fs::read(path).map_err(|e| {
            TransportError(format!(
                "cannot read the identity file {}: {e}",
                path.display()
            ))
        })?);
        Self::from_file_bytes(&bytes)
    }

    /// Writes the identity file (mode 0600 on Unix), refusing to overwrite
    /// an existing file.
    pub fn save(&self, path: &Path) -> Result<(), TransportError> {
        use std::io::Write;
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let mut file = options.open(path).map_err(|e| {
            TransportError(format!(
                "cannot create the identity file {} (it must not exist yet): {e}",
                path.display()
            ))
        })?;
        file.write_all(&self.to_file_bytes()).map_err(|e| {
            TransportError(format!(
                "cannot write the identity file {}: {e}",
                path.display()
            ))
        })
    }
}

impl fmt::Debug for Identity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Identity")
            .field("public", &self.public)
            .finish_non_exhaustive()
    }
}

impl PublicIdentity {
    /// The 64-byte encoding (Ed25519 key, X25519 key).
    pub fn to_bytes(&self) -> [u8; 64] {
        let mut out = [0u8; 64];
        out[..32].copy_from_slice(&self.ed25519);
        out[32..].copy_from_slice(&self.x25519);
        out
    }

    /// Decodes 64 bytes; the Ed25519 key must be a valid point.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, TransportError> {
        let (Some(ed), Some(x)) = (bytes.get(..32), bytes.get(32..)) else {
            return Err(TransportError("a public identity is 64 bytes".into()));
        };
        if bytes.len() != 64 {
            return Err(TransportError("a public identity is 64 bytes".into()));
        }
        let mut out = PublicIdentity {
            ed25519: [0; 32],
            x25519: [0; 32],
        };
        out.ed25519.copy_from_slice(ed);
        out.x25519.copy_from_slice(x);
        VerifyingKey::from_bytes(&out.ed25519).map_err(|_| {
            TransportError("the public identity's Ed25519 key is not a valid point".into())
        })?;
        Ok(out)
    }

    /// The text form: 128 hex digits.
    pub fn to_hex(&self) -> String {
        hex::encode(self.to_bytes())
    }

    /// Parses the text form.
    pub fn from_hex(text: &str) -> Result<Self, TransportError> {
        let bytes = hex::decode(text.trim())
            .map_err(|_| TransportError("a public identity is 128 hexadecimal digits".into()))?;
        Self::from_bytes(&bytes)
    }

    /// Verifies an Ed25519 signature (strict: no malleable encodings,
    /// no small-order keys).
    pub fn verify(&self, message: &[u8], signature: &[u8]) -> bool {
        let Ok(key) = VerifyingKey::from_bytes(&self.ed25519) else {
            return false;
        };
        let Ok(sig) = <[u8; 64]>::try_from(signature) else {
            return false;
        };
        key.verify_strict(message, &Signature::from_bytes(&sig))
            .is_ok()
    }
}

/// Verifies an Ed25519 signature under a bare verifying key.
pub fn verify_ed25519(key: &[u8; 32], message: &[u8], signature: &[u8]) -> bool {
    let Ok(key) = VerifyingKey::from_bytes(key) else {
        return false;
    };
    let Ok(sig) = <[u8; 64]>::try_from(signature) else {
        return false;
    };
    key.verify_strict(message, &Signature::from_bytes(&sig))
        .is_ok()
}

impl fmt::Debug for PublicIdentity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PublicIdentity({})", hex::encode(&self.ed25519[..8]))
    }
}

impl fmt::Display for PublicIdentity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_hex())
    }
}
