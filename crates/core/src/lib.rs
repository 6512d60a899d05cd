#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod batch;
pub mod encoding;
pub mod error;
mod hash;
pub mod identifier;
pub mod lagrange;
mod msm;
pub mod polynomial;
pub mod secret;
pub mod shamir;
pub mod suite;
pub mod suites;
pub mod vss;

pub use encoding::Wire;
pub use error::{Error, PointError};
pub use identifier::Identifier;
pub use secret::SecretScalar;
pub use shamir::SecretShare;
pub use suite::{Point, Scalar, Suite};
pub use vss::VssCommitment;

#[doc(hidden)]
pub use serde as __serde;
