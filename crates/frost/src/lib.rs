#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod aggregate;
#[cfg(feature = "secp256k1-tr")]
pub mod bip340;
pub mod error;
pub mod keys;
pub mod legacy;
pub mod package;
pub mod protocol;
pub mod round1;
pub mod round2;
pub mod signature;
#[cfg(feature = "secp256k1-tr")]
pub mod taproot;
pub mod tweak;

pub use aggregate::{aggregate, sign_and_aggregate, verify_signature_share};
pub use error::Error;
pub use keys::{EPOCH_ENCODING_VERSION, Epoch, KeyPackage, PublicKeyPackage};
pub use package::SigningPackage;
pub use protocol::{FrostParty, SigningConfig};
pub use round1::{SigningCommitments, SigningNonces};
pub use round2::SignatureShare;
pub use signature::{Signature, verify_batch};
pub use tessera_core::Identifier;
pub use tweak::Tweak;
