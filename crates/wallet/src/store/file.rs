//! The store file format: header, sealing and opening (layout in
//! [`crate::store`]).

use std::path::Path;

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;
use tessera_core::Suite;
use zeroize::Zeroizing;

use super::atomic::write_atomic;
use super::kdf::KdfParams;
use super::keychain::Keychain;
use super::password::Password;
use crate::error::Error;

/// The magic bytes every store file starts with.
pub const MAGIC: [u8; 8] = *b"TSRSTORE";
/// The store format version this build writes and reads.
pub const STORE_VERSION: u8 = 1;
/// The KDF id of Argon2id version 0x13.
pub const KDF_ARGON2ID: u8 = 1;
/// Length of the header (the AEAD's associated data).
pub const HEADER_LEN: usize = 115;
/// Length of the Poly1305 tag.
pub const TAG_LEN: usize = 16;
/// Header bytes the checksum covers.
const CHECKED_LEN: usize = 99;
/// The largest ciphertext accepted (a keychain with many pair setups is
/// about 100 KiB).
const MAX_CIPHERTEXT: usize = 16 << 20;

/// A parsed store header: what can be known about a file without the
/// password.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Header {
    /// The suite tag of the key inside.
    pub suite: u8,
    /// The Argon2id parameters.
    pub kdf: KdfParams,
    salt: [u8; 32],
    nonce: [u8; 24],
    check: [u8; 16],
    ciphertext_len: usize,
}

/// Reads a big-endian `u32` at `at` of a slice known to be long enough.
fn be32(bytes: &[u8], at: usize) -> u32 {
    let mut b = [0u8; 4];
    b.iter_mut()
        .zip(bytes.iter().skip(at))
        .for_each(|(o, i)| *o = *i);
    u32::from_be_bytes(b)
}

/// `N` bytes at `at` of a slice known to be long enough.
fn array<const N: usize>(bytes: &[u8], at: usize) -> [u8; N] {
    let mut out = [0u8; N];
    out.iter_mut()
        .zip(bytes.iter().skip(at))
        .for_each(|(o, i)| *o = *i);
    out
}

impl Header {
    /// Parses and checks the header of `file` (any suite): magic, length,
    /// version, checksum, KDF parameters. The suite is not checked here.
    pub fn parse<S: Suite>(file: &[u8]) -> Result<Self, Error<S>> {
        let magic_len = file.len().min(MAGIC.len());
        if file.get(..magic_len) != MAGIC.get(..magic_len) {
            return Err(Error::NotAStore);
        }
        if let Some(version) = file.get(MAGIC.len()) {
            if *version != STORE_VERSION {
                return Err(Error::StoreVersion {
                    found: *version,
                    expected: STORE_VERSION,
                });
            }
        }
        let header = file.get(..HEADER_LEN).ok_or(Error::StoreTruncated {
            len: file.len(),
            expected: HEADER_LEN + TAG_LEN,
        })?;
        let checksum = Sha256::digest(header.get(..CHECKED_LEN).unwrap_or_default());
        let stored = header.get(CHECKED_LEN..).unwrap_or_default();
        if !bool::from(checksum.get(..16).unwrap_or_default().ct_eq(stored)) {
            return Err(Error::StoreHeaderCorrupted);
        }
        if header.get(10) != Some(&KDF_ARGON2ID) {
            return Err(Error::StoreKdfParams(format!(
                "KDF {} is unknown; this build reads Argon2id ({KDF_ARGON2ID})",
                header.get(10).copied().unwrap_or(0)
            )));
        }
        let kdf = KdfParams::checked(be32(header, 11), be32(header, 15), be32(header, 19))?;
        let ciphertext_len = usize::try_from(be32(header, 95)).unwrap_or(usize::MAX);
        if !(TAG_LEN..=MAX_CIPHERTEXT).contains(&ciphertext_len) {
            return Err(Error::StoreKdfParams(format!(
                "the header announces {ciphertext_len} bytes of ciphertext, outside {TAG_LEN} to {MAX_CIPHERTEXT}"
            )));
        }
        let expected = HEADER_LEN + ciphertext_len;
        if file.len() < expected {
            return Err(Error::StoreTruncated {
                len: file.len(),
                expected,
            });
        }
        if file.len() > expected {
            return Err(Error::StoreTrailingBytes {
                count: file.len() - expected,
            });
        }
        Ok(Self {
            suite: header.get(9).copied().unwrap_or(0),
            kdf,
            salt: array(header, 23),
            nonce: array(header, 55),
            check: array(header, 79),
            ciphertext_len,
        })
    }

    /// The header's bytes.
    fn encode(&self) -> [u8; HEADER_LEN] {
        let mut out = [0u8; HEADER_LEN];
        let mut at = 0;
        let mut put = |bytes: &[u8]| {
            out.iter_mut()
                .skip(at)
                .zip(bytes)
                .for_each(|(o, b)| *o = *b);
            at += bytes.len();
        };
        put(&MAGIC);
        put(&[STORE_VERSION, self.suite, KDF_ARGON2ID]);
        put(&self.kdf.memory_kib().to_be_bytes());
        put(&self.kdf.passes().to_be_bytes());
        put(&self.kdf.lanes().to_be_bytes());
        put(&self.salt);
        put(&self.nonce);
        put(&self.check);
        put(&u32::try_from(self.ciphertext_len)
            .unwrap_or(u32::MAX)
            .to_be_bytes());
        let checksum = Sha256::digest(out.get(..CHECKED_LEN).unwrap_or_default());
        out.iter_mut()
            .skip(CHECKED_LEN)
            .zip(checksum.iter())
            .for_each(|(o, b)| *o = *b);
        out
    }
}

/// Splits Argon2id's output into the key and the password check.
fn split(derived: &[u8; 48]) -> (Zeroizing<[u8; 32]>, [u8; 16]) {
    (Zeroizing::new(array(derived, 0)), array(derived, 32))
}

/// Encrypts `keychain` under `password` with parameters `kdf`: the bytes of
/// a store file.
pub fn seal<S: Suite, R: rand_core::CryptoRng + ?Sized>(
    keychain: &Keychain<S>,
    password: &Password,
    kdf: KdfParams,
    rng: &mut R,
) -> Result<Vec<u8>, Error<S>> {
    let plaintext = keychain.to_bytes();
    let mut salt = [0u8; 32];
    rng.fill_bytes(&mut salt);
    let mut nonce = [0u8; 24];
    rng.fill_bytes(&mut nonce);
    let derived = kdf.derive::<S>(password.as_bytes(), &salt)?;
    let (key, check) = split(&derived);
    let header = Header {
        suite: S::ID,
        kdf,
        salt,
        nonce,
        check,
        ciphertext_len: plaintext.len() + TAG_LEN,
    }
    .encode();
    let cipher = XChaCha20Poly1305::new((&*key).into());
    let ciphertext = cipher
        .encrypt(
            &XNonce::from(nonce),
            Payload {
                msg: &plaintext,
                aad: &header,
            },
        )
        .map_err(|_| Error::StoreTampered)?;
    Ok([header.as_slice(), &ciphertext].concat())
}

/// Decrypts the store file `file` with `password`: its keychain, of suite
/// `S`. Every failure has its own error (see [`crate::store`]).
pub fn open<S: Suite>(file: &[u8], password: &Password) -> Result<Keychain<S>, Error<S>> {
    let header = Header::parse::<S>(file)?;
    if header.suite != S::ID {
        return Err(Error::StoreSuite {
            found: header.suite,
            expected: S::ID,
        });
    }
    let derived = header.kdf.derive::<S>(password.as_bytes(), &header.salt)?;
    let (key, check) = split(&derived);
    if !bool::from(check.ct_eq(&header.check)) {
        return Err(Error::WrongPassword);
    }
    let (aad, ciphertext) = file.split_at(HEADER_LEN);
    let cipher = XChaCha20Poly1305::new((&*key).into());
    let plaintext = Zeroizing::new(
        cipher
            .decrypt(
                &XNonce::from(header.nonce),
                Payload {
                    msg: ciphertext,
                    aad,
                },
            )
            .map_err(|_| Error::StoreTampered)?,
    );
    Keychain::from_bytes(&plaintext)
}

/// Seals `keychain` and writes it to `path` atomically ([`write_atomic`]).
pub fn save<S: Suite, R: rand_core::CryptoRng + ?Sized>(
    path: &Path,
    keychain: &Keychain<S>,
    password: &Password,
    kdf: KdfParams,
    rng: &mut R,
) -> Result<(), Error<S>> {
    let bytes = seal(keychain, password, kdf, rng)?;
    write_atomic(path, &bytes).map_err(|e| Error::io("write", path, &e))
}

/// Reads and opens the store file at `path`.
pub fn load<S: Suite>(path: &Path, password: &Password) -> Result<Keychain<S>, Error<S>> {
    let bytes = std::fs::read(path).map_err(|e| Error::io("read", path, &e))?;
    open(&bytes, password)
}
