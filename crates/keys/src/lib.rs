#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod address;
pub mod dealer;
pub mod derive;
pub mod dkg;
pub mod error;
pub mod local;
pub mod native;
pub mod protocol;
pub mod reconstruct;
pub mod repair;
pub mod reshare;

pub use address::NativeAddress;
pub use derive::{Derive, ExtendedPublicKey};
pub use error::Error;
pub use native::NativeKey;
pub use tessera_core::Identifier;
