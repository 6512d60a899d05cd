#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod error;
pub mod eth;
mod hash;
pub mod local;
mod ot;
pub mod protocol;
mod rvole;
pub mod setup;
pub mod sign;
pub mod sizes;
pub mod suite;

pub use error::Error;
pub use setup::{PairSetup, PairwiseSetups, SetupMessage};
pub use sign::{Presignature, Signature, SignatureShare, SigningSession};
pub use suite::EcdsaSuite;
