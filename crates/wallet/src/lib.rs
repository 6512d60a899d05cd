#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod account;
pub mod ecdsa;
pub mod error;
pub mod multisig;
pub mod schnorr;
pub mod session;
pub mod store;
pub mod story;
pub mod taproot;
pub mod weighted;

pub use account::{Account, Revoked};
pub use error::Error;
