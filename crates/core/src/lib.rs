#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod batch;
pub mod encoding;
pub mod error;
#[cfg(any(feature = "secp256k1", feature = "p256", feature = "secp256k1-tr"))]
pub mod hash;
pub mod identifier;
pub mod lagrange;
pub mod msm;
pub mod polynomial;
pub mod protocol;
pub mod schnorr;
pub mod secret;
pub mod shamir;
pub mod suite;
pub mod suites;
pub mod tags;
pub mod vss;

pub use encoding::Wire;
pub use error::{Error, PointError};
pub use identifier::Identifier;
pub use secret::SecretScalar;
pub use shamir::SecretShare;
pub use suite::{Point, Scalar, Suite};
pub use vss::VssCommitment;

/// The RNG traits every randomized function takes (`rand_core` 0.10): pass
/// `&mut rand::rng()` (rand 0.10) or any [`rand_core::CryptoRng`].
pub use rand_core;

#[doc(hidden)]
pub use serde as __serde;

/// Instantiates generic checks, each a `fn name<S: Suite>()`, as one
/// `#[test]` per suite: for every `name`, a module `name` with the tests
/// `ed25519`, `ristretto255`, `secp256k1`, `p256` and `secp256k1_tr`. This
/// is how tessera's own test suites run one generic body on every suite; it
/// needs all five suite features.
///
/// ```
/// fn check_generator_is_not_identity<S: tessera_core::Suite>() {
///     use group::Group;
///     assert!(!bool::from(tessera_core::Point::<S>::generator().is_identity()));
/// }
/// tessera_core::test_all_suites!(check_generator_is_not_identity);
/// # fn main() {}
/// ```
#[macro_export]
macro_rules! test_all_suites {
    ($($check:ident),+ $(,)?) => {$(
        mod $check {
            #[test]
            fn ed25519() {
                super::$check::<$crate::suites::Ed25519>()
            }
            #[test]
            fn ristretto255() {
                super::$check::<$crate::suites::Ristretto255>()
            }
            #[test]
            fn secp256k1() {
                super::$check::<$crate::suites::Secp256k1>()
            }
            #[test]
            fn p256() {
                super::$check::<$crate::suites::P256>()
            }
            #[test]
            fn secp256k1_tr() {
                super::$check::<$crate::suites::Secp256k1Tr>()
            }
        }
    )+};
}
