#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod account;
pub mod error;
pub mod story;

pub use account::{Account, Revoked};
pub use error::Error;
