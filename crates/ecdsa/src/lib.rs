#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![deny(missing_docs)]

/// `serde` through the [`Wire`](tessera_core::Wire) encoding (hex in JSON),
/// as `tessera_core::serde_via_wire!` does for `S: Suite` types.
macro_rules! serde_via_wire {
    ($($ty:ident),+ $(,)?) => {$(
        impl<S: $crate::suite::EcdsaSuite> serde::Serialize for $ty<S> {
            fn serialize<Ser: serde::Serializer>(&self, ser: Ser) -> Result<Ser::Ok, Ser::Error> {
                tessera_core::encoding::serde_impl::serialize(
                    &tessera_core::encoding::Wire::<S>::to_bytes(self),
                    ser,
                )
            }
        }
        impl<'de, S: $crate::suite::EcdsaSuite> serde::Deserialize<'de> for $ty<S> {
            fn deserialize<D: serde::Deserializer<'de>>(de: D) -> Result<Self, D::Error> {
                let bytes = tessera_core::encoding::serde_impl::deserialize(de)?;
                <Self as tessera_core::encoding::Wire<S>>::from_bytes(&bytes)
                    .map_err(<D::Error as serde::de::Error>::custom)
            }
        }
    )+};
}
pub(crate) use serde_via_wire;

pub mod error;
pub mod eth;
mod hash;
pub mod local;
mod ot;
mod rvole;
pub mod setup;
pub mod sign;
pub mod sizes;
pub mod suite;

pub use error::Error;
pub use setup::{PairSetup, PairwiseSetups, SetupMessage};
pub use sign::{Presignature, Signature, SignatureShare, SigningSession};
pub use suite::EcdsaSuite;
