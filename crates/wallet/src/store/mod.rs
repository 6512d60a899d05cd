//! The encrypted share store: the seeds' "keychain". One file per member
//! holds its [`Keychain`] (its key package, the public key package, its
//! threshold-ECDSA pairwise setups and its session key with certificate,
//! where present), encrypted under a key derived from a password.
//!
//! | step | how |
//! |------|-----|
//! | key derivation | Argon2id (RFC 9106, the `argon2` crate), parameters and a 32-byte random salt in the header; 48 bytes out: a 32-byte key and a 16-byte password check |
//! | encryption | XChaCha20-Poly1305 (the `chacha20poly1305` crate), a 24-byte random nonce, the whole header as associated data |
//! | plaintext | the [`Keychain`] in tessera's wire format (kind `0x78`) |
//! | write | atomic ([`write_atomic`]): a temporary file in the same directory, written and fsynced, renamed over the file, the directory fsynced; an interrupted write leaves the previous file as it was |
//!
//! File layout (big-endian integers), see [`mod@file`]:
//!
//! | offset | size | field |
//! |-------:|-----:|-------|
//! | 0 | 8 | magic `TSRSTORE` |
//! | 8 | 1 | format version ([`STORE_VERSION`]) |
//! | 9 | 1 | suite tag of the key |
//! | 10 | 1 | KDF (1 = Argon2id v0x13) |
//! | 11 | 4 | Argon2 memory in KiB |
//! | 15 | 4 | Argon2 passes |
//! | 19 | 4 | Argon2 lanes |
//! | 23 | 32 | salt |
//! | 55 | 24 | nonce |
//! | 79 | 16 | password check |
//! | 95 | 4 | ciphertext length (plaintext + 16-byte tag) |
//! | 99 | 16 | header checksum: SHA-256 of bytes 0..99, first 16 bytes |
//! | 115 | ... | ciphertext |
//!
//! Opening tells apart, with one typed error each: not a store
//! ([`Error::NotAStore`]), truncated ([`Error::StoreTruncated`]) or
//! extended ([`Error::StoreTrailingBytes`]), another format version
//! ([`Error::StoreVersion`]), a damaged header ([`Error::StoreHeaderCorrupted`]),
//! another suite ([`Error::StoreSuite`]), unacceptable KDF parameters
//! ([`Error::StoreKdfParams`]), a wrong password ([`Error::WrongPassword`],
//! from the password check) and a damaged or tampered ciphertext
//! ([`Error::StoreTampered`], the password check passed but the AEAD tag
//! did not). The checksum is no defence against a forger (the AEAD is):
//! it only makes a damaged header say so rather than "wrong password".
//!
//! Default parameters: [`KdfParams::OWASP`] (19 MiB, 2 passes, 1 lane),
//! the first of the OWASP Password Storage Cheat Sheet's Argon2id
//! configurations. Stronger parameters may be chosen
//! ([`KdfParams::new`]); weaker ones only through
//! `KdfParams::insecure_for_tests` (Cargo feature `insecure-test-kdf`).
//!
//! [`Error::NotAStore`]: crate::Error::NotAStore
//! [`Error::StoreTruncated`]: crate::Error::StoreTruncated
//! [`Error::StoreTrailingBytes`]: crate::Error::StoreTrailingBytes
//! [`Error::StoreVersion`]: crate::Error::StoreVersion
//! [`Error::StoreHeaderCorrupted`]: crate::Error::StoreHeaderCorrupted
//! [`Error::StoreSuite`]: crate::Error::StoreSuite
//! [`Error::StoreKdfParams`]: crate::Error::StoreKdfParams
//! [`Error::WrongPassword`]: crate::Error::WrongPassword
//! [`Error::StoreTampered`]: crate::Error::StoreTampered

mod atomic;
pub mod file;
mod kdf;
mod keychain;
mod password;

pub use atomic::write_atomic;
pub use file::{Header, STORE_VERSION, load, open, save, seal};
pub use kdf::KdfParams;
pub use keychain::{KIND_KEYCHAIN, Keychain, StoredPair};
pub use password::Password;
