//! Shared plumbing of tessera's fuzz targets, so that every target is
//! written once, generically over the suite:
//!
//! - [`with_suite!`], [`with_k256_suite!`], [`with_ecdsa_suite!`]: pick a
//!   suite from a selector byte;
//! - [`wire`]: the table of every wire type (core, FROST, key lifecycle,
//!   BIP 445, threshold ECDSA) with a valid sample of each;
//! - [`hostile`]: a hostile party's message as an `arbitrary` structure
//!   (the honest message, none, edits of its encoding that keep points and
//!   scalars valid, a replay of another message, raw bytes), decoded by the
//!   receiver's strict decoder;
//! - [`cast`]: who is honest and who is not, and the honest parties' key
//!   material, made from fixed seeds (and cached between runs);
//! - [`oracle`]: what a handler's result must satisfy (an error never names
//!   an honest party);
//! - [`seed`]: the inverse of `arbitrary`'s decoding, for the committed seed
//!   corpora;
//! - `replay` (tests only): every target on every committed seed and
//!   finding, run by the workspace package `tessera-fuzz-replay`, which
//!   compiles this library as its test.

pub mod cast;
pub mod hostile;
pub mod oracle;
#[cfg(test)]
mod replay;
pub mod seed;
pub mod targets;
pub mod wire;

pub use tessera_core::Suite;
pub use tessera_core::suites::{Ed25519, P256, Ristretto255, Secp256k1, Secp256k1Tr};

/// Number of suites; the first input byte modulo this picks one.
pub const SUITES: u8 = 5;

/// The suite names in selector order (`0` Ed25519, `1` Ristretto255,
/// `2` secp256k1, `3` P-256, `4` secp256k1-tr).
pub const SUITE_NAMES: [&str; 5] = [
    "ed25519",
    "ristretto255",
    "secp256k1",
    "p256",
    "secp256k1-tr",
];

/// Calls the generic function `$f::<S>(args..)` for the suite that the
/// selector byte picks (selector modulo [`SUITES`]).
#[macro_export]
macro_rules! with_suite {
    ($selector:expr, $f:ident ( $($arg:expr),* $(,)? )) => {
        match $selector % $crate::SUITES {
            0 => $f::<$crate::Ed25519>($($arg),*),
            1 => $f::<$crate::Ristretto255>($($arg),*),
            2 => $f::<$crate::Secp256k1>($($arg),*),
            3 => $f::<$crate::P256>($($arg),*),
            _ => $f::<$crate::Secp256k1Tr>($($arg),*),
        }
    };
}

/// Calls `$f::<S>(args..)` for one of the suites BIP 445 runs on
/// (selector even: secp256k1, odd: secp256k1-tr).
#[macro_export]
macro_rules! with_k256_suite {
    ($selector:expr, $f:ident ( $($arg:expr),* $(,)? )) => {
        match $selector % 2 {
            0 => $f::<$crate::Secp256k1>($($arg),*),
            _ => $f::<$crate::Secp256k1Tr>($($arg),*),
        }
    };
}

/// Calls `$f::<S>(args..)` for one of the suites threshold ECDSA runs on
/// (selector even: secp256k1, odd: P-256).
#[macro_export]
macro_rules! with_ecdsa_suite {
    ($selector:expr, $f:ident ( $($arg:expr),* $(,)? )) => {
        match $selector % 2 {
            0 => $f::<$crate::Secp256k1>($($arg),*),
            _ => $f::<$crate::P256>($($arg),*),
        }
    };
}

/// The [`SUITE_NAMES`] selector of suite `S`.
pub fn suite_selector<S: Suite>() -> u8 {
    match S::NAME {
        "ed25519" => 0,
        "ristretto255" => 1,
        "secp256k1" => 2,
        "p256" => 3,
        _ => 4,
    }
}

/// The selector [`with_k256_suite!`] and [`with_ecdsa_suite!`] map to `S`
/// (`0` for secp256k1, `1` for the other suite).
pub fn pair_selector<S: Suite>() -> u8 {
    u8::from(S::NAME != "secp256k1")
}
